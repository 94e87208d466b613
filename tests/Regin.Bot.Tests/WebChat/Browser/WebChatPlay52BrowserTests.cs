using Microsoft.Playwright;
using Regin.Bot.Tests.Browser;

namespace Regin.Bot.Tests.WebChat.Browser;

/// <summary>
/// Session 52: the held-answers notice (session 51) was played only with a host answering 503. Here the browser meets a
/// host that is stopped (every POST refused at the socket: net::ERR_CONNECTION_REFUSED) and one that hangs (the POST
/// gets no answer: DirectLineJS gives up after its 20 s and says "retry"). Each time the answer is kept on the device,
/// the notice comes in the page's language, and the answer reaches the host once when it is back.
/// </summary>
public sealed partial class WebChatBrowserTests
{
    [Fact]
    public async Task A_stopped_host_refusing_connections_gets_the_held_notice_and_the_answer_goes_once_by_itself_when_it_is_back()
    {
        var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var refused = 0;
        await HeldWhileTheHostFailsAsync("pt", "Joana Paragem", back, async route =>
        {
            Interlocked.Increment(ref refused);
            await route.AbortAsync("connectionrefused");
        }, tryNow: false);
        Assert.True(Volatile.Read(ref refused) >= 1);
    }

    [Fact]
    public async Task A_hanging_host_gets_the_held_notice_and_the_answer_goes_once_when_it_answers_again()
    {
        var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hung = 0;
        await HeldWhileTheHostFailsAsync("sv", "Karin Hänger", back, async route =>
        {
            // No answer until the host is back; then the request goes on to it, unless the page gave up on it meanwhile.
            Interlocked.Increment(ref hung);
            await back.Task;
            try
            {
                await route.ContinueAsync();
            }
            catch (PlaywrightException)
            {
                // DirectLineJS's 20 s timeout cancelled it in the page: its answer is held and sent again.
            }
        }, tryNow: true);
        Assert.True(Volatile.Read(ref hung) >= 1);
    }

    // Posts from the page fail as <paramref name="failing"/> says while <paramref name="back"/> is not done; the chat's
    // first answer is typed then. The notice is awaited (on its real condition), the host comes back, and the answer is
    // then in the transcript exactly once, by the retries alone or by "Try now".
    private async Task HeldWhileTheHostFailsAsync(string lang, string answer, TaskCompletionSource back, Func<IRoute, Task> failing, bool tryNow)
    {
        await using var context = await fixture.Browser.NewTestContextAsync(new BrowserNewContextOptions { Locale = lang });
        var page = await context.NewPageAsync();
        await HeldNoticeAfterAsync(page, lang, 3);
        await page.RouteAsync("**/v3/directline/conversations/*/activities", async route =>
        {
            if (route.Request.Method == "POST" && !back.Task.IsCompleted)
            {
                await failing(route);
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        await page.GotoAsync(fixture.BaseUrl + "/?lang=" + lang);
        var transcript = await TranscriptAsync(page);
        Assert.Equal("contact_name", await transcript.WaitForQuestionAsync(null));

        await SendAsync(page, answer);
        var notice = page.Locator("#held-notice");
        await Assertions.Expect(notice).ToContainTextAsync(Web("web.held_notice", lang));
        await Assertions.Expect(notice).ToHaveAttributeAsync("role", "status");
        var retry = page.GetByRole(AriaRole.Button, new() { Name = Web("web.held_retry", lang), Exact = true });
        await Assertions.Expect(retry).ToBeVisibleAsync();
        Assert.Equal(1, await page.EvaluateAsync<int>("k => (JSON.parse(localStorage.getItem(k)) || []).length", HeldKey + transcript.ConversationId));
        await transcript.RefreshAsync();
        Assert.Equal(0, transcript.Count(a => a["text"]?.GetValue<string>() == answer));

        back.SetResult();
        if (tryNow)
        {
            await retry.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
        }
        Assert.Equal("contact_organisation", await transcript.WaitForQuestionAsync("contact_name"));
        await Assertions.Expect(retry).ToBeHiddenAsync();
        await page.WaitForFunctionAsync("k => localStorage.getItem(k) === null", HeldKey + transcript.ConversationId);
        await transcript.RefreshAsync();
        Assert.Equal(1, transcript.Count(a => a["text"]?.GetValue<string>() == answer));
    }
}
