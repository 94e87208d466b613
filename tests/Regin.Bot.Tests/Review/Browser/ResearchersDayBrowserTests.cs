using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Tests.Review.Browser;

/// <summary>A researcher's morning in a real browser: a colleague's tab saved first, the keyboard only, the way back to her list.</summary>
[Collection(BrowserCollection.Name)]
public class ResearchersDayBrowserTests(BrowserHost host)
{
    [Fact]
    public async Task An_assessment_saved_after_a_colleagues_keeps_both_notes_and_saves_hers_on_the_second_try()
    {
        var practice = await host.App.NewPracticeAsync(PracticeStatus.Submitted, language: "el");
        var mine = await host.SignedInPageAsync();
        var colleague = await host.SignedInPageAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        await mine.GotoAsync($"/review/practices/{practice.Reference}");
        await colleague.GotoAsync($"/review/practices/{practice.Reference}");

        await colleague.FillAsync("textarea[name=inspiring_communication]", "Leaflets in Arabic and Farsi at every health centre.");
        await colleague.ClickAsync("#save-assessment");
        await Assertions.Expect(colleague.Locator(".notice")).ToContainTextAsync("The assessment was saved");

        // Her tab was opened before the colleague saved: two lines of notes on innovation, and she unticks an area.
        const string note = "Peer mentors from the community run the sessions.\nWorth copying in Skåne.";
        await mine.FillAsync("textarea[name=inspiring_innovation]", note);
        await mine.Locator("input[name=area]").First.SetCheckedAsync(false);
        var areaCode = await mine.Locator("input[name=area]").First.GetAttributeAsync("value");
        await mine.ClickAsync("#save-assessment");
        await Assertions.Expect(mine.Locator("#problem")).ToContainTextAsync("was changed after you opened it");
        await Assertions.Expect(mine.Locator("textarea[name=inspiring_innovation]")).ToHaveValueAsync(note);
        await Assertions.Expect(mine.Locator("textarea[name=inspiring_communication]")).ToHaveValueAsync("Leaflets in Arabic and Farsi at every health centre.");
        await Assertions.Expect(mine.Locator("input[name=area]").First).Not.ToBeCheckedAsync();
        await Assertions.Expect(mine.Locator("#assessment-kept")).ToContainTextAsync("Innovation");

        await mine.ClickAsync("#save-assessment");
        await Assertions.Expect(mine.Locator(".notice")).ToContainTextAsync("The assessment was saved");
        var saved = await host.App.WithDbAsync(db => db.PracticeAssessments.Where(a => a.PracticeId == practice.Id).ToDictionaryAsync(a => a.Aspect, a => a.InspiringElements));
        Assert.Equal("Leaflets in Arabic and Farsi at every health centre.", saved["communication"]);
        Assert.Equal(note, saved["innovation"]!.Replace("\r\n", "\n", StringComparison.Ordinal));
        var areas = await host.App.WithDbAsync(db => db.PracticeReviews.Where(r => r.PracticeId == practice.Id).Select(r => r.IntegrationAreasJson).FirstAsync());
        Assert.DoesNotContain($"\"{areaCode}\"", areas ?? "", StringComparison.Ordinal);
        await mine.Context.CloseAsync();
        await colleague.Context.CloseAsync();
    }

    [Fact]
    public async Task With_the_keyboard_only_she_searches_opens_a_practice_and_comes_back_to_her_list()
    {
        var practice = await host.App.NewPracticeAsync(PracticeStatus.Submitted, language: "el", change: p =>
        {
            ReviewApplication.Set(p, "title", "\"Ένταξη προσφύγων στην Κρήτη μέσω της εργασίας\"", "Ένταξη προσφύγων στην Κρήτη μέσω της εργασίας");
            ReviewApplication.Set(p, "country", "\"GR\"");
            ReviewApplication.Set(p, "region", "\"EL43\"", "Κρήτη");
        });
        var page = await host.SignedInPageAsync();
        await page.FocusAsync("#q");
        await page.Keyboard.TypeAsync("ενταξη προσφυγων");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator($"tr[data-reference='{practice.Reference}']")).ToBeVisibleAsync();

        await page.Locator($"tr[data-reference='{practice.Reference}'] a").FocusAsync();
        await Assertions.Expect(page.Locator($"tr[data-reference='{practice.Reference}'] a")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#reference")).ToHaveTextAsync(practice.Reference);
        await page.FocusAsync("#back-to-list");
        await Assertions.Expect(page.Locator("#back-to-list")).ToBeFocusedAsync();
        // The waiter is set before the key goes: a navigation that ends before a later wait began is not missed.
        var backToList = page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/review");
        await page.Keyboard.PressAsync("Enter");
        await backToList;
        Assert.Contains("q=", new Uri(page.Url).Query, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#q")).ToHaveValueAsync("ενταξη προσφυγων");
        await Assertions.Expect(page.Locator($"tr[data-reference='{practice.Reference}']")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_click_anywhere_on_a_row_opens_the_practice_but_a_click_on_its_box_only_ticks_it()
    {
        const string title = "Sprachcafé für geflüchtete Frauen in Innsbruck";
        var practice = await host.App.NewPracticeAsync(PracticeStatus.Submitted, language: "de", change: p =>
            ReviewApplication.Set(p, "title", $"\"{title}\"", title));
        var page = await host.SignedInPageAsync();
        await page.GotoAsync("/review?q=" + Uri.EscapeDataString("Sprachcafé Innsbruck"));
        var row = page.Locator($"tr[data-reference='{practice.Reference}']");
        // A screen reader hears the reference link with the practice's title as its description.
        await Assertions.Expect(row.Locator("a")).ToHaveAccessibleDescriptionAsync(title);

        await row.Locator("input[name=ids]").ClickAsync();
        await Assertions.Expect(row.Locator("input[name=ids]")).ToBeCheckedAsync();
        Assert.Equal("/review", new Uri(page.Url).AbsolutePath);

        var opened = page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/review/practices/{practice.Reference}");
        await row.Locator("td.title").ClickAsync();
        await opened;
        await Assertions.Expect(page.Locator("#reference")).ToHaveTextAsync(practice.Reference);
        await page.Context.CloseAsync();
    }
}
