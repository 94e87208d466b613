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
    private readonly IHost _host;
    private readonly TestDatabase _database;

    private ConversationHost(IHost host, TestDatabase database, ManualClock clock)
    {
        _host = host;
        _database = database;
        Clock = clock;
    }

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
        new(this, new ConversationInput(channel, conversation, user, null, Locale: locale));

    public async Task<Practice?> PracticeOfAsync(string channel, string userId)
    {
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
        _host.Dispose();
        await _database.DisposeAsync();
    }
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
