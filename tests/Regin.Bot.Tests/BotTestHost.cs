using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Regin.Bot.Tests;

/// <summary>
/// The real bot host (Program), as every bot test starts it: on a fresh database of its provider (<see cref="TestDatabase"/>:
/// a SQLite file, or a PostgreSQL database of its own), in the Testing environment, with the chat notification worker
/// off unless a test turns it on; in memory (TestServer), or on Kestrel at a free 127.0.0.1 port for a real browser or
/// WebSocket. Hosts for one kind of test add their settings in <see cref="ConfigureSettings"/>.
/// </summary>
public class BotTestHost : WebApplicationFactory<Program>
{
    private readonly bool _kestrel;
    private readonly TestDatabase? _shared;
    private TestDatabase? _database;
    private readonly ConcurrentDictionary<string, Lazy<WebApplicationFactory<Program>>> _classHosts = new(StringComparer.Ordinal);

    public BotTestHost(bool kestrel = false)
        : this(kestrel, null)
    {
    }

    /// <summary>
    /// A host on <paramref name="shared"/> when given (a second host of the same database, as two bot hosts share one
    /// PostgreSQL database): its owner drops it, not this host.
    /// </summary>
    protected BotTestHost(bool kestrel, TestDatabase? shared)
    {
        _kestrel = kestrel;
        _shared = shared;
        if (kestrel)
        {
            UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        }
    }

    /// <summary>
    /// The host of one test class with its own settings: this host's <see cref="WebApplicationFactory{TEntryPoint}.WithWebHostBuilder"/>
    /// made at the first call of <paramref name="name"/> and given to every later one, so a class fixture's tests share one
    /// server, DI container and warm-up instead of building them each (a class fixture is one instance per class; its
    /// tests run one after another and keep apart by their own users and conversations). Disposed with this host.
    /// A test that changes a setting, a service or a limit of its own derives its own host from this one.
    /// </summary>
    public WebApplicationFactory<Program> ClassHost(string name, Action<IWebHostBuilder> configure) =>
        _classHosts.GetOrAdd(name, _ => new Lazy<WebApplicationFactory<Program>>(() => WithWebHostBuilder(configure))).Value;

    /// <summary>Database:Provider of this host.</summary>
    public virtual string Provider => TestProviders.Sqlite;

    /// <summary>The host's database, made when the host is first built (WithWebHostBuilder's hosts share it).</summary>
    public TestDatabase Database => _shared ?? (_database ??= TestDatabase.CreateAsync(Provider).GetAwaiter().GetResult());

    /// <summary>The SQLite file.</summary>
    public string DatabasePath => Database.FilePath ?? throw new InvalidOperationException("A PostgreSQL database has no file.");

    /// <summary>Where the Kestrel host listens ("http://127.0.0.1:port"), once started.</summary>
    public Uri BaseAddress => _kestrel
        ? new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First())
        : Server.BaseAddress;

    /// <summary>A client of the Kestrel host (a real socket), or of the in-memory server.</summary>
    public HttpClient CreateHttpClient() => _kestrel ? new HttpClient { BaseAddress = BaseAddress } : CreateClient();

    protected sealed override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var (key, value) in Database.Settings)
        {
            builder.UseSetting(key, value);
        }
        // The chat notification worker stays off unless a test turns it on (tests deliver by hand).
        builder.UseSetting("Chat:NotificationPollSeconds", "0");
        // Nor are reminders scheduled unless a test asks for them.
        builder.UseSetting("Reminders:PollSeconds", "0");
        // Nor is the chat warmed up at start (ChatWarmUpTests turn it on): hundreds of test hosts would each rehearse.
        builder.UseSetting("Chat:WarmUp", "false");
        // Metrics and traces stay in the process (tests read them with a listener), not printed for every turn.
        builder.UseSetting("Telemetry:Exporter", "None");
        builder.UseEnvironment("Testing");
        ConfigureSettings(builder);
    }

    /// <summary>The settings of one kind of test host (API tokens, an administrator, a Direct Line secret ...).</summary>
    protected virtual void ConfigureSettings(IWebHostBuilder builder)
    {
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await DropDatabaseAsync();
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            DropDatabaseAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Once, whichever of the two disposals comes first: the database goes after the host.</summary>
    private ValueTask DropDatabaseAsync() => Interlocked.Exchange(ref _database, null) is { } database ? database.DisposeAsync() : ValueTask.CompletedTask;
}
