using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Localisation;
using Regin.Core.Persistence.Entities;
using Regin.Core.Privacy;
using Regin.MailIngest.Intake;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// A contributor's data rights by mail, through a real mailbox (Dovecot) and a real SMTP server (smtp4dev): the subject
/// "my data" in their language gets the copy (summary + JSON attachment) only when our server authenticated the
/// sender; "erase my data" erases, the confirmation goes out, and afterwards the address is nowhere in the database file.
/// </summary>
public sealed class DataRightsMailTests(MailServers servers) : IClassFixture<MailServers>
{
    private Dictionary<string, string?> Settings(string user) => new()
    {
        ["Mail:Imap:Host"] = "127.0.0.1",
        ["Mail:Imap:Port"] = servers.ImapPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Imap:Security"] = "None",
        ["Mail:Imap:Username"] = user,
        ["Mail:Imap:Password"] = MailServers.Password,
        ["Mail:Imap:PollSeconds"] = "2",
        ["Mail:Imap:RetrySeconds"] = "1",
        ["Mail:Imap:LeaseSeconds"] = "10",
        ["Mail:MaxSecondsPerMessage"] = "60",
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = servers.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = "None",
    };

    [Theory]
    [InlineData("de", "Meine Daten", "AW: meine Daten löschen")]
    [InlineData("el", "Τα δεδομένα μου", "Διαγραφή των δεδομένων μου")]
    [InlineData("fr", "Mes données", "Effacer mes données")]
    public async Task Only_an_authenticated_sender_gets_a_copy_and_an_erasure_leaves_no_trace_of_the_address(string lang, string copySubject, string eraseSubject)
    {
        var user = servers.NewUser();
        var unique = Guid.NewGuid().ToString("N")[..8];
        var address = $"{user}.rights{unique}@example.org";
        // A name has no digits (the normaliser would refuse it).
        var name = "Nikos Rights" + new string(unique.Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());
        await using var host = await MailTestHost.CreateAsync(Settings(user), watch: true);
        await host.Host.StartAsync();
        await Eventually.UntilAsync(async () => (await host.CountAsync(db => db.ImapCursors.Count())) == 1);
        var texts = host.Services.GetRequiredService<Texts>();

        var contribution = Mail(address, $"Practice {unique}", $"[Q01] Your name\n{name}\n\n[Q05] Title of the practice\nHarbour school {unique}\n\n[Q06] Country\nGreece\n", authenticated: true);
        await servers.AppendAsync(user, contribution);
        await Eventually.UntilAsync(async () => (await RepliesAsync(contribution)).Count == 1);

        // Anyone can write any From: without our server's verdict the request gets nothing, and no reply.
        var forged = Mail(address, copySubject, "please", authenticated: false);
        await servers.AppendAsync(user, forged);
        await Eventually.UntilAsync(async () => await host.CountAsync(db => db.RawInputs.Count(r => r.Outcome == MailProcessor.RawProcessed && r.OutcomeDetail!.Contains("data_copy_refused"))) == 1);

        var asked = Mail(address, copySubject, "", authenticated: true);
        await servers.AppendAsync(user, asked);
        await Eventually.UntilAsync(async () => (await RepliesAsync(asked)).Count == 1);
        Assert.Empty(await RepliesAsync(forged));
        var copy = (await RepliesAsync(asked)).Single();
        Assert.Equal(texts.Get(RightsMessageKeys.MailCopySubject, lang), copy.Subject);
        Assert.StartsWith(texts.Get(RightsMessageKeys.MailCopy, lang, ("email", address), ("practices", 1), ("summary", "")).TrimEnd(), copy.TextBody!, StringComparison.Ordinal);
        Assert.True(copy.TextBody!.Contains(name, StringComparison.Ordinal), copy.TextBody);
        var attachment = (MimePart)copy.Attachments.Single();
        Assert.Equal("application/json", attachment.ContentType.MimeType);
        using var json = new MemoryStream();
        await attachment.Content!.DecodeToAsync(json);
        var data = JsonNode.Parse(json.ToArray())!;
        Assert.Equal(address, (string)data["email"]!);
        Assert.Equal(name, (string)data["practices"]![0]!["practice"]!["answers"]!["contact_name"]!["original"]!);

        var erase = Mail(address, eraseSubject, "", authenticated: true);
        await servers.AppendAsync(user, erase);
        await Eventually.UntilAsync(async () => (await RepliesAsync(erase)).Count == 1);
        var confirmation = (await RepliesAsync(erase)).Single();
        Assert.Equal(texts.Get(RightsMessageKeys.MailErasedSubject, lang), confirmation.Subject);
        Assert.StartsWith(texts.Get(RightsMessageKeys.MailErased, lang, ("practices", 1)), confirmation.TextBody!, StringComparison.Ordinal);
        // Once sent, the confirmation's outbox row forgets the address.
        await Eventually.UntilAsync(async () => await host.CountAsync(db => db.MailOutbox.Count(m => m.DedupKey.StartsWith(ContributorErasure.ConfirmationOutboxKeyPrefix) && m.Recipient == ContributorErasure.Marker)) == 1);
        // The contribution was written with the English labels: the practice is in English, and so is its marker.
        var marker = texts.Get(ContributorErasure.MarkerMessageKey, "en");
        Assert.Equal(1, await host.CountAsync(db => db.Practices.Count(p => p.ContributorEmail == null && p.Answers.Any(a => a.QuestionId == "contact_name" && a.Original == marker))));
        Assert.Equal(1, await host.CountAsync(db => db.PracticeEvents.Count(e => e.Kind == ContributorErasure.EventKind && e.Actor == "email:contributor")));
        await host.Host.StopAsync();

        foreach (var secret in new[] { address, name })
        {
            var needle = Encoding.UTF8.GetBytes(secret.ToLowerInvariant());
            var database = host.Database.FilePath!;
            foreach (var path in new[] { database, database + "-wal" }.Where(File.Exists))
            {
                var bytes = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(await File.ReadAllBytesAsync(path)).ToLowerInvariant());
                Assert.True(bytes.AsSpan().IndexOf(needle) < 0, $"\"{secret}\" is still in {Path.GetFileName(path)}");
            }
        }
    }

    private static MimeMessage Mail(string from, string subject, string text, bool authenticated)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = $"rights-{Guid.NewGuid():N}@example.org";
        message.Body = new TextPart("plain") { Text = text };
        return authenticated ? MailTestHost.Authenticated(message) : message;
    }

    private async Task<List<MimeMessage>> RepliesAsync(MimeMessage mail) =>
        (await servers.SentRepliesAsync()).Where(r => r.InReplyTo == mail.MessageId).ToList();

}
