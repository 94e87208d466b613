using Microsoft.EntityFrameworkCore;
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

    /// <summary>
    /// A row's INSERT to wait for the commit (<see cref="ModelStatements.InsertLater{T}"/>, made without a command) is the
    /// statement a prepared INSERT of the same row waits with (<see cref="RowInsert{T}.Later"/>): its text, values and
    /// type mappings; its text and mappings found once per model, the same instances for every row.
    /// </summary>
    [Fact]
    public async Task An_insert_waiting_for_the_commit_is_the_statement_a_prepared_insert_would_leave()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        await db.Database.OpenConnectionAsync();
        var model = new ModelStatements(db);
        var row = new PracticeEvent { PracticeId = Guid.NewGuid(), At = DateTimeOffset.UtcNow, Actor = "anna", Kind = "answer_set", QuestionId = "title", NewValue = "Health communicators" };
        await using var insert = model.Insert<PracticeEvent>();

        var prepared = insert.Later(row);
        var kept = model.InsertLater(row);
        var again = new ModelStatements(db).InsertLater(new PracticeEvent { PracticeId = row.PracticeId, At = row.At, Actor = "bo", Kind = "comment" });

        Assert.Equal(prepared.Sql, kept.Sql);
        Assert.Equal(prepared.Values, kept.Values);
        Assert.Equal(prepared.Mappings!.Select(m => (m.StoreType, m.ClrType, m.Converter?.GetType())), kept.Mappings!.Select(m => (m.StoreType, m.ClrType, m.Converter?.GetType())));
        Assert.Null(kept.Check);
        Assert.False(kept.ReturnsRows);
        Assert.Same(kept.Sql, again.Sql);
        Assert.Same(kept.Mappings, again.Mappings);
        Assert.Equal("bo", again.Values[Array.IndexOf(again.Values, "bo")]);
    }
}

public sealed class ModelStatementsTestsOnSqlite() : ModelStatementsTests(Regin.Testing.TestProviders.Sqlite);

public sealed class ModelStatementsTestsOnPostgreSql() : ModelStatementsTests(Regin.Testing.TestProviders.PostgreSql);
