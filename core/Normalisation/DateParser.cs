using System.Text.RegularExpressions;
using Regin.Core.Questionnaire;

namespace Regin.Core.Normalisation;

/// <summary>
/// Reads dates as contributors write them in the 8 languages: 2019, 03/2019, 15/03/2019, 15.03.2019 (day first),
/// 2019-03-15, "marzo 2019", "15 de marzo de 2019", "Μάρτιος 2019", "15. März 2019", "March 15th, 2019".
/// </summary>
public sealed partial class DateParser
{
    public const int MinYear = 1900;
    public const int MaxYear = 2100;

    private readonly Dictionary<string, int> _months = new();
    private readonly HashSet<string> _ongoing = new();
    // Words that join a date's parts or follow its digits, in every language ("15 de marzo de 2019", "the 15th of
    // March", "1er mars", "since", "15:e"): the locale files' date_fillers, folded, one word each.
    private readonly HashSet<string> _fillers = new(StringComparer.Ordinal);

    public DateParser(Vocabulary vocabulary)
    {
        foreach (var months in vocabulary.Months.Values)
        {
            for (var i = 0; i < months.Length; i++)
            {
                foreach (var name in months[i])
                {
                    _months.TryAdd(TextKey.Fold(name), i + 1);
                }
            }
        }
        foreach (var phrase in vocabulary.Ongoing.All)
        {
            _ongoing.Add(TextKey.Fold(phrase));
        }
        foreach (var filler in vocabulary.DateFillers.All)
        {
            _fillers.UnionWith(TextKey.Words(filler));
        }
    }

    public enum Outcome
    {
        Date,
        Ongoing,
        Unreadable,
        /// <summary>Readable, but no such day (31/02/2020).</summary>
        DoesNotExist,
    }

    [GeneratedRegex(@"^(?<y>\d{4})(?:[-/.](?<m>\d{1,2})(?:[-/.](?<d>\d{1,2}))?)?$")]
    private static partial Regex YearFirst();

    [GeneratedRegex(@"^(?:(?<d>\d{1,2})[-/.]\s?)?(?<m>\d{1,2})[-/.]\s?(?<y>\d{4})$")]
    private static partial Regex DayFirst();

    public Outcome Parse(string text, bool allowOngoing, out PartialDate date)
    {
        date = default;
        var trimmed = text.Trim().TrimEnd('.');
        if (allowOngoing && IsOngoing(trimmed))
        {
            return Outcome.Ongoing;
        }
        var match = YearFirst().Match(trimmed);
        if (!match.Success)
        {
            match = DayFirst().Match(trimmed);
        }
        if (match.Success)
        {
            return Build(match.Groups["y"].Value, match.Groups["m"].Value, match.Groups["d"].Value, out date);
        }
        return ParseWords(trimmed, out date);
    }

    public bool IsOngoing(string text)
    {
        var key = TextKey.Fold(text);
        return _ongoing.Contains(key) || (!key.Any(char.IsDigit) && _ongoing.Any(phrase => phrase.Contains(' ') && key.Contains(phrase)));
    }

    private Outcome ParseWords(string text, out PartialDate date)
    {
        date = default;
        int? month = null;
        var numbers = new List<string>();
        foreach (var word in TextKey.Words(text))
        {
            // "15th", "1er", "1º" → the digits; "2019r" is not a thing, but digits always lead.
            var digits = new string(word.TakeWhile(char.IsAsciiDigit).ToArray());
            if (digits.Length > 0)
            {
                var rest = word[digits.Length..];
                if (rest.Length > 0 && !_fillers.Contains(rest))
                {
                    return Outcome.Unreadable;
                }
                numbers.Add(digits);
            }
            else if (_months.TryGetValue(word, out var m))
            {
                if (month is not null)
                {
                    return Outcome.Unreadable;
                }
                month = m;
            }
            else if (!_fillers.Contains(word))
            {
                return Outcome.Unreadable;
            }
        }
        var year = numbers.FirstOrDefault(n => n.Length == 4);
        var day = numbers.Where(n => n.Length <= 2).ToList();
        if (month is null || year is null || day.Count > 1 || numbers.Count != day.Count + 1)
        {
            return Outcome.Unreadable;
        }
        return Build(year, month.Value.ToString(), day.FirstOrDefault() ?? "", out date);
    }

    private static Outcome Build(string yearText, string monthText, string dayText, out PartialDate date)
    {
        date = default;
        var year = int.Parse(yearText);
        if (year is < MinYear or > MaxYear)
        {
            return Outcome.Unreadable;
        }
        if (monthText.Length == 0)
        {
            date = new PartialDate(year);
            return Outcome.Date;
        }
        var month = int.Parse(monthText);
        if (month is < 1 or > 12)
        {
            return dayText.Length > 0 ? Outcome.DoesNotExist : Outcome.Unreadable;
        }
        if (dayText.Length == 0)
        {
            date = new PartialDate(year, month);
            return Outcome.Date;
        }
        var day = int.Parse(dayText);
        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return Outcome.DoesNotExist;
        }
        date = new PartialDate(year, month, day);
        return Outcome.Date;
    }
}
