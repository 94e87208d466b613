using static Regin.MailIngest.Tests.Integration.ContributorPlay;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using MimeKit.Text;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Intake;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Session 53: the mail door on what officials really send, through a real Dovecot, the watcher and smtp4dev: a Greek
/// official's template reply from an old Outlook or Thunderbird in ISO-8859-7 (8bit and quoted-printable, the subject as
/// Q and B encoded words), in windows-1253 (its "Ά" is another byte), the Greek Word template attached; a Swedish
/// ISO-8859-1 mail and a German windows-1252 one with "€" (0x80). With REGIN_PLAY_OUT set, each mail in and reply out is
/// written there.
/// </summary>
public sealed class ContributorPlay53Tests(MailServers servers) : IClassFixture<MailServers>
{
    static ContributorPlay53Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    private const string Mailbox = "reginproject@crpm.org";

    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 10, 0, TimeSpan.FromHours(2));

    /// <summary>Greek as typed in a hurry: no accents, often in capitals ("ΠΕΡΙΦΕΡΕΙΑ ΚΡΗΤΗΣ").</summary>
    private static string Unaccented(string text) =>
        string.Concat(text.Normalize(NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)).Normalize(NormalizationForm.FormC);

    /// <summary>What an official of <paramref name="language"/> types after each required key (but the e-mail address).</summary>
    private static Dictionary<string, string> Typed(string language, string organisation, string region) => Questionnaire.Questions
        .Where(q => q.Required && q.Id != "contact_email")
        .ToDictionary(q => q.Id, q => (language, q.Id) switch
        {
            ("el", "contact_name") => "Νικος Παπαδακης",
            ("el", "title") => "Κεντρο ενταξης μεταναστων",
            ("el", "country") => "ΕΛΛΑΔΑ",
            ("el", "end_date") => "σε εξελιξη",
            ("el", "consent_publish") => "ΝΑΙ",
            // Capital alpha with tonos: 0xB6 in ISO-8859-7, 0xA2 in windows-1253.
            ("el", _) when q.Type == QuestionType.Longtext => "Άνθρωποι της περιοχής συνοδεύουν τους νεοαφιχθέντες για έναν χρόνο.",
            ("el", _) when q.Type is QuestionType.Choice or QuestionType.Multi => Unaccented(q.ChoiceList[0].Label.In("el")).ToUpperInvariant(),
            ("sv", "contact_name") => "Åsa Öberg",
            ("sv", "title") => "Språkvän Malmö",
            ("sv", "country") => "Sverige",
            ("sv", "end_date") => "pågår",
            ("sv", "consent_publish") => "ja",
            ("sv", _) when q.Type == QuestionType.Longtext => "Volontärer stöttar nyanlända under ett år, även äldre får hjälp.",
            ("de", "contact_name") => "Jürgen Weiß",
            ("de", "title") => "Sprachpatenschaften im Landkreis",
            ("de", "country") => "Deutschland",
            ("de", "end_date") => "läuft noch",
            ("de", "consent_publish") => "ja",
            ("de", _) when q.Type == QuestionType.Longtext => "Ehrenamtliche begleiten Neuzugewanderte ein Jahr lang – Kosten je Tandem: 150 €.",
            (_, _) when q.Type is QuestionType.Choice or QuestionType.Multi => q.ChoiceList[0].Label.In(language),
            (_, "contact_organisation" or "lead_organisation") => organisation,
            (_, "region") => region,
            (_, "start_date") => "03/2021",
            _ => throw new ArgumentException(q.Id),
        });

    private static string Template(Dictionary<string, string> typed, string greeting, string signOff, string? extra = null) =>
        greeting + "\n\n" + string.Join("\n", typed.Select(a => $"[{Key(a.Key)}] {a.Value}")) + (extra is null ? "" : "\n" + extra) + "\n\n" + signOff;

    /// <summary>
    /// A mail as an old client writes it: one text/plain part in <paramref name="charset"/>, 8bit or quoted-printable, the
    /// subject as an encoded word in the same charset, Q or B, written by hand (MimeKit would choose by itself).
    /// </summary>
    internal static MimeMessage OldClient(string from, string subject, char subjectEncoding, string charset, ContentEncoding transfer, string text, MimePart? attachment = null)
    {
        var encoding = Encoding.GetEncoding(charset);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse($"\"REGIN Integration Lab\" <{Mailbox}>"));
        message.Subject = "x";
        message.Date = Monday;
        var domain = message.From.Mailboxes.Single().Domain;
        message.MessageId = $"{Guid.NewGuid():N}@{domain}";
        message.Headers.Add(transfer == ContentEncoding.EightBit ? "User-Agent" : "X-Mailer",
            transfer == ContentEncoding.EightBit ? "Mozilla/5.0 (Windows NT 6.1; rv:52.0) Gecko/20100101 Thunderbird/52.9.1" : "Microsoft Outlook 14.0");
        var plain = new TextPart(TextFormat.Plain) { ContentTransferEncoding = transfer };
        plain.SetText(encoding, text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));
        message.Body = attachment is null ? plain : new Multipart("mixed") { plain, attachment };
        using var raw = new MemoryStream();
        message.WriteTo(raw);
        var bytes = subjectEncoding == 'Q'
            ? string.Concat(encoding.GetBytes(subject).Select(b => b == ' ' ? "_" : b is > 32 and < 127 and not (byte)'=' and not (byte)'?' and not (byte)'_' ? ((char)b).ToString() : $"={b:X2}"))
            : Convert.ToBase64String(encoding.GetBytes(subject));
        var word = $"=?{(subjectEncoding == 'Q' ? charset : charset.ToUpperInvariant())}?{subjectEncoding}?{bytes}?=";
        var headerAndBody = Encoding.Latin1.GetString(raw.ToArray());
        var withSubject = Regex.Replace(headerAndBody, @"^Subject: x(\r?\n)", $"Subject: {word}$1", RegexOptions.Multiline, TimeSpan.FromSeconds(1));
        return MailTestHost.Authenticated(MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(withSubject))));
    }

    /// <summary>Mojibake: a character that is no letter of the text (a replacement character, UTF-8 read as Latin-1 or as Greek).</summary>
    private static bool Garbled(string text) =>
        text.Contains('\uFFFD', StringComparison.Ordinal) || text.Contains("Ã", StringComparison.Ordinal) || text.Contains("Î", StringComparison.Ordinal)
        || text.Contains("Ï", StringComparison.Ordinal) || text.Contains("â‚¬", StringComparison.Ordinal) || text.Contains("=?", StringComparison.Ordinal);

    /// <summary>The mail as the database keeps it, read back.</summary>
    private static async Task<MimeMessage> StoredAsync(MailTestHost host, string messageId)
    {
        var content = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking()
            .Where(r => r.Channel == MailProcessor.Channel && r.DedupKey.Contains(messageId)).Select(r => r.Content).SingleAsync());
        return MimeMessage.Load(new MemoryStream(content));
    }

    public static TheoryData<string, string, string, char, string, string> OldClientMails() => new()
    {
        // language, case, charset, subject's encoding, transfer, what the answers are typed so (organisation | region)
        { "el", "el-iso-8859-7-8bit-q", "iso-8859-7", 'Q', "8bit", "ΠΕΡΙΦΕΡΕΙΑ ΚΡΗΤΗΣ|ΚΡΗΤΗ" },
        { "el", "el-iso-8859-7-qp-b", "iso-8859-7", 'B', "quoted-printable", "ΠΕΡΙΦΕΡΕΙΑ ΚΡΗΤΗΣ|κρητη" },
        { "el", "el-windows-1253-qp-b", "windows-1253", 'B', "quoted-printable", "δημος πατρεων|δυτικη ελλαδα" },
        { "sv", "sv-iso-8859-1-8bit-q", "iso-8859-1", 'Q', "8bit", "Malmö stad|Sydsverige" },
        { "de", "de-windows-1252-qp-q", "windows-1252", 'Q', "quoted-printable", "Landratsamt Augsburg|Schwaben" },
    };

    private static readonly Dictionary<string, (string From, string Subject, string Greeting, string SignOff)> Writers = new()
    {
        ["el"] = ("Νίκος Παπαδάκης <n.papadakis@crete-region.example>", "Απάντηση: Φόρμα REGIN - Κέντρο ένταξης", "Καλημέρα σας,", "Με εκτίμηση,\nΝίκος Παπαδάκης\nΤμήμα Κοινωνικής Ένταξης"),
        ["sv"] = ("Åsa Öberg <asa.oberg@malmo-stad.example>", "Sv: REGIN-mall - Språkvän Malmö", "Hej!", "Vänliga hälsningar\nÅsa Öberg\nMalmö stad"),
        ["de"] = ("Jürgen Weiß <j.weiss@landkreis-augsburg.example>", "AW: REGIN-Vorlage – Sprachpatenschaften (Förderung 45.000 €)", "Sehr geehrte Damen und Herren,", "Mit freundlichen Grüßen\nJürgen Weiß\nLandratsamt Augsburg"),
    };

    /// <summary>
    /// Item 1. The filled template from an old client in a legacy charset, the answers as typed in a hurry (Greek without
    /// accents or in capitals): every answer read as typed, the reply in the mail's language, nothing garbled in the reply
    /// nor in the raw mail the database keeps.
    /// </summary>
    [Theory]
    [MemberData(nameof(OldClientMails))]
    public async Task A_template_reply_in_a_legacy_charset_is_read_whole_and_answered_in_its_language(string language, string name, string charset, char subjectEncoding, string transfer, string typedSo)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, name);
        var writer = Writers[language];
        var typed = Typed(language, typedSo.Split('|')[0], typedSo.Split('|')[1]);
        // The German budget line with the euro sign, 0x80 in windows-1252.
        var extra = language == "de" ? $"[{Key("budget_eur")}] 45.000 €" : null;
        var mail = OldClient(writer.From, writer.Subject, subjectEncoding, charset, transfer == "8bit" ? ContentEncoding.EightBit : ContentEncoding.QuotedPrintable,
            Template(typed, writer.Greeting, writer.SignOff, extra));
        var (reply, practice) = await play.SendAsync(mail);
        var stored = await StoredAsync(host, mail.MessageId!);
        await host.Host.StopAsync();
        Assert.Equal(writer.Subject, stored.Subject);
        Assert.Contains(typed["lead_organisation"], stored.TextBody, StringComparison.Ordinal);
        Assert.Equal(language, Language(reply));
        foreach (var (id, text) in typed)
        {
            Assert.True(text == practice.Answers.SingleOrDefault(a => a.QuestionId == id)?.Original, $"{id}: {text} read as {practice.Answers.SingleOrDefault(a => a.QuestionId == id)?.Original ?? "(nothing)"}");
        }
        if (language == "de")
        {
            Assert.Equal("45000", Answer(practice, "budget_eur"));
        }
        // The reply lists what it understood, in her words: unspoilt ("Άνθρωποι" is 0xB6 in ISO-8859-7, 0xA2 in windows-1253).
        Assert.False(Garbled(Body(reply)), Body(reply));
        Assert.False(Garbled(reply.Subject ?? ""), reply.Subject);
        Assert.Contains(typed["lead_organisation"], Body(reply), StringComparison.Ordinal);
        Assert.Contains(typed["description"], Body(reply), StringComparison.Ordinal);
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
    }

    private static Run R(string text) => new(new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    /// <summary>The Greek Word template, each required answer typed after its question's line as Word users do.</summary>
    private static byte[] GreekDocx(Dictionary<string, string> typed)
    {
        using var stream = new MemoryStream();
        stream.Write(new DocxTemplate(Questionnaire).Generate("el", Mailbox));
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            var body = document.MainDocumentPart!.Document!.Body!;
            foreach (var (id, text) in typed)
            {
                var line = TextTemplate.QuestionLine(Questionnaire.Questions.First(q => q.Id == id), "el");
                body.Elements<Paragraph>().First(p => p.InnerText == line).Append(R(" " + text));
            }
            document.MainDocumentPart.Document.Save();
        }
        return stream.ToArray();
    }

    /// <summary>
    /// Item 1. A Greek municipal official sends the Word template back from Thunderbird, her few lines in ISO-8859-7 8bit,
    /// the subject a Q encoded word: the answers are read from the document, the reply is Greek and unspoilt.
    /// </summary>
    [Fact]
    public async Task A_Greek_Word_template_under_an_ISO_8859_7_mail_is_read_and_answered_in_Greek()
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "el-word-iso-8859-7");
        var typed = Typed("el", "δημος πατρεων", "δυτικη ελλαδα");
        typed["contact_name"] = "ΜΑΡΙΑ ΓΕΩΡΓΙΟΥ";
        var docx = new MimePart("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
        {
            Content = new MimeContent(new MemoryStream(GreekDocx(typed))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "Φόρμα REGIN.docx",
        };
        var mail = OldClient("Μαρία Γεωργίου <m.georgiou@patras-dimos.example>", "Απ: Φόρμα REGIN", 'Q', "iso-8859-7", ContentEncoding.EightBit,
            "Καλημερα σας,\n\nσας στελνω συνημμενη τη φορμα συμπληρωμενη.\n\nΜε εκτιμηση,\nΜαρια Γεωργιου\nΔημος Πατρεων", docx);
        var (reply, practice) = await play.SendAsync(mail);
        await host.Host.StopAsync();
        Assert.Equal("el", Language(reply));
        foreach (var (id, text) in typed)
        {
            Assert.True(text == practice.Answers.SingleOrDefault(a => a.QuestionId == id)?.Original, $"{id}: {text} read as {practice.Answers.SingleOrDefault(a => a.QuestionId == id)?.Original ?? "(nothing)"}");
        }
        Assert.False(Garbled(Body(reply)), Body(reply));
        Assert.False(Garbled(reply.Subject ?? ""), reply.Subject);
    }

    public static TheoryData<string> OutlookTableLanguages() => new() { "fr", "es" };

    private static readonly Dictionary<string, (string From, string Organisation, string Region, string[] Context, string[] Activities)> TableWriters = new()
    {
        ["fr"] = ("Claire Martin <claire.martin@bretagne-region.example>", "Région Bretagne", "Bretagne",
            ["En 2019, un tiers des primo-arrivants de la région n'avaient aucun suivi après six mois.", "Les communes rurales n'avaient ni interprète ni permanence."],
            ["- cours de français le mardi soir", "- accompagnement aux démarches (CAF, préfecture)", "- aide à la recherche de logement"]),
        ["es"] = ("Ana Ruiz <ana.ruiz@juntadeandalucia.example>", "Junta de Andalucía", "Andalucía",
            ["En 2019 un tercio de los recién llegados de la región no tenía ningún seguimiento a los seis meses.", "Los municipios rurales no tenían intérpretes ni oficina de atención."],
            ["- clases de español los martes por la tarde", "- acompañamiento en trámites (padrón, tarjeta sanitaria)", "- ayuda para buscar vivienda"]),
    };

    /// <summary>
    /// Item 5. An official answers from Outlook in HTML only (quoted-printable, windows-1252) with the template pasted as a
    /// real Word table: each section's title a merged row across both columns, the context's label cell merged over two
    /// rows (one paragraph in each), the activities a cell of three lines (line breaks inside one paragraph). Every row is
    /// read, and a cell of several lines, or a label over several rows, is one answer with all its lines.
    /// </summary>
    [Theory]
    [MemberData(nameof(OutlookTableLanguages))]
    public async Task An_Outlook_table_with_merged_cells_and_lines_inside_a_cell_is_read_row_by_row(string language)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, $"{language}-outlook-merged-table");
        var w = TableWriters[language];
        static string Cell(string html, string attributes = "") => $"<td width=380 valign=top {attributes}style='border:solid windowtext 1.0pt;padding:0cm 5.4pt'>{html}</td>";
        static string P(string text) => "<p class=MsoNormal>" + System.Net.WebUtility.HtmlEncode(text) + "<o:p></o:p></p>";
        var rows = new StringBuilder();
        var typed = new Dictionary<string, string>();
        string? section = null;
        foreach (var question in Questionnaire.Questions.Where(q => q.Required && q.Id != "contact_email"))
        {
            if (question.Section != section)
            {
                section = question.Section;
                rows.Append("<tr>").Append(Cell("<p class=MsoNormal><b>" + System.Net.WebUtility.HtmlEncode(Questionnaire.Sections.First(x => x.Id == section).Label.In(language).ToUpperInvariant()) + "</b></p>", "colspan=2 style='background:#D9E2F3' "))
                    .Append("</tr>\r\n");
            }
            var label = "<p class=MsoNormal><b>" + System.Net.WebUtility.HtmlEncode($"[{Key(question.Id)}] {Label(question.Id, language)}") + "</b></p>";
            if (question.Id == "description")
            {
                // The label's cell merged over two rows, a paragraph of the answer in each.
                rows.Append("<tr>").Append(Cell(label, "rowspan=2 ")).Append(Cell(P(w.Context[0]))).Append("</tr>\r\n<tr>").Append(Cell(P(w.Context[1]))).Append("</tr>\r\n");
                typed[question.Id] = string.Join("\n\n", w.Context); // a row, a paragraph
                continue;
            }
            if (question.Id == "activities")
            {
                // Shift+Enter in Word: line breaks inside one paragraph.
                rows.Append("<tr>").Append(Cell(label)).Append(Cell("<p class=MsoNormal>" + string.Join("<br>\r\n", w.Activities.Select(System.Net.WebUtility.HtmlEncode)) + "<o:p></o:p></p>")).Append("</tr>\r\n");
                typed[question.Id] = string.Join("\n", w.Activities);
                continue;
            }
            var answer = question.Id switch
            {
                "contact_name" => MailboxAddress.Parse(w.From).Name!,
                "contact_organisation" or "lead_organisation" => w.Organisation,
                "title" => language == "fr" ? "Accueil des primo-arrivants" : "Acogida de recién llegados",
                "country" => language == "fr" ? "France" : "España",
                "region" => w.Region,
                "start_date" => "03/2021",
                "end_date" => Questionnaire.Vocabulary.Ongoing.In(language)[0],
                "consent_publish" => Questionnaire.Vocabulary.Yes.In(language)[0],
                _ when question.Type is QuestionType.Choice or QuestionType.Multi => question.ChoiceList[0].Label.In(language),
                _ => language == "fr" ? "Des bénévoles accompagnent les nouveaux arrivants pendant un an." : "Voluntarios acompañan a los recién llegados durante un año.",
            };
            typed[question.Id] = answer;
            rows.Append("<tr>").Append(Cell(label)).Append(Cell(P(answer))).Append("</tr>\r\n");
        }
        var html = "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta http-equiv=Content-Type content=\"text/html; charset=windows-1252\"></head>"
            + "<body lang=" + language.ToUpperInvariant() + "><div class=WordSection1><p class=MsoNormal>" + (language == "fr" ? "Bonjour," : "Buenos días:") + "<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>"
            + "<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none'><tbody>\r\n" + rows + "</tbody></table>"
            + "<p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>" + (language == "fr" ? "Cordialement," : "Un saludo,") + "<o:p></o:p></p><p class=MsoNormal>"
            + System.Net.WebUtility.HtmlEncode(MailboxAddress.Parse(w.From).Name) + "<o:p></o:p></p></div></body></html>";
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(w.From));
        message.To.Add(MailboxAddress.Parse($"\"REGIN Integration Lab\" <{Mailbox}>"));
        message.Subject = language == "fr" ? "Fiche REGIN" : "Ficha REGIN";
        message.Date = Monday;
        message.MessageId = $"{Guid.NewGuid():N}@EXCH01.{message.From.Mailboxes.Single().Domain}";
        message.Headers.Add("Thread-Topic", message.Subject);
        var body = new TextPart(TextFormat.Html) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        body.SetText(Encoding.GetEncoding("windows-1252"), html);
        message.Body = body;
        var (reply, practice) = await play.SendAsync(MailTestHost.Authenticated(message));
        await host.Host.StopAsync();
        Assert.Equal(language, Language(reply));
        foreach (var (id, text) in typed)
        {
            Assert.True(text == practice.Answers.SingleOrDefault(a => a.QuestionId == id)?.Original, $"{id}: {text} read as {practice.Answers.SingleOrDefault(a => a.QuestionId == id)?.Original ?? "(nothing)"}");
        }
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
    }
}
