using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Regin.Core.Localisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Reminders;
using Regin.Core.Review;
using Regin.Testing;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// "The last input of a practice" on a PostgreSQL table where that practice's inputs are old and many newer ones follow
/// (migration RawInputsByPracticeInIdOrder): the reminders' Max(Id) and the contributor router's newest input are read
/// from the end of the practice's range in (PracticeId, Id), not by walking the primary key back from the newest input
/// of all (on a seeded database of 2,000 practices: 20 s a reminder poll, up to 1.2 s a route). The statements are EF
/// Core's own, recorded as the scheduler and the router send them, and explained with their parameters.
/// </summary>
public sealed class RawInputPlanTests
{
    [Fact]
    public async Task The_last_input_of_a_practice_whose_inputs_are_old_is_found_without_walking_the_newer_ones()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.PostgreSql);
        var now = DateTimeOffset.UtcNow;
        var stalled = Guid.NewGuid();
        await using (var db = new ReginDbContext(database.ContextOptions()))
        {
            // A draft left half done months ago: its messages are the table's first rows.
            var practice = new Practice
            {
                Id = stalled, Number = 1, Language = "de", Status = PracticeStatus.Draft, Channels = Channels.Chat, CreatedAt = now.AddDays(-200), UpdatedAt = now.AddDays(-200),
            };
            practice.Identities.Add(new ContributorIdentity { Channel = "directline", ExternalId = "dl-user-1" });
            db.Practices.Add(practice);
            await db.SaveChangesAsync();
        }
        // Then 199 other practices with 100 chat turns each, newer (the inputs' practices as many as the planner cannot
        // tell apart: each about 100 rows), and mail read long ago, as the host and the reader leave them.
        await ExecuteAsync(database, """
            INSERT INTO practices ("Id", "Number", "Status", "Language", "Channels", "CreatedAt", "UpdatedAt", "ConcurrencyStamp")
            SELECT gen_random_uuid(), n, 'approved', 'en', 'chat', now() - interval '30 days', now() - interval '1 day', gen_random_uuid()
            FROM generate_series(2, 200) n;
            INSERT INTO raw_inputs ("PracticeId", "Channel", "DedupKey", "ConversationId", "ContentType", "ReceivedAt", "Outcome", "Attempts", "Content")
            SELECT p."Id", 'directline', 'dl-' || p."Number" || '|' || n || '|h', CASE WHEN p."Number" = 1 THEN 'dl-old' ELSE 'dl-' || p."Number" END, 'application/json',
              now() - CASE WHEN p."Number" = 1 THEN interval '200 days' ELSE interval '1 day' END, 'received', 0, convert_to('{"text":"Sprachcafé ' || n || '"}', 'UTF8')
            FROM practices p, generate_series(1, 100) n ORDER BY p."Number" <> 1, n, p."Number";
            INSERT INTO raw_inputs ("PracticeId", "Channel", "DedupKey", "ConversationId", "ContentType", "ReceivedAt", "Outcome", "Attempts", "Content")
            SELECT NULL, 'email', '<' || n || '@verein.example.at>', 'kontakt' || n || '@verein.example.at', 'message/rfc822', now() - interval '30 days', 'processed', 1, convert_to('Subject: Anmeldung ' || n, 'UTF8')
            FROM generate_series(1, 3000) n;
            ANALYZE raw_inputs;
            """);

        var recorder = new CommandRecorder();
        var options = new DbContextOptionsBuilder<ReginDbContext>(database.ContextOptions()).AddInterceptors(recorder).Options;
        await using (var db = new ReginDbContext(options))
        {
            var scheduler = new ReminderScheduler(db, new Texts(TestCore.Questionnaire), TestCore.Questionnaire,
                Options.Create(new ReminderOptions { FirstAfter = TimeSpan.FromDays(3), Every = TimeSpan.FromDays(7), Max = 2, QuietHours = "" }),
                TimeProvider.System, NullLogger<ReminderScheduler>.Instance);
            Assert.Equal(1, await scheduler.RunOnceAsync());
            var practice = await db.Practices.Include(p => p.Identities).SingleAsync(p => p.Id == stalled);
            var route = await new ContributorRouter(db).RouteAsync(practice);
            Assert.Equal(new ContributorRoute("directline", "dl-user-1", "dl-old"), route);
        }

        var byPractice = recorder.Commands.Where(c => c.Sql.Contains("FROM raw_inputs AS r", StringComparison.Ordinal)
            && c.Sql.Contains("r.\"PracticeId\" = ", StringComparison.Ordinal) && c.Sql.Contains("DESC", StringComparison.Ordinal) || c.Sql.Contains("max(r.\"Id\")", StringComparison.Ordinal)).ToList();
        Assert.True(byPractice.Count >= 2, "the scheduler's Max(Id) and the router's newest input: " + string.Join("\n---\n", recorder.Commands.Select(c => c.Sql)));
        foreach (var command in byPractice)
        {
            var plan = await ExplainAsync(database, command);
            Assert.DoesNotContain("using \"PK_raw_inputs\"", plan, StringComparison.Ordinal);
            Assert.Contains("IX_raw_inputs_PracticeId_Id", plan, StringComparison.Ordinal);
        }
    }

    private sealed record RecordedCommand(string Sql, IReadOnlyList<NpgsqlParameter> Parameters);

    /// <summary>Every query EF Core sends, with a copy of its parameters.</summary>
    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public List<RecordedCommand> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            lock (Commands)
            {
                Commands.Add(new RecordedCommand(command.CommandText, command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToList()));
            }
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    private static async Task<string> ExplainAsync(TestDatabase database, RecordedCommand recorded)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("EXPLAIN " + recorded.Sql, connection);
        command.Parameters.AddRange(recorded.Parameters.Select(p => p.Clone()).ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
        return recorded.Sql + "\n" + string.Join("\n", lines);
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
