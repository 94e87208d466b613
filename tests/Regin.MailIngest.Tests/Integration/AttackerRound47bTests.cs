using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Testing;

using static Regin.MailIngest.Tests.Integration.AttackRound;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Attacker round 47b, through a real Dovecot and smtp4dev beside Alice's draft, read by the watcher, on SQLite and on
/// PostgreSQL: mails our server does not vouch for that try to take over Alice's practice from inside her thread. A
/// spoofed "Alice" re-routing her contact e-mail, her phone, her name and organisation, giving her consent; the same under
/// a stranger's Authentication-Results saying pass; a colleague's address at her site; a display name that writes her
/// address ("Alice Example &lt;alice@example.org&gt;" &lt;helpdesk@…&gt;), unauthenticated and authenticated for its own
/// domain; a stranger replying to her own Message-ID. None changes anything of hers: what they say is kept as a proposed
/// change (flag and raw mail) for the researchers, no unverified sender is answered, and Alice, at the address she gave,
/// is told once that a change waits for the team.
/// </summary>
public sealed class AttackerRound47bTests(MailServers servers) : IClassFixture<MailServers>
{
    private const string Alice = "alice@example.org";

    private static MailboxAddress SpoofedAlice => new("Alice Example", Alice);

    private const string Held = "held in our thread: answers=";

