using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.Core.Reminders;
using Regin.Testing;

using static Regin.MailIngest.Tests.Integration.AttackRound;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Attacker round 52, through a real Dovecot and smtp4dev beside Alice's draft, read by the watcher, on SQLite and on
/// PostgreSQL: a delivery report forged as her reply in her thread, an auto-reply baiting a loop to our own address, her
/// own earlier mail replayed under its Message-ID with a line changed, ARC headers of a forwarder claiming a pass our
/// server failed, two results of our server's id in one mail, "STOP" in UTF-7 and under an unknown charset, her reference
/// spelled with Greek and Cyrillic letters, a template nested 100 message/rfc822 deep, a .docx of 100,000 zip entries, a
/// .docx whose text is an altChunk HTML part, and a From whose address is an encoded word. Nothing of hers changes, her
/// reminders go on, every mail is kept raw, and no reply goes to a Reply-To, a forged address or our own.
/// </summary>
public sealed class AttackerRound52Tests(MailServers servers) : IClassFixture<MailServers>
{
    private const string Alice = "alice@example.org";
    private const string Docx = "vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Our server's own header for a mail in her name it could not verify (on top, as it adds it).</summary>
    private const string OurFail = "Authentication-Results: mx.crpm.org; spf=fail smtp.mailfrom=example.org; dkim=fail (body hash did not verify) header.d=example.org; dmarc=fail header.from=example.org\n";

    /// <summary>Her first mail's bytes, per round user (kept before the watcher starts, replayed by m52-03).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> Hers = new(StringComparer.Ordinal);

