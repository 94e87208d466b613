using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 56, the lead's plays over /api/messages (a Swedish official of Västra Götalandsregionen, a French official of
/// the Seine-Saint-Denis département, both typing in a hurry): "oui sauf le tel perso svp" at the consent was kept with
/// "le tel perso svp" for the researchers, the "except" dropped: what they read said the opposite.
/// </summary>
public class Lead56WordsTests
{
    [Theory]
    [InlineData("fr", "oui sauf le tel perso svp", "sauf le tel perso svp")]
    [InlineData("en", "yes except my mobile number", "except my mobile number")]
    [InlineData("en", "yes, apart from my mobile", "apart from my mobile")]
    [InlineData("de", "ja, außer meine handynummer", "außer meine handynummer")]
    [InlineData("de", "ja ausser meine Handynummer", "ausser meine Handynummer")]
    [InlineData("es", "si, excepto mi movil", "excepto mi movil")]
    [InlineData("es", "sí salvo mi teléfono personal", "salvo mi teléfono personal")]
    [InlineData("it", "si tranne il mio cellulare", "tranne il mio cellulare")]
    [InlineData("el", "ναι εκτος απο το κινητο μου", "εκτος απο το κινητο μου")]
    [InlineData("pt", "sim, exceto o meu telemóvel", "exceto o meu telemóvel")]
    [InlineData("sv", "ja utom mitt mobilnummer", "utom mitt mobilnummer")]
    public void A_consent_with_an_exception_keeps_the_except_word_in_the_reservation(string language, string text, string reservation)
    {
        var answer = TestCore.Normalise("consent_publish", text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("true", answer.Value());
        var flag = Assert.Single(answer.Flags);
        Assert.Equal(("answer_with_condition", reservation), (flag.Reason, flag.Detail));
        Assert.Contains(reservation, Assert.Single(answer.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    // A bare "but" still says nothing the reservation needs; "but not" is its own negation, kept as before.
    [InlineData("sv", "ja absolut, men kontakta mig via mejl", "kontakta mig via mejl")]
    [InlineData("sv", "ja, men inte mitt telefonnummer", "inte mitt telefonnummer")]
    [InlineData("fr", "oui mais pas mon numéro perso", "pas mon numéro perso")]
    public void A_bare_but_is_still_left_out_of_the_reservation(string language, string text, string reservation)
    {
        var answer = TestCore.Normalise("consent_publish", text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(("answer_with_condition", reservation), (Assert.Single(answer.Flags).Reason, Assert.Single(answer.Flags).Detail));
    }

    [Theory]
    // An "except" word inside the words, not opening them, splits nothing: "al menos" is "at least".
    [InlineData("es", "sí, al menos el título y la región")]
    [InlineData("pt", "sim, pelo menos o título")]
    public void An_except_word_inside_a_clause_is_no_reservation(string language, string text)
    {
        var answer = TestCore.Normalise("consent_publish", text, language);

        Assert.DoesNotContain(answer.Flags, flag => flag.Detail is { } detail && detail.StartsWith("menos", StringComparison.Ordinal));
    }

    [Theory]
    // "D" at the country, as a German writes it before a postcode ("D-88212 Ravensburg"): offered, never taken outright.
    [InlineData("de", "D", "DE")]
    [InlineData("de", " A ", "AT")]
    [InlineData("it", "I", "IT")]
    [InlineData("sv", "S", "SE")]
    [InlineData("en", "SLO", "SI")]
    [InlineData("es", "E", "ES")]
    public void A_countrys_vehicle_sign_is_offered_to_confirm(string language, string text, string code)
    {
        var answer = TestCore.Normalise("country", text, language);

        Assert.True(answer.NeedsConfirmation, answer.Error);
        Assert.Equal(code, Assert.Single(answer.Candidates!).Value.GetValue<string>());
    }

    [Theory]
    // Only whole and in capitals: "d" or "a" is no country; a sign among words names none.
    [InlineData("de", "d")]
    [InlineData("en", "a")]
    [InlineData("de", "D und A")]
    public void A_vehicle_sign_in_lower_case_or_among_words_is_no_country(string language, string text)
    {
        var answer = TestCore.Normalise("country", text, language);

        Assert.False(answer.Ok && answer.Candidates is [{ } only] && only.Value.GetValue<string>() is "DE" or "AT");
    }
}
