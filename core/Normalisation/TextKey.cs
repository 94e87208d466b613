using System.Globalization;
using System.Text;

namespace Regin.Core.Normalisation;

/// <summary>
/// The comparison key of a typed word or label: lower case, no accents (é → e, ά → α, final ς → σ),
/// punctuation as spaces, single spaces. "Región de Murcia", "REGION DE MURCIA" and "region-de-murcia" share a key.
/// </summary>
public static class TextKey
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        // ASCII is its own canonical decomposition: skip the (ICU) normalisation for it.
        var decomposed = System.Text.Ascii.IsValid(text) ? text : text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }
                pendingSpace = false;
                if (c == 'ß')
                {
                    builder.Append("ss");
                }
                else
                {
                    builder.Append(Lower(c));
                }
            }
            else if (c is '\'' or '\u2019' && builder.Length > 0 && !pendingSpace)
            {
                // l'Italia, d'accord: the apostrophe separates words.
                pendingSpace = true;
            }
            else
            {
                pendingSpace = true;
            }
        }
        return builder.ToString();
    }

    /// <summary>The words of <see cref="Fold"/>'s key.</summary>
    public static string[] Words(string? text) => Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Where each word of <see cref="Words"/> stands in <paramref name="text"/> as typed (same count, same order), so
    /// what is shown back or kept can be the contributor's own spelling ("PON Inclusione", "Αθηναίων"), not the key.
    /// </summary>
    public static List<Range> WordSpans(string? text)
    {
        var spans = new List<Range>();
        if (string.IsNullOrEmpty(text))
        {
            return spans;
        }
        // A word is a run of letters, digits and their marks, as Fold reads it (marks neither start nor end a word).
        var start = -1;
        var hasLetter = false;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            var inWord = char.IsLetterOrDigit(c)
                || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
            if (inWord)
            {
                if (start < 0)
                {
                    start = i;
                }
                hasLetter |= char.IsLetterOrDigit(c);
                continue;
            }
            if (start >= 0 && hasLetter)
            {
                spans.Add(start..i);
            }
            start = -1;
            hasLetter = false;
        }
        return spans;
    }

    private static char Lower(char c) => c switch
    {
        'ς' => 'σ',
        _ => char.ToLowerInvariant(c),
    };
}
