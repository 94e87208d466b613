using System.Text.RegularExpressions;
using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 47, what the chat offers: the normaliser's own confirmation ("45 000 € par an sur 3 ans" is 135 000 € in all; a
/// period typed the wrong way round put in order) was asked as a bare "Vouliez-vous dire 135 000 € ?"; "ca. 2500 pro Jahr"
/// typed at the situation, offered at the people reached and passed over, was never offered there when a number in the
/// results was; "Lukas Gruber, Stadt Wien MA 17" said both that the words were kept beside the name and "did you mean Stadt
/// Wien MA 17?"; "Ana Ruiz, de la Junta de Andalucía" offered "de la Junta de Andalucía".
/// </summary>
public sealed class Offers47RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private static string Message(string key, string locale) => TestCore.Questionnaire.Messages[key][locale[..2]];

    /// <summary>The longest run of a message's words between its placeholders (what any filled-in text of it shows).</summary>
    private static string Fixed(string key, string locale) =>
        Regex.Split(Message(key, locale), @"\{[^}]+\}").MaxBy(part => part.Length)!.Trim();

    private static readonly string[] ViennaToStart =
    [
        "Lukas Gruber", "Stadt Wien MA 17", "lukas.gruber@wien.gv.at", "überspringen", "Start Wien", "Österreich", "Wien",
        "wir selbst", "Stadt Wien", "wir finanzieren und führen es selbst durch", "ja", "überspringen", "überspringen",
    ];

    private static readonly string[] CorkToStart =
    [
        "Aoife Byrne", "Cork City Council", "aoife.byrne@corkcity.ie", "skip", "Welcome Cork", "Ireland", "Cork", "we do",
        "city council", "the region funds it and leads it", "yes", "skip", "skip",
    ];

    private static readonly string[] LyonToStart =
    [
        "Claire Martin", "Métropole de Lyon", "claire.martin@grandlyon.com", "passer", "Lyon Accueil", "France", "Auvergne-Rhône-Alpes",
        "la Métropole de Lyon", "autorité locale", "la région finance et copilote", "oui", "passer", "CCAS, Forum Réfugiés",
    ];

    [Theory]
    [InlineData("fr-FR", "de 2025 à 2023", "oui")]
    [InlineData("de-AT", "von 2025 bis 2023", "ja")]
    [InlineData("en-IE", "from 2025 to 2023", "yes")]
    public async Task A_period_typed_the_wrong_way_round_is_offered_as_the_normaliser_says_it(string locale, string period, string yes)
    {
        var chat = await AtAsync(locale, "start_date", locale[..2] switch { "fr" => LyonToStart, "de" => ViennaToStart, _ => CorkToStart });

        await chat.SendAsync(period);

        Assert.Contains(chat.Shown, line => line.Contains(Fixed("validation.date_reversed", locale), StringComparison.Ordinal));
        Assert.DoesNotContain(chat.Shown, line => line.Contains(Message("validation.did_you_mean", locale).Replace("{candidate}", "2023", StringComparison.Ordinal), StringComparison.Ordinal));
        await chat.SendAsync(yes);
        Assert.Equal("\"2023\"", (await AnswerOfAsync("start_date"))!.ValueJson);
    }

    [Fact]
    public async Task A_yearly_amount_over_years_is_offered_as_the_total_the_normaliser_says()
    {
        var chat = await AtAsync("fr-FR", "budget_eur", [.. LyonToStart, "de 2023 à 2025", "oui", "langue, emploi", "réfugiés, primo-arrivants",
            "les nouveaux arrivants ne savaient pas où aller", "orienter dès l'arrivée", "permanences chaque semaine", "plus de gens orientés",
            "environ 300 personnes par an", "FAMI et budget de la métropole"]);

        await chat.SendAsync("45 000 € par an sur 3 ans");

        // French amounts are written with no-break spaces ("45 000 €").
        Assert.Contains(chat.Shown, line => line.Replace('\u202F', ' ').Replace('\u00A0', ' ')
            .Contains("45 000 € par an sur 3 ans, cela fait 135 000 € au total", StringComparison.Ordinal));
        await chat.SendAsync("oui");
        Assert.Equal("135000", (await AnswerOfAsync("budget_eur"))!.ValueJson);
    }

    [Theory]
    [InlineData("de-AT", "ca. 2500 pro Jahr", "jedes Jahr kommen rund 10.000 Menschen nach Wien und wissen nicht wohin",
        "Orientierung in den ersten Monaten", "Bildungsinfo, Startcoaching in 10 Sprachen", "rund 300 Familien pro Jahr begleitet", "ja")]
    [InlineData("en-IE", "approx. 2500 a year", "newcomers did not know where to go, 4 offices and no overview",
        "orientation in the first months", "info desk, coaching in 10 languages", "we accompany around 300 families a year", "yes")]
    public async Task People_reached_typed_at_the_situation_and_passed_over_are_offered_when_people_reached_is_asked(
        string locale, string reached, string situation, string objectives, string activities, string results, string yes)
    {
        var chat = await AtAsync(locale, "description", [.. locale.StartsWith("de", StringComparison.Ordinal)
            ? [.. ViennaToStart, "seit Herbst 2016", "läuft weiter", "Sprachkurse, Bildungsberatung, Arbeitsmarkt", "Neuzugewanderte aus Drittstaaten, Asylberechtigte"]
            : (string[])[.. CorkToStart, "since autumn 2016", "still running", "language classes, jobs", "third country nationals, refugees"]]);
        await chat.SendAsync(reached);
        Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);

        foreach (var answer in new[] { situation, objectives, activities, results })
        {
            await chat.SendAsync(answer);
        }

        Assert.Equal(situation, (await AnswerOfAsync("description"))!.Original);
        Assert.Equal(results, (await AnswerOfAsync("results"))!.Original);
        Assert.Equal("beneficiaries_count", chat.AskedQuestion);
        Assert.Equal(reached, chat.Progress.Pending is CandidateConfirmation offer ? offer.Original : null);
        await chat.SendAsync(yes);
        Assert.Equal("2500", (await AnswerOfAsync("beneficiaries_count"))!.ValueJson);
    }

    [Theory]
    [InlineData("de-AT", "ca. 2500 pro Jahr", "nein, die Ausgangslage war: viele Neuzugewanderte wussten nicht wohin", "die Ausgangslage war: viele Neuzugewanderte wussten nicht wohin")]
    [InlineData("en-IE", "approx. 2500 a year", "no - newcomers did not know where to go for classes", "newcomers did not know where to go for classes")]
    public async Task A_no_with_the_situation_after_it_answers_the_situation_and_the_offer_waits(string locale, string reached, string typed, string situation)
    {
        var german = locale.StartsWith("de", StringComparison.Ordinal);
        var chat = await AtAsync(locale, "description", [.. german
            ? [.. ViennaToStart, "seit Herbst 2016", "läuft weiter", "Sprachkurse, Bildungsberatung, Arbeitsmarkt", "Neuzugewanderte aus Drittstaaten, Asylberechtigte"]
            : (string[])[.. CorkToStart, "since autumn 2016", "still running", "language classes, jobs", "third country nationals, refugees"]]);
        await chat.SendAsync(reached);

        await chat.SendAsync(typed);

        Assert.Equal(situation, (await AnswerOfAsync("description"))!.Original);
        Assert.Equal("objectives", chat.AskedQuestion);
        foreach (var answer in german ? new[] { "Orientierung", "Beratung", "mehr Menschen in Kursen" } : ["orientation", "advice", "more people in courses"])
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("beneficiaries_count", chat.AskedQuestion);
        Assert.Equal(reached, chat.Progress.Pending is CandidateConfirmation offer ? offer.Original : null);
    }

    [Theory]
    [InlineData("de-AT", "Hallo, ich bin Lukas Gruber, Stadt Wien MA 17", "Lukas Gruber", "Stadt Wien MA 17", "ja")]
    [InlineData("de-DE", "Hallo, ich bin Anna Schulz, vom Landkreis Harburg", "Anna Schulz", "Landkreis Harburg", "ja")]
    [InlineData("el-GR", "γεια σας, είμαι η Ελένη Βασιλείου, από την Περιφέρεια Βορείου Αιγαίου", "Ελένη Βασιλείου", "Περιφέρεια Βορείου Αιγαίου", "ναι")]
    [InlineData("es-ES", "hola soy Ana Ruiz, de la Junta de Andalucía", "Ana Ruiz", "Junta de Andalucía", "sí")]
    [InlineData("es-ES", "Ana María de la Fuente, de la Diputación de Málaga", "Ana María de la Fuente", "Diputación de Málaga", "si")]
    [InlineData("it-IT", "ciao sono Giulia Rossi, del Comune di Palermo", "Giulia Rossi", "Comune di Palermo", "sì")]
    [InlineData("pt-PT", "ola sou Marta Ribeiro, da Câmara Municipal de Braga", "Marta Ribeiro", "Câmara Municipal de Braga", "sim")]
    [InlineData("fr-FR", "bonjour, je suis Claire Martin, de la Métropole de Lyon", "Claire Martin", "Métropole de Lyon", "oui")]
    public async Task The_organisation_after_the_name_and_a_comma_is_offered_once_without_its_link_word(
        string locale, string first, string name, string organisation, string yes)
    {
        var chat = Host.Chat(locale);

        await chat.SendAsync(first);

        Assert.Equal(name, AnswerText((await AnswerOfAsync("contact_name"))!.ValueJson));
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        Assert.Equal(organisation, chat.Progress.Pending is CandidateConfirmation offer ? offer.Candidates[0].Display : null);
        Assert.DoesNotContain(chat.Shown, line => line.Contains(Fixed("validation.answer_condition", locale), StringComparison.Ordinal));
        await chat.SendAsync(yes);
        Assert.Equal(organisation, (await AnswerOfAsync("contact_organisation"))!.Original);
    }

    [Fact]
    public async Task The_organisation_after_the_name_typed_at_the_name_is_offered_once()
    {
        var chat = await AtAsync("de-AT", "contact_name");

        await chat.SendAsync("Lukas Gruber, Stadt Wien MA 17");

        Assert.Equal("Stadt Wien MA 17", chat.Progress.Pending is CandidateConfirmation offer ? offer.Candidates[0].Display : null);
        Assert.DoesNotContain(chat.Shown, line => line.Contains(Fixed("validation.answer_condition", "de-AT"), StringComparison.Ordinal));
    }

    private static string AnswerText(string? valueJson) => System.Text.Json.JsonSerializer.Deserialize<string>(valueJson!)!;
}
