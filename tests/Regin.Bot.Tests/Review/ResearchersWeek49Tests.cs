using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Tests.Review;

/// <summary>
/// A researchers' week on the real host (review49): what a team of two, a contributor and a list left open for an hour
/// did to each other's work. Both providers.
/// </summary>
public abstract class ResearchersWeek49Tests<TApplication>(TApplication app) : IClassFixture<TApplication>
    where TApplication : ReviewApplication
{
    [Fact]
    public async Task A_bulk_approval_from_a_list_shown_before_a_colleagues_request_for_changes_leaves_that_practice_and_names_the_request()
    {
        var asked = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "sv");
        var untouched = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "el");
        var mine = await app.SignedInAsync();
        var colleague = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        // Monday 9:00, her list of submitted practices; she reads them one by one in other tabs.
        var list = await mine.GetStringAsync("/review?status=submitted&size=200");
        var seen = Regex.Match(list, "name=\"seen\" value=\"([0-9]+)\"").Groups[1].Value;
        Assert.NotEmpty(seen);

        // 9:40, her colleague asks the Swedish contributor for the budget.
        var path = $"/review/practices/{asked.Reference}";
        var request = await ReviewApplication.PostFormAsync(colleague, path + "/request-changes", await ReviewApplication.TokenAsync(colleague, path),
            ("message", "Kan ni lägga till budgeten för 2025?"), ("version", ReviewApplication.Version(await colleague.GetStringAsync(path))));
        Assert.Equal(HttpStatusCode.Redirect, request.StatusCode);

        // 10:00, she ticks both on the list she still has open and approves them.
        var response = await ReviewApplication.PostFormAsync(mine, "/review/bulk-status", await ReviewApplication.TokenAsync(mine, "/review"),
            ("ids", asked.Id.ToString()), ("ids", untouched.Id.ToString()), ("status", PracticeStatus.Approved), ("seen", seen), ("back", "?status=submitted&size=200"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var notice = WebUtility.HtmlDecode(await mine.GetStringAsync(response.Headers.Location!.OriginalString));
        Assert.Contains($"1 of 2 moved to Approved.", notice, StringComparison.Ordinal);
        Assert.Contains($"{asked.Reference} was changed after the list was shown", notice, StringComparison.Ordinal);
        Assert.Contains($"{ReviewApplication.AdminEmail} asked the contributor for changes", notice, StringComparison.Ordinal);

        var statuses = await app.WithDbAsync(db => db.Practices.Where(p => p.Id == asked.Id || p.Id == untouched.Id).ToDictionaryAsync(p => p.Id, p => p.Status));
        Assert.Equal(PracticeStatus.NeedsChanges, statuses[asked.Id]);
        Assert.Equal(PracticeStatus.Approved, statuses[untouched.Id]);

        // Reloaded, the list shows the request; approving it now is her decision, and it is done.
        var again = await mine.GetStringAsync("/review?status=needs_changes&size=200");
        var approved = await ReviewApplication.PostFormAsync(mine, "/review/bulk-status", await ReviewApplication.TokenAsync(mine, "/review"),
            ("ids", asked.Id.ToString()), ("status", PracticeStatus.Approved), ("seen", Regex.Match(again, "name=\"seen\" value=\"([0-9]+)\"").Groups[1].Value), ("back", "?"));
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(PracticeStatus.Approved, await app.WithDbAsync(db => db.Practices.Where(p => p.Id == asked.Id).Select(p => p.Status).SingleAsync()));
    }

    /// <summary>Accepting it (review49) or rejecting it (review50, "the budget is unchanged" over a colleague's new one).</summary>
    [Theory]
    [InlineData("accept", "the mail looks like hers")]
    [InlineData("reject", "not her address")]
    public async Task Accepting_or_rejecting_a_held_change_on_a_page_shown_before_a_colleagues_edit_of_that_answer_is_refused_and_names_the_edit(string action, string reason)
    {
        // A mail our server did not vouch for proposes a new budget; the Swedish official has since confirmed another by phone.
        const string evidence = "mail #31 from anna.lindqvist@skane.example (no_authentication_results) in this practice's thread, 2026-12-07";
        // The budget stored first: the colleague's 450,000 € must change it (the seeder draws 10,000 to 909,000 €).
        var (practice, flagId) = await app.HeldChangeAsync("sv", "budget_eur", evidence, "300 000 euro",
            p => ReviewApplication.Set(p, "budget_eur", "250000", "250 000 €"));
        var (mine, colleague, path, page, token) = await app.TwoResearchersAsync(practice, "en");

        var edited = await ReviewApplication.EditAnswerAsync(colleague, path, "budget_eur", "450 000 €", "telefonsamtal med Anna 7/12");
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);

        var problem = await ReviewApplication.RefusedAsStaleAsync(mine, $"{path}/flags/{flagId}/{action}", token, practice.Reference,
            ("reason", reason), ("version", ReviewApplication.Version(page)));
        // Her colleague's reason, isolated as typed text (session 51).
        Assert.Contains("(why: <bdi>telefonsamtal med Anna 7/12</bdi>)", problem, StringComparison.Ordinal);

        var (budget, open) = await app.WithDbAsync(async db => (
            await db.Answers.Where(a => a.PracticeId == practice.Id && a.QuestionId == "budget_eur").Select(a => a.Original).SingleAsync(),
            await db.Flags.Where(f => f.Id == flagId).Select(f => !f.Resolved).SingleAsync()));
        Assert.Equal("450 000 €", budget);
        Assert.True(open);
        Assert.Equal(0, await app.WithDbAsync(db => db.PracticeEvents.CountAsync(e => e.PracticeId == practice.Id && (e.Kind == "held_change_accepted" || e.Kind == "held_change_rejected"))));
    }
}

public sealed class ResearchersWeek49TestsOnSqlite(ReviewApplication app) : ResearchersWeek49Tests<ReviewApplication>(app);

public sealed class ResearchersWeek49TestsOnPostgreSql(PostgreSqlReviewApplication app) : ResearchersWeek49Tests<PostgreSqlReviewApplication>(app);
