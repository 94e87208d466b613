using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Regin.Bot.Tests.Browser;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Tests.WebChat.Browser;

/// <summary>
/// What session 50 left: a host failing for good kept the bubble on "Sending" with no end (retries every 30 s, nothing
/// said); on a phone nothing showed that more tools were off screen in the header's sideways row.
/// </summary>
public sealed partial class WebChatBrowserTests
{
    private string Web(string key, string lang) => fixture.Services.GetRequiredService<QuestionnaireDefinition>().Messages[key].In(lang);

    [Fact]
    public async Task A_host_failing_for_good_gets_a_notice_in_the_pages_language_the_answer_is_kept_and_goes_once_on_try_now()
    {
        await using var context = await fixture.Browser.NewTestContextAsync(new BrowserNewContextOptions { Locale = "el-GR" });
        var page = await context.NewPageAsync();
        await HeldNoticeAfterAsync(page, "el", 3);
        // The host answers 503 to every post (a deploy gone wrong, a database down) until it is "back".
        var down = true;
        var refused = 0;
        await page.RouteAsync("**/v3/directline/conversations/*/activities", async route =>
        {
            if (route.Request.Method == "POST" && Volatile.Read(ref down))
            {
                Interlocked.Increment(ref refused);
                await route.FulfillAsync(new() { Status = 503, Body = "" });
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        await page.GotoAsync(fixture.BaseUrl + "/?lang=el");
        var transcript = await TranscriptAsync(page);
        Assert.Equal("contact_name", await transcript.WaitForQuestionAsync(null));

        await SendAsync(page, "Ελένη Down");
        var notice = page.Locator("#held-notice");
        // What happened and that the answers are kept on this device, in Greek, read by a screen reader (a status region).
        await Assertions.Expect(notice).ToHaveAttributeAsync("role", "status");
        await Assertions.Expect(notice).ToContainTextAsync(Web("web.held_notice", "el"));
        var retry = page.GetByRole(AriaRole.Button, new() { Name = Web("web.held_retry", "el"), Exact = true });
        await Assertions.Expect(retry).ToBeVisibleAsync();
        Assert.Equal(1, await page.EvaluateAsync<int>("k => (JSON.parse(localStorage.getItem(k)) || []).length", HeldKey + transcript.ConversationId));
        Assert.True(Volatile.Read(ref refused) >= 1);
        await transcript.RefreshAsync();
        Assert.Equal(0, transcript.Count(a => a["text"]?.GetValue<string>() == "Ελένη Down"));

        // The host is back: "Try now" (by keyboard) sends it at once, not after the next 30 s wait; once.
        Volatile.Write(ref down, false);
        await retry.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("contact_organisation", await transcript.WaitForQuestionAsync("contact_name"));
        await Assertions.Expect(retry).ToBeHiddenAsync();
        await Assertions.Expect(notice).Not.ToContainTextAsync(Web("web.held_notice", "el"));
        await page.WaitForFunctionAsync("k => localStorage.getItem(k) === null", HeldKey + transcript.ConversationId);
        await transcript.RefreshAsync();
        Assert.Equal(1, transcript.Count(a => a["text"]?.GetValue<string>() == "Ελένη Down"));
    }

    /// <summary>The host's WebChat:HeldNoticeSeconds (60) as a host set to <paramref name="seconds"/> sends it: the page's config, rewritten.</summary>
    private static async Task HeldNoticeAfterAsync(IPage page, string lang, int seconds) =>
        await page.RouteAsync(new Regex(@"/\?lang=" + lang + "$"), async route =>
        {
            var response = await route.FetchAsync();
            var html = await response.TextAsync();
            Assert.Contains("\"heldNoticeSeconds\":60", html, StringComparison.Ordinal);
            await route.FulfillAsync(new() { Response = response, Body = html.Replace("\"heldNoticeSeconds\":60", $"\"heldNoticeSeconds\":{seconds}", StringComparison.Ordinal) });
        });

    [Fact]
    public async Task On_a_phone_tools_off_screen_are_shown_by_a_fade_and_a_named_arrow_that_scrolls_them_in_every_language()
    {
        await using var context = await fixture.Browser.NewTestContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 360, Height = 640 }, IsMobile = true, HasTouch = true,
        });
        var page = await context.NewPageAsync();
        var seen = new List<string>();
        foreach (var lang in new[] { "en", "fr", "de", "es", "it", "el", "pt", "sv" })
        {
            await page.GotoAsync(fixture.BaseUrl + "/?lang=" + lang);
            await Assertions.Expect(page.Locator(SendBox)).ToBeVisibleAsync();
            var header = Math.Round(await page.EvaluateAsync<double>("() => document.querySelector('.top').getBoundingClientRect().height"));
            seen.Add($"{lang}: header {header:F0} px");
            Assert.True(header is >= 65 and <= 84, string.Join("; ", seen));
            // At 360 px the row never holds every tool: the fade is drawn on the right, and the arrow is a named button.
            Assert.True(await page.EvaluateAsync<bool>("() => { const t = document.getElementById('tools'); return t.scrollWidth > t.clientWidth; }"), lang);
            Assert.Equal("\"\"", await page.EvaluateAsync<string>("() => getComputedStyle(document.getElementById('tools-row'), '::after').content"));
            var more = page.GetByRole(AriaRole.Button, new() { Name = Web("web.more_tools", lang), Exact = true });
            await Assertions.Expect(more).ToBeVisibleAsync();
            await Assertions.Expect(more).ToHaveAttributeAsync("aria-controls", "tools");

            // By keyboard: Enter on the arrow until the row's end; then the last tool is on screen and the fade is on the left.
            await more.FocusAsync();
            for (var i = 0; i < 10 && await page.EvaluateAsync<bool>("() => document.getElementById('tools-row').classList.contains('more-after')"); i++)
            {
                var before = await page.EvaluateAsync<double>("() => document.getElementById('tools').scrollLeft");
                await page.Keyboard.PressAsync("Enter");
                Assert.True(await page.EvaluateAsync<double>("() => document.getElementById('tools').scrollLeft") > before, $"{lang}: the arrow did not scroll");
            }
            var forget = await page.EvaluateAsync<double[]>("() => { const r = document.getElementById('forget').getBoundingClientRect(); return [r.left, r.right]; }");
            Assert.True(forget[0] >= 0 && forget[1] <= 360 - 32, $"{lang}: at the end the forget button is drawn at {forget[0]:F0}–{forget[1]:F0} px");
            Assert.Equal("\"\"", await page.EvaluateAsync<string>("() => getComputedStyle(document.getElementById('tools-row'), '::before').content"));
            Assert.Equal("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.getElementById('tools-row'), '::after').content"));
            // The arrow now points back, and takes the row back to its start.
            await page.Keyboard.PressAsync("Enter");
            Assert.Equal(0, await page.EvaluateAsync<double>("() => document.getElementById('tools').scrollLeft"));
            // Tab from the picker reaches every tool (the row scrolls to each), then the arrow.
            await page.Locator("#language").FocusAsync();
            var order = new List<string>();
            for (var i = 0; i < 8; i++)
            {
                await page.Keyboard.PressAsync("Tab");
                order.Add(await page.EvaluateAsync<string>("() => document.activeElement.id"));
            }
            Assert.Equal(["template-docx", "template-txt", "glossary", "guidelines", "privacy", "terms", "forget", "more-tools"], order);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebChatBrowserFixture.ArtifactsFolder, $"webchat-phone-tools-{lang}.png") });
        }
        File.WriteAllText(Path.Combine(WebChatBrowserFixture.ArtifactsFolder, "webchat-phone-tools.txt"), string.Join("\n", seen) + "\n");
    }
}
