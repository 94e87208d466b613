using static Regin.MailIngest.Tests.Integration.ContributorPlay;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using MimeKit;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Tests.Intake;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Session 54: the mail door on what contributors really send, through a real Dovecot, the watcher and smtp4dev, on both
/// providers: a Swedish official's Outlook reply with her answers typed under our quoted questions ("Svar: …"), an Italian
/// NGO's Word template with tracked changes left in, a Greek official writing in Greeklish, a German official's "s.o." and
/// "siehe Anhang", a French reply top-posted over our whole reply. With REGIN_PLAY_OUT set, each mail and reply is written there.
/// </summary>
public sealed class ContributorPlay54Tests(MailServers servers) : IClassFixture<MailServers>
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    private const string Mailbox = "reginproject@crpm.org";

    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 10, 0, TimeSpan.FromHours(1));

    static ContributorPlay54Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Our reply quoted as Outlook quotes it with "Prefix each line", <paramref name="under"/> typed below a quoted line.</summary>
    private static string Quoted(MimeMessage ourReply, Func<string, string?> under)
    {
        var quoted = new StringBuilder();
        foreach (var line in Body(ourReply).Split('\n'))
        {
            quoted.Append("> ").Append(line).Append('\n');
            if (under(line) is { } answer)
            {
                quoted.Append('\n').Append(answer).Append("\n\n");
            }
        }
        return quoted.ToString();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// A Swedish municipal official sends the template without three answers; our reply lists them. She answers from Outlook
    /// with "Prefix each line of the original message", typing "Svar: …" under each quoted question: each answer is stored
    /// as she wrote it after "Svar:", nothing from the quoted lines, the practice is submitted, the reply is Swedish.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_Swedish_Outlook_reply_with_answers_typed_under_the_quoted_questions_is_read(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "sv-outlook-svar");
        var o = MailRound46Tests.Officials["sv"];
        var (first, draft) = await play.SendAsync(ContributorPlay49Tests.Client("outlook", o.From, "REGIN-mall Språkvän Malmö",
            "Hej!\n\nHär kommer mallen, tre svar kommer sen.\n\n" + CompleteWithout("sv", "start_date", "target_groups", "objectives"), Monday));
        Assert.Equal(PracticeStatus.Draft, draft.Status);
        var typed = new Dictionary<string, string>
        {
            ["start_date"] = "mars 2021",
            ["target_groups"] = "nyanlända kvinnor och deras barn",
            ["objectives"] = "Att fler nyanlända kvinnor pratar svenska i vardagen och hittar till föreningslivet.",
        };
        foreach (var id in typed.Keys)
        {
            Assert.Contains($"[{Key(id)}]", Body(first), StringComparison.Ordinal);
        }
        string? Under(string line) => typed.Keys.FirstOrDefault(id => line.Contains($"[{Key(id)}]", StringComparison.Ordinal)) is { } id ? "Svar: " + typed[id] : null;
        var text = "Hej,\n\nsvaren står under era frågor nedan.\n\nVänliga hälsningar\nAnna Berg\nMalmö stad\n\n"
            + $"Från: REGIN Integration Lab <{Mailbox}>\nSkickat: den 7 december 2026 09:15\nTill: {o.From}\nÄmne: {first.Subject}\n\n" + Quoted(first, Under);
        var (reply, practice) = await play.SendAsync(AsReplyTo(ContributorPlay49Tests.Client("outlook", o.From, "SV: " + first.Subject, text, Monday.AddHours(3)), first));
        await host.Host.StopAsync();
        Assert.Equal("sv", Language(reply));
        foreach (var (id, answer) in typed)
        {
            Assert.True(answer == Original(practice, id), $"{id}: '{answer}' stored as '{Original(practice, id) ?? "(nothing)"}'\n{Body(reply)}");
        }
        Assert.Equal(o.Organisation, Original(practice, "lead_organisation"));
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static Run R(string text) => new(new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    private static DeletedRun Deleted(string text, string id) =>
        new(new Run(new DeletedText(text) { Space = SpaceProcessingModeValues.Preserve })) { Author = "Marco Bianchi", Date = new DateTime(2026, 12, 4, 16, 20, 0, DateTimeKind.Utc), Id = id };

    private static InsertedRun Inserted(string text, string id) =>
        new(R(text)) { Author = "Marco Bianchi", Date = new DateTime(2026, 12, 4, 16, 21, 0, DateTimeKind.Utc), Id = id };

    /// <summary>The Italian Word template, filled in, then corrected by a colleague with Track Changes on and sent as it is.</summary>
    private static byte[] TrackedDocx()
    {
        using var stream = new MemoryStream();
        stream.Write(new DocxTemplate(Questionnaire).Generate("it", Mailbox));
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            var body = document.MainDocumentPart!.Document!.Body!;
            void After(string id, params OpenXmlElement[] runs)
            {
                var line = TextTemplate.QuestionLine(Questionnaire.Questions.First(q => q.Id == id), "it");
                var paragraph = body.Elements<Paragraph>().First(p => p.InnerText == line);
                foreach (var run in runs)
                {
                    paragraph.Append(run);
                }
            }
            foreach (var question in Questionnaire.Questions.Where(q => q.Required && q.Id is not ("title" or "lead_organisation" or "start_date" or "description")))
            {
                After(question.Id, R(" " + question.Id switch
                {
                    "contact_name" => "Giulia Rossi",
                    "contact_organisation" => "Cooperativa Sociale Il Ponte",
                    "contact_email" => "g.rossi@coopilponte.example",
                    "country" => "Italia",
                    "region" => "Piemonte",
                    "end_date" => "in corso",
                    "consent_publish" => "sì",
                    _ when question.Type is QuestionType.Choice or QuestionType.Multi => question.ChoiceList[0].Label.In("it"),
                    _ => "Volontari accompagnano le famiglie appena arrivate per un anno.",
                }));
            }
            // The colleague's corrections, left tracked: a word replaced, a name replaced, a date replaced, a sentence cut.
            After("title", R(" Sportello "), Deleted("lavoro", "201"), Inserted("casa e lavoro", "202"), R(" per migranti"));
            After("lead_organisation", R(" "), Deleted("Comune di Moncalieri", "203"), Inserted("Cooperativa Sociale Il Ponte", "204"));
            After("start_date", R(" "), Deleted("settembre 2020", "205"), Inserted("marzo 2021", "206"));
            After("description", R(" Le famiglie arrivate a Torino non trovano casa. "), Deleted("Il Comune non ha mai risposto alle nostre richieste. ", "207"),
                R("Lo sportello le accompagna nella ricerca."));
            document.MainDocumentPart.Document.Save();
        }
        return stream.ToArray();
    }

    /// <summary>
    /// An Italian NGO sends the Word template with a colleague's tracked changes left in (w:ins, w:del): each answer is the
    /// text Word shows with the changes accepted; no deleted word is stored anywhere nor quoted in the reply.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task An_Italian_Word_template_with_tracked_changes_keeps_only_the_accepted_text(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "it-word-tracked");
        var message = ContributorPlay49Tests.Client("gmail", "Giulia Rossi <g.rossi@coopilponte.example>", "Scheda REGIN - Cooperativa Il Ponte",
            "Buongiorno,\n\nin allegato la scheda compilata (Marco ha fatto qualche correzione).\n\nCordiali saluti\nGiulia Rossi\nCooperativa Sociale Il Ponte", Monday);
        message.Body = new Multipart("mixed")
        {
            message.Body!,
            new MimePart("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
            {
                FileName = "Scheda_REGIN_Il_Ponte.docx", Content = new MimeContent(new MemoryStream(TrackedDocx())), ContentTransferEncoding = ContentEncoding.Base64,
            },
        };
        var (reply, practice) = await play.SendAsync(message);
        await host.Host.StopAsync();
        Assert.Equal("it", Language(reply));
        Assert.Equal("Sportello casa e lavoro per migranti", Original(practice, "title"));
        Assert.Equal("Cooperativa Sociale Il Ponte", Original(practice, "lead_organisation"));
        Assert.Equal("\"2021-03\"", Answer(practice, "start_date"));
        Assert.Equal("Le famiglie arrivate a Torino non trovano casa. Lo sportello le accompagna nella ricerca.", Original(practice, "description"));
        foreach (var deleted in new[] { "Moncalieri", "settembre 2020", "non ha mai risposto", "Sportello lavoro per" })
        {
            Assert.DoesNotContain(practice.Answers, a => (a.Original ?? "").Contains(deleted, StringComparison.Ordinal));
            Assert.DoesNotContain(deleted, Body(reply), StringComparison.Ordinal);
        }
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// A Greek regional official types the template's answers in Greeklish (Latin letters, as on a phone without a Greek
    /// keyboard): the names are stored as typed, the region and the groups read, the reply is Greek.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_Greek_official_writing_in_Greeklish_is_read_and_answered_in_Greek(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "el-greeklish");
        var typed = new Dictionary<string, string>
        {
            ["contact_name"] = "Nikos Papadakis",
            ["contact_organisation"] = "Perifereia Kritis",
            ["title"] = "Kentro entaxis metanaston Irakleiou",
            ["country"] = "Ellada",
            ["region"] = "Kriti",
            ["lead_organisation"] = "Perifereia Kritis",
            ["target_groups"] = "prosfyges",
            ["start_date"] = "03/2021",
        };
        var text = "Kalimera sas,\n\nsas stelnw ta stoixeia tou programmatos.\n\n"
            + string.Join("\n", typed.Select(t => $"[{Key(t.Key)}] {t.Value}")) + "\n\nMe ektimisi,\nNikos Papadakis\nPerifereia Kritis";
        var (reply, practice) = await play.SendAsync(ContributorPlay49Tests.Client("gmail", "Nikos Papadakis <n.papadakis@crete-region.example>", "Programma REGIN", text, Monday));
        await host.Host.StopAsync();
        Assert.Equal("el", Language(reply));
        foreach (var id in new[] { "contact_name", "contact_organisation", "title", "lead_organisation" })
        {
            Assert.Equal(typed[id], Original(practice, id));
        }
        Assert.Equal("\"GR\"", Answer(practice, "country"));
        Assert.Equal("\"EL43\"", Answer(practice, "region"));
        Assert.Equal("[\"international_protection\"]", Answer(practice, "target_groups"));
        Assert.Contains(Opening("mail.reply_missing", "el"), Body(reply), StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// A German official answers some questions with where the answer is: "s.o." (see above), "siehe Anhang" (see the
    /// attachment, none attached), "dito". None is stored as that question's answer; the reply asks for them.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_German_answer_that_points_elsewhere_is_not_stored_as_the_answer(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "de-siehe-oben");
        var o = MailRound46Tests.Officials["de"];
        var text = "Sehr geehrte Damen und Herren,\n\nanbei unsere Angaben.\n\n" + MailRound46Tests.Complete("de")
            .Replace($"[{Key("lead_organisation")}] {o.Organisation}", $"[{Key("lead_organisation")}] s.o.", StringComparison.Ordinal)
            .Replace($"[{Key("objectives")}] {o.Text}", $"[{Key("objectives")}] siehe Anhang", StringComparison.Ordinal)
            .Replace($"[{Key("activities")}] {o.Text}", $"[{Key("activities")}] dito", StringComparison.Ordinal);
        var (reply, practice) = await play.SendAsync(ContributorPlay49Tests.Client("outlook", o.From, "REGIN Vorlage", text, Monday));
        await host.Host.StopAsync();
        Assert.Equal("de", Language(reply));
        foreach (var id in new[] { "lead_organisation", "objectives", "activities" })
        {
            Assert.True(Original(practice, id) is not ("s.o." or "siehe Anhang" or "dito"), $"{id} stored as '{Original(practice, id)}'\n{Body(reply)}");
            // Asked again among the missing answers.
            Assert.Contains($"[{Key(id)}]", Body(reply).Split(Opening("mail.reply_missing", "de")).ElementAtOrDefault(1) ?? "", StringComparison.Ordinal);
        }
        Assert.NotEqual(PracticeStatus.Submitted, practice.Status);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// A French official top-posts over our whole reply (Gmail, "Le … a écrit :", every line quoted): her new answers on
    /// top, after their keys; the "Voici ce que nous avons compris" list she quotes changes nothing, even where her new
    /// answer replaces one of its values.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_French_reply_top_posted_over_our_whole_reply_reads_only_her_lines(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "fr-top-posted");
        var o = MailRound46Tests.Officials["fr"];
        var (first, draft) = await play.SendAsync(ContributorPlay49Tests.Client("gmail", o.From, "Fiche REGIN",
            "Bonjour,\n\nvoici la fiche, il manque deux réponses.\n\n" + CompleteWithout("fr", "start_date", "objectives"), Monday));
        Assert.Equal(PracticeStatus.Draft, draft.Status);
        Assert.Contains(Opening("mail.reply_understood", "fr"), Body(first), StringComparison.Ordinal);
        var before = draft.Answers.ToDictionary(a => a.QuestionId, a => a.ValueJson);
        var text = $"Bonjour,\n\nvoici les réponses manquantes :\n[{Key("start_date")}] septembre 2021\n[{Key("objectives")}] Que les nouveaux arrivants trouvent un logement et un emploi en un an.\n"
            + $"Et une correction : [{Key("title")}] Accueil des primo-arrivants à Rennes\n\nBien à vous,\nClaire\n\n"
            + $"Le lun. 7 déc. 2026 à 09:15, REGIN Integration Lab <{Mailbox}> a écrit :\n" + Quoted(first, _ => null);
        var (reply, practice) = await play.SendAsync(AsReplyTo(ContributorPlay49Tests.Client("gmail", o.From, "Re: " + first.Subject, text, Monday.AddHours(2)), first));
        await host.Host.StopAsync();
        Assert.Equal("fr", Language(reply));
        Assert.Equal("\"2021-09\"", Answer(practice, "start_date"));
        Assert.Equal("Que les nouveaux arrivants trouvent un logement et un emploi en un an.", Original(practice, "objectives"));
        Assert.Equal("Accueil des primo-arrivants à Rennes", Original(practice, "title"));
        foreach (var (id, value) in before.Where(b => b.Key != "title"))
        {
            Assert.Equal(value, Answer(practice, id));
        }
        // Nothing quoted back as a line not read or answered twice: the quoted list is ours.
        Assert.DoesNotContain(Opening("mail.lines_unplaced", "fr"), Body(reply), StringComparison.Ordinal);
        Assert.DoesNotContain(Opening("mail.answered_twice", "fr"), Body(reply), StringComparison.Ordinal);
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
    }
}
