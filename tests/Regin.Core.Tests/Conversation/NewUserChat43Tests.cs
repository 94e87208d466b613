using Regin.Core.Conversation;
using Regin.Core.Localisation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 42's new users (fr, en, it, de, el, pt, sv, es over the real host) left these: a choice gone back to was replaced
/// by the objectives typed there; "Corrected" for a date never answered; a bare yes told it "looks like a placeholder"; "skip"
/// at a guess of the regional authority's role asked the question blank; "les partenaires sont …" kept at the contribution;
/// "idem" stored as the partners; a bare "no" kept as a required long text.
/// </summary>
public sealed class NewUserChat43Tests(ConversationClassHost classHost) : IAsyncLifetime, IClassFixture<ConversationClassHost>
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

    private static string Message(string key, string language) => TestCore.Questionnaire.Messages[key][language];

    /// <summary>Up to the regional authority's role, as a hurried official of each language types it.</summary>
    private static readonly Dictionary<string, (string Locale, string[] ToRole)> Scripts = new()
    {
        ["fr"] = ("fr-FR", ["claire martin", "Région Occitanie", "c.martin@laregion.fr", "-", "Accueil des réfugiés", "france", "occitanie",
            "la région elle-même", "autorité régionale"]),
        ["en"] = ("en-IE", ["mary byrne", "Southern Regional Assembly", "mary@example.ie", "-", "Welcome Desk", "ireland", "southern",
            "the region itself", "regional authority"]),
        ["de"] = ("de-DE", ["jens petersen", "Kreis Nordfriesland", "j.petersen@nordfriesland.de", "-", "Willkommenslotsen", "deutschland",
            "schleswig-holstein", "Kreis Nordfriesland", "kommune"]),
        ["es"] = ("es-ES", ["lucía gómez", "Gobierno de Aragón", "lgomez@aragon.es", "-", "Acogida de refugiados", "españa", "aragón",
            "la propia región", "autoridad regional"]),
        ["it"] = ("it-IT", ["giulia ferri", "Regione Emilia-Romagna", "g.ferri@regione.emilia-romagna.it", "-", "Mediatori linguistici", "italia",
            "emilia romagna", "la regione stessa", "autorità regionale"]),
    };

    private async Task<EngineChat> AtTheRoleAsync(string language)
    {
        var (locale, toRole) = Scripts[language];
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        foreach (var answer in toRole)
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("regional_authority_role", chat.AskedQuestion);
        return chat;
    }

    // 1. A choice gone back to.

    [Theory]
    [InlineData("fr", "financeur", "-", "des partenaires", "mars 2022", "en cours", "emploi, logement", "réfugiés et demandeurs d'asile", "retour",
        "favoriser l'accès à l'emploi des réfugiés par un accompagnement individuel", "oui")]
    [InlineData("de", "finanzierung", "-", "-", "märz 2020", "läuft noch", "arbeit, wohnen", "geflüchtete und asylsuchende", "zurück",
        "mehr geflüchtete in arbeit bringen und den zugang zum jobcenter erleichtern", "ja")]
    [InlineData("it", "finanziatore", "-", "-", "marzo 2022", "in corso", "lavoro, lingua", "rifugiati e richiedenti asilo", "indietro",
        "aumentare l'accesso ai servizi per l'impiego per chi arriva", "si")]
    public async Task Objectives_typed_at_the_target_groups_gone_back_to_are_offered_as_the_context_and_the_groups_kept(string language,
        string role, string details, string partners, string start, string end, string areas, string targets, string back, string objectives, string yes)
    {
        var chat = await AtTheRoleAsync(language);
        foreach (var answer in new[] { role, details, partners, start, end, areas, targets })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("description", chat.AskedQuestion);
        var groups = await ValueOfAsync("target_groups");
        Assert.DoesNotContain("other", groups!, StringComparison.Ordinal);
        await chat.SendAsync(back);
        Assert.Equal("target_groups", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);

        await chat.SendAsync(objectives);

        var moved = Assert.IsType<MovedOnConfirmation>(chat.Progress.Pending);
        Assert.Equal(("target_groups", "description"), (moved.QuestionId, moved.NextQuestionId));
        Assert.Equal(groups, await ValueOfAsync("target_groups"));
        await chat.SendAsync(yes);
        Assert.Equal(groups, await ValueOfAsync("target_groups"));
        Assert.Equal(Json(objectives), await ValueOfAsync("description"));
    }

    [Theory]
    [InlineData("en", "back", "see the flyer", "no", false)]
    [InlineData("en", "back", "see the flyer", "yes", true)]
    [InlineData("fr", "retour", "voir la brochure", "non", false)]
    [InlineData("es", "atrás", "ver el folleto", "sí", true)]
    public async Task A_few_words_naming_no_group_at_the_groups_answered_ask_before_they_replace_them(string language, string back, string typed, string answer, bool replaced)
    {
        var chat = await AtTheRoleAsync(language);
        await chat.SendAsync("1");
        foreach (var skipped in new[] { "-", "-", "2020", "2023", "1" })
        {
            await chat.SendAsync(skipped);
        }
        Assert.Equal("target_groups", chat.AskedQuestion);
        await chat.SendAsync(new AnswerSubmitted("target_groups", ["refugees", "women"]));
        Assert.Equal("description", chat.AskedQuestion);
        var groups = await ValueOfAsync("target_groups");
        await chat.SendAsync(back);
        Assert.Equal("target_groups", chat.AskedQuestion);

        await chat.SendAsync(typed);

        Assert.IsType<ReplaceConfirmation>(chat.Progress.Pending);
        Assert.Equal(groups, await ValueOfAsync("target_groups"));
        await chat.SendAsync(answer);
        Assert.Null(chat.Progress.Pending);
        Assert.Equal(replaced ? """["other"]""" : groups, await ValueOfAsync("target_groups"));
        Assert.Equal("description", chat.AskedQuestion);
    }

    // 2. A first answer typed as a correction is noted, not "corrected".

    [Theory]
    [InlineData("de", "Korrektur: Beginn 2020", "Notiert – ")]
    [InlineData("en", "sorry, start was 2020", "Noted – ")]
    [InlineData("fr", "pardon, début 2020", "C'est noté – ")]
    public async Task A_correction_of_a_date_never_answered_is_noted_not_corrected(string language, string typed, string noted)
    {
        var chat = await AtTheRoleAsync(language);

        await chat.SendAsync(typed);

        Assert.Equal("\"2020\"", await ValueOfAsync("start_date"));
        Assert.Contains(chat.Shown, shown => shown.StartsWith(noted, StringComparison.Ordinal));
        Assert.DoesNotContain(chat.Shown, shown => shown.Contains(Message("bot.corrected", language).Split(' ')[0], StringComparison.Ordinal));
        Assert.Equal("regional_authority_role", chat.AskedQuestion);
    }

    // 3 and 7. A bare yes or no at a required text: what the question needs, in the contributor's language.

    [Theory]
    [InlineData("it", "objectives", "si")]
    [InlineData("de", "description", "ja")]
    [InlineData("en", "transferability", "No")]
    [InlineData("fr", "objectives", "non")]
    [InlineData("es", "activities", "no")]
    [InlineData("el", "results", "όχι")]
    [InlineData("pt", "lessons_learned", "sim")]
    [InlineData("sv", "title", "nej")]
    [InlineData("es", "monitoring_evaluation", "si")]
    [InlineData("fr", "partners", "oui")]
    public void A_bare_yes_or_no_at_a_required_text_says_what_the_question_needs(string language, string question, string text)
    {
        var answer = TestCore.Normalise(question, text, language);

        Assert.False(answer.Ok);
        Assert.False(answer.Declined);
        var label = TestCore.Questionnaire.Questions.Single(q => q.Id == question).Label.In(language);
        Assert.Equal(Message(MessageKeys.OwnWords, language).Replace("{text}", text).Replace("{label}", label), answer.Error);
    }

    [Theory]
    // A "none" or a "no" among words stays an answer.
    [InlineData("en", "challenges_solutions", "None")]
    [InlineData("en", "challenges_solutions", "no real challenges so far")]
    [InlineData("fr", "transferability", "non, pas sans un financement régional")]
    public void None_or_a_no_among_words_at_a_required_long_text_is_kept(string language, string question, string text)
    {
        Assert.True(TestCore.Normalise(question, text, language).Ok);
    }

    // 4. A command at a pending guess.

    [Theory]
    [InlineData("en", "we lead it and fund it partly", "skip", "yes")]
    [InlineData("en", "we lead it and fund it partly", "next", "yes please")]
    public async Task Skip_at_a_guess_of_a_required_choice_keeps_the_guess_and_yes_takes_it(string language, string typed, string skip, string yes)
    {
        var chat = await AtTheRoleAsync(language);
        await chat.SendAsync(typed);
        var guess = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(skip);

        Assert.Equal(guess, chat.Progress.Pending);
        Assert.Contains(chat.Shown, shown => shown.Contains(Message("bot.cannot_skip", language), StringComparison.Ordinal));
        await chat.SendAsync(yes);
        Assert.Equal("""["direct_leader","indirect_funding"]""", await ValueOfAsync("regional_authority_role"));
        Assert.Equal("regional_authority_role_details", chat.AskedQuestion);
    }

    [Fact]
    public async Task Help_at_a_guess_answers_and_asks_the_guess_again()
    {
        var chat = await AtTheRoleAsync("en");
        await chat.SendAsync("we lead it and fund it partly");

        await chat.SendAsync("help");

        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        await chat.SendAsync("yes");
        Assert.Equal("""["direct_leader","indirect_funding"]""", await ValueOfAsync("regional_authority_role"));
    }

    [Fact]
    public async Task Typing_on_past_a_guess_with_a_new_answer_answers_the_role_and_nothing_sticks()
    {
        var chat = await AtTheRoleAsync("en");
        await chat.SendAsync("we lead it and fund it partly");
        await chat.SendAsync("skip");

        await chat.SendAsync("leader");

        Assert.Equal("""["direct_leader"]""", await ValueOfAsync("regional_authority_role"));
        Assert.Equal("regional_authority_role_details", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
        await chat.SendAsync("back");
        Assert.Equal("regional_authority_role", chat.AskedQuestion);
    }

    [Theory]
    // Session 43's Spanish run: the title typed at the optional phone was offered at the title; "españa", "andalucia" typed on
    // were each offered at the title in turn (the phone asked over and over), and the "si" at last took "andalucia" as the
    // title. Typing on takes the offer and answers the question asked next.
    [InlineData("es-ES", "Programa de acogida y mentoria para personas refugiadas", "españa", "\"ES\"")]
    [InlineData("en-IE", "Welcome Cafés for newcomers", "ireland", "\"IE\"")]
    [InlineData("it-IT", "mediatori linguistici nei centri per l'impiego", "italia", "\"IT\"")]
    public async Task Typing_on_past_the_title_offered_at_the_phone_takes_the_offer_and_answers_on(string locale, string title, string country, string code)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync("ana ferreira");
        await chat.SendAsync("Integration Office");
        await chat.SendAsync("ana@example.eu");
        Assert.Equal("contact_phone", chat.AskedQuestion);
        await chat.SendAsync(title);
        Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(country);

        Assert.Equal(Json(title), await ValueOfAsync("title"));
        Assert.Equal(code, await ValueOfAsync("country"));
        Assert.Null(await ValueOfAsync("contact_phone"));
        Assert.Equal("region", chat.AskedQuestion);
    }

    [Fact]
    public async Task A_phone_number_typed_past_the_offer_is_the_phone()
    {
        var chat = _host.Chat("es-ES");
        await chat.StartAsync();
        foreach (var answer in new[] { "ana ferreira", "Integration Office", "ana@example.eu", "Programa de acogida" })
        {
            await chat.SendAsync(answer);
        }

        await chat.SendAsync("+34 952 123 456");

        Assert.Contains("34952123456", await ValueOfAsync("contact_phone"), StringComparison.Ordinal); // E.164 (lang44)
        Assert.Null(await ValueOfAsync("title"));
    }

    [Theory]
    [InlineData("es-ES", "lucia gomez, diputacion de malaga", "lgomez@malaga.es", "sí", "diputacion de malaga")]
    [InlineData("de-DE", "ich bin die Petra Vogel vom Landkreis Göttingen", "p.vogel@landkreis-goettingen.de", "ja", "Landkreis Göttingen")]
    public async Task The_e_mail_typed_past_the_organisation_offered_is_noted_and_the_offer_comes_again(string locale, string name, string email, string yes, string organisation)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync(name);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(email);

        Assert.Equal(Json(email), await ValueOfAsync("contact_email"));
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        await chat.SendAsync(yes);
        Assert.Equal(Json(organisation), await ValueOfAsync("contact_organisation"));
        Assert.Equal("contact_phone", chat.AskedQuestion);
    }

    // 5. A long text naming another open question's subject.

    [Theory]
    [InlineData("fr", "financeur", "les partenaires sont l'OFII, Pôle emploi et la CAF", "oui")]
    [InlineData("en", "funding", "the partners are the county council, two NGOs and the ETB", "yes")]
    [InlineData("de", "finanzierung", "die Partner sind das Jobcenter, die Caritas und die VHS", "ja")]
    [InlineData("es", "financiación", "los socios son el ayuntamiento de Zaragoza y Cruz Roja", "sí")]
    public async Task The_partners_typed_at_the_contribution_are_offered_at_the_partners(string language, string role, string typed, string yes)
    {
        var chat = await AtTheRoleAsync(language);
        await chat.SendAsync(role);
        Assert.Equal("regional_authority_role_details", chat.AskedQuestion);

        await chat.SendAsync(typed);

        var offer = Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal(("regional_authority_role_details", "partners"), (offer.QuestionId, offer.NextQuestionId));
        Assert.Null(await ValueOfAsync("regional_authority_role_details"));
        await chat.SendAsync(yes);
        Assert.Equal(Json(typed), await ValueOfAsync("partners"));
        Assert.Null(await ValueOfAsync("regional_authority_role_details"));
        Assert.Equal("regional_authority_role_details", chat.AskedQuestion);
    }

    [Fact]
    public async Task The_partners_named_at_the_contribution_stay_there_on_a_no()
    {
        var chat = await AtTheRoleAsync("fr");
        await chat.SendAsync("financeur");
        await chat.SendAsync("les partenaires sont l'OFII, Pôle emploi et la CAF");

        await chat.SendAsync("non");

        Assert.Equal(Json("les partenaires sont l'OFII, Pôle emploi et la CAF"), await ValueOfAsync("regional_authority_role_details"));
        Assert.Equal("partners", chat.AskedQuestion);
    }

    // 6. "idem" at the partners.

    [Theory]
    [InlineData("fr", "financeur", "La Région finance le dispositif et anime le comité de pilotage.", "idem")]
    [InlineData("fr", "financeur", "-", "pareil")]
    [InlineData("en", "funding", "The assembly funds it through its integration plan.", "same")]
    [InlineData("de", "finanzierung", "-", "dito")]
    [InlineData("it", "finanziatore", "-", "idem")]
    public async Task Idem_at_the_partners_asks_the_same_as_which_and_never_stores_the_word(string language, string role, string details, string same)
    {
        var chat = await AtTheRoleAsync(language);
        await chat.SendAsync(role);
        await chat.SendAsync(details);
        Assert.Equal("partners", chat.AskedQuestion);

        await chat.SendAsync(same);

        Assert.Null(await ValueOfAsync("partners"));
        var which = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("partners", which.QuestionId);
        var lead = Scripts[language].ToRole[7];
        Assert.Contains(which.Candidates, c => c.Display.Contains(':', StringComparison.Ordinal));
        await chat.SendAsync(new OptionPicked(which.Candidates.Count));
        Assert.NotNull(await ValueOfAsync("partners"));
        Assert.NotEqual(Json(same), await ValueOfAsync("partners"));
        Assert.Equal("start_date", chat.AskedQuestion);
        _ = lead;
    }
}
