using Regin.Core.Conversation;
using Regin.Core.Localisation;
using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 45, what real contributors still tripped on in the chat (sessions 44's reports): a home town typed after the name
/// stayed in it, "the name is wrong" alone, a name that kept "da &lt;the organisation&gt;", "un po' di" kept under Other, and a
/// bare list of organisations refused at the regional authority's role.
/// </summary>
public sealed class NewUserChat45Tests(ConversationClassHost classHost) : IAsyncLifetime, IClassFixture<ConversationClassHost>
{
    private ConversationHost _host = null!;

    public Task InitializeAsync()
    {
        _host = classHost.Host.ForCase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static readonly Dictionary<string, string> Locales = new()
    {
        ["en"] = "en-IE", ["fr"] = "fr-FR", ["de"] = "de-AT", ["es"] = "es-ES", ["it"] = "it-IT", ["el"] = "el-GR", ["pt"] = "pt-PT", ["sv"] = "sv-SE",
    };

    private async Task<string?> ValueOfAsync(string question) =>
        (await _host.PracticeOfAsync("sms", "user-1"))?.Answers.SingleOrDefault(a => a.QuestionId == question)?.ValueJson;

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    // 1. A place alone after a link word.

    [Theory]
    [InlineData("pt", "sou a marta ribeiro de braga", "Marta Ribeiro")]
    [InlineData("de", "ich bin Anna Keller aus Graz", "Anna Keller")]
    [InlineData("de", "Anna Keller aus Graz", "Anna Keller")]
    [InlineData("fr", "je suis Marie Dubois de Lyon", "Marie Dubois")]
    [InlineData("it", "sono Giulia Rossi di Bari", "Giulia Rossi")]
    [InlineData("es", "soy lucía gómez de sevilla", "Lucía Gómez")]
    [InlineData("en", "I'm Mary Byrne from Cork", "Mary Byrne")]
    [InlineData("sv", "jag heter Karin Lindqvist från Umeå", "Karin Lindqvist")]
    public async Task A_home_town_after_the_name_is_left_out_of_it(string language, string typed, string name)
    {
        var chat = _host.Chat(Locales[language]);
        await chat.StartAsync();

        await chat.SendAsync(typed);

        Assert.Equal(Json(name), await ValueOfAsync("contact_name"));
        // A place is no organisation ("Did you mean Cork?" was offered at the organisation).
        Assert.Null(chat.Progress.Pending);
        Assert.Equal("contact_organisation", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("pt", "Maria da Silva")]
    [InlineData("pt", "Ana Maria de Sousa")]
    [InlineData("pt", "Marta Ribeiro de Braga")] // no lead-in: "de Braga" may be her surname
    [InlineData("it", "Leonardo da Vinci")]
    [InlineData("it", "Anna Maria Di Bari")]
    [InlineData("de", "Ursula von der Leyen")]
    [InlineData("es", "María Ponce de León")]
    [InlineData("es", "soy María de León")] // one word of the name before the link
    [InlineData("fr", "Jeanne de la Tour")]
    public async Task A_name_whose_particle_is_followed_by_a_place_stays_whole(string language, string typed)
    {
        var chat = _host.Chat(Locales[language]);
        await chat.StartAsync();

        await chat.SendAsync(typed);

        var name = System.Text.Json.JsonSerializer.Deserialize<string>((await ValueOfAsync("contact_name"))!)!;
        Assert.EndsWith(typed.Split(' ')[^1], name, StringComparison.Ordinal);
        Assert.Equal("contact_organisation", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("pt", "sou a marta ribeiro de braga", "Câmara Municipal de Braga", "portugal", "sim", "PT11")]
    [InlineData("it", "sono Giulia Rossi di Bari", "Comune di Bari", "italia", "sì", "ITF4")]
    [InlineData("de", "ich bin Anna Keller aus Graz", "Stadt Graz", "österreich", "ja", "AT22")]
    public async Task The_home_town_is_offered_at_the_region(string language, string typed, string organisation, string country, string yes, string region)
    {
        var chat = _host.Chat(Locales[language]);
        await chat.StartAsync();
        foreach (var answer in new[] { typed, organisation, "x.y@example.eu", "-", "Integração", country })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("region", chat.AskedQuestion);
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("region", offer.QuestionId);

        await chat.SendAsync(yes);

        Assert.Equal(Json(region), await ValueOfAsync("region"));
        Assert.Equal("lead_organisation", chat.AskedQuestion);
    }

    [Fact]
    public async Task A_home_town_of_another_country_is_not_offered_at_the_region()
    {
        var chat = _host.Chat(Locales["de"]);
        await chat.StartAsync();
        foreach (var answer in new[] { "ich bin Anna Keller aus Graz", "Caritas Bayern", "a.keller@example.eu", "-", "Sprachcafé", "deutschland" })
        {
            await chat.SendAsync(answer);
        }

        Assert.Equal("region", chat.AskedQuestion);
        // Session 47: the place in the organisation's name ("Caritas Bayern") is offered; the home town abroad never is.
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("Bayern", offer.Original);
    }

    [Theory]
    [InlineData("είμαι η Μαρία Παπαδοπούλου του Δήμου Θεσσαλονίκης", "Μαρία Παπαδοπούλου", "Δήμου Θεσσαλονίκης")]
    [InlineData("είμαι η Μαρία Παπαδοπούλου από τη Θεσσαλονίκη", "Μαρία Παπαδοπούλου", null)]
    public async Task Greek_genitive_links_leave_the_organisation_or_the_town_out_of_the_name(string typed, string name, string? organisation)
    {
        var chat = _host.Chat(Locales["el"]);
        await chat.StartAsync();

        await chat.SendAsync(typed);

        Assert.Equal(Json(name), await ValueOfAsync("contact_name"));
        if (organisation is null)
        {
            Assert.Null(chat.Progress.Pending);
            return;
        }
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal(organisation, offer.Candidates[0].Answer);
    }

    // 2. "the name is wrong" with no value.

    [Theory]
    [InlineData("pt", "Marta Ribeiro Braga", "o nome está errado", "Marta Ribeiro")]
    [InlineData("en", "Mary Byrne Cork", "the name is wrong", "Mary Byrne")]
    [InlineData("de", "Anna Keller Graz", "der Name ist falsch", "Anna Keller")]
    [InlineData("fr", "Marie Dubois Lyon", "pardon, le nom est faux", "Marie Dubois")]
    [InlineData("it", "Giulia Rossi Bari", "il nome è sbagliato!", "Giulia Rossi")]
    public async Task The_name_said_wrong_alone_is_asked_again_then_back(string language, string typed, string wrong, string name)
    {
        var chat = _host.Chat(Locales[language]);
        await chat.StartAsync();
        await chat.SendAsync(typed);
        await chat.SendAsync("Caritas");
        Assert.Equal("contact_email", chat.AskedQuestion);

        await chat.SendAsync(wrong);

        Assert.Equal("contact_name", chat.AskedQuestion);
        await chat.SendAsync(name);
        Assert.Equal(Json(name), await ValueOfAsync("contact_name"));
        Assert.Equal("contact_email", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("pt-PT", "o nome está errado", "Marta Ribeiro")]
    [InlineData("en-GB", "the name is wrong", "Mary Byrne")]
    [InlineData("de-DE", "der Name ist falsch", "Anna Keller")]
    public async Task The_name_said_wrong_alone_at_submit_now_is_asked_again_then_submit_again(string locale, string wrong, string name)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await ConversationEngineTests.AnswerEverythingRequiredAsync(chat);
        // The optional questions were skipped on the way, and the last one answered, as a contributor at "submit now?" has
        // (the helper leaves the phone on screen: "submit" typed there comes back to it).
        chat.Progress.Skipped.AddRange(TestCore.Questionnaire.Questions.Where(q => !q.Required).Select(q => q.Id));
        chat.Progress.QuestionId = TestCore.Questionnaire.Questions[^1].Id;
        await chat.SendAsync(TestCore.Questionnaire.Commands["submit"].In(Languages.FromLocale(locale)!)[0]);
        Assert.IsType<SubmitConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(wrong);

        Assert.Equal("contact_name", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
        await chat.SendAsync(name);
        Assert.Equal(Json(name), await ValueOfAsync("contact_name"));
        Assert.True(chat.Progress.Pending is SubmitConfirmation, $"{chat.AskedQuestion}: {string.Join(" | ", chat.Shown)}");
        Assert.Null((await _host.PracticeOfAsync("sms", "user-1"))!.SubmittedAt);
    }

    // 3. The organisation typed after the name, then given at its own question.

    [Theory]
    [InlineData("pt", "sou a joana costa da AMI", "AMI", "Joana Costa")]
    [InlineData("it", "sono Giulia Rossi dell'Arci Bari", "Arci Bari", "Giulia Rossi")]
    [InlineData("fr", "Claire Martin de l'ASTI", "ASTI", "Claire Martin")]
    [InlineData("es", "lucía gómez de Cáritas", "Cáritas", "Lucía Gómez")]
    public async Task The_organisation_given_drops_from_the_name_that_ended_with_it(string language, string typed, string organisation, string name)
    {
        var chat = _host.Chat(Locales[language]);
        await chat.StartAsync();
        await chat.SendAsync(typed);
        Assert.Equal("contact_organisation", chat.AskedQuestion);

        await chat.SendAsync(organisation);

        Assert.Equal(Json(name), await ValueOfAsync("contact_name"));
        Assert.Equal(Json(organisation), await ValueOfAsync("contact_organisation"));
        Assert.Equal("contact_email", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("pt", "Ana Maria da Silva", "Silva")]
    [InlineData("it", "Anna Maria Di Bari", "Comune di Bari")]
    public async Task A_surname_like_the_organisation_stays_in_the_name(string language, string typed, string organisation)
    {
        var chat = _host.Chat(Locales[language]);
        await chat.StartAsync();
        await chat.SendAsync(typed);

        await chat.SendAsync(organisation);

        Assert.Equal(Json(typed), await ValueOfAsync("contact_name"));
    }

    // 4. Fillers at the ends of what Other keeps.

    [Theory]
    [InlineData("it", "un po' di orientamento ai servizi", "orientamento ai servizi")]
    [InlineData("it", "lingua e un po' di orientamento ai servizi", "orientamento ai servizi")]
    [InlineData("de", "Sprache und ein bisschen Freizeit", "Freizeit")]
    [InlineData("fr", "un peu d'accompagnement", "accompagnement")]
    [InlineData("en", "a bit of befriending", "befriending")]
    [InlineData("en", "The Welcome Café", "The Welcome Café")]
    [InlineData("it", "Il Nostro Villaggio", "Il Nostro Villaggio")]
    [InlineData("fr", "la maison des femmes", "la maison des femmes")]
    [InlineData("en", "sport for all", "sport for all")]
    public void Other_keeps_no_filler_at_its_ends(string language, string typed, string other)
    {
        var read = TestCore.Normalise("integration_areas", typed, language);

        Assert.True(read.Ok);
        Assert.Equal(other, read.OtherText);
    }

    // 6. A bare list of organisations at the regional authority's role.

    private async Task<EngineChat> AtTheRoleAsync(string language, string country, string region, string lead, string type)
    {
        var chat = _host.Chat(Locales[language]);
        await chat.StartAsync();
        foreach (var answer in new[] { "sam weber", lead, "sam.weber@example.eu", "-", "Integration", country, region, lead, type })
        {
            await chat.SendAsync(answer);
            if (chat.Progress.Pending is CandidateConfirmation { QuestionId: "region" or "country" or "lead_organisation" })
            {
                await chat.SendAsync(new OptionPicked(1));
            }
        }
        Assert.Equal("regional_authority_role", chat.AskedQuestion);
        return chat;
    }

    [Theory]
    [InlineData("it", "italia", "puglia", "Regione Puglia", "1", "Comune di Bari, Caritas, ASL", "sì")]
    [InlineData("de", "österreich", "steiermark", "Land Steiermark", "1", "Stadt Graz, Caritas und AMS", "ja")]
    [InlineData("fr", "belgique", "liège", "Province de Liège", "1", "la Ville de Liège, le CPAS et la Croix-Rouge", "oui")]
    public async Task A_list_of_organisations_at_the_role_is_offered_at_the_partners(string language, string country, string region, string lead,
        string type, string typed, string yes)
    {
        var chat = await AtTheRoleAsync(language, country, region, lead, type);

        await chat.SendAsync(typed);

        var offer = Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal("partners", offer.NextQuestionId);
        await chat.SendAsync(yes);
        Assert.Equal(Json(typed), await ValueOfAsync("partners"));
        Assert.Null(await ValueOfAsync("funding_sources"));
        Assert.Equal("regional_authority_role", chat.AskedQuestion);
    }

    // 5. A long text typed one question early or late.

    private async Task<EngineChat> AtAsync(string language, string question)
    {
        var chat = _host.Chat(Locales[language]);
        await chat.StartAsync();
        await chat.SendAsync("Karin Lindqvist");
        var number = TestCore.Questionnaire.Questions.ToList().FindIndex(q => q.Id == question) + 1;
        await chat.SendAsync(TestCore.Questionnaire.Commands["change"].In(language)[0] + " " + number);
        Assert.Equal(question, chat.AskedQuestion);
        return chat;
    }

    [Theory]
    [InlineData("sv", "transferability", "fortsätter med egen budget", "sustainability", "ja", "fortsätter med egen budget")]
    [InlineData("sv", "monitoring_evaluation", "fortsätter med egen budget från kommunen", "sustainability", "ja", "fortsätter med egen budget från kommunen")]
    [InlineData("fr", "description", "objectifs : l'accès à l'emploi des femmes réfugiées", "objectives", "oui", "l'accès à l'emploi des femmes réfugiées")]
    [InlineData("en", "description", "objectives: get refugee women into work", "objectives", "yes", "get refugee women into work")]
    [InlineData("de", "lessons_learned", "Hinweise: früh mit den Jobcentern reden", "transferability", "ja", "früh mit den Jobcentern reden")]
    public async Task A_long_text_that_opens_with_the_neighbour_s_label_is_offered_there(string language, string asked, string typed, string meant, string yes,
        string stored)
    {
        var chat = await AtAsync(language, asked);

        await chat.SendAsync(typed);

        var offer = Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal(meant, offer.NextQuestionId);
        Assert.Null(await ValueOfAsync(asked));
        await chat.SendAsync(yes);
        Assert.Equal(Json(stored), await ValueOfAsync(meant));
        Assert.Equal(asked, chat.AskedQuestion);
    }

    [Theory]
    [InlineData("sv", "transferability", "fortsätter med egen budget", "nej")]
    public async Task A_no_keeps_the_long_text_where_it_was_typed(string language, string asked, string typed, string no)
    {
        var chat = await AtAsync(language, asked);
        await chat.SendAsync(typed);

        await chat.SendAsync(no);

        Assert.Equal(Json(typed), await ValueOfAsync(asked));
        Assert.Null(await ValueOfAsync("sustainability"));
    }

    [Theory]
    [InlineData("sv", "transferability", "behöver en samordnare och stabil finansiering")]
    [InlineData("en", "transferability", "funding is the key, and a coordinator")]
    [InlineData("en", "sustainability", "the region funds it from 2026")]
    [InlineData("de", "sustainability", "Region finanziert ab 2026 weiter")]
    [InlineData("fr", "objectives", "favoriser l'accès à l'emploi")]
    [InlineData("it", "transferability", "servono volontari e una sede")]
    public async Task An_ordinary_short_long_text_is_kept_where_it_was_typed(string language, string asked, string typed)
    {
        var chat = await AtAsync(language, asked);

        await chat.SendAsync(typed);

        Assert.IsNotType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal(Json(typed), await ValueOfAsync(asked));
    }

    // Seen playing a Portuguese and an Austrian user: "objetivos: …", "Ziel: …" kept the label; "a camara" as the lead.

    [Theory]
    [InlineData("objectives", "de", "Ziel: Jugendliche sollen Anschluss finden", "Jugendliche sollen Anschluss finden")]
    [InlineData("objectives", "pt", "objetivos: ensinar portugues basico e ajudar a encontrar emprego", "ensinar portugues basico e ajudar a encontrar emprego")]
    [InlineData("objectives", "fr", "Objectifs : favoriser l'emploi", "favoriser l'emploi")]
    [InlineData("description", "it", "contesto: pochi servizi per i giovani", "pochi servizi per i giovani")]
    [InlineData("activities", "de", "Sprache: Kurse 2x pro Woche", "Sprache: Kurse 2x pro Woche")]
    [InlineData("objectives", "en", "Note: see the flyer", "Note: see the flyer")]
    [InlineData("objectives", "en", "objectives:", "objectives:")]
    public void A_long_text_loses_its_own_label_before_a_colon(string question, string language, string typed, string stored)
    {
        var read = TestCore.Normalise(question, typed, language);

        Assert.True(read.Ok);
        Assert.Equal(stored, read.Value());
    }

    [Theory]
    [InlineData("pt", "a camara", "Camara municipal de coimbra", "Camara municipal de coimbra")]
    [InlineData("de", "die Volkshilfe", "Volkshilfe OÖ", "Volkshilfe OÖ")]
    [InlineData("it", "la regione", "Regione Puglia", "Regione Puglia")]
    [InlineData("pt", "a Cruz Vermelha", "Camara municipal de coimbra", "a Cruz Vermelha")]
    [InlineData("de", "Caritas Wien", "Caritas Österreich", "Caritas Wien")]
    [InlineData("de", "Volkshilfe OÖ", "Volkshilfe OÖ", "Volkshilfe OÖ")]
    public void The_contributor_s_organisation_said_short_at_the_lead_is_theirs(string language, string typed, string ours, string stored)
    {
        var read = TestCore.Normalise("lead_organisation", typed, language, NormalisationContext.Empty with { ContactOrganisation = ours });

        Assert.True(read.Ok);
        Assert.Equal(stored, read.Value());
    }
}
