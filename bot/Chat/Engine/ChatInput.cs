namespace Regin.Bot.Chat.Engine;

/// <summary>One message of a contributor, as the engine sees it (no Bot Framework types).</summary>
/// <param name="Channel">"msteams", "webchat", "emulator", "test" ...: with <paramref name="UserId"/>, who the contributor is.</param>
/// <param name="Locale">The activity's locale ("el-GR"), when the client sent one.</param>
/// <param name="ClientLocale">The locale of Teams' clientInfo entity, when there is one.</param>
/// <param name="IsConversationStart">A conversationUpdate that added the contributor: greet, do not read any text.</param>
/// <param name="IsOtherContributorsConversation">The conversation was started by someone else (a copied or guessed id).</param>
/// <param name="IsGroup">A group chat or a channel, where several people share one conversation.</param>
public sealed record ChatInput(
    string Channel,
    string ConversationId,
    string UserId,
    string? Text,
    string? Locale = null,
    string? ClientLocale = null,
    int AttachmentCount = 0,
    bool IsConversationStart = false,
    bool IsGroup = false,
    bool IsOtherContributorsConversation = false);
