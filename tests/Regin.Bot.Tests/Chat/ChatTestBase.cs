using Microsoft.Bot.Builder.Adapters;
using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Localisation;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Testing;

namespace Regin.Bot.Tests.Chat;

/// <summary>
/// A chat host and its database for the cases of a test class: one per class when the class takes a
/// <see cref="ChatClassHost"/> (its cases change no setting and keep apart by their own conversations and users, see
/// <see cref="User"/>), or a fresh one per case (SQLite unless a class says otherwise) when a case restarts the host,
/// moves the clock to a date of its own or reads the whole database. And the questionnaire's texts to compare replies with.
/// </summary>
/// <remarks>
/// A host per case started in <see cref="InitializeAsync"/> is outside the case's duration (xunit times only the
/// constructor and the test method): <c>BotJsonTests</c>' 23 cases took 1 s of durations and 30–47 s from first start
/// to last end at load, nearly all of it 23 host starts and stops (session 43).
/// </remarks>
public abstract class ChatTestBase : IAsyncLifetime
{
    private static int _cases;
    private readonly ChatClassHost? _classHost;
    private readonly ManualClock _ownClock = new(ChatClassHost.Start);
    private TestDatabase? _database;

    /// <summary>A host and database of each case's own.</summary>
    protected ChatTestBase()
    {
    }

    /// <summary>The class's one host and database, its cases each in conversations and as users of their own.</summary>
    protected ChatTestBase(ChatClassHost classHost)
    {
        ArgumentNullException.ThrowIfNull(classHost);
        _classHost = classHost;
    }

    /// <summary>Database:Provider of the host (a test class runs on PostgreSQL by overriding it).</summary>
    protected virtual string Provider => TestProviders.Sqlite;

    protected ChatHost Host { get; private set; } = null!;

    protected string DatabasePath => (_classHost is null ? _database?.FilePath : null)
        ?? throw new InvalidOperationException("A PostgreSQL database, or a class's shared one, has no file of the case's own.");

    /// <summary>The host's clock: on a class host shared by its cases (it only moves forward, each case's conversations are new).</summary>
    protected ManualClock Clock => _classHost?.Clock ?? _ownClock;

    protected Texts Texts => Host.Services.GetRequiredService<Texts>();

    protected QuestionnaireDefinition Questionnaire => Host.Services.GetRequiredService<QuestionnaireDefinition>();

    /// <summary>This case's number in the process: on a class host its users and conversations carry it.</summary>
    private int Case { get; } = Interlocked.Increment(ref _cases);

    public async Task InitializeAsync()
    {
        if (_classHost is not null)
        {
            Host = await _classHost.HostAsync(Provider);
            return;
        }
        _database = await TestDatabase.CreateAsync(Provider);
        Host = await StartHostAsync();
    }

    private Task<ChatHost> StartHostAsync() => ChatHost.StartAsync(_database!, Clock);

    public async Task DisposeAsync()
    {
        if (_classHost is not null)
        {
            return;
        }
        await Host.DisposeAsync();
        await _database!.DisposeAsync();
    }

    protected async Task RestartHostAsync()
    {
        if (_classHost is not null)
        {
            throw new InvalidOperationException("A class host is not restarted by one case: give the class a host per case.");
        }
        await Host.DisposeAsync();
        Host = await StartHostAsync();
    }

    /// <summary>
    /// The user (or conversation) id a case names <paramref name="name"/>: on a class host the name with the case's
    /// number after it (a Teams "29:…" id keeps its form), so each case is a contributor of its own; else the name.
    /// </summary>
    protected string User(string name) => _classHost is null ? name : $"{name}-case{Case}";

    protected ChatDriver Driver(string locale, string channel = "webchat", string conversation = "conv-1", string user = "user-1") =>
        new(Adapter(channel, conversation, user, locale), Host.Bot);

    /// <summary>A TestAdapter of the host with this case's own conversation and user of those names (<see cref="User"/>).</summary>
    protected TestAdapter Adapter(string channel, string conversation, string user, string? locale) =>
        Host.Adapter(channel, User(conversation), User(user), locale);

    /// <summary>The practice of this case's user of that name.</summary>
    protected Task<Practice?> PracticeOfAsync(string channel, string user) => Host.PracticeOfAsync(channel, User(user));

    /// <summary>The message <paramref name="key"/> up to its first placeholder: what a reply must contain.</summary>
    protected string Fixed(string key, string language)
    {
        var text = Texts.Get(key, language);
        var brace = text.IndexOf('{');
        return (brace < 0 ? text : text[..brace]).Trim();
    }
}

/// <summary>
/// The chat host of one test class (a class fixture): a database and <see cref="ChatHost"/> made at its first case, on
/// the provider that case's class runs on, shared by the class's cases (xunit runs them one after another), stopped
/// and dropped after the last.
/// </summary>
public sealed class ChatClassHost : IAsyncLifetime
{
    /// <summary>Where every chat test's clock starts.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private TestDatabase? _database;
    private ChatHost? _host;

    public ManualClock Clock { get; } = new(Start);

    public async Task<ChatHost> HostAsync(string provider)
    {
        await _gate.WaitAsync();
        try
        {
            if (_host is null)
            {
                _database = await TestDatabase.CreateAsync(provider);
                _host = await ChatHost.StartAsync(_database, Clock);
            }
            else if (_database!.Provider != provider)
            {
                throw new InvalidOperationException($"The class host runs on {_database.Provider}, not {provider}.");
            }
            return _host;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        _gate.Dispose();
    }
}
