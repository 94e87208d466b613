using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 51 (chat51): what last session's plays of hurried contributors met and left. The partners named after the lead
/// organisation ("a camara com apoio da cruz vermelha e do ACM") kept in its name; a yes followed by the fuller name of the
/// organisation offered ("sim, camara municipal de evora" after "Queria dizer CM Evora?") stored the short form; Italian
/// "continua ancora" read as the continue command.
/// </summary>
public sealed class Chat51RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private const string Lead = "lead_organisation";

    internal static string[] ToTheLead(string locale) => locale[..2] switch
    {
        "pt" => ["ana costa", "CM Evora", "ana.costa@cm-evora.pt", "266 777 000", "Evora Acolhe", "portugal", "alentejo"],
        "fr" => ["marc dubois", "Ville de Liège", "m.dubois@liege.be", "passer", "Liège Accueil", "belgique", "province de liège"],
        "de" => ["anna keller", "Stadt Graz", "a.keller@stadt.graz.at", "überspringen", "Grazer Willkommen", "österreich", "steiermark"],
        "es" => ["lucia gomez", "Fundacion Cepaim", "lucia@cepaim.org", "saltar", "Acogida en red", "españa", "region de murcia"],
        "it" => ["giulia ferri", "Comune di Palermo", "g.ferri@comune.palermo.it", "salta", "Sportello migranti", "italia", "sicilia"],
        "el" => ["μαρια παπαδακη", "Δήμος Μυτιλήνης", "maria@mytilene.gr", "παράλειψη", "Κέντρο Ένταξης", "ελλάδα", "βόρειο αιγαίο"],
        "sv" => ["karin lind", "Umeå kommun", "karin.lind@umea.se", "hoppa över", "Språkvän", "sverige", "västerbotten"],
        _ => ["Niamh Walsh", "Galway County Council", "niamh@galway.ie", "087 123 4567", "Welcome Tables", "ireland", "west, galway"],
    };

    internal static string Yes(string locale) => locale[..2] switch
    {
        "sv" => "ja", "de" => "ja", "pt" => "sim", "fr" => "oui", "it" => "si", "es" => "si", "el" => "ναι", _ => "yes",
    };

    // 2. The partners after the lead organisation: the organisation kept, the partners offered at the partners question.

    [Theory]
    [InlineData("pt-PT", "Santa Casa da Misericordia com apoio da cruz vermelha e do ACM", "Santa Casa da Misericordia", "cruz vermelha, ACM")]
    [InlineData("de-DE", "Caritas Steiermark in Zusammenarbeit mit der Stadt Graz und dem AMS", "Caritas Steiermark", "Stadt Graz, AMS")]
    [InlineData("es-ES", "Cruz Roja en colaboracion con Accem y el ayuntamiento", "Cruz Roja", "Accem, ayuntamiento")]
    [InlineData("it-IT", "Caritas diocesana con il sostegno del comune e della ASL", "Caritas diocesana", "comune, ASL")]
    [InlineData("fr-FR", "CRIPEL avec le soutien de la ville et du CPAS", "CRIPEL", "ville, CPAS")]
    [InlineData("el-GR", "ΜΚΟ Αλληλεγγύη σε συνεργασία με την Περιφέρεια", "ΜΚΟ Αλληλεγγύη", "Περιφέρεια")]
    [InlineData("sv-SE", "Röda korset i samarbete med kommunen och Arbetsförmedlingen", "Röda korset", "kommunen, Arbetsförmedlingen")]
    [InlineData("en-IE", "Cope Galway with support from the HSE and the ETB", "Cope Galway", "HSE, ETB")]
    public async Task The_partners_after_the_lead_organisation_are_offered_at_the_partners(string locale, string typed, string organisation, string partners)
    {
        var chat = await AtAsync(locale, Lead, ToTheLead(locale));

        await chat.SendAsync(typed);

        var lead = await AnswerOfAsync(Lead);
        Assert.Equal(organisation, lead?.ValueJson?.Unquoted());
        Assert.Equal(typed, lead!.Original);
        Assert.Equal("lead_organisation_type", chat.AskedQuestion);
        foreach (var answer in new[] { "2", "1", "-" })
        {
            await chat.SendAsync(answer);
        }

        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("partners", offer.QuestionId);
        Assert.Contains(chat.Shown, shown => shown.Contains(partners, StringComparison.Ordinal));
        await chat.SendAsync(Yes(locale));
        Assert.Equal(partners, (await AnswerOfAsync("partners"))?.ValueJson?.Unquoted());
    }

    [Theory]
    [InlineData("de-DE", "Stiftung mit Herz")]
    [InlineData("pt-PT", "Associação Com Vida")]
    [InlineData("en-IE", "Doras with Migrants")]
    public async Task A_one_word_with_in_a_name_stays_in_the_name(string locale, string typed)
    {
        var chat = await AtAsync(locale, Lead, ToTheLead(locale));

        await chat.SendAsync(typed);

        Assert.Equal(typed, (await AnswerOfAsync(Lead))?.ValueJson?.Unquoted());
    }

    // 1. A yes followed by the organisation's fuller name: the name typed.

    [Theory]
    [InlineData("pt-PT", "ana costa, CM Evora", "CM Evora", "sim, camara municipal de evora", "camara municipal de evora")]
    [InlineData("de-DE", "anna keller vom Magistrat Graz", "Magistrat Graz", "ja, Magistrat der Stadt Graz", "Magistrat der Stadt Graz")]
    [InlineData("es-ES", "lucia gomez, Ayto. de Murcia", "Ayuntamiento de Murcia", "si, ayuntamiento de murcia, servicios sociales", "ayuntamiento de murcia, servicios sociales")]
    [InlineData("en-IE", "niamh walsh, Galway CoCo", "Galway CoCo", "yes, galway county council", "galway county council")]
    public async Task A_yes_with_the_fuller_name_of_the_organisation_offered_keeps_the_name_typed(string locale, string name, string offered, string typed, string stored)
    {
        var chat = await AtAsync(locale, "contact_organisation", name);
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal(offered, offer.Candidates.Single().Answer);

        await chat.SendAsync(typed);

        var answer = await AnswerOfAsync("contact_organisation");
        Assert.Equal(stored, answer?.ValueJson?.Unquoted());
        Assert.Null(chat.Progress.Pending);
        Assert.Equal("contact_email", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("pt-PT", "ana costa, CM Evora", "sim, obrigada", "CM Evora")]
    [InlineData("en-IE", "niamh walsh, Galway CoCo", "yes that's us", "Galway CoCo")]
    public async Task A_yes_with_other_words_takes_the_organisation_offered(string locale, string name, string typed, string stored)
    {
        var chat = await AtAsync(locale, "contact_organisation", name);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(typed);

        Assert.Equal(stored, (await AnswerOfAsync("contact_organisation"))?.ValueJson?.Unquoted());
    }

    // 5. Italian "continua ancora" (the continue word opening it) at the role: the end date's ongoing, offered.

    [Theory]
    [InlineData("it-IT", "continua ancora")]
    [InlineData("it-IT", "continua tuttora")]
    [InlineData("pt-PT", "continua ainda")]
    public async Task Still_going_on_with_the_continue_word_at_the_role_is_offered_at_the_end_date(string locale, string typed)
    {
        var chat = await AtAsync(locale, "regional_authority_role", [.. ToTheLead(locale), ToTheLead(locale)[1], locale[..2] == "it" ? "ente locale" : "autarquia"]);

        await chat.SendAsync(typed);

        var offer = Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal("end_date", offer.NextQuestionId);
        await chat.SendAsync(Yes(locale));
        Assert.Equal("\"ongoing\"", (await AnswerOfAsync("end_date"))?.ValueJson);
        Assert.Equal("regional_authority_role", chat.AskedQuestion);
    }

    // 6. An amount with its currency and a period at the funding sources: Chat50RunTests' budget cases.

    // 3. A renewal said after the end date: whether it still runs is asked before a date is stored.

    [Theory]
    [InlineData("de-DE", "bis 12/2025, wird dann verlängert")]
    [InlineData("fr-FR", "jusqu'en dec 2025, puis reconduit")]
    [InlineData("it-IT", "fino a dic 2025, poi si rinnova")]
    [InlineData("en-IE", "until dec 2025, then it gets renewed")]
    public async Task A_renewal_after_the_end_date_asks_whether_it_still_runs(string locale, string typed)
    {
        var start = Chat49RunTests.ToStart(locale);
        var chat = await AtAsync(locale, "end_date", [.. start, Chat49RunTests.StartToResults(locale)[0]]);

        await chat.SendAsync(typed);

        Assert.True(await AnswerOfAsync("end_date") is null, string.Join(" | ", chat.Shown) + " :: " + (await AnswerOfAsync("end_date"))?.ValueJson);
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal([AnswerNormaliserOngoing, "2025-12"], offer.Candidates.Select(candidate => candidate.Answer));
        await chat.SendAsync("1");
        Assert.Equal("\"ongoing\"", (await AnswerOfAsync("end_date"))?.ValueJson);
        Assert.Equal(typed, (await AnswerOfAsync("end_date"))!.Original);
    }

    [Theory]
    [InlineData("de-DE", "bis 12/2025, wird dann verlängert")]
    [InlineData("en-IE", "until dec 2025, then it gets renewed")]
    public async Task The_date_picked_after_a_renewal_is_stored(string locale, string typed)
    {
        var chat = await AtAsync(locale, "end_date", [.. Chat49RunTests.ToStart(locale), Chat49RunTests.StartToResults(locale)[0]]);
        await chat.SendAsync(typed);

        await chat.SendAsync("2");

        Assert.Equal("\"2025-12\"", (await AnswerOfAsync("end_date"))?.ValueJson);
    }

    [Theory]
    [InlineData("es", "hasta dic 2025, luego se renueva")]
    [InlineData("pt", "ate dezembro 2025, depois e renovado")]
    [InlineData("sv", "till dec 2025, sen förlängs det")]
    [InlineData("el", "εως δεκεμβριο 2025, μετα ανανεωνεται")]
    public void A_renewal_after_the_end_date_reads_as_ongoing_or_that_date(string language, string typed)
    {
        var read = TestCore.Normalise("end_date", typed, language);

        Assert.True(read.NeedsConfirmation, read.Error);
        Assert.Equal(["\"ongoing\"", "\"2025-12\""], read.Candidates.Select(candidate => candidate.Value.ToJsonString()));
    }

    [Theory]
    [InlineData("de", "verlängert bis Juni 2026", "\"2026-06\"")]
    [InlineData("es", "diciembre 2025", "\"2025-12\"")]
    public void An_extension_to_a_date_or_a_date_alone_is_read_as_it_is(string language, string typed, string expected)
    {
        var read = TestCore.Normalise("end_date", typed, language);

        Assert.False(read.NeedsConfirmation);
        Assert.Equal(expected, read.Value?.ToJsonString());
    }

    private const string AnswerNormaliserOngoing = Regin.Core.Normalisation.AnswerNormaliser.Ongoing;

    // 7. A no with another number per course after the count: Chat50RunTests' per-course cases with the count 40.

    // 4. A date or a number alone at the lead organisation: no name, said and asked again.

    [Theory]
    [InlineData("pt-PT", "2021-01")]
    [InlineData("es-ES", "12/2023")]
    [InlineData("de-DE", "01.03.2021")]
    [InlineData("en-IE", "40")]
    public async Task A_date_or_number_alone_is_no_lead_organisation(string locale, string typed)
    {
        var chat = await AtAsync(locale, Lead, ToTheLead(locale));

        await chat.SendAsync(typed);

        Assert.Null(await AnswerOfAsync(Lead));
        Assert.Equal(Lead, chat.AskedQuestion);
    }
}
