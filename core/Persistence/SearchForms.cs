using Regin.Core.Normalisation;
using Regin.Core.Normalisation.Matching;

namespace Regin.Core.Persistence;

/// <summary>
/// The forms one searched word is looked up by, on both providers: the word as typed (without its accents), its stem in
/// each of the 8 languages (Lucene.Net's Snowball stemmers, German2, and the Greek stemmer: <see cref="WordStemmer"/>),
/// and its German transliteration ("ue", "oe", "ae" for ü, ö, ä); each is a prefix, and a form that begins with another
/// form adds nothing (the shorter one finds it already). So "πρόσφυγας" is looked up as "προσφυγ…" and finds
/// "πρόσφυγες", "Gefluechtete" as "gefluchtet…" and finds "Geflüchtete" (whose accents the index drops), "rifugiati" as
/// "rifug…" and finds "rifugiato" (review44). A stem shorter than <see cref="MinStem"/> letters is not used ("jobs" is
/// not looked up as "job…", "peer" never as "pe…"): short stems would find unrelated words in other languages.
/// </summary>
public static class SearchForms
{
    /// <summary>The fewest letters a stem needs to be looked up as a prefix.</summary>
    public const int MinStem = 4;

    private static readonly string[] StemLanguages = ["en", "fr", "de", "es", "it", "pt", "sv", "el"];

    /// <summary>
    /// The prefixes <paramref name="word"/> is looked up by (letters and digits only; the first is the word itself, without
    /// accents). With <paramref name="keepTyped"/> the word as typed stays even when a stem begins it: where the index
    /// stems its words (PostgreSQL) each form is stemmed again, and the index's own stem of the word may be shorter than
    /// the stem here (Italian "salute": "sal" in PostgreSQL's Snowball, "salut" in Lucene's), so "salut…" alone misses it.
    /// </summary>
    public static IReadOnlyList<string> Of(string word, Func<string, string> withoutDiacritics, bool keepTyped = false)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(withoutDiacritics);
        var typed = withoutDiacritics(word).ToLowerInvariant();
        var forms = new List<string> { typed };
        if (word.Length < MinStem || !word.All(char.IsLetter))
        {
            return forms;
        }
        var folded = TextKey.Fold(word);
        if (folded.Length == 0 || folded.Contains(' ', StringComparison.Ordinal))
        {
            return forms;
        }
        foreach (var language in StemLanguages)
        {
            Add(forms, WordStemmer.Stem(folded, language));
        }
        // German written without umlauts: "Gefluechtete", "Foerderung", "Maenner" (the index drops the accents of ü, ö, ä).
        var transliterated = Transliterate(folded);
        if (transliterated != folded)
        {
            Add(forms, transliterated);
            Add(forms, WordStemmer.Stem(transliterated, "de"));
        }
        // The shortest forms only: a prefix that begins with another one finds nothing more.
        return forms.Where((f, i) => (keepTyped && i == 0)
                || !forms.Where((g, j) => j != i && (g.Length < f.Length || (g.Length == f.Length && j < i)) && f.StartsWith(g, StringComparison.Ordinal)).Any())
            .ToList();
    }

    private static void Add(List<string> forms, string stem)
    {
        // A Greek stem ending in σ would miss the index's final ς: the stem without it is looked up.
        stem = stem.Length > MinStem && stem[^1] == 'σ' ? stem[..^1] : stem;
        if (stem.Length >= MinStem && stem.All(char.IsLetterOrDigit) && !forms.Contains(stem))
        {
            forms.Add(stem);
        }
    }

    // ae, oe, ue read as ä, ö, ü (whose accents the index drops), but not "que", "quer" (Spanish, French, German "Quelle").
    private static string Transliterate(string folded)
    {
        var builder = new System.Text.StringBuilder(folded.Length);
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            builder.Append(c);
            if (c is 'a' or 'o' or 'u' && i + 1 < folded.Length && folded[i + 1] == 'e' && (i == 0 || (folded[i - 1] != 'q' && !(c == 'u' && folded[i - 1] is 'a' or 'e' or 'i' or 'o' or 'u'))))
            {
                i++;
            }
        }
        return builder.ToString();
    }
}
