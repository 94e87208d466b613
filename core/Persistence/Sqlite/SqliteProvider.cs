using Microsoft.EntityFrameworkCore;

namespace Regin.Core.Persistence.Sqlite;

/// <summary>Shortcuts for code that always uses SQLite (tests, benchmarks, the design-time factory).</summary>
public static class SqliteProvider
{
    /// <summary>Uses SQLite with <paramref name="connectionString"/> (see <see cref="SqliteDatabaseProvider"/>).</summary>
    public static DbContextOptionsBuilder UseReginSqlite(this DbContextOptionsBuilder options, string connectionString) =>
        new SqliteDatabaseProvider(connectionString).Configure(options);

    /// <summary>WAL lets the bot host and the mail ingester use one file at once.</summary>
    public static async Task ConfigureAsync(ReginDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
