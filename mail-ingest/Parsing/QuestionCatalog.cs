using Regin.Core.Normalisation;
using Regin.Core.Normalisation.Matching;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.Core.Localisation;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// The questionnaire seen from the parser: every label in the 8 languages as comparison words, and the lines the
/// template itself prints (hints, options, headings, instructions) so they are never taken for an answer.
/// </summary>
public sealed class QuestionCatalog
{
    private readonly Dictionary<string, List<LabelEntry>> _byFirstWord = new(StringComparer.Ordinal);
    private readonly HashSet<string> _templateLines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _choiceLines = new(StringComparer.Ordinal);
    private readonly List<LabelEntry> _allLabels = [];
    private readonly Dictionary<string, (Question Question, int Index)> _byId = new(StringComparer.OrdinalIgnoreCase);
    // The languages whose locale files name a question with these words (a label or an everyday name), keyed by the words.
    private readonly Dictionary<string, HashSet<string>> _languagesOfWords = new(StringComparer.Ordinal);

    public QuestionCatalog(QuestionnaireDefinition questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        Questionnaire = questionnaire;
        var texts = new Texts(questionnaire);
        Markers = new MailMarkers(questionnaire.Vocabulary)
        {
            Hints = new TemplateHints(questionnaire),
            OurReplyOpenings = questionnaire.Languages.Select(l => TextKey.Fold(texts.Get("mail.reply_greeting", l.Code))).ToHashSet(StringComparer.Ordinal),
            OurAskingHeadings = questionnaire.Languages.SelectMany(l => new[] { "mail.reply_missing", "mail.reply_invalid", "mail.reply_awaiting", "mail.reply_optional_open" }.Select(key => TextKey.Fold(texts.Get(key, l.Code))))
                .ToHashSet(StringComparer.Ordinal),
            OurPointerNotes = questionnaire.Languages.Select(l => texts.Get("mail.reply_points_elsewhere", l.Code).Split("{text}"))
                .Where(parts => parts.Length == 2).Select(parts => (TextKey.Fold(parts[0]), TextKey.Fold(parts[1]))).ToList(),
            KeyLabels = questionnaire.Questions.ToDictionary(q => q.Key,
                q => (IReadOnlyList<string[]>)questionnaire.Languages.Select(l => TextKey.Words(q.Label.In(l.Code))).ToList()),
            CorrectableKeys = questionnaire.Questions
                .Where(q => q.Type is QuestionType.Date or QuestionType.DateOrOngoing or QuestionType.Integer or QuestionType.MoneyEur
                    or QuestionType.Choice or QuestionType.Country or QuestionType.Region)
                .Select(q => q.Key).ToHashSet(),
        };
        foreach (var language in questionnaire.Languages.Select(l => l.Code))
        {
            for (var i = 0; i < questionnaire.Questions.Count; i++)
            {
                var question = questionnaire.Questions[i];
                AddLabel(question, language, question.Label.In(language), i);
                foreach (var alias in question.Aliases.In(language))
                {
                    // An everyday name ("Website", "Consent") names the question; it votes for the mail's language
                    // only when one language alone uses it ("Målgrupp", "Ansvarig organisation"), and less than a label.
                    AddLabel(question, NoLanguage, alias, i, aliasOf: language);
                }
                AddTemplateLine(question.Hint.In(language));
                foreach (var retired in question.RetiredHints.In(language))
                {
                    AddTemplateLine(retired);
                }
                var choices = _choiceLines.TryGetValue(question.Id, out var set) ? set : _choiceLines[question.Id] = new HashSet<string>(StringComparer.Ordinal);
                for (var c = 0; c < question.ChoiceList.Count; c++)
                {
                    choices.Add(TextKey.Fold(TextTemplate.ChoiceLine(c, question.ChoiceList[c], language)));
                }
            }
            foreach (var section in questionnaire.Sections)
            {
                AddTemplateLine(section.Label.In(language));
            }
            AddTemplateLine(texts.Get("mail.template_title", language));
            AddTemplateLine(texts.Get("mail.template_instructions", language));
            var instructions = TextKey.Fold(texts.Get("mail.template_instructions", language));
            InstructionPrefixes.Add(instructions[..Math.Min(40, instructions.Length)]);
        }
        AddTemplateLine(DocxTemplate.Placeholder);
        // "Laufzeit:", "Periodo:", "Duration:": the start date's answer (and the end date's, see PeriodEnd).
        var start = questionnaire.Questions.ToList().FindIndex(q => q.Id == StartDateId);
        if (start >= 0 && questionnaire.Questions.Any(q => q.Id == EndDateId))
        {
            foreach (var name in questionnaire.Vocabulary.PeriodNames.All)
            {
                AddLabel(questionnaire.Questions[start], NoLanguage, name, start, period: true);
            }
        }
        // "Kontakt:", "Contatti:", "Επικοινωνία:": the contact's name, with the e-mail address and phone number written
        // beside it (see TemplateTextParser.SplitContact).
        var contact = questionnaire.Questions.ToList().FindIndex(q => q.Id == ContactNameId);
        if (contact >= 0)
        {
            foreach (var name in questionnaire.Vocabulary.ContactNames.All)
            {
                AddLabel(questionnaire.Questions[contact], NoLanguage, name, contact, isContact: true);
            }
        }
        // "Φορέας", "Ente", "Entidad": the everyday short names the chat hears (the locale files' spoken_names), each the
        // question it names whole before a colon (MatchSpokenName); a name two questions share names neither.
        foreach (var question in questionnaire.Questions)
        {
            foreach (var language in questionnaire.Languages.Select(l => l.Code))
            {
                foreach (var name in question.SpokenNames.In(language))
                {
                    var key = string.Join(' ', TextKey.Words(name));
                    if (key.Length == 0)
                    {
                        continue;
                    }
                    if (!_spokenNames.TryGetValue(key, out var spoken))
                    {
                        _spokenNames[key] = spoken = (question, new HashSet<string>(StringComparer.Ordinal));
                    }
                    else if (spoken.Question?.Id != question.Id)
                    {
                        _spokenNames[key] = spoken = (null, spoken.Languages);
                    }
                    spoken.Languages.Add(language);
                }
            }
        }
        // Built once: the short forms are looked up among all labels, in the order they were added.
        for (var i = 0; i < questionnaire.Questions.Count; i++)
        {
            _byId.TryAdd(questionnaire.Questions[i].Id, (questionnaire.Questions[i], i));
        }
        _allLabels.AddRange(_byFirstWord.Values.SelectMany(list => list));
        var vocabulary = questionnaire.Vocabulary;
        foreach (var phrase in vocabulary.AtQuestion.All.Concat(vocabulary.Fillers.All))
        {
            _leadInWords.UnionWith(TextKey.Words(phrase));
        }
        foreach (var phrase in vocabulary.Yes.All.Concat(vocabulary.No.All).Concat(vocabulary.YesAlone.All))
        {
            var key = string.Join(' ', TextKey.Words(phrase));
            if (key.Length > 0)
            {
                _yesNo.Add(key);
            }
        }
    }

