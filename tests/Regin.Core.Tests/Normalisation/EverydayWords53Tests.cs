using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 53 (lang53): what hurried officials type, read in their language. The organisation after "en" (es) or "al" (it)
/// in the name's remark, only before an organisation's word ("Al Azis", "García en funciones" stay names); "nao e …, mas sim
/// …" (pt "não é" without its accent: the "e" was "and"); a fund's programme region that is a plain word ("FSE+ Norte");
/// region adjectives in their feminine and plural forms ("bávara", "algarvia").
/// </summary>
public class EverydayWords53Tests
{
    private static Regin.Core.Questionnaire.Question Name => TestCore.Questionnaire.Questions.Single(q => q.Id == "contact_name");

    [Theory]
    [InlineData("es", "lucia martinez, tecnica en el ayuntamiento de murcia", "ayuntamiento de murcia")]
    [InlineData("es", "Ana Ruiz, trabajadora social en la Cruz Roja", "Cruz Roja")]
    [InlineData("es", "pedro gomez, coordinador en la fundacion cepaim", "fundacion cepaim")]
    [InlineData("es", "Marta Gil, tecnica en la Diputacion de Huesca", "Diputacion de Huesca")]
    [InlineData("it", "marco bianchi, istruttore al comune di lecce", "comune di lecce")]
    [InlineData("it", "Giulia Ferri, funzionaria al Comune di Bari", "Comune di Bari")]
    public void The_organisation_after_en_or_al_is_read_before_an_organisations_word(string language, string text, string organisation) =>
        Assert.Equal(organisation, TestCore.Normaliser.JoinedOrganisation(Name, text, language));

    [Theory]
    [InlineData("es", "Karim Al Azis")]
    [InlineData("es", "María García en funciones")]
    [InlineData("es", "Garcia Lopez, Maria, en funciones")]
    [InlineData("es", "ana lopez, tecnica en murcia")]
    [InlineData("it", "Ahmed Al Masri")]
    [InlineData("it", "Rossi, Giulia, al momento referente")]
    public void A_surname_or_a_place_after_en_or_al_is_no_organisation(string language, string text) =>
        Assert.Null(TestCore.Normaliser.JoinedOrganisation(Name, text, language));

    [Theory]
    [InlineData("pt", "nao e uma IPSS, mas sim a camara municipal", "local_authority")]
    [InlineData("pt", "não é uma IPSS, mas sim a câmara municipal", "local_authority")]
    [InlineData("pt", "nao e ONG mas sim a junta de freguesia", "local_authority")]
    [InlineData("it", "non e una ONG ma il comune", "local_authority")]
    public void A_negation_with_e_typed_for_is_keeps_its_item(string language, string text, string expected)
    {
        var answer = TestCore.Normalise("lead_organisation_type", text, language, new NormalisationContext());
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal((expected, false), (answer.Value(), answer.NeedsConfirmation));
    }

    [Theory]
    // "e" as "and" still parts a list.
    [InlineData("pt", "FSE e FEDER", "esf_plus,erdf")]
    [InlineData("pt", "emprego e saude", "labour_market,health")]
    [InlineData("it", "lavoro e salute", "labour_market,health")]
    public void E_as_and_still_parts_a_list(string language, string text, string expected)
    {
        var question = expected.StartsWith("esf", StringComparison.Ordinal) ? "funding_sources" : "integration_areas";
        var answer = TestCore.Normalise(question, text, language, new NormalisationContext());
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected.Split(',').Order(), answer.Value()!.Split(',').Order());
    }

    [Theory]
    [InlineData("pt", "FSE+ Norte", "PT", "esf_plus")]
    [InlineData("pt", "fse+ norte", "PT", "esf_plus")]
    [InlineData("pt", "FSE+ Centro", "PT", "esf_plus")]
    [InlineData("pt", "FEDER Região Norte", "PT", "erdf,regional_budget")]
    [InlineData("pt", "feder regiao norte", "PT", "erdf,regional_budget")]
    [InlineData("es", "FSE+ Andalucía", "ES", "esf_plus")]
    [InlineData("es", "fse+ andalucia", "ES", "esf_plus")]
    [InlineData("it", "FESR Puglia", "IT", "erdf")]
    [InlineData("it", "fesr puglia", "IT", "erdf")]
    [InlineData("el", "ΕΤΠΑ Κρήτης", "GR", "erdf")]
    [InlineData("el", "ετπα κρητης", "GR", "erdf")]
    public void A_funds_programme_region_is_a_detail(string language, string text, string country, string expected)
    {
        var answer = TestCore.Normalise("funding_sources", text, language, new NormalisationContext { Country = country });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected.Split(',').Order(), answer.Value()!.Split(',').Order());
        Assert.Null(answer.OtherText);
        Assert.False(answer.NeedsConfirmation);
    }

    [Theory]
    [InlineData("es", "financiacion bavara", "DE")]
    [InlineData("es", "ayudas andaluzas", "ES")]
    [InlineData("es", "fondos andaluces", "ES")]
    [InlineData("it", "fondi pugliesi", "IT")]
    [InlineData("it", "bando regionale pugliese", "IT")]
    [InlineData("pt", "verbas algarvias", "PT")]
    [InlineData("pt", "comparticipacao algarvia", "PT")]
    [InlineData("pt", "verba nortenha", "PT")]
    [InlineData("pt", "fundos nortenhos", "PT")]
    public void A_regions_adjective_in_any_form_is_the_regional_budget(string language, string text, string country)
    {
        var answer = TestCore.Normalise("funding_sources", text, language, new NormalisationContext { Country = country });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("regional_budget", answer.Value());
        Assert.Null(answer.OtherText);
    }
}
