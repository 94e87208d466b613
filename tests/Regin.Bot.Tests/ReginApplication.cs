using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Regin.Testing;

namespace Regin.Bot.Tests;

/// <summary>The real bot host on a fresh SQLite file of its own, with a known API token.</summary>
public class ReginApplication : WebApplicationFactory<Program>
{
    public const string ApiToken = "test-token-7f3a-9c21";

    private readonly string _folder = Directory.CreateTempSubdirectory("regin-bot-test-").FullName;
    private TestDatabase? _database;

    public string DatabasePath => Path.Combine(_folder, "regin.db");

    /// <summary>Database:Provider of this host.</summary>
    public virtual string Provider => TestProviders.Sqlite;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("ConnectionStrings:Regin", $"Data Source={DatabasePath}");
        if (Provider != TestProviders.Sqlite)
        {
            // The host is built synchronously: the database is made here, once (WithWebHostBuilder's hosts share it).
            _database ??= TestDatabase.CreateAsync(Provider).GetAwaiter().GetResult();
            foreach (var (key, value) in _database.Settings)
            {
                builder.UseSetting(key, value);
            }
        }
        builder.UseSetting("Review:ApiTokens:0", ApiToken);
        // The anonymous /api/messages calls back only allow-listed service URLs: the tests' own.
        builder.UseSetting("Chat:AllowedServiceUrls:0", "https://webchat.invalid/");
        // The chat notification worker stays off unless a test turns it on (tests deliver by hand).
        builder.UseSetting("Chat:NotificationPollSeconds", "0");
        builder.UseEnvironment("Testing");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The same host on a PostgreSQL database of its own.</summary>
public sealed class PostgreSqlReginApplication : ReginApplication
{
    public override string Provider => TestProviders.PostgreSql;
}
