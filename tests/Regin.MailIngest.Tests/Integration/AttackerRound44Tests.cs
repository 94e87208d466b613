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
/// Attacker round 44, through a real Dovecot and smtp4dev beside Alice's draft, read by the watcher, on SQLite and on
/// PostgreSQL: Greek bodies in windows-1253 or ISO-8859-7 mislabelled as UTF-8 or Latin-1, a Content-Transfer-Encoding
/// that lies, an .odt instead of a .docx, a reply quoting another contributor's reference and answers, a second From
/// hidden in a folded header, a bounce saying "Auto-Submitted: no", CR/LF inside an encoded subject, every label twice
/// with different answers (since session 45 the later kept, flagged `answered_twice`), a .docx whose answers are in an
/// altChunk (read since session 45), and a .docx whose document.xml is 200 MB
/// uncompressed. Each is kept raw, gets the outcome written beside it, changes nothing of Alice's, and gets one
/// well-formed reply in its sender's language at the From address alone, or none.
/// </summary>
public sealed class AttackerRound44Tests(MailServers servers) : IClassFixture<MailServers>
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    static AttackerRound44Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

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

    /// <summary>A mail written byte for byte (headers as an attacker folds them), parsed as Dovecot will store it.</summary>
    private static MimeMessage Raw(Context context, string name, string headers, byte[] body)
    {
        var head = headers.Replace("{id}", $"{context.User}.{name}@mx.attacker.example", StringComparison.Ordinal) + $"X-Attack: {name}\r\n\r\n";
        using var stream = new MemoryStream();
        stream.Write(Encoding.Latin1.GetBytes(head));
        stream.Write(body);
        stream.Position = 0;
        return MimeMessage.Load(stream);
    }

    private static TextPart Text(string text) => new("plain") { Text = text, ContentTransferEncoding = ContentEncoding.QuotedPrintable };

    private static MimePart File(byte[] bytes, string name, string mediaType, string subtype) => new(mediaType, subtype)
    {
        FileName = name,
        Content = new MimeContent(new MemoryStream(bytes)),
        ContentTransferEncoding = ContentEncoding.Base64,
    };

    private static string Label(string id, string language) => Questionnaire.Questions.Single(q => q.Id == id).Label[language];

    private const string Greek = "Καλησπέρα σας, σας στέλνω το πρότυπο συμπληρωμένο.\n\n[Q01] Γιώργος Νικολάου\n[Q05] Κέντρο υποδοχής Χανίων\n[Q06] Ελλάδα\n\nΜε εκτίμηση,\nΓιώργος";

    /// <summary>The Greek mail's bytes in <paramref name="encoding"/>, declared as <paramref name="declared"/>.</summary>
    private static MimeMessage Mislabelled(Context context, string name, string encoding, string declared, string address) => Raw(context, name,
        "From: =?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("Γιώργος Νικολάου")) + "?= <" + address + ">\r\nTo: reginproject@crpm.org\r\n"
        + "Subject: REGIN\r\nMessage-ID: <{id}>\r\nDate: Fri, 4 Dec 2026 10:00:00 +0200\r\nMIME-Version: 1.0\r\n"
        + $"Content-Type: text/plain; charset={declared}\r\nContent-Transfer-Encoding: 8bit\r\n"
        + $"Authentication-Results: {MailTestHost.PassHeader(address)}\r\n",
        Encoding.GetEncoding(encoding).GetBytes(Greek.Replace("\n", "\r\n", StringComparison.Ordinal)));

    /// <summary>The English Word template (nothing filled), and <paramref name="edit"/> applied to the package.</summary>
    private static byte[] Word(Action<WordprocessingDocument> edit)
    {
        using var stream = new MemoryStream();
        stream.Write(new DocxTemplate(Questionnaire).Generate("en", "reginproject@crpm.org"));
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            edit(document);
            document.MainDocumentPart!.Document!.Save();
        }
        return stream.ToArray();
    }

    /// <summary>A .docx whose document.xml is <paramref name="megabytes"/> MB of one paragraph's spaces (a few hundred kB zipped).</summary>
    internal static byte[] WordBomb(int megabytes)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Entry(string name, string text)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
            Entry("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
            Entry("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
            using var document = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            document.Write(Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t xml:space=\"preserve\">[Q05] Bomb "));
            var spaces = new byte[1024 * 1024];
            Array.Fill(spaces, (byte)' ');
            for (var i = 0; i < megabytes; i++)
            {
                document.Write(spaces);
            }
            document.Write(Encoding.UTF8.GetBytes("</w:t></w:r></w:p></w:body></w:document>"));
        }
        return stream.ToArray();
    }

    private static byte[] Odt(string paragraphs)
    {
        const string office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
        const string text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Entry(string name, string content, CompressionLevel level)
            {
                using var entry = zip.CreateEntry(name, level).Open();
                entry.Write(Encoding.UTF8.GetBytes(content));
            }
            Entry("mimetype", "application/vnd.oasis.opendocument.text", CompressionLevel.NoCompression);
            Entry("META-INF/manifest.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>", CompressionLevel.Optimal);
            Entry("content.xml", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"{office}\" xmlns:text=\"{text}\" office:version=\"1.3\"><office:body><office:text>{paragraphs}</office:text></office:body></office:document-content>", CompressionLevel.Optimal);
        }
        return stream.ToArray();
    }

    private static readonly Attack[] Attacks =
    [
        // Greek typed in windows-1253 (an old Outlook), the part declared UTF-8.
        new("a44-01-windows-1253-labelled-utf-8", c => Mislabelled(c, "a44-01", "windows-1253", "utf-8", "g.nikolaou@chania-region.example"), "created", "el"),
        // Greek in ISO-8859-7, the part declared Latin-1 (a gateway's default).
        new("a44-02-iso-8859-7-labelled-latin1", c => Mislabelled(c, "a44-02", "iso-8859-7", "iso-8859-1", "g.nikolaou@heraklion-region.example"), "created", "el"),
        // Content-Transfer-Encoding: base64 declared, quoted-printable sent.
        new("a44-03-base64-declared-quoted-printable-sent", c => Raw(c, "a44-03",
            "From: Claire Martin <claire.martin@bretagne.example>\r\nTo: reginproject@crpm.org\r\nSubject: Fiche REGIN\r\nMessage-ID: <{id}>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n"
            + $"Authentication-Results: {MailTestHost.PassHeader("claire.martin@bretagne.example")}\r\n",
            Encoding.ASCII.GetBytes("Bonjour,\r\nvoici la fiche de notre projet.\r\n[Q05] Accueil des r=C3=A9fugi=C3=A9s =\r\n=C3=A0 Rennes\r\n[Q06] France\r\n\r\nCordialement,\r\nClaire\r\n")),
            "created", "fr"),
        // The template saved by LibreOffice as .odt instead of .docx.
        new("a44-04-odt-instead-of-docx", c => Mail(c, "a44-04", "Ana Ruiz <ana.ruiz@sevilla.example>", "Ficha REGIN", new Multipart("mixed")
        {
            Text("Hola, adjunto la ficha en formato LibreOffice.\n\nSaludos,\nAna"),
            File(Odt($"<text:p>{Label("title", "es")}: Aula de acogida</text:p><text:p>{Label("country", "es")}: España</text:p>"), "ficha.odt", "application", "vnd.oasis.opendocument.text"),
        }), "created", "es"),
        // A reply whose quoted part holds Alice's reference and answers under her name: only the sender's own are his.
        new("a44-05-quote-of-anothers-reference-and-answers", c => Mail(c, "a44-05", "Bob Baker <bob@allotments.example>", "Re: our practices",
            Text("Hi,\nhere is ours.\n[Q05] Community allotments\n[Q06] Malta\n\nBob\n\nOn Thu, 3 Dec 2026 at 10:12, Alice Example <alice@example.org> wrote:\n> REGIN-0001\n> [Q05] Alice's practice (closed down)\n> [Q06] Cyprus\n")),
            "created", "en"),
        // A second From hidden in a folded X- header, naming Alice's practice.
        new("a44-06-second-from-in-a-folded-header", c => Raw(c, "a44-06",
            "From: Mallory Grey <mallory@evil-ngo.example>\r\nX-Mailer: Outlook\r\n From: Alice Example <alice@example.org>\r\nTo: reginproject@crpm.org\r\nSubject: REGIN-0001\r\nMessage-ID: <{id}>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + $"Authentication-Results: {MailTestHost.PassHeader("mallory@evil-ngo.example")}\r\n",
            Encoding.UTF8.GetBytes("Hi, our correction:\r\n[Q05] Alice's practice (closed)\r\n[Q06] Cyprus\r\n")), "created", "en"),
        // A bounce that says it is no automatic mail.
        new("a44-07-bounce-with-auto-submitted-no", c =>
        {
            var m = Mail(c, "a44-07", "Mail Delivery System <MAILER-DAEMON@mx.evil-ngo.example>", "Undelivered Mail Returned to Sender", new MultipartReport("delivery-status")
            {
                Text("This is the mail system at host mx.evil-ngo.example.\n\nI'm sorry to have to inform you that your message could not be delivered.\n[Q05] Alice's practice (closed)\n"),
                new MessageDeliveryStatus(),
            });
            m.Headers.Add("Auto-Submitted", "no");
            return m;
        }, "ignored", null),
        // CR/LF inside an encoded word of the subject, to put a Bcc and a header of its own into our reply.
        new("a44-08-crlf-in-an-encoded-subject", c =>
        {
            var m = Mail(c, "a44-08", "Lucía Martínez <lucia@huerto.example>", "x", Text("Hola, os mando los datos.\n[Q05] Huerto comunitario\n[Q06] España\n\nSaludos,\nLucía"));
            m.Headers[HeaderId.Subject] = "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("Ficha\r\nBcc: victim@example.net\r\nX-Injected: 1\r\n\r\nhola")) + "?=";
            return m;
        }, "created", "es", ReplyOmits: ["X-Injected", "victim@example.net"]),
        // Each label twice, with different answers.
        new("a44-09-each-label-twice", c => Mail(c, "a44-09", "Marco Bianchi <marco@sportello.example>", "Scheda REGIN",
            Text($"Buongiorno, ecco la scheda compilata.\n\n{Label("title", "it")}: Sportello migranti\n{Label("country", "it")}: Italia\n{Label("title", "it")}: Casa delle culture\n{Label("country", "it")}: Francia\n\nCordiali saluti\nMarco")),
            "created", "it", Detail: "answered_twice"),
        // The answers in an altChunk (HTML imported into the .docx), the template's controls empty: since session 45 the
        // HTML is read as the document's text (it was named as not read); the reply is in English, the attached template's
        // language (a template's labels come before the sender's own words: the template is the one they chose).
        new("a44-10-docx-altchunk-html", c => Mail(c, "a44-10", "Eva Braun <eva.braun@verein.example>", "Vorlage", new Multipart("mixed")
        {
            Text("Hallo, anbei die ausgefüllte Vorlage.\n\nLiebe Grüße\nEva"),
            File(Word(d =>
            {
                var part = d.MainDocumentPart!.AddAlternativeFormatImportPart(AlternativeFormatImportPartType.Html, "altChunk1");
                using (var html = part.GetStream(FileMode.Create))
                {
                    html.Write(Encoding.UTF8.GetBytes("<html><body><p>[Q05] Sprachcafé Neustadt</p><p>[Q06] Deutschland</p></body></html>"));
                }
                d.MainDocumentPart!.Document!.Body!.Append(new AltChunk { Id = "altChunk1" });
            }), "Vorlage.docx", "application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
        }), "created", "en"),
        // A .docx whose document.xml is 200 MB uncompressed: refused as a zip bomb before it is inflated, told in Swedish.
        new("a44-11-docx-document-200-mb", c => Mail(c, "a44-11", "Anna Berg <anna.berg@malmo.example>", "Mall", new Multipart("mixed")
        {
            Text("Hej, här är mallen.\n\nMvh\nAnna"),
            File(WordBomb(200), "mall.docx", "application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
        }), "failed", "sv", Detail: "docx_zip_bomb"),
    ];

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task Attackers_mail_of_round_44_through_Dovecot_is_kept_answered_in_its_language_and_changes_nothing_of_alices(string provider)
    {
        var result = await AttackRound.RunAsync(servers, provider, "44", Attacks, new HashSet<string>(StringComparer.Ordinal) { "processed", "failed", "ignored" });

        Assert.True(result.Failures.Count == 0, result.Report);
    }
}
