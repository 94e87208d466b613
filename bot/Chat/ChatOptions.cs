using System.ComponentModel.DataAnnotations;

namespace Regin.Bot.Chat;

/// <summary>Settings of the chat channel (section "Chat").</summary>
public sealed class ChatOptions
{
    public const string SectionName = "Chat";

    /// <summary>The address contributors reach this host at, for the template links; empty: the first of "Urls".</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>
    /// The hard cap of a body POST /api/messages reads (bytes): a message over <see cref="Extensions.HostingExtensions.SmallBodyBytes"/>
    /// and up to this is answered in the chat as too long, and kept whole (<see cref="Hosting.OversizedMessages"/>); a
    /// larger body gets 413 unread. (The Bot Framework's channels send far less: Teams' messages end near 28 KB.)
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(256 * 1024, 64 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>After this long without a message, the contributor is welcomed back before going on (Teams keeps one conversation).</summary>
    public TimeSpan WelcomeBackAfter { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often the chat's notification worker looks for researchers' messages to deliver; 0 or less: never.</summary>
    public int NotificationPollSeconds { get; set; } = 10;

    /// <summary>After this many failed deliveries a message is marked failed.</summary>
    [Range(1, 1000)]
    public int NotificationMaxAttempts { get; set; } = 5;

    /// <summary>POST /api/messages without MicrosoftAppId in the Production environment (otherwise 401): only on a private network.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// Without MicrosoftAppId, the serviceUrls an activity may name (the host calls them back): scheme, host and path
    /// prefix, any port unless one is given. Default: this machine (the Bot Framework Emulator).
    /// </summary>
    public List<string> AllowedServiceUrls { get; set; } = [];

    /// <summary>
    /// How many days after their last visit the web chat page's browser still knows its user (an HttpOnly cookie that
    /// holds the server-assigned user id), so the contributor resumes their draft; each visit starts the count again.
    /// </summary>
    [Range(1, 3650)]
    public int WebChatUserDays { get; set; } = 30;

    /// <summary>
    /// Rehearse a web chat (a start and an answer to every question, in each language, through the Direct Line
    /// adapter and the turn pipeline) at start-up, before the host listens, in a private in-memory database (SQLite; nothing
    /// is written to the real one): see <see cref="Hosting.ChatWarmUp"/>.
    /// </summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>The bot's app id for proactive messages through the Bot Framework (from MicrosoftAppId; empty: anonymous).</summary>
    public string BotAppId { get; set; } = "";

    /// <summary>
    /// Whether a chat turn's commit waits until the database has its log on disk (PostgreSQL's <c>synchronous_commit</c>,
    /// the server's setting, <c>on</c> by default). false (the default): on PostgreSQL each turn's transaction commits
    /// without waiting for that flush (<c>SET LOCAL synchronous_commit = off</c>, sent with its first statement), so the
    /// reply leaves about one disk flush sooner; a crash of the database server or its machine may then undo the answers of
    /// its last ~0.6 s (each turn whole: the chat asks that question again), as a power cut may undo SQLite's last commits
    /// (<c>synchronous=NORMAL</c>). A submit always waits (<see cref="Regin.Core.Intake.PracticeRowWriter"/>), and so do an
    /// erasure and the review's writes (their own transactions, with the server's setting). No effect on SQLite.
    /// </summary>
    public bool TurnCommitWaitsForDisk { get; set; }

    /// <summary>
    /// How many conversations this host keeps what their last committed turn stored (the chat state and the open draft's
    /// version: <see cref="Storage.TurnStateCache"/>), so their next turn reads neither (on PostgreSQL: one round trip, not
    /// two); the least recently used go first. 0: none kept, every turn reads them. Each takes a few kilobytes.
    /// </summary>
    [Range(0, 10_000_000)]
    public int StateCacheConversations { get; set; } = 10_000;

    /// <summary>How long a conversation's kept state serves at most after its last turn (then its next turn reads it again).</summary>
    public TimeSpan StateCacheLifetime { get; set; } = TimeSpan.FromMinutes(20);
}
