using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 49 (lang49): everyday words met on <c>POST /api/answers/check</c> and in chats that were read wrong: a short
/// sentence saying the contributor's organisation does it all at the lead organisation, a year after "end of" at an
/// amount, and a place the catalogue does not know in a country of one NUTS 2 region.
/// </summary>
public class EverydayWords49Tests
{
    private static readonly NormalisationContext Contributor = new() { ContactOrganisation = "Cooperativa Sociale Aurora" };

    [Theory]
    [InlineData("it", "ci occupiamo noi di tutto")]
    [InlineData("it", "facciamo tutto noi")]
    [InlineData("fr", "on s'occupe de tout nous-mêmes")]
    [InlineData("fr", "c'est nous qui gérons tout")]
    [InlineData("de", "wir machen alles selbst")]
    [InlineData("de", "machen wir alles selber")]
    [InlineData("en", "we do everything ourselves")]
    [InlineData("en", "we run the whole thing")]
    [InlineData("es", "lo hacemos todo nosotros")]
    [InlineData("pt", "somos nós que fazemos tudo")]
    [InlineData("el", "τα κάνουμε όλα εμείς")]
    public void A_sentence_saying_we_do_it_all_is_the_contributors_own_organisation(string language, string text)
    {
        var answer = TestCore.Normalise("lead_organisation", text, language, Contributor);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("Cooperativa Sociale Aurora", answer.Value());
        Assert.Equal(text, answer.Original);
    }

    [Theory]
    [InlineData("de", "wir und die Caritas")]
    [InlineData("it", "noi e il comune")]
    [InlineData("en", "we and the city council")]
    public void A_sentence_naming_someone_beside_us_stays_as_typed(string language, string text)
    {
        var answer = TestCore.Normalise("lead_organisation", text, language, Contributor);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(text, answer.Value());
    }

    [Theory]
    [InlineData("de", "bis Ende 25")]
    [InlineData("de", "Anfang 2024")]
    [InlineData("fr", "fin 2025")]
    [InlineData("en", "until the end of 2025")]
    [InlineData("es", "a finales de 2025")]
    [InlineData("it", "entro fine 2025")]
    [InlineData("el", "στα τέλη του 2025")]
    public void A_year_after_end_of_is_no_budget(string language, string text)
    {
        var answer = TestCore.Normalise("budget_eur", text, language);
        Assert.False(answer.Ok, CorpusTestsDescribe(answer));
        Assert.False(string.IsNullOrEmpty(answer.Error));
    }

    [Theory]
    [InlineData("de", "budget_eur", "rund 40.000 €, bis Ende 25", 40000)]
    [InlineData("de", "beneficiaries_count", "bis Ende 25 insgesamt ca. 150", 150)]
    [InlineData("en", "budget_eur", "€30k until end of 2025", 30000)]
    [InlineData("fr", "beneficiaries_count", "environ 150 d'ici fin 2025", 150)]
    public void An_amount_beside_its_end_date_is_the_amount(string language, string question, string text, long expected)
    {
        var answer = TestCore.Normalise(question, text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Value());
    }

    /// <summary>A yearly amount with its years read in another language than its own (a mail whose language was taken as
    /// another, a line pasted into a chat): the same total to confirm as in its own language (the mail stored 20 000 €).</summary>
    [Theory]
    [InlineData("es", "20.000 € al año durante 3 años", 60000)]
    [InlineData("pt", "20.000 € al año durante 3 años", 60000)]
    [InlineData("en", "20.000 € al año durante 3 años", 60000)]
    [InlineData("de", "45 000 € par an sur 3 ans", 135000)]
    [InlineData("fr", "€15,000 a year over 2 years", 30000)]
    public void A_yearly_amount_with_its_years_offers_the_total_in_any_language(string language, string text, long total)
    {
        var answer = TestCore.Normalise("budget_eur", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.True(answer.NeedsConfirmation);
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Value());
    }

    [Theory]
    [InlineData("en", "Ħal Far open centre", "MT", "MT00")]
    [InlineData("en", "Marsa, near Valletta", "MT", "MT00")]
    [InlineData("el", "Λεμεσός", "CY", "CY00")]
    [InlineData("en", "the open centre in Mosta", "MT", "MT00")]
    public void A_place_in_a_country_of_one_region_is_that_region(string language, string text, string country, string expected)
    {
        var answer = TestCore.Normalise("region", text, language, new NormalisationContext { Country = country });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
        Assert.Equal(text, answer.Original);
    }

    [Fact]
    public void A_place_unknown_in_a_country_of_several_regions_is_still_kept_and_flagged()
    {
        var answer = TestCore.Normalise("region", "Lummerland", "de", new NormalisationContext { Country = "DE" });
        Assert.True(answer.Ok, answer.Error);
        Assert.Null(answer.Value);
        Assert.Contains(answer.Flags, f => f.Reason == FlagReasons.RegionUnknown);
    }

    private static string CorpusTestsDescribe(NormalisedAnswer answer) => Corpus.CorpusTests.Describe(answer);
}
