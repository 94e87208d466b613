using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Testing;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// What a PostgreSQL chat turn writes (session 32, migration UnreadMailIndexMailOnly, as SQLite's since session 30): a chat
/// message's raw input (stored "received", and left so) is no entry of the unread mail's partial index. The migration
/// applies to a database holding practices and raw inputs, and undoes.
/// </summary>
public sealed class PostgreSqlTurnWritesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_migration_keeps_chat_inputs_out_of_the_unread_mail_index_on_a_database_with_data()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.PostgreSql, migrated: false);
        await using var db = new ReginDbContext(database.ContextOptions());
        var migrations = db.Database.GetMigrations().ToList();
        var before = migrations[migrations.FindIndex(m => m.EndsWith("_UnreadMailIndexMailOnly", StringComparison.Ordinal)) - 1];
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(before);
        var practice = new Practice
        {
            Id = Guid.NewGuid(), Number = 1, Language = "en", Channels = Channels.Chat, Status = PracticeStatus.Draft, CreatedAt = At, UpdatedAt = At,
        };
        db.Practices.Add(practice);
        await db.SaveChangesAsync();
        // The inputs as that schema stores them (their bytes in a table of their own then: the model has them in the row).
        const string insert = "WITH r AS (INSERT INTO raw_inputs (\"Channel\", \"DedupKey\", \"PracticeId\", \"ContentType\", \"ReceivedAt\", \"Outcome\", \"Attempts\") "
            + "SELECT {0}, {1}, p.\"Id\", 'application/json', {2}, 'received', 0 FROM (SELECT {3} AS wanted) AS w LEFT JOIN practices AS p ON p.\"Number\" = w.wanted "
            + "RETURNING \"Id\") INSERT INTO raw_input_contents (\"Id\", \"Content\") SELECT \"Id\", {4} FROM r";
        // (The chat's input filed on practice 1, the mail's on none: no practice numbered 0.)
        await db.Database.ExecuteSqlRawAsync(insert, "webchat", "chat-1", At, 1, "{}"u8.ToArray());
        await db.Database.ExecuteSqlRawAsync(insert, Channels.Email, "<mail-1@example.org>", At, 0, "{}"u8.ToArray());

        await db.Database.MigrateAsync();
        // CREATE INDEX counts the entries it wrote: the unread mail's alone; the chat's input is still "received".
        Assert.Equal(1L, await ScalarAsync(database, "SELECT reltuples::bigint FROM pg_class WHERE relname = 'IX_raw_inputs_received'"));
        Assert.EndsWith("WHERE (((\"Outcome\")::text = 'received'::text) AND ((\"Channel\")::text = 'email'::text))", await IndexDefinitionAsync(database));
        Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM raw_inputs WHERE \"Channel\" = 'webchat' AND \"Outcome\" = 'received'"));
        // A query for the chat's received rows cannot read them through it (the planner, told to avoid the table scan, still must).
        Assert.DoesNotContain("IX_raw_inputs_received", await PlanAsync(database,
            "SELECT \"Id\" FROM raw_inputs WHERE \"Channel\" = 'webchat' AND \"Outcome\" = 'received' ORDER BY \"Id\""), StringComparison.Ordinal);

        // Down and up again: the index holds the chat's input again, then no more.
        await migrator.MigrateAsync(before);
        Assert.Equal(2L, await ScalarAsync(database, "SELECT reltuples::bigint FROM pg_class WHERE relname = 'IX_raw_inputs_received'"));
        Assert.EndsWith("WHERE ((\"Outcome\")::text = 'received'::text)", await IndexDefinitionAsync(database));
        await db.Database.MigrateAsync();
        Assert.Equal(1L, await ScalarAsync(database, "SELECT reltuples::bigint FROM pg_class WHERE relname = 'IX_raw_inputs_received'"));
    }

    private static async Task<string> IndexDefinitionAsync(TestDatabase database) =>
        (string)(await ExecuteScalarAsync(database, "SELECT indexdef FROM pg_indexes WHERE indexname = 'IX_raw_inputs_received'"))!;

    private static async Task<long> ScalarAsync(TestDatabase database, string sql) => Convert.ToInt64(await ExecuteScalarAsync(database, sql), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<object?> ExecuteScalarAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<string> PlanAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }
        await using var command = new NpgsqlCommand("EXPLAIN " + sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
        return string.Join("\n", lines);
    }
}
