using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Regin.Core.Diagnostics;
using Regin.Core.Persistence.Entities;
using Regin.Core.Persistence;
using Regin.Core.Review;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Options;
using Regin.MailIngest.Replies;

namespace Regin.MailIngest.Notifications;

/// <summary>
/// Delivers the researchers' messages to e-mail contributors (the <c>email</c> rows of contributor_notifications,
/// written by the review screens' "request changes"): from the project mailbox, threaded under the contributor's last
/// mail and our reply to it, with the practice's reference in the subject so the answer updates the same draft.
/// Each row is claimed before it is sent (its attempt counted in a conditional update, so two workers never send the
/// same one) and marked sent or failed after; a transient failure leaves it pending for the next round, until
/// <see cref="MaxAttempts"/>. Chat rows are left to the chat.
/// </summary>
public sealed class NotificationMailSender(ReginDbContext db, ThreadTokens tokens, IOptions<Regin.Core.Hosting.ProjectMailboxOptions> mailbox, TimeProvider clock, ReginTelemetry telemetry,
    Regin.Core.Localisation.Texts texts, IOptions<Regin.Core.Privacy.PrivacyOptions> privacy, ILogger<NotificationMailSender> logger)
{
    /// <summary>After this many failed attempts a notification is <c>failed</c> and no longer tried.</summary>
    public const int MaxAttempts = 5;
    private const string Kind = "notification";

    /// <summary>Sends every pending e-mail notification once; returns how many went out.</summary>
    public async Task<int> SendPendingAsync(IReplySender sender, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        var pending = await db.ContributorNotifications.AsNoTracking()
            .Where(n => n.Channel == Channels.Email && n.State == ContributorNotificationStates.Pending)
            .OrderBy(n => n.Id)
            .Select(n => n.Id)
            .ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var id in pending)
        {
            if (await SendOneAsync(sender, id, cancellationToken))
            {
                sent++;
            }
        }
        return sent;
    }

    /// <summary>The e-mail notifications still waiting (after failed attempts, or without an SMTP server).</summary>
    public Task<int> CountPendingAsync(CancellationToken cancellationToken = default) =>
        db.ContributorNotifications.CountAsync(n => n.Channel == Channels.Email && n.State == ContributorNotificationStates.Pending, cancellationToken);

    private async Task<bool> SendOneAsync(IReplySender sender, long id, CancellationToken cancellationToken)
    {
        var notification = await NotificationOutbox.ClaimAsync(db, id, cancellationToken);
        if (notification is null)
        {
            return false;
        }
        MimeMessage message;
        try
        {
            message = await ComposeAsync(notification, cancellationToken);
        }
        catch (Exception e) when (e is ParseException or FormatException or ArgumentException)
        {
            await NotificationOutbox.MarkFailedAsync(db, id, "unsendable: " + e.Message, final: true);
            telemetry.MessageSent(Kind, Channels.Email, "failed");
            logger.LogWarning(e, "Notification {Id} to {Recipient} cannot be written as a mail", id, PersonalData.Masked(notification.Recipient));
            return false;
        }
        catch (OperationCanceledException)
        {
            await NotificationOutbox.ReleaseAsync(db, id);
            throw;
        }
        try
        {
            await sender.SendAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var final = sender.IsPermanent(e) || notification.Attempts >= MaxAttempts;
            await NotificationOutbox.MarkFailedAsync(db, id, e.Message, final);
            telemetry.MessageSent(Kind, Channels.Email, final ? "failed" : "retry");
            logger.LogWarning(e, "Notification {Id} to {Recipient} not sent (attempt {Attempt}, final: {Final})", id, PersonalData.Masked(notification.Recipient), notification.Attempts, final);
            return false;
        }
        await NotificationOutbox.MarkSentAsync(db, id, clock.GetUtcNow());
        telemetry.MessageSent(Kind, Channels.Email, "sent");
        logger.LogInformation("Notification {Id} ({Kind}) for {Reference} sent to {Recipient}", id, notification.Kind, notification.PracticeReference, PersonalData.Masked(notification.Recipient));
        return true;
    }

    /// <summary>The mail for one notification: its subject and text (already in the contributor's language), threaded.</summary>
    public async Task<MimeMessage> ComposeAsync(ContributorNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("REGIN", mailbox.Value.Mailbox));
        message.To.Add(MailboxAddress.Parse(notification.Recipient));
        var subject = notification.Subject.Length > 0 ? notification.Subject : notification.PracticeReference;
        message.Subject = subject.Contains(notification.PracticeReference, StringComparison.OrdinalIgnoreCase)
            ? subject
            : $"{subject} [{notification.PracticeReference}]";
        var domain = mailbox.Value.Domain;
        // Our Message-IDs name the reference, signed: an answer in this thread goes to the same draft (MailProcessor).
        message.MessageId = ThreadTokens.NewMessageId(await tokens.KeyAsync(db, cancellationToken), notification.PracticeReference, domain, $"n{notification.Id}");
        var thread = await ThreadAsync(notification, cancellationToken);
        if (thread.Count > 0)
        {
            message.InReplyTo = thread[^1];
            foreach (var reference in thread)
            {
                message.References.Add(reference);
            }
        }
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Auto-Response-Suppress", "All");
        message.Headers.Add(MailClassifier.OwnReplyHeader, notification.PracticeReference);
        // Signed and closed as our replies to a contributor's mail are: the project's signature and the privacy notice's
        // line in the contributor's language (session 44: the request for changes had neither).
        var text = (notification.Text.Length > 0 ? notification.Text : notification.Message).TrimEnd()
            + "\n\n-- \n" + texts.Get("mail.reply_signature", notification.Language)
            + "\n" + texts.Get("mail.privacy_notice", notification.Language, ("privacy_url", privacy.Value.NoticeUrlIn(notification.Language))) + "\n";
        var body = new TextPart("plain") { Text = text };
        body.Headers.Add(HeaderId.ContentLanguage, notification.Language);
        message.Body = body;
        return message;
    }

    /// <summary>
    /// The Message-IDs to answer under: the References of our last reply to this contributor on this practice and that
    /// reply itself; without one, the contributor's last mail on it; none when neither is known.
    /// </summary>
    private async Task<List<string>> ThreadAsync(ContributorNotification notification, CancellationToken cancellationToken)
    {
        var recipient = notification.Recipient.Trim().ToLowerInvariant();
        var ourReply = await db.MailOutbox.AsNoTracking()
            .Where(r => r.PracticeId == notification.PracticeId && r.Recipient == recipient)
            .OrderByDescending(r => r.Id)
            .Select(r => r.Content)
            .FirstOrDefaultAsync(cancellationToken);
        if (ourReply is not null && await HeadersAsync(ourReply, cancellationToken) is { } replyHeaders && replyHeaders.MessageId is { } replyId)
        {
            return ReplyComposer.ThreadReferences(replyHeaders.References, replyId);
        }
        var theirMail = await db.RawInputs.AsNoTracking()
            .Where(r => r.Channel == MailProcessor.Channel && r.PracticeId == notification.PracticeId && r.ConversationId == recipient)
            .OrderByDescending(r => r.Id)
            .Select(r => r.Content)
            .FirstOrDefaultAsync(cancellationToken);
        if (theirMail is not null && await HeadersAsync(theirMail, cancellationToken) is { } mailHeaders && mailHeaders.MessageId is { } mailId)
        {
            return ReplyComposer.ThreadReferences(mailHeaders.References, mailId);
        }
        return [];
    }

    private static async Task<(string? MessageId, IReadOnlyList<string> References)?> HeadersAsync(byte[] raw, CancellationToken cancellationToken)
    {
        try
        {
            var headers = await HeaderList.LoadAsync(new MemoryStream(raw, writable: false), cancellationToken);
            var messageId = headers[HeaderId.MessageId] is { } id ? MimeKit.Utils.MimeUtils.ParseMessageId(id) : null;
            var references = headers[HeaderId.References] is { } refs ? MimeKit.Utils.MimeUtils.EnumerateReferences(refs).ToList() : [];
            return string.IsNullOrWhiteSpace(messageId) ? null : (messageId, references);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
