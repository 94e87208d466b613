namespace Regin.Core.Conversation;

/// <summary>One message of a contributor, as the engine sees it: whatever the channel, text or a structured value.</summary>
/// <param name="Channel">"msteams", "webchat", "sms", "test" ...: with <paramref name="UserId"/>, who the contributor is.</param>
/// <param name="Text">What they typed (null for a conversation start or a card submit without text).</param>
/// <param name="Locale">The client's locale ("el-GR"), when it sent one.</param>
/// <param name="ClientLocale">A second guess at the locale (Teams' clientInfo entity), when there is one.</param>
/// <param name="IsConversationStart">The contributor joined the conversation: greet, do not read any text.</param>
/// <param name="IsOtherContributorsConversation">The conversation was started by someone else (a copied or guessed id).</param>
/// <param name="IsGroup">A group chat or a channel, where several people share one conversation.</param>
/// <param name="Value">What a button or a card sent instead of text (ticked options, "change 7", yes).</param>
public sealed record ConversationInput(
    string Channel,
    string ConversationId,
    string UserId,
    string? Text,
    string? Locale = null,
    string? ClientLocale = null,
    int AttachmentCount = 0,
    bool IsConversationStart = false,
    bool IsGroup = false,
    bool IsOtherContributorsConversation = false,
    SubmittedValue? Value = null)
{
    /// <summary>The channel's id of the message (an activity's id), to know it again when it is edited; null where none is given.</summary>
    public string? MessageId { get; init; }

    /// <summary>
    /// The message is an edit of the earlier message <see cref="MessageId"/> (Teams' messageUpdate, "editMessage"), its text the
    /// new one: it corrects the answer that message gave while that answer is unchanged, else the contributor is told what to type.
    /// </summary>
    public bool IsEdit { get; init; }
}

/// <summary>A structured value a channel sends for a button or a form (an Adaptive Card submit, say).</summary>
public abstract record SubmittedValue;

/// <summary>The options ticked (or the one button pressed) for a choice, multi-choice or yes/no question, by code.</summary>
public sealed record AnswerSubmitted(string QuestionId, IReadOnlyList<string> Codes) : SubmittedValue;

/// <summary>A command button ("change" next to an answer of the summary): the command's id and its argument.</summary>
public sealed record CommandSubmitted(string Command, string Argument = "") : SubmittedValue;

/// <summary>The yes or no button of a confirmation.</summary>
public sealed record ConfirmationSubmitted(bool Yes) : SubmittedValue;

/// <summary>One of several candidates picked by its number ("Did you mean one of these?").</summary>
public sealed record OptionPicked(int Number) : SubmittedValue;
