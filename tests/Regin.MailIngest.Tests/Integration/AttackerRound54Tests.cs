using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.Core.Reminders;
using Regin.Testing;
using Xunit.Abstractions;

using static Regin.MailIngest.Tests.Integration.AttackRound;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Attacker round 54, through a real Dovecot and smtp4dev beside Alice's draft, read by the watcher, on SQLite and on
/// PostgreSQL, against our thread ids and the mail's encodings: a reply in her thread whose References carry the
/// attacker's own signed id (and the reverse), our signed id with one character of its mac or nonce changed, a Date
/// thousands of years away or with an offset no clock has, an HTML alternative of 20 MB of nested tags, base64 with
/// characters that are not base64, uuencode and BinHex transfer encodings, a "template.docx" that is an encrypted zip, a
/// .docx of 10,000 tiny entries, a subject of 5,000 encoded words, a quoted local part holding her address, and a charset
/// that does not exist. Nothing of hers changes, her reminders go on, every mail is kept raw, and no reply goes to an
/// address our server did not vouch for.
/// </summary>
public sealed class AttackerRound54Tests(MailServers servers, ITestOutputHelper output) : IClassFixture<MailServers>
{
    private const string Alice = "alice@example.org";
    private const string Docx = "vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Our server's pass for a sender at <paramref name="domain"/> (the topmost header, as it adds it).</summary>
    internal static string OurPass(string domain) =>
        $"Authentication-Results: mx.crpm.org; spf=pass smtp.mailfrom={domain}; dkim=pass header.d={domain}; dmarc=pass header.from={domain}\n";

    /// <summary>A mail as its raw header block and body bytes, LF written as CRLF in the header.</summary>
    private static MimeMessage Raw(string headers, byte[] body)
    {
        var head = Encoding.UTF8.GetBytes((headers.TrimEnd('\n') + "\nMIME-Version: 1.0\n\n").Replace("\n", "\r\n", StringComparison.Ordinal));
        return MimeMessage.Load(new MemoryStream([.. head, .. body]));
    }

    private static MimeMessage Raw(string headers, string body) => Raw(headers, Encoding.UTF8.GetBytes(body.Replace("\n", "\r\n", StringComparison.Ordinal)));

    internal static string Head(Context c, string attack, string from, string subject = "REGIN practice") =>
        $"X-Attack: {attack}\nMessage-ID: <{c.User}.{attack}@mx.attacker.example>\nFrom: {from}\nTo: reginproject@crpm.org\nSubject: {subject}\n";

    private static MimePart File(byte[] bytes, string name, string mediaType, string subtype) => Intake.MailRound45Tests.File(bytes, name, mediaType, subtype);

    private static MimeMessage WithParts(MimeMessage message, string text, params MimeEntity[] parts) => AttackerRound49Tests.WithParts(message, text, parts);

    private static MimeMessage Stranger(Context c, string attack, string text = "", string subject = "REGIN") =>
        MailTestHost.Authenticated(Mail(c, attack, new MailboxAddress("Mallory", $"mallory.{attack[4..]}@evil.example"), text, null, subject: subject));

    private static byte[] Template(string title) => AttackerRound43Tests.Word(new() { ["title"] = title, ["country"] = "Malta" });

    /// <summary>Our signed id with the character at <paramref name="fromEnd"/> before its "@" changed (a hex digit to another).</summary>
    private static string Changed(string id, int fromEnd)
    {
        var at = id.IndexOf('@', StringComparison.Ordinal) - fromEnd;
        return id[..at] + (id[at] == 'a' ? 'b' : 'a') + id[(at + 1)..];
    }

    /// <summary>A filled template as a zip whose every entry is marked encrypted (general purpose bit 0) and whose data is
    /// what encryption leaves: bytes no inflater reads (what <c>zip -e</c> makes of the template).</summary>
    private static byte[] Encrypted(byte[] docx)
    {
        var bytes = (byte[])docx.Clone();
        var random = new Random(54);
        for (var i = 0; i + 30 < bytes.Length;)
        {
            var signature = BitConverter.ToUInt32(bytes, i);
            if (signature == 0x04034b50)
            {
                bytes[i + 6] |= 1;
                var size = BitConverter.ToInt32(bytes, i + 18);
                var start = i + 30 + BitConverter.ToUInt16(bytes, i + 26) + BitConverter.ToUInt16(bytes, i + 28);
                random.NextBytes(bytes.AsSpan(start, size));
                i = start + size;
            }
            else if (signature == 0x02014b50)
            {
                bytes[i + 8] |= 1;
                i += 46 + BitConverter.ToUInt16(bytes, i + 28) + BitConverter.ToUInt16(bytes, i + 30) + BitConverter.ToUInt16(bytes, i + 32);
            }
            else
            {
                break;
            }
        }
        return bytes;
    }

