namespace Regin.Core.Normalisation.Matching;

/// <summary>
/// One spelling for the many ways Greek is typed in Latin letters ("greeklish"): η as "i" or "h", υ as "y", "i" or "u", ευ
/// as "eu", "ev", "ef" or "ey", χ as "x", "ch" or "h", ω as "o" or "w"... The same fold is applied once to the Latin keys of a
/// language written in another script (from its spellings) and to a typed answer in Latin letters, so "ekpaideysh" and
/// "ekpaideusi" meet at one key, where listing every mix of spellings would multiply the keys of every word.
/// </summary>
public static class Romanised
{
    // In order: letter pairs first (a pair's letters are not read again), then single letters. Not αι as "e": "kai" (and)
    // would become "ke", which no list splits at.
    private static readonly (string From, string To)[] Pairs =
    [
        ("ch", "x"), ("ks", "x"), ("8", "th"),
        ("ou", "u"), ("ei", "i"), ("oi", "i"),
        ("ey", "eu"), ("ev", "eu"), ("ef", "eu"), ("ay", "au"), ("av", "au"), ("af", "au"),
        ("mp", "b"), ("nt", "d"), ("gk", "g"), ("gg", "g"),
    ];

    /// <summary>The one spelling of a folded text in Latin letters (<see cref="TextKey.Fold"/>); other characters as they are.</summary>
    public static string Canonical(string folded)
    {
        var text = folded;
        foreach (var (from, to) in Pairs)
        {
            text = text.Replace(from, to, StringComparison.Ordinal);
        }
        var chars = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            // υ typed "u" ("prosfuges") as often as "y" or "i": with ου already "u", both read as ι, η and υ do.
            var one = c switch { 'h' or 'y' or 'u' => 'i', 'w' => 'o', _ => c };
            // "ll", "ss", "mm" are typed single as often as double.
            if (chars.Length > 0 && chars[^1] == one && char.IsAsciiLetterLower(one))
            {
                continue;
            }
            chars.Append(one);
        }
        return chars.ToString();
    }

    /// <summary>
    /// The one spelling of a place name typed in greeklish, its "and" left out ("Anatoliki Makedonia kai Thraki" and the
    /// NUTS name "Anatoliki Makedonia, Thraki" meet).
    /// </summary>
    public static string PlaceKey(string folded) =>
        string.Join(' ', Canonical(folded).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(word => word is not ("kai" or "ki")));

    /// <summary>
    /// A place name typed in greeklish in the genitive, as Greek writes it after "Περιφέρεια" ("Perifereia Kritis",
    /// "Kentrikis Makedonias", "Notiou Aigaiou", "Ipeirou"), in the nominative of the names: each word's "-is" as "-i", "-as" as
    /// "-a", "-ou" as "-o" (then as "-os"). Null when no word ends so.
    /// </summary>
    public static IEnumerable<string> Nominatives(string folded)
    {
        var words = folded.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!words.Any(word => word.Length > 3 && (word.EndsWith("is", StringComparison.Ordinal) || word.EndsWith("as", StringComparison.Ordinal)
            || word.EndsWith("ou", StringComparison.Ordinal))))
        {
            yield break;
        }
        foreach (var masculine in new[] { "o", "os" })
        {
            yield return string.Join(' ', words.Select(word => word.Length <= 3 ? word
                : word.EndsWith("is", StringComparison.Ordinal) || word.EndsWith("as", StringComparison.Ordinal) ? word[..^1]
                : word.EndsWith("ou", StringComparison.Ordinal) ? word[..^2] + masculine
                : word));
        }
    }

    /// <summary>Whether a text is written in Latin letters only (digits and punctuation aside), so that it may be greeklish.</summary>
    public static bool IsLatin(string text) =>
        text.Any(char.IsAsciiLetter) && !text.Any(c => char.IsLetter(c) && !char.IsAsciiLetter(c) && c > '\u024f');
}
