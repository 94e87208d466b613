using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using MimeKit;
using Regin.Testing;

using static Regin.MailIngest.Tests.Integration.AttackRound;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Attacker round 53, through a real Dovecot and smtp4dev beside Alice's draft, read by the watcher, on SQLite and on
/// PostgreSQL: our own address as a display name over a domain that starts with ours, the punycode of a look-alike of her
/// domain, her reply forwarded as a message/rfc822 part carrying our thread id, entity expansion in a .docx's package parts,
/// a .docx whose relationships point at a listener of ours, an old OLE .doc renamed .docx, zip entries named "../../x",
/// answers hidden in HTML by CSS the way newsletters hide a preheader, an RTL override in a file name, a 5 MB single base64
/// line, control characters in her header, and an mbox "From " line above two From fields. Nothing of hers changes, her
/// reminders go on, every mail is kept raw, nothing is fetched, and no reply goes to an address our server did not vouch for.
/// </summary>
public sealed class AttackerRound53Tests(MailServers servers) : IClassFixture<MailServers>
{
    private const string Alice = "alice@example.org";
    private const string Docx = "vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Our server's own header for a mail in her name it could not verify (on top, as it adds it).</summary>
    private const string OurFail = "Authentication-Results: mx.crpm.org; spf=fail smtp.mailfrom=example.org; dkim=fail (body hash did not verify) header.d=example.org; dmarc=fail header.from=example.org\n";

    /// <summary>A listener of ours the .docx of m53-05 (and round 55's) points every external relationship at: nothing may ever connect to it.</summary>
    internal static readonly TcpListener Listener = Listening();

    private static TcpListener Listening()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    internal static string Remote(string path) => $"http://127.0.0.1:{((IPEndPoint)Listener.LocalEndpoint).Port}/{path}";

