using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Testing;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// Statements whose values are bound by position (<see cref="PreparedStatement.CreatePositional"/>, SQLite's own
/// binding for the mail batch's writer): every value of every column the batch writes is stored exactly as
/// Microsoft.Data.Sqlite's command stores it, a failing statement raises the driver's exception and leaves the
/// transaction usable, and on PostgreSQL the driver's command runs as before.
/// </summary>
public sealed class PositionalStatementTests
{
    /// <summary>The entities the mail batch writes with its prepared statements.</summary>
    private static readonly Type[] Written =
        [typeof(RawInput), typeof(Practice), typeof(ContributorIdentity), typeof(Answer), typeof(Flag), typeof(PracticeEvent), typeof(MailOutboxMessage)];

    private static IEnumerable<object?> Samples(Type type)
    {
        var nullable = Nullable.GetUnderlyingType(type) is not null || !type.IsValueType;
        if (nullable)
        {
            yield return null;
        }
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string))
        {
            yield return "";
            yield return "plain";
            yield return "Ünïcödé ελληνικά 中文 \U0001F600 'quoted' \"double\"\r\nnew line\0after a nul";
            yield return new string('x', 5000);
        }
        else if (underlying == typeof(long) || underlying == typeof(int))
        {
            yield return Convert.ChangeType(0, underlying, System.Globalization.CultureInfo.InvariantCulture);
            yield return Convert.ChangeType(-7, underlying, System.Globalization.CultureInfo.InvariantCulture);
            yield return underlying == typeof(long) ? long.MaxValue : int.MaxValue;
        }
        else if (underlying == typeof(bool))
        {
            yield return true;
            yield return false;
        }
        else if (underlying == typeof(Guid))
        {
            yield return Guid.Empty;
            yield return Guid.Parse("170adc5c-fbaa-4d2d-acf3-bb6a06489324");
        }
        else if (underlying == typeof(DateTimeOffset))
        {
            yield return new DateTimeOffset(2026, 12, 1, 15, 37, 29, TimeSpan.Zero).AddTicks(4944943);
            yield return new DateTimeOffset(2026, 3, 29, 2, 30, 0, TimeSpan.FromHours(2));
            yield return new DateTimeOffset(1999, 12, 31, 23, 59, 59, 999, TimeSpan.FromMinutes(-330));
        }
        else if (underlying == typeof(DateTime))
        {
            yield return new DateTime(2026, 12, 1, 15, 37, 29, DateTimeKind.Utc).AddTicks(4944943);
            yield return new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Unspecified);
            yield return new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Local);
        }
        else if (underlying == typeof(byte[]))
        {
            yield return Array.Empty<byte>();
            yield return new byte[] { 0, 1, 2, 255 };
            yield return System.Text.Encoding.UTF8.GetBytes(new string('y', 70_000));
        }
        else if (underlying.IsEnum)
        {
            foreach (var value in Enum.GetValues(underlying))
            {
                yield return value;
            }
        }
        else
        {
            throw new InvalidOperationException($"No samples for {type.Name}: add them, the batch writes such a column.");
        }
    }

    [Fact]
    public async Task Every_value_of_every_column_the_mail_batch_writes_is_stored_as_the_drivers_command_stores_it()
    {
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        await using var db = database.NewContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var compared = 0;
        foreach (var type in Written)
        {
            var entity = db.Model.FindEntityType(type)!;
            foreach (var (property, name, _, _) in BulkInsert.WrittenColumns(entity).Concat(entity.GetTableMappings().Count() > 1
                ? entity.GetTableMappings().Skip(1).SelectMany(t => BulkInsert.WrittenColumns(entity, StoreObjectIdentifier.Table(t.Table.Name, t.Table.Schema)))
                : []))
            {
                foreach (var value in Samples(property.ClrType))
                {
                    // quote() shows the stored type and every byte: text, integer, real or blob, exactly.
                    const string sql = "SELECT typeof(@p0) || ':' || quote(@p0)";
                    await using var command = PreparedStatement.Create(db, sql, property);
                    await using var positional = PreparedStatement.CreatePositional(db, sql, property);
                    var expected = await command.ScalarAsync(CancellationToken.None, value);
                    var actual = await positional.ScalarAsync(CancellationToken.None, value);
                    Assert.True(Equals(expected, actual), $"{type.Name}.{name} = {value ?? "null"}: driver {expected}, by position {actual}");
                    // Run again with the same statement (bound anew, not left from the first run).
                    Assert.Equal(actual, await positional.ScalarAsync(CancellationToken.None, value));
                    compared++;
                }
            }
        }
        Assert.True(compared > 100, $"only {compared} values compared");
    }

    [Fact]
    public async Task A_failing_statement_raises_the_drivers_exception_and_the_transaction_goes_on()
    {
        await using var database = await StoreDatabase.CreateAsync(TestProviders.Sqlite);
        await using var db = database.NewContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var model = new ModelStatements(db) { Positional = true };
        await using var insert = model.Insert<RawInput>();
        var first = new RawInput { Channel = "test", DedupKey = "k1", ContentType = "text/plain", Content = [1], ReceivedAt = DateTimeOffset.UtcNow, Outcome = "received" };
        Assert.Equal(1, await insert.InsertAsync(first));
        await transaction.CreateSavepointAsync("second");
        var error = await Assert.ThrowsAsync<SqliteException>(() => insert.InsertAsync(first));
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT: the unique key (Channel, DedupKey)
        await transaction.RollbackToSavepointAsync("second");
        Assert.Equal(1, await insert.InsertAsync(new RawInput { Channel = "test", DedupKey = "k2", ContentType = "text/plain", Content = [2], ReceivedAt = DateTimeOffset.UtcNow, Outcome = "received" }));
        await transaction.CommitAsync();
        await using var check = database.NewContext();
        Assert.Equal(["k1", "k2"], await check.RawInputs.OrderBy(r => r.DedupKey).Select(r => r.DedupKey).ToListAsync());
    }

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task Rows_inserted_by_position_read_back_as_they_were_written(string provider)
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var received = new DateTimeOffset(2026, 12, 1, 15, 37, 29, TimeSpan.Zero).AddTicks(4944940); // microseconds: PostgreSQL keeps no more
        await using (var db = database.NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var model = new ModelStatements(db) { Positional = true };
            await using var insert = model.Insert<RawInput>(onConflictDoNothing: [nameof(RawInput.Channel), nameof(RawInput.DedupKey)], returning: nameof(RawInput.Id));
            var input = new RawInput { Channel = "test", DedupKey = "k1", ContentType = "text/plain", Content = [], ReceivedAt = received, Outcome = "received", ConversationId = "Ünï" };
            var id = await insert.InsertReturningAsync(input);
            Assert.NotNull(id);
            // The same key again: nothing inserted, no row returned.
            Assert.Null(await insert.InsertReturningAsync(input));
            input.Id = Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
            if (database.Database.IsSqlite)
            {
                // The bytes in their own row on SQLite (in the row itself on PostgreSQL).
                await using var content = model.InsertInto<RawInput>(model.StoreOf<RawInput>(nameof(RawInput.Content)));
                await content.InsertAsync(input);
            }
            await transaction.CommitAsync();
        }
        await using var check = database.NewContext();
        var stored = await check.RawInputs.SingleAsync();
        Assert.Equal(("k1", "Ünï", received, "received"), (stored.DedupKey, stored.ConversationId, stored.ReceivedAt, stored.Outcome));
        Assert.Empty(stored.Content);
    }
}
