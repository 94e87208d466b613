using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;
using Regin.Core.Tests.Persistence;

namespace Regin.Core.Tests.Review;

/// <summary>
/// The search index follows every kind of writer of the answers, and writes a practice's document once per
/// transaction, not once per answer row (SQLite: the triggers mark, the commit indexes; PostgreSQL: a deferred
/// trigger at commit). Run on both providers.
/// </summary>
public abstract class SearchIndexWritersTests(string provider)
{
    protected static readonly DateTimeOffset At = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Finds_what_ef_writes_in_a_transaction_without_one_and_with_set_based_updates()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        Guid id;
        await using (var db = database.NewContext())
        {
            // Many answers in one transaction and two SaveChanges (as the mail writer does).
            await using var transaction = await db.Database.BeginTransactionAsync();
            id = Add(db, 1, ("title", "Orchard cooperative"));
            await db.SaveChangesAsync();
            var practice = await db.Practices.Include(p => p.Answers).SingleAsync(p => p.Id == id);
            for (var i = 0; i < 30; i++)
            {
                practice.Answers.Add(new Answer { QuestionId = "q" + i, Original = "apricot" + i, UpdatedAt = At, UpdatedBy = "test" });
            }
            await db.SaveChangesAsync();
            // The transaction's own search sees its writes.
            Assert.Equal([1], await SearchAsync(db, "apricot29 orchard"));
            await transaction.CommitAsync();
        }
        Assert.Equal([1], await SearchInNewContextAsync(database, "apricot7 orchard"));

        await using (var db = database.NewContext())
        {
            // SaveChanges without a transaction of the caller's.
            Add(db, 2, ("title", "Beekeeping school"), ("description", "Hives on the roofs."));
            await db.SaveChangesAsync();
        }
        Assert.Equal([2], await SearchInNewContextAsync(database, "beekeeping hives"));

        await using (var db = database.NewContext())
        {
            // A set-based update and delete, outside any transaction (as the erasure writes).
            await db.Answers.Where(a => a.PracticeId == id && a.QuestionId == "title").ExecuteUpdateAsync(u => u.SetProperty(a => a.Original, "[erased]"));
            await db.Answers.Where(a => a.PracticeId == id && a.QuestionId == "q7").ExecuteDeleteAsync();
        }
        Assert.Empty(await SearchInNewContextAsync(database, "orchard"));
        Assert.Empty(await SearchInNewContextAsync(database, "apricot7"));
        Assert.Equal([1], await SearchInNewContextAsync(database, "erased apricot8"));

