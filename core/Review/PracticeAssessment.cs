namespace Regin.Core.Review;

/// <summary>The researchers' assessment of a practice on one aspect of the REGIN framework (assessment_aspects).</summary>
public sealed class PracticeAssessment
{
    public Guid PracticeId { get; set; }
    /// <summary>The aspect's code: communication, inclusion, innovation, multi_level_governance, ...</summary>
    public required string Aspect { get; set; }
    public string? InspiringElements { get; set; }
    public string? RoomForImprovement { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}
