using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 52 (chat52): what the lead's plays of session 51 met. An answer typed past "«seit 2022» sounds like the start: put
/// it there?" at the partners' offer took it as yes and passed the offered partners over; a title with a dash and a subtitle
/// typed at the name was kept as the name with a remark; partners named at the lead organisation's type were lost, and those
/// offered kept their articles ("Caritas und dem ISOP"); "η περιφερεια μαζι με …" at the lead; a yearly amount at the budget
/// with the start and the end known was only flagged.
/// </summary>
public sealed class Chat52RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private const string Lead = "lead_organisation";

    // 1. A reply typed past an offer where the question typed at has an offer of its own waiting: not taken as yes.

    [Theory]
    [InlineData("de-AT", "wir machen das gemeinsam mit der Caritas und dem ISOP", "seit 2022", "läuft noch", "Caritas, ISOP")]
    [InlineData("en-IE", "Cope Galway with support from the HSE and the ETB", "since 2022", "still running", "HSE, ETB")]
    [InlineData("fr-FR", "CRIPEL avec le soutien de la ville et du CPAS", "depuis 2022", "toujours en cours", "ville, CPAS")]
    public async Task A_reply_past_an_offer_at_the_partners_offer_takes_no_offer_and_loses_none(string locale, string lead, string start, string end, string partners)
    {
        var chat = await AtAsync(locale, Lead, Chat51RunTests.ToTheLead(locale));
        await chat.SendAsync(lead);
        foreach (var answer in new[] { "2", "1", "-" })
        {
            await chat.SendAsync(answer);
        }
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        await chat.SendAsync(start);
        Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(end);

        // The start offered was not taken as yes, and the partners are not passed over.
        var shown = string.Join(" | ", chat.Shown);
        Assert.Null(await AnswerOfAsync("start_date"));
        Assert.DoesNotContain("partners", chat.Progress.Skipped);
        // Each offer then made at its question: yes to all of them loses nothing.
        for (var turns = 0; turns < 6 && chat.Progress.Pending is not null; turns++)
        {
            shown += " || " + string.Join(" | ", chat.Shown);
            await chat.SendAsync(Chat51RunTests.Yes(locale));
        }
        shown += " || " + string.Join(" | ", chat.Shown);
        Assert.True(partners == (await AnswerOfAsync("partners"))?.ValueJson?.Unquoted(), shown);
        Assert.True("\"2022\"" == (await AnswerOfAsync("start_date"))?.ValueJson, shown);
        Assert.True("\"ongoing\"" == (await AnswerOfAsync("end_date"))?.ValueJson, shown);
    }

    // 2. A title with a dash and its subtitle typed at the name: no name with a remark.

    [Theory]
    [InlineData("de-AT", "Sprachcafe Graz - Deutsch lernen im Grätzl")]
    [InlineData("en-IE", "Welcome Tables Galway - meals for newcomers")]
    [InlineData("it-IT", "Sportello Amico - orientamento per migranti")]
    [InlineData("sv-SE", "Språkvän Umeå – svenska för nyanlända")]
    public async Task A_title_with_a_subtitle_typed_at_the_name_is_refused_and_kept_whole(string locale, string title)
    {
        var chat = await AtAsync(locale, "contact_name");

        await chat.SendAsync(title);

        Assert.Equal("contact_name", chat.AskedQuestion);
        Assert.Null(await AnswerOfAsync("contact_name"));
        Assert.Contains(chat.Shown, text => text.Contains(title, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pt", "Welcome Desk – primeira acolhida")]
    [InlineData("el", "Καφέ γλώσσας - Μαθαίνω ελληνικά")]
    [InlineData("de", "Sprachcafe Graz - Deutsch lernen")]
    public void A_name_with_a_dash_and_a_subtitle_is_not_split_into_a_name_and_a_remark(string language, string typed)
    {
        var read = TestCore.Normalise("contact_name", typed, language);

        Assert.True(read.Ok, read.Error);
        Assert.Equal(typed, read.Value());
        Assert.Empty(read.Flags);
    }

    [Theory]
    [InlineData("de", "Jürgen Weber - Referent für Integration", "Jürgen Weber")]
    [InlineData("fr", "Hélène Dubois - cheffe de service", "Hélène Dubois")]
    [InlineData("en", "Mary Byrne - project coordinator", "Mary Byrne")]
    public void A_post_after_a_dash_is_still_the_names_remark(string language, string typed, string name)
    {
        var read = TestCore.Normalise("contact_name", typed, language);

        Assert.True(read.Ok, read.Error);
        Assert.Equal(name, read.Value());
    }

    // 3. Partners named at the lead organisation's type: offered at the partners, as a list.

    [Fact]
    public async Task The_partners_named_at_the_lead_organisations_type_are_offered_at_the_partners_as_a_list()
    {
        var chat = await AtAsync("de-AT", "lead_organisation_type", [.. Chat51RunTests.ToTheLead("de-AT"), "Stadt Graz"]);

        await chat.SendAsync("wir machen das gemeinsam mit der Caritas und dem ISOP, die Stadt zahlt");
        if (chat.Progress.Pending is CandidateConfirmation)
        {
            await chat.SendAsync("2");
        }
        Assert.Equal("regional_authority_role", chat.AskedQuestion);
        foreach (var answer in new[] { "1", "-" })
        {
            await chat.SendAsync(answer);
        }

        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("partners", offer.QuestionId);
        Assert.Equal("Caritas, ISOP", offer.Candidates.Single().Answer);
        await chat.SendAsync("ja");
        Assert.Equal("Caritas, ISOP", (await AnswerOfAsync("partners"))?.ValueJson?.Unquoted());
    }

    [Theory]
    [InlineData("de", "Caritas und dem ISOP, die Stadt zahlt", "Caritas, ISOP")]
    [InlineData("fr", "la mission locale et le CCAS, la région finance", "mission locale, CCAS")]
    [InlineData("it", "la Caritas e il CPIA", "Caritas, CPIA")]
    [InlineData("es", "la Cruz Roja y el ayuntamiento", "Cruz Roja, ayuntamiento")]
    [InlineData("pt", "a cruz vermelha e o ACM", "cruz vermelha, ACM")]
    [InlineData("el", "την Caritas και τον δήμο", "Caritas, δήμο")]
    [InlineData("sv", "Röda korset och kommunen", "Röda korset, kommunen")]
    [InlineData("en", "the HSE, the ETB and Cope Galway", "HSE, ETB, Cope Galway")]
    public void A_list_of_partners_drops_the_articles_and_joiners(string language, string partners, string list) =>
        Assert.Equal(list, TestCore.Normaliser.PartnersList(partners, language));

    // 4. The region with its partners at the lead organisation, where the contributor works for the region: theirs.

    [Theory]
    [InlineData("el-GR", "Περιφέρεια Βορείου Αιγαίου", "βόρειο αιγαίο", "η περιφερεια μαζι με την ΜΚΟ Αλληλεγγύη")]
    [InlineData("el-GR", "Περιφέρεια Κρήτης", "κρήτη", "η περιφέρεια σε συνεργασία με τον δήμο Ηρακλείου")]
    [InlineData("fr-FR", "Région Occitanie", "occitanie", "la région en partenariat avec la mission locale")]
    [InlineData("it-IT", "Regione Emilia-Romagna", "emilia romagna", "la regione in collaborazione con i comuni")]
    [InlineData("es-ES", "Junta de Andalucía", "andalucia", "la junta en colaboración con Cruz Roja")]
    [InlineData("es-ES", "Comunidad de Madrid", "madrid", "la comunidad junto con Cáritas")]
    [InlineData("pt-PT", "CCDR Norte", "norte", "a região em parceria com a cruz vermelha")]
    [InlineData("sv-SE", "Region Skåne", "skåne", "regionen i samarbete med Röda korset")]
    [InlineData("en-IE", "Southern Regional Assembly", "southern", "the region together with the ETB")]
    public async Task The_region_with_its_partners_at_the_lead_is_the_contributors_regional_authority(string locale, string organisation, string region, string typed)
    {
        var toTheLead = Chat51RunTests.ToTheLead(locale);
        var country = locale[..2] == "fr" ? "france" : toTheLead[5];
        var chat = await AtAsync(locale, Lead, [toTheLead[0], organisation, toTheLead[2], toTheLead[3], toTheLead[4], country, region]);

        await chat.SendAsync(typed);

        Assert.Equal(organisation, (await AnswerOfAsync(Lead))?.ValueJson?.Unquoted());
        Assert.Equal(typed, (await AnswerOfAsync(Lead))!.Original);
    }

    // 5. A yearly amount at the budget where the start and the end are known: the total offered, the years said.

    [Theory]
    [InlineData("de-DE", "rund 45 Tsd pro Jahr", "135")]
    [InlineData("en-IE", "about 45k a year", "135")]
    [InlineData("fr-FR", "environ 45 000 € par an", "135")]
    [InlineData("it-IT", "circa 45 mila euro l'anno", "135")]
    public async Task A_yearly_amount_at_the_budget_with_the_period_known_offers_the_total(string locale, string typed, string thousands)
    {
        var chat = await AtAsync(locale, "budget_eur", ToTheBudget(locale));

        await chat.SendAsync(typed);

        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal(thousands + "000", offer.Candidates.Single().Answer);
        Assert.Contains(chat.Shown, line => line.Contains('3', StringComparison.Ordinal) && line.Contains(thousands, StringComparison.Ordinal));
        await chat.SendAsync(Chat51RunTests.Yes(locale));
        Assert.Equal(thousands + "000", (await AnswerOfAsync("budget_eur"))?.ValueJson);
    }

    /// <summary>The answers up to the budget, the practice run from March 2021 to December 2023.</summary>
    internal static string[] ToTheBudget(string locale)
    {
        var ends = new Dictionary<string, string[]>
        {
            ["de"] = ["März 2021", "Dezember 2023"], ["en"] = ["march 2021", "december 2023"],
            ["fr"] = ["mars 2021", "décembre 2023"], ["it"] = ["marzo 2021", "dicembre 2023"],
        }[locale[..2]];
        return [.. Chat49RunTests.ToStart(locale[..2] == "de" ? "de-DE" : locale), .. ends, .. Chat49RunTests.StartToResults(locale)[2..], "40", Sources(locale)];
    }

    private static string Sources(string locale) => locale[..2] switch
    {
        "de" => "Landesförderung", "fr" => "budget régional", "it" => "fondi regionali", _ => "regional budget",
    };
}
