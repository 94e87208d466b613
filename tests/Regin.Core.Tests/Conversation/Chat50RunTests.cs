using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 50 (chat50): what last session's plays of hurried contributors met and left. A word of a multi-word phrase read
/// alone as a choice ("står" of "står för" in "många kvinnor står långt från arbetsmarknaden" guessed funding); a partners
/// list typed at the role refused outside Portuguese; "läuft noch" typed at the role refused as no role.
/// </summary>
public sealed class Chat50RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private const string Role = "regional_authority_role";

    private static string[] ToTheRole(string locale) => locale[..2] switch
    {
        "sv" => ["Sara Lindqvist", "Föreningen Nya Grannar Malmö", "sara@nyagrannar.se", "hoppa över", "Jobbspår för nyanlända kvinnor", "sverige",
            "skane", "Föreningen Nya Grannar", "ideell forening"],
        "de" => ["petra schmidt", "LK Osnabrück", "p.schmidt@lkos.de", "überspringen", "sprachcafé für neuzugewanderte", "deutschland", "weser-ems",
            "LK osnabrück", "kreisverw."],
        "pt" => ["ana costa", "CM de Braga", "ana.costa@cm-braga.pt", "253 203 150", "Braga Acolhe", "portugal", "norte", "a propria camara", "autarquia"],
        "fr" => ["Claire Martin", "Mairie de Nantes", "c.martin@nantes.fr", "passer", "Café des langues", "france", "pays de la loire",
            "Mairie de Nantes", "collectivité locale"],
        "it" => ["Giulia Ferri", "Comune di Bologna", "g.ferri@comune.bologna.it", "salta", "Sportello migranti", "italia", "emilia romagna",
            "Comune di Bologna", "ente locale"],
        "es" => ["Lucia Gomez", "Fundacion Cepaim", "lucia@cepaim.org", "saltar", "Acogida en red", "españa", "region de murcia", "Fundacion Cepaim", "ong"],
        "el" => ["Μαρία Παπαδάκη", "Δήμος Ηρακλείου", "maria@heraklion.gr", "παράλειψη", "Κέντρο Ένταξης", "ελλάδα", "κρήτη", "Δήμος Ηρακλείου",
            "τοπική αυτοδιοίκηση"],
        _ => ["Niamh Walsh", "Galway Integration Network", "niamh@galwayintegration.ie", "087 123 4567", "Welcome Tables", "ireland", "west, galway",
            "Galway Integration Network", "ngo"],
    };

    private static string Yes(string locale) => locale[..2] switch
    {
        "sv" => "ja", "de" => "ja", "pt" => "sim", "fr" => "oui", "it" => "si", "es" => "si", "el" => "ναι", _ => "yes",
    };

    // 1. A word of a multi-word phrase does not name its choice alone.

    [Theory]
    [InlineData("sv-SE", "många kvinnor står långt från arbetsmarknaden", "indirect_funding")]
    [InlineData("sv-SE", "dessa kvinnor behöver språkstöd först", "none")]
    [InlineData("de-DE", "die wartezeiten führen zu frust bei den leuten", "direct_leader")]
    [InlineData("en-IE", "it takes months before people get a course", "direct_partner")]
    public async Task A_word_of_a_phrase_alone_names_no_role(string locale, string typed, string code)
    {
        var chat = await AtAsync(locale, Role, ToTheRole(locale));

        await chat.SendAsync(typed);

        Assert.DoesNotContain(code, (await AnswerOfAsync(Role))?.ValueJson ?? "", StringComparison.Ordinal);
        if (chat.Progress.Pending is CandidateConfirmation guess && guess.QuestionId == Role)
        {
            Assert.DoesNotContain(guess.Candidates, candidate => candidate.Answer.Contains(code, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("sv-SE", "regionen står för kostnaderna", "[\"indirect_funding\"]")]
    [InlineData("sv-SE", "regionen står för hyran", "[\"indirect_funding\"]")]
    [InlineData("sv-SE", "inget av dessa", "[\"none\"]")]
    [InlineData("de-DE", "das Land führt es durch", "[\"direct_leader\"]")]
    [InlineData("en-IE", "we take part", "[\"direct_partner\"]")]
    public async Task The_whole_phrase_still_names_its_role(string locale, string typed, string expected)
    {
        var chat = await AtAsync(locale, Role, ToTheRole(locale));

        await chat.SendAsync(typed);

        Assert.Equal(expected, (await AnswerOfAsync(Role))?.ValueJson);
    }

    // 2. A partners list typed at the role, in every language.

    [Theory]
    [InlineData("sv-SE", "tillsammans med Arbetsförmedlingen och Röda korset")]
    [InlineData("pt-PT", "juntamente com o IEFP e a Cruz Vermelha")]
    [InlineData("de-DE", "zusammen mit der Caritas und der Agentur für Arbeit")]
    [InlineData("fr-FR", "avec le CCAS et la Croix-Rouge")]
    [InlineData("it-IT", "in collaborazione con Caritas e ASL")]
    [InlineData("es-ES", "junto con Cruz Roja y Accem")]
    [InlineData("el-GR", "μαζί με τον Ερυθρό Σταυρό και τον ΟΑΕΔ")]
    [InlineData("en-IE", "together with the ETB and the HSE")]
    public async Task A_partners_list_typed_at_the_role_is_offered_at_the_partners(string locale, string typed)
    {
        var chat = await AtAsync(locale, Role, ToTheRole(locale));

        await chat.SendAsync(typed);

        var offer = Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal("partners", offer.NextQuestionId);
        await chat.SendAsync(Yes(locale));
        Assert.NotNull(await AnswerOfAsync("partners"));
        Assert.Null(await AnswerOfAsync(Role));
        Assert.Equal(Role, chat.AskedQuestion);
    }

    // 4. "still running" typed at the role: the end date's.

    [Theory]
    [InlineData("el-GR", "συνεχιζεται")]
    [InlineData("de-DE", "läuft noch")]
    [InlineData("sv-SE", "pågår fortfarande")]
    [InlineData("fr-FR", "toujours en cours")]
    public async Task Still_running_typed_at_the_role_is_offered_at_the_end_date(string locale, string typed)
    {
        var chat = await AtAsync(locale, Role, ToTheRole(locale));

        await chat.SendAsync(typed);

        var offer = Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal("end_date", offer.NextQuestionId);
        await chat.SendAsync(Yes(locale));
        Assert.Equal("\"ongoing\"", (await AnswerOfAsync("end_date"))?.ValueJson);
        Assert.Null(await AnswerOfAsync(Role));
        Assert.Equal(Role, chat.AskedQuestion);
    }

    // 3. A no with the count per course after the count: nothing stored from it, the total asked, a number of courses not multiplied silently.

    // Session 51 (chat51): a no with another number per course after the count ("no, 15 per course" after 40) likewise.
    [Theory]
    [InlineData("de-DE", "15", "nein, 15 pro Kurs", "4 Kurse")]
    [InlineData("en-IE", "15", "no, that's 15 per course", "4 courses")]
    [InlineData("fr-FR", "15", "non, 15 par session", "4 sessions")]
    [InlineData("it-IT", "15", "no sono 15 per corso", "4 corsi")]
    [InlineData("de-DE", "40", "nein, 15 pro Kurs", "4 Kurse")]
    [InlineData("en-IE", "40", "no, that's 15 per course", "4 courses")]
    [InlineData("fr-FR", "40", "non c'est 15 par session", "4 sessions")]
    [InlineData("it-IT", "40", "no sono 15 per corso", "4 corsi")]
    public async Task A_no_with_the_count_per_course_asks_the_total_and_says_what_a_number_of_courses_makes(string locale, string count, string perCourse, string courses)
    {
        var chat = await AtAsync(locale, "beneficiaries_count", [.. Chat49RunTests.ToStart(locale), .. Chat49RunTests.StartToResults(locale)]);
        await chat.SendAsync(count);
        Assert.Equal("funding_sources", chat.AskedQuestion);

        await chat.SendAsync(perCourse);

        // Not the funding sources' answer, nor a no to them; the count is one course's, flagged, and the total asked.
        Assert.Null(await AnswerOfAsync("funding_sources"));
        Assert.DoesNotContain("funding_sources", chat.Progress.Skipped);
        Assert.NotEqual(count, (await AnswerOfAsync("beneficiaries_count"))?.ValueJson);
        Assert.Contains((await Host.PracticeOfAsync("sms", "user-1"))!.Flags, flag => flag.QuestionId == "beneficiaries_count" && flag.Reason == "count_per_group");
        Assert.Equal("beneficiaries_count", chat.AskedQuestion);

        await chat.SendAsync(courses);

        // "4 courses" is no count of people: 4 × 15 is said and offered, stored only on yes.
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("60", offer.Candidates.Single().Answer);
        Assert.Contains(chat.Shown, line => line.Contains("60", StringComparison.Ordinal) && line.Contains("15", StringComparison.Ordinal));
        Assert.NotEqual("4", (await AnswerOfAsync("beneficiaries_count"))?.ValueJson);
        await chat.SendAsync(Yes(locale));
        Assert.Equal("60", (await AnswerOfAsync("beneficiaries_count"))!.ValueJson);
        Assert.Equal("funding_sources", chat.AskedQuestion);
    }

    // 5. The funding's source named at the role: kept for the funding question.

    [Theory]
    [InlineData("de-DE", "Finanzierung über die Landesförderung", "Landesförderung")]
    [InlineData("fr-FR", "financement via le FSE", "FSE")]
    [InlineData("es-ES", "financiacion a traves del FSE", "FSE")]
    [InlineData("it-IT", "finanziamento tramite il FAMI", "FAMI")]
    [InlineData("en-IE", "funding through AMIF", "AMIF")]
    public async Task A_source_named_with_the_funding_at_the_role_is_kept_for_the_funding_question(string locale, string typed, string source)
    {
        var chat = await AtAsync(locale, Role, ToTheRole(locale));

        await chat.SendAsync(typed);

        Assert.Contains("indirect_funding", (await AnswerOfAsync(Role))?.ValueJson ?? "", StringComparison.Ordinal);
        Assert.Contains(source, chat.Progress.OfferedAhead?.GetValueOrDefault("funding_sources") ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de-DE", "Finanzierung über die Landesförderung", "regional_budget")]
    [InlineData("fr-FR", "financement via le FSE", "esf_plus")]
    public async Task The_source_named_at_the_role_is_offered_when_the_funding_comes(string locale, string typed, string code)
    {
        var start = Chat49RunTests.ToStart(locale);
        var chat = await AtAsync(locale, "funding_sources", [.. start[..9], typed, .. start[10..], .. Chat49RunTests.StartToResults(locale), "40"]);

        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("funding_sources", offer.QuestionId);
        await chat.SendAsync(Yes(locale));
        Assert.Contains(code, (await AnswerOfAsync("funding_sources"))!.ValueJson!, StringComparison.Ordinal);
    }

    // 6. An amount without currency at the funding sources: the budget's.

    [Theory]
    [InlineData("de-DE", "120.000 im Jahr")]
    [InlineData("it-IT", "circa 80 mila l'anno")]
    [InlineData("fr-FR", "environ 60 000 par an")]
    [InlineData("en-IE", "about 90k a year")]
    // Session 51 (chat51): with its currency too, nothing kept under Other (the lead's play: "l'anno" was).
    [InlineData("it-IT", "80 mila euro l'anno")]
    [InlineData("fr-FR", "50.000 € par an")]
    [InlineData("de-DE", "60.000 euro im jahr")]
    [InlineData("en-IE", "€90k a year")]
    public async Task An_amount_without_currency_at_the_funding_sources_is_offered_at_the_budget(string locale, string typed)
    {
        var chat = await AtAsync(locale, "funding_sources", [.. Chat49RunTests.ToStart(locale), .. Chat49RunTests.StartToResults(locale), "40"]);

        await chat.SendAsync(typed);

        var offer = Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal("budget_eur", offer.NextQuestionId);
        Assert.Null(await AnswerOfAsync("funding_sources"));
        await chat.SendAsync(Yes(locale));
        Assert.Equal(typed, (await AnswerOfAsync("budget_eur"))?.Original);
        Assert.Equal("funding_sources", chat.AskedQuestion);
    }

    // 7. "young men": youth, and the gender word kept as no Other.

    [Theory]
    [InlineData("de-DE", "junge Männer", "[\"children_youth\"]")]
    [InlineData("fr-FR", "jeunes hommes", "[\"children_youth\"]")]
    [InlineData("it-IT", "giovani uomini", "[\"children_youth\"]")]
    [InlineData("en-IE", "young men", "[\"children_youth\"]")]
    [InlineData("de-DE", "junge Männer und Frauen", "[\"children_youth\",\"women\"]")]
    public async Task Young_men_are_youth_with_no_other_text(string locale, string typed, string expected)
    {
        var chat = await AtAsync(locale, "target_groups", [.. Chat49RunTests.ToStart(locale), .. Chat49RunTests.StartToResults(locale)[..3]]);

        await chat.SendAsync(typed);

        var answer = await AnswerOfAsync("target_groups");
        Assert.Equal(expected, answer?.ValueJson);
        Assert.Null(answer!.OtherText);
        Assert.Equal("description", chat.AskedQuestion);
    }

    // 8. The organisation after a comma at the name, in fr, es, it, pt: by the organisation words the chat knows.

    [Theory]
    [InlineData("es-ES", "Ana Ruiz, Ayuntamiento de Valencia", "Ayuntamiento de Valencia", "si")]
    [InlineData("fr-FR", "marie dupont, mairie de lyon", "mairie de lyon", "oui")]
    [InlineData("it-IT", "Maria Rossi, Comune di Torino", "Comune di Torino", "si")]
    [InlineData("pt-PT", "ana costa, camara municipal de braga", "camara municipal de braga", "sim")]
    public async Task An_organisation_after_a_comma_at_the_name_is_offered(string locale, string typed, string organisation, string yes)
    {
        var chat = await AtAsync(locale, "contact_organisation", typed);

        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("contact_organisation", offer.QuestionId);
        await chat.SendAsync(yes);
        Assert.Equal(organisation, (await AnswerOfAsync("contact_organisation"))!.Original);
    }

    [Theory]
    [InlineData("es-ES", "Ruiz García, Ana María")]
    [InlineData("fr-FR", "Dupont, Marie-Claire")]
    [InlineData("it-IT", "Rossi, Maria Grazia")]
    [InlineData("pt-PT", "Costa Ribeiro, Ana Rita")]
    public async Task A_surname_first_name_stays_whole(string locale, string typed)
    {
        var chat = await AtAsync(locale, "contact_organisation", typed);

        Assert.Equal(typed, (await AnswerOfAsync("contact_name"))!.ValueJson!.Unquoted());
        Assert.Null(chat.Progress.Pending);
    }

    // 9. Valencian and Catalan verbs at the role in a Spanish chat.

    [Theory]
    [InlineData("coordinem i financem", "[\"direct_coordinator\",\"indirect_funding\"]")]
    [InlineData("gestionem el projecte", "[\"direct_leader\"]")]
    [InlineData("financem", "[\"indirect_funding\"]")]
    [InlineData("donem suport i assessorem", "[\"indirect_support\",\"indirect_advisory\"]")]
    public async Task Catalan_verbs_at_the_role_in_a_spanish_chat_name_the_role(string typed, string expected)
    {
        var chat = await AtAsync("es-ES", Role, ToTheRole("es-ES"));

        await chat.SendAsync(typed);

        Assert.Equal(expected, (await AnswerOfAsync(Role))?.ValueJson);
        Assert.Equal("regional_authority_role_details", chat.AskedQuestion);
    }
}
