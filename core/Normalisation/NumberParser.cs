using System.Globalization;
using System.Text.RegularExpressions;
using Regin.Core.Questionnaire;

namespace Regin.Core.Normalisation;

/// <summary>
/// Reads counts and amounts in European and English formats: 120.000, 120,000, 120 000, 1,2 milioni, €120k,
/// 1.5 million, 120.000,50 €, "circa 1.200". Amounts in another currency are recognised so they can be flagged.
/// </summary>
public sealed partial class NumberParser
{
    public enum Outcome
    {
        Number,
        Unreadable,
        /// <summary>More than one number ("between 100 and 200").</summary>
        Ambiguous,
    }

    public sealed record Reading(decimal Value, string? Currency);

    [GeneratedRegex(@"(?<![\d.,])\d{1,3}(?:(?:[ \u00a0\u202f'’]\d{3})+|(?:\.\d{3}){2,}|(?:,\d{3}){2,})(?:[.,]\d+)?(?![\d])|(?<![\d.,])\d+(?:[.,]\d+)?(?:[.,]\d+)?(?![\d])")]
    private static partial Regex NumberToken();

    /// <summary>Currency symbols and ISO codes: marks, not words of a language. The currencies' names are in the locale files.</summary>
    private static readonly (string Code, string[] Marks)[] CurrencyMarks =
    [
        ("EUR", ["€", "eur"]), ("USD", ["$", "usd"]), ("GBP", ["£", "gbp"]), ("SEK", ["sek"]), ("DKK", ["dkk"]), ("NOK", ["nok"]),
        ("CHF", ["chf"]), ("PLN", ["pln", "zł"]), ("HUF", ["huf"]), ("CZK", ["czk", "kč"]), ("RON", ["ron"]), ("BGN", ["bgn"]),
    ];

    // Built once from the locale files (the words of every language, folded): "mila", "Mio.", "mil millones".
    private readonly List<(string[] Words, decimal Factor)> _multipliers = [];
    private readonly List<(string Code, string[] Words)> _currencies = [];
    private readonly HashSet<string> _negative = new(StringComparer.Ordinal);

    public NumberParser(Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        foreach (var (words, factor) in new[] { (vocabulary.Thousands, 1_000m), (vocabulary.Millions, 1_000_000m), (vocabulary.Billions, 1_000_000_000m) })
        {
            _multipliers.AddRange(words.All.Select(TextKey.Words).Where(w => w.Length > 0).Select(w => (w, factor)));
        }
        // The longest phrase first: "mil millones" is a billion, "mil" a thousand.
        _multipliers.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
        foreach (var (code, marks) in CurrencyMarks)
        {
            _currencies.AddRange(marks.Select(mark => (code, mark.Length == 1 && !char.IsLetter(mark[0]) ? [mark] : TextKey.Words(mark))));
        }
        foreach (var (code, names) in vocabulary.Currencies)
        {
            _currencies.AddRange(names.All.Select(TextKey.Words).Where(w => w.Length > 0).Select(w => (code.ToUpperInvariant(), w)));
        }
        _negative.UnionWith(vocabulary.Negative.All.Select(TextKey.Fold));
    }

    public Outcome TryRead(string text, out Reading reading)
    {
        reading = new Reading(0, null);
        var matches = NumberToken().Matches(text);
        if (matches.Count == 0)
        {
            return Outcome.Unreadable;
        }
        if (matches.Count > 1)
        {
            return Outcome.Ambiguous;
        }
        var token = matches[0];
        var after = TextKey.Words(text[(token.Index + token.Length)..]);
        var before = TextKey.Words(text[..token.Index]);
        var factor = 1m;
        var hasMultiplier = false;
        foreach (var (words, f) in _multipliers)
        {
            if (StartsWith(after, 0, words))
            {
                factor = f;
                hasMultiplier = true;
                break;
            }
        }
        if (!TryParseDigits(token.Value, hasMultiplier, out var value))
        {
            return Outcome.Unreadable;
        }
        var currency = FindCurrency(text, before, after);
        reading = new Reading(value * factor, currency);
        if (text.TrimStart().StartsWith('-') || before.Any(_negative.Contains))
        {
            reading = reading with { Value = -reading.Value };
        }
        return Outcome.Number;
    }

    /// <summary>"120.000" and "120,000" are thousands; "1,2" and "1.5" are decimals; both marks: the last is the decimal one.</summary>
    internal static bool TryParseDigits(string token, bool hasMultiplier, out decimal value)
    {
        var compact = new string(token.Where(c => c is not (' ' or '\u00a0' or '\u202f' or '\'' or '’')).ToArray());
        var lastDot = compact.LastIndexOf('.');
        var lastComma = compact.LastIndexOf(',');
        string normalised;
        if (lastDot >= 0 && lastComma >= 0)
        {
            var decimalMark = lastDot > lastComma ? '.' : ',';
            var groupMark = decimalMark == '.' ? ',' : '.';
            normalised = compact.Replace(groupMark.ToString(), "", StringComparison.Ordinal).Replace(decimalMark, '.');
        }
        else if (lastDot >= 0 || lastComma >= 0)
        {
            var mark = lastDot >= 0 ? '.' : ',';
            var count = compact.Count(c => c == mark);
            var digitsAfter = compact.Length - compact.LastIndexOf(mark) - 1;
            var isGrouping = count > 1 || (digitsAfter == 3 && !hasMultiplier && compact.IndexOf(mark) is >= 1 and <= 3);
            normalised = isGrouping ? compact.Replace(mark.ToString(), "", StringComparison.Ordinal) : compact.Replace(mark, '.');
        }
        else
        {
            normalised = compact;
        }
        return decimal.TryParse(normalised, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    private string? FindCurrency(string text, string[] before, string[] after)
    {
        var near = after.Take(3 + 2).ToArray();
        foreach (var (code, words) in _currencies)
        {
            var found = words is [var mark] && mark.Length == 1 && !char.IsLetter(mark[0])
                ? text.Contains(mark, StringComparison.Ordinal)
                : Contains(before, words) || Contains(near, words, maxStart: 2);
            if (found)
            {
                return code;
            }
        }
        return null;
    }

    private static bool Contains(string[] words, string[] phrase, int maxStart = int.MaxValue)
    {
        for (var i = 0; i <= Math.Min(words.Length - phrase.Length, maxStart); i++)
        {
            if (StartsWith(words, i, phrase))
            {
                return true;
            }
        }
        return false;
    }

    private static bool StartsWith(string[] words, int at, string[] phrase)
    {
        if (at + phrase.Length > words.Length)
        {
            return false;
        }
        for (var i = 0; i < phrase.Length; i++)
        {
            if (!string.Equals(words[at + i], phrase[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