        await using (var db = database.NewContext())
        {
            // Raw SQL on EF Core's connection, inside its transaction.
            await using var transaction = await db.Database.BeginTransactionAsync();
            var updatedAt = At;
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "answers" ("PracticeId", "QuestionId", "Original", "UpdatedAt", "UpdatedBy") VALUES ({id}, 'website', 'quince-jam.example.org', {updatedAt}, 'raw')
                """);
            await transaction.CommitAsync();
        }
        Assert.Equal([1], await SearchInNewContextAsync(database, "quince"));

        await using (var db = database.NewContext())
        {
            // The practice removed: its answers go with it.
            await db.Practices.Where(p => p.Id == id).ExecuteDeleteAsync();
        }
        Assert.Empty(await SearchInNewContextAsync(database, "quince"));
        Assert.Equal([2], await SearchInNewContextAsync(database, "roofs"));
    }

    [Fact]
    public async Task Finds_what_a_bulk_load_and_a_writer_without_ef_core_wrote()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            var practices = Enumerable.Range(1, 300).Select(n => new Practice
            {
                Id = Guid.NewGuid(), Number = n, Language = "en", Channels = Channels.Chat, Status = PracticeStatus.Submitted, CreatedAt = At, UpdatedAt = At,
            }).ToList();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await BulkInsert.InsertAsync(db, practices);
            await BulkInsert.InsertAsync(db, practices.SelectMany(p => new[]
            {
                new Answer { PracticeId = p.Id, QuestionId = "title", Original = $"Walnut grove {p.Number}", UpdatedAt = At, UpdatedBy = "seed" },
                new Answer { PracticeId = p.Id, QuestionId = "description", Original = p.Number % 3 == 0 ? "chestnut" : "hazel", UpdatedAt = At, UpdatedBy = "seed" },
            }).ToList());
            await transaction.CommitAsync();
        }
        Assert.Equal(100, (await SearchInNewContextAsync(database, "walnut chestnut")).Count);
        Assert.Equal([150], await SearchInNewContextAsync(database, "150 grove"));

        // A writer on a connection of its own, EF Core nowhere (a maintenance script): the search still finds it.
        await using (var db = database.NewContext())
        {
            var id = await db.Practices.Where(p => p.Number == 42).Select(p => p.Id).SingleAsync();
            await using var connection = db.Provider().Name == ReginDatabaseProvider.SqliteName
                ? (DbConnection)new Microsoft.Data.Sqlite.SqliteConnection(db.Database.GetConnectionString())
                : new Npgsql.NpgsqlConnection(db.Database.GetConnectionString());
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """UPDATE "answers" SET "Original" = 'Almond terraces' WHERE "QuestionId" = 'title' AND "PracticeId" = @id""";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "id";
            parameter.Value = db.Provider().Name == ReginDatabaseProvider.SqliteName ? id.ToString().ToUpperInvariant() : id;
            command.Parameters.Add(parameter);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        Assert.Equal([42], await SearchInNewContextAsync(database, "almond"));
        Assert.Empty(await SearchInNewContextAsync(database, "grove 42"));
    }

    private static async Task<List<int>> SearchInNewContextAsync(StoreDatabase database, string words)
    {
        await using var db = database.NewContext();
        return await SearchAsync(db, words);
    }

    private static async Task<List<int>> SearchAsync(ReginDbContext db, string words) =>
        (await new ReviewQueries(db).ListAsync(new PracticeListQuery { Search = words, PageSize = 500 })).Rows.Select(r => r.Number).Order().ToList();

    protected static Guid Add(ReginDbContext db, int number, params (string Question, string Original)[] answers)
    {
        var practice = new Practice
        {
            Id = Guid.NewGuid(), Number = number, Language = "en", Channels = Channels.Chat, Status = PracticeStatus.Submitted, CreatedAt = At, UpdatedAt = At,
        };
        foreach (var (question, original) in answers)
        {
            practice.Answers.Add(new Answer { QuestionId = question, Original = original, UpdatedAt = At, UpdatedBy = "test" });
        }
        db.Practices.Add(practice);
        return practice.Id;
    }
}

public sealed class SearchIndexWritersTestsOnSqlite() : SearchIndexWritersTests(Regin.Testing.TestProviders.Sqlite)
{
    /// <summary>
    /// Inside a transaction the triggers only mark the practice (once, whatever the number of answer rows); the
    /// document is written at the commit and the mark removed.
    /// </summary>
    [Fact]
    public async Task Answer_rows_mark_their_practice_once_and_the_commit_indexes_it()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.Sqlite);
        await using var db = database.NewContext();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var practice = new Practice { Id = Guid.NewGuid(), Number = 1, Language = "en", Channels = Channels.Email, CreatedAt = At, UpdatedAt = At };
            for (var i = 0; i < 30; i++)
            {
                practice.Answers.Add(new Answer { QuestionId = "q" + i, Original = "plum" + i, UpdatedAt = At, UpdatedBy = "test" });
            }
            db.Practices.Add(practice);
            await db.SaveChangesAsync();
            Assert.Equal(1, await CountAsync(db, "SELECT COUNT(*) AS \"Value\" FROM practice_search_pending"));
            Assert.Equal(0, await CountAsync(db, "SELECT COUNT(*) AS \"Value\" FROM practice_search WHERE practice_search MATCH 'plum3'"));
            await transaction.CommitAsync();
        }
        Assert.Equal(0, await CountAsync(db, "SELECT COUNT(*) AS \"Value\" FROM practice_search_pending"));
        Assert.Equal(1, await CountAsync(db, "SELECT COUNT(*) AS \"Value\" FROM practice_search WHERE practice_search MATCH 'plum3 plum29'"));
    }

    private static Task<int> CountAsync(ReginDbContext db, string sql) =>
        db.Database.SqlQueryRaw<int>(sql).SingleAsync();
}

public sealed class SearchIndexWritersTestsOnPostgreSql() : SearchIndexWritersTests(Regin.Testing.TestProviders.PostgreSql)
{
    /// <summary>
    /// The answer rows only mark the practice (once, whatever the number of rows); the commit writes no document (that
    /// is the indexer's, off the writer's path), and a search writes what is still marked before it reads.
    /// </summary>
    [Fact]
    public async Task Answer_rows_mark_their_practice_once_and_a_search_indexes_it_after_the_commit()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        await using var db = database.NewContext();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var practice = new Practice { Id = Guid.NewGuid(), Number = 1, Language = "en", Channels = Channels.Email, CreatedAt = At, UpdatedAt = At };
            db.Practices.Add(practice);
            await db.SaveChangesAsync();
            for (var i = 0; i < 30; i++)
            {
                practice.Answers.Add(new Answer { QuestionId = "q" + i, Original = "plum" + i, UpdatedAt = At, UpdatedBy = "test" });
                await db.SaveChangesAsync();
            }
            Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale"));
            await transaction.CommitAsync();
        }
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale"));
        Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM practice_search"));
        Assert.Equal([1], (await new ReviewQueries(db).ListAsync(new PracticeListQuery { Search = "plum3 plum29" })).Rows.Select(r => r.Number));
        Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale"));
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM practice_search"));
    }

    /// <summary>
    /// An update that leaves an answer's text as it was, or a practice's language, marks nothing (nothing the document is
    /// made of changed); a change of either marks the practice.
    /// </summary>
    [Fact]
    public async Task Writes_that_leave_the_words_as_they_were_mark_nothing()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        await using var db = database.NewContext();
        var id = Add(db, 1, ("title", "Orchard cooperative"), ("description", "Pears"));
        await db.SaveChangesAsync();
        await IndexAllAsync(db);
        await db.Database.ExecuteSqlAsync($"""UPDATE "answers" SET "Original" = "Original", "ValueJson" = '"x"' WHERE "PracticeId" = {id}""");
        await db.Database.ExecuteSqlAsync($"""UPDATE "practices" SET "Language" = 'en', "UpdatedAt" = now() WHERE "Id" = {id}""");
        Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale"));
        await db.Database.ExecuteSqlAsync($"""UPDATE "practices" SET "Language" = 'fr' WHERE "Id" = {id}""");
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale"));
        await IndexAllAsync(db);
        await db.Database.ExecuteSqlAsync($"""UPDATE "answers" SET "Original" = 'Apples' WHERE "PracticeId" = {id} AND "QuestionId" = 'description'""");
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale"));
        Assert.Equal([1], (await new ReviewQueries(db).ListAsync(new PracticeListQuery { Search = "apples orchard" })).Rows.Select(r => r.Number));
    }

    /// <summary>
    /// A round of the indexer that runs while a writer is still writing a practice (it marked it again, not committed
    /// yet) writes the document from what is committed and removes the committed mark it read; the writer's own mark
    /// arrives with its commit, and the next round indexes the writer's answer: no answer is left out of the index. A
    /// round that finds another one running skips (-1).
    /// </summary>
    [Fact]
    public async Task A_mark_a_writer_has_not_committed_during_a_round_stays_for_the_next_one()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        await using var db = database.NewContext();
        var id = Add(db, 1, ("title", "Orchard cooperative"));
        await db.SaveChangesAsync();
        var provider = (Regin.Core.Persistence.PostgreSql.PostgreSqlDatabaseProvider)db.Provider();
        await using var indexer = provider.NewSearchIndexerConnection();
        await indexer.OpenAsync();

        await using (var writer = database.NewContext())
        {
            await using var transaction = await writer.Database.BeginTransactionAsync();
            await writer.Database.ExecuteSqlAsync($"""UPDATE "answers" SET "Original" = 'Quince orchard' WHERE "PracticeId" = {id}""");
            // The round writes the document from what is committed and removes the committed mark (the insert's) it
            // read; the writer's mark is not committed yet.
            Assert.Equal(1, await Regin.Core.Persistence.PostgreSql.PostgreSqlDatabaseProvider.IndexMarkedPracticesAsync(indexer));
            Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale"));
            Assert.Equal(1L, await ScalarAsync(writer, "SELECT count(*) FROM practice_search_stale"));
            Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM practice_search WHERE document @@ to_tsquery('regin_en', 'cooperative')"));

            // Another indexer (a search catching up, inside this transaction) holds the lock: a round skips.
            await writer.Database.SqlQuery<int>($"SELECT regin_search_index(0, true) AS \"Value\"").SingleAsync();
            Assert.Equal(-1, await Regin.Core.Persistence.PostgreSql.PostgreSqlDatabaseProvider.IndexMarkedPracticesAsync(indexer));
            await transaction.CommitAsync();
        }
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale"));
        Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM practice_search WHERE document @@ to_tsquery('regin_en', 'quince')"));
        Assert.Equal(1, await Regin.Core.Persistence.PostgreSql.PostgreSqlDatabaseProvider.IndexMarkedPracticesAsync(indexer));
        Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale"));
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM practice_search WHERE document @@ to_tsquery('regin_en', 'quince')"));
        Assert.Equal(0, await Regin.Core.Persistence.PostgreSql.PostgreSqlDatabaseProvider.IndexMarkedPracticesAsync(indexer));
    }

    /// <summary>
    /// A mark committed after the round read the marks, and before it removes them, is a row the round did not read: the
    /// round leaves it (the document it wrote may lack that writer's answer) and the next round indexes it.
    /// </summary>
    [Fact]
    public async Task A_mark_renewed_and_committed_during_a_round_stays_for_the_next_one()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        await using var db = database.NewContext();
        var id = Add(db, 1, ("title", "Orchard cooperative"));
        await db.SaveChangesAsync();
        // A round whose documents take long (a trigger on practice_search sleeps while a writer marks again and commits).
        await db.Database.ExecuteSqlRawAsync("""
            CREATE FUNCTION test_slow_document() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(1); RETURN NEW; END $$;
            CREATE TRIGGER test_slow_document BEFORE INSERT OR UPDATE ON practice_search FOR EACH ROW EXECUTE FUNCTION test_slow_document();
            """);
        var provider = (Regin.Core.Persistence.PostgreSql.PostgreSqlDatabaseProvider)db.Provider();
        await using var indexer = provider.NewSearchIndexerConnection();
        await indexer.OpenAsync();
        var round = Regin.Core.Persistence.PostgreSql.PostgreSqlDatabaseProvider.IndexMarkedPracticesAsync(indexer);
        // Until the round is inside the document's trigger (pg_stat_activity shows its sleep), then a write committed.
        var deadline = DateTime.UtcNow + Eventually.Deadline;
        while (await ScalarAsync(db, $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{Regin.Core.Persistence.PostgreSql.PostgreSqlDatabaseProvider.SearchIndexerApplicationName}' AND wait_event = 'PgSleep'") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The round never reached the document's trigger.");
            Assert.False(round.IsCompleted, "The round ended before the write.");
            await Task.Delay(10);
        }
        await db.Database.ExecuteSqlAsync($"""UPDATE "answers" SET "Original" = 'Quince orchard' WHERE "PracticeId" = {id}""");
        Assert.Equal(1, await round);
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale"));
        await db.Database.ExecuteSqlRawAsync("DROP TRIGGER test_slow_document ON practice_search");
        Assert.Equal(1, await Regin.Core.Persistence.PostgreSql.PostgreSqlDatabaseProvider.IndexMarkedPracticesAsync(indexer));
        Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale"));
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM practice_search WHERE document @@ to_tsquery('regin_en', 'quince')"));
    }

    /// <summary>The background indexer writes the documents of what a commit marked, soon after, with no search asking.</summary>
    [Fact]
    public async Task The_background_indexer_writes_what_a_commit_marked_soon_after()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        await using var db = database.NewContext();
        using var service = new Regin.Core.Persistence.PostgreSql.PostgreSqlSearchIndexer(db.Provider(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Regin.Core.Persistence.PostgreSql.PostgreSqlSearchIndexer>.Instance);
        await service.StartAsync(CancellationToken.None);
        try
        {
            Assert.True(service.IsRunning);
            Add(db, 1, ("title", "Walnut grove"));
            await db.SaveChangesAsync();
            service.Committed();
            var deadline = DateTime.UtcNow + Eventually.Deadline;
            // The document is visible at the indexer's commit, its count a moment later: both are waited for (the count
            // was read between the two once, on a busy machine).
            while (await ScalarAsync(db, "SELECT count(*) FROM practice_search WHERE document @@ to_tsquery('regin_en', 'walnut')") == 0
                || service.Indexed < 1)
            {
                Assert.True(DateTime.UtcNow < deadline, $"The indexer did not write the document (indexed: {service.Indexed}).");
                await Task.Delay(20);
            }
            Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale"));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private static async Task IndexAllAsync(ReginDbContext db) => await db.Provider().CatchUpSearchIndexAsync(db);

    // The tests' own fixed statements.
#pragma warning disable EF1003
    private static Task<long> ScalarAsync(ReginDbContext db, string sql) =>
        db.Database.SqlQueryRaw<long>("SELECT (" + sql + ") AS \"Value\"").SingleAsync();
#pragma warning restore EF1003
}
