using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Regin.Core.Persistence.Sqlite;

public sealed partial class SqliteDatabaseProvider
{
    /// <summary>The page cache of a batch writer's connection, in KiB (SQLite's default is 2,000).</summary>
    public const int BatchWriterCacheKib = 16 * 1024;

    /// <summary>
    /// SQLite keeps what it needs to roll a savepoint back (the statement journal: each page a savepoint or a statement
    /// in it changes, as it was) in memory up to 64 KiB, then in a temporary file; a mail's savepoint in a batch writes
    /// about 400 KiB there, so every batch created, wrote and read back a file of tens of megabytes in /var/tmp
    /// (a fifth of the writer's time in <c>pwrite</c>). <c>temp_store=MEMORY</c> keeps it in memory; it is emptied when
    /// the mail's savepoint is released, so it holds one mail's pages at most. The larger page cache keeps a batch's
    /// pages (its practices, answers, indexes and search documents) from being spilled to the log before the commit
    /// and read back. Both are per connection, and the connection goes back to the pool: disposing the result gives it
    /// the settings it had before (session 13 left them on it, and the acceptor that borrowed it next stored a mail's
    /// bytes 3–5× slower: accepting fell from 0.6–0.8× to 0.3–0.5× MimeKit's rate).
    /// </summary>
    public override async Task<IAsyncDisposable?> PrepareBatchWritesAsync(ReginDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (ContextTransaction.IsOpen(db))
        {
            throw new InvalidOperationException("A connection is readied for batch writes before its transaction begins.");
        }
        var connection = db.Database.GetDbConnection();
        long tempStore;
        long cacheSize;
        await using (var command = connection.CreateCommand())
        {
            // What the connection had (its own settings, whatever opened it), read and changed in one round.
            command.CommandText = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"PRAGMA temp_store; PRAGMA cache_size; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-{BatchWriterCacheKib};");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            tempStore = reader.GetInt64(0);
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            cacheSize = reader.GetInt64(0);
        }
        return new Restore(connection, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"PRAGMA temp_store={tempStore}; PRAGMA cache_size={cacheSize};"));
    }

    /// <summary>Gives a batch writer's connection its settings back (after its transaction has ended).</summary>
    private sealed class Restore(DbConnection connection, string pragmas) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection.State != System.Data.ConnectionState.Open)
            {
                return;
            }
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = pragmas;
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (SqliteException)
            {
                // A connection that failed: the pool drops it, settings and all.
            }
        }
    }
}
