namespace Regin.MailIngest.Options;

/// <summary>The project mailbox (section "Mail"): the address contributors write to and replies come from.</summary>
public sealed class MailboxOptions
{
    public const string SectionName = "Mail";

    public string Mailbox { get; set; } = "reginproject@crpm.org";

    /// <summary>Whole messages larger than this are not downloaded: Failed, with the headers kept.</summary>
    public long MaxMessageBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Whether replies are sent at all (off: drafts are made, nothing is mailed).</summary>
    public bool SendReplies { get; set; } = true;
}

/// <summary>The IMAP mailbox the watcher reads (section "Mail:Imap").</summary>
public sealed class ImapOptions
{
    public const string SectionName = "Mail:Imap";

    public string Host { get; set; } = "";
    public int Port { get; set; } = 993;
    /// <summary>None, Auto, SslOnConnect or StartTls (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "Auto";
    public string Username { get; set; } = "";
    public string Password { get; set; } = "";
    public string Inbox { get; set; } = "INBOX";
    public string ProcessedFolder { get; set; } = "Processed";
    public string FailedFolder { get; set; } = "Failed";
    /// <summary>How often to look for mail when the server has no IDLE, and the longest IDLE before it is renewed.</summary>
    public int PollSeconds { get; set; } = 30;
    /// <summary>Wait before reconnecting after a network or server error.</summary>
    public int RetrySeconds { get; set; } = 10;
    /// <summary>Answer the mail already in the mailbox at the first start (off: it is ingested without replies).</summary>
    public bool ReplyToBacklog { get; set; }
}

/// <summary>The SMTP server replies go through (section "Mail:Smtp").</summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Mail:Smtp";

    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    public string Security { get; set; } = "Auto";
    public string Username { get; set; } = "";
    public string Password { get; set; } = "";
}
