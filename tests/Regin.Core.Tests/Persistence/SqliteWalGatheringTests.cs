using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Regin.Core.Persistence.Sqlite;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// Issue 12, session 50: <see cref="SqliteWalGathering"/> (a transaction's log writes gathered into one write) under
/// the conditions that would show a frame read before its bytes reached the log: three writers of this process and one
/// of another process (Python's own SQLite) committing to one file, transactions that spill the page cache mid-way (SQLite
/// then writes a page's frame again in place) and some that roll back after spilling, readers of both processes checking
/// after every read that the rows and the counter their writers keep equal agree, a checkpointer copying the log with
/// PASSIVE, RESTART and TRUNCATE (the log restarted and cut while the others write), <c>quick_check</c> on the way and
/// <c>integrity_check</c> at the end.
/// </summary>
public sealed class SqliteWalGatheringTests
{
    private static readonly TimeSpan RunFor = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Deadline = RunFor + Regin.Testing.Eventually.Deadline;

    [Fact]
    public async Task Gathered_log_writes_keep_every_read_consistent_across_connections_processes_and_checkpoints()
    {
        SqliteWalGathering.Register(asDefault: false);
        var (writes, flushes) = SqliteWalGathering.Counts;
        await RunStressAsync(gathered: true);
        var after = SqliteWalGathering.Counts;
        // Gathered, though every read of another connection flushes the writer's bytes early (one way of many here).
        Assert.True(after.Writes - writes > 1000, $"{after.Writes - writes} log writes through the VFS");
        Assert.True(after.Flushes - flushes < after.Writes - writes, $"{after.Flushes - flushes} flushes for {after.Writes - writes} writes");
    }

    [Fact]
    public async Task The_same_stress_passes_on_the_default_vfs()
    {
        await RunStressAsync(gathered: false);
    }

    private static async Task RunStressAsync(bool gathered)
    {
        var folder = Directory.CreateTempSubdirectory("regin-walgather-");
        try
        {
            var path = Path.Combine(folder.FullName, "stress.db");
            // SQLite's own VFS named, not the default: a host built by another test of this process makes the gathering
            // VFS the default, and the comparison run would then gather too, as it happens to run after one or not.
            var source = $"file:{path}?vfs={(gathered ? SqliteWalGathering.VfsName : "unix")}";
            var connectionString = new SqliteConnectionStringBuilder { DataSource = source, DefaultTimeout = 60, Pooling = false }.ToString();
            using (var setup = Open(connectionString))
            {
                Execute(setup, "PRAGMA journal_mode=WAL;");
                Execute(setup, "CREATE TABLE t (id INTEGER PRIMARY KEY, grp INTEGER NOT NULL, payload BLOB NOT NULL);"
                    + "CREATE INDEX t_grp ON t (grp, id);"
                    + "CREATE TABLE c (k INTEGER PRIMARY KEY, n INTEGER NOT NULL, total INTEGER NOT NULL);"
                    + "INSERT INTO c VALUES (1, 0, 0);");
            }
            using var stop = new CancellationTokenSource(RunFor);
            var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var commits = new System.Runtime.CompilerServices.StrongBox<long>();
            var reads = new System.Runtime.CompilerServices.StrongBox<long>();
            var tasks = new List<Task>();
            for (var w = 0; w < 3; w++)
            {
                var seed = w;
                tasks.Add(Task.Factory.StartNew(() => Writer(connectionString, seed, stop.Token, failures, commits), TaskCreationOptions.LongRunning));
            }
            for (var r = 0; r < 2; r++)
            {
                tasks.Add(Task.Factory.StartNew(() => Reader(connectionString, stop.Token, failures, reads), TaskCreationOptions.LongRunning));
            }
            tasks.Add(Task.Factory.StartNew(() => Checkpointer(connectionString, stop.Token, failures), TaskCreationOptions.LongRunning));
            using var other = StartOtherProcess(path, RunFor);
            await Task.WhenAll(tasks).WaitAsync(Deadline);
            Assert.True(other.WaitForExit(Deadline), "the second process did not finish");
            var otherOutput = await other.StandardOutput.ReadToEndAsync();
            var otherErrors = await other.StandardError.ReadToEndAsync();
            Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(10)) + $" (last gathered write error {SqliteWalGathering.LastError})");
            Assert.True(other.ExitCode == 0, $"second process: {otherOutput} {otherErrors}");
            Assert.Contains("ok", otherOutput, StringComparison.Ordinal);
            using var final = Open(connectionString);
            Assert.Equal("ok", Scalar(final, "PRAGMA integrity_check;"));
            Assert.Equal(Scalar(final, "SELECT n FROM c;"), Scalar(final, "SELECT COUNT(*) FROM t;"));
            Assert.Equal(Scalar(final, "SELECT total FROM c;"), Scalar(final, "SELECT COALESCE(SUM(length(payload)), 0) FROM t;"));
            Assert.True(Interlocked.Read(ref commits.Value) > 50, $"{commits.Value} commits");
            Assert.True(Interlocked.Read(ref reads.Value) > 50, $"{reads.Value} reads");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static string Describe(Exception e) =>
        e is SqliteException sqlite ? $"{sqlite.Message} (extended code {sqlite.SqliteExtendedErrorCode}) at {e.StackTrace?.Split('\n').FirstOrDefault(line => line.Contains("Walgather", StringComparison.OrdinalIgnoreCase) || line.Contains("Tests", StringComparison.Ordinal))?.Trim()}" : e.ToString();

