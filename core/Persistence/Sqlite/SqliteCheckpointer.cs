using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Regin.Core.Persistence.Sqlite;

/// <summary>
/// Copies SQLite's write-ahead log into the database file away from the chat turns. By itself SQLite checkpoints in the
/// connection that commits once the log holds 1,000 pages (<c>wal_autocheckpoint</c>): the chat turn that crossed the
/// mark copied the log and waited for its fsyncs (10–20 ms here, about one turn in 50: the turn's p99). While this
/// service runs, the connections kept for the chat turns (<see cref="KeptConnections"/>) check the mark only at
/// <see cref="FarPages"/> (a safety net, should this service fall behind), and this service checkpoints on its own
/// connection in a quiet moment after a turn has committed (<see cref="Committed"/>, <see cref="Pause"/>), PASSIVE: it
/// never waits for a reader or a writer, and copies what no reader still needs. Every other connection (EF Core's pool, the mail ingester's process)
/// keeps SQLite's mark. A process that does not run this service (the mail ingester, a command) changes nothing.
/// The kept connections' commits also leave the search index to it (<see cref="SqliteSearchIndex.LeaveToIndexer"/>):
/// before each checkpoint it indexes the practices they marked, in one transaction in the writer queue; when another
/// process holds SQLite's write lock it gives its place in the queue back at once and tries again after the pause
/// (<see cref="IndexingsDeferred"/>), rather than sleep in SQLite's busy retries with the chat turns queued behind it.
/// PostgreSQL and an in-memory database: nothing to do.
/// </summary>
public sealed class SqliteCheckpointer(ReginDatabaseProvider provider, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    /// <summary>The log's length in pages at which a kept connection still checkpoints by itself (about 40 MB).</summary>
    public const int FarPages = 10_000;

    /// <summary>
    /// How long without a commit the checkpoint waits for: it copies the log in a quiet moment, not while turns are
    /// committing (a turn that overlapped a checkpoint took 10–20 ms: the checkpoint's index transaction, its copying and
    /// fsyncs beside the turn on a machine of two cores), and the commits of a busy moment are copied together.
    /// </summary>
    public TimeSpan Pause { get; init; } = DefaultPause;

    /// <summary>
    /// The longest a checkpoint waits for a quiet moment after the first commit it follows: commits that never pause for
    /// <see cref="Pause"/> (a hundred chats at once) are copied once a second (about 20 pages a turn: a log of a few
    /// thousand pages at most, far below <see cref="FarPages"/>).
    /// </summary>
    public TimeSpan LongestWait { get; init; } = DefaultLongestWait;

    /// <summary><see cref="Pause"/> unless <c>Database:Sqlite:CheckpointPause</c> says otherwise (<see cref="SqliteCheckpointOptions"/>).</summary>
    public static readonly TimeSpan DefaultPause = TimeSpan.FromMilliseconds(200);

    /// <summary><see cref="LongestWait"/> unless <c>Database:Sqlite:CheckpointLongestWait</c> says otherwise (<see cref="SqliteCheckpointOptions"/>).</summary>
    public static readonly TimeSpan DefaultLongestWait = TimeSpan.FromSeconds(1);

    private readonly CommitSignal _committed = new();
    private volatile bool _running;
    private long _checkpoints;
    private long _indexed;
    private long _busy;
    private (long Log, long Copied) _last;

    /// <summary>Whether the service is checkpointing (kept connections opened meanwhile leave it to the service).</summary>
    public bool IsRunning => _running;

    /// <summary>How many times this service indexed practices the kept connections' commits left marked (see <see cref="SqliteSearchIndex.LeaveToIndexer"/>).</summary>
    public long Indexings => Interlocked.Read(ref _indexed);

    /// <summary>
    /// How many times the indexing found SQLite's write lock held by a writer outside this process's queue (another
    /// process) and gave its place in the queue back at once, to try again after <see cref="Pause"/>.
    /// </summary>
    public long IndexingsDeferred => Interlocked.Read(ref _busy);

    /// <summary>The checkpoints run so far.</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>The last checkpoint's result: the pages in the log, and how many of them are in the file now.</summary>
    public (long Log, long Copied) Last
    {
        get
        {
            lock (_committed)
            {
                return _last;
            }
        }
    }

    /// <summary>
    /// A unit of work committed on a kept connection: a checkpoint follows in the next quiet moment (<see cref="Pause"/>).
    /// Costs a time stamp when one is due already (<see cref="CommitSignal"/>: only the first commit wakes the service).
    /// </summary>
    public void Committed()
    {
        if (_running)
        {
            _committed.Committed();
        }
    }

    /// <summary>A newly opened kept connection leaves its checkpoints to this service, while it runs.</summary>
    public void Defer(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!_running || connection is not SqliteConnection)
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA wal_autocheckpoint={FarPages};");
        command.ExecuteNonQuery();
        // Its commits leave the search index to this service too (IndexMarked, before each checkpoint).
        SqliteSearchIndex.LeaveToIndexer(connection);
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Set before the host starts serving: the kept connections opened by the first turns leave checkpoints to it.
        _running = provider is SqliteDatabaseProvider { FilePath: not null };
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_running)
        {
            return;
        }
        await Task.Yield();
        DbConnection? connection = null;
        try
        {
            // The commits up to this moment are in the log the last checkpoint copied (none yet: the first one wakes it).
            long covered = 0;
            while (true)
            {
                await _committed.WaitAsync(covered, Timeout.InfiniteTimeSpan, stoppingToken);
                // Once no commit came for Pause, or LongestWait after the commit that woke it.
                await _committed.QuietAsync(Pause, LongestWait, stoppingToken);
                covered = CommitSignal.Now;
                try
                {
                    connection ??= provider.OpenKeptConnection();
                    if (connection is not null)
                    {
                        var indexing = await SqliteSearchIndex.IndexMarkedAsync(connection, stoppingToken);
                        if (indexing == SqliteSearchIndex.MarkedIndexing.Indexed)
                        {
                            Interlocked.Increment(ref _indexed);
                        }
                        await CheckpointAsync(connection, stoppingToken);
                        if (indexing == SqliteSearchIndex.MarkedIndexing.WriterBusy)
                        {
                            // Another process held the write lock: tried again after the pause, with no chat turn waiting on it.
                            Interlocked.Increment(ref _busy);
                            Committed();
                        }
                    }
                }
                catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException)
                {
                    // The kept connections' own mark still bounds the log; the next commit tries again on a new connection.
                    logger.LogWarning(e, "A checkpoint of the write-ahead log failed; the next commit tries again");
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _running = false;
            connection?.Dispose();
        }
    }

    private async Task CheckpointAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // (busy, log frames, frames checkpointed); a pragma with side effects is run as a statement and its row read.
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            lock (_committed)
            {
                _last = (reader.GetInt64(1), reader.GetInt64(2));
            }
        }
        Interlocked.Increment(ref _checkpoints);
    }

    public override void Dispose()
    {
        base.Dispose();
        _committed.Dispose();
    }
}
