using Microsoft.EntityFrameworkCore;
using Regin.Core.Intake;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Tests.Persistence;

namespace Regin.Core.Tests.Intake;

/// <summary>
/// A chat turn's draft held untracked and written by <see cref="PracticeRowWriter"/> (statements prepared from the
/// model, only what differs) leaves the same rows as EF Core's SaveChanges, and keeps the practice's optimistic
/// concurrency. Both providers: <see cref="PracticeRowWriterTestsOnSqlite"/>, <see cref="PracticeRowWriterTestsOnPostgreSql"/>.
/// </summary>
public abstract class PracticeRowWriterTests(string provider)
{
    /// <summary>Answers, a flag kept then removed by a new answer, an answer cleared, the contact e-mail, a language, a submission.</summary>
    private static readonly Func<IntakeService, Practice, object>[] Changes =
    [
        (intake, p) => intake.RecordAnswer(p, "country", "España", "es", "webchat:u"),
        (intake, p) => intake.RecordAnswer(p, "region", "Comarca del Bierzo Alto", "es", "webchat:u"),
        (intake, p) => intake.RecordAnswer(p, "budget_eur", "$10,000", "es", "webchat:u"),
        (intake, p) => intake.RecordAnswer(p, "region", "Galicia", "es", "webchat:u"),
        (intake, p) => intake.RecordAnswer(p, "contact_phone", "+34 981 123 456", "es", "webchat:u"),
        (intake, p) => intake.ClearAnswer(p, "contact_phone", "webchat:u"),
        (intake, p) => intake.SetLanguage(p, "en"),
        (intake, p) => intake.LinkIdentity(p, new ContributorKey("msteams", "29:u"), Channels.Chat),
    ];

    [Fact]
    public async Task Changes_written_untracked_leave_the_same_rows_as_SaveChanges()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var drafts = new OpenDraftCache();
        var tracked = new ContributorKey("webchat", "tracked");
        var untracked = new ContributorKey("webchat", "untracked");
        Guid trackedId, untrackedId;
        await using (var db = database.NewContext())
        {
            trackedId = (await database.Intake(db).StartDraftAsync(tracked, "es", Channels.Chat)).Id;
            untrackedId = (await database.Intake(db).StartDraftAsync(untracked, "es", Channels.Chat)).Id;
        }
        var answers = IntakeServiceTests.CompleteAnswers;
        var changes = Changes.Concat(answers.Select(a => (Func<IntakeService, Practice, object>)((intake, p) => intake.RecordAnswer(p, a.Item1, a.Item2, "en", "webchat:u"))))
            .Append((intake, p) => intake.Submit(p, "webchat:u"));
        foreach (var change in changes)
        {
            // One unit of work per change, as one chat turn per answer.
            await using (var db = database.NewContext())
            {
                var intake = database.Intake(db);
                await intake.UpdateAsync(trackedId, p => change(intake, p));
            }
            await using (var db = database.NewContext())
            {
                var intake = database.UntrackedIntake(db, drafts, out var rows);
                await using (rows)
                {
                    var draft = await intake.FindOpenDraftAsync(untracked);
                    Assert.Equal(untrackedId, draft!.Id);
                    await intake.UpdateAsync(untrackedId, p => change(intake, p));
                    Assert.Empty(db.ChangeTracker.Entries());
                }
            }
        }

