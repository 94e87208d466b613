using System.ComponentModel.DataAnnotations;

namespace Regin.Bot.Chat.Teams;

/// <summary>The Teams app package's settings (section "Teams"); the bot id is MicrosoftAppId.</summary>
public sealed class TeamsAppOptions
{
    public const string SectionName = "Teams";

    /// <summary>The app's own id in the manifest (a GUID); empty: MicrosoftAppId, or a fixed development id.</summary>
    [RegularExpression("^$|^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", ErrorMessage = "Teams:AppId must be a GUID (or empty).")]
    public string AppId { get; set; } = "";
    [RegularExpression(@"^\d+\.\d+\.\d+$", ErrorMessage = "Teams:Version must be major.minor.patch, e.g. 1.2.0.")]
    public string Version { get; set; } = "1.0.0";
    [Required, StringLength(32)]
    public string DeveloperName { get; set; } = "REGIN project (CPMR)";
    /// <summary>Empty: Chat:PublicBaseUrl.</summary>
    public string WebsiteUrl { get; set; } = "";
    public string PrivacyUrl { get; set; } = "";
    public string TermsOfUseUrl { get; set; } = "";
    /// <summary>Domains the app may open; empty: the host of WebsiteUrl.</summary>
    public List<string> ValidDomains { get; set; } = [];
    [RegularExpression("^#[0-9a-fA-F]{6}$", ErrorMessage = "Teams:AccentColor must be a colour like #1F5FA8.")]
    public string AccentColor { get; set; } = "#1F5FA8";
}
