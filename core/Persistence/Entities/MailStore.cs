namespace Regin.Core.Persistence.Entities;

/// <summary>The states of a mail in the outbox.</summary>
public static class MailOutboxStates
{
    public const string Pending = "pending";
    /// <summary>Claimed by one worker, which is sending it now.</summary>
    public const string Sending = "sending";
    public const string Sent = "sent";
    /// <summary>Refused for good (5xx, an address that cannot be written), or out of attempts.</summary>
    public const string Failed = "failed";
    /// <summary>A worker claimed it and never said what happened (a crash mid-send): it may or may not have gone out.</summary>
    public const string Unknown = "unknown";
}

/// <summary>
/// A mail we send (a reply to a contributor), written in the same transaction as what it reports, then sent by SMTP
/// with retries: a row is claimed (pending → sending) by one worker, then sent, retried later, or failed.
/// </summary>
public sealed class MailOutboxMessage
{
    public long Id { get; set; }
    /// <summary>Unique: one reply per mail answered, one error reply per recipient, error and day.</summary>
    public required string DedupKey { get; set; }
    public required string Recipient { get; set; }
    public Guid? PracticeId { get; set; }
    /// <summary>The contributor's mail (raw input) this answers.</summary>
    public long? RawInputId { get; set; }
    /// <summary>Our Message-ID (without angle brackets), to thread later mail under it.</summary>
    public string? MessageId { get; set; }
    public required byte[] Content { get; set; }
    public string State { get; set; } = MailOutboxStates.Pending;
    public int Attempts { get; set; }
    /// <summary>Not sent before this time (UTC): the backoff after a failed attempt.</summary>
    public DateTime NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ClaimedAt { get; set; }
    public DateTime? SentAt { get; set; }
}

/// <summary>Where the watcher is in one IMAP folder (see mail-ingest's MailboxCursor).</summary>
public sealed class ImapCursor
{
    /// <summary>user@host/folder</summary>
    public required string Mailbox { get; set; }
    public long UidValidity { get; set; }
    public long LastUid { get; set; }
    /// <summary>The highest UID already there at the first start: ingested without replies.</summary>
    public long BacklogUid { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A job only one process may do at a time (watching one mailbox): held until it expires unless renewed.</summary>
public sealed class WorkerLease
{
    public required string Name { get; set; }
    public required string Holder { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime AcquiredAt { get; set; }
}

/// <summary>A secret the application makes for itself once (random bytes), shared by every process on the database.</summary>
public sealed class AppSecret
{
    public required string Name { get; set; }
    public required byte[] Value { get; set; }
    public DateTime CreatedAt { get; set; }
}
