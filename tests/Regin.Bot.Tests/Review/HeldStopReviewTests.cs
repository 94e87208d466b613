using System.Net;
using Microsoft.EntityFrameworkCore;
using Regin.Bot.Review;
using Regin.Core.Normalisation;
using Regin.Core.Persistence.Entities;
using Regin.Core.Reminders;
using Regin.Core.Review;

namespace Regin.Bot.Tests.Review;

/// <summary>
/// Session 49: a STOP held because the contributor's server signs nothing (session 48: her reminders go on, a flag keeps
/// the mail) is honoured by a researcher who checked it with her: "Stop the reminders" on the practice page stops them,
/// closes the flag, and logs the evidence and the reason; any other flag is refused. Both providers.
/// </summary>
public abstract class HeldStopReviewTests<TApplication>(TApplication app) : IClassFixture<TApplication>
    where TApplication : ReviewApplication
{
    private const string HeldStop = "mail #31 from karin.lund@kommun.example (no_authentication_results) in this practice's thread "
        + DraftReminderStops.HeldStopPhrase + " (they go on): \"Sluta skicka påminnelser, tack\"";

    private const string Kept = "mail #32 from karin.lund@kommun.example (no_authentication_results) in this practice's thread, without answers, kept: nothing applied";

    [Fact]
    public async Task A_researcher_honours_a_held_STOP_and_the_drafts_reminders_stop_with_the_evidence_in_the_log()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Draft, change: p =>
        {
            p.Flags.Add(new Flag { Reason = FlagReasons.UnverifiedUpdate, Detail = HeldStop });
            p.Flags.Add(new Flag { Reason = FlagReasons.UnverifiedUpdate, Detail = Kept });
        });
        var flags = await app.WithDbAsync(db => db.Flags.Where(f => f.PracticeId == practice.Id).ToListAsync());
        var stop = flags.Single(f => f.Detail!.Contains(DraftReminderStops.HeldStopPhrase, StringComparison.Ordinal));
        // Each by what it says (whole-suite run, session 51: "any flag but the STOP" also found the seeder's random USD flag).
        var other = flags.Single(f => f.Detail == Kept);
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        var page = await client.GetStringAsync(path);
        Assert.Contains($"action=\"{path}/flags/{stop.Id}/stop-reminders\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"action=\"{path}/flags/{other.Id}/stop-reminders\"", page, StringComparison.Ordinal);

        // Another flag holds no STOP: refused, nothing stops.
        var refused = await ReviewApplication.PostFormAsync(client, $"{path}/flags/{other.Id}/stop-reminders", await ReviewApplication.TokenAsync(client, path), ("reason", "ok"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("no request to stop the reminders", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<DraftReminder>().AnyAsync(r => r.PracticeId == practice.Id && r.StoppedAt != null)));

        var response = await ReviewApplication.PostFormAsync(client, $"{path}/flags/{stop.Id}/stop-reminders", await ReviewApplication.TokenAsync(client, path), ("reason", "Karin confirmed by phone"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Set<DraftReminder>().AnyAsync(r => r.PracticeId == practice.Id && r.StoppedAt != null)));
        Assert.True(await app.WithDbAsync(db => db.Flags.Where(f => f.Id == stop.Id).Select(f => f.Resolved).FirstAsync()));
        Assert.False(await app.WithDbAsync(db => db.Flags.Where(f => f.Id == other.Id).Select(f => f.Resolved).FirstAsync()));
        var events = await app.WithDbAsync(db => db.PracticeEvents.Where(e => e.PracticeId == practice.Id).ToListAsync());
        var honoured = Assert.Single(events, e => e.Kind == PracticeEditor.HeldStopHonoured);
        Assert.Contains("karin.lund@kommun.example", honoured.OldValue, StringComparison.Ordinal);
        Assert.Equal("Karin confirmed by phone", honoured.Reason);
        Assert.Equal("researcher:" + ReviewApplication.ResearcherEmail, honoured.Actor);
        Assert.Single(events, e => e.Kind == DraftReminderStops.EventKind && e.Actor == honoured.Actor);
        Assert.Contains(ReviewPracticeScreen.Notices["stop_honoured"], WebUtility.HtmlDecode(await client.GetStringAsync(response.Headers.Location!.ToString())), StringComparison.Ordinal);

        // Closed: a second time is refused.
        var again = await ReviewApplication.PostFormAsync(client, $"{path}/flags/{stop.Id}/stop-reminders", await ReviewApplication.TokenAsync(client, path), ("reason", "again"));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }
}

public sealed class HeldStopReviewTestsOnSqlite(ReviewApplication app) : HeldStopReviewTests<ReviewApplication>(app);

public sealed class HeldStopReviewTestsOnPostgreSql(PostgreSqlReviewApplication app) : HeldStopReviewTests<PostgreSqlReviewApplication>(app);
