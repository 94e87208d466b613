using System.Runtime.CompilerServices;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// The language a mail's answers are written in, from the values only one of our languages writes so (session 50): a choice
/// typed as one language's label ("Autoridad regional", "Mercado laboral y empleo"), a yes or a no ("sí", "ja"), "ongoing"
/// ("en curso", "laufend"). A mail of key lines only ("[Q09] Autoridad regional", no greeting, no sentence, from a Gmail
/// address) has no label to vote and few words of its own; its values still say Spanish (it was answered in English).
/// Names, places, dates and numbers say nothing; a value several languages write alike ("no", "Regional") neither.
/// </summary>
internal static class AnswerLanguage
{
    private static readonly ConditionalWeakTable<QuestionnaireDefinition, Dictionary<(string Question, string Key), string?>> Tables = new();

    /// <summary>The language most of <paramref name="answers"/>' telling values are in, ahead of any other; null when none is.</summary>
    public static string? Of(IEnumerable<ParsedAnswer> answers, QuestionnaireDefinition questionnaire)
    {
        var table = Tables.GetValue(questionnaire, Build);
        var votes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var answer in answers)
        {
            var parts = answer.Text.Length > 400 ? [] : answer.Text.Split([',', ';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var part in parts)
            {
                if (table.TryGetValue((answer.QuestionId, TextKey.Fold(part)), out var language) && language is not null)
                {
                    votes[language] = votes.GetValueOrDefault(language) + 1;
                }
            }
        }
        var ranked = votes.OrderByDescending(v => v.Value).Take(2).ToList();
        return ranked.Count > 0 && (ranked.Count == 1 || ranked[0].Value > ranked[1].Value) ? ranked[0].Key : null;
    }

    // Per question, each folded value and the one language writing it (null: several do).
    private static Dictionary<(string Question, string Key), string?> Build(QuestionnaireDefinition questionnaire)
    {
        var table = new Dictionary<(string Question, string Key), string?>();
        void Add(string question, string language, string text)
        {
            var key = TextKey.Fold(text);
            if (key.Length > 1)
            {
                table[(question, key)] = table.TryGetValue((question, key), out var other) && other != language ? null : language;
            }
        }
        var vocabulary = questionnaire.Vocabulary;
        foreach (var question in questionnaire.Questions)
        {
            foreach (var choice in question.ChoiceList)
            {
                foreach (var (language, label) in choice.Label)
                {
                    Add(question.Id, language, label);
                }
            }
            var words = question.Type switch
            {
                QuestionType.Yesno => new[] { vocabulary.Yes, vocabulary.No },
                QuestionType.DateOrOngoing => [vocabulary.Ongoing],
                _ => [],
            };
            foreach (var list in words)
            {
                foreach (var (language, phrases) in list)
                {
                    foreach (var phrase in phrases)
                    {
                        Add(question.Id, language, phrase);
                    }
                }
            }
        }
        return table;
    }
}
