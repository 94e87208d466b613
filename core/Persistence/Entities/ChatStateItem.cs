namespace Regin.Core.Persistence.Entities;

/// <summary>
/// One item of a chat channel's state (a conversation's progress, a contributor's preferences), stored as a JSON
/// document under its key. The ETag changes on every write, so a writer working from an old copy is refused.
/// </summary>
public sealed class ChatStateItem
{
    /// <summary>The channel's storage key, e.g. "msteams/conversations/a:1.../users/29:1...".</summary>
    public required string Key { get; set; }
    public required string Document { get; set; }
    public required string ETag { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
