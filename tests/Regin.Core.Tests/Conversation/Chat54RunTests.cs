using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 54 (chat54): what the lead's plays of session 53 met and chat53 left. A bare first-person verb at the regional
/// authority's role ("lideramos", "coordiniamo") from a city's official was stored as the region's role; a relative clause
/// after a partner's name ("la universidad de murcia que evalua el programa") was offered as part of the partner; de
/// "läuft noch, vorerst bis Ende 2026" stored the end of 2026; "young people who are not in school or work" kept "work" under
/// Other.
/// </summary>
public sealed class Chat54RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private const string Role = "regional_authority_role";

    private static string Skip(string locale) => locale[..2] switch
    {
        "pt" or "es" => "saltar", "fr" => "passer", "de" => "überspringen", "it" => "salta", "el" => "παράλειψη", "sv" => "hoppa över", _ => "skip",
    };

    /// <summary>A chat of the contributor working at <paramref name="organisation"/> walked to <paramref name="question"/>:
    /// the lead is their organisation, a local authority, directly leading, started in 2022, ended in 2025, every other question
    /// passed over; an offer on the way taken.</summary>
    private async Task<EngineChat> WalkedToAsync(string locale, string question, string? organisation = null)
    {
        organisation ??= Chat51RunTests.ToTheLead(locale)[1];
        var chat = await AtAsync(locale, "lead_organisation", Chat53RunTests.ToTheLeadAt(locale, organisation));
        for (var turns = 0; turns < 20 && (chat.AskedQuestion != question || chat.Progress.Pending is not null); turns++)
        {
            await chat.SendAsync(chat.Progress.Pending is CandidateConfirmation ? Chat51RunTests.Yes(locale) : chat.AskedQuestion switch
            {
                "lead_organisation" => organisation,
                "lead_organisation_type" => "2",
                Role => "1",
                "start_date" => "2022",
                "end_date" => "2025",
                "integration_areas" => "1",
                _ => Skip(locale),
            });
        }
        Assert.Equal(question, chat.AskedQuestion);
        return chat;
    }

    // 1. A bare first-person verb at the regional authority's role from a contributor who does not work for the region.

    [Theory]
    [InlineData("es-ES", "Ayuntamiento de Murcia", "lideramos")]
    [InlineData("es-ES", "Ayuntamiento de Murcia", "coordinamos y financiamos")]
    [InlineData("pt-PT", "Câmara Municipal do Porto", "coordenamos")]
    [InlineData("it-IT", "Comune di Palermo", "coordiniamo noi il progetto")]
    [InlineData("it-IT", "Comune di Palermo", "coordiniamo")]
    [InlineData("el-GR", "Δήμος Μυτιλήνης", "συντονιζουμε")]
    [InlineData("fr-FR", "Ville de Liège", "nous coordonnons")]
    [InlineData("de-AT", "Stadt Graz", "wir koordinieren")]
    [InlineData("sv-SE", "Umeå kommun", "vi leder")]
    public async Task A_first_person_verb_at_the_regions_role_from_another_organisation_is_asked_again(string locale, string organisation, string typed)
    {
        var chat = await WalkedToAsync(locale, Role, organisation);

        await chat.SendAsync(typed);

        var said = string.Join(" | ", chat.Shown);
        Assert.True(await AnswerOfAsync(Role) is null, said);
        Assert.Equal(Role, chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
        await chat.SendAsync("4");
        Assert.Equal("[\"indirect_funding\"]", (await AnswerOfAsync(Role))?.ValueJson);
    }

    [Theory]
    [InlineData("pt-PT", "Região Norte", "lideramos", "direct_leader")]
    [InlineData("pt-PT", "CCDR Norte", "coordenamos", "direct_coordinator")]
    [InlineData("es-ES", "Comunidad Autónoma de la Región de Murcia", "lideramos", "direct_leader")]
    [InlineData("de-DE", "Land Hessen", "wir koordinieren", "direct_coordinator")]
    public async Task A_first_person_verb_at_the_regions_role_from_the_region_is_that_role(string locale, string organisation, string typed, string role)
    {
        var chat = await WalkedToAsync(locale, Role, organisation);

        await chat.SendAsync(typed);

        Assert.Equal($"[\"{role}\"]", (await AnswerOfAsync(Role))?.ValueJson);
    }

    [Theory]
    [InlineData("es", "la junta lo financia y nosotros lo coordinamos", "Ayuntamiento de Murcia")]
    [InlineData("it", "la regione finanzia, coordiniamo noi", "Comune di Palermo")]
    // A word with a "we" verb's ending inside a sentence about the region (lead, session 54): "últimos", "dijimos", "préstamos".
    [InlineData("pt", "financia parte, nos ultimos anos", "Câmara Municipal do Porto")]
    [InlineData("es", "financia una parte, como ya dijimos", "Ayuntamiento de Murcia")]
    [InlineData("es", "financia con prestamos", "Ayuntamiento de Murcia")]
    public void Words_naming_the_region_beside_a_first_person_verb_are_read_as_before(string language, string typed, string organisation)
    {
        var read = TestCore.Normalise(Role, typed, language, new Regin.Core.Normalisation.NormalisationContext { ContactOrganisation = organisation });

        Assert.True(read.Ok, read.Error);
    }

    // 2. A relative clause after a partner's name describes it: the partner offered is the name.

    [Theory]
    [InlineData("es-ES", "Ayuntamiento de Murcia", "el ayuntamiento con la universidad de murcia que evalua el programa", "universidad de murcia")]
    [InlineData("es-ES", "Ayuntamiento de Murcia", "el ayuntamiento con cruz roja, que hace la acogida, y accem", "cruz roja, accem")]
    [InlineData("fr-FR", "Ville de Liège", "la mairie avec l'universite de liege qui evalue le projet", "universite de liege")]
    [InlineData("it-IT", "Comune di Palermo", "il comune con l'universita di palermo che valuta il progetto", "universita di palermo")]
    [InlineData("en-IE", "Galway County Council", "the council, with the university of galway, which evaluates it", "university of galway")]
    [InlineData("pt-PT", "Câmara Municipal do Porto", "a camara com a universidade do porto que faz a avaliacao", "universidade do porto")]
    public async Task A_relative_clause_after_a_partners_name_is_left_out_of_the_partner_offered(string locale, string organisation, string typed, string partners)
    {
        var chat = await AtAsync(locale, "lead_organisation", Chat53RunTests.ToTheLeadAt(locale, organisation));
        await chat.SendAsync(typed);
        Assert.Equal(typed, (await AnswerOfAsync("lead_organisation"))!.Original);
        var shown = string.Join(" | ", chat.Shown);
        for (var turns = 0; turns < 6 && chat.AskedQuestion != "partners"; turns++)
        {
            await chat.SendAsync(chat.Progress.Pending is CandidateConfirmation ? Chat51RunTests.Yes(locale)
                : chat.AskedQuestion == "lead_organisation_type" ? "2" : chat.AskedQuestion == Role ? "1" : Skip(locale));
            shown += " || " + string.Join(" | ", chat.Shown);
        }

        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("partners", offer.QuestionId);
        Assert.True(partners == offer.Candidates.Single().Answer, shown);
    }

    [Theory]
    [InlineData("es", "universidad de murcia que evalua el programa", "universidad de murcia")]
    [InlineData("en", "Cope Galway, which runs the classes, and the HSE", "Cope Galway, HSE")]
    [InlineData("de", "Caritas und die Diakonie", "Caritas, Diakonie")]
    [InlineData("en", "Migrants Who Care and the HSE", "Migrants Who Care, HSE")]
    public void The_partners_list_leaves_out_a_relative_clause_and_keeps_names(string language, string typed, string list)
    {
        Assert.Equal(list, TestCore.Normaliser.PartnersList(typed, language));
    }

    // 3. A local authority's short form beside the name is offered written out.

    [Theory]
    [InlineData("es-ES", "lucia gomez, ayto de murcia", "Ayuntamiento de Murcia")]
    [InlineData("es-ES", "lucia gomez, Ayto. Murcia", "Ayuntamiento de Murcia")]
    [InlineData("pt-PT", "ana costa, CM do Porto", "Câmara Municipal do Porto")]
    [InlineData("pt-PT", "ana costa, cm de lisboa", "Câmara Municipal de Lisboa")]
    [InlineData("pt-PT", "ana costa, CM Evora", "CM Evora")]
    public async Task A_local_authoritys_short_form_is_offered_written_out(string locale, string name, string offered)
    {
        var chat = await AtAsync(locale, "contact_organisation", name);
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal(offered, offer.Candidates.Single().Answer);

        await chat.SendAsync(Chat51RunTests.Yes(locale));

        Assert.Equal(offered, (await AnswerOfAsync("contact_organisation"))?.ValueJson?.Unquoted());
    }

    [Theory]
    [InlineData("de", "LK Harburg", "Landkreis Harburg")]
    [InlineData("it", "com. di palermo", "Comune di Palermo")]
    [InlineData("pt", "c.m. do porto", "Câmara Municipal do Porto")]
    [InlineData("es", "Aytº de Murcia, servicios sociales", "Ayuntamiento de Murcia, servicios sociales")]
    [InlineData("es", "Cruz Roja", "Cruz Roja")]
    public void A_short_form_opening_an_organisation_is_written_out(string language, string typed, string writtenOut)
    {
        Assert.Equal(writtenOut, TestCore.Normaliser.OrganisationWrittenOut(typed, language));
    }

    // 4. "For now until" a date at the end date: still running, the planned end a remark.

    [Theory]
    [InlineData("de-DE", "läuft noch, vorerst bis Ende 2026")]
    [InlineData("de-AT", "laeuft noch vorerst bis ende 2026")]
    [InlineData("es-ES", "sigue en marcha, por ahora hasta finales de 2026")]
    [InlineData("pt-PT", "ainda esta a decorrer, por agora ate ao fim de 2026")]
    [InlineData("fr-FR", "toujours en cours, pour l'instant jusqu'a fin 2026")]
    [InlineData("it-IT", "ancora in corso, per ora fino a fine 2026")]
    [InlineData("en-IE", "still running, for now until end of 2026")]
    [InlineData("el-GR", "συνεχιζεται, προς το παρον μεχρι τελος 2026")]
    public async Task Ongoing_for_now_until_a_date_is_ongoing_with_the_date_kept_as_a_remark(string locale, string typed)
    {
        var chat = await WalkedToAsync(locale, "end_date");

        await chat.SendAsync(typed);

        var end = await AnswerOfAsync("end_date");
        Assert.True("\"ongoing\"" == end?.ValueJson, string.Join(" | ", chat.Shown));
        Assert.Equal(typed, end!.Original);
        Assert.Contains((await Host.PracticeOfAsync("sms", "user-1"))!.Flags, flag => flag.QuestionId == "end_date" && flag.Reason == "answer_remark");
    }

    [Theory]
    [InlineData("de", "läuft noch bis Ende 2026", "2026")]
    [InlineData("en", "ongoing until 2027", "2027")]
    public void Ongoing_until_a_date_with_no_for_now_is_that_end_as_before(string language, string typed, string end)
    {
        var read = TestCore.Normalise("end_date", typed, language);

        Assert.Equal($"\"{end}\"", read.Value?.ToJsonString());
    }

    // 5. A relative clause's own "or" list at the target groups belongs to the clause.

    [Theory]
    [InlineData("en-IE", "young people who are not in school or work", "[\"children_youth\"]")]
    [InlineData("es-ES", "jovenes que no estudian ni trabajan", "[\"children_youth\"]")]
    [InlineData("es-ES", "jovenes que no estudian o trabajan", "[\"children_youth\"]")]
    [InlineData("pt-PT", "jovens que nao estudam nem trabalham", "[\"children_youth\"]")]
    [InlineData("it-IT", "giovani che non studiano ne lavorano", "[\"children_youth\"]")]
    [InlineData("fr-FR", "jeunes qui ne sont ni en emploi ni en formation", "[\"children_youth\"]")]
    [InlineData("en-IE", "women who don't speak english and children", "[\"women\",\"children_youth\"]")]
    public async Task A_relative_clauses_own_list_at_the_target_groups_belongs_to_the_clause(string locale, string typed, string groups)
    {
        var chat = await WalkedToAsync(locale, "target_groups");

        await chat.SendAsync(typed);

        var said = string.Join(" | ", chat.Shown);
        Assert.True(chat.Progress.Pending is null, said);
        var stored = await AnswerOfAsync("target_groups");
        Assert.True(groups == stored?.ValueJson, said);
        Assert.Null(stored!.OtherText);
    }
}