    // Every language's words before a question's name ("at", "for", "zur", "για", "the", "la", "τη"): vocabularies `at_question`
    // and `fillers`, as comparison words.
    private readonly HashSet<string> _leadInWords = new(StringComparer.Ordinal);

    /// <summary>How many of the first words (at most three, never all) are a lead-in before a question's name; 0 when none.</summary>
    private int LeadInLength(string[] words)
    {
        var length = 0;
        while (length < Math.Min(3, words.Length - 1) && _leadInWords.Contains(words[length]))
        {
            length++;
        }
        return length;
    }

    // Every language's yes and no ("sí", "sì", "ja", "ναι", "nej"), as comparison words.
    private readonly HashSet<string> _yesNo = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether the words are a yes or a no in one of the languages: after a yes/no question's key they are its answer, never
    /// its label shortened (Spanish "sí" folds to "si", the first word of the Italian everyday name "Si può pubblicare").
    /// </summary>
    public bool IsYesOrNo(string[] words) => words.Length > 0 && _yesNo.Contains(string.Join(' ', words));

    public QuestionnaireDefinition Questionnaire { get; }

    /// <summary>The reply, forward and sign-off lines of every language's mail programs, built once.</summary>
    public MailMarkers Markers { get; }

    /// <summary>The first words of the instructions in each language (the rest holds the mailbox, which varies).</summary>
    public List<string> InstructionPrefixes { get; } = [];

