using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.MailIngest.Tests.Security;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Attacker round 57 through the real door, on both providers: each raw mail is sent over SMTP to smtp4dev, the bytes it
/// received are delivered to a Dovecot mailbox, the watcher fetches them over IMAP, and any reply goes out through smtp4dev.
/// Seven of session 56's attacks (round 56 ran them through the ingester only: CR LF "Bcc:" in encoded display names, a
/// Reply-To elsewhere, a forged Received and Authentication-Results, 10,000 parts, message/rfc822 50 deep, traversal file
/// names, a base64 body turning to junk) and the ones an attacker tries next: a mail whose From is the project mailbox
/// itself (a loop), an out-of-office with Auto-Submitted, a Precedence: bulk mailing, a DSN (multipart/report) carrying
/// answers in its returned mail, and a From at a homoglyph of a known contributor's domain ("regіon.eu", Cyrillic "і")
/// whose Reply-To is the real one. Each: the raw mail kept once, no exception's text in its outcome, every reply to the
/// From alone with nothing of the attacker's headers, or no reply at all where none is due.
/// </summary>
public sealed class AttackerRound57Tests(MailServers servers) : IClassFixture<MailServers>
{
    private const string Mailbox = "reginproject@crpm.org";

    public static TheoryData<string, string> Attacks() => ContributorPlay.OnBothProviders(
        "m56-01-bcc-in-encoded-from-name", "m56-02-bcc-in-encoded-reply-to-name", "m56-04-forged-received-and-results", "m56-05-ten-thousand-parts",
        "m56-06-rfc822-nested-fifty-deep", "m56-07-traversal-file-names", "m56-08-base64-garbage",
        "m57-01-from-our-own-mailbox", "m57-02-auto-replied", "m57-03-precedence-bulk", "m57-04-delivery-status-report");

