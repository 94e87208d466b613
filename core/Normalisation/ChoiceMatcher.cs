// Over 400 lines because each kind of choice answer (one, several, yes/no, with "other" words) is matched here against the same folded, stemmed choice index.
using System.Text.RegularExpressions;
using Regin.Core.Normalisation.Matching;
using Regin.Core.Questionnaire;

namespace Regin.Core.Normalisation;

/// <summary>What a choice answer named: the codes in the order written, the words that named nothing, and the
/// codes only guessed through a typing slip (to be confirmed).</summary>
public sealed record ChoiceMatch(IReadOnlyList<string> Codes, IReadOnlyList<string> Unrecognised, IReadOnlyList<string> Guessed)
{
    /// <summary>Names found that stand for several choices without saying which ("ΕΣΠΑ": ESF+ or ERDF): to be asked.</summary>
    public IReadOnlyList<SharedName> Shared { get; init; } = [];

    /// <summary>Parts of a list that only restate the question's subject ("s'occupe", "übernimmt") beside the choices named,
    /// left out of the value: no choice, yet words the contributor wrote.</summary>
    public IReadOnlyList<string> Restating { get; init; } = [];

    /// <summary>Parts of a list that named a choice (as written, inside their words or through a slip).</summary>
    public int NamingParts { get; init; }

    /// <summary>Parts of a list whose every word named nothing: kept whole as unrecognised (not a remark on the others).</summary>
    public IReadOnlyList<string> UnreadParts { get; init; } = [];
}

/// <summary>
/// Finds the choices a contributor means: by code, by the number shown, by the label or a synonym in any of the
/// 8 languages (case, accents, punctuation and the other spellings of letters ignored), by the stems of the
/// answer's language ("coordinating" ~ "coordination", "refugees" ~ "refugee"), by a label's distinctive word, or
/// inside a sentence ("mostly healthcare"); one slip of typing is forgiven but reported as a guess.
/// Lists are split on commas, semicolons, new lines and the language's "and" (and, et, und, y, e, και, och ...).
/// </summary>
public sealed partial class ChoiceMatcher
{
    // Shared is set on a name that stands for several choices (Code is then its first): found in a sentence, never taken.
    /// <summary>One name of a choice by its content words' stems. <see cref="Phrase"/>: the whole phrase, fillers and all, of a
    /// name whose fillers leave one word ("står för", "we take part", "inget av dessa"): inside a sentence that word names the
    /// choice only in the phrase (session 50: "många kvinnor står långt från arbetsmarknaden" was guessed as funding).</summary>
    private sealed record Entry(string Code, string Language, HashSet<string> Stems, int Size, string[] Words, SharedName? Shared = null, string[]? Phrase = null)
    {
        /// <summary>The stems of the name's words a negation turns around: "acompanh" in "menores não acompanhados".</summary>
        public HashSet<string>? Negated { get; init; }
    }

