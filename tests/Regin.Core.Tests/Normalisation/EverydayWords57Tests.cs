using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 57 (lang57): what the whole plays in Greek, Portuguese, Italian and Swedish over the real host misread. el "α'/β'
/// βαθμού" (the two tiers of local government: "α βαθμου" was kept under Other beside the local authority; "β βαθμού" asked
/// which), "ανήλικοι" (minors: read as unaccompanied minors); pt "prefeitura" (the Brazilian word for the municipality: Other);
/// it "nn so", "nn c'è", "x ora no", "x lo più" (Italian short forms: "nn so" listed the options, "nn c'è" was no website,
/// "fondi regionali x lo più" no funding); sv "ca 2 år sen" (no date), "typ 50" (not marked approximate), "jajamen" (no yes);
/// the lead organisation typed as the contributor's organisation before its unit ("Umeå kommun" was stored as "Umea kommun,
/// arbetsmarknadsenheten"). And lang56's `few` candidates: an unsaid number beside a group names no group.
/// </summary>
public class EverydayWords57Tests
{
    [Theory]
    [InlineData("el", "τοπικη αυτοδιοικηση α βαθμου", "local_authority")]
    [InlineData("el", "ΟΤΑ α' βαθμού", "local_authority")]
    [InlineData("el", "αυτοδιοικηση β βαθμου", "regional_authority")]
    [InlineData("el", "δευτεροβαθμια αυτοδιοικηση", "regional_authority")]
    [InlineData("pt", "prefeitura", "local_authority")]
    [InlineData("pt", "prefeitura municipal", "local_authority")]
    public void The_tiers_of_local_government_and_the_brazilian_prefeitura_are_their_level(string language, string text, string code)
    {
        var answer = TestCore.Normalise("lead_organisation_type", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.False(answer.NeedsConfirmation);
        Assert.Equal((code, null), (answer.Value(), answer.OtherText));
    }

    [Theory]
    [InlineData("el", "ανηλικοι και γυναικες", "children_youth,women")]
    [InlineData("el", "ασυνοδευτοι ανηλικοι", "unaccompanied_minors")]
    // lang56's `few` candidates: an unsaid number names no group.
    [InlineData("it", "pochi minori e tante donne", "children_youth,women")]
    [InlineData("fr", "beaucoup de femmes et certains mineurs", "women,children_youth")]
    [InlineData("fr", "certaines femmes", "women")]
    [InlineData("es", "pocas mujeres y bastantes menores", "women,children_youth")]
    [InlineData("pt", "poucos menores e muitas mulheres", "children_youth,women")]
    [InlineData("sv", "nyanlända, en del kvinnor", "newly_arrived,women")]
    [InlineData("sv", "ett antal ensamkommande", "unaccompanied_minors")]
    [InlineData("sv", "få kvinnor tyvärr", "women")]
    public void Minors_and_unsaid_numbers_beside_a_group(string language, string text, string codes)
    {
        var answer = TestCore.Normalise("target_groups", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal((string.Join(",", codes.Split(',').Order()), (string?)null), (string.Join(",", answer.Value()!.Split(',').Order()), answer.OtherText));
    }

    [Theory]
    [InlineData("regional_authority_role", "nn so", "non so")]
    [InlineData("regional_authority_role", "nn lo so", "non lo so")]
    [InlineData("sustainability", "nn so", "non so")]
    [InlineData("website", "nn c'è", "non c'è")]
    [InlineData("contact_phone", "nn ce l'ho", "non ce l'ho")]
    [InlineData("website", "x ora no", "per ora no")]
    public void Italian_short_forms_read_as_the_words_they_stand_for(string question, string shortForm, string written)
    {
        var typed = TestCore.Normalise(question, shortForm, "it");
        var full = TestCore.Normalise(question, written, "it");
        Assert.NotNull(full.Error);
        Assert.Equal((full.Ok, full.Declined, full.Error), (typed.Ok, typed.Declined, typed.Error));
    }

    [Theory]
    [InlineData("funding_sources", "fondi regionali x lo più", "regional_budget")]
    [InlineData("regional_authority_role", "x ora nessuno", "none")]
    public void Italian_x_for_per_in_a_choice(string question, string text, string code)
    {
        var answer = TestCore.Normalise(question, text, "it");
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(code, answer.Value());
    }

    [Theory]
    [InlineData("40 x mese", "x mese")]
    [InlineData("40 x settimana", "x settimana")]
    public void An_italian_count_per_x_period_keeps_its_period(string text, string period)
    {
        var answer = TestCore.Normalise("beneficiaries_count", text, "it");
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("40", answer.Value());
        Assert.Equal(period, answer.Flags.SingleOrDefault(f => f.Reason == FlagReasons.AnswerRemark)?.Detail);
    }

    [Theory]
    [InlineData("ca 2 år sen")]
    [InlineData("2 år sen")]
    [InlineData("för ca 2 år sen")]
    [InlineData("typ 2 år sen")]
    public void Swedish_years_ago_typed_short_are_offered(string text)
    {
        var today = new DateOnly(2026, 12, 7);
        var answer = TestCore.Normalise("start_date", text, "sv", new NormalisationContext { Today = today });
        Assert.True(answer.Ok, answer.Error);
        Assert.True(answer.NeedsConfirmation);
        Assert.Equal("2024", answer.Value());
    }

    [Theory]
    [InlineData("start_date", "typ 2022", "2022")]
    [InlineData("end_date", "typ 2025", "2025")]
    public void Swedish_typ_before_a_year_is_about(string question, string text, string year)
    {
        var answer = TestCore.Normalise(question, text, "sv");
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(year, answer.Value());
    }

    [Fact]
    public void Swedish_typ_before_a_count_is_shown_as_about()
    {
        var answer = TestCore.Normalise("beneficiaries_count", "typ 50", "sv");
        Assert.True(answer.Ok, answer.Error);
        var formatter = new Regin.Core.Presentation.ValueFormatter(TestCore.Questionnaire, TestCore.Geo);
        var count = TestCore.Questionnaire.Questions.Single(q => q.Id == "beneficiaries_count");
        Assert.Equal("cirka 50", formatter.FormatAsTyped(count, answer.Value?.ToJsonString(), "typ 50", "sv"));
        Assert.Equal("about 50", formatter.FormatAsTyped(count, answer.Value?.ToJsonString(), "typ 50", "en"));
    }

    [Theory]
    [InlineData("jajamen")]
    [InlineData("jajamensan")]
    public void Swedish_jajamen_is_yes(string text)
    {
        var answer = TestCore.Normalise("consent_publish", text, "sv");
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("true", answer.Value());
    }

    [Theory]
    [InlineData("sv", "Umeå kommun", "Umea kommun, arbetsmarknadsenheten", "Umeå kommun")]
    [InlineData("it", "Comune di Napoli", "Comune di Napoli, servizio immigrazione", "Comune di Napoli")]
    // Said short, or with an article, still the contributor's own (session 45).
    [InlineData("pt", "a camara", "Camara municipal de coimbra", "Camara municipal de coimbra")]
    [InlineData("sv", "kommunen", "Umea kommun, arbetsmarknadsenheten", "Umea kommun, arbetsmarknadsenheten")]
    public void The_lead_organisation_typed_as_the_body_before_the_contributors_unit_is_kept_as_typed(string language, string text, string ours, string stored)
    {
        var answer = TestCore.Normalise("lead_organisation", text, language, new NormalisationContext { ContactOrganisation = ours });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(stored, answer.Value());
    }
}