        await using (var db = database.NewContext())
        {
            var expected = await Rows(db, trackedId);
            var actual = await Rows(db, untrackedId);
            Assert.Equal(expected.Practice, actual.Practice);
            Assert.Equal(expected.Answers, actual.Answers);
            Assert.Equal(expected.Flags, actual.Flags);
            Assert.Equal(expected.Identities, actual.Identities);
            Assert.Equal(expected.Events, actual.Events);
            Assert.Equal(expected.Codes, actual.Codes);
            // What the sequence was meant to cover did happen: a flag kept, an answer cleared, a second identity, a submission.
            Assert.Contains(expected.Flags, f => f.Contains("currency_not_euro", StringComparison.Ordinal));
            Assert.Contains(expected.Events, e => e.StartsWith("answer_cleared", StringComparison.Ordinal));
            Assert.Equal(2, expected.Identities.Count);
            Assert.StartsWith("submitted|en|", expected.Practice, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_draft_started_with_its_first_answer_leaves_the_same_rows_as_one_started_then_answered()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var drafts = new OpenDraftCache();
        var tracked = new ContributorKey("webchat", "tracked");
        var untracked = new ContributorKey("webchat", "untracked");
        // A first answer with a flag (a currency that is not the euro), another answer in the same unit of work, and one in
        // the next that removes the flag: the draft made in one go is held and written on like any other.
        Func<IntakeService, Practice, object>[] later =
        [
            (intake, p) => intake.RecordAnswer(p, "country", "España", "es", "webchat:u"),
            (intake, p) => intake.RecordAnswer(p, "budget_eur", "10000", "es", "webchat:u"),
        ];
        Guid trackedId, untrackedId;
        await using (var db = database.NewContext())
        {
            var intake = database.Intake(db);
            trackedId = (await intake.StartDraftAsync(tracked, "es", Channels.Chat)).Id;
            await intake.UpdateAsync(trackedId, p => intake.RecordAnswer(p, "budget_eur", "$10,000", "es", "webchat:u"));
            await intake.UpdateAsync(trackedId, p => later[0](intake, p));
        }
        await using (var db = database.NewContext())
        {
            var intake = database.UntrackedIntake(db, drafts, out var rows);
            await using (rows)
            {
                var (draft, outcome) = await intake.StartDraftWithAnswerAsync(untracked, "es", Channels.Chat, "budget_eur", "$10,000", "webchat:u");
                untrackedId = draft.Id;
                Assert.True(outcome.Stored);
                Assert.Equal(2, draft.Number);
                Assert.Empty(db.ChangeTracker.Entries());
                Assert.Same(draft, await intake.FindOpenDraftAsync(untracked));
                Assert.Same(draft, await intake.LoadAsync(untrackedId));
                await intake.UpdateAsync(untrackedId, p => later[0](intake, p));
                Assert.Empty(db.ChangeTracker.Entries());
            }
        }
        await using (var db = database.NewContext())
        {
            // The first answer's flag was stored with the draft (the next answer removes it).
            Assert.Equal(1, await db.Flags.CountAsync(f => f.PracticeId == untrackedId && f.Reason == "currency_not_euro"));
            var intake = database.Intake(db);
            await intake.UpdateAsync(trackedId, p => later[1](intake, p));
        }
        await using (var db = database.NewContext())
        {
            var intake = database.UntrackedIntake(db, drafts, out var rows);
            await using (rows)
            {
                Assert.Equal(untrackedId, (await intake.FindOpenDraftAsync(untracked))!.Id);
                await intake.UpdateAsync(untrackedId, p => later[1](intake, p));
            }
        }

        await using (var db = database.NewContext())
        {
            var expected = await Rows(db, trackedId);
            var actual = await Rows(db, untrackedId);
            Assert.Equal(expected.Practice, actual.Practice);
            Assert.Equal(expected.Answers, actual.Answers);
            Assert.Equal(expected.Flags, actual.Flags);
            Assert.Equal(expected.Identities, actual.Identities);
            Assert.Equal(expected.Events, actual.Events);
            Assert.Equal(expected.Codes, actual.Codes);
            Assert.Equal(["created", "answer_set", "answer_set", "answer_set"], expected.Events.Select(e => e.Split('|')[0]));
            // The "created" line names the number the draft took.
            Assert.Equal("REGIN-0002", await db.PracticeEvents.Where(e => e.PracticeId == untrackedId && e.Kind == "created").Select(e => e.NewValue).SingleAsync());
        }
    }

    [Fact]
    public async Task Drafts_started_with_their_first_answers_at_the_same_instant_take_distinct_numbers()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var drafts = new OpenDraftCache();
        var numbers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            await using var db = database.NewContext();
            var intake = database.UntrackedIntake(db, drafts, out var rows);
            await using (rows)
            {
                var (draft, _) = await intake.StartDraftWithAnswerAsync(new ContributorKey("webchat", $"u{i}"), "en", Channels.Chat, "contact_name", $"Person {i}", $"webchat:u{i}");
                return draft.Number;
            }
        }));

        Assert.Equal(Enumerable.Range(1, 6), numbers.Order());
        await using var check = database.NewContext();
        Assert.Equal(Enumerable.Range(1, 6), (await check.Practices.Select(p => p.Number).ToListAsync()).Order());
        Assert.Equal(6, await check.Answers.CountAsync(a => a.QuestionId == "contact_name"));
    }

    private protected static async Task<Guid> AnnasDraftWithACountryAsync(StoreDatabase database, OpenDraftCache drafts, ContributorKey anna)
    {
        await using var db = database.NewContext();
        var intake = database.UntrackedIntake(db, drafts, out var rows);
        await using (rows)
        {
            var id = (await intake.FindOrStartDraftAsync(anna, "en", Channels.Chat)).Id;
            await intake.UpdateAsync(id, p => intake.RecordAnswer(p, "country", "Sweden", "en", "anna"));
            return id;
        }
    }

    /// <summary>A researcher changes the practice in a unit of work of their own.</summary>
    private protected static async Task AResearcherAnswersTheTitleAsync(StoreDatabase database, Guid id)
    {
        await using var other = database.NewContext();
        var researcher = database.Intake(other);
        await researcher.UpdateAsync(id, p => researcher.RecordAnswer(p, "title", "Health communicators", "en", "reviewer"));
    }

    [Fact]
    public async Task A_held_draft_changed_by_someone_else_meanwhile_is_read_again_and_both_changes_kept()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var drafts = new OpenDraftCache();
        var anna = new ContributorKey("webchat", "anna");
        var id = await AnnasDraftWithACountryAsync(database, drafts, anna);
        await using (var db = database.NewContext())
        {
            var intake = database.UntrackedIntake(db, drafts, out var rows);
            await using (rows)
            {
                // Held (from the kept copy) before a researcher changes the practice in a unit of work of their own.
                var held = await intake.FindOpenDraftAsync(anna);
                await AResearcherAnswersTheTitleAsync(database, id);
                var outcome = await intake.UpdateAsync(id, p => intake.RecordAnswer(p, "region", "Skåne", "en", "anna"));
                Assert.True(outcome.Stored);
                var after = await intake.LoadAsync(id);
                Assert.Equal(["country", "region", "title"], after.Answers.Select(a => a.QuestionId).Order());
                Assert.NotSame(held, after);
            }
        }
        await using (var db = database.NewContext())
        {
            var practice = await database.Intake(db).LoadAsync(id);
            Assert.Equal(["country", "region", "title"], practice.Answers.Select(a => a.QuestionId).Order());
            Assert.Equal(4, await db.PracticeEvents.CountAsync(e => e.PracticeId == id));
        }
    }

    [Fact]
    public async Task A_held_draft_whose_question_someone_else_answered_meanwhile_is_read_again_and_the_later_answer_kept()
    {
        // On PostgreSQL the stamp's check goes in one batch with the answer's INSERT (WriteBatch), which then meets the
        // other writer's row: a stale stamp all the same, undone to the savepoint and written again, not a failure.
        await using var database = await StoreDatabase.CreateAsync(provider);
        var drafts = new OpenDraftCache();
        var anna = new ContributorKey("webchat", "anna");
        var id = await AnnasDraftWithACountryAsync(database, drafts, anna);
        await using (var db = database.NewContext())
        {
            var intake = database.UntrackedIntake(db, drafts, out var rows);
            await using (rows)
            {
                var held = await intake.FindOpenDraftAsync(anna);
                await AResearcherAnswersTheTitleAsync(database, id);
                var outcome = await intake.UpdateAsync(id, p => intake.RecordAnswer(p, "title", "Health communication in rural areas", "en", "anna"));
                Assert.True(outcome.Stored);
                Assert.NotSame(held, await intake.LoadAsync(id));
            }
        }
        await using (var db = database.NewContext())
        {
            var practice = await database.Intake(db).LoadAsync(id);
            Assert.Equal(["country", "title"], practice.Answers.Select(a => a.QuestionId).Order());
            Assert.Equal("Health communication in rural areas", practice.Answers.Single(a => a.QuestionId == "title").Original);
            // Each change logged once: the first try's line was undone with it.
            Assert.Equal(4, await db.PracticeEvents.CountAsync(e => e.PracticeId == id));
        }
    }

    [Fact]
    public async Task A_change_written_in_a_transaction_that_rolls_back_leaves_nothing_and_is_not_used_again()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var drafts = new OpenDraftCache();
        var anna = new ContributorKey("webchat", "anna");
        var id = await AnnasDraftWithACountryAsync(database, drafts, anna);
        await using (var db = database.NewContext())
        {
            var intake = database.UntrackedIntake(db, drafts, out var rows);
            await using (rows)
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                await intake.FindOpenDraftAsync(anna);
                await intake.UpdateAsync(id, p => intake.RecordAnswer(p, "region", "Skåne", "en", "anna"));
                await transaction.RollbackAsync();
            }
        }
        await using (var db = database.NewContext())
        {
            var intake = database.UntrackedIntake(db, drafts, out var rows);
            await using (rows)
            {
                var practice = await intake.FindOpenDraftAsync(anna);
                Assert.Equal(["country"], practice!.Answers.Select(a => a.QuestionId));
                Assert.Equal(2, await db.PracticeEvents.CountAsync(e => e.PracticeId == id));
            }
        }
    }

    private sealed record PracticeRows(string Practice, List<string> Answers, List<string> Flags, List<string> Identities, List<string> Events, List<string> Codes);

    /// <summary>Every row of the practice as text, without what differs by nature between two practices (ids, numbers, times).</summary>
    private static async Task<PracticeRows> Rows(ReginDbContext db, Guid id)
    {
        var p = await db.Practices.AsNoTracking().SingleAsync(x => x.Id == id);
        var practice = string.Join('|', p.Status, p.Language, p.Channels, p.ContributorEmail, p.SubmittedAt is null, p.TitleKey, p.CountryCode, p.RegionCode, p.UpdatedAt > p.CreatedAt);
        var answers = (await db.Answers.AsNoTracking().Where(a => a.PracticeId == id).ToListAsync())
            .Select(a => string.Join('|', a.QuestionId, a.ValueJson, a.Original, a.OtherText, a.UpdatedBy)).Order().ToList();
        var flags = (await db.Flags.AsNoTracking().Where(f => f.PracticeId == id).ToListAsync())
            .Select(f => string.Join('|', f.QuestionId, f.Reason, f.Detail, f.Resolved)).Order().ToList();
        var identities = (await db.ContributorIdentities.AsNoTracking().Where(i => i.PracticeId == id).ToListAsync())
            .Select(i => i.Channel + "|" + (i.ExternalId.StartsWith("29:", StringComparison.Ordinal) ? i.ExternalId : "contributor")).Order().ToList();
        var events = (await db.PracticeEvents.AsNoTracking().Where(e => e.PracticeId == id).OrderBy(e => e.Id).ToListAsync())
            .Select(e => string.Join('|', e.Kind, e.QuestionId, e.Actor == "webchat:u" || e.Kind == "created" ? "" : e.Actor, e.Kind == "created" ? "" : e.OldValue, e.Kind == "created" ? "" : e.NewValue, e.Reason)).ToList();
        var codes = (await db.Set<PracticeCode>().AsNoTracking().Where(c => c.PracticeId == id).ToListAsync()).Select(c => c.Kind + "|" + c.Code).Order().ToList();
        return new PracticeRows(practice, answers, flags, identities, events, codes);
    }

    [Fact]
    public async Task A_new_drafts_rows_are_inserted_together_with_the_keys_the_database_gave_its_identity_and_flags()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var drafts = new OpenDraftCache();
        await using var db = database.NewContext();
        var intake = database.UntrackedIntake(db, drafts, out var rows);
        await using (rows)
        {
            await db.Database.OpenConnectionAsync();
            try
            {
                // Two drafts in one unit: the second's keys are not the first's (read back from each INSERT, in order).
                var (first, _) = await intake.StartDraftWithAnswerAsync(new ContributorKey("webchat", "keys-1"), "es", Channels.Chat, "budget_eur", "$10,000", "webchat:k1");
                var (second, outcome) = await intake.StartDraftWithAnswerAsync(new ContributorKey("webchat", "keys-2"), "es", Channels.Chat, "budget_eur", "$20,000", "webchat:k2");
                Assert.True(outcome.Stored);
                Assert.Empty(second.Events);
                foreach (var draft in new[] { first, second })
                {
                    var identity = Assert.Single(draft.Identities);
                    var flag = Assert.Single(draft.Flags);
                    Assert.Equal(await db.ContributorIdentities.AsNoTracking().Where(i => i.PracticeId == draft.Id).Select(i => i.Id).SingleAsync(), identity.Id);
                    Assert.Equal(await db.Flags.AsNoTracking().Where(f => f.PracticeId == draft.Id).Select(f => f.Id).SingleAsync(), flag.Id);
                    Assert.Equal(["created", "answer_set"], await db.PracticeEvents.AsNoTracking().Where(e => e.PracticeId == draft.Id).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
                    Assert.Equal(1, await db.Answers.CountAsync(a => a.PracticeId == draft.Id));
                }
                Assert.NotEqual(first.Identities[0].Id, second.Identities[0].Id);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    [Fact]
    public async Task A_contributor_found_without_an_open_draft_is_not_looked_up_again_until_the_unit_writes()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var drafts = new OpenDraftCache();
        var contributor = new ContributorKey("webchat", "none-yet");
        async Task StartElsewhereAsync()
        {
            // Another unit starts the contributor's draft after this one looked (as another conversation of theirs could).
            await using var other = database.NewContext();
            await database.Intake(other).StartDraftAsync(contributor, "en", Channels.Chat);
        }
        await using var db = database.NewContext();
        var intake = database.UntrackedIntake(db, drafts, out var rows);
        await using (rows)
        {
            await db.Database.OpenConnectionAsync();
            try
            {
                Assert.Null(await intake.FindOpenDraftAsync(contributor));
                await StartElsewhereAsync();
                // The unit's answer stands until it writes: a chat's first answer looks at the turn's start and not again
                // when it stores the answer (the answer would have been as old a moment later).
                Assert.Null(await intake.FindOpenDraftAsync(contributor));
                // Someone else's look-up asks the database, and so does this one's after a write of the unit.
                Assert.Null(await intake.FindOpenDraftAsync(new ContributorKey("webchat", "someone-else")));
                await intake.StartDraftAsync(new ContributorKey("webchat", "someone-else"), "en", Channels.Chat);
                Assert.NotNull(await intake.FindOpenDraftAsync(contributor));

                if (ReadBatch.For(db) is { } batch)
                {
                    // PostgreSQL: "none" read ahead with the unit's first statement holds the same way.
                    var later = new ContributorKey("webchat", "ahead-none");
                    Assert.True(intake.AddOpenDraftVersion(batch, later));
                    await batch.ExecuteAsync();
                    await using (var other = database.NewContext())
                    {
                        await database.Intake(other).StartDraftAsync(later, "en", Channels.Chat);
                    }
                    Assert.Null(await intake.FindOpenDraftAsync(later));
                    Assert.Null(await intake.FindOpenDraftAsync(later));
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    [Fact]
    public async Task An_open_drafts_version_read_with_the_units_first_statement_is_used_once_and_not_after_a_write()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var drafts = new OpenDraftCache();
        var contributor = new ContributorKey("webchat", "ahead");
        Guid id;
        await using (var db = database.NewContext())
        {
            id = (await database.Intake(db).StartDraftAsync(contributor, "en", Channels.Chat)).Id;
        }
        async Task SubmitElsewhereAsync(string status)
        {
            // Another writer changes the draft's status after the unit read its version (as a moment later).
            await using var other = database.NewContext();
            await other.Practices.Where(p => p.Id == id).ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, status));
        }
        await using (var db = database.NewContext())
        {
            var intake = database.UntrackedIntake(db, drafts, out var rows);
            await using (rows)
            {
                await db.Database.OpenConnectionAsync();
                try
                {
                    if (ReadBatch.For(db) is not { } batch)
                    {
                        // SQLite: no batches, no round trip to save; nothing is read ahead.
                        Assert.True(database.Database.IsSqlite);
                        return;
                    }
                    Assert.True(intake.AddOpenDraftVersion(batch, contributor));
                    await batch.ExecuteAsync();
                    await SubmitElsewhereAsync(PracticeStatus.Submitted);
                    // The version read ahead is the unit's first look-up's answer ...
                    Assert.Equal(id, (await intake.FindOpenDraftAsync(contributor))!.Id);
                    // ... once: the next one asks the database.
                    Assert.Null(await intake.FindOpenDraftAsync(contributor));

                    await SubmitElsewhereAsync(PracticeStatus.Draft);
                    var again = ReadBatch.For(db)!;
                    Assert.True(intake.AddOpenDraftVersion(again, contributor));
                    await again.ExecuteAsync();
                    await SubmitElsewhereAsync(PracticeStatus.Submitted);
                    // A write of the unit in between (here a draft of someone else started) makes it ask the database.
                    await intake.StartDraftAsync(new ContributorKey("webchat", "someone-else"), "en", Channels.Chat);
                    Assert.Null(await intake.FindOpenDraftAsync(contributor));
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            }
        }
    }
}

public sealed class PracticeRowWriterTestsOnSqlite() : PracticeRowWriterTests(Regin.Testing.TestProviders.Sqlite);

public sealed class PracticeRowWriterTestsOnPostgreSql() : PracticeRowWriterTests(Regin.Testing.TestProviders.PostgreSql)
{
    /// <summary>
    /// In a unit whose owner runs it again when a check fails at its commit (<see cref="UnitTransaction.WritesMayWaitForCommit"/>:
    /// a chat turn answered in its HTTP response), a held draft's writes wait for the unit's COMMIT and go with it, the
    /// stamp checked by the database: a writer that changed the practice in between fails the commit whole (nothing of the
    /// unit written, the other writer's change kept), as <see cref="PracticeConflictException"/>; so does a statement of
    /// the unit that takes the waiting writes along before the commit (checked in the host); unchallenged, they commit.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Writes_that_wait_for_the_commit_fail_it_whole_when_someone_else_changed_the_practice_meanwhile(bool atTheCommit)
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        var drafts = new OpenDraftCache();
        var anna = new ContributorKey("webchat", "anna");
        var id = await AnnasDraftWithACountryAsync(database, drafts, anna);
        await using (var db = database.NewContext())
        {
            await using var commitUnit = new IntakeWaitingForCommit(db, drafts);
            var (unit, rows, intake) = (commitUnit.Unit, commitUnit.Rows, commitUnit.Intake);
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.NotNull(await intake.FindOpenDraftAsync(anna));
            Assert.True((await intake.UpdateAsync(id, p => intake.RecordAnswer(p, "region", "Skåne", "en", "anna"))).Stored);
            // Nothing sent yet: the writes wait on the connection, and hold no row lock the other writer would wait for.
            Assert.True(ConnectionPrelude.IsPending(db.Database.GetDbConnection()));
            await AResearcherAnswersTheTitleAsync(database, id);
            var failure = atTheCommit
                ? await Assert.ThrowsAnyAsync<Exception>(() => WriteBatch.For(db)!.ExecuteAndCommitAsync())
                : await Assert.ThrowsAnyAsync<Exception>(() => db.Practices.CountAsync());
            Assert.True(Chain(failure).OfType<PracticeConflictException>().Any(), failure.ToString());
            // Remembered on the unit (its owner does not commit it, whoever caught the failure on the way).
            Assert.IsType<PracticeConflictException>(unit.FailedCheck);
        }
        await using (var db = database.NewContext())
        {
            var practice = await database.Intake(db).LoadAsync(id);
            Assert.Equal(["country", "title"], practice.Answers.Select(a => a.QuestionId).Order());
            Assert.Equal(3, await db.PracticeEvents.CountAsync(e => e.PracticeId == id));
        }
        // Run again on a fresh unit, unchallenged: the writes go with the COMMIT and are stored.
        await using (var db = database.NewContext())
        {
            await using var commitUnit = new IntakeWaitingForCommit(db, drafts);
            var (unit, rows, intake) = (commitUnit.Unit, commitUnit.Rows, commitUnit.Intake);
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.NotNull(await intake.FindOpenDraftAsync(anna));
            Assert.True((await intake.UpdateAsync(id, p => intake.RecordAnswer(p, "region", "Skåne", "en", "anna"))).Stored);
            Assert.True(await WriteBatch.For(db)!.ExecuteAndCommitAsync());
        }
        await using (var db = database.NewContext())
        {
            var practice = await database.Intake(db).LoadAsync(id);
            Assert.Equal(["country", "region", "title"], practice.Answers.Select(a => a.QuestionId).Order());
            Assert.Equal(4, await db.PracticeEvents.CountAsync(e => e.PracticeId == id));
        }
    }

    /// <summary>
    /// The writes that wait for the commit are made from the texts and type mappings the writer keeps per model, with no
    /// command made for them in each unit: two units' waiting statements share their text and mappings (one array per
    /// text), the practice's stamped UPDATE waits in its form the database checks, and they commit as before.
    /// </summary>
    [Fact]
    public async Task Writes_that_wait_for_the_commit_are_made_from_texts_kept_per_model_and_commit()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        var drafts = new OpenDraftCache();
        var anna = new ContributorKey("webchat", "anna");
        var id = await AnnasDraftWithACountryAsync(database, drafts, anna);
        var units = new List<IReadOnlyList<ConnectionPrelude.Statement>>();
        foreach (var (question, answer) in new[] { ("region", "Skåne"), ("title", "Health communicators") })
        {
            await using var db = database.NewContext();
            await using var commitUnit = new IntakeWaitingForCommit(db, drafts);
            var (unit, rows, intake) = (commitUnit.Unit, commitUnit.Rows, commitUnit.Intake);
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.NotNull(await intake.FindOpenDraftAsync(anna));
            Assert.True((await intake.UpdateAsync(id, p => intake.RecordAnswer(p, question, answer, "en", "anna"))).Stored);
            // What waits on the connection, looked at and left there for the COMMIT.
            var connection = db.Database.GetDbConnection();
            var waiting = ConnectionPrelude.Take(connection)!;
            foreach (var statement in waiting)
            {
                ConnectionPrelude.Add(connection, statement);
            }
            units.Add(waiting);
            Assert.True(await WriteBatch.For(db)!.ExecuteAndCommitAsync());
        }
        ConnectionPrelude.Statement Find(IReadOnlyList<ConnectionPrelude.Statement> unit, string start) =>
            Assert.Single(unit, s => s.Sql.StartsWith(start, StringComparison.Ordinal));
        foreach (var start in new[] { "UPDATE practices", "INSERT INTO answers", "INSERT INTO practice_events" })
        {
            var (first, second) = (Find(units[0], start), Find(units[1], start));
            Assert.NotNull(first.Mappings);
            Assert.Equal(first.Values.Length, first.Mappings.Length);
            Assert.Same(first.Sql, second.Sql);
            Assert.Same(first.Mappings, second.Mappings);
        }
        var update = Find(units[1], "UPDATE practices");
        Assert.NotNull(update.Check);
        Assert.Contains("regin_expect_rows", update.CheckedSql, StringComparison.Ordinal);
        await using (var db = database.NewContext())
        {
            var practice = await database.Intake(db).LoadAsync(id);
            Assert.Equal(["country", "region", "title"], practice.Answers.Select(a => a.QuestionId).Order());
            Assert.Equal("Skåne", practice.Answers.Single(a => a.QuestionId == "region").Original);
            Assert.Equal(2, await db.PracticeEvents.CountAsync(e => e.PracticeId == id && e.Actor == "anna" && (e.QuestionId == "region" || e.QuestionId == "title")));
        }
    }

    /// <summary>
    /// Session 35 (pgtrip35): a flag a waiting write adds (an answer kept and flagged) goes with the COMMIT too, its key read
    /// there, not in a round trip of its own before it; a second write of the unit before the COMMIT reads the key first,
    /// so the flag is never inserted twice; the copy the host keeps takes the key, so the next unit, working from that
    /// copy, deletes the very row when the answer no longer needs it.
    /// </summary>
    [Fact]
    public async Task A_flag_added_by_writes_that_wait_for_the_commit_is_keyed_there_and_in_the_kept_copy()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        var drafts = new OpenDraftCache();
        var anna = new ContributorKey("webchat", "anna");
        var id = await AnnasDraftWithACountryAsync(database, drafts, anna);
        await using (var db = database.NewContext())
        {
            await using var commitUnit = new IntakeWaitingForCommit(db, drafts);
            var (unit, rows, intake) = (commitUnit.Unit, commitUnit.Rows, commitUnit.Intake);
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.NotNull(await intake.FindOpenDraftAsync(anna));
            // Two regions at once: kept as written and flagged for a researcher.
            Assert.True((await intake.UpdateAsync(id, p => intake.RecordAnswer(p, "region", "Skåne / Halland", "sv", "anna"))).Stored);
            Assert.True(ConnectionPrelude.IsPending(db.Database.GetDbConnection()));
            Assert.True(rows.KeysWait);
            Assert.Equal(0, Assert.Single((await intake.LoadAsync(id)).Flags).Id);
            // A second write of the same unit: the first flag's key is read before it, its own flag waits again.
            Assert.True((await intake.UpdateAsync(id, p => intake.RecordAnswer(p, "budget_eur", "CHF 80.000", "sv", "anna"))).Stored);
            Assert.NotEqual(0, (await intake.LoadAsync(id)).Flags.Single(f => f.QuestionId == "region").Id);
            Assert.True(rows.KeysWait);
            Assert.True(await WriteBatch.For(db)!.ExecuteAndCommitAsync());
            Assert.False(rows.KeysWait);
            Assert.All((await intake.LoadAsync(id)).Flags, f => Assert.NotEqual(0, f.Id));
        }
        await using (var db = database.NewContext())
        {
            Assert.Equal(["budget_eur:currency_not_euro", "region:region_unknown"],
                await db.Flags.Where(f => f.PracticeId == id).Select(f => f.QuestionId + ":" + f.Reason).OrderBy(f => f).ToListAsync());
        }
        // The next unit works from the kept copy (the stamp the COMMIT stored): the region said plainly now, its flag goes.
        await using (var db = database.NewContext())
        {
            await using var commitUnit = new IntakeWaitingForCommit(db, drafts);
            var (unit, rows, intake) = (commitUnit.Unit, commitUnit.Rows, commitUnit.Intake);
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.NotNull(await intake.FindOpenDraftAsync(anna));
            Assert.True((await intake.UpdateAsync(id, p => intake.RecordAnswer(p, "region", "Skåne", "sv", "anna"))).Stored);
            Assert.False(rows.KeysWait);
            Assert.True(await WriteBatch.For(db)!.ExecuteAndCommitAsync());
        }
        await using (var db = database.NewContext())
        {
            Assert.Equal(["budget_eur:currency_not_euro"],
                await db.Flags.Where(f => f.PracticeId == id).Select(f => f.QuestionId + ":" + f.Reason).ToListAsync());
        }
    }

    private static IEnumerable<Exception> Chain(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    /// <summary>
    /// A submit (a change of status) commits waiting for the disk even in a unit of work that let its commit return before
    /// the flush (a chat turn with <c>Chat:TurnCommitWaitsForDisk = false</c>): the write sets the transaction's
    /// <c>synchronous_commit</c> back to the database's own; the answers before it leave the unit's setting as it was.
    /// </summary>
    [Fact]
    public async Task A_submit_commits_waiting_for_the_disk_even_in_a_unit_that_let_its_commit_return_before_it()
    {
        await using var database = await StoreDatabase.CreateAsync(Regin.Testing.TestProviders.PostgreSql);
        // The tests' server never waits for the disk (synchronous_commit off): this database does, as a production server's.
        await using (var admin = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(database.Database.ConnectionString) { Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            var name = new Npgsql.NpgsqlConnectionStringBuilder(database.Database.ConnectionString).Database;
            await using var alter = new Npgsql.NpgsqlCommand($"ALTER DATABASE \"{name}\" SET synchronous_commit = on", admin);
            await alter.ExecuteNonQueryAsync();
        }
        Npgsql.NpgsqlConnection.ClearAllPools();
        var drafts = new OpenDraftCache();
        var key = new ContributorKey("webchat", "durable");
        Guid id;
        await using (var db = database.NewContext())
        {
            id = (await database.Intake(db).StartDraftAsync(key, "en", Channels.Chat)).Id;
        }
        var answers = IntakeServiceTests.CompleteAnswers;
        var steps = new (Func<IntakeService, Practice, object> Change, string Expected)[]
        {
            ((intake, p) => answers.Select(a => intake.RecordAnswer(p, a.Item1, a.Item2, "en", "webchat:u")).ToList(), "off"),
            ((intake, p) => intake.Submit(p, "webchat:u"), "on"),
        };
        foreach (var (change, expected) in steps)
        {
            await using var db = database.NewContext();
            var intake = database.UntrackedIntake(db, drafts, out var rows);
            await using (rows)
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                await db.Database.ExecuteSqlRawAsync("SET LOCAL synchronous_commit = off");
                await intake.UpdateAsync(id, p => change(intake, p));
                Assert.Equal(expected, await db.Database.SqlQueryRaw<string>("SELECT current_setting('synchronous_commit') AS \"Value\"").SingleAsync());
                await transaction.CommitAsync();
            }
        }
        await using (var db = database.NewContext())
        {
            Assert.Equal(PracticeStatus.Submitted, await db.Practices.Where(p => p.Id == id).Select(p => p.Status).SingleAsync());
        }
    }

    /// <summary>
    /// An intake whose unit lets its writes wait for the COMMIT (as a chat turn's on PostgreSQL), with its row writer.
    /// </summary>
    private sealed class IntakeWaitingForCommit : IAsyncDisposable
    {
        public IntakeWaitingForCommit(ReginDbContext db, OpenDraftCache drafts)
        {
            Unit = new UnitTransaction(db) { WritesMayWaitForCommit = true };
            Rows = new PracticeRowWriter(db, Unit);
            Intake = new IntakeService(db, TestCore.Normaliser, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<IntakeService>.Instance, drafts, Rows, Unit);
        }

        public UnitTransaction Unit { get; }

        public PracticeRowWriter Rows { get; }

        public IntakeService Intake { get; }

        public ValueTask DisposeAsync() => Rows.DisposeAsync();
    }
}
