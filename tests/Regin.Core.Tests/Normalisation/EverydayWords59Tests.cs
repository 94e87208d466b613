using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 59 (lang59): what whole plays of a Finland-Swedish (Österbotten) and a Skåne official, Greek officials from Cyprus
/// and Crete, Portuguese from the Azores and a Brazil-born técnica of a Lisbon junta, and Italian officials from South Tyrol
/// and Sicily misread over the real host, and what lang58 left: people named only by where they come from beside another
/// group ("IPAs and Ukrainians") were dropped unseen; an end said in words beside "ongoing" ("ongoing till end of next year")
/// was "ongoing"; "em curso até 2027" was June 2027 ("curso" read as a Spanish school year); es "el Consell" was local.
/// </summary>
public class EverydayWords59Tests
{
    private static readonly NormalisationContext InDecember2026 = new() { Today = new DateOnly(2026, 12, 8) };

    [Theory]
    [InlineData("en", "IPAs and Ukrainians", "asylum_seekers", "Ukrainians")]
    [InlineData("en", "women, Ukrainians", "women", "Ukrainians")]
    [InlineData("de", "Frauen und Ukrainer", "women", "Ukrainer")]
    [InlineData("fr", "femmes et Ukrainiens", "women", "Ukrainiens")]
    [InlineData("sv", "asylsökande o ukrainare", "asylum_seekers", "ukrainare")]
    [InlineData("el", "προσφυγες και Ουκρανοι", "international_protection", "Ουκρανοι")]
    [InlineData("pt", "imigrantes e ucranianos", "third_country_nationals", "ucranianos")]
    [InlineData("it", "migranti e gli ucraini", "third_country_nationals", "gli ucraini")]
    [InlineData("es", "mujeres y sirios", "women", "sirios")]
    public void People_named_only_by_their_origin_beside_another_group_are_a_group_of_their_own(string language, string text, string code, string other)
    {
        var answer = TestCore.Normalise("target_groups", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(string.Join(",", new[] { code, "other" }.Order()), string.Join(",", answer.Value()!.Split(',').Order()));
        Assert.Equal(other, answer.OtherText);
        Assert.Contains(answer.Flags, flag => flag.Reason == FlagReasons.ChoiceUnrecognised);
    }

    // The origins of a group named with one (lang47), and the people around a group, are still details of it.
    [Theory]
    [InlineData("it", "rifugiati ucraini e afghani", "international_protection")]
    [InlineData("en", "refugees from Syria and Afghanistan", "international_protection")]
    [InlineData("de", "syrische Geflüchtete und Afghanen", "international_protection")]
    [InlineData("de", "Flüchtlingskinder und ihre Familien", "children_youth,international_protection")]
    [InlineData("it", "alunni stranieri e le loro famiglie", "children_youth,third_country_nationals")]
    public void Origins_of_a_group_named_with_one_stay_details(string language, string text, string codes)
    {
        var answer = TestCore.Normalise("target_groups", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal((codes, (string?)null), (string.Join(",", answer.Value()!.Split(',').Order()), answer.OtherText));
    }

    [Theory]
    [InlineData("en", "ongoing till end of next year", "2027-12")]
    [InlineData("en", "still ongoing until the end of next year", "2027-12")]
    [InlineData("it", "in corso fino a fine anno prossimo", "2027-12")]
    [InlineData("el", "σε εξελιξη μεχρι τελος του επομενου χρονου", "2027-12")]
    [InlineData("sv", "pågående t.o.m. nästa år", "2027")]
    [InlineData("pt", "em curso até ao final do próximo ano", "2027-12")]
    public void An_end_said_in_words_beside_ongoing_is_the_end_to_confirm(string language, string text, string iso)
    {
        var answer = TestCore.Normalise("end_date", text, language, InDecember2026);
        Assert.True(answer.Ok, answer.Error);
        Assert.True(answer.NeedsConfirmation);
        Assert.Equal(iso, answer.Value());
    }

    // A stated end in digits wins too (as before); an end "at least", "for now" or the funding's stays a remark on "ongoing".
    [Theory]
    [InlineData("en", "ongoing until 2027", "2027")]
    [InlineData("pt", "em curso até 2027", "2027")]
    [InlineData("pt", "em curso, até 2027", "2027")]
    [InlineData("en", "ongoing, at least until end of next year", "ongoing")]
    [InlineData("en", "ongoing (funded until end of next year)", "ongoing")]
    [InlineData("en", "ongoing", "ongoing")]
    [InlineData("en", "ongoing until today", "ongoing")]
    [InlineData("es", "en curso 2019-2020", "2020-06")]
    public void A_stated_end_in_digits_wins_and_remarks_stay_ongoing(string language, string text, string value)
    {
        var answer = TestCore.Normalise("end_date", text, language, InDecember2026);
        Assert.True(answer.Ok, answer.Error);
        Assert.False(answer.NeedsConfirmation);
        Assert.Equal(value, answer.Value());
    }

    [Theory]
    [InlineData("es", "el Consell", "regional_authority")]
    [InlineData("es", "Consell", "regional_authority")]
    [InlineData("es", "Consell comarcal", "local_authority")]
    [InlineData("es", "Consell insular", "local_authority")]
    [InlineData("es", "Consell de Mallorca", "local_authority")]
    [InlineData("sv", "NTM-centralen", "national_authority")]
    [InlineData("sv", "TE-byrån", "national_authority")]
    [InlineData("sv", "Österbottens förbund", "regional_authority")]
    [InlineData("sv", "Folkhälsan", "ngo")]
    [InlineData("el", "Επαρχιακη Διοικηση Λευκωσιας", "national_authority")]
    [InlineData("el", "ΚΕΠ", "local_authority")]
    [InlineData("el", "Περιφερειακη Ενοτητα Χανιων", "regional_authority")]
    [InlineData("pt", "Direção Regional das Comunidades", "regional_authority")]
    [InlineData("pt", "Secretaria Regional", "regional_authority")]
    [InlineData("pt", "junta", "local_authority")]
    [InlineData("it", "Commissariato del Governo", "national_authority")]
    [InlineData("it", "Comunità comprensoriale", "local_authority")]
    [InlineData("it", "Libero consorzio comunale", "local_authority")]
    [InlineData("it", "Centro per l'impiego", "regional_authority")]
    public void Regional_public_bodies_are_their_level(string language, string text, string code)
    {
        var answer = TestCore.Normalise("lead_organisation_type", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.False(answer.NeedsConfirmation);
        Assert.Equal((code, (string?)null), (answer.Value(), answer.OtherText));
    }

    [Theory]
    [InlineData("es", "el Consell", "regional_budget")]
    [InlineData("sv", "landskapsregeringen", "regional_budget")]
    [InlineData("sv", "NTM-centralen", "national_budget")]
    [InlineData("sv", "statlig ersättning", "national_budget")]
    [InlineData("el", "ΤΑΑ", "other_eu")]
    [InlineData("el", "ΥΠΕΣ", "national_budget")]
    [InlineData("it", "sbarcati", "newly_arrived")]
    [InlineData("it", "tedesco e italiano", "language")]
    [InlineData("sv", "finska o svenska", "language")]
    public void Regional_words_name_their_option(string language, string text, string code)
    {
        var question = code switch
        {
            "newly_arrived" => "target_groups",
            "language" => "integration_areas",
            _ => "funding_sources",
        };
        var answer = TestCore.Normalise(question, text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.False(answer.NeedsConfirmation);
        Assert.Equal((code, (string?)null), (answer.Value(), answer.OtherText));
    }

    [Theory]
    [InlineData("pt", "Açores 2030")]
    [InlineData("pt", "Madeira 2030")]
    public void A_regional_programme_of_the_structural_funds_is_asked_about(string language, string text)
    {
        var answer = TestCore.Normalise("funding_sources", text, language);
        Assert.False(answer.Ok);
        Assert.True(answer.NeedsConfirmation);
        Assert.Contains(answer.Candidates, candidate => candidate.Value.ToJsonString().Contains("esf_plus", StringComparison.Ordinal));
        Assert.Contains(answer.Candidates, candidate => candidate.Value.ToJsonString().Contains("erdf", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sv", "pågår t.o.m. utgången av 2025", "2025")]
    [InlineData("sv", "till utgången av 2025", "2025")]
    [InlineData("sv", "fortgående", "ongoing")]
    [InlineData("el", "ισχυει ακομα", "ongoing")]
    public void Regional_ways_of_saying_an_end_are_read(string language, string text, string value)
    {
        var answer = TestCore.Normalise("end_date", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(value, answer.Value());
    }
}
