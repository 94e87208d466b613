using System.Data.Common;
using Microsoft.EntityFrameworkCore;
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
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

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
}
