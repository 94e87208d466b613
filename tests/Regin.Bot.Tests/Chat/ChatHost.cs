using Microsoft.AspNetCore.Builder;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using Regin.Bot.Chat.Hosting;
using Regin.Bot.Extensions;
using Regin.Core.Hosting;
using Regin.Core.Intake;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Tests.Chat;

/// <summary>
/// The bot's services as the host wires them (core, chat, SQLite storage), without the HTTP server, so TestAdapter
/// conversations run in-process. Disposing it and starting another on the same file is a restart of the host.
/// </summary>
public sealed class ChatHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ChatHost(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    public IBot Bot => Services.GetRequiredService<IBot>();

    /// <summary>The host on <paramref name="database"/> (the caller keeps it, so a second host on it is a restart).</summary>
    /// <param name="connectionString">In place of the database's own (the same database reached another way: a proxy).</param>
    public static async Task<ChatHost> StartAsync(TestDatabase database, TimeProvider? clock = null, Action<IServiceCollection>? configure = null,
        string? connectionString = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            Args = [.. database.Arguments, "--Chat:PublicBaseUrl=https://regin.test", .. connectionString is null ? Array.Empty<string>() : [$"--ConnectionStrings:Regin={connectionString}"]],
        });
        builder.Logging.ClearProviders();
        builder.AddReginCore();
        builder.AddReginChat();
        if (clock is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(clock));
        }
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        await app.Services.InitialiseReginAsync();
        return new ChatHost(app);
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

    public static string AllText(this IReadOnlyList<IMessageActivity> replies) => string.Join("\n---\n", replies.Select(r => r.Shown()));

    /// <summary>What the contributor reads: the text, or the texts of an Adaptive Card (joined by blank lines).</summary>
    public static string Shown(this IActivity activity)
    {
        var message = activity.AsMessageActivity();
        if (Card(message) is not { } card)
        {
            return message.Text ?? "";
        }
        return string.Join("\n\n", card.SelectTokens("$..[?(@.type == 'TextBlock')].text").Select(t => (string?)t).Where(t => !string.IsNullOrEmpty(t)));
    }

    /// <summary>The Adaptive Card of a reply, if it is one.</summary>
    public static JObject? Card(this IActivity activity)
    {
        var attachment = activity.AsMessageActivity()?.Attachments?.FirstOrDefault(a => a.ContentType == "application/vnd.microsoft.card.adaptive");
        return attachment?.Content switch
        {
            JObject json => json,
            JRaw { Value: string text } => JObject.Parse(text),
            null => null,
            var other => JObject.FromObject(other),
        };
    }

    /// <summary>The buttons a reply offers: suggested actions, or the card's Action.Submit titles.</summary>
    public static IReadOnlyList<string> Buttons(this IActivity activity)
    {
        var message = activity.AsMessageActivity();
        if (message.SuggestedActions?.Actions is { Count: > 0 } actions)
        {
            return actions.Select(a => a.Title).ToList();
        }
        return Card(message)?.SelectTokens("$..[?(@.type == 'Action.Submit')].title").Select(t => (string)t!).ToList() ?? [];
    }

    /// <summary>
    /// What pressing a button sends: the suggested action's text, or the card's Action.Submit data (with the first
    /// option ticked when the card is a form).
    /// </summary>
    public static Activity Press(this IActivity activity, TestAdapter adapter, int button = 0)
    {
        var message = activity.AsMessageActivity();
        if (message.SuggestedActions?.Actions is { Count: > 0 } actions)
        {
            return adapter.MakeActivity((string)actions[button].Value);
        }
        var card = Card(message) ?? throw new InvalidOperationException("The reply has no buttons: " + message.Text);
        var submit = card.SelectTokens("$..[?(@.type == 'Action.Submit')]").ElementAt(button);
        var data = (JObject)submit["data"]!.DeepClone();
        if (card.SelectToken("$..[?(@.type == 'Input.ChoiceSet')]") is JObject choices && data["codes"] is null)
        {
            data[(string)choices["id"]!] = (string)choices["choices"]![0]!["value"]!;
        }
        return Submit(adapter, data);
    }

    /// <summary>A card submit as the channels send it: a message with no text and the data as its value.</summary>
    public static Activity Submit(TestAdapter adapter, JObject data)
    {
        var submitted = adapter.MakeActivity(null);
        submitted.Text = null;
        submitted.Value = data;
        return submitted;
    }
}
