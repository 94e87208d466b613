using Microsoft.EntityFrameworkCore;
using Regin.Core.Intake;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Tests.Persistence;

namespace Regin.Core.Tests.Intake;

/// <summary>
/// <see cref="RawInputStore.StoreInUnitAsync"/>, the way a chat turn stores its message: its row and its bytes' row,
/// in the caller's transaction, and a second input with the same key stores nothing and says so. Both providers.
/// </summary>
public abstract class RawInputInUnitTests(string provider)
{
    [Fact]
    public async Task An_input_is_stored_with_its_bytes_once_and_a_repeat_is_recognised_by_its_insert()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var bytes = "{\"type\":\"message\",\"text\":\"Grüße, Αθήνα\"}"u8.ToArray();
        RawInput Input() => new() { Channel = "webchat", DedupKey = "conv|act-1|hash", ConversationId = "conv", ContentType = "application/json", Content = bytes };
        await using (var db = database.NewContext())
        {
            var unit = new UnitTransaction(db);
            await using var transaction = await db.Database.BeginTransactionAsync();
            var input = Input();
            Assert.True(await new RawInputStore(db, TimeProvider.System).StoreInUnitAsync(input, unit));
            Assert.NotEqual(0, input.Id);
            await transaction.CommitAsync();
        }
        await using (var db = database.NewContext())
        {
            // No transaction open: the store makes one of its own for its two rows, and writes nothing for a repeat.
            Assert.False(await new RawInputStore(db, TimeProvider.System).StoreInUnitAsync(Input(), new UnitTransaction(db)));
        }
        await using (var db = database.NewContext())
        {
            var stored = await db.RawInputs.AsNoTracking().SingleAsync();
            Assert.Equal(bytes, stored.Content);
            Assert.Equal("conv", stored.ConversationId);
            // The repeat left no bytes' row of its own behind either (on PostgreSQL both rows are one statement).
            var model = new ModelStatements(db);
            var store = model.StoreOf<RawInput>(nameof(RawInput.Content));
            var count = "SELECT CAST(COUNT(*) AS INTEGER) AS \"Value\" FROM " + model.Table(store);
            Assert.Equal(1, await db.Database.SqlQueryRaw<int>(count).SingleAsync());
        }
    }

    [Fact]
    public async Task On_PostgreSQL_the_bytes_are_in_the_row_and_on_SQLite_in_a_row_of_their_own()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        await db.Database.OpenConnectionAsync();
        try
        {
            var model = new ModelStatements(db);
            var store = model.StoreOf<RawInput>(nameof(RawInput.Content));
            Assert.Equal(database.Database.IsSqlite ? "raw_input_contents" : "raw_inputs", store.Name);
            // No second row to insert on PostgreSQL; none in the same statement on SQLite (no INSERT inside WITH).
            await using var both = model.InsertWithSplitRow<RawInput>(store, [nameof(RawInput.Channel), nameof(RawInput.DedupKey)], nameof(RawInput.Id));
            Assert.Null(both);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

public sealed class RawInputInUnitTestsOnSqlite() : RawInputInUnitTests(Regin.Testing.TestProviders.Sqlite);

public sealed class RawInputInUnitTestsOnPostgreSql() : RawInputInUnitTests(Regin.Testing.TestProviders.PostgreSql);
