using System.Runtime.CompilerServices;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// An answer in a mail that promises the answer instead of giving it: "Budget: folgt", "à venir / on vous l'envoie la
/// semaine prochaine", "Bilancio: lo mandiamo dopo", "Budget: TBC", "Προϋπολογισμός: θα σας το στείλουμε" (vocabulary
/// <c>follows</c>, any of the 8 languages: a hurried official mixes them). Such an answer is no answer: the mail reader
/// records none for it, the draft is not submitted while a promised question has no answer, and the reply says what we
/// wait for (session 46: the practice was submitted at once, the promised budget could only go to the researchers).
/// Only a short answer with no digit is a promise ("folgt bis 15.01." is read as typed), and only when the promise opens or
/// closes it: a phrase of two words or more anywhere there ("Das reichen wir nach", "on vous l'envoie la semaine
/// prochaine"), the answer whole ("folgt", "dopo"), a single word opening it before a mark ("TBC - waiting for the
/// council", "à venir / …"), or, for a question whose answer is a value (an amount, a date, a place, a choice), a single
/// word opening or closing it ("folgt nächste Woche"). A title "Prima e dopo" or "Die Schulung folgt einem festen Ablauf"
/// is an answer.
/// </summary>
public sealed class PromisedAnswers
{
    /// <summary>Words a promise takes at most ("à venir / on vous l'envoie la semaine prochaine" is 9).</summary>
    public const int MaxWords = 12;
    /// <summary>Words a promise takes at most where a free text is asked (a title, a description).</summary>
    public const int MaxTextWords = 6;
    private static readonly ConditionalWeakTable<QuestionnaireDefinition, PromisedAnswers> Cache = new();
    private readonly Dictionary<string, int> phrases = new(StringComparer.Ordinal);
    private readonly HashSet<string> fillers;
    private readonly int longest;
    private readonly Dictionary<string, QuestionType> types;

    private PromisedAnswers(QuestionnaireDefinition questionnaire)
    {
        foreach (var phrase in questionnaire.Vocabulary.Follows.All)
        {
            var key = string.Join(' ', TextKey.Words(phrase));
            if (key.Length > 0)
            {
                phrases[key] = key.Count(c => c == ' ') + 1;
                longest = Math.Max(longest, phrases[key]);
            }
        }
        fillers = questionnaire.Vocabulary.Fillers.All.Select(w => string.Join(' ', TextKey.Words(w)))
            .Where(w => w.Length > 0 && !w.Contains(' ', StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        types = questionnaire.Questions.ToDictionary(q => q.Id, q => q.Type, StringComparer.Ordinal);
    }

    public static PromisedAnswers For(QuestionnaireDefinition questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        return Cache.GetValue(questionnaire, q => new PromisedAnswers(q));
    }

    /// <summary>Whether <paramref name="text"/>, the answer to <paramref name="questionId"/>, promises the answer for later.</summary>
    public bool IsPromise(string questionId, string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 200 || text.Any(char.IsDigit) || questionId.StartsWith("contact_", StringComparison.Ordinal)
            || !types.TryGetValue(questionId, out var type))
        {
            return false;
        }
        var all = TextKey.Words(text);
        // As typed, then without fillers at either end ("well, to follow", "folgt dann"): a filler may be a promise's own
        // word ("enviamos depois": "depois" is a Portuguese filler).
        return Promises(text, all, 0, all.Length, type) || Stripped(text, all, type);
    }

    private bool Stripped(string text, string[] all, QuestionType type)
    {
        var from = 0;
        var to = all.Length;
        while (from < to && fillers.Contains(all[from]))
        {
            from++;
        }
        while (to > from && fillers.Contains(all[to - 1]))
        {
            to--;
        }
        return (from > 0 || to < all.Length) && Promises(text, all, from, to, type);
    }

    private bool Promises(string text, string[] all, int from, int to, QuestionType type)
    {
        var words = all[from..to];
        if (words.Length == 0 || words.Length > MaxWords)
        {
            return false;
        }
        var atStart = LongestAt(words, 0);
        if (atStart == words.Length)
        {
            return true;
        }
        var valueQuestion = type is not (QuestionType.Text or QuestionType.Longtext);
        if (!valueQuestion && words.Length > MaxTextWords)
        {
            return false; // "Wird nachgereicht, sobald der Bericht des Kreistags fertig ist" may be the answer's own words
        }
        if (atStart >= 2 || (atStart == 1 && (valueQuestion || OpensBeforeAMark(text, all[from]))))
        {
            return true;
        }
        // Closing it: "Das reichen wir nach", "Budget schicken wir nach"; in a free text only after two words at most ("many
        // more results to come" is an answer).
        for (var at = 1; at < words.Length && (valueQuestion || at <= 2); at++)
        {
            var length = LongestAt(words, at);
            if (length > 0 && at + length == words.Length && (length >= 2 || valueQuestion))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Where a promise opens a clause and a question is named right after it ("je reviens vers vous pour le budget", "vi
    /// återkommer om budgeten", "le mando el presupuesto la semana que viene"): the promise's words, the name at most
    /// <see cref="MaxWordsBeforeName"/> words after them (session 49: only "the budget will follow" was read, the question first).
    /// </summary>
    public int OpeningAt(string[] words) => words.Length == 0 ? 0 : LongestAt(words, 0);

    /// <summary>Words ("pour le", "om", "about the") between an opening promise and the question it names.</summary>
    public const int MaxWordsBeforeName = 2;

    private int LongestAt(string[] words, int at)
    {
        for (var length = Math.Min(longest, words.Length - at); length > 0; length--)
        {
            if (phrases.TryGetValue(string.Join(' ', words, at, length), out var found) && found == length)
            {
                return length;
            }
        }
        return 0;
    }

    /// <summary>"TBC - waiting for the council", "à venir / on vous l'envoie": the text's first word followed by a mark.</summary>
    private static bool OpensBeforeAMark(string text, string firstWord)
    {
        var trimmed = text.TrimStart();
        var end = 0;
        while (end < trimmed.Length && (char.IsLetter(trimmed[end]) || trimmed[end] is '\'' or '’' or '.'))
        {
            end++;
        }
        if (end == 0 || !string.Equals(TextKey.Fold(trimmed[..end].TrimEnd('.')), firstWord, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = trimmed[end..].TrimStart();
        return rest.Length > 0 && rest[0] is '/' or ',' or ';' or '-' or '–' or '—' or '(' or ':' or '.' or '!';
    }
}