    /// <summary>The raw mail of <paramref name="name"/>, its Message-ID made this run's own (<paramref name="id"/>).</summary>
    private static byte[] Raw(string name, string id)
    {
        if (name.StartsWith("m56-", StringComparison.Ordinal))
        {
            return Round56(name, id);
        }
        var answers = "[Q05] Loop title\r\n[Q06] Malta\r\n";
        var mail = name switch
        {
            // Our own address as From, passing our own server's check (a forged From would not): never answered (a loop).
            "m57-01-from-our-own-mailbox" => $"Authentication-Results: {MailTestHost.PassHeader(Mailbox)}\r\nFrom: REGIN Integration Lab <{Mailbox}>\r\n"
                + "Subject: REGIN: your practice\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + answers,
            "m57-02-auto-replied" => $"Authentication-Results: {MailTestHost.PassHeader("example.org")}\r\nFrom: Alice Example <alice.57@example.org>\r\n"
                + "Subject: Automatic reply: REGIN\r\nAuto-Submitted: auto-replied\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "I am out of the office until 4 January.\r\n\r\n" + answers,
            "m57-03-precedence-bulk" => $"Authentication-Results: {MailTestHost.PassHeader("news.example.org")}\r\nFrom: Integration News <news@news.example.org>\r\n"
                + "Subject: December newsletter\r\nPrecedence: bulk\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + answers,
            "m57-04-delivery-status-report" => "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"dsn\"\r\n\r\n"
                + "--dsn\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nYour message could not be delivered to alice.57@example.org.\r\n"
                + "--dsn\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\nFinal-Recipient: rfc822; alice.57@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                + $"--dsn\r\nContent-Type: message/rfc822\r\n\r\nFrom: {Mailbox}\r\nTo: alice.57@example.org\r\nSubject: REGIN\r\n\r\n" + answers + "--dsn--\r\n",
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        return Encoding.UTF8.GetBytes($"Message-ID: {id}\r\nTo: {Mailbox}\r\nDate: Mon, 7 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n" + mail);
    }

    /// <summary>Round 56's raw mail <paramref name="name"/> (<see cref="AttackerRound56Tests"/>) with the Message-ID <paramref name="id"/>.</summary>
    internal static byte[] Round56(string name, string id)
    {
        var headers = (string)AttackerRound56Tests.Attacks().Single(a => (string)a[0] == name)[1];
        var round56 = Encoding.UTF8.GetString(AttackerRound56Tests.Raw(name, headers, AttackerRound56Tests.Body(name)));
        return Encoding.UTF8.GetBytes(round56.Replace($"<{name}.56@evil.example>", id, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Each_attack_sent_over_SMTP_and_fetched_over_IMAP_is_kept_once_and_answered_rightly_or_not_at_all(string provider, string name)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        var id = $"<{name}.{user}.57@evil.example>";
        var received = await servers.RelayAsync(user, Raw(name, id), id);
        var (row, replies) = await DecidedAsync(servers, host, user, id);
        Console.WriteLine($"{name} ({provider}): {row.Outcome} {row.OutcomeDetail}; {replies.Count} repl{(replies.Count == 1 ? "y" : "ies")}");

        Assert.DoesNotContain("processing_error", row.OutcomeDetail ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", row.OutcomeDetail ?? "", StringComparison.Ordinal);
        Assert.Contains(id, Encoding.Latin1.GetString(row.Content), StringComparison.Ordinal);
        var from = MimeMessage.Load(new MemoryStream(received)).From.Mailboxes.First().Address;
        foreach (var reply in replies)
        {
            AssertOnlyTo(reply, from);
        }
        switch (name)
        {
            case "m57-01-from-our-own-mailbox" or "m57-02-auto-replied" or "m57-03-precedence-bulk" or "m57-04-delivery-status-report":
                // Kept, never answered, no practice made of the answers it carries.
                Assert.Equal("ignored", row.Outcome);
                Assert.EndsWith(" " + name switch { "m57-01-from-our-own-mailbox" => "own_mail", "m57-02-auto-replied" => "auto_reply", "m57-03-precedence-bulk" => "list", _ => "bounce" },
                    row.OutcomeDetail, StringComparison.Ordinal);
                Assert.Empty(replies);
                Assert.Equal(0, await host.CountAsync(db => db.Practices.Count()));
                break;
            case "m56-04-forged-received-and-results":
                // Authentication-Results under another authserv-id and a Received line prove nothing: the sender is not
                // authenticated, the draft is kept for researchers, and nobody unverified is answered.
                Assert.Contains(FlagReasons.SenderNotAuthenticated, row.OutcomeDetail, StringComparison.Ordinal);
                Assert.Empty(replies);
                break;
            case "m56-06-rfc822-nested-fifty-deep":
                Assert.Equal("failed", row.Outcome);
                Assert.Contains("nested_too_deep", row.OutcomeDetail, StringComparison.Ordinal);
                break;
            case "m56-08-base64-garbage":
            {
                // The answers before the junk are read (they were lost: needs_info no_answers), the practice flagged, the
                // reply says what was understood and that the text was damaged.
                Assert.Contains(FlagReasons.BodyDamaged, row.OutcomeDetail, StringComparison.Ordinal);
                var reply = Assert.Single(replies);
                var practice = await host.PracticeAsync(System.Text.RegularExpressions.Regex.Match(reply.Subject ?? "", @"REGIN-\d+").Value);
                Assert.NotNull(practice);
                Assert.Equal("Garbage base64 title", ContributorPlay.Original(practice, "title"));
                Assert.Contains("MT", ContributorPlay.Answer(practice, "country"), StringComparison.Ordinal);
                Assert.Contains(practice.Flags, f => f.Reason == FlagReasons.BodyDamaged);
                var body = ContributorPlay.Body(reply);
                Assert.Contains(ContributorPlay.Message("mail.body_damaged", "en"), body, StringComparison.Ordinal);
                Assert.Contains("Garbage base64 title", body, StringComparison.Ordinal);
                Assert.DoesNotContain("QUFB", body, StringComparison.Ordinal);
                Assert.DoesNotContain("AAA", body, StringComparison.Ordinal);
                break;
            }
            default:
                Assert.Equal("processed", row.Outcome);
                Assert.Single(replies);
                break;
        }
    }

    /// <summary>
    /// A known contributor, Alice at region.eu, sent her practice; then a mail from "alice@regіon.eu" (a Cyrillic "і", the
    /// attacker's own domain, which passes its own DMARC) with a Reply-To at Alice's real address comes through the door.
    /// It is processed as the stranger it is: a practice of its own, flagged as a look-alike, Alice's untouched, and the
    /// reply goes to the look-alike From alone (never to Alice through the Reply-To, where it would carry the attacker's words).
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_homoglyph_of_a_contributors_domain_with_her_real_address_as_Reply_To_is_a_stranger_answered_at_his_own_address(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        const string Alice = "alice@region.eu";
        const string Lookalike = "alice@reg\u0456on.eu";
        var first = $"<alice.{user}.57@region.eu>";
        await servers.RelayAsync(user, Encoding.UTF8.GetBytes($"Authentication-Results: {MailTestHost.PassHeader(Alice)}\r\nMessage-ID: {first}\r\nFrom: Alice Example <{Alice}>\r\n"
            + $"To: {Mailbox}\r\nSubject: Our practice\r\nDate: Mon, 7 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + "Hello,\r\n\r\n[Q05] Welcome desks in the region\r\n[Q06] Malta\r\n\r\nBest regards\r\nAlice\r\n"), first);
        var (_, aliceReplies) = await DecidedAsync(servers, host, user, first);
        var alicesReference = System.Text.RegularExpressions.Regex.Match(Assert.Single(aliceReplies).Subject ?? "", @"REGIN-\d+").Value;

        var id = $"<lookalike.{user}.57@evil.example>";
        var bait = "Confirm your account at https://regin-login.example/verify";
        var received = await servers.RelayAsync(user, Encoding.UTF8.GetBytes($"Authentication-Results: {MailTestHost.PassHeader(Lookalike)}\r\nMessage-ID: {id}\r\n"
            + $"From: Alice Example <{Lookalike}>\r\nReply-To: Alice Example <{Alice}>\r\nTo: {Mailbox}\r\nSubject: Correction {alicesReference}\r\n"
            + "Date: Mon, 7 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + $"Hello, a correction to our practice:\r\n\r\n[Q05] {bait}\r\n[Q06] Malta\r\n"), id);
        var (row, replies) = await DecidedAsync(servers, host, user, id, nth: 2);
        Console.WriteLine($"lookalike ({provider}): {row.Outcome} {row.OutcomeDetail}; {replies.Count} replies");
        Assert.DoesNotContain("Exception", row.OutcomeDetail ?? "", StringComparison.Ordinal);
        Assert.Contains(id, Encoding.UTF8.GetString(row.Content), StringComparison.Ordinal);
        Assert.Equal(Lookalike, MimeMessage.Load(new MemoryStream(received)).From.Mailboxes.Single().Address);

        // Alice's practice is untouched; whatever the stranger gets goes to his own address, never to hers.
        var alices = await host.PracticeAsync(alicesReference);
        Assert.Equal("Welcome desks in the region", ContributorPlay.Original(alices!, "title"));
        foreach (var reply in replies)
        {
            AssertOnlyTo(reply, Lookalike);
        }
        Assert.DoesNotContain(await servers.SentRepliesAsync(), r => r.InReplyTo == id && r.To.Mailboxes.Any(m => m.Address == Alice));
        var others = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().Practices.AsNoTracking().Include(p => p.Flags)
            .Where(p => p.Id != alices!.Id).ToListAsync());
        foreach (var practice in others)
        {
            Assert.Contains(practice.Flags, f => f.Reason == FlagReasons.SenderLookalike);
        }
    }

    /// <summary>
    /// The raw input of the mail <paramref name="id"/> once the watcher has filed it (out of the inbox, the
    /// <paramref name="nth"/> mail of the mailbox), exactly one, and the replies to it at smtp4dev: every reply the outbox
    /// queued for it, waited for there (none queued: none will come).
    /// </summary>
    internal static async Task<(Regin.Core.Persistence.Entities.RawInput Row, List<MimeMessage> Replies)> DecidedAsync(MailServers mail, MailTestHost host, string user, string id, int nth = 1)
    {
        await Eventually.UntilAsync(async () => await WatcherTests.CountsAsync(mail, user) is (0, var processed, var failed) && processed + failed >= nth
            && await host.CountAsync(db => db.RawInputs.Count(r => r.Outcome == "received" || r.Outcome == "processing")) == 0, 180);
        var rows = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().Where(r => r.Channel == "email").ToListAsync());
        var row = Assert.Single(rows, r => Encoding.Latin1.GetString(r.Content).Contains(id, StringComparison.Ordinal));
        var queued = (await host.OutboxAsync()).Count(r => r.InReplyTo == id.Trim('<', '>'));
        List<MimeMessage> replies = [];
        await Eventually.UntilAsync(async () => (replies = [.. (await mail.SentRepliesAsync()).Where(r => r.InReplyTo == id.Trim('<', '>'))]).Count >= queued, 120);
        return (row, replies);
    }

    private static void AssertOnlyTo(MimeMessage reply, string from) => AttackerRound56Tests.AssertOnlyTo(reply, from);
}
