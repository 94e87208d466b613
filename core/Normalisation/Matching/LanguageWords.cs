using Regin.Core.Questionnaire;

namespace Regin.Core.Normalisation.Matching;

/// <summary>The vocabulary of one language as the matchers read it, built once.</summary>
public sealed class LanguageWords
{
    public LanguageWords(string language, Vocabulary vocabulary)
    {
        Language = language;
        Spellings = vocabulary.Spellings.TryGetValue(language, out var spellings) ? spellings.Where(s => s.Length >= 2).ToArray() : [];
        PhraseSet Set(LocalizedWords words) => new(words.TryGetValue(language, out var list) ? list : [], Spellings);
        Yes = Set(vocabulary.Yes);
        No = Set(vocabulary.No);
        Negations = new PhraseSet(vocabulary.Negations.TryGetValue(language, out var negations) ? negations : [], Spellings,
            (vocabulary.NegationFrames.TryGetValue(language, out var frames) ? frames : []).Select(NegationFrame.Parse).OfType<NegationFrame>());
        But = Set(vocabulary.But);
        Only = Set(vocabulary.Only);
        Contrasts = Set(vocabulary.Contrasts);
        ContrastsAfterNegation = Set(vocabulary.ContrastsAfterNegation);
        Whereas = Set(vocabulary.Whereas);
        WhyNot = Set(vocabulary.WhyNot);
        YesAlone = Set(vocabulary.YesAlone);
        Assent = Set(vocabulary.Assent);
        Greetings = Set(vocabulary.Greetings);
        OwnFunds = Set(vocabulary.OwnFunds);
        ProvincialFunds = Set(vocabulary.ProvincialFunds);
        Unsure = Set(vocabulary.Unsure);
        Declines = Set(vocabulary.Declines);
        None = Set(vocabulary.None);
        ForNow = Set(vocabulary.ForNow);
        AtLeast = Set(vocabulary.AtLeast);
        Approximately = Set(vocabulary.Approximately);
        Or = Set(vocabulary.Or);
        PersonTitles = (vocabulary.PersonTitles.TryGetValue(language, out var titles) ? titles : []).Select(TitleKey).ToHashSet(StringComparer.Ordinal);
        // Every language's posts: "Maria Rossi, Project Lead" is typed in an Italian chat too.
        PersonRoles = vocabulary.PersonRoles.Values.SelectMany(roles => roles).Select(TextKey.Fold).Distinct(StringComparer.Ordinal).ToArray();
        Fillers = Set(vocabulary.Fillers);
        Serves = Set(vocabulary.Serves);
        // Its own "o" joins this language's items (sv "utbildning o språk"), and no other's.
        And = new PhraseSet((vocabulary.And.TryGetValue(language, out var and) ? and : [])
            .Concat(vocabulary.AndLocal.TryGetValue(language, out var local) ? local : []), Spellings);
        AndLocal = vocabulary.AndLocal.TryGetValue(language, out var own) ? own : [];
        PlacePrefixes = Set(vocabulary.PlacePrefixes);
        PhonePrefixes = Set(vocabulary.PhonePrefixes);
        PhoneExtensions = Set(vocabulary.PhoneExtensions);
        Qualifiers = Set(vocabulary.Qualifiers);
        Few = Set(vocabulary.Few);
        Channels = Set(vocabulary.Channels);
        Ongoing = Set(vocabulary.Ongoing);
        OngoingStems = new HashSet<string>(Ongoing.Keys.Select(Stem), StringComparer.Ordinal);
        Since = Set(vocabulary.DateSince);
        Funding = Set(vocabulary.DateFunding);
        Extended = Set(vocabulary.DateExtended);
        PlannedForNow = Set(vocabulary.DateForNow);
        AllOptions = Set(vocabulary.AllOptions);
        AllExcept = Set(vocabulary.AllExcept);
        Relatives = Set(vocabulary.Relatives);
        LeadingArticles = Set(vocabulary.LeadingArticles);
        SelfOpeners = Set(vocabulary.SelfOpeners);
        WeWords = Set(vocabulary.WeWords);
        WeAre = Set(vocabulary.WeAre);
        WeVerbEndings = (vocabulary.WeVerbEndings.TryGetValue(language, out var endings) ? endings : []).Select(TextKey.Fold).Where(e => e.Length > 0).ToArray();
        _notWeVerbs = (vocabulary.NotWeVerbs.TryGetValue(language, out var notVerbs) ? notVerbs : []).Select(TextKey.Fold).Where(w => w.Length > 0).ToHashSet(StringComparer.Ordinal);
        NotInNames = Set(vocabulary.NotInNames);
        PerYear = Set(vocabulary.PerYear);
        Years = Set(vocabulary.Years);
        Households = Set(vocabulary.Households);
        PerGroup = Set(vocabulary.PerGroup);
        Totals = Set(vocabulary.Totals);
        CountPeriods = Set(vocabulary.CountPeriods);
        NameParticles = (vocabulary.NameParticles.TryGetValue(language, out var particles) ? particles : []).Select(TextKey.Fold).Where(p => p.Length > 0)
            .ToHashSet(StringComparer.Ordinal);
        // "trois ans", "zwei Jahre", "δύο χρόνια": the numbers of years a budget runs, two to ten, in words (number_words).
        var yearNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var n = 2; n <= 10; n++)
        {
            if (vocabulary.NumberWords.TryGetValue(n.ToString(System.Globalization.CultureInfo.InvariantCulture), out var named)
                && named.TryGetValue(language, out var forms))
            {
                foreach (var form in forms.Select(TextKey.Fold).Where(f => f.Length > 0 && !f.Contains(' ')))
                {
                    yearNumbers.TryAdd(form, n);
                }
            }
        }
        YearNumbers = yearNumbers;
    }

    public string Language { get; }
    /// <summary>"we work with", "acompanhamos", "wir begleiten": whom a practice serves; in a choice answer, words that add nothing.</summary>
    public PhraseSet Serves { get; }
    /// <summary>"a year", "par an", "pro Jahr": an amount given per year.</summary>
    public PhraseSet PerYear { get; }
    /// <summary>"years", "ans", "Jahre" after their number.</summary>
    public PhraseSet Years { get; }
    /// <summary>"families", "familles", "Familien": a count of households, not persons.</summary>
    public PhraseSet Households { get; }
    /// <summary>"per course", "pro Kurs", "por grupo": a count of one group, not of the people reached.</summary>
    public PhraseSet PerGroup { get; }

    /// <summary>Words that mark a count as the whole (<c>totals</c>): "in total", "insgesamt", "συνολικά".</summary>
    public PhraseSet Totals { get; }
    /// <summary>"per termin", "a month", "pro Semester": a count given per period other than a year (<c>count_periods</c>).</summary>
    public PhraseSet CountPeriods { get; }
    /// <summary>"dos", "van", "d'", folded: a name's particles that stay lower case (<c>name_particles</c>).</summary>
    public IReadOnlySet<string> NameParticles { get; }
    /// <summary>The words for two to ten ("deux", "zwei", "δύο"), folded, and their number.</summary>
    public IReadOnlyDictionary<string, int> YearNumbers { get; }
    public IReadOnlyList<string[]> Spellings { get; }
    public PhraseSet Yes { get; }
    public PhraseSet No { get; }
    public PhraseSet Negations { get; }
    public PhraseSet But { get; }
    public PhraseSet Only { get; }
    public PhraseSet Contrasts { get; }
    public PhraseSet ContrastsAfterNegation { get; }
    public PhraseSet Whereas { get; }
    public PhraseSet WhyNot { get; }
    /// <summary>Yes words that are a yes only as the whole clause ("quero").</summary>
    public PhraseSet YesAlone { get; }
    /// <summary>Words that add nothing to a yes beside them: "super", "gut", "let's start" (see <see cref="IsOnlyAssent"/>).</summary>
    public PhraseSet Assent { get; }
    public PhraseSet Greetings { get; }

    /// <summary>
    /// The text is a yes and nothing else, in several words: "si vale", "yes ok", "ja gut", "oui d'accord", "ok let's go",
    /// "hola, sí, empezamos" (yes words, words that add nothing to one and greetings, a yes among them). Not the request
    /// words of commands: "Sí, se puede" may be a title. Session 45's Spanish run: "si vale", typed to the welcome, was
    /// stored as the contributor's name.
    /// </summary>
    public bool IsOnlyAssent(string text)
    {
        var words = TextKey.Words(text);
        if (words.Length is < 2 or > 8)
        {
            return false;
        }
        var yes = false;
        for (var i = 0; i < words.Length;)
        {
            var length = Yes.LongestAt(words, i);
            // A yes of one letter ("s", "j", the "ν" of greeklish "n") is one only alone: "n/a" is a decline.
            yes |= length > 1 || (length == 1 && words[i].Length > 1);
            length = Math.Max(length, Math.Max(Assent.LongestAt(words, i), Greetings.LongestAt(words, i)));
            if (length == 0)
            {
                return false;
            }
            i += length;
        }
        return yes;
    }
    public PhraseSet OwnFunds { get; }
    public PhraseSet ProvincialFunds { get; }
    public PhraseSet Unsure { get; }
    public PhraseSet Declines { get; }
    /// <summary>"none", "aucun", "keine": a decline, or the answer where the question takes none.</summary>
    public PhraseSet None { get; }
    /// <summary>"yet", "pour l'instant", "bisher", "per ora": beside a none word, still none ("bisher keine").</summary>
    public PhraseSet ForNow { get; }
    /// <summary>"at least", "mindestens", "au moins": before an end date, only the earliest end.</summary>
    public PhraseSet AtLeast { get; }

    /// <summary>"about", "environ", "ca.", "περίπου" before a number: an approximation, shown with the value.</summary>
    public PhraseSet Approximately { get; }
    /// <summary>"or", "ou", "oder", "o": between two dates, two answers to choose from.</summary>
    public PhraseSet Or { get; }
    /// <summary>Titles before a person's name ("Dr.", "Prof.ssa", "Dña."), as <see cref="TitleKey"/>s.</summary>
    public IReadOnlySet<string> PersonTitles { get; }

    /// <summary>A title's key: folded, without its dots and spaces ("Dott.ssa", "dottssa" and "DOTT. SSA" are one).</summary>
    /// <summary>Words that name a post, folded ("officer", "leiter", "chef"); see <see cref="IsRoleWord"/>.</summary>
    public IReadOnlyList<string> PersonRoles { get; }

    /// <summary>
    /// The word names a post: one of <see cref="PersonRoles"/>, or a compound ending in one ("Sachgebietsleiter",
    /// "enhetschef", "Integrationsbeauftragte").
    /// </summary>
    public bool IsRoleWord(string word)
    {
        var key = TextKey.Fold(word.Trim('.', ',', ';', ':'));
        return key.Length > 0 && PersonRoles.Any(role => key == role || (role.Length >= 4 && key.EndsWith(role, StringComparison.Ordinal)));
    }

    public static string TitleKey(string word) => TextKey.Fold(word.Replace(".", "", StringComparison.Ordinal)).Replace(" ", "", StringComparison.Ordinal);
    public PhraseSet Fillers { get; }
    /// <summary>The language's "and" words, its own (<see cref="AndLocal"/>) among them.</summary>
    public PhraseSet And { get; }
    /// <summary>"And" words read in this language only (sv "o"): the multi-choice split of other languages knows them not.</summary>
    public IReadOnlyList<string> AndLocal { get; }
    public PhraseSet PlacePrefixes { get; }
    public PhraseSet PhonePrefixes { get; }
    public PhraseSet PhoneExtensions { get; }
    public PhraseSet Qualifiers { get; }

    /// <summary>Words of an unsaid number (<c>few</c>): "qualche", "some", "einige", "several"; beside a choice they name nothing.</summary>
    public PhraseSet Few { get; }
    public PhraseSet Channels { get; }
    public PhraseSet Ongoing { get; }
    /// <summary>The "ongoing" phrases as stems: "ancora attiva" and "ancora attivo" are one.</summary>
    public IReadOnlySet<string> OngoingStems { get; }
    /// <summary>"since", "seit", "depuis": a period began at the date after it.</summary>
    public PhraseSet Since { get; }
    /// <summary>"funding", "Förderung": the money a date may be said of ("funding ends Dec 2025").</summary>
    public PhraseSet Funding { get; }
    /// <summary>"extended to", "verlängert bis": the date after them is the end as extended ("extended to June 2026").</summary>
    public PhraseSet Extended { get; }
    /// <summary>"for now", "vorerst", "por ahora" (<c>date_for_now</c>): after "ongoing", the date after them is only the end planned so far.</summary>
    public PhraseSet PlannedForNow { get; }
    /// <summary>"all of the above", "alle", "όλα": every option.</summary>
    public PhraseSet AllOptions { get; }
    /// <summary>"except", "außer": the options after it are left out of "all".</summary>
    public PhraseSet AllExcept { get; }
    /// <summary>"who", "qui", "que", "die", "som": after a choice named, a description of it opens.</summary>
    public PhraseSet Relatives { get; }
    /// <summary>"the", "la", "los", "die": the definite articles (vocabulary <c>leading_articles</c>).</summary>
    public PhraseSet LeadingArticles { get; }
    /// <summary>"I'd like to", "wir", "quiero", "vorrei": talk about oneself opens with them, a person's name never does.</summary>
    public PhraseSet SelfOpeners { get; }
    /// <summary>"we", "nós", "wir", "nous": the writer's organisation as a subject (<c>we_words</c>).</summary>
    public PhraseSet WeWords { get; }
    /// <summary>"we are", "nous sommes", "wir sind", "somos": the writer's organisation saying what it is (<c>we_are</c>).</summary>
    public PhraseSet WeAre { get; }
    /// <summary>"amos", "iamo", "ουμε", folded: a verb said by "we" where the subject goes unwritten (<c>we_verb_endings</c>).</summary>
    public IReadOnlyList<string> WeVerbEndings { get; }

    // "ultimos", "minimos", "proximos", "prestamos": words with the ending that are no verb (not_we_verbs, folded).
    private readonly HashSet<string> _notWeVerbs;

    /// <summary>Whether a folded word is a verb said by "we" by its ending ("lideramos", "coordiniamo", "συντονιζουμε"): three
    /// letters at least before the ending ("vamos", "siamo", "temos" are too short to tell), and no everyday noun or adjective
    /// of the ending ("últimos", "mínimos", "préstamos": <c>not_we_verbs</c>).</summary>
    public bool IsWeVerb(string word)
    {
        if (_notWeVerbs.Contains(word))
        {
            return false;
        }
        foreach (var ending in WeVerbEndings)
        {
            if (word.Length >= ending.Length + 3 && word.EndsWith(ending, StringComparison.Ordinal) && word.All(char.IsLetter))
            {
                return true;
            }
        }
        return false;
    }
    /// <summary>"für", "for", "pour", "για": a person's name never holds them.</summary>
    public PhraseSet NotInNames { get; }

    /// <summary>The stems of a folded text in this language.</summary>
    public string Stem(string foldedText) => WordStemmer.StemKey(foldedText, Language);

    /// <summary>The comparison keys of a word or phrase of this language, with the other spellings of its letters.</summary>
    public IReadOnlyList<string> Keys(string text) => Spellings.Count == 0 ? [TextKey.Fold(text)] : Matching.Spellings.Keys(text, Spellings);

    /// <summary>Whether the language's spellings write a letter of another script in Latin letters (Greek's): its words are
    /// typed in greeklish, read through <see cref="Romanised"/>.</summary>
    public bool Romanised => _romanised ??= Spellings.Any(rule => rule[0].Any(c => char.IsLetter(c) && c > '\u024f'));

    private bool? _romanised;

    /// <summary><see cref="Keys"/>, and for a language typed in greeklish the one spelling (<see cref="Matching.Romanised"/>)
    /// of each of its keys in Latin letters.</summary>
    public IReadOnlyList<string> KeysWithRomanised(string text)
    {
        var keys = Keys(text);
        if (!Romanised)
        {
            return keys;
        }
        var all = keys.ToList();
        foreach (var key in keys)
        {
            if (Matching.Romanised.IsLatin(key) && Matching.Romanised.Canonical(key) is var canonical && !all.Contains(canonical))
            {
                all.Add(canonical);
            }
        }
        return all;
    }
}

/// <summary>Every language's <see cref="LanguageWords"/>, built once from the questionnaire's vocabulary.</summary>
public sealed class MatchingVocabulary
{
    private readonly Dictionary<string, LanguageWords> _languages = new(StringComparer.OrdinalIgnoreCase);

    public MatchingVocabulary(QuestionnaireDefinition questionnaire)
    {
        foreach (var language in questionnaire.Languages)
        {
            _languages[language.Code] = new LanguageWords(language.Code, questionnaire.Vocabulary);
        }
        Default = _languages.TryGetValue(questionnaire.DefaultLanguage, out var fallback) ? fallback : _languages.Values.First();
    }

    public LanguageWords Default { get; }

    public IEnumerable<LanguageWords> All => _languages.Values;

    public LanguageWords For(string language) => _languages.TryGetValue(language, out var words) ? words : Default;
}
