namespace Regin.Core.Review;

/// <summary>
/// A message for a contributor waiting to be delivered on their channel (an outbox row): a reply e-mail, or a proactive
/// message in the chat conversation. The channels' workers deliver it and set <see cref="SentAt"/>.
/// </summary>
public sealed class ContributorNotification
{
    public long Id { get; set; }
    public Guid PracticeId { get; set; }
    /// <summary>changes_requested, ...</summary>
    public required string Kind { get; set; }
    /// <summary>The channel it must go to: "email", or a chat channel ("msteams", "webchat", ...).</summary>
    public required string Channel { get; set; }
    /// <summary>The e-mail address, or the chat user id on that channel.</summary>
    public required string Recipient { get; set; }
    /// <summary>The chat conversation to continue, when known.</summary>
    public string? ConversationId { get; set; }
    /// <summary>The contributor's language (the practice's): the channel frames the message in it.</summary>
    public required string Language { get; set; }
    public required string PracticeReference { get; set; }
    /// <summary>The researcher's words, as written.</summary>
    public required string Message { get; set; }
    /// <summary>The subject of the reply e-mail, in <see cref="Language"/> (messages.review.changes_requested_subject).</summary>
    public string Subject { get; set; } = "";
    /// <summary>What the contributor receives: the researcher's words framed in <see cref="Language"/> (messages.review.changes_requested).</summary>
    public string Text { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    /// <summary>pending, sending (claimed by a channel worker), sent, failed.</summary>
    public string State { get; set; } = ContributorNotificationStates.Pending;
    public DateTimeOffset? SentAt { get; set; }
    public string? Error { get; set; }
    public int Attempts { get; set; }
}

/// <summary>The questionnaire messages the review uses (texts in the locale files).</summary>
public static class ReviewMessageKeys
{
    public const string ChangesRequestedSubject = "review.changes_requested_subject";
    public const string ChangesRequested = "review.changes_requested";

    /// <summary>To the old contact address when a researcher accepts a new one (session 50).</summary>
    public const string ContactChangeSubject = "review.contact_change_subject";
    public const string ContactChangePending = "review.contact_change_pending";

    public static IReadOnlyList<string> All { get; } = [ChangesRequestedSubject, ChangesRequested, ContactChangeSubject, ContactChangePending];
}

public static class ContributorNotificationStates
{
    public const string Pending = "pending";
    /// <summary>Claimed by a channel worker (set only where the row is still pending), so no message goes out twice.</summary>
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
}
