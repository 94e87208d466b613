using Microsoft.AspNetCore.Builder;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Regin.Bot.Chat.Hosting;
using Regin.Bot.Extensions;
using Regin.Core.Hosting;
using Regin.Core.Intake;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Tests.Chat;

/// <summary>A clock the tests move forward (a contributor coming back three days later).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>
/// The bot's services as the host wires them (core, chat, SQLite storage), without the HTTP server, so TestAdapter
/// conversations run in-process. Disposing it and starting another on the same file is a restart of the host.
/// </summary>
public sealed class ChatHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ChatHost(WebApplication app, string databasePath)
    {
        _app = app;
        DatabasePath = databasePath;
    }

    public string DatabasePath { get; }

    public IServiceProvider Services => _app.Services;

    public IBot Bot => Services.GetRequiredService<IBot>();

    public static Task<ChatHost> StartAsync(string databasePath, TimeProvider? clock = null) =>
        StartAsync(databasePath, [$"--ConnectionStrings:Regin=Data Source={databasePath}"], clock);

    /// <summary>The same on any database: <paramref name="databaseArguments"/> are Database:Provider and ConnectionStrings:Regin.</summary>
    public static async Task<ChatHost> StartAsync(string databasePath, string[] databaseArguments, TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            Args = [.. databaseArguments, "--Chat:PublicBaseUrl=https://regin.test"],
        });
        builder.Logging.ClearProviders();
        builder.AddReginCore();
        builder.AddReginChat();
        if (clock is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(clock));
        }
        var app = builder.Build();
        await app.Services.InitialiseReginAsync();
        return new ChatHost(app, databasePath);
    }

    /// <summary>A TestAdapter with the bot's own pipeline, on an explicit channel, conversation, user and locale.</summary>
    public TestAdapter Adapter(string channel, string conversationId, string userId, string? locale)
    {
        var reference = new ConversationReference
        {
            ChannelId = channel,
            ServiceUrl = "https://test.invalid",
            User = new ChannelAccount(userId, "Contributor", RoleTypes.User),
            Bot = new ChannelAccount("regin-bot", "Regin", RoleTypes.Bot),
            Conversation = new ConversationAccount(isGroup: false, conversationType: "personal", id: conversationId),
            Locale = locale,
        };
        var adapter = new TestAdapter(reference) { Locale = locale! };
        adapter.UseReginPipeline(Services);
        return adapter;
    }

    public async Task<Practice?> PracticeOfAsync(string channel, string userId)
    {
        await using var scope = Services.CreateAsyncScope();
        var intake = scope.ServiceProvider.GetRequiredService<IntakeService>();
        var open = await intake.FindOpenDraftAsync(new ContributorKey(channel, userId));
        if (open is not null)
        {
            return open;
        }
        var db = scope.ServiceProvider.GetRequiredService<Regin.Core.Persistence.ReginDbContext>();
        var id = db.ContributorIdentities.Where(i => i.Channel == channel && i.ExternalId == userId).Select(i => i.PracticeId).FirstOrDefault();
        return id == Guid.Empty ? null : await intake.LoadAsync(id);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}

/// <summary>Drives one conversation turn by turn and returns each turn's replies (for table-driven conversations).</summary>
public sealed class ChatDriver(TestAdapter adapter, IBot bot)
{
    public TestAdapter Adapter { get; } = adapter;

    public Task<IReadOnlyList<IMessageActivity>> SendAsync(string text) => SendAsync(Adapter.MakeActivity(text));

    public async Task<IReadOnlyList<IMessageActivity>> SendAsync(Activity activity)
    {
        activity.Id = Guid.NewGuid().ToString("N");
        await Adapter.ProcessActivityAsync(activity, bot.OnTurnAsync, CancellationToken.None);
        return Drain();
    }

    public async Task<IReadOnlyList<IMessageActivity>> StartAsync()
    {
        var update = Adapter.MakeActivity();
        update.Type = ActivityTypes.ConversationUpdate;
        update.Text = null;
        update.MembersAdded = [Adapter.Conversation.User, Adapter.Conversation.Bot];
        await Adapter.ProcessActivityAsync(update, bot.OnTurnAsync, CancellationToken.None);
        return Drain();
    }

    private List<IMessageActivity> Drain()
    {
        var replies = new List<IMessageActivity>();
        while (Adapter.GetNextReply() is IMessageActivity reply)
        {
            replies.Add(reply);
        }
        return replies;
    }
}

public static class ActivityAssertions
{
    /// <summary>channelData.questionId of the question a reply asks, or null.</summary>
    public static string? QuestionId(this IActivity activity) =>
        (activity.ChannelData as Newtonsoft.Json.Linq.JObject)?.Value<string>("questionId");

    public static int? ProgressCurrent(this IActivity activity) =>
        (activity.ChannelData as Newtonsoft.Json.Linq.JObject)?["progress"]?.Value<int>("current");

    public static string? AskedQuestion(this IReadOnlyList<IMessageActivity> replies) =>
        replies.LastOrDefault(r => r.QuestionId() is not null)?.QuestionId();

    public static string AllText(this IReadOnlyList<IMessageActivity> replies) => string.Join("\n---\n", replies.Select(r => r.Text));
}
