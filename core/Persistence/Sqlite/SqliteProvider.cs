using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Regin.Core.Persistence.Sqlite;

/// <summary>Everything SQLite-specific lives in this folder (with its migrations), so another provider can sit beside it.</summary>
public static class SqliteProvider
{
    private static readonly SqliteSynchronousInterceptor SynchronousNormal = new();

    /// <summary>
    /// Uses SQLite with <paramref name="connectionString"/>; a relative file path is taken from the current directory
    /// and its folder is created, so `dotnet run` from the repo root and the mail ingester share data/regin.db.
    /// </summary>
    public static DbContextOptionsBuilder UseReginSqlite(this DbContextOptionsBuilder options, string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }
        // Readers never wait for a writer, and a busy writer is waited for rather than failed.
        builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30);
        return options.UseSqlite(builder.ToString(), sqlite => sqlite.MigrationsAssembly(typeof(SqliteProvider).Assembly.FullName))
            .AddInterceptors(SynchronousNormal);
    }

    /// <summary>WAL lets the bot host and the mail ingester use one file at once.</summary>
    public static async Task ConfigureAsync(ReginDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