    /// <summary>A mail as its raw header block (its own Content-Type) and body, LF written as CRLF.</summary>
    private static MimeMessage Raw(string headers, string body) =>
        MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes((headers.TrimEnd('\n') + "\nMIME-Version: 1.0\n\n" + body).Replace("\n", "\r\n", StringComparison.Ordinal))));

    private static string InHerThread(Context c, string attack) =>
        $"X-Attack: {attack}\nMessage-ID: <{c.User}.{attack}@mx.attacker.example>\nIn-Reply-To: <{c.OurReplyToAlice}>\nReferences: <{c.OurReplyToAlice}>\n";

    private static MimePart File(byte[] bytes, string name, string mediaType, string subtype) => Intake.MailRound45Tests.File(bytes, name, mediaType, subtype);

    private static MimeMessage WithParts(MimeMessage message, string text, params MimeEntity[] parts) => AttackerRound49Tests.WithParts(message, text, parts);

    /// <summary>A filled template with 100,000 more (empty) zip entries: a bomb by count, not by size.</summary>
    private static byte[] HundredThousandEntries(byte[] docx)
    {
        using var stream = new MemoryStream();
        stream.Write(docx);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            for (var i = 0; i < 100_000; i++)
            {
                zip.CreateEntry("x/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), CompressionLevel.NoCompression);
            }
        }
        return stream.ToArray();
    }

    /// <summary>A filled template whose body opens with an altChunk: an HTML part (answers in it) Word imports in place.</summary>
    private static byte[] WithAltChunk(Dictionary<string, string> answers) => AttackerRound43Tests.Word(answers, document =>
    {
        var main = document.MainDocumentPart!;
        var chunk = main.AddAlternativeFormatImportPart(AlternativeFormatImportPartType.Html, "chunk1");
        using (var stream = chunk.GetStream())
        {
            stream.Write(Encoding.UTF8.GetBytes("<html><body><p>[Q05] Chunk takeover title</p><p>[Q03] payments@mallory-mail.example</p></body></html>"));
        }
        main.Document!.Body!.InsertAt(new DocumentFormat.OpenXml.Wordprocessing.AltChunk { Id = "chunk1" }, 0);
    });

    /// <summary>A template in her name, nested <paramref name="depth"/> message/rfc822 parts deep in a stranger's mail.</summary>
    private static MimeMessage Nested(Context c, int depth)
    {
        var inner = Mail(c, "m52-08-inner", new MailboxAddress("Alice Example", Alice), "[Q05] Nested takeover title\n[Q13] 1990", c.OurReplyToAlice);
        inner.Headers.Remove("X-Attack");
        for (var i = 0; i < depth; i++)
        {
            var wrapper = new MimeMessage();
            wrapper.From.Add(new MailboxAddress("Alice Example", Alice));
            wrapper.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
            wrapper.Subject = "Fwd: Re: REGIN-0001";
            wrapper.Body = new Multipart("mixed") { new TextPart("plain") { Text = "fwd" }, new MessagePart { Message = inner } };
            inner = wrapper;
        }
        var outer = MailTestHost.Authenticated(Mail(c, "m52-08", new MailboxAddress("Mallory", "mallory.08@evil.example"), "", null, subject: "Fwd: Re: REGIN-0001"));
        return WithParts(outer, "her reply is below", new MessagePart { Message = inner });
    }

    private static readonly Attack[] Attacks =
    [
        // A delivery report (multipart/report) forged as her reply in her thread: a human part with answers, a delivery
        // status saying her address is dead, a Reply-To of the attacker's.
        new("m52-01-dsn-forged-as-her-reply", c => Raw(
            InHerThread(c, "m52-01") + "From: Alice Example <alice@example.org>\nReply-To: alice@mallory-mail.example\nTo: reginproject@crpm.org\nSubject: Re: REGIN-0001\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"rpt\"",
            "--rpt\nContent-Type: text/plain; charset=utf-8\n\nMy old address no longer works, please use the new one.\n[Q03] alice@mallory-mail.example\n[Q05] Bounce takeover title\n"
            + "--rpt\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; alice@example.org\nAction: failed\nStatus: 5.1.1\n--rpt--\n"),
            "ignored", null, Detail: "bounce"),
        // An auto-reply (Auto-Submitted: auto-replied) from an authenticated stranger, its Reply-To our own address: a loop's bait.
        new("m52-02-auto-replied-loop-bait", c =>
        {
            var m = MailTestHost.Authenticated(Mail(c, "m52-02", new MailboxAddress("Mallory", "mallory.02@evil.example"), "I am away.\n[Q05] Loop title\n[Q06] Malta", c.OurReplyToAlice, subject: "Automatic reply: REGIN-0001"));
            m.Headers.Add("Auto-Submitted", "auto-replied");
            m.ReplyTo.Add(MailboxAddress.Parse("reginproject@crpm.org"));
            return m;
        }, "ignored", null, Detail: "auto_reply"),
        // Her own first mail replayed under its Message-ID, its body changed by one line; her pass copied below our server's fail.
        new("m52-03-her-mail-replayed-under-its-message-id", c =>
        {
            var m = MimeMessage.Load(new MemoryStream(Hers[c.User]));
            m.Headers.Insert(0, new Header("X-Attack", "m52-03"));
            m.Headers.Insert(0, new Header("Authentication-Results", OurFail["Authentication-Results: ".Length..].TrimEnd('\n')));
            m.BodyParts.OfType<TextPart>().First().Text += "\n[Q03] alice@mallory-mail.example\n";
            m.ReplyTo.Add(MailboxAddress.Parse("alice@mallory-mail.example"));
            return m;
        }, "unverified_update", null, Detail: "names REGIN-0001: answers="),
        // ARC headers of a "forwarder" saying DMARC passed upstream; our server's own header: arc=pass, dmarc=fail.
        new("m52-04-arc-pass-from-a-forwarder", c => Raw(
            InHerThread(c, "m52-04")
            + "Authentication-Results: mx.crpm.org; arc=pass (i=1 spf=pass dkim=pass dmarc=pass) smtp.remote-ip=203.0.113.9; spf=fail smtp.mailfrom=lists.forwarder.example; dkim=fail header.d=example.org; dmarc=fail header.from=example.org\n"
            + "ARC-Seal: i=1; a=rsa-sha256; d=forwarder.example; s=arc; cv=none; b=AAAA\n"
            + "ARC-Message-Signature: i=1; a=rsa-sha256; d=forwarder.example; s=arc; h=from:to:subject; bh=AAAA; b=AAAA\n"
            + "ARC-Authentication-Results: i=1; mx.forwarder.example; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org\n"
            + "From: Alice Example <alice@example.org>\nTo: reginproject@crpm.org\nSubject: Re: REGIN-0001\nContent-Type: text/plain; charset=utf-8",
            "Forwarded through our list server.\n[Q13] 1990\n"),
            "unverified_update", null, Detail: "names REGIN-0001 by our thread: answers=1 not applied sender_not_authenticated(spf=fail, dkim=fail, dmarc=fail)"),
        // Two results of our server's id in one mail: its real one (on top: fail), then the sender's "pass" with our id in capitals and a final dot.
        new("m52-05-two-results-of-our-id", c => Raw(
            InHerThread(c, "m52-05") + OurFail
            + "Authentication-Results: MX.CRPM.ORG.; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org\n"
            + "From: Alice Example <alice@example.org>\nTo: reginproject@crpm.org\nSubject: Re: REGIN-0001\nContent-Type: text/plain; charset=utf-8",
            "[Q05] Two headers title\n"),
            "unverified_update", null, Detail: "names REGIN-0001 by our thread: answers=1 not applied sender_not_authenticated(spf=fail, dkim=fail, dmarc=fail)"),
        // "STOP" in UTF-7 (+AFMAVABPAFA-), her From, no pass, her thread, Reply-To the attacker's.
        new("m52-06-stop-in-utf-7", c => Raw(
            InHerThread(c, "m52-06") + "From: Alice Example <alice@example.org>\nReply-To: alice@mallory-mail.example\nTo: reginproject@crpm.org\nSubject: Re: REGIN-0001\n"
            + "Content-Type: text/plain; charset=utf-7", "+AFMAVABPAFA-\n"),
            "unverified_update", null, Detail: "held in our thread: stop not applied"),
        // "STOP" under a charset nobody knows, the same way.
        new("m52-07-stop-in-an-unknown-charset", c => Raw(
            InHerThread(c, "m52-07") + "From: Alice Example <alice@example.org>\nReply-To: alice@mallory-mail.example\nTo: reginproject@crpm.org\nSubject: Re: REGIN-0001\n"
            + "Content-Type: text/plain; charset=x-mallory-1", "STOP\n"),
            "unverified_update", null, Detail: "held in our thread: stop not applied"),
        // A template in her name nested 100 message/rfc822 parts deep in an authenticated stranger's mail.
        new("m52-08-rfc822-nested-100-deep", c => Nested(c, 100), "failed", "en", Detail: "nested_too_deep"),
        // Her reference with a Greek Omicron and a Cyrillic O ("REGIN-ΟО01") in the subject, from an authenticated stranger.
        new("m52-09-reference-in-greek-and-cyrillic-letters", c =>
        {
            var m = MailTestHost.Authenticated(Mail(c, "m52-09", new MailboxAddress("Mallory", "mallory.09@evil.example"), "Correction:\n[Q05] Homoglyph takeover title\n[Q13] 1990", null,
                subject: "Re: REGIN-\u039F\u041E01"));
            m.ReplyTo.Add(MailboxAddress.Parse("alice@mallory-mail.example"));
            return m;
        }, "created", "en", ["REGIN-0001"]),
        // A .docx of 100,000 zip entries, from an authenticated stranger.
        new("m52-10-docx-of-100000-zip-entries", c => WithParts(MailTestHost.Authenticated(Mail(c, "m52-10", new MailboxAddress("Mallory", "mallory.10@evil.example"), "", null, subject: "REGIN")),
            "Template attached.",
            File(HundredThousandEntries(AttackerRound43Tests.Word(new() { ["title"] = "Zip entries title", ["country"] = "Malta" })), "REGIN template.docx", "application", Docx)),
            "failed", "en", Detail: "docx_too_large"),
        // A .docx whose body imports an HTML altChunk (a new contact address in it), her From, no pass, her thread.
        new("m52-11-docx-alt-chunk-html-in-her-thread", c => WithParts(Mail(c, "m52-11", new MailboxAddress("Alice Example", Alice), "", c.OurReplyToAlice),
            "Updated template.",
            File(WithAltChunk(new() { ["title"] = "Chunk body title" }), "REGIN template.docx", "application", Docx)),
            "unverified_update", null, Detail: "held in our thread: answers=2 not applied"),
        // A From whose address is an encoded word ("=?utf-8?q?alice?=@example.org"), no pass, her thread.
        new("m52-12-encoded-word-inside-the-address", c => Raw(
            InHerThread(c, "m52-12") + "From: Alice Example <=?utf-8?q?alice?=@example.org>\nTo: reginproject@crpm.org\nSubject: Re: REGIN-0001\nContent-Type: text/plain; charset=utf-8",
            "[Q03] alice@mallory-mail.example\n[Q13] 1990\n"),
            "unverified_update", null, Detail: "held in our thread: answers=2 not applied"),
    ];

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task Twelve_attacks_on_reports_replays_charsets_and_nesting_change_nothing_of_hers_and_answer_only_proven_senders(string provider)
    {
        var result = await AttackRound.RunAsync(servers, provider, "52", Attacks, new HashSet<string>(StringComparer.Ordinal) { "processed", "ignored", "failed" }, async host =>
        {
            var alice = (await host.PracticeAsync("REGIN-0001"))!;
            Assert.Equal(0, await host.CountAsync(db => db.Set<DraftReminder>().Count(r => r.PracticeId == alice.Id && r.StoppedAt != null)));
            var outbox = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().MailOutbox.AsNoTracking().ToListAsync());
            // No mail to a Reply-To, to our own address (the loop), or to an address our server did not vouch for.
            Assert.DoesNotContain(outbox, m => m.Recipient.Contains("mallory-mail", StringComparison.Ordinal) || m.Recipient.Contains("crpm.org", StringComparison.Ordinal)
                || m.Recipient.Contains("=?", StringComparison.Ordinal));
            // Her address identifies her practice only, and no answer holds what the nested, chunked or replayed mails proposed.
            Assert.Equal([alice.Id], await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().ContributorIdentities.AsNoTracking()
                .Where(i => i.ExternalId == Alice).Select(i => i.PracticeId).Distinct().ToListAsync()));
            var answers = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().Answers.AsNoTracking().Where(a => a.PracticeId == alice.Id).Select(a => a.Original).ToListAsync());
            Assert.DoesNotContain(answers, a => a != null && (a.Contains("mallory", StringComparison.Ordinal) || a.Contains("takeover", StringComparison.Ordinal) || a == "1990"));
            // No draft anywhere holds an address of the attacker's as its contact (the replay of her mail started one, REGIN-0002).
            Assert.Equal(0, await host.CountAsync(db => db.Answers.Count(a => a.Original != null && a.Original.Contains("mallory-mail"))));
        }, before: async (host, c) => Hers[c.User] = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking()
            .Where(r => r.DedupKey == "mid:" + c.AliceMessageId).Select(r => r.Content).SingleAsync()));

        Assert.True(result.Failures.Count == 0, result.Report);
    }
}
