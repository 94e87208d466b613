using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 47: what chatplay46's contributors (de, en, es) and chat46's French run met at the bot's own questions. "Did you
/// mean …?" answered with a sentence ("yes that's it, funding", "genau so, koordinierung und finanzierung") was asked again;
/// "no, seguimos" at the period-end offer ran the continue command and lost the ongoing; "nein, kreisumlage = kommunaler
/// haushalt" at the Other confirmation was lost; the lead organisation typed at "¿Quería decir Andalucía?" was stored as an
/// unknown region; the budget's offer passed over with prose refused every message after it, a late "oui" too; a number in
/// a sentence that says no money was read as euro at the budget.
/// </summary>
public sealed class GuessesAndOffers47RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private async Task<EngineChat> WaitingAtAsync(string locale, string question, params string[] answers)
    {
        var chat = Host.Chat(locale);
        await chat.StartAsync();
        foreach (var answer in answers)
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal(question, chat.Progress.QuestionId);
        return chat;
    }

    private static readonly string[] EnglishToTheRole =
        ["Niamh Walsh", "Galway Integration Network", "niamh@galwayintegration.ie", "087 123 4567", "Welcome Tables", "ireland", "west, galway",
         "Galway Integration Network", "ngo"];

    private static readonly string[] GermanToTheRole =
        ["petra schmidt", "LK Osnabrück", "p.schmidt@lkos.de", "überspringen", "sprachcafé für neuzugewanderte", "deutschland", "weser-ems",
         "LK osnabrück", "kreisverw."];

    private static readonly string[] PortugueseToTheRole =
        ["ana costa", "CM de Braga", "ana.costa@cm-braga.pt", "253 203 150", "Braga Acolhe", "portugal", "norte", "a propria camara", "autarquia"];

    private static string[] ToTheRole(string locale) => locale[..2] switch
    {
        "en" => EnglishToTheRole,
        "de" => GermanToTheRole,
        _ => PortugueseToTheRole,
    };

    [Theory]
    [InlineData("en-IE", "what do you mean by regional authority here? we're funded by the county council", "yes that's it, funding", "[\"indirect_funding\"]")]
    [InlineData("de-DE", "das land koordiniert das ganze, ggf. auch förderung", "genau so, koordinierung und finanzierung", "[\"direct_coordinator\",\"indirect_funding\"]")]
    [InlineData("pt-PT", "a camara financia e coordena", "sim, é isso, financiamento e coordenacao", "[\"indirect_funding\",\"direct_coordinator\"]")]
    public async Task A_yes_opening_a_sentence_that_names_the_guess_takes_it(string locale, string typed, string answer, string expected)
    {
        var chat = await WaitingAtAsync(locale, "regional_authority_role", ToTheRole(locale));
        await chat.SendAsync(typed);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(answer);

        Assert.Equal(expected, (await AnswerOfAsync("regional_authority_role"))!.ValueJson);
        Assert.Null(chat.Progress.Pending);
        Assert.Equal("regional_authority_role_details", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("en-IE", "what do you mean by regional authority here? we're funded by the county council", "yes, funding and we coordinate it too")]
    [InlineData("de-DE", "das land finanziert das ganze", "ja, finanzierung und koordinierung")]
    public async Task A_yes_opening_a_sentence_that_names_more_than_the_guess_is_that_answer(string locale, string typed, string answer)
    {
        var chat = await WaitingAtAsync(locale, "regional_authority_role", ToTheRole(locale));
        await chat.SendAsync(typed);
        var guess = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Single(guess.Candidates);

        await chat.SendAsync(answer);

        var stored = (await AnswerOfAsync("regional_authority_role"))!.ValueJson!;
        Assert.Contains("indirect_funding", stored, StringComparison.Ordinal);
        Assert.Contains("direct_coordinator", stored, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("es-ES", "desde 2022 hasta junio 2023", "no, seguimos")]
    [InlineData("en-IE", "from 2022 to june 2023", "no, still going")]
    [InlineData("de-DE", "von 2022 bis juni 2023", "nein, läuft weiter")]
    [InlineData("pt-PT", "de 2022 a junho 2023", "nao, continua")]
    public async Task A_no_then_ongoing_at_the_period_end_offer_is_ongoing(string locale, string period, string answer)
    {
        var chat = await WaitingAtAsync(locale, "start_date", locale[..2] switch
        {
            "es" => ["Carmen Ruiz Moreno", "Junta de Andalucía", "carmen.ruiz@juntadeandalucia.es", "saltar", "Programa Puentes", "España", "Andalucía",
                "la Consejería de Desarrollo Educativo y FP", "administracion regional", "1", "saltar", "centros educativos, ayuntamientos, ONG"],
            "en" => [.. EnglishToTheRole, "funding", "skip", "the family resource centres"],
            "de" => [.. GermanToTheRole, "koordinierung", "überspringen", "caritas, diakonie"],
            _ => [.. PortugueseToTheRole, "coordenacao", "saltar", "IEFP, ACM"],
        });
        await chat.SendAsync(period);
        Assert.Equal("end_date", chat.Progress.QuestionId);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(answer);

        Assert.Equal("\"ongoing\"", (await AnswerOfAsync("end_date"))!.ValueJson);
        Assert.Equal("integration_areas", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("de-DE", "kreisumlage und landesmittel", "nein, kreisumlage = kommunaler haushalt")]
    [InlineData("de-DE", "kreisumlage und landesmittel", "nein, die kreisumlage ist quasi kommunaler haushalt")]
    [InlineData("en-IE", "county levy and regional funds", "no, county levy is local budget")]
    [InlineData("es-ES", "tasa municipal y fondos autonómicos", "no, la tasa municipal es presupuesto municipal")]
    public async Task A_no_that_says_what_the_word_kept_under_Other_is_takes_its_place(string locale, string funding, string answer)
    {
        var chat = await WaitingAtAsync(locale, "funding_sources", locale[..2] switch
        {
            "de" => [.. GermanToTheRole, "koordinierung", "überspringen", "caritas, diakonie", "seit sept. 2021", "läuft bis auf weiteres", "sprache, arbeit",
                "neuzugewanderte", "viele neuzugewanderte finden keine sprachkurse", "deutsch im alltag üben", "wöchentliche sprachcafés in 12 gemeinden",
                "die lotsen begleiten jedes jahr viele familien", "überspringen"],
            "en" => [.. EnglishToTheRole, "funding", "skip", "the family resource centres", "march 2022", "still going", "language and culture",
                "refugees", "People in IPAS centres were very isolated", "to build friendships", "A shared meal every Thursday",
                "the tables brought people together", "skip"],
            _ => ["Carmen Ruiz Moreno", "Junta de Andalucía", "carmen.ruiz@juntadeandalucia.es", "saltar", "Programa Puentes", "España", "Andalucía",
                "la Consejería de Desarrollo Educativo y FP", "administracion regional", "1", "saltar", "centros educativos, ayuntamientos, ONG",
                "septiembre 2022", "en curso", "educación", "alumnado migrante", "mucho alumnado recién llegado abandonaba el instituto",
                "que sigan estudiando", "mentoría semanal en los institutos", "menos abandono escolar", "saltar"],
        });
        await chat.SendAsync(funding);
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(answer);

        Assert.Equal("[\"regional_budget\",\"local_budget\"]", (await AnswerOfAsync("funding_sources"))!.ValueJson);
        Assert.Equal("budget_eur", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("es-ES", "España, Andalucía", "la Junta, a través de la Consejería de Desarrollo Educativo", "sí", "ES61")]
    [InlineData("fr-FR", "France, Grand Est", "le Conseil régional, direction de la solidarité", "oui", "FRF")]
    [InlineData("pt-PT", "Portugal, Norte", "a Camara Municipal, atraves do gabinete de apoio ao imigrante", "sim", "PT11")]
    public async Task An_organisation_typed_at_a_regions_guess_goes_to_the_lead_organisation(string locale, string country, string organisation, string yes, string region)
    {
        var chat = await WaitingAtAsync(locale, "country", locale[..2] switch
        {
            "es" => ["Carmen Ruiz Moreno", "Junta de Andalucía", "carmen.ruiz@juntadeandalucia.es", "saltar", "Programa Puentes"],
            "fr" => ["Claire Martin", "Région Grand Est", "c.martin@grandest.fr", "passer", "Accueil Emploi Réfugiés"],
            _ => ["ana costa", "CM de Braga", "ana.costa@cm-braga.pt", "253 203 150", "Braga Acolhe"],
        });
        await chat.SendAsync(country);
        Assert.Equal("region", chat.Progress.QuestionId);
        var guess = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(organisation);

        Assert.Null(await AnswerOfAsync("region"));
        Assert.Equal(organisation, (await AnswerOfAsync("lead_organisation"))!.Original);
        Assert.Equal("region", chat.Progress.QuestionId);
        Assert.Equal(guess, chat.Progress.Pending);

        await chat.SendAsync(yes);

        Assert.StartsWith($"\"{region}", (await AnswerOfAsync("region"))!.ValueJson, StringComparison.Ordinal);
        Assert.Equal("lead_organisation_type", chat.AskedQuestion);
    }

    private static readonly string[] FrenchToTheBudget =
    [
        "Claire Martin", "Région Grand Est", "c.martin@grandest.fr", "passer", "Accueil Emploi Réfugiés", "France", "Grand Est", "Région Grand Est",
        "collectivité régionale", "coordination", "passer", "Pôle emploi, CADA de Metz", "depuis janvier 2021, budget 80 000 € au total", "en cours",
        "emploi", "réfugiés", "les réfugiés restaient sans emploi", "favoriser l'emploi", "ateliers et stages", "120 personnes en emploi", "120", "FSE+",
    ];

    [Theory]
    [InlineData("euh attendez")]
    [InlineData("je regarde le chiffre exact")]
    public async Task An_offer_at_an_optional_question_passed_over_with_words_it_refuses_is_offered_again(string words)
    {
        var chat = await WaitingAtAsync("fr-FR", "budget_eur", FrenchToTheBudget);
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(words);

        Assert.Equal(offer, chat.Progress.Pending);
        Assert.Contains(chat.Shown, line => line.Contains("Dois-je reprendre 80", StringComparison.Ordinal));
        Assert.Null(await AnswerOfAsync("innovative_elements"));

        await chat.SendAsync("oui");

        Assert.Equal("80000", (await AnswerOfAsync("budget_eur"))!.ValueJson);
        Assert.Equal("innovative_elements", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("modifier 23")]
    [InlineData("retour")]
    public async Task An_offer_at_an_optional_question_passed_over_with_the_next_answer_moves_on_and_waits(string back)
    {
        var chat = await WaitingAtAsync("fr-FR", "budget_eur", FrenchToTheBudget);

        await chat.SendAsync("on a surtout innové avec les entreprises du territoire");

        Assert.Null(await AnswerOfAsync("budget_eur"));
        Assert.Equal("on a surtout innové avec les entreprises du territoire", (await AnswerOfAsync("innovative_elements"))!.Original);
        Assert.Contains(chat.Shown, line => line.Contains("Je laisse", StringComparison.Ordinal)
            && line.Contains("Budget total en euros", StringComparison.Ordinal) && line.Contains("80", StringComparison.Ordinal));
        Assert.Equal("challenges_solutions", chat.AskedQuestion);

        await chat.SendAsync(back);
        if (back == "retour")
        {
            await chat.SendAsync(back);
        }

        Assert.Equal("budget_eur", chat.Progress.QuestionId);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        await chat.SendAsync("oui");
        Assert.Equal("80000", (await AnswerOfAsync("budget_eur"))!.ValueJson);
    }

    [Theory]
    [InlineData("en-IE", "we have 3 staff and 12 volunteers")]
    [InlineData("de-DE", "wir haben 3 hauptamtliche und 12 ehrenamtliche")]
    [InlineData("fr-FR", "on est 3 salariés et 12 bénévoles")]
    public async Task A_count_of_staff_at_the_budget_is_no_amount(string locale, string words)
    {
        var chat = await WaitingAtAsync(locale, "budget_eur", locale[..2] switch
        {
            "en" => [.. EnglishToTheRole, "funding", "skip", "the family resource centres", "march 2022", "still going", "language and culture",
                "refugees", "People in IPAS centres were very isolated", "to build friendships", "A shared meal every Thursday",
                "the tables brought people together", "skip", "skip"],
            "de" => [.. GermanToTheRole, "koordinierung", "überspringen", "caritas, diakonie", "seit sept. 2021", "läuft bis auf weiteres", "sprache, arbeit",
                "neuzugewanderte", "viele neuzugewanderte finden keine sprachkurse", "deutsch im alltag üben", "wöchentliche sprachcafés in 12 gemeinden",
                "die lotsen begleiten jedes jahr viele familien", "überspringen", "überspringen"],
            _ => ["Claire Martin", "Région Grand Est", "c.martin@grandest.fr", "passer", "Accueil Emploi Réfugiés", "France", "Grand Est", "Région Grand Est",
                "collectivité régionale", "coordination", "passer", "Pôle emploi, CADA de Metz", "janvier 2021", "en cours", "emploi", "réfugiés",
                "les réfugiés restaient sans emploi", "favoriser l'emploi", "ateliers et stages", "120 personnes en emploi", "120", "FSE+"],
        });

        await chat.SendAsync(words);

        Assert.Null(await AnswerOfAsync("budget_eur"));
        Assert.DoesNotContain(chat.Shown, line => line.Contains('3') && line.Contains('€'));
    }

    private static readonly string[] EnglishToSubmit =
    [
        .. EnglishToTheRole, "funding", "skip", "the family resource centres", "march 2022", "still going", "language and culture", "refugees",
        "People in IPAS centres were very isolated", "to build friendships", "A shared meal every Thursday", "the tables brought people together", "120",
        "local budget", "80k in total", "shared meals", "finding venues, solved with parishes", "start small", "any town can do it", "skip", "skip", "skip", "yes",
    ];

    private static readonly string[] GermanToSubmit =
    [
        .. GermanToTheRole, "koordinierung", "überspringen", "caritas, diakonie", "seit sept. 2021", "läuft bis auf weiteres", "sprache, arbeit",
        "neuzugewanderte", "viele neuzugewanderte finden keine sprachkurse", "deutsch im alltag üben", "wöchentliche sprachcafés in 12 gemeinden",
        "die lotsen begleiten jedes jahr viele familien", "überspringen", "landesmittel, kommunaler haushalt", "ca. 120 TEUR jährlich",
        "die lotsen sind alle ehrenamtlich", "ehrenamtliche zu halten war schwer", "früh mit den gemeinden reden", "ehrenamt gut begleiten",
        "überspringen", "überspringen", "überspringen", "nein",
    ];

    private static readonly string[] SpanishToSubmit =
    [
        "Carmen Ruiz Moreno", "Junta de Andalucía", "carmen.ruiz@juntadeandalucia.es", "954 123 000", "Programa Puentes", "España", "Andalucía",
        "la Consejería de Desarrollo Educativo y FP", "administracion regional", "1", "saltar", "centros educativos, ayuntamientos, ONG", "septiembre 2022",
        "en curso", "educación", "alumnado migrante", "mucho alumnado recién llegado abandonaba el instituto", "que sigan estudiando",
        "mentoría semanal en los institutos", "menos abandono escolar", "saltar", "presupuesto autonómico", "1,2 millones por curso",
        "mentores del propio barrio", "faltaban mentores, formamos voluntarios", "empezar pronto", "cualquier provincia puede hacerlo", "saltar", "saltar",
        "saltar", "sí",
    ];

    [Theory]
    [InlineData("en-IE", "in the funding part it's 50k not 80k", "budget_eur", "50000")]
    [InlineData("en-IE", "in the contact part the phone is 087 765 4321", "contact_phone", "\"\\u002B353877654321\"")]
    [InlineData("de-DE", "bei der veröffentlichung natürlich ja", "consent_publish", "true")]
    [InlineData("es-ES", "en la parte de contacto el teléfono es 954 123 456", "contact_phone", "\"\\u002B34954123456\"")]
    [InlineData("es-ES", "en la parte de financiación son 1,5 millones, no 1,2", "budget_eur", "1500000")]
    public async Task A_correction_at_submit_that_names_the_part_corrects_the_answer_there(string locale, string correction, string question, string expected)
    {
        var chat = await WaitingAtAsync(locale, "consent_publish", locale[..2] switch { "en" => EnglishToSubmit, "de" => GermanToSubmit, _ => SpanishToSubmit });
        Assert.IsType<SubmitConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(correction);

        Assert.Equal(expected, (await AnswerOfAsync(question))!.ValueJson);
        Assert.IsType<SubmitConfirmation>(chat.Progress.Pending);
        // "contacto el teléfono es …" was read as the name ("contacto") before the phone.
        Assert.DoesNotMatch("[0-9]", (await AnswerOfAsync("contact_name"))!.Original);
    }

    [Theory]
    [InlineData("en-IE", "in the funding part there is a mistake", "Sources of funding")]
    [InlineData("de-DE", "bei der finanzierung stimmt was nicht", "Finanzierungsquellen")]
    [InlineData("es-ES", "en la parte de financiación hay un error", "Fuentes de financiación")]
    public async Task A_correction_at_submit_that_names_only_the_part_asks_which_answer(string locale, string correction, string listed)
    {
        var chat = await WaitingAtAsync(locale, "consent_publish", locale[..2] switch { "en" => EnglishToSubmit, "de" => GermanToSubmit, _ => SpanishToSubmit });

        await chat.SendAsync(correction);

        Assert.Contains(chat.Shown, line => line.Contains("23.", StringComparison.Ordinal) && line.Contains(listed, StringComparison.Ordinal));
        Assert.IsType<SubmitConfirmation>(chat.Progress.Pending);
        Assert.NotNull(await Host.PracticeOfAsync("sms", "user-1"));
    }

    [Fact]
    public async Task A_short_yes_or_no_word_of_another_language_opens_no_yes_or_no()
    {
        // Chat47's Portuguese run: "na" (in the) is Swedish "nä" folded, and the consent reading of the whole found "nao": the
        // practice was not submitted and the correction lost.
        var chat = await WaitingAtAsync("pt-PT", "consent_publish", "joana ferreira", "ccdr norte", "joana.ferreira@ccdr-n.pt", "saltar", "Porto Acolhe", "portugal",
            "norte", "CCDR Norte", "administracao regional", "financiamos e coordenamos", "saltar", "saltar", "jan 2021", "continua", "habitacao",
            "refugiados", "as familias chegavam sem apoio", "dar autonomia", "mentores acompanham cada familia", "60 familias apoiadas", "60",
            "orcamento regional", "uns 150 mil por ano", "mentores da comunidade", "faltava habitacao", "envolver cedo as camaras",
            "qq regiao pode faze-lo", "saltar", "saltar", "saltar", "sim");
        Assert.IsType<SubmitConfirmation>(chat.Progress.Pending);

        await chat.SendAsync("na parte do financiamento sao 180 mil nao 150");

        Assert.Equal("180000", (await AnswerOfAsync("budget_eur"))!.ValueJson);
        Assert.IsType<SubmitConfirmation>(chat.Progress.Pending);
        await chat.SendAsync("sim");
        Assert.NotNull(chat.Progress.SubmittedReference);
    }
}
