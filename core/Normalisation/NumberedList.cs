using System.Text.RegularExpressions;

namespace Regin.Core.Normalisation;

/// <summary>
/// A list pasted from a report with its items numbered ("1) Sprache⏎2) Wohnen⏎3) Arbeit", "1. Language⏎2. Housing", "a) …
/// b) …"): the numbers are the list's, not options' numbers ("1) Sprache" was kept under Other, as "1" with a word beside
/// it named nothing).
/// </summary>
public static partial class NumberedList
{
    /// <summary>
    /// The items without their numbers, one a line, when every line opens with the next number (or letter) of one list
    /// from 1 (or a) and words follow it; the text as it is otherwise (an option number alone on a line, "1⏎3", stays one).
    /// </summary>
    public static string WithoutNumbers(string text)
    {
        var lines = text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
        if (lines.Count < 2)
        {
            return text;
        }
        var items = new List<string>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            if (Item().Match(lines[i]) is not { Success: true } item || item.Groups["mark"].Value.ToLowerInvariant() != Mark(i, item))
            {
                return text;
            }
            items.Add(item.Groups["item"].Value);
        }
        return string.Join('\n', items);
    }

    // The number ("1", "2" …) or the letter ("a", "b" …) the i-th item opens with, as this item writes its mark.
    private static string Mark(int i, Match first) => char.IsAsciiDigit(first.Groups["mark"].Value[0])
        ? (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)
        : ((char)('a' + i)).ToString();

    [GeneratedRegex(@"^(?<mark>\d{1,2}|[a-z])\s*[.)]\s*(?<item>\p{L}.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Item();
}
