using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// <see cref="ModelStatements"/> finds an INSERT it wrote before by its shape, the conflict key's names compared one by
/// one (callers pass a new array each time), and writes another for another shape. Both providers.
/// </summary>
public abstract class ModelStatementsTests(string provider)
{
    [Fact]
    public async Task An_insert_of_the_same_shape_is_the_same_text_and_another_shape_another()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var model = new ModelStatements(db);
        var bytes = model.StoreOf<RawInput>(nameof(RawInput.Content));
        var row = new RawInput { Channel = "webchat", DedupKey = "k", ContentType = "application/json", Content = [1, 2, 3], ReceivedAt = DateTimeOffset.UtcNow };

        var first = model.InsertWithSplitRowLater(bytes, [nameof(RawInput.Channel), nameof(RawInput.DedupKey)], nameof(RawInput.Id), row, "raw input", _ => { });
        var again = new ModelStatements(db).InsertWithSplitRowLater(bytes, [nameof(RawInput.Channel), nameof(RawInput.DedupKey)], nameof(RawInput.Id), row, "raw input", _ => { });
        var otherKey = model.InsertWithSplitRowLater(bytes, [nameof(RawInput.DedupKey)], nameof(RawInput.Id), row, "raw input", _ => { });
        var otherName = model.InsertWithSplitRowLater(bytes, [nameof(RawInput.Channel), nameof(RawInput.DedupKey)], nameof(RawInput.Id), row, "another input", _ => { });

        if (first is null)
        {
            // SQLite has no such statement: none for any shape.
            Assert.Null(again);
            Assert.Null(otherKey);
            Assert.Null(otherName);
            return;
        }
        Assert.NotNull(again);
        Assert.Same(first.Sql, again.Sql);
        Assert.Same(first.CheckedSql, again.CheckedSql);
        Assert.Equal(first.Values, again.Values);
        Assert.NotEqual(first.Sql, otherKey!.Sql);
        Assert.Equal(first.Sql, otherName!.Sql);
        Assert.NotEqual(first.CheckedSql, otherName.CheckedSql);
        Assert.Contains("another input", otherName.CheckedSql, StringComparison.Ordinal);
    }
}

public sealed class ModelStatementsTestsOnSqlite() : ModelStatementsTests(Regin.Testing.TestProviders.Sqlite);

public sealed class ModelStatementsTestsOnPostgreSql() : ModelStatementsTests(Regin.Testing.TestProviders.PostgreSql);
