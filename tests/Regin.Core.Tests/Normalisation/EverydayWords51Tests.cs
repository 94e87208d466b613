using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 51 (lang51): a region's adjective whose stem is the region's own name ("κρητικά", "emiliano",
/// "baden-württembergisch") is the regional budget, while the region's name beside another name stays that name's detail
/// ("ΠΕΠ Κρήτης" still asks ESF+ or ERDF, "Regione Emilia-Romagna" is the regional budget alone); a subset after a count
/// ("davon 60 Frauen", "dont 60 femmes", "εκ των οποίων 60 γυναίκες") is a detail of it, not another number; a choice the
/// answer denies is not chosen through another of its words ("no es una ONG, es una fundación municipal").
/// </summary>
public class EverydayWords51Tests
{
    [Theory]
    [InlineData("el", "κρητικά κονδύλια", "GR")]
    [InlineData("el", "κρητικοι ποροι", "GR")]
    [InlineData("el", "ηπειρώτικα κονδύλια", "GR")]
    [InlineData("el", "αττικά κονδύλια", "GR")]
    [InlineData("it", "contributo emiliano", "IT")]
    [InlineData("it", "fondi siciliani", "IT")]
    [InlineData("de", "baden-württembergische Landesmittel", "DE")]
    [InlineData("de", "steirische Mittel", "AT")]
    public void A_regions_adjective_is_the_regional_budget(string language, string text, string country)
    {
        var answer = TestCore.Normalise("funding_sources", text, language, new NormalisationContext { Country = country });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("regional_budget", answer.Value());
        Assert.Null(answer.OtherText);
        Assert.Equal(text, answer.Original);
    }

    /// <summary>The region's own name beside a programme's or an authority's name is that name's detail, not the adjective
    /// read by its stem.</summary>
    [Theory]
    [InlineData("el", "Περιφέρεια Κρήτης", "regional_budget")]
    [InlineData("el", "Περιφέρεια Κεντρικής Μακεδονίας", "regional_budget")]
    [InlineData("it", "Regione Emilia-Romagna", "regional_budget")]
    [InlineData("it", "regione emilia-romagna e FAMI", "regional_budget,amif")]
    [InlineData("it", "POR FESR Sicilia", "erdf")]
    [InlineData("it", "POR FESR Toscana", "erdf")]
    [InlineData("de", "Land Steiermark", "regional_budget")]
    [InlineData("de", "Baden-Württemberg Stiftung", "private")]
    public void A_regions_name_beside_a_name_is_its_detail(string language, string text, string expected)
    {
        var answer = TestCore.Normalise("funding_sources", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
        Assert.Null(answer.OtherText);
    }

    [Theory]
    [InlineData("ΠΕΠ Κρήτης")]
    [InlineData("ΠΕΠ Ηπείρου και ΤΑΜΕ")]
    [InlineData("ΠΕΠ Αττικής")]
    public void A_programme_of_a_region_still_asks_which_fund(string text)
    {
        var answer = TestCore.Normalise("funding_sources", text, "el");
        Assert.False(answer.Ok);
        Assert.NotNull(answer.Candidates);
        Assert.Contains(answer.Candidates!, c => c.Value.ToJsonString().Contains("esf_plus", StringComparison.Ordinal));
        Assert.DoesNotContain(answer.Candidates!, c => c.Value.ToJsonString().Contains("regional_budget", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("de", "ca. 150 TN, davon 60 Frauen", 150)]
    [InlineData("it", "circa 150, di cui 60 donne", 150)]
    [InlineData("it", "un centinaio di persone, di cui 40 minori", 100)]
    [InlineData("fr", "150 personnes dont 60 femmes", 150)]
    [InlineData("en", "150, of whom 60 women", 150)]
    [InlineData("el", "150 άτομα, εκ των οποίων 60 γυναίκες", 150)]
    [InlineData("el", "γυρω στα 150 ατομα, εκ των οποιων 60 παιδια", 150)]
    [InlineData("es", "150 personas, de las cuales 60 mujeres", 150)]
    [InlineData("pt", "mais ou menos 120 pessoas, das quais 70 mulheres", 120)]
    [InlineData("sv", "runt 90 deltagare varav 30 kvinnor", 90)]
    public void A_subset_after_a_count_is_a_detail_of_it(string language, string text, long expected)
    {
        var answer = TestCore.Normalise("beneficiaries_count", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Value());
        Assert.False(answer.NeedsConfirmation);
        Assert.Equal(text, answer.Original); // the subset's words stay in the raw input
    }

    [Theory]
    [InlineData("fr", "120 k€ dont 80 k€ FAMI", "120000")]
    [InlineData("de", "200.000 €, davon 50.000 € Eigenmittel", "200000")]
    [InlineData("en", "approx €85k total, of which €20k from the council", "85000")]
    public void A_part_of_the_budget_after_it_is_a_detail(string language, string text, string expected)
    {
        var answer = TestCore.Normalise("budget_eur", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
    }

    /// <summary>A subset after words that count nothing says what part, not how many reached: asked again, not stored.</summary>
    [Theory]
    [InlineData("en", "women: of whom 60")]
    [InlineData("de", "Frauen, davon 60")]
    public void A_subset_alone_is_no_count(string language, string text)
    {
        var answer = TestCore.Normalise("beneficiaries_count", text, language);
        Assert.False(answer.Ok && answer.Value() == "60");
    }

    [Theory]
    [InlineData("es", "no es una ONG, es una fundación municipal")]
    [InlineData("de", "keine NGO, sondern eine städtische Stiftung")]
    [InlineData("fr", "pas une ONG mais une fondation municipale")]
    [InlineData("it", "non è una ONG, ma una fondazione comunale")]
    [InlineData("pt", "não é uma ONG, é uma fundação municipal")]
    [InlineData("en", "not an NGO, a municipal foundation")]
    [InlineData("el", "δεν είναι ΜΚΟ, είναι δημοτικό ίδρυμα")]
    public void A_denied_choice_is_not_chosen_through_another_word(string language, string text)
    {
        var answer = TestCore.Normalise("lead_organisation_type", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("local_authority", answer.Value());
        Assert.Null(answer.OtherText);
    }
}
