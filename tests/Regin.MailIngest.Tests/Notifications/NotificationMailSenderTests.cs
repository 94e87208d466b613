using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.Core.Review;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Notifications;
using Regin.MailIngest.Replies;

namespace Regin.MailIngest.Tests.Notifications;

/// <summary>The researchers' "request changes" by e-mail: state of the outbox rows, threading, no double sending.</summary>
public sealed class NotificationMailSenderTests
{
    /// <summary>Records what it is asked to send; fails while <see cref="Failure"/> is set.</summary>
    internal sealed class RecordingSender : IReplySender
    {
        public List<MimeMessage> Sent { get; } = [];
        public Exception? Failure { get; set; }
        public bool Permanent { get; set; }

        public Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
        {
            if (Failure is not null)
            {
                throw Failure;
            }
            Sent.Add(message);
            return Task.CompletedTask;
        }

        public bool IsPermanent(Exception error) => Permanent;
    }

    internal static MimeMessage Contribution(string from, string body)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = "Scheda";
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.it");
        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    /// <summary>A draft made by mail, and a pending notification for it as the review screens write it.</summary>
    internal static async Task<(MailResult Mail, long NotificationId)> DraftWithNotificationAsync(MailTestHost host, string from, string channel = "email")
    {
        var mail = await host.IngestAsync(Contribution(from, "Titolo della pratica: Mediatori di salute\nPaese: Italia"));
        var practice = await host.PracticeAsync(mail.Reference) ?? throw new InvalidOperationException("no draft");
        var id = await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReginDbContext>();
            var notification = new ContributorNotification
            {
                PracticeId = practice.Id,
                Kind = "changes_requested",
                Channel = channel,
                Recipient = channel == "email" ? from : "user-1",
                Language = "it",
                PracticeReference = practice.Reference,
                Message = "Manca il budget.",
                Subject = $"{practice.Reference}: il team REGIN chiede alcune modifiche",
                Text = $"Il team di REGIN ha esaminato la sua pratica {practice.Reference} e le chiede di completarla o modificarla:\n\nManca il budget.",
                CreatedAt = DateTimeOffset.UtcNow,
                CreatedBy = "researcher@regin.eu",
            };
            db.ContributorNotifications.Add(notification);
            await db.SaveChangesAsync();
            return notification.Id;
        });
        return (mail, id);
    }

    private static Task<int> SendAsync(MailTestHost host, IReplySender sender) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<NotificationMailSender>().SendPendingAsync(sender));

    private static Task<ContributorNotification> RowAsync(MailTestHost host, long id) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().ContributorNotifications.AsNoTracking().SingleAsync(n => n.Id == id));

    [Fact]
    public async Task A_pending_email_notification_is_sent_once_and_marked_sent()
    {
        await using var host = await MailTestHost.CreateAsync();
        var (_, id) = await DraftWithNotificationAsync(host, "maria@example.it");
        var sender = new RecordingSender();

        Assert.Equal(1, await SendAsync(host, sender));
        Assert.Equal(0, await SendAsync(host, sender));

        var message = Assert.Single(sender.Sent);
        var row = await RowAsync(host, id);
        Assert.Equal(ContributorNotificationStates.Sent, row.State);
        Assert.NotNull(row.SentAt);
        Assert.Equal(1, row.Attempts);
        Assert.Null(row.Error);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        Assert.Contains(row.PracticeReference, message.Subject, StringComparison.Ordinal);
        Assert.Equal("reginproject@crpm.org", message.From.Mailboxes.Single().Address);
        Assert.Equal("maria@example.it", message.To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task The_notification_is_threaded_under_our_last_reply_to_the_contributor()
    {
        await using var host = await MailTestHost.CreateAsync();
        var (mail, _) = await DraftWithNotificationAsync(host, "maria@example.it");
        var ourReply = Assert.Single(await host.OutboxAsync());
        var sender = new RecordingSender();
        await SendAsync(host, sender);

        var message = Assert.Single(sender.Sent);
        Assert.Equal(ourReply.MessageId, message.InReplyTo);
        Assert.Equal(ourReply.References.Append(ourReply.MessageId!).ToList(), message.References.ToList());
        Assert.Contains(ourReply.InReplyTo!, message.References);
        Assert.StartsWith($"regin.{mail.Reference}.", message.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_contributors_answer_to_the_notification_updates_the_same_draft()
    {
        await using var host = await MailTestHost.CreateAsync();
        var (mail, _) = await DraftWithNotificationAsync(host, "maria@example.it");
        var sender = new RecordingSender();
        await SendAsync(host, sender);
        var notification = Assert.Single(sender.Sent);

        var answer = Contribution("maria@example.it", "Budget: 12 000 EUR");
        answer.Subject = "Re: " + notification.Subject;
        answer.InReplyTo = notification.MessageId;
        answer.References.Add(notification.MessageId!);
        var result = await host.IngestAsync(answer);

        Assert.Equal(MailOutcomes.Updated, result.Outcome);
        Assert.Equal(mail.Reference, result.Reference);
    }

    [Fact]
    public async Task A_failed_send_is_counted_and_retried_until_it_is_failed()
    {
        await using var host = await MailTestHost.CreateAsync();
        var (_, id) = await DraftWithNotificationAsync(host, "maria@example.it");
        var sender = new RecordingSender { Failure = new IOException("connection refused") };

        await SendAsync(host, sender);
        var row = await RowAsync(host, id);
        Assert.Equal(ContributorNotificationStates.Pending, row.State);
        Assert.Equal(1, row.Attempts);
        Assert.Equal("connection refused", row.Error);

        for (var i = 1; i < NotificationMailSender.MaxAttempts; i++)
        {
            await SendAsync(host, sender);
        }
        row = await RowAsync(host, id);
        Assert.Equal(ContributorNotificationStates.Failed, row.State);
        Assert.Equal(NotificationMailSender.MaxAttempts, row.Attempts);
        Assert.Null(row.SentAt);

        sender.Failure = null;
        Assert.Equal(0, await SendAsync(host, sender));
        Assert.Empty(sender.Sent);
    }

    [Fact]
    public async Task A_refused_recipient_is_failed_at_once()
    {
        await using var host = await MailTestHost.CreateAsync();
        var (_, id) = await DraftWithNotificationAsync(host, "maria@example.it");
        var sender = new RecordingSender { Failure = new InvalidOperationException("550 no such user"), Permanent = true };

        await SendAsync(host, sender);

        var row = await RowAsync(host, id);
        Assert.Equal(ContributorNotificationStates.Failed, row.State);
        Assert.Equal(1, row.Attempts);
        Assert.Equal("550 no such user", row.Error);
    }

    [Fact]
    public async Task A_recovery_after_a_failure_sends_it_once()
    {
        await using var host = await MailTestHost.CreateAsync();
        var (_, id) = await DraftWithNotificationAsync(host, "maria@example.it");
        var sender = new RecordingSender { Failure = new IOException("timeout") };
        await SendAsync(host, sender);
        sender.Failure = null;

        Assert.Equal(1, await SendAsync(host, sender));
        Assert.Equal(0, await SendAsync(host, sender));

        Assert.Single(sender.Sent);
        var row = await RowAsync(host, id);
        Assert.Equal(ContributorNotificationStates.Sent, row.State);
        Assert.Equal(2, row.Attempts);
        Assert.Null(row.Error);
    }

    [Fact]
    public async Task Chat_notifications_are_left_pending_for_the_chat()
    {
        await using var host = await MailTestHost.CreateAsync();
        var (_, id) = await DraftWithNotificationAsync(host, "maria@example.it", channel: "webchat");
        var sender = new RecordingSender();

        Assert.Equal(0, await SendAsync(host, sender));

        Assert.Empty(sender.Sent);
        var row = await RowAsync(host, id);
        Assert.Equal(ContributorNotificationStates.Pending, row.State);
        Assert.Equal(0, row.Attempts);
    }
}
