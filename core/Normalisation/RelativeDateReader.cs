using Regin.Core.Normalisation.Matching;
using Regin.Core.Questionnaire;

namespace Regin.Core.Normalisation;

/// <summary>
/// Reads a date given relative to today, as people answer "when did it start / when does it end" in a hurry: "next
/// year", "l'année prochaine", "bis Ende nächsten Jahres", "el año pasado", "quest'anno", "φέτος", "i slutet av nästa år",
/// "September letzten Jahres", "depuis septembre dernier", "le mois prochain", "today". Made of the language's words for
/// today, a year, a month, last/this/next and the start/end of a period (vocabulary <c>date_*</c>), with the month names
/// and the date fillers of every language around them; one word may play two parts ("φέτος" is this + year, "Jahresende"
/// end + year). Nothing with a digit in it is read here: absolute dates are <see cref="DateParser"/>'s.
/// </summary>
public sealed class RelativeDateReader
{
    [Flags]
    private enum Part
    {
        None = 0,
        Today = 1,
        Year = 2,
        Month = 4,
        Last = 8,
        This = 16,
        Next = 32,
        Start = 64,
        End = 128,
        Season = 256,
        Term = 512,
    }

    private const Part Shifts = Part.Last | Part.This | Part.Next;
    private const Part Edges = Part.Start | Part.End;
    private const int MaxWords = 12;

    // A season's month: the one it starts in, as a start date looks back to it ("last winter" in January is the winter
    // begun in December).
    private sealed record LanguageParts(Dictionary<string, Part> Phrases, Dictionary<string, int> SeasonMonths, int MaxPhraseWords);

    private readonly List<LanguageParts> _all = [];
    private readonly Dictionary<string, LanguageParts> _byLanguage = new(StringComparer.OrdinalIgnoreCase);
    private readonly Func<string, int?> _month;
    private readonly Func<string, bool> _filler;
    // Reads the number of "{n} years ago" written as a word ("dos", "trois").
    private readonly NumberParser _numbers;
    // "{n} years ago", "vor {n} Jahren": the words before and after the number, per language.
    private readonly Dictionary<string, List<(string[] Before, string[] After)>> _yearsAgo = new(StringComparer.OrdinalIgnoreCase);

    public RelativeDateReader(Vocabulary vocabulary, MatchingVocabulary words, NumberParser numbers, Func<string, int?> month, Func<string, bool> filler)
    {
        _month = month;
        _filler = filler;
        _numbers = numbers;
        foreach (var language in words.All)
        {
            var phrases = new Dictionary<string, Part>(StringComparer.Ordinal);
            var seasons = new Dictionary<string, int>(StringComparer.Ordinal);
            var longest = 0;
            void Add(LocalizedWords list, Part part, int seasonMonth = 0)
            {
                foreach (var phrase in list.TryGetValue(language.Language, out var entries) ? entries : [])
                {
                    foreach (var key in language.Keys(phrase))
                    {
                        if (key.Length > 0)
                        {
                            phrases[key] = phrases.GetValueOrDefault(key) | part;
                            longest = Math.Max(longest, key.Count(c => c == ' ') + 1);
                            if (seasonMonth > 0)
                            {
                                seasons[key] = seasonMonth;
                            }
                        }
                    }
                }
            }
            Add(vocabulary.DateToday, Part.Today);
            Add(vocabulary.DateYear, Part.Year);
            Add(vocabulary.DateMonth, Part.Month);
            Add(vocabulary.DateLast, Part.Last);
            Add(vocabulary.DateThis, Part.This);
            Add(vocabulary.DateNext, Part.Next);
            Add(vocabulary.DateStart, Part.Start);
            Add(vocabulary.DateEnd, Part.End);
            Add(vocabulary.DateSpring, Part.Season, 3);
            Add(vocabulary.DateSummer, Part.Season, 6);
            Add(vocabulary.DateAutumn, Part.Season, 9);
            Add(vocabulary.DateWinter, Part.Season, 12);
            Add(vocabulary.DateTerms, Part.Term);
            var ago = _yearsAgo[language.Language] = [];
            foreach (var phrase in vocabulary.DateYearsAgo.TryGetValue(language.Language, out var agoPhrases) ? agoPhrases : [])
            {
                var at = phrase.IndexOf("{n}", StringComparison.Ordinal);
                if (at >= 0)
                {
                    ago.Add((TextKey.Words(phrase[..at]), TextKey.Words(phrase[(at + 3)..])));
                }
            }
            var parts = new LanguageParts(phrases, seasons, longest);
            _byLanguage[language.Language] = parts;
            _all.Add(parts);
        }
    }

