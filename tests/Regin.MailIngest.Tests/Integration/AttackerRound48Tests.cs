using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Reminders;
using Regin.Core.Review;
using Regin.Testing;

using static Regin.MailIngest.Tests.Integration.AttackRound;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Attacker round 48, through a real Dovecot and smtp4dev beside Alice's draft, read by the watcher, on SQLite and on
/// PostgreSQL. Alice has refused consent (her own authenticated mail) before the round. Then: a forged STOP in her
/// thread, in English and in French under a stranger's "pass"; a forged "yes, publish it" after her refusal; a forged
/// change with a Reply-To to the attacker; a stranger's own mail, authenticated, with a Reply-To naming Alice (to have our
/// reply sent to her); a forged "I accept the change you held"; a forged "accepted" from our own project address; and a
/// flood of forged STOPs, thank-yous and changes in her thread. None changes anything of hers, no reminder stops, no
/// unverified sender is answered, nobody is answered at a Reply-To address, and Alice gets at most the day's cap of mail.
/// </summary>
public sealed class AttackerRound48Tests(MailServers servers) : IClassFixture<MailServers>
{
    private const string Alice = "alice@example.org";

    private static MailboxAddress SpoofedAlice => new("Alice Example", Alice);

    private const string HeldStop = "held in our thread: stop not applied";
    private const string HeldWords = "held in our thread: no answers";
    private const string HeldChange = "held in our thread: answers=";

    /// <summary>The flood: twelve forged mails in her thread, as a script sends them, a STOP, a thank-you, a change, again and again.</summary>
    private static IEnumerable<Attack> Flood() => Enumerable.Range(10, 12).Select(i => (i % 3) switch
    {
        0 => new Attack($"c48-{i:00}-flood-stop", c => Mail(c, $"c48-{i:00}", SpoofedAlice, i % 2 == 0 ? "STOP" : "stop!!", c.OurReplyToAlice), "unverified_update", null, Detail: HeldStop),
        1 => new Attack($"c48-{i:00}-flood-thanks", c => Mail(c, $"c48-{i:00}", SpoofedAlice, "Thanks a lot!\n\nSent from my iPhone", c.OurReplyToAlice), "unverified_update", null, Detail: HeldWords),
        _ => new Attack($"c48-{i:00}-flood-change", c => Mail(c, $"c48-{i:00}", SpoofedAlice, $"[Q13] {2000 + i}", c.OurReplyToAlice), "unverified_update", null, Detail: HeldChange + "1 not applied"),
    });

