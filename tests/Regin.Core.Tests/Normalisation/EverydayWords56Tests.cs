using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 56 (lang56): a native review of session 55's lists, read as hurried officials type. The staff of two
/// organisations, the second named alone after "and" ("personal de la diputación y del ayuntamiento": it was kept under
/// Other); sv "personal från regionen" (från was a content word, the whole answer was Other); more total words
/// ("insges.", "complessivi", "συνολικό", "inalles"…: the two counts were asked about) and more periods a count is given per
/// ("a day", "mtl.", "i terminen", "τη βδομάδα"…: the period was lost, the count stored alone); "dont know yet",
/// "je sais pas encore" at the title (stored as the title); pt "óptimos" (pre-reform spelling) is no "we" verb.
/// </summary>
public class EverydayWords56Tests
{
    [Theory]
    [InlineData("es", "personal de la diputación y del ayuntamiento")]
    [InlineData("es", "personal de la diputacion y del ayuntamiento")]
    [InlineData("es", "personal de la diputación, del ayuntamiento y de la comarca")]
    [InlineData("it", "personale della provincia e del comune")]
    [InlineData("fr", "agents du département et de la mairie")]
    [InlineData("de", "Mitarbeitende von Kreis und Gemeinde")]
    [InlineData("pt", "funcionários da câmara e da junta de freguesia")]
    [InlineData("el", "υπάλληλοι της περιφέρειας και του δήμου")]
    [InlineData("sv", "personal från regionen och kommunen")]
    [InlineData("sv", "personal från regionen")]
    [InlineData("sv", "anställda i regionen och kommunerna")]
    [InlineData("en", "staff of the county council and the town council")]
    public void The_staff_of_two_organisations_are_public_officials(string language, string text)
    {
        var answer = TestCore.Normalise("target_groups", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(("public_officials", null), (answer.Value(), answer.OtherText));
    }

    [Theory]
    // The organisation after the staff's is theirs; a group after it is still a group of its own, and an organisation alone
    // after a group is not the staff's (no staff before it).
    [InlineData("de", "Mitarbeitende von Kreis und Gemeinden und Geflüchtete", "public_officials,international_protection", null)]
    [InlineData("es", "personal del ayuntamiento y mujeres", "public_officials,women", null)]
    [InlineData("es", "mujeres y ayuntamiento", "women,other", "ayuntamiento")]
    public void Only_an_organisation_right_after_the_staff_is_theirs(string language, string text, string codes, string? other)
    {
        var answer = TestCore.Normalise("target_groups", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(codes.Split(',').Order(), answer.Value()!.Split(',').Order());
        Assert.Equal(other, answer.OtherText);
    }

    [Theory]
    [InlineData("en", "120 a year, 300 cumulative")]
    [InlineData("fr", "120 par an, 300 cumulés")]
    [InlineData("de", "120 pro Jahr, insges. 300")]
    [InlineData("de", "120 pro Jahr, ingesamt 300")]
    [InlineData("de", "120 pro Jahr, zusammengerechnet 300")]
    [InlineData("es", "120 al año, 300 acumulados")]
    [InlineData("it", "120 l'anno, 300 complessivi")]
    [InlineData("it", "120 l'anno, tot 300")]
    [InlineData("el", "120 τον χρονο, συνολικό 300")]
    [InlineData("el", "120 τον χρονο, εν συνολω 300")]
    [InlineData("pt", "120 por ano, 300 acumulados")]
    [InlineData("sv", "120 per år, inalles 300")]
    public void The_count_a_total_word_marks_is_offered(string language, string text)
    {
        var answer = TestCore.Normalise("beneficiaries_count", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.True(answer.NeedsConfirmation);
        Assert.Equal("300", answer.Value());
    }

    [Theory]
    [InlineData("en", "about 20 a day", 20, "a day")]
    [InlineData("en", "40 every week", 40, "every week")]
    [InlineData("en", "60 per quarter", 60, "per quarter")]
    [InlineData("fr", "environ 40 bénéficiaires mensuels", 40, "mensuels")]
    [InlineData("fr", "20 par jour", 20, "par jour")]
    [InlineData("de", "ca. 40 mtl.", 40, "mtl")]
    [InlineData("de", "ca 40 im Quartal", 40, "im Quartal")]
    [InlineData("de", "60 die Woche", 60, "die Woche")]
    [InlineData("es", "unas 15 personas semanales", 15, "semanales")]
    [InlineData("es", "20 al dia", 20, "al dia")]
    [InlineData("it", "40 per settimana", 40, "per settimana")]
    [InlineData("it", "20 al giorno", 20, "al giorno")]
    [InlineData("el", "περιπου 40 τη βδομαδα", 40, "τη βδομαδα")]
    [InlineData("el", "20 τη μερα", 20, "τη μερα")]
    [InlineData("pt", "15 pessoas semanais", 15, "semanais")]
    [InlineData("pt", "40 por dia", 40, "por dia")]
    [InlineData("sv", "ca 60 i terminen", 60, "i terminen")]
    [InlineData("sv", "20 om dagen", 20, "om dagen")]
    public void A_count_per_period_keeps_its_period(string language, string text, long count, string period)
    {
        var answer = TestCore.Normalise("beneficiaries_count", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.False(answer.NeedsConfirmation);
        Assert.Equal(count.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Value());
        Assert.Equal(period, answer.Flags.SingleOrDefault(f => f.Reason == FlagReasons.AnswerRemark)?.Detail);
    }

    [Theory]
    [InlineData("en", "title", "dont know yet")]
    [InlineData("en", "title", "i dont know")]
    [InlineData("fr", "title", "je sais pas encore")]
    [InlineData("fr", "lead_organisation", "on sait pas encore")]
    public void Not_knowing_yet_typed_in_a_hurry_is_no_title(string language, string question, string text)
    {
        var answer = TestCore.Normalise(question, text, language);
        Assert.False(answer.Ok);
        Assert.False(answer.Declined);
    }

    [Fact]
    public void Optimos_in_the_pre_reform_spelling_is_no_we_verb()
    {
        var answer = TestCore.Normalise("regional_authority_role", "óptimos: só financia", "pt",
            new NormalisationContext { ContactOrganisation = "Câmara Municipal de Lisboa" });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("indirect_funding", answer.Value());
    }
}
