using Microsoft.EntityFrameworkCore;
using Regin.Core.Intake;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// What PostgreSQL itself does for a chat turn's writes (session 25, migrations PracticeUpdatesHot and
/// SearchMarksAppended): the practice's stamped UPDATE is heap-only (no index holds a column it changes), and the
/// answers' search mark is one row per practice and transaction, appended without taking the practice's row.
/// </summary>
public sealed class TurnServerWritesTests
{
    /// <summary>The columns a turn's UPDATE of its practice changes (the concurrency stamp and the time of the change).</summary>
    private static readonly string[] StampColumns = ["ConcurrencyStamp", "UpdatedAt"];

    [Fact]
    public async Task No_index_of_the_practices_holds_a_column_a_turns_stamp_changes()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        await using var db = database.NewContext();
        var indexed = await db.Database.SqlQueryRaw<string>("""
            SELECT DISTINCT a.attname AS "Value"
            FROM pg_index AS i JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
            WHERE i.indrelid = 'practices'::regclass
            """).ToListAsync();
        Assert.Contains("Number", indexed);
        Assert.Empty(indexed.Intersect(StampColumns));
        // Expression and partial indexes name their columns elsewhere: none holds them either.
        Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM pg_index WHERE indrelid = 'practices'::regclass AND (indexprs IS NOT NULL OR indpred IS NOT NULL)"));
    }

    /// <summary>
    /// Answers recorded as chat turns record them (a held draft, <see cref="PracticeRowWriter"/>, one transaction each):
    /// each turn's UPDATE of the practice is heap-only (PostgreSQL's own count for the transaction), and the review's
    /// sort by update still finds the practice changed last first.
    /// </summary>
    [Fact]
    public async Task A_turns_update_of_its_practice_is_heap_only()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        var drafts = new OpenDraftCache();
        var anna = new ContributorKey("webchat", "anna");
        var bert = new ContributorKey("webchat", "bert");
        Guid annas, berts;
        await using (var db = database.NewContext())
        {
            annas = (await database.Intake(db).StartDraftAsync(anna, "en", Channels.Chat)).Id;
            berts = (await database.Intake(db).StartDraftAsync(bert, "en", Channels.Chat)).Id;
        }
        (string Question, string Text)[] turns = [("budget_eur", "$10,000"), ("objectives", "Peer mentoring"), ("activities", "Weekly meetings"), ("results", "Forty mentors")];
        foreach (var (question, text) in turns)
        {
            foreach (var (who, id) in new[] { (bert, berts), (anna, annas) })
            {
                await using var db = database.NewContext();
                var intake = database.UntrackedIntake(db, drafts, out var rows);
                await using (rows)
                {
                    await using var transaction = await db.Database.BeginTransactionAsync();
                    Assert.Equal(id, (await intake.FindOpenDraftAsync(who))!.Id);
                    var before = await UpdatesAsync(db);
                    Assert.True((await intake.UpdateAsync(id, p => intake.RecordAnswer(p, question, text, "en", "webchat:" + who.ExternalId))).Stored);
                    // This transaction's own counts (pg_stat_xact_user_tables): one update of the practice, heap-only.
                    // This backend's own counts (pg_stat_xact_user_tables: this transaction's, with any not yet flushed):
                    // one more update of the practice, and one more heap-only update.
                    var (updated, hot) = await UpdatesAsync(db);
                    Assert.Equal((before.Updated + 1, before.Hot + 1), (updated, hot));
                    await transaction.CommitAsync();
                }
            }
        }
        await using (var db = database.NewContext())
        {
            var queries = new Regin.Core.Review.ReviewQueries(db);
            var sorted = await queries.ListAsync(new Regin.Core.Review.PracticeListQuery { Sort = "updated", Descending = true });
            Assert.Equal([annas, berts], sorted.Rows.Select(r => r.Id));
            Assert.Equal(4, (await db.Answers.CountAsync(a => a.PracticeId == annas)));
        }
    }

    /// <summary>
    /// Each transaction that writes a practice's answers appends one mark for it, whatever the number of rows and
    /// whether the practice is marked already (no upsert of a keyed mark); a savepoint rolled back takes its mark
    /// back with it, and the transaction's next answer marks again; a round of the indexer removes every mark it
    /// indexed, and the search finds the words.
    /// </summary>
    [Fact]
    public async Task A_transaction_appends_one_mark_per_practice_and_a_round_removes_the_marks_it_indexed()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        Guid id;
        await using (var db = database.NewContext())
        {
            id = (await database.Intake(db).StartDraftAsync(new ContributorKey("webchat", "anna"), "en", Channels.Chat)).Id;
            await db.Provider().CatchUpSearchIndexAsync(db);
            Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale"));
        }
        string[] questions = ["objectives", "activities", "results"];
        for (var turn = 1; turn <= 2; turn++)
        {
            await using var db = database.NewContext();
            await using var transaction = await db.Database.BeginTransactionAsync();
            // A mark written behind a savepoint that is rolled back goes with it, and so does the transaction's memory of it.
            await transaction.CreateSavepointAsync("undone");
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "answers" ("PracticeId", "QuestionId", "Original", "UpdatedAt", "UpdatedBy")
                VALUES ({id}, 'undone', 'Plum', now(), 'test')
                """);
            Assert.Equal((long)turn, await ScalarAsync(db, $"SELECT count(*) FROM practice_search_stale WHERE practice_id = '{id}'"));
            await transaction.RollbackToSavepointAsync("undone");
            Assert.Equal(turn - 1L, await ScalarAsync(db, $"SELECT count(*) FROM practice_search_stale WHERE practice_id = '{id}'"));
            foreach (var question in questions)
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "answers" ("PracticeId", "QuestionId", "Original", "UpdatedAt", "UpdatedBy")
                    VALUES ({id}, {question + turn}, {"Quince orchard " + question + turn}, now(), 'test')
                    """);
            }
            // One mark of this transaction, appended after the committed one of the turn before.
            Assert.Equal((long)turn, await ScalarAsync(db, $"SELECT count(*) FROM practice_search_stale WHERE practice_id = '{id}'"));
            await transaction.CommitAsync();
        }
        await using (var db = database.NewContext())
        {
            Assert.Equal(2L, await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale"));
            var provider = (Regin.Core.Persistence.PostgreSql.PostgreSqlDatabaseProvider)db.Provider();
            await using var indexer = provider.NewSearchIndexerConnection();
            await indexer.OpenAsync();
            Assert.Equal(1, await Regin.Core.Persistence.PostgreSql.PostgreSqlDatabaseProvider.IndexMarkedPracticesAsync(indexer));
            Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale"));
            Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM practice_search WHERE document @@ to_tsquery('regin_en', 'results2')"));

            // A search catching up inside a writing transaction removes that transaction's marks too: its next answer
            // marks the practice again.
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlAsync($"""UPDATE "answers" SET "Original" = 'Walnut' WHERE "PracticeId" = {id} AND "QuestionId" = 'results2'""");
            await db.Provider().CatchUpSearchIndexAsync(db);
            Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale"));
            await db.Database.ExecuteSqlAsync($"""UPDATE "answers" SET "Original" = 'Chestnut' WHERE "PracticeId" = {id} AND "QuestionId" = 'results1'""");
            Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale"));
            await transaction.CommitAsync();
            Assert.Equal([id], (await new Regin.Core.Review.ReviewQueries(db).ListAsync(new Regin.Core.Review.PracticeListQuery { Search = "chestnut walnut" })).Rows.Select(r => r.Id));
        }
    }

    /// <summary>
    /// An answer added fires one trigger, with no WHEN: PostgreSQL prepares a trigger's WHEN from its stored text in every
    /// statement that may fire it, and a chat turn's answer is one row in its own statement (migration
    /// AnswerAddedTriggerWithoutWhen: three triggers with a WHEN each before).
    /// </summary>
    [Fact]
    public async Task An_answer_added_fires_one_trigger_that_has_no_WHEN_to_prepare()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        await using var db = database.NewContext();
        // tgtype bit 2: INSERT.
        const string added = "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'answers'::regclass AND NOT tgisinternal AND tgtype & 4 <> 0";
        Assert.Equal(1L, await ScalarAsync(db, added));
        Assert.Equal(0L, await ScalarAsync(db, added + " AND tgqual IS NOT NULL"));
    }

    /// <summary>
    /// What the three triggers did, the one does, for a statement that adds many answers as a mail does: the codes of the
    /// two multiple-choice questions, the list's keys (title, country, region), one search mark per practice and
    /// transaction, and the search finds the words once indexed.
    /// </summary>
    [Fact]
    public async Task A_statement_adding_many_answers_keeps_the_codes_the_list_keys_and_one_search_mark_per_practice()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        Guid mail, chat;
        await using (var db = database.NewContext())
        {
            mail = (await database.Intake(db).StartDraftAsync(new ContributorKey("email", "ines.moreau@prefecture-nord.example"), "fr", Channels.Email)).Id;
            chat = (await database.Intake(db).StartDraftAsync(new ContributorKey("webchat", "lars"), "sv", Channels.Chat)).Id;
            await db.Provider().CatchUpSearchIndexAsync(db);
        }
        await using (var db = database.NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "answers" ("PracticeId", "QuestionId", "Original", "ValueJson", "UpdatedAt", "UpdatedBy") VALUES
                    ({mail}, 'title', 'Café des langues à Lille', '"Café des langues à Lille"', now(), 'email'),
                    ({mail}, 'country', 'France', '"FR"', now(), 'email'),
                    ({mail}, 'region', 'Hauts-de-France', '"FR-HDF"', now(), 'email'),
                    ({mail}, 'integration_areas', 'langue, éducation', '["language","education"]', now(), 'email'),
                    ({mail}, 'target_groups', 'femmes', '["women"]', now(), 'email'),
                    ({mail}, 'objectives', 'Des conversations hebdomadaires entre bénévoles et nouveaux arrivants', NULL, now(), 'email'),
                    ({chat}, 'objectives', 'Språkcafé varje torsdag på biblioteket', NULL, now(), 'webchat')
                """);
            Assert.Equal(1L, await ScalarAsync(db, $"SELECT count(*) FROM practice_search_stale WHERE practice_id = '{mail}'"));
            Assert.Equal(1L, await ScalarAsync(db, $"SELECT count(*) FROM practice_search_stale WHERE practice_id = '{chat}'"));
            await transaction.CommitAsync();
        }
        await using (var db = database.NewContext())
        {
            var codes = await db.Database.SqlQuery<string>($"""SELECT "Kind" || ':' || "Code" AS "Value" FROM practice_codes WHERE "PracticeId" = {mail} ORDER BY 1""").ToListAsync();
            Assert.Equal(["area:education", "area:language", "group:women"], codes);
            Assert.Equal(0L, await ScalarAsync(db, $"""SELECT count(*) FROM practice_codes WHERE "PracticeId" = '{chat}'"""));
            var keys = await db.Database.SqlQuery<string>($"""SELECT "CountryCode" || '|' || "RegionCode" || '|' || ("TitleKey" <> '')::text AS "Value" FROM practices WHERE "Id" = {mail}""").SingleAsync();
            Assert.Equal("FR|FR-HDF|true", keys);
            await db.Provider().CatchUpSearchIndexAsync(db);
            Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale"));
            Assert.Equal([mail], (await new Regin.Core.Review.ReviewQueries(db).ListAsync(new Regin.Core.Review.PracticeListQuery { Search = "bénévoles" })).Rows.Select(r => r.Id));
            Assert.Equal([chat], (await new Regin.Core.Review.ReviewQueries(db).ListAsync(new Regin.Core.Review.PracticeListQuery { Search = "biblioteket" })).Rows.Select(r => r.Id));
        }
    }

    private static async Task<(long Updated, long Hot)> UpdatesAsync(ReginDbContext db) =>
        (await ScalarAsync(db, "SELECT coalesce(sum(n_tup_upd), 0) FROM pg_stat_xact_user_tables WHERE relname = 'practices'"),
         await ScalarAsync(db, "SELECT coalesce(sum(n_tup_hot_upd), 0) FROM pg_stat_xact_user_tables WHERE relname = 'practices'"));

    // The tests' own fixed statements.
#pragma warning disable EF1003
    private static Task<long> ScalarAsync(ReginDbContext db, string sql) =>
        db.Database.SqlQueryRaw<long>("SELECT (" + sql + ") AS \"Value\"").SingleAsync();
#pragma warning restore EF1003
}
