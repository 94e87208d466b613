using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Bot.Tests.Review;
using Regin.Core.Persistence.Entities;
using Regin.Core.Privacy;

namespace Regin.Bot.Tests.Privacy;

/// <summary>Privacy:RawInputRetentionDays on the real host's SQLite file: raw inputs of practices closed long ago go, the rest stays.</summary>
public sealed class RetentionTests(ReviewApplication app) : IClassFixture<ReviewApplication>
{
    [Fact]
    public async Task Raw_inputs_of_practices_closed_longer_ago_than_the_retention_are_purged_and_the_purge_is_logged()
    {
        await app.EnsureReadyAsync();
        var longAgo = DateTimeOffset.UtcNow.AddDays(-731);
        var old = await app.NewPracticeAsync(PracticeStatus.Approved, change: p => p.UpdatedAt = longAgo);
        var oldDraft = await app.NewPracticeAsync(PracticeStatus.Draft, change: p => p.UpdatedAt = longAgo);
        var recent = await app.NewPracticeAsync(PracticeStatus.Rejected);
        await app.WithDbAsync(async db =>
        {
            foreach (var practice in new[] { old, oldDraft, recent })
            {
                db.RawInputs.Add(new RawInput
                {
                    PracticeId = practice.Id, Channel = "email", DedupKey = "retention-" + practice.Id, ContentType = "message/rfc822",
                    Content = "From: someone@example.org\r\n\r\nhello"u8.ToArray(), ReceivedAt = longAgo,
                });
            }
            return await db.SaveChangesAsync();
        });

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RawInputRetention>().PurgeAsync();
        }

        Assert.Equal(0, await app.WithDbAsync(db => db.RawInputs.CountAsync(r => r.PracticeId == old.Id)));
        Assert.Equal(1, await app.WithDbAsync(db => db.RawInputs.CountAsync(r => r.PracticeId == oldDraft.Id)));
        Assert.Equal(1, await app.WithDbAsync(db => db.RawInputs.CountAsync(r => r.PracticeId == recent.Id)));
        var logged = await app.WithDbAsync(db => db.PracticeEvents.SingleAsync(e => e.PracticeId == old.Id && e.Kind == RawInputRetention.EventKind));
        Assert.Equal("1", logged.NewValue);
        Assert.Equal("system:retention", logged.Actor);
        Assert.True(await app.WithDbAsync(db => db.Answers.AnyAsync(a => a.PracticeId == old.Id)));
    }
}
