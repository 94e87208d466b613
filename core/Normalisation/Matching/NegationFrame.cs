namespace Regin.Core.Normalisation.Matching;

/// <summary>
/// One entry of <c>negation_frames</c>: a negation and the later word of its clause with which it is no denial: "ne … que"
/// ("la région n'a qu'un rôle de conseil" says the region only advises, not that it does not).
/// </summary>
public sealed record NegationFrame(string Negation, string Turn)
{
    /// <summary>"ne … que" (or "ne ... que"): the negation and the word; null when either side is missing.</summary>
    public static NegationFrame? Parse(string entry)
    {
        var sides = entry.Split(["…", "..."], StringSplitOptions.TrimEntries);
        return sides is [{ Length: > 0 } negation, { Length: > 0 } turn] ? new NegationFrame(negation, turn) : null;
    }
}
