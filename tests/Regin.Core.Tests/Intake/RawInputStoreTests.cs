using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Regin.Core.Intake;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Tests.Persistence;

namespace Regin.Core.Tests.Intake;

/// <summary>
/// Raw inputs kept exactly as received, large ones too (on SQLite a large one is written into its row in pieces after
/// the row: <see cref="ReginDatabaseProvider.WriteInPiecesFrom"/>), each once, and never half: a rolled back
/// transaction leaves no row, with or without its bytes.
/// </summary>
public abstract class RawInputStoreTests(string provider)
{
    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static RawInput Input(string key, byte[] content) =>
        new() { Channel = Channels.Email, DedupKey = key, ContentType = "message/rfc822", Content = content, Outcome = "received" };

    [Fact]
    public async Task Large_and_small_inputs_are_kept_byte_for_byte_and_once()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        // Larger than any provider's threshold and not a multiple of a piece.
        var large = Bytes(3 * 1024 * 1024 + 12345, 1);
        var small = Bytes(5000, 2);
        long largeId;
        await using (var db = database.NewContext())
        {
            var store = new RawInputStore(db, TimeProvider.System);
            var (stored, isNew) = await store.StoreAsync(Input("mid:large", large));
            Assert.True(isNew);
            Assert.Same(large, stored.Content);
            largeId = stored.Id;
            Assert.True((await store.StoreAsync(Input("mid:small", small))).IsNew);
            var (again, againNew) = await store.StoreAsync(Input("mid:large", [1, 2, 3]));
            Assert.False(againNew);
            Assert.Equal(largeId, again.Id);
        }
        await using (var db = database.NewContext())
        {
            Assert.Equal(large, await db.RawInputs.Where(r => r.Id == largeId).Select(r => r.Content).SingleAsync());
            Assert.Equal(small, await db.RawInputs.Where(r => r.DedupKey == "mid:small").Select(r => r.Content).SingleAsync());
            Assert.Equal(2, await db.RawInputs.CountAsync());
        }
    }

    [Fact]
    public async Task A_large_input_in_a_transaction_rolled_back_leaves_nothing_and_one_committed_stays_whole()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var large = Bytes(2 * 1024 * 1024, 3);
        await using (var db = database.NewContext())
        {
            var store = new RawInputStore(db, TimeProvider.System);
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                await store.StoreAsync(Input("mid:rolled-back", large));
                await transaction.RollbackAsync();
            }
            db.ChangeTracker.Clear();
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                // A savepoint rolled back inside a committed transaction (a mail of a batch that failed) leaves nothing either.
                await transaction.CreateSavepointAsync("mail_0");
                await store.StoreAsync(Input("mid:savepoint", large));
                await transaction.RollbackToSavepointAsync("mail_0");
                db.ChangeTracker.Clear();
                await store.StoreAsync(Input("mid:committed", large));
                await transaction.CommitAsync();
            }
        }
        await using (var db = database.NewContext())
        {
            Assert.Equal(["mid:committed"], await db.RawInputs.Select(r => r.DedupKey).ToListAsync());
            Assert.Equal(large, await db.RawInputs.Select(r => r.Content).SingleAsync());
        }
    }

    /// <summary>The bytes' table and column, as the model names them (with the provider's delimiters).</summary>
    private static (string Table, string Id, string Content) BytesTable(ReginDbContext db)
    {
        var model = new ModelStatements(db);
        var store = model.StoreOf<RawInput>(nameof(RawInput.Content));
        return (model.Table(store), model.Column<RawInput>(nameof(RawInput.Id), store), model.Column<RawInput>(nameof(RawInput.Content), store));
    }

    private static async Task<List<(long Id, int Length)>> StoredBytesAsync(ReginDbContext db)
    {
        var (table, id, content) = BytesTable(db);
        var sql = "SELECT " + id + " AS \"Id\", LENGTH(" + content + ") AS \"Length\" FROM " + table + " ORDER BY " + id;
        return (await db.Database.SqlQueryRaw<StoredBytes>(sql).ToListAsync()).Select(b => (b.Id, b.Length)).ToList();
    }

    private sealed class StoredBytes
    {
        public long Id { get; set; }
        public int Length { get; set; }
    }

    [Fact]
    public async Task The_bytes_are_kept_last_in_their_row_which_the_outcome_and_a_claim_leave_alone()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var large = Bytes(2 * 1024 * 1024 + 7, 4);
        var small = Bytes(300, 5);
        long largeId, smallId;
        await using (var db = database.NewContext())
        {
            var store = new RawInputStore(db, TimeProvider.System);
            largeId = (await store.StoreAsync(Input("mid:large", large))).Input.Id;
            smallId = (await store.StoreAsync(Input("mid:small", small))).Input.Id;
            // What a mail's writer does to the input's row afterwards: a claim, then the outcome and the practice.
            await db.RawInputs.Where(r => r.Id == largeId).ExecuteUpdateAsync(u => u.SetProperty(r => r.Outcome, "processing").SetProperty(r => r.Attempts, 2));
            await db.RawInputs.Where(r => r.Id == largeId).ExecuteUpdateAsync(u => u.SetProperty(r => r.Outcome, "processed").SetProperty(r => r.OutcomeDetail, "created"));
        }
        await using (var db = database.NewContext())
        {
            Assert.Equal([(largeId, large.Length), (smallId, small.Length)], await StoredBytesAsync(db));
            Assert.Equal(large, await db.RawInputs.Where(r => r.Id == largeId).Select(r => r.Content).SingleAsync());
            var row = await db.RawInputs.Where(r => r.Id == largeId).Select(r => new { r.Outcome, r.Attempts }).SingleAsync();
            Assert.Equal(("processed", 2), (row.Outcome, row.Attempts));
            var model = db.Model.FindEntityType(typeof(RawInput))!;
            var main = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(model.GetTableName()!, model.GetSchema());
            if (database.Database.IsSqlite)
            {
                // A row of their own (SQLite would rebuild a large mail in memory at each change of the input's row),
                // and SQLite keeps a zeroed blob virtual (and writes the pieces to its pages) only in a row's last column.
                Assert.Null(model.FindProperty(nameof(RawInput.Content))!.GetColumnName(main));
                var columns = await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM pragma_table_info('raw_input_contents') ORDER BY cid").ToListAsync();
                Assert.Equal(["Id", "Content"], columns);
            }
            else
            {
                // In the input's row on PostgreSQL (migration RawInputBytesInRow), its last column, with no default.
                Assert.Equal(nameof(RawInput.Content), model.FindProperty(nameof(RawInput.Content))!.GetColumnName(main));
                var columns = await db.Database.SqlQueryRaw<string>("SELECT column_name AS \"Value\" FROM information_schema.columns WHERE table_name = 'raw_inputs' ORDER BY ordinal_position").ToListAsync();
                Assert.Equal(nameof(RawInput.Content), columns[^1]);
                Assert.Empty(await db.Database.SqlQueryRaw<string>("SELECT column_name AS \"Value\" FROM information_schema.columns WHERE table_name = 'raw_inputs' AND column_default IS NOT NULL AND column_name = 'Content'").ToListAsync());
                Assert.Empty(await db.Database.SqlQueryRaw<string>("SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_name = 'raw_input_contents'").ToListAsync());
            }
        }
    }

    [Fact]
    public async Task The_migration_moves_the_bytes_of_every_stored_input_to_their_own_table()
    {
        await using var database = await StoreDatabase.CreateAsync(provider, migrated: false, migrate: false);
        var first = Bytes(1000, 6);
        var second = Bytes(3 * 1024 * 1024, 7);
        await using (var db = database.NewContext())
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_RawInputBytesOwnTable", StringComparison.Ordinal)) - 1];
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(before);
            const string insert = "INSERT INTO raw_inputs (\"Channel\", \"DedupKey\", \"ContentType\", \"Content\", \"ReceivedAt\", \"Outcome\", \"Attempts\") "
                + "VALUES ('email', {0}, 'message/rfc822', {1}, {2}, 'processed', 1)";
            await db.Database.ExecuteSqlRawAsync(insert, "mid:first", first, DateTimeOffset.UtcNow);
            await db.Database.ExecuteSqlRawAsync(insert, "mid:second", second, DateTimeOffset.UtcNow);
            await db.Provider().MigrateAsync(db, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        }
        await using (var db = database.NewContext())
        {
            var stored = await db.RawInputs.OrderBy(r => r.Id).Select(r => new { r.DedupKey, r.Content }).ToListAsync();
            Assert.Equal(["mid:first", "mid:second"], stored.Select(r => r.DedupKey));
            Assert.Equal(first, stored[0].Content);
            Assert.Equal(second, stored[1].Content);
            Assert.Equal(2, (await StoredBytesAsync(db)).Count);
        }
    }
}

