using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Regin.Core.Conversation;
using Regin.Core.Hosting;
using Regin.Core.Intake;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Core with the conversation engine, as a host without any channel, on a fresh database: the engine's services
/// exactly as the bot wires them, minus the Bot Framework.
/// </summary>
public sealed class ConversationHost : IAsyncDisposable
{
    private static int _cases;
    private readonly IHost _host;
    private readonly TestDatabase _database;
    private readonly string? _case;

    private ConversationHost(IHost host, TestDatabase database, ManualClock clock, string? @case = null)
    {
        _host = host;
        _database = database;
        Clock = clock;
        _case = @case;
    }

    /// <summary>
    /// This host for one case of a class that shares it (<see cref="ConversationClassHost"/>): the same services,
    /// database and clock, but the user and conversation names a case uses get the case's number after them
    /// ("user-1" is "user-1-case17"), so each case is a contributor of its own. Disposing it leaves the host running.
    /// </summary>
    public ConversationHost ForCase() => new(_host, _database, Clock, $"-case{Interlocked.Increment(ref _cases)}");

    private string Named(string name) => _case is null ? name : name + _case;

    public IServiceProvider Services => _host.Services;

    public ManualClock Clock { get; }

    public static async Task<ConversationHost> StartAsync(Action<IServiceCollection>? configure = null)
    {
        var database = await TestDatabase.CreateAsync(TestProviders.Sqlite);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Testing",
            Args = [.. database.Arguments, "--Chat:PublicBaseUrl=https://regin.test", "--Mail:Mailbox=reginproject@crpm.org"],
        });
        builder.Logging.ClearProviders();
        builder.AddReginCore();
        builder.Services.AddReginConversation();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.Services.InitialiseReginAsync();
        return new ConversationHost(host, database, clock);
    }

    /// <summary>A contributor on a channel, with the state a channel would keep for them between turns.</summary>
    public EngineChat Chat(string? locale, string channel = "sms", string user = "user-1", string conversation = "conv-1") =>
        new(this, new ConversationInput(channel, Named(conversation), Named(user), null, Locale: locale));

    public async Task<Practice?> PracticeOfAsync(string channel, string userId)
    {
        userId = Named(userId);
        await using var scope = Services.CreateAsyncScope();
        var intake = scope.ServiceProvider.GetRequiredService<IntakeService>();
        if (await intake.FindOpenDraftAsync(new ContributorKey(channel, userId)) is { } open)
        {
            return open;
        }
        var db = scope.ServiceProvider.GetRequiredService<Regin.Core.Persistence.ReginDbContext>();
        var id = db.ContributorIdentities.Where(i => i.Channel == channel && i.ExternalId == userId).Select(i => i.PracticeId).FirstOrDefault();
        return id == Guid.Empty ? null : await intake.LoadAsync(id);
    }

    public async ValueTask DisposeAsync()
    {
        if (_case is not null)
        {
            return;
        }
        _host.Dispose();
        await _database.DisposeAsync();
    }
}

/// <summary>
/// The conversation host of one test class (a class fixture): started once before its first case, given to each case
/// as <see cref="ConversationHost.ForCase"/>, stopped after the last. A host per case was started in each case's
/// InitializeAsync, which xunit does not time: ConversationEngineTests' 271 cases took 16 s of durations and 170 s
/// between their starts and ends (session 43, load ~10).
/// </summary>
public class ConversationClassHost : IAsyncLifetime
{
    public ConversationHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ConversationHost.StartAsync(Configure);

    /// <summary>A class whose engine needs a service of its own (a stand-in finder) derives its fixture and adds it here.</summary>
    protected virtual void Configure(IServiceCollection services)
    {
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>One conversation driven turn by turn against the engine, with its state kept as a channel keeps it.</summary>
public sealed class EngineChat(ConversationHost host, ConversationInput template)
{
    private readonly PlainTextRenderer _renderer = new();

    public ConversationProgress Progress { get; } = new();

    public ContributorProfile Profile { get; } = new();

    public IReadOnlyList<ConversationReply> Last { get; private set; } = [];

    /// <summary>The last replies as the plain-text channel shows them.</summary>
    public IReadOnlyList<string> Shown => _renderer.Render(Last);

    public string? AskedQuestion => Last.OfType<QuestionReply>().LastOrDefault()?.QuestionId;

    public Task<IReadOnlyList<ConversationReply>> StartAsync() => TurnAsync(template with { IsConversationStart = true });

    public Task<IReadOnlyList<ConversationReply>> SendAsync(string text) => TurnAsync(template with { Text = text });

    public Task<IReadOnlyList<ConversationReply>> SendAsync(SubmittedValue value) => TurnAsync(template with { Value = value });

    private async Task<IReadOnlyList<ConversationReply>> TurnAsync(ConversationInput input)
    {
        await using var scope = host.Services.CreateAsyncScope();
        Last = await scope.ServiceProvider.GetRequiredService<ConversationEngine>().HandleAsync(input, Progress, Profile);
        return Last;
    }
}
