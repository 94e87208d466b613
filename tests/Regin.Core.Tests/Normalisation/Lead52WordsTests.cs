using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 52 (the lead's Lyon play): a language course's level ("Deutsch B1/B2", "nivel A2", "français pro", "entry level")
/// is a detail of the language learning named, no Other area to confirm.
/// </summary>
public class Lead52WordsTests
{
    [Theory]
    [InlineData("fr", "emploi surtout, un peu de francais pro", "labour_market,language")]
    [InlineData("de", "Jobcoaching und Deutsch B1/B2", "labour_market,language")]
    [InlineData("de", "Deutschkurs B1", "language")]
    [InlineData("es", "empleo y clases de castellano nivel A2", "labour_market,language")]
    [InlineData("it", "corsi di italiano livello A2", "language")]
    [InlineData("pt", "portugues PLA nivel A2 e emprego", "language,labour_market")]
    [InlineData("en", "ESOL classes (entry level 1-3) and job clubs", "language,labour_market")]
    [InlineData("sv", "sfi (nivå B1) och jobbcoachning", "language,labour_market")]
    [InlineData("el", "μαθήματα ελληνικών επίπεδο Α2 και απασχόληση", "language,labour_market")]
    public void A_course_level_is_no_other_area(string language, string text, string expected)
    {
        var answer = TestCore.Normalise("integration_areas", text, language, new NormalisationContext());
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected.Split(',').Order(), answer.Value()!.Split(',').Order());
        Assert.Null(answer.OtherText);
    }

    [Theory]
    [InlineData("fr", "pro")]
    [InlineData("de", "B1")]
    public void A_level_alone_is_no_answer(string language, string text)
    {
        var answer = TestCore.Normalise("integration_areas", text, language, new NormalisationContext());
        Assert.False(answer is { Ok: true, OtherText: null, Value: not null });
    }
}

/// <summary>
/// The organisation after a post's link in the name's remark ("claire dubois, charge de mission inclusion a la metropole de
/// lyon": the lead's Lyon play, nothing was offered at "Your organisation"; fr and it had no such links).
/// </summary>
public class Lead52OrganisationTests
{
    [Theory]
    [InlineData("fr", "claire dubois, charge de mission inclusion a la metropole de lyon", "metropole de lyon")]
    [InlineData("fr", "claire dubois, chargée de mission à la Métropole de Lyon", "Métropole de Lyon")]
    [InlineData("fr", "Marc Petit, coordinateur auprès de la mairie de Liège", "mairie de Liège")]
    [InlineData("it", "giulia ferri, funzionaria presso il comune di bari", "comune di bari")]
    [InlineData("it", "Giulia Ferri, referente presso la Regione Puglia", "Regione Puglia")]
    [InlineData("pt", "ana costa, tecnica de servico social da CM de Braga", "CM de Braga")]
    [InlineData("de", "anna keller, referentin bei der stadt graz", "stadt graz")]
    public void The_organisation_after_a_posts_link_is_read(string language, string text, string organisation)
    {
        var question = TestCore.Questionnaire.Questions.Single(q => q.Id == "contact_name");
        Assert.Equal(organisation, TestCore.Normaliser.JoinedOrganisation(question, text, language));
    }

    [Theory]
    [InlineData("fr", "claire dubois, chargée de mission à Lyon")]
    [InlineData("it", "giulia ferri, funzionaria a bari")]
    public void A_place_after_the_post_is_no_organisation(string language, string text)
    {
        var question = TestCore.Questionnaire.Questions.Single(q => q.Id == "contact_name");
        Assert.Null(TestCore.Normaliser.JoinedOrganisation(question, text, language));
    }
}
