using Microsoft.EntityFrameworkCore;
using Npgsql;
using Regin.Core.Persistence;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// The mail reader's next unread rows on a PostgreSQL table of mostly chat (migration RawInputsByPracticeInIdOrder's
/// statistics): a chat turn's input is stored "received" and stays so, and with the channel's and the outcome's
/// statistics alone "e-mail and received" looked like one row in eight, so the planner walked the primary key in id
/// order to find 50 (ORDER BY Id LIMIT): with no mail left unread, the whole table, at every ingest run's last look
/// (204,000 rows, 1.1 s on a seeded database). Read through the partial index of unread mail, it is a few entries.
/// </summary>
public sealed class UnreadMailPlanTests
{
    [Fact]
    public async Task With_no_mail_left_unread_among_many_chat_inputs_the_reader_looks_in_the_partial_index_not_the_whole_table()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.PostgreSql);
        // Chat turns (received, left so; an activity's JSON of some 660 bytes: the table's pages, as many as the planner
        // weighs against the index's), mail read long ago, and one mail left for a retry (received, attempted once).
        await ExecuteAsync(database, """
            INSERT INTO raw_inputs ("Channel", "DedupKey", "ConversationId", "ContentType", "ReceivedAt", "Outcome", "Attempts", "Content")
            SELECT 'directline', 'dl-' || (n % 400) || '|' || n || '|h', 'dl-' || (n % 400), 'application/json', now() - interval '90 days', 'received', 0,
              convert_to('{"type":"message","text":"' || (SELECT string_agg(md5((n * 31 + k)::text), ' ') FROM generate_series(1, 20) k) || '"}', 'UTF8')
            FROM generate_series(1, 20000) n;
            INSERT INTO raw_inputs ("Channel", "DedupKey", "ConversationId", "ContentType", "ReceivedAt", "Outcome", "Attempts", "Content")
            SELECT 'email', '<' || n || '@verein.example.at>', 'kontakt' || n || '@verein.example.at', 'message/rfc822', now() - interval '30 days', 'processed', 1, convert_to('Subject: Anmeldung ' || n, 'UTF8')
            FROM generate_series(1, 3000) n;
            INSERT INTO raw_inputs ("Channel", "DedupKey", "ContentType", "ReceivedAt", "Outcome", "Attempts", "Content")
            VALUES ('email', '<retry@verein.example.at>', 'message/rfc822', now(), 'received', 1, convert_to('Subject: Nochmal', 'UTF8'));
            ANALYZE raw_inputs;
            """);

        await using var db = new ReginDbContext(database.ContextOptions());
        Assert.Empty(await MailBatchIngester.UnreadRows(db, 0, 50).ToListAsync());
        // EF Core's statement with its parameters, as the reader sends it (its last look: from the start).
        await using var command = MailBatchIngester.UnreadRows(db, 0, 50).CreateDbCommand();
        command.CommandText = "EXPLAIN " + command.CommandText;
        await db.Database.OpenConnectionAsync();
        var lines = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }
        var plan = string.Join("\n", lines);
        Assert.Contains("IX_raw_inputs_received", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("PK_raw_inputs", plan, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
