using System.Text;
using System.Text.RegularExpressions;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;

namespace Regin.Core.Localisation;

/// <summary>
/// Which of the questionnaire's languages a free text is written in ("Anbei die Vorlage.", "Ci-joint le modèle."), read
/// from the words of the locale files themselves (every message, and the vocabulary's small words): a word counts for a
/// language when that language alone uses it. Null when the text says too little to tell, or two languages tie.
/// E-mail addresses, web addresses, the template's keys and people's names ("Lea Fischer": "lea" is a Spanish word) name
/// no language and are not read.
/// </summary>
public sealed partial class TextLanguage
{
    private const int MaxWordsRead = 2000;
    private readonly Dictionary<string, string> _owner = new(StringComparer.Ordinal);
    // Every word of the locale files (messages, vocabulary, questions), with the languages using it: for IsForeign.
    private readonly Dictionary<string, string[]> _users = new(StringComparer.Ordinal);
    // Per language, words of a neighbouring one it never writes (Danish and Norwegian for Swedish): for IsForeign.
    private readonly Dictionary<string, HashSet<string>> _neighbours = new(StringComparer.Ordinal);

    public TextLanguage(QuestionnaireDefinition questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var users = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var known = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        void AddTo(Dictionary<string, HashSet<string>> map, string language, string? text)
        {
            foreach (var word in TextKey.Words(text))
            {
                // Placeholders, numbers and single letters name no language (one of ours from another; single letters
                // "e", "a", "y" still tell ours from others).
                if ((word.Length > 1 || map == known) && !word.Any(char.IsDigit))
                {
                    (map.TryGetValue(word, out var set) ? set : map[word] = new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(language);
                }
            }
        }
        void Add(string language, string? text)
        {
            AddTo(users, language, text);
            AddTo(known, language, text);
        }
        // The questions' own words (labels, hints, choices) tell our languages from others, not one of ours from another:
        // a label's words would make a mail's few words look like a guess they are not.
        foreach (var question in questionnaire.Questions)
        {
            foreach (var text in new[] { question.Label, question.Hint, question.Help }.Concat(question.ChoiceList.Select(c => c.Label)))
            {
                foreach (var (language, value) in text)
                {
                    AddTo(known, language, value);
                }
            }
        }
        foreach (var message in questionnaire.Messages.Values)
        {
            foreach (var (language, text) in message)
            {
                Add(language, System.Text.RegularExpressions.Regex.Replace(text, @"\{[a-z_]+\}", " "));
            }
        }
        var vocabulary = questionnaire.Vocabulary;
        foreach (var words in new[] { vocabulary.Fillers, vocabulary.And, vocabulary.Negations, vocabulary.SignOffs, vocabulary.Yes, vocabulary.No,
                     vocabulary.Declines, vocabulary.None, vocabulary.Unsure, vocabulary.DateFillers, vocabulary.ReplyIntro })
        {
            foreach (var (language, list) in words)
            {
                foreach (var phrase in list)
                {
                    Add(language, phrase);
                }
            }
        }
        foreach (var (word, languages) in known)
        {
            _users[word] = [.. languages];
        }
        void Phrases(Dictionary<string, string?> map, LocalizedWords words)
        {
            foreach (var (language, list) in words)
            {
                foreach (var phrase in list)
                {
                    var key = string.Join(' ', TextKey.Words(phrase));
                    if (key.Length > 0)
                    {
                        // A phrase of two languages ("caro": Italian and Portuguese) says neither.
                        map[key] = map.TryGetValue(key, out var other) && !string.Equals(other, language, StringComparison.OrdinalIgnoreCase) ? null : language;
                    }
                }
            }
        }
        Phrases(_greetings, vocabulary.Greetings);
        Phrases(_signOffs, vocabulary.SignOffs);
        foreach (var (language, list) in vocabulary.NeighbourWords)
        {
            _neighbours[language] = [.. list.SelectMany(w => TextKey.Words(w))];
        }
        foreach (var (word, languages) in users)
        {
            if (languages.Count == 1)
            {
                _owner[word] = languages.First();
            }
        }
    }

    /// <summary>The language most of the text's words belong to alone, or null.</summary>
    public string? Guess(string? text)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var word in TextKey.Words(WithoutNames(text)).Take(MaxWordsRead))
        {
            if (_owner.TryGetValue(word, out var language))
            {
                counts[language] = counts.GetValueOrDefault(language) + 1;
            }
        }
        var ranked = counts.OrderByDescending(c => c.Value).Take(2).ToList();
        return ranked.Count > 0 && (ranked.Count == 1 || ranked[0].Value > ranked[1].Value) ? ranked[0].Key : null;
    }

    /// <summary>
    /// The language of a mail's own words (its newest text without the answers): its greeting ("Hi,", "Hallo Frau Weber,",
    /// "Καλημέρα,", vocabulary <c>greetings</c>, at the start of one of its first two lines) and its sign-off ("Liebe
    /// Grüße", "Mvh", a whole line of <c>sign_offs</c>) count two words each for their language (a phrase two languages
    /// share, "caro", for neither); the rest counts as in <see cref="Guess"/>, without a lone capitalised word on its
    /// last line (the sender's first name under the sign-off: "Tom", a Swedish word, made "Hi, … Tom" Swedish) and
    /// without the sign-off, which <see cref="WithoutNames"/> read as a name ("Liebe Grüße": a German mail was English).
    /// Null when nothing tells.
    /// </summary>
    public string? GuessMail(string? text) => ReadMail(text).Language;

    /// <summary>
    /// <see cref="GuessMail"/> with what it rests on: the words (a greeting or sign-off counting <see cref="PhraseWeight"/>)
    /// of the language it names, and of the runner-up. <see cref="MailGuess.Clear"/> says whether that outweighs what the
    /// sender's mail program writes in Content-Language (Outlook writes its installation's language there, not the text's).
    /// </summary>
    public MailGuess ReadMail(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }
        if (text.Length > MaxCharsRead)
        {
            text = text[..MaxCharsRead];
        }
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var rest = new List<string>();
        var seen = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var words = TextKey.Words(line);
            if (words.Length == 0)
            {
                rest.Add(line);
                continue;
            }
            seen++;
            if (_signOffs.TryGetValue(string.Join(' ', words), out var signOff))
            {
                if (signOff is not null)
                {
                    counts[signOff] = counts.GetValueOrDefault(signOff) + PhraseWeight;
                }
                continue;
            }
            if (seen <= 2)
            {
                var found = false;
                for (var n = Math.Min(words.Length, 6); n >= 1 && !found; n--)
                {
                    if (_greetings.TryGetValue(string.Join(' ', words[..n]), out var greeting))
                    {
                        found = true;
                        if (greeting is not null)
                        {
                            counts[greeting] = counts.GetValueOrDefault(greeting) + PhraseWeight;
                        }
                        // What follows the greeting on its line ("Hallo Frau Weber, anbei …") is read as any text,
                        // without the greeting's own words (dropped by their count, as typed).
                        var spans = TextKey.WordSpans(line);
                        line = spans.Count >= n ? line[spans[n - 1].End..] : "";
                    }
                }
            }
            rest.Add(line);
        }
        // The sender's first name alone on the last line, under the sign-off.
        var last = rest.FindLastIndex(l => l.Length > 0);
        if (last >= 0 && Word().Matches(rest[last]) is { Count: 1 } only && only[0].Value.Length == rest[last].TrimEnd('.', ',', '!').Length
            && char.IsUpper(only[0].Value[0]))
        {
            rest.RemoveAt(last);
        }
        foreach (var word in TextKey.Words(WithoutNames(string.Join('\n', rest))).Take(MaxWordsRead))
        {
            if (_owner.TryGetValue(word, out var language))
            {
                counts[language] = counts.GetValueOrDefault(language) + 1;
            }
        }
        var ranked = counts.OrderByDescending(c => c.Value).Take(2).ToList();
        var second = ranked.Count > 1 ? ranked[1].Value : 0;
        return ranked.Count > 0 && ranked[0].Value > second ? new MailGuess(ranked[0].Key, ranked[0].Value, second) : default;
    }

    /// <summary>
    /// A mail's language from its own words: <see cref="Words"/> of it (a greeting or sign-off counting two), <see
    /// cref="RunnerUp"/> of the next language. Clear, and so above the Content-Language header, with at least <see
    /// cref="ClearMailWords"/> words (a greeting and a sign-off, or a greeting and two words of a sentence) and at least
    /// twice the runner-up's: "Hi, … Tom" (two) is not, "Hallo Frau Weber, anbei die Vorlage. … Liebe Grüße" is.
    /// </summary>
    public readonly record struct MailGuess(string? Language, int Words, int RunnerUp)
    {
        public bool Clear => Language is not null && Words >= ClearMailWords && Words >= 2 * RunnerUp;
    }

    /// <summary>Words of one language a mail's own text needs before it outranks its Content-Language header.</summary>
    public const int ClearMailWords = 4;

    /// <summary>What a greeting or a sign-off of one language counts for, in words of it.</summary>
    private const int PhraseWeight = 2;

    private readonly Dictionary<string, string?> _greetings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _signOffs = new(StringComparer.Ordinal);

    /// <summary>Words of a neighbouring language a text of ours never holds that make it that neighbour's.</summary>
    public const int NeighbourWordsNeeded = 2;

    /// <summary>Words a text needs before it can be told to be in none of our languages (<see cref="IsForeign"/>).</summary>
    public const int ForeignMinimumWords = 8;

    /// <summary>
    /// Whether the text is written in none of the questionnaire's languages (a Polish, Dutch or Czech disclaimer): of its
    /// words (names, addresses and keys left out; at least <see cref="ForeignMinimumWords"/>), fewer than one in 3 are words of
    /// the locale files (their messages and questions) of the language it uses most. Prose in one of ours has 2 in 5 or more ("and", "und", "och",
    /// "και", "los", "il"); another language only its chance spellings ("de", "en", "er", "este"), a quarter or so.
    /// </summary>
    public bool IsForeign(string? text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = 0;
        var read = new List<string>();
        foreach (var word in TextKey.Words(WithoutNames(text)).Take(MaxWordsRead))
        {
            if (word.Any(char.IsDigit))
            {
                continue;
            }
            words++;
            read.Add(word);
            foreach (var language in _users.GetValueOrDefault(word, []))
            {
                counts[language] = counts.GetValueOrDefault(language) + 1;
            }
        }
        if (words < ForeignMinimumWords)
        {
            return false;
        }
        var top = counts.Count == 0 ? null : counts.MaxBy(c => c.Value).Key;
        // A neighbour shares most short words with ours (Danish "har", "den", "du" are Swedish too): its own words, two of
        // them ("ikke", "og", "hvis"), tell it apart where the share cannot.
        return (top is null ? 0 : counts[top]) * 3 < words
            || (top is not null && _neighbours.TryGetValue(top, out var neighbour) && read.Count(neighbour.Contains) >= NeighbourWordsNeeded);
    }

    /// <summary>Text read at most for a guess (a few paragraphs say the language; a flood says no more).</summary>
    private const int MaxCharsRead = 20_000;

    /// <summary>
    /// The text without what names no language: e-mail and web addresses, the template's keys ("[Q05]"), and names, read
    /// from their capitals: two or more capitalised words in a row ("Lea Fischer", "Maria Rossi") unless they start a
    /// sentence that goes on ("Grazie Maria" keeps "Grazie"), and a capitalised word after a comma ("Danke, Lea").
    /// German nouns inside a sentence ("die ausgefüllte Vorlage") stand alone and stay.
    /// </summary>
    internal static string WithoutNames(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        if (text.Length > MaxCharsRead)
        {
            text = text[..MaxCharsRead];
        }
        // A key or an address ends what came before it, as a full stop would.
        text = Addresses().Replace(text, " . ");
        var kept = new StringBuilder(text.Length);
        var words = new List<(string Word, bool Capital, bool Starts, bool AfterComma, bool Joined)>();
        foreach (var line in text.Split('\n'))
        {
            words.Clear();
            var last = 0;
            foreach (Match match in Word().Matches(line))
            {
                var between = line.AsSpan(last, match.Index - last);
                var word = match.Value;
                var capital = char.IsUpper(word[0]) && HasLower(word);
                words.Add((word, capital, words.Count == 0 || between.IndexOfAny(SentenceEnds) >= 0, between.Contains(','), between.IsWhiteSpace()));
                last = match.Index + match.Length;
            }
            var i = 0;
            while (i < words.Count)
            {
                if (!words[i].Capital)
                {
                    kept.Append(words[i].Word).Append(' ');
                    i++;
                    continue;
                }
                var end = i + 1;
                while (end < words.Count && words[end].Capital && words[end].Joined)
                {
                    end++;
                }
                if (end - i >= 2)
                {
                    // A name. When it opens a sentence that goes on, its first word is the sentence's ("Grazie Maria per ...").
                    if (words[i].Starts && end < words.Count && !words[end].Starts)
                    {
                        kept.Append(words[i].Word).Append(' ');
                    }
                }
                else if (!(words[i].AfterComma && !words[i].Starts))
                {
                    kept.Append(words[i].Word).Append(' ');
                }
                i = end;
            }
            kept.Append('\n');
        }
        return kept.ToString();
    }

    private static bool HasLower(string word)
    {
        foreach (var c in word)
        {
            if (char.IsLower(c))
            {
                return true;
            }
        }
        return false;
    }

    private static readonly System.Buffers.SearchValues<char> SentenceEnds = System.Buffers.SearchValues.Create(".!?:;()[]\"«»“”„");

    /// <summary>E-mail addresses, web addresses and the template's keys ("[Q05]", "[ Q 5 ]", "Q7").</summary>
    [GeneratedRegex(@"\S+@\S+|\b(?:https?://|www\.)\S+|\[\s*Q?\s*\d{1,3}\s*\]|\bQ\d{1,3}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Addresses();

    /// <summary>A word: letters and their marks, with inner apostrophes and hyphens ("d'Ascq", "Müller-Lüdenscheidt").</summary>
    [GeneratedRegex(@"\p{L}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Word();
}
