using static Regin.MailIngest.Tests.Integration.ContributorPlay;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using MimeKit;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Session 48: four more contributors played through a real Dovecot, the watcher and smtp4dev on both providers: an
/// Austrian Land official's Outlook HTML mail (the template pasted with answers after the labels, a signature block and a
/// twelve-line disclaimer), then a one-line budget reply with "Rest folgt nächste Woche"; an Italian cooperative's Gmail
/// from a phone ("vedi allegato" for the description, a PDF we cannot read), then the description in the body; a Galician
/// official's Word template with a partners table she extended and "¿podéis publicar solo el título de momento?"; a
/// Maltese NGO's English mail ("€45k over 2 yrs"), her numbered answers to our reply, then "please delete my submission".
/// With REGIN_PLAY_OUT set, each mail in and reply out is written there.
/// </summary>
public sealed class ContributorPlay48Tests(MailServers servers) : IClassFixture<MailServers>
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();
    private const string Mailbox = "reginproject@crpm.org";

    static ContributorPlay48Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static string Line(string id, string language) => TextTemplate.QuestionLine(Questionnaire.Questions.First(q => q.Id == id), language);

    // ---------------------------------------------------------------------------------------------------------------
    // 1. An Austrian Land official (Land Tirol), Outlook in HTML: the template's lines pasted, answers after the labels.

    private const string GruberAddress = "andrea.gruber@tirol.gv.example";

    private static readonly (string Id, string Answer)[] GruberAnswers =
    [
        ("contact_name", "Mag. Andrea Gruber"),
        ("contact_organisation", "Amt der Tiroler Landesregierung, Abteilung Gesellschaft und Arbeit"),
        ("contact_email", GruberAddress),
        ("contact_phone", "+43 512 508 7821"),
        ("title", "Integrationsbegleitung in den Tiroler Talschaften"),
        ("country", "Österreich"),
        ("region", "Tirol"),
        ("lead_organisation", "Land Tirol, Fachbereich Integration"),
        ("lead_organisation_type", "Regionalbehörde"),
        ("regional_authority_role", "Projektträger und Finanzierung"),
        ("partners", "Gemeinden Landeck, Imst und Lienz; Caritas Tirol; AMS Tirol"),
        ("start_date", "Jänner 2022"),
        ("end_date", "laufend"),
        ("integration_areas", "Arbeit, Sprache, Wohnen"),
        ("target_groups", "Geflüchtete, Asylberechtigte"),
        ("description", "In den Seitentälern gibt es kaum Beratungsangebote; Asylberechtigte zogen deshalb nach Innsbruck."),
        ("objectives", "Begleitung vor Ort in der Gemeinde, damit die Menschen in den Tälern bleiben und dort Arbeit finden."),
        ("activities", "Integrationsbegleiterinnen mit Sprechstunden in den Gemeindeämtern, Deutschkurse, Jobcoaching mit dem AMS."),
        ("results", "Rund 60 % der Begleiteten haben nach einem Jahr eine Arbeit in der Region."),
        ("beneficiaries_count", "ca. 540"),
        ("innovative_elements", "Die Begleitung kommt in die Gemeinde, nicht umgekehrt."),
        ("challenges_solutions", "Weite Wege: Sprechstunden an fixen Tagen, abgestimmt mit dem Postbus."),
        ("lessons_learned", "Die Bürgermeister von Anfang an einbinden."),
        ("transferability", "Für jede alpine Region mit verstreuten Gemeinden."),
        ("consent_publish", "ja"),
    ];

    private const string GruberSignaturePlain = "Mit freundlichen Grüßen\r\n\r\nMag. Andrea Gruber\r\nReferentin Integration\r\n\r\nAmt der Tiroler Landesregierung\r\n"
        + "Abteilung Gesellschaft und Arbeit\r\nFachbereich Integration\r\nMeinhardstraße 16, 6020 Innsbruck\r\n\r\nT +43 512 508 7821\r\nF +43 512 508 747805\r\n"
        + "andrea.gruber@tirol.gv.example\r\nwww.tirol.gv.example/integration\r\n\r\n[cid:image001.png@01DB48C1.0A2B3C40]\r\n\r\n";

    private static readonly string[] GruberDisclaimer =
    [
        "HINWEIS: Diese Nachricht ist ausschließlich für den bezeichneten Adressaten oder dessen Vertreter bestimmt.",
        "Sie kann vertrauliche und rechtlich geschützte Informationen enthalten.",
        "Falls Sie nicht der vorgesehene Empfänger dieser Nachricht sind, ist Ihnen jede Form der Verwendung,",
        "Veröffentlichung, Vervielfältigung oder Weitergabe des Inhalts dieser Nachricht untersagt.",
        "Sollten Sie diese Nachricht irrtümlich erhalten haben, verständigen Sie bitte umgehend den Absender",
        "und löschen Sie die Nachricht samt allen Anlagen aus Ihrem System.",
        "Das Amt der Tiroler Landesregierung übernimmt keine Haftung für Schäden durch Viren oder",
        "durch die Übermittlung von E-Mails; eine rechtsverbindliche Erklärung kann durch E-Mail nicht abgegeben werden.",
        "Informationen zur Verarbeitung Ihrer personenbezogenen Daten gemäß Art. 13 und 14 DSGVO",
        "finden Sie unter www.tirol.gv.example/datenschutz.",
        "Bitte prüfen Sie der Umwelt zuliebe, ob der Ausdruck dieser E-Mail erforderlich ist.",
        "Amtssignatur: Dieses Dokument wurde amtssigniert. Informationen unter www.tirol.gv.example/amtssignatur.",
    ];

    private static MimeMessage OutlookHtml(string from, string subject, string plain, string html, DateTimeOffset date, string? inReplyTo = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse($"\"REGIN Integration Lab\" <{Mailbox}>"));
        message.Subject = subject;
        message.Date = date;
        message.MessageId = $"{Guid.NewGuid():N}@EXCH-LV01.tirol.gv.local";
        message.Headers.Add("Thread-Topic", subject);
        message.Headers.Add("X-MS-Has-Attach", "");
        message.Headers.Add("X-Mailer", "Microsoft Outlook 16.0");
        message.Headers.Add("Content-Language", "de-AT");
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo;
            message.References.Add(inReplyTo);
        }
        var plainPart = new TextPart("plain") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        plainPart.SetText(Encoding.GetEncoding("windows-1252"), plain);
        var htmlPart = new TextPart("html") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        htmlPart.SetText(Encoding.GetEncoding("windows-1252"), html);
        var alternative = new MultipartAlternative { plainPart, htmlPart };
        var logo = new MimePart("image", "png")
        {
            ContentId = "image001.png@01DB48C1.0A2B3C40",
            ContentDisposition = new ContentDisposition(ContentDisposition.Inline) { FileName = "image001.png" },
            ContentTransferEncoding = ContentEncoding.Base64,
            Content = new MimeContent(new MemoryStream(Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))),
        };
        var related = new MultipartRelated { alternative, logo };
        related.ContentType.Parameters.Add("type", "multipart/alternative");
        message.Body = related;
        return MailTestHost.Authenticated(message);
    }

    private static string Html(IEnumerable<string> lines) => string.Concat(lines.Select(l => l.Length == 0 ? "<p class=MsoNormal><o:p>&nbsp;</o:p></p>\r\n" : $"<p class=MsoNormal>{System.Net.WebUtility.HtmlEncode(l)}<o:p></o:p></p>\r\n"));

    private static string HtmlDocument(string inner) =>
        "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns=\"http://www.w3.org/TR/REC-html40\"><head><meta http-equiv=Content-Type content=\"text/html; charset=windows-1252\">"
        + "<meta name=Generator content=\"Microsoft Word 15 (filtered medium)\"><style><!--p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:\"Calibri\",sans-serif;}--></style></head>"
        + "<body lang=DE-AT link=\"#0563C1\"><div class=WordSection1>\r\n" + inner + "</div></body></html>\r\n";

    private static string GruberSignatureHtml() =>
        "<p class=MsoNormal>Mit freundlichen Grüßen<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>\r\n"
        + "<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0><tr><td style='padding:0cm 5.4pt'><p class=MsoNormal><img width=80 height=80 src=\"cid:image001.png@01DB48C1.0A2B3C40\" alt=\"Land Tirol\"></p></td>"
        + "<td style='border-left:solid #C00000 1.5pt;padding:0cm 5.4pt'><p class=MsoNormal><b><span style='color:#C00000'>Mag. Andrea Gruber</span></b><br>Referentin Integration</p>"
        + "<p class=MsoNormal><span style='font-size:9.0pt'>Amt der Tiroler Landesregierung<br>Abteilung Gesellschaft und Arbeit<br>Fachbereich Integration<br>Meinhardstraße 16, 6020 Innsbruck</span></p>"
        + "<p class=MsoNormal><span style='font-size:9.0pt'>T +43 512 508 7821<br>F +43 512 508 747805<br><a href=\"mailto:andrea.gruber@tirol.gv.example\">andrea.gruber@tirol.gv.example</a><br><a href=\"https://www.tirol.gv.example/integration\">www.tirol.gv.example/integration</a></span></p></td></tr></table>\r\n"
        + "<p class=MsoNormal><o:p>&nbsp;</o:p></p>\r\n<p class=MsoNormal><span style='font-size:7.5pt;color:gray'>" + string.Join("<br>\r\n", GruberDisclaimer.Select(System.Net.WebUtility.HtmlEncode)) + "<o:p></o:p></span></p>\r\n";

    internal static MimeMessage GruberFirst()
    {
        string[] top = ["Sehr geehrte Damen und Herren,", "", "wie beim Webinar besprochen übermittle ich Ihnen unser Praxisbeispiel. Das Budget muss ich noch mit der Finanzabteilung klären.", ""];
        var lines = GruberAnswers.Select(a => Line(a.Id, "de") + " " + a.Answer).ToList();
        var plain = string.Join("\r\n", top) + "\r\n" + string.Join("\r\n", lines) + "\r\n\r\n" + GruberSignaturePlain + string.Join("\r\n", GruberDisclaimer) + "\r\n";
        var html = HtmlDocument(Html(top) + Html(lines) + "<p class=MsoNormal><o:p>&nbsp;</o:p></p>\r\n" + GruberSignatureHtml());
        return OutlookHtml($"\"Gruber Andrea\" <{GruberAddress}>", "REGIN Praxisbeispiel Land Tirol", plain, html, new DateTimeOffset(2026, 12, 7, 10, 12, 0, TimeSpan.FromHours(1)));
    }

    /// <summary>Her reply: one line on top, the signature and disclaimer, Outlook's "Von:/Gesendet:" block and our reply quoted unmarked.</summary>
    internal static MimeMessage GruberSecond(MimeMessage ourReply)
    {
        var ours = (ourReply.TextBody ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        const string Top = "Budget: ca. 300.000 € (Landesmittel und ESF+), Rest folgt nächste Woche";
        var header = new[] { $"Von: REGIN Integration Lab <{Mailbox}>", "Gesendet: Montag, 7. Dezember 2026 10:13", $"An: Gruber Andrea <{GruberAddress}>", "Betreff: " + ourReply.Subject, "" };
        var plain = Top + "\r\n\r\n" + GruberSignaturePlain + string.Join("\r\n", GruberDisclaimer) + "\r\n\r\n" + string.Join("\r\n", header) + "\r\n" + string.Join("\r\n", ours) + "\r\n";
        var html = HtmlDocument("<p class=MsoNormal>" + System.Net.WebUtility.HtmlEncode(Top) + "<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>\r\n" + GruberSignatureHtml()
            + "<div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'><p class=MsoNormal><b>Von:</b> REGIN Integration Lab &lt;" + Mailbox + "&gt; <br><b>Gesendet:</b> Montag, 7. Dezember 2026 10:13<br><b>An:</b> Gruber Andrea &lt;" + GruberAddress + "&gt;<br><b>Betreff:</b> " + System.Net.WebUtility.HtmlEncode(ourReply.Subject) + "<o:p></o:p></p></div>\r\n"
            + Html(ours));
        return OutlookHtml($"\"Gruber Andrea\" <{GruberAddress}>", "AW: " + ourReply.Subject, plain, html, new DateTimeOffset(2026, 12, 9, 8, 41, 0, TimeSpan.FromHours(1)), ourReply.MessageId);
    }

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task An_Austrian_Land_official_pastes_the_template_in_Outlook_HTML_then_sends_the_budget_in_one_line(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "de-gruber");
        var (reply, practice) = await play.TrySendAsync(GruberFirst());
        Assert.Equal("de", Language(reply));
        Assert.NotNull(practice);
        var reference = practice!.Reference;
        (reply, practice) = await play.TrySendAsync(GruberSecond(reply), reference);
        await host.Host.StopAsync();
        Assert.Equal("de", Language(reply));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 2. An Italian cooperative in Puglia, the Gmail app on a phone: Italian labels, no accents, "vedi allegato" and a PDF.

    private const string DeSantisAddress = "coop.ilgranaio@gmail.com";

    private static MimeMessage GmailPhone(string from, string subject, string text, DateTimeOffset date, string? inReplyTo = null, MimePart? attachment = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(Mailbox));
        message.Subject = subject;
        message.Date = date;
        message.MessageId = $"CAM{Guid.NewGuid():N}@mail.gmail.com";
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo;
            message.References.Add(inReplyTo);
        }
        var plain = new TextPart("plain") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        plain.SetText(Encoding.UTF8, text.Replace("\n", "\r\n", StringComparison.Ordinal));
        var html = new TextPart("html") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        html.SetText(Encoding.UTF8, "<div dir=\"auto\">" + string.Join("", text.Split('\n').Select(l => l.Length == 0 ? "<div dir=\"auto\"><br></div>" : $"<div dir=\"auto\">{System.Net.WebUtility.HtmlEncode(l)}</div>")) + "</div>\r\n");
        var alternative = new MultipartAlternative { plain, html };
        message.Body = attachment is null ? alternative : new Multipart("mixed") { alternative, attachment };
        return MailTestHost.Authenticated(message);
    }

    /// <summary>A scanned PDF (an image only, no text layer): nothing we could read even if we read PDFs.</summary>
    private static MimePart ScannedPdf() => new("application", "pdf")
    {
        FileName = "Progetto Terre Comuni.pdf",
        ContentTransferEncoding = ContentEncoding.Base64,
        Content = new MimeContent(new MemoryStream(Encoding.Latin1.GetBytes("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>\nendobj\n4 0 obj\n<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >>\nstream\n\u0080\nendstream\nendobj\n5 0 obj\n<< /Length 28 >>\nstream\nq 595 0 0 842 0 0 cm /Im0 Do Q\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"))),
    };

    internal static MimeMessage DeSantisFirst() => GmailPhone($"Coop. Il Granaio <{DeSantisAddress}>", "Scheda REGIN coop Il Granaio",
        "Buongiorno,\n\nvi mando la scheda della nostra pratica.\n\n"
        + $"{Label("contact_name", "it")}: Antonella De Santis\n"
        + $"{Label("contact_organisation", "it")}: Cooperativa sociale Il Granaio\n"
        + $"{Label("title", "it")}: Terre Comuni - agricoltura sociale per braccianti stranieri\n"
        + $"{Label("country", "it")}: Italia\n"
        + $"{Label("region", "it")}: Puglia\n"
        + $"{Label("lead_organisation", "it")}: Cooperativa sociale Il Granaio\n"
        + $"{Label("lead_organisation_type", "it")}: cooperativa sociale\n"
        + $"{Label("regional_authority_role", "it")}: finanziatore\n"
        + $"{Label("partners", "it")}: Comune di Cerignola, Caritas diocesana, CGIL Foggia\n"
        + $"{Label("start_date", "it")}: 2020\n"
        + $"{Label("end_date", "it")}: in corso\n"
        + $"{Label("integration_areas", "it")}: lavoro, abitazione\n"
        + $"{Label("target_groups", "it")}: braccianti stranieri, richiedenti asilo\n"
        + $"{Label("description", "it")}: vedi allegato\n"
        + $"{Label("objectives", "it")}: togliere i braccianti dai ghetti e dal caporalato con contratti regolari e casa\n"
        + $"{Label("activities", "it")}: inserimento lavorativo nelle aziende agricole della cooperativa, alloggi in affitto, corsi di italiano la sera\n"
        + $"{Label("results", "it")}: 85 contratti regolari, 40 persone uscite dal ghetto di Borgo Mezzanone\n"
        + $"{Label("beneficiaries_count", "it")}: 120\n"
        + $"{Label("budget_eur", "it")}: 210000\n"
        + $"{Label("innovative_elements", "it")}: i terreni confiscati alla mafia dati in gestione alla cooperativa\n"
        + $"{Label("challenges_solutions", "it")}: il trasporto nei campi, risolto con un pulmino della cooperativa\n"
        + $"{Label("lessons_learned", "it")}: senza casa il contratto non basta\n"
        + $"{Label("transferability", "it")}: in tutte le zone agricole del sud\n"
        + $"{Label("consent_publish", "it")}: si\n\n"
        + "Grazie e buona giornata\nAntonella\n\nInviato da Gmail per Android",
        new DateTimeOffset(2026, 12, 7, 18, 30, 0, TimeSpan.FromHours(1)), attachment: ScannedPdf());

    internal static MimeMessage DeSantisSecond(MimeMessage ourReply)
    {
        var quote = string.Join("\n", (ourReply.TextBody ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => "> " + l));
        return GmailPhone($"Coop. Il Granaio <{DeSantisAddress}>", "Re: " + ourReply.Subject,
            "Scusate, ecco la descrizione:\n\n"
            + $"{Label("description", "it")}: Nella zona di Foggia migliaia di braccianti stranieri vivono nei ghetti e lavorano in nero per i caporali. "
            + "Chi ha un permesso non trova casa ne un contratto regolare. La cooperativa coltiva terreni confiscati e assume direttamente, con alloggio.\n\n"
            + "Antonella\n\nIl giorno lun 7 dic 2026 alle ore 18:31 REGIN Integration Lab <" + Mailbox + "> ha scritto:\n\n" + quote + "\n",
            new DateTimeOffset(2026, 12, 8, 9, 5, 0, TimeSpan.FromHours(1)), ourReply.MessageId);
    }

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task An_Italian_cooperative_writes_see_attachment_with_a_PDF_from_a_phone_then_sends_the_description(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "it-desantis");
        var (reply, practice) = await play.TrySendAsync(DeSantisFirst());
        Assert.Equal("it", Language(reply));
        Assert.NotNull(practice);
        // "vedi allegato" is no description: not stored, still asked, the draft not submitted; the PDF named as not read.
        Assert.Equal("(none)", Answer(practice, "description"));
        Assert.Equal(PracticeStatus.Draft, practice!.Status);
        var text = reply.TextBody ?? "";
        var missing = text[text.IndexOf(new Regin.Core.Localisation.Texts(Questionnaire).Get("mail.reply_missing", "it"), StringComparison.Ordinal)..];
        Assert.Contains("[" + TemplateKeys.KeyOf(Questionnaire.Questions.First(q => q.Id == "description")) + "]", missing, StringComparison.Ordinal);
        Assert.Contains("Progetto Terre Comuni.pdf", reply.TextBody, StringComparison.Ordinal);
        var reference = practice.Reference;
        (reply, practice) = await play.TrySendAsync(DeSantisSecond(reply), reference);
        await host.Host.StopAsync();
        Assert.Equal("it", Language(reply));
        Assert.Contains("caporali", Answer(practice, "description"), StringComparison.Ordinal);
        Assert.Equal(PracticeStatus.Submitted, practice!.Status);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 3. A Galician regional official, Spanish with Galician names, the Word template with a table she extended.

    private const string OteroAddress = "uxia.otero@xunta.example";

    private static Run R(string text) => new(new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    internal static byte[] OteroDocx()
    {
        using var stream = new MemoryStream();
        stream.Write(new DocxTemplate(Questionnaire).Generate("es", Mailbox));
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            var main = document.MainDocumentPart!;
            var body = main.Document!.Body!;
            void After(string id, string text)
            {
                var line = Line(id, "es");
                var paragraph = body.Elements<Paragraph>().First(p => p.InnerText == line);
                paragraph.Append(R(" " + text));
            }
            After("contact_name", "Uxía Otero Castro");
            After("contact_organisation", "Xunta de Galicia, Secretaría Xeral de Igualdade");
            After("contact_email", OteroAddress);
            After("title", "Rede Acolle: acogida de familias migrantes en el rural gallego");
            After("country", "España");
            After("region", "Galicia");
            After("lead_organisation", "Xunta de Galicia");
            After("lead_organisation_type", "administración autonómica");
            After("regional_authority_role", "coordinación y financiación");
            After("start_date", "octubre 2021");
            After("end_date", "diciembre 2025");
            After("integration_areas", "vivienda, empleo, idioma");
            After("target_groups", "familias migrantes retornadas y de origen latinoamericano");
            After("description", "Muchos concellos del interior pierden población y tienen viviendas vacías; las familias migrantes llegan a Vigo o A Coruña y no encuentran vivienda asequible.");
            After("objectives", "Asentar 200 familias en concellos rurales con vivienda y empleo.");
            After("activities", "Bolsa de vivienda vacía, mediadoras en cada comarca, clases de gallego y castellano.");
            After("results", "143 familias asentadas en 38 concellos.");
            After("beneficiaries_count", "512 personas");
            After("budget_eur", "1.250.000 €");
            After("innovative_elements", "Los concellos ceden viviendas municipales rehabilitadas.");
            After("challenges_solutions", "El transporte: acuerdos con el Consorcio de Transporte.");
            After("lessons_learned", "El acompañamiento del primer año es lo que decide si la familia se queda.");
            After("transferability", "Cualquier región con despoblación rural.");
            // The template's partners line, then the two-column table she made and extended with rows.
            var partners = body.Elements<Paragraph>().First(p => p.InnerText == Line("partners", "es"));
            static TableCell C(string text, bool bold = false) => new(new TableCellProperties(new TableCellWidth { Width = "4819", Type = TableWidthUnitValues.Dxa }),
                new Paragraph(bold ? new Run(new RunProperties(new Bold()), new Text(text) { Space = SpaceProcessingModeValues.Preserve }) : R(text)));
            partners.InsertAfterSelf(new Table(
                new TableProperties(new TableStyle { Val = "Tablaconcuadrcula" }, new TableWidth { Width = "0", Type = TableWidthUnitValues.Auto }),
                new TableGrid(new GridColumn { Width = "4819" }, new GridColumn { Width = "4819" }),
                new TableRow(C("Entidad", true), C("Papel", true)),
                new TableRow(C("Concello de Vigo"), C("vivienda de acogida")),
                new TableRow(C("Concello de Lalín"), C("viviendas municipales")),
                new TableRow(C("Deputación de Ourense"), C("transporte")),
                new TableRow(C("Cruz Vermella Galicia"), C("mediación")),
                new TableRow(C("Asociación Galega de Retornados"), C("acompañamiento"))));
            main.Document.Save();
        }
        return stream.ToArray();
    }

    internal static MimeMessage OteroMail()
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Uxía Otero Castro", OteroAddress));
        message.To.Add(MailboxAddress.Parse(Mailbox));
        message.Subject = "Ficha REGIN - Rede Acolle (Xunta de Galicia)";
        message.Date = new DateTimeOffset(2026, 12, 8, 12, 5, 0, TimeSpan.FromHours(1));
        message.MessageId = $"{Guid.NewGuid():N}@xunta.example";
        message.Headers.Add("X-Mailer", "Microsoft Outlook 16.0");
        var text = new TextPart("plain") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        text.SetText(Encoding.UTF8, "Buenos días:\r\n\r\nOs adjunto la ficha de Rede Acolle. He ampliado la tabla de socios porque eran más de tres.\r\n\r\n"
            + "Una pregunta: ¿podéis publicar solo el título de momento? El resto tiene que validarlo la Secretaría Xeral antes de hacerlo público.\r\n\r\n"
            + "Un saludo,\r\nUxía Otero Castro\r\nXunta de Galicia\r\nSecretaría Xeral de Igualdade\r\nTel. 981 54 57 00\r\n");
        var attachment = new MimePart("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
        {
            FileName = "Ficha_REGIN_Rede_Acolle.docx",
            Content = new MimeContent(new MemoryStream(OteroDocx())),
            ContentTransferEncoding = ContentEncoding.Base64,
        };
        message.Body = new Multipart("mixed") { text, attachment };
        return MailTestHost.Authenticated(message);
    }

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_Galician_official_sends_the_Word_template_with_an_extended_table_and_asks_to_publish_only_the_title(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "es-otero");
        var (reply, practice) = await play.TrySendAsync(OteroMail());
        await host.Host.StopAsync();
        Assert.Equal("es", Language(reply));
        Assert.NotNull(practice);
        // Her table a row a line, without its bold header row "Entidad | Papel"; the added rows kept.
        var partners = practice!.Answers.Single(a => a.QuestionId == "partners").Original ?? "";
        Assert.StartsWith("Concello de Vigo", partners, StringComparison.Ordinal);
        Assert.Contains("Asociación Galega de Retornados", partners, StringComparison.Ordinal);
        Assert.DoesNotContain("Entidad", partners, StringComparison.Ordinal);
        Assert.Equal("\"ES11\"", Answer(practice, "region"));
        Assert.Equal(PracticeStatus.Draft, practice.Status); // no consent: nothing published
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 4. A Maltese NGO in English: labels, "€45k over 2 yrs", then numbered answers to our reply, then "please delete".

    private const string BorgAddress = "info@migrantbridge-malta.example";

    private static MimeMessage Plain(string from, string subject, string text, DateTimeOffset date, string? inReplyTo = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(Mailbox));
        message.Subject = subject;
        message.Date = date;
        message.MessageId = $"{Guid.NewGuid():N}@migrantbridge-malta.example";
        message.Headers.Add("X-Mailer", "Microsoft Outlook 16.0");
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo;
            message.References.Add(inReplyTo);
        }
        var part = new TextPart("plain") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText(Encoding.UTF8, text.Replace("\n", "\r\n", StringComparison.Ordinal));
        message.Body = part;
        return MailTestHost.Authenticated(message);
    }

    internal static MimeMessage BorgFirst() => Plain($"Rachel Borg <{BorgAddress}>", "Good practice submission - Migrant Bridge Malta",
        "Hi,\n\nPlease find our practice below.\n\n"
        + $"{Label("contact_name", "en")}: Rachel Borg\n"
        + $"{Label("contact_organisation", "en")}: Migrant Bridge Malta\n"
        + $"{Label("title", "en")}: Bridge to Work - job mentoring in Birżebbuġa and Ħal Far\n"
        + $"{Label("country", "en")}: Malta\n"
        + $"{Label("region", "en")}: MT00\n"
        + $"{Label("lead_organisation", "en")}: Migrant Bridge Malta\n"
        + $"{Label("lead_organisation_type", "en")}: NGO\n"
        + $"{Label("partners", "en")}: Jobsplus, Local Council of Birżebbuġa\n"
        + $"{Label("start_date", "en")}: Sept 2023\n"
        + $"{Label("integration_areas", "en")}: employment, language\n"
        + $"{Label("target_groups", "en")}: third-country nationals, asylum seekers at the Ħal Far open centre\n"
        + $"{Label("description", "en")}: People at the Ħal Far open centre work informally and are often underpaid, with no way to a regular job.\n"
        + $"{Label("objectives", "en")}: Get residents into regular jobs with a contract within six months.\n"
        + $"{Label("activities", "en")}: Weekly mentoring, CV clinics in Birżebbuġa, English classes, employer visits.\n"
        + $"{Label("beneficiaries_count", "en")}: 95\n"
        + $"{Label("budget_eur", "en")}: €45k over 2 yrs\n"
        + $"{Label("funding_sources", "en")}: AMIF, Voluntary Organisations Project Scheme\n\n"
        + "Thanks,\nRachel\n\nRachel Borg | Programme Coordinator | Migrant Bridge Malta\nTriq il-Kunsill tal-Ewropa, Birżebbuġa BBG 1234\n+356 2165 4321",
        new DateTimeOffset(2026, 12, 7, 11, 0, 0, TimeSpan.FromHours(1)));

    /// <summary>Her reply: our missing questions answered as a numbered list in the order we asked them, our reply quoted under it.</summary>
    internal static MimeMessage BorgSecond(MimeMessage ourReply, IReadOnlyList<string> answers)
    {
        var quote = string.Join("\n", (ourReply.TextBody ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => "> " + l));
        var list = string.Join("\n", answers.Select((a, i) => $"{i + 1}. {a}"));
        return Plain($"Rachel Borg <{BorgAddress}>", "RE: " + ourReply.Subject,
            "Hi again,\n\nHere are the missing answers:\n\n" + list + "\n\nRachel\n\n"
            + $"-----Original Message-----\nFrom: REGIN Integration Lab <{Mailbox}>\nSent: Monday, December 7, 2026 11:01 AM\nTo: Rachel Borg <{BorgAddress}>\nSubject: {ourReply.Subject}\n\n" + quote + "\n",
            new DateTimeOffset(2026, 12, 8, 16, 20, 0, TimeSpan.FromHours(1)), ourReply.MessageId);
    }

    internal static MimeMessage BorgDelete(MimeMessage ourReply) => Plain($"Rachel Borg <{BorgAddress}>", "RE: " + ourReply.Subject,
        "Hi,\n\nplease delete my submission. Our board decided not to take part this year.\n\nSorry for the trouble,\nRachel\n",
        new DateTimeOffset(2026, 12, 9, 17, 45, 0, TimeSpan.FromHours(1)), ourReply.MessageId);

    /// <summary>What she writes against each asked question, by its key's question.</summary>
    private static string BorgAnswerFor(string id) => id switch
    {
        "contact_email" => BorgAddress,
        "regional_authority_role" => "none, we work with the Local Council only",
        "end_date" => "Aug 2025",
        "results" => "41 people in regular employment, 60 finished the English course",
        "innovative_elements" => "Mentors are former residents of the open centre",
        "challenges_solutions" => "Transport from Ħal Far: we arranged a minibus with the Local Council",
        "lessons_learned" => "Employers need support as much as the jobseekers",
        "transferability" => "Any island or small state with a reception centre",
        "consent_publish" => "yes",
        _ => "n/a",
    };

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_Maltese_NGO_answers_our_questions_in_a_numbered_list_then_asks_to_delete_the_submission(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "en-borg");
        var (reply, practice) = await play.TrySendAsync(BorgFirst());
        Assert.Equal("en", Language(reply));
        Assert.NotNull(practice);
        var reference = practice!.Reference;
        var body = reply.TextBody ?? "";
        var missingAt = body.IndexOf(new Regin.Core.Localisation.Texts(Questionnaire).Get("mail.reply_missing", "en"), StringComparison.Ordinal);
        var asked = System.Text.RegularExpressions.Regex.Matches(missingAt < 0 ? "" : body[missingAt..], @"^\s*\[(Q\d\d)\]", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => Questionnaire.Questions.First(q => TemplateKeys.KeyOf(q) == m.Groups[1].Value).Id).ToList();
        Assert.Contains("end_date", asked);
        (reply, practice) = await play.TrySendAsync(BorgSecond(reply, asked.Select(BorgAnswerFor).ToList()), reference);
        // Her numbered list under "Here are the missing answers:" answers our questions by their place; the number in her
        // results ("41 people in regular employment") is no new count of the people reached.
        Assert.Equal("\"2025-08\"", Answer(practice, "end_date"));
        Assert.Equal("true", Answer(practice, "consent_publish"));
        Assert.Equal("95", Answer(practice, "beneficiaries_count"));
        Assert.Contains("41 people in regular employment", Answer(practice, "results"), StringComparison.Ordinal);
        (reply, practice) = await play.TrySendAsync(BorgDelete(reply), reference);
        await host.Host.StopAsync();
        // "please delete my submission" in the text: a reply telling her the subject that erases (it got none), nothing erased.
        Assert.Equal("en", Language(reply));
        Assert.Contains("\"erase my data\"", reply.TextBody, StringComparison.Ordinal);
        Assert.Contains(reference, reply.TextBody, StringComparison.Ordinal);
        Assert.NotNull(practice);
        Assert.Contains(practice!.Flags, f => f.Reason == Regin.Core.Normalisation.FlagReasons.MailAfterSubmission && (f.Detail ?? "").Contains("delete", StringComparison.Ordinal));
    }
}
