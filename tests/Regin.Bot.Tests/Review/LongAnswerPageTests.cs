using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;

namespace Regin.Bot.Tests.Review;

/// <summary>
/// A practice whose answers hold a whole report (10 MB pasted into the description, 1 MB into the title) over HTTP: the
/// practice page stays small in every label language, shows each long answer cut with a link to its whole text, does not
/// pre-fill the edit field with it; the whole text is served as text/plain and edited on a page of its own (session 56;
/// the page was 42 MB). Run on both providers.
/// </summary>
public abstract partial class LongAnswerPageTests<TApplication>(TApplication app) : IClassFixture<TApplication>
    where TApplication : ReviewApplication
{
    /// <summary>The bound asserted on the practice page's HTML (the answers hold 11 MB).</summary>
    private const int PageLimit = 1_000_000;

    private static string Report(string sentence, string end, int length)
    {
        var report = new StringBuilder();
        while (report.Length < length)
        {
            report.Append(sentence);
        }
        return report.Append(end).ToString();
    }

    private async Task<(Practice Practice, string Description, string Title)> PastedAsync()
    {
        // Greek (two UTF-8 bytes a letter) with its accents, a line break between paragraphs, as pasted from a word processor.
        var description = Report("Το πρόγραμμα «Ανοιχτές πόρτες» προσφέρει γλωσσική διαμεσολάβηση στα κέντρα υγείας της Κρήτης.\n", "Τέλος της έκθεσης.", 10 * 1024 * 1024);
        var title = Report("Ένταξη προσφύγων στην Κρήτη μέσω της εργασίας; ", "τέλος.", 1024 * 1024);
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "el", change: p =>
        {
            ReviewApplication.Set(p, "description", JsonSerializer.Serialize(description), description);
            ReviewApplication.Set(p, "title", JsonSerializer.Serialize(title), title);
        });
        return (practice, description, title);
    }

    [Fact]
    public async Task The_page_of_a_practice_with_a_ten_megabyte_answer_stays_under_a_megabyte_in_every_label_language_and_links_the_whole_text()
    {
        var (practice, description, title) = await PastedAsync();
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        foreach (var ui in Regin.Core.Languages.All)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var response = await client.GetAsync($"{path}?ui={ui}");
            var html = await response.Content.ReadAsStringAsync();
            // Printed, never asserted (tests/review-ab.sh measures speed).
            Console.WriteLine($"{ui}: {html.Length:N0} characters in {clock.ElapsedMilliseconds} ms");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(html.Length < PageLimit, $"the practice page in {ui} is {html.Length:N0} characters");
            // The heading's title cut as the list cuts it; the description cut, with its length and the link to it.
            var heading = HeadingTitle().Match(html);
            Assert.True(heading.Success);
            Assert.Equal(ReviewQueries.Cut(title, ReviewQueries.ListTitleChars), WebUtility.HtmlDecode(heading.Groups[1].Value));
            var row = Row().Match(html.Replace("\n", " ", StringComparison.Ordinal));
            Assert.True(row.Success, "no row for the description");
            var words = WebUtility.HtmlDecode(Original().Match(row.Value).Groups[1].Value).Replace("\n", " ", StringComparison.Ordinal);
            Assert.Equal(description[..ReviewQueries.ShownAnswerChars].Replace("\n", " ", StringComparison.Ordinal) + "…", words);
            Assert.Contains($"<a class=\"show-all\" href=\"{path}/answers/description/text\">show all ({description.Length:N0} characters)</a>", html, StringComparison.Ordinal);
            Assert.Contains($"<a class=\"edit-whole\" href=\"{path}/answers/description/edit\">", html, StringComparison.Ordinal);
            // The edit field is empty, not 10 MB a second time.
            Assert.Matches("<textarea name=\"text\" maxlength=\"5000\"></textarea>", row.Value);
        }

        var text = await client.GetAsync($"{path}/answers/description/text");
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal("text/plain", text.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", text.Content.Headers.ContentType?.CharSet);
        Assert.Equal(description, Encoding.UTF8.GetString(await text.Content.ReadAsByteArrayAsync()));
        Assert.Equal(title, await client.GetStringAsync($"{path}/answers/title/text"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{path}/answers/no_such_question/text")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/review/practices/REGIN-999999/answers/description/text")).StatusCode);
        // Signed out: no text.
        Assert.NotEqual(HttpStatusCode.OK, (await app.Client().GetAsync($"{path}/answers/description/text")).StatusCode);
        // Nothing lost: the stored answer is whole.
        Assert.Equal(description, await app.WithDbAsync(db => db.Answers.Where(a => a.PracticeId == practice.Id && a.QuestionId == "description").Select(a => a.Original).SingleAsync()));
    }

    [Fact]
    public async Task A_long_answer_is_edited_on_its_own_page_kept_whole_when_refused_and_saved_shortened()
    {
        var (practice, description, _) = await PastedAsync();
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        var edit = $"{path}/answers/description/edit";
        var page = await client.GetStringAsync(edit);
        var field = EditText().Match(page);
        Assert.True(field.Success);
        Assert.Equal(description, WebUtility.HtmlDecode(field.Groups[1].Value));
        var token = await ReviewApplication.TokenAsync(client, edit);
        var version = ReviewApplication.Version(page);

        // Shortened, still too long: refused (an answer holds at most 5,000 characters), shown back whole on the edit page.
        var tooLong = description[..6_000];
        var refused = await ReviewApplication.PostFormAsync(client, $"{path}/answers/description", token, ("text", tooLong), ("reason", "shortened"), ("version", version));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var shownBack = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"edit-form\"", shownBack, StringComparison.Ordinal);
        Assert.Equal(tooLong, WebUtility.HtmlDecode(EditText().Match(shownBack).Groups[1].Value));
        Assert.Contains("id=\"problem\"", shownBack, StringComparison.Ordinal);

        // Cut to its first paragraph by the researcher: saved, logged, and the page small again with the 10 MB in the log.
        var summary = description[..description.IndexOf('\n', StringComparison.Ordinal)];
        var saved = await ReviewApplication.PostFormAsync(client, $"{path}/answers/description", token, ("text", summary), ("reason", "ο συντελεστής επικόλλησε ολόκληρη την έκθεση"), ("version", version));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.StartsWith($"{path}?done=edited", saved.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(summary, await client.GetStringAsync($"{path}/answers/description/text"));
        var after = await client.GetStringAsync(path);
        Assert.True(after.Length < PageLimit, $"the practice page after the edit is {after.Length:N0} characters");
        var logged = await app.WithDbAsync(db => db.PracticeEvents.Where(e => e.PracticeId == practice.Id && e.QuestionId == "description").OrderBy(e => e.Id).Select(e => e.OldValue).ToListAsync());
        Assert.Equal(JsonSerializer.Serialize(description), Assert.Single(logged));

        // A version from before that save is refused as stale (409), her text kept whole on the edit page.
        var stale = await ReviewApplication.PostFormAsync(client, $"{path}/answers/description", token, ("text", description[..4000]), ("reason", "again"), ("version", version));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains($"{practice.Reference} was changed after you opened it", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{path}/answers/no_such_question/edit")).StatusCode);
    }

    [GeneratedRegex("<span id=\"title\"><bdi[^>]*>([^<]*)</bdi></span>")]
    private static partial Regex HeadingTitle();

    [GeneratedRegex("<tr id=\"q-description\".*?</tr>")]
    private static partial Regex Row();

    [GeneratedRegex("<td class=\"original\"[^>]*><bdi[^>]*>([^<]*)</bdi>")]
    private static partial Regex Original();

    [GeneratedRegex("<textarea name=\"text\" id=\"edit-text\"[^>]*>([^<]*)</textarea>")]
    private static partial Regex EditText();
}

public sealed class LongAnswerPageTestsOnSqlite(ReviewApplication app) : LongAnswerPageTests<ReviewApplication>(app);

public sealed class LongAnswerPageTestsOnPostgreSql(PostgreSqlReviewApplication app) : LongAnswerPageTests<PostgreSqlReviewApplication>(app);
