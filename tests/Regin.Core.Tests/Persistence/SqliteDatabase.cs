using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Regin.Core.Intake;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Sqlite;

namespace Regin.Core.Tests.Persistence;

/// <summary>A real SQLite file in a temporary folder, migrated from empty, deleted at the end of the test.</summary>
internal sealed class SqliteDatabase : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("regin-test-").FullName;

    public string Path => System.IO.Path.Combine(_folder, "regin.db");

    public ReginDbContext NewContext() =>
        new(new DbContextOptionsBuilder<ReginDbContext>().UseReginSqlite($"Data Source={Path}").Options as DbContextOptions<ReginDbContext>
            ?? throw new InvalidOperationException());

    public static async Task<SqliteDatabase> CreateAsync()
    {
        var database = new SqliteDatabase();
        await using var db = database.NewContext();
        await db.Database.MigrateAsync();
        await SqliteProvider.ConfigureAsync(db, CancellationToken.None);
        return database;
    }

    public IntakeService Intake(ReginDbContext db, TimeProvider? clock = null) =>
        new(db, TestCore.Normaliser, clock ?? TimeProvider.System, NullLogger<IntakeService>.Instance);

    public ValueTask DisposeAsync()
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
        return ValueTask.CompletedTask;
    }
}
