using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Regin.Core.Intake;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Persistence.PostgreSql;
using Regin.Core.Tests.Persistence;

namespace Regin.Core.Tests.Intake;

/// <summary>
/// How a new practice takes its number (<see cref="IntakeService.TakePracticeNumberAsync"/>): on SQLite one more than the
/// largest stored, under its writer lock; on PostgreSQL from a sequence, with no lock held to the commit. Either way
/// drafts started together (chats' first answers, drafts started alone as a mail's) take distinct numbers and none is
/// lost, and numbers stored without the sequence are carried on from.
/// </summary>
public abstract class PracticeNumberTests(string provider)
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Drafts_started_together_by_first_answers_and_alone_take_distinct_numbers_and_none_is_lost()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var drafts = new OpenDraftCache();
        var firstAnswers = Enumerable.Range(0, 24).Select(async i =>
        {
            await using var db = database.NewContext();
            var intake = database.UntrackedIntake(db, drafts, out var rows);
            await using (rows)
            {
                var (draft, outcome) = await intake.StartDraftWithAnswerAsync(new ContributorKey("webchat", $"chat{i}"), "en", Channels.Chat, "contact_name", $"Person {i}", $"webchat:chat{i}");
                Assert.True(outcome.Stored);
                return draft.Number;
            }
        });
        var started = Enumerable.Range(0, 8).Select(async i =>
        {
            await using var db = database.NewContext();
            return (await database.Intake(db).StartDraftAsync(new ContributorKey(Channels.Email, $"m{i}@example.org"), "de", Channels.Email)).Number;
        });

        var numbers = await Task.WhenAll(firstAnswers.Concat(started));

        // Nothing was rolled back, so no number was skipped either.
        Assert.Equal(Enumerable.Range(1, 32), numbers.Order());
        await using var check = database.NewContext();
        Assert.Equal(Enumerable.Range(1, 32), (await check.Practices.Select(p => p.Number).ToListAsync()).Order());
        Assert.Equal(24, await check.Answers.CountAsync(a => a.QuestionId == "contact_name"));
        Assert.Equal(32, await check.PracticeEvents.CountAsync(e => e.Kind == "created"));
        // Each "created" line names its own practice's reference (on PostgreSQL a first answer's is written from the
        // number its batch took).
        var created = await check.PracticeEvents.Where(e => e.Kind == "created").Join(check.Practices, e => e.PracticeId, p => p.Id, (e, p) => new { e.NewValue, p.Number }).ToListAsync();
        Assert.All(created, c => Assert.Equal(Practice.FormatReference(c.Number), c.NewValue));
    }

    [Fact]
    public async Task A_first_answer_past_numbers_stored_without_the_sequence_names_the_number_it_took_in_its_log_and_row()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            // Past four digits: the reference grows a digit.
            foreach (var number in new[] { 3, 9999 })
            {
                db.Practices.Add(new Practice { Id = Guid.NewGuid(), Number = number, Language = "en", Channels = Channels.Chat, CreatedAt = At, UpdatedAt = At });
            }
            await db.SaveChangesAsync();
        }
        var drafts = new OpenDraftCache();
        var started = new List<Practice>();
        for (var i = 0; i < 2; i++)
        {
            await using var db = database.NewContext();
            var intake = database.UntrackedIntake(db, drafts, out var rows);
            await using (rows)
            {
                started.Add((await intake.StartDraftWithAnswerAsync(new ContributorKey("webchat", $"past{i}"), "fr", Channels.Chat, "contact_name", "Quelqu'un", $"webchat:past{i}")).Practice);
            }
        }

        Assert.Equal([10000, 10001], started.Select(p => p.Number));
        Assert.Equal("REGIN-10000", started[0].Reference);
        await using var check = database.NewContext();
        foreach (var practice in started)
        {
            Assert.Equal(practice.Number, await check.Practices.Where(p => p.Id == practice.Id).Select(p => p.Number).SingleAsync());
            Assert.Equal([practice.Reference], await check.PracticeEvents.Where(e => e.PracticeId == practice.Id && e.Kind == "created").Select(e => e.NewValue).ToListAsync());
            Assert.Equal("Quelqu'un", await check.Answers.Where(a => a.PracticeId == practice.Id && a.QuestionId == "contact_name").Select(a => a.Original).SingleAsync());
            // The draft is found again by its contributor, as a later answer finds it.
            await using var db = database.NewContext();
            var intake = database.UntrackedIntake(db, new OpenDraftCache(), out var rows);
            await using (rows)
            {
                Assert.Equal(practice.Number, (await intake.FindOpenDraftAsync(new ContributorKey("webchat", practice.Identities[0].ExternalId)))?.Number);
            }
        }
    }

    [Fact]
    public async Task Numbers_stored_without_taking_them_are_carried_on_from()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            // As the review seeder and an import store them: numbers of their own.
            foreach (var number in new[] { 1, 2, 40 })
            {
                db.Practices.Add(new Practice { Id = Guid.NewGuid(), Number = number, Language = "en", Channels = Channels.Chat, CreatedAt = At, UpdatedAt = At });
            }
            await db.SaveChangesAsync();
        }

        var drafts = new OpenDraftCache();
        var taken = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            await using var db = database.NewContext();
            var intake = database.UntrackedIntake(db, drafts, out var rows);
            await using (rows)
            {
                taken.Add((await intake.StartDraftWithAnswerAsync(new ContributorKey("webchat", $"after{i}"), "en", Channels.Chat, "contact_name", "Someone", "webchat:u")).Practice.Number);
            }
        }
        Assert.Equal([41, 42], taken);
    }

    internal static async Task<long?> ScalarAsync(ReginDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync();
        }
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class PracticeNumberTestsOnSqlite() : PracticeNumberTests(Regin.Testing.TestProviders.Sqlite);

