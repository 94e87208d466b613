using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 53 (chat53): what the lead's plays of session 52 met and chat52 left. "lideramos nós" typed at the regional
/// authority's role by a municipality's official was stored as the region leading; "a camara, com a JRS e o ACM" at the lead
/// organisation was stored whole; "wir …" at the organisation's type asked NGO or local authority; a no to the yearly budget's
/// total asked the budget again; a no to words kept under Other asked again with no word said.
/// </summary>
public sealed class Chat53RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private const string Lead = "lead_organisation";
    private const string Role = "regional_authority_role";

    /// <summary>The answers up to the lead organisation, the contributor working at <paramref name="organisation"/>.</summary>
    internal static string[] ToTheLeadAt(string locale, string organisation)
    {
        var toTheLead = Chat51RunTests.ToTheLead(locale);
        return [toTheLead[0], organisation, .. toTheLead[2..]];
    }

    private async Task<EngineChat> AtTheRoleAsync(string locale, string organisation)
    {
        var chat = await AtAsync(locale, Lead, ToTheLeadAt(locale, organisation));
        await chat.SendAsync(organisation);
        if (chat.AskedQuestion == "lead_organisation_type")
        {
            await chat.SendAsync(chat.Progress.Pending is CandidateConfirmation ? Chat51RunTests.Yes(locale) : "2");
        }
        Assert.Equal(Role, chat.AskedQuestion);
        return chat;
    }

    // 1. "We lead it" at the regional authority's role from a contributor who does not work for the region: about them.

    [Theory]
    [InlineData("pt-PT", "Câmara Municipal do Porto", "lideramos nós")]
    [InlineData("pt-PT", "Câmara Municipal do Porto", "lideramos nos")]
    [InlineData("fr-FR", "Ville de Liège", "c'est nous qui pilotons")]
    [InlineData("de-AT", "Stadt Graz", "wir leiten das")]
    [InlineData("it-IT", "Comune di Palermo", "lo guidiamo noi")]
    [InlineData("en-IE", "Galway County Council", "we lead it")]
    public async Task A_we_at_the_regions_role_from_another_organisation_is_asked_again(string locale, string organisation, string typed)
    {
        var chat = await AtTheRoleAsync(locale, organisation);

        await chat.SendAsync(typed);

        var shownFirst = string.Join(" | ", chat.Shown);
        Assert.True(await AnswerOfAsync(Role) is null, shownFirst);
        Assert.Equal(Role, chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
        var said = string.Join(" | ", chat.Shown);
        Assert.True(chat.Shown.Count >= 2, said);
        // Then the region's role, said of the region, is taken.
        await chat.SendAsync("1");
        Assert.Equal("[\"direct_leader\"]", (await AnswerOfAsync(Role))?.ValueJson);
    }

    [Theory]
    [InlineData("de-DE", "Land Hessen", "wir leiten das")]
    [InlineData("pt-PT", "CCDR Norte", "lideramos nós")]
    [InlineData("de-AT", "Stadt Wien MA 17", "wir leiten das")]
    public async Task A_we_at_the_regions_role_from_the_region_is_the_lead(string locale, string organisation, string typed)
    {
        var chat = await AtTheRoleAsync(locale, organisation);

        await chat.SendAsync(typed);

        Assert.Equal("[\"direct_leader\"]", (await AnswerOfAsync(Role))?.ValueJson);
    }

    // 2. "a camara, com a JRS e o ACM" at the lead organisation: the contributor's own, the partners offered as a list.

    [Theory]
    [InlineData("pt-PT", "Câmara Municipal do Porto", "a camara, com a JRS e o ACM", "JRS, ACM")]
    [InlineData("pt-PT", "CM Evora", "a camara com a cruz vermelha", "cruz vermelha")]
    [InlineData("fr-FR", "Ville de Liège", "la mairie avec le CPAS et la croix rouge", "CPAS, croix rouge")]
    [InlineData("de-AT", "Magistrat Graz", "die stadt, mit der caritas und dem ISOP", "caritas, ISOP")]
    [InlineData("it-IT", "Comune di Palermo", "il comune con la caritas e il CPIA", "caritas, CPIA")]
    [InlineData("es-ES", "Ayuntamiento de Murcia", "el ayuntamiento con cruz roja y accem", "cruz roja, accem")]
    public async Task The_municipality_said_short_with_partners_is_the_contributors_and_the_partners_are_offered(string locale, string organisation, string typed, string partners)
    {
        var chat = await AtAsync(locale, Lead, ToTheLeadAt(locale, organisation));

        await chat.SendAsync(typed);

        Assert.Equal(organisation, (await AnswerOfAsync(Lead))?.ValueJson?.Unquoted());
        Assert.Equal(typed, (await AnswerOfAsync(Lead))!.Original);
        var shown = string.Join(" | ", chat.Shown);
        for (var turns = 0; turns < 6 && chat.AskedQuestion != "partners"; turns++)
        {
            await chat.SendAsync(chat.Progress.Pending is CandidateConfirmation ? Chat51RunTests.Yes(locale)
                : chat.AskedQuestion == "lead_organisation_type" ? "2" : chat.AskedQuestion == Role ? "1" : "-");
            shown += " || " + string.Join(" | ", chat.Shown);
        }
        Assert.True(chat.Progress.Pending is CandidateConfirmation, shown);
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("partners", offer.QuestionId);
        Assert.Equal(partners, offer.Candidates.Single().Answer);
    }

    [Theory]
    [InlineData("pt", "a camara", "Fundação Oriente")]
    [InlineData("fr", "la mairie", "Association Accueil Liège")]
    public void The_municipality_said_short_is_not_an_organisation_that_is_no_municipality(string language, string typed, string organisation)
    {
        var read = TestCore.Normalise(Lead, typed, language, new Regin.Core.Normalisation.NormalisationContext { ContactOrganisation = organisation });

        Assert.Equal(typed, read.Value());
    }

    // 3. "wir …" at the organisation's type: the kind it says, else the contributor's organisation's known kind.

    [Theory]
    [InlineData("de-AT", "Stadt Graz", "wir machen das gemeinsam mit der Caritas und dem ISOP, die Stadt zahlt", "local_authority")]
    [InlineData("it-IT", "Comune di Palermo", "noi, insieme alla caritas", "local_authority")]
    [InlineData("en-IE", "Galway County Council", "we run it with the HSE", "local_authority")]
    [InlineData("fr-FR", "CRIPEL", "nous sommes une association", "ngo")]
    [InlineData("de-AT", "Willkommen Graz", "wir sind ein verein, die stadt zahlt", "ngo")]
    [InlineData("es-ES", "Acogida Murcia", "somos una asociacion", "ngo")]
    public async Task A_we_at_the_organisations_type_reads_the_kind(string locale, string lead, string typed, string kind)
    {
        var chat = await AtAsync(locale, "lead_organisation_type", [.. ToTheLeadAt(locale, lead), lead]);

        await chat.SendAsync(typed);
        if (chat.Progress.Pending is CandidateConfirmation offer && offer.QuestionId == "lead_organisation_type" && offer.Candidates.Count == 1)
        {
            await chat.SendAsync(Chat51RunTests.Yes(locale));
        }

        Assert.Equal($"\"{kind}\"", (await AnswerOfAsync("lead_organisation_type"))?.ValueJson);
        Assert.Equal(Role, chat.AskedQuestion);
    }

    // 4. A no to the total of a yearly amount: the yearly reading kept, flagged.

    [Theory]
    [InlineData("de-DE", "rund 45 Tsd pro Jahr", "nein")]
    [InlineData("en-IE", "about 45k a year", "no")]
    [InlineData("fr-FR", "environ 45 000 € par an", "non")]
    [InlineData("it-IT", "circa 45 mila euro l'anno", "no")]
    public async Task A_no_to_the_total_of_a_yearly_amount_keeps_it_as_typed_and_flagged(string locale, string typed, string no)
    {
        var chat = await AtAsync(locale, "budget_eur", Chat52RunTests.ToTheBudget(locale));
        await chat.SendAsync(typed);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(no);

        var budget = await AnswerOfAsync("budget_eur");
        Assert.NotNull(budget);
        Assert.Equal(typed, budget.Original);
        Assert.Contains((await Host.PracticeOfAsync("sms", "user-1"))!.Flags, flag => flag.QuestionId == "budget_eur" && flag.Reason == "amount_per_year");
        Assert.Equal("innovative_elements", chat.AskedQuestion);
    }

    // 5. A no to words kept under Other: what the no did is said.

    [Theory]
    [InlineData("it-IT", "cambia 15", "salute e accesso ai servizi", "no", "accesso ai servizi", "[\"health\"]")]
    [InlineData("en-IE", "change 15", "language and help with paperwork", "no", "help with paperwork", "[\"language\"]")]
    [InlineData("de-DE", "ändern 15", "Sprache und Behördenbegleitung", "nein", "Behördenbegleitung", "[\"language\"]")]
    [InlineData("fr-FR", "modifier 15", "aide aux demarches", "non", "aide aux demarches", null)]
    [InlineData("el-GR", "αλλαγή 15", "γλωσσα και συνοδεια σε υπηρεσιες", "όχι", "συνοδεια σε υπηρεσιες", "[\"language\"]")]
    public async Task A_no_to_words_kept_under_other_says_they_were_dropped_and_asks_again(string locale, string change, string typed, string no, string other, string? kept)
    {
        var chat = await AtAsync(locale, "contact_name");
        await chat.SendAsync(change);
        Assert.Equal("integration_areas", chat.AskedQuestion);
        await chat.SendAsync(typed);
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(no);

        Assert.Equal("integration_areas", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
        var said = string.Join(" | ", chat.Shown);
        Assert.True(said.Contains(other, StringComparison.Ordinal), said);
        var stored = await AnswerOfAsync("integration_areas");
        Assert.Equal(kept, stored?.ValueJson);
        Assert.Null(stored?.OtherText);
    }
}
