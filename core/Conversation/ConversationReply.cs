namespace Regin.Core.Conversation;

/// <summary>
/// One message of the engine, as structure: every channel renders it its own way (an Adaptive Card, Markdown, plain
/// text for SMS). Texts are plain: no markup, never escaped; a renderer escapes what its format would interpret.
/// </summary>
public abstract record ConversationReply;

public enum TextStyle
{
    Normal,
    /// <summary>A heading or the term being defined (bold where the channel has it).</summary>
    Strong,
    /// <summary>Secondary: the progress line, "(not answered)" (italics or dimmed where the channel has it).</summary>
    Subtle,
}

/// <summary>One paragraph of a message.</summary>
public sealed record TextPart(string Text, TextStyle Style = TextStyle.Normal);

/// <summary>A plain message; <paramref name="Suggestions"/> are words the contributor may send back with one tap (language names).</summary>
public sealed record MessageReply(IReadOnlyList<TextPart> Parts, IReadOnlyList<string> Suggestions) : ConversationReply
{
    public MessageReply(string text) : this([new TextPart(text)], []) { }

    public string Text => string.Join("\n\n", Parts.Select(p => p.Text));
}

/// <summary>A message with a file (a contributor's copy of their data as JSON): the text, then the file to save.</summary>
public sealed record FileReply(string Text, string FileName, string ContentType, byte[] Content) : ConversationReply;

public enum AnswerKind
{
    Text,
    SingleChoice,
    MultiChoice,
    YesNo,
}

/// <summary>An option of a question: its code (what a button sends), its label and its number (what may be typed).</summary>
public sealed record ChoiceOption(string Code, string Label, int Number);

/// <summary>
/// A question: where it stands ("Question 12 of 31: Funding", <see cref="Number"/> of <see cref="Total"/>), its label and
/// hint, whether it is optional, its options, and what the button of a form sends ("Send answer").
/// </summary>
public sealed record QuestionReply(
    string QuestionId,
    int Number,
    int Total,
    string ProgressText,
    string Label,
    string Hint,
    string? OptionalText,
    AnswerKind Kind,
    IReadOnlyList<ChoiceOption> Choices,
    string SendLabel) : ConversationReply;

/// <summary>A yes/no question of the engine itself ("submit now?", "did you mean Puglia (ITF4)?").</summary>
/// <param name="Options">With several candidates: one button each (code = the candidate's index), besides yes/no.</param>
public sealed record ConfirmationReply(string Text, string YesLabel, string NoLabel, IReadOnlyList<ChoiceOption> Options) : ConversationReply
{
    public ConfirmationReply(string text, string yesLabel, string noLabel) : this(text, yesLabel, noLabel, []) { }
}

/// <summary>One answer in the summary: the question's number and label, the value as shown (null: not answered).</summary>
public sealed record SummaryItem(int Number, string QuestionId, string Label, string? Value);

public sealed record SummarySection(string Label, IReadOnlyList<SummaryItem> Items);

/// <summary>All answers by section, each with a "change" action (the command "change" with the item's number).</summary>
/// <param name="ChangeCommand">The id of the command a change button sends, with the item's number as argument.</param>
public sealed record SummaryReply(
    string Title,
    IReadOnlyList<SummarySection> Sections,
    string NotAnsweredText,
    string ChangeLabel,
    string ChangeCommand,
    string? MissingText) : ConversationReply;
