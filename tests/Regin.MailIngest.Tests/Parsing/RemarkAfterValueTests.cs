using Regin.Core.Questionnaire;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>Session 47: a remark after a stated amount, after a comma or in brackets, no longer hides it.</summary>
public sealed class RemarkAfterValueTests
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();
    private static readonly ProseAnswers Prose = new(Questionnaire, new Regin.Core.Normalisation.AnswerNormaliser(Questionnaire, Regin.Core.ReferenceData.GeoCatalog.LoadEmbedded()), new Regin.Core.Localisation.Texts(Questionnaire));

    [Theory]
    [InlineData("Buongiorno,\ncome promesso vi mando il budget per la scheda REGIN-0001: 95.000 euro in tutto (FAMI e Compagnia di San Paolo).\n\nCordiali saluti\nGiulia", "budget_eur=95.000 euro in tutto")]
    [InlineData("Hej, budgeten är ca 600 000 kronor per år, mest från Allmänna arvsfonden.\n\nMaria", "budget_eur=ca 600 000 kronor per år")]
    [InlineData("Hi, the budget was 40.000 euro.\n\nKate", "budget_eur=40.000 euro")]
    public void The_value_before_the_remark_is_read(string text, string expected)
    {
        Assert.Equal(expected, string.Join("|", Prose.Read(text, new QuestionCatalog(Questionnaire).Markers).Select(a => a.QuestionId + "=" + a.Text)));
    }
}
