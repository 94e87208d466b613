using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 48 (chatread48): names, organisations and places read where a hurried contributor types them, left by sessions
/// 46–47: an authority named by its place typed at the region ("Galway County Council", "Landkreis Osnabrück", "Comune di
/// Bari": stored as the region without a word, or as an unknown region, the organisation lost); a region typed after the
/// country offered as typed ("Queria dizer norte?"); …
/// </summary>
public sealed class ChatRead48RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    // A skip and a country as each locale types them.
    private static readonly Dictionary<string, (string Skip, string Country, string Yes)> Where = new()
    {
        ["en-IE"] = ("skip", "ireland", "yes"),
        ["de-DE"] = ("überspringen", "deutschland", "ja"),
        ["de-AT"] = ("überspringen", "österreich", "ja"),
        ["pt-PT"] = ("saltar", "portugal", "sim"),
        ["es-ES"] = ("saltar", "españa", "sí"),
        ["it-IT"] = ("salta", "italia", "sì"),
        ["el-GR"] = ("παράλειψη", "ελλαδα", "ναι"),
        ["sv-SE"] = ("hoppa över", "sverige", "ja"),
        ["fr-FR"] = ("passer", "france", "oui"),
    };

    /// <summary>The answers up to the region (asked next), the country typed as <paramref name="country"/>.</summary>
    private static string[] ToRegion(string locale, string? country = null) =>
        ["Anna Berg", "Welcome Network", "anna@example.eu", Where[locale].Skip, "Welcome Tables", country ?? Where[locale].Country];

    private static CandidateConfirmation Offered(EngineChat chat, string question)
    {
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal(question, offer.QuestionId);
        return offer;
    }

    // 1. An organisation typed at the region.

    [Theory]
    [InlineData("en-IE", "Galway County Council", "IE04")]
    [InlineData("en-IE", "Limerick City and County Council", "IE05")]
    [InlineData("en-IE", "Cork ETB", "IE05")]
    [InlineData("de-DE", "Landkreis Osnabrück", "DE94")]
    [InlineData("de-AT", "Stadt Wien MA 17", "AT13")]
    [InlineData("it-IT", "Comune di Bari", "ITF4")]
    [InlineData("es-ES", "Ayuntamiento de Sevilla", "ES61")]
    [InlineData("sv-SE", "Göteborgs stad", "SE23")]
    public async Task An_authority_named_by_its_place_at_the_region_guesses_its_region_and_is_offered_at_the_lead(string locale, string typed, string region)
    {
        var chat = await AtAsync(locale, "region", ToRegion(locale));

        await chat.SendAsync(typed);

        // Asked, not stored: "Did you mean Northern and Western (IE04)?"
        Assert.Null(await AnswerOfAsync("region"));
        Assert.Contains($"({region})", Offered(chat, "region").Candidates.Single().Display);
        await chat.SendAsync(Where[locale].Yes);
        Assert.Equal($"\"{region}\"", (await AnswerOfAsync("region"))!.ValueJson);
        Assert.DoesNotContain((await Host.PracticeOfAsync("sms", "user-1"))!.Flags, flag => flag.QuestionId == "region");

        // The organisation waits at the lead organisation, offered there: yes takes it.
        Assert.Equal("lead_organisation", chat.AskedQuestion);
        Assert.Equal(typed, Offered(chat, "lead_organisation").Candidates.Single().Answer);
        await chat.SendAsync(Where[locale].Yes);
        Assert.Equal(typed, (await AnswerOfAsync("lead_organisation"))!.Original);
        Assert.Equal("lead_organisation_type", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("es-ES", "andaluca", "Ayuntamiento de Sevilla", "ES61")]
    [InlineData("en-IE", "galwy", "Limerick City and County Council", "IE05")]
    [InlineData("de-DE", "niedersachen", "Landkreis Osnabrück", "DE94")]
    public async Task An_authority_typed_at_the_regions_guess_guesses_its_own_region(string locale, string slip, string typed, string region)
    {
        var chat = await AtAsync(locale, "region", ToRegion(locale));
        await chat.SendAsync(slip);
        Offered(chat, "region");

        await chat.SendAsync(typed);

        Assert.Null(await AnswerOfAsync("region"));
        Assert.Null(await AnswerOfAsync("lead_organisation"));
        Assert.Contains($"({region})", Offered(chat, "region").Candidates.Single().Display);
        await chat.SendAsync(Where[locale].Yes);
        Assert.Equal($"\"{region}\"", (await AnswerOfAsync("region"))!.ValueJson);
        Assert.Equal(typed, Offered(chat, "lead_organisation").Candidates.Single().Answer);
    }

    [Theory]
    [InlineData("it-IT", "Regione Puglia", "ITF4")]
    [InlineData("de-DE", "Land Niedersachsen", "DE9")]
    [InlineData("es-ES", "Junta de Andalucía", "ES61")]
    public async Task The_regions_own_government_at_the_region_is_the_region(string locale, string typed, string region)
    {
        var chat = await AtAsync(locale, "region", ToRegion(locale));

        await chat.SendAsync(typed);

        Assert.Equal($"\"{region}\"", (await AnswerOfAsync("region"))!.ValueJson);
        Assert.Equal("lead_organisation", chat.AskedQuestion);
    }

    // 2. The region typed after the country, offered by the catalogue's name.

    [Theory]
    [InlineData("pt-PT", "portugal, norte", "Queria dizer Norte (PT11)?", "PT11")]
    [InlineData("es-ES", "españa, andalucia", "¿Quería decir Andalucía (ES61)?", "ES61")]
    [InlineData("de-DE", "deutschland, niedersachsen", "Meinten Sie Niedersachsen (DE9)?", "DE9")]
    [InlineData("it-IT", "italia, puglia", "Intendeva Puglia (ITF4)?", "ITF4")]
    [InlineData("en-IE", "ireland, galway", "Did you mean Northern and Western (IE04)?", "IE04")]
    [InlineData("fr-FR", "france, occitanie", "Vouliez-vous dire Occitanie (FRJ)", "FRJ")]
    [InlineData("sv-SE", "sverige, västsverige", "Menade du Västsverige (SE23)?", "SE23")]
    [InlineData("el-GR", "ελλαδα, βορειο αιγαιο", "Εννοούσατε Βόρειο Αιγαίο (EL41);", "EL41")]
    public async Task A_region_typed_after_the_country_is_offered_by_its_name(string locale, string typed, string asked, string region)
    {
        var chat = await AtAsync(locale, "region", ToRegion(locale, typed));

        Assert.Contains(chat.Shown, line => line.Contains(asked, StringComparison.Ordinal));
        await chat.SendAsync(Where[locale].Yes);

        Assert.Equal($"\"{region}\"", (await AnswerOfAsync("region"))!.ValueJson);
    }

    // 7. A phone shown as it was typed.

    [Theory]
    // Typed with the country code (the country is asked later; a national number is kept as typed until then, and shown so).
    [InlineData("de-AT", "+43 1 4000 81510", "+431400081510", "+43 1 4000 81510")]
    [InlineData("de-DE", "+49 4171 693-0", "+4941716930", "+49 4171 693-0")]
    [InlineData("fr-FR", "+33 (0)1 23 45 67 89", "+33123456789", "+33 1 23 45 67 89")]
    [InlineData("it-IT", "0039 06 6710 1234", "+390667101234", "+39 06 6710 1234")]
    [InlineData("pt-PT", "+351 912 345 678", "+351912345678", "+351 912 345 678")]
    [InlineData("sv-SE", "+46 70-123 45 67", "+46701234567", "+46 70-123 45 67")]
    [InlineData("en-IE", "+353 87 123 4567", "+353871234567", "+353 87 123 4567")]
    public async Task A_phone_is_stored_in_E164_and_shown_with_the_groups_typed(string locale, string typed, string stored, string shown)
    {
        var chat = await AtAsync(locale, "contact_phone", "Anna Berg", "Welcome Network", "anna@example.eu");

        await chat.SendAsync(typed);

        Assert.Equal(stored, (await AnswerOfAsync("contact_phone"))!.ValueJson!.Unquoted());
        Assert.Contains(chat.Shown, line => line.Contains(shown, StringComparison.Ordinal));
    }
}
