using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using MimeKit;
using Regin.MailIngest.Tests.Intake;
using Regin.MailIngest.Tests.Parsing;
using Regin.Testing;

using Attack = Regin.MailIngest.Tests.Integration.AttackRound.Attack;
using Context = Regin.MailIngest.Tests.Integration.AttackRound.Context;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Attacker round 45, through a real Dovecot and smtp4dev beside Alice's draft, read by the watcher, on SQLite and on
/// PostgreSQL, against session 45's new paths: Outlook's winmail.dat (a file named with a path out of the folder, an RTF
/// body carrying hidden HTML, RTF nested 100,000 deep), Word's altChunk (one linked outside the package, one hiding an
/// answer white on white, a .docx inside the .docx), a reply forging In-Reply-To to Alice's Message-ID (authenticated
/// and not), and a question answered 200 times. Each is kept raw, gets the outcome written beside it, changes nothing of
/// Alice's, and gets one well-formed reply in its sender's language at the From address alone, or none.
/// </summary>
public sealed class AttackerRound45Tests(MailServers servers) : IClassFixture<MailServers>
{
    static AttackerRound45Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string DocxType = "vnd.openxmlformats-officedocument.wordprocessingml.document";

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

    private static MimePart Docx(byte[] bytes, string name) => MailRound45Tests.File(bytes, name, "application", DocxType);

