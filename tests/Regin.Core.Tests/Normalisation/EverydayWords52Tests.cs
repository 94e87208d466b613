using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 52 (lang52): the structural funds named with "European" or "EU" ask ESF+ or ERDF in every language ("fonds
/// structurels européens" was other EU funding with "structurels" under Other); a fund's money in a German compound
/// ("ESF-Mitteln", "Landesmitteln") or with a money word ("crédits FSE") is the fund; the Italian adjectives in -ano read in
/// every inflection ("fondi toscani" was Other since "toscana" was unlisted: the stemmer cuts "toscano" to "tosc", "toscani" to
/// "toscan"); sv "utan" is a contrast after a negation only; "ESF+ Niedersachsen" is the programme of that region (ESF+);
/// an extension only maybe to come is a remark on the end date.
/// </summary>
public class EverydayWords52Tests
{
    [Theory]
    [InlineData("fr", "fonds structurels européens")]
    [InlineData("fr", "fonds structurels europeens")]
    [InlineData("fr", "fonds structurels de l'UE")]
    [InlineData("it", "fondi strutturali europei")]
    [InlineData("it", "fondi strutturali UE")]
    [InlineData("es", "fondos estructurales")]
    [InlineData("es", "fondos estructurales europeos")]
    [InlineData("pt", "fundos estruturais")]
    [InlineData("pt", "fundos estruturais europeus")]
    [InlineData("el", "διαρθρωτικά ταμεία")]
    [InlineData("el", "ευρωπαϊκά διαρθρωτικα ταμεια")]
    [InlineData("sv", "strukturfonderna")]
    [InlineData("sv", "europeiska strukturfonderna")]
    [InlineData("en", "european structural funds")]
    [InlineData("de", "europäische Strukturfonds")]
    public void The_structural_funds_ask_which_fund_in_every_language(string language, string text)
    {
        var answer = TestCore.Normalise("funding_sources", text, language);
        Assert.False(answer.Ok);
        Assert.Null(answer.OtherText);
        Assert.Equal(["[\"esf_plus\"]", "[\"erdf\"]", "[\"esf_plus\",\"erdf\"]"], answer.Candidates.Select(c => c.Value.ToJsonString()));
    }

    [Theory]
    [InlineData("de", "aus ESF-Mitteln und vom Land", "esf_plus,regional_budget")]
    [InlineData("de", "ESF-Mitteln", "esf_plus")]
    [InlineData("de", "EFRE-Mitteln", "erdf")]
    [InlineData("de", "AMIF-Mittel", "amif")]
    [InlineData("de", "Landesmitteln", "regional_budget")]
    [InlineData("de", "Bundesmittel und Landesmitteln", "national_budget,regional_budget")]
    [InlineData("en", "ESF money", "esf_plus")]
    [InlineData("fr", "crédits FSE", "esf_plus")]
    [InlineData("fr", "credits FSE et region", "esf_plus,regional_budget")]
    [InlineData("it", "fondi FSE", "esf_plus")]
    [InlineData("it", "risorse FSE", "esf_plus")]
    [InlineData("es", "fondos FSE", "esf_plus")]
    [InlineData("es", "recursos del FSE", "esf_plus")]
    public void A_funds_money_is_the_fund(string language, string text, string expected)
    {
        var answer = TestCore.Normalise("funding_sources", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
        Assert.Null(answer.OtherText);
        Assert.False(answer.NeedsConfirmation);
    }

    [Theory]
    [InlineData("fondi toscani")]
    [InlineData("risorse toscane")]
    [InlineData("contributo toscano")]
    [InlineData("fondi campani")]
    [InlineData("fondi friulani")]
    [InlineData("risorse marchigiane")]
    [InlineData("fondi umbri")]
    [InlineData("fondi siciliani")]
    public void An_italian_regions_adjective_reads_in_every_inflection(string text)
    {
        var answer = TestCore.Normalise("funding_sources", text, "it", new NormalisationContext { Country = "IT" });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("regional_budget", answer.Value());
        Assert.Null(answer.OtherText);
    }

    [Theory]
    [InlineData("POR FESR Toscana", "erdf")]
    [InlineData("POR FSE Campania", "esf_plus")]
    [InlineData("Regione Toscana", "regional_budget")]
    public void The_regions_name_stays_the_programmes_detail(string text, string expected)
    {
        var answer = TestCore.Normalise("funding_sources", text, "it", new NormalisationContext { Country = "IT" });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
        Assert.Null(answer.OtherText);
    }

    [Theory]
    [InlineData("sv", "inte en ideell förening utan en kommunal stiftelse")]
    [InlineData("sv", "inte en ideell förening, utan en kommunal stiftelse")]
    [InlineData("sv", "ej ngo utan kommunal stiftelse")]
    [InlineData("en", "not an NGO, rather a municipal foundation")]
    [InlineData("fr", "pas une ONG, plutot une fondation municipale")]
    [InlineData("de", "kein Verein, eher eine städtische Stiftung")]
    [InlineData("es", "no es una ONG sino una fundacion municipal")]
    [InlineData("es", "no es una ONG, mas bien una fundación municipal")]
    [InlineData("it", "non una ONG bensi una fondazione comunale")]
    [InlineData("it", "non è una ONG, piuttosto una fondazione comunale")]
    [InlineData("pt", "não é uma ONG mas sim uma fundação municipal")]
    [InlineData("el", "δεν ειναι ΜΚΟ, μαλλον δημοτικο ιδρυμα")]
    public void A_contrast_after_a_negation_names_the_choice_meant(string language, string text)
    {
        var answer = TestCore.Normalise("lead_organisation_type", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("local_authority", answer.Value());
        Assert.Null(answer.OtherText);
        Assert.Equal(text, answer.Original);
    }

    /// <summary>With no negation before it, "utan" is "without": nothing is split, nothing denied.</summary>
    [Theory]
    [InlineData("kvinnor utan uppehållstillstånd", "target_groups", "women,third_country_nationals")]
    [InlineData("språkkurser utan avgift", "integration_areas", "language,other")]
    public void Utan_without_a_negation_is_without(string text, string question, string expected)
    {
        var answer = TestCore.Normalise(question, text, "sv");
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
    }

    /// <summary>The "+" of the fund's own name is no "and": the region after it is the programme's (README, session 52).</summary>
    [Theory]
    [InlineData("de", "ESF+ Niedersachsen", "DE", "esf_plus")]
    [InlineData("it", "FSE+ Toscana", "IT", "esf_plus")]
    [InlineData("el", "ΕΚΤ+ Κρήτης", "GR", "esf_plus")]
    [InlineData("es", "FSE+ Andalucía", "ES", "esf_plus")]
    [InlineData("de", "ESF+ und Land Niedersachsen", "DE", "esf_plus,regional_budget")]
    [InlineData("de", "ESF+, Niedersachsen", "DE", "esf_plus,regional_budget")]
    [InlineData("de", "AMIF + Landesmittel", "DE", "amif,regional_budget")]
    [InlineData("en", "AMIF+ESF+", "IE", "amif,esf_plus")]
    public void A_region_after_a_funds_plus_is_the_programmes(string language, string text, string country, string expected)
    {
        var answer = TestCore.Normalise("funding_sources", text, language, new NormalisationContext { Country = country });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
        Assert.Null(answer.OtherText);
        Assert.False(answer.NeedsConfirmation);
    }

    /// <summary>An extension only maybe to come is a remark on the date; one applied for or planned asks (chat51).</summary>
    [Theory]
    [InlineData("it", "fino a dic 2025, forse proroga")]
    [InlineData("de", "bis Dez. 2025, vielleicht Verlängerung")]
    [InlineData("en", "until Dec 2025, maybe extended")]
    [InlineData("pt", "até dezembro de 2025, talvez prorrogado")]
    public void A_maybe_extension_keeps_the_date(string language, string text)
    {
        var answer = TestCore.Normalise("end_date", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("2025-12", answer.Value());
        Assert.Equal(text, answer.Original);
    }

    [Theory]
    [InlineData("it", "fino a dic 2025, poi proroga")]
    [InlineData("de", "bis Dez. 2025, Verlängerung beantragt")]
    public void An_extension_to_come_still_asks(string language, string text)
    {
        var answer = TestCore.Normalise("end_date", text, language);
        Assert.False(answer.Ok);
        Assert.Equal(["\"ongoing\"", "\"2025-12\""], answer.Candidates.Select(c => c.Value.ToJsonString()));
    }
}
