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
    /// and read back. Both are per connection and stay with the pooled connection (the mail ingester's).
    /// </summary>
    public override async Task PrepareBatchWritesAsync(ReginDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("A connection is readied for batch writes before its transaction begins.");
        }
        await db.Database.ExecuteSqlRawAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"PRAGMA temp_store=MEMORY; PRAGMA cache_size=-{BatchWriterCacheKib};"), cancellationToken);
    }
}
