using System.Globalization;
using System.Text.RegularExpressions;
using Regin.Core.Persistence.Entities;

namespace Regin.MailIngest.Intake;

/// <summary>
/// A flag that a flood of like mails would add again and again (a forged "erase my data" a minute, a forged STOP, a held
/// change, a look-alike sender): the later mails are counted on the open one, "[N more like it, the last mail #id from
/// x: "its words"]" at the end of its detail (session 49; the newest mail's address and words since session 50), so the
/// review page keeps one line per address and kind, and every mail stays findable by its raw row (the practice page lists
/// the held mails of a counted flag). From ever new addresses, at most <see cref="MaxOpenOfAKind"/> flags of one kind
/// stay open; the rest are counted on the newest of them.
/// </summary>
internal static partial class RepeatedFlag
{
    /// <summary>Open flags of one kind a practice keeps for distinct addresses before the rest are counted (session 50).</summary>
    public const int MaxOpenOfAKind = 10;

    /// <summary>The detail's marker of a counted flag (the review page lists the held mails of such a flag).</summary>
    public const string Marker = Regin.Core.Normalisation.FlagReasons.CountedMarker;

    private const int MaxDetail = 1000;

    [GeneratedRegex(@" \[(\d+) more like it, the last mail #\d+", RegexOptions.CultureInvariant | RegexOptions.RightToLeft, 1000)]
    private static partial Regex Count();

    [GeneratedRegex(@"; (\d+) contributors? not told\]\z", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex NotTold();

    /// <summary>How many contributors the mails counted on a flag did not tell (<see cref="Counted"/>'s <c>notTold</c>), 0 when none.</summary>
    public static int NotToldOf(string detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        return NotTold().Match(detail) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>
    /// The open flag's detail with mail #<paramref name="rawInputId"/> counted on it, and that mail's sender and words when
    /// given. <paramref name="notTold"/>: the mail named a practice whose contributor was not told of it (a flood over the
    /// cap across practices, session 52), added to the flag's "; N contributors not told" at its end.
    /// </summary>
    public static string Counted(string detail, long rawInputId, string? sender = null, string? said = null, bool notTold = false)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var match = Count().Match(detail);
        var counted = match.Success && detail.EndsWith(']');
        var more = counted ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + 1 : 1;
        var spared = (counted ? NotToldOf(detail) : 0) + (notTold ? 1 : 0);
        var kept = counted ? detail[..match.Index] : detail;
        // The newest mail's words cannot fake the count: a bracket of theirs is shown as a parenthesis.
        var words = said is null ? "" : $": \"{Short(said.Replace('[', '(').Replace(']', ')'), 100)}\"";
        var told = spared == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"; {spared} {(spared == 1 ? "contributor" : "contributors")} not told");
        var suffix = string.Create(CultureInfo.InvariantCulture, $" [{more}{Marker}{rawInputId}{(sender is null ? "" : " from " + Short(sender, 200))}{words}{told}]");
        return Short(kept, MaxDetail - suffix.Length) + suffix;
    }

    /// <summary>
    /// The open flag a mail like it is counted on: the same reason and question, <paramref name="kind"/> in its detail,
    /// from <paramref name="sender"/> (any sender when null); or, once <see cref="MaxOpenOfAKind"/> flags of that kind are
    /// open for other addresses, the newest of them. Null: the mail gets a flag of its own.
    /// </summary>
    public static Flag? OpenLike(IEnumerable<Flag> flags, string reason, string? questionId, string kind, string? sender)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var open = flags.Where(f => !f.Resolved && f.Reason == reason && f.QuestionId == questionId && f.Detail is { } d && d.Contains(kind, StringComparison.Ordinal)).ToList();
        if (open.Count == 0)
        {
            return null;
        }
        if (sender is null)
        {
            return open[0];
        }
        return open.FirstOrDefault(f => Names(f.Detail!, sender)) ?? (open.Count >= MaxOpenOfAKind ? open[^1] : null);
    }

    /// <summary>Counts the mail on the open flag like it, or adds <paramref name="flag"/>; true when counted.</summary>
    public static bool AddOrCount(ICollection<Flag> flags, Flag flag, string kind, string? sender, long rawInputId, string? said)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(flag);
        if (OpenLike(flags, flag.Reason, flag.QuestionId, kind, sender) is { } open)
        {
            open.Detail = Counted(open.Detail!, rawInputId, sender, said);
            return true;
        }
        flags.Add(flag);
        return false;
    }

    /// <summary>
    /// Practices of other contributors a held mail's sender may get an open flag of a kind on before the rest of its mails
    /// are counted on the newest of them (session 51: a flood naming many practices added one flag on each). A real
    /// contributor writing unauthenticated about her own three practices keeps a flag on each.
    /// </summary>
    public const int MaxPracticesPerAddress = 5;

    /// <summary>The same across the addresses of one domain (not a free-mail provider's: its users are not one sender).</summary>
    public const int MaxPracticesPerDomain = 10;

    [GeneratedRegex(@"mail #\d+ from (\S+?)(?: \(|:)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex FirstMail();

    /// <summary>The address of the first mail a flag names ("mail #12 from x@y (...)"), or null.</summary>
    public static string? FirstSender(string detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var kept = Count().Match(detail) is { Success: true } m ? detail[..m.Index] : detail;
        return FirstMail().Match(kept) is { Success: true } first ? first.Groups[1].Value : null;
    }

    /// <summary>
    /// Of <paramref name="open"/> (open flags of one reason and kind on other practices: id, practice, detail), the one a
    /// mail of <paramref name="sender"/> is counted on: the newest of its address's once they are on
    /// <see cref="MaxPracticesPerAddress"/> practices, else the newest of its domain's (<paramref name="domain"/>, null for
    /// a free-mail site) once on <see cref="MaxPracticesPerDomain"/>. Null: the mail gets a flag of its own.
    /// </summary>
    public static long? AcrossPractices(IReadOnlyCollection<(long Id, Guid PracticeId, string Detail)> open, string sender, string? domain)
    {
        ArgumentNullException.ThrowIfNull(open);
        var firsts = open.Select(f => (f.Id, f.PracticeId, Sender: FirstSender(f.Detail))).Where(f => f.Sender is not null).ToList();
        var mine = firsts.Where(f => string.Equals(f.Sender, sender, StringComparison.OrdinalIgnoreCase)).ToList();
        if (mine.Select(f => f.PracticeId).Distinct().Count() >= MaxPracticesPerAddress)
        {
            return mine.Max(f => f.Id);
        }
        if (domain is null)
        {
            return null;
        }
        var site = firsts.Where(f => f.Sender!.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase)).ToList();
        return site.Select(f => f.PracticeId).Distinct().Count() >= MaxPracticesPerDomain ? site.Max(f => f.Id) : null;
    }

    /// <summary>The first mail's detail names its sender as "from x@y (" or "from x@y:" (never a longer address).</summary>
    private static bool Names(string detail, string sender)
    {
        var kept = Count().Match(detail) is { Success: true } m ? detail[..m.Index] : detail;
        return kept.Contains($"from {sender} ", StringComparison.Ordinal) || kept.Contains($"from {sender}:", StringComparison.Ordinal);
    }

    private static string Short(string text, int length) => text.Length <= length ? text : text[..Math.Max(0, length)];
}
