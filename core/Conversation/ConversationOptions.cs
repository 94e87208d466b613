namespace Regin.Core.Conversation;

/// <summary>Settings of the conversation engine (section "Chat"; the host fills the base URL when empty).</summary>
public sealed class ConversationOptions
{
    public const string SectionName = "Chat";

    /// <summary>The address contributors reach the host at, for the template links.</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>After this long without a message, the contributor is welcomed back before going on (Teams keeps one conversation).</summary>
    public TimeSpan WelcomeBackAfter { get; set; } = TimeSpan.FromHours(12);
}
