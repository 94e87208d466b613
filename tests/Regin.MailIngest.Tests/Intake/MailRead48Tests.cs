using System.Text;
using MimeKit;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Session 48's mail reading, on both providers, in the 8 languages: answers numbered by our questions' order from a
/// phone that deleted our quote ("1. 2022 2. ja 3. 45.000"), read against our stored reply the mail answers.
/// </summary>
public abstract class MailRead48Tests(string provider)
{
    static MailRead48Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    public static TheoryData<string> Languages() => new("de", "fr", "it", "en", "es", "pt", "el", "sv");

    private static string Key(string id) => TemplateKeys.KeyOf(Questionnaire, id);

    private static readonly Dictionary<string, string> SignOff = new()
    {
        ["de"] = "Viele Grüße", ["fr"] = "Cordialement", ["it"] = "Saluti", ["en"] = "Thanks", ["es"] = "Saludos",
        ["pt"] = "Cumprimentos", ["el"] = "Ευχαριστώ", ["sv"] = "Hälsningar",
    };

    /// <summary>The budget as it is typed in the language: 45 thousand euros.</summary>
    private static readonly Dictionary<string, string> Budget = new()
    {
        ["de"] = "45.000", ["fr"] = "45 000", ["it"] = "45.000", ["en"] = "45,000", ["es"] = "45.000", ["pt"] = "45.000", ["el"] = "45.000", ["sv"] = "45 000",
    };

    /// <summary>
    /// Session 46's official's complete template without the start date and the consent, with every optional answer but
    /// the budget: our reply asks for the start date and the consent (required), then the budget (optional).
    /// </summary>
    internal static string AllButThree(string language)
    {
        var o = MailRound46Tests.Officials[language];
        var complete = MailRound46Tests.Complete(language).Split('\n')
            .Where(l => !l.StartsWith($"[{Key("start_date")}]", StringComparison.Ordinal) && !l.StartsWith($"[{Key("consent_publish")}]", StringComparison.Ordinal)).ToList();
        var funding = Questionnaire.Questions.Single(q => q.Id == "funding_sources").ChoiceList[0].Label.In(language);
        var optional = new[]
        {
            $"[{Key("contact_phone")}] +30 210 123 4567", $"[{Key("regional_authority_role_details")}] {o.Text}", $"[{Key("partners")}] {o.Organisation}",
            $"[{Key("beneficiaries_count")}] 120", $"[{Key("funding_sources")}] {funding}", $"[{Key("sustainability")}] {o.Text}",
            $"[{Key("monitoring_evaluation")}] {o.Text}", $"[{Key("website")}] https://www.example.org/regin",
        };
        var blank = complete.IndexOf("");
        complete.InsertRange(blank, optional);
        return string.Join("\n", complete);
    }

    private static List<string> Asked(MimeMessage reply) =>
        System.Text.RegularExpressions.Regex.Matches(reply.TextBody ?? "", @"^\s*\[(Q\d\d)\]", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();

    /// <summary>
    /// "1. 2022 2. ja 3. 45.000" typed on a phone under "Re:", our quoted reply deleted: the numbers are the places of our
    /// questions in the reply she answers (its In-Reply-To: our stored copy), the practice is complete and submitted.
    /// The same words in reply to a mail that is not ours (an id we never sent) stay unread, as before.
    /// </summary>
    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Numbered_answers_without_our_quote_are_read_by_the_questions_of_our_mail_they_answer(string language)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var o = MailRound46Tests.Officials[language];
        var first = await host.IngestAsync(MailRound45Tests.Mail(o.From, "REGIN", AllButThree(language)));
        Assert.Equal(MailOutcomes.Created, first.Outcome);
        var reply = Assert.Single(await host.OutboxAsync());
        var asked = Asked(reply);
        // The reply's lists: what we understood (every answer, with its key) comes first; the asking lists after.
        Assert.Equal([Key("start_date"), Key("consent_publish"), Key("budget_eur")], asked.Where(k => k == Key("start_date") || k == Key("consent_publish") || k == Key("budget_eur")).ToList());
        var yes = Questionnaire.Vocabulary.Yes.In(language)[0];
        var numbered = $"1. 2022 2. {yes} 3. {Budget[language]}\n\n{SignOff[language]}\n{o.Name.Split(' ')[0]}";

        // Not our mail: today's behaviour (nothing read, the template sent again).
        var stranger = await host.IngestAsync(MailRound45Tests.Mail(o.From, "Re: " + reply.Subject, numbered, inReplyTo: "<CAM0123456789@mail.gmail.com>"));
        Assert.NotEqual(MailOutcomes.Submitted, stranger.Outcome);
        var practice = await host.PracticeAsync(first.Reference);
        Assert.DoesNotContain(practice!.Answers, a => a.QuestionId is "start_date" or "consent_publish" or "budget_eur");

        var second = await host.IngestAsync(MailRound45Tests.Mail(o.From, "Re: " + reply.Subject, numbered, inReplyTo: reply.MessageId));
        practice = await host.PracticeAsync(first.Reference);
        Assert.True(second.Outcome == MailOutcomes.Submitted, $"{second.Outcome}: {second.Detail}");
        Assert.Equal("\"2022\"", practice!.Answers.Single(a => a.QuestionId == "start_date").ValueJson);
        Assert.Equal("true", practice.Answers.Single(a => a.QuestionId == "consent_publish").ValueJson);
        Assert.Equal("45000", practice.Answers.Single(a => a.QuestionId == "budget_eur").ValueJson);
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
    }