    public bool IsTemplateLine(string folded) =>
        _templateLines.Contains(folded) || (folded.Length >= 40 && InstructionPrefixes.Any(folded.StartsWith));

    public bool IsChoiceLine(string questionId, string folded) =>
        _choiceLines.TryGetValue(questionId, out var set) && set.Contains(folded);

    public int ChoiceCount(string questionId) => _choiceLines.TryGetValue(questionId, out var set) ? set.Count / Math.Max(1, Questionnaire.Languages.Count) : 0;

    /// <summary>The longest label the words start with, and every language whose label is those same words.</summary>
    public LabelMatch? MatchLabelPrefix(string[] words, Func<Question, bool>? only = null)
    {
        if (words.Length == 0 || !_byFirstWord.TryGetValue(words[0], out var candidates))
        {
            return null;
        }
        LabelEntry? best = null;
        foreach (var entry in candidates)
        {
            if (entry.Words.Length <= words.Length && (best is null || entry.Words.Length > best.Words.Length)
                && (only is null || only(entry.Question)) && StartsWith(words, entry.Words))
            {
                best = entry;
            }
        }
        if (best is null)
        {
            return null;
        }
        var languages = candidates.Where(e => e.Question == best.Question && e.Words.SequenceEqual(best.Words) && e.Language != NoLanguage)
            .Select(e => e.Language).Distinct().ToList();
        return new LabelMatch(best.Question, best.Index, best.Words.Length, languages)
        {
            IsAlias = best.Language == NoLanguage, IsPeriod = best.Period, IsContact = best.Contact, AliasLanguage = OnlyLanguageOf(best),
        };
    }

    /// <summary>
    /// A short form of a label written before a colon ("Start:", "Budget:", "Inizio:"), or a question id
    /// ("start_date:"): the question whose label, in some language, holds all these words in this order, when only
    /// one question's labels do, or, after <paramref name="previous"/>'s answer, the first of them that follows it.
    /// </summary>
    public LabelMatch? MatchShortForm(string text, Question? previous = null)
    {
        var trimmed = text.Trim();
        if (_byId.TryGetValue(trimmed, out var byId))
        {
            return new LabelMatch(byId.Question, byId.Index, 0, []);
        }
        var words = TextKey.Words(trimmed);
        if (words.Length is 0 or > 5)
        {
            return null;
        }
        var found = new List<LabelEntry>();
        foreach (var entry in _allLabels)
        {
            // Words of a question asked as a sentence are any phrase ("REGIN team: sorry, one correction …" opens a mail
            // written to several people): its label whole, or an everyday name of it whole ("Consent:"), names it; a part
            // does not, of the label nor of a name that is a question too ("We: …" is no "Can we publish it").
            if (entry.Sentence ? words.AsSpan().SequenceEqual(entry.Words) : IsSubsequence(words, entry.Words))
            {
                found.Add(entry);
            }
        }
        var questions = found.Select(e => e.Question.Id).Distinct().ToList();
        if (questions.Count == 0 && LeadInLength(words) is > 0 and var leadIn)
        {
            // "For publication:", "Zur Veröffentlichung:", "Pour la publication :", "Για τη δημοσίευση:": a preposition and an
            // article before the question's everyday name (the line was an unread part in every language, session 50).
            return MatchShortForm(string.Join(' ', words[leadIn..]), previous);
        }
        if (questions.Count > 1 && previous is not null && _byId.TryGetValue(previous.Id, out var before))
        {
            // "Organisation:" fits several questions; right after "Name:" it is the contact's, after "Region:" the lead
            // organisation's: the first of them in the questionnaire's order after the answer just before, a few on at most.
            var next = found.Where(e => e.Index > before.Index && e.Index - before.Index <= 3).MinBy(e => e.Index);
            if (next is not null)
            {
                return new LabelMatch(next.Question, next.Index, 0, []);
            }
        }
        if (questions.Count > 1 && found.Where(e => e.Words.AsSpan().StartsWith(words)).Select(e => e.Question.Id).Distinct().ToList() is [var headed])
        {
            // "Lead:" opens the names of one question ("Lead organisation", "Lead partner") and is only a word inside the
            // others' ("Type of lead organisation"): the question whose names it opens (session 53: it named neither).
            found = found.Where(e => e.Question.Id == headed).ToList();
            questions = [headed];
        }
        if (questions.Count != 1)
        {
            return null;
        }
        var first = found[0];
        return new LabelMatch(first.Question, first.Index, 0, found.Select(e => e.Language).Where(l => l != NoLanguage).Distinct().ToList())
        {
            IsPeriod = found.All(e => e.Period),
            IsContact = found.All(e => e.Contact),
            AliasLanguage = found.Select(OnlyLanguageOf).OfType<string>().Distinct().Take(2).ToList() is [var only] ? only : null,
        };
    }

