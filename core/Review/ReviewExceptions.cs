using Regin.Core.Persistence.Entities;

namespace Regin.Core.Review;

/// <summary>What the review screens carry between showing a practice and saving a change to it.</summary>
public sealed record PracticeVersion(Guid Stamp, long LastEventId)
{
    public override string ToString() => $"{Stamp:N}.{LastEventId}";

    public static PracticeVersion? Parse(string? text)
    {
        var parts = (text ?? "").Split('.');
        return parts.Length == 2 && Guid.TryParse(parts[0], out var stamp) && long.TryParse(parts[1], out var last) ? new PracticeVersion(stamp, last) : null;
    }
}

/// <summary>The change was refused: the answer does not pass normalisation, a reason is missing, a status cannot follow ...</summary>
public sealed class ReviewRefusedException(string message) : Exception(message);

/// <summary>
/// Someone else changed the practice after the researcher opened it: nothing was saved. <see cref="Changes"/> says
/// who changed what in the meantime, so the researcher can reload, look, and redo their change.
/// </summary>
public sealed class ReviewConflictException(string reference, IReadOnlyList<PracticeEvent> changes)
    : Exception(Explain(reference, changes))
{
    public string Reference { get; } = reference;
    public IReadOnlyList<PracticeEvent> Changes { get; } = changes;

    private static string Explain(string reference, IReadOnlyList<PracticeEvent> changes)
    {
        var what = changes.Count == 0
            ? "someone else saved it"
            : string.Join("; ", changes.Select(e => $"{e.Actor} {e.Kind.Replace('_', ' ')}{(e.QuestionId is null ? "" : " " + e.QuestionId)} at {e.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC"));
        return $"{reference} was changed after you opened it ({what}). Your change was not saved: reload the practice, check their change, then make yours again.";
    }
}
