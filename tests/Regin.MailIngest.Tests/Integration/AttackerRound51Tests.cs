using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.Core.Reminders;
using Regin.Testing;

using static Regin.MailIngest.Tests.Integration.AttackRound;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Attacker round 51, through a real Dovecot and smtp4dev beside Alice's draft, read by the watcher, on SQLite and on
/// PostgreSQL: mails as an attacker writes them against our trust in the headers. A pass of our server's id written by the
/// sender under our real header, another server's pass above ours, a DMARC pass for an IDN look-alike of her domain, two
/// From headers, one From with two addresses, an encoded-word display name holding a researcher's address, a forwarded
/// "reply" of hers as a message/rfc822 attachment, a .docx with an XXE entity, a macro-enabled template named .docx, a file
/// name with a right-to-left override, a STOP whose Reply-To is the attacker's, and a thread taken by References alone.
/// Nothing of hers changes, every mail is kept raw, no reply goes to an address our server did not vouch for.
/// </summary>
public sealed class AttackerRound51Tests(MailServers servers) : IClassFixture<MailServers>
{
    private const string Alice = "alice@example.org";
    private const string Docx = "vnd.openxmlformats-officedocument.wordprocessingml.document";

    private static MimePart File(byte[] bytes, string name, string mediaType, string subtype) => Intake.MailRound45Tests.File(bytes, name, mediaType, subtype);

    private static MimeMessage WithParts(MimeMessage message, string text, params MimeEntity[] parts) => AttackerRound49Tests.WithParts(message, text, parts);

