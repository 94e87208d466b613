using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 57, the lead's play over /api/messages (an official of the Junta de Andalucía typing in a hurry): "la junta, o
/// sea autoridad regional" at the lead organisation's type was taken as "Autoridad regional" and then asked to confirm
/// "sea" as "Other": "o sea" ("that is") is how people explain themselves in every language, not an answer.
/// </summary>
public class Lead57WordsTests
{
    [Theory]
    [InlineData("es", "la junta, o sea autoridad regional", "regional_authority")]
    [InlineData("es", "pues la ong", "ngo")]
    [InlineData("es", "el ayuntamiento, es decir entidad local", "local_authority")]
    [InlineData("en", "the county council so local authority I guess", "local_authority")]
    [InlineData("en", "I mean it's an NGO", "ngo")]
    [InlineData("en", "the council, that is a local authority", "local_authority")]
    [InlineData("fr", "une asso, enfin ONG quoi", "ngo")]
    [InlineData("fr", "le département, c'est-à-dire une collectivité locale", "local_authority")]
    [InlineData("de", "das Landratsamt, sprich Kommune", "local_authority")]
    [InlineData("de", "also ein Verein, d.h. NGO", "ngo")]
    [InlineData("it", "il comune insomma", "local_authority")]
    [InlineData("it", "la regione, cioè autorità regionale", "regional_authority")]
    [InlineData("el", "δηλαδη περιφερεια", "regional_authority")]
    [InlineData("el", "ο δήμος, δηλαδή τοπική αυτοδιοίκηση", "local_authority")]
    [InlineData("pt", "a câmara, ou seja autarquia local", "local_authority")]
    [InlineData("pt", "uma associação, isto é ONG", "ngo")]
    [InlineData("sv", "kommunen alltså lokal myndighet", "local_authority")]
    [InlineData("sv", "kommunen dvs lokal", "local_authority")]
    public void A_word_that_explains_is_not_an_other_answer(string language, string text, string code)
    {
        var answer = TestCore.Normalise("lead_organisation_type", text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(code, answer.Value());
        Assert.Null(answer.OtherText);
    }

    [Theory]
    // What follows the explaining words is still read: a real other answer stays other.
    [InlineData("es", "empleo y vivienda, o sea tambien huertos urbanos", "huertos urbanos")]
    [InlineData("sv", "arbete och boende, alltså även stadsodling", "stadsodling")]
    public void What_follows_the_explaining_words_is_still_read(string language, string text, string other)
    {
        var answer = TestCore.Normalise("integration_areas", text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Contains(other, answer.OtherText ?? "", StringComparison.Ordinal);
        Assert.StartsWith("labour_market,housing", answer.Value(), StringComparison.Ordinal);
    }
}
