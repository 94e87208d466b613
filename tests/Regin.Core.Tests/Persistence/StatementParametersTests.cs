using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// <see cref="StatementParameters"/>: Regin's texts written with <c>@p{i}</c> are sent to PostgreSQL with <c>$n</c> and
/// unnamed parameters (Npgsql then neither parses nor rewrites them); what could hide a placeholder keeps its names.
/// </summary>
public sealed class StatementParametersTests
{
    [Theory]
    [InlineData("SELECT a FROM t WHERE k = @p0", 1, "SELECT a FROM t WHERE k = $1")]
    [InlineData("UPDATE t SET a = @p0, b = @p1 WHERE k = @p2 AND s = @p10", 11, "UPDATE t SET a = $1, b = $2 WHERE k = $3 AND s = $11")]
    [InlineData("INSERT INTO t (a) VALUES (@p0)", 1, "INSERT INTO t (a) VALUES ($1)")]
    // Quoted strings and names are passed over, doubled quotes included; @ before anything but a letter is an operator.
    [InlineData("SELECT '@p0', \"@p1\", 'it''s @p2' FROM t WHERE d @@ q AND k = @p0", 1, "SELECT '@p0', \"@p1\", 'it''s @p2' FROM t WHERE d @@ q AND k = $1")]
    // A checked statement's number comes after its own parameters.
    [InlineData("WITH changed AS (UPDATE t SET a = @p0 WHERE k = @p1 RETURNING 1) SELECT regin_expect_rows(count(*), 'chat state', @statement) FROM changed", 2,
        "WITH changed AS (UPDATE t SET a = $1 WHERE k = $2 RETURNING 1) SELECT regin_expect_rows(count(*), 'chat state', $3) FROM changed")]
    [InlineData("COMMIT", 0, "COMMIT")]
    public void Named_parameters_are_written_by_position(string sql, int parameters, string expected) =>
        Assert.Equal(expected, StatementParameters.ToPositional(sql, parameters));

    [Theory]
    [InlineData("SELECT $1 WHERE k = @p0", 1)] // already positional, or a dollar quote
    [InlineData("SELECT a FROM t WHERE k = @key", 1)] // a name of another kind
    [InlineData("SELECT a FROM t WHERE k = @p1", 1)] // beyond the values given
    [InlineData("SELECT a FROM t WHERE k = @p01", 2)] // not how Regin writes a parameter
    [InlineData("SELECT a FROM t WHERE k = @p0 -- @p1", 1)] // a comment
    [InlineData("SELECT a FROM t WHERE k = @p0 /* @p1 */", 1)]
    [InlineData("SELECT E'\\'' || @p0", 1)] // a backslash escape
    [InlineData("SELECT 'open FROM t WHERE k = @p0", 1)] // an unclosed quote
    public void Texts_that_could_hide_a_placeholder_keep_their_names(string sql, int parameters) =>
        Assert.Null(StatementParameters.ToPositional(sql, parameters));

