using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Regin.Core.Intake;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Testing;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// Connections kept open across units of work with their compiled statements (a chat turn's, on SQLite): a statement is
/// compiled once per connection and used again by the next unit; what one unit did (a failed statement, a rollback, a
/// schema change by someone else, an erasure) never leaks into the next.
/// </summary>
public sealed class KeptConnectionTests
{
    private static RawInput Input(string key, string text = "hello") =>
        new() { Channel = "test", DedupKey = key, ContentType = "text/plain", Content = System.Text.Encoding.UTF8.GetBytes(text) };

    /// <summary>A unit of work on the kept connection, as a chat turn runs one: the context takes it, gives it back at the end.</summary>
    private static async Task<T> InUnitAsync<T>(StoreDatabase database, KeptConnections kept, Func<ReginDbContext, UnitTransaction, Task<T>> work)
    {
        var connection = kept.Rent() ?? throw new InvalidOperationException("No kept connection.");
        try
        {
            await using var db = database.NewContext();
            db.Database.SetDbConnection(connection, contextOwnsConnection: false);
            await db.Database.OpenConnectionAsync();
            var unit = new UnitTransaction(db);
            await using var transaction = await db.Database.BeginTransactionAsync();
            var result = await work(db, unit);
            await transaction.CommitAsync();
            return result;
        }
        finally
        {
            kept.Return(connection);
        }
    }

    private static KeptConnections Kept(StoreDatabase database) =>
        new(ReginDatabaseProvider.Create(TestProviders.Sqlite, database.Database.ConnectionString)) { Capacity = 1 };

    [Fact]
    public async Task The_next_unit_of_work_runs_the_statements_the_first_one_compiled()
    {
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        using var kept = Kept(database);
        var clock = TimeProvider.System;

        Assert.True(await InUnitAsync(database, kept, (db, unit) => new RawInputStore(db, clock).StoreInUnitAsync(Input("one"), unit)));
        var connection = kept.Rent()!;
        var cache = StatementCache.Of(connection)!;
        var compiled = cache.Count;
        var reused = cache.Reused;
        kept.Return(connection);
        Assert.True(compiled >= 2, $"the input's INSERT and its bytes' INSERT are kept compiled ({compiled})");

        Assert.True(await InUnitAsync(database, kept, (db, unit) => new RawInputStore(db, clock).StoreInUnitAsync(Input("two"), unit)));
        // A repeat: the same INSERT ... ON CONFLICT DO NOTHING, compiled once, inserts nothing.
        Assert.False(await InUnitAsync(database, kept, (db, unit) => new RawInputStore(db, clock).StoreInUnitAsync(Input("two"), unit)));

        Assert.Equal(compiled, cache.Count);
        Assert.True(cache.Reused >= reused + 3, $"statements were compiled again ({cache.Reused - reused} reused)");
        await using var check = database.NewContext();
        Assert.Equal(["one", "two"], await check.RawInputs.OrderBy(r => r.Id).Select(r => r.DedupKey).ToListAsync());
    }