    /// <summary>
    /// A numbered list that is not answers stays unread without the quote too: more items than our mail asked (her
    /// activities), or one not starting at 1.
    /// </summary>
    [Theory]
    [InlineData("de", "Unsere Angebote sind\n1. Sprachkurse 2. Hausaufgabenhilfe 3. Elterncafé 4. Ausflüge")]
    [InlineData("fr", "2. 2022 3. oui")]
    public async Task A_numbered_list_that_is_not_answers_to_our_mail_stays_unread(string language, string text)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var o = MailRound46Tests.Officials[language];
        var first = await host.IngestAsync(MailRound45Tests.Mail(o.From, "REGIN", AllButThree(language)));
        var reply = Assert.Single(await host.OutboxAsync());
        await host.IngestAsync(MailRound45Tests.Mail(o.From, "Re: " + reply.Subject, text + "\n\n" + SignOff[language], inReplyTo: reply.MessageId));
        var practice = await host.PracticeAsync(first.Reference);
        Assert.DoesNotContain(practice!.Answers, a => a.QuestionId is "start_date" or "consent_publish" or "budget_eur");
        Assert.NotEqual(PracticeStatus.Submitted, practice.Status);
    }

    /// <summary>Prose first mails, as people write about their project before they know of a template: where, since when, how many, how much.</summary>
    internal static readonly Dictionary<string, (string From, string Subject, string Text, string Region)> ProseFirst = new()
    {
        ["sv"] = ("Maria Berg <maria.berg@sprakbron.example>", "Vårt projekt Språkbron", "Hej!\n\nVi driver ett projekt i Malmö sedan 2021 som heter Språkbron. Nyanlända kvinnor träffar frivilliga mentorer varannan vecka. Vi samarbetar med Malmö stad och Arbetsförmedlingen.\n\nHittills har ungefär 420 personer deltagit. Budgeten är ca 600 000 kronor per år.\n\nVänliga hälsningar\nMaria Berg", "SE22"),
        ["fr"] = ("Léa Morel <lea.morel@asso-passerelles.example>", "Notre projet", "Bonjour,\n\nnous menons à Lyon depuis 2022 des ateliers de français pour les femmes réfugiées, avec la Métropole. Environ 150 personnes y ont participé. Nous l'avons présenté à un colloque à Paris en 2024.\n\nCordialement,\nLéa Morel", "FRK2"),
        ["de"] = ("Jonas Meyer <j.meyer@sprachcafe-os.example>", "Unser Sprachcafé", "Guten Tag,\n\nwir betreiben in Osnabrück seit 2019 ein Sprachcafé für Geflüchtete, zusammen mit der Stadt. Bisher haben rund 300 Personen teilgenommen.\n\nViele Grüße\nJonas Meyer", "DE94"),
        ["it"] = ("Giulia Conti <g.conti@ponti.example>", "Il nostro progetto", "Buongiorno,\n\nabbiamo un progetto a Torino dal 2020 per l'inserimento lavorativo dei rifugiati. Finora 200 persone hanno partecipato.\n\nCordiali saluti\nGiulia Conti", "ITC1"),
        ["es"] = ("Ana Gil <ana.gil@puentes.example>", "Nuestro proyecto", "Hola:\n\nllevamos un proyecto en Zaragoza desde 2021 con mujeres migrantes. Han participado unas 90 personas.\n\nUn saludo,\nAna Gil", "ES24"),
        ["pt"] = ("João Sousa <joao.sousa@acolher.example>", "O nosso projeto", "Bom dia,\n\ntemos um projeto em Braga desde 2020 para acolher refugiados. Já participaram 120 pessoas.\n\nCumprimentos,\nJoão Sousa", "PT11"),
        ["en"] = ("Kate Walsh <kate.walsh@bridges.example>", "Our project", "Hello,\n\nwe have run a project in Cork since 2021 for young refugees. Our partner in Galway has helped, and we presented it at a conference in Lisbon in 2023. About 250 people took part.\n\nBest,\nKate Walsh", "IE05"),
        ["el"] = ("Ελένη Δημητρίου <eleni@allileggyi.example>", "Το πρόγραμμά μας", "Καλημέρα σας,\n\nτρέχουμε ένα πρόγραμμα στη Θεσσαλονίκη από το 2020 για γυναίκες πρόσφυγες. Έχουν συμμετάσχει περίπου 80 άτομα.\n\nΜε εκτίμηση,\nΕλένη Δημητρίου", "EL52"),
    };

    /// <summary>
    /// A first mail in prose (five sentences, no template): the draft keeps its facts and where it runs as a guess to
    /// confirm (flagged for the team; a partner's town or a conference city never wins); the reply is short: what was
    /// kept, and the rest as a count "in the template attached", not the 19 required and 7 optional questions listed.
    /// </summary>
    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_prose_first_mail_gets_a_short_reply_and_its_place_as_a_guess_to_confirm(string language)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var mail = ProseFirst[language];
        var texts = new Regin.Core.Localisation.Texts(Questionnaire);
        var first = await host.IngestAsync(MailRound45Tests.Mail(mail.From, mail.Subject, mail.Text));
        Assert.True(first.Outcome == MailOutcomes.Created, $"{first.Outcome}: {first.Detail}");
        var practice = await host.PracticeAsync(first.Reference);
        Assert.Equal(language, practice!.Language);
        Assert.Equal($"\"{mail.Region}\"", practice.Answers.Single(a => a.QuestionId == "region").ValueJson);
        Assert.Equal($"\"{(mail.Region[..2] == "EL" ? "GR" : mail.Region[..2])}\"", practice.Answers.Single(a => a.QuestionId == "country").ValueJson);
        var guesses = practice.Flags.Where(f => f.Reason == Regin.Core.Normalisation.FlagReasons.PlaceGuessed && !f.Resolved).Select(f => f.QuestionId).Order().ToList();
        Assert.Equal(["country", "region"], guesses);

        var reply = Assert.Single(await host.OutboxAsync());
        var body = (reply.TextBody ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains(texts.Get("mail.reply_prose_first", language), body, StringComparison.Ordinal);
        Assert.DoesNotContain(texts.Get("mail.reply_missing", language), body, StringComparison.Ordinal);
        Assert.DoesNotContain(texts.Get("mail.reply_optional_open", language), body, StringComparison.Ordinal);
        Assert.DoesNotContain($"[{Key("objectives")}]", body, StringComparison.Ordinal);
        var required = Questionnaire.Questions.Count(q => q.Required && !practice.Answers.Any(a => a.QuestionId == q.Id));
        var optional = Questionnaire.Questions.Count(q => !q.Required && !practice.Answers.Any(a => a.QuestionId == q.Id));
        Assert.Contains(texts.Get("mail.reply_rest_in_template", language, ("required", required.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("optional", optional.ToString(System.Globalization.CultureInfo.InvariantCulture))), body, StringComparison.Ordinal);
        // The guessed place is said as a guess, under the region's line of what was understood.
        var regionLine = body.Split('\n').ToList().FindIndex(l => l.TrimStart().StartsWith($"[{Key("region")}]", StringComparison.Ordinal));
        Assert.True(regionLine >= 0, body);
        var assumed = texts.Get("mail.reply_assumed", language, ("candidate", "§")).Split('§')[0];
        Assert.StartsWith(assumed, body.Split('\n')[regionLine + 1].Trim(), StringComparison.Ordinal);
        Assert.True(body.Split('\n').Length < 30, body);
        Assert.Contains(reply.Attachments, a => (a.ContentDisposition?.FileName ?? "").StartsWith("regin-template-", StringComparison.Ordinal));

        // Her own answer to the region closes the guess.
        var confirm = await host.IngestAsync(MailRound45Tests.Mail(mail.From, "Re: " + reply.Subject, $"[{Key("region")}] {mail.Region}\n\n{SignOff[language]}", inReplyTo: reply.MessageId));
        Assert.True(confirm.Outcome == MailOutcomes.Updated, $"{confirm.Outcome}: {confirm.Detail}");
        practice = await host.PracticeAsync(first.Reference);
        Assert.DoesNotContain(practice!.Flags, f => f.Reason == Regin.Core.Normalisation.FlagReasons.PlaceGuessed && f.QuestionId == "region" && !f.Resolved);
    }
}

public sealed class MailRead48TestsOnSqlite() : MailRead48Tests(TestProviders.Sqlite);

public sealed class MailRead48TestsOnPostgreSql() : MailRead48Tests(TestProviders.PostgreSql);
