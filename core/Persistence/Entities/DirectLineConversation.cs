namespace Regin.Core.Persistence.Entities;

/// <summary>
/// A conversation of the local Direct Line (the web chat on the bot host): who started it, in which language, and when
/// it was last used. Its activities are <see cref="DirectLineActivity"/> rows ordered by watermark.
/// </summary>
public sealed class DirectLineConversation
{
    /// <summary>The conversation id the service gave (random, unguessable).</summary>
    public required string Id { get; set; }

    /// <summary>The user id of the start request (Web Chat's userID), empty when the client sent none.</summary>
    public string UserId { get; set; } = "";

    /// <summary>The locale of the start request, e.g. "el-GR"; empty when none was sent.</summary>
    public string Locale { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