    [Fact]
    public async Task A_row_written_on_a_kept_connection_is_stored_as_EF_Core_stores_it()
    {
        // Writes on a kept connection are bound by position (SqlitePositionalStatement), kept compiled that way: every
        // column holds the same value of the same SQLite type as when EF Core's SaveChanges writes the row.
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        using var kept = Kept(database);
        var at = new DateTimeOffset(2026, 12, 2, 1, 2, 3, 456, TimeSpan.Zero).AddTicks(7);
        var practiceId = Guid.NewGuid();
        await using (var setup = database.NewContext())
        {
            setup.Practices.Add(new Practice { Id = practiceId, Number = 1, Channels = Channels.Chat, CreatedAt = at, UpdatedAt = at });
            await setup.SaveChangesAsync();
        }
        RawInput Row(string key) => new()
        {
            Channel = "webchat", DedupKey = key, ConversationId = "conv-é", ContentType = "application/json", PracticeId = practiceId,
            Content = [0, 1, 2, 255], ReceivedAt = at, Outcome = "processed", OutcomeDetail = null,
        };
        for (var run = 0; run < 2; run++)
        {
            // The second unit runs the statements the first compiled.
            Assert.True(await InUnitAsync(database, kept, (db, unit) => new RawInputStore(db, TimeProvider.System).StoreInUnitAsync(Row("kept" + run), unit)));
        }
        await using (var db = database.NewContext())
        {
            db.RawInputs.Add(Row("ef"));
            await db.SaveChangesAsync();
        }
        await using var connection = new SqliteConnection(database.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT r.\"DedupKey\", quote(r.\"Channel\"), quote(r.\"ConversationId\"), quote(r.\"ContentType\"), quote(r.\"PracticeId\"), "
            + "quote(r.\"ReceivedAt\"), quote(r.\"Outcome\"), quote(r.\"OutcomeDetail\"), quote(r.\"Attempts\"), quote(r.\"LeaseExpiresAt\"), quote(c.\"Content\") "
            + "FROM raw_inputs AS r JOIN raw_input_contents AS c ON c.\"Id\" = r.\"Id\" ORDER BY r.\"Id\"";
        var rows = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join("|", Enumerable.Range(1, reader.FieldCount - 1).Select(reader.GetString)));
            }
        }
        Assert.Equal(3, rows.Count);
        Assert.Equal(rows[2], rows[0]);
        Assert.Equal(rows[2], rows[1]);
        Assert.Contains(practiceId.ToString().ToUpperInvariant(), rows[0], StringComparison.Ordinal);

        // A write on a kept connection runs bound by position (a read goes through Microsoft.Data.Sqlite's reader).
        var kept1 = kept.Rent()!;
        try
        {
            await using var db = database.NewContext();
            db.Database.SetDbConnection(kept1, contextOwnsConnection: false);
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await using var touch = PreparedStatement.Create(db, "UPDATE raw_inputs SET \"Attempts\" = \"Attempts\" WHERE \"DedupKey\" = @p0",
                new ModelStatements(db).Property<RawInput>(nameof(RawInput.DedupKey)));
            Assert.Equal(1, await touch.ExecuteAsync(CancellationToken.None, "ef"));
            Assert.True(touch.BoundByPosition);
            await transaction.RollbackAsync();
        }
        finally
        {
            kept.Return(kept1);
        }
    }

    [Fact]
    public async Task A_statement_that_failed_in_a_rolled_back_unit_works_in_the_next_one()
    {
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        using var kept = Kept(database);
        var connection = kept.Rent()!;
        kept.Return(connection);

        // The same INSERT of a row's bytes twice in one transaction: the second breaks the key, the unit is rolled back.
        await Assert.ThrowsAsync<SqliteException>(() => InUnitAsync(database, kept, async (db, unit) =>
        {
            var input = Input("failed");
            Assert.True(await new RawInputStore(db, TimeProvider.System).StoreInUnitAsync(input, unit));
            var model = new ModelStatements(db);
            await using var content = model.InsertInto<RawInput>(model.StoreOf<RawInput>(nameof(RawInput.Content)));
            await content.InsertAsync(input);
            return true;
        }));
        Assert.True(kept.Rent() is { } same && ReferenceEquals(same, connection), "the connection left in no transaction is kept");
        kept.Return(connection);

        // The same statements, from the cache, on the same connection: nothing of the failed unit stays.
        Assert.True(await InUnitAsync(database, kept, (db, unit) => new RawInputStore(db, TimeProvider.System).StoreInUnitAsync(Input("failed"), unit)));
        await using var check = database.NewContext();
        var stored = await check.RawInputs.SingleAsync();
        Assert.Equal("failed", stored.DedupKey);
        Assert.Equal("hello", System.Text.Encoding.UTF8.GetString(stored.Content));
    }

    [Fact]
    public async Task A_bulk_insert_leaves_its_context_free_to_take_a_kept_connection()
    {
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        using var kept = Kept(database);
        await using var db = database.NewContext();

        // A bulk insert outside any unit of work opens the context's connection for itself (a pooled context keeps the
        // count of opens across its reset: left above zero, EF Core refuses to give that context another connection).
        var now = DateTimeOffset.UtcNow;
        await BulkInsert.InsertAsync(db, Enumerable.Range(1, 2)
            .Select(i => new DirectLineConversation { Id = $"bulk-{i}", UserId = "u", Locale = "", CreatedAt = now, UpdatedAt = now }).ToList());

        Assert.Equal(System.Data.ConnectionState.Closed, db.Database.GetDbConnection().State);
        var connection = kept.Rent()!;
        try
        {
            db.Database.SetDbConnection(connection, contextOwnsConnection: false);
            Assert.Equal(2, await db.Set<DirectLineConversation>().CountAsync());
            db.Database.SetDbConnection(null, contextOwnsConnection: true);
        }
        finally
        {
            kept.Return(connection);
        }
    }

    [Fact]
    public async Task The_connection_given_back_last_is_lent_next_whichever_thread_gave_it_back()
    {
        // SQLite keeps a connection's page cache and memory map only while no other connection wrote since its last
        // transaction: the connection that committed last is the one whose cache is warm for the next turn.
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        using var kept = new KeptConnections(ReginDatabaseProvider.Create(TestProviders.Sqlite, database.Database.ConnectionString)) { Capacity = 3 };
        var first = kept.Rent()!;
        var second = kept.Rent()!;
        var third = kept.Rent()!;
        Assert.Equal(3, new HashSet<System.Data.Common.DbConnection>([first, second, third]).Count);
        foreach (var connection in new[] { first, third, second })
        {
            // Given back on other threads, as a turn's end runs on whichever thread its last await resumed on.
            await Task.Factory.StartNew(() => kept.Return(connection), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        for (var turn = 0; turn < 3; turn++)
        {
            var lent = kept.Rent();
            Assert.Same(second, lent);
            await Task.Factory.StartNew(() => kept.Return(lent!), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        var a = kept.Rent();
        var b = kept.Rent();
        var c = kept.Rent();
        Assert.Equal([second, third, first], [a!, b!, c!]);
        kept.Return(c!);
        kept.Return(b!);
        kept.Return(a!);
    }

    [Fact]
    public async Task Once_one_is_found_broken_the_idle_sessions_are_dropped_and_the_next_is_a_new_one()
    {
        await using var database = await StoreDatabase.CreateAsync(TestProviders.PostgreSql);
        var provider = ReginDatabaseProvider.Create(TestProviders.PostgreSql, database.Database.ConnectionString);
        using var kept = new KeptConnections(provider) { Capacity = 3 };
        var lent = new[] { kept.Rent()!, kept.Rent()!, kept.Rent()! };
        var ended = lent.Select(c => ((Npgsql.NpgsqlConnection)c).ProcessID).ToHashSet();
        kept.Return(lent[1]);
        kept.Return(lent[2]);

        // A restart: every session ends, the kept ones (idle or lent) and the pool's.
        Assert.True(await TestPostgres.EndSessionsAsync(database.Database.ConnectionString) > 0);
        await using (var command = lent[0].CreateCommand())
        {
            command.CommandText = "SELECT 1";
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => command.ExecuteScalarAsync());
        }
        Assert.True(provider.IsBroken(lent[0]));
        kept.Broken(lent[0]);
        kept.Return(lent[0]);

        // The idle ones are closed, and the next is a new session (not one the pool kept from before), that works.
        Assert.All(lent, c => Assert.Equal(System.Data.ConnectionState.Closed, c.State));
        var next = kept.Rent()!;
        Assert.DoesNotContain(((Npgsql.NpgsqlConnection)next).ProcessID, ended);
        Assert.False(provider.IsBroken(next));
        await using (var command = next.CreateCommand())
        {
            command.CommandText = "SELECT 1";
            Assert.Equal(1, Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }
        kept.Return(next);
    }

    [Fact]
    public async Task A_connection_given_back_inside_a_transaction_is_closed_not_kept()
    {
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        using var kept = Kept(database);
        var connection = kept.Rent()!;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "BEGIN IMMEDIATE";
            await command.ExecuteNonQueryAsync();
        }
        kept.Return(connection);

        Assert.Equal(System.Data.ConnectionState.Closed, connection.State);
        var next = kept.Rent();
        Assert.NotNull(next);
        Assert.NotSame(connection, next);
        kept.Return(next);
        // The write lock went with the closed connection: another writer gets it.
        await using var db = database.NewContext();
        db.RawInputs.Add(Input("after"));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_statement_kept_compiled_follows_a_schema_change_made_on_another_connection()
    {
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        using var kept = Kept(database);
        Assert.True(await InUnitAsync(database, kept, (db, unit) => new RawInputStore(db, TimeProvider.System).StoreInUnitAsync(Input("before"), unit)));

        // A migration of another process: a new column and an index on the table the kept INSERT writes.
        await using (var other = database.NewContext())
        {
            await other.Database.ExecuteSqlRawAsync("ALTER TABLE raw_inputs ADD COLUMN turn8_probe TEXT NULL; CREATE INDEX ix_turn8_probe ON raw_inputs (turn8_probe);");
        }

        Assert.True(await InUnitAsync(database, kept, (db, unit) => new RawInputStore(db, TimeProvider.System).StoreInUnitAsync(Input("after"), unit)));
        await using var check = database.NewContext();
        Assert.Equal(["before", "after"], await check.RawInputs.OrderBy(r => r.Id).Select(r => r.DedupKey).ToListAsync());
    }

    [Fact]
    public async Task Kept_connections_erase_with_secure_delete_and_let_the_log_be_truncated()
    {
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        using var kept = Kept(database);
        const string secret = "kept-connection-secret-7f3a9";
        Assert.True(await InUnitAsync(database, kept, (db, unit) => new RawInputStore(db, TimeProvider.System).StoreInUnitAsync(Input("secret", secret), unit)));

        // Deleted on the kept connection (its pragmas: secure_delete), then the log checkpointed and truncated while the
        // kept connection, idle with its statements compiled, stays open.
        await InUnitAsync(database, kept, (db, _) => db.Database.ExecuteSqlRawAsync(
            "DELETE FROM raw_input_contents WHERE \"Id\" IN (SELECT \"Id\" FROM raw_inputs WHERE \"DedupKey\" = 'secret'); DELETE FROM raw_inputs WHERE \"DedupKey\" = 'secret';"));
        await using (var db = database.NewContext())
        {
            await db.Provider().ScrubAfterErasureAsync(db, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        }

        var file = database.Database.FilePath!;
        Assert.Equal(0, new FileInfo(file + "-wal") is { Exists: true } wal ? wal.Length : 0);
        var needle = System.Text.Encoding.UTF8.GetBytes(secret);
        Assert.Equal(-1, (await File.ReadAllBytesAsync(file)).AsSpan().IndexOf(needle));
    }
}