    private static readonly Attack[] Attacks =
    [
        // "Alice" (no Authentication-Results of ours at all) moving her contact address to the attacker's mailbox: replies
        // and reminders would have gone there.
        new("b47-01-spoofed-alice-changes-her-contact-email", c => Mail(c, "b47-01", SpoofedAlice,
            "Hi, I have a new address, please write to this one from now on:\n[Q03] alice.example@mallory-mail.example\n\nThanks, Alice", c.OurReplyToAlice),
            "unverified_update", null, Detail: Held + "1 not applied"),
        // Her phone, the way a hurried person types it.
        new("b47-02-spoofed-alice-changes-her-phone", c => Mail(c, "b47-02", SpoofedAlice,
            "new mobile, the office line is gone\n[Q04] +44 7700 900123\nA.", c.OurReplyToAlice),
            "unverified_update", null, Detail: Held + "1 not applied"),
        // Her name and organisation.
        new("b47-03-spoofed-alice-changes-her-name", c => Mail(c, "b47-03", SpoofedAlice,
            "Small correction from our side:\n[Q01] Mallory Grey\n[Q02] Grey Consulting Ltd\n\nBest regards", c.OurReplyToAlice),
            "unverified_update", null, Detail: Held + "2 not applied"),
        // Her consent and a rewritten title, under a stranger's Authentication-Results that says pass (not our server's).
        new("b47-04-spoofed-alice-consent-under-a-strangers-pass", c =>
        {
            var m = Mail(c, "b47-04", SpoofedAlice, "[Q05] Alice's practice (new title)\n[Q31] yes\n\nAlice", c.OurReplyToAlice);
            m.Headers.Insert(0, new Header("Authentication-Results", "mx.evil-ngo.example; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org"));
            return m;
        }, "unverified_update", null, Detail: Held + "2 not applied"),
        // A colleague's address at her site (which may continue her thread when our server vouches for it), unauthenticated.
        new("b47-05-colleague-address-unauthenticated", c => Mail(c, "b47-05", new MailboxAddress("Bob", "bob@example.org"),
            "Hi all, I am taking over this one.\n[Q03] bob@example.org\n[Q13] 2019\n\nBob", c.OurReplyToAlice),
            "unverified_update", null, Detail: Held + "2 not applied"),
        // A display name that writes her name and address, from an unrelated mailbox, in her thread: not her, nothing applied.
        new("b47-06-display-name-writes-her-address", c => Mail(c, "b47-06", new MailboxAddress("Alice Example <alice@example.org>", "helpdesk@mail-relay.example"),
            "[Q03] helpdesk@mail-relay.example\n[Q31] yes", c.OurReplyToAlice),
            "unverified_update", null, Detail: "by our thread"),
        // The same trick authenticated for its own domain: told in English that the practice answers to another address.
        new("b47-07-display-name-trick-authenticated", c => Mail(c, "b47-07", new MailboxAddress("Alice Example <alice@example.org>", "alice.example@mail-relay.example"),
            "Please update my details:\n[Q03] alice.example@mail-relay.example\n[Q04] +44 7700 900456", c.OurReplyToAlice, authenticated: true),
            "unverified_update", "en", ReplyOmits: ["7700", "Alice's practice"], Detail: "by our thread"),
        // A stranger replying to Alice's own Message-ID (quoted from a forwarded copy): names her practice, changes nothing.
        new("b47-08-stranger-replies-to-her-message-id", c => Mail(c, "b47-08", new MailboxAddress("Mallory", "mallory@evil-ngo.example"),
            "> [Q05] Alice's practice\n\n[Q03] mallory@evil-ngo.example\n[Q01] Mallory", c.AliceMessageId),
            "unverified_update", null, Detail: "names REGIN-0001"),
    ];

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task Mail_our_server_does_not_vouch_for_changes_nothing_of_alices_and_she_is_told_once_at_her_own_address(string provider)
    {
        var result = await AttackRound.RunAsync(servers, provider, "47b", Attacks, new HashSet<string>(StringComparer.Ordinal) { "processed" }, async host =>
        {
            var alice = (await host.PracticeAsync("REGIN-0001"))!;
            // Her answers are those of her own mail: title, country, her address; no contact, consent or year of theirs.
            Assert.Equal(new[] { "contact_email", "country", "title" }, alice.Answers.Select(a => a.QuestionId).Order(StringComparer.Ordinal));
            Assert.Equal("Alice's practice", alice.Answers.Single(a => a.QuestionId == "title").Original);
            Assert.DoesNotContain(alice.Flags, f => f.Reason == "sender_not_authenticated");
            // Each proposed change kept for the researchers with its evidence: the mail, the sender, what it proposed and what is
            // stored. Since session 50 (mailtrust50) one open unverified_update flag an address, counted: Alice's four forged mails
            // are one flag naming the first proposal and the newest; every value stays held on its question (change_held).
            var held = alice.Flags.Where(f => f.Reason == "unverified_update").Select(f => f.Detail!).ToList();
            var fromAlice = Assert.Single(held, d => d.Contains("from alice@example.org", StringComparison.Ordinal));
            Assert.Contains("[Q03] alice.example@mallory-mail.example (stored: alice@example.org)", fromAlice, StringComparison.Ordinal);
            Assert.Contains("3 more like it", fromAlice, StringComparison.Ordinal);
            Assert.Contains("(Q05) Alice's practice (new title)", fromAlice, StringComparison.Ordinal);
            Assert.Contains(held, d => d.Contains("from bob@example.org", StringComparison.Ordinal) && d.Contains("[Q13] 2019", StringComparison.Ordinal));
            Assert.Equal(5, held.Count);
            var changes = alice.Flags.Where(f => f.Reason == "change_held").ToList();
            foreach (var (question, value) in new[] { ("contact_phone", "+44 7700 900123"), ("contact_name", "Mallory Grey"),
                ("contact_organisation", "Grey Consulting Ltd"), ("consent_publish", "yes"), ("start_date", "2019") })
            {
                Assert.Contains(changes, f => f.QuestionId == question && f.Detail!.Contains(value, StringComparison.Ordinal));
            }
            var (rows, outbox) = await host.WithScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<ReginDbContext>();
                var raw = await db.RawInputs.AsNoTracking().Where(r => r.OutcomeDetail!.Contains(Held)).Select(r => new { r.Id, r.PracticeId }).ToListAsync();
                var sent = await db.MailOutbox.AsNoTracking().ToListAsync();
                return (raw, sent);
            });
            // The five mails held in her thread are kept raw, each named by its flag, and none counts as her activity (her
            // reminders' clock and time zone come from her practice's mails).
            Assert.Equal(5, rows.Count);
            Assert.All(rows, r => Assert.Null(r.PracticeId));
            Assert.All(rows, r => Assert.Contains(alice.Flags, f => f.Detail?.Contains($"mail #{r.Id} from ", StringComparison.Ordinal) == true));
            // No unverified sender answered; Alice told once, at her address, in her language, quoting nothing of theirs.
            Assert.DoesNotContain(outbox, m => m.Recipient is "bob@example.org" or "helpdesk@mail-relay.example" or "mallory@evil-ngo.example" or "alice.example@mallory-mail.example");
            var toAlice = outbox.Where(m => m.Recipient == Alice).OrderBy(m => m.Id).ToList();
            Assert.Equal(2, toAlice.Count);
            Assert.All(toAlice, m => Assert.Equal(MailOutboxStates.Sent, m.State));
            var notice = await MimeMessage.LoadAsync(new MemoryStream(toAlice[1].Content));
            Assert.Null(notice.InReplyTo);
            Assert.Equal("auto-generated", notice.Headers["Auto-Submitted"]);
            Assert.Empty(notice.References);
            Assert.Contains("REGIN-0001", notice.Subject, StringComparison.Ordinal);
            var text = notice.BodyParts.OfType<TextPart>().Single();
            Assert.Equal("en", text.Headers[HeaderId.ContentLanguage]);
            Assert.Contains("our mail server could not confirm that it came from your address", text.Text, StringComparison.Ordinal);
            foreach (var theirs in new[] { "mallory", "Mallory", "7700", "Grey", "bob@", "2019", "new title" })
            {
                Assert.DoesNotContain(theirs, text.Text, StringComparison.Ordinal);
            }
            // Her answer to the notice continues her own thread: it carries our signed id of her practice.
            Assert.StartsWith("regin.REGIN-0001.", notice.MessageId, StringComparison.Ordinal);
        });

        Assert.True(result.Failures.Count == 0, result.Report);
    }
}
