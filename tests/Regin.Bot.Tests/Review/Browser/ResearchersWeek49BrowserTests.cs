using Microsoft.Playwright;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Tests.Review.Browser;

/// <summary>A researchers' week in a real browser (review49): a narrow window, the keyboard.</summary>
[Collection(BrowserCollection.Name)]
public class ResearchersWeek49BrowserTests(BrowserHost host)
{
    [Fact]
    public async Task In_a_narrow_window_no_page_scrolls_sideways_each_answer_reads_as_a_block_and_the_log_scrolls_with_the_keyboard()
    {
        const string title = "Språkvänner och arbetsmarknadsintroduktion för nyanlända kvinnor i Skåne";
        var practice = await host.App.NewPracticeAsync(PracticeStatus.Submitted, language: "sv", change: p =>
        {
            ReviewApplication.Set(p, "title", $"\"{title}\"", title);
            ReviewApplication.Set(p, "website", "\"https://www.malmo.se/Service/Var-kommun-och-politik/Kommunens-organisation/Forvaltningar/Arbetsmarknads--och-socialforvaltningen.html\"",
                "https://www.malmo.se/Service/Var-kommun-och-politik/Kommunens-organisation/Forvaltningar/Arbetsmarknads--och-socialforvaltningen.html");
        });
        var page = await host.SignedInPageAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        await page.SetViewportSizeAsync(360, 780);

        foreach (var path in new[]
        {
            "/review?status=submitted", $"/review/practices/{practice.Reference}", "/review/dashboard", "/review/export",
            "/review/contributors?email=" + Uri.EscapeDataString(practice.ContributorEmail!), "/review/users", "/review/account",
        })
        {
            await page.GotoAsync(path);
            var (scroll, width) = await WidthsAsync(page);
            Assert.True(scroll <= width, $"{path} is {scroll} px wide in a {width} px window: the page scrolls sideways");
        }

        // The practice page: the title answer is one block, its value and the contributor's words inside the window.
        await page.GotoAsync($"/review/practices/{practice.Reference}");
        var words = page.Locator("#q-title td.original");
        await Assertions.Expect(words).ToBeVisibleAsync();
        var box = await words.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 360, $"the contributor's words run from {box.X} to {box.X + box.Width} px");

        // The log is a named region: Tab reaches it, the arrow keys scroll it.
        var log = page.GetByRole(AriaRole.Region, new() { Name = "Log" });
        await log.FocusAsync();
        await Assertions.Expect(log).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(log).Not.ToHaveJSPropertyAsync("scrollLeft", 0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task With_the_keyboard_the_first_tab_skips_the_header_and_the_next_reaches_the_search_box()
    {
        var page = await host.SignedInPageAsync();
        await page.GotoAsync("/review?status=submitted");
        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to the content" });
        await Assertions.Expect(skip).ToBeFocusedAsync();
        await Assertions.Expect(skip).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#q")).ToBeFocusedAsync();

        // On a practice, the first stop after the header is the way back to the list.
        await page.GotoAsync("/review/practices/" + (await host.App.NewPracticeAsync(PracticeStatus.Submitted, language: "el")).Reference);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#back-to-list")).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }

    private static async Task<(int Scroll, int Width)> WidthsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        return (widths[0], widths[1]);
    }
}