    // The spoken names by their comparison words: the question each names (null when two share it) and its languages.
    private readonly Dictionary<string, (Question? Question, HashSet<string> Languages)> _spokenNames = new(StringComparer.Ordinal);

    /// <summary>
    /// An everyday short name of a question written whole before a colon, "Φορέας:", "Ente:", "Entidad:", "Entidade:" (the
    /// locale files' <c>spoken_names</c>, what the chat hears): the question it names, wherever the line is (session 52:
    /// "Φορέας:" under the template's key lines fitted the leading and the contact's organisation, named neither, and was
    /// quoted back as a line not read). Null when the words are no such name, or two questions share it.
    /// </summary>
    public LabelMatch? MatchSpokenName(string text)
    {
        var key = string.Join(' ', TextKey.Words(text));
        if (!_spokenNames.TryGetValue(key, out var spoken) || spoken.Question is not { } question || !_byId.TryGetValue(question.Id, out var byId))
        {
            return null;
        }
        return new LabelMatch(question, byId.Index, 0, spoken.Languages.Count == 1 ? [.. spoken.Languages] : [])
        {
            IsAlias = true,
            AliasLanguage = spoken.Languages.Count == 1 ? spoken.Languages.First() : null,
        };
    }

    /// <summary>
    /// The one question asking for a number (a count, an amount) whose labels or names, in some language, hold all these
    /// words in order: "Beneficiari" heads the target groups, but "Beneficiari: circa 3000" answers "Numero di beneficiari".
    /// </summary>
    public LabelMatch? MatchNumberQuestion(string[] words)
    {
        if (words.Length == 0)
        {
            return null;
        }
        LabelEntry? only = null;
        foreach (var entry in _allLabels)
        {
            // The same words, or the same words inflected ("Ωφελούμενοι" heads "Αριθμός ωφελούμενων").
            if (entry.Question.Type is QuestionType.Integer or QuestionType.MoneyEur
                && (IsSubsequence(words, entry.Words) || Questionnaire.Languages.Any(l => IsSubsequence(Stems(words, l.Code), Stems(entry.Words, l.Code)))))
            {
                if (only is not null && only.Question.Id != entry.Question.Id)
                {
                    return null;
                }
                only ??= entry;
            }
        }
        return only is null ? null : new LabelMatch(only.Question, only.Index, 0, []);
    }

    private static string[] Stems(string[] words, string language) => Array.ConvertAll(words, w => WordStemmer.Stem(w, language));

    private static bool IsSubsequence(string[] words, string[] label)
    {
        var at = 0;
        foreach (var word in label)
        {
            if (at < words.Length && string.Equals(words[at], word, StringComparison.Ordinal))
            {
                at++;
            }
        }
        return at == words.Length;
    }

    /// <summary>Whether <paramref name="words"/> are the first words of <paramref name="question"/>'s label in a language ("Titel" of "Titel des Praxisbeispiels").</summary>
    public bool IsStartOfLabelOf(string[] words, Question question) =>
        words.Length > 0 && _byFirstWord.TryGetValue(words[0], out var candidates)
        && candidates.Any(e => e.Question.Id == question.Id && e.Words.Length >= words.Length && StartsWith(e.Words, words));

