using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using Regin.Core.Conversation;

namespace Regin.Bot.Chat.Rendering;

/// <summary>
/// The engine's replies as Bot Framework activities: Adaptive Cards where the channel renders them (Teams, Web Chat,
/// Direct Line, the Emulator), Markdown with suggested actions elsewhere. Every question carries
/// channelData {"questionId", "progress": {"current", "total"}}.
/// </summary>
public static class ActivityRenderer
{
    private static readonly HashSet<string> CardChannels = new(StringComparer.OrdinalIgnoreCase) { "msteams", "webchat", "directline", "emulator" };

    public static bool RendersCards(string? channelId) => channelId is not null && CardChannels.Contains(channelId);

    public static Activity Render(ConversationReply reply, string? channelId, string userId)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var cards = RendersCards(channelId);
        var activity = reply switch
        {
            MessageReply message => Markdown(MessageText(message), message.Suggestions, userId),
            QuestionReply question when cards => Card(AdaptiveCardJson.Question(question)),
            QuestionReply question => Markdown(QuestionText(question), question.Choices.Select(c => c.Label).ToList(), userId),
            ConfirmationReply confirmation when cards => Card(AdaptiveCardJson.Confirmation(confirmation)),
            ConfirmationReply confirmation => Markdown(ConfirmationText(confirmation),
                confirmation.Options.Count > 0 ? [.. confirmation.Options.Select(o => o.Label), confirmation.NoLabel] : [confirmation.YesLabel, confirmation.NoLabel], userId),
            SummaryReply summary when cards => Card(AdaptiveCardJson.Summary(summary)),
            SummaryReply summary => Markdown(SummaryText(summary), [], userId),
            FileReply file => File(file),
            _ => throw new ArgumentOutOfRangeException(nameof(reply), reply, "A reply this renderer does not know."),
        };
        if (reply is QuestionReply asked)
        {
            activity.ChannelData = new JObject
            {
                ["questionId"] = asked.QuestionId,
                ["progress"] = new JObject { ["current"] = asked.Number, ["total"] = asked.Total },
            };
        }
        return activity;
    }

    private static Activity Card(JToken card)
    {
        var activity = (Activity)MessageFactory.Attachment(new Attachment(AdaptiveCardJson.ContentType, content: card));
        activity.Text = null;
        return activity;
    }

    /// <summary>The text as plain text, the file as an attachment carried inline (a data: URL), so no link to a stored copy is needed.</summary>
    private static Activity File(FileReply file)
    {
        var activity = MessageFactory.Text(file.Text);
        activity.TextFormat = TextFormatTypes.Plain;
        activity.Attachments = [new Attachment(file.ContentType, $"data:{file.ContentType};base64,{Convert.ToBase64String(file.Content)}", name: file.FileName)];
        return activity;
    }

    private static Activity Markdown(string text, IReadOnlyList<string> suggestions, string userId)
    {
        var activity = MessageFactory.Text(text);
        activity.TextFormat = TextFormatTypes.Markdown;
        if (suggestions.Count > 0)
        {
            activity.SuggestedActions = new SuggestedActions
            {
                To = [userId],
                Actions = suggestions.Select(s => new CardAction(ActionTypes.ImBack, title: s, value: s)).ToList(),
            };
        }
        return activity;
    }

    private static string MessageText(MessageReply message) => string.Join("\n\n", message.Parts.Select(Part));

    private static string QuestionText(QuestionReply question)
    {
        var parts = new List<string> { $"_{Escape(question.ProgressText)}_", $"**{Escape(question.Label)}**", Escape(question.Hint) };
        if (question.OptionalText is { } optional)
        {
            parts.Add(Escape(optional));
        }
        if (question.Kind is AnswerKind.SingleChoice or AnswerKind.MultiChoice)
        {
            parts.Add(string.Join("\n", question.Choices.Select(c => $"{c.Number}. {Escape(c.Label)}")));
        }
        return string.Join("\n\n", parts);
    }

    private static string ConfirmationText(ConfirmationReply confirmation) =>
        confirmation.Options.Count == 0 ? Escape(confirmation.Text)
            : Escape(confirmation.Text) + "\n\n" + string.Join("\n", confirmation.Options.Select(o => $"{o.Number}. {Escape(o.Label)}"));

    private static string SummaryText(SummaryReply summary)
    {
        var lines = summary.Sections.Select(section => $"**{Escape(section.Label)}**\n" + string.Join("\n", section.Items.Select(item =>
            $"{item.Number}. **{Escape(item.Label)}**: " + (item.Value is { } value ? Escape(value) : $"_{Escape(summary.NotAnsweredText)}_"))));
        var text = Escape(summary.Title) + "\n\n" + string.Join("\n\n", lines);
        return summary.MissingText is { } missing ? text + "\n\n" + Escape(missing) : text;
    }

    private static string Part(TextPart part) => part.Style switch
    {
        TextStyle.Strong => $"**{Escape(part.Text)}**",
        TextStyle.Subtle => $"_{Escape(part.Text)}_",
        _ => Escape(part.Text),
    };

    private static string Escape(string text) => MarkdownText.Escape(text);
}
