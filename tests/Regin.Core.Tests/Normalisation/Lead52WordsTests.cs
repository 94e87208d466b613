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
