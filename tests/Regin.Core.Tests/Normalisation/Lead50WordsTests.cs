using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 50 (the lead's plays): a town or region typed where the country is asked found no country; "nada", "niente" at the
/// regional authority's role were read as declining a required question, and "the region has nothing to do with it" in
/// German, French, Italian, Portuguese as no option at all, while "nothing", "rien", "nichts" were already "No role".
/// </summary>
public class Lead50WordsTests
{
    [Theory]
    [InlineData("pt", "Evora, Alentejo", "PT")]
    [InlineData("pt", "evora", "PT")]
    [InlineData("en", "Graz", "AT")]
    [InlineData("en", "Berlin-Neukölln", "DE")]
    [InlineData("it", "sicilia", "IT")]
    [InlineData("fr", "Liège", "BE")]
    [InlineData("de", "Tirol", "AT")]
    [InlineData("es", "sevilla", "ES")]
    [InlineData("sv", "umeå", "SE")]
    [InlineData("el", "κρητη", "GR")]
    public void A_place_typed_at_the_country_offers_its_country_to_confirm(string language, string text, string country)
    {
        var answer = TestCore.Normalise("country", text, language);

        Assert.True(answer.NeedsConfirmation);
        var candidate = Assert.Single(answer.Candidates);
        Assert.Equal(country, candidate.Value.GetValue<string>());
        // The question names the place as typed and the country in the chat's language.
        Assert.Contains(text, answer.Confirmation);
        Assert.Contains(candidate.Display, answer.Confirmation);
    }

    [Theory]
    [InlineData("en", "Europe")]
    [InlineData("en", "all over the EU")]
    [InlineData("pt", "Centro")]
    [InlineData("en", "Limburg")]
    public void Words_naming_no_one_country_are_not_offered_a_country_by_place(string language, string text)
    {
        var answer = TestCore.Normalise("country", text, language);

        Assert.False(answer.Confirmation?.Contains(text, StringComparison.Ordinal) == true, answer.Confirmation);
    }

    [Theory]
    [InlineData("pt", "nada")]
    [InlineData("pt", "a regiao nao tem nada a ver")]
    [InlineData("es", "nada")]
    [InlineData("es", "la region no tiene nada que ver")]
    [InlineData("it", "niente")]
    [InlineData("it", "la regione non c'entra")]
    [InlineData("de", "das land hat damit nichts zu tun")]
    [InlineData("fr", "la région n'y est pour rien")]
    [InlineData("el", "η περιφερεια δεν εμπλεκεται")]
    [InlineData("sv", "regionen har inget med det att göra")]
    public void Nothing_at_the_regional_authoritys_role_is_no_role(string language, string text)
    {
        var answer = TestCore.Normalise("regional_authority_role", text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.False(answer.Declined);
        Assert.Equal("[\"none\"]", answer.Value!.ToJsonString());
    }

    [Theory]
    [InlineData("pt", "cerca de 800 pessoas por ano")]
    [InlineData("pt", "cerca")]
    public void A_word_one_stem_or_slip_from_an_acronym_is_not_that_choice(string language, string text)
    {
        // "CERCI" (an NGO's acronym) and "cerca" (about) share the stem "cerc": acronyms are compared as typed.
        var answer = TestCore.Normalise("lead_organisation_type", text, language);

        Assert.NotEqual("\"ngo\"", answer.Value?.ToJsonString());
    }

    [Theory]
    [InlineData("pt", "CERCI", "lead_organisation_type", "\"ngo\"")]
    [InlineData("pt", "uma CERCI de Lisboa", "lead_organisation_type", "\"ngo\"")]
    [InlineData("pt", "IPSS", "lead_organisation_type", "\"ngo\"")]
    [InlineData("it", "finanziato dal FAMI", "funding_sources", "[\"amif\"]")]
    [InlineData("pt", "fundos do FAMI e da camara", "funding_sources", "[\"amif\",\"local_budget\"]")]
    public void An_acronym_typed_as_it_is_still_names_its_choice(string language, string text, string question, string value)
    {
        var answer = TestCore.Normalise(question, text, language);

        Assert.Equal(value, answer.Value?.ToJsonString());
    }
}
