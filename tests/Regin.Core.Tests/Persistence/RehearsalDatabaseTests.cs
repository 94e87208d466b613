using Microsoft.EntityFrameworkCore;
using Npgsql;
using Regin.Core.Intake;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Persistence.PostgreSql;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// The provider's rehearsal database (<see cref="ReginDatabaseProvider.OpenRehearsalDatabaseAsync"/>, the chat warm-up's):
/// a draft written there runs through the schema's triggers (list keys, search index, identity values) as in the real
/// database, and the real one is left as it was; on PostgreSQL (a session whose tables are temporary copies) its advisory
/// locks are its own and nothing of it is left once it is closed.
/// </summary>
public abstract class RehearsalDatabaseTests(string provider)
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_draft_written_in_the_rehearsal_database_is_indexed_there_and_the_real_database_stays_empty()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var rehearsal = await database.NewContext().Provider().OpenRehearsalDatabaseAsync())
        {
            Assert.NotNull(rehearsal);
            await using var db = database.NewContext();
            db.Database.SetDbConnection(rehearsal, contextOwnsConnection: false);
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                var practice = new Practice { Id = Guid.NewGuid(), Number = 1, Language = "en", Channels = Channels.Chat, CreatedAt = At, UpdatedAt = At };
                practice.Answers.Add(new Answer { QuestionId = "title", Original = "Apricot orchards for newcomers", UpdatedAt = At, UpdatedBy = "test" });
                practice.Events.Add(new PracticeEvent { Kind = "created", At = At, Actor = "test" });
                db.Practices.Add(practice);
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
                Assert.True(practice.Events.Single().Id > 0);
            }
            // The triggers ran on the rehearsal's tables: the list's title key, and the search index (PostgreSQL's marks,
            // indexed when a search catches up, as the review's search does).
            Assert.Equal("apricot orchards for newcomers", await db.Practices.AsNoTracking().Select(p => p.TitleKey).SingleAsync());
            await db.Provider().CatchUpSearchIndexAsync(db);
            var found = await db.Provider().MatchWordsAsync(db, "apricot newcomer");
            Assert.Equal(new[] { 1 }, found!.Numbers);
        }

        await using var real = database.NewContext();
        Assert.Equal(0, await real.Practices.CountAsync());
        Assert.Equal(0, await real.Answers.CountAsync());
        Assert.Equal(0, await real.PracticeEvents.CountAsync());
        Assert.Empty((await real.Provider().MatchWordsAsync(real, "apricot"))!.Numbers);
        if (provider == Regin.Testing.TestProviders.PostgreSql)
        {
            // No real sequence advanced (the copies' identity columns have sequences of their own), no session is left.
            Assert.Equal(0L, await ScalarAsync(real, "SELECT count(*) FROM pg_sequences WHERE schemaname = current_schema() AND last_value IS NOT NULL"));
            // (Closed by the client: the server's backend leaves pg_stat_activity a moment later.)
            await Regin.Testing.Eventually.UntilAsync(async () => await ScalarAsync(real,
                $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{PostgreSqlDatabaseProvider.RehearsalApplicationName}' AND datname = current_database()") == 0, seconds: 60);
        }
    }

    protected static async Task<long> ScalarAsync(ReginDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync();
        }
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class RehearsalDatabaseTestsOnSqlite() : RehearsalDatabaseTests(Regin.Testing.TestProviders.Sqlite);

public sealed class RehearsalDatabaseTestsOnPostgreSql() : RehearsalDatabaseTests(Regin.Testing.TestProviders.PostgreSql)
{
    [Fact]
    public async Task A_practice_number_taken_in_the_rehearsal_comes_from_its_own_sequence_and_the_real_one_does_not_advance()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        var drafts = new OpenDraftCache();
        int real;
        await using (var db = database.NewContext())
        {
            var intake = database.UntrackedIntake(db, drafts, out var rows);
            await using (rows)
            {
                real = (await intake.StartDraftWithAnswerAsync(new ContributorKey("webchat", "real"), "en", Channels.Chat, "contact_name", "Real", "webchat:real")).Practice.Number;
            }
        }
        Assert.Equal(1, real);

        await using (var rehearsal = await database.NewContext().Provider().OpenRehearsalDatabaseAsync())
        {
            await using var db = database.NewContext();
            db.Database.SetDbConnection(rehearsal, contextOwnsConnection: false);
            for (var i = 1; i <= 3; i++)
            {
                // The first answer of a rehearsed chat, as the warm-up's: numbered from the copies' own sequence.
                var intake = database.UntrackedIntake(db, drafts, out var rows);
                await using (rows)
                {
                    Assert.Equal(i, (await intake.StartDraftWithAnswerAsync(new ContributorKey("webchat", $"rehearsed{i}"), "en", Channels.Chat, "contact_name", "Rehearsed", "webchat:r")).Practice.Number);
                }
            }
        }

        // The real sequence still stands at the one real draft's number: the next real draft takes 2.
        await using (var db = database.NewContext())
        {
            Assert.Equal(1L, await ScalarAsync(db, $"SELECT last_value FROM {PostgreSqlDatabaseProvider.PracticeNumberSequence}"));
            Assert.Equal(1, await db.Practices.CountAsync());
            var intake = database.UntrackedIntake(db, drafts, out var rows);
            await using (rows)
            {
                Assert.Equal(2, (await intake.StartDraftWithAnswerAsync(new ContributorKey("webchat", "real2"), "en", Channels.Chat, "contact_name", "Real", "webchat:real2")).Practice.Number);
            }
        }
    }

    [Fact]
    public async Task An_advisory_lock_taken_in_a_rehearsal_is_its_own_and_no_other_session_waits_for_it()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        await using var rehearsal = await database.NewContext().Provider().OpenRehearsalDatabaseAsync();
        await using var db = database.NewContext();
        db.Database.SetDbConnection(rehearsal, contextOwnsConnection: false);
        await using var held = await db.Database.BeginTransactionAsync();
        await db.Provider().SerialiseAsync(db, "regin:practice-number");

        // Another host's session takes the real lock of that name at once.
        await using var other = new NpgsqlConnection(database.Database.ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using var take = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock($1)", other, transaction);
        take.Parameters.AddWithValue(ReginDatabaseProvider.LockKey("regin:practice-number"));
        Assert.True((bool)(await take.ExecuteScalarAsync())!);
        // The rehearsal's own transaction holds a lock (its key, not the real one).
        Assert.Equal(1L, Convert.ToInt64(await new NpgsqlCommand(
            $"SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND a.datname = current_database() AND a.application_name = '{PostgreSqlDatabaseProvider.RehearsalApplicationName}'",
            other, transaction).ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
