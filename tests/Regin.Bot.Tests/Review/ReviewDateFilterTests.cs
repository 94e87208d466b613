using System.Net;
using System.Text.RegularExpressions;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Tests.Review;

/// <summary>
/// Session 52: the list's date filter, submitted or last changed between two days (UTC, both included), in the address
/// so a link keeps it. Both providers: the last change is read from an index on each (SQLite: UpdatedAt, Number;
/// PostgreSQL: the day of the last change). The practices here are dated 2019–2021, each test its own year, before any the fixture seeds (the last year).
/// </summary>
public abstract partial class ReviewDateFilterTests<TApplication>(TApplication app) : IClassFixture<TApplication>
    where TApplication : ReviewApplication
{
    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc + "Z", System.Globalization.CultureInfo.InvariantCulture);

    private Task<Practice> DatedAsync(string status, string updated, string? submitted) =>
        app.NewPracticeAsync(status, change: p =>
        {
            p.UpdatedAt = At(updated);
            p.SubmittedAt = submitted is null ? null : At(submitted);
        });

    private static List<string> References(string page) => [.. Row().Matches(page).Select(m => m.Groups[1].Value)];

    [Fact]
    public async Task A_researcher_lists_the_practices_changed_or_submitted_in_March_and_the_link_keeps_the_range()
    {
        var early = await DatedAsync(PracticeStatus.Submitted, "2019-03-01T00:00:00", "2019-02-20T09:00:00");
        var draft = await DatedAsync(PracticeStatus.Draft, "2019-03-15T12:00:00", null);
        var lastEvening = await DatedAsync(PracticeStatus.Submitted, "2019-03-31T23:59:59.9", "2019-03-05T10:00:00");
        var april = await DatedAsync(PracticeStatus.Approved, "2019-04-01T00:00:00", "2019-03-31T08:00:00");
        var client = await app.SignedInAsync();

        // Changed in March, both days included, in the order of the change.
        var changed = await client.GetStringAsync("/review?from=2019-03-01&to=2019-03-31&sort=updated");
        Assert.Equal([early.Reference, draft.Reference, lastEvening.Reference], References(changed));
        Assert.Contains("<input type=\"date\" name=\"from\" id=\"f-from\" value=\"2019-03-01\">", changed, StringComparison.Ordinal);
        Assert.Contains("<input type=\"date\" name=\"to\" id=\"f-to\" value=\"2019-03-31\">", changed, StringComparison.Ordinal);
        Assert.Contains("<label>from <input type=\"date\"", changed, StringComparison.Ordinal);

        // Submitted in March: the draft was never submitted; the April change was submitted on the 31st.
        var submitted = await client.GetStringAsync("/review?dates=submitted&from=2019-03-01&to=2019-03-31");
        Assert.Equal([lastEvening.Reference, april.Reference], References(submitted));
        Assert.Contains("<option value=\"submitted\" selected>submitted</option>", submitted, StringComparison.Ordinal);

        // One bound only; the bounds typed the wrong way round or day first in a link typed by hand.
        Assert.Equal([april.Reference], References(await client.GetStringAsync("/review?from=2019-04-01&to=2019-12-31")));
        // Submitted up to February (no first day): 2019 is the earliest year of this class's practices.
        Assert.Equal([early.Reference, draft.Reference, lastEvening.Reference], References(await client.GetStringAsync("/review?from=31.3.2019&to=1/3/2019&sort=updated")));
        Assert.Equal([early.Reference], References(await client.GetStringAsync("/review?dates=submitted&to=2019-02-28")));

        // With another filter.
        Assert.Equal([early.Reference, lastEvening.Reference], References(await client.GetStringAsync("/review?from=2019-03-01&to=2019-03-31&status=submitted")));
    }

    [Fact]
    public async Task A_day_that_does_not_exist_is_named_and_the_list_is_not_limited_by_it()
    {
        var practice = await DatedAsync(PracticeStatus.Submitted, "2020-06-10T10:00:00", "2020-06-10T10:00:00");
        var client = await app.SignedInAsync();
        var response = await client.GetAsync("/review?from=2020-02-30&to=2020-06-30&sort=updated&dir=desc");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("From “2020-02-30” is not a date (year-month-day, as 2026-11-30): the list is not limited by it.", page, StringComparison.Ordinal);
        Assert.Equal(practice.Reference, References(page).First());
        // What was typed stays out of the markup as markup.
        var hostile = await client.GetStringAsync("/review?to=" + Uri.EscapeDataString("<img src=x onerror=alert(1)>"));
        Assert.DoesNotContain("<img src=x", hostile, StringComparison.Ordinal);
        Assert.Contains("is not a date", hostile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_practice_pages_way_back_and_a_bulk_change_of_all_matching_keep_the_range()
    {
        var inRange = await DatedAsync(PracticeStatus.Submitted, "2021-05-02T10:00:00", "2021-05-02T10:00:00");
        var outside = await DatedAsync(PracticeStatus.Submitted, "2021-06-02T10:00:00", "2021-06-02T10:00:00");
        var client = await app.SignedInAsync();
        const string range = "?dates=submitted&from=2021-05-01&to=2021-05-31";
        await client.GetStringAsync("/review" + range);
        var practicePage = await client.GetStringAsync("/review/practices/" + inRange.Reference);
        Assert.Contains("href=\"/review?dates=submitted&amp;from=2021-05-01&amp;to=2021-05-31\"", practicePage, StringComparison.Ordinal);

        var token = await ReviewApplication.TokenAsync(client, "/review" + range);
        var response = await ReviewApplication.PostFormAsync(client, "/review/bulk-status", token,
            ("scope", "all"), ("status", PracticeStatus.Rejected), ("reason", "duplicate test data"), ("back", range));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(PracticeStatus.Rejected, await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Practices.Where(p => p.Id == inRange.Id).Select(p => p.Status))));
        Assert.Equal(PracticeStatus.Submitted, await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Practices.Where(p => p.Id == outside.Id).Select(p => p.Status))));
    }

    [GeneratedRegex("<tr class=\"[^\"]*\" data-reference=\"(REGIN-\\d+)\"")]
    private static partial Regex Row();
}

public sealed class ReviewDateFilterTestsOnSqlite(ReviewApplication app) : ReviewDateFilterTests<ReviewApplication>(app);

public sealed class ReviewDateFilterTestsOnPostgreSql(PostgreSqlReviewApplication app) : ReviewDateFilterTests<PostgreSqlReviewApplication>(app);
