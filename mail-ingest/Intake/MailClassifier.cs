using MimeKit;

namespace Regin.MailIngest.Intake;

/// <summary>
/// Mail that must never be answered nor taken for a contribution: bounces, auto-replies, list mail and our own replies
/// coming back (Discourse, Zammad and Request Tracker learnt these the hard way).
/// </summary>
public static class MailClassifier
{
    public const string OwnReplyHeader = "X-Regin-Reply";

    /// <summary>Null for a person's mail, else why it is ignored: bounce, auto_reply, list, own_mail.</summary>
    public static string? Classify(MimeMessage message, string mailbox)
    {
        ArgumentNullException.ThrowIfNull(message);
        var from = message.From.Mailboxes.FirstOrDefault()?.Address ?? "";
        if (message.Headers.Contains(OwnReplyHeader) || (mailbox.Length > 0 && string.Equals(from, mailbox, StringComparison.OrdinalIgnoreCase)))
        {
            return "own_mail";
        }
        var returnPath = message.Headers[HeaderId.ReturnPath];
        var local = from.Split('@')[0].ToLowerInvariant();
        if (message.Body is MultipartReport || message.Body?.ContentType.IsMimeType("multipart", "report") == true
            || returnPath?.Trim() == "<>" || local is "mailer-daemon" or "postmaster" or "mail-daemon")
        {
            return "bounce";
        }
        var autoSubmitted = message.Headers["Auto-Submitted"];
        if ((autoSubmitted is not null && !autoSubmitted.Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
            || message.Headers.Contains("X-Autoreply") || message.Headers.Contains("X-Autorespond") || message.Headers.Contains("X-Autoresponder"))
        {
            return "auto_reply";
        }
        var precedence = message.Headers[HeaderId.Precedence]?.Trim().ToLowerInvariant();
        if (precedence is "auto_reply")
        {
            return "auto_reply";
        }
        if (message.Headers.Contains(HeaderId.ListId) || message.Headers.Contains("List-Unsubscribe") || message.Headers.Contains("List-Post")
            || precedence is "bulk" or "list" or "junk")
        {
            return "list";
        }
        return null;
    }

    /// <summary>
    /// The receiving server's verdict on the sender (Authentication-Results): null when DKIM/DMARC passed or no verdict
    /// was recorded, else the failing results, kept as a flag for researchers.
    /// </summary>
    public static string? AuthenticationProblem(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var failures = new List<string>();
        foreach (var header in message.Headers.Where(h => h.Field.Equals("Authentication-Results", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var part in header.Value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var result = part.Split(' ', 2)[0].ToLowerInvariant();
                var pieces = result.Split('=', 2);
                if (pieces.Length != 2)
                {
                    continue;
                }
                var (method, verdict) = (pieces[0], pieces[1]);
                if ((method is "dkim" or "dmarc" && verdict is not "pass") || (method == "spf" && verdict is "fail" or "softfail"))
                {
                    failures.Add(result);
                }
            }
        }
        return failures.Count == 0 ? null : string.Join(", ", failures.Distinct());
    }
}
