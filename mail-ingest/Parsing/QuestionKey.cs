using System.Globalization;
using System.Text.RegularExpressions;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// A question's bracketed key as people really type it: "[Q13]", "[q6]", "[Q 06]", full-width "［Ｑ０６］" (a Japanese or
/// Chinese keyboard, a pasted document), a letter for a digit ("[QO6]", a Cyrillic "З" for the 3 of "[Q1З]", what a
/// phone's other keyboard gives), and in mid-line after a short lead-in ("Forgot: [Q06] Ireland", "PS [Q20] 50000 EUR").
/// A key whose digits cannot be read is still a key's line: it ends the answer above and is never glued to it.
/// </summary>
public static partial class QuestionKey
{
    /// <summary>A key found in a line: its number (null when unreadable), where the key starts and where its answer starts.</summary>
    public readonly record struct Found(int? Number, int Start, int End);

    /// <summary>
    /// The bracketed key opening <paramref name="line"/> (after leading spaces), or after a short lead-in ending with a colon
    /// or dash, or a postscript mark ("Forgot these:", "PS", "Υ.Γ."); null when there is none.
    /// </summary>
    public static Found? Read(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        // Most lines hold no bracket at all: said without the pattern.
        if (line.AsSpan().IndexOfAny('[', '［') < 0)
        {
            return null;
        }
        var match = KeyPattern().Match(line);
        if (!match.Success || (match.Groups["lead"].Length > 0 && !IsLeadIn(match.Groups["lead"].Value)))
        {
            return null;
        }
        var digits = match.Groups["n"].Value;
        if (!digits.Any(char.IsDigit))
        {
            return null; // "[Qty]": no key at all
        }
        var key = match.Groups["key"];
        return new Found(NumberOf(digits), key.Index, key.Index + key.Length);
    }

    /// <summary>The key as the template writes it ("[Q06]"), whichever way it was typed.</summary>
    public static string Canonical(int number) => $"[Q{number:D2}]";

    /// <summary>
    /// Text before a key in mid-line that only leads in to the answer: at most four words, no parenthesis (our own "(for
    /// example [Q07] 2019)" wrapped by a mail program), ending with a colon or a dash ("Forgot:", "Noch vergessen –"), or a
    /// postscript mark alone ("PS", "P.S.", "Υ.Γ.").
    /// </summary>
    private static bool IsLeadIn(string lead)
    {
        var text = lead.Trim();
        if (text.Length is 0 or > 40 || text.AsSpan().IndexOfAny('(', ')') >= 0 || text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 4)
        {
            return false;
        }
        return text[^1] is ':' or '-' or '–' or '—' || Postscript().IsMatch(text);
    }

    /// <summary>The key's number from its digits and look-alikes, null when one of them is neither ("[Q1Ж]").</summary>
    private static int? NumberOf(string digits)
    {
        var number = 0;
        foreach (var c in digits)
        {
            int value;
            if (char.IsDigit(c))
            {
                value = CharUnicodeInfo.GetDecimalDigitValue(c);
            }
            else if (LookAlike(c) is { } digit)
            {
                value = digit;
            }
            else
            {
                return null;
            }
            number = number * 10 + value;
        }
        return number <= 99 ? number : null;
    }

    /// <summary>
    /// The digit a letter stands for in a key: O (Latin, Cyrillic, Greek) for 0, l and I (and Cyrillic І, Greek Ι) for 1,
    /// Cyrillic З for 3, Cyrillic Б for 6. Only these: each is the digit's shape on every keyboard that has it.
    /// </summary>
    private static int? LookAlike(char c) => c switch
    {
        'O' or 'o' or 'О' or 'о' or 'Ο' or 'ο' or 'Ｏ' or 'ｏ' => 0,
        'l' or 'I' or 'І' or 'і' or 'Ι' or 'ｌ' or 'Ｉ' => 1,
        'З' or 'з' => 3,
        'Б' => 6,
        _ => null,
    };

    // An opening bracket (or its full-width form), a Q (or its full-width form), up to three digits or look-alikes, a
    // closing bracket; spaces anywhere inside. Before it, nothing or a lead-in of a few words (checked by IsLeadIn). A
    // token of anything else in the brackets ("[Q1Ж]") is kept as unreadable: still a key's line.
    [GeneratedRegex(@"^\s*(?<lead>[^\[［]{0,40}?)(?<key>[\[［]\s*[QqＱｑ]\s*(?<n>[^\s\]］\[［]{1,3})\s*[\]］])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^(?:p\.?\s?p\.?\s?s\.?|p\.?\s?s\.?|υ\.?\s?γ\.?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Postscript();
}
