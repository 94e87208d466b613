using Regin.Core.Normalisation;
using Regin.Core.Normalisation.Matching;
using Regin.Core.Questionnaire;

namespace Regin.Core.Conversation.Commands;

/// <summary>
/// Finds command words in a message, in any of the languages: the message is exactly a command word, or a command word
/// followed by a short argument (the command then decides whether that argument is one of its own). Anything else
/// is an answer.
/// </summary>
public sealed partial class CommandParser
{
    private const int MaxArgumentWords = 6;
    private const int MaxLength = 300;

    private readonly List<(string Key, string Command, string Language, bool Main)> _words = [];

    public CommandParser(QuestionnaireDefinition questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        foreach (var (name, words) in questionnaire.Commands)
        {
            foreach (var (language, list) in words)
            {
                // Each word as written and as typed on a keyboard without the language's letters (Greek in Latin letters:
                // "πίσω" as "piso"; German "zurück" as "zurueck"), from the language's "spellings".
                var spellings = questionnaire.Vocabulary.Spellings.TryGetValue(language, out var rules) ? rules : [];
                for (var i = 0; i < list.Length; i++)
                {
                    var keys = list[i].Trim() == "?" ? ["?"] : Spellings.Keys(list[i], spellings);
                    foreach (var key in keys.Where(k => k.Length > 0).Distinct())
                    {
                        _words.Add((key, name, language, i == 0));
                    }
                }
            }
        }
        // The greetings a contributor opens with ("hi", "Guten Tag", "γεια σας"): the continue command's words.
        if (questionnaire.Commands.TryGetValue(CommandNames.Continue, out var greetings))
        {
            foreach (var key in greetings.Values.SelectMany(list => list).Select(word => string.Join(' ', TextKey.Words(word))).Where(key => key.Length > 0))
            {
                _greetings.Add(key);
                _longestGreeting = Math.Max(_longestGreeting, key.Count(c => c == ' ') + 1);
            }
        }
        // The greetings proper (vocabulary greetings): a continue word that is none ("συνεχίζουμε", "let's go on") is not
        // greeted back (session 59: "συνεχίζουμε" alone was answered "Γεια σας και από εμένα!").
        foreach (var key in questionnaire.Vocabulary.Greetings.All.Select(word => string.Join(' ', TextKey.Words(word))).Where(key => key.Length > 0))
        {
            _salutations.Add(key);
            _longestSalutation = Math.Max(_longestSalutation, key.Count(c => c == ' ') + 1);
        }
        // "not sure", "je ne sais pas trop", "vet inte riktigt": beside a skip word, a reason to skip ("je ne sais pas
        // trop, je passe" was stored as the answer).
        foreach (var key in questionnaire.Vocabulary.Unsure.All.Select(phrase => string.Join(' ', TextKey.Words(phrase))).Where(key => key.Length > 0))
        {
            _unsure.Add(key);
            _longestUnsure = Math.Max(_longestUnsure, key.Count(c => c == ' ') + 1);
        }
        // "the second", "il secondo", "den andra": the ordinals that pick a candidate by its place in a list offered.
        foreach (var (_, lists) in questionnaire.Vocabulary.PartOrdinals)
        {
            for (var place = 0; place < lists.Length; place++)
            {
                foreach (var key in lists[place].Select(word => string.Join(' ', TextKey.Words(word))).Where(key => key.Length > 1))
                {
                    _ordinals.TryAdd(key, place + 1);
                }
            }
        }
        // "change question seven": the whole numbers a question can have, in words (a word two numbers share names neither).
        foreach (var (value, words) in questionnaire.Vocabulary.NumberWords)
        {
            if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var whole)
                || whole < 1 || whole > questionnaire.Questions.Count)
            {
                continue;
            }
            foreach (var key in words.All.Select(word => string.Join(' ', TextKey.Words(word))).Where(key => key.Length > 0 && !key.Contains(' ', StringComparison.Ordinal)))
            {
                _numberWords[key] = _numberWords.TryGetValue(key, out var other) && other != value ? "" : value;
            }
        }
        foreach (var shared in _numberWords.Where(pair => pair.Value.Length == 0).Select(pair => pair.Key).ToList())
        {
            _numberWords.Remove(shared);
        }
        // Longest words first: "what is" before "what", "start again" before "start".
        _words.Sort((a, b) => b.Key.Length.CompareTo(a.Key.Length));
        _byFirstLetter = _words.GroupBy(w => w.Key[0]).ToDictionary(g => g.Key, g => g.ToArray());
        // What Slip compares a word with: the one-word keys of its commands by first letter (in the order of _words), and
        // the first four letters of every key of four or five.
        _slipWords = _words.Where(w => SlipCommands.Contains(w.Command) && !w.Key.Contains(' ', StringComparison.Ordinal))
            .GroupBy(w => w.Key[0]).ToDictionary(g => g.Key, g => g.ToArray());
        _shortKeyStarts = _words.Where(w => w.Key.Length is 4 or 5).Select(w => w.Key[..4]).ToHashSet(StringComparer.Ordinal);
        // "oups, corriger le titre: X", "change the title: X", "ich korrigiere den Titel: X": the change command's words open a
        // correction that names its question and gives its value (the message was the answer to the question on screen).
        foreach (var (key, _, _, _) in _words.Where(w => w.Command == CommandNames.Change && w.Key.Any(char.IsLetter)))
        {
            _changeWords.Add(key);
            _longestChangeWords = Math.Max(_longestChangeWords, key.Count(c => c == ' ') + 1);
        }
        foreach (var (key, command, _, _) in _words.Where(w => SentenceCommands.Contains(w.Command) && w.Key != "?"))
        {
            _inSentence.TryAdd(key, command);
            _inSentenceStarts.Add(FirstWord(key));
            _longestInSentence = Math.Max(_longestInSentence, key.Count(c => c == ' ') + 1);
        }
        // "change the region", "ich möchte die Region korrigieren": a question named by its label or an everyday name in
        // any language, or "the dates" (both dates): core's one lookup of question names, shared with the mail's sentences.
        _questionNames = QuestionNames.Of(questionnaire);
        for (var i = 0; i < questionnaire.Questions.Count; i++)
        {
            if (questionnaire.Questions[i].Type == QuestionType.Text)
            {
                _oneLineTexts.Add((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (questionnaire.Questions[i].Type == QuestionType.Longtext)
            {
                _longTexts.Add((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        foreach (var key in questionnaire.Vocabulary.Corrections.All.Select(phrase => string.Join(' ', TextKey.Words(phrase))).Where(key => key.Length > 0))
        {
            _corrections.Add(key);
            _longestCorrection = Math.Max(_longestCorrection, key.Count(c => c == ' ') + 1);
        }
        // Where the value of a correction ends: "2022 not 2021", "2021, nicht 2022", "2022 men inte 2023".
        foreach (var key in questionnaire.Vocabulary.Negations.All.Concat(questionnaire.Vocabulary.Contrasts.All).SelectMany(TextKey.Words))
        {
            _valueEnds.Add(key);
        }
        // "the org is Cork City Council not Dublin": the verb between a question's name and its new value, and where the value
        // ends ("not Dublin", ", no Huesca").
        foreach (var key in questionnaire.Vocabulary.CorrectionVerbs.All.Select(phrase => string.Join(' ', TextKey.Words(phrase))).Where(key => key.Length > 0))
        {
            _correctionVerbs.Add(key);
            _longestCorrectionVerb = Math.Max(_longestCorrectionVerb, key.Count(c => c == ' ') + 1);
        }
        // Each language's own: Spanish "no" is Portuguese "in the" ("o título é integrar no porto").
        foreach (var (language, phrases) in questionnaire.Vocabulary.InsteadOf)
        {
            var keys = _insteadOf[language] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var key in phrases.Select(phrase => string.Join(' ', TextKey.Words(phrase))).Where(key => key.Length > 0))
            {
                keys.Add(key);
                _longestInsteadOf = Math.Max(_longestInsteadOf, key.Count(c => c == ' ') + 1);
            }
        }
        // "o nome está errado, é só marta ribeiro", "der Name ist falsch, nur Petra Vogel": after a question's name, words saying
        // its answer is wrong, then words leading to the right value.
        foreach (var key in questionnaire.Vocabulary.WrongAnswer.All.Select(phrase => string.Join(' ', TextKey.Words(phrase))).Where(key => key.Length > 0))
        {
            _wrongAnswer.Add(key);
            _longestWrongAnswer = Math.Max(_longestWrongAnswer, key.Count(c => c == ' ') + 1);
        }
        foreach (var key in questionnaire.Vocabulary.WrongAnswerThen.All.Select(phrase => string.Join(' ', TextKey.Words(phrase))).Where(key => key.Length > 0))
        {
            _wrongAnswerThen.Add(key);
            _longestWrongAnswerThen = Math.Max(_longestWrongAnswerThen, key.Count(c => c == ' ') + 1);
        }
        _backBy.UnionWith(questionnaire.Vocabulary.BackBy.All.SelectMany(TextKey.Words));
        // "change 5 to just Welcome Tables", "alterar a 8 para Camara Municipal de Braga": the words between a question's number
        // and its new value, and the words naming a number as a question's ("question", "a", "nr").
        foreach (var key in questionnaire.Vocabulary.ChangeTo.All.Select(phrase => string.Join(' ', TextKey.Words(phrase))).Where(key => key.Length > 0))
        {
            _changeTo.Add(key);
            _longestChangeTo = Math.Max(_longestChangeTo, key.Count(c => c == ' ') + 1);
        }
        _questionRefs.UnionWith(questionnaire.Vocabulary.QuestionRefs.All.SelectMany(TextKey.Words));
        foreach (var key in questionnaire.Vocabulary.AtQuestion.All.Select(phrase => string.Join(' ', TextKey.Words(phrase))).Where(key => key.Length > 0))
        {
            _atQuestion.Add(key);
            _longestAtQuestion = Math.Max(_longestAtQuestion, key.Count(c => c == ' ') + 1);
        }
        // "début 2022 et pas 2021", "2022 y no 2021": an "and" before where the value ends is no part of it.
        foreach (var key in questionnaire.Vocabulary.And.All.SelectMany(TextKey.Words))
        {
            _valueJoins.Add(key);
        }
        // "can we do this in German?", "auf Englisch bitte", "en français svp": each language's names in every language.
        foreach (var language in questionnaire.Languages)
        {
            _languageNames.TryAdd(string.Join(' ', TextKey.Words(language.Name)), language.Code);
        }
        foreach (var (code, names) in questionnaire.Vocabulary.LanguageNames)
        {
            foreach (var key in names.All.Select(name => string.Join(' ', TextKey.Words(name))).Where(key => key.Length > 0))
            {
                _languageNames.TryAdd(key, code);
                _longestLanguageName = Math.Max(_longestLanguageName, key.Count(c => c == ' ') + 1);
            }
        }
        _languageRequestWords.UnionWith(questionnaire.Vocabulary.LanguageRequests.All.SelectMany(TextKey.Words));
        foreach (var (language, fillers) in questionnaire.Vocabulary.CommandFillers)
        {
            var spellings = questionnaire.Vocabulary.Spellings.TryGetValue(language, out var rules) ? rules : [];
            foreach (var key in fillers.SelectMany(f => Spellings.Keys(f, spellings)))
            {
                _requestWords.UnionWith(key.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }
        KnowPhraseStarts([_greetings, _unsure, _corrections, _changeWords, _correctionVerbs, _wrongAnswer, _wrongAnswerThen, _changeTo, _atQuestion, _languageNames.Keys, .. _insteadOf.Values]);
    }

    /// <summary>The commands a request in a sentence may be ("je voudrais modifier la question 7", "kan vi ta en paus?").</summary>
    private static readonly HashSet<string> SentenceCommands =
        [CommandNames.Help, CommandNames.Skip, CommandNames.Keep, CommandNames.Back, CommandNames.Change, CommandNames.Summary, CommandNames.Pause, CommandNames.Submit, CommandNames.NoReminders];

    private const int MaxSentenceWords = 10;
    private readonly QuestionNames _questionNames;
    // The first word of every command word in a sentence: a word that starts none is looked up no further (most words of an
    // answer), with no key joined for each length (the question names do the same, in QuestionNames).
    private readonly HashSet<string> _inSentenceStarts = new(StringComparer.Ordinal);
    private readonly Dictionary<char, (string Key, string Command, string Language, bool Main)[]> _slipWords;
    private readonly HashSet<string> _shortKeyStarts;

    /// <summary>
    /// The first word of every phrase of each set <see cref="PhraseAt"/> looks in, by the set (made at the constructor's end,
    /// when the sets are complete: none changes after it). A set not here is looked in at every length, as before.
    /// </summary>
    private readonly Dictionary<ICollection<string>, HashSet<string>> _phraseStarts = new(ReferenceEqualityComparer.Instance);

    private void KnowPhraseStarts(params ICollection<string>[] sets)
    {
        foreach (var set in sets)
        {
            _phraseStarts[set] = set.Select(FirstWord).ToHashSet(StringComparer.Ordinal);
        }
    }

    private static string FirstWord(string key) => key.IndexOf(' ', StringComparison.Ordinal) is var space and >= 0 ? key[..space] : key;
    private readonly Dictionary<string, string> _inSentence = new(StringComparer.Ordinal);
    private readonly HashSet<string> _requestWords = new(StringComparer.Ordinal);
    private int _longestInSentence;

    private readonly HashSet<string> _corrections = new(StringComparer.Ordinal);
    private int _longestCorrection;
    private readonly HashSet<string> _changeWords = new(StringComparer.Ordinal);
    private int _longestChangeWords;
    private readonly HashSet<string> _valueEnds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _numberWords = new(StringComparer.Ordinal);
    private readonly HashSet<string> _valueJoins = new(StringComparer.Ordinal);
    private readonly HashSet<string> _correctionVerbs = new(StringComparer.Ordinal);
    private int _longestCorrectionVerb;
    private readonly Dictionary<string, HashSet<string>> _insteadOf = new(StringComparer.OrdinalIgnoreCase);
    private int _longestInsteadOf;
    private readonly HashSet<string> _wrongAnswer = new(StringComparer.Ordinal);
    private int _longestWrongAnswer;
    private readonly HashSet<string> _wrongAnswerThen = new(StringComparer.Ordinal);
    private int _longestWrongAnswerThen;
    private readonly HashSet<string> _backBy = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changeTo = new(StringComparer.Ordinal);
    private int _longestChangeTo;
    private readonly HashSet<string> _atQuestion = new(StringComparer.Ordinal);
    private int _longestAtQuestion;
    private readonly HashSet<string> _questionRefs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _oneLineTexts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _longTexts = new(StringComparer.Ordinal);

    private readonly Dictionary<string, string> _languageNames = new(StringComparer.Ordinal);
    private int _longestLanguageName = 1;
    private readonly HashSet<string> _languageRequestWords = new(StringComparer.Ordinal);

    private readonly HashSet<string> _greetings = new(StringComparer.Ordinal);
    private readonly HashSet<string> _salutations = new(StringComparer.Ordinal);
    private int _longestSalutation;
    private int _longestGreeting;

    /// <summary>Whether a greeting proper (vocabulary <c>greetings</c>: "hi", "γεια σας") is among the words: a continue word alone is none.</summary>
    public bool Salutes(string? text)
    {
        var words = TextKey.Words(text ?? "");
        for (var i = 0; i < words.Length; i++)
        {
            for (var length = 1; length <= Math.Min(_longestSalutation, words.Length - i); length++)
            {
                if (_salutations.Contains(length == 1 ? words[i] : string.Join(' ', words, i, length)))
                {
                    return true;
                }
            }
        }
        return false;
    }
    private readonly Dictionary<string, int> _ordinals = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unsure = new(StringComparer.Ordinal);
    private int _longestUnsure;

    /// <summary>
    /// Whether a clause is a greeting and nothing else: "hi there", "Hallo zusammen", "hej hej", "good morning all" (a
    /// greeting, repeated or not, among request words: vocabulary <c>command_fillers</c>).
    /// </summary>
    public bool IsGreeting(string clause)
    {
        var words = TextKey.Words(clause);
        if (words.Length is 0 or > MaxSentenceWords)
        {
            return false;
        }
        // Every way through the words, not the longest greeting first: "hola buenas tardes" is "hola" + "buenas tardes",
        // though "hola buenas" is a greeting too and left "tardes" over (the Spanish run of session 45 stored it as the
        // name). 0: not reached; 1: reached by request words only; 2: reached with a greeting on the way.
        Span<byte> reached = stackalloc byte[words.Length + 1];
        reached[0] = 1;
        var greetingStarts = _phraseStarts.GetValueOrDefault(_greetings);
        for (var i = 0; i < words.Length; i++)
        {
            if (reached[i] == 0)
            {
                continue;
            }
            if (greetingStarts is null || greetingStarts.Contains(words[i]))
            {
                for (var length = 1; length <= Math.Min(_longestGreeting, words.Length - i); length++)
                {
                    if (_greetings.Contains(length == 1 ? words[i] : string.Join(' ', words, i, length)))
                    {
                        reached[i + length] = 2;
                    }
                }
            }
            if (_requestWords.Contains(words[i]))
            {
                reached[i + 1] = Math.Max(reached[i + 1], reached[i]);
            }
        }
        return reached[words.Length] == 2;
    }

    /// <summary>Whether words are talk around the answer rather than an answer: a request word of three letters or more
    /// among them ("I'd like to submit a practice", "ich möchte ein Projekt eintragen", "θα ήθελα να…"; not the "o" of
    /// "O'Brien"), or a question ("how are you?").</summary>
    public bool IsTalk(string text) =>
        text.TrimEnd().EndsWith('?') || TextKey.Words(text).Any(word => word.Length >= 3 && _requestWords.Contains(word));

    /// <summary>
    /// The code of the language a short request names, in any language ("can we do this in German?", "auf Englisch bitte",
    /// "en français svp", "μπορούμε να συνεχίσουμε στα αγγλικά;"): one language named, by its own name or another language's
    /// name for it, among request words and the words of a switch (vocabulary <c>language_requests</c>); null otherwise
    /// (each was refused as an answer, or stored as one). A language's name alone is no request here: it may be an answer.
    /// </summary>
    public string? LanguageRequest(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
        {
            return null;
        }
        var words = TextKey.Words(text);
        if (words.Length is < 2 or > MaxSentenceWords)
        {
            return null;
        }
        return LanguagesNamed(words) is ({ } code, false, false) ? code : null; // two languages: "English and Greek" is an answer
    }

    /// <summary>
    /// The one language a short message names among other words, where the chat asked which language ("English then", "ok
    /// english it is", "mejor en español gracias", "Deutsch wäre gut"): it was asked again and again, the words beside the
    /// name being no request words. Six words at most; two languages named ("English or French?") name none.
    /// </summary>
    public string? OneLanguageNamedIn(string? text)
    {
        var words = TextKey.Words(text);
        if (words.Length is 0 or > 6)
        {
            return null;
        }
        return LanguagesNamed(words) is ({ } code, false, _) ? code : null;
    }

    /// <summary>
    /// The language the words name (the first one named), whether they name several, and whether any word is neither a
    /// language's name nor a request word ("please", "switch", "in").
    /// </summary>
    private (string? Code, bool Several, bool OtherWords) LanguagesNamed(string[] words)
    {
        string? code = null;
        var several = false;
        var otherWords = false;
        for (var i = 0; i < words.Length; i++)
        {
            if (PhraseAt(_languageNames.Keys, _longestLanguageName, words, i) is > 0 and var length)
            {
                var named = _languageNames[length == 1 ? words[i] : string.Join(' ', words, i, length)];
                several |= code is not null && code != named;
                code ??= named;
                i += length - 1;
            }
            else if (!_requestWords.Contains(words[i]) && !_languageRequestWords.Contains(words[i]))
            {
                otherWords = true;
            }
        }
        return (code, several, otherWords);
    }

    /// <summary>Whether every word is a request word ("go", "please", "now": the "go" of "ok go").</summary>
    public bool IsRequestWordsOnly(string text)
    {
        var words = TextKey.Words(text);
        return words.Length is > 0 and <= MaxSentenceWords && words.All(_requestWords.Contains);
    }


    /// <summary>The length of the longest phrase of <paramref name="phrases"/> at <paramref name="start"/>, 0 for none.</summary>
    private int PhraseAt(ICollection<string> phrases, int longest, string[] words, int start)
    {
        // A word that starts no phrase of the set starts none of its lengths: no phrase joined for each (most words).
        if (start >= words.Length || _phraseStarts.TryGetValue(phrases, out var starts) && !starts.Contains(words[start]))
        {
            return 0;
        }
        for (var length = Math.Min(longest, words.Length - start); length > 0; length--)
        {
            if (phrases.Contains(length == 1 ? words[start] : string.Join(' ', words, start, length)))
            {
                return length;
            }
        }
        return 0;
    }

    /// <summary>
    /// The place an ordinal picks among request words ("the second one", "il secondo", "la deuxième", "den andra", "το
    /// δεύτερο": 2), or null. Ordinals of one letter ("α", "I") pick nothing: they are answers as often.
    /// </summary>
    public int? OrdinalPick(string text)
    {
        var words = TextKey.Words(text);
        if (words.Length is 0 or > 4)
        {
            return null;
        }
        int? place = null;
        foreach (var word in words)
        {
            if (_ordinals.TryGetValue(word, out var found) && place is null)
            {
                place = found;
            }
            else if (!_requestWords.Contains(word))
            {
                return null;
            }
        }
        return place;
    }

    /// <summary>
    /// A command asked for in a short sentence of the languages' request words around its word: "je voudrais modifier la
    /// question 7", "revenir à la question précédente", "ich möchte eine Pause machen", "can I skip this one?", "θέλω να
    /// αλλάξω την ερώτηση 7". Every other word must be a request word (vocabulary <c>command_fillers</c>: "I", "can",
    /// "please", "the", "question", "take", "machen"), but for the number of a question to change; null otherwise, so an
    /// answer that only mentions a pause ("Pause café solidaire") stays an answer.
    /// </summary>
    public CommandMatch? ParseRequest(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
        {
            return null;
        }
        var words = TextKey.Words(text);
        if (words.Length is < 2 or > MaxSentenceWords)
        {
            return null;
        }
        string? command = null;
        string? keyword = null;
        string? number = null;
        // "perdona, me equivoqué, puedo volver atrás?": a mistake owned (a change word, "me equivoqué", "je me suis
        // trompée") beside another command, with no question named, is that other command (it was stored as the answer).
        var changeBeside = false;
        var unsure = false;
        // "je reviens à 14h", "vuelvo a las 14:30", "torno alle 3pm": when the contributor comes back, beside a pause word.
        var clock = false;
        // "go back two", "zwei Fragen zurück", "torna indietro di due": a count (digits or a number word) before the back word,
        // or right after it (past "by", "di"), is how many questions to go back; "back to 2", "zurück zu Frage 2" name a question.
        var counted = false;
        var countAt = -1;
        var backStart = -1;
        var backEnd = -1;
        for (var i = 0; i < words.Length;)
        {
            // Before the command words: "no" of "no idea" is no answer here.
            if (PhraseAt(_unsure, _longestUnsure, words, i) is > 0 and var unsureLength)
            {
                unsure = true;
                i += unsureLength;
                continue;
            }
            var (length, found) = CommandAt(words, i);
            if (length > 0)
            {
                if (command is not null && command != found)
                {
                    if (changeBeside || (command != CommandNames.Change && found != CommandNames.Change))
                    {
                        return null; // two commands: "skip and go back" is no request of one
                    }
                    changeBeside = true;
                    if (command == CommandNames.Change)
                    {
                        (command, keyword) = (found, string.Join(' ', words, i, length));
                    }
                    i += length;
                    continue;
                }
                command = found;
                keyword ??= string.Join(' ', words, i, length);
                if (found == CommandNames.Back && backStart < 0)
                {
                    backStart = i;
                    // "torna alla domanda 5", "je reviens à la question 5": a back word ending in "question" names the question.
                    backEnd = _requestWords.Contains(words[i + length - 1]) ? int.MaxValue : i + length;
                }
                i += length;
            }
            else if (words[i].All(char.IsAsciiDigit) && number is null)
            {
                (counted, countAt) = (true, i);
                number = words[i++];
            }
            else if (ClockTime().IsMatch(words[i]) || (words[i].All(char.IsAsciiDigit) && number is { Length: <= 2 }))
            {
                clock = true; // "14h", "3pm", the minutes of "14:30"
                i++;
            }
            else if (number is null && QuestionNameAt(words, i) is ( > 0 and var nameLength, var named))
            {
                number = named;
                i += nameLength;
            }
            else if (_requestWords.Contains(words[i]))
            {
                i++;
            }
            else if (number is null && _numberWords.TryGetValue(words[i], out var spelled))
            {
                // "go back two", "zurück zu Frage zwei": a number in words is one in digits.
                (counted, countAt) = (true, i);
                number = spelled;
                i++;
            }
            else
            {
                return null;
            }
        }
        if (command == CommandNames.Back && counted && !changeBeside && !unsure
            && (countAt < backStart || (backEnd <= countAt && Enumerable.Range(backEnd, countAt - backEnd).All(at => _backBy.Contains(words[at])))))
        {
            return new CommandMatch(command, number!, keyword!, _words.Where(w => w.Key == keyword && w.Command == command).Select(w => w.Language).Distinct().ToList());
        }
        // "go back to question 8", "tornare alla domanda 8", "zurück zu Frage 1": going back to a question named is changing
        // it (each was stored as the answer on screen).
        if (command == CommandNames.Back && number is not null && !changeBeside)
        {
            command = CommandNames.Change;
        }
        // "je reviens à 14h", "volto às 14", "torno alle 15": a pause until then (the hour is no question to change).
        if (command == CommandNames.Pause && !changeBeside && !unsure && (clock || number is { Length: <= 2 } && int.Parse(number, System.Globalization.CultureInfo.InvariantCulture) <= 24))
        {
            return new CommandMatch(command, "", keyword!, _words.Where(w => w.Key == keyword && w.Command == command).Select(w => w.Language).Distinct().ToList());
        }
        if (clock)
        {
            return null;
        }
        if (command is null || (number is not null) != (command == CommandNames.Change) || (changeBeside && number is not null)
            || (unsure && command != CommandNames.Skip))
        {
            return null;
        }
        var owners = _words.Where(w => w.Key == keyword && w.Command == command).Select(w => w.Language).Distinct().ToList();
        return new CommandMatch(command, number ?? "", keyword!, owners);
    }

    /// <summary>The commands a one-word typing slip is read as: going somewhere, never a change of what is stored.</summary>
    private static readonly HashSet<string> SlipCommands =
        [CommandNames.Summary, CommandNames.Back, CommandNames.Help, CommandNames.Pause, CommandNames.Skip, CommandNames.Submit];

    /// <summary>
    /// A command word typed with one slip after its first letter, alone: a word of five letters or more with one letter
    /// left out, added, changed or two neighbours swapped ("sumary", "zurük", "indietr", "tillbka", "zusamenfassung"); at
    /// four letters only what reads as no word (<see cref="ShortSlip"/>: "bakc", "hlep", "atrs", "zurü", "indi"). That
    /// command; null when two commands are a slip away, or for anything else. The engine asks it only where the word is no
    /// answer to the question on screen (they were kept under Other, or refused as a date, or stored as a name).
    /// </summary>
    public CommandMatch? Slip(string? text, string? language = null)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
        {
            return null;
        }
        var folded = TextKey.Fold(text);
        if (folded.Length < 4 || folded.Contains(' ', StringComparison.Ordinal))
        {
            return null;
        }
        // "Pass", "Salt", "Volt": four letters that are a command word, or one short of one, are no cut of a longer word.
        var cut = folded.Length == 4 && language is not null && !_shortKeyStarts.Contains(folded);
        // The first letter as typed: a slip there makes other words ("Alta", high, at a long text, is "salta" less its "s").
        if (!_slipWords.TryGetValue(folded[0], out var candidates))
        {
            return null;
        }
        CommandMatch? found = null;
        foreach (var (key, command, owner, main) in candidates)
        {
            if (key == folded)
            {
                continue;
            }
            var slipped = folded.Length == 4
                ? ShortSlip(folded, key, cut && main && owner == language)
                : key.Length >= 5 && Math.Abs(key.Length - folded.Length) <= 1 && OneSlipApart(folded, key);
            if (!slipped)
            {
                continue;
            }
            if (found is not null && found.Name != command)
            {
                return null;
            }
            // A slip says nothing of the language it was typed in ("bakc" in a Swedish chat is no English: no hint to switch).
            found ??= Match(command, "", key) with { KeywordLanguages = [] };
        }
        return found;
    }

    private const string Vowels = "aeiouyαεηιουω";

    /// <summary>
    /// A four-letter slip of <paramref name="key"/> that reads as no word, where most one-letter slips of a short word make
    /// another word or a name ("Lugo" is "luego" less its "e", "Hopp" (hope) Swedish "hoppa" less its "a", "Auto" Italian
    /// "aiuto" less its "i", "Toro", "Lego", "Volt"; "Bako", "Hope" near nothing): two neighbours swapped in a four-letter
    /// command word ("bakc", "bcak", "sikp", "hlep", "πσίω"); a vowel left out between two consonants of a five-letter one
    /// ("atrs", "hlfe", "trna"); or, of the chat's own main command word of six letters or more, its first four letters
    /// (<paramref name="ownMainWord"/>: "zurü", "indi", "riep", sent before the word was finished; "till" of "tillbaka" is
    /// read so in Swedish only).
    /// </summary>
    private static bool ShortSlip(string typed, string key, bool ownMainWord)
    {
        if (key.Length == 4)
        {
            var at = 1;
            while (at < 4 && typed[at] == key[at])
            {
                at++;
            }
            return at < 3 && typed[at] == key[at + 1] && typed[at + 1] == key[at] && typed.AsSpan(at + 2).SequenceEqual(key.AsSpan(at + 2));
        }
        if (key.Length == 5)
        {
            var at = 1;
            while (at < 4 && typed[at] == key[at])
            {
                at++;
            }
            return at < 4 && typed.AsSpan(at).SequenceEqual(key.AsSpan(at + 1))
                && Vowels.Contains(key[at], StringComparison.Ordinal)
                && char.IsLetter(key[at - 1]) && !Vowels.Contains(key[at - 1], StringComparison.Ordinal)
                && char.IsLetter(key[at + 1]) && !Vowels.Contains(key[at + 1], StringComparison.Ordinal);
        }
        return ownMainWord && key.Length >= 6 && key.StartsWith(typed, StringComparison.Ordinal);
    }

    /// <summary>One letter left out, added, changed, or two neighbours swapped.</summary>
    private static bool OneSlipApart(string typed, string word)
    {
        var start = 0;
        while (start < typed.Length && start < word.Length && typed[start] == word[start])
        {
            start++;
        }
        if (typed.Length == word.Length)
        {
            return start < typed.Length
                && (typed.AsSpan(start + 1).SequenceEqual(word.AsSpan(start + 1))
                    || start + 1 < typed.Length && typed[start] == word[start + 1] && typed[start + 1] == word[start]
                        && typed.AsSpan(start + 2).SequenceEqual(word.AsSpan(start + 2)));
        }
        var (shorter, longer) = typed.Length < word.Length ? (typed, word) : (word, typed);
        return shorter.AsSpan(start).SequenceEqual(longer.AsSpan(start + 1));
    }

    /// <summary>
    /// Whether the message is correction words alone, with request words between them ("sorry", "oops, my bad",
    /// "Entschuldigung", "perdón"): an apology with no value after it answers no question (it was stored as the
    /// organisation's name).
    /// </summary>
    public bool IsCorrectionAlone(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength || text.Contains('\n', StringComparison.Ordinal))
        {
            return false;
        }
        var words = TextKey.Words(text);
        var corrections = 0;
        for (var at = 0; at < words.Length;)
        {
            var length = PhraseAt(_corrections, _longestCorrection, words, at);
            if (length > 0)
            {
                corrections++;
                at += length;
            }
            else if (_requestWords.Contains(words[at]))
            {
                at++;
            }
            else
            {
                return false;
            }
        }
        return corrections > 0;
    }

    /// <summary>
    /// The words after correction words opening <paramref name="text"/> ("I meant advice", "intendevo consulenza", "jag menade
    /// rådgivning": the value meant), or null when no correction word opens it.
    /// </summary>
    public string? AfterCorrectionWords(string text)
    {
        var words = TextKey.Words(text);
        var spans = TextKey.WordSpans(text);
        if (text.Length > MaxLength || spans.Count != words.Length)
        {
            return null;
        }
        var at = 0;
        while (at < words.Length)
        {
            if (PhraseAt(_corrections, _longestCorrection, words, at) is > 0 and var length)
            {
                at += length;
            }
            else if (at > 0 && _requestWords.Contains(words[at]))
            {
                at++;
            }
            else
            {
                break;
            }
        }
        return at > 0 && at < words.Length ? text[spans[at].Start.Value..].Trim() : null;
    }

    /// <summary>The words of a one-line message of any number of words (3 at least) up to the usual length in characters, or null.</summary>
    private static string[]? LongCorrectionWords(string text) =>
        string.IsNullOrWhiteSpace(text) || text.Length > MaxLength || text.Contains('\n', StringComparison.Ordinal) || TextKey.Words(text) is not { Length: >= 3 } words
            ? null : words;

    /// <summary>The words of a one-line message short enough to be a correction (3 words at least), or null.</summary>
    private static string[]? CorrectionWords(string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength || text.Contains('\n', StringComparison.Ordinal))
        {
            return null;
        }
        var words = TextKey.Words(text);
        return words.Length < 3 || words.Length > MaxSentenceWords + 4 ? null : words;
    }

    /// <summary>
    /// A correction of another answer typed at the question on screen: a correction word (vocabulary <c>corrections</c>:
    /// "sorry", "Korrektur", "förlåt", "διόρθωση"), request words, a question's name ("start", "Beginn", "έναρξη"), then its
    /// new value ("sorry, start was 2022 not 2021", "Korrektur: Beginn 2022"). Gives the question's number and the readings
    /// of the value to try, the likeliest first: as written, without one or two words before it ("was", "war", "ήταν"), and
    /// each cut where a negation or a contrast begins ("not 2021", ", nicht 2022"). The number is empty when no question is
    /// named ("sorry I meant 2022"). Null for anything else.
    /// </summary>
    public (string Number, IReadOnlyList<string> Values)? Correction(string? text) => CorrectionOf(text);

    /// <summary>
    /// The words before a "not …" tail of the chat's <paramref name="language"/> (vocabulary <c>instead_of</c>: "it's 50k not
    /// 80k": "it's 50k"); the text itself when there is none.
    /// </summary>
    public string BeforeInsteadOf(string text, string language)
    {
        var words = TextKey.Words(text);
        var spans = TextKey.WordSpans(text);
        if (spans.Count != words.Length || !_insteadOf.TryGetValue(language, out var own))
        {
            return text;
        }
        for (var i = 1; i < words.Length; i++)
        {
            if (PhraseAt(own, _longestInsteadOf, words, i) > 0)
            {
                return text[..spans[i].Start.Value].Trim().TrimEnd(',', ';').Trim();
            }
        }
        return text;
    }

    private (string Number, IReadOnlyList<string> Values)? CorrectionOf(string? text)
    {
        if (text is not null && CorrectionWords(text) is null && LongCorrectionWords(text) is not null)
        {
            // "desculpe, a data de inicio correta e janeiro de 2022, em 2021 foi so a preparacao" (chatplay47's Lisbon run, 16
            // words: stored as the objectives on screen): read in its first clauses, the longest short enough; what follows
            // the value's comma explains it.
            for (var comma = text.LastIndexOf(','); comma > 0; comma = text.LastIndexOf(',', comma - 1))
            {
                if (CorrectionWords(text[..comma]) is not null)
                {
                    return Correction(text[..comma]);
                }
            }
            return null;
        }
        if (text is null || CorrectionWords(text) is not { } words)
        {
            return null;
        }
        var at = PhraseAt(_corrections, _longestCorrection, words, 0);
        if (at == 0)
        {
            return null;
        }
        // Every message at a question comes here: the words' places in the text only for a correction.
        var spans = TextKey.WordSpans(text);
        if (spans.Count != words.Length)
        {
            return null;
        }
        // "sorry, meinte Start 2021", "förlåt, menade start 2020": a second correction word after the first ("meant") is
        // read past as request words are (the correction was refused as a date at the question on screen).
        while (at < words.Length && QuestionNameAt(words, at).Length == 0)
        {
            var further = PhraseAt(_corrections, _longestCorrection, words, at);
            if (further == 0 && !_requestWords.Contains(words[at]))
            {
                break;
            }
            at += Math.Max(further, 1);
        }
        var (length, numbers) = at < words.Length ? QuestionNameAt(words, at) : (0, "");
        var number = numbers.Split(' ')[0]; // "Korrektur: Laufzeit 2019-2021": the first question the name names
        at += length;
        if (at >= words.Length)
        {
            return null;
        }
        // "sorry I meant 2022": no question named; the number is empty, and the engine decides whether the question before
        // the one on screen is meant.
        var values = new List<string>();
        for (var from = at; from <= at + 2 && from < words.Length; from++)
        {
            var start = spans[from].Start.Value;
            values.Add(text[start..].Trim());
            var end = Enumerable.Range(from + 1, words.Length - from - 1).FirstOrDefault(i => _valueEnds.Contains(words[i]));
            if (end > 0)
            {
                while (end - 1 > from && _valueJoins.Contains(words[end - 1]))
                {
                    end--;
                }
                values.Add(text[start..spans[end].Start.Value].TrimEnd(' ', ',', ';', '-', '–'));
            }
            var comma = text.IndexOf(',', start);
            if (comma > start)
            {
                values.Add(text[start..comma].Trim());
            }
        }
        return (number, values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// A correction that names its question by an everyday word and gives the new value after a verb ("sorry the org is
    /// Cork City Council not Dublin", "perdón, la organización es el Ayuntamiento de Zaragoza, no Huesca", "Entschuldigung,
    /// die Organisation ist der Landkreis Harburg", "the region is Cork not Dublin"): the question's number and the words
    /// after the verb (vocabulary <c>correction_verbs</c>: "is", "ist", "c'est", "είναι") up to where a "not …" begins
    /// (<c>instead_of</c> of the chat's <paramref name="language"/>). Opened says whether correction words open it; without them only a "not …" tail makes it one.
    /// A one-line text may be corrected so: the words after its name and the verb are its new answer. The readings: the value
    /// as written, then without an article before it ("o centro", "l'occitanie": a region is read without it). Null for
    /// anything else.
    /// </summary>
    public (string Number, IReadOnlyList<string> Values, bool Opened)? NamedCorrection(string? text, string language)
    {
        // A long text's new answer is a sentence or more: past the usual length only when correction words open it and a long
        // text is named ("scusi ho sbagliato, il contesto è: molti migranti non accedono …", session 44: stored whole as the
        // activities asked at the time).
        if (text is null || (CorrectionWords(text) ?? LongCorrectionWords(text)) is not { } words)
        {
            return null;
        }
        var at = PhraseAt(_corrections, _longestCorrection, words, 0);
        var opened = at > 0;
        while (at < words.Length && QuestionNameAt(words, at).Length == 0)
        {
            var further = PhraseAt(_corrections, _longestCorrection, words, at);
            // The change command's words are passed as request words are; they open nothing ("wrong", "mistake", "erreur"
            // begin prose too: at a long text only correction words make a correction).
            var change = further == 0 ? PhraseAt(_changeWords, _longestChangeWords, words, at) : 0;
            if (further == 0 && change == 0 && !_requestWords.Contains(words[at]))
            {
                return null;
            }
            opened |= further > 0;
            at += Math.Max(Math.Max(further, change), 1);
        }
        var (length, numbers) = at < words.Length ? QuestionNameAt(words, at) : (0, "");
        if (length == 0)
        {
            return null;
        }
        at += length;
        var spans = TextKey.WordSpans(text);
        if (spans.Count != words.Length || at >= words.Length)
        {
            return null;
        }
        var verb = PhraseAt(_correctionVerbs, _longestCorrectionVerb, words, at);
        var number = numbers.Split(' ')[0];
        // "o nome está errado, é só marta ribeiro", "the name is wrong, it's just Marta Ribeiro", "il nome è sbagliato, è solo
        // X" (chat44: the submit question came again): the name, words saying its answer is wrong, words leading to the value.
        // Saying so makes it a correction, as correction words do; the words leading on stand where the verb does.
        // Not a long text: "the description is wrong, it should mention the youth centre" asks for more, not this as the text.
        if (!_longTexts.Contains(number) && PhraseAt(_wrongAnswer, _longestWrongAnswer, words, at) is > 0 and var wrong)
        {
            var from = at + wrong;
            while (from < words.Length - 1 && PhraseAt(_wrongAnswerThen, _longestWrongAnswerThen, words, from) is > 0 and var then)
            {
                from += then;
            }
            if (from >= words.Length || words.Length > MaxSentenceWords + 4)
            {
                return null;
            }
            opened = true;
            verb = from - at;
        }
        var longText = _longTexts.Contains(number);
        if (words.Length > MaxSentenceWords + 4 && !(opened && longText && verb > 0))
        {
            return null;
        }
        // "sorry the title: Welcome Cafés", "Korrektur Titel: X", "correction: organisation Cork County Council": a one-line
        // text named with no verb, after correction words or before a colon (a field as on a form), takes the words after
        // its name (they were stored as the answer on screen). Only a one-line text: a date or a place named so is read by
        // Correction, cut at its "not …".
        var colon = text.AsSpan(spans[at - 1].End.Value, spans[at].Start.Value - spans[at - 1].End.Value).IndexOfAny(':', '=') >= 0;
        if (verb == 0 && !(_oneLineTexts.Contains(number) && (opened || colon)))
        {
            return null;
        }
        if (at + verb >= words.Length)
        {
            return null;
        }
        at += verb;
        // The value ends where "not …" begins, past its first word: "Non uno di meno" may be a title.
        // Not in a long text: its "non accedono ai servizi" is part of what it says.
        var insteadOf = _insteadOf.TryGetValue(language, out var own) ? own : [];
        var end = longText ? 0 : Enumerable.Range(at + 1, words.Length - at - 1).FirstOrDefault(i => PhraseAt(insteadOf, _longestInsteadOf, words, i) > 0);
        if (!opened && verb > 0 && end == 0)
        {
            return null;
        }
        var stop = end > 0 ? spans[end].Start.Value : text.Length;
        var value = text[spans[at].Start.Value..stop].Trim().TrimEnd(' ', ',', ';', '-', '–', '.', '!');
        if (value.Length == 0)
        {
            return null;
        }
        var readings = new List<string> { value };
        if (_requestWords.Contains(words[at]) && at + 1 < (end > 0 ? end : words.Length))
        {
            var withoutArticle = text[spans[at + 1].Start.Value..stop].Trim().TrimEnd(' ', ',', ';', '-', '–', '.', '!');
            // "η οργάνωση είναι η Περιφέρεια Βορείου Αιγαίου", "die Organisation ist der Landkreis Stade": an article typed
            // small before a name's capital is the sentence's, not the name's (it was stored with it); "The Welcome Café" keeps it.
            var typedArticle = text[spans[at]];
            var nameFollows = text[spans[at + 1]] is [var first, ..] && char.IsUpper(first);
            readings.Insert(_oneLineTexts.Contains(number) && nameFollows && !typedArticle.Any(char.IsUpper) ? 0 : 1, withoutArticle);
        }
        return (number, readings, opened);
    }

    /// <summary>
    /// The summary's "change 7" typed with the new value ("change 5 to just Welcome Tables", "can you change 5 to …", "alterar a
    /// 8 para Camara Municipal de Braga", "ändere 8 auf Landkreis Osnabrück", "cambia la 12 por …", "modifier la 5 : …"):
    /// request or correction words, a change word, a question's number (digits or in words, after "question", "a", "nr" if
    /// typed), then a word of the vocabulary's <c>change_to</c> or a correction verb ("should be", "ist"), or a colon, then the
    /// value (past "just", "only", "nur", "só": <c>wrong_answer_then</c>). Each was stored as the answer to the long text on
    /// screen (chatplay46: de, pt and en contributors after the summary). The question's number and the value; null otherwise.
    /// </summary>
    /// <remarks>
    /// Also with no change word, the number named by the vocabulary's <c>at_question</c> and a colon after it (past request
    /// words and "only"): "bei 8 bitte nur: Landkreis Osnabrück", "στο 16 μόνο: …", "na 12: …", "pour la 8 : …" (chatplay46,
    /// chat47: stored as the long text on screen); <c>Named</c> is then true, and the engine takes it only where the words read
    /// at that question. A number alone ("8 Familien …") or a date ("2023") is no such change.
    /// </remarks>
    public (int Number, string Value, bool Named)? ChangeWithValue(string? text)
    {
        if (text is null || LongCorrectionWords(text) is not { } words)
        {
            return null;
        }
        var spans = TextKey.WordSpans(text);
        if (spans.Count != words.Length)
        {
            return null;
        }
        var at = 0;
        var change = false;
        var named = false;
        while (at < words.Length)
        {
            if (!named && PhraseAt(_changeWords, _longestChangeWords, words, at) is > 0 and var changeLength)
            {
                change = true;
                at += changeLength;
            }
            else if (!change && !named && PhraseAt(_atQuestion, _longestAtQuestion, words, at) is > 0 and var atLength
                && (at + atLength < words.Length && IsQuestionNumber(words[at + atLength])
                    || at + atLength + 1 < words.Length && _questionRefs.Contains(words[at + atLength]) && IsQuestionNumber(words[at + atLength + 1])))
            {
                // "bei 8", "pour la 8", "στο 16": a question's number named with no change word (a colon must follow).
                named = true;
                at += atLength;
            }
            else if (PhraseAt(_corrections, _longestCorrection, words, at) is > 0 and var correction && !named)
            {
                at += correction;
            }
            else if (_requestWords.Contains(words[at]) || ((change || named) && _questionRefs.Contains(words[at])))
            {
                at++;
            }
            else
            {
                break;
            }
        }
        if (!(change || named) || at >= words.Length - 1)
        {
            return null;
        }
        var typedNumber = words[at].TrimStart('#');
        int number;
        var byName = false;
        if (typedNumber.Length is > 0 and <= 3 && typedNumber.All(char.IsAsciiDigit))
        {
            number = int.Parse(typedNumber, System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (_numberWords.TryGetValue(words[at], out var spelled))
        {
            number = int.Parse(spelled, System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (QuestionNameAt(words, at) is ( > 0 and var nameLength, var nameNumber) && !nameNumber.Contains(' ', StringComparison.Ordinal)
            && at + nameLength < words.Length - 1)
        {
            // "actually change the title to Galway Welcome Hub - supports for IP applicants" (chatplay48: where a count was offered,
            // "Please give a whole number"): the question named by its everyday name, as by its number.
            number = int.Parse(nameNumber, System.Globalization.CultureInfo.InvariantCulture);
            at += nameLength - 1;
            byName = true;
        }
        else
        {
            return null;
        }
        at++;
        bool ColonBefore(int word) => text.AsSpan(spans[word - 1].End.Value, spans[word].Start.Value - spans[word - 1].End.Value).IndexOfAny(':', '=') >= 0;
        if (named)
        {
            // "bei 8 bitte nur: …", "στο 16 μόνο: …": request words and "only" before the colon; without a colon, no change.
            while (at < words.Length - 1 && !ColonBefore(at)
                && (_requestWords.Contains(words[at]) ? 1 : PhraseAt(_wrongAnswerThen, _longestWrongAnswerThen, words, at)) is > 0 and var before)
            {
                at += before;
            }
            if (at >= words.Length || !ColonBefore(at))
            {
                return null;
            }
        }
        var colon = ColonBefore(at);
        var to = colon ? 0 : Math.Max(PhraseAt(_changeTo, _longestChangeTo, words, at), PhraseAt(_correctionVerbs, _longestCorrectionVerb, words, at));
        if ((!colon && to == 0) || (byName && (colon || PhraseAt(_changeTo, _longestChangeTo, words, at) == 0)))
        {
            // By name, only "to" (the change_to words) sets the value apart: "Wrong title: that is how people first saw it …",
            // "change the title is what the volunteers asked for" at a long text are its answer.
            return null;
        }
        at += to;
        while (at < words.Length - 1 && PhraseAt(_wrongAnswerThen, _longestWrongAnswerThen, words, at) is > 0 and var then)
        {
            at += then;
        }
        if (at >= words.Length)
        {
            return null;
        }
        var value = text[spans[at].Start.Value..].Trim().TrimEnd(' ', ',', ';', '-', '–', '.', '!');
        return value.Length == 0 ? null : (number, value, named);
    }

    /// <summary>A question's number as typed: up to 3 digits (a leading "#"), or a number in words.</summary>
    private bool IsQuestionNumber(string word) =>
        word.TrimStart('#') is { Length: > 0 and <= 3 } digits && digits.All(char.IsAsciiDigit) || _numberWords.ContainsKey(word);

    /// <summary>
    /// A sentence that opens with a question's everyday name and a verb, no correction words before it ("les partenaires sont
    /// l'OFII, Pôle emploi et la CAF", "the partners are …", "die Partner sind …", "los socios son …"): that question's
    /// number and the words after the verb (two at least). Request words (articles) may come before the name. Null otherwise.
    /// </summary>
    public (string Number, string Value)? NamedSubject(string? text)
    {
        if (text is null || CorrectionWords(text) is not { } words || PhraseAt(_corrections, _longestCorrection, words, 0) > 0)
        {
            return null;
        }
        var at = 0;
        while (at < words.Length && at < 3 && QuestionNameAt(words, at).Length == 0 && _requestWords.Contains(words[at]))
        {
            at++;
        }
        var (length, numbers) = at < words.Length ? QuestionNameAt(words, at) : (0, "");
        var spans = TextKey.WordSpans(text);
        if (length == 0 || numbers.Contains(' ', StringComparison.Ordinal) || spans.Count != words.Length || at + length >= words.Length)
        {
            return null;
        }
        at += length;
        var verb = PhraseAt(_correctionVerbs, _longestCorrectionVerb, words, at);
        if (verb == 0 || words.Length - at - verb < 2)
        {
            return null;
        }
        return (numbers, text[spans[at + verb].Start.Value..].Trim().TrimEnd(' ', ',', ';', '.', '!'));
    }

    /// <summary>
    /// A correction that names no question and no verb, with correction words before it or a "not …" tail after it ("scusa
    /// il mio nome è giulia ferri non iniziamo", "sorry my name is Anna Kowalski"): the words after the correction words (and
    /// the request words among them), up to where a "not …" of the chat's <paramref name="language"/> begins, past its first
    /// word, and the "not …" words themselves (empty without). The engine reads them against the answered questions' lead-ins
    /// ("il mio nome è"). Null for neither.
    /// </summary>
    public (string After, bool Opened, string Replaced)? CorrectionWithoutName(string? text, string language)
    {
        if (text is null || CorrectionWords(text) is not { } words)
        {
            return null;
        }
        var spans = TextKey.WordSpans(text);
        if (spans.Count != words.Length)
        {
            return null;
        }
        // Correction words only: a request word may open the lead-in ("il mio nome è": "il" and "mio" are request words).
        var at = 0;
        for (var further = PhraseAt(_corrections, _longestCorrection, words, 0); further > 0 && at < words.Length;
            further = at < words.Length ? PhraseAt(_corrections, _longestCorrection, words, at) : 0)
        {
            at += further;
        }
        var insteadOf = _insteadOf.TryGetValue(language, out var own) ? own : [];
        var end = at + 1 < words.Length ? Enumerable.Range(at + 1, words.Length - at - 1).FirstOrDefault(i => PhraseAt(insteadOf, _longestInsteadOf, words, i) > 0) : 0;
        if (at >= words.Length || (at == 0 && end == 0))
        {
            return null;
        }
        var rest = text[spans[at].Start.Value..(end > 0 ? spans[end].Start.Value : text.Length)].Trim().TrimEnd(' ', ',', ';', '-', '–', '.', '!');
        return rest.Length == 0 ? null : (rest, at > 0, end > 0 ? text[spans[end].Start.Value..].Trim() : "");
    }

    /// <summary>
    /// The longest question name at <paramref name="start"/> and that question's number ("2" for the title), or the numbers
    /// of the questions it names together, separated by a space ("13 14" for "the dates").
    /// </summary>
    private (int Length, string Number) QuestionNameAt(string[] words, int start) => _questionNames.At(words, start);

    /// <summary>
    /// The number of the question an argument names ("the region", "la date de début", "die Region"): one question name
    /// and request words only; null for anything else ("change of tenant" is an answer).
    /// </summary>
    public string? QuestionNumber(string argument)
    {
        var words = TextKey.Words(argument);
        string? number = null;
        for (var i = 0; i < words.Length;)
        {
            if (number is null && QuestionNameAt(words, i) is ( > 0 and var length, var named))
            {
                number = named;
                i += length;
            }
            else if (_requestWords.Contains(words[i]))
            {
                i++;
            }
            else
            {
                return null;
            }
        }
        return number;
    }

    /// <summary>
    /// The question's number written in words, with request words only around it ("question seven", "la question sept",
    /// "Frage sieben"): the vocabulary's <c>number_words</c> of every language; null for anything else.
    /// </summary>
    private string? NumberInWords(string argument)
    {
        string? number = null;
        foreach (var word in TextKey.Words(argument))
        {
            if (number is null && _numberWords.TryGetValue(word, out var spelled))
            {
                number = spelled;
            }
            else if (!_requestWords.Contains(word))
            {
                return null;
            }
        }
        return number;
    }

    private (int Length, string Command) CommandAt(string[] words, int start)
    {
        if (start >= words.Length || !_inSentenceStarts.Contains(words[start]))
        {
            return (0, "");
        }
        for (var length = Math.Min(_longestInSentence, words.Length - start); length > 0; length--)
        {
            if (_inSentence.TryGetValue(length == 1 ? words[start] : string.Join(' ', words, start, length), out var command))
            {
                return (length, command);
            }
        }
        return (0, "");
    }

    /// <summary>The words by their first letter, each list in the order of <see cref="_words"/>: a message is compared with the few that can start it.</summary>
    private readonly Dictionary<char, (string Key, string Command, string Language, bool Main)[]> _byFirstLetter;

    /// <summary>Every reading of the message as a command, the longest keyword first (none: it is not a command).</summary>
    public IReadOnlyList<CommandMatch> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
        {
            return [];
        }
        // "¿qué significa NUTS?", "¡ayuda!": Spanish opens a question or an exclamation with its mark (the argument was lost).
        var trimmed = text.Trim().TrimStart('¿', '¡').TrimStart();
        var folded = Key(trimmed);
        if (folded.Length == 0)
        {
            return [];
        }
        // Most messages are answers: a keyword is compared in place (no string made per keyword), and the list of
        // readings is made only when one is found.
        if (!_byFirstLetter.TryGetValue(folded[0], out var words))
        {
            return [];
        }
        List<CommandMatch>? matches = null;
        foreach (var (key, command, _, _) in words)
        {
            if (folded.Length < key.Length || !folded.StartsWith(key, StringComparison.Ordinal) || Found(matches, key, command))
            {
                continue;
            }
            if (folded.Length == key.Length)
            {
                (matches ??= []).Add(Match(command, "", key) with { IsQuestion = trimmed.TrimEnd() is [.., '?' or '？' or ';' or '\u037E'] });
            }
            else if (folded[key.Length] == ' ')
            {
                var argument = ArgumentAfter(trimmed, key);
                if (argument.Length > 0 && TextKey.Words(argument).Length <= MaxArgumentWords)
                {
                    (matches ??= []).Add(Match(command, argument, key) with { IsQuestion = trimmed.TrimEnd() is [.., '?' or '？' or ';' or '\u037E'] });
                }
            }
        }
        return matches ?? (IReadOnlyList<CommandMatch>)[];
    }

    private static bool Found(List<CommandMatch>? matches, string key, string command)
    {
        if (matches is null)
        {
            return false;
        }
        foreach (var match in matches)
        {
            if (match.Keyword == key && match.Name == command)
            {
                return true;
            }
        }
        return false;
    }

    private CommandMatch Match(string command, string argument, string key)
    {
        if (command == CommandNames.Change && argument.Length > 0 && !argument.Any(char.IsAsciiDigit)
            && (QuestionNumber(argument) ?? NumberInWords(argument)) is { } number)
        {
            argument = number; // "change the region", "change question seven" are "change 7"
        }
        if (command == CommandNames.Back && argument.Length > 0 && argument.All(char.IsAsciiDigit) && _requestWords.Contains(key[(key.LastIndexOf(' ') + 1)..]))
        {
            // "torna alla domanda 5", "je reviens à la question 5": a back word ending in "question" names the question (a count
            // follows the other back words: "back 2").
            return new CommandMatch(CommandNames.Change, argument, key, []);
        }
        var owners = _words.Where(w => w.Key == key && w.Command == command).ToList();
        return new CommandMatch(command, argument, key, owners.Select(w => w.Language).Distinct().ToList()) { IsMainWord = owners.Any(w => w.Main) };
    }

    private static string Key(string word) => word.Trim() == "?" ? "?" : TextKey.Fold(word);

    /// <summary>The argument as written (accents kept): the words after as many words as the keyword has.</summary>
    private static string ArgumentAfter(string text, string key)
    {
        var keywordWords = key.Split(' ').Length;
        var rest = text;
        for (var i = 0; i < keywordWords; i++)
        {
            rest = rest.TrimStart();
            var end = 0;
            // Skip one word (letters and digits, with apostrophes inside it), then what separates it from the next.
            while (end < rest.Length && (char.IsLetterOrDigit(rest[end]) || char.GetUnicodeCategory(rest[end]) is System.Globalization.UnicodeCategory.NonSpacingMark))
            {
                end++;
            }
            while (end < rest.Length && !char.IsLetterOrDigit(rest[end]))
            {
                end++;
            }
            rest = rest[end..];
        }
        return rest.Trim().TrimEnd('?', '.', '!', ';');
    }

    /// <summary>A language named by its code, its own name, or its number in the list (1-8).</summary>
    public static string? ParseLanguage(string? text, QuestionnaireDefinition questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var folded = TextKey.Fold(text);
        if (folded.Length == 0)
        {
            return null;
        }
        if (int.TryParse(folded, out var number) && number >= 1 && number <= questionnaire.Languages.Count)
        {
            return questionnaire.Languages[number - 1].Code;
        }
        foreach (var language in questionnaire.Languages)
        {
            if (folded == language.Code || folded == TextKey.Fold(language.Name))
            {
                return language.Code;
            }
        }
        return Languages.FromLocale(folded.Replace(' ', '-'));
    }

    /// <summary>A time of day as one word: "14h", "14h30", "9h", "3pm", "10am".</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{1,2}(?:h\d{0,2}|am|pm)$")]
    private static partial System.Text.RegularExpressions.Regex ClockTime();
}

