using Regin.Core.Conversation;
using Regin.Core.Normalisation;
using Regin.Core.Persistence.Entities;
using Regin.Core.Presentation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 50 (lang50): everyday words left by session 49. "Public" beside a named source adds nothing; a region's
/// adjective at the funding is the regional budget in every language; "we do it all ourselves" in Swedish, Portuguese and
/// Greek; an association's own funds are private; a national agency at the funding is the national budget; example
/// abbreviations ("z.B.", "e.g.", "π.χ.") name nothing; a count or an amount typed as an approximation is stored as its
/// number and shown "about 150".
/// </summary>
public class EverydayWords50Tests
{
    [Theory]
    [InlineData("el", "δημόσια χρηματοδότηση από την Περιφέρεια", "regional_budget")]
    [InlineData("el", "δημοσια χρηματοδοτηση απο την Περιφερεια", "regional_budget")]
    [InlineData("fr", "financement public de la Région", "regional_budget")]
    [InlineData("de", "öffentliche Mittel vom Land", "regional_budget")]
    [InlineData("en", "public funding from the region", "regional_budget")]
    [InlineData("it", "finanziamento pubblico della Regione", "regional_budget")]
    [InlineData("es", "financiación pública de la Junta", "regional_budget")]
    [InlineData("pt", "financiamento público da Câmara", "local_budget")]
    [InlineData("sv", "offentliga medel från regionen", "regional_budget")]
    public void Public_beside_a_named_source_is_that_source_alone(string language, string text, string expected)
    {
        var answer = TestCore.Normalise("funding_sources", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
        Assert.Null(answer.OtherText);
        Assert.False(answer.NeedsConfirmation);
        Assert.Equal(text, answer.Original);
    }

    /// <summary>"Public" alone names no level (the State's, the region's and the town's money are all public): kept under
    /// Other to confirm, in every language; "δημόσια" was read as the national budget through the label word of "Πρόγραμμα
    /// Δημοσίων Επενδύσεων", which is still read whole.</summary>
    [Theory]
    [InlineData("el", "δημόσια", "other")]
    [InlineData("fr", "fonds publics", "other")]
    [InlineData("el", "Πρόγραμμα Δημοσίων Επενδύσεων", "national_budget")]
    [InlineData("el", "ΠΔΕ", "national_budget")]
    public void Public_alone_names_no_level(string language, string text, string expected)
    {
        var answer = TestCore.Normalise("funding_sources", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
    }

    [Theory]
    [InlineData("fr", "budget auvergnat")]
    [InlineData("fr", "crédits bourguignons")]
    [InlineData("it", "fondi regionali tirolesi")]
    [InlineData("it", "contributo molisano")]
    [InlineData("it", "fondi romagnoli")]
    [InlineData("es", "fondos castellanoleoneses")]
    [InlineData("sv", "katalanska medel")]
    [InlineData("sv", "västgötska medel")]
    [InlineData("de", "badische Mittel")]
    [InlineData("de", "Kärntner Landesmittel")]
    [InlineData("pt", "verbas alentejanas")]
    [InlineData("en", "Tyrolean funds")]
    [InlineData("en", "Galician funding")]
    public void A_regions_adjective_at_the_funding_is_the_regional_budget(string language, string text)
    {
        var answer = TestCore.Normalise("funding_sources", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("regional_budget", answer.Value());
        Assert.Null(answer.OtherText);
    }

    [Theory]
    [InlineData("sv", "vi gör allt själva", "Malmö stad")]
    [InlineData("sv", "vi sköter allt själva", "Malmö stad")]
    [InlineData("pt", "fazemos tudo nós", "Câmara Municipal de Braga")]
    [InlineData("el", "τα κάνουμε όλα μόνοι μας", "Δήμος Λέσβου")]
    [InlineData("el", "τα καναμε ολα μονοι μας", "Δήμος Λέσβου")]
    public void We_do_it_all_ourselves_is_the_contributors_own_organisation(string language, string text, string organisation)
    {
        var answer = TestCore.Normalise("lead_organisation", text, language, new NormalisationContext { ContactOrganisation = organisation });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(organisation, answer.Value());
        Assert.Equal(text, answer.Original);
    }

    [Theory]
    [InlineData("sv", "vi och Röda korset")]
    [InlineData("pt", "nós e a Cruz Vermelha")]
    public void Ourselves_with_someone_else_stays_as_typed(string language, string text)
    {
        var answer = TestCore.Normalise("lead_organisation", text, language, new NormalisationContext { ContactOrganisation = "Malmö stad" });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(text, answer.Value());
    }

    /// <summary>An organisation's own funds are the budget of the owner named, read by its kind of organisation when it names
    /// no public level (an association's: private); they were the regional budget to confirm.</summary>
    [Theory]
    [InlineData("fr", "fonds propres de l'asso", "private")]
    [InlineData("fr", "FSE+ et fonds propres de l'asso", "esf_plus,private")]
    [InlineData("de", "Eigenmittel des Vereins", "private")]
    [InlineData("es", "recursos propios de la asociación", "private")]
    [InlineData("it", "fondi propri dell'associazione", "private")]
    [InlineData("pt", "fundos próprios da associação", "private")]
    [InlineData("en", "the charity's own funds", "private")]
    [InlineData("el", "ίδιοι πόροι του συλλόγου", "private")]
    [InlineData("de", "Eigenmittel der Stadt", "local_budget")]
    public void Own_funds_of_an_association_are_private(string language, string text, string expected)
    {
        var answer = TestCore.Normalise("funding_sources", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
        Assert.False(answer.NeedsConfirmation);
        Assert.Equal(text, answer.Original);
    }

    [Theory]
    [InlineData("es", "recursos propios", "ngo", "private")]
    [InlineData("es", "recursos propios", "regional_authority", "regional_budget")]
    public void Own_funds_without_an_owner_are_the_lead_organisations(string language, string text, string leadType, string expected)
    {
        var answer = TestCore.Normalise("funding_sources", text, language, new NormalisationContext { LeadOrganisationType = leadType });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
    }

    [Theory]
    [InlineData("en", "Tusla", "IE")]
    [InlineData("en", "HSE and Tusla", "IE")]
    [InlineData("fr", "Pôle emploi", "FR")]
    [InlineData("fr", "France Travail", "FR")]
    [InlineData("en", "Pôle emploi", "FR")]
    [InlineData("sv", "Arbetsförmedlingen", "SE")]
    [InlineData("it", "INPS", "IT")]
    [InlineData("de", "AMS", "AT")]
    [InlineData("de", "Arbeitsmarktservice", "AT")]
    [InlineData("es", "SEPE", "ES")]
    [InlineData("el", "ΔΥΠΑ", "GR")]
    [InlineData("el", "ΟΑΕΔ", "GR")]
    public void A_national_agency_at_the_funding_is_the_national_budget(string language, string text, string country)
    {
        var answer = TestCore.Normalise("funding_sources", text, language, new NormalisationContext { Country = country });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("national_budget", answer.Value());
        Assert.Null(answer.OtherText);
        Assert.False(answer.NeedsConfirmation);
    }

    [Theory]
    [InlineData("de", "target_groups", "Gefluechtete u. Frauen z.B. aus Syrien", "international_protection,women")]
    [InlineData("en", "target_groups", "refugees e.g. Ukrainians, IPAs", "international_protection,asylum_seekers")]
    [InlineData("it", "integration_areas", "lavoro e formazione, p.es. tirocini", "labour_market,education")]
    [InlineData("el", "target_groups", "προσφυγες π.χ. γυναικες και ασυνοδευτα", "international_protection,women,unaccompanied_minors")]
    public void An_example_abbreviation_names_nothing(string language, string question, string text, string expected)
    {
        var answer = TestCore.Normalise(question, text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
        Assert.Null(answer.OtherText);
    }

    [Theory]
    [InlineData("fr", "depuis sept 2019 env.", "2019-09")]
    [InlineData("sv", "ca 2019", "2019")]
    [InlineData("el", "περίπου το 2019", "2019")]
    public void An_approximation_beside_a_date_is_read_past(string language, string text, string expected)
    {
        var answer = TestCore.Normalise("start_date", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
    }

    /// <summary>"ca. 150", "environ 150", "περίπου 150" at a count: 150 is stored (the contract has no approximate mark), the
    /// words stay in the original, and the chat's echo ("Noted: …", the summary) shows the approximation in the reader's
    /// language.</summary>
    [Theory]
    [InlineData("de", "beneficiaries_count", "ca. 150", "150", "ca. 150")]
    [InlineData("de", "beneficiaries_count", "circa 150", "150", "ca. 150")]
    [InlineData("fr", "beneficiaries_count", "environ 150", "150", "environ 150")]
    [InlineData("el", "beneficiaries_count", "περίπου 150", "150", "περίπου 150")]
    [InlineData("pt", "beneficiaries_count", "cerca de 150", "150", "cerca de 150")]
    [InlineData("es", "beneficiaries_count", "cerca de 150", "150", "aproximadamente 150")]
    [InlineData("sv", "beneficiaries_count", "ungefär 150", "150", "cirka 150")]
    [InlineData("it", "beneficiaries_count", "circa 150 utenti", "150", "circa 150")]
    [InlineData("en", "beneficiaries_count", "approx. 150", "150", "about 150")]
    [InlineData("en", "beneficiaries_count", "ca. 150", "150", "about 150")]
    [InlineData("en", "beneficiaries_count", "150", "150", "150")]
    public void An_approximate_count_is_stored_as_its_number_and_shown_as_about(string language, string question, string typed,
        string stored, string shown)
    {
        var answer = TestCore.Normalise(question, typed, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(stored, answer.Value());
        Assert.Equal(typed, answer.Original);
        var text = new AnswerText(new ValueFormatter(TestCore.Questionnaire, TestCore.Geo));
        var echo = text.Show(TestCore.Questionnaire.Questions.Single(q => q.Id == question),
            new Answer { QuestionId = question, ValueJson = answer.Value!.ToJsonString(), Original = answer.Original, UpdatedBy = "test" }, language);
        Assert.Equal(shown, echo.Replace('\u00a0', ' ').Replace('\u202f', ' '));
    }

    [Fact]
    public void An_approximate_amount_is_shown_as_about_in_the_readers_language()
    {
        var formatter = new ValueFormatter(TestCore.Questionnaire, TestCore.Geo);
        var budget = TestCore.Questionnaire.Questions.Single(q => q.Id == "budget_eur");
        Assert.StartsWith("about ", formatter.FormatAsTyped(budget, "40000", "rund 40.000 €", "en"));
        Assert.StartsWith("environ ", formatter.FormatAsTyped(budget, "40000", "ca. 40.000 €", "fr"));
        Assert.DoesNotContain("about", formatter.FormatAsTyped(budget, "40000", "40.000 €", "en"), StringComparison.Ordinal);
        // An approximation after the number is about another one: the count is shown as stored.
        var count = TestCore.Questionnaire.Questions.Single(q => q.Id == "beneficiaries_count");
        Assert.Equal("150", formatter.FormatAsTyped(count, "150", "150 people, about 20 of them women", "en"));
    }
}
