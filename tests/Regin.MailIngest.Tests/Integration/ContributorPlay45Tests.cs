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
/// Session 45: four contributors who send their practice by e-mail over days, played through a real Dovecot, the
/// watcher and smtp4dev on both providers, each mail written as its client writes it: a German district official's
/// Outlook (quoted-printable, the plain-text template pasted in the body, half filled, a long signature and disclaimer),
/// then her reply to our reply with the missing answers under the quoted questions and a correction; an Italian NGO's
/// Gmail with the Word template filled in (a table, a bulleted list) and, a week later, the budget in a new mail naming
/// the reference; a Greek municipality's old Thunderbird in ISO-8859-7 8bit with the Greek labels and an older forwarded
/// chain under it; a Swedish contributor's free prose from an iPhone. With REGIN_PLAY_OUT set, each mail in and reply
/// out is written to that folder (the transcripts of the session's report).
/// </summary>
public sealed class ContributorPlay45Tests(MailServers servers) : IClassFixture<MailServers>
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();
    private const string Mailbox = "reginproject@crpm.org";

    static ContributorPlay45Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static string Answer(Practice practice, string question) => practice.Answers.SingleOrDefault(a => a.QuestionId == question)?.ValueJson ?? "(none)";

    // ---------------------------------------------------------------------------------------------------------------
    // 1. A German district official, Outlook 2016 in plain text.

    private const string HuberAddress = "katharina.huber@lra-augsburg.example";

    /// <summary>The plain-text template as the template page gives it, with answers typed on the empty line under a question (choices marked "x").</summary>
    internal static string FillTemplate(string language, Dictionary<string, string> answers, Dictionary<string, int[]> choices)
    {
        var lines = new TextTemplate(Questionnaire).Generate(language, Mailbox).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var result = new List<string>();
        string? key = null;
        foreach (var line in lines)
        {
            var match = System.Text.RegularExpressions.Regex.Match(line, @"^\[(Q\d\d)\]");
            if (match.Success)
            {
                key = match.Groups[1].Value;
            }
            var choice = System.Text.RegularExpressions.Regex.Match(line, @"^  \[ \] (\d+)\.");
            if (key is not null && choice.Success && choices.TryGetValue(key, out var marked) && marked.Contains(int.Parse(choice.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)))
            {
                result.Add(line.Replace("[ ]", "[x]", StringComparison.Ordinal));
                continue;
            }
            if (key is not null && line.Length == 0 && answers.Remove(key, out var answer))
            {
                result.Add(answer);
                result.Add("");
                continue;
            }
            result.Add(line);
        }
        return string.Join("\r\n", result);
    }

    private const string HuberSignature = "Mit freundlichen Grüßen\r\n\r\nDr. Katharina Huber\r\nSachgebiet 31 - Integration und Migration\r\n"
        + "Landratsamt Augsburg\r\nPrinzregentenplatz 4\r\n86150 Augsburg\r\n\r\nTel.: +49 821 3102-2417\r\nFax: +49 821 3102-2209\r\n"
        + "E-Mail: katharina.huber@lra-augsburg.example\r\nInternet: www.landkreis-augsburg.example\r\n\r\n"
        + "Besuchen Sie uns auch auf Facebook und Instagram!\r\n\r\n"
        + "________________________________\r\n"
        + "Diese E-Mail kann vertrauliche und/oder rechtlich geschützte Informationen enthalten. Wenn Sie nicht der richtige Adressat sind oder diese E-Mail irrtümlich erhalten haben, informieren Sie bitte sofort den Absender und vernichten Sie diese Mail. Das unerlaubte Kopieren sowie die unbefugte Weitergabe dieser Mail ist nicht gestattet.\r\n"
        + "Bitte beachten Sie unsere Datenschutzhinweise nach Art. 13 DSGVO unter www.landkreis-augsburg.example/datenschutz\r\n";

    private static MimeMessage Outlook(string from, string subject, string body, DateTimeOffset date)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse($"\"REGIN Integration Lab\" <{Mailbox}>"));
        message.Subject = subject;
        message.Date = date;
        message.MessageId = $"{Guid.NewGuid():N}@LRA-EXCH02.lra-augsburg.local";
        message.Headers.Add("Thread-Topic", subject);
        message.Headers.Add("Thread-Index", "AdrKZ3x0b2FcbGFuZGtyZWlzLWF1Z3NidXJn");
        message.Headers.Add("X-MS-Has-Attach", "");
        message.Headers.Add("X-MS-TNEF-Correlator", "");
        message.Headers.Add("X-Mailer", "Microsoft Outlook 16.0");
        message.Headers.Add("Content-Language", "de-DE");
        var part = new TextPart("plain") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText(Encoding.GetEncoding("windows-1252"), body);
        message.Body = part;
        return MailTestHost.Authenticated(message);
    }

    internal static MimeMessage HuberFirst() => Outlook($"\"Huber, Katharina\" <{HuberAddress}>", "Praxisbeispiel Landkreis Augsburg - Integrationslotsen",
        "Sehr geehrte Damen und Herren,\r\n\r\nanbei wie besprochen die ersten Angaben zu unserem Projekt. Den Rest reiche ich nach, sobald ich die Zahlen von der Kämmerei habe.\r\n\r\n"
        + FillTemplate("de", new Dictionary<string, string>
        {
            ["Q01"] = "Dr. Katharina Huber",
            ["Q02"] = "Landratsamt Augsburg",
            ["Q03"] = HuberAddress,
            ["Q04"] = "0821 3102-2417",
            ["Q05"] = "Ehrenamtliche Integrationslotsen im Landkreis Augsburg",
            ["Q06"] = "Deutschland",
            ["Q07"] = "Oberbayern",
            ["Q08"] = "Landratsamt Augsburg, Sachgebiet Integration und Migration",
            ["Q13"] = "seit 04/2019",
            ["Q14"] = "läuft weiter",
            ["Q17"] = "Viele Geflüchtete in den kleineren Gemeinden fanden sich bei Behörden, Ärzten und Schulen nicht zurecht. Die Ehrenamtlichen waren überlastet und nicht geschult.",
            ["Q18"] = "Neuzugewanderte in den ersten zwei Jahren begleiten und Ehrenamtliche qualifizieren und vernetzen.",
        }, new Dictionary<string, int[]> { ["Q09"] = [1], ["Q10"] = [1, 2], ["Q15"] = [1, 3], ["Q16"] = [1] })
        + "\r\n" + HuberSignature, new DateTimeOffset(2026, 12, 7, 9, 14, 0, TimeSpan.FromHours(1)));

    /// <summary>
    /// Her answer to our reply, written as Outlook writes a reply with "Prefix each line of the original message": her
    /// lines on top, our reply quoted under Outlook's header block, and her answers typed under the quoted questions.
    /// </summary>
    internal static MimeMessage HuberSecond(MimeMessage ourReply, Func<string, string?> answerUnder)
    {
        var quoted = new StringBuilder();
        foreach (var line in (ourReply.TextBody ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            quoted.Append("> ").Append(line).Append("\r\n");
            if (answerUnder(line) is { } answer)
            {
                quoted.Append("\r\n").Append(answer).Append("\r\n\r\n");
            }
        }
        var body = "Guten Tag,\r\n\r\ndie fehlenden Angaben habe ich unten bei Ihren Fragen eingetragen. Außerdem eine Korrektur: die Region ist nicht Oberbayern sondern Schwaben. Das Budget liegt bei ca. 80.000 €.\r\n\r\n"
            + HuberSignature + "\r\n"
            + "-----Ursprüngliche Nachricht-----\r\n"
            + $"Von: REGIN Integration Lab <{Mailbox}> \r\n"
            + "Gesendet: Montag, 7. Dezember 2026 09:15\r\n"
            + "An: Huber, Katharina <" + HuberAddress + ">\r\n"
            + "Betreff: " + ourReply.Subject + "\r\n\r\n"
            + quoted;
        var message = Outlook($"\"Huber, Katharina\" <{HuberAddress}>", "AW: " + ourReply.Subject, body, new DateTimeOffset(2026, 12, 9, 14, 2, 0, TimeSpan.FromHours(1)));
        message.InReplyTo = ourReply.MessageId;
        message.References.Add(ourReply.MessageId!);
        return message;
    }

    /// <summary>What she types under a quoted line of our reply: the budget, the end of her answers.</summary>
    internal static string? HuberInline(string line)
    {
        var l = line.TrimStart('-', '*', ' ');
        return l switch
        {
            _ when l.StartsWith("[Q19]", StringComparison.Ordinal) || l.StartsWith("Hauptaktivitäten", StringComparison.Ordinal) || l.Contains("Aktivitäten", StringComparison.Ordinal) && l.Length < 60
                => "Schulung der Lotsen (6 Module), monatliche Sprechstunden in 12 Gemeinden, Begleitung zu Behördenterminen",
            _ when l.Contains("Ergebnisse", StringComparison.Ordinal) && l.Length < 60 => "85 geschulte Lotsen, rund 1.400 begleitete Personen",
            _ when l.Contains("Innovativ", StringComparison.OrdinalIgnoreCase) && l.Length < 60 => "Die Lotsen sind selbst früher zugewandert und sprechen 14 Sprachen.",
            _ when l.Contains("Herausforderungen", StringComparison.Ordinal) && l.Length < 80 => "Fluktuation der Ehrenamtlichen; gelöst durch Aufwandsentschädigung und Supervision.",
            _ when l.Contains("Erkenntnisse", StringComparison.Ordinal) && l.Length < 60 => "Früh mit den Bürgermeistern sprechen.",
            _ when l.Contains("Übertrag", StringComparison.Ordinal) && l.Length < 90 => "Eine Koordinationsstelle mit einer halben Stelle reicht für den Anfang.",
            _ when l.Contains("Budget", StringComparison.Ordinal) && l.Length < 60 => "ca. 80.000 €",
            _ when l.Contains("Veröffentlich", StringComparison.Ordinal) || l.Contains("veröffentlicht", StringComparison.Ordinal) => "Ja",
            _ => null,
        };
    }

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_German_district_official_sends_half_the_template_from_Outlook_then_answers_under_our_quoted_questions(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "de-huber");
        var (reply, practice) = await play.SendAsync(HuberFirst());
        Assert.Equal("de", reply.BodyParts.OfType<TextPart>().First().Headers[HeaderId.ContentLanguage]);
        // Both options ticked at Q10 ("Direkt: Federführung", "Direkt: aktiver Partner"), none told back as not read.
        Assert.Equal("[\"direct_leader\",\"direct_partner\"]", Answer(practice, "regional_authority_role"));
        Assert.DoesNotContain("> Direkt", reply.TextBody, StringComparison.Ordinal);
        Assert.Equal("\"DE21\"", Answer(practice, "region"));
        (reply, practice) = await play.SendAsync(HuberSecond(reply, HuberInline));
        await host.Host.StopAsync();
        // The correction on top ("nicht Oberbayern sondern Schwaben") and the budget beside the answers under our questions.
        Assert.Equal("\"DE27\"", Answer(practice, "region"));
        Assert.Equal("80000", Answer(practice, "budget_eur"));
        Assert.Contains("Schulung der Lotsen", Answer(practice, "activities"), StringComparison.Ordinal);
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
        // Her signature between her lines and the quote is no answer: no web site, nothing of it told back as not read.
        Assert.Equal("(none)", Answer(practice, "website"));
        foreach (var signature in new[] { "Fax", "Facebook", "irrtümlich", "Datenschutzhinweise", "[Q30]", "[Q04]" })
        {
            Assert.DoesNotContain(signature, reply.TextBody, StringComparison.Ordinal);
        }
        Assert.Contains("Oberbayern", reply.TextBody, StringComparison.Ordinal); // "(bisher: Oberbayern)"
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 2. An Italian NGO, Gmail, the Word template filled in.

    private const string RinaldiAddress = "giulia.rinaldi@asai-torino.example";

    private static void FillBox(Body body, string questionId, params OpenXmlElement[] content)
    {
        var box = body.Descendants<SdtBlock>().Single(b => b.SdtProperties!.GetFirstChild<Tag>()!.Val == questionId);
        box.SdtProperties!.RemoveAllChildren<ShowingPlaceholder>();
        var inner = box.SdtContentBlock!;
        inner.RemoveAllChildren();
        foreach (var element in content)
        {
            inner.Append(element);
        }
    }

    private static Paragraph P(string text) => new(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static Paragraph Bullet(string text) => new(new ParagraphProperties(new ParagraphStyleId { Val = "Paragrafoelenco" },
        new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 })), new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static TableCell Cell(string text) => new(new TableCellProperties(new TableCellWidth { Width = "4819", Type = TableWidthUnitValues.Dxa }), P(text));

    internal static byte[] RinaldiDocx()
    {
        using var stream = new MemoryStream();
        stream.Write(new DocxTemplate(Questionnaire).Generate("it", Mailbox));
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            var main = document.MainDocumentPart!;
            var numbering = main.AddNewPart<NumberingDefinitionsPart>();
            numbering.Numbering = new Numbering(
                new AbstractNum(new Level(new NumberingFormat { Val = NumberFormatValues.Bullet }, new LevelText { Val = "" }) { LevelIndex = 0 }) { AbstractNumberId = 0 },
                new NumberingInstance(new AbstractNumId { Val = 0 }) { NumberID = 1 });
            var body = main.Document!.Body!;
            FillBox(body, "contact_name", P("Giulia Rinaldi"));
            FillBox(body, "contact_organisation", P("ASAI - Associazione di Animazione Interculturale"));
            FillBox(body, "contact_email", P(RinaldiAddress));
            FillBox(body, "title", P("Sportello lavoro per donne migranti"));
            FillBox(body, "country", P("Italia"));
            FillBox(body, "region", P("Piemonte"));
            FillBox(body, "lead_organisation", P("ASAI APS, Torino"));
            FillBox(body, "lead_organisation_type", P("ONG / terzo settore"));
            FillBox(body, "regional_authority_role", P("cofinanziamento"));
            FillBox(body, "partners", new Table(
                new TableProperties(new TableStyle { Val = "Grigliatabella" }, new TableWidth { Width = "0", Type = TableWidthUnitValues.Auto }),
                new TableGrid(new GridColumn { Width = "4819" }, new GridColumn { Width = "4819" }),
                new TableRow(Cell("Comune di Torino"), Cell("sede e orientamento")),
                new TableRow(Cell("Centro per l'impiego Torino Nord"), Cell("offerte di lavoro e tirocini"))), P(""));
            FillBox(body, "start_date", P("settembre 2022"));
            FillBox(body, "end_date", P("in corso"));
            FillBox(body, "integration_areas", P("lavoro, formazione"));
            FillBox(body, "target_groups", P("donne migranti"));
            FillBox(body, "description", P("Molte donne arrivate per ricongiungimento familiare restano a casa senza contatti con i servizi per il lavoro."));
            FillBox(body, "objectives", P("Portare le partecipanti a un primo contratto o tirocinio entro un anno."));
            FillBox(body, "activities",
                Bullet("colloqui individuali di orientamento"),
                Bullet("laboratori di italiano per il lavoro"),
                Bullet("accompagnamento ai colloqui con le aziende"));
            FillBox(body, "results", P("Dal 2022 136 donne seguite, 41 hanno trovato un lavoro o un tirocinio."));
            FillBox(body, "beneficiaries_count", P("136"));
            FillBox(body, "innovative_elements", P("Lo sportello ha un servizio di custodia dei bambini durante gli incontri."));
            FillBox(body, "challenges_solutions", P("Orari difficili per le madri: abbiamo spostato gli incontri al mattino."));
            FillBox(body, "lessons_learned", P("Serve una mediatrice che parli la lingua delle partecipanti."));
            FillBox(body, "transferability", P("Basta una sede e un accordo con il centro per l'impiego."));
            FillBox(body, "consent_publish", P("sì"));
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static MimeMessage Gmail(string from, string subject, string text, DateTimeOffset date, MimePart? attachment = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(Mailbox));
        message.Subject = subject;
        message.Date = date;
        message.MessageId = $"CAH{Guid.NewGuid():N}@mail.gmail.com";
        var plain = new TextPart("plain") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        plain.SetText(Encoding.UTF8, text.Replace("\n", "\r\n", StringComparison.Ordinal));
        var html = new TextPart("html") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        html.SetText(Encoding.UTF8, "<div dir=\"ltr\">" + string.Join("", text.Split('\n').Select(l => l.Length == 0 ? "<div><br></div>" : $"<div>{System.Net.WebUtility.HtmlEncode(l)}</div>")) + "</div>\r\n");
        var alternative = new MultipartAlternative { plain, html };
        message.Body = attachment is null ? alternative : new Multipart("mixed") { alternative, attachment };
        return MailTestHost.Authenticated(message);
    }

    internal static MimeMessage RinaldiFirst() => Gmail($"Giulia Rinaldi <{RinaldiAddress}>", "Scheda buona pratica ASAI",
        "Buongiorno,\nin allegato la scheda, il budget ve lo mando la settimana prossima.\n\nCordiali saluti\nGiulia Rinaldi\nASAI Torino\n",
        new DateTimeOffset(2026, 12, 7, 11, 40, 0, TimeSpan.FromHours(1)),
        new MimePart("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
        {
            FileName = "Scheda_REGIN_ASAI_compilata.docx",
            Content = new MimeContent(new MemoryStream(RinaldiDocx())),
            ContentTransferEncoding = ContentEncoding.Base64,
        });

    internal static MimeMessage RinaldiBudget(string reference) => Gmail($"Giulia Rinaldi <{RinaldiAddress}>", $"Budget {reference}",
        $"Buongiorno,\ncome promesso vi mando il budget per la scheda {reference}: 95.000 euro in tutto (FAMI e Compagnia di San Paolo).\n\nCordiali saluti\nGiulia Rinaldi\nASAI Torino\n",
        new DateTimeOffset(2026, 12, 14, 10, 5, 0, TimeSpan.FromHours(1)));

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task An_Italian_NGO_sends_the_Word_template_then_a_week_later_the_budget_in_a_new_mail_naming_the_reference(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "it-rinaldi");
        var (reply, practice) = await play.SendAsync(RinaldiFirst());
        // The table's rows and the list's items stay rows and items, and the reply tells them apart.
        Assert.Equal("\"Comune di Torino \\u2013 sede e orientamento\\nCentro per l\\u0027impiego Torino Nord \\u2013 offerte di lavoro e tirocini\"", Answer(practice, "partners"));
        Assert.Equal("\"- colloqui individuali di orientamento\\n- laboratori di italiano per il lavoro\\n- accompagnamento ai colloqui con le aziende\"", Answer(practice, "activities"));
        Assert.Contains("Comune di Torino – sede e orientamento; Centro per l'impiego", reply.TextBody, StringComparison.Ordinal);
        Assert.Contains("colloqui individuali di orientamento; laboratori di italiano per il lavoro; accompagnamento", reply.TextBody, StringComparison.Ordinal);
        // Since session 47 "il budget ve lo mando la settimana prossima" beside the Word file is a promise: the practice waits.
        Assert.Equal(PracticeStatus.Draft, practice.Status);
        Assert.Contains(practice.Flags, f => f.Reason == Regin.Core.Normalisation.FlagReasons.AnswerPromised);
        // A week later the budget in a new mail naming the reference: read, and the practice is submitted with it.
        var (second, after) = await play.SendAsync(RinaldiBudget(practice.Reference));
        await host.Host.StopAsync();
        Assert.Equal(practice.Reference, after.Reference);
        Assert.Equal("95000", Answer(after, "budget_eur"));
        Assert.Equal(PracticeStatus.Submitted, after.Status);
        Assert.DoesNotContain(after.Flags, f => f.Reason == Regin.Core.Normalisation.FlagReasons.MailAfterSubmission);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 3. A Greek municipality, Thunderbird 52 on Windows 7, ISO-8859-7 8bit, format=flowed.

    private const string PapadakiAddress = "e.papadaki@chania.example";

    internal static string PapadakiText() =>
        "Καλημέρα σας,\r\n\r\nσας στέλνω τα στοιχεία της πρακτικής μας όπως τα ζητήσατε.\r\n\r\n"
        + "Το όνομά σας: Ελένη Παπαδάκη\r\n"
        + "Ο φορέας σας: Δήμος Χανίων, Διεύθυνση Κοινωνικής Προστασίας\r\n"
        + "Αριθμός τηλεφώνου: 28213 41620\r\n"
        + "Τίτλος της πρακτικής: Κέντρο Ένταξης Μεταναστών Δήμου Χανίων\r\n"
        + "Χώρα: Ελλάδα\r\n"
        + "Περιφέρεια: Κρήτη\r\n"
        + "Επικεφαλής φορέας της πρακτικής: Δήμος Χανίων\r\n"
        + "Ημερομηνία έναρξης: Μάρτιος 2018\r\n"
        + "Ημερομηνία λήξης: σε εξέλιξη\r\n"
        + "Στόχοι: Η ομαλή ένταξη των μεταναστών και προσφύγων στην τοπική κοινωνία μέσα από μαθήματα ελληνικών, \r\n"
        + "συμβουλευτική και διαπολιτισμικές εκδηλώσεις.\r\n"
        + "Αριθμός ατόμων που ωφελήθηκαν: περίπου 900\r\n"
        + "Συνολικός προϋπολογισμός σε ευρώ: 210.000\r\n\r\n"
        + "Με εκτίμηση,\r\nΕλένη Παπαδάκη\r\nΚοινωνική Λειτουργός\r\nΔήμος Χανίων\r\n\r\n"
        + "\r\n-------- Προωθημένο μήνυμα --------\r\n"
        + "Θέμα: \tΣτοιχεία για το REGIN\r\n"
        + "Ημερομηνία: \tTue, 10 Nov 2026 12:31:05 +0200\r\n"
        + "Από: \tΝίκος Μαρκάκης <n.markakis@chania.example>\r\n"
        + "Προς: \tΕλένη Παπαδάκη <e.papadaki@chania.example>\r\n\r\n\r\n\r\n"
        + "Ελένη καλημέρα,\r\n\r\nαυτά είχαμε στείλει πέρσι στην Περιφέρεια, δες αν ισχύουν ακόμα:\r\n\r\n"
        + "Τίτλος της πρακτικής: Κέντρο Κοινότητας - Παράρτημα Μεταναστών\r\n"
        + "Ημερομηνία έναρξης: 2017\r\n"
        + "Συνολικός προϋπολογισμός σε ευρώ: 150.000\r\n\r\n"
        + "Νίκος\r\n";

    internal static MimeMessage PapadakiMail()
    {
        var head = "Authentication-Results: " + MailTestHost.PassHeader(PapadakiAddress) + "\r\n"
            + "Subject: =?ISO-8859-7?B?" + Convert.ToBase64String(Encoding.GetEncoding("iso-8859-7").GetBytes("Πρακτική για το REGIN")) + "?=\r\n"
            + "To: reginproject@crpm.org\r\n"
            + "From: =?ISO-8859-7?B?" + Convert.ToBase64String(Encoding.GetEncoding("iso-8859-7").GetBytes("Ελένη Παπαδάκη")) + "?= <" + PapadakiAddress + ">\r\n"
            + "Message-ID: <5c1f0a2e-8d3b-4f1a-9c77-0e2b4d1a6f3e@chania.example>\r\n"
            + "Date: Mon, 7 Dec 2026 12:48:19 +0200\r\n"
            + "User-Agent: Mozilla/5.0 (Windows NT 6.1; rv:52.0) Gecko/20100101\r\n Thunderbird/52.9.1\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=iso-8859-7; format=flowed\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "Content-Language: el\r\n\r\n";
        using var stream = new MemoryStream();
        stream.Write(Encoding.Latin1.GetBytes(head));
        stream.Write(Encoding.GetEncoding("iso-8859-7").GetBytes(PapadakiText()));
        stream.Position = 0;
        return MimeMessage.Load(stream);
    }

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_Greek_municipality_writes_the_greek_labels_from_an_old_Thunderbird_over_a_forwarded_older_answer(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "el-papadaki");
        var (reply, practice) = await play.SendAsync(PapadakiMail());
        await host.Host.StopAsync();
        Assert.Equal("el", reply.BodyParts.OfType<TextPart>().First().Headers[HeaderId.ContentLanguage]);
        // Her answers, not the forwarded older ones (another title, 2017, 150.000).
        Assert.Equal("\"2018-03\"", Answer(practice, "start_date"));
        Assert.Equal("210000", Answer(practice, "budget_eur"));
        Assert.Equal("\"EL43\"", Answer(practice, "region"));
        Assert.Contains("Κέντρο Ένταξης Μεταναστών Δήμου Χανίων", practice.Answers.Single(a => a.QuestionId == "title").Original, StringComparison.Ordinal);
        // Nothing of the forwarded mail, whose answers her own replaced, is told back as "not read" (it quoted "> Νίκος").
        Assert.DoesNotContain("Νίκος", reply.TextBody, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 4. A Swedish contributor, free prose from an iPhone.

    private const string LindAddress = "sara.lind@sprakvan-malmo.example";

    internal static MimeMessage LindMail()
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Sara Lind", LindAddress));
        message.To.Add(MailboxAddress.Parse(Mailbox));
        message.Subject = "Vårt projekt i Malmö";
        message.Date = new DateTimeOffset(2026, 12, 8, 21, 12, 0, TimeSpan.FromHours(1));
        message.MessageId = $"{Guid.NewGuid().ToString().ToUpperInvariant()}@sprakvan-malmo.example";
        message.Headers.Add("X-Mailer", "iPhone Mail (22B91)");
        var part = new TextPart("plain") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.ContentType.Parameters.Add("format", "flowed");
        part.SetText(Encoding.UTF8, "Hej!\r\n\r\nVi driver ett projekt i Malmö sedan 2021 som heter Språkvän Malmö. Vi matchar nyanlända med frivilliga "
            + "som träffas en gång i veckan för att prata svenska, fika och gå på stan tillsammans. Projektet drivs av föreningen Språkvän "
            + "Malmö ideell förening tillsammans med Malmö stad och Region Skåne, som står för en del av finansieringen.\r\n\r\n"
            + "Hittills har ungefär 350 personer fått en språkvän och många säger att de vågar prata mer svenska på jobbet. "
            + "Budgeten är ungefär 600 000 kronor per år.\r\n\r\n"
            + "Ni får gärna höra av er om ni vill veta mer!\r\n\r\n"
            + "Hälsningar\r\nSara Lind\r\nSamordnare, Språkvän Malmö\r\n070-412 33 85\r\n\r\nSkickat från min iPhone");
        message.Body = part;
        return MailTestHost.Authenticated(message);
    }

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_Swedish_contributor_writes_free_prose_without_the_template(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "sv-lind");
        var (reply, practice) = await play.TrySendAsync(LindMail());
        await host.Host.StopAsync();
        // Since session 47 a first mail in prose that states two facts or more keeps them as a draft ("sedan 2021", "ungefär
        // 350 personer", the budget in kronor kept as written and flagged), and still gets the template for the rest.
        Assert.Equal("sv", reply.BodyParts.OfType<TextPart>().First().Headers[HeaderId.ContentLanguage]);
        Assert.NotNull(practice);
        Assert.Equal("\"2021\"", Answer(practice!, "start_date"));
        Assert.Equal("350", Answer(practice!, "beneficiaries_count"));
        Assert.Contains(practice!.Flags, f => f.Reason == Regin.Core.Normalisation.FlagReasons.CurrencyNotEuro);
        Assert.NotEmpty(reply.Attachments);
    }
}
