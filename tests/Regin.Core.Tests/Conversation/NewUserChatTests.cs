using Regin.Core.Conversation;
using Regin.Core.Localisation;
using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 41's new-user check (a whole questionnaire typed in Italian as an Emilia-Romagna official types it), and the same
/// moves in the other languages: "iniziamo" after the welcome was stored as the name, "scusa il mio nome è giulia ferri non
/// iniziamo" as the organisation; the context typed past the target groups' Other confirmation was refused there and the
/// objectives typed next replaced them; "si" was stored as the context; "la regione stessa" stayed as typed.
/// </summary>
public sealed class NewUserChatTests(ConversationClassHost classHost) : IAsyncLifetime, IClassFixture<ConversationClassHost>
{
    private ConversationHost _host = null!;

    public Task InitializeAsync()
    {
        _host = classHost.Host.ForCase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<string?> ValueOfAsync(string question) =>
        (await _host.PracticeOfAsync("sms", "user-1"))?.Answers.SingleOrDefault(a => a.QuestionId == question)?.ValueJson;

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    [Theory]
    [InlineData("it-IT", "iniziamo", "Giulia Ferri")]
    [InlineData("it-IT", "ok iniziamo!", "Giulia Ferri")]
    [InlineData("en-IE", "ok lets start", "Mary Byrne")]
    [InlineData("en-GB", "Let's go", "Tom Hughes")]
    [InlineData("fr-FR", "on commence", "Claire Martin")]
    [InlineData("de-DE", "los geht's", "Anna Schulte")]
    [InlineData("de-DE", "ja los", "Anna Schulte")]
    [InlineData("es-ES", "vamos", "Lucía Gómez")]
    [InlineData("el-GR", "ας ξεκινήσουμε", "Μαρία Παπαδάκη")]
    [InlineData("el-GR", "πάμε", "Μαρία Παπαδάκη")]
    [InlineData("pt-PT", "vamos começar", "Ana Costa")]
    [InlineData("sv-SE", "vi börjar", "Karin Lindqvist")]
    [InlineData("sv-SE", "ok kör", "Karin Lindqvist")]
    public async Task Starting_words_after_the_welcome_start_and_answer_nothing(string locale, string start, string name)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();

        await chat.SendAsync(start);

        Assert.Equal("contact_name", chat.AskedQuestion);
        Assert.Null(await _host.PracticeOfAsync("sms", "user-1"));
        await chat.SendAsync(name);
        Assert.Equal(Json(name), await ValueOfAsync("contact_name"));
        Assert.Equal("contact_organisation", chat.AskedQuestion);
    }

    [Theory]
    // A yes alone is no start ("Jo" is Swedish's yes and a name), nor is a slash command ("/start" is an unknown command).
    [InlineData("en-US", "Jo")]
    [InlineData("es-ES", "Dale")]
    public async Task A_name_that_is_a_yes_or_a_start_word_elsewhere_is_the_name(string locale, string name)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();

        await chat.SendAsync(name);