    /// <summary>A mail as its raw header block (its own Content-Type) and body, LF written as CRLF.</summary>
    internal static MimeMessage Raw(string headers, string body) =>
        MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes((headers.TrimEnd('\n') + "\nMIME-Version: 1.0\n\n" + body).Replace("\n", "\r\n", StringComparison.Ordinal))));

    private static string InHerThread(Context c, string attack) =>
        $"X-Attack: {attack}\nMessage-ID: <{c.User}.{attack}@mx.attacker.example>\nIn-Reply-To: <{c.OurReplyToAlice}>\nReferences: <{c.OurReplyToAlice}>\n";

    private static MimePart File(byte[] bytes, string name, string mediaType, string subtype) => Intake.MailRound45Tests.File(bytes, name, mediaType, subtype);

    private static MimeMessage WithParts(MimeMessage message, string text, params MimeEntity[] parts) => AttackerRound49Tests.WithParts(message, text, parts);

    private static MimeMessage Stranger(Context c, string attack, string subject = "REGIN") =>
        MailTestHost.Authenticated(Mail(c, attack, new MailboxAddress("Mallory", $"mallory.{attack[4..]}@evil.example"), "", null, subject: subject));

    private static byte[] Template(string title) => AttackerRound43Tests.Word(new() { ["title"] = title, ["country"] = "Malta" });

    /// <summary>The billion laughs in a package part the answers are not read from ([Content_Types].xml, the package's relationships).</summary>
    private static byte[] Laughing(byte[] docx, string part)
    {
        const string Dtd = "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
            + "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
            + "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\"><!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
            + "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\"><!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
            + "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\"><!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>";
        using (var zip = new ZipArchive(new MemoryStream(docx)))
        {
            // The package's own spelling of the part's name (System.IO.Packaging writes "[Content_Types].xml" as given).
            part = zip.Entries.FirstOrDefault(e => string.Equals(e.FullName.TrimStart('/'), part, StringComparison.OrdinalIgnoreCase))?.FullName
                ?? throw new InvalidOperationException($"no {part} in " + string.Join(", ", zip.Entries.Select(e => e.FullName)));
        }
        return AttackerRound43Tests.Rewritten(docx, part, xml =>
        {
            var declaration = xml.IndexOf("?>", StringComparison.Ordinal);
            var root = xml.IndexOf('<', declaration < 0 ? 0 : declaration + 2);
            var close = xml.IndexOf('>', root);
            // Expanded where the part's reader must read it: a default content type, a style's name.
            var laugh = part.EndsWith(".rels", StringComparison.Ordinal) ? "<Relationship Id=\"rLol\" Type=\"&lol9;\" Target=\"lol.xml\"/>" : "<Default Extension=\"lol\" ContentType=\"&lol9;\"/>";
            return xml[..root] + Dtd + xml[root..(close + 1)] + laugh + xml[(close + 1)..];
        });
    }

    /// <summary>A filled template whose settings, body and pictures point at our listener (attachedTemplate, subDocument, image, hyperlink).</summary>
    private static byte[] PointingAtUs() => AttackerRound43Tests.Word(new() { ["title"] = "Remote parts title", ["country"] = "Malta" }, d =>
    {
        var main = d.MainDocumentPart!;
        var settings = main.DocumentSettingsPart ?? main.AddNewPart<DocumentSettingsPart>();
        settings.Settings ??= new Settings();
        var template = settings.AddExternalRelationship("http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate", new Uri(Remote("t.dotm")));
        settings.Settings!.Append(new AttachedTemplate { Id = template.Id });
        var sub = main.AddExternalRelationship("http://schemas.openxmlformats.org/officeDocument/2006/relationships/subDocument", new Uri(Remote("sub.docx")));
        main.Document!.Body!.InsertAt(new Paragraph(new SubDocumentReference { Id = sub.Id }), 0);
        main.AddExternalRelationship("http://schemas.openxmlformats.org/officeDocument/2006/relationships/image", new Uri(Remote("pixel.png")));
        var link = main.AddHyperlinkRelationship(new Uri(Remote("login")), true);
        main.Document.Body.InsertAt(new Paragraph(new Hyperlink(new Run(new Text("Open the shared template"))) { Id = link.Id }), 0);
    });

    /// <summary>A filled template with zip entries named as paths out of any folder it might be unpacked in.</summary>
    private static byte[] Traversing(byte[] docx)
    {
        using var stream = new MemoryStream();
        stream.Write(docx);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var name in new[] { "../../regin53-traversal.txt", "..\\..\\regin53-traversal.bat", "/tmp/regin53-traversal.txt", "word/../../regin53-traversal.xml" })
            {
                using var entry = new StreamWriter(zip.CreateEntry(name).Open());
                entry.Write("[Q05] Traversal takeover title\n[Q03] payments@mallory-mail.example\n");
            }
        }
        return stream.ToArray();
    }

    /// <summary>An old Word 97 file (an OLE compound file) renamed .docx, its text an attacker's answers.</summary>
    private static byte[] OleDoc()
    {
        var bytes = new byte[4096];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(bytes, 0);
        Encoding.Unicode.GetBytes("[Q05] OLE takeover title\r[Q06] Malta\r").CopyTo(bytes, 1536);
        return bytes;
    }

    /// <summary>A template in a text body sent as one base64 line of 5 MB (the answers first, then filler).</summary>
    private static string OneLineOfBase64()
    {
        var text = new StringBuilder("[Q05] One line title\n[Q06] Malta\n");
        while (text.Length < 3_800_000)
        {
            text.Append("lorem ipsum dolor sit amet ");
        }
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static readonly Attack[] Attacks =
    [
        // Our own address as the display name, over an address at a domain that starts with ours; his server signs it. It
        // "approves" her practice and asks for a new contact, as a phisher writes.
        new("m53-01-our-address-as-display-name", c =>
        {
            var m = Mail(c, "m53-01", new MailboxAddress("reginproject@crpm.org", "reginproject@crpm.org.mallory-mail.example"),
                "Dear contributor, your practice REGIN-0001 was approved.\nTo receive the grant, confirm the new contact:\n[Q03] alice@mallory-mail.example\n[Q13] 1990\nREGIN Lab",
                null, authenticated: true, subject: "REGIN-0001 approved: action needed");
            return m;
        }, "created|needs_info|unverified_update", "en"), // his own signed address: a reply to it is to him (flagged sender_lookalike)
        // Her domain's look-alike in punycode (xn--xample-2of.org: a Cyrillic "е"), which his server signs, naming her
        // practice in the subject with new answers.
        new("m53-02-punycode-lookalike-of-her-domain", c => Mail(c, "m53-02", new MailboxAddress("Alice Example", "alice@xn--xample-2of.org"),
            "Hi, small correction to my practice:\n[Q05] Lookalike takeover title\n[Q13] 1990\nAlice", null, authenticated: true, subject: "Re: REGIN-0001"),
            "created|needs_info", "en", ["Alice's practice"]),
        // Her reply forwarded as a message/rfc822 part: the inner mail is hers, in our thread, a template with new answers;
        // the outer one an authenticated stranger's under a subject naming nothing.
        new("m53-03-forwarded-rfc822-carrying-our-thread-id", c =>
        {
            var inner = Mail(c, "m53-03-inner", new MailboxAddress("Alice Example", Alice), "[Q05] Forwarded thread takeover title\n[Q13] 1990\n[Q03] alice@mallory-mail.example", c.OurReplyToAlice);
            inner.Headers.Remove("X-Attack");
            return WithParts(Stranger(c, "m53-03", "Fwd: corrections"), "FYI, her corrections below, please apply.", new MessagePart { Message = inner });
        }, "created|needs_info", "en"),
        // The billion laughs in [Content_Types].xml and in the package's relationships part, the document itself clean.
        new("m53-04-billion-laughs-in-package-parts", c => WithParts(Stranger(c, "m53-04"), "Template attached.",
            File(Laughing(Template("Laughs title"), "[Content_Types].xml"), "REGIN template.docx", "application", Docx),
            File(Laughing(Template("Relationship laughs title"), "_rels/.rels"), "REGIN template (2).docx", "application", Docx)),
            "needs_info|failed|created", "en"),
        // Every external relationship a .docx can hold (attached template, sub-document, picture, hyperlink) at a listener of ours.
        new("m53-05-docx-relationships-at-our-listener", c => WithParts(Stranger(c, "m53-05"), "Template attached.",
            File(PointingAtUs(), "REGIN template.docx", "application", Docx)),
            "created|needs_info", "en"),
        // An old Word 97 file renamed .docx, its content type still msword.
        new("m53-06-ole-doc-renamed-docx", c => WithParts(Stranger(c, "m53-06"), "Template attached.",
            File(OleDoc(), "REGIN template.docx", "application", "msword")),
            "needs_info|failed", "en", Detail: "docx_"),
        // Zip entries named "../../x", "..\..\x", "/tmp/x" beside a filled template.
        new("m53-07-zip-entries-named-out-of-the-folder", c => WithParts(Stranger(c, "m53-07"), "Template attached.",
            File(Traversing(Template("Traversal body title")), "REGIN template.docx", "application", Docx)),
            "created|needs_info|failed", "en"),
        // An HTML template whose visible answers differ from hidden ones, hidden as newsletters hide a preheader: zero height
        // with overflow hidden, off-screen, a style sheet's display:none, font-size 0, white on white.
        new("m53-08-html-answers-hidden-by-css", c =>
        {
            var m = Stranger(c, "m53-08");
            m.Body = new TextPart("html")
            {
                Text = "<html><head><style>.pre{display:none}</style></head><body>"
                    + "<div style=\"max-height:0;overflow:hidden\">[Q03] payments@mallory-mail.example</div>"
                    + "<span style=\"position:absolute;left:-9999px\">[Q05] Offscreen hidden title</span>"
                    + "<div style=\"height:0px;width:0px;overflow:hidden\">[Q13] 1990</div>"
                    + "<p class=\"pre\">[Q06] Hiddenland</p>"
                    + "<p style=\"font-size:0\">[Q04] +44 7700 900999</p>"
                    + "<p style=\"color:#ffffff;background-color:#ffffff\">[Q01] Hidden Name</p>"
                    + "<p>[Q05] Visible language cafe</p><p>[Q06] Malta</p></body></html>",
            };
            return m;
        }, "created|needs_info", "en"),
        // An RTL override in a Word file's name (it shows as "REGIN templatexcod.exe"), the file unreadable so our reply names it.
        new("m53-09-rtl-override-in-a-named-file", c => WithParts(Stranger(c, "m53-09"), "[Q05] RTL title\n[Q06] Malta",
            File(Encoding.ASCII.GetBytes("not a zip at all"), "REGIN template\u202Eexe.docx", "application", Docx)),
            "created|needs_info", "en", ["\u202E"]),
        // A text body as one base64 line of 5 MB.
        new("m53-10-five-megabytes-of-base64-in-one-line", c => Raw(
            $"X-Attack: m53-10\nMessage-ID: <{c.User}.m53-10@mx.attacker.example>\n"
            + "Authentication-Results: mx.crpm.org; spf=pass smtp.mailfrom=evil.example; dkim=pass header.d=evil.example; dmarc=pass header.from=evil.example\n"
            + "From: Mallory <mallory.10@evil.example>\nTo: reginproject@crpm.org\nSubject: REGIN\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64",
            OneLineOfBase64() + "\n"),
            "created|needs_info|failed", "en"),
        // Control characters in her header (an escape, a backspace, a bell in From and Subject), her thread, no pass.
        new("m53-11-control-characters-in-her-header", c => Raw(
            InHerThread(c, "m53-11") + OurFail + "From: Alice\u001b[8m Example\u0008 <alice@example.org>\nTo: reginproject@crpm.org\nSubject: Re: REGIN-0001\u0007 STOP\nContent-Type: text/plain; charset=utf-8",
            "[Q03] alice@mallory-mail.example\n[Q13] 1990\n"),
            "failed", null, Detail: "no_sender"), // no From a mail program could show: refused unread, kept raw, no reply
        // An mbox "From " line above her From and a second From of the attacker's, her thread, our fail.
        new("m53-12-mbox-line-above-two-froms", c => Raw(
            $"From alice@example.org Mon Dec  7 07:00:00 2026\n" + InHerThread(c, "m53-12") + OurFail
            + "From: Alice Example <alice@example.org>\nFrom: Mallory <mallory.12@evil.example>\nTo: reginproject@crpm.org\nSubject: Re: REGIN-0001\nContent-Type: text/plain; charset=utf-8",
            "[Q03] alice@mallory-mail.example\n[Q13] 1990\n"),
            "unverified_update", null),
    ];

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task Twelve_attacks_on_names_look_alikes_packages_css_and_raw_headers_change_nothing_of_hers_and_fetch_nothing(string provider)
    {
        List<string> all = [];
        var result = await AttackRound.RunAsync(servers, provider, "53", Attacks, new HashSet<string>(StringComparer.Ordinal) { "processed", "ignored", "failed" }, async host =>
        {
            all = await AssertNothingOfHersChangedAsync(host, a => a.Contains("mallory", StringComparison.Ordinal) || a.Contains("takeover", StringComparison.Ordinal) || a == "1990");
        });

        // No part of any .docx was fetched: nothing ever connected to the listener they point at.
        Assert.False(Listener.Pending(), "a .docx's external relationship was fetched");
        Assert.False(System.IO.File.Exists(Path.GetFullPath("../../regin53-traversal.txt")), "a zip entry was written out of its folder");
        Assert.True(result.Failures.Count == 0, result.Report);
        // Nothing hidden by CSS, in a zip entry out of the package, or in an OLE file became anyone's answer (the strangers'
        // own drafts hold what they wrote visibly, their own contact lines included).
        var hidden = all.Where(a => a.Contains("Hidden", StringComparison.Ordinal) || a.Contains("Offscreen", StringComparison.Ordinal) || a.Contains("900999", StringComparison.Ordinal)
            || a.Contains("payments@", StringComparison.Ordinal) || a.Contains("Traversal takeover", StringComparison.Ordinal) || a.Contains("OLE takeover", StringComparison.Ordinal)).ToList();
        Assert.True(hidden.Count == 0, string.Join(" | ", hidden) + "\n" + result.Report);
        Assert.Contains("Visible language cafe", all);
    }
}
