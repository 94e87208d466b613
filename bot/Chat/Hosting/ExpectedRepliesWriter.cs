using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// The expectReplies answer of POST /api/messages written straight from the activities (System.Text.Json's
/// <see cref="Utf8JsonWriter"/>, the cards' JSON walked as it is): the same JSON, in the same order, as the Bot Framework's
/// Newtonsoft settings write (<see cref="BotJson.Serializer"/>), for the activities the bot sends: messages with text,
/// cards (JSON) or inline files, suggested actions and channel data. An activity with anything else set (entities, a
/// timestamp, a subclass, extension data, a value that is no JSON) is not written here: <see cref="TryWrite"/> says no
/// and the caller writes the answer with Newtonsoft as before.
/// </summary>
public static class ExpectedRepliesWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        // As Newtonsoft writes text: letters as they are, only quotes, backslashes and control characters escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>Writes <paramref name="replies"/> into <paramref name="output"/>; false (and nothing usable written) when one of them is not of the kinds above.</summary>
    public static bool TryWrite(ExpectedReplies replies, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(replies);
        ArgumentNullException.ThrowIfNull(output);
        if (replies.GetType() != typeof(ExpectedReplies))
        {
            return false;
        }
        foreach (var activity in replies.Activities ?? [])
        {
            if (!Writable(activity))
            {
                return false;
            }
        }
        using var json = new Utf8JsonWriter(output, Options);
        json.WriteStartObject();
        if (replies.Activities is { } activities)
        {
            json.WriteStartArray("activities");
            foreach (var activity in activities)
            {
                if (!TryWriteActivity(json, activity))
                {
                    return false;
                }
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.Flush();
        return true;
    }

    /// <summary>Everything this writer does not write is unset (null, or empty extension data).</summary>
    internal static bool Writable(Activity? activity) =>
        activity is not null && activity.GetType() == typeof(Activity) && Empty(activity.Properties)
        && activity.LocalTimezone is null && activity.CallerId is null
        && activity.MembersAdded is null && activity.MembersRemoved is null && activity.ReactionsAdded is null && activity.ReactionsRemoved is null
        && activity.TopicName is null && activity.HistoryDisclosed is null && activity.Speak is null && activity.Summary is null
        && activity.Entities is null or { Count: 0 } && activity.Action is null && activity.Label is null && activity.ValueType is null
        && activity.Value is null or JToken && activity.ChannelData is null or JToken && activity.Name is null && activity.RelatesTo is null
        && activity.Code is null && activity.Expiration is null && activity.Importance is null && activity.DeliveryMode is null
        && activity.ListenFor is null && activity.TextHighlights is null && activity.SemanticAction is null
        && Writable(activity.From) && Writable(activity.Recipient) && Writable(activity.Conversation)
        && (activity.Attachments ?? []).All(Writable) && Writable(activity.SuggestedActions);

    private static bool Writable(ChannelAccount? account) => account is null || (account.GetType() == typeof(ChannelAccount) && Empty(account.Properties));

    private static bool Writable(ConversationAccount? conversation) =>
        conversation is null || (conversation.GetType() == typeof(ConversationAccount) && Empty(conversation.Properties));

    private static bool Writable(Attachment? attachment) =>
        attachment is not null && attachment.GetType() == typeof(Attachment) && Empty(attachment.Properties) && attachment.Content is null or JToken or string;

    private static bool Writable(SuggestedActions? suggested) =>
        suggested is null || (suggested.GetType() == typeof(SuggestedActions) && (suggested.Actions ?? []).All(a =>
            a is not null && a.GetType() == typeof(CardAction) && a.Value is null or string && a.ChannelData is null));

    private static bool Empty(JObject? properties) => properties is null || properties.Count == 0;

    private static bool TryWriteActivity(Utf8JsonWriter json, Activity activity)
    {
        json.WriteStartObject();
        String(json, "type", activity.Type);
        String(json, "id", activity.Id);
        Time(json, "timestamp", activity.Timestamp);
        Time(json, "localTimestamp", activity.LocalTimestamp);
        String(json, "serviceUrl", activity.ServiceUrl);
        String(json, "channelId", activity.ChannelId);
        Account(json, "from", activity.From);
        if (activity.Conversation is { } conversation)
        {
            json.WriteStartObject("conversation");
            if (conversation.IsGroup is { } isGroup)
            {
                json.WriteBoolean("isGroup", isGroup);
            }
            String(json, "conversationType", conversation.ConversationType);
            String(json, "id", conversation.Id);
            String(json, "name", conversation.Name);
            String(json, "aadObjectId", conversation.AadObjectId);
            String(json, "role", conversation.Role);
            String(json, "tenantId", conversation.TenantId);
            json.WriteEndObject();
        }
        Account(json, "recipient", activity.Recipient);
        String(json, "textFormat", activity.TextFormat);
        String(json, "attachmentLayout", activity.AttachmentLayout);
        String(json, "locale", activity.Locale);
        String(json, "text", activity.Text);
        String(json, "inputHint", activity.InputHint);
        if (activity.SuggestedActions is { } suggested)
        {
            json.WriteStartObject("suggestedActions");
            if (suggested.To is { } to)
            {
                json.WriteStartArray("to");
                foreach (var id in to)
                {
                    if (id is null)
                    {
                        json.WriteNullValue();
                    }
                    else
                    {
                        json.WriteStringValue(id);
                    }
                }
                json.WriteEndArray();
            }
            if (suggested.Actions is { } actions)
            {
                json.WriteStartArray("actions");
                foreach (var action in actions)
                {
                    json.WriteStartObject();
                    String(json, "type", action.Type);
                    String(json, "title", action.Title);
                    String(json, "image", action.Image);
                    String(json, "text", action.Text);
                    String(json, "displayText", action.DisplayText);
                    String(json, "value", action.Value as string);
                    String(json, "imageAltText", action.ImageAltText);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        if (activity.Attachments is { } attachments)
        {
            json.WriteStartArray("attachments");
            foreach (var attachment in attachments)
            {
                json.WriteStartObject();
                String(json, "contentType", attachment.ContentType);
                String(json, "contentUrl", attachment.ContentUrl);
                switch (attachment.Content)
                {
                    case string text:
                        json.WriteString("content", text);
                        break;
                    case JToken content:
                        json.WritePropertyName("content");
                        if (!TryWriteToken(json, content))
                        {
                            return false;
                        }
                        break;
                }
                String(json, "name", attachment.Name);
                String(json, "thumbnailUrl", attachment.ThumbnailUrl);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        if (activity.Entities is not null)
        {
            json.WriteStartArray("entities");
            json.WriteEndArray();
        }
        if (activity.ChannelData is JToken channelData)
        {
            json.WritePropertyName("channelData");
            if (!TryWriteToken(json, channelData))
            {
                return false;
            }
        }
        String(json, "replyToId", activity.ReplyToId);
        if (activity.Value is JToken value)
        {
            json.WritePropertyName("value");
            if (!TryWriteToken(json, value))
            {
                return false;
            }
        }
        json.WriteEndObject();
        return true;
    }

    private static void Account(Utf8JsonWriter json, string name, ChannelAccount? account)
    {
        if (account is null)
        {
            return;
        }
        json.WriteStartObject(name);
        String(json, "id", account.Id);
        String(json, "name", account.Name);
        String(json, "aadObjectId", account.AadObjectId);
        String(json, "role", account.Role);
        json.WriteEndObject();
    }

    /// <summary>A time as Newtonsoft's ISO format writes a DateTimeOffset: seven digits of fraction at most, no trailing zeros, the offset.</summary>
    private static void Time(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            Span<char> text = stackalloc char[40];
            if (!time.TryFormat(text, out var length, "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFzzz", System.Globalization.CultureInfo.InvariantCulture))
            {
                throw new FormatException("A time too long to write.");
            }
            json.WriteString(name, text[..length]);
        }
    }

    /// <summary>A property with a text value; none when it is null (NullValueHandling.Ignore).</summary>
    private static void String(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>
    /// A JSON tree as Newtonsoft writes it (its nulls included), raw JSON text as it is; false for values other than text,
    /// whole numbers, true/false and null.
    /// </summary>
    private static bool TryWriteToken(Utf8JsonWriter json, JToken token)
    {
        switch (token)
        {
            case JObject obj:
                // Its properties walked as the linked list they are (no enumerator per object).
                json.WriteStartObject();
                for (var child = obj.First; child is not null; child = child.Next)
                {
                    var property = (JProperty)child;
                    json.WritePropertyName(property.Name);
                    if (!TryWriteToken(json, property.Value))
                    {
                        return false;
                    }
                }
                json.WriteEndObject();
                return true;
            case JArray array:
                json.WriteStartArray();
                for (var i = 0; i < array.Count; i++)
                {
                    if (!TryWriteToken(json, array[i]))
                    {
                        return false;
                    }
                }
                json.WriteEndArray();
                return true;
            case JRaw { Value: string raw }:
                // A card written as its text (AdaptiveCardJson), copied as Newtonsoft copies it.
                json.WriteRawValue(raw, skipInputValidation: true);
                return true;
            case JValue value:
                switch (value.Type)
                {
                    case JTokenType.String when value.Value is string text:
                        json.WriteStringValue(text);
                        return true;
                    case JTokenType.Integer when value.Value is long number:
                        json.WriteNumberValue(number);
                        return true;
                    case JTokenType.Integer when value.Value is int number:
                        json.WriteNumberValue(number);
                        return true;
                    case JTokenType.Boolean when value.Value is bool flag:
                        json.WriteBooleanValue(flag);
                        return true;
                    case JTokenType.Null:
                        json.WriteNullValue();
                        return true;
                    default:
                        return false;
                }
            default:
                return false;
        }
    }
}
