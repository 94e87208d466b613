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
        // A lone surrogate makes the normalisation throw, as it always did: such text takes the whole-string path.
        if (text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return FoldDecomposed(text.Normalize(NormalizationForm.FormD));
        }
        // The canonical decomposition of a text is its characters' decompositions one after the other, but for the
        // order of the combining marks, which the key drops: each character is decomposed once per process, not every
        // text by ICU (most of folding a line of a mail).
        var builder = Builder();
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (c < 0x80)
            {
                Append(builder, c, ref pendingSpace);
                continue;
            }
            foreach (var d in Decomposition(c))
            {
                Append(builder, d, ref pendingSpace);
            }
        }
        return Result(builder);
    }

    /// <summary>The key of text already in its canonical decomposition.</summary>
    private static string FoldDecomposed(string decomposed)
    {
        var builder = Builder();
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            Append(builder, c, ref pendingSpace);
        }
        return Result(builder);
    }

    private static void Append(StringBuilder builder, char c, ref bool pendingSpace)
    {
        if (c < 0x80)
        {
            // ASCII: no marks; letters and digits are the word characters.
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }
                pendingSpace = false;
                builder.Append(char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c);
            }
            else
            {
                // Anything else separates words, the apostrophe too (l'Italia, d'accord).
                pendingSpace = true;
            }
            return;
        }
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
        {
            return;
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
        else
        {
            // U+2019 separates words like the apostrophe.
            pendingSpace = true;
        }
    }

    // Each character's canonical decomposition (BMP, no surrogates), asked of ICU once: pages of 256 made on first use.
    private static readonly string?[]?[] DecompositionPages = new string?[256][];

    private static string Decomposition(char c)
    {
        var page = DecompositionPages[c >> 8] ??= new string?[256];
        return page[c & 0xFF] ??= c.ToString().Normalize(NormalizationForm.FormD);
    }

    [ThreadStatic]
    private static StringBuilder? _builder;

    private static StringBuilder Builder()
    {
        var builder = _builder ??= new StringBuilder(256);
        builder.Clear();
        return builder;
    }

    private static string Result(StringBuilder builder)
    {
        var result = builder.ToString();
        if (builder.Capacity > 16 * 1024)
        {
            _builder = null; // a huge text's buffer is not kept
        }
        return result;
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
