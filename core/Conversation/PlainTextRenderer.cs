using System.Text;

namespace Regin.Core.Conversation;

/// <summary>
/// The engine's replies as plain text messages, for channels with no markup and no buttons (SMS, an e-mail dialogue):
/// options are numbered and answered by typing the number or the words; yes/no questions name the two words.
/// </summary>
public sealed class PlainTextRenderer
{
    public IReadOnlyList<string> Render(IEnumerable<ConversationReply> replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        return replies.Select(Render).ToList();
    }

    public string Render(ConversationReply reply) => reply switch
    {
        MessageReply message => Message(message),
        QuestionReply question => Question(question),
        ConfirmationReply confirmation => Confirmation(confirmation),
        SummaryReply summary => Summary(summary),
        // Without attachments the text goes alone; the file is offered where the channel can carry it.
        FileReply file => file.Text,
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply, "A reply this renderer does not know."),
    };

    private static string Message(MessageReply message)
    {
        var text = new StringBuilder(message.Text);
        foreach (var (suggestion, i) in message.Suggestions.Select((s, i) => (s, i)))
        {
            text.Append(i == 0 ? "\n\n" : "\n").Append(i + 1).Append(". ").Append(suggestion);
        }
        return text.ToString();
    }

    private static string Question(QuestionReply question)
    {
        var text = new StringBuilder().Append(question.ProgressText).Append("\n\n").Append(question.Label);
        if (question.Hint.Length > 0)
        {
            text.Append('\n').Append(question.Hint);
        }
        if (question.OptionalText is { } optional)
        {
            text.Append('\n').Append(optional);
        }
        if (question.Kind is AnswerKind.SingleChoice or AnswerKind.MultiChoice)
        {
            text.Append("\n\n").AppendJoin('\n', question.Choices.Select(c => $"{c.Number}. {c.Label}"));
        }
        else if (question.Kind == AnswerKind.YesNo)
        {
            text.Append("\n\n").Append(string.Join(" / ", question.Choices.Select(c => c.Label)));
        }
        return text.ToString();
    }

    private static string Confirmation(ConfirmationReply confirmation)
    {
        var text = new StringBuilder(confirmation.Text);
        if (confirmation.Options.Count > 0)
        {
            text.Append("\n\n").AppendJoin('\n', confirmation.Options.Select(o => $"{o.Number}. {o.Label}"));
        }
        text.Append("\n\n");
        return (confirmation.Options.Count > 0 ? text.Append(confirmation.NoLabel) : text.Append(confirmation.YesLabel).Append(" / ").Append(confirmation.NoLabel)).ToString();
    }

    private static string Summary(SummaryReply summary)
    {
        var text = new StringBuilder(summary.Title);
        foreach (var section in summary.Sections)
        {
            text.Append("\n\n").Append(section.Label);
            foreach (var item in section.Items)
            {
                text.Append('\n').Append(item.Number).Append(". ").Append(item.Label).Append(": ").Append(item.Value ?? summary.NotAnsweredText);
            }
        }
        if (summary.MissingText is { } missing)
        {
            text.Append("\n\n").Append(missing);
        }
        return text.ToString();
    }
}
