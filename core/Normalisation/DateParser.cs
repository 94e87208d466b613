using System.Text;
using System.Text.RegularExpressions;
using Regin.Core.Normalisation.Matching;
using Regin.Core.Questionnaire;

namespace Regin.Core.Normalisation;

/// <summary>
/// Reads dates as contributors write them in the 8 languages: 2019, 03/2019, 15/03/2019, 15.03.2019 (day first),
/// 2019-03-15, "marzo 2019", "15 de marzo de 2019", "Μάρτιος 2019", "15. März 2019", "March 15th, 2019"; and where one date
/// is asked, a period as people give it ("2018/19", "2018-2021", "dal 2018 al 2020", "Q3 2019", "3. Quartal 2019"):
/// the start of it for a start, its end for an end.
/// </summary>
public sealed partial class DateParser
{
    public const int MinYear = 1900;
    public const int MaxYear = 2100;

    private readonly Dictionary<string, int> _months = new();
    // The month names of every language (4 letters and more), to find the one a name typed with a slip is most likely.
    private readonly TypoIndex<int> _monthTypos = new();
    private readonly HashSet<string> _notMonths = new(StringComparer.Ordinal);
    private readonly HashSet<string> _fillers = new(StringComparer.Ordinal);
    private readonly Regex? _termYear;
    // The terms' names folded, with a space each side: " annee scolaire ", " school year ".
    private readonly List<string> _termNames;
    // A term with its months before a full year ("vt 2021", "WS 2021/22", "rentrée 2021"), and those months by the term folded.
    private readonly Regex? _termWithMonths;
    // "the 2022/23 academic year", "2022-23 school year": the span of years before its term, as English writes it (it was
    // the first year alone, 2022, where "academic year 2022/23" is September 2022; lang47).
    private readonly Regex? _yearsBeforeTerm;
    // "Herbst 19", "autunno del 19": a term with its months (a season) before a year of two digits.
    private readonly Regex? _termWithMonthsShortYear;
    private readonly Dictionary<string, (int First, int Last, bool StartsInYear)> _termMonths = new(StringComparer.Ordinal);
    // The languages a term with its months is a word of ("curso": Spanish), by its folded key.
    private readonly Dictionary<string, HashSet<string>> _termLanguages = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ordinals = new(StringComparer.Ordinal);
    private readonly HashSet<string> _quarters = new(StringComparer.Ordinal);
    private readonly HashSet<string> _halfYears = new(StringComparer.Ordinal);
    // "primo", "segundo", "andra", "α", "II" of every language, folded → "1" … "4": a part's number beside a part word.
    private readonly Dictionary<string, string> _partOrdinals = new(StringComparer.Ordinal);
    // "today", "oggi", "aujourd'hui" of every language, folded: what closes a period running to now ("03/2020 - oggi").
    private readonly HashSet<string> _today = new(StringComparer.Ordinal);
    private readonly MatchingVocabulary _words;
    private readonly RelativeDateReader _relative;

