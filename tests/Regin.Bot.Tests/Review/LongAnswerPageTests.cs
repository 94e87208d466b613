using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Regin.Bot.Review;
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

    [Fact]
    public async Task A_long_text_answer_is_shown_once_and_an_answer_read_from_words_shows_both()
    {
        // A Spanish official in a hurry, through the practice page's own edit form (the answer checked like the contributor's):
        // no accents, two spaces after a full stop, a paragraph break, a trailing space; the stored value is the same words.
        var opening = "El proyecto  Puertas abiertas ofrece mediacion linguistica en los centros de salud de Murcia.";
        var paragraph = new StringBuilder(opening);
        var n = 0;
        while (paragraph.Length < 2_600)
        {
            paragraph.Append($" Semana {++n}: las mediadoras acompanan a las familias recien llegadas a la consulta,  explican las citas y traducen las recetas.");
            if (n % 4 == 0)
            {
                paragraph.Append("\n\n");
            }
        }
        var typed = paragraph.Append("Seguimos en 2027 ").ToString();
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "es");
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        foreach (var (question, text) in new[] { ("description", typed), ("integration_areas", "salud y escuela"), ("start_date", "marzo del 2021") })
        {
            var saved = await ReviewApplication.EditAnswerAsync(client, path, question, text, "lo dijo por telefono");
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        var stored = await app.WithDbAsync(db => db.Answers.Where(a => a.PracticeId == practice.Id && a.QuestionId == "description").Select(a => new { a.ValueJson, a.Original }).SingleAsync());
        Assert.Equal(typed, stored.Original);
        Assert.True(ReviewPracticeScreen.SameWords(JsonSerializer.Deserialize<string>(stored.ValueJson!)!, stored.Original), stored.ValueJson);

        var html = (await client.GetStringAsync(path)).Replace("\n", " ", StringComparison.Ordinal);
        Assert.True(html.Length < PageLimit);
        // The words once (the value cell says whose they are), cut at 2,000 with the link to the whole.
        Assert.Equal(1, Regex.Count(html, Regex.Escape(WebUtility.HtmlEncode(opening[..60]))));
        var row = Row().Match(html);
        Assert.True(row.Success);
        Assert.Contains("<td class=\"value\" data-label=\"Value\"><span class=\"muted as-written\">as the contributor wrote it</span></td>", row.Value, StringComparison.Ordinal);
        Assert.StartsWith(opening, WebUtility.HtmlDecode(Original().Match(row.Value).Groups[1].Value), StringComparison.Ordinal);
        Assert.Contains($"show all ({typed.Length:N0} characters)", row.Value, StringComparison.Ordinal);
        // Read from words: the codes and the date as stored, and what she wrote, both.
        foreach (var (question, value, words) in new[] { ("integration_areas", "[health]", "salud y escuela"), ("start_date", "2021", "marzo del 2021") })
        {
            var answer = Regex.Match(html, $"<tr id=\"q-{question}\".*?</tr>");
            Assert.True(answer.Success, question);
            Assert.DoesNotContain("as-written", answer.Value, StringComparison.Ordinal);
            Assert.Matches($"<td class=\"value\"[^>]*>.*{Regex.Escape(value)}.*</td><td class=\"original\"", answer.Value);
            Assert.Contains($">{words}</bdi>", answer.Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_long_held_change_a_long_flag_and_a_long_request_are_cut_on_the_practice_page()
    {
        // An unverified mail proposing a whole leaflet as the description (kept as a held change), a flag whose detail
        // quotes a long text, and a researcher's long request to the contributor (the form takes 5,000 characters).
        var leaflet = Report("Lo sportello «Porte aperte» accompagna le famiglie arrivate da poco: iscrizione a scuola, medico di base, corsi di italiano. ", "Fine del volantino.", 12_000);
        var quoted = Report("vedi allegato, non riesco a copiare la tabella ", "fine.", 6_000);
        var (practice, _) = await app.HeldChangeAsync("it", "description", "mittente non verificato: comune.bari@gmail.com", leaflet, p =>
            p.Flags.Add(new Flag { QuestionId = "results", Reason = Regin.Core.Normalisation.FlagReasons.AnswerRemark, Detail = quoted }));
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        var request = Report("Buongiorno, nella descrizione manca il numero di famiglie seguite nel 2025 e il nome dei partner. ", "Grazie, Giulia", 4_800);
        var asked = await ReviewApplication.PostFormAsync(client, path + "/request-changes", await ReviewApplication.TokenAsync(client, path),
            ("message", request), ("version", ReviewApplication.Version(await client.GetStringAsync(path))));
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Contains(request, await app.WithDbAsync(db => db.ContributorNotifications.Where(n => n.PracticeId == practice.Id).Select(n => n.Text).SingleAsync()), StringComparison.Ordinal);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync(path));
        // Each cut at 2,000 characters: none of their ends is on the page, their beginnings are.
        // (The request is framed in the contributor's language: its first 1,000 characters are inside the cut.)
        foreach (var (text, end, shown) in new[] { (leaflet, "Fine del volantino.", ReviewQueries.ShownAnswerChars), (quoted, "tabella fine.", ReviewQueries.ShownAnswerChars), (request, "Grazie, Giulia", 1_000) })
        {
            Assert.DoesNotContain(end, html, StringComparison.Ordinal);
            Assert.Contains(text[..shown], html, StringComparison.Ordinal);
        }
        Assert.Contains($"({leaflet.Length:N0} characters)", html, StringComparison.Ordinal);
        Assert.Contains($"({quoted.Length:N0} characters)", html, StringComparison.Ordinal);
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