    internal static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        // As the product's connections: no fsync at commit, the file's pages mapped, erased bytes zeroed.
        Execute(connection, "PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456; PRAGMA secure_delete=ON;");
        return connection;
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Writer(string connectionString, int seed, CancellationToken stop, System.Collections.Concurrent.ConcurrentQueue<string> failures, System.Runtime.CompilerServices.StrongBox<long> commits)
    {
        var random = new Random(seed);
        try
        {
            using var connection = Open(connectionString);
            // A small page cache: a large transaction spills pages to the log before its commit, and writes some of
            // them again (SQLite overwrites such a frame in place).
            Execute(connection, "PRAGMA cache_size=12;");
            while (!stop.IsCancellationRequested)
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                var rows = random.Next(100) < 10 ? random.Next(60, 200) : random.Next(1, 6);
                long added = 0, bytes = 0;
                using (var insert = connection.CreateCommand())
                {
                    insert.Transaction = transaction;
                    insert.CommandText = "INSERT INTO t (grp, payload) VALUES ($g, zeroblob($n));";
                    var g = insert.Parameters.Add("$g", SqliteType.Integer);
                    var n = insert.Parameters.Add("$n", SqliteType.Integer);
                    for (var i = 0; i < rows; i++)
                    {
                        var size = random.Next(50, 3000);
                        g.Value = random.Next(1000);
                        n.Value = size;
                        insert.ExecuteNonQuery();
                        added++;
                        bytes += size;
                    }
                }
                if (random.Next(100) < 20)
                {
                    using var delete = connection.CreateCommand();
                    delete.Transaction = transaction;
                    delete.CommandText = "DELETE FROM t WHERE id IN (SELECT id FROM t WHERE grp = $g LIMIT 3) RETURNING length(payload);";
                    delete.Parameters.AddWithValue("$g", random.Next(1000));
                    using var deleted = delete.ExecuteReader();
                    while (deleted.Read())
                    {
                        added--;
                        bytes -= deleted.GetInt64(0);
                    }
                }
                using (var count = connection.CreateCommand())
                {
                    count.Transaction = transaction;
                    count.CommandText = "UPDATE c SET n = n + $a, total = total + $b WHERE k = 1;";
                    count.Parameters.AddWithValue("$a", added);
                    count.Parameters.AddWithValue("$b", bytes);
                    count.ExecuteNonQuery();
                }
                if (random.Next(100) < 8)
                {
                    transaction.Rollback();
                }
                else
                {
                    transaction.Commit();
                    Interlocked.Increment(ref commits.Value);
                }
            }
        }
        catch (Exception e)
        {
            failures.Enqueue($"writer {seed}: {Describe(e)}");
        }
    }

    private static void Reader(string connectionString, CancellationToken stop, System.Collections.Concurrent.ConcurrentQueue<string> failures, System.Runtime.CompilerServices.StrongBox<long> reads)
    {
        try
        {
            using var connection = Open(connectionString);
            var round = 0;
            while (!stop.IsCancellationRequested)
            {
                using (var transaction = connection.BeginTransaction(deferred: true))
                using (var command = connection.CreateCommand())
                {
                    command.Transaction = transaction;
                    command.CommandText = "SELECT (SELECT n FROM c), (SELECT COUNT(*) FROM t), (SELECT total FROM c), (SELECT COALESCE(SUM(length(payload)), 0) FROM t), (SELECT COUNT(*) FROM t INDEXED BY t_grp WHERE grp >= 0);";
                    using var reader = command.ExecuteReader();
                    reader.Read();
                    if (reader.GetInt64(0) != reader.GetInt64(1) || reader.GetInt64(2) != reader.GetInt64(3) || reader.GetInt64(1) != reader.GetInt64(4))
                    {
                        failures.Enqueue($"inconsistent read: n {reader.GetInt64(0)} rows {reader.GetInt64(1)} total {reader.GetInt64(2)} bytes {reader.GetInt64(3)} by index {reader.GetInt64(4)}");
                    }
                }
                Interlocked.Increment(ref reads.Value);
                if (++round % 25 == 0 && Scalar(connection, "PRAGMA quick_check;") is not "ok")
                {
                    failures.Enqueue("quick_check failed");
                }
            }
        }
        catch (Exception e)
        {
            failures.Enqueue($"reader: {Describe(e)}");
        }
    }

    private static void Checkpointer(string connectionString, CancellationToken stop, System.Collections.Concurrent.ConcurrentQueue<string> failures)
    {
        try
        {
            using var connection = Open(connectionString);
            var modes = new[] { "PASSIVE", "PASSIVE", "RESTART", "TRUNCATE" };
            var round = 0;
            while (!stop.IsCancellationRequested)
            {
                // RESTART and TRUNCATE wait for the writers (busy timeout) and may still report busy: that is fine.
                using (var command = connection.CreateCommand())
                {
                    command.CommandText = $"PRAGMA wal_checkpoint({modes[round++ % modes.Length]});";
                    command.CommandTimeout = 5;
                    using var reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                    }
                }
                stop.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(20));
            }
        }
        catch (Exception e)
        {
            failures.Enqueue($"checkpointer: {Describe(e)}");
        }
    }

    // Another process writing and reading the same file with its own SQLite (Python's), as the mail ingester does.
    private static Process StartOtherProcess(string path, TimeSpan runFor)
    {
        const string script = """
            import random, sqlite3, sys, time
            path, seconds = sys.argv[1], float(sys.argv[2])
            con = sqlite3.connect(path, timeout=60, isolation_level=None)
            con.execute("PRAGMA synchronous=NORMAL")
            end = time.time() + seconds
            commits = reads = 0
            while time.time() < end:
                con.execute("BEGIN IMMEDIATE")
                rows = random.randint(1, 40)
                sizes = [random.randint(50, 3000) for _ in range(rows)]
                con.executemany("INSERT INTO t (grp, payload) VALUES (?, zeroblob(?))", [(random.randint(0, 999), s) for s in sizes])
                con.execute("UPDATE c SET n = n + ?, total = total + ? WHERE k = 1", (rows, sum(sizes)))
                con.execute("COMMIT")
                commits += 1
                con.execute("BEGIN")
                n, count, total, size = con.execute("SELECT (SELECT n FROM c), (SELECT COUNT(*) FROM t), (SELECT total FROM c), (SELECT COALESCE(SUM(length(payload)), 0) FROM t)").fetchone()
                con.execute("COMMIT")
                reads += 1
                if n != count or total != size:
                    print("inconsistent", n, count, total, size); sys.exit(1)
            print(con.execute("PRAGMA quick_check").fetchone()[0], commits, reads)
            """;
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(runFor.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
    }
}

