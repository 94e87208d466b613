using System.Text;
using System.Text.RegularExpressions;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// Answers written as sentences at the top of a reply to our mail, with no key and no template line: "the region is
/// Munster, we started in March 2021 and the budget was about 40k, we reached 250 people". A clause that names a question
/// (its label, an everyday name or a spoken name in any of the 8 languages, within its first words) and gives a value
/// after it ("is", "was", "ist", "ήταν": vocabulary <c>prose_verbs</c>; or a colon) is that question's answer, and a
/// number of people ("250 people", vocabulary <c>people_words</c>) in a clause naming no question is the number reached.
/// Only readings that are safe are kept: a value core's normaliser accepts for its question (a date, an amount, a region
/// it knows), a free text only after "X is"/"X:" at the clause's start and never a hedge ("the title is still open"), each
/// question once. The reply says they were read from sentences and asks for the rest in the template.
/// </summary>
public sealed partial class ProseAnswers
{
    private readonly QuestionnaireDefinition questionnaire;
    private readonly AnswerNormaliser normaliser;
    private readonly Regin.Core.Localisation.Texts texts;
    private readonly QuestionNames names;
    private readonly Dictionary<string, int> verbs = new(StringComparer.Ordinal);
    private readonly int longestVerb;
    private readonly HashSet<string> people;
    private readonly List<string[]> hedges;
    private readonly Regex splitter;
    private readonly Dictionary<string, int> negations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> contrasts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> sinces = new(StringComparer.Ordinal);

    /// <summary>The prose read is at the top of the mail: its first lines.</summary>
    public const int MaxLines = 40;
    /// <summary>A clause read is a sentence's part, not a paragraph.</summary>
    public const int MaxClauseLength = 300;
    /// <summary>Words a structured value (a date, an amount, a place) takes at most in a sentence.</summary>
    public const int MaxValueWords = 8;
    /// <summary>A question's name starts within the clause's first words ("we started", "and our budget was").</summary>
    private const int MaxWordsBeforeName = 3;
    /// <summary>The same for a correction in the "not X but Y" form, the surest form a sentence takes.</summary>
    private const int MaxWordsBeforeCorrection = 6;
    /// <summary>
    /// A sentence that plainly states a value (a date, a number, an amount) may name its question further in ("Kurz noch zur
    /// Info: das Budget für 2025 liegt bei ca. 95.000 Euro"), when a verb or a colon follows the name within
    /// <see cref="MaxWordsBeforeVerb"/> words (session 46).
    /// </summary>
    private const int MaxWordsBeforeStatedName = 8;
    /// <summary>Words between a question's name and its verb or colon in such a sentence: "für 2025", "per la scheda REGIN-0001".</summary>
    private const int MaxWordsBeforeVerb = 5;
    /// <summary>How an answer read from "not X but Y" is recognised: it takes the place of another answer to its question in the mail.</summary>
    public const string Correction = "prose_correction";
    private static readonly HashSet<string> ContactQuestions = ["contact_name", "contact_organisation", "contact_email", "contact_phone"];

