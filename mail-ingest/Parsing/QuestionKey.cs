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
        return text[^1] is ':' or '-' or '–' or '—' || Postscript().IsMatch(text) || IsConnectives(text);
    }

    /// <summary>
    /// "Oh and", "also", "Ach und", "Α και", "även": one to three words that only add to what was said (a conjunction, an
    /// interjection, "forgot"), typed before a key with no colon. A closed class, few words in each of our 8 languages;
    /// anything else before a key ("Please read [Q07] …", "as the council wrote under [Q06] …") is a sentence, not a lead-in.
    /// </summary>
    private static bool IsConnectives(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= 3 && words.All(w => Connectives.Contains(w.TrimEnd(',', '!', '…')));
    }

    private static readonly HashSet<string> Connectives = new(
        [
            "and", "also", "plus", "oh", "ah", "oops", "i", "forgot", "btw",
            "et", "aussi", "oups", "j'oubliais", "oublié",
            "und", "auch", "noch", "ach", "ups", "vergessen", "außerdem",
            "y", "e", "también", "uy", "además", "olvidé",
            "ed", "anche", "poi", "inoltre", "dimenticavo",
            "και", "κι", "επίσης", "ακόμα", "ακόμη", "α", "ω", "ξέχασα",
            "também", "ops", "esqueci", "ainda",
            "och", "även", "också", "åh", "oj", "glömde", "dessutom",
        ],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Where further keys begin in a line that opens with one ("[Q06] Ireland [Q13] 2021", "[Q06]: Ireland, [Q23]: 50000
    /// EUR"): a key of a question (<paramref name="names"/>) after a short answer (at most 6 words, or 12 ending with a comma,
    /// semicolon, bar or full stop, or before a tab or two spaces), with no sentence ending inside it and outside any
    /// parenthesis. A key in a sentence ("as the council wrote under [Q06] Spain is wrong") or our own example "(for
    /// example [Q07] 2019)" stays text. At most <paramref name="limit"/> splits.
    /// </summary>
    public static List<int> FurtherKeys(string line, Found first, Func<int, bool> names, int limit = 64)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(names);
        var starts = new List<int>();
        var answerStart = first.End;
        var depth = Depth(line.AsSpan(0, first.End));
        var scan = first.End;
        while (starts.Count < limit)
        {
            var offset = line.AsSpan(scan).IndexOfAny('[', '［');
            // An answer longer than a short one's words: no later key on the line starts an answer.
            if (offset < 0 || scan + offset - answerStart > MaxShortAnswer)
            {
                break;
            }
            var at = scan + offset;
            depth += Depth(line.AsSpan(scan, at - scan));
            var key = KeyAt().Match(line, at);
            var digits = key.Groups["n"].Value;
            if (key.Success && depth <= 0 && digits.Any(char.IsDigit) && NumberOf(digits) is { } number && names(number)
                && IsShortAnswer(line.AsSpan(answerStart, at - answerStart)))
            {
                starts.Add(at);
                answerStart = scan = at + key.Length;
            }
            else
            {
                scan = at + 1;
            }
        }
        return starts;
    }

    /// <summary>The most characters of an answer before a second key on its line (12 words).</summary>
    private const int MaxShortAnswer = 200;

    private static int Depth(ReadOnlySpan<char> text) => text.Count('(') - text.Count(')');

    /// <summary>The text between two keys is an answer of its own, not a sentence that goes on into the second key.</summary>
    private static bool IsShortAnswer(ReadOnlySpan<char> between)
    {
        var trimmed = between.Trim();
        if (trimmed.Length == 0)
        {
            return false;
        }
        for (var i = 0; i < trimmed.Length - 1; i++)
        {
            // "Advice desk. As I said under [Q06]": a sentence ended inside, the key is in the next one.
            if (trimmed[i] is '.' or '!' or '?' && char.IsWhiteSpace(trimmed[i + 1]))
            {
                return false;
            }
        }
        var words = 0;
        for (var i = 0; i < trimmed.Length; i++)
        {
            if (!char.IsWhiteSpace(trimmed[i]) && (i == 0 || char.IsWhiteSpace(trimmed[i - 1])))
            {
                words++;
            }
        }
        var separated = trimmed[^1] is ',' or ';' or '|' or '.' || between.EndsWith("  ") || between.EndsWith("\t");
        return words <= 6 || (separated && words <= 12);
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

    // A key exactly at a position: what FurtherKeys looks for after an answer.
    [GeneratedRegex(@"\G[\[［]\s*[QqＱｑ]\s*(?<n>[^\s\]］\[［]{1,3})\s*[\]］]", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex KeyAt();

    [GeneratedRegex(@"^(?:p\.?\s?p\.?\s?s\.?|p\.?\s?s\.?|υ\.?\s?γ\.?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Postscript();
}
