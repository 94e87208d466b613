using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.MailIngest.Tests.Security;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Mail as real mail programs send it (the hostile corpus's real-sender fixtures: Thunderbird's and Apple Mail's
/// format=flowed, Outlook's quoted-printable and its unmarked quote of our template in plain text and HTML, Gmail's
/// answers under the quoted hints, a phone's last line, UTF-7; a flowed .txt attachment, answers under our hints wrapped or
/// flowed in French, German, Greek and Swedish, Apple Mail's text split around a picture) delivered to a real Dovecot mailbox, read by the watcher
/// on a real SQLite file and answered through a real SMTP server (smtp4dev): each is moved to Processed, its answers
/// stored and one reply sent to its sender, threaded under it.
/// </summary>
[Collection(MailServersCollection.Name)]
public sealed class RealSenderMailTests(MailServers servers)
{
    private static readonly string[] Fixtures =
    [
        "h105-thunderbird-format-flowed.eml", "h106-apple-mail-flowed-delsp.eml", "h107-outlook-quoted-printable-soft-break.eml",
        "h114-sent-from-my-iphone-after-the-last-answer.eml", "h122-outlook-answers-typed-into-the-quoted-template.eml",
        "h123-outlook-answers-typed-into-the-quoted-template-de.eml", "h124-gmail-answers-typed-under-the-quoted-hints.eml",
        "h125-outlook-html-answers-typed-into-the-quoted-template.eml", "h126-utf-7-body.eml",
        "h131-thunderbird-flowed-txt-attachment.eml", "h133-gmail-fr-answers-under-wrapped-hints.eml", "h134-thunderbird-de-flowed-answers-under-hints.eml",
        "h135-outlook-el-answers-under-wrapped-hints.eml", "h136-apple-mail-sv-answers-under-hints.eml", "h146-apple-mail-text-split-by-inline-picture.eml",
    ];

    [Fact]
    public async Task Real_senders_mail_through_Dovecot_is_read_stored_and_answered_once()
    {
        var user = servers.NewUser();
        await using var host = await MailTestHost.CreateAsync(new Dictionary<string, string?>
        {
            ["Mail:Imap:Host"] = "127.0.0.1",
            ["Mail:Imap:Port"] = servers.ImapPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Imap:Security"] = "None",
            ["Mail:Imap:Username"] = user,
            ["Mail:Imap:Password"] = MailServers.Password,
            ["Mail:Imap:PollSeconds"] = "5",
            ["Mail:Imap:RetrySeconds"] = "1",
            ["Mail:Smtp:Host"] = "127.0.0.1",
            ["Mail:Smtp:Port"] = servers.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Smtp:Security"] = "None",
        }, watch: true);
        await host.Host.StartAsync();
        await Eventually.UntilAsync(async () => (await host.CountAsync(db => db.ImapCursors.Count())) == 1);

        var mails = Fixtures.Select(f => MimeMessage.Load(Path.Combine(HostileCorpusTests.Folder, f))).ToList();
        foreach (var mail in mails)
        {
            // Each run its own Message-IDs: smtp4dev keeps the replies of earlier runs.
            mail.MessageId = $"{user}.{mail.MessageId}";
        }
        await servers.AppendAsync(user, mails);
        await Eventually.UntilAsync(async () => await host.CountAsync(db => db.RawInputs.Count(r => r.Outcome != "received" && r.Outcome != "processing" && r.Channel == Regin.MailIngest.Intake.MailProcessor.Channel)) == mails.Count);
        await Eventually.UntilAsync(async () => (await servers.SentRepliesAsync()).Count(r => mails.Any(m => m.MessageId == r.InReplyTo)) >= mails.Count);
        await host.Host.StopAsync();

        var replies = (await servers.SentRepliesAsync()).Where(r => mails.Any(m => m.MessageId == r.InReplyTo)).ToList();
        for (var i = 0; i < Fixtures.Length; i++)
        {
            var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(HostileCorpusTests.Folder, Path.ChangeExtension(Fixtures[i], ".expected.json"))))!;
            var id = mails[i].MessageId!;
            var raw = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().SingleAsync(r => r.DedupKey.Contains(id)));
            Assert.True(raw.PracticeId is not null, $"{Fixtures[i]}: {raw.Outcome} {raw.OutcomeDetail}");
            var answers = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().Answers.AsNoTracking().Where(a => a.PracticeId == raw.PracticeId).ToListAsync());
            foreach (var (question, value) in expected["answers"]!.AsObject())
            {
                var stored = answers.FirstOrDefault(a => a.QuestionId == question);
                Assert.True(stored is not null && JsonNode.DeepEquals(value, JsonNode.Parse(stored.ValueJson!)), $"{Fixtures[i]}: {question} is {stored?.ValueJson}, expected {value!.ToJsonString()}");
            }
            var reply = Assert.Single(replies, r => r.InReplyTo == mails[i].MessageId);
            Assert.Equal(mails[i].From.Mailboxes.Single().Address, reply.To.Mailboxes.Single().Address);
        }
    }
}
