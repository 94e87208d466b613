using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// The hint line our template prints under each question, in every language, folded (<see cref="TextKey.Fold"/>: case,
/// accents, quote marks, punctuation and runs of whitespace do not count). We sent that template, so a quoted line under
/// a question's key is known to be its hint, whole or wrapped over several lines by the sender's mail program, and any
/// other quoted line is known not to be: an answer typed under the hint is the question's, text typed under anything
/// else is not.
/// </summary>
public sealed class TemplateHints
{
    /// <summary>No hints known (a questionnaire without any): no quoted line is taken for one.</summary>
    public static TemplateHints None { get; } = new();

    /// <summary>A hint is never wrapped over more lines than this (the longest is under 100 characters).</summary>
    public const int MaxLines = 4;

    private readonly Dictionary<int, string[]> _byNumber = [];

    private TemplateHints()
    {
    }

    public TemplateHints(QuestionnaireDefinition questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        foreach (var question in questionnaire.Questions)
        {
            var hints = questionnaire.Languages.Select(l => TextKey.Fold(question.Hint.In(l.Code))).Where(h => h.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
            if (hints.Length > 0)
            {
                _byNumber[question.Key] = hints;
            }
        }
    }

    public enum Progress
    {
        /// <summary>Not (the beginning of) one of the question's hints.</summary>
        None,
        /// <summary>The first lines of a hint wrapped over several.</summary>
        Partial,
        /// <summary>A whole hint.</summary>
        Whole,
    }

    /// <summary>
    /// Whether the hint lines read so far under question <paramref name="number"/> (folded, <paramref name="soFar"/>) and
    /// <paramref name="line"/> after them are that question's hint, whole or begun; <paramref name="folded"/> is them folded.
    /// </summary>
    public Progress Continue(int number, string soFar, string line, out string folded)
    {
        var words = TextKey.Fold(line);
        folded = soFar.Length == 0 ? words : words.Length == 0 ? soFar : soFar + " " + words;
        if (words.Length == 0 || !_byNumber.TryGetValue(number, out var hints))
        {
            return Progress.None;
        }
        var partial = false;
        foreach (var hint in hints)
        {
            if (hint.Length == folded.Length && string.Equals(hint, folded, StringComparison.Ordinal))
            {
                return Progress.Whole;
            }
            // Wrapped at a space: the lines so far are the hint's first words.
            partial |= hint.Length > folded.Length && hint[folded.Length] == ' ' && hint.StartsWith(folded, StringComparison.Ordinal);
        }
        return partial ? Progress.Partial : Progress.None;
    }

    /// <summary>Whether <paramref name="folded"/> (one line, folded) is the first words of one of question <paramref name="number"/>'s hints.</summary>
    public bool Begins(int number, string folded) =>
        folded.Length > 0 && _byNumber.TryGetValue(number, out var hints)
        && hints.Any(hint => hint.Length > folded.Length && hint[folded.Length] == ' ' && hint.StartsWith(folded, StringComparison.Ordinal));

    /// <summary>
    /// How many lines from <paramref name="start"/> (up to <paramref name="end"/>) are question <paramref name="number"/>'s
    /// hint, wrapped over them (0 when they are not).
    /// </summary>
    public int LinesAt(int number, IReadOnlyList<string> lines, int start, int end)
    {
        var soFar = "";
        for (var i = start; i < end && i < start + MaxLines; i++)
        {
            switch (Continue(number, soFar, lines[i], out soFar))
            {
                case Progress.Whole:
                    return i - start + 1;
                case Progress.None:
                    return 0;
            }
        }
        return 0;
    }

    /// <summary>The number of a key ("[Q05]", "[Q5]"), or -1.</summary>
    public static int NumberOf(string key)
    {
        var digits = key.AsSpan().Trim("[]Qq");
        return int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : -1;
    }
}