    private readonly Question _question;
    private readonly MatchingVocabulary _words;
    private readonly Dictionary<string, string?> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string?>> _byStems = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<Entry>> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<Entry>> _sharedEntries = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, TypoIndex<string>> _typos = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>> _restatedStems = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>> _nameWordStems = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>The stems of the words that name an organisation on their own (vocabulary <c>organisation_words</c>), at a
    /// question no organisation answers (one without <c>name_words</c>): empty at the organisation's type and the funding.</summary>
    private readonly Dictionary<string, HashSet<string>> _organisationStems = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>The stems of the words for an organisation's people (vocabulary <c>staff_words</c>), where organisation words are.</summary>
    private readonly Dictionary<string, HashSet<string>> _staffStems = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>The one choice whose synonyms name an organisation's staff ("council staff", "agents du département",
    /// "dipendenti del comune"), or null: a part of staff and organisation words only is that choice.</summary>
    private readonly string? _staffCode;
    private readonly Dictionary<string, List<string[]>> _others = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>> _falseFriends = new(StringComparer.OrdinalIgnoreCase);
    // The stems that name a choice alone, per language: the halves a compound may be split into.
    private readonly Dictionary<string, HashSet<string>> _singleStems = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>> _acronyms = new(StringComparer.OrdinalIgnoreCase);
    // Every stem of every name of a choice, per language: the words that restate a choice already named.
    private readonly Dictionary<(string Language, string Code), HashSet<string>> _stemsOfCode = [];
    // Every entry's words as listed, each synonym's merged into the entry of its stems ("κρητικά", "κρητικοί"): a word typed that
    // only shares their stem and names a place ("Κρήτης", "Emilia") is the place's own name, not the entry (see FindInside).
    private readonly Dictionary<Entry, HashSet<string>> _forms = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(string Language, string Code), HashSet<string>> _formsOfCode = [];
    private readonly Regex _separators;
    // Per language, its own "and" words between spaces (sv "o"): split in that language's answers only.
    private readonly Dictionary<string, Regex> _localSeparators = new(StringComparer.OrdinalIgnoreCase);
    // An amount written beside a choice ("FSE+ 1,5 M€", "Région (200 000 €)", "FAMI 1,2 milioni"): detail of the item it stands
    // beside, neither an item of its own nor a separator at its decimal comma.
    private readonly Regex _amounts;
    // Per language, the names known only as typed ("LA", see Choice.AsTyped) and the label each stands for: found as a
    // whole word in the same capitals, like a country's alpha-3 code, and read as that label (the folded reading never sees them).
    private readonly Dictionary<string, AsTypedNames<string>> _asTyped = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a run of words typed in lower case names a place (a region, a district, a city: "göttingen",
    /// "emilia-romagna", "αττικής"), in a language: beside an organisation word it is that organisation's name.</summary>
    private readonly Func<string, string, bool>? _namesAPlace;

    /// <summary>Whether a text is a region's name as the catalogue writes it ("Toscana", not "toscani").</summary>
    private readonly Func<string, bool>? _namesARegionAsWritten;

    /// <summary>Whether a word opens a place's name without being one ("Land", "Regione", "Περιφέρεια").</summary>
    private readonly Func<string, bool>? _isDesignator;

    /// <summary>Whether a text is a region's name that is a plain word ("Norte", "Centro"): a place only right after or before
    /// a choice's name ("FSE+ Norte": the programme's region; lang53: kept under Other to confirm).</summary>
    private readonly Func<string, bool>? _isPlainRegionName;

    public ChoiceMatcher(Question question, Vocabulary vocabulary, MatchingVocabulary words, Func<string, string, bool>? namesAPlace = null,
        Func<string, bool>? namesARegionAsWritten = null, Func<string, bool>? isDesignator = null, Func<string, bool>? isPlainRegionName = null)
    {
        _isDesignator = isDesignator;
        _isPlainRegionName = isPlainRegionName;
        _question = question;
        _words = words;
        _namesAPlace = namesAPlace;
        _namesARegionAsWritten = namesARegionAsWritten;
        var andPattern = string.Join('|', vocabulary.And.All.OrderByDescending(w => w.Length).Select(Regex.Escape));
        // Compiled: it splits every choice answer (the interpreter was half of matching one); built once per normaliser.
        // A decimal comma is no separator ("IRPF 0,7%" was "IRPF 0" and "7%"): one before digits and "%", or after a
        // lone 0; "1,3,5" still splits. Bullets and ticks pasted from a document or a form separate too ("✅ språk ✅ hälsa"
        // was health and Other "språk"); not the middle dot, which is a letter's in Catalan ("col·lectiu").
        // The "+" of a choice's own name ("ESF+", "FSE+", "ΕΚΤ+", "Erasmus+") followed by a space is that name's, not "and":
        // "ESF+ Niedersachsen", "FSE+ Toscana" name the programme's region, a detail of it (lang52: they were ESF+ and the
        // regional budget, where "ESF Niedersachsen", "POR FSE Toscana" were ESF+ alone); "AMIF + Land", "ESF+AMIF" still part.
        var plusNames = string.Join('|', question.ChoiceList
            .SelectMany(choice => choice.Label.Values.Concat(choice.Synonyms.Values.SelectMany(list => list)))
            .SelectMany(name => PlusName().Matches(name).Select(m => m.Groups["name"].Value))
            .Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(name => name.Length).Select(Regex.Escape));
        var plus = plusNames.Length == 0 ? @"\+(?=\s*\p{L})" : $@"(?<!(?<![\p{{L}}\p{{N}}])(?:{plusNames}))\+(?=\s*\p{{L}})|\+(?=\p{{L}})";
        _separators = new Regex(
            $@"[;\n\r/&\u2022\u2023\u25aa\u25e6\u25b6\u25ba\u2713\u2714\u2705\u2611\u27a2]|,(?<!\d,(?=\d+\s*%))(?<!(?<![\d.,])0,(?=\d))|{plus}|\s(?:{andPattern})\s",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
        foreach (var language in _words.All)
        {
            // A language's own "and" (sv "o") and its "or": "lavoro o istruzione", "Arbeit oder Bildung", "lavoro e/o istruzione"
            // name both (Italian "o" was kept under Other), in that language's answers only ("o" is Portuguese's article).
            // Not compiled: a few short words, in one language's answers.
            var or = vocabulary.Or.TryGetValue(language.Language, out var ors) ? ors : [];
            var and = vocabulary.And.TryGetValue(language.Language, out var ands) ? ands : [];
            var own = language.AndLocal.Concat(or).Concat(and.SelectMany(a => or.Select(o => a + "/" + o))).ToList();
            // An "or" that opens a filler says "that is", not "or": es "o sea", pt "ou seja" ("la junta, o sea autoridad
            // regional" was "la junta" and "sea autoridad regional", "sea" then asked about as Other).
            var fillers = vocabulary.Fillers.TryGetValue(language.Language, out var fillerList) ? fillerList : [];
            var notOr = fillers.Select(filler => filler.Split(' ', 2)).Where(words => words.Length == 2 && or.Contains(words[0], StringComparer.OrdinalIgnoreCase))
                .Select(words => words[1]).OrderByDescending(rest => rest.Length).ToList();
            if (own.Count > 0)
            {
                var notFiller = notOr.Count == 0 ? "" : $@"(?!(?:{string.Join('|', notOr.Select(Regex.Escape))})(?!\p{{L}}))";
                _localSeparators[language.Language] = new Regex(
                    $@"\s(?:{string.Join('|', own.OrderByDescending(w => w.Length).Select(Regex.Escape))})\s{notFiller}",
                    RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            }
        }
        var multipliers = string.Join('|', vocabulary.Thousands.All.Concat(vocabulary.Millions.All).Concat(vocabulary.Billions.All)
            .Select(w => Regex.Escape(w).Replace("\\ ", "\\s+", StringComparison.Ordinal)).OrderByDescending(w => w.Length));
        var euros = string.Join('|', new[] { "eur", "euro", "euros" }.Concat(vocabulary.Currencies.TryGetValue("EUR", out var euroNames) ? euroNames.All : [])
            .Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(w => w.Length).Select(Regex.Escape));
        // Thousands grouped by a plain space too ("450 000 €": "000 €" alone was taken for the amount, "450" left as a word).
        const string number = @"\d(?:[\d.,'\u00a0\u202f]*\d)?(?: \d{3}(?!\d))*";
        // Not compiled: it runs only on answers with a digit.
        _amounts = new Regex(
            $@"(?<![\p{{L}}\d])(?:[€$£]\s?{number}(?:\s?(?:{multipliers})\b\.?)?|{number}\s?(?:(?:{multipliers})\b\.?\s?(?:(?:de|di|d')\s?)?(?:€|\b(?:{euros})\b)?|(?:€|\b(?:{euros})\b)))",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        foreach (var language in _words.All)
        {
            _entries[language.Language] = [];
            _byStems[language.Language] = new(StringComparer.Ordinal);
            _typos[language.Language] = new TypoIndex<string>();
        }
        // First: the words restating the question's subject, which a name made only of them and fillers cannot be found by
        // inside a sentence (see Add).
        foreach (var (language, phrases) in question.Restated)
        {
            var stems = _restatedStems[language] = new HashSet<string>(StringComparer.Ordinal);
            // Greek restated also in greeklish ("i perifereia den symmetexei" read "perifereia" as a slip of an option's name).
            var restatedWords = _words.For(language);
            foreach (var word in phrases.SelectMany(phrase => restatedWords.KeysWithRomanised(TextKey.Fold(phrase))).SelectMany(key => key.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                stems.Add(WordStemmer.Stem(word, language));
            }
        }
        foreach (var (language, phrases) in question.NameWords)
        {
            _nameWordStems[language] = phrases.SelectMany(TextKey.Words).Select(word => WordStemmer.Stem(word, language)).ToHashSet(StringComparer.Ordinal);
        }
        // "council", "Stadt", "comune", "δήμος": at a question whose choices no organisation names (target groups, areas), such a
        // word alone is an organisation, not the distinctive word of a longer name that holds it ("council staff" was public
        // officials for "the council"; "técnicos da câmara", "υπάλληλοι των δήμων", "personal på kommunen" likewise).
        if (question.NameWords.Count == 0)
        {
            foreach (var (language, phrases) in vocabulary.OrganisationWords)
            {
                var languageWords = _words.For(language);
                _organisationStems[language] = phrases.SelectMany(phrase => languageWords.KeysWithRomanised(TextKey.Fold(phrase)))
                    .SelectMany(key => key.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    .Select(word => WordStemmer.Stem(word, language)).ToHashSet(StringComparer.Ordinal);
            }
            foreach (var (language, phrases) in vocabulary.StaffWords)
            {
                var languageWords = _words.For(language);
                _staffStems[language] = phrases.SelectMany(phrase => languageWords.KeysWithRomanised(TextKey.Fold(phrase)))
                    .SelectMany(key => key.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    .Select(word => WordStemmer.Stem(word, language)).ToHashSet(StringComparer.Ordinal);
            }
        }
        // The options' acronyms ("CERCI", "FAMI", "ΜΚΟ"), known before any name is read: they are compared as typed, never by
        // stem, on both sides ("cerca", about, stems as "CERCI" does: "cerca de 800 pessoas" was an NGO, session 50).
        foreach (var choice in question.ChoiceList)
        {
            foreach (var (language, synonyms) in choice.Synonyms)
            {
                foreach (var synonym in synonyms.Where(IsAcronym))
                {
                    (_acronyms.TryGetValue(language, out var set) ? set : _acronyms[language] = new HashSet<string>(StringComparer.Ordinal)).Add(TextKey.Fold(synonym));
                }
            }
        }
        var asTyped = new Dictionary<string, List<(string Name, string Label)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var choice in question.ChoiceList)
        {
            // The code itself ("labour_market", "none") is English: written whole it is known in any answer (the keys are
            // shared), but only English reads its stems (Italian stems "none" as "non", the word "not").
            Add(choice.Code, choice.Code.Replace('_', ' '), _words.For(Languages.Default));
            foreach (var (language, label) in choice.Label)
            {
                var labelWords = _words.For(language);
                Add(choice.Code, label, labelWords);
                var parenthesis = Parenthesis().Match(label);
                if (parenthesis.Success)
                {
                    Add(choice.Code, parenthesis.Groups["inner"].Value, labelWords);
                    Add(choice.Code, Parenthesis().Replace(label, " "), labelWords);
                }
            }
            foreach (var (language, names) in choice.AsTyped)
            {
                var label = choice.Label.TryGetValue(language, out var own) ? own : choice.Code.Replace('_', ' ');
                (asTyped.TryGetValue(language, out var list) ? list : asTyped[language] = []).AddRange(names.Select(name => (name, label)));
            }
            foreach (var (language, synonyms) in choice.Synonyms)
            {
                foreach (var synonym in synonyms)
                {
                    Add(choice.Code, synonym, _words.For(language));
                }
            }
        }
        foreach (var (language, names) in asTyped)
        {
            _asTyped[language] = new AsTypedNames<string>(names);
        }
        foreach (var (language, names) in question.SharedNames)
        {
            var nameWords = _words.For(language);
            foreach (var name in names)
            {
                // Greek also in greeklish, as its options' names are ("ESPA" was ERDF by a word of "ΕΣΠΑ ΕΤΠΑ", where "ΕΣΠΑ"
                // is asked about: lang45).
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var key in nameWords.KeysWithRomanised(name.Name))
                {
                    var content = Content(key, nameWords);
                    var set = content.Select(w => StemOf(w, language)).Where(s => s.Length > 0).ToHashSet(StringComparer.Ordinal);
                    if (set.Count > 0 && seen.Add(string.Join(' ', content)))
                    {
                        var entry = new Entry(name.Codes[0], language, set, set.Count, [.. content], name);
                        _entries[language].Add(entry);
                        (_sharedEntries.TryGetValue(language, out var list) ? list : _sharedEntries[language] = []).Add(entry);
                    }
                }
            }
        }
        foreach (var (language, phrases) in question.Others)
        {
            _others[language] = [.. phrases.Select(TextKey.Words).Where(words => words.Length > 0)];
        }
        foreach (var (language, phrases) in question.FalseFriends)
        {
            _falseFriends[language] = phrases.Select(TextKey.Fold).Where(key => key.Length > 0).ToHashSet(StringComparer.Ordinal);
        }
        foreach (var list in _entries.Values)
        {
            // The longest name inside a sentence wins; among names of one length, the first listed (a stable sort: List.Sort
            // is not, and a synonym added to a locale file changed which of two names "strukturfonderna" was shown as).
            var longestFirst = list.OrderByDescending(e => e.Size).ToList();
            list.Clear();
            list.AddRange(longestFirst);
        }
        foreach (var (language, list) in _entries)
        {
            _singleStems[language] = list.Where(e => e.Size == 1 && e.Shared is null).Select(e => e.Stems.First()).ToHashSet(StringComparer.Ordinal);
        }
        // The staff's choice, from the question's own synonyms: those that join a staff word to an organisation word ("council
        // staff", "personal del ayuntamiento") must all name one choice, else no part is read so.
        var staffCodes = _entries
            .Where(pair => _staffStems.ContainsKey(pair.Key) && _organisationStems.ContainsKey(pair.Key))
            .SelectMany(pair => pair.Value.Where(e => e.Shared is null && e.Stems.Overlaps(_staffStems[pair.Key]) && e.Stems.Overlaps(_organisationStems[pair.Key])))
            .Select(e => e.Code).Distinct().ToList();
        _staffCode = staffCodes is [var staffCode] ? staffCode : null;
    }

    [GeneratedRegex(@"\((?<inner>[^)]*)\)")]
    private static partial Regex Parenthesis();

    /// <summary>A word of a name that ends in "+" ("ESF+", "ΕΚΤ+", "Erasmus+"): the word without it.</summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?<name>[\p{L}\p{N}]+)\+(?![\p{L}\p{N}])")]
    private static partial Regex PlusName();

    [GeneratedRegex(@"^\s*(?<n>\d{1,2})\s*[.)]?\s*$")]
    private static partial Regex OptionNumber();

    /// <summary>The codes found, in the order written, and the parts that matched nothing (English rules).</summary>
    public (IReadOnlyList<string> Codes, IReadOnlyList<string> Unrecognised) Match(string text)
    {
        var match = Match(text, Languages.Default);
        return (match.Codes, match.Unrecognised);
    }

    public ChoiceMatch Match(string text, string language)
    {
        if (_asTyped.TryGetValue(language, out var asTyped))
        {
            // "the LA", "LA (Cork)": read as "the Local authority"; "la mairie" in French, or "la" in English, is untouched.
            text = asTyped.Replace(text, label => label);
        }
        var match = MatchAsTyped(text, language);
        var words = _words.For(language);
        // "ekpaideysh kai ygeia": greeklish spelt another way than the keys' ("ekpaideusi"); read again in the one spelling of
        // both (see Romanised), taken only when that reads every word (what is kept under Other stays as typed). Never past a
        // name that stands for several choices: "ESPA" is asked about as "ΕΣΠΑ" is (lang45: it was ERDF, taken silently).
        if (words.Romanised && match.Shared.Count == 0 && (match.Unrecognised.Count > 0 || match.Guessed.Count > 0 || match.Codes.Count == 0) && Romanised.IsLatin(text)
            && MatchAsTyped(Romanised.Canonical(text.ToLowerInvariant()), language) is { Unrecognised.Count: 0, Guessed.Count: 0 } canonical
            && (canonical.Codes.Count > 0 || canonical.Shared.Count > 0))
        {
            return canonical;
        }
        return match;
    }

    /// <summary>
    /// <paramref name="text"/> without the parts that are an amount with the words around it and name no choice ("FAMI +
    /// fonds régionaux, à peu près 450 000 € par an", "AMIF and regional budget, about €450,000 a year"): the amount is the
    /// budget's, offered when the budget is asked (<c>AnswerRecorder.PastedEarlier</c>); its words ("à peu près … par an")
    /// were kept under Other. A part naming a choice beside its amount ("Région (200 000 €)") stays.
    /// </summary>
    private string WithoutAmountParts(string text, string language)
    {
        // Not the comma inside an amount ("€450,000"): the separators between parts only.
        var amounts = _amounts.Matches(text);
        var separators = _separators.Matches(text).Where(separator => !amounts.Any(amount =>
            separator.Index > amount.Index && separator.Index < amount.Index + amount.Length)).ToList();
        if (separators.Count == 0)
        {
            return text;
        }
        var kept = new System.Text.StringBuilder(text.Length);
        var anyKept = false;
        var start = 0;
        for (var i = 0; i <= separators.Count; i++)
        {
            var end = i < separators.Count ? separators[i].Index : text.Length;
            var part = text[start..end];
            var dropped = _amounts.IsMatch(part) && _amounts.Replace(part, " ") is var rest
                && MatchAsTyped(rest, language) is var restMatch && restMatch.Codes.All(restMatch.Guessed.Contains) && restMatch.Shared.Count == 0;
            anyKept |= !dropped && part.Any(char.IsLetter);
            kept.Append(dropped ? " " : part);
            if (i < separators.Count)
            {
                kept.Append(separators[i].Value);
                start = separators[i].Index + separators[i].Length;
            }
        }
        return anyKept ? kept.ToString() : text; // amounts alone: read as before (kept under Other as typed)
    }

    private ChoiceMatch MatchAsTyped(string text, string language)
    {
        var words = _words.For(language);
        if (text.Any(char.IsAsciiDigit))
        {
            text = WithoutAmountParts(text, language);
            if (_amounts.Replace(text, " ") is var withoutAmounts && withoutAmounts.Any(char.IsLetterOrDigit))
            {
                text = withoutAmounts;
            }
        }
        var separated = _separators.IsMatch(text) || (_localSeparators.TryGetValue(language, out var local) && local.IsMatch(text));
        var parts = separated ? Parts(text, words) : null;
        // "c'est notre projet, on cofinance aussi": a part of fillers alone may be a name known only written whole ("notre
        // projet"); the other parts' words are then no name of their own (the answer was funding alone).
        var whole = MatchOne(Read(text, words), words, inOrderOnly: separated, byContent: parts is null || AllHaveContent(parts, 0, parts.Count));
        if (whole is not null)
        {
            return new ChoiceMatch([whole], [], []);
        }
        parts ??= Parts(text, words);
        var codes = new List<string>();
        var unrecognised = new List<string>();
        var guessed = new List<string>();
        var shared = new List<SharedName>();
        var restating = new List<(int At, string Raw)>();
        var denials = new List<Part>();
        var deniedCodes = new List<string>();
        var exclusions = new List<Part>();
        // "la Regione non partecipa ma finanzia", "finanzia ma non partecipa": "no role" said of what it does not do, with
        // a contrast to what it does, is that role alone (it was "No role" beside a role, refused; "nessun ruolo, finanzia"
        // still is).
        var noneDenied = false;
        var lastPart = 0;
        var namingParts = 0;
        var unreadParts = new List<string>();
        // The part before named the staff's choice: "personal de la diputación y del ayuntamiento", "Mitarbeitende von Kreis und
        // Gemeinde" say the staff of both, the second organisation named alone after "and" (session 56: it was kept under Other).
        var staffBefore = false;
        void Found(string code)
        {
            noneDenied |= code == AnswerNormaliser.NoneCode && parts[lastPart].Contrasted;
            if (!codes.Contains(code))
            {
                codes.Add(code);
            }
        }
        // Greedy, longest run of parts first: "Asylum, Migration and Integration Fund (AMIF), ERDF" → amif, erdf.
        for (var start = 0; start < parts.Count;)
        {
            if (parts[start].Excluded)
            {
                exclusions.Add(parts[start++]); // a remark on the choices before it, read only when nothing else is named
                continue;
            }
            var matched = false;
            var runEnd = parts.FindIndex(start, p => p.Excluded) is var excludedAt and >= 0 ? excludedAt : parts.Count;
            for (var end = runEnd; end > start; end--)
            {
                // A run of parts is one name only as written, words in order ("Asylum, Migration and Integration Fund"):
                // "imigrantes, mulheres" is two groups, not "mulheres imigrantes" (women) read in any order.
                var code = end - start == 1 ? MatchOne(parts[start], words)
                    : MatchOne(Run(parts, start, end), words, inOrderOnly: true, byContent: AllHaveContent(parts, start, end));
                if (code is not null)
                {
                    lastPart = end - 1;
                    namingParts++;
                    staffBefore = code == _staffCode;
                    Found(code);
                    start = end;
                    matched = true;
                    break;
                }
            }
            if (matched)
            {
                continue;
            }
            lastPart = start;
            var part = parts[start++];
            if (staffBefore && part.ContentStems.Count > 0 && _organisationStems.TryGetValue(words.Language, out var bodies)
                && part.ContentStems.All(bodies.Contains))
            {
                continue; // an organisation's words alone after the staff's: whose staff they are too
            }
            staffBefore = false;
            if (parts.Count > 1 && IsFiller(part, words))
            {
                continue; // "regionen ger bidrag, inget mer", "…, nothing else": fillers beside a choice name nothing (chatplay49: "No role")
            }
            var sharedBefore = shared.Count;
            var inside = FindInside(part, words, out var rest, shared, out var denied);
            if (denied)
            {
                deniedCodes.AddRange(inside);
                continue; // "…, but not housing": a choice named to say it is not one is a remark on the others
            }
            if (inside.Count > 0 || shared.Count > sharedBefore)
            {
                namingParts++;
                inside.ForEach(Found);
                if (rest.Length > 0)
                {
                    unrecognised.Add(rest);
                }
                continue;
            }
            if (IsOnlyOthers(part, words))
            {
                continue;
            }
            // Not after "and": "Frauen und die Nachbarschaft", "Geflüchtete und die Stadt" name another group, their "die" an
            // article (lang54: the neighbourhood was dropped, in no code and not under Other).
            if (codes.Count > 0 && !part.AfterAnd && RelativeAfterFillers(part, 0, words) >= 0)
            {
                // "unaccompanied minors, who are leaving care", "nyanlända kvinnor, främst de som varit här kortare tid än 3
                // år": a description of the choice before it (see FindInside)
                continue;
            }
            if (parts.Count > 1 && Denies(part, words))
            {
                // "finanzia, non gestisce": what it does not do, in words that name no choice, is a remark on the choices
                // named beside it (read as typed only when nothing else is named), never a typo of one ("non" of "none").
                denials.Add(part);
                continue;
            }
            Unmatched(part);
        }
        if (codes.Count == 0 && shared.Count == 0)
        {
            denials.ForEach(Unmatched);
            exclusions.ForEach(Unmatched);
        }
        void Unmatched(Part part)
        {
            var typo = Typo(part, words);
            if (typo is not null)
            {
                namingParts++;
                Found(typo);
                guessed.Add(typo);
            }
            else if (Restates(part, words))
            {
                restating.Add((unrecognised.Count, part.Raw));
            }
            else if (!IsFiller(part, words))
            {
                unrecognised.Add(WithoutFillersAtEnds(part));
                unreadParts.Add(unrecognised[^1]);
            }
        }
        // "rifugiati ucraini e afghani": a part that only describes the group ("afghani", "families") is a detail of the
        // choices named beside it; alone ("Ukrainians") it is kept under Other like any words not recognised.
        if (codes.Count == 0 && shared.Count == 0)
        {
            for (var i = restating.Count - 1; i >= 0; i--)
            {
                unrecognised.Insert(restating[i].At, restating[i].Raw);
            }
        }
        if (noneDenied && codes.Count > 1)
        {
            codes.Remove(AnswerNormaliser.NoneCode);
        }
        if (codes.Count > 1 && codes.Any(code => !deniedCodes.Contains(code)))
        {
            // "ce n'est pas une ONG, c'est une asbl communale", "keine NGO, sondern ein Verein der Gemeinde" (session 49: asked
            // "NGO or local authority?"): a choice the answer says it is not is not one of the others' readings either.
            codes.RemoveAll(deniedCodes.Contains);
        }
        if (codes.Count == 0 && shared.Count == 0 && parts.Count > 1 && unrecognised.Count == parts.Count)
        {
            // "Education and Training Board", "Arbetsmarknads- och integrationsministeriet": nothing named and every part kept is
            // the answer as typed (it was re-joined with commas: "Education, Training Board").
            unrecognised = [text.Trim()];
        }
        return new ChoiceMatch(codes, unrecognised, guessed)
        {
            Shared = shared,
            Restating = codes.Count > 0 || shared.Count > 0 ? [.. restating.Select(r => r.Raw)] : [],
            NamingParts = namingParts,
            UnreadParts = unreadParts,
        };
    }

    /// <summary>Where the list's items part: the separators of every language, and this language's own "and" and "or" words.</summary>
    private IEnumerable<Match> Separators(string text, string language)
    {
        IEnumerable<Match> all = _separators.Matches(text);
        if (!_localSeparators.TryGetValue(language, out var local))
        {
            return all;
        }
        var end = -1;
        var merged = new List<Match>();
        foreach (var match in all.Concat(local.Matches(text)).OrderBy(m => m.Index))
        {
            if (match.Index >= end)
            {
                merged.Add(match);
                end = match.Index + match.Length;
            }
        }
        return merged;
    }

    /// <summary>
    /// Whether a separator is the "e" right after a negation: "é" (pt "não é"), "è" (it "non è") typed without its accent, no
    /// "and" (lang53: "nao e uma IPSS, mas sim a camara municipal" was split into a bare "nao" and the NGO, the negation lost).
    /// </summary>
    private static bool IsVerbAfterNegation(string text, Match separator, LanguageWords words)
    {
        if (TextKey.Fold(separator.Value.Trim()) != "e")
        {
            return false;
        }
        var before = TextKey.Words(text[..separator.Index]);
        return before.Length > 0 && words.Negations.Contains(before[^1]);
    }

    /// <summary>
    /// Whether a separator is the "or" of a denied item: "varken boende eller hälsa", "not housing or health", "kein Wohnen
    /// oder Gesundheit" deny both sides (session 58: split there, the words after "eller" were read as chosen).
    /// </summary>
    private static bool IsNegatedOr(string piece, Match separator, LanguageWords words) =>
        words.Or.LongestAt(TextKey.Words(separator.Value), 0) > 0 && IsNegated(TextKey.Words(piece), words);

    /// <summary>
    /// Whether a word separator ("or", "and", "o", "e") joins a relative clause's own list: the piece before it names a choice and
    /// then opens a clause with a relative word typed in lower case ("young people who are not in school", "jovenes que no
    /// estudian"), and the words after it name no choice of their own ("work", "trabajan"). Session 54: "work" was kept under
    /// Other; "women who don't speak english and children" still names the children.
    /// </summary>
    private bool InsideAClause(string piece, string next, Match separator, LanguageWords words)
    {
        if (!separator.Value.Trim().All(char.IsLetter))
        {
            return false; // a comma, a slash: the list's own
        }
        var folded = TextKey.Words(piece);
        var spans = TextKey.WordSpans(piece);
        if (spans.Count != folded.Length)
        {
            return false;
        }
        for (var i = 1; i < folded.Length; i++)
        {
            if (words.Relatives.LongestAt(folded, i) > 0 && piece[spans[i]] is var typed && typed == typed.ToLowerInvariant()
                && MatchOne(Read(piece[..spans[i].Start.Value], words), words) is not null)
            {
                return MatchOne(Read(next, words), words) is null;
            }
        }
        return false;
    }

    /// <summary>Each part is folded, split and stemmed once; a run of parts is their concatenation (folding "a b" is folding
    /// "a", a space, and folding "b").</summary>
    private List<Part> Parts(string text, LanguageWords words)
    {
        var parts = new List<Part>();
        var pieces = new List<Range>();
        // Whether a piece follows a word ("and", "und", "e", "och"), not a comma or a bullet.
        var afterWord = new List<bool> { false };
        var from = 0;
        var separators = Separators(text, words.Language).ToList();
        for (var s = 0; s < separators.Count; s++)
        {
            var separator = separators[s];
            if (IsVerbAfterNegation(text, separator, words) || IsNegatedOr(text[from..separator.Index], separator, words)
                || InsideAClause(text[from..separator.Index], text[(separator.Index + separator.Length)..(s + 1 < separators.Count ? separators[s + 1].Index : text.Length)], separator, words))
            {
                continue;
            }
            pieces.Add(from..separator.Index);
            afterWord.Add(separator.Value.Any(char.IsLetter));
            from = separator.Index + separator.Length;
        }
        pieces.Add(from..text.Length);
        for (var p = 0; p < pieces.Count; p++)
        {
            var raw = text[pieces[p]];
            var followsAWord = afterWord[p];
            if (OpensAName(raw, words))
            {
                // "Ministry of Labour and Social Affairs", "Bundesministerium für Arbeit und Soziales", "Department of Children,
                // Equality, Disability, Integration and Youth": an organisation's name goes on past the list's separators while
                // what follows is written with a capital and is no option's own name ("Ministry of Labour and AMIF" is two
                // sources); it was national funding and "Social Affairs" under Other.
                var last = p;
                while (last + 1 < pieces.Count && ContinuesAName(text[pieces[last + 1]], words))
                {
                    last++;
                }
                raw = text[pieces[p].Start..pieces[last].End];
                p = last;
            }
            // "fördert, sonst nicht beteiligt", "finanzia, ma non partecipa": a contrast after the list's comma sets this item
            // against the one before, as it does with no comma ("fördert sonst nicht beteiligt").
            if (parts.Count > 0 && !parts[^1].Excluded && words.Channels.LongestAt(TextKey.Words(raw), 0) > 0)
            {
                // "FAMI, gestionado por la Junta", "AMIF, managed by the ministry": a piece that opens with a channel phrase
                // says how the choice before it came (lang47: it was a choice of its own, the regional budget).
                parts[^1] = Read(parts[^1].Raw + " " + raw.Trim(), words) with { Contrasted = parts[^1].Contrasted, AfterAnd = parts[^1].AfterAnd };
                continue;
            }
            var opened = parts.Count > 0 && OpensWithContrast(ref raw, words, IsNegated(parts[^1].Words, words));
            if (opened)
            {
                parts[^1] = parts[^1] with { Contrasted = true };
            }
            var items = SplitAtContrasts(raw, words).ToList();
            for (var i = 0; i < items.Count; i++)
            {
                var (kept, excluded) = SplitAtExclusion(items[i].Trim(), words);
                var part = Read(kept, words) with { Contrasted = opened || items.Count > 1, AfterAnd = followsAWord && i == 0 };
                if (part.Folded.Length > 0)
                {
                    parts.Add(part);
                }
                if (excluded is not null)
                {
                    parts.Add(Read(excluded, words) with { Contrasted = items.Count > 1, Excluded = true });
                }
            }
        }
        return parts;
    }

    /// <summary>An organisation's name opens here: an organisation word of the question ("Ministry", "Bundesministerium",
    /// "Υπουργείο") with words of its name after it ("of Labour", "für Arbeit", "Μετανάστευσης").</summary>
    private bool OpensAName(string raw, LanguageWords words)
    {
        if (!_nameWordStems.TryGetValue(words.Language, out var nameWords))
        {
            return false;
        }
        var folded = TextKey.Words(raw);
        for (var i = 0; i < folded.Length - 1; i++)
        {
            if (nameWords.Contains(WordStemmer.Stem(folded[i], words.Language)))
            {
                for (var after = i + 1; after < folded.Length; after++)
                {
                    if (!words.Fillers.Contains(folded[after]) && !Joins(words, folded[after]))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /// <summary>A piece of a list that carries on an organisation's name before it: written with a capital, and no option's
    /// own name ("Integration" in a ministry's name is not the fund; "AMIF" is). A piece in lower case is an item of its own
    /// ("Ministry of Justice and volunteers' time": the time is no part of the ministry's name).</summary>
    private bool ContinuesAName(string raw, LanguageWords words)
    {
        if (raw.TrimStart() is not [var first, ..] || !char.IsUpper(first))
        {
            return false;
        }
        var piece = Read(raw.Trim(), words);
        return piece.Folded.Length > 0 && !_byKey.ContainsKey(piece.Folded) && !_byKey.ContainsKey(string.Join(' ', piece.Content));
    }

    private static bool AllHaveContent(List<Part> parts, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (parts[i].Content.Count == 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A part of an answer (or a run of parts), read once: its fold, its words and their stems, which words are fillers,
    /// its content words and theirs.</summary>
    private sealed record Part(string Raw, string Folded, string[] Words, string[] Stems, bool[] Fillers, List<string> Content, List<string> ContentStems)
    {
        /// <summary>The list was split beside this part at a contrast ("but", "ma", "pero"): the parts are said against each other.</summary>
        public bool Contrasted { get; init; }

        /// <summary>The part follows the list's "and" or "or" word ("Frauen und die Nachbarschaft"), not a comma.</summary>
        public bool AfterAnd { get; init; }

        /// <summary>What an exclusion word opens ("außer Wohnen" of "Sprache außer Wohnen"): a remark on the part before it.</summary>
        public bool Excluded { get; init; }
    }

    private Part Read(string raw, LanguageWords words)
    {
        var folded = TextKey.Fold(raw);
        var all = Decompound(folded.Split(' ', StringSplitOptions.RemoveEmptyEntries), words.Language);
        var stems = new string[all.Length];
        var content = new List<string>(all.Length);
        var contentStems = new List<string>(all.Length);
        var fillers = new bool[all.Length];
        for (var i = 0; i < all.Length; i++)
        {
            // A filler of several words ("en general", "in generale", "em geral") says nothing only whole: "general" alone
            // is a word of "población general".
            if (words.Fillers.OpensPhrase(all[i]) && words.Fillers.LongestAt(all, i) is var length and > 1)
            {
                fillers.AsSpan(i, length).Fill(true);
            }
            else if ((words.Serves.OpensPhrase(all[i]) || words.Serves.Contains(all[i])) && words.Serves.LongestAt(all, i) is > 0 and var serves)
            {
                // "acompanhamos famílias refugiadas", "we work with refugee families": whom the practice serves, then who they
                // are; the verb names no choice (session 54: "acompanhamos" stems as "acompanhados" does).
                fillers.AsSpan(i, serves).Fill(true);
            }
            else if (words.Fillers.Contains(all[i]) || words.Few.LongestAt(all, i) is > 0)
            {
                // "anche qualche mamma con bimbi piccoli", "some young mums": an unsaid number names no group (the lead's play,
                // session 55: "qualche" was kept under Other); sv "en del kvinnor", "ett antal ensamkommande" in two words.
                fillers.AsSpan(i, Math.Max(1, words.Few.LongestAt(all, i))).Fill(true);
            }
            // "on ne travaille qu'avec des femmes", "no trabajamos más que con mujeres": a negation that says "only" and its
            // word name nothing (session 58: "ne" was kept under Other once the frame read as no denial).
            foreach (var turned in words.Negations.TurnedWordsAt(all, i))
            {
                fillers[turned] = true;
            }
        }
        for (var i = 0; i < all.Length; i++)
        {
            var joins = Joins(words, all[i]);
            // A joining word names nothing: "αλλά" (but) stems as "άλλο" (other) does.
            stems[i] = joins ? "" : StemOf(all[i], words.Language);
            if (!joins && !fillers[i])
            {
                content.Add(all[i]);
                contentStems.Add(stems[i]);
            }
        }
        return new Part(raw, folded, all, stems, fillers, content, contentStems);
    }

    /// <summary>
    /// German and Swedish write two names as one word: "Flüchtlingsfrauen" (refugee women), "flyktingkvinnor",
    /// "Flüchtlingskinder". A word that names no choice itself but is made of two words that each name one, with the
    /// language's linking letters between them ("Flüchtling-s-frauen"), is read as those two words.
    /// </summary>
    private string[] Decompound(string[] all, string language)
    {
        if (!LinkingLetters.TryGetValue(language, out var links) || !_singleStems.TryGetValue(language, out var named))
        {
            return all;
        }
        var restated = _restatedStems.GetValueOrDefault(language);
        List<string>? split = null;
        for (var i = 0; i < all.Length; i++)
        {
            var parts = all[i].Length >= 8 && !named.Contains(WordStemmer.Stem(all[i], language)) ? SplitInTwo(all[i]) : null;
            if (parts is not null || split is not null)
            {
                split ??= [.. all[..i]];
                split.AddRange(parts ?? [all[i]]);
            }
        }
        return split is null ? all : [.. split];

        string[]? SplitInTwo(string word)
        {
            for (var at = 4; at <= word.Length - 4; at++)
            {
                var tail = WordStemmer.Stem(word[at..], language);
                // "Antirassismusarbeit", "Gesundheitsberatung": a tail that restates the subject (work, advice) is said of
                // the head; it names nothing beside it ("Arbeit" there is no job: it was read as labour market too).
                var restates = restated?.Contains(tail) == true;
                if (!restates && !named.Contains(tail))
                {
                    continue;
                }
                foreach (var link in links)
                {
                    var head = word[..at];
                    if (head.EndsWith(link, StringComparison.Ordinal) && head.Length - link.Length >= 4
                        && named.Contains(WordStemmer.Stem(head[..^link.Length], language)))
                    {
                        return restates ? [head[..^link.Length]] : [head[..^link.Length], word[at..]];
                    }
                }
            }
            return null;
        }
    }

    /// <summary>What may join the two words of a compound: nothing, or the linking letters ("Flüchtling-s-frauen").</summary>
    private static readonly Dictionary<string, string[]> LinkingLetters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["de"] = ["", "s", "es", "n", "en"],
        ["sv"] = ["", "s"],
    };

    private static Part Run(List<Part> parts, int start, int end)
    {
        var run = parts.GetRange(start, end - start);
        return new Part(
            string.Join(' ', run.Select(p => p.Raw)),
            string.Join(' ', run.Select(p => p.Folded)),
            [.. run.SelectMany(p => p.Words)],
            [.. run.SelectMany(p => p.Stems)],
            [.. run.SelectMany(p => p.Fillers)],
            [.. run.SelectMany(p => p.Content)],
            [.. run.SelectMany(p => p.ContentStems)]);
    }

    /// <param name="byContent">False when the words without their fillers may not be looked up as one name: a run of
    /// parts one of which is all fillers.</param>
    private string? MatchOne(Part part, LanguageWords words, bool inOrderOnly = false, bool byContent = true) =>
        MatchName(part, words, inOrderOnly, byContent) switch
        {
            { } code when code != AnswerNormaliser.NoneCode && SaysNone(part, words, 0) => null,
            var code => code,
        };

    /// <summary>
    /// Whether a part holds a none word from word <paramref name="from"/> on, beside what it names ("funds nothing", "das Land
    /// finanziert nichts", "no funding"), none of <paramref name="used"/>: the choice it names is said not to be so (session 58:
    /// offered as the funding). Not a none word of a filler ("funding nothing else").
    /// </summary>
    private static bool SaysNone(Part part, LanguageWords words, int from, bool[]? used = null)
    {
        for (var i = from; i < part.Words.Length; i++)
        {
            if (used?[i] != true && !part.Fillers[i] && words.None.LongestAt(part.Words, i) > 0)
            {
                return true;
            }
        }
        return false;
    }

    private string? MatchName(Part part, LanguageWords words, bool inOrderOnly = false, bool byContent = true)
    {
        var number = OptionNumber().Match(part.Raw);
        if (number.Success)
        {
            var n = Digits.Parse(number.Groups["n"].ValueSpan);
            return n >= 1 && n <= _question.ChoiceList.Count ? _question.ChoiceList[n - 1].Code : null;
        }
        var folded = part.Folded;
        if (folded.Length == 0 || IsFalseFriend(part, words))
        {
            return null;
        }
        if ((_byKey.TryGetValue(folded, out var code) || _byKey.TryGetValue(folded.Replace(" ", "", StringComparison.Ordinal), out code)) && code is not null)
        {
            return code;
        }
        // "c'est notre projet", "trata-se de um projeto nosso": words that say nothing before a name known only written whole
        // ("notre projet", "projeto nosso": their sense is in their fillers).
        for (var skip = 1; skip < part.Words.Length - 1 && part.Fillers[skip - 1]; skip++)
        {
            if (_byKey.TryGetValue(string.Join(' ', part.Words[skip..]), out code) && code is not null)
            {
                return code;
            }
        }
        var content = part.Content;
        if (content.Count == 0)
        {
            return null;
        }
        if (byContent && _byKey.TryGetValue(string.Join(' ', content), out code) && code is not null)
        {
            return code;
        }
        if (inOrderOnly)
        {
            return null;
        }
        var stems = part.ContentStems;
        if (_byStems[words.Language].TryGetValue(StemKey(stems), out code) && code is not null)
        {
            return code;
        }
        // The staff of an organisation named with other organisation words than a synonym's: "agents du conseil départemental",
        // "dipendenti della provincia", "Mitarbeitende des Landkreises" (Other, where "agents du département" was read). An
        // organisation's words alone name no staff ("conseil départemental").
        if (_staffCode is not null && _staffStems.TryGetValue(words.Language, out var staff) && _organisationStems.TryGetValue(words.Language, out var bodies)
            && stems.Any(staff.Contains) && stems.Any(bodies.Contains) && stems.All(s => staff.Contains(s) || bodies.Contains(s)))
        {
            return _staffCode;
        }
        // A distinctive word or two of one label or synonym: "lingua" → language, "labour" → labour_market. Not with a
        // negation among them: "não crianças" (not children) is not "crianças não acompanhadas" (unaccompanied minors).
        // Unless the negation is the name's own: "não acompanhados", "no acompañados", "non accompagnati" alone are the
        // negated words of "menores não acompanhados" (session 55: read as Other since the negated-stem guard of session 54).
        if (words.Negations.OccursIn(part.Words))
        {
            return NegatedAsNamed(part, stems, words);
        }
        if (stems.Any(s => s.Length < 3))
        {
            return null;
        }
        // Nor a word that only restates the question's subject: "Beratung" (advice) is in "psychosoziale Beratung" alone,
        // yet names no area by itself.
        if (_restatedStems.TryGetValue(words.Language, out var restated) && stems.All(restated.Contains))
        {
            return null;
        }
        // Nor an organisation's word alone ("the council", "Stadt", "câmara", "kommunen"): a name holding it is read whole, or
        // with a word of its own beside it ("council staff", "técnicos da câmara").
        if (_organisationStems.TryGetValue(words.Language, out var organisations) && stems.All(organisations.Contains))
        {
            return null;
        }
        string? only = null;
        foreach (var entry in _sharedEntries.GetValueOrDefault(words.Language) ?? [])
        {
            if (entry.Size == stems.Count && ContainsAll(entry.Stems, stems))
            {
                return null; // "ΕΣΠΑ" is a shared name, not the distinctive word of "ΕΣΠΑ ΕΤΠΑ"
            }
        }
        foreach (var entry in _entries[words.Language])
        {
            // Not a word the name negates: "acompanhados", "accompagnés" alone say the opposite of "não acompanhados"
            // (session 54: "acompanhamos famílias refugiadas", "we accompany", read as unaccompanied minors).
            if (entry.Shared is null && ContainsAll(entry.Stems, stems) && !(entry.Negated?.Overlaps(stems) ?? false))
            {
                if (only is not null && only != entry.Code)
                {
                    return null;
                }
                only = entry.Code;
            }
        }
        if (only is not null)
        {
            return only;
        }
        // The first part of a compound: "språk" in "Språkinlärning", "Sprache" in "Spracherwerb".
        foreach (var entry in _entries[words.Language])
        {
            if (entry.Shared is null && StartsCompounds(entry.Words, content, words.Language) && !(entry.Negated?.Overlaps(stems) ?? false))
            {
                if (only is not null && only != entry.Code)
                {
                    return null;
                }
                only = entry.Code;
            }
        }
        return only;
    }

    /// <summary>
    /// The one choice whose name negates what the part negates, the part's other words all of that name: "não acompanhados"
    /// → "menores não acompanhados", "no acompañados" → "menores no acompañados". A negation over a word no name negates
    /// ("não crianças", "no mujeres") names nothing; a negation ending the part neither.
    /// </summary>
    private string? NegatedAsNamed(Part part, List<string> stems, LanguageWords words)
    {
        var negated = new HashSet<string>(StringComparer.Ordinal);
        var negations = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < part.Words.Length; i++)
        {
            if (words.Negations.LongestAt(part.Words, i) is > 0 and var length)
            {
                if (i + length >= part.Words.Length)
                {
                    return null;
                }
                negations.UnionWith(part.Stems[i..(i + length)]);
                negated.Add(part.Stems[i + length]);
            }
        }
        if (stems.Any(s => s.Length < 3 && !negations.Contains(s)))
        {
            return null;
        }
        string? only = null;
        foreach (var entry in _entries[words.Language])
        {
            if (entry.Shared is null && entry.Negated is { } names && negated.IsSubsetOf(names) && ContainsAll(entry.Stems, stems))
            {
                if (only is not null && only != entry.Code)
                {
                    return null;
                }
                only = entry.Code;
            }
        }
        return only;
    }

    /// <summary>The choices named inside a sentence ("mostly healthcare and some housing"), longest name first;
    /// <paramref name="rest"/> is what is left once the fillers and the words restating the question's subject ("the
    /// Region funds the project") are dropped. A name that stands for several choices is added to <paramref name="shared"/>,
    /// not taken.</summary>
    private List<string> FindInside(Part part, LanguageWords words, out string rest, List<SharedName> shared, out bool denied)
    {
        rest = "";
        denied = false;
        var folded = part.Words;
        var stems = part.Stems;
        var used = OthersNamed(part, words);
        var named = new List<(string Code, int FirstWord, int[] Positions)>();
        var sharedHere = new List<SharedName>();
        var positions = new List<int>();
        foreach (var entry in _entries[words.Language])
        {
            if (entry.Size > stems.Length)
            {
                continue;
            }
            positions.Clear();
            if (entry.Phrase is { } phrase)
            {
                // The whole phrase, its one word unused: "står för kostnaderna", not "står långt från".
                var at = PhraseAt(folded, used, phrase, entry.Words[0]);
                if (at >= 0)
                {
                    positions.Add(at);
                }
            }
            else
            {
                foreach (var stem in entry.Stems)
                {
                    var at = UnusedIndexOf(stems, used, stem);
                    if (at < 0 || IsAPlaceNotTheEntry(entry, at))
                    {
                        positions.Clear();
                        break;
                    }
                    positions.Add(at);
                }
            }
            if (positions.Count == 0)
            {
                continue;
            }
            foreach (var position in positions)
            {
                used[position] = true;
            }
            if (entry.Shared is { } name)
            {
                sharedHere.Add(name);
            }
            else if (!named.Exists(n => n.Code == entry.Code))
            {
                named.Add((entry.Code, positions.Min(), [.. positions]));
            }
        }
        // "AMIF via the Home Office", "FAMI tramite il Ministero dell'Interno": a choice that a channel word opens right after
        // another choice is the way that one came (its words stay used: a detail, not left over).
        // So is a choice whose name a channel splits ("fondos FAMI gestionados por la Junta": "fondos … Junta" names the
        // regional budget around it; lang47).
        named.RemoveAll(n => n.Positions.Any(p => (p == n.FirstWord || !n.Positions.Contains(p - 1)) && ComesThroughAnother(p, n.Code)));
        // "we pay the staff", "vi betalar lokalerna", "we cover staff costs": a choice named right after a choice that takes
        // an object (a paying verb) is what it pays for, not a choice of its own (its words stay used).
        if (_question.TakesObject.Count > 0)
        {
            // Not "nothing": "the region funds nothing", "finance rien" say it does not fund (below), no object paid for.
            var objects = named.Where(n => n.Code != AnswerNormaliser.NoneCode && named.Exists(verb => verb.Code != n.Code
                && _question.TakesObject.Contains(verb.Code) && IsObjectOf(verb.FirstWord, verb.Positions, n.FirstWord))).ToList();
            named.RemoveAll(objects.Contains);
        }
        // "all migrants except minors", "alle Geflüchteten außer Minderjährige", "tous les migrants sauf les mineurs", "empleo
        // excepto vivienda": after a choice named, an exclusion word (vocabulary all_except) opens a remark on it, and what
        // follows is left out, a choice or not (the answer was asked again, or kept "except minors" under Other, or chose
        // the children it excluded; the words stay in the original). With no choice named before it, read as before.
        for (var i = 0; i < folded.Length; i++)
        {
            // An exclusion that ends the item ("leitet aber nicht") denies what comes before it: the negations below read it.
            if (used[i] || words.AllExcept.LongestAt(folded, i) is var length && (length == 0 || i + length >= folded.Length) || InAtLeast(folded, i, words))
            {
                continue;
            }
            if (named.Exists(n => n.Positions.Max() < i))
            {
                named.RemoveAll(n => n.FirstWord > i);
                used.AsSpan(i).Fill(true);
            }
            break;
        }
        // "mujeres que no hablan castellano", "unaccompanied minors who are leaving care", "donne che non parlano italiano":
        // right after a choice's name, a relative word (vocabulary relatives) opens a description of it. Its other words are
        // no choice of their own (they were kept under Other) and a negation in it denies nothing (the women were denied and
        // the answer refused); a choice named inside it still counts ("women who are asylum seekers"). Right after only:
        // "geflüchtete gehen wegen der sprache nicht zum jobcenter" is a sentence, its "der" an article.
        // Fillers may stand between ("kvinnor främst de som …", "women mainly those who …").
        for (var i = 1; i < folded.Length; i++)
        {
            if (!used[i] && named.Exists(n => n.Positions.Max() == i - 1) && RelativeAfterFillers(part, i, words) >= 0)
            {
                used.AsSpan(i).Fill(true);
                break;
            }
        }
        // In the order written ("nyanlända kvinnor": newly arrived, then women), not the order of the names' lengths.
        var found = named.OrderBy(n => n.FirstWord).Select(n => n.Code).ToList();
        if (found.Count > 0 || sharedHere.Count > 0)
        {
            var restated = _restatedStems.GetValueOrDefault(words.Language);
            // Words of another name of a choice named restate it ("μετανάστες τρίτων χωρών" names third-country nationals
            // by "μετανάστες"; "τρίτων χωρών" is from its label): they are not left over.
            // A number beside a choice ("ESF 2014-2020", "ΕΣΠΑ 2021-27") is a detail of it (a period, a share), not another option.
            // The words of a channel phrase ("managed by", "gestionados por", "géré par") say how a choice came, nothing of
            // their own (lang47: "fondos FAMI gestionados por la Junta" kept "gestionados" under Other).
            var channelWords = new bool[folded.Length];
            for (var i = 0; i < folded.Length; i++)
            {
                if (words.Channels.LongestAt(folded, i) is > 0 and var channelLength)
                {
                    channelWords.AsSpan(i, channelLength).Fill(true);
                }
            }
            bool Dropped(int i) => part.Fillers[i] || channelWords[i] || Joins(words, folded[i]) || restated?.Contains(stems[i]) == true
                || folded[i].All(char.IsAsciiDigit)
                || found.Any(code => _stemsOfCode.TryGetValue((words.Language, code), out var named) && named.Contains(stems[i])
                    && !(_formsOfCode.TryGetValue((words.Language, code), out var forms) && IsAPlaceNotTheseWords(forms, i)));
            for (var i = 0; i < folded.Length; i++)
            {
                var negation = used[i] ? 0 : words.Negations.LongestAt(folded, i);
                if (negation == 0)
                {
                    continue;
                }
                if (words.Only.LongestAt(folded, i + negation) is > 0 and var only)
                {
                    // "not only housing but also jobs", "nicht nur", "non seulement", "όχι μόνο": no denial
                    used.AsSpan(i, negation + only).Fill(true);
                    continue;
                }
                if (named.Count > 0 && named.TrueForAll(n => n.Code == AnswerNormaliser.NoneCode && n.FirstWord > i))
                {
                    // "no hace nada", "la regione non fa niente", "ne fait rien", "δεν κάνει τίποτα": a negation before "nothing"
                    // alone is the language's double negative, the none said, not denied (session 59: refused with the options).
                    used.AsSpan(i, negation).Fill(true);
                    continue;
                }
                // "la Regione non finanzia il progetto", "not housing": a choice named to be denied is not chosen
                // (a negation inside a choice's own name, "no acompañados", is part of the name and used); the choices it
                // names are returned as the ones denied.
                denied = true;
                return found;
            }
            // "the region funds nothing", "das Land finanziert nichts", "finance rien": a none word after the choice named says
            // it is not so, as a negation does (session 58: stored as the funding, or offered as it). Not one of a filler
            // ("funding nothing else": only that), nor before the name ("nothing but funding" is no such reading either way).
            // So does the none choice's own name after the choice ("funds nothing", "leads nothing", "finance rien": the funding
            // was stored, "nothing" read as what it pays for; the others asked "No role cannot go with other options").
            var choices = named.FindAll(n => n.Code != AnswerNormaliser.NoneCode);
            if (choices.Count > 0 && choices.Max(n => n.Positions.Max()) + 1 is var after
                && (SaysNone(part, words, after, used) || named.Exists(n => n.Code == AnswerNormaliser.NoneCode && n.FirstWord >= after
                    && !n.Positions.Any(p => part.Fillers[p]))))
            {
                denied = true;
                return [.. found.Where(code => code != AnswerNormaliser.NoneCode)];
            }
            // What is left between the choices named is kept as typed: each run of words, its fillers trimmed at its ends
            // only ("victimes de la traite", not "victimes traite"; "PON Inclusione", not "pon inclusione").
            var spans = TextKey.WordSpans(part.Raw);
            var pieces = new List<string>();
            for (var start = 0; start < folded.Length;)
            {
                if (used[start] || Dropped(start))
                {
                    start++;
                    continue;
                }
                var end = start;
                while (end + 1 < folded.Length && !used[end + 1])
                {
                    end++;
                }
                if (OpensADetail(start) || NamesAnOrganisation(start, end))
                {
                    start = end + 1; // "AMIF via Migrationsverket", "Stiftung Mercator": a detail of the choice, not another option
                    continue;
                }
                while (Dropped(end))
                {
                    end--;
                }
                pieces.Add(spans.Count == folded.Length
                    ? part.Raw[spans[start].Start..spans[end].End].Trim()
                    : string.Join(' ', folded[start..(end + 1)]));
                start = end + 1;
            }
            rest = string.Join(", ", pieces);
            shared.AddRange(sharedHere);

            // A name written with a capital right after or before an organisation word of a choice named ("Stiftung Mercator",
            // "Robert Bosch Stiftung", "Fondazione Compagnia di San Paolo", "Υπουργείο Εσωτερικών"): that organisation's own.
            // In lower case, a place's name only ("landkreis göttingen", "regione emilia-romagna", "περιφέρεια αττικής",
            // "region skåne": the place was kept under Other, the same name capitalised was not).
            // A place's name right after or before any choice's name is its detail too ("POR FESR Sicilia", "ΠΕΠ Κρήτης": the
            // programme's region; lang51: "Sicilia" was the regional budget through "siciliano", then kept under Other).
            bool NamesAnOrganisation(int runStart, int runEnd)
            {
                if (!_nameWordStems.TryGetValue(words.Language, out var nameWords) || spans.Count != folded.Length)
                {
                    return false;
                }
                var run = part.Raw[spans[runStart].Start..spans[runEnd].End];
                var place = _namesAPlace?.Invoke(run, words.Language) == true || _isPlainRegionName?.Invoke(run) == true;
                if (!place && !char.IsUpper(part.Raw[spans[runStart].Start]))
                {
                    return false;
                }
                if (runEnd + 1 < folded.Length && used[runEnd + 1] && (place || nameWords.Contains(stems[runEnd + 1])))
                {
                    return true;
                }
                var before = runStart - 1;
                while (before >= 0 && !used[before] && Dropped(before))
                {
                    before--;
                }
                return before >= 0 && used[before] && (place || nameWords.Contains(stems[before]));
            }

            // A run of words that a qualifier ("via", "for", "tramite", "μέσω") opens, right after a choice named: walk back
            // from the run's first word over the words dropped before it, to that choice.
            bool OpensADetail(int runStart)
            {
                var qualified = false;
                for (var i = runStart; i >= 0; i--)
                {
                    if (used[i])
                    {
                        return qualified;
                    }
                    if (words.Qualifiers.Contains(folded[i]))
                    {
                        qualified = true;
                    }
                    else if (i < runStart && !Dropped(i))
                    {
                        return false;
                    }
                }
                return false;
            }
        }
        return found;

        // "ΠΕΠ Κρήτης", "Regione Emilia-Romagna", "POR FESR Toscana": a word that shares only its stem with a name's words
        // ("κρητικά", "emiliano", "toscano": a region's adjective) and, alone or with up to two words beside it, names a place
        // is the place's own name, a detail of another name, not the adjective (lang51: "ΠΕΠ Κρήτης" was the regional budget
        // where ESF+ or ERDF is asked). The adjective's own inflections are read ("κρητικοί", "emiliani", "toscani").
        bool IsAPlaceNotTheEntry(Entry entry, int at) => _forms.TryGetValue(entry, out var forms) && IsAPlaceNotTheseWords(forms, at);

        // A word of the listed ones' own (an adjective the region's name begins with: "Toscana", "Lombardia" of "toscano",
        // "lombardo") is the place only as the catalogue writes the region's name.
        bool IsAPlaceNotTheseWords(HashSet<string> forms, int at)
        {
            // "Land Hessen": a designator opens the place's name, it is none ("Land" is "des Landes" of the regional authority).
            if (_namesAPlace is null || _isDesignator?.Invoke(folded[at]) == true)
            {
                return false;
            }
            if (forms.Any(form => IsFormOf(folded[at], form)))
            {
                // The word alone, and only an inflection ("Toscana" of "toscano"), never a word listed as it is ("Regierung von
                // Oberbayern"); with the words beside it a designator would name the region it opens.
                return !forms.Contains(folded[at]) && _namesARegionAsWritten?.Invoke(folded[at]) == true;
            }
            for (var start = Math.Max(0, at - 2); start <= at; start++)
            {
                for (var end = at; end < Math.Min(folded.Length, start + 3); end++)
                {
                    if (_namesAPlace(string.Join(' ', folded[start..(end + 1)]), words.Language))
                    {
                        return true;
                    }
                }
            }
            return false;
        }

        // Every word from the verb's first to the object's is the verb's own or a filler ("the", "for", "das").
        bool IsObjectOf(int verbFirst, int[] verbPositions, int objectFirst)
        {
            if (verbFirst >= objectFirst)
            {
                return false;
            }
            for (var i = verbFirst; i < objectFirst; i++)
            {
                if (!verbPositions.Contains(i) && !words.Fillers.Contains(folded[i]))
                {
                    return false;
                }
            }
            return true;
        }

        bool ComesThroughAnother(int first, string code)
        {
            var channelEnds = -1; // "par l'intermédiaire de": the words of a channel phrase, walked back over
            var channel = false;
            for (var i = first - 1; i >= 0; i--)
            {
                for (var start = Math.Max(0, i - 3); start <= i && channelEnds < i; start++)
                {
                    if (words.Channels.LongestAt(folded, start) is > 0 and var length && start + length > i && start + length <= first)
                    {
                        channelEnds = start + length - 1;
                    }
                }
                if (used[i])
                {
                    return channel && named.Exists(n => n.Code != code && n.FirstWord <= i);
                }
                if (i <= channelEnds)
                {
                    channel = true;
                }
                else if (!words.Fillers.Contains(folded[i]) && !words.Qualifiers.Contains(folded[i]))
                {
                    return false;
                }
            }
            return false;
        }
    }

    // Loops rather than LINQ: these run for every entry of the language on each part of an answer.
    /// <summary>Whether a word typed is a listed word itself or its inflection: it begins with all the listed word's letters
    /// but the last ("κρητικοί" of "κρητικά", "emiliani" of "emiliano", "steirische" of "steirisch"; not "Κρήτης", "Emilia").</summary>
    private static bool IsFormOf(string typed, string form)
    {
        var same = 0;
        while (same < typed.Length && same < form.Length && typed[same] == form[same])
        {
            same++;
        }
        return same == form.Length || same >= Math.Max(3, form.Length - 1);
    }

    private static int PhraseAt(string[] folded, bool[] used, string[] phrase, string word)
    {
        for (var start = 0; start + phrase.Length <= folded.Length; start++)
        {
            var at = -1;
            for (var i = 0; i < phrase.Length; i++)
            {
                if (!string.Equals(folded[start + i], phrase[i], StringComparison.Ordinal))
                {
                    at = -2;
                    break;
                }
                if (at == -1 && string.Equals(phrase[i], word, StringComparison.Ordinal))
                {
                    at = start + i;
                }
            }
            if (at >= 0 && !used[at])
            {
                return at;
            }
        }
        return -1;
    }

    private static int UnusedIndexOf(string[] stems, bool[] used, string stem)
    {
        for (var i = 0; i < stems.Length; i++)
        {
            if (!used[i] && string.Equals(stems[i], stem, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    private static bool ContainsAll(HashSet<string> set, List<string> items)
    {
        foreach (var item in items)
        {
            if (!set.Contains(item))
            {
                return false;
            }
        }
        return true;
    }

    /// <remarks>
    /// Not where the compound's last part names a choice or the question's subject by itself: "Arbeitsmigranten" is a kind of
    /// migrant, its "Arbeit" a modifier (session 59: "Arbeit", typed at the target groups for the areas, was stored as
    /// third-country nationals); "Spracherwerb" is named by its first part.
    /// </remarks>
    private bool StartsCompounds(string[] entryWords, List<string> content, string language)
    {
        foreach (var word in content)
        {
            if (word.Length < 4)
            {
                return false;
            }
            var found = false;
            foreach (var candidate in entryWords)
            {
                if (candidate.Length > word.Length && candidate.StartsWith(word, StringComparison.Ordinal) && !HeadNames(candidate[word.Length..], language))
                {
                    found = true;
                    break;
                }
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Whether the rest of a compound after its first part (linking letters dropped) names a choice or restates the question.</summary>
    private bool HeadNames(string rest, string language)
    {
        foreach (var link in LinkingLetters.GetValueOrDefault(language) ?? [""])
        {
            if (rest.StartsWith(link, StringComparison.Ordinal) && rest.Length - link.Length >= 4
                && WordStemmer.Stem(rest[link.Length..], language) is var stem
                && (_singleStems.GetValueOrDefault(language)?.Contains(stem) == true || _restatedStems.GetValueOrDefault(language)?.Contains(stem) == true))
            {
                return true;
            }
        }
        return false;
    }

    private string? Typo(Part part, LanguageWords words)
    {
        var content = part.Content;
        // A word of the language that only looks like a slip of a choice's ("informação" two letters from "formação", lang59:
        // offered as Education) is what it says.
        if (content.Count == 0 || IsFalseFriend(part, words))
        {
            return null;
        }
        var candidates = _typos[words.Language].Nearest(string.Join(' ', content));
        return candidates.Count == 1 ? candidates[0] : null;
    }

    /// <summary>Whether every content word of a part restates the question's subject ("families", "afghani").</summary>
    // A number among them is an age or a count ("zwischen 16 und 25 Jahren" leaves "25 Jahren"): a detail too.
    private bool Restates(Part part, LanguageWords words) =>
        part.ContentStems.Count > 0 && _restatedStems.TryGetValue(words.Language, out var restated)
        && part.ContentStems.All(stem => restated.Contains(stem) || stem.All(char.IsAsciiDigit));

    /// <summary>Whether a part says what is not so ("not jobs", "non gestisce"); "not only" is no denial.</summary>
    private static bool Denies(Part part, LanguageWords words)
    {
        for (var i = 0; i < part.Words.Length; i++)
        {
            if (words.Negations.LongestAt(part.Words, i) is > 0 and var negation && words.Only.LongestAt(part.Words, i + negation) == 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The part names, in the answer's language, what another language's choice name only looks like ("le collège").</summary>
    private bool IsFalseFriend(Part part, LanguageWords words) =>
        _falseFriends.TryGetValue(words.Language, out var friends) && (friends.Contains(part.Folded) || friends.Contains(string.Join(' ', part.Content)));

    /// <summary>
    /// A part kept under Other as typed, without the fillers that open it in lower case when they are two words or more ("un po'
    /// di orientamento ai servizi", "ein bisschen Freizeit", "un peu d'accompagnement": what was done, not how much); "The
    /// Welcome Café", "la Caritas", "Il Nostro Villaggio" stay whole (one article, or a capital: a name), and so does its end
    /// ("sport for all"). Session 44: only the lookups dropped them, the answer kept "un po' di …".
    /// </summary>
    private static string WithoutFillersAtEnds(Part part)
    {
        var spans = TextKey.WordSpans(part.Raw);
        if (spans.Count != part.Words.Length || part.Fillers.All(filler => filler))
        {
            return part.Raw;
        }
        var first = Array.IndexOf(part.Fillers, false);
        return first < 2 || !char.IsLower(part.Raw[spans[0].Start]) ? part.Raw : part.Raw[spans[first].Start.Value..].Trim();
    }

    /// <summary>
    /// Where a relative word (vocabulary <c>relatives</c>: "who", "som", "those who") opens a description at
    /// <paramref name="from"/> in <paramref name="part"/>, or after fillers that do not open with an article ("främst de
    /// som", "mainly those who", "sobre todo las que"); -1 if none. "y los que buscan empleo" names other people (kept
    /// under Other), not a description of the choice before.
    /// </summary>
    private static int RelativeAfterFillers(Part part, int from, LanguageWords words)
    {
        if (from < part.Words.Length && words.Relatives.LongestAt(part.Words, from) == 0 && words.LeadingArticles.LongestAt(part.Words, from) > 0)
        {
            return -1;
        }
        for (var i = from; i < part.Words.Length; i++)
        {
            if (words.Relatives.LongestAt(part.Words, i) > 0)
            {
                // A pronoun opening it ("those who", "de som", "quelle che") only after such fillers: "women and those who
                // seek work" names other people.
                return i > from || words.Relatives.LongestAt(part.Words, i) == 1 || words.Relatives.Contains(part.Words[i]) ? i : -1;
            }
            if (!part.Fillers[i])
            {
                return -1;
            }
        }
        return -1;
    }

    private static bool IsFiller(Part part, LanguageWords words) =>
        part.Words.Select((w, i) => part.Fillers[i] || Joins(words, w)).All(filler => filler);

    /// <summary>
    /// The words of the question's "others" phrases in <paramref name="part"/>: "les porteurs de projet" in "la Région
    /// conseille les porteurs de projet" names whom the region advises, not a role of its own; "keine direkte Beteiligung"
    /// beside "fördert" says which role it is not. Those words are taken out before any choice is looked for (and are not
    /// left over either).
    /// </summary>
    private bool[] OthersNamed(Part part, LanguageWords words)
    {
        var folded = part.Words;
        var used = new bool[folded.Length];
        foreach (var phrase in _others.GetValueOrDefault(words.Language) ?? [])
        {
            for (var at = 0; at + phrase.Length <= folded.Length; at++)
            {
                if (folded.AsSpan(at, phrase.Length).SequenceEqual(phrase))
                {
                    used.AsSpan(at, phrase.Length).Fill(true);
                }
            }
        }
        return used;
    }

    /// <summary>A part made of "others" phrases and fillers only ("no direct involvement" after "we fund it"): a remark
    /// on the choices beside it, neither a choice nor a slip of typing for one.</summary>
    private bool IsOnlyOthers(Part part, LanguageWords words)
    {
        var used = OthersNamed(part, words);
        return used.Contains(true) && part.Words.Select((w, i) => used[i] || part.Fillers[i] || Joins(words, w)).All(named => named);
    }

    /// <summary>A word that joins two items of a list: "and", or "but" in a contrast ("housing but mostly jobs").</summary>
    private static bool Joins(LanguageWords words, string word) => words.And.Contains(word) || words.Contrasts.Contains(word);

    /// <summary>
    /// "Sprache außer Wohnen", "språk utom bostad", "γλώσσα εκτός από στέγαση": an item cut where an exclusion word (vocabulary
    /// all_except) follows words of its own; what it opens is left out (it chose housing, the option excluded, and kept the
    /// language under Other). No cut when the word opens the item ("sauf logement" after a comma is denied as before), nor
    /// where it opens a choice's own name: "Frauen ohne Aufenthaltstitel" is women and third-country nationals ("ohne
    /// Aufenthaltstitel" names the status; it was women with the status a remark).
    /// </summary>
    private (string Kept, string? Excluded) SplitAtExclusion(string raw, LanguageWords words)
    {
        var folded = TextKey.Words(raw);
        var spans = TextKey.WordSpans(raw);
        if (folded.Length < 3 || spans.Count != folded.Length)
        {
            return (raw, null);
        }
        for (var i = 1; i < folded.Length - 1; i++)
        {
            var length = words.AllExcept.LongestAt(folded, i);
            if (length > 0 && i + length < folded.Length && !OpensAChoicesName(folded, i) && !InAtLeast(folded, i, words))
            {
                return (raw[..spans[i].Start.Value].Trim(), raw[spans[i].Start.Value..].Trim());
            }
        }
        return (raw, null);
    }

    /// <summary>Whether the word at <paramref name="at"/> is inside an "at least" phrase (vocabulary at_least): es/pt "menos" is
    /// "except" alone, not in "al menos", "por lo menos", "pelo menos" (lang55: "al menos financia" was refused).</summary>
    private static bool InAtLeast(string[] folded, int at, LanguageWords words)
    {
        for (var start = Math.Max(0, at - 3); start <= at; start++)
        {
            if (words.AtLeast.LongestAt(folded, start) > at - start)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether the words from <paramref name="at"/> on begin with a label or synonym of a choice written whole.</summary>
    private bool OpensAChoicesName(string[] folded, int at)
    {
        for (var end = folded.Length; end > at + 1; end--)
        {
            if (_byKey.TryGetValue(string.Join(' ', folded[at..end]), out var code) && code is not null)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A part of a list split where a contrast joins two items ("housing but mostly jobs", "Sprachkurse, aber auch
    /// Jobcoaching", "no solo vivienda sino también empleo"), in the answer's language only. A contrast that opens or
    /// closes the part joins nothing and stays.
    /// </summary>
    /// <summary>The item opens with a contrast and words follow it: true, and the item without it.</summary>
    private static bool OpensWithContrast(ref string raw, LanguageWords words, bool afterNegation)
    {
        var folded = TextKey.Words(raw);
        var spans = TextKey.WordSpans(raw);
        var length = folded.Length < 2 || spans.Count != folded.Length ? 0 : words.Contrasts.LongestAt(folded, 0);
        if (length == 0 && afterNegation && folded.Length >= 2 && spans.Count == folded.Length)
        {
            length = words.ContrastsAfterNegation.LongestAt(folded, 0); // "inte en förening, utan en stiftelse"
        }
        if (length == 0 || length >= folded.Length)
        {
            return false;
        }
        raw = raw[spans[length].Start.Value..];
        return true;
    }

    /// <summary>Whether a negation word is among the words.</summary>
    private static bool IsNegated(string[] folded, LanguageWords words)
    {
        for (var i = 0; i < folded.Length; i++)
        {
            if (words.Negations.LongestAt(folded, i) > 0)
            {
                return true;
            }
        }
        return false;
    }

    private static IEnumerable<string> SplitAtContrasts(string raw, LanguageWords words)
    {
        var folded = TextKey.Words(raw);
        if (folded.Length < 3 || !(words.Contrasts.OccursIn(folded) || words.ContrastsAfterNegation.OccursIn(folded)))
        {
            yield return raw;
            yield break;
        }
        var spans = TextKey.WordSpans(raw);
        if (spans.Count != folded.Length)
        {
            yield return raw; // a word folds to two: the spans do not line up with the words
            yield break;
        }
        var from = 0;
        var fromWord = 0;
        for (var i = 1; i < folded.Length - 1; i++)
        {
            var length = words.Contrasts.LongestAt(folded, i);
            if (length == 0 && NegatedBefore(i))
            {
                // "inte en ideell förening utan en kommunal stiftelse": sv "utan" is "but rather" after a negation in the same
                // item, "without" otherwise ("språkkurser utan avgift").
                length = words.ContrastsAfterNegation.LongestAt(folded, i);
            }
            if (length == 0 || i + length >= folded.Length || OnlyNegated(i + length))
            {
                continue;
            }
            yield return raw[from..spans[i].Start.Value];
            from = spans[i + length].Start.Value;
            fromWord = i + length;
            i += length - 1;
        }
        yield return raw[from..];

        bool NegatedBefore(int at) => IsNegated(folded[fromWord..at], words);

        // "leitet aber nicht" (but does not lead): the contrast denies the words before it, it joins no item.
        bool OnlyNegated(int after)
        {
            for (var i = after; i < folded.Length; i++)
            {
                if (!words.Negations.Contains(folded[i]) && !words.Fillers.Contains(folded[i]))
                {
                    return false;
                }
            }
            return true;
        }
    }

    // The words that say something: no "the", "our", "mainly", no "and".
    private static List<string> Content(string folded, LanguageWords words) =>
        folded.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !words.Fillers.Contains(w) && !Joins(words, w)).ToList();

    private static string StemKey(IEnumerable<string> stems) => string.Join(' ', stems.Order(StringComparer.Ordinal));

    private void Add(string code, string text, LanguageWords words)
    {
        foreach (var key in words.KeysWithRomanised(text))
        {
            AddKey(key, code);
            AddKey(key.Replace(" ", "", StringComparison.Ordinal), code);
            var content = Content(key, words);
            if (content.Count == 0)
            {
                continue;
            }
            AddKey(string.Join(' ', content), code);
            var stems = content.Select(w => StemOf(w, words.Language)).ToList();
            var byStems = _byStems[words.Language];
            var stemKey = StemKey(stems);
            byStems[stemKey] = byStems.TryGetValue(stemKey, out var owner) && owner != code ? null : code;
            var set = stems.Where(s => s.Length > 0).ToHashSet(StringComparer.Ordinal);
            // "notre projet", "our project": its sense was in the words dropped ("our"), what is left only restates the
            // question's subject ("project"); "conseil" (advice) means what it says even where "Conseil régional" restates.
            if (content.Count < key.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length
                && _restatedStems.TryGetValue(words.Language, out var restated) && set.All(restated.Contains))
            {
                continue;
            }
            // A phrase whose fillers leave one word ("står för", "we take part") is found inside a sentence only whole; the word
            // written alone, or with fillers only, is still read by its keys above.
            var all = key.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // Not one article before a noun ("i costi", "la Junta", "des Landes"): a word after it ("står för", "runs it") or
            // two before ("inget av dessa") make the phrase.
            var at = Array.IndexOf(all, content.Count == 1 ? content[0] : "");
            string[]? phrase = content.Count == 1 && at >= 0 && (at < all.Length - 1 || at >= 2) ? all : null;
            var entries = _entries[words.Language];
            if (phrase is null)
            {
                entries.RemoveAll(e => e.Code == code && e.Phrase is not null && e.Stems.SetEquals(set));
            }
            if (set.Count > 0 && !entries.Any(e => e.Code == code && e.Stems.SetEquals(set)
                && (e.Phrase is null || (phrase is not null && e.Phrase.SequenceEqual(phrase, StringComparer.Ordinal)))))
            {
                entries.Add(new Entry(code, words.Language, set, set.Count, content.ToArray(), Phrase: phrase) { Negated = NegatedStems(all, words) });
                if (!_stemsOfCode.TryGetValue((words.Language, code), out var codeStems))
                {
                    _stemsOfCode[(words.Language, code)] = codeStems = new HashSet<string>(StringComparer.Ordinal);
                }
                codeStems.UnionWith(set);
            }
            if (set.Count > 0)
            {
                (_formsOfCode.TryGetValue((words.Language, code), out var codeForms) ? codeForms : _formsOfCode[(words.Language, code)] = new HashSet<string>(StringComparer.Ordinal)).UnionWith(content);
            }
            foreach (var entry in entries.Where(e => e.Code == code && e.Stems.SetEquals(set)))
            {
                (_forms.TryGetValue(entry, out var forms) ? forms : _forms[entry] = new HashSet<string>(StringComparer.Ordinal)).UnionWith(content);
            }
            if (!IsAcronym(text))
            {
                _typos[words.Language].Add(string.Join(' ', content), code);
            }
        }
    }

    /// <summary>The stems of the words right after a negation in a choice's name ("não acompanhados"), or null when none.</summary>
    private HashSet<string>? NegatedStems(string[] all, LanguageWords words)
    {
        HashSet<string>? negated = null;
        for (var i = 0; i < all.Length; i++)
        {
            if (words.Negations.LongestAt(all, i) is > 0 and var negation && i + negation < all.Length)
            {
                (negated ??= new HashSet<string>(StringComparer.Ordinal)).Add(StemOf(all[i + negation], words.Language));
            }
        }
        return negated;
    }

    // "CERCI", "JRS", "ONGD", "ΜΚΟ": an acronym is typed as it is or not at all (one slip away, or one stem away, it is another
    // word: "cerca").
    private static bool IsAcronym(string text) =>
        text.Length is >= 2 and <= 6 && text.All(c => char.IsUpper(c) || char.IsDigit(c) || c == '+') && text.Any(char.IsUpper);

    // An acronym's plural ("MENAs", "ONGs", "TCNs", "MENAS") is the acronym: stemmed, "menas" lost "MENA" (session 51).
    private string StemOf(string word, string language) =>
        !_acronyms.TryGetValue(language, out var acronyms) ? WordStemmer.Stem(word, language)
        : acronyms.Contains(word) ? word
        : word.Length > 2 && word[^1] == 's' && acronyms.Contains(word[..^1]) ? word[..^1]
        : WordStemmer.Stem(word, language);

    // A key two choices share names neither of them.
    private void AddKey(string key, string code)
    {
        if (key.Length == 0)
        {
            return;
        }
        _byKey[key] = _byKey.TryGetValue(key, out var owner) && owner != code ? null : code;
    }
}
