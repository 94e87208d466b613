using Regin.Core.Conversation;
using Regin.Core.Localisation;
using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 43's new users left these: "nous (CPAS) avec le CRIPEL" kept whole as the lead organisation; a self-description
/// at the contributor's organisation ("…, wir sind eine NGO in wien") dropped and the organisation's type asked blank; "-"
/// at a guess of a required choice read as a decline and the guess lost; "läuft noch bis mindestens Ende 2025" stored as
/// ended in 2025; "unos 150.000 euros al año" refused at the count of people; "no tengo" stored as the organisation.
/// </summary>
public sealed class NewUserChat44Tests(ConversationClassHost classHost) : IAsyncLifetime, IClassFixture<ConversationClassHost>
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

    private static readonly Dictionary<string, string> Locales = new()
    {
        ["fr"] = "fr-BE", ["de"] = "de-AT", ["en"] = "en-IE", ["pt"] = "pt-PT", ["sv"] = "sv-SE", ["es"] = "es-ES", ["it"] = "it-IT",
    };

    /// <summary>Name, organisation, address, no phone, title, country, region: up to the lead organisation.</summary>
    private async Task<EngineChat> AtTheLeadAsync(string language, string organisation, string title, string country, string region, string phone = "-")
    {
        var chat = _host.Chat(Locales[language]);
        await chat.StartAsync();
        foreach (var answer in new[] { "sam weber", organisation, "sam.weber@example.eu", phone, title, country, region })
        {
            await chat.SendAsync(answer);
            if (chat.Progress.Pending is CandidateConfirmation { QuestionId: "region" or "country" })
            {
                await chat.SendAsync(new OptionPicked(1));
            }
        }
        Assert.Equal("lead_organisation", chat.AskedQuestion);
        return chat;
    }

    // 1. "we (CPAS) with the CRIPEL" at the lead organisation.

    [Theory]
    [InlineData("fr", "CPAS de Liège", "Accueil des primo-arrivants", "belgique", "liège", "nous (CPAS) avec le CRIPEL", "CRIPEL", "oui")]
    [InlineData("de", "Diakonie Wien", "Wohnen für Geflüchtete", "österreich", "wien", "wir mit der Caritas", "Caritas", "ja")]
    [InlineData("en", "Cork Migrant Centre", "Welcome Café", "ireland", "southern", "us with the ETB and the county council", "ETB, county council", "yes")]
    [InlineData("pt", "Câmara Municipal de Braga", "Mentoria para refugiados", "portugal", "norte", "nós com a Cruz Vermelha", "Cruz Vermelha", "sim")]
    [InlineData("sv", "Malmö stad", "Språkcaféer", "sverige", "skåne", "vi tillsammans med Arbetsförmedlingen", "Arbetsförmedlingen", "ja")]
    public async Task We_with_a_partner_at_the_lead_organisation_is_ours_and_the_partner_is_offered_at_the_partners(string language, string organisation,
        string title, string country, string region, string typed, string partner, string yes)
    {
        var chat = await AtTheLeadAsync(language, organisation, title, country, region);

        await chat.SendAsync(typed);

        Assert.Equal(Json(organisation), await ValueOfAsync("lead_organisation"));
        Assert.Equal("lead_organisation_type", chat.AskedQuestion);
        Assert.DoesNotContain(chat.Shown, shown => shown.Contains(partner, StringComparison.Ordinal));
        await chat.SendAsync("2");
        await chat.SendAsync("1");
        Assert.Equal("regional_authority_role_details", chat.AskedQuestion);
        await chat.SendAsync("-");

        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("partners", offer.QuestionId);
        Assert.Contains(chat.Shown, shown => shown.Contains(partner, StringComparison.Ordinal));
        await chat.SendAsync(yes);
        Assert.Equal(Json(partner), await ValueOfAsync("partners"));
        Assert.Equal("start_date", chat.AskedQuestion);
    }

    [Fact]
    public async Task The_partner_offered_is_replaced_by_the_partners_typed_instead()
    {
        var chat = await AtTheLeadAsync("fr", "CPAS de Liège", "Accueil des primo-arrivants", "belgique", "liège");
        await chat.SendAsync("nous (CPAS) avec le CRIPEL");
        foreach (var answer in new[] { "2", "1", "-" })
        {
            await chat.SendAsync(answer);
        }
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync("le CRIPEL, le Forem et deux ASBL du quartier");

        Assert.Equal(Json("le CRIPEL, le Forem et deux ASBL du quartier"), await ValueOfAsync("partners"));
        Assert.Equal("start_date", chat.AskedQuestion);
    }

    [Fact]
    public async Task We_with_a_partner_before_the_organisation_is_known_is_kept_as_typed()
    {
        Assert.Equal("nous (CPAS) avec le CRIPEL", TestCore.Normalise("lead_organisation", "nous (CPAS) avec le CRIPEL", "fr").Value());
    }

    [Fact]
    public async Task The_partner_offered_when_the_chat_was_paused_is_offered_again_in_a_new_conversation()
    {
        // Nothing skipped: a new conversation asks again what the one paused skipped.
        var chat = await AtTheLeadAsync("sv", "Malmö stad", "Språkcaféer", "sverige", "skåne", phone: "040-34 10 00");
        foreach (var answer in new[] { "vi tillsammans med Arbetsförmedlingen", "2", "1", "regionen betalar lokalerna" })
        {
            await chat.SendAsync(answer);
        }
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        await chat.SendAsync("återkommer senare");

        var later = _host.Chat("sv-SE", conversation: "conv-2");
        await later.StartAsync();

        Assert.Equal("partners", later.AskedQuestion);
        var offer = Assert.IsType<CandidateConfirmation>(later.Progress.Pending);
        Assert.Equal("partners", offer.QuestionId);
        await later.SendAsync("ja");
        Assert.Equal(Json("Arbetsförmedlingen"), await ValueOfAsync("partners"));
        Assert.Equal("start_date", later.AskedQuestion);
    }

    // 2. A self-description at the contributor's organisation: its kind offered at the lead organisation's type.

    [Theory]
    [InlineData("de", "Verein Integrationshaus, wir sind eine NGO in wien", "Verein Integrationshaus", "wir", "österreich", "wien", "ja")]
    [InlineData("en", "Cork Migrant Centre - we're a small NGO based in Cork", "Cork Migrant Centre", "same as above", "ireland", "southern", "yes")]
    [InlineData("pt", "Associação Renovar a Mouraria, somos uma ONG", "Associação Renovar a Mouraria", "a mesma", "portugal", "lisboa", "sim")]
    [InlineData("sv", "Röda Korset Malmö, vi är en ideell organisation", "Röda Korset Malmö", "vi", "sverige", "skåne", "ja")]
    public async Task The_kind_said_beside_the_organisation_is_offered_at_its_type_when_it_leads(string language, string typed, string organisation,
        string ours, string country, string region, string yes)
    {
        var chat = await AtTheLeadAsync(language, typed, "Integration", country, region);
        Assert.Equal(Json(organisation), await ValueOfAsync("contact_organisation"));

        await chat.SendAsync(ours);

        Assert.Equal(Json(organisation), await ValueOfAsync("lead_organisation"));
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("lead_organisation_type", offer.QuestionId);
        await chat.SendAsync(yes);
        Assert.Equal(Json("ngo"), await ValueOfAsync("lead_organisation_type"));
        Assert.Equal("regional_authority_role", chat.AskedQuestion);
    }

    [Fact]
    public async Task The_kind_said_beside_the_contributor_s_organisation_is_not_offered_for_another_lead()
    {
        var chat = await AtTheLeadAsync("de", "Verein Integrationshaus, wir sind eine NGO in wien", "Integration", "österreich", "wien");

        await chat.SendAsync("Stadt Wien, MA 17");

        Assert.Null(chat.Progress.Pending);
        Assert.Equal("lead_organisation_type", chat.AskedQuestion);
    }

    [Fact]
    public async Task A_no_to_the_kind_offered_asks_the_type_plainly()
    {
        var chat = await AtTheLeadAsync("de", "Verein Integrationshaus, wir sind eine NGO in wien", "Integration", "österreich", "wien");
        await chat.SendAsync("wir");

        await chat.SendAsync("nein");

        Assert.Null(chat.Progress.Pending);
        Assert.Equal("lead_organisation_type", chat.AskedQuestion);
        Assert.Null(await ValueOfAsync("lead_organisation_type"));
    }

    // 3. A dash, "?" or "..." at a guess of a required choice.

    [Theory]
    [InlineData("en", "we lead it and fund it partly", "-", "yes")]
    [InlineData("en", "we lead it and fund it partly", "?", "yes")]
    [InlineData("en", "we lead it and fund it partly", "...", "yes")]
    [InlineData("de", "wir leiten es und finanzieren es teilweise", "…", "ja")]
    public async Task A_dash_at_a_guess_of_a_required_choice_keeps_the_guess(string language, string typed, string dash, string yes)
    {
        var chat = await AtTheLeadAsync(language, "Region", "Integration", language switch { "fr" => "france", "de" => "deutschland", _ => "ireland" },
            language switch { "fr" => "occitanie", "de" => "bayern", _ => "southern" });
        await chat.SendAsync(language switch { "fr" => "la région elle-même", "de" => "die Region selbst", _ => "the region itself" });
        await chat.SendAsync("1");
        Assert.Equal("regional_authority_role", chat.AskedQuestion);
        await chat.SendAsync(typed);
        var guess = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(dash);

        Assert.Equal(guess, chat.Progress.Pending);
        Assert.DoesNotContain(chat.Shown, shown => shown.Contains(Message(MessageKeys.Required, language), StringComparison.Ordinal));
        await chat.SendAsync(yes);
        Assert.Equal("""["direct_leader","indirect_funding"]""", await ValueOfAsync("regional_authority_role"));
        Assert.Equal("regional_authority_role_details", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("sv", "vi", "startade hösten 2022", "pågår fortfarande, minst till slutet av 2025", "\"2022-09\"")]
    [InlineData("pt", "nós", "começou em setembro de 2021", "ainda a decorrer", "\"2021-09\"")]
    public async Task The_end_date_typed_on_past_the_start_date_offered_takes_the_offer_and_answers_the_end(string language, string ours,
        string start, string end, string startValue)
    {
        var chat = await AtTheLeadAsync(language, "Malmö stad", "Språkcaféer", language == "sv" ? "sverige" : "portugal", language == "sv" ? "skåne" : "norte");
        foreach (var answer in new[] { ours, "2", "1" })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("regional_authority_role_details", chat.AskedQuestion);
        await chat.SendAsync(start);
        var offer = Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal("start_date", offer.NextQuestionId);

        await chat.SendAsync(end);

        Assert.Equal(startValue, await ValueOfAsync("start_date"));
        Assert.Equal(Json("ongoing"), await ValueOfAsync("end_date"));
        Assert.Null(await ValueOfAsync("regional_authority_role_details"));
        // Session 48: the optional contribution typed past twice is left open and said so, not asked again.
        Assert.Equal("integration_areas", chat.AskedQuestion);
        Assert.Contains(chat.Shown, shown => shown.Contains(Message("bot.optional_passed_over", language)
            .Split('{')[0], StringComparison.Ordinal));
        Assert.Contains("regional_authority_role_details", chat.Progress.Skipped);
        Assert.Null(chat.Progress.Pending);
    }

    [Theory]
    // Session 48's Walloon official: the partners typed at the optional contribution, then the start and the end typed on in
    // the questionnaire's order; "toujours en cours" came back to the contribution and was stored there.
    [InlineData("fr", "belgique", "wallonie", "les 8 CRI, le Forem, les CPAS et des asbl agréées", "depuis 2014", "toujours en cours", "\"2014\"", "modifier 11")]
    [InlineData("de", "österreich", "wien", "die Caritas, das AMS und drei Vereine aus dem Bezirk", "seit 2019", "läuft noch", "\"2019\"", "ändern 11")]
    [InlineData("en", "ireland", "southern", "the ETB, the HSE and two local family resource centres", "since 2020", "still ongoing", "\"2020\"", "change 11")]
    public async Task The_partners_start_and_end_typed_on_past_the_optional_contribution_leave_it_open_and_lose_nothing(string language,
        string country, string region, string partners, string start, string end, string startValue, string changeEleven)
    {
        var chat = await AtTheLeadAsync(language, "Region", "Integration", country, region);
        foreach (var answer in new[] { language switch { "fr" => "nous", "de" => "wir", _ => "we" }, "2", "1" })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("regional_authority_role_details", chat.AskedQuestion);

        await chat.SendAsync(partners);
        Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        await chat.SendAsync(start);
        Assert.Contains(chat.Shown, shown => shown.Contains(changeEleven, StringComparison.Ordinal));
        // The contribution is not asked again on the way: the only question on screen is the end date.
        Assert.Equal(["end_date"], chat.Last.OfType<QuestionReply>().Select(asked => asked.QuestionId));
        Assert.Equal("end_date", chat.AskedQuestion);
        await chat.SendAsync(end);

        Assert.Equal(Json(partners), await ValueOfAsync("partners"));
        Assert.Equal(startValue, await ValueOfAsync("start_date"));
        Assert.Equal(Json("ongoing"), await ValueOfAsync("end_date"));
        Assert.Null(await ValueOfAsync("regional_authority_role_details"));
        Assert.Equal("integration_areas", chat.AskedQuestion);

        await chat.SendAsync(changeEleven);
        Assert.Equal("regional_authority_role_details", chat.AskedQuestion);
    }

    // 4. Still running with a planned end: ongoing, the end kept beside it.

    [Theory]
    [InlineData("de", "läuft noch bis mindestens ende 2025", "bis mindestens ende 2025")]
    [InlineData("en", "still running, at least until end of 2025", "at least until end of 2025")]
    [InlineData("fr", "toujours en cours, au moins jusqu'à fin 2025", "au moins jusqu'à fin 2025")]
    [InlineData("pt", "ainda a decorrer, pelo menos até ao fim de 2025", "pelo menos até ao fim de 2025")]
    [InlineData("sv", "pågår fortfarande, minst till slutet av 2025", "minst till slutet av 2025")]
    [InlineData("it", "ancora in corso almeno fino a dicembre 2026", "almeno fino a dicembre 2026")]
    [InlineData("es", "sigue en marcha, por lo menos hasta 2026", "por lo menos hasta 2026")]
    public void Still_running_with_a_planned_end_is_ongoing_and_the_end_a_remark(string language, string text, string remark)
    {
        var answer = TestCore.Normalise("end_date", text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(AnswerNormaliser.Ongoing, answer.Value());
        Assert.Equal([new AnswerFlag(FlagReasons.AnswerRemark, remark)], answer.Flags);
        Assert.Equal(text, answer.Original);
    }

    [Theory]
    // An end given as such stays that end, beside "ongoing" too (the end planned).
    [InlineData("de", "bis Dezember 2025", "2025-12")]
    [InlineData("en", "ended in june 2024", "2024-06")]
    [InlineData("fr", "terminé en 2023", "2023")]
    [InlineData("en", "ongoing until 2027", "2027")]
    [InlineData("sv", "pågår till 2026", "2026")]
    public void An_end_without_ongoing_stays_the_end(string language, string text, string end)
    {
        Assert.Equal(end, TestCore.Normalise("end_date", text, language).Value());
    }

    // 5. An amount of money at the count of people.

    /// <summary>A Spanish official's practice up to the count of people reached.</summary>
    private static readonly string[] ToTheCount =
    [
        "lucía gómez", "Diputación de Málaga", "lgomez@malaga.es", "-", "Acogida de refugiados", "españa", "andalucía", "la misma",
        "2", "1", "-", "-", "marzo 2022", "en curso", "empleo, vivienda", "refugiados",
        "Acompañamos a familias refugiadas en su llegada a la provincia.",
        "Facilitar el acceso a la vivienda y al empleo de las familias.",
        "Mentoría individual, clases de español y búsqueda de vivienda.",
        "Más de la mitad de las familias encontraron trabajo en un año.",
    ];

    [Theory]
    [InlineData("unos 150.000 euros en total", "sí", "150000")]
    [InlineData("150.000 €", "si", "150000")]
    public async Task An_amount_at_the_count_of_people_is_offered_at_the_budget(string typed, string yes, string budget)
    {
        var chat = _host.Chat("es-ES");
        await chat.StartAsync();
        foreach (var answer in ToTheCount)
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("beneficiaries_count", chat.AskedQuestion);

        await chat.SendAsync(typed);

        var offer = Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal(("beneficiaries_count", "budget_eur"), (offer.QuestionId, offer.NextQuestionId));
        // It cannot be kept at the count: the count is asked again after it (not "if not, I keep it there").
        var thenBack = Message("bot.answer_elsewhere_then_back", "es");
        Assert.Contains(chat.Shown, shown => shown.Contains(thenBack[(thenBack.LastIndexOf('?') + 1)..].Split('{')[0].Trim(), StringComparison.Ordinal));
        await chat.SendAsync(yes);
        Assert.Equal(budget, await ValueOfAsync("budget_eur"));
        Assert.Null(await ValueOfAsync("beneficiaries_count"));
        Assert.Equal("beneficiaries_count", chat.AskedQuestion);
        await chat.SendAsync("unas 40 personas"); // "unas 40 familias" asks the people since lang53
        Assert.Equal("40", await ValueOfAsync("beneficiaries_count"));
    }

    // A country's name alone at the title.

    [Theory]
    [InlineData("pt-PT", "portugal", "sim", "\"PT\"")]
    [InlineData("sv-SE", "sverige", "ja", "\"SE\"")]
    public async Task A_country_alone_at_the_title_is_offered_at_the_country(string locale, string country, string yes, string code)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        foreach (var answer in new[] { "marta ribeiro", "Câmara Municipal de Braga", "marta@example.eu", "-" })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("title", chat.AskedQuestion);

        await chat.SendAsync(country);

        var offer = Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal(("title", "country"), (offer.QuestionId, offer.NextQuestionId));
        await chat.SendAsync(yes);
        Assert.Equal(code, await ValueOfAsync("country"));
        Assert.Null(await ValueOfAsync("title"));
        Assert.Equal("title", chat.AskedQuestion);
    }

    [Fact]
    public async Task A_title_naming_a_country_among_other_words_stays_the_title()
    {
        var chat = _host.Chat("pt-PT");
        await chat.StartAsync();
        foreach (var answer in new[] { "marta ribeiro", "Câmara Municipal de Braga", "marta@example.eu", "-" })
        {
            await chat.SendAsync(answer);
        }

        await chat.SendAsync("Mentoria em Portugal");

        Assert.Null(chat.Progress.Pending);
        Assert.Equal(Json("Mentoria em Portugal"), await ValueOfAsync("title"));
        Assert.Equal("country", chat.AskedQuestion);
    }

    // 6. A refusal where a required name is asked.

    [Theory]
    [InlineData("es", "contact_organisation", "no tengo")]
    [InlineData("de", "contact_organisation", "hab ich nicht")]
    [InlineData("fr", "contact_organisation", "je n'en ai pas")]
    [InlineData("pt", "contact_organisation", "não tenho")]
    [InlineData("sv", "lead_organisation", "har ingen")]
    [InlineData("en", "title", "n/a")]
    public void A_refusal_at_a_required_name_says_it_needs_an_answer(string language, string question, string text)
    {
        var answer = TestCore.Normalise(question, text, language);

        Assert.False(answer.Ok);
        Assert.Equal(Message(MessageKeys.Required, language), answer.Error);
    }

    [Fact]
    public async Task No_tengo_at_the_organisation_is_not_its_name()
    {
        var chat = _host.Chat("es-ES");
        await chat.StartAsync();
        await chat.SendAsync("lucía gómez");

        await chat.SendAsync("no tengo");

        Assert.Null(await ValueOfAsync("contact_organisation"));
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        Assert.Contains(chat.Shown, shown => shown.Contains(Message(MessageKeys.Required, "es"), StringComparison.Ordinal));
    }
}
