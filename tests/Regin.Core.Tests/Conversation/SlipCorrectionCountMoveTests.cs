using Regin.Core.Conversation;
using Regin.Core.Conversation.Commands;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 42 (lang42): a four-letter command slip typed alone ("bakc", "hlep", "zurü", "indi") was stored as the answer at
/// a one-line text (the slip rule asked at five letters only); corrections without a verb ("sorry the title: X", "Korrektur
/// Titel: X") were stored as the answer on screen; a count said as people ("environ 300 personnes") typed alone at another
/// long text was kept there, never offered at the count of people reached. And what a new user in Portuguese, Swedish and
/// Spanish met: "bakc" in a Swedish chat hinted at English; "sí", "sim" alone at the funding sources were kept under Other.
/// </summary>
public sealed class SlipCorrectionCountMoveTests(ConversationClassHost classHost) : IAsyncLifetime, IClassFixture<ConversationClassHost>
{
    private static readonly CommandParser Parser = new(TestCore.Questionnaire);

    private ConversationHost _host = null!;

    public Task InitializeAsync()
    {
        _host = classHost.Host.ForCase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    // Two neighbours swapped in a four-letter command word.
    [InlineData("bakc", "en", "back")]
    [InlineData("bcak", "en", "back")]
    [InlineData("hlep", "en", "help")]
    [InlineData("sikp", "en", "skip")]
    [InlineData("Sikp", "sv", "skip")]
    [InlineData("πσίω", "el", "back")]
    [InlineData("psio", "el", "back")]
    [InlineData("puas", "sv", "pause")]
    // A vowel left out between two consonants of a five-letter one.
    [InlineData("atrs", "es", "back")]
    [InlineData("hlfe", "de", "help")]
    [InlineData("hjlp", "sv", "help")]
    [InlineData("trna", "it", "back")]
    // The first four letters of the chat's own main word, sent before it was finished.
    [InlineData("zurü", "de", "back")]
    [InlineData("Zuru", "de", "back")]
    [InlineData("indi", "it", "back")]
    [InlineData("riep", "it", "summary")]
    [InlineData("samm", "sv", "summary")]
    [InlineData("till", "sv", "back")]
    [InlineData("συνο", "el", "summary")]
    public void A_four_letter_slip_that_reads_as_no_word_is_its_command(string typed, string language, string command) =>
        Assert.Equal(command, Parser.Slip(typed, language)?.Name);

    [Theory]
    // Real short names and words a slip away from a command word: never asked.
    [InlineData("Bako", "en")]
    [InlineData("Hope", "en")]
    [InlineData("Lego", "en")]
    [InlineData("Late", "en")]
    [InlineData("Hopp", "sv")] // hope; "hoppa" (skip) less its "a"
    [InlineData("Baka", "sv")] // "backa" less its "c"
    [InlineData("Nasa", "sv")]
    [InlineData("Nata", "pt")]
    [InlineData("Lugo", "es")] // "luego" less its "e"
    [InlineData("Toro", "es")]
    [InlineData("Auto", "it")] // "aiuto" less its "i"
    [InlineData("Sala", "it")]
    [InlineData("Volt", "pt")] // a cut of "voltar", and "volta" less its "a"
    [InlineData("Salt", "pt")]
    [InlineData("Pula", "pt")]
    [InlineData("Pass", "fr")]
    [InlineData("Till", "de")] // a name; "tillbaka" is Swedish
    [InlineData("Indi", "en")]
    [InlineData("Uber", "de")] // a cut of two commands' words
    [InlineData("πάση", "el")] // "παύση" less its "υ"
    [InlineData("Skip", "en")]
    public void A_short_word_a_slip_from_a_command_that_reads_as_a_word_is_no_slip(string typed, string language)
    {
        var slip = Parser.Slip(typed, language);
        Assert.True(slip is null || Parser.Parse(typed).Count > 0, $"{typed} read as {slip?.Name}");
    }

    [Fact]
    public void The_five_letter_rule_is_unchanged() =>
        Assert.Equal(("back", "back", "summary"), (Parser.Slip("zurük", "de")?.Name, Parser.Slip("tillbka", "sv")?.Name, Parser.Slip("sumary", "en")?.Name));

    private static string[] ToTheLeadOrganisationType(string country, string region, string organisation) =>
        ["Ana Ferreira", "Integration Office", "ana.ferreira@example.eu", "-", "Welcome Desk", country, region, organisation];

    private static string[] ToTheAreas(string country, string region, string organisation) =>
        [.. ToTheLeadOrganisationType(country, region, organisation), "1", "1", "-", "-", "2020", "2023"];

    private async Task<EngineChat> AtAsync(string locale, string question, IEnumerable<string> answers)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        foreach (var answer in answers)
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal(question, chat.AskedQuestion);
        return chat;
    }

