using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;

namespace Regin.Testing;

/// <summary>The providers the store, intake, chat, mail and review tests run on.</summary>
public static class TestProviders
{
    public const string Sqlite = ReginDatabaseProvider.SqliteName;
    public const string PostgreSql = ReginDatabaseProvider.PostgreSqlName;
}

/// <summary>
/// A fresh, empty database of one provider for one test or fixture: a SQLite file in a temporary folder, or a database
/// of its own on the test run's PostgreSQL (<see cref="TestPostgres"/>). Deleted (dropped) when disposed.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly TestPostgres? _server;

    private TestDatabase(string provider, string connectionString, string? folder, TestPostgres? server)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _folder = folder;
        _server = server;
    }

    /// <summary>"Sqlite" or "PostgreSQL" (Database:Provider).</summary>
    public string Provider { get; }

    /// <summary>ConnectionStrings:Regin.</summary>
    public string ConnectionString { get; }

    public bool IsSqlite => Provider == TestProviders.Sqlite;

    /// <summary>The SQLite file (null on PostgreSQL).</summary>
    public string? FilePath => _folder is null ? null : Path.Combine(_folder, "regin.db");

    /// <summary>The two settings a host needs to use this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = Provider,
        ["ConnectionStrings:Regin"] = ConnectionString,
    };

    /// <summary>The same as command-line arguments (for WebApplication.CreateBuilder).</summary>
    public string[] Arguments => [$"--Database:Provider={Provider}", $"--ConnectionStrings:Regin={ConnectionString}"];

    /// <summary>
    /// With <paramref name="migrated"/> a copy of a template migrated once per test process (a host starting on it finds
    /// nothing pending, as on a restart); without it an empty database, which the host or the test migrates.
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(string provider, bool migrated = true)
    {
        if (provider == TestProviders.Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("regin-test-").FullName;
            var path = Path.Combine(folder, "regin.db");
            if (migrated)
            {
                File.Copy(await SqliteTemplate.Value, path);
            }
            return new TestDatabase(provider, $"Data Source={path}", folder, null);
        }
        if (provider == TestProviders.PostgreSql)
        {
            var server = await TestPostgres.GetAsync();
            return new TestDatabase(provider, await server.CreateDatabaseAsync(migrated), null, server);
        }
        throw new ArgumentOutOfRangeException(nameof(provider), provider, "Sqlite or PostgreSQL");
    }

    /// <summary>
    /// A new database of its own holding what this one holds: a starting state made once per test process and copied per
    /// case, as the migrated template is. No host may be open on this one: on SQLite its whole content must be in its
    /// one file (no write-ahead log left: its connections closed, or journal_mode=DELETE), on PostgreSQL no session on it.
    /// </summary>
    public async Task<TestDatabase> CopyAsync()
    {
        if (IsSqlite)
        {
            if (new FileInfo(FilePath + "-wal") is { Exists: true, Length: > 0 })
            {
                throw new InvalidOperationException($"{FilePath} still has a write-ahead log: close its connections before copying it.");
            }
            var folder = Directory.CreateTempSubdirectory("regin-test-").FullName;
            var path = Path.Combine(folder, "regin.db");
            File.Copy(FilePath!, path);
            return new TestDatabase(Provider, $"Data Source={path}", folder, null);
        }
        return new TestDatabase(Provider, await _server!.CopyDatabaseAsync(ConnectionString), null, _server);
    }

    /// <summary>
    /// The SQLite file every migrated test database copies, so that no SQLite test host runs the 20 migrations (with
    /// their table rebuilds) on an empty file of its own. The template is left in rollback
    /// journal mode, so the one file is the whole database and a plain copy is complete; a host turns WAL on at start,
    /// as it does on every start.
    /// </summary>
    private static readonly Lazy<Task<string>> SqliteTemplate = new(CreateSqliteTemplateAsync);

    private static async Task<string> CreateSqliteTemplateAsync()
    {
        var folder = Directory.CreateTempSubdirectory("regin-template-").FullName;
        var path = Path.Combine(folder, "regin.db");
        var provider = ReginDatabaseProvider.Create(TestProviders.Sqlite, $"Data Source={path};Pooling=False");
        await using (var db = new ReginDbContext((DbContextOptions<ReginDbContext>)provider.Configure(new DbContextOptionsBuilder<ReginDbContext>()).Options))
        {
            await provider.MigrateAsync(db, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=DELETE;");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // The temp folder is cleaned by the OS.
            }
        };
        return path;
    }

    public ReginDatabaseProvider NewProvider() => ReginDatabaseProvider.Create(Provider, ConnectionString);

    public DbContextOptions<ReginDbContext> ContextOptions() =>
        (DbContextOptions<ReginDbContext>)NewProvider().Configure(new DbContextOptionsBuilder<ReginDbContext>()).Options;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(ConnectionString);
        }
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on some platform: the temp folder is cleaned by the OS.
            }
        }
    }
}
