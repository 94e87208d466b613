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

    [Theory]
    // An Italian official writes the province's sigla as on a form ("MI", "prov. BO", "Bologna (BO)"): the region is
    // offered to confirm, read only in capitals (two letters are thin evidence, and "no" is a refusal).
    [InlineData("it", "MI", "ITC4")]
    [InlineData("it", "prov. BO", "ITH5")]
    [InlineData("it", "provincia di RC", "ITF6")]
    [InlineData("en", "TO", "ITC1")]
    public void An_italian_province_sigla_in_capitals_is_offered(string language, string text, string code)
    {
        var answer = TestCore.Normalise("region", text, language, new NormalisationContext { Country = "IT" });

        Assert.True(answer.NeedsConfirmation);
        Assert.Equal(code, Assert.Single(answer.Candidates).Value.GetValue<string>());
    }

    [Theory]
    [InlineData("it", "no")]
    [InlineData("it", "si")]
    [InlineData("it", "mi")]
    public void A_province_sigla_in_small_letters_is_no_region(string language, string text)
    {
        var answer = TestCore.Normalise("region", text, language, new NormalisationContext { Country = "IT" });

        Assert.DoesNotContain(answer.Candidates, candidate => candidate.Value.GetValue<string>().StartsWith("IT", StringComparison.Ordinal));
        Assert.Null(answer.Value());
    }

    [Fact]
    public void Every_italian_province_names_one_italian_region()
    {
        // The numbered areas are kept folded; a sigla is read as typed in capitals.
        var sigle = TestCore.Geo.PlaceWords.Numbered["IT"].Keys.Select(key => key.ToUpperInvariant()).ToList();
        Assert.Equal(107, sigle.Count);
        // Read outright where the catalogue knows the letters already ("BZ"), else offered.
        var unread = sigle.Select(sigla => (sigla, answer: TestCore.Normalise("region", sigla, "it", new NormalisationContext { Country = "IT" })))
            .Where(read => (read.answer.Value() ?? (read.answer.Candidates is [{ Value: var value }] ? value.GetValue<string>() : null)) is not { } code
                || !System.Text.RegularExpressions.Regex.IsMatch(code, "^IT[A-Z][0-9]$"))
            .Select(read => $"{read.sigla}: {read.answer.Value()} {string.Join(",", read.answer.Candidates.Select(c => c.Display))}").ToList();
        Assert.Empty(unread);
    }

    [Theory]
    // Short names officials use for their own regional government (the lead's es play, and sv/it officials before).
    [InlineData("es", "Xunta", "ES", "ES11")]
    [InlineData("es", "CARM", "ES", "ES62")]
    [InlineData("es", "GVA", "ES", "ES52")]
    [InlineData("es", "JCyL", "ES", "ES41")]
    [InlineData("sv", "VG-regionen", "SE", "SE23")]
    [InlineData("sv", "Region VG", "SE", "SE23")]
    public void A_regional_government_by_its_short_name_is_its_region(string language, string text, string country, string code)
    {
        var answer = TestCore.Normalise("region", text, language, new NormalisationContext { Country = country });

        Assert.Equal(code, answer.Value());
    }
}