public sealed class PracticeNumberTestsOnPostgreSql() : PracticeNumberTests(Regin.Testing.TestProviders.PostgreSql)
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_first_answer_does_not_wait_for_another_new_drafts_turn_to_commit_and_a_rolled_back_draft_leaves_a_gap()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        var drafts = new OpenDraftCache();

        // A chat turn that started a draft and has not committed yet (its unit's transaction still open).
        await using var slow = database.NewContext();
        var slowIntake = database.UntrackedIntake(slow, drafts, out var slowRows);
        await using var slowTurn = await slow.Database.BeginTransactionAsync();
        var (held, _) = await slowIntake.StartDraftWithAnswerAsync(new ContributorKey("webchat", "slow"), "en", Channels.Chat, "contact_name", "Slow", "webchat:slow");
        Assert.Equal(1, held.Number);

        // Another chat's first answer meanwhile is stored at once, with the next number (it used to wait for the lock
        // the first turn held to its commit).
        await using (var db = database.NewContext())
        {
            var intake = database.UntrackedIntake(db, drafts, out var rows);
            await using (rows)
            {
                var (draft, _) = await intake.StartDraftWithAnswerAsync(new ContributorKey("webchat", "quick"), "en", Channels.Chat, "contact_name", "Quick", "webchat:quick")
                    .WaitAsync(Regin.Testing.Eventually.Deadline);
                Assert.Equal(2, draft.Number);
            }
        }

        // The first turn fails: its number is not used again (numbers may skip on PostgreSQL).
        await slowTurn.RollbackAsync();
        await slowRows.DisposeAsync();
        await using (var db = database.NewContext())
        {
            var intake = database.UntrackedIntake(db, drafts, out var rows);
            await using (rows)
            {
                Assert.Equal(3, (await intake.StartDraftWithAnswerAsync(new ContributorKey("webchat", "later"), "en", Channels.Chat, "contact_name", "Later", "webchat:later")).Practice.Number);
            }
        }
        await using var check = database.NewContext();
        Assert.Equal([2, 3], (await check.Practices.Select(p => p.Number).ToListAsync()).Order());
    }

    [Fact]
    public async Task A_first_answer_takes_its_number_in_the_round_trip_that_inserts_its_rows()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        var drafts = new OpenDraftCache();
        await using var db = database.NewContext();
        var intake = database.UntrackedIntake(db, drafts, out var rows);
        await using (rows)
        {
            Assert.True(rows.TakesPracticeNumbers);
            // What this test's own calls send, one Npgsql activity per round trip (a batch is one), its statements' text with it.
            using var source = new System.Diagnostics.ActivitySource("regin-test-" + Guid.NewGuid().ToString("N"));
            using var listener = new System.Diagnostics.ActivityListener
            {
                ShouldListenTo = s => s.Name == "Npgsql" || s.Name == source.Name,
                Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            };
            var sent = new System.Collections.Concurrent.ConcurrentQueue<string>();
            using var test = StartListening(listener, source, sent);
            var (draft, outcome) = await intake.StartDraftWithAnswerAsync(new ContributorKey("webchat", "one-trip"), "en", Channels.Chat, "contact_name", "One Trip", "webchat:one-trip");
            test.Stop();

            Assert.True(outcome.Stored);
            Assert.Equal(1, draft.Number);
            var numbering = Assert.Single(sent, s => s.Contains("nextval", StringComparison.Ordinal));
            Assert.Contains("INSERT INTO", numbering, StringComparison.Ordinal);
            Assert.Contains("currval", numbering, StringComparison.Ordinal);
        }
        await using var check = database.NewContext();
        Assert.Equal("REGIN-0001", await check.PracticeEvents.Where(e => e.Kind == "created").Select(e => e.NewValue).SingleAsync());
    }

    /// <summary>Starts <paramref name="source"/>'s activity; the Npgsql activities under it give their statements' text to <paramref name="sent"/>.</summary>
    private static System.Diagnostics.Activity StartListening(System.Diagnostics.ActivityListener listener, System.Diagnostics.ActivitySource source,
        System.Collections.Concurrent.ConcurrentQueue<string> sent)
    {
        System.Diagnostics.Activity? mine = null;
        listener.ActivityStopped = a =>
        {
            if (a.Source.Name == "Npgsql" && mine is not null && a.TraceId == mine.TraceId)
            {
                sent.Enqueue(string.Join("\n", a.TagObjects.Select(t => t.Key + "=" + t.Value)));
            }
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        mine = source.StartActivity("first answer") ?? throw new InvalidOperationException("The test's activity was not sampled.");
        return mine;
    }

    [Fact]
    public async Task The_migration_starts_the_sequence_after_the_largest_number_stored()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql, migrated: false, migrate: false);
        await using (var db = database.NewContext())
        {
            await db.GetService<IMigrator>().MigrateAsync("UnreadMailIndex");
            foreach (var number in new[] { 3, 17 })
            {
                db.Practices.Add(new Practice { Id = Guid.NewGuid(), Number = number, Language = "en", Channels = Channels.Chat, CreatedAt = At, UpdatedAt = At });
            }
            await db.SaveChangesAsync();
            await db.GetService<IMigrator>().MigrateAsync();
            Assert.Equal(17L, await ScalarAsync(db, $"SELECT last_value FROM {PostgreSqlDatabaseProvider.PracticeNumberSequence}"));
            // Down and up again.
            await db.GetService<IMigrator>().MigrateAsync("UnreadMailIndex");
            Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM pg_class WHERE relkind = 'S' AND relname = 'practice_numbers'"));
            await db.GetService<IMigrator>().MigrateAsync();
        }
        await using (var db = database.NewContext())
        {
            Assert.Equal(18, (await database.Intake(db).StartDraftAsync(new ContributorKey(Channels.Email, "a@example.org"), "en", Channels.Email)).Number);
        }
    }

    [Fact]
    public async Task On_an_empty_database_the_migrated_sequence_is_unread_and_hands_out_one_first()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        await using var db = database.NewContext();
        Assert.Null(await ScalarAsync(db, $"SELECT last_value FROM pg_sequences WHERE schemaname = current_schema() AND sequencename = '{PostgreSqlDatabaseProvider.PracticeNumberSequence}'"));
        Assert.Equal(1, (await database.Intake(db).StartDraftAsync(new ContributorKey(Channels.Email, "a@example.org"), "en", Channels.Email)).Number);
    }
}
