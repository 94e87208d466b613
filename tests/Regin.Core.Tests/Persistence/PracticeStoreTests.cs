using Microsoft.EntityFrameworkCore;
using Regin.Core.Intake;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Tests.Persistence;

/// <summary>Run on both providers: <see cref="PracticeStoreTestsOnSqlite"/>, <see cref="PracticeStoreTestsOnPostgreSql"/>.</summary>
public abstract class PracticeStoreTests(string provider)
{
    [Fact]
    public async Task Migrations_create_every_table_on_an_empty_database()
    {
        await using var database = await StoreDatabase.CreateAsync(provider, migrated: false);
        await using var db = database.NewContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Practices.CountAsync());
        Assert.True(database.Database.FilePath is null || File.Exists(database.Database.FilePath));
    }

    [Fact]
    public async Task A_practice_round_trips_with_answers_flags_identities_events_and_raw_inputs()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        Guid id;
        await using (var db = database.NewContext())
        {
            var intake = database.Intake(db);
            var practice = await intake.FindOrStartDraftAsync(new ContributorKey("msteams", "29:abc"), "it", Channels.Chat);
            id = practice.Id;
            await intake.UpdateAsync(id, p => intake.RecordAnswer(p, "country", "Italia", "it", "msteams:29:abc"));
            await intake.UpdateAsync(id, p => intake.RecordAnswer(p, "region", "Puglia", "it", "msteams:29:abc"));
            await intake.UpdateAsync(id, p => intake.RecordAnswer(p, "budget_eur", "$10,000", "it", "msteams:29:abc"));
            await new RawInputStore(db, TimeProvider.System).StoreAsync(new RawInput { Channel = "msteams", DedupKey = "activity-1", ContentType = "application/json", Content = "{\"text\":\"Italia\"}"u8.ToArray(), PracticeId = id });
        }
        await using (var db = database.NewContext())
        {
            var practice = await database.Intake(db).LoadAsync(id);
            Assert.Equal("REGIN-0001", practice.Reference);
            Assert.Equal("it", practice.Language);
            Assert.Equal(["chat"], practice.ChannelList);
            Assert.Equal("\"IT\"", practice.Answers.Single(a => a.QuestionId == "country").ValueJson);
            Assert.Equal("Italia", practice.Answers.Single(a => a.QuestionId == "country").Original);
            Assert.Equal("\"ITF4\"", practice.Answers.Single(a => a.QuestionId == "region").ValueJson);
            Assert.Null(practice.Answers.Single(a => a.QuestionId == "budget_eur").ValueJson);
            Assert.Equal("currency_not_euro", Assert.Single(practice.Flags).Reason);
            Assert.Equal("29:abc", Assert.Single(practice.Identities).ExternalId);
            var events = await db.PracticeEvents.Where(e => e.PracticeId == id).OrderBy(e => e.Id).ToListAsync();
            Assert.Equal(["created", "answer_set", "answer_set", "answer_set"], events.Select(e => e.Kind));
            var raw = await db.RawInputs.SingleAsync();
            Assert.Equal("{\"text\":\"Italia\"}", System.Text.Encoding.UTF8.GetString(raw.Content));
        }
    }

    [Fact]
    public async Task Two_writers_of_one_practice_never_silently_overwrite_each_other()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        Guid id;
        await using (var db = database.NewContext())
        {
            id = (await database.Intake(db).StartDraftAsync(new ContributorKey("webchat", "u1"), "en", Channels.Chat)).Id;
        }
        await using var first = database.NewContext();
        await using var second = database.NewContext();
        var a = await first.Practices.SingleAsync(p => p.Id == id);
        var b = await second.Practices.SingleAsync(p => p.Id == id);
        a.Status = PracticeStatus.Approved;
        a.ConcurrencyStamp = Guid.NewGuid();
        await first.SaveChangesAsync();
        b.Status = PracticeStatus.Rejected;
        b.ConcurrencyStamp = Guid.NewGuid();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = database.NewContext();
        Assert.Equal(PracticeStatus.Approved, (await check.Practices.SingleAsync()).Status);
    }

    /// <summary>
    /// Answers to one draft at once (a chat and a mail, two tabs) are all kept, each retried after the other's change.
    /// The title, country and area answers fire the triggers that keep the list's keys and codes; on PostgreSQL two of
    /// them at once once deadlocked (40P01) against the search document's mark. Several drafts in turn, so a race that
    /// loses one run in ten shows here.
    /// </summary>
    [Fact]
    public async Task Concurrent_answers_to_one_draft_are_all_kept()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var questions = new[]
        {
            ("contact_name", "Maria Rossi"), ("contact_organisation", "Regione Puglia"), ("title", "Scuola e famiglie"),
            ("lead_organisation", "Regione Puglia"), ("country", "Italia"), ("integration_areas", "istruzione, lavoro"),
        };
        for (var draft = 1; draft <= 8; draft++)
        {
            Guid id;
            await using (var db = database.NewContext())
            {
                id = (await database.Intake(db).StartDraftAsync(new ContributorKey("webchat", $"u{draft}"), "it", Channels.Chat)).Id;
            }
            await Task.WhenAll(questions.Select(async q =>
            {
                await using var db = database.NewContext();
                var intake = database.Intake(db);
                await intake.UpdateAsync(id, p => intake.RecordAnswer(p, q.Item1, q.Item2, "it", "test"));
            }));
            await using var check = database.NewContext();
            Assert.Equal(questions.Select(q => q.Item1).Order(), (await check.Answers.Where(a => a.PracticeId == id).Select(a => a.QuestionId).ToListAsync()).Order());
        }
    }

    /// <summary>
    /// Two first answers to the same question at once (two tabs, a chat and a mail): the later is made again over the
    /// earlier, never refused. On PostgreSQL the loser used to meet the winner's answer row (23505) before the stamp.
    /// </summary>
    [Fact]
    public async Task Concurrent_first_answers_to_one_question_keep_one_of_them()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var titles = new[] { "Scuola e famiglie", "Lavoro per tutti", "Casa comune", "Lingua prima" };
        for (var draft = 1; draft <= 4; draft++)
        {
            Guid id;
            await using (var db = database.NewContext())
            {
                id = (await database.Intake(db).StartDraftAsync(new ContributorKey("webchat", $"u{draft}"), "it", Channels.Chat)).Id;
            }
            await Task.WhenAll(titles.Select(async title =>
            {
                await using var db = database.NewContext();
                var intake = database.Intake(db);
                Assert.True((await intake.UpdateAsync(id, p => intake.RecordAnswer(p, "title", title, "it", "test"))).Stored);
            }));
            await using var check = database.NewContext();
            var stored = await check.Answers.SingleAsync(a => a.PracticeId == id && a.QuestionId == "title");
            Assert.Contains(stored.Original, titles);
        }
    }

    [Fact]
    public async Task The_event_log_is_append_only()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        await database.Intake(db).StartDraftAsync(new ContributorKey("webchat", "u1"), "en", Channels.Chat);
        var created = await db.PracticeEvents.SingleAsync();
        created.NewValue = "rewritten";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task The_same_raw_input_is_stored_once()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var intake = database.Intake(db);
        var (_, firstIsNew) = await new RawInputStore(db, TimeProvider.System).StoreAsync(new RawInput { Channel = "email", DedupKey = "<a@b>", ContentType = "message/rfc822", Content = [1, 2, 3] });
        var (again, secondIsNew) = await new RawInputStore(db, TimeProvider.System).StoreAsync(new RawInput { Channel = "email", DedupKey = "<a@b>", ContentType = "message/rfc822", Content = [1, 2, 3] });
        Assert.True(firstIsNew);
        Assert.False(secondIsNew);
        Assert.Equal(1, await db.RawInputs.CountAsync());
        Assert.Equal([1, 2, 3], again.Content);
    }
}

public sealed class PracticeStoreTestsOnSqlite() : PracticeStoreTests(Regin.Testing.TestProviders.Sqlite);

public sealed class PracticeStoreTestsOnPostgreSql() : PracticeStoreTests(Regin.Testing.TestProviders.PostgreSql);
