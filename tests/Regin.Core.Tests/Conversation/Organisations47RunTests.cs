using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 47 (org47): who and where, typed the way hurried officials type them, left by session 46. Several answers in one
/// message at the name ("Anna Schulz, a.schulz@lk-harburg.de, 04171 693-0": the address and number were kept as the name's
/// remark, their questions asked blank); organisations in their local short forms ("LK Osnabrück", "Kreisverw. Harburg",
/// "Göteborgs stad", "Doras Luimní") not offered at the organisation; a list of partners ("Cork ETB, Nasc and the HSE",
/// "IEFP, ACM e a Santa Casa") kept where it was typed; the place in an organisation's name not offered at the region; a
/// start date in the partners' second sentence lost; "…, la regione finanzia" at the lead's kind stored as a regional
/// authority.
/// </summary>
public sealed class Organisations47RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    // A skip, a country and one of its regions, as each locale types them.
    private static readonly Dictionary<string, (string Skip, string Country, string Region)> Where = new()
    {
        ["en-IE"] = ("skip", "ireland", "Cork"),
        ["de-DE"] = ("überspringen", "deutschland", "Niedersachsen"),
        ["pt-PT"] = ("saltar", "portugal", "Norte"),
        ["es-ES"] = ("saltar", "españa", "Andalucía"),
        ["it-IT"] = ("salta", "italia", "Puglia"),
        ["el-GR"] = ("παράλειψη", "Ελλάδα", "Βόρειο Αιγαίο"),
        ["sv-SE"] = ("hoppa över", "sverige", "Västsverige"),
        ["fr-FR"] = ("passer", "France", "Occitanie"),
    };

    /// <summary>The answers up to the lead organisation (asked next), with <paramref name="organisation"/> as the contributor's.</summary>
    private static string[] ToLead(string locale, string organisation = "Welcome Network") =>
        ["Anna Berg", organisation, "anna@example.eu", Where[locale].Skip, "Welcome Tables", Where[locale].Country, Where[locale].Region];

    private static readonly Dictionary<string, string> Funding = new()
    {
        ["en-IE"] = "funding", ["de-DE"] = "Finanzierung", ["pt-PT"] = "financiamento", ["es-ES"] = "financiación", ["it-IT"] = "finanziamento",
        ["fr-FR"] = "financement",
    };

    private static CandidateConfirmation Offered(EngineChat chat, string question)
    {
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal(question, offer.QuestionId);
        return offer;
    }

    // 1. Several answers in one message at the name.

    [Theory]
    [InlineData("de-DE", "Anna Schulz, a.schulz@lk-harburg.de, 04171 693-0", "Anna Schulz", "Landkreis Harburg", "ja", "a.schulz@lk-harburg.de", "+4941716930")]
    [InlineData("es-ES", "soy Ana Ruiz, ana.ruiz@juntadeandalucia.es tel 955 00 00 00", "Ana Ruiz", "Junta de Andalucía", "sí", "ana.ruiz@juntadeandalucia.es", "+34955000000")]
    [InlineData("en-IE", "Niamh Walsh - niamh@galwayintegration.ie - 087 123 4567", "Niamh Walsh", "Galway Integration Network", "yes", "niamh@galwayintegration.ie", "+353871234567")]
    [InlineData("it-IT", "Giulia Rossi; g.rossi@comune.bari.it; cell. 333 123 4567", "Giulia Rossi", "Comune di Bari", "sì", "g.rossi@comune.bari.it", "+393331234567")]
    public async Task An_address_and_a_number_typed_with_the_name_are_offered_at_their_questions(string locale, string typed, string name,
        string organisation, string yes, string email, string phone)
    {
        var chat = await AtAsync(locale, "contact_organisation", typed);
        Assert.Equal(name, (await AnswerOfAsync("contact_name"))!.ValueJson!.Unquoted());

        await chat.SendAsync(organisation);
        Assert.Equal("contact_email", chat.AskedQuestion);
        Offered(chat, "contact_email");
        await chat.SendAsync(yes);
        Assert.Equal(email, (await AnswerOfAsync("contact_email"))!.ValueJson!.Unquoted());

        Assert.Equal("contact_phone", chat.AskedQuestion);
        Offered(chat, "contact_phone");
        await chat.SendAsync(yes);
        Assert.Equal(phone, (await AnswerOfAsync("contact_phone"))!.ValueJson!.Unquoted());
        Assert.Equal("title", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("pt-PT", "Maria Costa - CM de Braga - 253 203 150", "Maria Costa", "CM de Braga", "sim", "maria.costa@cm-braga.pt", "+351253203150", "Câmara Municipal de Braga")]
    [InlineData("de-DE", "Petra Schmidt, LK Osnabrück, 0541 501-0", "Petra Schmidt", "LK Osnabrück", "ja", "p.schmidt@lkos.de", "+495415010", "Landkreis Osnabrück")]
    [InlineData("fr-FR", "Claire Martin, Région Occitanie, 05 61 33 50 50", "Claire Martin", "Région Occitanie", "oui", "claire.martin@laregion.fr", "+33561335050")]
    public async Task The_organisation_and_the_number_typed_with_the_name_are_offered_not_kept_in_it(string locale, string typed, string name,
        string organisation, string yes, string email, string phone, string? writtenOut = null)
    {
        var chat = await AtAsync(locale, "contact_organisation", typed);
        Assert.Equal(name, (await AnswerOfAsync("contact_name"))!.ValueJson!.Unquoted());
        // The organisation alone, without the number after it (it was offered as "CM de Braga - 253 203 150"); a short form
        // opening it written out (session 54: "LK" is "Landkreis").
        Assert.Equal(writtenOut ?? organisation, Offered(chat, "contact_organisation").Candidates.Single().Answer);

        await chat.SendAsync(yes);
        Assert.Equal(organisation, (await AnswerOfAsync("contact_organisation"))!.Original); // as typed
        Assert.Equal("contact_email", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
        await chat.SendAsync(email);
        Offered(chat, "contact_phone");
        await chat.SendAsync(yes);
        Assert.Equal(phone, (await AnswerOfAsync("contact_phone"))!.ValueJson!.Unquoted());
    }

    [Fact]
    public async Task Another_answer_at_the_offered_address_replaces_it()
    {
        var chat = await AtAsync("de-DE", "contact_organisation", "Anna Schulz, a.schulz@lk-harburg.de, 04171 693-0");
        await chat.SendAsync("Landkreis Harburg");
        Offered(chat, "contact_email");

        await chat.SendAsync("anna.schulz@gmx.de");

        Assert.Equal("\"anna.schulz@gmx.de\"", (await AnswerOfAsync("contact_email"))!.ValueJson);
    }

    // 2. Organisations in their local short forms, typed with the name.

    [Theory]
    [InlineData("de-DE", "petra schmidt, LK Osnabrück", "Petra Schmidt", "LK Osnabrück", "Landkreis Osnabrück")]
    [InlineData("de-DE", "Petra Schmidt, Kreisverw. Harburg", "Petra Schmidt", "Kreisverw. Harburg")]
    [InlineData("pt-PT", "ana costa, tecnica de servico social da CM de Braga", "Ana Costa", "CM de Braga", "Câmara Municipal de Braga")]
    [InlineData("pt-PT", "Maria Costa, Câmara Municipal do Porto", "Maria Costa", "Câmara Municipal do Porto")]
    [InlineData("es-ES", "Ana Ruiz, Ayto. de Málaga", "Ana Ruiz", "Ayto. de Málaga", "Ayuntamiento de Málaga")]
    [InlineData("it-IT", "Giulia Rossi, Comune di Bari", "Giulia Rossi", "Comune di Bari")]
    [InlineData("el-GR", "Μαρία Παπαδάκη, Δήμος Λέσβου", "Μαρία Παπαδάκη", "Δήμος Λέσβου")]
    [InlineData("sv-SE", "Karin Lindqvist, Göteborgs stad", "Karin Lindqvist", "Göteborgs stad")]
    [InlineData("en-IE", "Mary Byrne, Doras Luimní", "Mary Byrne", "Doras Luimní")]
    public async Task A_local_short_form_after_the_name_is_offered_as_the_organisation(string locale, string typed, string name, string organisation,
        string? writtenOut = null)
    {
        var chat = await AtAsync(locale, "contact_organisation", typed);

        var stored = (await AnswerOfAsync("contact_name"))!;
        Assert.Equal(name, stored.ValueJson!.Unquoted());
        // "Göteborgs stad" is no remark beside the name ("stad" in lower case read as a post).
        Assert.DoesNotContain((await Host.PracticeOfAsync("sms", "user-1"))!.Flags, flag => flag.QuestionId == "contact_name" && flag.Detail == organisation);
        Assert.Equal(writtenOut ?? organisation, Offered(chat, "contact_organisation").Candidates.Single().Answer);
    }

    [Theory]
    [InlineData("es-ES", "Ruiz García, Ana María")]
    [InlineData("en-IE", "Byrne, Mary")]
    [InlineData("de-DE", "Schulz, Anna-Lena")]
    public async Task A_given_name_after_the_comma_is_a_name_written_surname_first(string locale, string typed)
    {
        var chat = await AtAsync(locale, "contact_organisation", typed);

        Assert.Equal(typed, (await AnswerOfAsync("contact_name"))!.ValueJson!.Unquoted());
        Assert.Null(chat.Progress.Pending);
    }

    [Theory]
    [InlineData("de-DE", "LK Osnabrück", "local_authority")]
    [InlineData("de-DE", "Kreisverw. Harburg", "local_authority")]
    [InlineData("pt-PT", "CM de Braga", "local_authority")]
    [InlineData("es-ES", "Ayto. de Málaga", "local_authority")]
    [InlineData("it-IT", "Comune di Bari", "local_authority")]
    [InlineData("el-GR", "Δήμος Λέσβου", "local_authority")]
    [InlineData("sv-SE", "Göteborgs stad", "local_authority")]
    [InlineData("fr-FR", "Région Occitanie", "regional_authority")]
    [InlineData("en-IE", "Doras Luimní", "ngo")]
    public async Task The_kind_is_read_from_the_short_form(string locale, string organisation, string kind)
    {
        var chat = await AtAsync(locale, "lead_organisation_type", [.. ToLead(locale, organisation), organisation]);
        Assert.Null(chat.Progress.Pending);

        await chat.SendAsync(organisation);

        Assert.Equal($"\"{kind}\"", (await AnswerOfAsync("lead_organisation_type"))!.ValueJson);
    }

    // 3. A list of partners typed elsewhere.

    [Theory]
    [InlineData("en-IE", "Cork ETB, Nasc and the HSE", "yes")]
    [InlineData("pt-PT", "IEFP, ACM e a Santa Casa", "sim")]
    [InlineData("it-IT", "Caritas, la ASL e il Comune", "sì")]
    public async Task A_list_of_partners_at_the_regional_authoritys_contribution_is_offered_at_the_partners(string locale, string partners, string yes)
    {
        var chat = await AtAsync(locale, "regional_authority_role_details", [.. ToLead(locale), "Welcome Network", "ngo", Funding[locale]]);

        await chat.SendAsync(partners);
        var offer = Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal("partners", offer.NextQuestionId);
        await chat.SendAsync(yes);

        Assert.Equal(partners, (await AnswerOfAsync("partners"))!.Original);
        Assert.Null(await AnswerOfAsync("regional_authority_role_details"));
    }

    [Theory]
    [InlineData("pt-PT", "portugal", "IEFP, ACM e a Santa Casa", "sim")]
    [InlineData("en-IE", "ireland", "Cork ETB, Nasc and the HSE", "yes")]
    [InlineData("it-IT", "italia", "Caritas, la ASL e il Comune", "sì")]
    public async Task A_list_of_partners_at_the_region_is_offered_at_the_partners_not_kept_as_a_region(string locale, string country, string partners, string yes)
    {
        var chat = await AtAsync(locale, "region", [.. ToLead(locale)[..5], country]);

        await chat.SendAsync(partners);
        var offer = Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal("partners", offer.NextQuestionId);
        await chat.SendAsync(yes);

        Assert.Equal(partners, (await AnswerOfAsync("partners"))!.Original);
        Assert.Null(await AnswerOfAsync("region"));
    }

    // 4. The place in an organisation's name, offered at the region.

    [Theory]
    [InlineData("de-DE", "Stadt Osnabrück", "deutschland", "ja", "DE94")]
    [InlineData("it-IT", "Cooperativa Al Azis di Palermo", "italia", "sì", "ITG1")]
    [InlineData("es-ES", "Ayuntamiento de Zaragoza", "españa", "sí", "ES24")]
    [InlineData("sv-SE", "Göteborgs stad", "sverige", "ja", "SE23")]
    public async Task The_place_in_the_organisation_is_offered_at_the_region(string locale, string organisation, string country, string yes, string nuts)
    {
        var chat = await AtAsync(locale, "region", [.. ToLead(locale, organisation)[..5], country]);
        Offered(chat, "region");

        await chat.SendAsync(yes);

        Assert.Equal($"\"{nuts}\"", (await AnswerOfAsync("region"))!.ValueJson);
        Assert.Equal("lead_organisation", chat.AskedQuestion);
    }

    [Fact]
    public async Task Another_region_typed_at_the_offer_replaces_it()
    {
        var chat = await AtAsync("de-DE", "region", "Anna Berg", "Stadt Osnabrück", "anna@example.eu", "überspringen", "Sprachcafé", "deutschland");

        await chat.SendAsync("Niedersachsen");

        Assert.Equal("\"DE9\"", (await AnswerOfAsync("region"))!.ValueJson);
    }

    // 5. A start date in the partners' second sentence.

    [Theory]
    [InlineData("de-DE", "Caritas und die VHS. Wir haben im März 2022 angefangen.", "ja", "2022-03")]
    [InlineData("en-IE", "Galway County Council and the Volunteer Centre. We started in March 2022 and it's ongoing", "yes", "2022-03")]
    [InlineData("es-ES", "Cáritas y Cruz Roja; empezamos en enero de 2021", "sí", "2021-01")]
    public async Task A_start_date_in_the_partners_sentences_is_offered_at_the_start_date(string locale, string partners, string yes, string start)
    {
        var chat = await AtAsync(locale, "partners", [.. ToLead(locale), "Welcome Network", "ngo", Funding[locale], Where[locale].Skip]);

        await chat.SendAsync(partners);
        Assert.Equal(partners, (await AnswerOfAsync("partners"))!.Original);
        Offered(chat, "start_date");
        await chat.SendAsync(yes);

        Assert.Equal($"\"{start}\"", (await AnswerOfAsync("start_date"))!.ValueJson);
    }

    // 6. The region named as the funder at the lead's kind.

    [Theory]
    [InlineData("it-IT", "ci occupiamo noi di tutto, la regione finanzia", "ong", "sì")]
    [InlineData("de-DE", "wir machen alles selbst, das Land finanziert", "Verein", "ja")]
    [InlineData("es-ES", "nos encargamos de todo nosotros, la Junta financia", "ONG", "sí")]
    [InlineData("fr-FR", "on gère tout nous-mêmes, la région finance", "association", "oui")]
    public async Task The_region_as_the_funder_at_the_leads_kind_is_its_role_not_the_kind(string locale, string typed, string kind, string yes)
    {
        var chat = await AtAsync(locale, "lead_organisation_type", [.. ToLead(locale), "Welcome Network"]);

        await chat.SendAsync(typed);
        Assert.NotEqual("\"regional_authority\"", (await AnswerOfAsync("lead_organisation_type"))?.ValueJson);
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);
        await chat.SendAsync(kind);
        Assert.Equal("\"ngo\"", (await AnswerOfAsync("lead_organisation_type"))!.ValueJson);

        Assert.Equal("regional_authority_role", chat.AskedQuestion);
        Offered(chat, "regional_authority_role");
        await chat.SendAsync(yes);
        Assert.Equal("[\"indirect_funding\"]", (await AnswerOfAsync("regional_authority_role"))!.ValueJson);
    }

    [Fact]
    public async Task The_same_words_at_the_lead_kinds_other_confirmation()
    {
        var chat = await AtAsync("it-IT", "lead_organisation_type", "Giulia Rossi", "Cooperativa Al Azis di Palermo", "g.rossi@alazis.it", "salta",
            "Porta Aperta", "italia", "sì", "noi");
        await chat.SendAsync("siamo una realtà del territorio");
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);

        await chat.SendAsync("ci occupiamo noi di tutto, la regione finanzia");

        Assert.NotEqual("\"regional_authority\"", (await AnswerOfAsync("lead_organisation_type"))!.ValueJson);
    }

    [Fact]
    public async Task A_regional_authority_that_leads_is_still_read_as_one()
    {
        var chat = await AtAsync("it-IT", "lead_organisation_type", "Giulia Rossi", "Regione Puglia", "g.rossi@regione.puglia.it", "salta",
            "Porta Aperta", "italia", "puglia", "la regione");

        await chat.SendAsync("la regione, coordina e finanzia");

        Assert.Equal("\"regional_authority\"", (await AnswerOfAsync("lead_organisation_type"))!.ValueJson);
    }
}

internal static class AnswerJson47
{
    /// <summary>A stored answer's JSON string value, unescaped.</summary>
    public static string Unquoted(this string valueJson) => System.Text.Json.Nodes.JsonNode.Parse(valueJson)!.GetValue<string>();
}
