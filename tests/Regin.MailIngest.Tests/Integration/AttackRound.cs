using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.MailIngest.Tests.Security;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// One attacker round through a real Dovecot and smtp4dev beside Alice's draft, read by the watcher (the rounds of
/// sessions 43 and 44 share it): every attack mail appended at once, then each one's raw row, outcome and detail, Alice's
/// draft unchanged, and its replies (one well-formed reply in the expected language at the From address alone, or none).
/// </summary>
internal static class AttackRound
{
    /// <summary>One attack: its mail (built once Alice's reply and Message-ID are known), the outcome and reply expected.</summary>
    public sealed record Attack(string Name, Func<Context, MimeMessage> Mail, string Outcome, string? ReplyLanguage, string[]? ReplyOmits = null, string? Detail = null);

    /// <summary>What an attack mail may refer to: the mailbox's user, our reply to Alice, and Alice's Message-ID.</summary>
    public sealed record Context(string User, string OurReplyToAlice, string AliceMessageId);

    /// <summary>An attack mail as the rounds since 47b write it: plain text (quoted-printable) to our mailbox, its Message-ID
    /// unique to the round's user, marked <c>X-Attack: name</c> (how its raw row is found), in the thread of
    /// <paramref name="inReplyTo"/> when given, with our server's pass for its From when <paramref name="authenticated"/>.</summary>
    public static MimeMessage Mail(Context context, string name, MailboxAddress from, string text, string? inReplyTo, bool authenticated = false, string subject = "Re: REGIN-0001")
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = $"{context.User}.{name}@mx.attacker.example";
        message.Headers.Add("X-Attack", name);
        message.Body = new TextPart("plain") { Text = text, ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo;
            message.References.Add(inReplyTo);
        }
        return authenticated ? MailTestHost.Authenticated(message) : message;
    }

    /// <summary>
    /// After a round (rounds 53 and 54): none of her reminders stopped, no mail to an address written in an answer or a
    /// display name (<c>@mallory-mail</c>) nor to our own, her address identifies her practice only, and none of her
    /// answers is one of <paramref name="theirs"/>. Returns every answer's text as typed (the strangers' own drafts too).
    /// </summary>
    public static async Task<List<string>> AssertNothingOfHersChangedAsync(MailTestHost host, Func<string, bool> theirs)
    {
        ArgumentNullException.ThrowIfNull(host);
        var alice = (await host.PracticeAsync("REGIN-0001"))!;
        Assert.Equal(0, await host.CountAsync(db => db.Set<Regin.Core.Reminders.DraftReminder>().Count(r => r.PracticeId == alice.Id && r.StoppedAt != null)));
        var outbox = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().MailOutbox.AsNoTracking().ToListAsync());
        Assert.DoesNotContain(outbox, m => m.Recipient.Contains("@mallory-mail", StringComparison.Ordinal) || m.Recipient.EndsWith("@crpm.org", StringComparison.OrdinalIgnoreCase));
        Assert.Equal([alice.Id], await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().ContributorIdentities.AsNoTracking()
            .Where(i => i.ExternalId == "alice@example.org").Select(i => i.PracticeId).Distinct().ToListAsync()));
        var answers = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().Answers.AsNoTracking().Where(a => a.PracticeId == alice.Id).Select(a => a.Original).ToListAsync());
        Assert.DoesNotContain(answers, a => a != null && theirs(a));
        return await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().Answers.AsNoTracking().Select(a => a.Original ?? "").ToListAsync());
    }

    /// <summary>Mallory's own practice (REGIN-0002), in his own name, made before a round (rounds 54 and 55): returns our
    /// reply's Message-ID, his signed thread id.</summary>
    public static async Task<string> HisOwnPracticeAsync(MailTestHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var his = await host.IngestAsync(MailTestHost.Authenticated(new MimeMessage(
            [new MailboxAddress("Mallory", "mallory@evil.example")], [MailboxAddress.Parse("reginproject@crpm.org")], "REGIN practice",
            new TextPart("plain") { Text = "[Q05] Mallory's own language cafe\n[Q06] Malta\n" })));
        Assert.Equal("REGIN-0002", his.Reference);
        return Assert.Single(await host.OutboxAsync(), m => m.To.Mailboxes.Any(t => t.Address == "mallory@evil.example")).MessageId!;
    }

    /// <summary>What a round found wrong, one line an attack (empty when every attack met its expectation), and every row's outcome.</summary>
    public sealed record Result(IReadOnlyList<string> Failures, string Rows)
    {
        public string Report => string.Join("\n", Failures) + "\n" + Rows;
    }

    /// <summary>Runs <paramref name="attacks"/> on <paramref name="provider"/>; a row's outcome must be one of <paramref name="outcomes"/>.
    /// Alice's draft is checked unchanged and each reply well formed here; what each attack became is returned to assert;
    /// <paramref name="after"/>, when given, looks at the stopped host's database before it goes; <paramref name="before"/>
    /// runs on the host after Alice's first mail, before the watcher starts.</summary>
    public static async Task<Result> RunAsync(MailServers servers, string provider, string round, Attack[] attacks, IReadOnlySet<string> outcomes,
        Func<MailTestHost, Task>? after = null, Func<MailTestHost, Context, Task>? before = null)
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
        }, watch: true, provider: provider);
        var victim = await HostileCorpusTests.VictimAsync(host);
        var ourReply = Assert.Single(await host.OutboxAsync()).MessageId!;
        var aliceMessageId = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().Where(r => r.Id == victim.RawInputId).Select(r => r.DedupKey).SingleAsync());
        aliceMessageId = aliceMessageId.Contains('@', StringComparison.Ordinal) ? aliceMessageId[(aliceMessageId.IndexOf(':', StringComparison.Ordinal) + 1)..] : aliceMessageId;
        var context = new Context(user, ourReply, aliceMessageId);
        if (before is not null)
        {
            // What Alice herself did before the round (session 48: she refused consent), processed before the watcher starts.
            await before(host, context);
        }
        await host.Host.StartAsync();
        await Eventually.UntilAsync(async () => (await host.CountAsync(db => db.ImapCursors.Count())) == 1);

        var mails = attacks.Select(a => a.Mail(context)).ToList();
        // The round's rows are those after every row of before it (Alice's first mail, her own mails of `before`).
        var lastBefore = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().MaxAsync(r => (long?)r.Id)) ?? 0;
        await servers.AppendAsync(user, mails);
        async Task<string> StateAsync() => string.Join("; ", await host.WithScopeAsync(async sp =>
            await sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().Select(r => $"#{r.Id} {r.Outcome} {r.OutcomeDetail}").ToListAsync()));
        try
        {
            // Every attack mail's row past "received" and "processing". Rows from before the round are not among them:
            // counting Alice's first row ended the wait with one attack still "received" once (session 45's last clean
            // clone), and counting her refusal of round 48 (`before`) ended it with the flood's last STOP not yet fetched
            // from Dovecot (CI of session 53: 5 STOPs counted where 6).
            await Eventually.UntilAsync(async () => await host.CountAsync(db => db.RawInputs.Count(r => r.Id > lastBefore && r.Outcome != "received" && r.Outcome != "processing" && r.Channel == Regin.MailIngest.Intake.MailProcessor.Channel)) >= mails.Count
                && await host.CountAsync(db => db.RawInputs.Count(r => (r.Outcome == "received" || r.Outcome == "processing") && r.Channel == Regin.MailIngest.Intake.MailProcessor.Channel)) == 0, 180);
            await Eventually.UntilAsync(async () => await host.CountAsync(db => db.MailOutbox.Count(m => m.State == MailOutboxStates.Pending || m.State == MailOutboxStates.Sending)) == 0, 120);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(await StateAsync(), e);
        }
        // Every reply left the outbox: smtp4dev has accepted what was sent.
        await host.Host.StopAsync();

        await HostileCorpusTests.AssertVictimUnchangedAsync(host, $"after round {round}'s attackers");
        if (after is not null)
        {
            try
            {
                await after(host);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // What became of every mail: a round's own checks fail first, and would hide a mail that failed or went elsewhere.
                throw new Xunit.Sdk.XunitException($"{e.Message}\nRows: {await StateAsync()}", e);
            }
        }
        var rows = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking()
            .Where(r => r.Channel == Regin.MailIngest.Intake.MailProcessor.Channel).ToListAsync());
        var sent = await servers.SentRawRepliesAsync();
        var failures = new List<string>();
        foreach (var attack in attacks)
        {
            var id = attack.Name[..6];
            // Kept raw, whatever became of it: its row holds the bytes Dovecot delivered.
            var row = rows.SingleOrDefault(r => Encoding.Latin1.GetString(r.Content).Contains($"X-Attack: {id}", StringComparison.Ordinal));
            if (row is null)
            {
                failures.Add($"{attack.Name}: no raw row");
                continue;
            }
            var detail = row.OutcomeDetail ?? "";
            // "created|updated": either (two mails of one sender whose order in a batch the watcher decides, round 46).
            if (!(outcomes.Contains(row.Outcome) && attack.Outcome.Split('|').Any(o => detail.StartsWith(o + " ", StringComparison.Ordinal)))
                || (attack.Detail is { } d && !detail.Contains(d, StringComparison.Ordinal)))
            {
                failures.Add($"{attack.Name}: {row.Outcome} {detail}");
            }
            // Our replies to this mail: In-Reply-To its Message-ID, to its sender (a43-17 reuses Alice's id, whose reply is hers;
            // since round 46 In-Reply-To itself, not the id anywhere: our reply to a46-07 names a46-06's id in its References).
            var attackMail = mails[Array.IndexOf(attacks, attack)];
            var replies = sent.Where(r => r.Contains($"<{attackMail.MessageId}>", StringComparison.Ordinal)
                && MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(r))) is var reply
                && reply.InReplyTo == attackMail.MessageId
                // Our reply to her own first mail is not one to an attack replaying its Message-ID (m52-03).
                && reply.MessageId != context.OurReplyToAlice
                && reply.To.Mailboxes.Any(m => attackMail.From.Mailboxes.Any(f => f.Address == m.Address))).ToList();
            if (attack.ReplyLanguage is null)
            {
                if (replies.Count != 0)
                {
                    failures.Add($"{attack.Name}: {replies.Count} replies, none expected");
                }
                continue;
            }
            if (replies.Count != 1)
            {
                failures.Add($"{attack.Name}: {replies.Count} replies");
                continue;
            }
            var message = MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(replies[0])));
            var mail = mails[Array.IndexOf(attacks, attack)];
            var recipient = mail.From.Mailboxes.First().Address;
            RealSenderMailTests.AssertWellFormed(attack.Name, replies[0], recipient);
            var text = message.BodyParts.OfType<TextPart>().First();
            if (text.Headers[HeaderId.ContentLanguage] != attack.ReplyLanguage)
            {
                failures.Add($"{attack.Name}: reply in {text.Headers[HeaderId.ContentLanguage]}, not {attack.ReplyLanguage}");
            }
            foreach (var phrase in attack.ReplyOmits ?? [])
            {
                if ((text.Text + message.Subject).Contains(phrase, StringComparison.Ordinal))
                {
                    failures.Add($"{attack.Name}: the reply says \"{phrase}\"");
                }
            }
        }
        return new Result(failures, string.Join("\n", rows.OrderBy(r => r.Id).Select(r => $"#{r.Id} {r.Outcome} {r.OutcomeDetail}")));
    }
}
