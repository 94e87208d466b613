using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Testing;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// SQLite has one writer at a time: this process's writers queue for it without a thread each (Microsoft.Data.Sqlite
/// would otherwise block a thread in 150 ms sleeps per retry), and each gets it the moment the one before it ends.
/// </summary>
public sealed class SqliteWriteQueueTests
{
    private static readonly TimeSpan Deadline = Eventually.Deadline;

    // Contexts whose connections wait 10 minutes before they go on without their place (30 s by default): a place never
    // given up would make the test fail at its deadline instead of passing late.
    private static ReginDbContext Context(StoreDatabase database) =>
        new((DbContextOptions<ReginDbContext>)ReginDatabaseProvider.Create(TestProviders.Sqlite, database.Database.ConnectionString + ";Default Timeout=600")
            .Configure(new DbContextOptionsBuilder<ReginDbContext>()).Options);

    private static RawInput Input(string key) =>
        new() { Channel = "test", DedupKey = key, ContentType = "text/plain", Content = [1], ReceivedAt = DateTimeOffset.UtcNow };

    [Fact]
    public async Task A_second_writer_waits_for_the_first_to_commit_without_holding_a_thread()
    {
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        await using var first = Context(database);
        await using var second = Context(database);
        await using (var transaction = await first.Database.BeginTransactionAsync())
        {
            first.RawInputs.Add(Input("first"));
            await first.SaveChangesAsync();
            // A save inside the writer's own transaction goes on (it holds the place already).
            first.RawInputs.Add(Input("first, again"));
            await first.SaveChangesAsync();

            second.RawInputs.Add(Input("second"));
            var saving = second.SaveChangesAsync();
            // The call came back at once: the save waits in the queue, not in a sleeping thread.
            Assert.False(saving.IsCompleted);
            await transaction.CommitAsync();
            Assert.Equal(2, await saving.WaitAsync(Deadline)); // the input's row and its bytes' row
        }
        Assert.Equal(["first", "first, again", "second"], await second.RawInputs.OrderBy(r => r.Id).Select(r => r.DedupKey).ToListAsync());
    }

    [Fact]
    public async Task A_transaction_disposed_without_commit_gives_up_its_place()
    {
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        await using var first = Context(database);
        await using var second = Context(database);
        Task<int> saving;
        await using (var transaction = await first.Database.BeginTransactionAsync())
        {
            first.RawInputs.Add(Input("rolled back"));
            await first.SaveChangesAsync();
            second.RawInputs.Add(Input("second"));
            saving = second.SaveChangesAsync();
            Assert.False(saving.IsCompleted);
        }
        Assert.Equal(2, await saving.WaitAsync(Deadline)); // the input's row and its bytes' row
        Assert.Equal(["second"], await second.RawInputs.Select(r => r.DedupKey).ToListAsync());
    }

    [Fact]
    public async Task Many_writers_at_once_all_commit_transactions_and_plain_saves_alike()
    {
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        const int writers = 40;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            await using var db = Context(database);
            if (i % 2 == 0)
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                db.RawInputs.Add(Input($"transaction {i}"));
                await db.SaveChangesAsync();
                db.RawInputs.Add(Input($"transaction {i}, second row"));
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
            }
            else if (i % 3 == 0)
            {
                // A synchronous caller (the Data Protection key ring saves so) queues too.
                db.RawInputs.Add(Input($"synchronous {i}"));
                db.SaveChanges();
            }
            else
            {
                db.RawInputs.Add(Input($"save {i}"));
                await db.SaveChangesAsync();
            }
        })).ToArray()).WaitAsync(Deadline);
        await using var check = Context(database);
        Assert.Equal(writers / 2 * 2 + writers / 2, await check.RawInputs.CountAsync());
    }
    [Fact]
    public async Task A_writer_keeps_its_place_for_as_long_as_the_line_moves_however_long_it_waits()
    {
        // Regression (session 6): each waiter gave up after the connection's timeout of its own wait, so on an overloaded
        // host a line longer than the timeout sent every writer in it at once into SQLite's busy retries, out of order,
        // and the last ones failed with "database is locked". Here the connections give up after 2 s (30 s in production)
        // and twelve writers of 0.4 s each make a line of about 5 s: each one still commits, in the order it came.
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        const int writers = 12;
        var holdFor = TimeSpan.FromMilliseconds(400);
        var contexts = new List<ReginDbContext>();
        var writes = new List<Task>();
        try
        {
            for (var i = 0; i < writers; i++)
            {
                var db = Context(database);
                contexts.Add(db);
                ((SqliteConnection)db.Database.GetDbConnection()).DefaultTimeout = 2;
                await db.Database.OpenConnectionAsync();
                // Joins the line at once (the call comes back waiting), so the writers queue in this order.
                var begin = db.Database.BeginTransactionAsync();
                writes.Add(WriteSlowlyAsync(db, begin, $"writer {i:D2}", holdFor));
            }
            await Task.WhenAll(writes).WaitAsync(Deadline);
        }
        finally
        {
            foreach (var db in contexts)
            {
                await db.DisposeAsync();
            }
        }
        await using var check = Context(database);
        Assert.Equal(Enumerable.Range(0, writers).Select(i => $"writer {i:D2}"),
            await check.RawInputs.OrderBy(r => r.Id).Select(r => r.DedupKey).ToListAsync());
    }

    [Fact]
    public async Task Waiting_writers_go_on_without_their_place_when_the_writer_holding_it_hangs()
    {
        // A writer that holds its place far longer than the connection's timeout (a hung request) does not stop every
        // other writer of the process for ever: after the timeout they go on to SQLite's own busy handling, as before the
        // queue, which then refuses them while the hung writer holds SQLite's lock too.
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        await using var hung = Context(database);
        await using var waiting = Context(database);
        ((SqliteConnection)waiting.Database.GetDbConnection()).DefaultTimeout = 1;
        await using var transaction = await hung.Database.BeginTransactionAsync();
        hung.RawInputs.Add(Input("hung"));
        await hung.SaveChangesAsync();
        waiting.RawInputs.Add(Input("waiting"));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => waiting.SaveChangesAsync().WaitAsync(Deadline));
        Assert.Contains(Causes(error), e => e is SqliteException { SqliteErrorCode: 5 }); // SQLITE_BUSY

    }

    private static IEnumerable<Exception> Causes(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            yield return error;
        }
    }

    /// <summary>Begins (in the line), writes one row, holds the transaction open for <paramref name="holdFor"/> (a slow writer), commits.</summary>
    private static async Task WriteSlowlyAsync(ReginDbContext db, Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> begin, string key, TimeSpan holdFor)
    {
        await using var transaction = await begin;
        db.RawInputs.Add(Input(key));
        await db.SaveChangesAsync();
        await Task.Delay(holdFor);
        await transaction.CommitAsync();
    }
}