        Assert.Equal(Json(name), await ValueOfAsync("contact_name"));
    }

    [Fact]
    public async Task Starting_words_once_something_is_answered_are_an_answer_as_before()
    {
        var chat = _host.Chat("it-IT");
        await chat.StartAsync();
        await chat.SendAsync("Giulia Ferri");

        // The organisation on screen: no start any more (a one-line text takes the word; nothing guessed).
        await chat.SendAsync("Partiamo");

        Assert.Equal(Json("Partiamo"), await ValueOfAsync("contact_organisation"));
    }

    [Theory]
    // The name given wrong, then corrected by its own lead-in at the next question: the lead's Italian exactly, and in the
    // other languages with the "not …" or a name written as one.
    // (The lead's first answer was "iniziamo ok", stored as the name; since session 45 a yes in several words is no name and
    // is asked again: ConversationEngineTests.A_yes_in_several_words_is_no_name_and_the_name_is_asked_again.)
    [InlineData("it-IT", "giulia", "scusa il mio nome è giulia ferri non giulia", "Giulia Ferri")]
    [InlineData("en-IE", "Mary Byrne", "sorry my name is Mary O'Byrne not Mary Byrne", "Mary O'Byrne")]
    [InlineData("fr-FR", "claire", "pardon je m'appelle Claire Martin", "Claire Martin")]
    [InlineData("de-DE", "anna", "Entschuldigung, ich heiße Anna Schulte", "Anna Schulte")]
    [InlineData("de-DE", "anna", "sorry mein name ist anna schulte nicht anna", "Anna Schulte")]
    [InlineData("es-ES", "lucia", "perdón, me llamo lucía gómez no lucia", "Lucía Gómez")]
    [InlineData("el-GR", "μαρια", "συγγνώμη, με λένε Μαρία Παπαδάκη", "Μαρία Παπαδάκη")]
    [InlineData("sv-SE", "karin", "förlåt, jag heter Karin Lindqvist", "Karin Lindqvist")]
    [InlineData("pt-PT", "ana", "desculpe, o meu nome é ana costa", "Ana Costa")]
    public async Task A_name_corrected_by_its_lead_in_at_the_next_question_is_the_name(string locale, string first, string correction, string name)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync(first);
        Assert.Equal("contact_organisation", chat.AskedQuestion);

        await chat.SendAsync(correction);

        Assert.Equal(Json(name), await ValueOfAsync("contact_name"));
        Assert.Null(await ValueOfAsync("contact_organisation"));
        Assert.Equal("contact_organisation", chat.AskedQuestion);
    }

    [Theory]
    // chat42's German run: "ich bin die Petra" (the article before a first name, as spoken) kept "die" in the name and the
    // organisation after "vom" was not offered.
    [InlineData("ich bin die Petra Vogel vom Landkreis Göttingen", "Petra Vogel", "Landkreis Göttingen")]
    [InlineData("Hallo, hier ist der Jens Petersen vom Kreis Nordfriesland", "Jens Petersen", "Kreis Nordfriesland")]
    // In lower case (lang43: the whole text was the name): the words after "vom" read as a kind of organisation.
    [InlineData("ich bin die petra vogel vom landkreis göttingen", "Petra Vogel", "landkreis göttingen")]
    [InlineData("hier ist jens petersen vom kreis nordfriesland", "Jens Petersen", "kreis nordfriesland")]
    public async Task A_german_name_with_its_article_is_the_name_and_the_organisation_is_offered(string typed, string name, string organisation)
    {
        var chat = _host.Chat("de-DE");
        await chat.StartAsync();

        await chat.SendAsync(typed);

        Assert.Equal(Json(name), await ValueOfAsync("contact_name"));
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        await chat.SendAsync("ja");
        Assert.Equal(Json(organisation), await ValueOfAsync("contact_organisation"));
    }

    [Theory]
    [InlineData("it-IT", "scusa il mio nome è giulia ferri non iniziamo", "Giulia Ferri")]
    [InlineData("en-GB", "sorry, my name is Tom Hughes", "Tom Hughes")]
    [InlineData("de-DE", "Korrektur: mein Name ist Anna Schulte", "Anna Schulte")]
    public async Task A_correction_with_the_names_lead_in_at_the_name_itself_is_the_name(string locale, string typed, string name)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();

        await chat.SendAsync(typed);

        Assert.Equal(Json(name), await ValueOfAsync("contact_name"));
        Assert.Equal("contact_organisation", chat.AskedQuestion);
    }

    [Theory]
    // A copula's lead-in is no name: "sorry I'm late", "pardon c'est compliqué" at the organisation stay its answer.
    [InlineData("en-GB", "sorry I'm late")]
    [InlineData("fr-FR", "pardon c'est compliqué")]
    public async Task An_apology_with_a_copula_at_the_organisation_corrects_no_name(string locale, string typed)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync("Tom Hughes");

        await chat.SendAsync(typed);

        Assert.Equal(Json("Tom Hughes"), await ValueOfAsync("contact_name"));
    }

    private static readonly Dictionary<string, (string Locale, string[] ToTargets, string Targets, string Context, string Objectives, string Yes)> ToTargetGroups = new()
    {
        ["it"] = ("it-IT", ["giulia ferri", "regione emilia-romagna", "g.ferri@regione.emilia-romagna.it", "-", "Mediatori linguistici nei centri per l'impiego",
            "italia", "emilia romagna", "la regione stessa", "autorità regionale", "finanziatore", "-", "-", "marzo 2022", "in corso", "lavoro, lingua"],
            "migranti disoccupati, soprattutto donne",
            "molti migranti non si rivolgono ai centri per l'impiego per problemi di lingua",
            "aumentare l'accesso ai servizi per l'impiego dei migranti", "si"),
        ["de"] = ("de-DE", ["jens petersen", "Kreis Nordfriesland", "j.petersen@nordfriesland.de", "-", "Willkommenslotsen", "deutschland",
            "schleswig-holstein", "Kreis Nordfriesland", "kommune", "finanzierung", "-", "-", "märz 2020", "läuft noch", "arbeit, wohnen"],
            "geflüchtete arbeitslose, vor allem frauen",
            "viele geflüchtete gehen wegen der sprache nicht zum jobcenter und finden keine arbeit",
            "mehr geflüchtete in arbeit bringen und den zugang zum jobcenter erleichtern", "ja"),
        ["el"] = ("el-GR", ["μαρια παπαδακη", "Περιφέρεια Κρήτης", "m.papadaki@crete.gov.gr", "-", "Διερμηνείς στα ΚΠΑ", "ελλαδα", "κρητη",
            "η ίδια η περιφέρεια", "περιφερεια", "χρηματοδότηση", "-", "-", "μαρτιος 2022", "σε εξέλιξη", "απασχόληση, γλώσσα"],
            "άνεργοι μετανάστες, κυρίως γυναίκες",
            "πολλοί μετανάστες δεν πηγαίνουν στα κέντρα απασχόλησης λόγω της γλώσσας",
            "να αυξηθεί η πρόσβαση των μεταναστών στις υπηρεσίες απασχόλησης", "ναι"),
    };

    public static TheoryData<string> TargetLanguages => new(ToTargetGroups.Keys);

    private async Task<(EngineChat Chat, string Targets)> AtTheOtherConfirmationAsync(string language)
    {
        var script = ToTargetGroups[language];
        var chat = _host.Chat(script.Locale);
        await chat.StartAsync();
        foreach (var answer in script.ToTargets)
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("target_groups", chat.AskedQuestion);
        await chat.SendAsync(script.Targets);
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);
        var targets = (await ValueOfAsync("target_groups"))!;
        Assert.Contains("\"other\"", targets, StringComparison.Ordinal);
        Assert.NotEqual("[\"other\"]", targets);
        return (chat, targets);
    }

    [Theory]
    [MemberData(nameof(TargetLanguages))]
    public async Task The_context_typed_past_the_other_confirmation_is_offered_as_the_context_and_the_groups_kept(string language)
    {
        var script = ToTargetGroups[language];
        var (chat, targets) = await AtTheOtherConfirmationAsync(language);

        await chat.SendAsync(script.Context);

        var moved = Assert.IsType<MovedOnConfirmation>(chat.Progress.Pending);
        Assert.Equal(("target_groups", "description"), (moved.QuestionId, moved.NextQuestionId));
        await chat.SendAsync(script.Yes);
        Assert.Equal(targets, await ValueOfAsync("target_groups"));
        Assert.Equal(Json(script.Context), await ValueOfAsync("description"));
        Assert.Equal("objectives", chat.AskedQuestion);
    }

    [Theory]
    [MemberData(nameof(TargetLanguages))]
    public async Task Typing_on_past_the_offer_keeps_the_groups_and_answers_the_long_texts_in_turn(string language)
    {
        var script = ToTargetGroups[language];
        var (chat, targets) = await AtTheOtherConfirmationAsync(language);
        await chat.SendAsync(script.Context);
        Assert.IsType<MovedOnConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(script.Objectives);

        Assert.Equal(targets, await ValueOfAsync("target_groups"));
        Assert.Equal(Json(script.Context), await ValueOfAsync("description"));
        Assert.Equal(Json(script.Objectives), await ValueOfAsync("objectives"));
        Assert.Equal("activities", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
    }

    [Fact]
    public async Task A_few_words_naming_no_group_while_the_offer_waits_ask_it_again_and_replace_nothing()
    {
        var (chat, targets) = await AtTheOtherConfirmationAsync("it");
        await chat.SendAsync(ToTargetGroups["it"].Context);

        await chat.SendAsync("1500 utenti");

        Assert.IsType<MovedOnConfirmation>(chat.Progress.Pending);
        Assert.Equal(targets, await ValueOfAsync("target_groups"));
        Assert.Null(await ValueOfAsync("description"));
    }

    [Fact]
    public async Task Groups_named_while_the_offer_waits_are_still_a_new_answer_to_them()
    {
        var (chat, _) = await AtTheOtherConfirmationAsync("it");
        await chat.SendAsync(ToTargetGroups["it"].Context);

        await chat.SendAsync("donne e richiedenti asilo");

        Assert.Equal("""["women","asylum_seekers"]""", await ValueOfAsync("target_groups"));
        Assert.Equal("description", chat.AskedQuestion);
    }

    [Theory]
    // chat42's Greek run: the budget typed past "“ΕΣΠΑ” can mean ESF+ or ERDF: which?" was stored as "Other" in the funding
    // sources (and every message after it too). It answers the budget, and the funding sources come again, blank.
    [InlineData("el-GR", "ΕΣΠΑ", "150.000 ευρώ", "150000")]
    [InlineData("en-IE", "structural funds", "about 120k euro", "120000")]
    [InlineData("de-DE", "strukturfonds", "ca 80.000 € insgesamt", "80000")]
    [InlineData("it-IT", "fondi strutturali", "200mila euro", "200000")]
    public async Task The_budget_typed_past_a_pick_of_funds_answers_the_budget_and_the_funds_come_again(string locale, string funds, string budget, string amount)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        foreach (var answer in new[] { "Ana Ferreira", "Integration Office", "ana.ferreira@example.eu", "-", "Welcome Desk", "portugal", "norte", "Integration Office", "1", "1",
            "-", "-", "2020", "2023", "1", "1", "Context of the practice in a few words", "Objectives in a few words", "Activities in a few words",
            "Results in a few words", "300" })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("funding_sources", chat.AskedQuestion);
        await chat.SendAsync(funds);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(budget);

        Assert.Equal(amount, await ValueOfAsync("budget_eur"));
        Assert.Null(await ValueOfAsync("funding_sources"));
        Assert.Equal("funding_sources", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
    }

    [Theory]
    // A yes alone where a required text is asked answers nothing (session 41: "si" was stored as the context); nor, since
    // session 43, a no (NewUserChat43Tests).
    [InlineData("it", "si")]
    [InlineData("it", "ok")]
    [InlineData("de", "ja")]
    [InlineData("el", "ναι")]
    public async Task A_bare_yes_at_a_required_long_text_is_asked_again(string language, string yes)
    {
        var (chat, _) = await AtTheOtherConfirmationAsync(language);
        await chat.SendAsync(ToTargetGroups[language].Context);
        await chat.SendAsync(ToTargetGroups[language].Yes);
        Assert.Equal("objectives", chat.AskedQuestion);

        await chat.SendAsync(yes);

        Assert.Equal("objectives", chat.AskedQuestion);
        Assert.Null(await ValueOfAsync("objectives"));
    }

    [Theory]
    [InlineData("it", "description", "si")]
    [InlineData("it", "title", "sì")]
    [InlineData("de", "objectives", "Ja")]
    [InlineData("en", "lessons_learned", "ok")]
    [InlineData("el", "activities", "ναι")]
    [InlineData("fr", "contact_organisation", "oui")]
    [InlineData("es", "results", "sí")]
    [InlineData("pt", "title", "sim")]
    [InlineData("sv", "challenges_solutions", "ja")]
    public void A_bare_yes_where_a_text_is_required_is_asked_again_with_what_it_needs(string language, string question, string text)
    {
        var answer = TestCore.Normalise(question, text, language);

        Assert.False(answer.Ok);
        Assert.False(answer.Declined);
        var label = TestCore.Questionnaire.Questions.Single(q => q.Id == question).Label.In(language);
        Assert.Equal(TestCore.Questionnaire.Messages[MessageKeys.OwnWords][language].Replace("{text}", text).Replace("{label}", label), answer.Error);
    }

    [Theory]
    [InlineData("it", "la regione stessa", "Regione Emilia-Romagna")]
    [InlineData("it", "la regione", "regione emilia-romagna")]
    [InlineData("en", "the region itself", "Southern Regional Assembly")]
    [InlineData("fr", "la région elle-même", "Région Occitanie")]
    [InlineData("de", "das Land selbst", "Land Hessen")]
    [InlineData("es", "la propia región", "Gobierno de Aragón")]
    [InlineData("el", "η ίδια η περιφέρεια", "Περιφέρεια Κρήτης")]
    [InlineData("pt", "a própria região", "CCDR Norte")]
    [InlineData("sv", "regionen själv", "Region Skåne")]
    public void The_region_itself_at_the_lead_organisation_is_the_contributors_regional_authority(string language, string text, string organisation)
    {
        var context = NormalisationContext.Empty with { ContactOrganisation = organisation };

        var answer = TestCore.Normalise("lead_organisation", text, language, context);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(organisation, answer.Value());
        Assert.Equal(text, answer.Original);
    }

    [Theory]
    // Where the contributor works for a city, an NGO or a ministry, which body of the region is meant is theirs to say: kept
    // as typed for the researchers.
    [InlineData("it", "la regione stessa", "Comune di Bologna")]
    [InlineData("en", "the region itself", "Galway County Council")]
    [InlineData("de", "die Region selbst", "Caritasverband Köln")]
    [InlineData("el", "η ίδια η περιφέρεια", "Δήμος Ηρακλείου")]
    public void The_region_itself_where_the_contributor_is_no_regional_authority_is_kept_as_typed(string language, string text, string organisation)
    {
        var context = NormalisationContext.Empty with { ContactOrganisation = organisation };

        Assert.Equal(text, TestCore.Normalise("lead_organisation", text, language, context).Value());
        Assert.Equal(text, TestCore.Normalise("lead_organisation", text, language).Value());
    }

    [Fact]
    public async Task The_region_itself_in_the_chat_is_the_region_the_contributor_works_for()
    {
        var chat = _host.Chat("it-IT");
        await chat.StartAsync();
        foreach (var answer in new[] { "giulia ferri", "Regione Emilia-Romagna", "g.ferri@regione.emilia-romagna.it", "-", "Mediatori linguistici", "italia", "emilia romagna" })
        {
            await chat.SendAsync(answer);
        }

        await chat.SendAsync("la regione stessa");

        Assert.Equal(Json("Regione Emilia-Romagna"), await ValueOfAsync("lead_organisation"));
        Assert.Equal("lead_organisation_type", chat.AskedQuestion);
    }
}
