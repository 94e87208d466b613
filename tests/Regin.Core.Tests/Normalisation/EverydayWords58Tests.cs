using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 58 (lang58): what the whole plays of a Walloon, a Tyrolean, a Zurich, a Catalan and a Cork official over the real
/// host misread, and answers pasted from a mail, Word or a web page. Swiss francs written "Fr." or "francs" were stored as
/// euros; "GSM" and "Natel" before a phone number were no phone number; "AViQ", "Forem", "AMS", "BH" (Walloon and Austrian
/// public bodies) were Other; Catalan words typed into Spanish ("fins al desembre", "Conselleria", "Diputació", "ocupació",
/// "habitatge", "dones", "persones migrades") were refused or Other. A name or an address pasted in quotes kept them (the
/// address was accepted as one), and a signature pasted after "--" joined the answer.
/// </summary>
public class EverydayWords58Tests
{
    [Theory]
    [InlineData("de", "120'000 Fr.")]
    [InlineData("de", "Fr. 120'000.–")]
    [InlineData("de", "rund 80'000 SFr.")]
    [InlineData("fr", "septante mille francs")]
    [InlineData("fr", "1'200'000 fr.")]
    public void Swiss_francs_are_no_euros(string language, string text)
    {
        var answer = TestCore.Normalise("budget_eur", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Null(answer.Value);
        Assert.Contains(answer.Flags, flag => flag.Reason == FlagReasons.CurrencyNotEuro && flag.Detail == "CHF");
    }

    [Theory]
    [InlineData("de", "120'000 €", "120000")]
    [InlineData("fr", "120'000 €", "120000")]
    [InlineData("fr", "nonante mille euros", "90000")]
    [InlineData("de", "Frau Huber sagt 12.000 Euro", "12000")]
    public void Euros_written_the_swiss_way_stay_euros(string language, string text, string value)
    {
        var answer = TestCore.Normalise("budget_eur", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(value, answer.Value());
    }

    [Theory]
    [InlineData("fr", "GSM 0475 12 34 56", "0475 12 34 56")]
    [InlineData("fr", "GSM : +32 475 12 34 56", "+32 475 12 34 56")]
    [InlineData("fr", "mon gsm 0475/12.34.56", "0475/12.34.56")]
    [InlineData("de", "Natel 079 123 45 67", "079 123 45 67")]
    [InlineData("fr", "natel 079 123 45 67", "079 123 45 67")]
    public void Gsm_and_natel_open_a_mobile_number(string language, string text, string digits)
    {
        var answer = TestCore.Normalise("contact_phone", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(new string(digits.Where(char.IsAsciiDigit).ToArray()), new string(answer.Value()!.Where(char.IsAsciiDigit).ToArray()));
    }

    [Theory]
    [InlineData("fr", "AViQ", "regional_authority")]
    [InlineData("fr", "le Forem", "regional_authority")]
    [InlineData("de", "AMS", "national_authority")]
    [InlineData("de", "das AMS Tirol", "national_authority")]
    [InlineData("de", "BH Innsbruck", "local_authority")]
    [InlineData("es", "Conselleria de Igualdad", "regional_authority")]
    [InlineData("es", "la conselleria", "regional_authority")]
    [InlineData("es", "Diputació de Barcelona", "local_authority")]
    public void Regional_public_bodies_are_their_level(string language, string text, string code)
    {
        var answer = TestCore.Normalise("lead_organisation_type", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.False(answer.NeedsConfirmation);
        Assert.Equal((code, null), (answer.Value(), answer.OtherText));
    }

    [Theory]
    [InlineData("integration_areas", "ocupació, habitatge i salut", "labour_market,housing,health")]
    [InlineData("target_groups", "persones migrades i dones", "third_country_nationals,women")]
    [InlineData("target_groups", "persones nouvingudes", "newly_arrived")]
    [InlineData("funding_sources", "fondos de la Conselleria y del ajuntament", "regional_budget,local_budget")]
    public void Catalan_words_typed_into_spanish_are_read(string question, string text, string codes)
    {
        var answer = TestCore.Normalise(question, text, "es");
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal((string.Join(",", codes.Split(',').Order()), (string?)null), (string.Join(",", answer.Value()!.Split(',').Order()), answer.OtherText));
    }

    [Theory]
    [InlineData("fins al desembre 2024", "2024-12")]
    [InlineData("fins a juny 2024", "2024-06")]
    [InlineData("fins 2024", "2024")]
    public void Catalan_until_before_an_end_date(string text, string iso)
    {
        var answer = TestCore.Normalise("end_date", text, "es");
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(iso, answer.Value());
    }

    [Theory]
    [InlineData("contact_name", "\u201CMary O\u2019Brien\u201D", "Mary O\u2019Brien")]
    [InlineData("contact_name", "\"Mary O'Brien\"", "Mary O'Brien")]
    [InlineData("contact_email", "\u201Cmary.obrien@corkcoco.ie\u201D", "mary.obrien@corkcoco.ie")]
    [InlineData("contact_email", "\u00AB\u00A0jf.dubois@aviq.be\u00A0\u00BB", "jf.dubois@aviq.be")]
    [InlineData("lead_organisation", "\u201EGemeinde Telfs\u201C", "Gemeinde Telfs")]
    [InlineData("title", "\u201CWelcome Caf\u00E9\u201D", "Welcome Caf\u00E9")]
    // A quotation inside the answer is its own: kept.
    [InlineData("title", "\u201CWelcome Caf\u00E9\u201D \u2013 a drop-in for newcomers", "\u201CWelcome Caf\u00E9\u201D \u2013 a drop-in for newcomers")]
    [InlineData("title", "\u00AB Parrainage emploi \u00BB pour primo-arrivants", "\u00AB Parrainage emploi \u00BB pour primo-arrivants")]
    public void An_answer_pasted_in_quotes_is_read_without_them(string question, string text, string value)
    {
        var answer = TestCore.Normalise(question, text, "en");
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(value, answer.Value());
        Assert.Equal(text, answer.Original);
    }

    [Theory]
    // A closing word inside the text, or with more than a signature after it, is the contributor's.
    [InlineData("lessons_learned", "Say thanks.\nThanks to the volunteers, it worked.")]
    [InlineData("results", "We wrote to every family.\nThank you\nletters came back from 40 of them, and the school asked us to go on with it next year too")]
    [InlineData("activities", "Meetings every week.\n- agenda\n- minutes")]
    public void A_closing_word_in_the_text_is_kept(string question, string text)
    {
        var answer = TestCore.Normalise(question, text, "en");
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(text, answer.Value());
    }

    [Fact]
    public void A_long_text_keeps_its_quotes()
    {
        const string quoted = "\u201CNobody here knew where to go.\u201D";
        var answer = TestCore.Normalise("description", quoted, "en");
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(quoted, answer.Value());
    }

    [Theory]
    [InlineData("lead_organisation", "Cork County Council\n--\nMary O'Brien | Integration Officer", "Cork County Council")]
    [InlineData("lead_organisation", "Cork County Council\n-- \nMary O'Brien\nT: 021 4285 000", "Cork County Council")]
    [InlineData("description", "No place to meet locals.\n\nServices were in the city.\n-- \nMary O'Brien\nCork County Council", "No place to meet locals.\n\nServices were in the city.")]
    [InlineData("beneficiaries_count", "circa 200\n--\nMary", "200")]
    [InlineData("challenges_solutions", "Staff turnover \u2013 we trained volunteers.\n\nKind regards,\nFiona", "Staff turnover \u2013 we trained volunteers.")]
    [InlineData("lessons_learned", "Bisogna ascoltare prima.\nCordiali saluti\nGiulia Rossi\nComune di Bari", "Bisogna ascoltare prima.")]
    [InlineData("lead_organisation", "Glasgow City Council\n\nMany thanks,\nFiona MacLeod\nSenior Officer | Glasgow City Council", "Glasgow City Council")]
    [InlineData("contact_email", "\u201Cfiona.macleod@glasgow.gov.uk\u201D\n\nFiona MacLeod\nSenior Officer | Glasgow City Council\nT: 0141 287 0000", "fiona.macleod@glasgow.gov.uk")]
    // A Teams message copied with its headers: the words without them, the lines kept.
    [InlineData("description", "[10:02] Fiona MacLeod\nPeople had no single place to go.\n\n[10:03] Fiona MacLeod\nWaiting lists were long.", "People had no single place to go.\n\nWaiting lists were long.")]
    [InlineData("description", "[10:02 AM] MacLeod, Fiona\nPeople had no single place to go.", "People had no single place to go.")]
    public void A_signature_pasted_after_its_separator_is_no_part_of_the_answer(string question, string text, string value)
    {
        var answer = TestCore.Normalise(question, text, "en");
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(value, answer.Value());
        Assert.Equal(text, answer.Original);
    }

    [Theory]
    // Word's and the web's lists and spaces read as typed (these passed before: kept as a guard).
    [InlineData("integration_areas", "\u2022 Employment\n\u2022 Housing\n\u2022 Language classes", "labour_market,housing,language")]
    [InlineData("integration_areas", "1) employment\n2) housing\n3) health", "labour_market,housing,health")]
    [InlineData("beneficiaries_count", "1\u202F200 people", "1200")]
    [InlineData("budget_eur", "120\u202F000\u00A0\u20AC", "120000")]
    [InlineData("lead_organisation_type", "Lo\u00ADcal Au\u00ADthor\u00ADity", "local_authority")]
    public void Lists_and_spaces_pasted_from_word_read_as_typed(string question, string text, string value)
    {
        var answer = TestCore.Normalise(question, text, "en");
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(string.Join(",", value.Split(',').Order()), string.Join(",", answer.Value()!.Split(',').Order()));
    }

    [Fact]
    public void A_long_text_pasted_as_a_list_keeps_its_lines()
    {
        const string list = "\u2013 give people a place to meet\n\u2013 link them to services";
        var answer = TestCore.Normalise("objectives", list, "en");
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(list, answer.Value());
    }

    [Theory]
    [InlineData("en", "Scotland", "United Kingdom")]
    [InlineData("en", "Greater Manchester", "United Kingdom")]
    [InlineData("de", "Schottland", "Vereinigtes Königreich")]
    public void A_region_of_a_country_without_nuts_codes_is_kept_and_said_so(string language, string text, string countryName)
    {
        var answer = TestCore.Normalise("region", text, language, new NormalisationContext { Country = "GB" });
        Assert.True(answer.Ok, answer.Error);
        Assert.Null(answer.Value);
        Assert.Contains(answer.Flags, flag => flag.Reason == FlagReasons.RegionUnknown);
        Assert.Contains(countryName, Assert.Single(answer.Warnings));
        Assert.Contains("NUTS", answer.Warnings[0]);
    }

    [Fact]
    public void An_unknown_place_in_a_country_with_nuts_codes_is_still_not_recognised()
    {
        var answer = TestCore.Normalise("region", "Lummerland", "en", new NormalisationContext { Country = "DE" });
        Assert.True(answer.Ok, answer.Error);
        Assert.DoesNotContain("NUTS", Assert.Single(answer.Warnings));
    }

    [Theory]
    [InlineData("de", "Kanton Zürich", "Fachstelle Integration Kanton Zürich", "Kanton Zürich")]
    [InlineData("en", "Cork County", "Integration Unit Cork County", "Cork County")]
    [InlineData("fr", "Région wallonne", "AViQ, direction intégration", "Région wallonne")]
    // Said short, with an article or in organisation words only, still the contributor's own (sessions 45 and 57).
    [InlineData("en", "the county council", "Cork County Council, Integration Unit", "Cork County Council, Integration Unit")]
    [InlineData("en", "County Council", "Integration Unit Cork County Council", "Integration Unit Cork County Council")]
    [InlineData("de", "der Kanton", "Fachstelle Integration Kanton Zürich", "Fachstelle Integration Kanton Zürich")]
    public void The_body_the_contributors_unit_is_named_after_is_kept_as_typed(string language, string text, string ours, string stored)
    {
        var answer = TestCore.Normalise("lead_organisation", text, language, new NormalisationContext { ContactOrganisation = ours });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(stored, answer.Value());
    }

    [Theory]
    // "auslaufen": a project that runs out ends then (the Tyrolean play's "läuft heuer aus" was stored as ongoing).
    [InlineData("de", "läuft Ende 2025 aus", "2025")]
    [InlineData("de", "läuft im Dezember 2025 aus", "2025-12")]
    [InlineData("de", "läuft heuer aus", "2026")]
    [InlineData("de", "läuft heuer noch aus", "2026")]
    [InlineData("de", "läuft heuer noch aus, Ende Dezember", "2026-12")]
    [InlineData("de", "läuft nächstes Jahr aus", "2027")]
    [InlineData("en", "running till end of next year", "2027-12")]
    public void A_practice_that_runs_out_then_ends_then(string language, string text, string iso)
    {
        var answer = TestCore.Normalise("end_date", text, language, new NormalisationContext { Today = new DateOnly(2026, 12, 7) });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(iso, answer.Value());
    }

    [Theory]
    [InlineData("de", "läuft")]
    [InlineData("de", "läuft noch")]
    [InlineData("de", "läuft weiter, Ende offen")]
    [InlineData("en", "running")]
    [InlineData("en", "still running")]
    public void A_practice_that_runs_on_is_ongoing(string language, string text)
    {
        var answer = TestCore.Normalise("end_date", text, language, new NormalisationContext { Today = new DateOnly(2026, 12, 7) });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("ongoing", answer.Value());
    }
}