    /// <summary>Whether the words are the start (at least two words, not all) of some label: a label wrapped onto the next line.</summary>
    public bool IsStartOfLongerLabel(string[] words)
    {
        if (words.Length < 2 || !_byFirstWord.TryGetValue(words[0], out var candidates))
        {
            return false;
        }
        return candidates.Any(e => e.Words.Length > words.Length && StartsWith(e.Words, words));
    }

    private void AddLabel(Question question, string language, string label, int index, bool period = false, bool isContact = false, string? aliasOf = null)
    {
        var words = TextKey.Words(label);
        if (words.Length == 0)
        {
            return;
        }
        if ((aliasOf ?? (language == NoLanguage ? null : language)) is { } named)
        {
            var key = string.Join(' ', words);
            if (!_languagesOfWords.TryGetValue(key, out var languages))
            {
                _languagesOfWords[key] = languages = new HashSet<string>(StringComparer.Ordinal);
            }
            languages.Add(named);
        }
        if (!_byFirstWord.TryGetValue(words[0], out var list))
        {
            _byFirstWord[words[0]] = list = [];
        }
        // An everyday name of a question asked as a sentence is taken whole too ("Can we publish it", "Dürfen wir es veröffentlichen").
        list.Add(new LabelEntry(question, index, language, words, period, isContact, aliasOf, IsSentence(aliasOf is null ? label : question.Label.In(aliasOf))));
    }

    private void AddTemplateLine(string text)
    {
        var folded = TextKey.Fold(text);
        if (folded.Length > 0)
        {
            _templateLines.Add(folded);
        }
    }

    /// <summary>Whether a label is a question written as a sentence: it ends with a question mark (Greek ";" too).</summary>
    private static bool IsSentence(string label) => label.TrimEnd() is [.., '?' or ';' or '\u037E' or '\uFF1F'];

    private static bool StartsWith(string[] words, string[] prefix)
    {
        for (var i = 0; i < prefix.Length; i++)
        {
            if (!string.Equals(words[i], prefix[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The language of an alias: none (it casts no vote for the mail's language).</summary>
    private const string NoLanguage = "";

    /// <summary>The questions a period's name answers (questionnaire.md's ids).</summary>
    public const string StartDateId = "start_date";
    public const string EndDateId = "end_date";

    /// <summary>The questions a contact block answers ("Kontakt: Jürgen Weber, j.weber@…, Tel. 0551 …").</summary>
    public const string TitleId = "title";
    public const string ContactNameId = "contact_name";
    public const string ContactEmailId = "contact_email";
    public const string ContactPhoneId = "contact_phone";

    /// <summary>The one language of an everyday name no other language's file uses; null for a label, or a name several share.</summary>
    private string? OnlyLanguageOf(LabelEntry entry) =>
        entry.AliasOf is { } language && _languagesOfWords.TryGetValue(string.Join(' ', entry.Words), out var languages) && languages.Count == 1 ? language : null;

    /// <param name="Sentence">The label is a question written as a sentence ("May the practice be published …, and may the REGIN
    /// team contact you about it?"): no words of it are a short form (<see cref="MatchShortForm"/>).</param>
    private sealed record LabelEntry(Question Question, int Index, string Language, string[] Words, bool Period, bool Contact, string? AliasOf, bool Sentence = false);
}

/// <summary>A label found at the start of a line: its question, how many words it took, and the languages it is written in.</summary>
public sealed record LabelMatch(Question Question, int Index, int WordCount, IReadOnlyList<string> Languages)
{
    /// <summary>An everyday name ("Contact name"), not the template's label: it heads an answer only with a separator
    /// or on a line of its own ("Contact name Maria" is not read as one).</summary>
    public bool IsAlias { get; init; }

    /// <summary>A period's name ("Laufzeit"): the start date's answer, and the end date's when it holds two dates.</summary>
    public bool IsPeriod { get; init; }

    /// <summary>The language of an everyday name only that language uses ("Målgrupp"): one vote for the mail's language.</summary>
    public string? AliasLanguage { get; init; }

    /// <summary>A contact block's name ("Kontakt", "Recapiti"): the contact's name, e-mail address and phone number at once.</summary>
    public bool IsContact { get; init; }
}
