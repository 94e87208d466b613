using System.Text.RegularExpressions;
using MimeKit;

namespace Regin.MailIngest.Intake;

/// <summary>
/// Mail that must never be answered nor taken for a contribution: bounces, auto-replies, list mail and our own replies
/// coming back (Discourse, Zammad and Request Tracker learnt these the hard way).
/// </summary>
public static partial class MailClassifier
{
    public const string OwnReplyHeader = "X-Regin-Reply";

    /// <summary>The class of a mailing list's copy (List-Id, List-Unsubscribe, Precedence: list or bulk).</summary>
    public const string List = "list";

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
        if (precedence is "auto_reply" || AutoReplySubject().IsMatch(message.Subject ?? ""))
        {
            return "auto_reply";
        }
        if (message.Headers.Contains(HeaderId.ListId) || message.Headers.Contains("List-Unsubscribe") || message.Headers.Contains("List-Post")
            || precedence is "bulk" or "list" or "junk")
        {
            return List;
        }
        return null;
    }

    /// <summary>
    /// Whether a list's copy may be its author's own mail: its From is not the list's address (a rewritten From, "'Rosa
    /// Diaz' via REGIN partners" &lt;regin-partners@googlegroups.com&gt;, is the list speaking, and a reply would go to all
    /// its members) and it answers a mail about a practice of ours (a REGIN reference in its subject or an id of ours in
    /// In-Reply-To/References: a correction sent in our thread, not a newsletter). Whether From is its author is our
    /// server's to say (<see cref="SenderAuthentication"/>).
    /// </summary>
    public static bool MayBeAuthorsListCopy(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.From.Mailboxes.FirstOrDefault() is not { } from || from.Name?.Contains(" via ", StringComparison.OrdinalIgnoreCase) == true)
        {
            return false;
        }
        var post = message.Headers["List-Post"];
        if (post is not null && post.Contains("mailto:" + from.Address, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var subject = message.Subject ?? "";
        return (subject.Length <= 1000 && PracticeReference().IsMatch(subject))
            || message.References.Append(message.InReplyTo).Any(id => ThreadTokens.ClaimedReference(id) is not null);
    }

    [GeneratedRegex(@"REGIN-\d{4,9}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PracticeReference();

    /// <summary>
    /// Whether the subject is a mail server's non-delivery report's ("Undeliverable: …", "Unzustellbar: …", "Delivery Status
    /// Notification (Failure)"): Exchange, Outlook.com and Gmail send some as plain mail, with no multipart/report, no empty
    /// Return-Path and a system mailbox as From. A sign only, never a verdict alone: anyone may type such a subject, so the
    /// mail is a bounce when it holds nothing of a person's (<see cref="MailReader"/>: no answers read).
    /// </summary>
    public static bool HasBounceSubject(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var subject = message.Subject;
        return subject is { Length: > 0 and <= 1000 } && BounceSubject().IsMatch(subject);
    }

    /// <summary>
    /// Exchange's and Outlook's non-delivery subjects in the languages they are sold in (the 8 of ours and the neighbours a
    /// recipient's server may write in), and the fixed subjects of Gmail, Postfix, Exim and sendmail. The servers' own
    /// words, as "mailer-daemon" is, not ours. Only at the start: "Re: Undeliverable" is a person's answer about one.
    /// </summary>
    [GeneratedRegex(@"^\s*(?:(?:undeliverable|undelivered|unzustellbar|nicht zustellbar|non remis|non distribuable|non recapitabile|recapito non riuscito|"
        + @"no se puede entregar|imposible de entregar|no entregado|não é possível entregar|não entregue|não foi possível entregar|olevererbart|"
        + @"ej levererbart|kan inte levereras|ανεπίδοτο|δεν είναι δυνατή η παράδοση|αδυναμία παράδοσης|onbestelbaar|kan ikke leveres|niedostarczalne|"
        + @"nie można dostarczyć|nedoručitelné)\s*:|delivery status notification|mail delivery failed|undelivered mail returned to sender|"
        + @"returned mail\s*:|delivery failure|failure notice|mail delivery subsystem|message not delivered|delivery has failed)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex BounceSubject();

    /// <summary>
    /// Null when a person may be answered, else why no automatic reply goes out although the mail is read: the sender
    /// asks for none (X-Auto-Response-Suppress), the mail has looped through a robot (X-Loop), or the address takes no mail.
    /// </summary>
    public static string? ReplySuppressed(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var suppress = message.Headers["X-Auto-Response-Suppress"];
        if (suppress is not null && suppress.Split(',', StringSplitOptions.TrimEntries).Any(v => v.Equals("All", StringComparison.OrdinalIgnoreCase)
            || v.Equals("AutoReply", StringComparison.OrdinalIgnoreCase) || v.Equals("OOF", StringComparison.OrdinalIgnoreCase)))
        {
            return "auto_response_suppressed";
        }
        if (message.Headers.Contains("X-Loop"))
        {
            return "loop";
        }
        var local = (message.From.Mailboxes.FirstOrDefault()?.Address ?? "").Split('@')[0].ToLowerInvariant();
        if (local is "noreply" or "no-reply" or "no_reply" or "donotreply" or "do-not-reply" or "do_not_reply" || local.StartsWith("noreply", StringComparison.Ordinal) || local.StartsWith("no-reply", StringComparison.Ordinal))
        {
            return "noreply_sender";
        }
        return null;
    }

    /// <summary>
    /// The subject mail programs give an automatic reply in the 8 languages ("Automatische Antwort: ...", "Autosvar: ...",
    /// "Out of Office: ..."): an Outlook rule ("reply using a template") and some providers' out-of-office send it as plain
    /// mail, with no Auto-Submitted header; its subject is the only sign. These are the programs' own fixed words, as
    /// "mailer-daemon" is, not our wording. Only at the start, before a colon (after "RE:"/"AW:" prefixes).
    /// </summary>
    [GeneratedRegex(@"^\s*(?:(?:re|aw|sv|vs|r|rif|res|ref|απ|σχετ)\s*:\s*)*(?:automatic reply|auto[- ]?reply|auto[- ]?response|out of (?:the )?office|"
        + @"automatische antwort|abwesenheitsnotiz|automatische abwesenheitsnotiz|réponse automatique|absence du bureau|respuesta automática|fuera de la oficina|"
        + @"risposta automatica|fuori sede|fuori ufficio|αυτόματη απάντηση|εκτός γραφείου|resposta automática|fora do escritório|ausência temporária|"
        + @"autosvar|automatiskt svar|frånvaro(?:meddelande)?)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AutoReplySubject();
}
