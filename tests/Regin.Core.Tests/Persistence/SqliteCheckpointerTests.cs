using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Regin.Core.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Regin.Core.Intake;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Persistence.Sqlite;
using Regin.Testing;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// SQLite's write-ahead log is copied into the file by the checkpointer, not by the chat turn that commits: a kept
/// connection opened while it runs checkpoints by itself only at <see cref="SqliteCheckpointer.FarPages"/>, and a commit
/// is followed by the checkpointer's own checkpoint.
/// </summary>
public sealed class SqliteCheckpointerTests
{
    private static readonly TimeSpan Deadline = Eventually.Deadline;

    private static long Scalar(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_commit_on_a_kept_connection_is_checkpointed_by_the_checkpointer_not_by_the_committer()
    {
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        var provider = ReginDatabaseProvider.Create(TestProviders.Sqlite, database.Database.ConnectionString);
        using var checkpointer = new SqliteCheckpointer(provider, NullLogger<SqliteCheckpointer>.Instance) { Pause = TimeSpan.Zero };
        using var stopped = new CancellationTokenSource();
        await checkpointer.StartAsync(stopped.Token);
        using var kept = new KeptConnections(provider, checkpointer) { Capacity = 1 };
        try
        {
            var connection = kept.Rent()!;
            try
            {
                // The committer's own mark is far: SQLite's 1,000 pages are no longer its business.
                Assert.Equal(SqliteCheckpointer.FarPages, Scalar(connection, "PRAGMA wal_autocheckpoint;"));
                await using (var db = database.NewContext())
                {
                    db.Database.SetDbConnection(connection, contextOwnsConnection: false);
                    await db.Database.OpenConnectionAsync();
                    await using var transaction = await db.Database.BeginTransactionAsync();
                    var store = new RawInputStore(db, TimeProvider.System);
                    for (var i = 0; i < 20; i++)
                    {
                        Assert.True(await store.StoreInUnitAsync(new RawInput
                        {
                            Channel = "test", DedupKey = $"k{i}", ContentType = "text/plain", Content = new byte[8192],
                        }, new UnitTransaction(db)));
                    }
                    await transaction.CommitAsync();
                    await db.Database.CloseConnectionAsync();
                }
            }
            finally
            {
                kept.Return(connection);
            }
            var before = checkpointer.Checkpoints;
            checkpointer.Committed();
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (checkpointer.Checkpoints == before)
            {
                Assert.True(waited.Elapsed < Deadline, "no checkpoint followed the commit");
                await Task.Delay(10);
            }
            // Every page the commit wrote to the log is in the file now.
            var (log, copied) = checkpointer.Last;
            Assert.True(log > 0, "the commit wrote pages to the log");
            Assert.Equal(log, copied);
        }
        finally
        {
            await stopped.CancelAsync();
            await checkpointer.StopAsync(CancellationToken.None);
        }
        Assert.False(checkpointer.IsRunning);
    }

    [Fact]
    public async Task Commits_that_never_leave_a_quiet_moment_are_still_checkpointed_once_the_longest_wait_has_passed()
    {
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        var provider = ReginDatabaseProvider.Create(TestProviders.Sqlite, database.Database.ConnectionString);
        // A quiet moment of an hour never comes while the commits go on: the longest wait bounds the checkpoint's delay.
        using var checkpointer = new SqliteCheckpointer(provider, NullLogger<SqliteCheckpointer>.Instance)
        {
            Pause = TimeSpan.FromHours(1),
            LongestWait = TimeSpan.FromMilliseconds(100),
        };
        using var stopped = new CancellationTokenSource();
        await checkpointer.StartAsync(stopped.Token);
        try
        {
            await using (var db = database.NewContext())
            {
                var store = new RawInputStore(db, TimeProvider.System);
                await store.StoreAsync(new RawInput { Channel = "test", DedupKey = "quiet", ContentType = "text/plain", Content = new byte[8192] });
            }
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (checkpointer.Checkpoints == 0)
            {
                // A commit every 10 ms, as a hundred chats answering at once: never a quiet moment of Pause.
                checkpointer.Committed();
                Assert.True(waited.Elapsed < Deadline, "no checkpoint while the commits went on");
                await Task.Delay(10);
            }
            // (The log may be empty by then: SQLite copies it when the last other connection to the file closes.)
            var (log, copied) = checkpointer.Last;
            Assert.Equal(log, copied);
        }
        finally
        {
            await stopped.CancelAsync();
            await checkpointer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_kept_connections_commit_leaves_the_search_index_to_the_checkpointer_and_a_search_catches_up_first()
    {
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        var provider = ReginDatabaseProvider.Create(TestProviders.Sqlite, database.Database.ConnectionString);
        using var checkpointer = new SqliteCheckpointer(provider, NullLogger<SqliteCheckpointer>.Instance) { Pause = TimeSpan.Zero };
        using var stopped = new CancellationTokenSource();
        await checkpointer.StartAsync(stopped.Token);
        using var kept = new KeptConnections(provider, checkpointer) { Capacity = 1 };
        var unique = Guid.NewGuid().ToString("N")[..10];
        var now = DateTimeOffset.UtcNow;
        var practice = new Practice { Id = Guid.NewGuid(), Number = 7, Channels = Channels.Chat, CreatedAt = now, UpdatedAt = now };
        practice.Answers.Add(new Answer { QuestionId = "title", Original = $"Zebrawalk{unique} club", ValueJson = $"\"Zebrawalk{unique} club\"", UpdatedAt = now, UpdatedBy = "test" });
        await using var reader = new Microsoft.Data.Sqlite.SqliteConnection(database.Database.ConnectionString);
        await reader.OpenAsync();
        long Marked() => Scalar(reader, "SELECT count(*) FROM practice_search_pending");
        long Found(string word) => Scalar(reader, $"SELECT count(*) FROM practice_search WHERE practice_search MATCH '\"{word}\"*'");
        try
        {
            // A turn's commit on a kept connection: the practice is marked, not indexed.
            await InKeptUnitAsync(database, kept, db => db.Practices.Add(practice));
            Assert.Equal(1, Marked());
            Assert.Equal(0, Found("zebrawalk" + unique));

            // The checkpointer indexes it after the commit (one transaction in the writer queue), before its checkpoint.
            var before = checkpointer.Indexings;
            checkpointer.Committed();
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (checkpointer.Indexings == before)
            {
                Assert.True(waited.Elapsed < Deadline, "the checkpointer did not index the marked practice");
                await Task.Delay(10);
            }
            Assert.Equal(0, Marked());
            Assert.Equal(1, Found("zebrawalk" + unique));

            // A later answer, committed and not yet indexed: a search catches up before it reads.
            await InKeptUnitAsync(database, kept, db =>
            {
                var title = db.Answers.Single(a => a.PracticeId == practice.Id && a.QuestionId == "title");
                title.Original = $"Quokkarun{unique} club";
            });
            Assert.Equal(1, Marked());
            await using (var db = database.NewContext())
            {
                var page = await new Regin.Core.Review.ReviewQueries(db).ListAsync(new Regin.Core.Review.PracticeListQuery { Search = "quokkarun" + unique, PageSize = 20 });
                Assert.Equal([7], page.Rows.Select(r => r.Number));
            }
            Assert.Equal(0, Marked());
            Assert.Equal(0, Found("zebrawalk" + unique));
        }
        finally
        {
            await stopped.CancelAsync();
            await checkpointer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_search_indexing_gives_the_writer_queue_back_at_once_while_another_process_holds_the_write_lock_and_indexes_once_it_is_free()
    {
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        var provider = ReginDatabaseProvider.Create(TestProviders.Sqlite, database.Database.ConnectionString);
        using var checkpointer = new SqliteCheckpointer(provider, NullLogger<SqliteCheckpointer>.Instance) { Pause = TimeSpan.Zero };
        using var stopped = new CancellationTokenSource();
        await checkpointer.StartAsync(stopped.Token);
        using var kept = new KeptConnections(provider, checkpointer) { Capacity = 2 };
        var unique = Guid.NewGuid().ToString("N")[..10];
        var now = DateTimeOffset.UtcNow;
        var practice = new Practice { Id = Guid.NewGuid(), Number = 9, Channels = Channels.Chat, CreatedAt = now, UpdatedAt = now };
        practice.Answers.Add(new Answer { QuestionId = "title", Original = $"Ibexhike{unique} club", ValueJson = $"\"Ibexhike{unique} club\"", UpdatedAt = now, UpdatedBy = "test" });
        await using var reader = new Microsoft.Data.Sqlite.SqliteConnection(database.Database.ConnectionString);
        await reader.OpenAsync();
        long Marked() => Scalar(reader, "SELECT count(*) FROM practice_search_pending");
        long Found(string word) => Scalar(reader, $"SELECT count(*) FROM practice_search WHERE practice_search MATCH '\"{word}\"*'");
        // Another process's writer (the mail ingester's): SQLite's write lock, taken outside this process's writer queue.
        var otherProcess = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.Database.ConnectionString) { Pooling = false }.ToString();
        await using var other = new Microsoft.Data.Sqlite.SqliteConnection(otherProcess);
        await other.OpenAsync();
        try
        {
            await InKeptUnitAsync(database, kept, db => db.Practices.Add(practice));
            Assert.Equal(1, Marked());
            Scalar(other, "BEGIN IMMEDIATE; SELECT 0;");

            // Called directly: no busy retries while it holds the queue; it answers at once and the queue is free again.
            var indexer = provider.OpenKeptConnection()!;
            try
            {
                Assert.Equal(SqliteSearchIndex.MarkedIndexing.WriterBusy, await SqliteSearchIndex.IndexMarkedAsync(indexer));
                var turn = kept.Rent()!;
                try
                {
                    var place = SqliteWriteGate.EnterAsync(turn, CancellationToken.None);
                    Assert.True(place.IsCompleted, "the indexing left its place in the writer queue held");
                    (await place).Dispose();
                }
                finally
                {
                    kept.Return(turn);
                }
            }
            finally
            {
                await indexer.DisposeAsync();
            }

            // The checkpointer: deferred while the lock is held, then indexed by itself once it is free (no new commit).
            checkpointer.Committed();
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (checkpointer.IndexingsDeferred == 0)
            {
                Assert.True(waited.Elapsed < Deadline, "the checkpointer did not try to index");
                await Task.Delay(10);
            }
            Assert.Equal(1, Marked());
            Assert.Equal(0, checkpointer.Indexings);
            Scalar(other, "ROLLBACK; SELECT 0;");
            waited.Restart();
            while (checkpointer.Indexings == 0)
            {
                Assert.True(waited.Elapsed < Deadline, "the checkpointer did not index once the other writer had finished");
                await Task.Delay(10);
            }
            Assert.Equal(0, Marked());
            Assert.Equal(1, Found("ibexhike" + unique));
        }
        finally
        {
            await stopped.CancelAsync();
            await checkpointer.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A unit of work on a kept connection, committed as a chat turn commits (its transaction through EF Core).</summary>
    private static async Task InKeptUnitAsync(StoreDatabase database, KeptConnections kept, Action<ReginDbContext> change)
    {
        var connection = kept.Rent()!;
        try
        {
            await using var db = database.NewContext();
            db.Database.SetDbConnection(connection, contextOwnsConnection: false);
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            change(db);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            await db.Database.CloseConnectionAsync();
        }
        finally
        {
            kept.Return(connection);
        }
    }

    [Fact]
    public async Task A_kept_connection_keeps_SQLites_mark_where_no_checkpointer_runs()
    {
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        var provider = ReginDatabaseProvider.Create(TestProviders.Sqlite, database.Database.ConnectionString);
        using var checkpointer = new SqliteCheckpointer(provider, NullLogger<SqliteCheckpointer>.Instance);
        using var kept = new KeptConnections(provider, checkpointer) { Capacity = 1 };
        var connection = kept.Rent()!;
        try
        {
            Assert.Equal(1000, Scalar(connection, "PRAGMA wal_autocheckpoint;"));
        }
        finally
        {
            kept.Return(connection);
        }
        // A commit without a running checkpointer asks for nothing.
        checkpointer.Committed();
        Assert.Equal(0, checkpointer.Checkpoints);
    }
    private static IHost CoreHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:Exporter"] = "None" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddReginCore();
        return builder.Build();
    }

    [Fact]
    public void The_pause_and_the_longest_wait_are_read_from_Database_Sqlite_and_default_to_200_ms_and_1_s()
    {
        using (var configured = CoreHost(new Dictionary<string, string?>
        {
            ["Database:Sqlite:CheckpointPause"] = "00:00:00.050",
            ["Database:Sqlite:CheckpointLongestWait"] = "00:00:00.300",
        }))
        {
            var checkpointer = configured.Services.GetRequiredService<SqliteCheckpointer>();
            Assert.Equal(TimeSpan.FromMilliseconds(50), checkpointer.Pause);
            Assert.Equal(TimeSpan.FromMilliseconds(300), checkpointer.LongestWait);
        }
        using (var unset = CoreHost([]))
        {
            var checkpointer = unset.Services.GetRequiredService<SqliteCheckpointer>();
            Assert.Equal(TimeSpan.FromMilliseconds(200), checkpointer.Pause);
            Assert.Equal(TimeSpan.FromSeconds(1), checkpointer.LongestWait);
        }
        // A negative wait is refused when the service is made (and at start: ValidateOnStart), not taken as "no wait".
        using var negative = CoreHost(new Dictionary<string, string?> { ["Database:Sqlite:CheckpointLongestWait"] = "-00:00:01" });
        Assert.Throws<OptionsValidationException>(() => negative.Services.GetRequiredService<SqliteCheckpointer>());
    }
}