    /// <summary>
    /// "3 years ago", "vor 3 Jahren", "för 3 år sedan", "πριν από 3 χρόνια", "desde hace 3 años": the year that many years
    /// before <paramref name="today"/> (a year only: "3 years ago" says no month), with fillers around it only. The answer's
    /// language first, then the others.
    /// </summary>
    private bool TryReadYearsAgo(string text, string language, DateOnly today, out PartialDate date)
    {
        date = default;
        var words = TextKey.Words(text);
        var at = Array.FindIndex(words, word => word.Length is 1 or 2 && word.All(char.IsAsciiDigit));
        if (at >= 0 && words.Skip(at + 1).Any(word => word.Any(char.IsDigit)))
        {
            return false;
        }
        var first = _yearsAgo.GetValueOrDefault(language) ?? [];
        foreach (var (before, after) in first.Concat(_yearsAgo.Where(pair => !string.Equals(pair.Key, language, StringComparison.OrdinalIgnoreCase)).SelectMany(pair => pair.Value)))
        {
            // The number in digits, or else one word in the slot: "hace dos años", "il y a trois ans", "há dois anos" (were
            // refused while "hace 2 años" was read).
            IEnumerable<int> slots = at >= 0 ? [at] : Enumerable.Range(before.Length, Math.Max(0, words.Length - before.Length - after.Length));
            foreach (var slot in slots)
            {
                var start = slot - before.Length;
                var end = slot + 1 + after.Length;
                if (start < 0 || end > words.Length || !words.AsSpan(start, before.Length).SequenceEqual(before)
                    || !words.AsSpan(slot + 1, after.Length).SequenceEqual(after)
                    || !words[..start].All(_filler) || !words[end..].All(_filler))
                {
                    continue;
                }
                var years = at >= 0 ? int.Parse(words[at], System.Globalization.CultureInfo.InvariantCulture)
                    : _numbers.ReadWords(words[slot], language) is { } read && read == decimal.Truncate(read) && read <= 50 ? (int)read : 0;
                if (years is < 1 or > 50)
                {
                    continue;
                }
                date = new PartialDate(today.Year - years);
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The date <paramref name="text"/> names relative to <paramref name="today"/>, as precise as it is said: a year
    /// ("next year" 2027), a month ("end of next year" 2027-12, "next month", "last September") or a day ("today"). The
    /// answer's language is tried first, then the others (one language per answer). <paramref name="end"/> says which
    /// side of an unnamed month is meant: "seit März" is the last March, "bis März" the next one.
    /// </summary>
    public bool TryRead(string text, string language, DateOnly today, DateParser.PeriodEnd end, out PartialDate date, out bool isToday)
    {
        date = default;
        isToday = false;
        if (text.Any(char.IsDigit))
        {
            // "March 2019", "15/03/2019": absolute, and most dates are; "3 years ago", "desde hace 3 años" are not.
            return TryReadYearsAgo(text, language, today, out date);
        }
        var words = TextKey.Words(text);
        if (words.Length is 0 or > MaxWords)
        {
            return false;
        }
        if (TryReadYearsAgo(text, language, today, out date))
        {
            return true;
        }
        var first = _byLanguage.GetValueOrDefault(language);
        if (first is not null && TryRead(words, first, today, end, out date, out isToday))
        {
            return true;
        }
        foreach (var parts in _all)
        {
            if (parts != first && TryRead(words, parts, today, end, out date, out isToday))
            {
                return true;
            }
        }
        return false;
    }

    private bool TryRead(string[] words, LanguageParts parts, DateOnly today, DateParser.PeriodEnd end, out PartialDate date, out bool isToday)
    {
        date = default;
        isToday = false;
        var said = Part.None;
        int? month = null;
        int? season = null;
        for (var i = 0; i < words.Length;)
        {
            var (length, part) = LongestAt(words, i, parts);
            if (length > 0)
            {
                if ((part & Part.Season) != 0)
                {
                    season ??= parts.SeasonMonths[length == 1 ? words[i] : string.Join(' ', words, i, length)];
                    part &= ~Part.Season; // "i våras": last and spring in one word
                }
                // Each part is said once: "next year next month" is no date.
                if ((said & part) != 0 || ((said & Shifts) != 0 && (part & Shifts) != 0) || ((said & Edges) != 0 && (part & Edges) != 0))
                {
                    return false;
                }
                said |= part;
                i += length;
            }
            else if (_month(words[i]) is { } named && month is null)
            {
                month = named;
                i++;
            }
            else if (_filler(words[i]))
            {
                i++;
            }
            else
            {
                return false;
            }
        }
        // "end of the school year", "Ende des Schuljahres", "slutet av läsåret": a school or financial year ends in no month
        // that can be told here (it was read as December): asked for, not guessed.
        if ((said & Part.Term) != 0)
        {
            return false;
        }
        // A season read beside a year or a month is a word around it ("a été lancé l'an dernier": "été" is "been" there).
        var seasonOnly = season is not null && month is null && (said & (Part.Year | Part.Month | Part.Today)) == 0;
        month ??= seasonOnly ? season : null;
        var shift = (said & Part.Last) != 0 ? -1 : (said & Part.Next) != 0 ? 1 : 0;
        var hasShift = (said & Shifts) != 0;
        var edge = said & Edges;
        if ((said & Part.Today) != 0)
        {
            if ((said & ~(Part.Today | Edges)) != 0 || month is not null)
            {
                return false;
            }
            isToday = true;
            return Valid(new PartialDate(today.Year, today.Month, today.Day), out date);
        }
        if ((said & Part.Year) != 0)
        {
            // "next year", "φέτος", "Ende des Jahres" (this year's end), "März nächsten Jahres"; a bare "Jahr" is nothing.
            if ((said & Part.Month) != 0 || (!hasShift && edge == Part.None))
            {
                return false;
            }
            var year = today.Year + shift;
            var inYear = month ?? (edge == Part.Start ? 1 : edge == Part.End ? 12 : null);
            return Valid(new PartialDate(year, inYear), out date);
        }
        if ((said & Part.Month) != 0)
        {
            // "next month", "fin du mois" (this month), "le mois dernier": a named month is no "month" too.
            if (month is not null || (!hasShift && edge == Part.None))
            {
                return false;
            }
            var shifted = new DateOnly(today.Year, today.Month, 1).AddMonths(shift);
            return Valid(new PartialDate(shifted.Year, shifted.Month), out date);
        }
        if (month is { } m)
        {
            // "last September", "septembre prochain", "seit März", "bis Juni": the named month nearest today on the side said
            // (or, unsaid, on the side the question looks: a start looks back, an end ahead).
            var year = today.Year;
            if ((said & Part.Last) != 0 || (!hasShift && end == DateParser.PeriodEnd.Start))
            {
                year -= (said & Part.Last) != 0 ? (m < today.Month ? 0 : 1) : (m <= today.Month ? 0 : 1);
            }
            else if ((said & Part.Next) != 0 || !hasShift)
            {
                year += (said & Part.Next) != 0 ? (m > today.Month ? 0 : 1) : (m >= today.Month ? 0 : 1);
            }
            return Valid(seasonOnly ? new PartialDate(year) : new PartialDate(year, m), out date);
        }
        return false;
    }

    private static (int Length, Part Part) LongestAt(string[] words, int start, LanguageParts parts)
    {
        for (var length = Math.Min(parts.MaxPhraseWords, words.Length - start); length > 0; length--)
        {
            var candidate = length == 1 ? words[start] : string.Join(' ', words, start, length);
            if (parts.Phrases.TryGetValue(candidate, out var part))
            {
                return (length, part);
            }
        }
        return (0, Part.None);
    }

    private static bool Valid(PartialDate found, out PartialDate date)
    {
        date = found;
        return found.Year is >= DateParser.MinYear and <= DateParser.MaxYear;
    }
}
