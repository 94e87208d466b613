namespace Regin.Core.Persistence.Entities;

/// <summary>
/// One activity of a local Direct Line conversation, as the client receives it (the Bot Framework activity's JSON):
/// the user's own messages as echoed by the service and the bot's replies, in watermark order.
/// </summary>
public sealed class DirectLineActivity
{
    public required string ConversationId { get; set; }

    /// <summary>The position in the conversation, from 1; a client's watermark is the last position it has seen.</summary>
    public long Watermark { get; set; }

    /// <summary>The service-assigned activity id ("{conversation}|0000001").</summary>
    public required string ActivityId { get; set; }

    /// <summary>The activity as JSON, exactly as the client gets it.</summary>
    public required string Json { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
