using System.Globalization;
using System.Text;

namespace Regin.Core.Normalisation;

/// <summary>
/// Digits as keyboards and pasted documents give them: full-width (２０１９, ４５．０００ €), Arabic-Indic (٢٠١٩),
/// Devanagari or any other script's decimal digits. Patterns with <c>\d</c> match them all, so every reader turns them
/// into 0–9 before it reads a number (an unguarded <c>int.Parse</c> of "١٣" threw).
/// </summary>
public static class Digits
{
    /// <summary>
    /// <paramref name="text"/> with its compatibility forms folded (NFKC: full-width letters, digits and punctuation
    /// as their ASCII forms) and every decimal digit of any script as its ASCII digit; the text itself when it is ASCII.
    /// </summary>
    public static string ToAscii(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Ascii.IsValid(text))
        {
            return text;
        }
        string folded;
        try
        {
            folded = text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            folded = text; // a lone surrogate: not normalisable, its digits are still mapped below
        }
        StringBuilder? builder = null;
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            if (c > '\u007f' && char.IsDigit(c))
            {
                builder ??= new StringBuilder(folded, 0, i, folded.Length);
                builder.Append((char)('0' + CharUnicodeInfo.GetDecimalDigitValue(c)));
            }
            else
            {
                builder?.Append(c);
            }
        }
        return builder?.ToString() ?? folded;
    }

    /// <summary>The value of a run of decimal digits of any script ("13", "١٣", "１３"), as <c>\d+</c> matched them.</summary>
    public static int Parse(ReadOnlySpan<char> digits)
    {
        if (digits.IsEmpty)
        {
            throw new FormatException("No digits.");
        }
        var value = 0;
        foreach (var c in digits)
        {
            var digit = CharUnicodeInfo.GetDecimalDigitValue(c);
            if (digit < 0)
            {
                throw new FormatException($"'{c}' is not a decimal digit.");
            }
            value = checked(value * 10 + digit);
        }
        return value;
    }
}