/// <summary>Alone in the process while it runs: it counts the gathering VFS's writes, which are process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WalWriteCountingCollection
{
    public const string Name = "WAL write counting (not run in parallel)";
}

/// <summary>
/// The gathering VFS's counts are the process's: a host built by a test running beside this one registers the VFS as
/// the default, and its commits (and its flushes of this test's pending bytes) would be counted here (CI, session 55:
/// 23 flushes for 20 commits). So this test runs alone.
/// </summary>
[Collection(WalWriteCountingCollection.Name)]
public sealed class SqliteWalGatheringCountTests
{
    [Fact]
    public void A_commit_of_a_turn_sized_transaction_is_one_write_of_the_log()
    {
        SqliteWalGathering.Register(asDefault: false);
        var folder = Directory.CreateTempSubdirectory("regin-walgather-");
        try
        {
            var path = Path.Combine(folder.FullName, "one.db");
            var connectionString = new SqliteConnectionStringBuilder { DataSource = $"file:{path}?vfs={SqliteWalGathering.VfsName}", Pooling = false }.ToString();
            using var connection = SqliteWalGatheringTests.Open(connectionString);
            SqliteWalGatheringTests.Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;");
            // 14 tables, as the b-trees an answer turn writes: each commit below changes one page of each.
            for (var t = 0; t < 14; t++)
            {
                SqliteWalGatheringTests.Execute(connection, $"CREATE TABLE t{t} (id INTEGER PRIMARY KEY, v TEXT NOT NULL);");
            }
            SqliteWalGatheringTests.Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
            var (writes, flushes) = SqliteWalGathering.Counts;
            const int Commits = 20;
            for (var i = 0; i < Commits; i++)
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                for (var t = 0; t < 14; t++)
                {
                    using var command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = $"INSERT INTO t{t} (v) VALUES ('answer {i}');";
                    command.ExecuteNonQuery();
                }
                transaction.Commit();
            }
            var after = SqliteWalGathering.Counts;
            // SQLite asked for two writes a frame (its header, its page), 14 frames a commit at least.
            Assert.True(after.Writes - writes >= Commits * 28, $"{after.Writes - writes} log writes");
            // One write a commit; the first commit of the restarted log writes and syncs the log's header before its frames.
            Assert.InRange(after.Flushes - flushes, Commits, Commits + 1);
            Assert.Equal("ok", SqliteWalGatheringTests.Scalar(connection, "PRAGMA integrity_check;"));
            Assert.Equal((long)Commits, SqliteWalGatheringTests.Scalar(connection, "SELECT COUNT(*) FROM t13;"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}
