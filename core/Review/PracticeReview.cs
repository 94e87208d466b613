namespace Regin.Core.Review;

/// <summary>
/// What the researchers decided about a practice beyond its status: their own categorisation (which may differ from
/// the contributor's) and whether it duplicates another practice. One row per practice, created when first needed.
/// </summary>
public sealed class PracticeReview
{
    public Guid PracticeId { get; set; }
    /// <summary>The researchers' integration areas (codes of the question integration_areas), as a JSON array.</summary>
    public string? IntegrationAreasJson { get; set; }
    /// <summary>The researchers' target groups (codes of the question target_groups), as a JSON array.</summary>
    public string? TargetGroupsJson { get; set; }
    /// <summary>The practice this one duplicates, when a researcher said so.</summary>
    public Guid? DuplicateOfId { get; set; }
    /// <summary>The practice this one was merged into (it is then rejected as a duplicate).</summary>
    public Guid? MergedIntoId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}
