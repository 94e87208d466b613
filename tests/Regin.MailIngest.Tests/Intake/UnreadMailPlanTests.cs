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
        await ExecuteAsync(database, MostlyChatWithMailReadLongAgo);

        await using var db = new ReginDbContext(database.ContextOptions());
        Assert.Empty(await MailBatchIngester.UnreadRows(db, 0, 50).ToListAsync());
        // EF Core's statement with its parameters, as the reader sends it (its last look: from the start).
        var plan = await ExplainAsync(db, MailBatchIngester.UnreadRows(db, 0, 50));
        Assert.Contains("IX_raw_inputs_received", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("PK_raw_inputs", plan, StringComparison.Ordinal);
    }

    /// <summary>
    /// A watcher starting takes up the mail left unfinished: attempted and released, or read by a worker that died (its
    /// lease run out). One query with both in an OR walked the primary key of every input ever kept (0.3–4 s at 204,000
    /// inputs); each half now reads its partial index (migration MailBeingReadIndex for the mail being read).
    /// </summary>
    [Fact]
    public async Task A_watcher_starting_finds_the_unfinished_mail_through_the_partial_indexes_not_the_whole_table()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.PostgreSql);
        await ExecuteAsync(database, MostlyChatWithMailReadLongAgo + """
            INSERT INTO raw_inputs ("Channel", "DedupKey", "ContentType", "ReceivedAt", "Outcome", "Attempts", "LeaseExpiresAt", "Content")
            VALUES ('email', '<abgebrochen@verein.example.at>', 'message/rfc822', now(), 'processing', 1, now() - interval '5 minutes', convert_to('Subject: Abgebrochen', 'UTF8')),
                   ('email', '<laeuft@verein.example.at>', 'message/rfc822', now(), 'processing', 1, now() + interval '5 minutes', convert_to('Subject: Läuft', 'UTF8'));
            ANALYZE raw_inputs;
            """);

        await using var db = new ReginDbContext(database.ContextOptions());
        var now = DateTime.UtcNow;
        var retried = await db.RawInputs.Where(r => r.DedupKey == "<retry@verein.example.at>").Select(r => r.Id).SingleAsync();
        var abandoned = await db.RawInputs.Where(r => r.DedupKey == "<abgebrochen@verein.example.at>").Select(r => r.Id).SingleAsync();
        Assert.Equal([retried], await MailProcessor.RetriesDue(db).ToListAsync());
        // The mail still being read by a live worker (its lease running) is not taken from it.
        Assert.Equal([abandoned], await MailProcessor.LeasesExpired(db, now).ToListAsync());

        var retries = await ExplainAsync(db, MailProcessor.RetriesDue(db).Take(100));
        Assert.Contains("IX_raw_inputs_received", retries, StringComparison.Ordinal);
        Assert.DoesNotContain("PK_raw_inputs", retries, StringComparison.Ordinal);
        var leases = await ExplainAsync(db, MailProcessor.LeasesExpired(db, now).Take(100));
        Assert.Contains("IX_raw_inputs_processing", leases, StringComparison.Ordinal);
        Assert.DoesNotContain("PK_raw_inputs", leases, StringComparison.Ordinal);
    }

    /// <summary>
    /// Chat turns (received, left so; an activity's JSON of some 660 bytes: the table's pages, as many as the planner
    /// weighs against the index's), mail read long ago, and one mail left for a retry (received, attempted once).
    /// </summary>
    private const string MostlyChatWithMailReadLongAgo = """
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

        """;

    /// <summary>EF Core's statement with its parameters, as the reader sends it, explained.</summary>
    private static async Task<string> ExplainAsync<T>(ReginDbContext db, IQueryable<T> query)
    {
        await using var command = query.CreateDbCommand();
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
        return string.Join("\n", lines);
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
