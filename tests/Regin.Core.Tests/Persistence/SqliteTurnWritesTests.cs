using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;
using Regin.Testing;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// The pages a SQLite chat turn writes (session 30, migration UnreadMailIndexMailOnly): a chat message's raw input
/// (stored "received", and left so) is no entry of the unread mail's partial index. The migration applies to a
/// database holding practices and raw inputs, and undoes. The practices' (UpdatedAt, Number) index stays (dropping it
/// saved a page a turn, within the turn's noise, and made the review's sort by update at 100,000 practices 8 times
/// slower: README "Review at 100,000 practices").
/// </summary>
public sealed class SqliteTurnWritesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_migration_keeps_chat_inputs_out_of_the_unread_mail_index_on_a_database_with_data_and_the_sort_by_update_its_index()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.Sqlite, migrated: false);
        Guid[] ids;
        await using (var db = new ReginDbContext(database.ContextOptions()))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_UnreadMailIndexMailOnly", StringComparison.Ordinal)) - 1];
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(before);
            // Updated in an order other than their numbers', as turns leave them.
            ids = [Add(db, 1, At.AddMinutes(5)), Add(db, 2, At.AddMinutes(1)), Add(db, 3, At.AddMinutes(9))];
            db.RawInputs.Add(Raw("webchat", "chat-1", ids[0]));
            db.RawInputs.Add(Raw("email", "<mail-1@example.org>", null));
            await db.SaveChangesAsync();
            await db.Database.MigrateAsync();
            // Down and up again: the index holds the chat's input again, then no more.
            await migrator.MigrateAsync(before);
            Assert.Equal(2L, await ScalarAsync(database, "SELECT count(*) FROM raw_inputs INDEXED BY \"IX_raw_inputs_received\" WHERE \"Outcome\" = 'received'"));
            await db.Database.MigrateAsync();
        }

        Assert.Equal([nameof(Practice.UpdatedAt), nameof(Practice.Number)], await ColumnsAsync(database, "IX_practices_UpdatedAt_Number"));
        // The partial index holds the unread mail only; the chat's input is still "received".
        Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM raw_inputs INDEXED BY \"IX_raw_inputs_received\" WHERE \"Outcome\" = 'received' AND \"Channel\" = 'email'"));
        Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM raw_inputs WHERE \"Channel\" = 'webchat' AND \"Outcome\" = 'received'"));
        // SQLite refuses a partial index whose condition the query does not imply: the chat's rows cannot be read through it.
        var refused = await Assert.ThrowsAsync<SqliteException>(() => ScalarAsync(database,
            "SELECT count(*) FROM raw_inputs INDEXED BY \"IX_raw_inputs_received\" WHERE \"Outcome\" = 'received' AND \"Channel\" = 'webchat'"));
        Assert.Contains("no query solution", refused.Message, StringComparison.Ordinal);

        await using (var db = new ReginDbContext(database.ContextOptions()))
        {
            // The review's sort by update reads through its index: the order of the stamps, both ways, paged.
            var queries = new ReviewQueries(db);
            Assert.Equal([ids[2], ids[0], ids[1]], (await queries.ListAsync(new PracticeListQuery { Sort = "updated", Descending = true })).Rows.Select(r => r.Id));
            Assert.Equal([ids[1], ids[0], ids[2]], (await queries.ListAsync(new PracticeListQuery { Sort = "updated" })).Rows.Select(r => r.Id));
            Assert.Equal([ids[0]], (await queries.ListAsync(new PracticeListQuery { Sort = "updated", PageSize = 1, Page = 2 })).Rows.Select(r => r.Id));
        }
    }

    private static Guid Add(ReginDbContext db, int number, DateTimeOffset updated)
    {
        var practice = new Practice
        {
            Id = Guid.NewGuid(), Number = number, Language = "en", Channels = Channels.Chat, Status = PracticeStatus.Draft,
            CreatedAt = At, UpdatedAt = updated,
        };
        practice.Answers.Add(new Answer { QuestionId = "title", Original = "Practice " + number, UpdatedAt = updated, UpdatedBy = "test" });
        db.Practices.Add(practice);
        return practice.Id;
    }

    private static RawInput Raw(string channel, string key, Guid? practice) => new()
    {
        Channel = channel, DedupKey = key, PracticeId = practice, ContentType = "application/json", Content = "{}"u8.ToArray(),
        ReceivedAt = At,
    };

    private static async Task<List<string>> IndexesAsync(TestDatabase database, string table) =>
        await QueryAsync(database, $"SELECT name FROM pragma_index_list('{table}')");

    private static async Task<List<string>> ColumnsAsync(TestDatabase database, string index) =>
        await QueryAsync(database, $"SELECT coalesce(name, '(expression)') FROM pragma_index_xinfo('{index}') WHERE key = 1");

    private static async Task<List<string>> QueryAsync(TestDatabase database, string sql)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }

    private static async Task<long> ScalarAsync(TestDatabase database, string sql)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