    /// <summary>A filled template with 10,000 tiny entries beside its parts (each a few bytes: the zip stays small).</summary>
    private static byte[] TenThousandEntries(byte[] docx)
    {
        using var stream = new MemoryStream();
        stream.Write(docx);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            for (var i = 0; i < 10_000; i++)
            {
                using var entry = new StreamWriter(zip.CreateEntry($"customXml/x{i}.xml", CompressionLevel.NoCompression).Open());
                entry.Write("<a/>");
            }
        }
        return stream.ToArray();
    }

    /// <summary>The uuencoding of <paramref name="text"/> (as a mail program of the 1990s attached it), 45 bytes a line.</summary>
    private static string Uuencoded(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var output = new StringBuilder("begin 644 answers.txt\n");
        static char C(int v) => v == 0 ? '`' : (char)(v + 32);
        for (var i = 0; i < bytes.Length; i += 45)
        {
            var line = bytes.AsSpan(i, Math.Min(45, bytes.Length - i));
            output.Append(C(line.Length));
            for (var j = 0; j < line.Length; j += 3)
            {
                int b0 = line[j], b1 = j + 1 < line.Length ? line[j + 1] : 0, b2 = j + 2 < line.Length ? line[j + 2] : 0;
                output.Append(C(b0 >> 2)).Append(C(((b0 << 4) | (b1 >> 4)) & 63)).Append(C(((b1 << 2) | (b2 >> 6)) & 63)).Append(C(b2 & 63));
            }
            output.Append('\n');
        }
        return output.Append("`\nend\n").ToString();
    }

    /// <summary>Base64 of <paramref name="text"/> with characters base64 does not have strewn through it, a "=" pad halfway.</summary>
    private static string DirtyBase64(string text)
    {
        var clean = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        var output = new StringBuilder();
        for (var i = 0; i < clean.Length; i++)
        {
            output.Append(clean[i]);
            if (i % 7 == 3)
            {
                output.Append("!*$~%");
            }
            if (i == clean.Length / 2)
            {
                output.Append("==\u00e9");
            }
            if (i % 60 == 59)
            {
                output.Append('\n');
            }
        }
        return output.Append('\n').ToString();
    }

    /// <summary>A subject of 5,000 encoded words ("REGIN" each), folded four to a line.</summary>
    private static string FiveThousandEncodedWords() =>
        string.Join("", Enumerable.Range(0, 5_000).Select(i => (i % 4 == 0 && i > 0 ? "\n " : " ") + "=?utf-8?B?UkVHSU4=?="));

    private static Attack[] Attacks(Func<string> strangersThread) =>
    [
        // Mallory, the authenticated contributor of his own practice (REGIN-0002), answers our reply to Alice (In-Reply-To)
        // and carries his own signed thread id in References: "it is my thread too".
        new("m54-01-her-in-reply-to-his-signed-references", c =>
        {
            var m = MailTestHost.Authenticated(Mail(c, "m54-01", new MailboxAddress("Mallory", "mallory@evil.example"),
                "Updating the practice as agreed:\n[Q05] References takeover title\n[Q13] 1990", c.OurReplyToAlice, subject: "Re: REGIN-0001"));
            m.References.Insert(0, strangersThread());
            return m;
        }, "unverified_update", "en", ["References takeover", "1990"], Detail: "names REGIN-0001 by our thread"),
        // The reverse: In-Reply-To his own thread, References hers (newest last): which signed id decides?
        new("m54-02-his-in-reply-to-her-signed-references", c =>
        {
            var m = MailTestHost.Authenticated(Mail(c, "m54-02", new MailboxAddress("Mallory", "mallory@evil.example"),
                "[Q05] Reverse references takeover title", strangersThread(), subject: "Re: REGIN-0001"));
            m.References.Add(c.OurReplyToAlice);
            return m;
        }, "updated", "en", ["Alice"], Detail: "REGIN-0002"),
        // A colleague's domain (example.org: a colleague may continue her thread) with our signed id, its mac's last
        // character changed: only the HMAC stands between him and her practice.
        new("m54-03-her-thread-id-with-its-mac-changed", c => MailTestHost.Authenticated(Mail(c, "m54-03", new MailboxAddress("Bob", "bob.m54@example.org"),
            "[Q05] Tampered mac title\n[Q13] 1990", Changed(c.OurReplyToAlice, 1), subject: "Re: REGIN-0001")),
            "created", "en"),
        // The same with one character of the nonce changed (the mac kept).
        new("m54-04-her-thread-id-with-its-nonce-changed", c => MailTestHost.Authenticated(Mail(c, "m54-04", new MailboxAddress("Carol", "carol.m54@example.org"),
            "[Q05] Tampered nonce title\n[Q13] 1991", Changed(c.OurReplyToAlice, 34), subject: "Re: REGIN-0001")),
            "created", "en"),
        // A Date at the end of the calendar, fourteen hours ahead (the most a zone is): reminders and quiet hours read it.
        new("m54-05-date-in-the-year-9999", c => Raw(OurPass("evil.example") + Head(c, "m54-05", "Mallory <mallory.05@evil.example>")
            + "Date: Fri, 31 Dec 9999 23:59:59 +1400\nContent-Type: text/plain; charset=utf-8",
            "[Q05] Far future language cafe\n[Q06] Malta\n"), "created", "en"),
        // A Date before the calendar's start, with an offset of 99 hours no clock has.
        new("m54-06-date-in-year-one-with-a-99-hour-offset", c => Raw(OurPass("evil.example") + Head(c, "m54-06", "Mallory <mallory.06@evil.example>")
            + "Date: Mon, 01 Jan 0001 00:00:00 +9959\nContent-Type: text/plain; charset=utf-8",
            "[Q05] Year one language cafe\n[Q06] Malta\n"), "created", "en"),
        // multipart/alternative: a plain template, and an HTML alternative of 20 MB of nested tags (a parse bomb).
        new("m54-07-html-alternative-of-20-mb-nested-tags", c =>
        {
            var m = Stranger(c, "m54-07");
            m.Body = new MultipartAlternative
            {
                new TextPart("plain") { Text = "[Q05] Nested bomb language cafe\n[Q06] Malta\n" },
                new TextPart("html") { Text = string.Concat(Enumerable.Repeat("<div><b>", 2_500_000)) + "[Q05] Bomb hidden title", ContentTransferEncoding = ContentEncoding.Base64 },
            };
            return m;
        }, "created", "en"),
        // A base64 body with "!*$~%", a padding "==" halfway and a Latin-1 byte strewn through it.
        new("m54-08-base64-with-characters-not-base64", c => Raw(OurPass("evil.example") + Head(c, "m54-08", "Mallory <mallory.08@evil.example>")
            + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64",
            DirtyBase64("[Q05] Dirty base64 language cafe\n[Q06] Malta\n[Q13] 2019\n")), "needs_info", "en", Detail: "no_answers"),
        // A body in uuencode, as a mail program of the 1990s wrote it ("Content-Transfer-Encoding: x-uuencode").
        new("m54-09-uuencoded-body", c => Raw(OurPass("evil.example") + Head(c, "m54-09", "Mallory <mallory.09@evil.example>")
            + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: x-uuencode",
            Uuencoded("[Q05] Uuencoded language cafe\n[Q06] Malta\n")), "created", "en"),
        // A Word template in BinHex 4.0, a transfer encoding no reader here knows.
        new("m54-10-binhex-docx", c => Raw(OurPass("evil.example") + Head(c, "m54-10", "Mallory <mallory.10@evil.example>")
            + "Content-Type: multipart/mixed; boundary=\"b54\"",
            "--b54\nContent-Type: text/plain; charset=utf-8\n\nTemplate attached.\n--b54\nContent-Type: application/" + Docx + "; name=\"REGIN template.docx\"\n"
            + "Content-Disposition: attachment; filename=\"REGIN template.docx\"\nContent-Transfer-Encoding: x-binhex\n\n"
            + "(This file must be converted with BinHex 4.0)\n:" + Convert.ToBase64String(Template("Binhex title")).Replace('+', '!').Replace('/', '#')[..2000] + ":\n--b54--\n"),
            "failed", "en", Detail: "docx_invalid:REGIN template.docx"),
        // "REGIN template.docx" that is an encrypted zip of the template (every entry's encryption bit set).
        new("m54-11-template-docx-as-an-encrypted-zip", c => WithParts(Stranger(c, "m54-11"), "Template attached, password as usual.",
            File(Encrypted(Template("Encrypted zip title")), "REGIN template.docx", "application", Docx)),
            "failed", "en", Detail: "docx_encrypted:REGIN template.docx"),
        // A filled template with 10,000 tiny entries beside it.
        new("m54-12-docx-of-ten-thousand-tiny-entries", c => WithParts(Stranger(c, "m54-12"), "Template attached.",
            File(TenThousandEntries(Template("Many entries title")), "REGIN template.docx", "application", Docx)),
            "failed", "en", Detail: "docx_too_large:REGIN template.docx"),
        // A subject of 5,000 encoded words (each "REGIN"), 1,250 folded lines.
        new("m54-13-subject-of-5000-encoded-words", c => Raw(OurPass("evil.example") + Head(c, "m54-13", "Mallory <mallory.13@evil.example>", FiveThousandEncodedWords())
            + "Content-Type: text/plain; charset=utf-8",
            "[Q05] Encoded words language cafe\n[Q06] Malta\n"), "failed", null, Detail: "headers_too_large"),
        // Her address as the quoted local part of his own: "alice@example.org"@evil.example, signed by his server, in her thread.
        new("m54-14-her-address-as-a-quoted-local-part", c => Raw(OurPass("evil.example") + Head(c, "m54-14", "Alice Example <\"alice@example.org\"@evil.example>", "Re: REGIN-0001")
            + $"In-Reply-To: <{c.OurReplyToAlice}>\nReferences: <{c.OurReplyToAlice}>\nContent-Type: text/plain; charset=utf-8",
            "New contact for my practice:\n[Q03] alice@mallory-mail.example\n[Q05] Quoted local part takeover title\n"), "unverified_update", "en", ["Quoted local part", "mallory-mail"]),
        // A charset label that does not exist over Latin-1 bytes.
        new("m54-15-charset-that-does-not-exist", c => Raw(OurPass("evil.example") + Head(c, "m54-15", "Mallory <mallory.15@evil.example>")
            + "Content-Type: text/plain; charset=x-unknown-8859\nContent-Transfer-Encoding: 8bit",
            Encoding.Latin1.GetBytes("[Q05] Caf\u00e9 des langues de Val\u00e8ncia\r\n[Q06] Malta\r\n")), "created", "en"),
    ];

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task Fifteen_attacks_on_thread_ids_dates_encodings_packages_and_addresses_change_nothing_of_hers(string provider)
    {
        string? strangersThread = null;
        List<string> all = [];
        var result = await AttackRound.RunAsync(servers, provider, "54", Attacks(() => strangersThread!), new HashSet<string>(StringComparer.Ordinal) { "processed", "ignored", "failed" }, async host =>
        {
            all = await AssertNothingOfHersChangedAsync(host, a => a.Contains("mallory", StringComparison.Ordinal) || a.Contains("takeover", StringComparison.Ordinal) || a is "1990" or "1991");
            // A Date no clock has gives the reminders no zone (the default hour), never an exception in the scheduler.
            var rows = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().ToListAsync());
            foreach (var row in rows)
            {
                var zone = ContributorTimeZone.FromMail(row.Content);
                Assert.True(zone is null || Math.Abs(zone.BaseUtcOffset.TotalHours) <= 14, zone?.Id);
                if (Encoding.Latin1.GetString(row.Content).Contains("X-Attack: m54-05", StringComparison.Ordinal))
                {
                    Assert.Equal("UTC+14:00", zone?.Id);
                }
            }
        }, async (host, context) => strangersThread = await HisOwnPracticeAsync(host));

        // What each attack became (every row's outcome), in the test's output.
        output.WriteLine(result.Report);
        Assert.True(result.Failures.Count == 0, result.Report);
        // Nothing from her thread became anyone's answer, nor the HTML bomb's text (the strangers' own drafts hold what they wrote).
        // What the strangers wrote visibly was read through the encodings: uuencode, an unknown charset over Latin-1 (read as
        // the bytes are), the plain alternative beside the HTML bomb, Dates no clock has.
        foreach (var title in new[] { "Uuencoded language cafe", "Caf\u00e9 des langues de Val\u00e8ncia", "Nested bomb language cafe", "Far future language cafe", "Year one language cafe", "Tampered mac title", "Tampered nonce title" })
        {
            Assert.True(all.Contains(title), title + "\n" + result.Report);
        }
        var hidden = all.Where(a => a.Contains("References takeover", StringComparison.Ordinal) || a.Contains("Quoted local part", StringComparison.Ordinal)
            || a.Contains("Bomb hidden", StringComparison.Ordinal) || a.Contains("mallory-mail", StringComparison.Ordinal)).ToList();
        Assert.True(hidden.Count == 0, string.Join(" | ", hidden) + "\n" + result.Report);
    }
}
