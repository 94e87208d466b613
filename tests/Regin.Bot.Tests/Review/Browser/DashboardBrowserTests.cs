using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Regin.Bot.Tests.Browser;
using Regin.Bot.Tests.WebChat.Browser;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Tests.Review.Browser;

/// <summary>The researchers' dashboard in a real browser: where they land, the counts against the database, the funnel moving when a draft stops, the CSV.</summary>
[Collection(BrowserCollection.Name)]
public class DashboardBrowserTests(BrowserHost host)
{
    [Fact]
    public async Task A_researcher_lands_on_the_dashboard_and_its_tables_match_the_database()
    {
        await host.App.NewPracticeAsync(PracticeStatus.Approved, language: "sv", change: p =>
        {
            ReviewApplication.Set(p, "country", "\"LU\"", "Luxemburg");
            ReviewApplication.Set(p, "region", "\"LU00\"", "Luxemburg");
        });
        var context = await host.Browser.NewTestContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseUrl, AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/review/sign-in");
        await page.FillAsync("#email", ReviewApplication.ResearcherEmail);
        await page.FillAsync("#password", ReviewApplication.ResearcherPassword);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/review/dashboard");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Dashboard");

        var byStatus = await host.App.WithDbAsync(db => db.Practices.GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        foreach (var status in PracticeStatus.All)
        {
            var expected = byStatus.FirstOrDefault(s => s.Key == status)?.Count ?? 0;
            await Assertions.Expect(page.Locator($"#table-status tr[data-key='{status}'] td.num")).ToHaveTextAsync(expected.ToString(CultureInfo.InvariantCulture));
        }
        await Assertions.Expect(page.Locator("#total")).ToHaveTextAsync($"{byStatus.Sum(s => s.Count)} practices");

        var luxembourg = await host.App.WithDbAsync(db => db.Answers.CountAsync(a => a.QuestionId == "country" && a.ValueJson == "\"LU\""));
        await Assertions.Expect(page.Locator("#table-country tr[data-key='LU'] td.num")).ToHaveTextAsync(luxembourg.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#table-country tr[data-key='LU']")).ToContainTextAsync("Luxembourg");
        await Assertions.Expect(page.Locator("#table-region tr[data-key='LU00']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#chart-country title").First).ToHaveTextAsync("By Country");
        Assert.True(await page.Locator("#chart-country g.bar rect").CountAsync() >= 2);
        foreach (var chart in new[] { "status", "country", "region", "area", "group", "language", "channel", "week", "funnel" })
        {
            await Assertions.Expect(page.Locator($"svg#chart-{chart}")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator($"#table-{chart}")).ToBeVisibleAsync();
        }
        // Nothing on the page comes from elsewhere or runs inline: the charts are plain SVG.
        Assert.Equal(0, await page.Locator("main script, main img, main iframe").CountAsync());

        // The labels follow the researcher's language.
        await page.SelectOptionAsync("#ui-language", "de");
        await page.ClickAsync("header form.lang button");
        await Assertions.Expect(page.Locator("#table-country tr[data-key='LU']")).ToContainTextAsync("Luxemburg");
        await Assertions.Expect(page.Locator("#table-status tr[data-key='approved']")).ToContainTextAsync(
            host.App.Services.GetRequiredService<QuestionnaireDefinition>().Statuses.First(s => s.Id == PracticeStatus.Approved).Label.In("de"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebChatBrowserFixture.ArtifactsFolder, "review-dashboard-de.png"), FullPage = true });
        await page.GotoAsync("/review/dashboard?ui=en");
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_draft_that_stops_at_a_question_shows_in_the_funnel_for_its_language_and_channel_and_in_the_csv()
    {
        var page = await host.SignedInPageAsync();
        await page.GotoAsync("/review/dashboard");
        await page.SelectOptionAsync("#d-language", "el");
        await page.SelectOptionAsync("#d-channel", Channels.Chat);
        await page.ClickAsync("#d-apply");
        await page.WaitForURLAsync(url => url.Contains("language=el", StringComparison.Ordinal) && url.Contains("channel=chat", StringComparison.Ordinal));
        var stoppedBefore = await NumberAsync(page, "#table-funnel tr[data-key='country'] td.stopped");
        var reachedBefore = await NumberAsync(page, "#table-funnel tr[data-key='country'] td.reached");
        var reachedNextBefore = await NumberAsync(page, "#table-funnel tr[data-key='region'] td.reached");

        // A Greek chat draft that answered the first five questions (name ... title) and stopped at the country.
        var questions = host.App.Services.GetRequiredService<QuestionnaireDefinition>().Questions;
        var firstFive = questions.Take(5).Select(q => q.Id).ToList();
        Assert.Equal("country", questions[5].Id);
        // Made with every answer (a seeded draft may lack some at random), then turned into a draft with the first five only.
        var draft = await host.App.NewPracticeAsync(PracticeStatus.Submitted, language: "el", channel: "chat");
        await host.App.WithDbAsync(db => db.Answers.Where(a => a.PracticeId == draft.Id && !firstFive.Contains(a.QuestionId)).ExecuteDeleteAsync());
        await host.App.WithDbAsync(db => db.Practices.Where(p => p.Id == draft.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, PracticeStatus.Draft).SetProperty(p => p.SubmittedAt, (DateTimeOffset?)null)));

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#table-funnel tr[data-key='country'] td.stopped")).ToHaveTextAsync((stoppedBefore + 1).ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#table-funnel tr[data-key='country'] td.reached")).ToHaveTextAsync((reachedBefore + 1).ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#table-funnel tr[data-key='region'] td.reached")).ToHaveTextAsync(reachedNextBefore.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#table-funnel-matrix tr[data-key='country'] td.has-stops").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebChatBrowserFixture.ArtifactsFolder, "review-dashboard-funnel-el-chat.png"), FullPage = true });
        await page.Locator("#funnel").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(WebChatBrowserFixture.ArtifactsFolder, "review-dashboard-funnel-section.png") });

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#csv-funnel"));
        var lines = await File.ReadAllLinesAsync(await download.PathAsync());
        Assert.Equal("\"language\",\"channel\",\"number\",\"question\",\"label\",\"reached\",\"stopped\"", lines[0].TrimStart('\uFEFF'));
        var greekChat = lines.Select(l => l.Split(',')).Single(cells => cells[0] == "\"el\"" && cells[1] == "\"chat\"" && cells[3] == "\"country\"");
        Assert.Equal($"\"{stoppedBefore + 1}\"", greekChat[6]);
        Assert.Equal($"\"{reachedBefore + 1}\"", greekChat[5]);

        var statusCsv = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#csv-status"));
        var statusLines = await File.ReadAllLinesAsync(await statusCsv.PathAsync());
        var drafts = await host.App.WithDbAsync(db => db.Practices.CountAsync(p => p.Status == PracticeStatus.Draft && p.Language == "el" && p.Channels.Contains("chat")));
        Assert.Contains(statusLines, l => l.StartsWith("\"draft\",", StringComparison.Ordinal) && l.EndsWith($",\"{drafts}\"", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    private static async Task<int> NumberAsync(IPage page, string selector) =>
        int.Parse((await page.Locator(selector).TextContentAsync())!.Trim(), CultureInfo.InvariantCulture);
}
