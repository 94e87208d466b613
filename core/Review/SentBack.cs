using Regin.Core.Persistence.Entities;

namespace Regin.Core.Review;

/// <summary>
/// What a practice's contributor did after the researchers' last request for changes, read from its log: the request,
/// the answers the contributor changed since (their chat or mail writes, not a researcher's edit), and when they sent it
/// back (a contributor's <c>status_changed</c> to <c>submitted</c> after the request). Shown on the list ("sent back")
/// and on the practice page (review44: after a resubmission the list showed a plain "submitted", the page nothing).
/// </summary>
public sealed record SentBack(PracticeEvent Request, PracticeEvent? Resubmitted, IReadOnlyList<PracticeEvent> Changes)
{
    public const string RequestKind = "changes_requested";

    /// <summary>The kinds of event <see cref="Of"/> reads (the list loads only these for its page).</summary>
    public static readonly string[] Kinds = [RequestKind, "status_changed", "answer_set", "answer_cleared"];

    /// <summary>Null when the researchers never asked for changes.</summary>
    public static SentBack? Of(IEnumerable<PracticeEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var ordered = events.OrderBy(e => e.Id).ToList();
        var at = ordered.FindLastIndex(e => e.Kind == RequestKind);
        if (at < 0)
        {
            return null;
        }
        var after = ordered.Skip(at + 1).Where(e => !IsResearcher(e.Actor)).ToList();
        var resubmitted = after.LastOrDefault(e => e.Kind == "status_changed" && e.NewValue == PracticeStatus.Submitted);
        var changes = after.Where(e => e.Kind is "answer_set" or "answer_cleared").ToList();
        return new SentBack(ordered[at], resubmitted, changes);
    }

    private static bool IsResearcher(string actor) => actor.StartsWith("researcher:", StringComparison.Ordinal);
}
