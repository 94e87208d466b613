using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// <see cref="ConnectionPrelude"/>: statements left on a unit's connection run before whatever the unit runs next there,
/// in order, in its transaction (on PostgreSQL in the same round trip as that statement), and each one's check is given
/// its row count; a check that throws fails that next statement. Both providers.
/// </summary>
public abstract class ConnectionPreludeTests(string provider)
{
    private static ChatStateItem Row(string key, string document) => new() { Key = key, Document = document, ETag = "e-" + key, UpdatedAt = DateTimeOffset.UtcNow };

    /// <summary>UPDATE chat_state SET Document = @p0 WHERE Key = @p1, as the model names it.</summary>
    private static ConnectionPrelude.Statement Update(ReginDbContext db, string key, string document, Action<int> check)
    {
        var model = new ModelStatements(db);
        var sql = $"UPDATE {model.Table<ChatStateItem>()} SET {model.Column<ChatStateItem>(nameof(ChatStateItem.Document))} = @p0 "
            + $"WHERE {model.Column<ChatStateItem>(nameof(ChatStateItem.Key))} = @p1";
        return new ConnectionPrelude.Statement(sql, [document, key],
            Mappings: [model.Property<ChatStateItem>(nameof(ChatStateItem.Document)).GetRelationalTypeMapping(), model.Property<ChatStateItem>(nameof(ChatStateItem.Key)).GetRelationalTypeMapping()],
            Check: check);
    }

    private static async Task<string?> ReadAsync(ReginDbContext db, string key)
    {
        var model = new ModelStatements(db);
        var sql = $"SELECT {model.Column<ChatStateItem>(nameof(ChatStateItem.Document))} FROM {model.Table<ChatStateItem>()} WHERE {model.Column<ChatStateItem>(nameof(ChatStateItem.Key))} = @p0";
        await using var read = PreparedStatement.Create(db, sql, model.Property<ChatStateItem>(nameof(ChatStateItem.Key)));
        return (string?)await read.ScalarAsync(CancellationToken.None, key);
    }

    [Fact]
    public async Task Statements_left_on_the_connection_run_before_the_next_one_in_order_and_their_checks_see_their_row_counts()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            db.Set<ChatStateItem>().AddRange(Row("a", "a0"), Row("b", "b0"));
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var connection = db.Database.GetDbConnection();
            var counts = new List<int>();
            ConnectionPrelude.Add(connection, Update(db, "a", "a1", counts.Add));
            ConnectionPrelude.Add(connection, Update(db, "missing", "x", counts.Add));
            ConnectionPrelude.Add(connection, Update(db, "a", "a2", counts.Add));
            Assert.True(ConnectionPrelude.IsPending(connection));

            // A read next: it sees what they wrote, last one last.
            Assert.Equal("a2", await ReadAsync(db, "a"));
            Assert.Equal([1, 0, 1], counts);
            Assert.False(ConnectionPrelude.IsPending(connection));

            // A read batch and a write batch take them along too (where the provider has batches).
            ConnectionPrelude.Add(connection, Update(db, "b", "b1", counts.Add));
            if (ReadBatch.For(db) is { } reads)
            {
                var documents = new List<string>();
                var model = new ModelStatements(db);
                reads.Add($"SELECT {model.Column<ChatStateItem>(nameof(ChatStateItem.Document))} FROM {model.Table<ChatStateItem>()} ORDER BY {model.Column<ChatStateItem>(nameof(ChatStateItem.Key))}",
                    [], [], r => documents.Add(r.GetString(0)));
                await reads.ExecuteAsync();
                Assert.Equal(["a2", "b1"], documents);
            }
            else
            {
                Assert.Equal("b1", await ReadAsync(db, "b"));
            }
            Assert.Equal([1, 0, 1, 1], counts);