    public ProseAnswers(QuestionnaireDefinition questionnaire, AnswerNormaliser normaliser, Regin.Core.Localisation.Texts texts)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        this.questionnaire = questionnaire;
        this.normaliser = normaliser;
        this.texts = texts;
        // Core's one lookup of question names (the chat's commands read them too); a name two questions share names neither.
        names = QuestionNames.Of(questionnaire);
        foreach (var verb in questionnaire.Vocabulary.ProseVerbs.All)
        {
            var key = string.Join(' ', TextKey.Words(verb));
            if (key.Length > 0)
            {
                verbs[key] = key.Count(c => c == ' ') + 1;
                longestVerb = Math.Max(longestVerb, verbs[key]);
            }
        }
        people = questionnaire.Vocabulary.PeopleWords.All.Select(w => string.Join(' ', TextKey.Words(w))).Where(w => w.Length > 0 && !w.Contains(' ', StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var vocabulary = questionnaire.Vocabulary;
        hedges = [.. vocabulary.Unsure.All.Concat(vocabulary.ForNow.All).Concat(vocabulary.Declines.All).Concat(vocabulary.Negations.All).Concat(vocabulary.None.All)
            .Select(TextKey.Words).Where(w => w.Length > 0)];
        // "nicht Oberbayern sondern Schwaben", "not Munster but Leinster": a negation, the old value, a contrast, the new one.
        foreach (var (words, into) in new[] { (vocabulary.Negations.All, negations), (vocabulary.Contrasts.All, contrasts), (vocabulary.DateSince.All, sinces) })
        {
            foreach (var phrase in words)
            {
                var key = string.Join(' ', TextKey.Words(phrase));
                if (key.Length > 0)
                {
                    into[key] = key.Count(c => c == ' ') + 1;
                }
            }
        }
        // Clauses end at a sentence's end, a semicolon, a comma and "and" in any language; a piece that names no question
        // is glued back to the one before ("Cork City Council and Kerry County Council" stays one organisation).
        var ands = vocabulary.And.All.Select(w => w.Trim()).Where(w => w.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(w => w.Length).Select(Regex.Escape);
        splitter = new Regex(@"(?<=[.!?;])\s+|[;,]\s+|\s+(?:" + string.Join('|', ands) + @")(?!\p{L})\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>The answers the sentences of <paramref name="text"/> (a mail's own newest text) give, in the order written.</summary>
    public IReadOnlyList<ParsedAnswer> Read(string text, MailMarkers markers, CancellationToken cancellationToken = default) =>
        Read(text, markers, correctionsOnly: false, cancellationToken);

    /// <summary>
    /// A prose reply to our mail: the facts its sentences give (<see cref="Read(string, MailMarkers, CancellationToken)"/>),
    /// and its target groups, read more strictly than a first mail's (session 54; session 53 read "The budget will be
    /// decided by the council in January" as public officials): only right after words saying whom the practice serves
    /// (vocabulary <c>serves</c>: "we work with", "nous accompagnons", "wir begleiten", "acompanhamos"), and only when the
    /// words read hold a group's whole name ("refugees", "Frauen"), not an organisation's word that is part of one ("council").
    /// </summary>
    public IReadOnlyList<ParsedAnswer> ReadReply(string text, MailMarkers markers, CancellationToken cancellationToken = default)
    {
        var found = Read(text, markers, correctionsOnly: false, cancellationToken).ToList();
        if (!found.Any(a => a.QuestionId == TargetGroupsId)
            && Groups(text, markers, texts.GuessLanguage(text) ?? questionnaire.DefaultLanguage, reply: true, cancellationToken) is { } groups)
        {
            found.Add(groups);
        }
        return found;
    }

    /// <summary>
    /// Only the facts the sentences of <paramref name="text"/> give for a question whose value is a date, a number, an
    /// amount, a place, a web address ("Das Budget liegt bei ca. 80.000 €"), and the corrections in the "not X but Y" form
    /// ("die Region ist nicht Oberbayern sondern Schwaben", "the start date is not 2019 but 2020"): read beside the answers
    /// a reply types under our quoted questions, where a sentence was not read at all (session 45: the correction and the
    /// budget on top of a German official's inline answers were lost). A correction may name its question a few words in.
    /// </summary>
    public IReadOnlyList<ParsedAnswer> ReadCorrections(string text, MailMarkers markers, CancellationToken cancellationToken = default) =>
        Read(text, markers, correctionsOnly: true, cancellationToken);

    /// <summary>
    /// The facts a first mail written in prose gives (no template line, not a reply to ours: "Vi driver ett projekt i Malmö
    /// sedan 2021 … ungefär 420 personer … Budgeten är ca 600 000 kronor per år"): only a date, a number or an amount, read
    /// as <see cref="Read(string, MailMarkers, CancellationToken)"/> reads them, and the start date in "since 2021" ("sedan
    /// 2021", "depuis 2019", "desde 2020": vocabulary <c>date_since</c> then a date core's normaliser accepts as a start
    /// date). Free texts, choices and places are left for the template: a first mail's sentences are about many things
    /// (session 47; before, such a mail kept nothing and was told "we found no answers").
    /// </summary>
    public IReadOnlyList<ParsedAnswer> ReadFirstMail(string text, MailMarkers markers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = Read(text, markers, correctionsOnly: false, cancellationToken).Where(a => IsValueType(a.QuestionId)).ToList();
        if (!found.Any(a => a.QuestionId == StartDateId))
        {
            var language = texts.GuessLanguage(text) ?? questionnaire.DefaultLanguage;
            foreach (var clause in Clauses(text, markers, MaxWordsBeforeName))
            {
                if (Since(clause, language) is { } since)
                {
                    found.Add(new ParsedAnswer(StartDateId, since, "prose_since"));
                    break;
                }
            }
        }
        // Session 51: what the sentences name ("Vi heter Umeå kommun, projektet heter Språkvän"): the title and the leading
        // organisation, read as free text; kept to check (the reply lists them, a flag marks them read from prose).
        foreach (var named in Named(text, markers, texts.GuessLanguage(text) ?? questionnaire.DefaultLanguage))
        {
            if (!found.Any(a => a.QuestionId == named.QuestionId))
            {
                found.Add(named);
            }
        }
        // Session 52: the groups a sentence names ("wir unterstützen geflüchtete Frauen und ihre Kinder"), only a whole list.
        if (!found.Any(a => a.QuestionId == TargetGroupsId) && Groups(text, markers, texts.GuessLanguage(text) ?? questionnaire.DefaultLanguage, cancellationToken) is { } groups)
        {
            found.Add(groups);
        }
        if (found.Count >= MinFirstMailFacts)
        {
            found.AddRange(ReadPlace(text, markers, texts.GuessLanguage(text) ?? questionnaire.DefaultLanguage, cancellationToken));
        }
        return found;
    }

    /// <summary>How a name a first mail's sentence gives ("projektet heter Språkvän") is recognised.</summary>
    public const string NamedInProse = "prose_named";

    /// <summary>How the target groups a first mail's sentence names ("wir unterstützen geflüchtete Frauen") are recognised.</summary>
    public const string GroupsInProse = "prose_groups";

    private const string TargetGroupsId = "target_groups";

    /// <summary>The most words a list of groups read from a sentence takes ("donne migranti e minori non accompagnati": six).</summary>
    private const int MaxGroupWords = 10;

    /// <summary>
    /// The target groups a first mail's sentence names (session 52): "wir unterstützen geflüchtete Frauen und ihre Kinder",
    /// "nous accompagnons les femmes réfugiées et leurs enfants", "lavoriamo con donne migranti e minori non accompagnati".
    /// In each sentence, from the first word core's normaliser reads alone as a group it knows, the longest run of words it
    /// reads wholly as known groups (nothing under Other), trimmed of the words after the last that adds a group. Never a
    /// half list: not after a negation ("nicht"), not when "and" or a comma joins more words to it (a group it does not
    /// know: "geflüchtete Frauen und Roma-Familien" offers nothing), not in a question, and not when two sentences name
    /// different groups. Null when none; recognised as <see cref="GroupsInProse"/>, kept as typed.
    /// </summary>
    public ParsedAnswer? Groups(string text, MailMarkers markers, string language, CancellationToken cancellationToken = default) =>
        Groups(text, markers, language, reply: false, cancellationToken);

    private ParsedAnswer? Groups(string text, MailMarkers markers, string language, bool reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var serves = reply ? Phrases(questionnaire.Vocabulary.Serves, language) : [];
        var fillers = reply ? Phrases(questionnaire.Vocabulary.Fillers, language) : [];
        var ands = Phrases(questionnaire.Vocabulary.And, language);
        foreach (var word in questionnaire.Vocabulary.Or.In(language).Select(w => string.Join(' ', TextKey.Words(w))).Where(w => w.Length > 0))
        {
            ands[word] = word.Count(c => c == ' ') + 1;
        }
        ParsedAnswer? found = null;
        string? foundValue = null;
        foreach (var sentence in Sentences(text, markers))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var words = TextKey.Words(sentence);
            var spans = TextKey.WordSpans(sentence);
            if (words.Length != spans.Count || sentence.EndsWith('?'))
            {
                continue;
            }
            // A word read alone as a group. A capital inside a sentence is a name's ("Δήμο Πατρέων", "Câmara Municipal", "Cork
            // County Council"), but in German, where every noun has one ("geflüchtete Frauen").
            bool GroupWord(int w) => words[w].Length >= 3 && !words[w].Any(char.IsAsciiDigit) && !(w > 0 && language != "de" && char.IsUpper(sentence[spans[w].Start]))
                && GroupsOf(sentence[spans[w]], language) is not null;
            var sawGroupWord = false;
            var accepted = false;
            for (var start = 0; start < words.Length; start++)
            {
                if (!GroupWord(start))
                {
                    continue;
                }
                sawGroupWord = true;
                var read = LongestGroups(sentence, words, spans, start, language);
                if (read is not var (end, value))
                {
                    continue;
                }
                var from = start;
                if (from > 0 && RestatedGroupWords(language).Contains(words[from - 1]) && GroupsOf(sentence[spans[from - 1].Start..spans[end - 1].End], language) == value)
                {
                    // "famílias refugiadas", "familles réfugiées": a word that restates who the groups are (the question's
                    // restated words) before the group's word is part of the answer as typed (session 53: "refugiadas" alone).
                    from--;
                }
                var before = sentence[..spans[from].Start].TrimEnd();
                var after = sentence[spans[end - 1].End..];
                var negated = Enumerable.Range(0, from).Any(w => PhraseAt(negations, words, w) > 0);
                // "…, Frauen und Roma-Familien", "geflüchtete Frauen und Roma-Familien": more of the list than is read; nor from
                // inside a word ("Roma-Familien").
                var joinedBefore = before.EndsWith(',') || (before.Length > 0 && before.Length == spans[from].Start.Value)
                    || (from > 0 && Enumerable.Range(Math.Max(0, from - 3), Math.Min(3, from)).Any(w => PhraseAt(ands, words, w) == from - w));
                // A comma or "and" further on ("… des demandeurs d'emploi et des seniors"): the list may go on past what is read.
                var joinedAfter = Enumerable.Range(end, words.Length - end).Any(w => PhraseAt(ands, words, w) > 0
                        || (sentence.IndexOf(',', spans[w - 1].End.Value) is >= 0 and var comma && comma < spans[w].Start.Value && !DateFollows(words, w)))
                    || Enumerable.Range(end, words.Length - end).Any(GroupWord); // "…, seit 2020 auch Jugendliche"
                if (reply && !(ServesBefore(words, from, serves, fillers) && WholeNamesOf(words, from, end, language) == value))
                {
                    // A reply's sentence about something else ("decided by the council in January"): no groups from it.
                    continue;
                }
                if (negated || joinedBefore || joinedAfter || (foundValue is not null && foundValue != value))
                {
                    // Half a list, or two sentences naming other groups: which list is the practice's is for her to say.
                    return null;
                }
                found ??= new ParsedAnswer(TargetGroupsId, sentence[spans[from].Start..spans[end - 1].End], GroupsInProse);
                foundValue = value;
                accepted = true;
                break;
            }
            if (sawGroupWord && !accepted)
            {
                return null; // a sentence naming a group it cannot read whole
            }
        }
        return found;
    }

    /// <summary>From <paramref name="start"/>, the longest run read wholly as known groups, without trailing words that add none: (its end, its codes).</summary>
    private (int End, string Value)? LongestGroups(string sentence, string[] words, List<Range> spans, int start, string language)
    {
        for (var end = Math.Min(words.Length, start + MaxGroupWords); end > start; end--)
        {
            if (GroupsOf(sentence[spans[start].Start..spans[end - 1].End], language) is not { } value)
            {
                continue;
            }
            // "geflüchtete Frauen und ihre Kinder in": the last words that name no group and add none are not part of it.
            // A word restating who they are stays ("refugee families", "Flüchtlingsfrauen und Familien" is no trailing word).
            while (end - 1 > start && !RestatedGroupWords(language).Contains(words[end - 1]) && GroupsOf(sentence[spans[end - 1]], language) is null
                && GroupsOf(sentence[spans[start].Start..spans[end - 2].End], language) == value)
            {
                end--;
            }
            return (end, value);
        }
        return null;
    }

    /// <summary>Whether words saying whom the practice serves end right before <paramref name="at"/>, fillers ("des", "a", "mainly") between.</summary>
    private static bool ServesBefore(string[] words, int at, Dictionary<string, int> serves, Dictionary<string, int> fillers)
    {
        for (var start = at - 1; start >= 0; start--)
        {
            if (PhraseAt(serves, words, start) is > 0 and var length && start + length <= at
                && Enumerable.Range(start + length, at - start - length).All(w => fillers.ContainsKey(words[w])))
            {
                return true;
            }
        }
        return false;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Dictionary<string, string>> _groupNames = new(StringComparer.Ordinal);

    /// <summary>
    /// The groups the words from <paramref name="from"/> to <paramref name="end"/> name by a whole name, a label or a
    /// synonym ("refugiadas", "Frauen", "unaccompanied minors"), as <see cref="GroupsOf"/> joins codes: who the people are,
    /// not one word of a longer name ("council" of "council staff", "the project is for refugees, the council funds it").
    /// </summary>
    private string WholeNamesOf(string[] words, int from, int end, string language)
    {
        var names = _groupNames.GetOrAdd(language, l =>
        {
            var all = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var choice in questionnaire.Questions.First(q => q.Id == TargetGroupsId).ChoiceList.Where(c => c.Code != OtherCode))
            {
                foreach (var name in choice.Synonyms.In(l).Append(choice.Label.In(l)))
                {
                    if (string.Join(' ', TextKey.Words(name)) is { Length: > 0 } key)
                    {
                        all.TryAdd(key, choice.Code);
                    }
                }
            }
            return all;
        });
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        for (var w = from; w < end; w++)
        {
            for (var length = Math.Min(end - w, MaxGroupWords); length >= 1; length--)
            {
                if (names.TryGetValue(string.Join(' ', words, w, length), out var code))
                {
                    codes.Add(code);
                    w += length - 1;
                    break;
                }
            }
        }
        return string.Join(',', codes);
    }

    /// <summary>"…, seit 2019", "…, depuis 2020": a "since" and its year after the comma, a clause of its own, not the list going on.</summary>
    private bool DateFollows(string[] words, int at) =>
        at < words.Length && ((PhraseAt(sinces, words, at) is > 0 and var since && words.Skip(at + since).Take(3).Any(w => w.Any(char.IsAsciiDigit))) || words[at].Any(char.IsAsciiDigit));

    /// <summary>The codes core's normaliser reads <paramref name="text"/> as, when all are known groups (none under Other); else null.</summary>
    private string? GroupsOf(string text, string language)
    {
        try
        {
            var read = normaliser.Normalise(TargetGroupsId, text, language);
            return read is { Ok: true, NeedsConfirmation: false, OtherText: null, Value: System.Text.Json.Nodes.JsonArray { Count: > 0 } codes }
                && codes.All(c => c?.GetValue<string>() is { } code && code != OtherCode)
                ? string.Join(',', codes.Select(c => c!.GetValue<string>()).Order(StringComparer.Ordinal))
                : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private const string OtherCode = "other";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, HashSet<string>> _restatedGroupWords = new(StringComparer.Ordinal);

    /// <summary>
    /// The words naming people that restate who the target groups are ("famílias", "Familien", "people": the target groups'
    /// restated words that are people words too, not "from" nor "Syrian"), folded as <see cref="TextKey.Words"/>.
    /// </summary>
    private HashSet<string> RestatedGroupWords(string language) => _restatedGroupWords.GetOrAdd(language, l =>
    {
        var people = questionnaire.Vocabulary.PeopleWords.In(l).Select(w => string.Join(' ', TextKey.Words(w))).ToHashSet(StringComparer.Ordinal);
        return questionnaire.Questions.First(q => q.Id == TargetGroupsId).Restated.In(l).Select(w => string.Join(' ', TextKey.Words(w)))
            .Where(w => w.Length > 0 && !w.Contains(' ', StringComparison.Ordinal) && people.Contains(w)).ToHashSet(StringComparer.Ordinal);
    });

    /// <summary>The own text's sentences up to the sign-off: its paragraphs' lines joined (a wrapped line goes on), cut at ".", "!", "?" and ";".</summary>
    private IEnumerable<string> Sentences(string text, MailMarkers markers)
    {
        var paragraph = new StringBuilder();
        var lines = TemplateTextParser.SplitLines(text);
        for (var i = 0; i <= lines.Count && i <= MaxLines; i++)
        {
            var line = i < lines.Count && i < MaxLines ? lines[i].Trim() : "";
            var signOff = line.Length > 0 && line.Length < 80 && (line.StartsWith("--", StringComparison.Ordinal) || line.StartsWith("__", StringComparison.Ordinal) || markers.SignOff.IsMatch(line));
            if (line.Length > 0 && !signOff && !line.StartsWith('>') && line.Length <= MaxClauseLength * 3)
            {
                paragraph.Append(paragraph.Length > 0 ? " " : "").Append(line);
                continue;
            }
            foreach (var sentence in SentenceEnd().Split(paragraph.ToString()))
            {
                if (sentence.Trim() is { Length: > 0 and <= MaxClauseLength } trimmed)
                {
                    yield return trimmed;
                }
            }
            paragraph.Clear();
            if (signOff)
            {
                yield break;
            }
        }
    }

    [GeneratedRegex(@"(?<=[.!?;])\s+", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SentenceEnd();

    /// <summary>A name read from a sentence takes at most this many words ("Κοινωνική Υπηρεσία Δήμου Μυτιλήνης": four).</summary>
    private const int MaxNameWords = 8;

    /// <summary>
    /// The names a first mail's sentences give (session 51): "projektet heter Språkvän", "o nosso projeto chama-se Braga
    /// Acolhe", "το πρόγραμμα ονομάζεται «Γέφυρες»" (a project word, then a naming verb) is the title; "vi heter Umeå
    /// kommun", "somos a Câmara Municipal de Braga", "είμαστε ο Δήμος Λέσβου" (we, then a naming verb or "we are" and a
    /// capitalised name) the leading organisation. The name runs to the clause's end (a comma, a full stop, "and"), or to a
    /// "since" and its date ("seit 2015"). Never a question, never a hedge; each once. Recognised as <see cref="NamedInProse"/>.
    /// Session 52: "ich arbeite bei der Stadt Graz", "je travaille à la mairie de Lyon", "lavoro al Comune di Bari", "δουλεύω
    /// στον Δήμο Πατρέων" ("I work at": vocabulary <c>works_at</c>, then a name holding a capital that is no place alone) is
    /// the writer's organisation, and the leading one when no sentence names that otherwise.
    /// </summary>
    public IReadOnlyList<ParsedAnswer> Named(string text, MailMarkers markers, string language)
    {
        ArgumentNullException.ThrowIfNull(text);
        var naming = Phrases(questionnaire.Vocabulary.NamingVerbs, language);
        var we = Phrases(questionnaire.Vocabulary.WeWords, language);
        var weAre = Phrases(questionnaire.Vocabulary.WeAre, language);
        var worksAt = Phrases(questionnaire.Vocabulary.WorksAt, language);
        var indefinite = Phrases(questionnaire.Vocabulary.IndefiniteArticles, language);
        var projects = ProjectWordsOf(language);
        var articles = questionnaire.Vocabulary.LeadingArticles.All.ToHashSet(StringComparer.Ordinal);
        var found = new List<ParsedAnswer>();
        foreach (var clause in NamingClauses(text, markers))
        {
            var words = TextKey.Words(clause);
            var spans = TextKey.WordSpans(clause);
            if (words.Length != spans.Count || words.Length < 2 || clause.EndsWith('?'))
            {
                continue;
            }
            for (var i = 0; i < words.Length - 1 && i <= MaxWordsBeforeName + 1; i++)
            {
                string? question = null;
                var nameAt = -1;
                if (PhraseAt(naming, words, i) is > 0 and var verb && i > 0)
                {
                    // The subject right before the verb: a project word ("projektet", "o nosso projeto") or "we".
                    var subject = words[..i];
                    question = subject.Any(w => projects.Contains(w) || projects.Any(p => w.StartsWith(p, StringComparison.Ordinal) && w.Length <= p.Length + 3)) ? "title"
                        : Enumerable.Range(0, i).Any(s => PhraseAt(we, words, s) == i - s) ? LeadOrganisationId : null;
                    nameAt = i + verb;
                }
                else if (i == 0 && PhraseAt(weAre, words, 0) is > 0 and var are)
                {
                    var first = AfterArticles(words, are, articles);
                    if (first < words.Length && char.IsUpper(clause[spans[first].Start]))
                    {
                        question = LeadOrganisationId;
                        nameAt = first;
                    }
                }
                else if (PhraseAt(worksAt, words, i) is > 0 and var works)
                {
                    if (indefinite.ContainsKey(words[i + works - 1]) || (i + works < words.Length && indefinite.ContainsKey(words[i + works])))
                    {
                        // "ich arbeite bei einem Verein", "je travaille dans une association", "trabajo en una ONG": an
                        // indefinite article says what kind of body, not which (session 53: "einem Verein" was offered).
                        break;
                    }
                    // "ich arbeite bei der Stadt Graz", "je travaille à la mairie de Lyon": a name with a capital in it
                    // ("mairie de Lyon"), not a place alone ("trabalho no Porto" is where, not who): a place's name is
                    // an organisation's only with an organisation's word ("Stadt", "Comune", "Δήμο").
                    var first = AfterArticles(words, i + works, articles);
                    var last = NameEnd(words, first);
                    if (first < last && Enumerable.Range(first, last - first).Any(w => char.IsUpper(clause[spans[w].Start]))
                        && (words[first..last].Any(TemplateTextParser.OrganisationWords.Contains) || Region(clause[spans[first].Start..spans[last - 1].End], language) is null))
                    {
                        question = ContactOrganisationId;
                        nameAt = first;
                    }
                }
                if (question is null || nameAt >= words.Length || NameEnd(words, nameAt) - nameAt > MaxNameWords)
                {
                    continue;
                }
                var name = clause[spans[nameAt].Start..spans[NameEnd(words, nameAt) - 1].End].Trim().Trim('"', '«', '»', '“', '”', '„', '\'', '.', '!', ' ');
                if (name.Length > 1 && !Hedged(TextKey.Words(name)) && !found.Any(a => a.QuestionId == question))
                {
                    found.Add(new ParsedAnswer(question, name, NamedInProse));
                }
                break;
            }
        }
        // "Ich arbeite bei der Stadt Graz" and no "we" naming another: the writer's organisation leads the practice, to check.
        if (found.FirstOrDefault(a => a.QuestionId == ContactOrganisationId) is { } employer && !found.Any(a => a.QuestionId == LeadOrganisationId))
        {
            found.Add(employer with { QuestionId = LeadOrganisationId });
        }
        return found;
    }

    private const string LeadOrganisationId = "lead_organisation";
    private const string ContactOrganisationId = "contact_organisation";

    /// <summary>The first word at or after <paramref name="at"/> that is no article ("somos a Câmara", "bei der Stadt"), the last word kept.</summary>
    private static int AfterArticles(string[] words, int at, HashSet<string> articles)
    {
        while (at < words.Length - 1 && articles.Contains(words[at]))
        {
            at++;
        }
        return at;
    }

    /// <summary>Where a name starting at <paramref name="from"/> ends: the clause's end, or a "since" and its year ("Stadt Graz seit 2015").</summary>
    private int NameEnd(string[] words, int from)
    {
        for (var i = from + 1; i < words.Length; i++)
        {
            if (PhraseAt(sinces, words, i) is > 0 and var since && words.Skip(i + since).Take(3).Any(w => w.Any(char.IsAsciiDigit)))
            {
                return i;
            }
        }
        return words.Length;
    }

    /// <summary>The locale files' <c>project_words</c> of <paramref name="language"/>, folded.</summary>
    private HashSet<string> ProjectWordsOf(string language) =>
        questionnaire.Vocabulary.ProjectWords.In(language).Select(TextKey.Fold).ToHashSet(StringComparer.Ordinal);

    private static Dictionary<string, int> Phrases(Dictionary<string, string[]> table, string language)
    {
        var phrases = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var phrase in table.GetValueOrDefault(language) ?? [])
        {
            var key = string.Join(' ', TextKey.Words(phrase));
            if (key.Length > 0)
            {
                phrases[key] = key.Count(c => c == ' ') + 1;
            }
        }
        return phrases;
    }

    /// <summary>The own text's sentences up to the sign-off, cut at each comma, full stop, semicolon and "and" (a name ends there).</summary>
    private IEnumerable<string> NamingClauses(string text, MailMarkers markers)
    {
        var lines = TemplateTextParser.SplitLines(text);
        for (var i = 0; i < lines.Count && i < MaxLines; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith('>'))
            {
                continue;
            }
            if (line.Length > 0 && line.Length < 80 && (line.StartsWith("--", StringComparison.Ordinal) || line.StartsWith("__", StringComparison.Ordinal) || markers.SignOff.IsMatch(line)))
            {
                yield break;
            }
            if (line.Length is 0 or > MaxClauseLength * 3)
            {
                continue;
            }
            foreach (var clause in splitter.Split(line))
            {
                if (clause.Trim() is { Length: > 0 and <= MaxClauseLength } trimmed)
                {
                    yield return trimmed;
                }
            }
        }
    }

    /// <summary>
    /// Sentences of the mail's own text that promise an answer for later, "ci-joint la fiche, le budget suivra", "il budget
    /// ve lo mando la settimana prossima", "the budget will follow": the question named within the clause's first words,
    /// then a promise (<see cref="PromisedAnswers"/>, vocabulary <c>follows</c>) as the rest of the clause. Read beside the
    /// answers of a template or a Word file, so the draft waits for the promised answer as it does for "Budget: suivra"
    /// typed on the template's line (session 47: the French officer's practice was submitted at once without its budget).
    /// </summary>
    public IReadOnlyList<ParsedAnswer> ReadPromises(string text, MailMarkers markers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var promised = PromisedAnswers.For(questionnaire);
        var found = new List<ParsedAnswer>();
        foreach (var clause in Clauses(text, markers, MaxWordsBeforeName))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (clause.Length is 0 or > MaxClauseLength || clause.EndsWith('?'))
            {
                continue;
            }
            var words = TextKey.Words(clause);
            var spans = TextKey.WordSpans(clause);
            if (words.Length != spans.Count)
            {
                continue;
            }
            (string Id, string Words)? promise = null;
            if (Name(words) is var (questionId, start, length) && start + length < words.Length
                && clause[spans[start + length].Start..].Trim().TrimEnd('.', '!', ' ') is var rest && promised.IsPromise(questionId, rest))
            {
                promise = (questionId, rest); // "le budget suivra", "Budget muss ich noch klären, melde mich nächste Woche"
            }
            else if (PromiseThenName(words, promised) is var (named, at) && clause[..spans[at].Start].Trim() is var before && promised.IsPromise(named, before))
            {
                promise = (named, before); // "je reviens vers vous pour le budget", "vi återkommer om budgeten"
            }
            if (promise is var (id, said) && !ContactQuestions.Contains(id) && !found.Any(a => a.QuestionId == id))
            {
                found.Add(new ParsedAnswer(id, said, "prose_promise"));
            }
        }
        return found;
    }

    /// <summary>A promise opening the clause, then a question named within <see cref="PromisedAnswers.MaxWordsBeforeName"/> words: (question, its first word).</summary>
    private (string Question, int Start)? PromiseThenName(string[] words, PromisedAnswers promised)
    {
        var opening = promised.OpeningAt(words);
        for (var at = opening; opening > 0 && at < words.Length && at <= opening + PromisedAnswers.MaxWordsBeforeName; at++)
        {
            if (names.QuestionAt(words, at) is ( > 0, { } question))
            {
                return (question, at);
            }
        }
        return null;
    }

    private const string StartDateId = "start_date";

    /// <summary>How a place read from a first mail's sentence is recognised: a guess the reply asks to confirm and a flag keeps (session 48).</summary>
    public const string PlaceGuess = "prose_place";

    /// <summary>Prepositions before a town, beside <c>place_in</c>'s (the regions': "en Bretagne", "nel Lazio"): "à Lyon", "a Torino", "em Braga".</summary>
    private static readonly Dictionary<string, string[]> TownPrepositions = new(StringComparer.Ordinal)
    {
        ["en"] = ["in"], ["fr"] = ["à", "a"], ["de"] = ["in", "im"], ["es"] = ["en"], ["it"] = ["a", "in"], ["pt"] = ["em", "no", "na"],
        ["el"] = ["στη", "στην", "στο", "σε"], ["sv"] = ["i"],
    };

    /// <summary>
    /// Where a first mail says its practice runs (session 48): a place after a preposition that follows a project word
    /// ("Vi driver ett projekt i Malmö", "un progetto a Torino"), or one right before or after "since" and its date ("nous
    /// menons à Lyon depuis 2022 …", "in Osnabrück seit 2019", "seit 2019 in Osnabrück"), that core's normaliser reads as
    /// one region, with no doubt, without a country. Any other place (a partner's town, a conference city: no such anchor),
    /// or a clause naming the partners or the lead organisation, is passed over; two different regions so anchored read
    /// none. The region and its country (the region code's) are answers recognised as <see cref="PlaceGuess"/>: the
    /// reply asks to confirm them and a flag keeps them for the team; they count for no fact of the draft.
    /// </summary>
    public IReadOnlyList<ParsedAnswer> ReadPlace(string text, MailMarkers markers, string language, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var projects = ProjectWordsOf(language);
        var prepositions = (TownPrepositions.GetValueOrDefault(language) ?? []).Concat(questionnaire.Vocabulary.PlaceIn.In(language)).Select(TextKey.Fold)
            .Where(w => w.Length > 0 && !w.Contains(' ', StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        (string Code, string Place)? found = null;
        foreach (var clause in Clauses(text, markers, MaxWordsBeforeName))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (clause.Length is 0 or > MaxClauseLength || clause.EndsWith('?'))
            {
                continue;
            }
            var words = TextKey.Words(clause);
            var spans = TextKey.WordSpans(clause);
            if (words.Length != spans.Count)
            {
                continue;
            }
            for (var i = 0; i + 1 < words.Length; i++)
            {
                if (names.QuestionAt(words, i) is ( > 0, "partners" or "lead_organisation" or "contact_organisation"))
                {
                    break; // "with our partner in Lund since 2020": the partner's town
                }
                if (!prepositions.Contains(words[i]))
                {
                    continue;
                }
                var afterProject = i > 0 && projects.Contains(words[i - 1]);
                var sinceBefore = false;
                for (var s = Math.Max(0, i - 4); s < i - 1 && !sinceBefore; s++)
                {
                    sinceBefore = PhraseAt(sinces, words, s) is > 0 and var since && s + since < i && words[(s + since)..i].Any(w => w.Any(char.IsAsciiDigit));
                }
                for (var length = Math.Min(3, words.Length - i - 1); length >= 1; length--)
                {
                    var end = i + 1 + length;
                    var sinceAfter = end < words.Length && PhraseAt(sinces, words, end) > 0;
                    if (!(afterProject || sinceBefore || sinceAfter) || words[(i + 1)..end].Any(w => w.Any(char.IsDigit))
                        || Enumerable.Range(i + 1, length).Any(w => PhraseAt(sinces, words, w) > 0 || names.QuestionAt(words, w).Length > 0))
                    {
                        continue;
                    }
                    var place = clause[spans[i + 1].Start..spans[end - 1].End];
                    if (Region(place, language) is not { } code)
                    {
                        continue;
                    }
                    if (found is { } earlier && earlier.Code != code)
                    {
                        return []; // two places where it runs: which is the practice's is for her to say
                    }
                    found = (code, place);
                    break;
                }
            }
        }
        if (found is not { } read)
        {
            return [];
        }
        var answers = new List<ParsedAnswer> { new("region", read.Place, PlaceGuess) };
        var country = read.Code[..2] switch { "EL" => "GR", "UK" => "GB", var prefix => prefix };
        if (Safe("country", country, language))
        {
            answers.Add(new ParsedAnswer("country", country, PlaceGuess));
        }
        return answers;
    }

    /// <summary>The region code core's normaliser reads <paramref name="place"/> as, with no doubt and no country known; null otherwise.</summary>
    private string? Region(string place, string language)
    {
        try
        {
            var read = normaliser.Normalise("region", place, language);
            return read is { Ok: true, NeedsConfirmation: false, Value: System.Text.Json.Nodes.JsonValue value } && value.TryGetValue<string>(out var code) && code.Length >= 3
                ? code
                : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>How the funding sources named in the budget's line are recognised (session 51).</summary>
    public const string FundingInBudget = "budget_funding";

    /// <summary>
    /// The funding sources a budget's answer names after its amount ("80.000 € από το ΕΣΠΑ και τον Δήμο", "50 000 € du FSE et
    /// de la Région", "120.000 euro dal FAMI"): the longest tail opening within <see cref="MaxWordsBeforeSources"/> words of
    /// the amount's last number that core's normaliser reads as funding sources it knows, every part of it (nothing kept
    /// under Other; a shared name such as "ΕΣΠΑ" to confirm); and the amount alone (the answer up to the tail, without the
    /// words that introduce it) when it reads as the budget, else null (the budget stays as typed). Null when no such tail
    /// (session 51: the sources were lost for their own question, and the whole line refused as a budget).
    /// </summary>
    public (ParsedAnswer Funding, string? Amount)? FundingOfBudget(string budget, string language)
    {
        ArgumentNullException.ThrowIfNull(budget);
        if (budget.Length > MaxClauseLength || budget.Contains('\n', StringComparison.Ordinal))
        {
            return null;
        }
        var words = TextKey.Words(budget);
        var spans = TextKey.WordSpans(budget);
        var lastNumber = Array.FindLastIndex(words, w => w.Any(char.IsAsciiDigit));
        if (words.Length != spans.Count || lastNumber < 0)
        {
            return null;
        }
        for (var i = lastNumber + 1; i < words.Length && i <= lastNumber + MaxWordsBeforeSources; i++)
        {
            if (!char.IsWhiteSpace(budget[spans[i].Start.Value - 1]) && budget[spans[i].Start.Value - 1] is not ('(' or ','))
            {
                continue; // "ESF-Mitteln": never from inside a word
            }
            var tail = budget[spans[i].Start..].Trim().TrimEnd('.', ')', ';');
            NormalisedAnswer read;
            try
            {
                read = normaliser.Normalise("funding_sources", tail, language);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return null;
            }
            // A shared name ("ΕΣΠΑ": the structural funds) is kept to confirm, as typed on the funding line it would be.
            if (read.OtherText is null && ((read.Ok && read.Value is System.Text.Json.Nodes.JsonArray { Count: > 0 }) || (read.NeedsConfirmation && read.Candidates.Count > 0)))
            {
                // "80.000 € από", "50 000 € du", "95.000 Euro aus": the amount is what is left without the words before the tail.
                for (var end = i; end > lastNumber; end--)
                {
                    var amount = budget[..spans[end - 1].End].Trim().TrimEnd(',', ' ');
                    var withSymbol = budget[..spans[end].Start].Trim().TrimEnd(',', ' ', '(');
                    foreach (var candidate in new[] { withSymbol, amount })
                    {
                        if (Safe("budget_eur", candidate, language))
                        {
                            return (new ParsedAnswer("funding_sources", tail, FundingInBudget), candidate);
                        }
                    }
                }
                return (new ParsedAnswer("funding_sources", tail, FundingInBudget), null);
            }
        }
        return null;
    }

    /// <summary>How the partners split from the organisation's answer are recognised (session 51): offered, the reply asks to confirm.</summary>
    public const string PartnersOfOrganisation = "organisation_partners";

    /// <summary>
    /// "Φορέας: Δήμος Μυτιλήνης σε συνεργασία με την ΜΚΟ Αλληλεγγύη": the organisation alone and its partners, by core's
    /// <see cref="AnswerNormaliser.OrganisationAndPartners"/> (chat51's split); null when the answer names no partners so.
    /// </summary>
    public (string Organisation, string Partners)? OrganisationAndPartners(string questionId, string text, string language)
    {
        try
        {
            return normaliser.OrganisationAndPartners(questionId, text, language);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Words between a budget's amount and its sources: a currency, "from" and an article ("mil euros do FAMI").</summary>
    private const int MaxWordsBeforeSources = 4;

    /// <summary>Facts a first mail in prose must state to be kept as a draft: one alone is more often a question than a practice.</summary>
    public const int MinFirstMailFacts = 2;

    /// <summary>"sedan 2021", "since March 2020" in a clause (not one ending with "?"): the since-word and the date after it.</summary>
    private string? Since(string clause, string language)
    {
        if (clause.Length is 0 or > MaxClauseLength || clause.EndsWith('?'))
        {
            return null;
        }
        var words = TextKey.Words(clause);
        var spans = TextKey.WordSpans(clause);
        if (words.Length != spans.Count)
        {
            return null;
        }
        for (var i = 0; i < words.Length - 1; i++)
        {
            if (PhraseAt(sinces, words, i) is not (> 0 and var since))
            {
                continue;
            }
            for (var length = Math.Min(3, words.Length - i - since); length >= 1; length--)
            {
                var value = clause[spans[i].Start..spans[i + since + length - 1].End];
                if (value.Any(char.IsAsciiDigit) && words[i + since + length - 1].Any(char.IsAsciiDigit) && Safe(StartDateId, value, language))
                {
                    return value;
                }
            }
        }
        return null;
    }

    private IReadOnlyList<ParsedAnswer> Read(string text, MailMarkers markers, bool correctionsOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(markers);
        var language = texts.GuessLanguage(text) ?? questionnaire.DefaultLanguage;
        var found = new List<ParsedAnswer>();
        foreach (var clause in Clauses(text, markers, correctionsOnly ? MaxWordsBeforeCorrection : MaxWordsBeforeName))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Answer(clause, language, correctionsOnly) is { } answer && !found.Any(a => a.QuestionId == answer.QuestionId))
            {
                found.Add(answer);
            }
        }
        return found;
    }

    /// <summary>The paragraphs of the mail's own text (no quoted line, up to a sign-off), cut into clauses.</summary>
    private IEnumerable<string> Clauses(string text, MailMarkers markers, int before)
    {
        var paragraph = new StringBuilder();
        var lines = TemplateTextParser.SplitLines(text);
        for (var i = 0; i <= lines.Count && i <= MaxLines; i++)
        {
            var line = i < lines.Count && i < MaxLines ? lines[i].Trim() : "";
            if (line.StartsWith('>'))
            {
                line = "";
            }
            else if (line.Length > 0 && line.Length < 80 && (line.StartsWith("--", StringComparison.Ordinal) || line.StartsWith("__", StringComparison.Ordinal) || markers.SignOff.IsMatch(line)))
            {
                // The sign-off and the signature under it ("Tel: …", the organisation) are no answers.
                lines = [.. lines.Take(i)];
                line = "";
            }
            if (line.Length > 0 && line.Length <= ProseCorrections.MaxLineLength * 5)
            {
                paragraph.Append(paragraph.Length > 0 ? " " : "").Append(line);
                continue;
            }
            if (paragraph.Length == 0)
            {
                continue;
            }
            var whole = paragraph.ToString();
            paragraph.Clear();
            // (start, end) of each clause; a piece that starts no fact joins the clause before it.
            var pieces = new List<(int Start, int End)>();
            var at = 0;
            foreach (var (index, length) in splitter.Matches(whole).Select(m => (m.Index, m.Length)).Append((whole.Length, 0)))
            {
                if (pieces.Count > 0 && !StartsAFact(whole[at..index], before))
                {
                    pieces[^1] = (pieces[^1].Start, index);
                }
                else
                {
                    pieces.Add((at, index));
                }
                at = index + length;
            }
            foreach (var (start, end) in pieces)
            {
                yield return whole[start..end].Trim();
            }
        }
    }

    private bool StartsAFact(string piece, int before)
    {
        var words = TextKey.Words(piece);
        // "… fiche remplie. Je reviens vers vous pour le budget": a promise naming its question opens a clause of its own.
        return Name(words, before) is not null || Count(words) is not null || PromiseThenName(words, PromisedAnswers.For(questionnaire)) is not null;
    }

    /// <summary>The question a clause names within its first words: (question, first word, words of the name).</summary>
    private (string Question, int Start, int Length)? Name(string[] words, int before = MaxWordsBeforeName)
    {
        for (var start = 0; start < words.Length && start <= before; start++)
        {
            if (names.QuestionAt(words, start) is ( > 0 and var length, { } question))
            {
                return (question, start, length);
            }
        }
        return null;
    }

    /// <summary>"250 people", "about 40 families": a number and a people word right after it.</summary>
    private (int Start, int End)? Count(string[] words)
    {
        for (var i = 0; i + 1 < words.Length; i++)
        {
            if (words[i].All(char.IsAsciiDigit) && people.Contains(words[i + 1]))
            {
                var start = i;
                while (start > 0 && words[start - 1].All(char.IsAsciiDigit) && words[start - 1].Length <= 3)
                {
                    start--; // "1 250 people", "1.250 people"
                }
                return (start, i + 1);
            }
        }
        return null;
    }

    private ParsedAnswer? Answer(string clause, string language, bool correctionsOnly)
    {
        if (clause.Length is 0 or > MaxClauseLength || clause.EndsWith('?'))
        {
            return null;
        }
        var words = TextKey.Words(clause);
        var spans = TextKey.WordSpans(clause);
        if (words.Length != spans.Count || words.Length == 0)
        {
            return null;
        }
        // A correction may come after a few words of its own ("Außerdem eine Korrektur: die Region ist nicht …"); a value
        // plainly stated a few words further ("… das Budget für 2025 liegt bei ca. 95.000 Euro").
        var near = Name(words, correctionsOnly ? MaxWordsBeforeCorrection : MaxWordsBeforeName);
        (string Question, int Start, int Length)? far = null;
        if (near is null && Name(words, MaxWordsBeforeStatedName) is { } further && IsValueType(further.Question))
        {
            far = further;
        }
        if ((near ?? far) is not var (questionId, start, length))
        {
            if (!correctionsOnly && Count(words) is var (from, to) && Safe("beneficiaries_count", clause[spans[from].Start..spans[to].End], language))
            {
                return new ParsedAnswer("beneficiaries_count", clause[spans[from].Start..spans[to].End], "prose");
            }
            return null;
        }
        if (ContactQuestions.Contains(questionId))
        {
            // The contact's own details come from the sender and the signature, not from a sentence about the practice.
            return null;
        }
        var question = questionnaire.Questions.First(q => q.Id == questionId);
        var after = start + length;
        var end = spans[after - 1].End.Value;
        var verbLength = Verb(words, after);
        var said = verbLength > 0;
        if (said)
        {
            end = spans[after + verbLength - 1].End.Value;
            after += verbLength;
        }
        else if (IsValueType(questionId) && Stated(clause, words, spans, after) is { } statedEnd)
        {
            // "Das Budget für 2025 liegt bei ca. 95.000 Euro", "il budget per la scheda REGIN-0001: 95.000 euro": a few words
            // about the value (its year, the practice), then the verb or a colon; the figure among them is not the value.
            end = statedEnd;
            said = true;
        }
        else if (far is not null)
        {
            return null;
        }
        var rest = clause[end..].TrimStart();
        if (rest.Length > 0 && rest[0] is ':' or '=')
        {
            said = true;
        }
        var value = rest.TrimStart(':', '=', '-', '–', ' ').TrimEnd('.', '!', ',', ';', ' ');
        var corrected = Corrected(value, questionId, language);
        if (corrected is not null)
        {
            value = corrected;
        }
        else if (start > MaxWordsBeforeName && far is null)
        {
            return null;
        }
        if (IsStructured(question.Type) && RemarkAt(value) is > 0 and var remark
            && value[..remark].TrimEnd() is { Length: > 0 } before && Safe(questionId, before, language))
        {
            // "Budgeten är ca 600 000 kronor per år, mest från Allmänna arvsfonden", "95.000 euro in tutto (FAMI e Compagnia
            // di San Paolo)": a piece that names no question is glued to the clause before it (an organisation's "… and
            // Kerry County Council"), but after a date or an amount it, or a bracket, is a remark on it (session 47).
            value = before;
        }
        var valueWords = TextKey.Words(value);
        if (value.Length == 0 || valueWords.Length == 0 || Hedged(valueWords))
        {
            return null;
        }
        var structured = IsStructured(question.Type);
        if (correctionsOnly && !structured)
        {
            return null;
        }
        if (structured)
        {
            if (valueWords.Length > MaxValueWords)
            {
                return null;
            }
        }
        else if (!said || start > 2 || (question.Type is QuestionType.Choice or QuestionType.Multi or QuestionType.Yesno && valueWords.Length > 6)
            || (question.Type is QuestionType.Text && valueWords.Length > 12) || value.Length > ProseCorrections.MaxLineLength)
        {
            // A free text, a choice or a yes/no only after "the title is …", "Organisation: …" at the clause's start.
            return null;
        }
        return Safe(questionId, value, language) ? new ParsedAnswer(questionId, value, corrected is null ? "prose" : Correction) : null;
    }

    /// <summary>
    /// "nicht Oberbayern sondern Schwaben", "not Munster, but Leinster", "όχι Κρήτη αλλά Αττική": the value after the
    /// contrast, when both it and the one before are values of a question whose value is a date, a number, an amount or a
    /// place; "nicht nur …, sondern auch …" (a contrast of two words) adds, it corrects nothing.
    /// </summary>
    private string? Corrected(string value, string questionId, string language)
    {
        var type = questionnaire.Questions.First(q => q.Id == questionId).Type;
        if (type is not (QuestionType.Date or QuestionType.DateOrOngoing or QuestionType.Integer or QuestionType.MoneyEur or QuestionType.Country or QuestionType.Region))
        {
            return null;
        }
        var words = TextKey.Words(value);
        var spans = TextKey.WordSpans(value);
        if (words.Length < 4 || words.Length != spans.Count || PhraseAt(negations, words, 0) is not (> 0 and var negation))
        {
            return null;
        }
        for (var i = negation + 1; i < words.Length - 1; i++)
        {
            var contrast = PhraseAt(contrasts, words, i);
            if (contrast == 0)
            {
                continue;
            }
            if (contrast > 1)
            {
                return null;
            }
            var old = value[spans[negation].Start..spans[i - 1].End].Trim().TrimEnd(',').Trim();
            var now = value[spans[i + 1].Start..].Trim();
            return TextKey.Words(now).Length <= MaxValueWords && Safe(questionId, old, language) && Safe(questionId, now, language) ? now : null;
        }
        return null;
    }

    /// <summary>How many words the verb at <paramref name="at"/> takes ("liegt bei", "is", "was about"), 0 when none is there.</summary>
    private int Verb(string[] words, int at)
    {
        for (var verb = Math.Min(longestVerb, words.Length - at); verb >= 1; verb--)
        {
            if (verbs.ContainsKey(string.Join(' ', words, at, verb)))
            {
                return verb;
            }
        }
        return 0;
    }

    /// <summary>Where a remark after a value starts: its first ", " or " (", or -1.</summary>
    private static int RemarkAt(string value)
    {
        var comma = value.IndexOf(", ", StringComparison.Ordinal);
        var bracket = value.IndexOf(" (", StringComparison.Ordinal);
        return comma < 0 ? bracket : bracket < 0 ? comma : Math.Min(comma, bracket);
    }

    private static bool IsStructured(QuestionType type) => type is QuestionType.Date or QuestionType.DateOrOngoing or QuestionType.Integer or QuestionType.MoneyEur
        or QuestionType.Country or QuestionType.Region or QuestionType.Email or QuestionType.Phone or QuestionType.Url;

    /// <summary>A question whose value is a date, a number or an amount: a sentence states it plainly or not at all.</summary>
    private bool IsValueType(string questionId) =>
        !ContactQuestions.Contains(questionId) && questionnaire.Questions.First(q => q.Id == questionId).Type
            is QuestionType.Date or QuestionType.DateOrOngoing or QuestionType.Integer or QuestionType.MoneyEur;

    /// <summary>
    /// Where the value starts in a clause that names the question at <paramref name="after"/>'s left and says a few words
    /// about it first ("für 2025", "per la scheda REGIN-0001") before its verb or a colon; null when no verb or colon comes
    /// within <see cref="MaxWordsBeforeVerb"/> words, or another question is named among them.
    /// </summary>
    private int? Stated(string clause, string[] words, List<Range> spans, int after)
    {
        for (var gap = 1; gap <= MaxWordsBeforeVerb && after + gap < words.Length; gap++)
        {
            var at = after + gap;
            if (names.QuestionAt(words, at - 1) is ( > 0, _))
            {
                return null; // "das Budget für die Zielgruppe ist …": another question named in between
            }
            var colon = clause.IndexOf(':', spans[at - 1].End.Value);
            if (colon >= 0 && colon < spans[at].Start.Value)
            {
                return colon;
            }
            if (Verb(words, at) is > 0 and var verb)
            {
                return spans[at + verb - 1].End.Value;
            }
        }
        return null;
    }

    /// <summary>How many words the longest phrase of <paramref name="phrases"/> at <paramref name="at"/> takes (0: none).</summary>
    private static int PhraseAt(Dictionary<string, int> phrases, string[] words, int at)
    {
        for (var length = Math.Min(4, words.Length - at); length >= 1; length--)
        {
            if (phrases.ContainsKey(string.Join(' ', words, at, length)))
            {
                return length;
            }
        }
        return 0;
    }

    /// <summary>"the title is still open", "the budget is not known yet": a hedge, not an answer.</summary>
    private bool Hedged(string[] words) =>
        hedges.Any(h => h.Length <= words.Length && h.AsSpan().SequenceEqual(words.AsSpan(0, h.Length)))
        || (words.Length > 1 && hedges.Any(h => h.Length <= words.Length - 1 && h.AsSpan().SequenceEqual(words.AsSpan(1, h.Length))));

    private bool Safe(string questionId, string value, string language)
    {
        try
        {
            var normalised = normaliser.Normalise(questionId, value, language);
            return normalised.Ok && !normalised.NeedsConfirmation;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
    }
}
