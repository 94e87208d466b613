using System.Globalization;
using System.Runtime.CompilerServices;
using Regin.Core.Normalisation;

namespace Regin.Core.Questionnaire;

/// <summary>
/// The questions' everyday names, read in a message's words: each question's label, aliases and spoken names in every
/// language ("the region", "la date de début", "die Region", "ημερομηνία έναρξης"), as <see cref="TextKey.Words"/> keys.
/// A name two questions share names neither ("Organisation"). The vocabulary's period names ("the dates", "Laufzeit")
/// name the start date and the end date together, where no question has that name. One lookup for the chat's commands
/// (<c>CommandParser</c>: "change the region") and a mail's sentences (<c>ProseAnswers</c>: "the region is Munster").
/// </summary>
public sealed class QuestionNames
{
    /// <summary>What a name names: one question (its id and number, "2") or several together (no id, numbers "13 14").</summary>
    private sealed record Named(string? Id, string Numbers);

    /// <summary>A name two questions share: it names none.</summary>
    private static readonly Named Shared = new(null, "");

    /// <summary>The questions a period name names together, in the order they are asked.</summary>
    private static readonly string[] PeriodQuestions = ["start_date", "end_date"];

    private static readonly ConditionalWeakTable<QuestionnaireDefinition, QuestionNames> Cache = [];

    private readonly Dictionary<string, Named> names = new(StringComparer.Ordinal);

    // The first word of every name: a word that starts none is looked up no further (most words of an answer, each message's
    // every word is tried), with no key joined for each length (issue 12: command parsing was ~0.018 ms of a turn).
    private readonly HashSet<string> starts = new(StringComparer.Ordinal);

    /// <summary>The most words a name has.</summary>
    public int LongestName { get; }

    /// <summary>The lookup of a questionnaire, made once and shared by everything that reads its question names.</summary>
    public static QuestionNames Of(QuestionnaireDefinition questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        return Cache.GetValue(questionnaire, q => new QuestionNames(q));
    }

    private QuestionNames(QuestionnaireDefinition questionnaire)
    {
        for (var i = 0; i < questionnaire.Questions.Count; i++)
        {
            var question = questionnaire.Questions[i];
            var named = new Named(question.Id, (i + 1).ToString(CultureInfo.InvariantCulture));
            foreach (var name in questionnaire.Languages.SelectMany(l => question.Aliases.In(l.Code).Concat(question.SpokenNames.In(l.Code)).Prepend(question.Label.In(l.Code))))
            {
                var key = string.Join(' ', TextKey.Words(name));
                if (key.Length == 0)
                {
                    continue;
                }
                names[key] = names.TryGetValue(key, out var other) && other.Id != question.Id ? Shared : named;
                starts.Add(FirstWord(key));
                LongestName = Math.Max(LongestName, key.Count(c => c == ' ') + 1);
            }
        }
        var period = PeriodQuestions.Select(id => questionnaire.Questions.ToList().FindIndex(q => q.Id == id) + 1).Where(n => n > 0).ToList();
        if (period.Count > 0)
        {
            var together = new Named(null, string.Join(' ', period.Select(n => n.ToString(CultureInfo.InvariantCulture))));
            foreach (var key in questionnaire.Vocabulary.PeriodNames.All.Select(name => string.Join(' ', TextKey.Words(name))).Where(key => key.Length > 0))
            {
                if (names.TryAdd(key, together))
                {
                    starts.Add(FirstWord(key));
                    LongestName = Math.Max(LongestName, key.Count(c => c == ' ') + 1);
                }
            }
        }
    }

    /// <summary>
    /// The longest name at <paramref name="start"/> in <paramref name="words"/> (<see cref="TextKey.Words"/> of a text):
    /// its length in words and the number of the question it names ("2" for the title), or the numbers of the questions it
    /// names together ("13 14" for "the dates"); (0, "") where no name starts there.
    /// </summary>
    public (int Length, string Numbers) At(string[] words, int start)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (start >= words.Length || !starts.Contains(words[start]))
        {
            return (0, "");
        }
        for (var length = Math.Min(LongestName, words.Length - start); length > 0; length--)
        {
            if (names.TryGetValue(length == 1 ? words[start] : string.Join(' ', words, start, length), out var named) && named.Numbers.Length > 0)
            {
                return (length, named.Numbers);
            }
        }
        return (0, "");
    }

    /// <summary>
    /// The longest name of one question at <paramref name="start"/>: its length in words and the question's id; (0, null)
    /// where none starts there (a name of several questions together, "the dates", is passed over for a shorter one).
    /// </summary>
    public (int Length, string? QuestionId) QuestionAt(string[] words, int start)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (start >= words.Length || !starts.Contains(words[start]))
        {
            return (0, null);
        }
        for (var length = Math.Min(LongestName, words.Length - start); length > 0; length--)
        {
            if (names.TryGetValue(length == 1 ? words[start] : string.Join(' ', words, start, length), out var named) && named.Id is not null)
            {
                return (length, named.Id);
            }
        }
        return (0, null);
    }

    private static string FirstWord(string key) => key.IndexOf(' ', StringComparison.Ordinal) is var space and >= 0 ? key[..space] : key;
}
