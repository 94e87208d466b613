using Regin.Core.Questionnaire;
using Regin.MailIngest.Parsing;
using Regin.MailIngest.Tests.Integration;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>
/// Session 47: the Word template filled in Word mobile (answers typed after the question lines, the grey boxes left, a
/// table of partners added under its question with a row inserted as a tracked change, a margin comment, a deleted old
/// start date and the inserted new one).
/// </summary>
public sealed class WordMobileDocxTests
{
    private static readonly QuestionCatalog Catalog = new(QuestionnaireLoader.LoadEmbedded());
    private static readonly TemplateTextParser Parser = new(Catalog);

    [Fact]
    public void A_table_under_its_question_is_read_a_row_a_line_and_neither_the_comment_nor_the_deleted_date_is()
    {
        var parsed = new DocxAnswerReader(Parser, Catalog).Read(ContributorPlay47Tests.MartinDocx(), "attachment:fiche.docx");
        var answers = parsed.Answers.ToDictionary(a => a.QuestionId, a => a.Text);
        Assert.Equal("Chambre d'agriculture – recrutement des exploitations\nFrance Travail – orientation des candidats\nLycée agricole de Douai – formation", answers["partners"]);
        Assert.Equal("mars 2022", answers["start_date"]);
        Assert.Equal("Parcours d'intégration des réfugiés par l'emploi agricole", answers["title"]);
        Assert.DoesNotContain(parsed.Answers, a => a.Text.Contains("cabinet", StringComparison.Ordinal) || a.Text.Contains("septembre", StringComparison.Ordinal));
        Assert.Empty(parsed.Unplaced);
    }
}

/// <summary>Session 47: a sentence of the mail's own text that promises an answer ("le budget suivra").</summary>
public sealed class PromiseSentenceTests
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();
    private static readonly ProseAnswers Prose = new(Questionnaire, new Regin.Core.Normalisation.AnswerNormaliser(Questionnaire, Regin.Core.ReferenceData.GeoCatalog.LoadEmbedded()), new Regin.Core.Localisation.Texts(Questionnaire));

    [Theory]
    [InlineData("Bonjour,\n\nci-joint la fiche, le budget suivra.\n\nBien cordialement,\nClaire", "budget_eur")]
    [InlineData("Buongiorno,\nin allegato la scheda, il budget ve lo mando la settimana prossima.\n\nCordiali saluti\nGiulia", "budget_eur")]
    [InlineData("Hi, please find the form attached. The budget will follow.\n\nBest,\nKate", "budget_eur")]
    [InlineData("Bonjour,\n\nci-joint la fiche. Le budget suivra-t-il ?\n\nClaire", "")]
    [InlineData("Bonjour,\n\nci-joint la fiche, le budget a suivi les règles du FSE+.\n\nClaire", "")]
    [InlineData("Hi, the form is attached.\n\nBest,\nKate\nThe budget will follow", "")] // under the sign-off
    public void A_promise_in_a_sentence_names_its_question(string text, string expected)
    {
        Assert.Equal(expected, string.Join("|", Prose.ReadPromises(text, new QuestionCatalog(Questionnaire).Markers).Select(a => a.QuestionId)));
    }
}