    [Fact]
    public async Task On_PostgreSql_statements_batches_and_the_prelude_run_by_position_and_on_Sqlite_by_name()
    {
        foreach (var provider in new[] { Regin.Testing.TestProviders.Sqlite, Regin.Testing.TestProviders.PostgreSql })
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
                Assert.Equal(!database.Database.IsSqlite, StatementParameters.ArePositional(connection));
                var (model, document, key, read, update) = ChatStateStatements(db);

                // A prepared statement: its text as written, run twice (the second run with the parameters it was prepared with).
                await using (var statement = PreparedStatement.Create(db, update, document, key))
                {
                    Assert.Equal(update, statement.Sql);
                    Assert.Equal(database.Database.IsSqlite ? update : StatementParameters.ToPositional(update, 2), statement.SentText);
                    Assert.NotEqual(database.Database.IsSqlite, statement.SentText.Contains("$1", StringComparison.Ordinal));
                    Assert.Equal(1, await statement.ExecuteAsync(CancellationToken.None, "a1", "a"));
                    Assert.Equal(0, await statement.ExecuteAsync(CancellationToken.None, "x", "missing"));
                }

                // The prelude's statements (one with values made by the driver) taken along by a read batch or a statement.
                var counts = new List<int>();
                ConnectionPrelude.Add(connection, new ConnectionPrelude.Statement(update, ["b1", "b"], Mappings: [document.GetRelationalTypeMapping(), key.GetRelationalTypeMapping()], Check: counts.Add));
                ConnectionPrelude.Add(connection, new ConnectionPrelude.Statement(update, ["a2", "a"], Check: counts.Add));
                var documents = new List<string>();
                if (ReadBatch.For(db) is { } reads)
                {
                    reads.Add(read, [key], ["a"], r => documents.Add(r.GetString(0)));
                    reads.Add(read, [key], ["b"], r => documents.Add(r.GetString(0)));
                    await reads.ExecuteAsync();
                }
                else
                {
                    await using var statement = PreparedStatement.Create(db, read, key);
                    documents.AddRange((await statement.ReadAsync(r => r.GetString(0), CancellationToken.None, "a")).Concat(await statement.ReadAsync(r => r.GetString(0), CancellationToken.None, "b")));
                }
                Assert.Equal(["a2", "b1"], documents);
                Assert.Equal([1, 1], counts);

                // A write batch (PostgreSQL), its row counts in order.
                if (WriteBatch.For(db) is { } writes)
                {
                    await using var statement = PreparedStatement.Create(db, update, document, key);
                    statement.AddTo(writes, "a3", "a");
                    writes.Add(update, [document, key], ["none", "missing"]);
                    var rows = await writes.ExecuteAsync();
                    Assert.Equal([1, 0], rows);
                    Assert.Equal("a3", await ScalarAsync(db, read, key, "a"));
                }

                // A text that cannot be written by position keeps its names, and runs.
                var named = $"SELECT {model.Column<ChatStateItem>(nameof(ChatStateItem.Document))} FROM {model.Table<ChatStateItem>()} WHERE {model.Column<ChatStateItem>(nameof(ChatStateItem.Key))} = @p0 -- a comment";
                Assert.Equal(database.Database.IsSqlite ? "a2" : "a3", await ScalarAsync(db, named, key, "a"));
            }
        }
    }

    /// <summary>The chat state's document and key, a read of a document by its key and an update of it (<c>@p{i}</c>).</summary>
    internal static (ModelStatements Model, Microsoft.EntityFrameworkCore.Metadata.IProperty Document, Microsoft.EntityFrameworkCore.Metadata.IProperty Key,
        string Read, string Update) ChatStateStatements(ReginDbContext db)
    {
        var model = new ModelStatements(db);
        var (document, key) = (model.Property<ChatStateItem>(nameof(ChatStateItem.Document)), model.Property<ChatStateItem>(nameof(ChatStateItem.Key)));
        var read = $"SELECT {model.Column<ChatStateItem>(nameof(ChatStateItem.Document))} FROM {model.Table<ChatStateItem>()} WHERE {model.Column<ChatStateItem>(nameof(ChatStateItem.Key))} = @p0";
        var update = $"UPDATE {model.Table<ChatStateItem>()} SET {model.Column<ChatStateItem>(nameof(ChatStateItem.Document))} = @p0 "
            + $"WHERE {model.Column<ChatStateItem>(nameof(ChatStateItem.Key))} = @p1";
        return (model, document, key, read, update);
    }

    private static async Task<object?> ScalarAsync(ReginDbContext db, string sql, Microsoft.EntityFrameworkCore.Metadata.IProperty parameter, object value)
    {
        await using var statement = PreparedStatement.Create(db, sql, parameter);
        return await statement.ScalarAsync(CancellationToken.None, value);
    }

    private static ChatStateItem Row(string key, string document) => new() { Key = key, Document = document, ETag = "e-" + key, UpdatedAt = DateTimeOffset.UtcNow };
}
