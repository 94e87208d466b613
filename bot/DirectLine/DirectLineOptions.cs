using System.ComponentModel.DataAnnotations;

namespace Regin.Bot.DirectLine;

/// <summary>The local Direct Line 3.0 subset (section "DirectLine"), for the web chat page on a laptop.</summary>
public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";

    /// <summary>On by default (local use); false where Azure's Direct Line serves Web Chat instead.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The secret a client may present (Authorization: Bearer) to start conversations, and the key the conversation tokens
    /// are signed with. Empty: conversations may be started without it, tokens are signed with a key made at start.
    /// </summary>
    public string Secret { get; set; } = "";

    /// <summary>A shorter secret could be guessed, and it keys the tokens' signature.</summary>
    public const int MinSecretLength = 32;

    /// <summary>How long a conversation token lasts; Web Chat refreshes it every 15 minutes while the page is open.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The largest request body accepted (an activity, a start request); larger ones get 413.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The hard cap of a posted message (bytes): a message over <see cref="MaxRequestBytes"/> and up to this is answered
    /// in the chat as too long, and kept whole (<see cref="Chat.Hosting.OversizedMessages"/>); a larger body gets 413
    /// unread. At most <see cref="DirectLineApi.OversizedAtOnce"/> such bodies are in memory at once.
    /// </summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxOversizedRequestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Activities one conversation may post per minute; more get 429.</summary>
    [Range(1, 1_000_000)]
    public int PostsPerMinute { get; set; } = 60;

    /// <summary>Conversations one client address may start per minute; more get 429.</summary>
    [Range(1, 1_000_000)]
    public int StartsPerMinute { get; set; } = 30;

    /// <summary>The most activities one GET returns; the client comes back for the rest with the new watermark.</summary>
    [Range(1, 10_000)]
    public int MaxActivitiesPerGet { get; set; } = 500;

    /// <summary>After this long with nothing to send, the WebSocket stream sends an empty frame (as Azure's does), so proxies keep the line open.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan StreamKeepAlive { get; set; } = TimeSpan.FromSeconds(20);
}
