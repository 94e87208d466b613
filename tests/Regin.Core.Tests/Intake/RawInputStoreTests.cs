using Microsoft.EntityFrameworkCore;
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
}

public sealed class RawInputStoreTestsOnSqlite() : RawInputStoreTests(Regin.Testing.TestProviders.Sqlite);

public sealed class RawInputStoreTestsOnPostgreSql() : RawInputStoreTests(Regin.Testing.TestProviders.PostgreSql);
