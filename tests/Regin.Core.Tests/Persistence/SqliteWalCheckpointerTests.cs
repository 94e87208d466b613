using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Regin.Core.Persistence.Sqlite;
using Regin.Testing;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// The SQLite log is copied into the database by a background checkpoint, so no writer's commit has to (SQLite's automatic
/// checkpoint ran inside the commit that grew the log past 1,000 pages, holding the one writer for ~10 ms).
/// </summary>
public sealed class SqliteWalCheckpointerTests
{
    private const int Transactions = 20;

    [Fact]
    public async Task The_log_is_copied_in_the_background_and_started_again_by_the_next_writer_so_it_does_not_grow()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.Sqlite);
        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        await using var writer = new SqliteConnection(database.ConnectionString + ";Pooling=False");
        await writer.OpenAsync();
        // This writer never checkpoints itself: only the background checkpoint can keep its log from growing.
        Execute(writer, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE rows (bytes BLOB NOT NULL);");
        var checkpointer = new SqliteWalCheckpointer(database.NewProvider(), NullLogger<SqliteWalCheckpointer>.Instance);
        await checkpointer.StartAsync(CancellationToken.None);
        long written = 0;
        try
        {
            for (var i = 0; i < Transactions; i++)
            {
                // About 1 MB a transaction.
                Execute(writer, "BEGIN IMMEDIATE; WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 250) "
                    + "INSERT INTO rows SELECT randomblob(4000) FROM n; COMMIT;");
                written += 250 * 4000;
                // The second checkpoint from now began after the commit: it copied the whole log.
                var after = checkpointer.Checkpoints + 2;
                await Eventually.UntilAsync(() => Task.FromResult(checkpointer.Checkpoints >= after), 120);
            }
        }
        finally
        {
            await checkpointer.StopAsync(CancellationToken.None);
        }
        var log = new FileInfo(file + "-wal").Length;
        Assert.True(log < written / 5, $"The log is {log} bytes after {written} bytes were written in {Transactions} transactions.");
        Assert.Equal(Transactions * 250L, (long)Scalar(writer, "SELECT count(*) FROM rows"));
    }

    [Fact]
    public async Task Without_a_file_there_is_nothing_to_checkpoint()
    {
        var checkpointer = new SqliteWalCheckpointer(Regin.Core.Persistence.ReginDatabaseProvider.Create(TestProviders.Sqlite, "Data Source=:memory:"),
            NullLogger<SqliteWalCheckpointer>.Instance);
        await checkpointer.StartAsync(CancellationToken.None);
        await checkpointer.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));
        await checkpointer.StopAsync(CancellationToken.None);
        Assert.Equal(0, checkpointer.Checkpoints);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()!;
    }
}
