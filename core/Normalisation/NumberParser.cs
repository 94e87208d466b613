using System.Globalization;
using System.Text.RegularExpressions;

namespace Regin.Core.Normalisation;

/// <summary>
/// Reads counts and amounts in European and English formats: 120.000, 120,000, 120 000, 1,2 milioni, €120k,
/// 1.5 million, 120.000,50 €, "circa 1.200". Amounts in another currency are recognised so they can be flagged.
/// </summary>
public static partial class NumberParser
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

    private static readonly (string[] Words, decimal Factor)[] Multipliers =
    [
        (["k", "thousand", "thousands", "mille", "mila", "mil", "tausend", "tsd", "χιλ", "χιλιαδες", "χιλιαδεσ", "tusen", "milliers"], 1_000m),
        (["m", "mn", "mio", "million", "millions", "milione", "milioni", "millon", "millones", "milhao", "milhoes", "millionen", "εκατ", "εκατομμυριο", "εκατομμυρια", "miljon", "miljoner", "mln"], 1_000_000m),
        (["bn", "billion", "billions", "mrd", "miliardo", "miliardi", "milliard", "milliarde", "milliarden", "milliards", "δισ", "δισεκατομμυρια", "miljard", "miljarder", "mil millones"], 1_000_000_000m),
    ];

    private static readonly (string[] Marks, string? Code)[] Currencies =
    [
        (["€", "eur", "euro", "euros", "ευρω", "ευρώ"], null),
        (["$", "usd", "dollar", "dollars", "dolares", "dollari"], "USD"),
        (["£", "gbp", "pound", "pounds", "sterling"], "GBP"),
        (["sek", "kronor", "kr"], "SEK"),
        (["dkk"], "DKK"),
        (["nok"], "NOK"),
        (["chf", "franken", "francs suisses"], "CHF"),
        (["pln", "zl", "zloty"], "PLN"),
        (["huf", "forint"], "HUF"),
        (["czk", "kc"], "CZK"),
        (["ron", "lei"], "RON"),
        (["bgn", "leva"], "BGN"),
    ];

    public static Outcome TryRead(string text, out Reading reading)
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
        if (after.Length > 0)
        {
            foreach (var (words, f) in Multipliers)
            {
                if (words.Contains(after[0]))
                {
                    factor = f;
                    hasMultiplier = true;
                }
            }
        }
        if (!TryParseDigits(token.Value, hasMultiplier, out var value))
        {
            return Outcome.Unreadable;
        }
        var currency = FindCurrency(text, before, after);
        reading = new Reading(value * factor, currency);
        if (text.TrimStart().StartsWith('-') || before.Contains("minus"))
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

    private static string? FindCurrency(string text, string[] before, string[] after)
    {
        foreach (var (marks, code) in Currencies)
        {
            foreach (var mark in marks)
            {
                var found = mark.Length == 1 && !char.IsLetter(mark[0])
                    ? text.Contains(mark, StringComparison.Ordinal)
                    : before.Contains(mark) || after.Take(3).Contains(mark);
                if (found)
                {
                    return code ?? "EUR";
                }
            }
        }
        return null;
    }
}
