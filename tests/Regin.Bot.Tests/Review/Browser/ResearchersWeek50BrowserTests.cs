using Microsoft.Playwright;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Tests.Review.Browser;

/// <summary>A researchers' week in a real browser (review50): what a screen reader is told each text's language is.</summary>
[Collection(BrowserCollection.Name)]
public class ResearchersWeek50BrowserTests(BrowserHost host)
{
    // Every text node with Greek letters outside the contributor's own words (bdi) and the fields she types in, with the
    // language a screen reader reads it in: the lang of its nearest element that has one.
    private const string GreekTexts = """
        () => {
          const found = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent.trim();
            const parent = node.parentElement;
            if (!/[\u0370-\u03ff\u1f00-\u1fff]/.test(text) || parent.closest('bdi, textarea, svg')) continue;
            found.push(text.slice(0, 40) + ' => ' + (parent.closest('[lang]')?.getAttribute('lang') ?? ''));
          }
          return found;
        }
        """;

    [Fact]
    public async Task With_labels_in_Greek_the_page_speaks_English_the_labels_Greek_and_a_Swedish_practice_Swedish()
    {
        const string title = "Språkcafé för nyanlända föräldrar i Malmö";
        var practice = await host.App.NewPracticeAsync(PracticeStatus.Submitted, language: "sv", change: p =>
        {
            ReviewApplication.Set(p, "title", $"\"{title}\"", title);
            ReviewApplication.Set(p, "country", "\"SE\"", "Sverige");
            ReviewApplication.Set(p, "region", "\"SE22\"", "Skåne");
        });
        var page = await host.SignedInPageAsync();
        await page.GotoAsync($"/review/practices/{practice.Reference}?ui=el");

        // The page's own words are English, and say so.
        Assert.Equal("en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        Assert.Equal("en", await LanguageOfAsync(page.GetByRole(AriaRole.Heading, new() { Name = "Answers", Exact = true })));
        // The labels in the researcher's language, the contributor's words in the practice's.
        Assert.Equal("el", await LanguageOfAsync(page.Locator("#q-title td").First.Locator("span[lang]")));
        Assert.Equal("el", await LanguageOfAsync(page.Locator("#status")));
        Assert.Equal("sv", await LanguageOfAsync(page.Locator("#title bdi")));
        Assert.Equal("sv", await LanguageOfAsync(page.Locator("#q-title td.original bdi")));
        Assert.Equal("sv", await LanguageOfAsync(page.Locator("#practice-language span")));
        // Every Greek word on the page outside the contributor's is marked Greek: none is left to an English voice.
        var greek = await page.EvaluateAsync<string[]>(GreekTexts);
        Assert.NotEmpty(greek);
        Assert.All(greek, text => Assert.EndsWith(" => el", text, StringComparison.Ordinal));

        // The list and the dashboard: the same.
        foreach (var path in new[] { "/review?language=sv&status=submitted&size=200", "/review/dashboard", "/review/export" })
        {
            await page.GotoAsync(path);
            Assert.Equal("en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
            greek = await page.EvaluateAsync<string[]>(GreekTexts);
            Assert.NotEmpty(greek);
            Assert.All(greek, text => Assert.EndsWith(" => el", text, StringComparison.Ordinal));
        }
        await page.GotoAsync("/review?language=sv&status=submitted&size=200");
        Assert.Equal("sv", await LanguageOfAsync(page.Locator($"#title-{practice.Reference} bdi")));
        // A chart is named by its section's heading, whose label says it is Greek.
        await page.GotoAsync("/review/dashboard");
        var chart = page.GetByRole(AriaRole.Img, new() { Name = "By Χώρα" });
        Assert.Equal("country-heading", await chart.GetAttributeAsync("aria-labelledby"));
        Assert.Equal("el", await LanguageOfAsync(page.Locator("#country-heading span")));

        // Labels in English: nothing but the practice's own words says another language.
        await page.GotoAsync($"/review/practices/{practice.Reference}?ui=en");
        Assert.Equal("en", await LanguageOfAsync(page.Locator("#q-title td").First));
        Assert.Equal("en", await LanguageOfAsync(page.Locator("#status")));
        Assert.Equal("sv", await LanguageOfAsync(page.Locator("#title bdi")));
        await page.Context.CloseAsync();
    }

    private static Task<string> LanguageOfAsync(ILocator element) =>
        element.EvaluateAsync<string>("e => e.closest('[lang]')?.getAttribute('lang') ?? ''");
}