    /// <summary>A mail as its raw header block and text (what MimeKit would not write: two From headers, a header order).</summary>
    private static MimeMessage Raw(string headers, string text) =>
        MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes((headers.TrimEnd('\n') + "\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n" + text)
            .Replace("\n", "\r\n", StringComparison.Ordinal))));

    /// <summary>A filled template whose document.xml declares an external entity (XXE) and uses it as the title.</summary>
    private static byte[] WithExternalEntity(byte[] docx) => AttackerRound43Tests.Rewritten(docx, "word/document.xml", xml =>
    {
        var body = xml.IndexOf("<w:document", StringComparison.Ordinal);
        return xml[..body] + "<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file:///etc/hostname\"><!ENTITY remote SYSTEM \"http://evil.example/xxe\">]>"
            + xml[body..].Replace("XXE-TITLE", "&xxe;&remote;", StringComparison.Ordinal);
    });

    private static readonly Attack[] Attacks =
    [
        // Her From, in her thread; our server's header (on top) saw DMARC fail; below it the sender wrote a "pass" in our
        // server's name.
        new("m51-01-our-id-pass-written-by-the-sender", c => Raw(
            $"X-Attack: m51-01\nMessage-ID: <{c.User}.m51-01@mx.attacker.example>\nIn-Reply-To: <{c.OurReplyToAlice}>\nReferences: <{c.OurReplyToAlice}>\n"
            + "Authentication-Results: mx.crpm.org; spf=softfail smtp.mailfrom=example.org; dkim=none; dmarc=fail header.from=example.org\n"
            + "Authentication-Results: mx.crpm.org; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org\n"
            + "From: Alice Example <alice@example.org>\nTo: reginproject@crpm.org\nSubject: Re: REGIN-0001",
            "Small correction:\n[Q05] Payments desk for refugees\n"),
            "unverified_update", null, Detail: "names REGIN-0001 by our thread: answers=1 not applied sender_not_authenticated(spf=softfail, dkim=none, dmarc=fail)"),
        // Another server's "pass" above ours (one named like ours, one our parent domain), ours saying nothing.
        new("m51-02-strangers-pass-above-ours", c => Raw(
            $"X-Attack: m51-02\nMessage-ID: <{c.User}.m51-02@mx.attacker.example>\nIn-Reply-To: <{c.OurReplyToAlice}>\nReferences: <{c.OurReplyToAlice}>\n"
            + "Authentication-Results: mx.crpm.org.evil.example; dkim=pass header.d=example.org; dmarc=pass header.from=example.org\n"
            + "Authentication-Results: crpm.org; dmarc=pass header.from=example.org\n"
            + "Authentication-Results: mx.crpm.org; spf=none smtp.mailfrom=example.org; dkim=none; dmarc=none header.from=example.org\n"
            + "From: Alice Example <alice@example.org>\nTo: reginproject@crpm.org\nSubject: Re: REGIN-0001",
            "[Q13] 1999\n"),
            "unverified_update", null, Detail: "sender_not_authenticated(spf=none, dkim=none, dmarc=none)"),
        // Our server's true DMARC pass, for an IDN look-alike of her domain the attacker owns (exämple.org), in her thread.
        new("m51-03-dmarc-pass-for-an-idn-lookalike-domain", c => Raw(
            $"X-Attack: m51-03\nMessage-ID: <{c.User}.m51-03@mx.attacker.example>\nIn-Reply-To: <{c.OurReplyToAlice}>\nReferences: <{c.OurReplyToAlice}>\n"
            + "Authentication-Results: mx.crpm.org; spf=pass smtp.mailfrom=xn--exmple-cua.org; dkim=pass header.d=xn--exmple-cua.org; dmarc=pass header.from=XN--EXMPLE-CUA.ORG.\n"
            + "From: Alice Example <alice@xn--exmple-cua.org>\nTo: reginproject@crpm.org\nSubject: Re: REGIN-0001",
            "New bank details for the grant:\n[Q05] Payments desk IBAN DE44500105175407324931\n"),
            "unverified_update", "en", ["IBAN", "Payments desk"]),
        // Two From headers: hers first, his (with our server's pass for his domain) second.
        new("m51-04-two-from-headers", c => Raw(
            $"X-Attack: m51-04\nMessage-ID: <{c.User}.m51-04@mx.attacker.example>\nIn-Reply-To: <{c.OurReplyToAlice}>\nReferences: <{c.OurReplyToAlice}>\n"
            + $"Authentication-Results: {MailTestHost.PassHeader("mallory.04@evil.example")}\n"
            + "From: Alice Example <alice@example.org>\nFrom: Mallory <mallory.04@evil.example>\nTo: reginproject@crpm.org\nSubject: Re: REGIN-0001",
            "[Q03] mallory.04@evil.example\n"),
            "unverified_update", null, Detail: "sender_not_authenticated(several_from_addresses)"),
        // One From with two addresses, our server's pass for her domain (it checked the first).
        new("m51-05-one-from-two-addresses", c => Raw(
            $"X-Attack: m51-05\nMessage-ID: <{c.User}.m51-05@mx.attacker.example>\nIn-Reply-To: <{c.OurReplyToAlice}>\nReferences: <{c.OurReplyToAlice}>\n"
            + $"Authentication-Results: {MailTestHost.PassHeader(Alice)}\n"
            + "From: Alice Example <alice@example.org>, Mallory <mallory.05@evil.example>\nTo: reginproject@crpm.org\nSubject: Re: REGIN-0001",
            "[Q04] +44 7700 900555\n"),
            "unverified_update", null, Detail: "sender_not_authenticated(several_from_addresses)"),
        // An encoded-word display name holding a researcher's name and address, from the attacker's own authenticated mailbox,
        // naming her practice in the subject.
        new("m51-06-encoded-name-holds-a-researchers-address", c =>
        {
            var name = Convert.ToBase64String(Encoding.UTF8.GetBytes("Dr. Anna Keller (CRPM) <anna.keller@crpm.org>"));
            return Raw($"X-Attack: m51-06\nMessage-ID: <{c.User}.m51-06@mx.attacker.example>\nAuthentication-Results: {MailTestHost.PassHeader("mallory.06@evil.example")}\n"
                + $"From: =?utf-8?b?{name}?= <mallory.06@evil.example>\nTo: reginproject@crpm.org\nSubject: REGIN-0001: please confirm your bank details",
                "[Q05] Confirm at regin-verify.example\n[Q06] Malta\n");
        }, "created|needs_info", "en", ["regin-verify"]),
        // A "reply" of hers in her thread, forwarded as a message/rfc822 attachment by an authenticated stranger.
        new("m51-07-rfc822-reply-of-hers-forwarded", c =>
        {
            var inner = MailTestHost.Authenticated(Mail(c, "m51-07-inner", new MailboxAddress("Alice Example", Alice), "[Q05] Forwarded takeover title\n[Q13] 1998", c.OurReplyToAlice));
            inner.Headers.Remove("X-Attack");
            return WithParts(MailTestHost.Authenticated(Mail(c, "m51-07", new MailboxAddress("Mallory", "mallory.07@evil.example"), "", null, subject: "Fwd: Re: REGIN-0001")),
                "see her reply below", new MessagePart { Message = inner });
        }, "created|needs_info", "en"),
        // A filled template whose XML declares external entities (a local file, a remote URL), from an authenticated stranger.
        new("m51-08-docx-with-an-external-entity", c => WithParts(MailTestHost.Authenticated(Mail(c, "m51-08", new MailboxAddress("Mallory", "mallory.08@evil.example"), "", null, subject: "REGIN")),
            "Template attached.",
            File(WithExternalEntity(AttackerRound43Tests.Word(new() { ["title"] = "XXE-TITLE", ["country"] = "Malta" })), "REGIN template.docx", "application", Docx)),
            "needs_info|failed", "en"),
        // A macro-enabled template named .docx, in her thread, her From, no pass.
        new("m51-09-macro-document-named-docx-in-her-thread", c => WithParts(Mail(c, "m51-09", new MailboxAddress("Alice Example", Alice), "", c.OurReplyToAlice),
            "Updated template.",
            File(AttackerRound43Tests.Docm(AttackerRound43Tests.Word(new() { ["title"] = "Macro title" })), "REGIN template.docx", "application", Docx)),
            "unverified_update", null),
        // A file name with a right-to-left override ("REGIN-template\u202Excod.exe" shows as "REGIN-templateexe.docx").
        new("m51-10-rtl-override-file-name", c => WithParts(MailTestHost.Authenticated(Mail(c, "m51-10", new MailboxAddress("Mallory", "mallory.10@evil.example"), "", null, subject: "REGIN")),
            "[Q05] Open the attached template\n[Q06] Malta",
            File(Encoding.ASCII.GetBytes("MZ\u0090\0\u0003"), "REGIN-template\u202Excod.exe", "application", "octet-stream")),
            "created|needs_info", "en", ["\u202E", "cod.exe"]),
        // Her From, no pass, "STOP" in her thread, its Reply-To the attacker's: held, nobody at his address told anything.
        new("m51-11-stop-with-reply-to-elsewhere", c =>
        {
            var m = Mail(c, "m51-11", new MailboxAddress("Alice Example", Alice), "STOP\n\nSent from my iPhone", c.OurReplyToAlice);
            m.ReplyTo.Add(new MailboxAddress("Alice Example", "alice.example@mallory-mail.example"));
            return m;
        }, "unverified_update", null, Detail: "held in our thread: stop not applied"),
        // An authenticated stranger taking her thread by References alone (no In-Reply-To), changing her title.
        new("m51-12-thread-hijack-by-references-only", c =>
        {
            var m = MailTestHost.Authenticated(Mail(c, "m51-12", new MailboxAddress("Mallory", "mallory.12@evil.example"), "[Q05] Hijacked title", null));
            m.References.Add(c.OurReplyToAlice);
            return m;
        }, "unverified_update", "en", ["Hijacked"]),
    ];

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task Twelve_attacks_on_our_trust_in_the_headers_change_nothing_of_hers_and_answer_only_proven_senders(string provider)
    {
        var result = await AttackRound.RunAsync(servers, provider, "51", Attacks, new HashSet<string>(StringComparer.Ordinal) { "processed", "ignored", "failed" }, async host =>
        {
            var alice = (await host.PracticeAsync("REGIN-0001"))!;
            Assert.Equal(0, await host.CountAsync(db => db.Set<DraftReminder>().Count(r => r.PracticeId == alice.Id && r.StoppedAt != null)));
            var outbox = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().MailOutbox.AsNoTracking().ToListAsync());
            // No reply to an address our server did not vouch for: not a Reply-To, not a second From, not a look-alike's.
            Assert.DoesNotContain(outbox, m => m.Recipient.Contains("mallory-mail", StringComparison.Ordinal) || m.Recipient.Contains("crpm.org", StringComparison.Ordinal)
                || m.Recipient.Contains("mallory.04", StringComparison.Ordinal) || m.Recipient.Contains("mallory.05", StringComparison.Ordinal));
            Assert.Contains(alice.Flags, f => f.Reason == "unverified_update" && f.Detail!.Contains(DraftReminderStops.HeldStopPhrase, StringComparison.Ordinal));
            // Her address identifies her practice only: the forwarded "reply" of hers made the forwarder's own draft.
            Assert.Equal([alice.Id], await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().ContributorIdentities.AsNoTracking()
                .Where(i => i.ExternalId == Alice).Select(i => i.PracticeId).Distinct().ToListAsync()));
            // The external entities were never expanded: no answer holds the machine's name or anything fetched.
            var hostname = System.IO.File.Exists("/etc/hostname") ? (await System.IO.File.ReadAllTextAsync("/etc/hostname")).Trim() : "";
            var answers = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().Answers.AsNoTracking().Select(a => a.Original).ToListAsync());
            Assert.DoesNotContain(answers, a => a != null && (a.Contains("XXE", StringComparison.Ordinal) || (hostname.Length > 0 && a.Contains(hostname, StringComparison.Ordinal))));
        });

        Assert.True(result.Failures.Count == 0, result.Report);
    }
}
