using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Regin.Core.Intake;
using Regin.Core.Persistence.Entities;
using Regin.Core.Privacy;
using Regin.Core.Tests.Persistence;

namespace Regin.Core.Tests.Privacy;

/// <summary>
/// Privacy:RawInputRetentionDays on a real database of each provider (<see cref="RawInputRetentionTestsOnSqlite"/>,
/// <see cref="RawInputRetentionTestsOnPostgreSql"/>): raw inputs of practices closed long ago go, the rest stays.
/// </summary>
public abstract class RawInputRetentionTests(string provider)
{
    [Fact]
    public async Task Raw_inputs_of_practices_closed_longer_ago_than_the_retention_are_purged_and_the_purge_is_logged()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var clock = new ManualClock(new DateTimeOffset(2024, 1, 10, 9, 0, 0, TimeSpan.Zero));
        var old = await PracticeWithRawInputAsync(database, clock, "a", PracticeStatus.Approved);
        var oldDraft = await PracticeWithRawInputAsync(database, clock, "b", PracticeStatus.Draft);
        clock.Advance(TimeSpan.FromDays(700));
        var recent = await PracticeWithRawInputAsync(database, clock, "c", PracticeStatus.Rejected);
        clock.Advance(TimeSpan.FromDays(31));

        await using (var db = database.NewContext())
        {
            var retention = new RawInputRetention(db, Options.Create(new PrivacyOptions { RawInputRetentionDays = 730 }), clock, NullLogger<RawInputRetention>.Instance);
            Assert.Equal(1, await retention.PurgeAsync());
        }

        await using var check = database.NewContext();
        Assert.Equal(0, await check.RawInputs.CountAsync(r => r.PracticeId == old));
        // Its bytes too (in a table of their own on SQLite, in the row on PostgreSQL): two inputs left, two rows of bytes.
        var model = new Regin.Core.Persistence.ModelStatements(check);
        var count = "SELECT CAST(COUNT(*) AS INTEGER) AS \"Value\" FROM " + model.Table(model.StoreOf<RawInput>(nameof(RawInput.Content)));
        Assert.Equal(2, await check.Database.SqlQueryRaw<int>(count).SingleAsync());
        Assert.Equal(1, await check.RawInputs.CountAsync(r => r.PracticeId == oldDraft));
        Assert.Equal(1, await check.RawInputs.CountAsync(r => r.PracticeId == recent));
        var logged = await check.PracticeEvents.SingleAsync(e => e.PracticeId == old && e.Kind == RawInputRetention.EventKind);
        Assert.Equal(("1", "system:retention"), (logged.NewValue, logged.Actor));
        Assert.True(await check.Answers.AnyAsync(a => a.PracticeId == old));
    }

    /// <summary>A mail contributor's practice with one answer and the mail it came in, left in <paramref name="status"/> at the clock's time.</summary>
    private static async Task<Guid> PracticeWithRawInputAsync(StoreDatabase database, TimeProvider clock, string sender, string status)
    {
        await using var db = database.NewContext();
        var intake = database.Intake(db, clock);
        var practice = await intake.StartDraftAsync(ContributorKey.ForEmail($"{sender}@example.org"), "en", Channels.Email);
        await intake.UpdateAsync(practice.Id, p => intake.RecordAnswer(p, "title", "Health communicators", "en", sender));
        practice.Status = status;
        db.RawInputs.Add(new RawInput
        {
            PracticeId = practice.Id, Channel = "email", DedupKey = "retention-" + sender, ContentType = "message/rfc822",
            Content = "From: someone@example.org\r\n\r\nhello"u8.ToArray(), ReceivedAt = clock.GetUtcNow(),
        });
        await intake.SaveAsync(practice);
        return practice.Id;
    }
}

public sealed class RawInputRetentionTestsOnSqlite() : RawInputRetentionTests(TestProviders.Sqlite);

public sealed class RawInputRetentionTestsOnPostgreSql() : RawInputRetentionTests(TestProviders.PostgreSql);
