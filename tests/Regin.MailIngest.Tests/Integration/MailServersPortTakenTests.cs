using MailKit.Net.Smtp;
using MimeKit;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// <see cref="MailServers"/>' start retries, forced: every port the harness probes first (Dovecot's IMAP port,
/// smtp4dev's SMTP and web ports) is taken by another listener before the server binds it, as another test process's
/// server could take it. Dovecot exits saying so, smtp4dev says so and runs on without its SMTP server; both must be
/// started again on other ports and serve there. A pair of servers of its own, not the run's.
/// </summary>
public sealed class MailServersPortTakenTests
{
    [Fact]
    public async Task Servers_whose_probed_ports_were_taken_before_they_could_listen_start_on_other_ports_and_serve_there()
    {
        using var ports = new PortsTakenAfterTheProbe(taken: 3);
        var servers = await MailServers.StartOwnAsync(ports.Next);
        try
        {
            // The three taken ports were handed out first; each server was started again once, on new ports.
            Assert.Equal(ports.Taken, ports.HandedOut.Take(3));
            Assert.Equal(6, ports.HandedOut.Count);
            Assert.Equal(ports.HandedOut.Skip(3), [servers.ImapPort, servers.SmtpPort, servers.Smtp4devWebPort]);

            // Dovecot serves on its new port: a mail delivered there is in the mailbox.
            var user = servers.NewUser();
            var note = new MimeMessage { Subject = "Re: REGIN questionario", Body = new TextPart("plain") { Text = "ok grazie, ci sentiamo lunedi" } };
            note.From.Add(MailboxAddress.Parse("giulia.r@comune.example.it"));
            note.To.Add(MailboxAddress.Parse("regin@lab.example.org"));
            await servers.AppendAsync(user, note);
            using (var imap = await servers.ConnectAsync(user))
            {
                await imap.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
                Assert.Equal(1, imap.Inbox.Count);
                await imap.DisconnectAsync(true);
            }

            // smtp4dev takes mail on its new SMTP port and shows it on its new web port.
            var reply = new MimeMessage { Subject = "REGIN: received " + user, Body = new TextPart("plain") { Text = "Grazie" } };
            reply.From.Add(MailboxAddress.Parse("regin@lab.example.org"));
            reply.To.Add(MailboxAddress.Parse("giulia.r@comune.example.it"));
            using (var smtp = new SmtpClient())
            {
                await smtp.ConnectAsync("127.0.0.1", servers.SmtpPort, MailKit.Security.SecureSocketOptions.None);
                await smtp.SendAsync(reply);
                await smtp.DisconnectAsync(true);
            }
            await Eventually.UntilAsync(async () => (await servers.SentRepliesAsync()).Any(m => m.Subject == reply.Subject));
        }
        finally
        {
            servers.Stop();
        }
    }
}
