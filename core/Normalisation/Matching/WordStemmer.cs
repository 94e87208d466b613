using Lucene.Net.Analysis.El;
using Lucene.Net.Tartarus.Snowball;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace Regin.Core.Normalisation.Matching;

/// <summary>
/// Reduces a folded word (<see cref="TextKey.Fold"/>) to its stem with Lucene.Net's stemmer for the language
/// (Snowball for en fr de es it pt sv, GreekStemmer for el), so "coordinating" and "coordination", "refugees" and
/// "refugee", "Κεντρικής" and "Κεντρική" meet. A language without a stemmer keeps its words as they are.
/// The stemmers keep state, so each thread has its own.
/// </summary>
public static class WordStemmer
{
    /// <summary>Stems remembered per thread and language: a matcher stems the same few hundred words over and over.</summary>
    private const int MaxRemembered = 20_000;

    [ThreadStatic]
    private static Dictionary<string, (Func<string, string>? Stem, Dictionary<string, string> Remembered)>? _stemmers;

    public static bool Supports(string language) => Create(language) is not null;

    public static string Stem(string word, string language)
    {
        if (word.Length < 3 || !char.IsLetter(word[0]))
        {
            return word;
        }
        var stemmers = _stemmers ??= new(StringComparer.OrdinalIgnoreCase);
        if (!stemmers.TryGetValue(language, out var stemmer))
        {
            stemmers[language] = stemmer = (Create(language), new Dictionary<string, string>(StringComparer.Ordinal));
        }
        if (stemmer.Stem is null)
        {
            return word;
        }
        if (stemmer.Remembered.TryGetValue(word, out var stem))
        {
            return stem;
        }
        if (stemmer.Remembered.Count >= MaxRemembered)
        {
            // Whatever people type is unbounded: start again rather than grow for ever.
            stemmer.Remembered.Clear();
        }
        return stemmer.Remembered[word] = stemmer.Stem(word);
    }

    /// <summary>The stems of a folded text's words, in order, joined by spaces.</summary>
    public static string StemKey(string foldedText, string language) =>
        string.Join(' ', foldedText.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => Stem(w, language)));

    private static Func<string, string>? Create(string language)
    {
        SnowballProgram? snowball = language.ToLowerInvariant() switch
        {
            "en" => new EnglishStemmer(),
            "fr" => new FrenchStemmer(),
            // German2 reads "ae", "oe", "ue" as umlauts: "Beschaeftigung" and "Beschäftigung" share a stem.
            "de" => new German2Stemmer(),
            "es" => new SpanishStemmer(),
            "it" => new ItalianStemmer(),
            "pt" => new PortugueseStemmer(),
            "sv" => new SwedishStemmer(),
            _ => null,
        };
        if (snowball is not null)
        {
            return word =>
            {
                snowball.SetCurrent(word);
                snowball.Stem();
                return snowball.Current;
            };
        }
        if (language.Equals("el", StringComparison.OrdinalIgnoreCase))
        {
            var greek = new GreekStemmer();
            return word =>
            {
                if (!IsGreek(word))
                {
                    return word;
                }
                // GreekStemmer leaves most words ending in a (final) sigma as they are: the genitive "Κεντρικής
                // Μακεδονίας" would never meet "Κεντρική Μακεδονία". Both sides lose that sigma before stemming.
                return StemGreek(greek, word.Length > 4 && word[^1] == 'σ' ? word[..^1] : word);
            };
        }
        return null;
    }

    private static string StemGreek(GreekStemmer greek, string word)
    {
        var buffer = word.ToCharArray();
        var length = greek.Stem(buffer, buffer.Length);
        return new string(buffer, 0, length);
    }

    private static bool IsGreek(string word) => word.All(c => c is >= '\u0370' and <= '\u03ff');
}