    private async Task<string?> ValueOfAsync(string question) =>
        (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.SingleOrDefault(a => a.QuestionId == question)?.ValueJson;

    [Theory]
    [InlineData("en-IE", "bakc", "yes", "region")]
    [InlineData("en-IE", "hlep", "yes", "lead_organisation")]
    [InlineData("de-DE", "zurü", "ja", "region")]
    [InlineData("it-IT", "indi", "sì", "region")]
    [InlineData("es-ES", "atrs", "sí", "region")]
    public async Task A_four_letter_slip_at_the_organisation_is_asked_and_nothing_stored(string locale, string slip, string yes, string then)
    {
        var chat = await AtAsync(locale, "lead_organisation", ToTheLeadOrganisationType("ireland", "cork", "x")[..7]);

        await chat.SendAsync(slip);

        Assert.IsType<SlipConfirmation>(chat.Progress.Pending);
        Assert.Null(await ValueOfAsync("lead_organisation"));
        await chat.SendAsync(yes);
        Assert.Null(await ValueOfAsync("lead_organisation"));
        Assert.Equal(then, chat.Progress.QuestionId);
    }

    [Theory]
    [InlineData("sv-SE", "Hopp")]
    [InlineData("es-ES", "Lugo")]
    [InlineData("en-IE", "Bako")]
    [InlineData("en-IE", "Hope")]
    public async Task A_short_real_title_is_stored_unasked(string locale, string title)
    {
        var chat = await AtAsync(locale, "title", ToTheLeadOrganisationType("ireland", "cork", "x")[..4]);

        await chat.SendAsync(title);

        Assert.Null(chat.Progress.Pending);
        Assert.Equal($"\"{title}\"", await ValueOfAsync("title"));
    }

    [Theory]
    // Refused as a date: the command, unasked (as "zurük" and "atrs" were).
    [InlineData("en-IE", "bakc")]
    [InlineData("de-DE", "zurü")]
    [InlineData("sv-SE", "till")]
    public async Task A_four_letter_back_at_the_start_date_goes_back(string locale, string slip)
    {
        var chat = await AtAsync(locale, "start_date", ToTheAreas("ireland", "cork", "Integration Office")[..^2]);

        await chat.SendAsync(slip);

        Assert.Equal("partners", chat.AskedQuestion);
        Assert.Null(await ValueOfAsync("start_date"));
    }

    [Theory]
    [InlineData("en-IE", "sorry the title: Welcome Cafés for newcomers", "title", "Welcome Cafés for newcomers")]
    [InlineData("en-IE", "oops title = Welcome Cafes", "title", "Welcome Cafes")]
    [InlineData("en-IE", "correction: organisation Cork County Council", "lead_organisation", "Cork County Council")]
    [InlineData("en-IE", "sorry the org is Cork City Council", "lead_organisation", "Cork City Council")]
    [InlineData("en-IE", "sorry the org is cork city council", "lead_organisation", "cork city council")]
    [InlineData("fr-FR", "pardon, le titre : Accueil rural en Occitanie", "title", "Accueil rural en Occitanie")]
    [InlineData("de-DE", "Korrektur Titel: Integrationslotsen Harburg", "title", "Integrationslotsen Harburg")]
    [InlineData("es-ES", "perdón, el título: Acogida en Aragón", "title", "Acogida en Aragón")]
    [InlineData("pt-PT", "desculpe, título: Integrar no Porto", "title", "Integrar no Porto")]
    [InlineData("pt-PT", "correção: entidade Câmara Municipal de Braga", "lead_organisation", "Câmara Municipal de Braga")]
    [InlineData("sv-SE", "förlåt, titeln: Välkomstcafé i Malmö", "title", "Välkomstcafé i Malmö")]
    [InlineData("it-IT", "scusa, titolo: Sportello stranieri", "title", "Sportello stranieri")]
    [InlineData("el-GR", "συγγνώμη, τίτλος: Καφέ Καλωσορίσματος", "title", "Καφέ Καλωσορίσματος")]
    // The change command's verb before the name (session 42: "oups, corriger le titre: X" was the answer on screen).
    [InlineData("fr-FR", "oups, corriger le titre: Parcours d'accueil des primo-arrivants", "title", "Parcours d'accueil des primo-arrivants")]
    [InlineData("en-IE", "change the title: Welcome Cafés for newcomers", "title", "Welcome Cafés for newcomers")]
    [InlineData("it-IT", "scusa, correggi il titolo: Sportello stranieri", "title", "Sportello stranieri")]
    [InlineData("es-ES", "perdón, corregir el título: Acogida en Aragón", "title", "Acogida en Aragón")]
    // No correction word, but the question's name and a colon: a field written as on a form.
    [InlineData("de-DE", "Titel: Integrationslotsen Harburg", "title", "Integrationslotsen Harburg")]
    public async Task A_correction_naming_a_one_line_text_without_a_verb_corrects_it_as_typed(string locale, string correction, string question, string value)
    {
        var chat = await AtAsync(locale, "integration_areas", ToTheAreas("ireland", "cork", "Integration Office"));

        await chat.SendAsync(correction);

        Assert.Equal("integration_areas", chat.AskedQuestion);
        Assert.Equal(value, System.Text.Json.JsonSerializer.Deserialize<string>((await ValueOfAsync(question))!));
        Assert.Null(await ValueOfAsync("integration_areas"));
    }

    [Theory]
    // A change word opens prose too: no correction at a long text without correction words (session 42).
    [InlineData("Wrong title: that is how people first saw it, now it is the welcome desk")]
    [InlineData("change the title is what the volunteers asked for first")]
    public async Task A_change_word_before_a_name_at_a_long_text_stays_its_answer(string text)
    {
        var chat = await AtAsync("en-IE", "description", [.. ToTheAreas("ireland", "cork", "Integration Office"), "1", "1"]);

        await chat.SendAsync(text);

        Assert.Equal("\"Welcome Desk\"", await ValueOfAsync("title"));
        Assert.NotNull(await ValueOfAsync("description"));
    }

    [Fact]
    public async Task A_heading_with_a_colon_at_a_long_text_stays_its_answer()
    {
        var chat = await AtAsync("en-IE", "description", [.. ToTheAreas("ireland", "cork", "Integration Office"), "1", "1"]);

        await chat.SendAsync("Title: none yet, it grew out of a parish welcome cafe");

        Assert.Equal("\"Welcome Desk\"", await ValueOfAsync("title"));
        Assert.NotNull(await ValueOfAsync("description"));
    }

    private static readonly Dictionary<string, string> Prose = new()
    {
        ["fr-FR"] = "Des cours de langue et un accompagnement pour les nouveaux arrivants de la region.",
        ["en-IE"] = "Language classes and mentoring for people newly arrived in the county.",
        ["de-DE"] = "Sprachkurse und Begleitung fuer neu zugewanderte Menschen im Landkreis.",
        ["es-ES"] = "Clases de idioma y acompañamiento para las personas recien llegadas a la comunidad.",
        ["it-IT"] = "Corsi di lingua e accompagnamento per le persone appena arrivate in regione.",
        ["pt-PT"] = "Aulas de lingua e acompanhamento para as pessoas recem-chegadas a regiao.",
        ["el-GR"] = "Μαθηματα γλωσσας και συνοδεια για τους νεοαφιχθεντες στην περιφερεια.",
        ["sv-SE"] = "Sprakkurser och stod for nyanlanda i regionen.",
    };

    private async Task<EngineChat> AtTheObjectivesAsync(string locale)
    {
        var chat = await AtAsync(locale, "integration_areas", ToTheAreas("ireland", "cork", "Integration Office"));
        foreach (var answer in new[] { "1", "1", Prose[locale] })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("objectives", chat.AskedQuestion);
        return chat;
    }

    [Theory]
    [InlineData("en-IE", "about 300 a year", "yes", "300")]
    [InlineData("en-IE", "roughly 300 people", "yes", "300")]
    [InlineData("it-IT", "300 persone", "sì", "300")]
    [InlineData("fr-FR", "environ 300 personnes", "oui", "300")]
    [InlineData("de-DE", "ca. 250 Teilnehmende pro Jahr", "ja", "250")]
    [InlineData("es-ES", "unas 300 personas al año", "sí", "300")]
    [InlineData("pt-PT", "cerca de 300 pessoas", "sim", "300")]
    [InlineData("sv-SE", "ungefär 300 personer per år", "ja", "300")]
    [InlineData("el-GR", "περίπου 300 άτομα", "ναι", "300")]
    public async Task A_count_of_people_typed_alone_at_another_long_text_is_offered_at_the_count(string locale, string typed, string yes, string count)
    {
        var chat = await AtTheObjectivesAsync(locale);

        await chat.SendAsync(typed);

        var offer = Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal(("objectives", "beneficiaries_count"), (offer.QuestionId, offer.NextQuestionId));
        await chat.SendAsync(yes);

        Assert.Equal(count, await ValueOfAsync("beneficiaries_count"));
        Assert.Equal("objectives", chat.AskedQuestion);
    }

    [Theory]
    // A number among other words is no count of people: kept where it was typed.
    [InlineData("en-IE", "3 NGOs and the library")]
    [InlineData("it-IT", "doposcuola 4 gg")]
    [InlineData("fr-FR", "deux associations")]
    [InlineData("en-IE", "300")]
    public async Task A_number_that_says_no_people_stays_where_it_was_typed(string locale, string typed)
    {
        var chat = await AtTheObjectivesAsync(locale);

        await chat.SendAsync(typed);

        Assert.IsNotType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Null(await ValueOfAsync("beneficiaries_count"));
    }

    [Fact]
    public async Task A_slip_of_another_languages_word_gives_no_hint_to_switch()
    {
        var chat = await AtTheObjectivesAsync("sv-SE");
        await chat.SendAsync("Att nyanlända snabbare lär sig svenska.");

        await chat.SendAsync("bakc");

        Assert.Equal("objectives", chat.AskedQuestion);
        Assert.DoesNotContain(chat.Shown, line => line.Contains("language en", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("es-ES", "sí")]
    [InlineData("pt-PT", "sim")]
    [InlineData("sv-SE", "ja")]
    public async Task A_yes_alone_at_the_funding_sources_is_no_option(string locale, string yes)
    {
        var chat = await AtTheObjectivesAsync(locale);
        // Three answers told apart: the same text twice in a row is one message sent twice (chatplay47), not the next answer.
        foreach (var answer in new[] { Prose[locale] + " (B)", Prose[locale] + " (C)", Prose[locale] + " (D)", "-" })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("funding_sources", chat.AskedQuestion);

        await chat.SendAsync(yes);

        Assert.Null(await ValueOfAsync("funding_sources"));
        Assert.Equal("funding_sources", chat.Progress.QuestionId);
    }

    [Theory]
    // The budget typed one question early, at the funding sources: it named no source and was kept as "Other: 120".
    [InlineData("sv-SE", "120 000 euro", "ja", "120000")]
    [InlineData("es-ES", "85.000 €", "sí", "85000")]
    [InlineData("pt-PT", "85 mil euros", "sim", "85000")]
    public async Task An_amount_typed_at_the_funding_sources_is_offered_as_the_budget(string locale, string typed, string yes, string budget)
    {
        var chat = await AtTheObjectivesAsync(locale);
        // Three answers told apart: the same text twice in a row is one message sent twice (chatplay47), not the next answer.
        foreach (var answer in new[] { Prose[locale] + " (B)", Prose[locale] + " (C)", Prose[locale] + " (D)", "-" })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("funding_sources", chat.AskedQuestion);

        await chat.SendAsync(typed);

        var offer = Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal(("funding_sources", "budget_eur"), (offer.QuestionId, offer.NextQuestionId));
        await chat.SendAsync(yes);

        Assert.Equal(budget, await ValueOfAsync("budget_eur"));
        Assert.Null(await ValueOfAsync("funding_sources"));
        Assert.Equal("funding_sources", chat.AskedQuestion);
    }
}
