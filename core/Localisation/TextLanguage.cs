using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;

namespace Regin.Core.Localisation;

/// <summary>
/// Which of the questionnaire's languages a free text is written in ("Anbei die Vorlage.", "Ci-joint le modèle."), read
/// from the words of the locale files themselves (every message, and the vocabulary's small words): a word counts for a
/// language when that language alone uses it. Null when the text says too little to tell, or two languages tie.
/// </summary>
public sealed class TextLanguage
{
    private const int MaxWordsRead = 2000;
    private readonly Dictionary<string, string> _owner = new(StringComparer.Ordinal);

    public TextLanguage(QuestionnaireDefinition questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var users = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        void Add(string language, string? text)
        {
            foreach (var word in TextKey.Words(text))
            {
                // Placeholders, numbers and single letters name no language.
                if (word.Length > 1 && !word.Any(char.IsDigit))
                {
                    (users.TryGetValue(word, out var set) ? set : users[word] = new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(language);
                }
            }
        }
        foreach (var message in questionnaire.Messages.Values)
        {
            foreach (var (language, text) in message)
            {
                Add(language, System.Text.RegularExpressions.Regex.Replace(text, @"\{[a-z_]+\}", " "));
            }
        }
        var vocabulary = questionnaire.Vocabulary;
        foreach (var words in new[] { vocabulary.Fillers, vocabulary.And, vocabulary.Negations, vocabulary.SignOffs, vocabulary.Yes, vocabulary.No,
                     vocabulary.Declines, vocabulary.Unsure, vocabulary.DateFillers, vocabulary.ReplyIntro })
        {
            foreach (var (language, list) in words)
            {
                foreach (var phrase in list)
                {
                    Add(language, phrase);
                }
            }
        }
        foreach (var (word, languages) in users)
        {
            if (languages.Count == 1)
            {
                _owner[word] = languages.First();
            }
        }
    }

    /// <summary>The language most of the text's words belong to alone, or null.</summary>
    public string? Guess(string? text)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var word in TextKey.Words(text).Take(MaxWordsRead))
        {
            if (_owner.TryGetValue(word, out var language))
            {
                counts[language] = counts.GetValueOrDefault(language) + 1;
            }
        }
        var ranked = counts.OrderByDescending(c => c.Value).Take(2).ToList();
        return ranked.Count > 0 && (ranked.Count == 1 || ranked[0].Value > ranked[1].Value) ? ranked[0].Key : null;
    }
}
