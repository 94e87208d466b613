using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Regin.Core.Persistence.Sqlite;

/// <summary>
/// Copies the SQLite file's write-ahead log into the database in the background, every <see cref="Interval"/>, on a thread
/// and a connection of its own (a PASSIVE checkpoint: it waits for no reader and no writer, and no writer waits for it).
/// Without it the commit that grew the log past 1,000 pages ran the checkpoint itself (SQLite's automatic one): about
/// 10 ms of copying and syncing, once a second under 100 web chats, while that commit held the database's one writer,
/// so the turn and every turn queued behind it waited (README, Performance, "Web chat"). Kept up with, the log is
/// started again from its beginning by the next writer and never reaches the automatic checkpoint, which stays in force
/// (for a log this one could not keep up with, and in processes without this service). Nothing for PostgreSQL or an
/// in-memory database.
/// </summary>
public sealed class SqliteWalCheckpointer(ReginDatabaseProvider database, ILogger<SqliteWalCheckpointer> logger) : BackgroundService
{
    /// <summary>How often the log is checkpointed: ~200 pages of turns' writes under 100 web chats, a few ms of copying.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>How many checkpoints have run (for tests and diagnostics).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    private long _checkpoints;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database is not SqliteDatabaseProvider { FilePath: not null } sqlite)
        {
            return Task.CompletedTask;
        }
        // A thread of its own: the copy and the file's sync block it, and must not take a thread of the pool from requests.
        return Task.Factory.StartNew(() => Run(sqlite, stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Run(SqliteDatabaseProvider sqlite, CancellationToken stoppingToken)
    {
        DbConnection? connection = null;
        try
        {
            while (!stoppingToken.WaitHandle.WaitOne(Interval))
            {
                try
                {
                    connection ??= sqlite.OpenKeptConnection();
                    if (connection is not null)
                    {
                        CheckpointOnce(connection);
                        Interlocked.Increment(ref _checkpoints);
                    }
                }
                catch (SqliteException e)
                {
                    // The automatic checkpoint still runs; try again with a fresh connection next time.
                    logger.LogWarning(e, "Background checkpoint of the SQLite log failed: {Reason}", e.Message);
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    /// <summary>One PASSIVE checkpoint: the pages in the log, and how many of them are in the database now.</summary>
    internal static (long Log, long Copied) CheckpointOnce(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var reader = command.ExecuteReader();
        // busy (0 or 1), pages in the log, pages checkpointed (both -1 when the database is not in WAL mode).
        return reader.Read() ? (Math.Max(0, reader.GetInt64(1)), Math.Max(0, reader.GetInt64(2))) : (0, 0);
    }
}