    /// <param name="numbers">Reads a number written as a word ("hace dos años"): the normaliser's own parser.</param>
    public DateParser(Vocabulary vocabulary, MatchingVocabulary words, NumberParser numbers)
    {
        _words = words;
        // The "but" words of every language are never a month: greeklish "Μάης" (May) is "mais", French and Portuguese
        // "but", so "décembre 2025 mais prolongé", "2025 mais" were read as May 2025, silently (lang46); nor a month typed
        // with a slip ("mais" one letter from "mai").
        foreach (var other in words.All)
        {
            _notMonths.UnionWith(other.But.Keys.Concat(other.Contrasts.Keys).Where(key => !key.Contains(' ', StringComparison.Ordinal)));
        }
        foreach (var (language, months) in vocabulary.Months)
        {
            var spellings = words.For(language).Spellings;
            for (var i = 0; i < months.Length; i++)
            {
                foreach (var name in months[i])
                {
                    foreach (var key in Spellings.Keys(name, spellings).Where(key => key == TextKey.Fold(name) || !_notMonths.Contains(key)))
                    {
                        _months.TryAdd(key, i + 1);
                        _monthTypos.Add(key, i + 1);
                    }
                }
            }
        }
        // Fillers and ordinal marks of every language: a date is read the same whichever language it is typed in.
        foreach (var filler in vocabulary.DateFillers.All)
        {
            foreach (var word in TextKey.Words(filler))
            {
                _fillers.Add(word);
            }
        }
        // "HT21", "VT-22", "WS 19/20": a term before a year of two digits, read as that year ("WS 2019/20" then as a span).
        var terms = vocabulary.DateTerms.All.Where(t => t.Trim().Length > 0).Distinct().OrderByDescending(t => t.Length).Select(t => Regex.Escape(t.Trim())).ToList();
        _termNames = vocabulary.DateTerms.All.Select(t => " " + TextKey.Fold(t) + " ").Where(t => t.Trim().Length > 0).Distinct().ToList();
        _termYear = terms.Count == 0 ? null : new Regex(
            $@"(?<![\p{{L}}\d])(?<term>{string.Join('|', terms)})[\s-]?(?<yy>\d{{2}})(?<rest>\s?[-/]\s?\d{{2}})?(?![\d])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        // Written as in the file or without its accents ("rentree 2021", "σχολικο ετος 2021-22": typed on a phone without accents).
        foreach (var term in vocabulary.DateTermMonths.Values.SelectMany(terms => terms))
        {
            _termMonths.TryAdd(TextKey.Fold(term.Term), (term.First, term.Last, term.StartsInYear));
        }
        foreach (var (language, named) in vocabulary.DateTermMonths)
        {
            foreach (var term in named)
            {
                (_termLanguages.TryGetValue(TextKey.Fold(term.Term), out var languages) ? languages : _termLanguages[TextKey.Fold(term.Term)] = []).Add(language);
            }
        }
        var withMonths = vocabulary.DateTermMonths.Values.SelectMany(terms => terms).SelectMany(t => new[] { t.Term.Trim(), WithoutAccents(t.Term.Trim()) })
            .Where(t => t.Length > 0).Distinct().OrderByDescending(t => t.Length).Select(Regex.Escape).ToList();
        _termWithMonths = withMonths.Count == 0 ? null : new Regex(
            $@"(?<![\p{{L}}\d])(?<term>{string.Join('|', withMonths)})(?:\s+(?<of>\p{{L}}{{1,3}}))?\s?-?\s?(?<y>\d{{4}})(?:\s?[-/–]\s?(?<y2>\d{{4}}|\d{{2}}))?(?!\d)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        _yearsBeforeTerm = withMonths.Count == 0 ? null : new Regex(
            $@"(?<![\p{{L}}\d])(?<y>\d{{4}})\s?[-/–]\s?(?<y2>\d{{4}}|\d{{2}})\s+(?<term>{string.Join('|', withMonths)})(?![\p{{L}}\d])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        _termWithMonthsShortYear = withMonths.Count == 0 ? null : new Regex(
            $@"(?<![\p{{L}}\d])(?<term>{string.Join('|', withMonths)})(?<of>\s+\p{{L}}{{1,3}})?\s?-?\s?(?<yy>\d{{2}})(?<rest>\s?[-/]\s?\d{{2}})?(?!\d|[.,:]\d)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        foreach (var today in vocabulary.DateToday.All)
        {
            _today.Add(TextKey.Fold(today));
        }
        _today.Remove("");
        foreach (var mark in vocabulary.Ordinals.All)
        {
            _ordinals.Add(TextKey.Fold(mark));
        }
        _ordinals.Remove("");
        foreach (var quarter in vocabulary.Quarters.All)
        {
            _quarters.Add(TextKey.Fold(quarter));
        }
        _quarters.Remove("");
        foreach (var half in vocabulary.HalfYears.All)
        {
            _halfYears.Add(TextKey.Fold(half));
        }
        _halfYears.Remove("");
        foreach (var (_, ordinals) in vocabulary.PartOrdinals)
        {
            for (var i = 0; i < ordinals.Length; i++)
            {
                foreach (var word in ordinals[i])
                {
                    _partOrdinals.TryAdd(TextKey.Fold(word), (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        _partOrdinals.Remove("");
        _relative = new RelativeDateReader(vocabulary, words, numbers, word => _months.TryGetValue(word, out var month) ? month : null, _fillers.Contains);
    }

    /// <summary>A date said relative to <paramref name="today"/> ("next year", "Ende nächsten Jahres"): see <see cref="RelativeDateReader"/>.</summary>
    /// <summary>Whether the answer names a school, academic or financial year ("fin de l'année scolaire", "fine anno
    /// scolastico"): a term that ends in no month the same everywhere.</summary>
    public bool NamesTerm(string text)
    {
        var folded = " " + TextKey.Fold(text) + " ";
        return _termNames.Any(term => folded.Contains(term, StringComparison.Ordinal));
    }

    public bool TryReadRelative(string text, string language, DateOnly today, PeriodEnd end, out PartialDate date, out bool isToday) =>
        _relative.TryRead(text, language, today, end, out date, out isToday);

    /// <summary>
    /// "ongoing till end of next year", "σε εξέλιξη μέχρι τέλος του επόμενου χρόνου", "pågående t.o.m. nästa år": an end said
    /// relative to <paramref name="today"/> beside the "ongoing" phrase. A stated end wins over "ongoing", as "ongoing until
    /// 2027" is 2027 (lang58 left these "ongoing"); not an end "at least" or "for now", nor a funding's end ("ongoing, funded
    /// until end of next year"): remarks on a practice that runs on, as with a year in digits.
    /// </summary>
    public bool TryReadEndBesideOngoing(string text, string language, DateOnly today, out PartialDate date)
    {
        date = default;
        if (WithoutOngoing(text, language, digitNeeded: false) is not { Length: > 0 } rest)
        {
            return false;
        }
        var local = _words.For(language);
        var words = TextKey.Words(rest);
        return !local.Funding.OccursIn(words) && !local.AtLeast.OccursIn(words) && !local.PlannedForNow.OccursIn(words)
            && _relative.TryRead(rest, language, today, PeriodEnd.End, out date, out var isToday) && !isToday;
    }

    /// <summary>Which end of a period the question asks for, when the answer gives a period.</summary>
    public enum PeriodEnd
    {
        Start,
        End,
    }

    public enum Outcome
    {
        Date,
        Ongoing,
        Unreadable,
        /// <summary>Readable, but no such day (31/02/2020).</summary>
        DoesNotExist,
        /// <summary>
        /// No such day as written, but a real one with its day and month the other way round ("12/31/2025", "2019-15-03":
        /// month first, as some software and some countries write it): the date to offer, to be confirmed.
        /// </summary>
        MonthFirst,
        /// <summary>
        /// A month and a year of two digits ("März 22", "Sept. 21", "03/22"): most likely that month of 2022, but a day
        /// without its year may be meant ("March 22" in American English): the date to offer, to be confirmed.
        /// </summary>
        ShortYear,
        /// <summary>
        /// A period written the wrong way round ("de 2023 à 2021", "dal 2023 al 2021", "2023-2021"): the end asked for once
        /// its two dates are put in order, to be confirmed (it was refused as no date at all).
        /// </summary>
        Reversed,
        /// <summary>
        /// A month name typed with a slip ("Septmber 2023", "Feburary 2024", "décmbre 2023", "settembe 2023"): the date with
        /// the one month it is nearest to, to be confirmed, as a region or a country typed with a slip is (it was refused).
        /// </summary>
        MonthGuessed,
    }

    [GeneratedRegex(@"^(?<y>\d{4})(?:[-/.](?<m>\d{1,2})(?:[-/.](?<d>\d{1,2}))?)?$")]
    private static partial Regex YearFirst();

    // "31/12 2025", "31.12 2025": with a day, a space alone may part the month from the year (as Swedish writes it).
    [GeneratedRegex(@"^(?:(?<d>\d{1,2})[-/.]\s?(?<m>\d{1,2})(?:[-/.]\s?|\s+)|(?<m>\d{1,2})[-/.]\s?)(?<y>\d{4})$")]
    private static partial Regex DayFirst();

    // "01.09.20", "1/9/20": a full date with the year in two digits, as forms and e-mails abbreviate it (day first).
    [GeneratedRegex(@"^(?<d>\d{1,2})([-/.])\s?(?<m>\d{1,2})\1\s?(?<yy>\d{2})$")]
    private static partial Regex DayFirstShortYear();

    // "settembre '19", "Sept ’19": a year of two digits after an apostrophe, as people abbreviate it in a hurry.
    [GeneratedRegex(@"(?<![\p{L}\d])['’‘´`]\s?(?<yy>\d{2})(?!\d)")]
    private static partial Regex ApostropheYear();

    // "03/22", "9.21": a month and a year of two digits, as people abbreviate a start (the year over 12, else it could be a
    // day and a month).
    [GeneratedRegex(@"^(?<m>\d{1,2})[-/.]\s?(?<yy>1[3-9]|[2-9]\d)$")]
    private static partial Regex MonthShortYear();

    private static string FullYear(Match match) => " " + FullYear(match.Groups["yy"].Value);

    /// <summary>'19 → 2019, '98 → 1998: 20xx up to '50, else 19xx (the years practices run).</summary>
    private static string FullYear(string twoDigits)
    {
        var yy = Digits.Parse(twoDigits);
        return (yy <= 50 ? 2000 + yy : 1900 + yy).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    // "2018/19", "2018-19": a school or budget year, the second year in two digits (a month reads first: "2018/12").
    [GeneratedRegex(@"^(?<y>\d{4})\s?[-/–—]\s?(?<yy>\d{2})$")]
    private static partial Regex YearSpan();

    [GeneratedRegex(@"(?<!\d)(?<y>\d{4})\s?[-/–—]\s?(?<yy>\d{2})(?!\d)")]
    private static partial Regex YearSpanInside();

    // "2019 2020": two years with nothing between them is a slip, not a period.
    [GeneratedRegex(@"\d{4}\s+\d{4}")]
    private static partial Regex BareYears();

    public Outcome Parse(string text, bool allowOngoing, out PartialDate date) => Parse(text, allowOngoing, Languages.Default, out date);

    public Outcome Parse(string text, bool allowOngoing, string language, out PartialDate date) =>
        Parse(text, allowOngoing, language, PeriodEnd.Start, out date);

    /// <summary>
    /// The answer names a period of two ends, as <see cref="Parse"/> reads it: two dates ("2019–2021", "von 2016 bis 2020",
    /// "da marzo 2019 a giugno 2021"), or a date running to now ("Σεπτ. 2020 έως σήμερα", "2019-present"). Not one date
    /// that spans time ("Q3 2019", "2018/19"), nor "since 2019", nor a period put the wrong way round or guessed.
    /// </summary>
    public bool IsPeriod(string text, string language)
    {
        if (Parse(text, allowOngoing: false, language, PeriodEnd.Start, out var first) != Outcome.Date)
        {
            return false;
        }
        var trimmed = Prepared(text, PeriodEnd.Start);
        switch (Parse(text, allowOngoing: true, language, PeriodEnd.End, out var last))
        {
            case Outcome.Ongoing:
                return RunsToNow(trimmed, language) is not null; // "seit 2019" runs on too, but names no end
            case Outcome.Date when !first.Equals(last):
                break;
            default:
                return false;
        }
        // Two years of their own ("2019–2021", "von 2016 bis 2020"), not a school or budget year ("2018/2019", "2018/19").
        var years = FullYears().Matches(trimmed);
        if (years.Count >= 2)
        {
            // Only a slash alone between them makes a school year: "dal 1° marzo 2019 al 31/12/2021", "03/2019-06/2021" hold
            // slashes of their own (the end was not offered).
            return trimmed[(years[0].Index + years[0].Length)..years[1].Index].Trim() != "/";
        }
        // Two months sharing the year ("da marzo a giugno 2021"), not one date that spans months ("Q3 2019", "H2 2024").
        return ParseOne(trimmed, PeriodEnd.Start, out _) == Outcome.Unreadable
            && ParsePeriod(trimmed, PeriodEnd.End, out _, out var reversed, out var guessed) && !reversed && !guessed;
    }

    [GeneratedRegex(@"(?<!\d)\d{4}(?!\d)")]
    private static partial Regex FullYears();

    /// <summary>The text with a year of two digits after an apostrophe or a term written in full ("Sept '19", "HT21"), and a
    /// term with its months: with two years the months it runs ("WS 2021/22": 10/2021 - 03/2022), with one the month
    /// <paramref name="end"/> asks for ("vt 2021": 01/2021 or 06/2021).</summary>
    private string Prepared(string text, PeriodEnd end)
    {
        var trimmed = ApostropheYear().Replace(text, FullYear).Trim().TrimEnd('.');
        if (_termYear is not null)
        {
            trimmed = _termYear.Replace(trimmed, m => $"{m.Groups["term"].Value} {FullYear(m.Groups["yy"].Value)}{m.Groups["rest"].Value.Replace(" ", "", StringComparison.Ordinal)}");
        }
        if (_termWithMonthsShortYear is not null)
        {
            // The seasons are no date_terms (see QuestionnaireValidator), so their two-digit years are written out here, a filler
            // before the year kept for TermMonth to check ("Herbst 19": 09/2019; it was unreadable).
            trimmed = _termWithMonthsShortYear.Replace(trimmed, m => $"{m.Groups["term"].Value}{m.Groups["of"].Value} {FullYear(m.Groups["yy"].Value)}{m.Groups["rest"].Value.Replace(" ", "", StringComparison.Ordinal)}");
        }
        if (_yearsBeforeTerm is not null)
        {
            trimmed = _yearsBeforeTerm.Replace(trimmed, m => TermMonth(m, end));
        }
        // "em curso até 2027": "curso" (Spanish for a school year) closes the Portuguese "ongoing" phrase, "até" a filler before
        // the year; it is no term (it was read as June 2027). The Spanish "en curso 2019-2020" still names the school year.
        return _termWithMonths is null ? trimmed : _termWithMonths.Replace(trimmed, m => ClosesOngoing(trimmed, m) ? m.Value : TermMonth(m, end));
    }

    /// <summary>Whether the term matched is the last word of an "ongoing" phrase, with the words before it, of a language the
    /// term is no word of.</summary>
    private bool ClosesOngoing(string text, Match match)
    {
        var term = match.Groups["term"];
        var before = TextKey.Words(text[..term.Index]);
        var key = TextKey.Fold(term.Value);
        var termLanguages = _termLanguages.GetValueOrDefault(key);
        for (var take = 1; take <= Math.Min(3, before.Length); take++)
        {
            var phrase = string.Join(' ', before[^take..]) + " " + key;
            if (_words.All.Any(w => w.Ongoing.Contains(phrase) && termLanguages?.Contains(w.Language) != true))
            {
                return true;
            }
        }
        return false;
    }

    private static string WithoutAccents(string text) =>
        new string(text.Normalize(NormalizationForm.FormD).Where(c => char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark).ToArray())
            .Normalize(NormalizationForm.FormC);

    /// <summary>"vt 2021" → 01/2021 or 06/2021; "WS 2021/22" → 10/2021 - 03/2022; "rentrée 2021" → 09/2021: a term running over the new year
    /// ends in its second year. A second year that does not fit the term ("vt 2021/22") leaves the words as they are.</summary>
    private string TermMonth(Match match, PeriodEnd end)
    {
        // "otoño de 2019", "autunno del 2019", "φθινόπωρο του 2019": a date filler may stand between the term and its year.
        if (!_termMonths.TryGetValue(TextKey.Fold(match.Groups["term"].Value), out var months)
            || match.Groups["of"] is { Success: true } of && !_fillers.Contains(TextKey.Fold(of.Value)))
        {
            return match.Value;
        }
        var year = Digits.Parse(match.Groups["y"].ValueSpan);
        // With one year, both months are in it ("fin de l'année scolaire 2025" is July 2025) unless the year is the one the
        // term begins in ("Winter 2019" ends in February 2020); with two, the term runs over the new year or it is no term of theirs.
        var endYear = months.StartsInYear && months.Last < months.First ? year + 1 : year;
        if (match.Groups["y2"] is { Success: true } second)
        {
            endYear = months.Last < months.First ? year + 1 : year;
            if (Digits.Parse(second.ValueSpan) != (second.Length == 2 ? endYear % 100 : endYear))
            {
                return match.Value;
            }
        }
        // With two years, a period of two months ("09/2019 - 06/2020"), read as every period is ("desde el curso 2019-2020" stays a
        // period, not "since" one date); with one, the month asked for ("seit dem SoSe 21" at the end: since April 2021, ongoing).
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        return match.Groups["y2"].Success
            ? string.Create(culture, $"{months.First:00}/{year} - {months.Last:00}/{endYear}")
            : end == PeriodEnd.Start
                ? string.Create(culture, $"{months.First:00}/{year}")
                : string.Create(culture, $"{months.Last:00}/{endYear}");
    }

    public Outcome Parse(string text, bool allowOngoing, string language, PeriodEnd end, out PartialDate date)
    {
        date = default;
        var trimmed = Prepared(text, end);
        if (allowOngoing && (IsOngoing(trimmed, language) || RunsOnSince(trimmed, language)))
        {
            return Outcome.Ongoing;
        }
        var read = ParseOne(trimmed, end, out date);
        if (read == Outcome.Unreadable && ParsePeriod(trimmed, end, out var inPeriod, out var reversed, out var guessed))
        {
            if (reversed)
            {
                date = inPeriod;
                return Outcome.Reversed;
            }
            // "from Septmber 2023 to June 2024": a month typed with a slip on either side is offered to confirm, as alone (the
            // period's reading, either end, rests on that word being a month).
            Found(inPeriod, out date);
            return guessed ? Outcome.MonthGuessed : Outcome.Date;
        }
        // "desde 2019 hasta hoy", "dal 2021 ad oggi", "2019-present": a date and right after it an "ongoing" phrase closing
        // the answer is a period running to now: its date for a start, "ongoing" for an end (that date was stored as the end).
        if (read == Outcome.Unreadable && RunsToNow(trimmed, language) is { } since)
        {
            if (end == PeriodEnd.Start)
            {
                return Found(since, out date);
            }
            if (allowOngoing)
            {
                return Outcome.Ongoing;
            }
        }
        // "ongoing until 2027", "in corso fino al 2027", "en cours jusqu'en 2027": the end planned is the date asked for.
        if (read == Outcome.Unreadable && allowOngoing && WithoutOngoing(trimmed, language) is { } planned
            && !_words.For(language).Funding.OccursIn(TextKey.Words(planned)))
        {
            return Parse(planned, allowOngoing: false, language, end, out date);
        }
        // "funding ends Dec 2025", "Förderung endet im Dezember 2025", "finansieringen tar slut december 2025": the date the
        // money named ends (or starts) is the practice's. Never beside an "ongoing" phrase: "σε εξέλιξη, χρηματοδότηση έως το
        // 2025" runs on, its funding's end a remark (the original words keep it).
        if (read == Outcome.Unreadable && (!allowOngoing || WithoutOngoing(trimmed, language) is null)
            && Without(_words.For(language).Funding, trimmed, opening: false) is { } bare)
        {
            return Parse(bare, allowOngoing, language, end, out date);
        }
        // "extended to June 2026", "verlängert bis Ende 2026", "παρατάθηκε έως το 2026": the date an extension runs to is the
        // answer. Only opening it (after date fillers): "12/2025 (extended to March 2026)" is a remark on the date before it,
        // to confirm, and in "December 2025, may be extended to 2026" the remark's "may" is no month.
        if (read == Outcome.Unreadable && Without(_words.For(language).Extended, trimmed, opening: true) is { } extended)
        {
            return Parse(extended, allowOngoing, language, end, out date);
        }
        return read;
    }

    /// <summary>
    /// The answer without the phrases of <paramref name="phrases"/> it holds ("funding", "Förderung"), or only the one that
    /// opens it after date fillers when <paramref name="opening"/> ("The project was extended until"); null when none is there.
    /// </summary>
    private string? Without(PhraseSet phrases, string text, bool opening)
    {
        var words = TextKey.Words(text);
        var spans = TextKey.WordSpans(text);
        if (spans.Count != words.Length || !phrases.OccursIn(words))
        {
            return null;
        }
        var last = words.Length;
        if (opening)
        {
            var first = 0;
            while (first < words.Length && _fillers.Contains(words[first]) && phrases.LongestAt(words, first) == 0)
            {
                first++;
            }
            if (first == words.Length || phrases.LongestAt(words, first) == 0)
            {
                return null;
            }
            last = first + 1;
        }
        var kept = new StringBuilder(text.Length);
        var from = 0;
        for (var i = 0; i < last; i++)
        {
            if (phrases.LongestAt(words, i) is > 0 and var length)
            {
                kept.Append(text[from..spans[i].Start.Value]).Append(' ');
                from = spans[i + length - 1].End.Value;
                i += length - 1;
            }
        }
        return kept.Append(text[from..]).ToString().Trim();
    }

    /// <summary>
    /// The dates a remark names among its words ("verlängert bis Ende 2026" → 2026, "Pilotphase seit 03/2017" → 2017-03):
    /// at each word, the longest run of up to six words with a digit that reads as a date alone.
    /// </summary>
    public List<PartialDate> DatesIn(string text, string language, PeriodEnd end)
    {
        var found = new List<PartialDate>();
        var spans = TextKey.WordSpans(text);
        if (spans.Count > 32)
        {
            return found; // a remark, not a paragraph
        }
        for (var i = 0; i < spans.Count;)
        {
            var read = 0;
            for (var length = Math.Min(6, spans.Count - i); length > 0 && read == 0; length--)
            {
                var words = text[spans[i].Start..spans[i + length - 1].End];
                if (words.Any(char.IsAsciiDigit) && Parse(words, allowOngoing: false, language, end, out var date) == Outcome.Date)
                {
                    found.Add(date);
                    read = length;
                }
            }
            i += Math.Max(read, 1);
        }
        return found;
    }

    /// <summary>
    /// "seit 2024", "Regelangebot seit 2024", "running since March 2019", "ordinarie verksamhet sedan 2024": where an end is
    /// asked, the day it began and nothing after it: it runs on (that date was stored as the end). Not when words before
    /// hold a date or a negation ("bis 2025, seit 2019 verlängert", "nicht mehr seit 2024"), nor when a period follows
    /// ("seit 2019 bis 2024").
    /// </summary>
    private bool RunsOnSince(string text, string language)
    {
        var words = TextKey.Words(text);
        var local = _words.For(language);
        for (var i = 0; i < words.Length; i++)
        {
            if (local.Since.LongestAt(words, i) is > 0 and var length)
            {
                var before = words[..i];
                var spans = TextKey.WordSpans(text);
                var after = i + length < words.Length ? text[spans[i + length - 1].End..].Trim() : "";
                // One date after it, not a period: its first and its last day fall in the same date as written.
                return after.Length > 0 && !before.Any(w => w.Any(char.IsAsciiDigit))
                    && !local.Negations.OccursIn(before) && !local.No.OccursIn(before)
                    && ParseOne(after, PeriodEnd.Start, out var first) == Outcome.Date
                    && ParseOne(after, PeriodEnd.End, out var last) == Outcome.Date && first.Equals(last);
            }
        }
        return false;
    }

    /// <summary>The answer without the "ongoing" phrase it holds beside a date (in digits unless <paramref name="digitNeeded"/>
    /// is false), or null when it holds none.</summary>
    private string? WithoutOngoing(string text, string language, bool digitNeeded = true)
    {
        var words = TextKey.Words(text);
        if (digitNeeded && !words.Any(w => w.Any(char.IsAsciiDigit)))
        {
            return null;
        }
        var ongoing = _words.For(language).Ongoing;
        for (var i = 0; i < words.Length; i++)
        {
            if (ongoing.LongestAt(words, i) is > 0 and var length)
            {
                var spans = TextKey.WordSpans(text);
                return (text[..spans[i].Start] + " " + text[spans[i + length - 1].End..]).Trim();
            }
        }
        return null;
    }

    /// <summary>
    /// The date that opens a period running to now: a date, then only spaces or a dash, then an "ongoing" phrase, or
    /// "today" after date fillers, that ends the answer ("seit 2019 bis heute", "2019 – present", "03/2020 - oggi",
    /// "septembre 2020 - aujourd'hui"). A comma or a bracket between them ("Dezember 2025, läuft noch") makes a remark on
    /// the date, not a period: null.
    /// </summary>
    private PartialDate? RunsToNow(string text, string language)
    {
        var words = TextKey.Words(text);
        var spans = TextKey.WordSpans(text);
        if (words.Length != spans.Count || !text.Any(char.IsAsciiDigit))
        {
            return null;
        }
        var ongoing = _words.For(language).Ongoing;
        for (var i = 1; i < words.Length; i++)
        {
            if (ongoing.LongestAt(words, i) != words.Length - i && !IsToday(i))
            {
                continue;
            }
            // "marzo de 2019 y sigue en marcha", "Μάρτιο του 2019 και συνεχίζεται", "hösten 2019 och pågår fortfarande": the
            // language's "and" between them joins the two as a dash does (it was "could not read this date").
            var dateEnd = i > 1 && _words.For(language).And.LongestAt(words, i - 1) == 1 ? i - 2 : i - 1;
            var between = dateEnd < i - 1
                ? text[spans[dateEnd].End..spans[i - 1].Start] + text[spans[i - 1].End..spans[i].Start]
                : text[spans[dateEnd].End..spans[i].Start];
            if (between.Any(c => !char.IsWhiteSpace(c) && c is not ('-' or '–' or '—')))
            {
                return null;
            }
            return ParseOne(text[..spans[dateEnd].End], PeriodEnd.Start, out var since) == Outcome.Date ? since : null;
        }
        return null;

        bool IsToday(int from)
        {
            while (from < words.Length && _fillers.Contains(words[from]))
            {
                from++;
            }
            return from < words.Length && _today.Contains(string.Join(' ', words[from..]));
        }
    }

    private Outcome ParseOne(string text, PeriodEnd end, out PartialDate date)
    {
        date = default;
        // "ab 01.09.2018", "since 01/09/2018", "dal 01/09/2018": the words around a numeric date are the fillers'.
        var trimmed = WithoutFillersAround(text);
        var match = YearFirst().Match(trimmed);
        if (!match.Success)
        {
            match = DayFirst().Match(trimmed);
        }
        if (!match.Success && DayFirstShortYear().Match(trimmed) is { Success: true } shortYear)
        {
            return Build(FullYear(shortYear.Groups["yy"].Value), shortYear.Groups["m"].Value, shortYear.Groups["d"].Value, out date);
        }
        if (!match.Success && MonthShortYear().Match(trimmed) is { Success: true } monthYear)
        {
            return Build(FullYear(monthYear.Groups["yy"].Value), monthYear.Groups["m"].Value, "", out date) == Outcome.Date ? Outcome.ShortYear : Outcome.Unreadable;
        }
        if (match.Success)
        {
            var outcome = Build(match.Groups["y"].Value, match.Groups["m"].Value, match.Groups["d"].Value, out date);
            if (outcome == Outcome.DoesNotExist && Digits.Parse(match.Groups["m"].ValueSpan) > 12
                && Build(match.Groups["y"].Value, match.Groups["d"].Value, match.Groups["m"].Value, out var swapped) == Outcome.Date)
            {
                date = swapped;
                return Outcome.MonthFirst;
            }
            if (outcome != Outcome.Unreadable || YearSpan().Match(trimmed) is not { Success: true } span)
            {
                return outcome;
            }
            var first = Digits.Parse(span.Groups["y"].ValueSpan);
            var last = first / 100 * 100 + Digits.Parse(span.Groups["yy"].ValueSpan);
            return last > first ? Build((end == PeriodEnd.Start ? first : last).ToString(System.Globalization.CultureInfo.InvariantCulture), "", "", out date) : outcome;
        }
        // Else the words as written: a filler that opens them may be a part's number ("I trimestre 2025", "i" an article too).
        var read = ParseWords(trimmed, end, out date);
        return read == Outcome.Unreadable && !ReferenceEquals(trimmed, text) ? ParseWords(text, end, out date) : read;
    }

    /// <summary>The text without the date fillers that open or close it ("since", "bis", "dal"), as written otherwise.</summary>
    private string WithoutFillersAround(string text)
    {
        if (!text.Any(char.IsLetter))
        {
            return text; // "15/03/2019": nothing to strip, nothing folded
        }
        var words = TextKey.Words(text);
        var spans = TextKey.WordSpans(text);
        if (words.Length != spans.Count)
        {
            return text;
        }
        var first = 0;
        var last = words.Length;
        // A filler of one language that is a month of another, before a year, is the month: pt "out" (outubro) is an English
        // filler ("comecou em out 2020" was 2020, chatplay46).
        while (first < last && _fillers.Contains(words[first]) && !MonthBeforeYear(words, first))
        {
            first++;
        }
        while (last > first && _fillers.Contains(words[last - 1]))
        {
            last--;
        }
        return (first, last) == (0, words.Length) || first == last ? text : text[spans[first].Start..spans[last - 1].End];
    }

    /// <summary>Whether words[at] is a month name and the next word that is no filler is a number ("out 2020", "out de 2020").</summary>
    private bool MonthBeforeYear(string[] words, int at)
    {
        if (!_months.ContainsKey(words[at]))
        {
            return false;
        }
        var next = at + 1;
        while (next < words.Length && _fillers.Contains(words[next]) && !_months.ContainsKey(words[next]))
        {
            next++;
        }
        return next < words.Length && words[next].Length == 4 && words[next].All(char.IsAsciiDigit);
    }

    private static Outcome Found(PartialDate found, out PartialDate date)
    {
        date = found;
        return Outcome.Date;
    }

    /// <summary>
    /// A period of two dates, each as it would be read alone: "da gennaio 2021 a dicembre 2023", "von März 2019 bis Juni
    /// 2021", "03/2019 – 06/2021", "de março de 2019 a junho de 2021". Its first date for a start, its last for an end;
    /// two dates the wrong way round are that period put in order, <paramref name="reversed"/>.
    /// </summary>
    private bool ParsePeriod(string text, PeriodEnd end, out PartialDate date, out bool reversed, out bool guessed)
    {
        date = default;
        reversed = false;
        guessed = false;
        // "janvier-mars 2020", "ene-mar 2020": a dash between two months is the period's too.
        var words = PeriodDash().Replace(text, " ").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(word => word.Split('-') is { Length: 2 } months && months.All(m => _months.ContainsKey(TextKey.Fold(m))) ? months : [word])
            .ToArray();
        if (words.Length is < 2 or > 16 || BareYears().IsMatch(text))
        {
            return false;
        }
        for (var split = 1; split < words.Length; split++)
        {
            var opening = string.Join(' ', words[..split]);
            var dated = false;
            if (ParseOne(string.Join(' ', words[split..]), PeriodEnd.End, out var last) is var lastRead && IsDate(lastRead)
                && ((dated = IsDate(ParseOne(opening, PeriodEnd.Start, out var first), out var firstGuessed))
                    // "janvier-mars 2020", "da gennaio a marzo 2020": a month without its year shares the period's last.
                    || (last.Month is not null && !opening.Any(char.IsAsciiDigit)
                        && IsDate(ParseOne(opening + " " + last.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), PeriodEnd.Start, out first), out firstGuessed)
                        && first.Month is not null)))
            {
                if (firstGuessed && lastRead == Outcome.MonthGuessed)
                {
                    return false; // "Septmber Octber 2023": two words no language knows leave the answer unread, as alone
                }
                guessed = firstGuessed || lastRead == Outcome.MonthGuessed;
                if (first.CompareTo(last) > 0 && !dated)
                {
                    return false; // "March-January 2019": no year of its own to put in order
                }
                if (first.CompareTo(last) > 0)
                {
                    // "de 2023 à 2021": typed the wrong way round, most likely; which is the start is for the contributor to say.
                    (first, last) = (last, first);
                    reversed = true;
                }
                date = end == PeriodEnd.Start ? first : last;
                return true;
            }
        }
        return false;
    }

    private static bool IsDate(Outcome read) => read is Outcome.Date or Outcome.MonthGuessed;

    private static bool IsDate(Outcome read, out bool guessed)
    {
        guessed = read == Outcome.MonthGuessed;
        return IsDate(read);
    }

    // A dash between two dates: spaced, a long one, or between a year and what follows ("03/2019-06/2021"); not the
    // dashes inside an ISO date.
    [GeneratedRegex(@"\s+-\s+|[–—]|(?<=\d{4})-(?=\d{1,2}[./])|(?<=\p{L})-(?=\d)|(?<=\d)-(?=\p{L})")]
    private static partial Regex PeriodDash();

    public bool IsOngoing(string text) => IsOngoing(text, Languages.Default);

    /// <summary>
    /// "ongoing", "ancora attiva", "pas encore terminé", "läuft noch": a phrase of the language (or of any language,
    /// written whole), inflections included; never when a negation outside the phrase turns it round
    /// ("n'est plus en cours", "not still running"), nor when the answer holds a number.
    /// </summary>
    public bool IsOngoing(string text, string language)
    {
        var key = TextKey.Fold(text);
        if (key.Length == 0)
        {
            return false;
        }
        var words = _words.For(language);
        if (words.Ongoing.Contains(key) || words.OngoingStems.Contains(words.Stem(key)) || _words.All.Any(w => w.Ongoing.Contains(key)))
        {
            return true;
        }
        if (key.Any(char.IsDigit))
        {
            return false;
        }
        var folded = key.Split(' ');
        var stems = folded.Select(w => WordStemmer.Stem(w, language)).ToArray();
        for (var start = 0; start < folded.Length; start++)
        {
            for (var length = folded.Length - start; length > 0; length--)
            {
                var phrase = string.Join(' ', folded.Skip(start).Take(length));
                var stemmed = string.Join(' ', stems.Skip(start).Take(length));
                if (!words.Ongoing.Contains(phrase) && !words.OngoingStems.Contains(stemmed))
                {
                    continue;
                }
                // The rest of the answer may not negate it.
                var rest = folded.Take(start).Concat(folded.Skip(start + length)).ToList();
                // Nor say when it ends, in words, around an ongoing word that is also a verb dates are said with (a date
                // filler): "läuft heuer aus" (runs out this year; session 58's Tyrolean play stored "ongoing"), "running
                // till end of next year". The day given only lets the reader tell whether the rest is a date.
                return !words.Negations.OccursIn(rest) && !words.No.OccursIn(rest)
                    && !(length == 1 && _fillers.Contains(phrase) && rest.Count > 0
                         && _relative.TryRead(string.Join(' ', rest), language, new DateOnly(2000, 1, 1), PeriodEnd.End, out _, out _));
            }
        }
        return false;
    }

    private Outcome ParseWords(string text, PeriodEnd end, out PartialDate date)
    {
        date = default;
        int? month = null;
        // A part of the year: a quarter (4 parts) or a half (2).
        var parts = 0;
        var numbers = new List<string>();
        var numbersAfterMonth = 0;
        var allWords = TextKey.Words(text);
        // "primo trimestre", "segundo semestre", "II semestre", "andra halvåret": an ordinal word is a number only beside a
        // word for a part of the year ("secondo" alone means "according to", "I" a pronoun).
        var partNamed = allWords.Any(w => PartsNamed(w) > 0);
        var monthGuessed = false;
        foreach (var word in allWords)
        {
            // "15th", "1er", "1º" → the digits; "2019r" is not a thing, but digits always lead.
            var digits = new string(word.TakeWhile(char.IsAsciiDigit).ToArray());
            if (digits.Length > 0)
            {
                var rest = word[digits.Length..];
                if (rest.Length > 0 && PartsNamed(rest) is > 0 and var named)
                {
                    parts = named; // "3Q 2019"
                }
                else if (GluedPartYear(rest) is ({ } letters, { } glued))
                {
                    // "1T2025", "2S2024", "1T25": the part's number, its letter and the year in one word.
                    parts = PartsNamed(letters);
                    numbers.Add(digits);
                    numbers.Add(glued);
                    continue;
                }
                else if (digits.Length == 4 && PartNumber(rest, out var partsAfterYear) is { } numberAfterYear)
                {
                    parts = partsAfterYear; // "2025Q1", "2024H2"
                    numbers.Add(digits);
                    numbers.Add(numberAfterYear);
                    continue;
                }
                else if (rest.Length > 0 && !_ordinals.Contains(rest) && !_fillers.Contains(rest))
                {
                    return Outcome.Unreadable;
                }
                numbers.Add(digits);
                numbersAfterMonth += month is null ? 0 : 1;
            }
            else if (PartNumber(word, out var named) is { } number)
            {
                parts = named; // "Q3", "T3", "kv3", "H2", "S1"
                numbers.Add(number);
            }
            else if (partNamed && _partOrdinals.TryGetValue(word, out var ordinal))
            {
                numbers.Add(ordinal); // "primo trimestre", "segundo semestre", "II semestre", "erstes Quartal"
            }
            else if (PartsNamed(word) is > 0 and var partsOfYear)
            {
                parts = partsOfYear; // "3. Quartal", "3° trimestre", "3ο τρίμηνο", "2. Halbjahr", "1er semestre"
            }
            else if (_months.TryGetValue(word, out var m))
            {
                if (month is not null)
                {
                    return Outcome.Unreadable;
                }
                month = m;
            }
            else if (!_fillers.Contains(word) && !_ordinals.Contains(word))
            {
                // One word no language knows, among words that all read, may be a month typed with a slip; a second one, or
                // one near two months ("Jui": June or July), leaves the answer unread.
                if (month is not null || _notMonths.Contains(word) || MonthTypo(word) is not { } nearest)
                {
                    return Outcome.Unreadable;
                }
                month = nearest;
                monthGuessed = true;
            }
        }
        var read = ReadWords(numbers, month, parts, numbersAfterMonth, text, end, out date);
        return monthGuessed && read is Outcome.Date or Outcome.ShortYear ? Outcome.MonthGuessed : read;
    }

    /// <summary>The month a word is one or two slips from (see <see cref="TypoIndex{T}"/>), when it is one month only.</summary>
    private int? MonthTypo(string word)
    {
        if (!word.All(char.IsLetter))
        {
            return null;
        }
        var near = _monthTypos.Nearest(word);
        return near.Count > 0 && near.All(m => m == near[0]) ? near[0] : null;
    }

    private Outcome ReadWords(List<string> numbers, int? month, int parts, int numbersAfterMonth, string text, PeriodEnd end, out PartialDate date)
    {
        date = default;
        var year = numbers.FirstOrDefault(n => n.Length == 4);
        var day = numbers.Where(n => n.Length <= 2).ToList();
        if (parts > 0)
        {
            // A quarter or a half of a year: its first month for a start, its last for an end.
            if (month is not null || year is null || numbers.Count != 2 || day.Count != 1
                || !int.TryParse(day[0], System.Globalization.CultureInfo.InvariantCulture, out var part) || part < 1 || part > parts)
            {
                return Outcome.Unreadable;
            }
            var months = 12 / parts;
            return Build(year, (end == PeriodEnd.Start ? part * months - months + 1 : part * months).ToString(System.Globalization.CultureInfo.InvariantCulture), "", out date);
        }
        if (month is null && year is not null && numbers.Count == 1)
        {
            return Build(year, "", "", out date); // "nel 2017", "το 2017", "en 2017"
        }
        if (month is null && numbers.Count == 2 && numbers[0].Length == 4 && numbers[1].Length == 2
            && YearSpanInside().Match(text) is { Success: true } span)
        {
            // "school year 2018/19", "curso 2019-20": a span of years among words, as alone (see Parse).
            var first = Digits.Parse(span.Groups["y"].ValueSpan);
            var last = first / 100 * 100 + Digits.Parse(span.Groups["yy"].ValueSpan);
            return last > first ? Build((end == PeriodEnd.Start ? first : last).ToString(System.Globalization.CultureInfo.InvariantCulture), "", "", out date) : Outcome.Unreadable;
        }
        if (month is null && numbers.Count == 2 && numbers.All(n => n.Length == 4) && string.CompareOrdinal(numbers[0], numbers[1]) < 0
            && !BareYears().IsMatch(text))
        {
            // "2018-2021", "dal 2018 al 2020", "2018 bis 2021": the period's first year for a start, its last for an end.
            return Build(end == PeriodEnd.Start ? numbers[0] : numbers[1], "", "", out date);
        }
        if (month is null && numbers.Count == 2 && numbers.All(n => n.Length == 4) && string.CompareOrdinal(numbers[0], numbers[1]) > 0
            && !BareYears().IsMatch(text) && Build(end == PeriodEnd.Start ? numbers[1] : numbers[0], "", "", out date) == Outcome.Date)
        {
            // "2023-2021", "de 2023 à 2021": the wrong way round, most likely; put in order and offered to be confirmed.
            return Outcome.Reversed;
        }
        if (month is not null && year is null && numbers.Count == 1 && numbersAfterMonth == 1 && numbers[0].Length == 2)
        {
            // "März 22", "Sept. 21": the month of a year of two digits, to be confirmed ("22 März" is a day without its year).
            return Build(FullYear(numbers[0]), month.Value.ToString(), "", out date) == Outcome.Date
                ? Outcome.ShortYear
                : Outcome.Unreadable;
        }
        if (month is null || year is null || day.Count > 1 || numbers.Count != day.Count + 1)
        {
            return Outcome.Unreadable;
        }
        return Build(year, month.Value.ToString(), day.FirstOrDefault() ?? "", out date);
    }

    /// <summary>
    /// "t2025" → ("t", "2025"), "t25" → ("t", "2025"): after a part's number, a word for a quarter or a half glued to a
    /// year of four digits, or a quarter's to two ("1T25"; "1h30" is a time, not a half-year); otherwise (null, null).
    /// </summary>
    private (string? Letters, string? Year) GluedPartYear(string rest)
    {
        var letters = new string(rest.TakeWhile(char.IsLetter).ToArray());
        var year = rest[letters.Length..];
        if (letters.Length == 0 || PartsNamed(letters) is not (> 0 and var parts) || !year.All(char.IsAsciiDigit)
            || !(year.Length == 4 || (year.Length == 2 && parts == 4)))
        {
            return (null, null);
        }
        return (letters, year.Length == 4 ? year : FullYear(year));
    }

    /// <summary>4 for a word for a quarter, 2 for a word for a half of a year, 0 otherwise.</summary>
    private int PartsNamed(string word) => _quarters.Contains(word) ? 4 : _halfYears.Contains(word) ? 2 : 0;

    /// <summary>"q3" → "3" (of 4 parts), "h2" → "2" (of 2) when the letters are a word for a quarter or a half; otherwise null.</summary>
    private string? PartNumber(string word, out int parts)
    {
        var letters = word.TrimEnd('1', '2', '3', '4');
        parts = letters.Length > 0 && letters.Length == word.Length - 1 ? PartsNamed(letters) : 0;
        return parts > 0 ? word[^1..] : null;
    }

    private static Outcome Build(string yearText, string monthText, string dayText, out PartialDate date)
    {
        date = default;
        var year = Digits.Parse(yearText);
        if (year is < MinYear or > MaxYear)
        {
            return Outcome.Unreadable;
        }
        if (monthText.Length == 0)
        {
            date = new PartialDate(year);
            return Outcome.Date;
        }
        var month = Digits.Parse(monthText);
        if (month is < 1 or > 12)
        {
            return dayText.Length > 0 ? Outcome.DoesNotExist : Outcome.Unreadable;
        }
        if (dayText.Length == 0)
        {
            date = new PartialDate(year, month);
            return Outcome.Date;
        }
        var day = Digits.Parse(dayText);
        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return Outcome.DoesNotExist;
        }
        date = new PartialDate(year, month, day);
        return Outcome.Date;
    }
}
