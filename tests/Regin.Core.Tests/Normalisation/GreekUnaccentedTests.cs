using System.Globalization;
using System.Text;
using Regin.Core.Questionnaire;
using Regin.Core.Tests.Corpus;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 49: Greek typed without its accents ("δημοσια") or in capitals, which drop them ("ΔΗΜΟΣΙΑ ΧΡΗΜΑΤΟΔΟΤΗΣΗ"), is
/// read as the accented words are, at every choice question: each Greek label and synonym is typed the three ways and the
/// three readings compared (code, guess or not; the words kept under Other may differ only in their case and accents).
/// </summary>
public class GreekUnaccentedTests
{
    public static TheoryData<string> ChoiceQuestions()
    {
        var data = new TheoryData<string>();
        foreach (var question in TestCore.Questionnaire.Questions.Where(q => q.Type is QuestionType.Choice or QuestionType.Multi))
        {
            data.Add(question.Id);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ChoiceQuestions))]
    public void Every_greek_choice_word_typed_without_accents_or_in_capitals_reads_as_written(string questionId)
    {
        var question = TestCore.Questionnaire.Questions.Single(q => q.Id == questionId);
        var words = question.ChoiceList
            .SelectMany(c => (c.Label.TryGetValue("el", out var label) ? [label] : Array.Empty<string>())
                .Concat(c.Synonyms.TryGetValue("el", out var synonyms) ? synonyms : []))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(words);
        var differ = new List<string>();
        foreach (var written in words)
        {
            var expected = Reading(questionId, written);
            foreach (var typed in new[] { Unaccented(written), Capitals(written) }.Where(t => t != written))
            {
                var got = Reading(questionId, typed);
                if (got != expected)
                {
                    differ.Add($"\"{typed}\" read {got}, \"{written}\" {expected}");
                }
            }
        }
        Assert.True(differ.Count == 0, string.Join("\n", differ));
    }

    [Theory]
    [InlineData("funding_sources", "ΕΘΝΙΚΟΣ ΠΡΟΥΠΟΛΟΓΙΣΜΟΣ, ΠΕΡΙΦΕΡΕΙΑ", "national_budget,regional_budget")]
    [InlineData("funding_sources", "χρηματοδοτηση απο την περιφερεια", "regional_budget")]
    [InlineData("target_groups", "ΔΗΜΟΣΙΟΙ ΥΠΑΛΛΗΛΟΙ ΚΑΙ ΓΥΝΑΙΚΕΣ", "public_officials,women")]
    [InlineData("integration_areas", "στεγαση, υγεια, εκπαιδευση", "housing,health,education")]
    [InlineData("lead_organisation_type", "ΜΗ ΚΥΒΕΡΝΗΤΙΚΗ ΟΡΓΑΝΩΣΗ", "ngo")]
    [InlineData("lead_organisation_type", "περιφερεια", "regional_authority")]
    [InlineData("regional_authority_role", "ΧΡΗΜΑΤΟΔΟΤΗΣΗ", "indirect_funding")]
    public void Hurried_greek_without_accents_is_read(string questionId, string text, string expected)
    {
        var answer = TestCore.Normalise(questionId, text, "el");
        Assert.True(answer.Ok, answer.Error);
        Assert.False(answer.NeedsConfirmation, CorpusTests.Describe(answer));
        Assert.Equal(expected.Split(',').Order(StringComparer.Ordinal), (answer.Value() ?? "").Split(',').Order(StringComparer.Ordinal));
    }

    /// <summary>The code read and whether it is a guess: what a contributor sees stored.</summary>
    private static string Reading(string questionId, string text)
    {
        var answer = TestCore.Normalise(questionId, text, "el");
        var value = answer.Value() is { } v ? string.Join(",", v.Split(',').Order(StringComparer.Ordinal)) : "null";
        return answer.Ok ? value + (answer.NeedsConfirmation ? " (to confirm)" : "") : "refused";
    }

    private static string Unaccented(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Capitals as a Greek keyboard types them: no accents.</summary>
    private static string Capitals(string text) => Unaccented(text).ToUpper(CultureInfo.GetCultureInfo("el-GR"));
}