            // An EF Core query next (PostgreSQL: the provider's interceptor runs them first).
            if (!database.Database.IsSqlite)
            {
                ConnectionPrelude.Add(connection, Update(db, "b", "b2", counts.Add));
                Assert.Equal("b2", await db.Set<ChatStateItem>().AsNoTracking().Where(s => s.Key == "b").Select(s => s.Document).SingleAsync());
                Assert.Equal([1, 0, 1, 1, 1], counts);
            }
            await transaction.CommitAsync();
        }
    }

    [Fact]
    public async Task Statements_without_a_check_run_too_when_run_alone_before_the_next_statement()
    {
        // A turn's lock and its SET LOCAL synchronous_commit carry no check. Run alone (before an EF Core query on
        // PostgreSQL, or by RunAsync/Run), they were taken and never sent until session 30: `Check?.Invoke(await
        // Execute…)` skipped the execution with the call.
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            db.Set<ChatStateItem>().AddRange(Row("a", "a0"), Row("b", "b0"), Row("c", "c0"));
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var connection = db.Database.GetDbConnection();
            var dbTransaction = transaction.GetDbTransaction();

            ConnectionPrelude.Add(connection, Update(db, "a", "a1", _ => { }) with { Check = null });
            await ConnectionPrelude.RunAsync(connection, dbTransaction, CancellationToken.None);
            Assert.False(ConnectionPrelude.IsPending(connection));
            Assert.Equal("a1", await ReadAsync(db, "a"));

            ConnectionPrelude.Add(connection, Update(db, "b", "b1", _ => { }) with { Check = null });
            ConnectionPrelude.Run(connection, dbTransaction);
            Assert.Equal("b1", await ReadAsync(db, "b"));

            // An EF Core query next (PostgreSQL: the provider's interceptor runs them first, alone).
            if (!database.Database.IsSqlite)
            {
                ConnectionPrelude.Add(connection, Update(db, "c", "c1", _ => { }) with { Check = null });
                Assert.Equal("c1", await db.Set<ChatStateItem>().AsNoTracking().Where(s => s.Key == "c").Select(s => s.Document).SingleAsync());
            }
            await transaction.CommitAsync();
        }
    }

    [Fact]
    public async Task A_check_that_throws_fails_the_statement_that_took_it_along_and_nothing_of_the_unit_is_kept()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            db.Set<ChatStateItem>().Add(Row("a", "a0"));
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var connection = db.Database.GetDbConnection();
            ConnectionPrelude.Add(connection, Update(db, "a", "a1", _ => { }));
            ConnectionPrelude.Add(connection, Update(db, "stale", "x", updated =>
            {
                if (updated == 0)
                {
                    throw new InvalidOperationException("stale");
                }
            }));
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ReadAsync(db, "a"));
            Assert.Equal("stale", refused.Message);
            await transaction.RollbackAsync();
            ConnectionPrelude.Clear(connection);
        }
        await using (var db = database.NewContext())
        {
            Assert.Equal("a0", await db.Set<ChatStateItem>().Where(s => s.Key == "a").Select(s => s.Document).SingleAsync());
        }
    }

    /// <summary><see cref="Update"/> whose check throws "stale " + its key for no row, with the form the database checks (where the provider has one).</summary>
    private static ConnectionPrelude.Statement Checked(ReginDbContext db, string key, string document)
    {
        var update = Update(db, key, document, updated =>
        {
            if (updated == 0)
            {
                throw new InvalidOperationException("stale " + key);
            }
        });
        return update with { CheckedSql = db.Provider().ExpectingRows(update.Sql, "chat state") };
    }

    private static async Task<string> DocumentAsync(StoreDatabase database, string key)
    {
        await using var db = database.NewContext();
        return await db.Set<ChatStateItem>().Where(s => s.Key == key).Select(s => s.Document).SingleAsync();
    }

    [Fact]
    public async Task Statements_left_on_the_connection_go_with_the_commit_where_the_database_checks_what_the_host_would()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            db.Set<ChatStateItem>().AddRange(Row("a", "a0"), Row("b", "b0"));
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            await db.Database.OpenConnectionAsync();
            var transaction = await db.Database.BeginTransactionAsync();
            var connection = db.Database.GetDbConnection();
            ConnectionPrelude.Add(connection, Checked(db, "a", "a1"));
            ConnectionPrelude.Add(connection, Update(db, "b", "b1", _ => { }) with { Check = null });
            if (WriteBatch.For(db) is not { } batch)
            {
                // SQLite: no batches, no COMMIT to send with them (each statement runs alone, checked as before).
                Assert.Null(db.Provider().CommitStatement);
                await transaction.DisposeAsync();
                ConnectionPrelude.Clear(connection);
                return;
            }
            Assert.True(await batch.ExecuteAndCommitAsync());
            Assert.False(ConnectionPrelude.IsPending(connection));
            // Committed by the batch (seen from another session), before the transaction object ends.
            Assert.Equal("a1", await DocumentAsync(database, "a"));
            Assert.Equal("b1", await DocumentAsync(database, "b"));
            await transaction.DisposeAsync();
            // The connection is out of the transaction: a new one begins, and its rollback undoes only its own write.
            await using (var next = await db.Database.BeginTransactionAsync())
            {
                ConnectionPrelude.Add(connection, Update(db, "a", "a2", _ => { }));
                Assert.Equal("a2", await ReadAsync(db, "a"));
                await next.RollbackAsync();
            }
            Assert.Equal("a1", await DocumentAsync(database, "a"));
        }
    }

    /// <summary>SELECT Document FROM chat_state WHERE Key = @p0, its rows read into <paramref name="read"/> where it runs.</summary>
    private static ConnectionPrelude.Statement Reading(ReginDbContext db, string key, List<string> read)
    {
        var model = new ModelStatements(db);
        var sql = $"SELECT {model.Column<ChatStateItem>(nameof(ChatStateItem.Document))} FROM {model.Table<ChatStateItem>()} WHERE {model.Column<ChatStateItem>(nameof(ChatStateItem.Key))} = @p0";
        return new ConnectionPrelude.Statement(sql, [key], ReturnsRows: true, Mappings: [model.Property<ChatStateItem>(nameof(ChatStateItem.Key)).GetRelationalTypeMapping()],
            Read: r => read.Add(r.GetString(0)), Done: () => read.Add("done " + key));
    }

    /// <summary>
    /// A statement whose rows are wanted (a new draft's number, a key RETURNING gives back) is read wherever it runs: alone,
    /// with a read batch, with a write batch, with the COMMIT (behind checked statements, whose COMMIT form gives a row).
    /// </summary>
    [Fact]
    public async Task Statements_whose_rows_are_wanted_are_read_wherever_they_run_the_commit_included()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            db.Set<ChatStateItem>().AddRange(Row("a", "a0"), Row("b", "b0"));
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            await db.Database.OpenConnectionAsync();
            var transaction = await db.Database.BeginTransactionAsync();
            var connection = db.Database.GetDbConnection();
            var read = new List<string>();

            // Alone or with a statement of its own (a read of its own next).
            ConnectionPrelude.Add(connection, Update(db, "a", "a1", _ => { }));
            ConnectionPrelude.Add(connection, Reading(db, "a", read));
            Assert.Equal("a1", await ReadAsync(db, "a"));
            Assert.Equal(["a1", "done a"], read);

            // With a write batch (PostgreSQL), or alone before the next statement.
            read.Clear();
            ConnectionPrelude.Add(connection, Reading(db, "b", read));
            if (WriteBatch.For(db) is { } writes)
            {
                await writes.ExecuteAsync();
            }
            else
            {
                await ReadAsync(db, "b");
            }
            Assert.Equal(["b0", "done b"], read);

            read.Clear();
            ConnectionPrelude.Add(connection, Checked(db, "a", "a2"));
            ConnectionPrelude.Add(connection, Reading(db, "a", read));
            ConnectionPrelude.Add(connection, Checked(db, "b", "b2"));
            ConnectionPrelude.Add(connection, Reading(db, "b", read));
            if (WriteBatch.For(db) is { } last)
            {
                Assert.True(await last.ExecuteAndCommitAsync());
                Assert.Equal(["a2", "done a", "b2", "done b"], read);
                await transaction.DisposeAsync();
                Assert.Equal("b2", await DocumentAsync(database, "b"));
                return;
            }
            ConnectionPrelude.Clear(connection);
            await transaction.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_checked_statement_that_changes_no_row_fails_the_batch_before_its_commit_with_its_own_check()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            db.Set<ChatStateItem>().Add(Row("a", "a0"));
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var connection = db.Database.GetDbConnection();
            if (WriteBatch.For(db) is not { } batch)
            {
                return;
            }
            // A check the database cannot do: not sent with a COMMIT (nothing run, nothing taken).
            ConnectionPrelude.Add(connection, Update(db, "a", "a1", _ => { }));
            Assert.False(await batch.ExecuteAndCommitAsync());
            Assert.True(ConnectionPrelude.IsPending(connection));
            ConnectionPrelude.Clear(connection);

            // Checked ones that change their row, one that changes none, one after it that never runs: the one that
            // changed no row throws its own check's exception.
            ConnectionPrelude.Add(connection, Update(db, "a", "a1", _ => { }) with { Check = null });
            ConnectionPrelude.Add(connection, Checked(db, "a", "a2"));
            ConnectionPrelude.Add(connection, Checked(db, "missing", "x"));
            ConnectionPrelude.Add(connection, Checked(db, "a", "a3"));
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => batch.ExecuteAndCommitAsync());
            Assert.Equal("stale missing", refused.Message);
            await transaction.RollbackAsync();
        }
        // The COMMIT after it did not run: nothing of the unit is kept.
        Assert.Equal("a0", await DocumentAsync(database, "a"));
    }
}

public sealed class ConnectionPreludeTestsOnSqlite() : ConnectionPreludeTests(Regin.Testing.TestProviders.Sqlite);

public sealed class ConnectionPreludeTestsOnPostgreSql() : ConnectionPreludeTests(Regin.Testing.TestProviders.PostgreSql);
