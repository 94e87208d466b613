using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;

namespace Regin.Core.Tests.Questionnaire;

/// <summary>
/// Core's one lookup of the questions' everyday names, read by the chat's commands ("ändern die Region") and by a mail's
/// sentences ("Bundesland ist Bremen").
/// </summary>
public sealed class QuestionNamesTests
{
    private static readonly QuestionNames Names = QuestionNames.Of(TestCore.Questionnaire);

    private static int Number(string id) => TestCore.Questionnaire.Questions.ToList().FindIndex(q => q.Id == id) + 1;

    [Theory]
    [InlineData("ich möchte die region korrigieren", 3, "region")]
    [InlineData("bundesland ist bremen", 0, "region")]
    [InlineData("la date de début était mars 2021", 1, "start_date")]
    [InlineData("η περιφέρεια είναι η κρήτη", 1, "region")]
    [InlineData("projektträger ist die stadt graz", 0, "lead_organisation")]
    public void A_question_is_found_by_its_label_alias_or_spoken_name_in_any_language(string text, int start, string id)
    {
        var words = TextKey.Words(text);

        var (length, question) = Names.QuestionAt(words, start);
        var (atLength, numbers) = Names.At(words, start);

        Assert.Equal(id, question);
        Assert.True(length > 0);
        Assert.Equal((length, Number(id).ToString(System.Globalization.CultureInfo.InvariantCulture)), (atLength, numbers));
    }

    [Fact]
    public void A_period_name_names_both_dates_for_commands_and_no_one_question()
    {
        var words = TextKey.Words("Laufzeit war 2021 bis 2023");

        Assert.Equal((1, $"{Number("start_date")} {Number("end_date")}"), Names.At(words, 0));
        Assert.Equal((0, null), Names.QuestionAt(words, 0));
    }

    [Fact]
    public void Ordinary_words_name_no_question()
    {
        Assert.Equal((0, ""), Names.At(TextKey.Words("wir haben 250 Personen erreicht"), 0));
        Assert.Equal((0, null), Names.QuestionAt(TextKey.Words("wir haben 250 Personen erreicht"), 0));
    }

    [Fact]
    public void The_lookup_is_made_once_per_questionnaire() =>
        Assert.Same(Names, QuestionNames.Of(TestCore.Questionnaire));
}
