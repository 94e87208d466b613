using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 48 (lang48): durations and yearly amounts at the budget, counts of households and of one group at the people
/// reached, "none of these" at the choices and "not for now" at the consent, as officials type them in the 8 languages
/// (/work/briefs/notes/lang48-probe). The budget asked for is the total: a yearly amount is multiplied only when its years are
/// stated, in digits or in words; else it is kept as typed and flagged for a researcher (the rule the mail side shares).
/// </summary>
public class DurationsAndCountsTests
{
    [Theory]
    // Years in words ("trois ans", "zwei Jahre", "δύο χρόνια") were not read: the yearly amount was stored as the total.
    [InlineData("fr", "45 000 € par an sur trois ans", "135000", "45 000 € par an sur 3 ans, cela fait 135 000 € au total. Le budget total est-il de 135 000 € ?")]
    [InlineData("de", "30.000 € jährlich, Laufzeit zwei Jahre", "60000", null)]
    [InlineData("es", "20 mil euros al año durante tres años", "60000", null)]
    [InlineData("es", "20.000 € al año durante 3 años", "60000", null)] // the example the Spanish message itself gives
    [InlineData("en", "€20k per year for two years", "40000", null)]
    [InlineData("it", "30.000 euro l'anno per tre anni", "90000", null)]
    [InlineData("el", "10.000 ευρώ το χρόνο για δύο χρόνια", "20000", null)]
    [InlineData("el", "50.000 ευρώ ετησίως, διάρκεια τρία χρόνια", "150000", null)]
    [InlineData("pt", "25.000 euros anuais, duração de dois anos", "50000", null)]
    [InlineData("sv", "50 000 euro per år i två år", "100000", null)]
    [InlineData("fr", "50 000 euros par année, durée du projet quatre ans", "200000", null)]
    [InlineData("it", "45.000€/anno per tre anni", "135000", null)]
    public void A_yearly_amount_with_its_years_in_words_offers_the_total(string language, string text, string expected, string? confirmation)
    {
        var answer = TestCore.Normalise("budget_eur", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal((expected, true), (answer.Value(), answer.NeedsConfirmation));
        if (confirmation is not null)
        {
            Assert.Equal(confirmation, answer.Confirmation!.Replace('\u00a0', ' ').Replace('\u202f', ' '));
        }
    }

    [Theory]
    // A yearly amount with no years is no total budget: it was stored as one. Kept as typed, flagged, the yearly amount in
    // the flag's detail, and the contributor told why.
    [InlineData("en", "€40k/yr", "40000")]
    [InlineData("en", "around €30,000 per annum", "30000")]
    [InlineData("fr", "environ 25 000 € par an", "25000")]
    [InlineData("fr", "20 k€/an", "20000")]
    [InlineData("fr", "budget annuel de 60 000 €", "60000")]
    [InlineData("de", "ca. 20.000 € pro Jahr", "20000")]
    [InlineData("de", "40 T€ p.a.", "40000")]
    [InlineData("es", "unos 35.000 € anuales", "35000")]
    [InlineData("it", "circa 25.000 € annui", "25000")]
    [InlineData("el", "περίπου 10.000 ευρώ το χρόνο", "10000")]
    [InlineData("el", "ετήσιος προϋπολογισμός 40.000 ευρώ", "40000")]
    [InlineData("pt", "30.000 €/ano", "30000")]
    [InlineData("sv", "ca 40 000 euro om året", "40000")]
    [InlineData("sv", "årlig budget 40 000 euro", "40000")]
    [InlineData("en", "€15k a year for 2-3 years", "15000")] // a range of years is no number of years (the 2 was offered as €2)
    [InlineData("fr", "20 000 € par an de 2023 à 2025", "20000")] // the years of a period say when (2 023 € was offered)
    public void A_yearly_amount_without_its_years_is_kept_as_typed_and_flagged(string language, string text, string yearly)
    {
        var answer = TestCore.Normalise("budget_eur", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Null(answer.Value);
        Assert.False(answer.NeedsConfirmation);
        Assert.Equal([new AnswerFlag(FlagReasons.AmountPerYear, yearly)], answer.Flags);
        Assert.Single(answer.Warnings);
        Assert.Equal(text, answer.Original);
    }

    [Theory]
    // A total over years, or a year that says when, stays the amount.
    [InlineData("en", "€2.5M over three years", "2500000")]
    [InlineData("fr", "1,2 M€ sur trois ans", "1200000")]
    [InlineData("de", "rund 80.000 € für zwei Jahre", "80000")]
    [InlineData("en", "budget 2024: €45,000", "45000")] // was offered as €2,024 or €45,000
    [InlineData("de", "Förderung 2024: 45.000 €", "45000")]
    [InlineData("de", "im Jahr 2023 rund 50.000 €", "50000")]
    [InlineData("fr", "entre 1500 et 2000 €", null)] // two amounts, still asked about
    public void A_total_over_years_or_a_year_that_says_when_stays_the_amount(string language, string text, string? expected)
    {
        var answer = TestCore.Normalise("budget_eur", text, language);
        Assert.Equal(expected, answer.Value());
        Assert.Empty(answer.Flags);
    }

    [Fact]
    public void A_yearly_amount_beside_a_larger_total_offers_both() =>
        Assert.Equal(["45000", "135000"], TestCore.Normalise("budget_eur", "€45k a year, 135k in total").Candidates.Select(c => c.Value!.ToJsonString()));

    [Theory]
    // Households and persons: the people reached are the persons, offered to confirm (both were offered to choose from).
    [InlineData("fr", "40 familles soit 150 personnes", "150")]
    [InlineData("en", "40 families, around 150 people", "150")]
    [InlineData("de", "40 Familien, also ca. 150 Personen", "150")]
    [InlineData("es", "50 familias, unas 180 personas", "180")]
    [InlineData("it", "40 famiglie, cioè circa 150 persone", "150")]
    [InlineData("el", "40 οικογένειες, δηλαδή 150 άτομα", "150")]
    [InlineData("pt", "40 famílias, ou seja 150 pessoas", "150")]
    [InlineData("sv", "40 familjer, alltså ca 150 personer", "150")]
    [InlineData("fr", "12 familles, soit 45 personnes", "45")] // both were offered (NumberNormalisationTests until session 48)
    [InlineData("it", "300 famiglie (circa 900 persone)", "900")] // was asked again
    public void Households_beside_persons_offer_the_persons(string language, string text, string expected)
    {
        var answer = TestCore.Normalise("beneficiaries_count", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal((expected, true), (answer.Value(), answer.NeedsConfirmation));
    }

    [Theory]
    // Households alone (lang53: they were the people reached): kept as typed with no value, flagged, the people asked.
    [InlineData("en", "about 40 families")]
    [InlineData("de", "rund 300 Familien")]
    [InlineData("de", "40 Familien seit 2019")]
    [InlineData("el", "300 οικογενειες")]
    [InlineData("el", "περίπου 300 οικογένειες")]
    [InlineData("fr", "environ 80 familles par an")]
    [InlineData("fr", "depuis 2021, 450 familles")]
    [InlineData("es", "unas 120 familias")]
    [InlineData("it", "120 nuclei familiari")]
    [InlineData("it", "circa 300 famiglie")]
    [InlineData("pt", "300 familias")]
    [InlineData("pt", "cerca de 80 agregados familiares")]
    [InlineData("sv", "ca 300 familjer")]
    [InlineData("sv", "120 hushall")]
    [InlineData("en", "1,200 households")]
    [InlineData("fr", "une centaine de familles")] // in words too (NumberNormalisationTests read them as people until lang53)
    [InlineData("de", "ein Dutzend Familien")]
    [InlineData("es", "unas tres decenas de familias")]
    [InlineData("it", "ventitré famiglie")]
    [InlineData("pt", "meia dúzia de famílias")]
    public void A_count_of_households_alone_is_kept_as_typed_and_the_people_asked(string language, string text)
    {
        var answer = TestCore.Normalise("beneficiaries_count", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Null(answer.Value);
        Assert.Equal(text, answer.Original);
        Assert.Equal([new AnswerFlag(FlagReasons.CountHouseholds, text)], answer.Flags);
        Assert.Contains(text, Assert.Single(answer.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    // A group of people, "over 1.000": the number as typed (the words stay in the original). A year's count keeps its year as a
    // remark since session 56 (Chat56RunTests).
    [InlineData("es", "200 alumnos por curso", "200")] // "por curso" is the school year in Spain
    [InlineData("en", "a group of 20 women", "20")]
    [InlineData("el", "120 άτομα περίπου", "120")]
    [InlineData("it", "cerca di 300 utenti", "300")]
    [InlineData("en", "over 1.000", "1000")]
    public void A_count_of_a_year_or_a_group_of_people_is_the_number_typed(string language, string text, string expected)
    {
        var answer = TestCore.Normalise("beneficiaries_count", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal((expected, false), (answer.Value(), answer.NeedsConfirmation));
        Assert.Empty(answer.Flags);
    }

    [Theory]
    // One group's or course's count is no number of people reached: it was stored as one. Kept as typed and flagged.
    [InlineData("de", "ca. 40 TN pro Kurs", "40")]
    [InlineData("en", "roughly 60 participants per course", "60")]
    [InlineData("fr", "15 jeunes par session", "15")]
    [InlineData("es", "20 alumnos por grupo", "20")]
    [InlineData("it", "12 corsisti per corso", "12")]
    [InlineData("el", "15 άτομα ανά τμήμα", "15")]
    [InlineData("pt", "15 formandos por turma", "15")]
    [InlineData("sv", "12 deltagare per grupp", "12")]
    public void A_count_of_one_group_is_kept_as_typed_and_flagged(string language, string text, string count)
    {
        var answer = TestCore.Normalise("beneficiaries_count", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Null(answer.Value);
        Assert.Equal([new AnswerFlag(FlagReasons.CountPerGroup, count)], answer.Flags);
        Assert.Single(answer.Warnings);
    }

    [Theory]
    // "none of these" was kept under Other as the area or the funding; it is none: asked again where an answer is needed,
    // skipped where the question is optional, "No role" at the regional authority's role.
    [InlineData("en", "none of these")]
    [InlineData("fr", "aucun de ceux-là")]
    [InlineData("de", "keine davon")]
    [InlineData("es", "ninguno de estos")]
    [InlineData("it", "nessuno di questi")]
    [InlineData("el", "κανένα από αυτά")]
    [InlineData("pt", "nenhum destes")]
    [InlineData("sv", "inget av dessa")]
    public void None_of_these_names_no_option(string language, string text)
    {
        var areas = TestCore.Normalise("integration_areas", text, language);
        Assert.False(areas.Ok);
        Assert.Null(areas.OtherText);
        Assert.True(TestCore.Normalise("funding_sources", text, language).Declined);
        Assert.Equal("none", TestCore.Normalise("regional_authority_role", text, language).Value());
    }

    [Theory]
    // "not now", "no por ahora", "erstmal nicht" at the consent were a no stored; they are undecided, asked again, as "not yet".
    [InlineData("en", "not now")]
    [InlineData("fr", "non, pas maintenant")]
    [InlineData("de", "erstmal nicht")]
    [InlineData("es", "no por ahora")]
    [InlineData("it", "no, per il momento no")]
    [InlineData("el", "όχι προς το παρόν")]
    [InlineData("pt", "por enquanto não")]
    [InlineData("sv", "inte just nu")]
    public void Not_for_now_at_the_consent_is_undecided(string language, string text)
    {
        var answer = TestCore.Normalise("consent_publish", text, language);
        Assert.False(answer.Ok);
        Assert.False(answer.Declined);
        Assert.Equal(TestCore.Normaliser.Message(Regin.Core.Localisation.MessageKeys.YesNoUndecided, language), answer.Error);
    }

    [Theory]
    // A clear no stays a no.
    [InlineData("de", "nein, lieber nicht")]
    [InlineData("sv", "nej, helst inte")]
    [InlineData("it", "no, preferisco di no")]
    public void A_clear_no_at_the_consent_stays_a_no(string language, string text) =>
        Assert.Equal("false", TestCore.Normalise("consent_publish", text, language).Value());
}
