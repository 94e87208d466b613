namespace Regin.Bot.Review;

/// <summary>Review:Admin in appsettings.json: the first administrator, created at start when both are set.</summary>
public sealed class ReviewAdminOptions
{
    public const string SectionName = "Review:Admin";

    public string Email { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>Both or neither: an address without a password (or the reverse) is a mistake to say at start.</summary>
    public bool IsComplete => Email.Length > 0 && Password.Length > 0;

    public bool IsEmpty => Email.Length == 0 && Password.Length == 0;
}
