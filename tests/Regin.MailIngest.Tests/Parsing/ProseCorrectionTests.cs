using Regin.Core.Questionnaire;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>
/// Corrections typed in prose at the top of a reply to our reply, as contributors write them in the 8 languages: the
/// question named by its number, the new value read, the old one dropped; and prose that only holds a number is not one.
/// </summary>
public sealed class ProseCorrectionTests
{
    private static readonly TemplateTextParser Parser = new(new QuestionCatalog(QuestionnaireLoader.LoadEmbedded()));

    private static Dictionary<string, string> Read(string text, bool keyedOnly = false) =>
        Parser.Parse(ProseCorrections.Rewrite(text, Parser.Markers, keyedOnly), "body").Answers.ToDictionary(a => a.QuestionId, a => a.Text);

    [Theory]
    [InlineData("Sorry, one correction: Q13 should be 2020, not 2019.", "start_date", "2020")]
    [InlineData("Q13 should be 2020, not 2019", "start_date", "2020")]
    [InlineData("question 21 is 120 instead of 100", "beneficiaries_count", "120")]
    [InlineData("Frage 13: bitte 2021", "start_date", "2021")]
    [InlineData("Korrektur: Frage 13 sollte März 2021 sein, nicht 2020.", "start_date", "März 2021")]
    [InlineData("Ερ. 23: 150.000 €", "budget_eur", "150.000 €")]
    [InlineData("Διόρθωση: η ερώτηση 21 θα πρέπει να είναι 120, όχι 100.", "beneficiaries_count", "120")]
    [InlineData("Pardon, la 13 c'est 2020", "start_date", "2020")]
    [InlineData("Perdón, la pregunta 13 debería ser 2020, no 2019.", "start_date", "2020")]
    [InlineData("Scusate, la domanda 21 è 120, non 100.", "beneficiaries_count", "120")]
    [InlineData("Desculpem, a pergunta 13 deve ser 2020 e não 2019.", "start_date", "2020")]
    [InlineData("Förlåt, fråga 21 ska vara 120, inte 100.", "beneficiaries_count", "120")]
    public void A_correction_in_prose_answers_the_question_it_names(string text, string question, string value)
    {
        var answers = Read($"Hello,\n\n{text}\n\nBest regards\nAlice\n");
        Assert.True(answers.TryGetValue(question, out var read), $"{question} not read from: {text} ({string.Join(", ", answers.Keys)})");
        Assert.Equal(value, read);
    }

    [Theory]
    [InlineData("We work with 5 partners in 3 towns since 2019.")]
    [InlineData("Wir haben die Vorlage am 13. März geschickt, bitte bestätigen Sie den Eingang.")]
    [InlineData("Nous avons reçu la 2e version, merci.")]
    [InlineData("Skickat från min iPhone 15")]
    [InlineData("Die Frage 3 verstehe ich nicht.")]
    public void Prose_with_numbers_is_no_correction(string text) => Assert.Empty(Read($"Hello,\n\n{text}\n"));

    [Fact]
    public void In_a_filled_template_only_a_line_opening_with_a_key_and_saying_should_be_is_rewritten()
    {
        var text = "[Q05] Homework club\n[Q17] Volunteers help children, question 21 is the count.\nQ13 should be 2020, not 2019\n";
        var answers = Read(text, keyedOnly: true);
        Assert.Equal("2020", answers["start_date"]);
        Assert.Equal("Volunteers help children, question 21 is the count.", answers["description"]);
        Assert.False(answers.ContainsKey("beneficiaries_count"));
    }
}
