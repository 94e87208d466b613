using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 39: contributors who write their language as their region writes it (Austria, South Tyrol, Switzerland, Belgium,
/// Brazilians in Portugal, Finland Swedish, Spain's bilingual regions, Cyprus, Ireland and Malta). Each row was kept under
/// Other, guessed, refused or read wrongly by main's normaliser (the chats in /work/briefs/lang39-material).
/// </summary>
public class RegionalVariantTests
{
    [Theory]
    [InlineData("de", "lead_organisation_type", "Kanton", "regional_authority")]
    [InlineData("de", "lead_organisation_type", "Amt der Landesregierung", "regional_authority")]
    [InlineData("de", "target_groups", "Asylberechtigte, subsidiär Schutzberechtigte und Asylwerber", "international_protection,asylum_seekers")]
    [InlineData("de", "target_groups", "vorläufig Aufgenommene und anerkannte Flüchtlinge", "international_protection")]
    [InlineData("de", "funding_sources", "Kantonsbeitrag und Bundesbeitrag", "regional_budget,national_budget")]
    [InlineData("de", "funding_sources", "Gemeindebudget", "local_budget")]
    [InlineData("de", "funding_sources", "kofinanziert aus AMIF", "amif")]
    [InlineData("fr", "lead_organisation_type", "Canton", "regional_authority")]
    [InlineData("fr", "lead_organisation_type", "CPAS", "local_authority")]
    [InlineData("fr", "target_groups", "demandeurs de protection internationale et primo-arrivants", "asylum_seekers,newly_arrived")]
    [InlineData("fr", "target_groups", "primo-arrivants, réfugiés reconnus et admis provisoires", "newly_arrived,international_protection")]
    [InlineData("fr", "funding_sources", "subside cantonal et fonds fédéraux", "regional_budget,national_budget")]
    [InlineData("fr", "funding_sources", "subside régional et FAMI", "regional_budget,amif")]
    [InlineData("it", "lead_organisation_type", "Provincia autonoma", "regional_authority")]
    [InlineData("it", "funding_sources", "cofinanziato dal FAMI", "amif")]
    [InlineData("el", "target_groups", "δικαιούχοι διεθνούς προστασίας και αιτητές ασύλου", "international_protection,asylum_seekers")]
    [InlineData("el", "lead_organisation_type", "Κοινοτικό Συμβούλιο", "local_authority")]
    [InlineData("el", "funding_sources", "συγχρηματοδότηση από το ΤΑΜΕ", "amif")]
    [InlineData("sv", "lead_organisation_type", "landskapsregering", "regional_authority")]
    [InlineData("sv", "lead_organisation_type", "välfärdsområde", "regional_authority")]
    [InlineData("sv", "regional_authority_role", "ledning och finansiering", "direct_leader,indirect_funding")]
    [InlineData("sv", "funding_sources", "stadens budget och AMIF", "local_budget,amif")]
    [InlineData("sv", "funding_sources", "landskapets medel och AMIF", "regional_budget,amif")]
    [InlineData("pt", "integration_areas", "moradia, emprego, língua", "housing,labour_market,language")]
    [InlineData("pt", "funding_sources", "verba da prefeitura", "local_budget")]
    [InlineData("pt", "funding_sources", "auxílio da Câmara e FAMI", "local_budget,amif")]
    [InlineData("es", "funding_sources", "Govern Balear", "regional_budget")]
    [InlineData("es", "funding_sources", "cofinanciado por la Xunta", "regional_budget")]
    [InlineData("en", "funding_sources", "co-funded by AMIF", "amif")]
    public void A_regional_word_names_its_option(string language, string question, string text, string expected)
    {
        var answer = TestCore.Normalise(question, text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.False(answer.NeedsConfirmation);
        Assert.Null(answer.OtherText);
        Assert.Equal(expected.Split(',').Order(), answer.Value()!.Split(',').Order());
    }

    [Theory]
    // "No bother" was recorded as a no to publishing (its "no"); the others were asked again.
    [InlineData("en", "No bother")]
    [InlineData("en", "Aye")]
    [InlineData("fr", "Ça joue !")]
    [InlineData("sv", "Nå jo, det går bra.")]
    public void A_regional_yes_is_consent(string language, string text)
    {
        var answer = TestCore.Normalise("consent_publish", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("true", answer.Value());
    }

    [Theory]
    // Catalan, Galician and Basque month names typed by habit in a Spanish chat: refused, or a guess to confirm.
    [InlineData("es", "start_date", "gener 2020", "2020-01")]
    [InlineData("es", "end_date", "desembre 2023", "2023-12")]
    [InlineData("es", "start_date", "xaneiro de 2021", "2021-01")]
    [InlineData("es", "start_date", "urtarrila 2020", "2020-01")]
    // A season with a year of two digits (the season with four was read since session 38): unreadable.
    [InlineData("de", "start_date", "Herbst 19", "2019-09")]
    [InlineData("de", "end_date", "Herbst 19", "2019-11")]
    [InlineData("it", "start_date", "autunno del 19", "2019-09")]
    // A winter semester named by its first year ends in March of the next (it ended in March of the same year, before it began).
    [InlineData("de", "start_date", "WS 2021", "2021-10")]
    [InlineData("de", "end_date", "WS 2021", "2022-03")]
    [InlineData("de", "end_date", "WS 2021/22", "2022-03")]
    // Brazilian Portuguese: the gerund of "still doing it".
    [InlineData("pt", "end_date", "estamos fazendo ainda", "ongoing")]
    [InlineData("pt", "end_date", "ainda estamos fazendo", "ongoing")]
    public void A_regional_date_is_read(string language, string question, string text, string expected)
    {
        var answer = TestCore.Normalise(question, text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.False(answer.NeedsConfirmation);
        Assert.Equal(expected, answer.Value());
    }

    [Theory]
    [InlineData("de", "Herbst 19, läuft weiter; Budget CHF 1'200'000 pro Jahr, mitfinanziert vom Bund", "2019-09")]
    [InlineData("pt", "Começamos em março de 2020 e ainda estamos fazendo; orçamento de 40 mil euros por ano", "2020-03")]
    public void A_regional_start_still_running_offers_ongoing_for_the_end(string language, string text, string start)
    {
        // Both were "could not read this date", and every later answer went to the start date.
        Assert.Equal(start, TestCore.Normalise("start_date", text, language).Value());
        Assert.Equal("ongoing", TestCore.Normalise("end_date", TestCore.Normaliser.PeriodText(text, language)!, language).Value());
    }

    [Theory]
    [InlineData("Επαρχία Λεμεσού")]
    [InlineData("Επαρχία Πάφου")]
    public void A_Cypriot_district_is_Cyprus_region(string text)
    {
        // "I did not recognise this region" ("Λεμεσός" alone was read).
        var answer = TestCore.Normalise("region", text, "el", new NormalisationContext { Country = "CY" });
        Assert.Equal("CY00", answer.Value());
        Assert.Empty(answer.Warnings);
    }

    [Theory]
    [InlineData("R$ 50.000")]
    [InlineData("50 mil reais")]
    public void Brazilian_reais_are_another_currency(string text)
    {
        // "R$" was flagged as US dollars; "50 mil reais" was stored as €50,000.
        var answer = TestCore.Normalise("budget_eur", text, "pt");
        Assert.True(answer.Ok, answer.Error);
        Assert.Null(answer.Value);
        Assert.Equal([new AnswerFlag(FlagReasons.CurrencyNotEuro, "BRL")], answer.Flags);
    }

    [Theory]
    [InlineData("en", "£80k (about €95k)", "95000")]
    [InlineData("de", "CHF 1'200'000 (ca. 1,1 Mio. €)", "1100000")]
    public void An_amount_in_another_currency_with_its_euros_beside_it_is_the_euros(string language, string text, string expected)
    {
        // Kept in pounds or francs for a researcher to convert, where the contributor had converted it.
        var answer = TestCore.Normalise("budget_eur", text, language);
        Assert.Equal(expected, answer.Value());
        Assert.Empty(answer.Flags);
    }

    [Theory]
    [InlineData("£80k (about $100k)")]
    [InlineData("£80k")]
    public void An_amount_in_another_currency_alone_stays_flagged(string text) =>
        Assert.Equal("GBP", Assert.Single(TestCore.Normalise("budget_eur", text, "en").Flags).Detail);

    [Theory]
    [InlineData("de", "Budget € 80.000,- pro Jahr")]
    [InlineData("en", "budget €80k a year")]
    [InlineData("fr", "septante-cinq mille euros")]
    public void An_amount_of_money_is_no_count_of_people(string language, string text) =>
        // Stored as 80,000 (75,000) people reached.
        Assert.False(TestCore.Normalise("beneficiaries_count", text, language).Ok);

    [Theory]
    [InlineData("Started Feb 2021, still running; budget €80k a year, co-funded by AMIF", "budget €80k a year|co-funded by AMIF")]
    [InlineData("Start im März 2019, läuft weiter; Budget € 80.000,- pro Jahr, kofinanziert aus AMIF", "Budget € 80.000,- pro Jahr|kofinanziert aus AMIF")]
    [InlineData("Ξεκίνησε τον Φλεβάρη του 2020 και συνεχίζεται· προϋπολογισμός 90.000 € τον χρόνο", "προϋπολογισμός 90.000 € τον χρόνο")]
    [InlineData("gener 2020, col·legi Sant Jordi", "")]
    [InlineData("March 2019", "")]
    public void The_facts_pasted_after_a_semicolon_are_each_part(string text, string expected) =>
        Assert.Equal(expected.Length == 0 ? [] : expected.Split('|'), TestCore.Normaliser.PastedFacts(text));

    [Theory]
    [InlineData("en", "Started Feb 2021, budget €80k a year, co-funded by AMIF", "budget €80k a year|co-funded by AMIF")]
    [InlineData("de", "Jänner 2020, Budget € 80.000,-- pro Jahr", "Budget € 80.000,-- pro Jahr")]
    [InlineData("it", "01/03/2019, finanziato dal FAMI", "finanziato dal FAMI")]
    [InlineData("en", "Started Feb 2021, still running; budget €80k a year", "budget €80k a year")]
    // A comma inside the date itself opens nothing: what is before it has no year, or is no date.
    [InlineData("en", "Feb 1, 2021", "")]
    [InlineData("en", "March 1, 2019, budget €80k", "")]
    [InlineData("en", "Feb 2021", "")]
    public void The_facts_pasted_after_a_date_and_a_comma_are_each_part(string language, string text, string expected) =>
        Assert.Equal(expected.Length == 0 ? [] : expected.Split('|'), TestCore.Normaliser.PastedFactsAfterDate(text, language));
}