    private static readonly Attack[] Attacks =
    [
        // A forged STOP, as a phone sends it: her reminders would have stopped.
        new("c48-01-forged-stop", c => Mail(c, "c48-01", SpoofedAlice, "STOP\n\nSent from my iPhone", c.OurReplyToAlice), "unverified_update", null, Detail: HeldStop),
        // The French word, under a stranger's Authentication-Results that says pass (not our server's).
        new("c48-02-forged-arreter-under-a-strangers-pass", c =>
        {
            var m = Mail(c, "c48-02", SpoofedAlice, "Arrêter.\n\n-- \nEnvoyé depuis mon mobile", c.OurReplyToAlice);
            m.Headers.Insert(0, new Header("Authentication-Results", "mx.evil-ngo.example; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org"));
            return m;
        }, "unverified_update", null, Detail: HeldStop),
        // "Yes, publish it" after her real refusal.
        new("c48-03-forged-yes-publish-after-her-refusal", c => Mail(c, "c48-03", SpoofedAlice,
            "Sorry, please ignore my last mail, I talked to the director and it is fine, you can publish it.\n[Q31] yes\n\nAlice", c.OurReplyToAlice),
            "unverified_update", null, Detail: HeldChange + "1 not applied"),
        // A forged change asking for the answer at the attacker's address (Reply-To).
        new("c48-04-forged-change-reply-to-attacker", c =>
        {
            var m = Mail(c, "c48-04", SpoofedAlice, "New mobile, please confirm to my private address\n[Q04] +44 7700 900999", c.OurReplyToAlice);
            m.ReplyTo.Add(new MailboxAddress("Alice", "alice.private@mallory-mail.example"));
            return m;
        }, "unverified_update", null, Detail: HeldChange + "1 not applied"),
        // A stranger's own mail, authenticated for his domain, with a Reply-To naming Alice: our reply goes to him, not her.
        new("c48-05-stranger-reply-to-alice", c =>
        {
            var m = Mail(c, "c48-05", new MailboxAddress("Mallory", "mallory@evil-ngo.example"), "[Q05] Free legal advice desk\n[Q06] Malta", null, authenticated: true, subject: "REGIN practice");
            m.ReplyTo.Add(new MailboxAddress("Alice Example", Alice));
            return m;
        }, "created", "en"),
        // "I accept the change you are holding": words, no answers, nothing to accept by mail.
        new("c48-06-forged-accept-of-the-held-change", c => Mail(c, "c48-06", SpoofedAlice,
            "Yes, that change was me. Please accept the proposed change you are holding for REGIN-0001 and apply it.\n\nAlice", c.OurReplyToAlice),
            "unverified_update", null, Detail: HeldWords),
        // "Accepted" from our own project address, unauthenticated, in her thread, with the value to apply.
        new("c48-07-forged-acceptance-from-our-address", c => Mail(c, "c48-07", new MailboxAddress("REGIN researchers", "reginproject@crpm.org"),
            "ACCEPTED by the review team: apply the proposed change.\n[Q03] alice.example@mallory-mail.example", c.OurReplyToAlice),
            "unverified_update|ignored|failed", null),
        .. Flood(),
    ];

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task Forged_stops_consents_acceptances_reply_to_tricks_and_a_flood_change_nothing_and_make_no_mail_cannon(string provider)
    {
        var result = await AttackRound.RunAsync(servers, provider, "48", Attacks, new HashSet<string>(StringComparer.Ordinal) { "processed", "ignored", "failed" }, async host =>
        {
            var alice = (await host.PracticeAsync("REGIN-0001"))!;
            // Her refusal stands; no year, phone or address of theirs.
            Assert.Equal("false", alice.Answers.Single(a => a.QuestionId == "consent_publish").ValueJson);
            Assert.DoesNotContain(alice.Answers, a => a.QuestionId is "start_year" or "contact_phone");
            Assert.DoesNotContain(alice.Flags, f => f.Reason == "sender_not_authenticated");
            // No reminder of hers stopped.
            Assert.Equal(0, await host.CountAsync(db => db.PracticeEvents.Count(e => e.PracticeId == alice.Id && e.Kind == DraftReminderStops.EventKind)));
            Assert.Equal(0, await host.CountAsync(db => db.Set<DraftReminder>().Count(r => r.PracticeId == alice.Id && r.StoppedAt != null)));
            var held = alice.Flags.Where(f => f.Reason == "unverified_update").Select(f => f.Detail!).ToList();
            // One flag a kind and address for the flood (session 50): the six STOPs on one, counted, naming the newest
            // with its words; each STOP's raw mail listed on her practice page with it ("Arrêter." among them).
            var stops = Assert.Single(held, d => d.Contains("asks to stop its reminders, not applied", StringComparison.Ordinal));
            Assert.Contains("\"STOP\"", stops, StringComparison.Ordinal);
            // The newest is whichever STOP the mailbox delivered last (the flood's order is the server's, not the script's).
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(stops, @" \[5 more like it, the last mail #\d+ from alice@example\.org: ""(STOP|stop!!|Arrêter\.)""\]$"), stops);
            var page = (await host.WithScopeAsync(sp => new ReviewQueries(sp.GetRequiredService<ReginDbContext>()).GetAsync(alice.Id)))!;
            Assert.Equal(6, page.RawInputs.Count(r => r.OutcomeDetail!.Contains("held in our thread: stop not applied", StringComparison.Ordinal)));
            Assert.Contains(page.RawInputs, r => r.Text.Contains("Arr=C3=AAter.", StringComparison.Ordinal) || r.Text.Contains("Arrêter.", StringComparison.Ordinal));
            Assert.Contains(held, d => d.Contains("[Q31] yes (stored: no)", StringComparison.Ordinal) && d.Contains(" [5 more like it, the last mail #", StringComparison.Ordinal));
            Assert.True(held.Count is >= 3 and <= 4, string.Join("\n", held));
            var outbox = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().MailOutbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync());
            // Nobody at a Reply-To address, no unverified sender answered; the stranger answered at his own address only.
            Assert.DoesNotContain(outbox, m => m.Recipient.Contains("mallory-mail", StringComparison.Ordinal) || m.Recipient == "reginproject@crpm.org");
            Assert.Single(outbox, m => m.Recipient == "mallory@evil-ngo.example");
            // Alice: our reply, our reply to her refusal, and the day's cap (Mail:MaxRepliesPerRecipientPerDay, 3) holds the rest:
            // twenty forgeries are no mail cannon aimed at her.
            var toAlice = outbox.Where(m => m.Recipient == Alice).ToList();
            Assert.Equal(3, toAlice.Count);
            var notice = await MimeMessage.LoadAsync(new MemoryStream(toAlice[2].Content));
            Assert.Equal("auto-generated", notice.Headers["Auto-Submitted"]);
            Assert.Null(notice.InReplyTo);
            Assert.Contains("our mail server could not confirm that it came from your address", notice.TextBody, StringComparison.Ordinal);
            foreach (var theirs in new[] { "mallory", "7700", "director", "2015" })
            {
                Assert.DoesNotContain(theirs, notice.TextBody, StringComparison.Ordinal);
            }
        }, async (host, context) =>
        {
            // Alice, authenticated, in her thread: she does not want it published.
            var refusal = MailTestHost.Authenticated(new MimeMessage(
                [new MailboxAddress("Alice Example", Alice)], [MailboxAddress.Parse("reginproject@crpm.org")], "Re: REGIN-0001",
                new TextPart("plain") { Text = "Hi, we prefer not to have it published for now.\n[Q31] no\n\nAlice" }));
            refusal.InReplyTo = context.OurReplyToAlice;
            refusal.References.Add(context.OurReplyToAlice);
            var answered = await host.IngestAsync(refusal);
            Assert.True(answered.Outcome == "updated", $"{answered.Outcome}: {answered.Detail}");
        });

        Assert.True(result.Failures.Count == 0, result.Report);
    }
}
