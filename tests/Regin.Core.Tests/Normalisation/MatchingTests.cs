using Regin.Core.Normalisation.Matching;

namespace Regin.Core.Tests.Normalisation;

/// <summary>The matching rules the corpus relies on, one by one (issue 9, part 2).</summary>
public class MatchingTests
{
    [Theory]
    [InlineData("de", "Ich bin nicht einverstanden", "false")]
    [InlineData("de", "Ich bin damit nicht einverstanden", "false")]
    [InlineData("de", "Natürlich nicht", "false")]
    [InlineData("de", "Nicht ok", "false")]
    [InlineData("de", "Ich stimme zu", "true")]
    [InlineData("fr", "pas ok", "false")]
    [InlineData("fr", "Je ne suis pas d'accord", "false")]
    [InlineData("fr", "Oui, pas de problème", "true")]
    [InlineData("it", "non acconsento", "false")]
    [InlineData("it", "va bene", "true")]
    [InlineData("es", "no, no acepto", "false")]
    [InlineData("pt", "não concordo", "false")]
    [InlineData("el", "δεν συμφωνώ", "false")]
    [InlineData("el", "oxi", "false")]
    [InlineData("el", "nai", "true")]
    [InlineData("sv", "jag godkänner inte", "false")]
    [InlineData("sv", "javisst", "true")]
    [InlineData("en", "I do not agree", "false")]
    [InlineData("en", "of course", "true")]
    public void Yes_and_no_understand_negation(string language, string text, string expected)
    {
        var answer = TestCore.Normalise("consent_publish", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
    }

    [Theory]
    [InlineData("en", "maybe")]
    [InlineData("en", "yes and no")]
    [InlineData("de", "vielleicht")]
    [InlineData("it", "forse sì")]
    [InlineData("fr", "je ne sais pas")]
    [InlineData("sv", "kanske")]
    [InlineData("en", "blue")]
    public void Consent_is_never_recorded_from_an_unsure_answer(string language, string text)
    {
        Assert.False(TestCore.Normalise("consent_publish", text, language).Ok);
    }

    [Theory]
    [InlineData("sv", "samordnande", "direct_coordinator")]
    [InlineData("en", "coordinating", "direct_coordinator")]
    [InlineData("en", "antidiscrimination", "anti_discrimination")]
    [InlineData("de", "Beschaeftigung", "labour_market")]
    public void Inflected_derived_and_respelled_forms_match(string language, string text, string expected)
    {
        var question = expected is "direct_coordinator" ? "regional_authority_role" : "integration_areas";
        var answer = TestCore.Normalise(question, text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
        Assert.False(answer.NeedsConfirmation);
    }

    [Fact]
    public void Extra_words_are_kept_under_other_only_when_they_say_something()
    {
        var filler = TestCore.Normalise("integration_areas", "mostly healthcare", "en");
        Assert.Equal("health", filler.Value());
        Assert.Null(filler.OtherText);
        var extra = TestCore.Normalise("integration_areas", "language, housing and some sports activities", "en");
        Assert.Equal("language,housing,other", extra.Value());
        Assert.Contains("sports", extra.OtherText);
    }

    [Fact]
    public void A_typo_in_a_choice_is_a_candidate_to_confirm()
    {
        var answer = TestCore.Normalise("integration_areas", "Helath", "en");
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("health", answer.Value());
        Assert.True(answer.NeedsConfirmation);
        Assert.Equal("Did you mean Health?", answer.Confirmation);
    }

    [Theory]
    [InlineData("el", "από τον Μάρτιο του 2019", "2019-03")]
    [InlineData("sv", "från 15:e mars 2019", "2019-03-15")]
    [InlineData("pt", "1.º de março de 2019", "2019-03-01")]
    [InlineData("fr", "1er septembre 2018", "2018-09-01")]
    [InlineData("it", "dal 15 marzo 2019", "2019-03-15")]
    public void Dates_with_fillers_ordinals_and_case_forms(string language, string text, string expected)
    {
        Assert.Equal(expected, TestCore.Normalise("start_date", text, language).Value());
    }

    [Theory]
    [InlineData("fr", "n'est plus en cours")]
    [InlineData("fr", "ne se poursuit plus")]
    [InlineData("en", "not still running")]
    public void Ongoing_turned_round_by_a_negation_is_not_ongoing(string language, string text)
    {
        Assert.NotEqual("ongoing", TestCore.Normalise("end_date", text, language).Value());
    }

    [Theory]
    [InlineData("el", "Περιφέρεια Κεντρικής Μακεδονίας", "GR", "EL52")]
    [InlineData("sv", "Västra Götalandsregionen", "SE", "SE23")]
    [InlineData("de", "Land Brandenburg", "DE", "DE40")]
    [InlineData("it", "Regione Puglia", "IT", "ITF4")]
    [InlineData("es", "Comunidad de Madrid", "ES", "ES30")]
    [InlineData("es", "Región de Murcia", "ES", "ES62")]
    public void Regions_with_administrative_prefixes_and_long_names(string language, string text, string country, string expected)
    {
        var answer = TestCore.Normalise("region", text, language, new Regin.Core.Normalisation.NormalisationContext { Country = country });
        Assert.Equal(expected, answer.Value());
        Assert.False(answer.NeedsConfirmation);
    }

    [Theory]
    [InlineData("März", "maerz")]
    [InlineData("zurück", "zurueck")]
    [InlineData("Straße", "strasse")]
    public void German_letters_have_their_keyboard_spellings(string word, string expected)
    {
        var spellings = TestCore.Questionnaire.Vocabulary.Spellings["de"];
        Assert.Contains(expected, Spellings.Keys(word, spellings));
    }

    [Fact]
    public void Greek_words_have_their_latin_spellings()
    {
        var keys = Spellings.Keys("όχι", TestCore.Questionnaire.Vocabulary.Spellings["el"]);
        Assert.Contains("oxi", keys);
        Assert.Contains("ochi", keys);
    }
}
