using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Bot.Review;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;

namespace Regin.Bot.Tests.Review;

/// <summary>
/// Two researchers acting on one practice at once (review50): closing a flag, rejecting a held change and merging or
/// marking a duplicate carry the page's version, as edits and held-change acceptance do. Both providers.
/// </summary>
public abstract class ResearchersWeek50Tests<TApplication>(TApplication app) : IClassFixture<TApplication>
    where TApplication : ReviewApplication
{
    [Fact]
    public async Task Closing_a_flag_on_a_page_shown_before_a_colleagues_request_for_changes_is_refused_and_names_the_request()
    {
        // An Italian practice whose mail came from a server that vouched for nobody.
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "it", change: p =>
            p.Flags.Add(new Flag { Reason = FlagReasons.SenderNotAuthenticated, Detail = "mail #12 from ufficio.sociale@comune.example (no_authentication_results)" }));
        var flagId = await app.WithDbAsync(db => db.Flags.Where(f => f.PracticeId == practice.Id && f.Reason == FlagReasons.SenderNotAuthenticated).Select(f => f.Id).SingleAsync());
        var (mine, colleague, path, page, token) = await app.TwoResearchersAsync(practice, "it");

        // Her colleague is not sure the mail is the contributor's, and asks.
        var asked = await ReviewApplication.PostFormAsync(colleague, path + "/request-changes", await ReviewApplication.TokenAsync(colleague, path),
            ("message", "Ci può confermare che la mail del 3 dicembre è vostra?"), ("version", ReviewApplication.Version(await colleague.GetStringAsync(path))));
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);

        // From the page she opened before, she closes the flag as checked.
        var problem = await ReviewApplication.RefusedAsStaleAsync(mine, $"{path}/flags/{flagId}/resolve", token, practice.Reference,
            ("reason", "controllato, è lei"), ("version", ReviewApplication.Version(page)));
        Assert.Contains($"{ReviewApplication.AdminEmail} asked the contributor for changes", problem, StringComparison.Ordinal);
        Assert.Contains("What you wrote (not saved): controllato, è lei", problem, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Flags.Where(f => f.Id == flagId).Select(f => f.Resolved).SingleAsync()));

        // Reloaded, she sees the request and closes it anyway: her decision, done.
        var again = await ReviewApplication.PostFormAsync(mine, $"{path}/flags/{flagId}/resolve", await ReviewApplication.TokenAsync(mine, path),
            ("reason", "controllato al telefono"), ("version", ReviewApplication.Version(await mine.GetStringAsync(path))));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Flags.Where(f => f.Id == flagId).Select(f => f.Resolved).SingleAsync()));
    }

    [Fact]
    public async Task Merging_a_practice_a_colleague_approved_after_the_page_was_shown_is_refused_and_leaves_it_approved()
    {
        var kept = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "es");
        var duplicate = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "es");
        var (mine, colleague, path, page, token) = await app.TwoResearchersAsync(duplicate, "es");

        var approved = await ReviewApplication.PostFormAsync(colleague, path + "/status", await ReviewApplication.TokenAsync(colleague, path),
            ("status", PracticeStatus.Approved), ("reason", "revisada, completa"), ("version", ReviewApplication.Version(await colleague.GetStringAsync(path))));
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);

        foreach (var merge in new[] { "true", "false" })
        {
            var problem = await ReviewApplication.RefusedAsStaleAsync(mine, path + "/duplicate", token, duplicate.Reference,
                ("of", kept.Reference), ("merge", merge), ("version", ReviewApplication.Version(page)));
            Assert.Contains($"{ReviewApplication.AdminEmail} changed the status at", problem, StringComparison.Ordinal);
            Assert.Contains($"What you wrote (not saved): {kept.Reference}", problem, StringComparison.Ordinal);
        }

        var (status, review) = await app.WithDbAsync(async db => (
            await db.Practices.Where(p => p.Id == duplicate.Id).Select(p => p.Status).SingleAsync(),
            await db.PracticeReviews.Where(r => r.PracticeId == duplicate.Id).Select(r => r.DuplicateOfId).SingleOrDefaultAsync()));
        Assert.Equal(PracticeStatus.Approved, status);
        Assert.Null(review);

        // Reloaded, she sees the approval; merging it now is her decision, and it is done.
        var fresh = await ReviewApplication.PostFormAsync(mine, path + "/duplicate", await ReviewApplication.TokenAsync(mine, path),
            ("of", kept.Reference), ("merge", "true"), ("version", ReviewApplication.Version(await mine.GetStringAsync(path))));
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
        Assert.Equal(PracticeStatus.Rejected, await app.WithDbAsync(db => db.Practices.Where(p => p.Id == duplicate.Id).Select(p => p.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_bulk_approval_leaves_a_practice_whose_change_committed_after_the_list_was_shown_even_with_an_older_log_id()
    {
        var asked = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "pt");
        var other = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "pt");
        var mine = await app.SignedInAsync();
        const string colleague = "researcher:" + ReviewApplication.AdminEmail;

        // A colleague's request for changes is written (its log entry takes its id) but not committed yet ...
        await using var slow = app.Services.CreateAsyncScope();
        var slowDb = slow.ServiceProvider.GetRequiredService<ReginDbContext>();
        await using (var transaction = await slowDb.Database.BeginTransactionAsync())
        {
            await slow.ServiceProvider.GetRequiredService<PracticeWorkflow>().RequestChangesAsync(asked.Id, "Podem indicar o orçamento de 2025?", colleague, null);
            // ... while another change, logged after it, commits first. Only PostgreSQL can commit out of the ids' order
            // (SQLite has one writer: the second change would wait for the first), so it is made there alone.
            if (app.DatabaseFile is null)
            {
                await using var quick = app.Services.CreateAsyncScope();
                await quick.ServiceProvider.GetRequiredService<PracticeWorkflow>().ChangeStatusAsync(other.Id, PracticeStatus.NeedsChanges, "falta o orçamento", colleague, null);
            }
            // She opens her list now: the request is not committed, so her list shows the practice as submitted.
            var list = await mine.GetStringAsync("/review?language=pt&status=submitted&size=200");
            Assert.Contains($"data-reference=\"{asked.Reference}\"", list, StringComparison.Ordinal);
            await transaction.CommitAsync();

            var response = await BulkStatusAsync(mine, list, PracticeStatus.Approved, asked.Id);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var notice = WebUtility.HtmlDecode(await mine.GetStringAsync(response.Headers.Location!.OriginalString));
            // The status in her label language (an account's choice another test of the class may have made), marked with it.
            Assert.Matches("0 of 1 moved to (Approved|<span lang=\"[a-z]{2}\">[^<]+</span>)\\. Not moved: ", notice);
            Assert.Contains($"{asked.Reference} was changed after the list was shown: ", notice, StringComparison.Ordinal);
            Assert.Contains($"{colleague} asked the contributor for changes", notice, StringComparison.Ordinal);
        }
        Assert.Equal(PracticeStatus.NeedsChanges, await app.WithDbAsync(db => db.Practices.Where(p => p.Id == asked.Id).Select(p => p.Status).SingleAsync()));
    }

    [Fact]
    public async Task Her_own_request_in_another_tab_after_the_list_was_shown_does_not_hold_back_her_bulk_change()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "de");
        var mine = await app.SignedInAsync();
        var list = await mine.GetStringAsync("/review?language=de&status=submitted&size=200");

        // In another tab she asks the contributor for a detail, then rejects the practice from the list still open.
        var path = $"/review/practices/{practice.Reference}";
        var asked = await ReviewApplication.PostFormAsync(mine, path + "/request-changes", await ReviewApplication.TokenAsync(mine, path),
            ("message", "Gibt es das Projekt noch?"), ("version", ReviewApplication.Version(await mine.GetStringAsync(path))));
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var response = await BulkStatusAsync(mine, list, PracticeStatus.Rejected, practice.Id);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(PracticeStatus.Rejected, await app.WithDbAsync(db => db.Practices.Where(p => p.Id == practice.Id).Select(p => p.Status).SingleAsync()));
    }

    // The list's bulk form as her browser posts it: the ticked practices, the status, and the list's hidden fields (its
    // seen entry, each row's version, the way back).
    private static async Task<HttpResponseMessage> BulkStatusAsync(HttpClient client, string list, string status, params Guid[] ticked)
    {
        var fields = Regex.Matches(list, "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")
            .Select(m => (Key: WebUtility.HtmlDecode(m.Groups[1].Value), Value: WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Where(f => f.Key is "seen" or "back" || f.Key.StartsWith(ReviewListScreen.VersionField, StringComparison.Ordinal))
            .Concat(ticked.Select(id => (Key: "ids", Value: id.ToString())))
            .Append(("status", status));
        return await ReviewApplication.PostFormAsync(client, "/review/bulk-status", await ReviewApplication.TokenAsync(client, "/review"), [.. fields]);
    }
}

public sealed class ResearchersWeek50TestsOnSqlite(ReviewApplication app) : ResearchersWeek50Tests<ReviewApplication>(app);

public sealed class ResearchersWeek50TestsOnPostgreSql(PostgreSqlReviewApplication app) : ResearchersWeek50Tests<PostgreSqlReviewApplication>(app);
