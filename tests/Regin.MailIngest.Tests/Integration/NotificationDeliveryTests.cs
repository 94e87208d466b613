using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Regin.MailIngest.Commands;
using Regin.MailIngest.Tests.Notifications;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>The researchers' "request changes" delivered through a real SMTP server (smtp4dev).</summary>
public sealed class NotificationDeliveryTests(MailServers servers) : IClassFixture<MailServers>
{
    [Fact]
    public async Task Send_notifications_delivers_the_request_in_the_contributors_language_threaded_under_our_reply()
    {
        var address = $"maria.{Guid.NewGuid():N}@example.it";
        await using var host = await MailTestHost.CreateAsync(new()
        {
            ["Mail:Smtp:Host"] = "127.0.0.1",
            ["Mail:Smtp:Port"] = servers.SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["Mail:Smtp:Security"] = "None",
        });
        var (mail, _) = await NotificationMailSenderTests.DraftWithNotificationAsync(host, address);
        var ourReply = Assert.Single(await host.OutboxAsync());
        var output = new StringWriter();

        Assert.Equal(0, await SendNotificationsCommand.RunAsync(host.Services, output));
        Assert.Equal(0, await SendNotificationsCommand.RunAsync(host.Services, new StringWriter()));

        Assert.StartsWith("1 notifications sent, 0 still pending.", output.ToString(), StringComparison.Ordinal);
        var received = (await servers.SentRepliesAsync()).Where(m => m.To.Mailboxes.Any(a => a.Address == address)).ToList();
        var message = Assert.Single(received);
        Assert.Equal($"{mail.Reference}: il team REGIN chiede alcune modifiche", message.Subject);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        Assert.Equal("reginproject@crpm.org", message.From.Mailboxes.Single().Address);
        Assert.Equal(ourReply.MessageId, message.InReplyTo);
        Assert.Contains(ourReply.MessageId, message.References);
        Assert.Equal("it", message.TextBody is null ? null : message.BodyParts.OfType<MimeKit.TextPart>().Single().Headers[MimeKit.HeaderId.ContentLanguage]);
        Assert.Contains("Il team di REGIN ha esaminato la sua pratica", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Manca il budget.", message.TextBody, StringComparison.Ordinal);
    }
}
