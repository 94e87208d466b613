namespace Regin.Core.Normalisation.Matching;

/// <summary>
/// The other ways a word is typed on a keyboard that lacks some of its letters: "März" as "Maerz", "zurück" as
/// "zurueck", "όχι" as "oxi" or "ochi". The letters and their spellings are a language's vocabulary
/// ("spellings": [["ä", "ae"], ["χ", "x", "ch", "h"], ...]); this only applies them.
/// </summary>
public static class Spellings
{
    private const int MaxVariants = 64;

    /// <summary>
    /// The comparison keys (<see cref="TextKey.Fold"/>) of <paramref name="text"/> as written and with every letter
    /// that has other spellings replaced by each of them (never a mix of both scripts).
    /// </summary>
    public static IReadOnlyList<string> Keys(string text, IReadOnlyList<string[]> spellings)
    {
        var plain = TextKey.Fold(text);
        if (spellings.Count == 0 || plain.Length == 0)
        {
            return [plain];
        }
        var lower = text.Normalize(System.Text.NormalizationForm.FormC).ToLowerInvariant();
        // Letters are looked for as written (ä) and without their accents (ό is ο), so one list serves both.
        var bare = Bare(lower);
        var variants = new List<string> { "" };
        var changed = false;
        for (var i = 0; i < lower.Length;)
        {
            var rule = Find(lower, bare, i, spellings);
            if (rule is null)
            {
                var c = lower[i].ToString();
                for (var v = 0; v < variants.Count; v++)
                {
                    variants[v] += c;
                }
                i++;
                continue;
            }
            changed = true;
            var next = new List<string>();
            foreach (var prefix in variants)
            {
                for (var s = 1; s < rule.Length && next.Count < MaxVariants; s++)
                {
                    next.Add(prefix + rule[s]);
                }
            }
            variants = next;
            i += rule[0].Length;
        }
        if (!changed)
        {
            return [plain];
        }
        var keys = new List<string> { plain };
        foreach (var variant in variants)
        {
            var key = TextKey.Fold(variant);
            if (key.Length > 0 && !keys.Contains(key))
            {
                keys.Add(key);
            }
        }
        return keys;
    }

    private static string[]? Find(string lower, string bare, int at, IReadOnlyList<string[]> spellings)
    {
        string[]? best = null;
        foreach (var rule in spellings)
        {
            var letters = rule[0];
            if (rule.Length < 2 || letters.Length == 0 || (best is not null && best[0].Length >= letters.Length))
            {
                continue;
            }
            if (string.CompareOrdinal(lower, at, letters, 0, letters.Length) == 0 || string.CompareOrdinal(bare, at, letters, 0, letters.Length) == 0)
            {
                best = rule;
            }
        }
        return best;
    }

    // One character per character: the letter without its accents (ά → α), so positions stay aligned.
    private static string Bare(string lower)
    {
        var chars = new char[lower.Length];
        for (var i = 0; i < lower.Length; i++)
        {
            var decomposed = lower[i].ToString().Normalize(System.Text.NormalizationForm.FormD);
            chars[i] = decomposed.Length > 0 ? decomposed[0] : lower[i];
        }
        return new string(chars);
    }
}
