using Microsoft.AspNetCore.Identity;

namespace Regin.Core.Review;

/// <summary>A researcher of the REGIN team who signs in to the review screens (ASP.NET Core Identity).</summary>
public sealed class ReviewerUser : IdentityUser
{
    /// <summary>The language the review screens show the questionnaire's labels in.</summary>
    public string PreferredLanguage { get; set; } = Languages.Default;
}

/// <summary>The two roles of the review screens.</summary>
public static class ReviewRoles
{
    public const string Researcher = "researcher";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Researcher, Admin];
}