public sealed class RawInputStoreTestsOnSqlite() : RawInputStoreTests(Regin.Testing.TestProviders.Sqlite);

public sealed class RawInputStoreTestsOnPostgreSql() : RawInputStoreTests(Regin.Testing.TestProviders.PostgreSql)
{
    /// <summary>
    /// Migration RawInputBytesInRow: every stored input's bytes (a chat message, a mail of 3 MB kept out of line, an empty
    /// one) move from their own table into the input's row, nothing lost; down again, they move back.
    /// </summary>
    [Fact]
    public async Task The_migration_moves_every_stored_inputs_bytes_into_its_row_and_back()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql, migrated: false, migrate: false);
        var chat = System.Text.Encoding.UTF8.GetBytes("{\"type\":\"message\",\"text\":\"Sprachkurse für Neuzugewanderte, zweimal die Woche\"}");
        var mail = new byte[3 * 1024 * 1024];
        new Random(8).NextBytes(mail);
        string before;
        await using (var db = database.NewContext())
        {
            var migrations = db.Database.GetMigrations().ToList();
            before = migrations[migrations.FindIndex(m => m.EndsWith("_RawInputBytesInRow", StringComparison.Ordinal)) - 1];
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(before);
            const string insert = "WITH r AS (INSERT INTO raw_inputs (\"Channel\", \"DedupKey\", \"ContentType\", \"ReceivedAt\", \"Outcome\", \"Attempts\") "
                + "VALUES ({0}, {1}, {2}, now(), 'received', 0) RETURNING \"Id\") INSERT INTO raw_input_contents (\"Id\", \"Content\") SELECT \"Id\", {3} FROM r";
            await db.Database.ExecuteSqlRawAsync(insert, "webchat", "conv|1", "application/json", chat);
            await db.Database.ExecuteSqlRawAsync(insert, "email", "mid:large", "message/rfc822", mail);
            await db.Database.ExecuteSqlRawAsync(insert, "email", "mid:empty", "message/rfc822", Array.Empty<byte>());
            await db.Provider().MigrateAsync(db, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        }
        await using (var db = database.NewContext())
        {
            var stored = await db.RawInputs.OrderBy(r => r.Id).Select(r => new { r.DedupKey, r.Content }).ToListAsync();
            Assert.Equal(["conv|1", "mid:large", "mid:empty"], stored.Select(r => r.DedupKey));
            Assert.Equal(chat, stored[0].Content);
            Assert.Equal(mail, stored[1].Content);
            Assert.Empty(stored[2].Content);
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(before);
            var back = await db.Database.SqlQueryRaw<byte[]>("SELECT c.\"Content\" AS \"Value\" FROM raw_input_contents c JOIN raw_inputs r ON r.\"Id\" = c.\"Id\" ORDER BY r.\"Id\"").ToListAsync();
            Assert.Equal([chat, mail, []], back);
        }
    }
}
