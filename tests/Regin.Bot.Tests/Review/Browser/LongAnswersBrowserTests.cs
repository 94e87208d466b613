using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;

namespace Regin.Bot.Tests.Review.Browser;

/// <summary>
/// The review list in a real browser with a title pasted whole from a 10 MB report beside titles typed in each of the eight
/// languages (Latin letters with their accents, Greek): the list shows them all, the long one cut, and stays fast; the
/// practice page holds the long title whole (review55).
/// </summary>
[Collection(BrowserCollection.Name)]
public class LongAnswersBrowserTests(BrowserHost host, Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly (string Language, string Title)[] Typed =
    [
        ("en", "Peer mentors for newly arrived women in Bristol"),
        ("fr", "Accueil des primo-arrivants à Liège : cours de français et garde d'enfants"),
        ("de", "Sprachcafé für Geflüchtete in Düsseldorf – Begegnung über Straßenfeste"),
        ("es", "Acompañamiento a jóvenes migrantes en Murcia: educación y empleo"),
        ("it", "Mediazione linguistica nelle ASL pugliesi: più accesso alla salute"),
        ("el", "Ένταξη προσφύγων στην Κρήτη μέσω της εργασίας"),
        ("pt", "Integração de imigrantes no Alentejo: saúde, habitação e formação"),
        ("sv", "Språkvänner i Småland – för nyanlända kvinnor"),
    ];

    [Fact]
    public async Task A_ten_megabyte_title_is_cut_on_the_list_and_whole_on_its_page_beside_titles_typed_in_every_language()
    {
        // A coordinator pasted her whole report into the title: 10 MB of Italian, with accents, ending in a sentence of its own.
        var report = new StringBuilder();
        while (report.Length < 10 * 1024 * 1024)
        {
            report.Append("Il progetto «Porte aperte» offre mediazione linguistica e culturale nei consultori e negli ospedali della Puglia; ");
        }
        report.Append("Fine della relazione.");
        var pasted = report.ToString();
        var reported = await host.App.NewPracticeAsync(PracticeStatus.Submitted, language: "it", change: p => ReviewApplication.Set(p, "title", JsonSerializer.Serialize(pasted), pasted));
        var typed = new List<(Practice Practice, string Title)>();
        foreach (var (language, title) in Typed)
        {
            typed.Add((await host.App.NewPracticeAsync(PracticeStatus.Submitted, language: language, change: p => ReviewApplication.Set(p, "title", JsonSerializer.Serialize(title), title)), title));
        }

        var page = await host.SignedInPageAsync();
        // The newest practices first: these nine are on the first page whatever the other tests of the collection made.
        const string list = "/review?sort=reference&dir=desc";
        var timings = new List<float>();
        for (var i = 0; i < 5; i++)
        {
            var response = await page.GotoAsync(list);
            Assert.NotNull(response);
            Assert.Equal(200, response.Status);
            await response.FinishedAsync();
            // From the request sent to the response's first byte (milliseconds, measured by the browser on localhost).
            timings.Add(response.Request.Timing.ResponseStart - response.Request.Timing.RequestStart);
        }
        foreach (var (practice, title) in typed)
        {
            await Assertions.Expect(page.Locator($"#title-{practice.Reference}")).ToHaveTextAsync(title);
        }
        // Printed, never asserted: speed is measured by tests/review-ab.sh, not by a timed test on a shared machine.
        output.WriteLine($"the list to its first byte: {string.Join(", ", timings.Select(t => t.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} ms");
        var shown = await page.Locator($"#title-{reported.Reference}").TextContentAsync();
        Assert.NotNull(shown);
        Assert.Equal(pasted[..ReviewQueries.ListTitleChars] + "…", shown);
        var html = await page.ContentAsync();
        Assert.True(html.Length < 200_000, $"the list's page is {html.Length:N0} characters");

        // The practice page holds the title whole. Chromium did not finish laying out a page with a 10 MB line within
        // 120 s (the load event never came; session 55): its HTML is read as the browser's session fetches it.
        var href = await page.Locator($"tr[data-reference='{reported.Reference}'] a").GetAttributeAsync("href");
        Assert.Equal($"/review/practices/{reported.Reference}", href);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var practicePage = await page.APIRequest.GetAsync(href!);
        var body = await practicePage.TextAsync();
        output.WriteLine($"the practice page: {body.Length:N0} characters in {clock.ElapsedMilliseconds} ms");
        Assert.Equal(200, practicePage.Status);
        var heading = System.Text.RegularExpressions.Regex.Match(body, "<span id=\"title\"><bdi[^>]*>([^<]*)</bdi></span>");
        Assert.True(heading.Success, "the practice page has no title in its heading");
        var whole = System.Net.WebUtility.HtmlDecode(heading.Groups[1].Value);
        Assert.Equal(pasted.Length, whole.Length);
        Assert.EndsWith("Fine della relazione.", whole, StringComparison.Ordinal);
        Assert.Equal(pasted, whole);
        await page.Context.CloseAsync();
    }
}
