namespace Regin.Bot.Chat.Teams;

/// <summary>The Teams app package's settings (section "Teams"); the bot id is MicrosoftAppId.</summary>
public sealed class TeamsAppOptions
{
    public const string SectionName = "Teams";

    /// <summary>The app's own id in the manifest (a GUID); empty: MicrosoftAppId, or a fixed development id.</summary>
    public string AppId { get; set; } = "";
    public string Version { get; set; } = "1.0.0";
    public string DeveloperName { get; set; } = "REGIN project (CPMR)";
    /// <summary>Empty: Chat:PublicBaseUrl.</summary>
    public string WebsiteUrl { get; set; } = "";
    public string PrivacyUrl { get; set; } = "";
    public string TermsOfUseUrl { get; set; } = "";
    /// <summary>Domains the app may open; empty: the host of WebsiteUrl.</summary>
    public List<string> ValidDomains { get; set; } = [];
    public string AccentColor { get; set; } = "#1F5FA8";
}
