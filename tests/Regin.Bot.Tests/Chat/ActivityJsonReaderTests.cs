using System.Text;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Regin.Bot.Chat.Hosting;

namespace Regin.Bot.Tests.Chat;

/// <summary>
/// POST /api/messages reads an activity with System.Text.Json (<see cref="ActivityJsonReader"/>) where it can: the activity
/// must be the one the Bot Framework's Newtonsoft reading makes of the same bytes, field by field, with channelData,
/// entities, attachments and value as the same Newtonsoft tokens; anything unusual is left to Newtonsoft whole.
/// </summary>
public sealed class ActivityJsonReaderTests
{
    private static readonly JsonSerializer BotFramework = JsonSerializer.Create(new JsonSerializerSettings(HttpHelper.BotMessageSerializerSettings) { MaxDepth = ReginBotAdapter.MaxDepth });

    /// <summary>The activity as the Bot Framework's reading makes it, or null where it refuses the body.</summary>
    private static Activity? ReadByNewtonsoft(byte[] body)
    {
        try
        {
            using var reader = new JsonTextReader(new StreamReader(new MemoryStream(body), Encoding.UTF8)) { MaxDepth = ReginBotAdapter.MaxDepth };
            return BotFramework.Deserialize<Activity>(reader);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The activity as JSON, and every value the bot reads as an object (channelData, value, entities, attachments' content) with its runtime types.</summary>
    private static string Described(Activity? activity)
    {
        if (activity is null)
        {
            return "(none)";
        }
        var text = new StringBuilder(JsonConvert.SerializeObject(activity, HttpHelper.BotMessageSerializerSettings));
        void Describe(string name, object? value)
        {
            text.Append('\n').Append(name).Append(": ");
            Walk(value);
        }
        void Walk(object? value)
        {
            switch (value)
            {
                case JObject o:
                    text.Append("JObject{");
                    foreach (var p in o.Properties())
                    {
                        text.Append(p.Name).Append('=');
                        Walk(p.Value);
                        text.Append(';');
                    }
                    text.Append('}');
                    break;
                case JArray a:
                    text.Append("JArray[");
                    foreach (var item in a)
                    {
                        Walk(item);
                        text.Append(',');
                    }
                    text.Append(']');
                    break;
                case JValue v:
                    text.Append(v.Type).Append(':').Append(v.Value?.GetType().Name).Append(':').Append(v.Value is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : v.Value);
                    break;
                default:
                    text.Append(value?.GetType().FullName ?? "null").Append(':').Append(JsonConvert.SerializeObject(value));
                    break;
            }
        }
        Describe("channelData", activity.ChannelData);
        Describe("value", activity.Value);
        foreach (var entity in activity.Entities ?? [])
        {
            Describe("entity " + entity.Type, entity.Properties);
        }
        foreach (var attachment in activity.Attachments ?? [])
        {
            Describe("attachment " + attachment.ContentType, attachment.Content);
        }
        foreach (var account in new[] { activity.From, activity.Recipient })
        {
            Describe("account", account?.Properties);
        }
        Describe("conversation", activity.Conversation?.Properties);
        Describe("activity", activity.Properties);
        text.Append("\ntimestamps: ").Append(activity.Timestamp?.ToString("O")).Append(' ').Append(activity.LocalTimestamp?.ToString("O"));
        return text.ToString();
    }

    /// <summary>Activities as the channels send them to POST /api/messages (Azure's Direct Line for Web Chat, Teams, the speed driver, the tests' own).</summary>
    public static TheoryData<string, string> RealActivities() => new()
    {
        { "the speed driver's message", """{"type":"message","id":"0f8b9e7c4c7b4f6e9d8a1b2c3d4e5f60","channelId":"webchat","serviceUrl":"https://load.invalid/","deliveryMode":"expectReplies","locale":"en-US","from":{"id":"speed-user-3","role":"user"},"recipient":{"id":"regin-bot"},"conversation":{"id":"speed-conversation-3"},"text":"Welcome Cafés for newcomers"}""" },
        { "Web Chat through Azure's Direct Line, first message", """{"type":"message","id":"8QkRsZ3Vb1f4Xy2PqLmN0a-eu|0000004","timestamp":"2026-12-06T09:12:44.4510413Z","localTimestamp":"2026-12-06T10:12:44.123+01:00","localTimezone":"Europe/Brussels","serviceUrl":"https://webchat.botframework.com/","channelId":"webchat","from":{"id":"dl_3f9c2b7a41d84e0f9a6b5c4d3e2f1a09","name":"","role":"user"},"conversation":{"id":"8QkRsZ3Vb1f4Xy2PqLmN0a-eu"},"recipient":{"id":"regin-bot@Dq3x9Lw","name":"Regin"},"textFormat":"plain","locale":"fr-FR","text":"on a commencé en mars 2019 et ça continue","entities":[{"type":"ClientCapabilities","requiresBotState":true,"supportsListening":true,"supportsTts":true}],"channelData":{"clientActivityID":"1733476364123k3j4h5g6f","clientTimestamp":"2026-12-06T09:12:44.123Z"}}""" },
        { "Web Chat, a card's button (value, no text)", """{"type":"message","id":"8QkRsZ3Vb1f4Xy2PqLmN0a-eu|0000007","timestamp":"2026-12-06T09:13:02.0000001Z","localTimestamp":"2026-12-06T04:13:02.5-05:00","localTimezone":"America/New_York","serviceUrl":"https://webchat.botframework.com/","channelId":"webchat","from":{"id":"dl_3f9c2b7a41d84e0f9a6b5c4d3e2f1a09","role":"user"},"conversation":{"id":"8QkRsZ3Vb1f4Xy2PqLmN0a-eu"},"recipient":{"id":"regin-bot@Dq3x9Lw","name":"Regin"},"locale":"el-GR","value":{"regin":"answer","question":"integration_areas","choices":"education,language","n":3,"ratio":0.5,"yes":true,"none":null,"when":"2026-12-06T09:13:02Z"},"channelData":{"clientActivityID":"17334763822k3j4h5g6f","postBack":true}}""" },
        { "Teams, personal chat", """{"text":"Landkreis Harburg","textFormat":"plain","type":"message","timestamp":"2026-12-06T09:12:44.4510413Z","localTimestamp":"2026-12-06T10:12:44.4510413+01:00","id":"1733476364451","channelId":"msteams","serviceUrl":"https://smba.trafficmanager.net/emea/","from":{"id":"29:1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqrstuvwx","name":"Jürgen Weber","aadObjectId":"6f0f7d2e-3c4b-4a59-8e7d-1c2b3a4d5e6f"},"conversation":{"conversationType":"personal","tenantId":"72f988bf-86f1-41af-91ab-2d7cd011db47","id":"a:1XyZ-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"},"recipient":{"id":"28:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0","name":"Regin"},"entities":[{"locale":"de-DE","country":"DE","platform":"Web","timezone":"Europe/Berlin","type":"clientInfo"}],"channelData":{"tenant":{"id":"72f988bf-86f1-41af-91ab-2d7cd011db47"}},"locale":"de-DE","localTimezone":"Europe/Berlin"}""" },
        { "Teams, a group chat with a mention", """{"text":"<at>Regin</at> hallo","textFormat":"plain","type":"message","timestamp":"2026-12-06T09:20:00.12Z","id":"1733476800120","channelId":"msteams","serviceUrl":"https://smba.trafficmanager.net/emea/","from":{"id":"29:1Zz","name":"Anna Schmidt","aadObjectId":"0a1b2c3d-0000-4000-8000-000000000001"},"conversation":{"isGroup":true,"conversationType":"groupChat","tenantId":"t-1","id":"19:abc@thread.v2"},"recipient":{"id":"28:regin-bot","name":"Regin"},"entities":[{"mentioned":{"id":"28:regin-bot","name":"Regin"},"text":"<at>Regin</at>","type":"mention"},{"locale":"de-DE","country":"DE","platform":"Windows","timezone":"Europe/Berlin","type":"clientInfo"}],"channelData":{"tenant":{"id":"t-1"},"source":{"name":"message"}},"locale":"de-DE","attachments":[{"contentType":"text/html","content":"<div><at>Regin</at> hallo</div>"}]}""" },
        { "Teams, the bot added to a group", """{"membersAdded":[{"id":"28:regin-bot"}],"type":"conversationUpdate","timestamp":"2026-12-06T09:00:00.5Z","id":"f:1234","channelId":"msteams","serviceUrl":"https://smba.trafficmanager.net/emea/","from":{"id":"29:adder","aadObjectId":"0a1b"},"conversation":{"isGroup":true,"conversationType":"groupChat","tenantId":"t-1","id":"19:added@thread.v2"},"recipient":{"id":"28:regin-bot","name":"Regin"},"channelData":{"tenant":{"id":"t-1"},"eventType":"teamMemberAdded"}}""" },
        { "Direct Line: the conversation's start", """{"type":"conversationUpdate","id":"c1|0000000","channelId":"directline","serviceUrl":"https://directline.botframework.com/","from":{"id":"dl_1"},"conversation":{"id":"c1"},"recipient":{"id":"regin-bot"},"membersAdded":[{"id":"regin-bot"},{"id":"dl_1","name":"Ελένη"}],"locale":"el-GR"}""" },
        { "a typing indicator", """{"type":"typing","id":"t1","channelId":"webchat","serviceUrl":"https://webchat.botframework.com/","from":{"id":"dl_1","role":"user"},"conversation":{"id":"c1"},"recipient":{"id":"regin-bot"}}""" },
        { "texts with escapes, emoji and Greek", """{"type":"message","id":"e1","channelId":"webchat","serviceUrl":"https://load.invalid/","from":{"id":"u1","name":"Ελένη \"Λ\" <b>","role":"user"},"recipient":{"id":"bot"},"conversation":{"id":"c1"},"text":"Line\n\"two\"\t\\ 😀 Κρήτη / \/","locale":"el-GR"}""" },
        { "nulls where a channel leaves a field empty", """{"type":"message","id":null,"channelId":"webchat","serviceUrl":"https://load.invalid/","from":{"id":"u1","name":null},"recipient":null,"conversation":{"id":"c1","isGroup":null},"text":"hi","entities":null,"channelData":null,"value":null,"timestamp":null}""" },
    };

    [Theory]
    [MemberData(nameof(RealActivities))]
    public void A_channels_activity_is_read_without_newtonsoft_into_the_same_activity(string kind, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        var ours = ActivityJsonReader.TryRead(body, BotFramework);

        Assert.NotNull(ours);
        Assert.Equal(Described(ReadByNewtonsoft(body)), Described(ours));
        Assert.False(string.IsNullOrEmpty(kind));
    }

    /// <summary>Bodies as an attacker or a broken client writes them: each must read as the Bot Framework reads it (or be refused alike).</summary>
    public static TheoryData<string> HostileBodies()
    {
        const string Head = """{"type":"message","channelId":"webchat","serviceUrl":"https://load.invalid/","from":{"id":"u1"},"conversation":{"id":"c1"},""";
        var data = new TheoryData<string>
        {
            Head + "\"text\":\"one\",\"text\":\"two\"}",
            Head + "\"from\":{\"id\":\"u2\",\"name\":\"second\"},\"text\":\"x\"}",
            Head + "\"Text\":\"capital\"}",
            Head + "\"TEXT\":\"capital\",\"text\":\"lower\"}",
            Head + "\"text\":\"hi\",\"somethingElse\":[1,2.5,true,null]}",
            Head + "\"text\":\"hi\",\"from2\":{}}",
            Head + "\"text\":5}",
            Head + "\"text\":12345678901234567890123}",
            Head + "\"text\":1.5e3}",
            Head + "\"text\":true}",
            Head + "\"text\":[\"a\"]}",
            Head + "\"text\":{\"a\":1}}",
            Head + "\"locale\":false,\"text\":\"x\"}",
            """{"type":"message","from":"u1","text":"x"}""",
            """{"type":"message","from":["u1"],"text":"x"}""",
            """{"type":"message","from":{"id":5,"role":true},"text":"x"}""",
            """{"type":"message","from":{"id":"u1","properties":{"a":1}},"text":"x"}""",
            """{"type":"message","from":{"id":"u1","id":"u2"},"text":"x"}""",
            """{"type":"message","conversation":{"id":"c","isGroup":"true"},"text":"x"}""",
            """{"type":"message","conversation":{"id":"c","isGroup":1},"text":"x"}""",
            """{"type":"message","conversation":{"id":"c","isGroup":"yes"},"text":"x"}""",
            Head + "\"entities\":{\"type\":\"clientInfo\"},\"text\":\"x\"}",
            Head + "\"entities\":[\"clientInfo\"],\"text\":\"x\"}",
            Head + "\"attachments\":\"none\",\"text\":\"x\"}",
            Head + "\"channelData\":\"text\",\"text\":\"x\"}",
            Head + "\"channelData\":[1,\"2026-12-06T09:12:44Z\"],\"text\":\"x\"}",
            Head + "\"value\":5}",
            Head + "\"value\":\"2026-12-06T09:12:44Z\"}",
            Head + "\"value\":\"yes\"}",
            Head + "\"value\":12345678901234567890123}",
            Head + "\"membersAdded\":{\"id\":\"x\"}}",
            Head + "\"text\":\"x\"} trailing garbage",
            Head + "\"text\":\"x\"}{\"type\":\"event\"}",
            Head + "\"text\":\"x\" /* a comment */}",
            Head + "\"text\":\"x\",}",
            Head.Replace("\"type\"", "'type'") + "\"text\":'x'}",
            Head + "text:\"unquoted\"}",
            Head + "\"text\":\"lone \\ud800 surrogate\"}",
            Head + "\"text\":\"reversed \\udc00\\ud800 pair\"}",
            Head + "\"t\\u0065xt\":\"escaped name\"}",
            Head + "\"text\":\"\\u0000 nul and \\u001b escape\"}",
            Head + "\"text\":\"bad escape \\x\"}",
            Head + "\"text\":\"unterminated}",
            Head + "\"text\":\"x\"",
            Head + "\"text\":\"" + new string('A', 200_000) + "\"}",
            Head + "\"text\":\"" + string.Concat(Enumerable.Repeat("Κρήτη 😀 ", 10_000)) + "\"}",
            Head + "\"" + new string('k', 5_000) + "\":\"long name\"}",
            Head + "\"deliveryMode\":\"expectReplies\",\"deliveryMode\":\"normal\",\"text\":\"x\"}",
            "[]",
            "null",
            "\"message\"",
            "42",
            "{}",
            "{\"type\":null}",
            " \r\n\t{\"type\":\"message\",\"text\":\"leading whitespace\"}",
            "{\"type\":\"message\",\"text\":\"x\",\"channelData\":" + new string('[', 31) + new string(']', 31) + "}",
            "{\"type\":\"message\",\"text\":\"x\",\"channelData\":" + new string('[', 40) + new string(']', 40) + "}",
            "{\"type\":\"message\",\"text\":\"x\",\"channelData\":" + new string('[', 70) + new string(']', 70) + "}",
            "{\"type\":\"message\",\"text\":\"x\",\"value\":" + string.Concat(Enumerable.Repeat("{\"a\":", 63)) + "1" + new string('}', 63) + "}",
        };
        foreach (var timestamp in Timestamps)
        {
            data.Add(Head + "\"timestamp\":\"" + timestamp + "\",\"localTimestamp\":\"" + timestamp + "\",\"text\":\"x\"}");
        }
        data.Add(Head + "\"timestamp\":1733476364,\"text\":\"x\"}");
        data.Add(Head + "\"timestamp\":\"\\/Date(1733476364000)\\/\",\"text\":\"x\"}");
        data.Add(Head + "\"expiration\":\"2026-12-06T09:12:44Z\",\"text\":\"x\"}");
        return data;
    }

    /// <summary>Timestamps as channels write them, and as they should not.</summary>
    private static readonly string[] Timestamps =
    [
        "2026-12-06T09:12:44Z", "2026-12-06T09:12:44.1Z", "2026-12-06T09:12:44.4510413Z", "2026-12-06T09:12:44.45104139Z",
        "2026-12-06T10:12:44.123+01:00", "2026-12-06T04:12:44.5-05:00", "2026-12-06T14:42:44+05:30", "2026-12-06T23:59:59.9999999+14:00",
        "2026-12-06T00:00:00-12:00", "2026-12-06T09:12:44+0100", "2026-12-06T09:12:44+01", "2026-12-06T09:12:44", "2026-12-06T09:12:44.123",
        "2026-12-06 09:12:44Z", "2026-12-06t09:12:44z", "2026-12-06T09:12Z", "2026-12-06", "2026-02-29T09:12:44Z", "2024-02-29T09:12:44Z",
        "2026-13-06T09:12:44Z", "2026-12-32T09:12:44Z", "2026-12-06T24:00:00Z", "2026-12-06T09:60:44Z", "2026-12-06T09:12:60Z",
        "0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.9999999-01:00",
        "2026-12-06T09:12:44.Z", "2026-12-06T09:12:44+15:00", "2026-12-06T09:12:44+01:60", "06/12/2026 09:12:44", "", "yesterday",
        "２０２６-12-06T09:12:44Z", "2026-12-06T09:12:44Z ",
    ];

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task A_hostile_or_unusual_body_reads_as_the_Bot_Framework_reads_it(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var expected = await OutcomeAsync(() => Task.FromResult(ReadByNewtonsoft(body)));

        // What System.Text.Json reads is what Newtonsoft reads; what it leaves, Newtonsoft reads as before (an exception
        // Newtonsoft throws past its JsonException, as for a timestamp 15 hours off UTC, is thrown alike).
        var ours = await OutcomeAsync(() => Task.FromResult(ActivityJsonReader.TryRead(body, BotFramework)));
        if (ours != Described(null))
        {
            Assert.Equal(expected, ours);
        }
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        Assert.Equal(expected, await OutcomeAsync(() => BotJson.ReadActivityAsync(context.Request)));
    }

    private static async Task<string> OutcomeAsync(Func<Task<Activity?>> read)
    {
        try
        {
            return Described(await read());
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            return "throws " + e.GetType().FullName;
        }
    }

    [Fact]
    public void What_is_unusual_is_left_to_newtonsoft()
    {
        const string Head = """{"type":"message","from":{"id":"u1"},""";
        foreach (var json in new[]
        {
            Head + "\"text\":\"one\",\"text\":\"two\"}",
            Head + "\"Text\":\"capital\"}",
            Head + "\"text\":\"hi\",\"somethingElse\":1}",
            """{"type":"message","from":{"id":"u1","extra":1},"text":"x"}""",
            Head + "\"text\":\"x\" /* a comment */}",
            Head + "\"t\\u0065xt\":\"escaped name\"}",
            Head + "\"text\":\"lone \\ud800 surrogate\"}",
            "[]",
            "{\"type\":\"message\",\"channelData\":" + new string('[', 40) + new string(']', 40) + "}",
        })
        {
            Assert.Null(ActivityJsonReader.TryRead(Encoding.UTF8.GetBytes(json), BotFramework));
        }
    }

    [Fact]
    public void A_timestamp_as_channels_write_it_is_the_value_newtonsoft_reads()
    {
        foreach (var timestamp in Timestamps)
        {
            DateTimeOffset? expected;
            try
            {
                expected = JsonConvert.DeserializeObject<DateTimeOffset?>("\"" + timestamp + "\"", HttpHelper.BotMessageSerializerSettings);
            }
            catch (Exception e) when (e is JsonException or ArgumentOutOfRangeException)
            {
                expected = null;
            }
            if (ActivityJsonReader.IsoTimestamp(Encoding.UTF8.GetBytes(timestamp)) is { } ours)
            {
                Assert.Equal(expected?.ToString("O"), ours.ToString("O"));
                Assert.Equal(expected?.Offset, ours.Offset);
            }
        }
        // The forms channels send are read here, not by Newtonsoft.
        foreach (var timestamp in new[] { "2026-12-06T09:12:44.4510413Z", "2026-12-06T10:12:44.123+01:00", "2026-12-06T04:12:44-05:00" })
        {
            Assert.NotNull(ActivityJsonReader.IsoTimestamp(Encoding.UTF8.GetBytes(timestamp)));
        }
    }
}
