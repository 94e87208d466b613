using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// <see cref="BatchParameters"/> (session 53): a connection's next batch of the same statements takes the parameters its
/// last one sent (Npgsql keeps their resolved types) with the new values, and every statement reads and writes exactly
/// what it would with new parameters; a value of another type (null after a text) gets a new one; SQLite has no batches.
/// </summary>
public sealed class BatchParametersTests
{
    [Fact]
    public async Task The_next_batch_of_the_same_statements_takes_the_parameters_again_with_its_own_values()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        await using var seeding = database.NewContext();
        seeding.Set<ChatStateItem>().AddRange(Row("a", "a0"), Row("b", "b0"));
        await seeding.SaveChangesAsync();
        {
            await using var db = database.NewContext();
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var connection = db.Database.GetDbConnection();
            var kept = BatchParameters.For(connection)!;
            var (_, document, key, read, update) = StatementParametersTests.ChatStateStatements(db);

            async Task<List<string>> ReadAsync(params string?[] keys)
            {
                var documents = new List<string>();
                var reads = ReadBatch.For(db)!;
                foreach (var k in keys)
                {
                    reads.Add(read, [key], [k], r => documents.Add(r.GetString(0)));
                }
                await reads.ExecuteAsync();
                return documents;
            }

            // First batch: new parameters; the same statements again: the same parameters, each with its own value.
            Assert.Equal(["a0", "b0"], await ReadAsync("a", "b"));
            Assert.Equal((0, 2), (kept.Reused, kept.Made));
            Assert.Equal(["b0", "a0"], await ReadAsync("b", "a"));
            Assert.Equal((2, 2), (kept.Reused, kept.Made));

            // Writes (with mappings, and the prelude's without: the driver's own types), then read back, twice.
            for (var round = 1; round <= 2; round++)
            {
                ConnectionPrelude.Add(connection, new ConnectionPrelude.Statement(update, ["b" + round, "b"]));
                var writes = WriteBatch.For(db)!;
                writes.Add(update, [document, key], ["a" + round, "a"]);
                writes.Add(update, [document, key], ["none", "missing"]);
                Assert.Equal(new[] { 1, 0 }, await writes.ExecuteAsync());
                Assert.Equal(["a" + round, "b" + round], await ReadAsync("a", "b"));
            }
            Assert.Equal((2 + 2 + 8, 2 + 6), (kept.Reused, kept.Made));

            // Null after a text (another type: DBNull) gets a new parameter, and finds no row, as a new one would.
            Assert.Empty(await ReadAsync([null]));
            Assert.Equal(2 + 6 + 1, kept.Made);
            Assert.Equal(["a2"], await ReadAsync("a"));
            Assert.Equal(2 + 6 + 2, kept.Made);
        }
    }

    [Fact]
    public async Task Sqlite_keeps_none()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.Sqlite);
        await using var db = database.NewContext();
        await db.Database.OpenConnectionAsync();
        Assert.Null(BatchParameters.For(db.Database.GetDbConnection()));
    }

    private static ChatStateItem Row(string key, string document) => new() { Key = key, Document = document, ETag = "e-" + key, UpdatedAt = DateTimeOffset.UtcNow };
}
