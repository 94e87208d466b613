using Microsoft.Playwright;
using System.Text.RegularExpressions;
using Regin.Bot.Tests.Browser;

namespace Regin.Bot.Tests.WebChat.Browser;

/// <summary>
/// What session 49's play of the page in chromium found: a pasted table lost its lines in Web Chat's one-line send box,
/// a right-to-left answer was drawn left to right (its full stop at the wrong end), and an answer sent while offline
/// stayed "Send failed" after the network came back (lost unless Retry was clicked).
/// </summary>
public sealed partial class WebChatBrowserTests
{
    [Fact]
    public async Task A_pasted_table_and_a_line_typed_with_shift_enter_reach_the_bot_with_their_line_breaks()
    {
        await using var context = await fixture.Browser.NewTestContextAsync(new BrowserNewContextOptions { Locale = "de-AT" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/?lang=de");
        var transcript = await TranscriptAsync(page);
        Assert.Equal("contact_name", await transcript.WaitForQuestionAsync(null));
        await SendAsync(page, "Lena Gruber");
        Assert.Equal("contact_organisation", await transcript.WaitForQuestionAsync("contact_name"));
        await SendAsync(page, "ändern 12");
        Assert.Equal("partners", await transcript.WaitForQuestionAsync("contact_organisation"));

        // Copied from a spreadsheet: tabs between the cells, a line per row. The one-line box sent "Partner Rolle Caritas Wien …".
        const string table = "Partner\tRolle\nCaritas Wien\tBeratung\nAMS Wien\tJobvermittlung";
        await SendAsync(page, table);
        var question = await transcript.WaitForQuestionAsync("partners");
        Assert.Equal(1, transcript.Count(a => a["from"]?["role"]?.GetValue<string>() == "user" && a["text"]?.GetValue<string>() == table));

        // By keyboard: Shift+Enter starts a new line, Enter sends.
        await SendAsync(page, "ändern 12");
        Assert.Equal("partners", await transcript.WaitForQuestionAsync(question));
        var box = page.Locator(SendBox);
        await box.FocusAsync();
        await page.Keyboard.TypeAsync("Caritas Wien");
        await page.Keyboard.PressAsync("Shift+Enter");
        await page.Keyboard.TypeAsync("Diakonie");
        await page.Keyboard.PressAsync("Enter");
        await transcript.WaitForAsync(a => a.Any(x => x["from"]?["role"]?.GetValue<string>() == "user" && x["text"]?.GetValue<string>() == "Caritas Wien\nDiakonie"));
        // Sent, the box is empty and keeps the focus for the next answer.
        await Assertions.Expect(box).ToHaveValueAsync("");
        await Assertions.Expect(box).ToBeFocusedAsync();
    }

    [Fact]
    public async Task A_right_to_left_answer_is_drawn_right_to_left_with_its_full_stop_at_its_end()
    {
        await using var context = await fixture.Browser.NewTestContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/?lang=en");
        var transcript = await TranscriptAsync(page);
        Assert.Equal("contact_name", await transcript.WaitForQuestionAsync(null));
        await SendAsync(page, "Samir Haddad");
        Assert.Equal("contact_organisation", await transcript.WaitForQuestionAsync("contact_name"));
        // An organisation's name in Arabic, as a contributor pastes it from their letterhead.
        const string arabic = "جمعية الاندماج في المنطقة 2019.";
        await SendAsync(page, arabic);
        await transcript.WaitForQuestionAsync("contact_organisation");

        var bubble = page.Locator(".webchat__text-content").Filter(new() { HasTextString = arabic }).First;
        await Assertions.Expect(bubble).ToBeVisibleAsync();
        // Where its first letter and its full stop are drawn: right to left, the full stop is left of the first letter.
        // Drawn left to right (the page's direction, until session 49), the full stop stood at the right end.
        var x = await bubble.EvaluateAsync<double[]>("""
            e => {
              const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
              let node; while ((node = walker.nextNode()) && !node.data.includes('.')) { }
              const at = i => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect().x; };
              const start = node.data.search(/\S/);
              return [at(start), at(node.data.lastIndexOf('.'))];
            }
            """);
        Assert.True(x[1] < x[0], $"the full stop is drawn at x={x[1]}, right of the first letter at x={x[0]}: left to right");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebChatBrowserFixture.ArtifactsFolder, "webchat-rtl.png") });
    }

    [Fact]
    public async Task Answers_sent_while_offline_go_once_and_in_order_when_the_network_is_back_and_the_next_question_is_on_screen()
    {
        await using var context = await fixture.Browser.NewTestContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/?lang=en");
        var transcript = await TranscriptAsync(page);
        Assert.Equal("contact_name", await transcript.WaitForQuestionAsync(null));
        await SendAsync(page, "Jo Offline");
        Assert.Equal("contact_organisation", await transcript.WaitForQuestionAsync("contact_name"));
        // The page has its own answer back too (the transcript is the server's): else "Jo Offline" may still read "Sending"
        // when the network goes (3 where 2 were counted: session 53's final suite, on a loaded machine).
        await Assertions.Expect(page.GetByText("Sending", new() { Exact = true })).ToHaveCountAsync(0);

        // The train enters a tunnel: two answers typed, the second before the first could go.
        await context.SetOfflineAsync(true);
        await SendAsync(page, "Offline County Council");
        await SendAsync(page, "jo.offline@county.example.eu");
        await Assertions.Expect(page.GetByText("Sending", new() { Exact = true })).ToHaveCountAsync(2);
        // Longer than Web Chat's 20 s send timeout, after which it said "Send failed. Retry." and never sent them.
        await page.WaitForTimeoutAsync(25_000);
        await Assertions.Expect(page.GetByText(new Regex("Send failed", RegexOptions.IgnoreCase))).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("Sending", new() { Exact = true })).ToHaveCountAsync(2);
        await context.SetOfflineAsync(false);

        await transcript.WaitForAsync(a => a.Any(x => x["channelData"]?["questionId"]?.GetValue<string>() == "contact_phone") && a[^1]["from"]?["role"]?.GetValue<string>() == "bot");
        await transcript.RefreshAsync();
        Assert.Equal(1, transcript.Count(a => a["text"]?.GetValue<string>() == "Offline County Council"));
        Assert.Equal(1, transcript.Count(a => a["text"]?.GetValue<string>() == "jo.offline@county.example.eu"));
        await Assertions.Expect(page.GetByText("Noted: Offline County Council").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("A phone number", new() { Exact = true }).Last).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Sending", new() { Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText(new Regex("Send failed", RegexOptions.IgnoreCase))).ToHaveCountAsync(0);
    }
}