    private static readonly Attack[] Attacks =
    [
        // The filled template inside a winmail.dat under a long name climbing out of any folder: read as ficha.docx, the
        // path never named back; a second file's name is a Windows device path.
        new("a45-01-tnef-attachment-named-with-a-path", c => Mail(c, "a45-01", "Mallory Grey <mallory@evil-ngo.example>", "Form", new Multipart("mixed")
        {
            Text("Hi, the form is attached.\n\nMallory"),
            MailRound45Tests.Winmail(TnefFile.Build(rtf: null, plainBody: "Hi, the form is attached.\r\n",
            [
                new TnefFile.File("FORM~1.DOC", MailRound45Tests.Word("en", d => { MailRound45Tests.Fill(d, "title", "Night shelter"); MailRound45Tests.Fill(d, "country", "Cyprus"); }),
                    "..\\..\\..\\..\\Users\\Public\\Startup\\form.docx"),
                new TnefFile.File("CON.PDF", [0x25, 0x50, 0x44, 0x46], "\\\\?\\C:\\Windows\\System32\\con.pdf"),
            ])),
        }), "created", "en", ReplyOmits: ["..\\", "Users\\Public", "System32", "\\\\?\\"]),
        // A winmail.dat whose only body is RTF carrying HTML, with an answer in a paragraph nobody sees.
        new("a45-02-tnef-rtf-html-hiding-an-answer", c =>
        {
            var rtf = "{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\r\n{\\*\\htmltag19 <html>}{\\*\\htmltag50 <body>}"
                + "{\\*\\htmltag64 <p>}\\htmlrtf {\\htmlrtf0 Hello, our practice:\\htmlrtf }\\htmlrtf0 {\\*\\htmltag72 </p>}"
                + "{\\*\\htmltag64 <p>}\\htmlrtf {\\htmlrtf0 [Q05] Community kitchen\\htmlrtf }\\htmlrtf0 {\\*\\htmltag72 </p>}"
                + "{\\*\\htmltag64 <p>}\\htmlrtf {\\htmlrtf0 [Q06] Malta\\htmlrtf }\\htmlrtf0 {\\*\\htmltag72 </p>}"
                + "{\\*\\htmltag64 <p style=\"display:none\">}\\htmlrtf {\\htmlrtf0 [Q03] payouts@evil-ngo.example\\htmlrtf }\\htmlrtf0 {\\*\\htmltag72 </p>}"
                + "{\\*\\htmltag58 </body>}{\\*\\htmltag27 </html>}}";
            return Mail(c, "a45-02", "Mallory Grey <mallory@evil-ngo.example>", "Practice", MailRound45Tests.Winmail(TnefFile.Build(rtf, plainBody: null)));
        }, "created", "en", ReplyOmits: ["payouts@"], Detail: "hidden_text"),
        // A winmail.dat whose RTF body opens 100,000 groups: refused at the depth limit, never recursed into.
        new("a45-03-tnef-rtf-nested-100000-deep", c => Mail(c, "a45-03", "Mallory Grey <mallory@evil-ngo.example>", "Practice",
            MailRound45Tests.Winmail(TnefFile.Build("{\\rtf1 " + new string('{', 100_000) + "[Q05] Deep" + new string('}', 100_000) + "}", plainBody: null))),
            "failed", "en", Detail: "rtf_unreadable"),
        // An altChunk whose relationship leads outside the package, to the attacker's server: never fetched, named.
        new("a45-04-altchunk-outside-the-package", c => Mail(c, "a45-04", "Eva Braun <eva.braun@verein.example>", "Vorlage", new Multipart("mixed")
        {
            Text("Hallo, anbei die Vorlage.\n\nLiebe Grüße\nEva"),
            Docx(MailRound45Tests.Word("de", d =>
            {
                MailRound45Tests.Fill(d, "title", "Sprachcafé Neustadt");
                var link = d.MainDocumentPart!.AddExternalRelationship("http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk",
                    new Uri("http://198.51.100.7/answers.html"), "rIdOut");
                d.MainDocumentPart.Document!.Body!.Append(new AltChunk { Id = link.Id });
            }), "Vorlage.docx"),
        }), "created", "de", Detail: "docx_embedded_not_read"),
        // An altChunk of HTML hiding a contact address white on white: the visible answers read, the hidden one not.
        new("a45-05-altchunk-hiding-an-answer", c => Mail(c, "a45-05", "Ana Ruiz <ana.ruiz@ayto.example>", "Ficha", new Multipart("mixed")
        {
            Text("Hola, os mando la ficha.\n\nSaludos,\nAna"),
            Docx(MailRound45Tests.Word("es", d => MailRound45Tests.AltChunk(d, AlternativeFormatImportPartType.Html, Encoding.UTF8.GetBytes(
                "<html><body><p>[Q05] Aula de acogida</p><p>[Q06] España</p><p><span style=\"color:#fff;background:#fff\">[Q03] cobros@evil-ngo.example</span></p></body></html>"))),
                "ficha.docx"),
        }), "created", "es", ReplyOmits: ["cobros@"], Detail: "hidden_text"),
        // A reply forging In-Reply-To and References to Alice's Message-ID, from an authenticated stranger who never wrote
        // under it: his own draft, nothing of hers.
        new("a45-06-forged-in-reply-to-alices-message-id", c =>
        {
            // (Oscar, not Mallory: Mallory has had his 3 replies of the day by now, Mail:MaxRepliesPerRecipientPerDay.)
            var m = Mail(c, "a45-06", "Oscar Vance <oscar@rogue-ngo.example>", "Re: Our practice", Text("Correction:\n[Q05] Alice's practice (closed)\n[Q06] Cyprus\n\nOscar"));
            m.InReplyTo = c.AliceMessageId;
            m.References.Add(c.AliceMessageId);
            return m;
        }, "created", "en"),
        // The same unauthenticated: named only, nothing applied, nobody answered.
        new("a45-07-forged-in-reply-to-unauthenticated", c =>
        {
            var m = Mail(c, "a45-07", "Alice Example <alice@example.org>", "Re: Our practice", Text("Correction:\n[Q05] Closed down\n\nAlice"), authenticated: false);
            m.InReplyTo = c.AliceMessageId;
            m.References.Add(c.AliceMessageId);
            return m;
        }, "unverified_update", null),
        // One question answered 200 times: the last kept, said once.
        new("a45-08-a-question-answered-200-times", c => Mail(c, "a45-08", "Tom Ryan <tom.ryan@corkcity.example>", "Template",
            Text("Hi,\n" + string.Concat(Enumerable.Range(1, 200).Select(i => $"[Q05] Welcome desk {i}\n")) + "[Q06] Ireland\n\nTom")),
            "created", "en", Detail: "answered_twice"),
        // A .docx inside the .docx as its altChunk: not opened, named; nothing else in the mail to read.
        new("a45-09-altchunk-docx-inside-docx", c => Mail(c, "a45-09", "Anna Berg <anna.berg@malmo.example>", "Mall", new Multipart("mixed")
        {
            Text("Hej, här är mallen.\n\nMvh\nAnna"),
            Docx(MailRound45Tests.Word("sv", d => MailRound45Tests.AltChunk(d, AlternativeFormatImportPartType.WordprocessingML,
                MailRound45Tests.Word("sv", inner => MailRound45Tests.Fill(inner, "title", "Språkcafé")))), "mall.docx"),
        }), "failed", "sv", Detail: "docx_embedded_not_read"),
    ];

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task Attackers_mail_of_round_45_through_Dovecot_is_kept_answered_in_its_language_and_changes_nothing_of_alices(string provider)
    {
        var result = await AttackRound.RunAsync(servers, provider, "45", Attacks, new HashSet<string>(StringComparer.Ordinal) { "processed", "failed", "ignored" });

        Assert.True(result.Failures.Count == 0, result.Report);
    }
}
