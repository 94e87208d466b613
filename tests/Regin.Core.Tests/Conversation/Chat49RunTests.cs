using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 49 (chat49): what the lead met playing hurried contributors in session 48 and left open. The organisation typed
/// after the name with a comma, a dash or in brackets ("Mary Byrne, Tallaght Welcome") was kept with the name; a German
/// region word in an English chat ("Kreis Lippe") found no region; "change the title to …" where an offer waited said
/// "Noted" and changed nothing.
/// </summary>
public sealed class Chat49RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    // 1. The organisation on the name's line.

    [Theory]
    [InlineData("en-IE", "Mary Byrne, Tallaght Welcome", "Mary Byrne", "Tallaght Welcome", "yes")]
    [InlineData("it-IT", "Giulia Rossi - Comune di Bari", "Giulia Rossi", "Comune di Bari", "si")]
    [InlineData("fr-BE", "Jean Dupont (CPAS de Liège)", "Jean Dupont", "CPAS de Liège", "oui")]
    [InlineData("en-IE", "aoife kelly - Clondalkin Welcome Project", "Aoife Kelly", "Clondalkin Welcome Project", "yes")]
    [InlineData("de-DE", "Jonas Weber (Willkommen in Gifhorn e.V.)", "Jonas Weber", "Willkommen in Gifhorn e.V.", "ja")]
    [InlineData("es-ES", "Lucia Gomez, Fundacion Cepaim", "Lucia Gomez", "Fundacion Cepaim", "si")]
    public async Task The_organisation_typed_after_the_name_is_left_out_of_it_and_offered_at_the_organisation(string locale, string typed,
        string name, string organisation, string yes)
    {
        var chat = await AtAsync(locale, "contact_organisation", typed);

        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("contact_organisation", offer.QuestionId);
        await chat.SendAsync(yes);
        Assert.Equal(organisation, (await AnswerOfAsync("contact_organisation"))!.Original);
        // After a comma, a name no vocabulary knows is taken out of the name once it is the organisation.
        Assert.Equal(name, (await AnswerOfAsync("contact_name"))!.ValueJson!.Unquoted());
        Assert.Equal("contact_email", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("en-IE", "Byrne, Mary", "Byrne, Mary")]
    [InlineData("en-IE", "Mary Byrne, project officer", "Mary Byrne")]
    [InlineData("it-IT", "Giulia Rossi (Giuli)", "Giulia Rossi")]
    [InlineData("es-ES", "Ruiz Garcia, Ana", "Ruiz Garcia, Ana")]
    [InlineData("es-ES", "Garcia Lopez, Maria Jose", "Garcia Lopez, Maria Jose")]
    [InlineData("pt-PT", "Costa Ribeiro, Ana Rita", "Costa Ribeiro, Ana Rita")]
    public async Task A_given_name_or_a_post_after_the_name_is_no_organisation(string locale, string typed, string name)
    {
        var chat = await AtAsync(locale, "contact_organisation", typed);

        Assert.StartsWith(name, (await AnswerOfAsync("contact_name"))!.ValueJson!.Unquoted());
        Assert.Null(chat.Progress.Pending);
    }

    // 2. A region's own country's words in a chat in another language.

    [Theory]
    [InlineData("de-DE", "deutschland", "Kreis Lippe", "DEA4", true)]
    [InlineData("en-IE", "germany", "Kreis Lippe", "DEA4", true)]
    [InlineData("en-IE", "germany", "Landkreis Goettingen", "DE91", true)]
    [InlineData("fr-FR", "allemagne", "landkreis osnabrück", "DE94", true)]
    [InlineData("en-IE", "italy", "provincia di bari", "ITF4", true)]
    [InlineData("fr-BE", "italie", "Comune di Bari", "ITF4", true)]
    [InlineData("en-IE", "spain", "comunidad de madrid", "ES30", false)]
    [InlineData("fr-FR", "suède", "Skåne län", "SE22", false)]
    [InlineData("en-IE", "sweden", "Region Skane", "SE22", false)]
    public async Task A_region_named_with_its_own_countrys_words_is_read_as_in_a_chat_in_that_language(string locale, string country,
        string typed, string code, bool authority)
    {
        var chat = await AtAsync(locale, "region", "Anna Berg", "Welcome Network", "anna@example.eu", Skip(locale), "Welcome Tables", country);

        await chat.SendAsync(typed);

        if (authority)
        {
            // An authority named by its place: its region guessed, the words kept for the lead organisation ("as German chats do").
            Assert.Null(await AnswerOfAsync("region"));
            var guess = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
            Assert.Contains($"({code})", guess.Candidates.Single().Display);
            Assert.Equal(typed, chat.Progress.OfferedAhead?.GetValueOrDefault("lead_organisation"));
            return;
        }
        Assert.Equal($"\"{code}\"", (await AnswerOfAsync("region"))!.ValueJson);
        Assert.Equal("lead_organisation", chat.AskedQuestion);
    }

    private static string Skip(string locale) => locale[..2] switch { "fr" => "passer", "de" => "überspringen", "it" => "salta", "es" => "saltar", _ => "skip" };

    // 3. "change the title to …" where an offer waits.

    [Theory]
    [InlineData("en-IE", "change the title to Welcome Café", "Welcome Café")]
    [InlineData("de-DE", "ändere den Titel in Willkommenscafé Lippe", "Willkommenscafé Lippe")]
    [InlineData("it-IT", "cambia il titolo in Caffè dell'accoglienza", "Caffè dell'accoglienza")]
    public async Task Changing_the_title_where_an_offer_waits_changes_it_and_keeps_the_offer(string locale, string change, string title)
    {
        var (country, place) = locale[..2] switch
        {
            "de" => ("deutschland", "Landkreis Osnabrück"),
            "it" => ("italia", "Comune di Bari"),
            _ => ("ireland", "Galway County Council"),
        };
        var chat = await AtAsync(locale, "region", "Anna Berg", "Welcome Network", "anna@example.eu", Skip(locale), "Welcome Tables", country);
        await chat.SendAsync(place);
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(change);

        Assert.Equal(title, (await AnswerOfAsync("title"))!.ValueJson!.Unquoted());
        var again = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal(offer.QuestionId, again.QuestionId);
        Assert.Contains(chat.Shown, line => line.Contains(title, StringComparison.Ordinal));
        Assert.Contains(chat.Shown, line => line.Contains(offer.Candidates.Single().Display, StringComparison.Ordinal));
    }

    private static readonly string[] GermanToStart =
    [
        "Petra Vogel", "Landratsamt Lippe", "p.vogel@kreis-lippe.de", "überspringen", "Willkommenscafé", "deutschland", "Nordrhein-Westfalen",
        "Kreis Lippe", "Kommune", "das Land fördert", "überspringen", "VHS und Caritas",
    ];

    private static readonly string[] GermanStartToResults =
    [
        "März 2021", "läuft noch", "Sprache, Arbeit", "Geflüchtete", "viele warten lange auf einen Kurs", "schneller Deutsch lernen",
        "Sprachcafé zweimal pro Woche", "viele haben eine Arbeit gefunden",
    ];

    // 4. A required date refused again and again while the contributor types the next answers.

    [Theory]
    [InlineData("de-DE", "weiss ich nicht mehr genau, war vor meiner zeit", "läuft noch", "ändern 13")]
    [InlineData("en-IE", "no idea tbh, before my time", "still running", "change 13")]
    [InlineData("fr-FR", "aucune idee c'etait avant moi", "toujours en cours", "modifier 13")]
    [InlineData("it-IT", "boh non ricordo, prima di me", "ancora in corso", "modifica 13")]
    public async Task A_required_date_refused_twice_by_the_next_answer_is_left_open_and_said(string locale, string unsure, string ongoing, string change)
    {
        var chat = await AtAsync(locale, "start_date", ToStart(locale));
        await chat.SendAsync(unsure);
        Assert.Equal("start_date", chat.AskedQuestion);

        await chat.SendAsync(ongoing);

        // The end date taken, the start left open with how to come back to it, still missing.
        Assert.Equal("\"ongoing\"", (await AnswerOfAsync("end_date"))?.ValueJson);
        Assert.Null(await AnswerOfAsync("start_date"));
        Assert.Contains("start_date", chat.Progress.Skipped);
        Assert.Contains(chat.Shown, line => line.Contains($"“{change.Split(' ')[0]} 13”", StringComparison.Ordinal)
            || line.Contains($"« {change.Split(' ')[0]} 13 »", StringComparison.Ordinal) || line.Contains($"„{change.Split(' ')[0]} 13“", StringComparison.Ordinal)
            || line.Contains($"«{change.Split(' ')[0]} 13»", StringComparison.Ordinal));
        Assert.Equal("integration_areas", chat.AskedQuestion);

        await chat.SendAsync(change);
        Assert.Equal("start_date", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("en-IE", "no idea tbh, before my time", "march 2021")]
    [InlineData("de-DE", "weiss ich nicht mehr genau", "märz 2021")]
    public async Task A_date_after_one_refusal_is_the_start_as_before(string locale, string unsure, string date)
    {
        var chat = await AtAsync(locale, "start_date", ToStart(locale));
        await chat.SendAsync(unsure);

        await chat.SendAsync(date);

        Assert.Equal("\"2021-03\"", (await AnswerOfAsync("start_date"))?.ValueJson);
        Assert.Equal("end_date", chat.AskedQuestion);
    }

    internal static string[] ToStart(string locale) => locale[..2] switch
    {
        "de" => GermanToStart,
        "fr" => ["Claire Martin", "Mairie de Nantes", "c.martin@nantes.fr", "passer", "Café des langues", "france", "pays de la loire",
            "Mairie de Nantes", "collectivité locale", "la région finance", "passer", "le CCAS et des associations"],
        "it" => ["Giulia Ferri", "Comune di Bologna", "g.ferri@comune.bologna.it", "salta", "Sportello migranti", "italia", "emilia romagna",
            "Comune di Bologna", "ente locale", "la regione finanzia", "salta", "ASL e cooperative"],
        _ => ["Siobhan Kelly", "Cork County Council", "skelly@corkcoco.ie", "skip", "Welcome Hub", "ireland", "Cork",
            "Cork County Council", "local authority", "the region funds it", "skip", "the HSE and the ETB"],
    };

    // 5. A yearly amount typed with the funding sources at the budget.

    [Theory]
    [InlineData("de-DE", "50.000 im Jahr vom Land und ESF", "50.000 im Jahr", "ändern 22", "ja")]
    [InlineData("en-IE", "40k a year from AMIF and the regional budget", "40k a year", "change 22", "yes")]
    [InlineData("fr-FR", "30 000 par an, FAMI et fonds regionaux", "30 000 par an", "modifier 22", "oui")]
    public async Task An_amount_typed_with_the_sources_is_read_and_the_sources_offered_at_their_question(string locale, string typed, string amount,
        string change, string yes)
    {
        var chat = await AtAsync(locale, "funding_sources", [.. ToStart(locale), .. StartToResults(locale), "40"]);
        await chat.SendAsync(Skip(locale));
        Assert.Equal("budget_eur", chat.AskedQuestion);

        await chat.SendAsync(typed);

        var budget = await AnswerOfAsync("budget_eur");
        Assert.Equal(amount, budget?.Original);
        Assert.Contains((await Host.PracticeOfAsync("sms", "user-1"))!.Flags, flag => flag.QuestionId == "budget_eur" && flag.Reason == "amount_per_year");
        Assert.Equal("innovative_elements", chat.AskedQuestion);

        await chat.SendAsync(change);
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("funding_sources", offer.QuestionId);
        await chat.SendAsync(yes);
        var sources = (await AnswerOfAsync("funding_sources"))!.ValueJson!;
        Assert.Contains("amif", sources.Replace("esf_plus", "amif", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("regional_budget", sources, StringComparison.Ordinal);
    }

    // 6. "no, that's per course" after the count was taken as the people reached.

    [Theory]
    [InlineData("de-DE", "etwa 40 Teilnehmende, viele haben Arbeit gefunden", "ja", "nein, das ist die Zahl pro Kurs", "insgesamt etwa 160")]
    [InlineData("en-IE", "about 40 participants, most of them found work", "yes", "no, thats per course", "160 in total")]
    [InlineData("fr-FR", "environ 40 participants, beaucoup ont trouve du travail", "oui", "non, c'est par session", "160 au total")]
    public async Task A_count_said_to_be_per_course_after_it_was_taken_is_flagged_and_asked_again(string locale, string results, string yes,
        string perCourse, string total)
    {
        var chat = await AtAsync(locale, "beneficiaries_count", [.. ToStart(locale), .. StartToResults(locale)[..^1], results]);
        await chat.SendAsync(yes);
        Assert.Equal("funding_sources", chat.AskedQuestion);

        await chat.SendAsync(perCourse);

        // Not a no to the funding sources, not an answer: the count is one course's, and the total asked for.
        Assert.Null(await AnswerOfAsync("funding_sources"));
        Assert.DoesNotContain("funding_sources", chat.Progress.Skipped);
        Assert.Contains((await Host.PracticeOfAsync("sms", "user-1"))!.Flags, flag => flag.QuestionId == "beneficiaries_count" && flag.Reason == "count_per_group");
        Assert.Equal("beneficiaries_count", chat.AskedQuestion);

        await chat.SendAsync(total);
        Assert.Equal("160", (await AnswerOfAsync("beneficiaries_count"))!.ValueJson);
        Assert.Equal("funding_sources", chat.AskedQuestion);
    }

    internal static string[] StartToResults(string locale) => locale[..2] switch
    {
        "de" => GermanStartToResults,
        "fr" => ["mars 2021", "en cours", "langue et emploi", "réfugiés", "beaucoup attendent longtemps un cours", "apprendre le français plus vite",
            "un café des langues deux fois par semaine", "beaucoup ont trouvé du travail"],
        "it" => ["marzo 2021", "in corso", "lingua e lavoro", "rifugiati", "molti aspettano a lungo un corso", "imparare l'italiano prima",
            "un caffè linguistico due volte a settimana", "molti hanno trovato lavoro"],
        _ => ["march 2021", "ongoing", "language and employment", "refugees", "people waited months for a course", "faster english",
            "a language cafe twice a week", "many found work"],
    };
}
