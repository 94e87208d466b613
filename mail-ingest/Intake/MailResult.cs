namespace Regin.MailIngest.Intake;

/// <summary>The outcomes a mail can have (printed by `ingest`, stored on the raw message).</summary>
public static class MailOutcomes
{
    public const string Created = "created";
    /// <summary>A contributor's "my data" mail, from an authenticated sender: the copy is in the outbox.</summary>
    public const string DataCopy = "data_copy";
    /// <summary>A contributor's "erase my data" mail, from an authenticated sender: erased, the confirmation in the outbox.</summary>
    public const string DataErased = "data_erased";
    /// <summary>A copy or an erasure asked by a sender nobody authenticated: nothing given, nothing changed, no reply.</summary>
    public const string DataRequestRefused = "data_request_refused";
    public const string Updated = "updated";
    public const string Submitted = "submitted";
    /// <summary>No answers found: the sender is asked for the template; nothing else happens.</summary>
    public const string NeedsInfo = "needs_info";
    /// <summary>A bounce, an auto-reply, list mail or our own reply: kept, never answered.</summary>
    public const string Ignored = "ignored";
    /// <summary>The same message (Message-ID, or the same bytes) was processed before.</summary>
    public const string Duplicate = "duplicate";
    /// <summary>The mail could not be read; the reason is recorded and the raw message kept.</summary>
    public const string Failed = "failed";
    /// <summary>
    /// A sender nobody authenticated named an existing practice (in the subject, or with a thread id we did not sign):
    /// the mail is kept for researchers with a flag on that practice, which is not changed.
    /// </summary>
    public const string UnverifiedUpdate = "unverified_update";
    /// <summary>
    /// The contributor's mail about their own practice after it was submitted (a correction, a thank-you): kept with
    /// the practice and flagged for the researchers reviewing it; the answers are not changed.
    /// </summary>
    public const string AfterSubmission = "after_submission";
    /// <summary>This attempt failed or ran out of time; the mail stays where it is and is tried again (up to a limit).</summary>
    public const string Retry = "retry";
    /// <summary>Another worker is processing this very mail now.</summary>
    public const string InProgress = "in_progress";
    /// <summary>The reply to a reminder said STOP (or its word in another language): no more reminders for that draft.</summary>
    public const string RemindersStopped = "reminders_stopped";
}

/// <summary>What became of one mail.</summary>
public sealed record MailResult
{
    public required string Outcome { get; init; }
    public string? Reference { get; init; }
    public string Detail { get; init; } = "";
    public long RawInputId { get; init; }
    /// <summary>The reply stored in the outbox for this mail (sent after the commit), if any.</summary>
    public long? ReplyId { get; init; }
    public string? Language { get; init; }
    public int Answers { get; init; }
    public int Invalid { get; init; }
    public int Missing { get; init; }

    /// <summary>A duplicate of a mail that failed before: its copy goes to Failed too.</summary>
    public bool PreviouslyFailed { get; init; }

    /// <summary>Whether the mailbox copy goes to the Failed folder rather than Processed.</summary>
    public bool IsFailure => Outcome == MailOutcomes.Failed || PreviouslyFailed;

    /// <summary>Whether the mailbox copy stays in the inbox (to be tried again, or finished by the other worker).</summary>
    public bool StaysInInbox => Outcome is MailOutcomes.Retry or MailOutcomes.InProgress;
}
