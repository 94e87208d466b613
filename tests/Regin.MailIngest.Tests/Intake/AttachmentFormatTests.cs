using System.IO.Compression;
using System.Security;
using System.Text;
using MimeKit;
using Regin.MailIngest.Intake;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// The template comes back in whatever the contributor's office saves: LibreOffice's own format (.odt) is read like a
/// Word file; an old .doc, a PDF or an RTF is named in the reply with what to send instead, never silently dropped.
/// </summary>
public sealed class AttachmentFormatTests
{
    private const string Office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    private const string Text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private const string Table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";

    /// <summary>An .odt as LibreOffice writes it: the mimetype first and stored, a manifest, the content.</summary>
    internal static byte[] Odt(string body, string? doctype = null, string mimetype = "application/vnd.oasis.opendocument.text")
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "mimetype", mimetype, CompressionLevel.NoCompression);
            Write(zip, "META-INF/manifest.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
                 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
                 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
                </manifest:manifest>
                """, CompressionLevel.Optimal);
            Write(zip, "content.xml", $"""
                <?xml version="1.0" encoding="UTF-8"?>{doctype}
                <office:document-content xmlns:office="{Office}" xmlns:text="{Text}" xmlns:table="{Table}" office:version="1.3"><office:body><office:text>{body}</office:text></office:body></office:document-content>
                """, CompressionLevel.Optimal);
        }
        return stream.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string content, CompressionLevel level)
    {
        using var entry = zip.CreateEntry(name, level).Open();
        entry.Write(Encoding.UTF8.GetBytes(content));
    }

    internal static string P(string text) => $"<text:p text:style-name=\"P1\">{text}</text:p>";

    private static string Row(string question, string answer) =>
        $"<table:table-row><table:table-cell office:value-type=\"string\">{P(SecurityElement.Escape(question))}</table:table-cell>" +
        $"<table:table-cell office:value-type=\"string\">{P(answer)}</table:table-cell></table:table-row>";

    private static MimeMessage Mail(string from, string body, params (string Name, string MediaType, byte[] Bytes)[] attachments)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = "REGIN";
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.org");
        var mixed = new Multipart("mixed") { new TextPart("plain") { Text = body } };
        foreach (var (name, mediaType, bytes) in attachments)
        {
            var type = mediaType.Split('/');
            mixed.Add(new MimePart(type[0], type[1])
            {
                FileName = name,
                Content = new MimeContent(new MemoryStream(bytes)),
                ContentTransferEncoding = ContentEncoding.Base64,
            });
        }
        message.Body = mixed;
        return MailTestHost.Authenticated(message);
    }

    [Fact]
    public async Task A_template_filled_in_with_LibreOffice_and_saved_as_odt_is_read_like_a_word_file()
    {
        await using var host = await MailTestHost.CreateAsync();
        // A table of questions and answers, with LibreOffice's runs of spaces, a span and a line break in the long answer.
        var odt = Odt($"""
            <text:h text:outline-level="1">Scheda buona pratica REGIN</text:h>
            <table:table table:name="Tabella1"><table:table-column table:number-columns-repeated="2"/>
            {Row("Titolo della pratica", "Mediatori <text:span text:style-name=\"T1\">interculturali</text:span> negli ospedali")}
            {Row("Paese", "Italia")}
            {Row("Regione", "Puglia")}
            {Row("Data di inizio", "marzo<text:s/>2019")}
            {Row("Descrizione", "Mediatori nei pronto soccorso.<text:line-break/>Turni anche notturni.")}
            </table:table>
            """);
        var result = await host.IngestAsync(Mail("maria.rossi@regione.puglia.it", "Buongiorno, in allegato la scheda compilata.\n\nMaria Rossi",
            ("scheda_REGIN.odt", "application/vnd.oasis.opendocument.text", odt)));

        Assert.Equal(MailOutcomes.Created, result.Outcome);
        var practice = await host.PracticeAsync(result.Reference);
        string Value(string question) => practice!.Answers.Single(a => a.QuestionId == question).ValueJson!;
        Assert.Equal("\"Mediatori interculturali negli ospedali\"", Value("title"));
        Assert.Equal("\"IT\"", Value("country"));
        Assert.Equal("\"ITF4\"", Value("region"));
        Assert.Equal("\"2019-03\"", Value("start_date"));
        Assert.Contains("Turni anche notturni", Value("description"), StringComparison.Ordinal);
        Assert.Equal("it", practice!.Language);
    }

    [Fact]
    public async Task An_odt_written_as_label_and_answer_paragraphs_is_read()
    {
        await using var host = await MailTestHost.CreateAsync();
        var odt = Odt(P("Titel: Sprachcafé für Neuzugewanderte") + P("Land: Deutschland") + P("Region: Niedersachsen")
            + P("Budget: ca. 45.000<text:s text:c=\"2\"/>Euro<text:note text:note-class=\"footnote\"><text:note-body>" + P("Stand 2023: 12 Euro") + "</text:note-body></text:note>"));
        var result = await host.IngestAsync(Mail("j.weber@example.de", "Anbei die Vorlage.", ("Vorlage.odt", "application/octet-stream", odt)));

        var practice = await host.PracticeAsync(result.Reference);
        string Value(string question) => practice!.Answers.Single(a => a.QuestionId == question).ValueJson!;
        Assert.Equal("\"DE9\"", Value("region"));
        Assert.Equal("45000", Value("budget_eur")); // the footnote's "12 Euro" is not read beside it
    }

    [Theory]
    [InlineData("es", "ficha_REGIN.pdf", "application/pdf", "No hemos leído el archivo adjunto ficha_REGIN.pdf")]
    [InlineData("fr", "modele.doc", "application/msword", "Nous n'avons pas lu le fichier joint modele.doc")]
    [InlineData("de", "Vorlage.rtf", "application/rtf", "Die angehängte Datei Vorlage.rtf haben wir nicht gelesen")]
    [InlineData("el", "πρότυπο.pdf", "application/octet-stream", "Δεν διαβάσαμε το συνημμένο αρχείο πρότυπο.pdf")]
    public async Task A_template_saved_in_a_format_we_do_not_read_is_named_in_the_reply_with_what_to_send_instead(
        string language, string file, string mediaType, string notice)
    {
        await using var host = await MailTestHost.CreateAsync();
        var body = language switch
        {
            "es" => "Buenos días, les envío la ficha de la práctica.\nTítulo de la práctica: Aulas de acogida",
            "fr" => "Bonjour, veuillez trouver ci-joint le modèle rempli.\nTitre de la pratique : Accueil des primo-arrivants",
            "de" => "Guten Tag, anbei die ausgefüllte Vorlage.\nTitel der Praxis: Sprachcafé",
            _ => "Καλημέρα σας, επισυνάπτω το υπόδειγμα.\nΤίτλος της πρακτικής: Κέντρο ένταξης μεταναστών",
        };
        await host.IngestAsync(Mail("someone@example.org", body, (file, mediaType, "%PDF-1.7 or an old Word file"u8.ToArray()), ("logo.png", "image/png", [0x89, 0x50, 0x4E, 0x47])));

        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Contains(notice, reply.TextBody, StringComparison.Ordinal);
        Assert.Contains(".odt", reply.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("logo.png", reply.TextBody, StringComparison.Ordinal); // a picture in a signature is no document
    }

    [Fact]
    public async Task An_odt_that_asks_for_a_file_of_the_server_is_not_opened_and_is_named_in_the_reply()
    {
        await using var host = await MailTestHost.CreateAsync();
        var odt = Odt(P("Titolo della pratica: &secret;"), doctype: "<!DOCTYPE office:document-content [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>");
        var result = await host.IngestAsync(Mail("l@example.org", "Nome e cognome: Lee", ("scheda.odt", "application/vnd.oasis.opendocument.text", odt)));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.DoesNotContain(practice!.Answers, a => a.QuestionId == "title");
        Assert.DoesNotContain("root:", string.Concat(practice.Answers.Select(a => a.ValueJson + a.Original)), StringComparison.Ordinal);
        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Contains("scheda.odt", reply.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_odt_that_expands_a_thousand_times_is_not_opened()
    {
        await using var host = await MailTestHost.CreateAsync();
        var odt = Odt(P("Titel der Praxis: Bombe") + P(new string(' ', 30 * 1024 * 1024)));
        Assert.True(odt.Length < 1024 * 1024);
        var result = await host.IngestAsync(Mail("bomb@example.org", "Anbei die ausgefüllte Vorlage.", ("Vorlage.odt", "application/vnd.oasis.opendocument.text", odt)));

        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Contains("Vorlage.odt", reply.TextBody, StringComparison.Ordinal);
        // Session 56: a zip bomb is told as unsafe (it was "too large or too complex").
        Assert.Contains("Zip-Bombe", reply.TextBody, StringComparison.Ordinal);
        var practice = await host.PracticeAsync(result.Reference);
        Assert.DoesNotContain(practice?.Answers ?? [], a => a.QuestionId == "title");
    }
}
