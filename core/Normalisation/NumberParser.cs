using System.Globalization;
using System.Text.RegularExpressions;
using Regin.Core.Normalisation.Matching;
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

    /// <summary>
    /// Greek makes a round number approximate with an ending glued to its digits, as it does to the number's word
    /// ("καμιά 200αριά", "50ριά άτομα": about 200, some 50): the ending is left out, the number read (it was taken for a
    /// name's digits, as "H2020", and the answer refused). So do French ("une 40aine de foyers", "une 20aine": the ending of
    /// "quarantaine"), Italian ("una 40ina": "quarantina"), Swedish ("ett 40tal", "ett 40-tal": of "fyrtiotal") and English
    /// ("40ish", "40-ish"); lang54.
    /// </summary>
    internal static string WithoutApproximateEnding(string text) =>
        text.Contains("ρι", StringComparison.OrdinalIgnoreCase) || text.Contains("ain", StringComparison.OrdinalIgnoreCase)
        || text.Contains("ina", StringComparison.OrdinalIgnoreCase) || text.Contains("tal", StringComparison.OrdinalIgnoreCase)
        || text.Contains("ish", StringComparison.OrdinalIgnoreCase)
            ? ApproximateEnding().Replace(text, "") : text;

    [GeneratedRegex(@"(?<=\d)(?:[αά]?ρι[άα]|άρια|αρι[έε]ς|aines?|ina|-?tal|-?ish)(?!\p{L})", RegexOptions.IgnoreCase)]
    private static partial Regex ApproximateEnding();

    [GeneratedRegex(@"(?<![\d.,])\d{1,3}(?:(?:[ \u00a0\u202f'’]\d{3})+|(?:\.\d{3}){2,}|(?:,\d{3}){2,})(?:[.,]\d+)?(?![\d])|(?<![\d.,])\d+(?:[.,]\d+)?(?:[.,]\d+)?(?![\d])")]
    private static partial Regex NumberToken();

    /// <summary>The dash or short word of a range and the second number right after a number ("-3", " à 3", " oder 3").</summary>
    [GeneratedRegex(@"\G\s*(-|\u2013|\p{L}+)\s*\d{1,2}(?![\d.,])")]
    private static partial Regex DurationRange();

    /// <summary>Currency symbols and ISO codes: marks, not words of a language. The currencies' names are in the locale files.
    /// A symbol that holds a "$" of another dollar or real ("R$") comes before "$": the first in the list wins.</summary>
    private static readonly (string Code, string[] Marks)[] CurrencyMarks =
    [
        ("EUR", ["€", "eur"]), ("BRL", ["R$", "brl"]), ("USD", ["$", "usd"]), ("GBP", ["£", "gbp"]), ("SEK", ["sek"]), ("DKK", ["dkk"]), ("NOK", ["nok"]),
        ("CHF", ["chf"]), ("PLN", ["pln", "zł"]), ("HUF", ["huf"]), ("CZK", ["czk", "kč"]), ("RON", ["ron"]), ("BGN", ["bgn"]),
    ];

    // Built once from the locale files (the words of every language, folded): "mila", "Mio.", "mil millones". Indexed by
    // their first word, so an answer is looked up in a few entries, not scanned against every language's words.
    private readonly Dictionary<string, List<(string[] Words, decimal Factor)>> _multipliers = new(StringComparer.Ordinal);
    // A short abbreviation only one language writes as a multiplier is read only in that language: Portuguese "1,2 mi"
    // is 1.2 million, an "mi" typed in another language is no multiplier (folded word → that language).
    private readonly Dictionary<string, string> _multiplierLanguage = new(StringComparer.Ordinal);
    // Currencies: symbols ("€") found anywhere; names and codes by their first word. Each keeps its place in the list
    // (Order): when an answer names two, the first in the list wins, as it always has.
    private readonly List<(int Order, string Code, string Symbol)> _currencySymbols = [];
    private readonly HashSet<string> _moneyWords = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(int Order, string Code, string[] Words)>> _currencyWords = new(StringComparer.Ordinal);
    private readonly HashSet<string> _negative = new(StringComparer.Ordinal);
    // Numbers in words, per language (folded word → value), and the words that join them ("and", "y", "och"). Per
    // language, because one language's number is another's word: Italian "sei" is six, Portuguese "não sei" is "I don't know".
    private readonly Dictionary<string, Dictionary<string, decimal>> _numberWords = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>> _joiners = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>> _few = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>> _ones = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>> _halves = new(StringComparer.OrdinalIgnoreCase);
    private const decimal Half = 0.5m;
    // Multipliers read only after a number: "two million" is a number, "thousands of people" and "millions" are not.
    private readonly HashSet<(string Language, string Word)> _multiplierOnly = [];
    // The plurals of the collective nouns of tens and dozens ("dizaines", "decenas", "decine", "dezenas", "dozzine"):
    // they multiply the number before them, as a hundred does ("tre decine" is 30, "due dozzine" 24; both were 3 and 2).
    private readonly HashSet<(string Language, string Word)> _multiplyingPlurals = [];
    // "over 3 years", "sur 3 ans", "60 per cento": a number that a duration or a share follows is not the amount or the
    // count (indexed by first word, as the multipliers are; the words of every language, as "€2.5M over 3 years" may be
    // pasted into any language's chat).
    private readonly Dictionary<string, List<string[]>> _durationsAndShares = new(StringComparer.Ordinal);
    // "davon", "dont", "of whom", "di cui", "varav", "εκ των οποίων": what follows counts a part of the number before (see SubsetStart).
    private readonly Dictionary<string, List<string[]>> _subsets = new(StringComparer.Ordinal);
    // "en", "in", "nel", "em": a year right after one is when (see YearAfterIn).
    private readonly HashSet<string> _yearIn = new(StringComparer.Ordinal);
    // "Ende", "fin", "end of", "early", "αρχές": a year right after one is when (see YearAfterDateEdge).
    private readonly List<string[]> _dateEdges = [];
    // Words that may stand beside an amount without changing it: between it and its currency ("2 millones de euros", "2
    // milioni di euro") or after it in a range ("zwischen 1,5 und 2 Mio. €"): every language's fillers, "and" words and
    // date fillers ("bis", "to"). Any other word there may be a multiplier this parser does not know ("1,5 Mill. €").
    private readonly HashSet<string> _betweenAmountAndCurrency = new(StringComparer.Ordinal);

    /// <summary>
    /// The words of each language as written and as typed on a keyboard without its letters (its vocabulary's
    /// <c>spellings</c>): "300 xiliades", "1,5 ekatommyria", "200 xil. eurw" are Greek typed in Latin letters (the thousands
    /// were dropped: 300 €).
    /// </summary>
    private static IEnumerable<string> Spelled(LocalizedWords words, Vocabulary vocabulary) =>
        words.SelectMany(entry => entry.Value.SelectMany(word =>
            vocabulary.Spellings.TryGetValue(entry.Key, out var letters) ? Spellings.Keys(word, letters.Where(l => l.Length >= 2).ToArray()) : [word]))
        .Distinct(StringComparer.Ordinal);

    public NumberParser(Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        foreach (var (words, factor) in new[] { (vocabulary.Thousands, 1_000m), (vocabulary.Millions, 1_000_000m), (vocabulary.Billions, 1_000_000_000m) })
        {
            foreach (var phrase in Spelled(words, vocabulary).Select(TextKey.Words).Where(w => w.Length > 0))
            {
                Add(_multipliers, phrase[0], (phrase, factor));
            }
        }
        var listedBy = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var words in new[] { vocabulary.Thousands, vocabulary.Millions, vocabulary.Billions })
        {
            foreach (var (language, list) in words)
            {
                foreach (var word in list.Select(TextKey.Fold).Where(w => w.Length is > 0 and <= 2))
                {
                    (listedBy.TryGetValue(word, out var languages) ? languages : listedBy[word] = new(StringComparer.Ordinal)).Add(language);
                }
            }
        }
        foreach (var (word, languages) in listedBy.Where(l => l.Value.Count == 1))
        {
            _multiplierLanguage[word] = languages.Single();
        }
        foreach (var word in vocabulary.PlaceIn.All.Select(TextKey.Words).Where(w => w.Length == 1))
        {
            _yearIn.Add(word[0]);
        }
        // "im Jahr 2023 rund 50.000 €", "year 2024", "l'année 2023": a year after the word for a year says when (lang48).
        foreach (var word in vocabulary.Years.All.Concat(vocabulary.DateYear.All).Select(TextKey.Words).Where(w => w.Length == 1))
        {
            _yearIn.Add(word[0]);
        }
        _dateEdges.AddRange(vocabulary.DateEnd.All.Concat(vocabulary.DateStart.All).Select(TextKey.Words).Where(w => w.Length > 0)
            .DistinctBy(w => string.Join(' ', w)));
        foreach (var phrase in vocabulary.DurationsAndShares.All.Select(TextKey.Words).Where(w => w.Length > 0))
        {
            Add(_durationsAndShares, phrase[0], phrase);
        }
        foreach (var phrase in vocabulary.Subset.All.Select(TextKey.Words).Where(w => w.Length > 0))
        {
            Add(_subsets, phrase[0], phrase);
        }
        // The longest phrase first: "mil millones" is a billion, "mil" a thousand.
        foreach (var candidates in _multipliers.Values)
        {
            candidates.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
        }
        var order = 0;
        foreach (var (code, marks) in CurrencyMarks)
        {
            foreach (var mark in marks)
            {
                if (!mark.All(char.IsLetter))
                {
                    _currencySymbols.Add((order++, code, mark));
                }
                else if (TextKey.Words(mark) is { Length: > 0 } phrase)
                {
                    Add(_currencyWords, phrase[0], (order++, code, phrase));
                }
            }
        }
        foreach (var (code, names) in vocabulary.Currencies)
        {
            foreach (var phrase in Spelled(names, vocabulary).Select(TextKey.Words).Where(w => w.Length > 0))
            {
                Add(_currencyWords, phrase[0], (order++, code.ToUpperInvariant(), phrase));
            }
        }
        _negative.UnionWith(vocabulary.Negative.All.Select(TextKey.Fold));
        _moneyWords.UnionWith(vocabulary.MoneyWords.All.SelectMany(TextKey.Words));
        _betweenAmountAndCurrency.UnionWith(vocabulary.Fillers.All.Concat(vocabulary.And.All).Concat(vocabulary.DateFillers.All).SelectMany(TextKey.Words));
        foreach (var (number, words) in vocabulary.NumberWords)
        {
            var value = decimal.Parse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture); // "1.5": "anderthalb", "ενάμισι"
            foreach (var (language, list) in words)
            {
                var index = NumberWordsOf(language);
                for (var i = 0; i < list.Length; i++)
                {
                    index[TextKey.Fold(list[i])] = value;
                    // A dozen's noun after the first word, its cardinal ("twelve", "zwölf"): "dozen", "Dutzend", "dussin",
                    // "ντουζίνα" multiply the number before them as "dozzine" does ("two dozen" was 14, "drei Dutzend" 15).
                    if (value == 12 && i > 0 && !list[i].Contains(' ', StringComparison.Ordinal))
                    {
                        _multiplyingPlurals.Add((language, TextKey.Fold(list[i])));
                    }
                }
            }
        }
        // "two million", "cent millions", "εκατό χιλιάδες" in words: the written-out multipliers (not "m", "mn", "Mio").
        foreach (var (words, factor) in new[] { (vocabulary.Thousands, 1_000m), (vocabulary.Millions, 1_000_000m), (vocabulary.Billions, 1_000_000_000m) })
        {
            foreach (var (language, list) in words)
            {
                var index = NumberWordsOf(language);
                var spellings = vocabulary.Spellings.TryGetValue(language, out var letters) ? letters.Where(l => l.Length >= 2).ToArray() : [];
                foreach (var word in list.SelectMany(w => Spellings.Keys(w, spellings)).Distinct(StringComparer.Ordinal)
                    .Where(w => w.Length >= 4 && !w.Contains(' ', StringComparison.Ordinal)))
                {
                    if (index.TryAdd(word, factor))
                    {
                        _multiplierOnly.Add((language, word));
                    }
                }
            }
        }
        // "cientos", "cents", "centos": the plural of a hundred (or more) is read only after a number ("doscientos", "deux
        // cents", "dos cientos"); alone it is "hundreds", no number ("unos cientos", "cientos de personas" were 100). So are
        // the plurals of the collective nouns, "centaines", "centenares", "centinaia", "migliaia": "deux centaines" is 200
        // (it was 2, the noun read past as a word of the sentence). The plurals of the tens' and dozens' collective nouns
        // too, one word each ("trois dizaines", "tres decenas", "tre decine", "duas dezenas" were 3 or 2: the plural was no
        // number word; "quatre-vingts" is a number of its own, not a plural of this kind), and they multiply.
        foreach (var (language, index) in _numberWords)
        {
            foreach (var (word, value) in index)
            {
                if (value >= 10 && (value >= 100 || !word.Contains(' ', StringComparison.Ordinal))
                    && index.Any(other => other.Value == value && IsPluralOf(word, other.Key)))
                {
                    _multiplierOnly.Add((language, word));
                    if (value < 100)
                    {
                        _multiplyingPlurals.Add((language, word));
                    }
                }
            }
        }
        foreach (var (language, list) in vocabulary.And)
        {
            _joiners[language] = new HashSet<string>(list.Select(TextKey.Fold), StringComparer.Ordinal);
        }
        foreach (var (language, list) in vocabulary.Few)
        {
            _few[language] = new HashSet<string>(list.Select(TextKey.Fold), StringComparer.Ordinal);
        }
        foreach (var (language, list) in vocabulary.Ones)
        {
            _ones[language] = new HashSet<string>(list.Select(TextKey.Fold), StringComparer.Ordinal);
        }
        // A half is a number word too ("zweieinhalb" is zwei + einhalb), read by the rules of ReadWordRun.
        foreach (var (language, list) in vocabulary.Halves)
        {
            _halves[language] = new HashSet<string>(list.Select(TextKey.Fold), StringComparer.Ordinal);
            var index = NumberWordsOf(language);
            foreach (var word in _halves[language])
            {
                index.TryAdd(word, Half);
            }
        }
    }

    /// <summary>
    /// A number written in words in the answer's language, when it has no digits: "une centaine de familles" (100),
    /// "una quarantina" (40), "ett hundratal" (100), "zwanzig", "twenty five", "dos mil". The words must stand together
    /// ("and" may join them); two numbers apart, or none, read nothing.
    /// </summary>
    public decimal? ReadWords(string text, string language) => ReadWordRun(text, language, out _, out _, out _);

    /// <summary>
    /// An amount written in words: "cent mille euros", "two million kronor", "dos millones de euros", with the currency
    /// named before or after the words, as <see cref="TryRead"/> finds it beside digits.
    /// </summary>
    public bool TryReadWords(string text, string language, out Reading reading)
    {
        reading = new Reading(0, null);
        if (ReadWordRun(text, language, out var words, out var start, out var end) is not { } value)
        {
            return false;
        }
        reading = new Reading(value, FindCurrency(text, words[..start], words[end..]));
        return true;
    }

    private decimal? ReadWordRun(string text, string language, out string[] words, out int runStart, out int runEnd)
    {
        words = [];
        runStart = runEnd = 0;
        if (!_numberWords.TryGetValue(language, out var index) || Numbers(text).Count > 0)
        {
            return null;
        }
        var joiners = _joiners.GetValueOrDefault(language);
        var ones = _ones.GetValueOrDefault(language);
        var halves = _halves.GetValueOrDefault(language);
        var values = new List<decimal>();
        var multiplying = new HashSet<int>(); // the places in values of plurals that multiply ("decine")
        var runEnded = false;
        var pendingJoiner = false;
        words = TextKey.Words(text);
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            var start = i;
            // "a" before or after a half is its article: "a million and a half", "half a million", "eine halbe Million".
            if (ones?.Contains(word) == true && halves is not null
                && (i + 1 < words.Length && halves.Contains(words[i + 1]) || i > 0 && halves.Contains(words[i - 1])))
            {
                continue;
            }
            // Numbers of several words ("quatre-vingt-dix", "en och en halv") before the words they are made of.
            var value = 0m;
            var found = false;
            for (var length = Math.Min(4, words.Length - i); length >= 1 && !found; length--)
            {
                found = index.TryGetValue(length == 1 ? word : string.Join(' ', words, i, length), out value);
                if (found)
                {
                    i += length - 1;
                }
            }
            if (found && values.Count == 0 && _multiplierOnly.Contains((language, words[start])))
            {
                found = false;
            }
            // A half opens a number only just before a dozen or more ("half a million", "meia dúzia", "medio centenar"),
            // never alone ("la mitad", "mezza giornata", "una media de treinta" stay what they were).
            if (found && value == Half && values.Count == 0 && NextNumber(words, i + 1, index, ones) is not >= 12)
            {
                found = false;
            }
            // Numbers written as one word ("dreihundertfünfzigtausend", "trecentomila", "tvåhundratusen").
            var pieces = found ? null : Compound(word, index, ones, joiners);
            found |= pieces is not null;
            // "un million", "a hundred", "eine Million": the article is one before a hundred or more, nowhere else.
            if (!found && ones?.Contains(word) == true && i + 1 < words.Length && index.TryGetValue(words[i + 1], out var next) && next >= 100)
            {
                (found, value) = (true, 1);
            }
            if (found)
            {
                if (runEnded)
                {
                    return null; // "20 adults and, separately, 30 children" in words: two numbers, not one
                }
                if (values.Count == 0)
                {
                    runStart = start;
                }
                else if (value is >= 1 and < 10 && values[^1] is >= 1 and < 10)
                {
                    return null; // "δυο τρεις εκατοντάδες", "two three": two guesses side by side, never one number (not 5)
                }
                if (pieces is not null)
                {
                    values.AddRange(pieces);
                }
                else
                {
                    if (_multiplyingPlurals.Contains((language, words[start])))
                    {
                        multiplying.Add(values.Count);
                    }
                    values.Add(value);
                }
                runEnd = i + 1;
                pendingJoiner = false;
            }
            else if (values.Count > 0 && !pendingJoiner && joiners?.Contains(word) == true)
            {
                pendingJoiner = true;
            }
            else if (values.Count > 0)
            {
                runEnded = true;
            }
        }
        if (values.Count == 0)
        {
            return null;
        }
        // "a hundred", "une centaine", "ett hundratal" are about a hundred; "a few hundred", "ett par hundra", "einige
        // hundert", "a couple of hundred", "un par de cientos" are not, and are not read (the word of few may stand one
        // word before the "of"); nor are a few tens or dozens, "qualche decina", "qualche dozzina" (were 10 and 12).
        if (values[0] is 10 or 12 or 100 or 1000 && _few.GetValueOrDefault(language) is { } few
            && (runStart > 0 && few.Contains(words[runStart - 1]) || runStart > 1 && few.Contains(words[runStart - 2])))
        {
            return null;
        }
        // "deux mille cinq cents", "two million five hundred thousand": a hundred multiplies the group before it; a
        // thousand or more closes the group, multiplied; "mil millones" multiplies what stands before it. A half first
        // halves what follows ("half a million"); right after a thousand or more it adds half of it ("un million et
        // demi"); elsewhere it adds a half to the group ("two and a half million", "zweieinhalb Millionen").
        decimal total = 0, group = 0, previous = 0;
        for (var n = 0; n < values.Count; n++)
        {
            var value = values[n];
            if (n == 1 && values[0] == Half)
            {
                value *= Half;
                group = 0;
            }
            if (value == Half && n > 0 && previous >= 1000 && group == 0)
            {
                total += previous * Half;
            }
            else if (value == Half && n > 0 && (previous == 100 || multiplying.Contains(n - 1)))
            {
                group += previous * Half; // "due decine e mezzo", "dos centenares y medio": half of the unit (were 20 and 200)
            }
            else if (value == 100 || multiplying.Contains(n))
            {
                group = (group == 0 ? 1 : group) * value;
            }
            else if (value >= 1000)
            {
                total = group == 0 && total > 0 && total < value ? total * value : total + (group == 0 ? 1 : group) * value;
                group = 0;
            }
            else
            {
                group += value;
            }
            previous = values[n];
        }
        return total + group;
    }

    /// <summary>The value of the number word at <paramref name="at"/>, past one article ("half a million"); null when there is none.</summary>
    private static decimal? NextNumber(string[] words, int at, Dictionary<string, decimal> index, HashSet<string>? ones)
    {
        if (at < words.Length && ones?.Contains(words[at]) == true)
        {
            at++;
        }
        return at < words.Length && index.TryGetValue(words[at], out var value) ? value : null;
    }

    /// <summary>
    /// The number words a word is made of, whole, in order ("dreihundertfünfzigtausend" = drei, hundert, fünfzig, tausend;
    /// "einundzwanzig" = ein, und, zwanzig, the joiner dropped), when it is made of two or more; null otherwise. A word
    /// for one ("ein", "ett") counts as a piece inside a compound. German, Swedish and Italian write numbers this way.
    /// </summary>
    private static List<decimal>? Compound(string word, Dictionary<string, decimal> index, HashSet<string>? ones, HashSet<string>? joiners)
    {
        if (word.Length < 5 || word.Length > 60)
        {
            return null;
        }
        var pieces = new List<decimal>();
        return Split(0) && pieces.Count >= 2 ? pieces : null;

        bool Split(int at)
        {
            if (at == word.Length)
            {
                return true;
            }
            // The longest piece first: "achtzehn" before "acht", "sechzig" before "sechs".
            for (var end = word.Length; end > at; end--)
            {
                var piece = word[at..end];
                var known = index.TryGetValue(piece, out var value);
                if (!known && at > 0 && end < word.Length && joiners?.Contains(piece) == true)
                {
                    if (Split(end))
                    {
                        return true;
                    }
                    continue;
                }
                if (!known && ones?.Contains(piece) == true && end < word.Length)
                {
                    (known, value) = (true, 1);
                }
                if (!known)
                {
                    continue;
                }
                pieces.Add(value);
                if (Split(end))
                {
                    return true;
                }
                pieces.RemoveAt(pieces.Count - 1);
            }
            return false;
        }
    }

    private Dictionary<string, decimal> NumberWordsOf(string language)
    {
        if (!_numberWords.TryGetValue(language, out var index))
        {
            _numberWords[language] = index = new Dictionary<string, decimal>(StringComparer.Ordinal);
        }
        return index;
    }

    private static void Add<T>(Dictionary<string, List<T>> index, string firstWord, T entry)
    {
        if (!index.TryGetValue(firstWord, out var list))
        {
            index[firstWord] = list = [];
        }
        list.Add(entry);
    }

    /// <summary>
    /// The numbers of an answer, without the digits that belong to a name: "COVID-19", "H2020", "alert(1)", "2nd" are
    /// not amounts ("<script>alert(1)</script>" was read as 1 €). Digits glued to a currency or a multiplier stay
    /// numbers: "EUR120.000", "120k", "1,5Mio", "2MSEK". Nor are a duration's or a share's: "€2.5M over 3 years" and
    /// "1,5 M€ dont 80 % FAMI" name one amount (both were offered as a second one: "€3", "80 €"), and a span of years
    /// is when, not how much: "€450,000 for 2022-2024", "450 participants (2019/20)".
    /// </summary>
    private List<Match> Numbers(string text)
    {
        var numbers = new List<Match>();
        foreach (Match token in NumberToken().Matches(text))
        {
            if (!GluedToName(text, token) && !DurationOrShare(text, token.Index + token.Length) && !YearInBrackets(text, token)
                && !YearAfterIn(text, token) && !YearAfterDateEdge(text, token) && !DurationRangeStart(text, token))
            {
                numbers.Add(token);
            }
        }
        // "ca. 150 TN, davon 60 Frauen", "150 personnes dont 60 femmes", "120 k€ dont 80 k€ FAMI": the numbers after a subset word
        // count a part of what the words before it count, a detail, not another answer (they were offered to choose from;
        // lang51). With no digits before it ("un centinaio di persone, di cui 40 minori": 40 was stored) the words are read.
        if (numbers.Count > 0 && SubsetStart(text) is var subset and >= 0)
        {
            numbers.RemoveAll(n => n.Index >= subset);
        }
        for (var i = numbers.Count - 2; i >= 0; i--)
        {
            if (i + 1 < numbers.Count && YearSpan(text, numbers[i], numbers[i + 1]))
            {
                numbers.RemoveRange(i, 2);
            }
        }
        return numbers;
    }

    /// <summary>Where the first subset word (vocabulary <c>subset</c>, any language) begins in the text, after its first
    /// word, or -1.</summary>
    private int SubsetStart(string text)
    {
        var words = TextKey.Words(text);
        var spans = TextKey.WordSpans(text);
        if (spans.Count != words.Length)
        {
            return -1;
        }
        for (var i = 1; i < words.Length; i++)
        {
            if (_subsets.TryGetValue(words[i], out var phrases) && phrases.Any(phrase => StartsWith(words, i, phrase)))
            {
                return spans[i].Start.Value;
            }
        }
        return -1;
    }

    /// <summary>"for 2-3 years", "sur 2 à 3 ans", "2 oder 3 Jahre": the first number of a range of durations is a duration too
    /// (it was offered as "€2"; lang48).</summary>
    private bool DurationRangeStart(string text, Match token)
    {
        if (token.Length > 2 || !token.Value.All(char.IsAsciiDigit))
        {
            return false;
        }
        var range = DurationRange().Match(text, token.Index + token.Length);
        return range.Success && range.Index == token.Index + token.Length && range.Groups[1].Value.Length <= 5
            && DurationOrShare(text, range.Index + range.Length);
    }

    /// <summary>"30.000 € (2023)", "120 (2024)": a year alone in brackets says when, it is no amount or count (it was offered as "2.023 €").</summary>
    private static bool YearInBrackets(string text, Match token)
    {
        if (token.Length != 4 || !int.TryParse(token.Value, CultureInfo.InvariantCulture, out var year) || year is < 1950 or > 2049)
        {
            return false;
        }
        var before = text[..token.Index].TrimEnd();
        var after = text[(token.Index + token.Length)..].TrimStart();
        return before.EndsWith('(') && after.StartsWith(')') || before.EndsWith('[') && after.StartsWith(']');
    }

    /// <summary>"300 en 2023", "300 nel 2023", "300 em 2023", "120 in 2024": a year after the word for "in" (the vocabulary's
    /// place_in) says when, it is no amount or count (it was offered as a second number, "2 023").</summary>
    private bool YearAfterIn(string text, Match token)
    {
        if (token.Length != 4 || !int.TryParse(token.Value, CultureInfo.InvariantCulture, out var year) || year is < 1950 or > 2049)
        {
            return false;
        }
        var before = TextKey.Words(text[..token.Index]);
        if (before.Length > 0 && _yearIn.Contains(before[^1]))
        {
            return true;
        }
        // "budget 2024: €45,000", "Förderung 2024: 45.000 €": a year a colon follows heads the number after it (lang48; it was
        // offered as "2.024 €").
        var after = text[(token.Index + token.Length)..];
        return after.StartsWith(':') && after.Skip(1).Any(char.IsAsciiDigit);
    }

    /// <summary>"bis Ende 25", "fin 2025", "by the end of 2024", "a principios de 2023", "στα τέλη του 2025": a year, in two
    /// digits or four, after the vocabulary's <c>date_end</c> or <c>date_start</c> words says when, it is no amount or count
    /// (session 49: "bis Ende 25" was stored as a budget of 25 €).</summary>
    private bool YearAfterDateEdge(string text, Match token)
    {
        if (token.Length is not (2 or 4) || !int.TryParse(token.Value, CultureInfo.InvariantCulture, out var year)
            || (token.Length == 4 ? year is < 1950 or > 2049 : year > 49))
        {
            return false;
        }
        var after = text[(token.Index + token.Length)..].TrimStart();
        if (after.Length > 0 && (char.IsAsciiDigit(after[0]) || after[0] is '.' or ',' && after.Length > 1 && char.IsAsciiDigit(after[1])))
        {
            return false;
        }
        var before = TextKey.Words(text[..token.Index]);
        // A Greek or Romance article or "of" may stand between: "στα τέλη του 2025", "fine del 2025", "end of the year 25".
        var end = before.Length > 0 && before[^1] is "του" or "της" or "del" or "de" or "do" or "da" or "of" or "av" or "des" or "dell" ? before.Length - 1 : before.Length;
        return _dateEdges.Exists(edge => EndsWith(before, end, edge) || EndsWith(before, before.Length, edge));

        static bool EndsWith(string[] words, int end, string[] phrase) =>
            end >= phrase.Length && words.AsSpan(end - phrase.Length, phrase.Length).SequenceEqual(phrase);
    }

    // The words that join the two ends of a period of years ("de 2023 à 2025", "von 2023 bis 2025", "from 2023 to 2025",
    // "dal 2023 al 2025", "2023 έως 2025"), beside a dash or a slash; never "and" ("2000 et 2030 €" may be two amounts).
    internal static readonly HashSet<string> YearSpanJoins = new(StringComparer.Ordinal)
    {
        "a", "al", "ao", "au", "to", "till", "until", "bis", "hasta", "fino", "ate", "εως", "ως", "μεχρι", "tom",
    };

    /// <summary>"2019-2023", "2019 – 2023", "2019/20": two years joined by a dash or a slash, the second later.</summary>
    private static bool YearSpan(string text, Match first, Match second)
    {
        if (first.Length != 4 || !int.TryParse(first.Value, CultureInfo.InvariantCulture, out var from) || from is < 1950 or > 2049
            || !int.TryParse(second.Value, CultureInfo.InvariantCulture, out var to) || second.Length is not (2 or 4))
        {
            return false;
        }
        var between = text[(first.Index + first.Length)..second.Index].Trim();
        var joined = between is "-" or "\u2013" or "\u2014" or "/";
        if (!joined && !(second.Length == 4 && TextKey.Words(between) is [var word] && YearSpanJoins.Contains(word)))
        {
            return false;
        }
        var until = second.Length == 2 ? from / 100 * 100 + to : to;
        return until > from && until - from <= 30;
    }

    /// <summary>
    /// Whether "%" or a duration's or a share's words follow (a space, or the hyphen of "3-year", between). A currency or a
    /// slash between makes the word a period of the amount, not a duration: "20.000 €/anno", "20 000 € an" are 20,000
    /// (they were refused, the amount taken for a number of years).
    /// </summary>
    private bool DurationOrShare(string text, int end)
    {
        var at = end;
        while (at < text.Length && text[at] is ' ' or '\u00a0' or '\u202f' or '-')
        {
            at++;
        }
        if (at < text.Length && text[at] is '%' or '\u2030')
        {
            return true;
        }
        if (at < text.Length && !char.IsLetter(text[at]))
        {
            return false;
        }
        var after = TextKey.Words(text[at..]);
        return after.Length > 0 && _durationsAndShares.TryGetValue(after[0], out var phrases) && phrases.Any(phrase => StartsWith(after, 0, phrase));
    }

    private bool GluedToName(string text, Match token)
    {
        var start = token.Index;
        // "COVID-19", "alert(1)", "FSE_2": a word, a joining mark, the digits.
        if (start >= 2 && text[start - 1] is '-' or '(' or '_' && char.IsLetter(text[start - 2]))
        {
            return true;
        }
        if (start >= 1 && char.IsLetter(text[start - 1]))
        {
            var wordStart = start - 1;
            while (wordStart > 0 && char.IsLetter(text[wordStart - 1]))
            {
                wordStart--;
            }
            if (!_currencyWords.ContainsKey(TextKey.Fold(text[wordStart..start])))
            {
                return true; // "H2020"; not "EUR120.000"
            }
        }
        var end = token.Index + token.Length;
        if (end < text.Length && char.IsLetter(text[end]))
        {
            var wordEnd = end;
            while (wordEnd < text.Length && char.IsLetter(text[wordEnd]))
            {
                wordEnd++;
            }
            var unit = TextKey.Fold(text[end..wordEnd]);
            return !_multipliers.ContainsKey(unit) && !_currencyWords.ContainsKey(unit) && SplitCompactUnit(unit) is null; // "2nd"; not "120k", "2MSEK"
        }
        return false;
    }

    public Outcome TryRead(string text, out Reading reading, string? language = null)
    {
        reading = new Reading(0, null);
        text = WithoutApproximateEnding(text);
        var matches = Numbers(text);
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
        var multiplierWords = 0;
        if (after.Length > 0 && _multipliers.TryGetValue(after[0], out var multipliers)
            && (!_multiplierLanguage.TryGetValue(after[0], out var only) || string.Equals(only, language, StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var (words, f) in multipliers)
            {
                if (StartsWith(after, 0, words))
                {
                    factor = f;
                    hasMultiplier = true;
                    multiplierWords = words.Length;
                    break;
                }
            }
        }
        string? unitCurrency = null;
        if (!hasMultiplier && after.Length > 0 && SplitCompactUnit(after[0]) is { } unit)
        {
            (factor, unitCurrency) = unit;
            hasMultiplier = true;
        }
        if (!TryParseDigits(token.Value, hasMultiplier, out var value))
        {
            return Outcome.Unreadable;
        }
        var currency = unitCurrency ?? FindCurrency(text, before, after);
        if (unitCurrency is null && currency is not null && UnknownWordBeforeCurrency(text[(token.Index + token.Length)..], after, multiplierWords))
        {
            // "1,5 Mill. €", "1,5 εκ. ευρώ": read as 1.5 € the amount would be a million times too small, silently.
            return Outcome.Unreadable;
        }
        if (!hasMultiplier && value != decimal.Truncate(value) && after.Length > 0 && UnknownWord(after[0]))
        {
            // "1.5 foo" with no currency: a fraction is rarely the whole amount, and the word after it is likely a
            // multiplier this parser does not know (as "Mill." was).
            return Outcome.Unreadable;
        }
        reading = new Reading(value * factor, currency);
        // "moins 5", "minus 20": the minus word alone before the number; "au moins 200", "al menos 300", "pelo menos 80"
        // (at least) and "moins de 50", "meno di 50" (fewer than) are bounds, the number read as written.
        if (text.TrimStart().StartsWith('-') || before is [var minus] && _negative.Contains(minus))
        {
            reading = reading with { Value = -reading.Value };
        }
        return Outcome.Number;
    }

    /// <summary>
    /// Whether <paramref name="text"/> holds a number in a sentence that states no money: no currency (sign, code or word),
    /// no multiplier ("120k", "1,2 Mio."), no word of money (vocabulary <c>money_words</c>: "budget", "Kosten"), and a word
    /// beside the number that is no filler, duration or share ("we have 3 staff and 12 volunteers", chatplay46: read as €3 at
    /// the budget). A number alone, or with "about" and "a year" only, states an amount where one is asked.
    /// </summary>
    public bool StatesNoMoney(string text)
    {
        if (Numbers(text).Count == 0 || _currencySymbols.Any(c => text.Contains(c.Symbol, StringComparison.Ordinal)))
        {
            return false;
        }
        var other = false;
        foreach (var typed in TextKey.Words(text))
        {
            // "120k", "80tsd", "EUR120.000": the multiplier or the currency written onto the number.
            var word = typed.Trim('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.', ',');
            if (!word.Any(char.IsLetter))
            {
                continue;
            }
            if (_currencyWords.ContainsKey(word) || _multipliers.ContainsKey(word) || _moneyWords.Contains(word) || SplitCompactUnit(word) is not null)
            {
                return false;
            }
            other |= UnknownWord(word) && !_negative.Contains(word);
        }
        return other;
    }

    /// <summary>A word of no currency, filler, duration or share: what an amount's unknown multiplier looks like.</summary>
    private bool UnknownWord(string word) =>
        word.Any(char.IsLetter) && !_currencyWords.ContainsKey(word) && !_betweenAmountAndCurrency.Contains(word) && !_durationsAndShares.ContainsKey(word);

    /// <summary>
    /// Whether a word that is neither the number's multiplier nor a filler stands between the number and a currency
    /// written after it ("1,5 Mill. €", "1,5 foo €"); a currency written before the number ("EUR 1.2m") is not looked at.
    /// </summary>
    private bool UnknownWordBeforeCurrency(string rest, string[] after, int skip)
    {
        var currencyAt = int.MaxValue;
        foreach (var (_, _, symbol) in _currencySymbols)
        {
            var at = rest.IndexOf(symbol, StringComparison.Ordinal);
            if (at >= 0)
            {
                currencyAt = Math.Min(currencyAt, TextKey.Words(rest[..at]).Length);
            }
        }
        for (var i = 0; i < Math.Min(after.Length, currencyAt); i++)
        {
            if (_currencyWords.TryGetValue(after[i], out var names) && names.Any(name => StartsWith(after, i, name.Words)))
            {
                currencyAt = i;
                break;
            }
        }
        if (currencyAt == int.MaxValue)
        {
            return false;
        }
        for (var i = skip; i < currencyAt; i++)
        {
            if (!_betweenAmountAndCurrency.Contains(after[i]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A multiplier written into a currency's code or name, as finance people write amounts: "2 MSEK", "300 KSEK",
    /// "3 mkr" (miljoner kronor), "300 tkr" (tusen kronor), "1,5 MEUR". Read as the multiplier and the currency; without
    /// this "2 MSEK" was read as 2 euro.
    /// </summary>
    private (decimal Factor, string Currency)? SplitCompactUnit(string word)
    {
        for (var split = 1; split < word.Length; split++)
        {
            if (!_multipliers.TryGetValue(word[..split], out var multipliers) ||
                !_currencyWords.TryGetValue(word[split..], out var currencies))
            {
                continue;
            }
            var factor = multipliers.FirstOrDefault(m => m.Words.Length == 1).Factor;
            var currency = currencies.Where(c => c.Words.Length == 1).MinBy(c => c.Order).Code;
            if (factor != 0 && currency is not null)
            {
                return (factor, currency);
            }
        }
        return null;
    }

    /// <summary>
    /// Each number of an answer that holds two to four ("50-60", "zwischen 80 und 100", "300 famiglie (circa 900
    /// persone)"), read with the words around it up to the next number, with its digits as typed: the candidates to
    /// offer when one number is asked for. Empty when any of them cannot be read.
    /// </summary>
    public IReadOnlyList<(Reading Reading, string Typed)> ReadEach(string text, string? language = null)
    {
        text = WithoutApproximateEnding(text);
        var matches = Numbers(text);
        if (matches.Count is < 2 or > 4)
        {
            return [];
        }
        var readings = new List<(Reading, string)>(matches.Count);
        for (var i = 0; i < matches.Count; i++)
        {
            var start = i == 0 ? 0 : matches[i - 1].Index + matches[i - 1].Length;
            var end = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
            // The dash of "50-60" joins the two: it is not the second one's minus sign.
            var segment = i == 0 ? text[start..end] : text[start..end].TrimStart(' ', '\u00a0', '-', '\u2013', '\u2014', '/');
            if (TryRead(segment, out var reading, language) != Outcome.Number)
            {
                return [];
            }
            readings.Add((reading, matches[i].Value));
        }
        // "entre 100 et 150 k€", "zwischen 1,5 und 2 Mio. €", "50-60k": a multiplier written once, after the last number,
        // is every number's (each was offered bare: 100 €, 1,50 €).
        var (last, lastTyped) = readings[^1];
        if (TryParseDigits(lastTyped, hasMultiplier: true, out var lastDigits) && lastDigits != 0 && Math.Abs(last.Value / lastDigits) is > 1 and var factor)
        {
            for (var i = 0; i < readings.Count - 1; i++)
            {
                var (reading, typed) = readings[i];
                if (TryParseDigits(typed, hasMultiplier: true, out var digits) && reading.Value == digits && digits * factor <= Math.Abs(last.Value))
                {
                    readings[i] = (new Reading(digits * factor, reading.Currency ?? last.Currency), typed);
                }
            }
        }
        // "entre 40 et 50 000 €", "entre 40 y 50.000 €", "between 800 and 1,200,000": the thousands said once, written
        // only in the last number, are every bare number's before it too, when that gives a range of one order of
        // magnitude (40 was offered as 40 €; "entre 900 et 1 000" stays 900).
        else if (last.Value == lastDigits && lastDigits >= 1_000 && lastTyped.Any(c => !char.IsAsciiDigit(c)))
        {
            for (var i = 0; i < readings.Count - 1; i++)
            {
                var (reading, typed) = readings[i];
                if (!typed.All(char.IsAsciiDigit) || reading.Value != decimal.Parse(typed, CultureInfo.InvariantCulture) || reading.Value is <= 0 or >= 1_000)
                {
                    continue;
                }
                for (var scale = 1_000_000_000m; scale >= 1_000m; scale /= 1_000m)
                {
                    var scaled = reading.Value * scale;
                    if (scaled <= lastDigits && scaled * 10 >= lastDigits)
                    {
                        readings[i] = (new Reading(scaled, reading.Currency ?? last.Currency), typed);
                        break;
                    }
                }
            }
        }
        return readings;
    }

    /// <summary>A plural as the languages form it from the singular: "cents", "centenares", "centinaia" (of "centinaio"),
    /// "decine" (of "decina").</summary>
    private static bool IsPluralOf(string word, string singular) =>
        word == singular + "s" || word == singular + "es"
        || (word.Length == singular.Length && word.Length > 4
            && (word[^1] == 'a' && singular[^1] == 'o' || word[^1] == 'e' && singular[^1] == 'a')
            && word.AsSpan(0, word.Length - 1).SequenceEqual(singular.AsSpan(0, singular.Length - 1)));

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

    /// <summary>The currency a symbol anywhere, or a name before the number or just after it (within two words), names.</summary>
    private string? FindCurrency(string text, string[] before, string[] after)
    {
        var best = (Order: int.MaxValue, Code: (string?)null);
        foreach (var (order, code, symbol) in _currencySymbols)
        {
            if (order < best.Order && text.Contains(symbol, StringComparison.Ordinal))
            {
                best = (order, code);
            }
        }
        Look(before, before.Length, before.Length);
        // After the number: starting within its first three words, ending within five.
        Look(after, Math.Min(after.Length, 3), Math.Min(after.Length, 5));
        return best.Code;

        void Look(string[] words, int starts, int end)
        {
            for (var i = 0; i < starts; i++)
            {
                if (!_currencyWords.TryGetValue(words[i], out var candidates))
                {
                    continue;
                }
                foreach (var (order, code, phrase) in candidates)
                {
                    if (order < best.Order && i + phrase.Length <= end && StartsWith(words, i, phrase))
                    {
                        best = (order, code);
                    }
                }
            }
        }
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
