namespace Regin.Bot.Review;

/// <summary>Review:Admin in appsettings.json: the first administrator, created at start when both are set.</summary>
public sealed class ReviewAdminOptions
{
    public const string SectionName = "Review:Admin";

    public string Email { get; set; } = "";
    public string Password { get; set; } = "";
}
