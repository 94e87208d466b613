using System.Text.RegularExpressions;
using Regin.Core.Questionnaire;

namespace Regin.Core.Normalisation;

/// <summary>
/// Finds the choices a contributor means: by code, by the number shown, or by the label in any of the 8 languages,
/// whatever the case, accents and punctuation. Lists are split on commas, semicolons, new lines and "and"
/// (and, et, und, y, e, και, och ...); a label that itself contains "and" or a comma is still found whole.
/// </summary>
public sealed partial class ChoiceMatcher
{
    private readonly Question _question;
    private readonly Dictionary<string, string> _byKey = new();
    private readonly List<(string Code, HashSet<string> Words)> _labelWords = [];
    private readonly HashSet<string> _andWords;
    private readonly Regex _separators;

    public ChoiceMatcher(Question question, Vocabulary vocabulary)
    {
        _question = question;
        _andWords = vocabulary.And.All.Select(TextKey.Fold).ToHashSet();
        var andPattern = string.Join('|', vocabulary.And.All.OrderByDescending(w => w.Length).Select(Regex.Escape));
        _separators = new Regex($@"[,;\n\r/+&]|\s(?:{andPattern})\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        foreach (var choice in question.ChoiceList)
        {
            Add(choice.Code, choice.Code.Replace('_', ' '));
            foreach (var label in choice.Label.Values)
            {
                Add(choice.Code, label);
                var parenthesis = Parenthesis().Match(label);
                if (parenthesis.Success)
                {
                    Add(choice.Code, parenthesis.Groups["inner"].Value);
                    Add(choice.Code, Parenthesis().Replace(label, " "));
                }
                _labelWords.Add((choice.Code, Key(label).Split(' ').ToHashSet()));
            }
        }
    }

    [GeneratedRegex(@"\((?<inner>[^)]*)\)")]
    private static partial Regex Parenthesis();

    [GeneratedRegex(@"^\s*(?<n>\d{1,2})\s*[.)]?\s*$")]
    private static partial Regex OptionNumber();

    /// <summary>The codes found, in the order written, and the parts that matched nothing.</summary>
    public (IReadOnlyList<string> Codes, IReadOnlyList<string> Unrecognised) Match(string text)
    {
        var whole = MatchOne(text);
        if (whole is not null)
        {
            return ([whole], []);
        }
        var parts = _separators.Split(text).Select(p => p.Trim()).Where(p => TextKey.Fold(p).Length > 0).ToList();
        var codes = new List<string>();
        var unrecognised = new List<string>();
        // Greedy, longest run of parts first: "Asylum, Migration and Integration Fund (AMIF), ERDF" → amif, erdf.
        for (var start = 0; start < parts.Count;)
        {
            var matched = false;
            for (var end = parts.Count; end > start; end--)
            {
                var code = MatchOne(string.Join(' ', parts.Skip(start).Take(end - start)));
                if (code is not null)
                {
                    if (!codes.Contains(code))
                    {
                        codes.Add(code);
                    }
                    start = end;
                    matched = true;
                    break;
                }
            }
            if (!matched)
            {
                unrecognised.Add(parts[start]);
                start++;
            }
        }
        return (codes, unrecognised);
    }

    private string? MatchOne(string part)
    {
        var number = OptionNumber().Match(part);
        if (number.Success)
        {
            var n = int.Parse(number.Groups["n"].Value);
            return n >= 1 && n <= _question.ChoiceList.Count ? _question.ChoiceList[n - 1].Code : null;
        }
        var key = Key(part);
        if (key.Length == 0)
        {
            return null;
        }
        if (_byKey.TryGetValue(key, out var code))
        {
            return code;
        }
        // A distinctive word or two of one label: "lingua" → language, "labour" → labour_market.
        var words = key.Split(' ');
        if (words.Any(w => w.Length < 4))
        {
            return null;
        }
        var candidates = _labelWords.Where(l => words.All(l.Words.Contains)).Select(l => l.Code).Distinct().ToList();
        return candidates.Count == 1 ? candidates[0] : null;
    }

    private void Add(string code, string label)
    {
        var key = Key(label);
        if (key.Length > 0)
        {
            _byKey.TryAdd(key, code);
        }
    }

    private string Key(string text) => string.Join(' ', TextKey.Words(text).Where(w => !_andWords.Contains(w)));
}
