using Microsoft.Playwright;
using Regin.Bot.Tests.Browser;
using Regin.Bot.Tests.ScaleOut;
using Regin.Testing;

namespace Regin.Bot.Tests.WebChat.Browser;

/// <summary>
/// Session 54: the held-answers notice with a host that really stops. Session 52 made the failures in the browser
/// (Playwright routes); here the test starts a bot host process of its own (not the collection's shared one), the page
/// talks to it, the process is killed while the page waits, and a new process listens again on the same port.
/// </summary>
public sealed partial class WebChatBrowserTests
{
    private static readonly TimeSpan HostDeadline = Eventually.Deadline; // a start on a busy 2-core machine (waits on /healthz)

    [Fact]
    public async Task A_host_process_killed_while_the_page_waits_gives_the_held_notice_and_the_answer_arrives_once_from_the_restarted_host()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.Sqlite, migrated: false);
        var settings = new Dictionary<string, string?>(database.Settings)
        {
            ["Chat:WarmUp"] = "false",
            ["WebChat:HeldNoticeSeconds"] = "3",
            ["DirectLine:PostsPerMinute"] = "10000",
            ["DirectLine:StartsPerMinute"] = "10000",
        };
        await using var first = await BotHostProcess.StartAsync(settings, HostDeadline);
        var baseUrl = first.Address.ToString().TrimEnd('/');
        await using var context = await fixture.Browser.NewTestContextAsync(new BrowserNewContextOptions { Locale = "it" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/?lang=it");
        var transcript = await TranscriptAsync(page, baseUrl);
        Assert.Equal("contact_name", await transcript.WaitForQuestionAsync(null));
        // The first answer goes while the host runs; the page has its POST's answer (nothing in flight) before the host goes.
        var posted = page.WaitForResponseAsync(r => r.Request.Method == "POST" && r.Url.EndsWith("/activities", StringComparison.Ordinal));
        await SendAsync(page, "Chiara Fermata");
        Assert.True((await posted).Ok);
        Assert.Equal("contact_organisation", await transcript.WaitForQuestionAsync("contact_name"));

        // The process is killed while the page waits for the next answer; the answer typed now cannot reach it.
        await first.StopAsync();
        Assert.True(first.HasExited);
        await SendAsync(page, "Comune di Lecce");
        var notice = page.Locator("#held-notice");
        await Assertions.Expect(notice).ToContainTextAsync(Web("web.held_notice", "it"));
        await Assertions.Expect(notice).ToHaveAttributeAsync("role", "status");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = Web("web.held_retry", "it"), Exact = true })).ToBeVisibleAsync();
        Assert.Equal(1, await page.EvaluateAsync<int>("k => (JSON.parse(localStorage.getItem(k)) || []).length", HeldKey + transcript.ConversationId));

        // A new process on the same port and database (fails clearly if the port was taken meanwhile): the page's own
        // retries (no click) deliver the held answer, once, and the notice goes.
        await using var second = await BotHostProcess.StartAsync(settings, HostDeadline, first.Address.Port);
        Assert.Equal("contact_email", await transcript.WaitForQuestionAsync("contact_organisation"));
        await page.WaitForFunctionAsync("k => localStorage.getItem(k) === null", HeldKey + transcript.ConversationId);
        await Assertions.Expect(notice).Not.ToContainTextAsync(Web("web.held_notice", "it"));
        await transcript.RefreshAsync();
        Assert.Equal(1, transcript.Count(a => a["text"]?.GetValue<string>() == "Comune di Lecce"));
        Assert.Equal(1, transcript.Count(a => a["text"]?.GetValue<string>() == "Chiara Fermata"));
    }
}
