using System.Globalization;
using System.Text.RegularExpressions;

namespace Regin.MailIngest.Intake;

/// <summary>
/// A flag that a flood of like mails would add again and again (a forged "erase my data" a minute): the later mails are
/// counted on the open one, "[N more like it, the last mail #id]" at the end of its detail (session 49), so the review
/// page keeps one line per address and kind, and every mail stays findable by its raw row.
/// </summary>
internal static partial class RepeatedFlag
{
    [GeneratedRegex(@" \[(\d+) more like it, the last mail #\d+\]$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Count();

    /// <summary>The open flag's detail with mail #<paramref name="rawInputId"/> counted on it.</summary>
    public static string Counted(string detail, long rawInputId)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var match = Count().Match(detail);
        var more = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + 1 : 1;
        var kept = match.Success ? detail[..match.Index] : detail;
        return string.Create(CultureInfo.InvariantCulture, $"{kept} [{more} more like it, the last mail #{rawInputId}]");
    }
}
