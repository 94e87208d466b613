using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Regin.Core.Persistence.PostgreSql;

/// <summary>
/// Writes the search documents of the practices the writers marked (migration SearchIndexedOffTurn), off their path: a
/// chat turn's commit only marks its practice, and this service indexes the marked practices in a quiet moment after
/// commits (<see cref="Committed"/>, <see cref="Pause"/>, at most <see cref="LongestWait"/> later), many at once, and
/// every <see cref="PollInterval"/> what other processes marked (the mail ingester, another host's review edits); at
/// start it catches up with whatever is marked. Rounds of <see cref="PostgreSqlDatabaseProvider.SearchIndexRound"/>
/// practices, each a transaction of its own on a session of its own. One indexer at a time across hosts: a round
/// that finds another one running skips (that one indexes what is marked). A search never waits for this service: it
/// indexes what is still marked before it reads (<see cref="PostgreSqlDatabaseProvider.CatchUpSearchIndexAsync"/>).
/// SQLite: nothing to do (its <see cref="Sqlite.SqliteCheckpointer"/> indexes the chat turns' marks).
/// </summary>
public sealed class PostgreSqlSearchIndexer(ReginDatabaseProvider provider, ILogger<PostgreSqlSearchIndexer> logger) : BackgroundService
{
    /// <summary>How long without a commit a round waits for (the commits of a busy moment are indexed together).</summary>
    public TimeSpan Pause { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest a round waits for a quiet moment after the commit that began the wait.</summary>
    public TimeSpan LongestWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often it looks for marks without a commit of this process (other processes' writes).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    private readonly CommitSignal _committed = new();
    private volatile bool _running;
    private long _indexed;
    private long _rounds;

    /// <summary>Whether the service runs (PostgreSQL only).</summary>
    public bool IsRunning => _running;

    /// <summary>The practices indexed so far.</summary>
    public long Indexed => Interlocked.Read(ref _indexed);

    /// <summary>The rounds run so far (each one transaction, whether or not anything was marked).</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    /// <summary>
    /// A unit of work that may have marked practices committed: a round follows in the next quiet moment. Costs a time
    /// stamp when one is due already (<see cref="CommitSignal"/>: only the first commit wakes the service).
    /// </summary>
    public void Committed()
    {
        if (_running)
        {
            _committed.Committed();
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _running = provider is PostgreSqlDatabaseProvider;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_running || provider is not PostgreSqlDatabaseProvider postgres)
        {
            return;
        }
        await Task.Yield();
        NpgsqlConnection? connection = null;
        try
        {
            // At start: whatever was marked before (a host stopped between a commit and its round).
            var signalled = true;
            while (true)
            {
                if (signalled)
                {
                    await _committed.QuietAsync(Pause, LongestWait, stoppingToken);
                }
                // The commits up to this moment marked what this round reads.
                var covered = CommitSignal.Now;
                try
                {
                    if (connection is null)
                    {
                        connection = postgres.NewSearchIndexerConnection();
                        await connection.OpenAsync(stoppingToken);
                    }
                    int indexed;
                    do
                    {
                        indexed = await PostgreSqlDatabaseProvider.IndexMarkedPracticesAsync(connection, stoppingToken);
                        Interlocked.Increment(ref _rounds);
                        if (indexed > 0)
                        {
                            Interlocked.Add(ref _indexed, indexed);
                        }
                    }
                    while (indexed >= PostgreSqlDatabaseProvider.SearchIndexRound);
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
                {
                    // The marks stay: the next round (or a search) indexes them, on a new session.
                    logger.LogWarning(e, "Indexing the practices marked for the search failed; the next round tries again");
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                    }
                    connection = null;
                }
                signalled = await _committed.WaitAsync(covered, PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _running = false;
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _committed.Dispose();
    }
}
