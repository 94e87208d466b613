using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Regin.Bot.Review;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Tests.Review;

/// <summary>
/// What a researcher types on a busy morning (session 39's researcher's day): a reference as she remembers it, a region by
/// its name, a practice moved to the region it really belongs to. Both providers: <see cref="ResearchersDayTestsOnSqlite"/>,
/// <see cref="ResearchersDayTestsOnPostgreSql"/>.
/// </summary>
public abstract partial class ResearchersDayTests<TApplication>(TApplication app) : IClassFixture<TApplication>
    where TApplication : ReviewApplication
{
    [Fact]
    public async Task A_reference_typed_in_a_hurry_finds_the_practice_in_the_search_the_address_and_the_duplicate_form()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "de");
        var client = await app.SignedInAsync();
        var n = practice.Number;
        foreach (var typed in new[] { $"regin {n}", $"REGIN{n}", $"Regin {n:D4}", $"regin-0{n}", $"REGIN-{n:D4}", $"#{n}" })
        {
            var list = await client.GetStringAsync("/review?q=" + Uri.EscapeDataString(typed));
            Assert.True(list.Contains($"data-reference=\"{practice.Reference}\"", StringComparison.Ordinal), $"\"{typed}\" did not find {practice.Reference}");
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/review/practices/regin%20{n}")).StatusCode);

        var duplicate = await app.NewPracticeAsync(PracticeStatus.Submitted, channel: Channels.Chat);
        var path = $"/review/practices/{duplicate.Reference}";
        var marked = await ReviewApplication.PostFormAsync(client, path + "/duplicate", await ReviewApplication.TokenAsync(client, path), ("of", $"regin {n}"));
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        Assert.Contains($"<a href=\"/review/practices/{practice.Reference}\">{practice.Reference}</a>", await client.GetStringAsync(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Galicia", "ES", "ES11")]
    [InlineData("Apulia", "IT", "ITF4")]
    [InlineData("Skåne", "SE", "SE224")]
    [InlineData("itf", "IT", "ITF4")]
    public async Task The_region_filter_takes_a_region_by_its_name_or_a_code_as_typed(string typed, string country, string region)
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, change: p =>
        {
            ReviewApplication.Set(p, "country", $"\"{country}\"");
            ReviewApplication.Set(p, "region", $"\"{region}\"");
        });
        var client = await app.SignedInAsync();
        var list = await client.GetStringAsync($"/review?size=200&status=submitted&region={Uri.EscapeDataString(typed)}");
        Assert.Contains($"data-reference=\"{practice.Reference}\"", list, StringComparison.Ordinal);
        Assert.Contains($"value=\"{typed}\"", WebUtility.HtmlDecode(list), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_region_filter_no_region_is_called_says_so()
    {
        var client = await app.SignedInAsync();
        var list = await client.GetStringAsync("/review?region=Atlantis");
        Assert.Equal("0 found", Regex.Match(list, "id=\"total\">([^<]*)<").Groups[1].Value);
        Assert.Equal("no region has this name", Regex.Match(list, "id=\"f-region-reading\">([^<]*)<").Groups[1].Value);
    }

    [Theory]
    // Sent from Galicia, but it is Puglia's: each answer alone refuses the other ("Puglia is in Italy, but ... Spain").
    [InlineData("es", "ES", "España", "ES11", "Galicia", "Italia", "Puglia", "IT", "ITF4")]
    // Greece is EL in NUTS and GR in ISO: a Cypriot practice that is Central Macedonia's moves to GR, EL52.
    [InlineData("el", "CY", "Κύπρος", "CY00", "Κύπρος", "Ελλάδα", "Κεντρική Μακεδονία", "GR", "EL52")]
    public async Task A_practice_moves_to_another_country_when_the_researcher_names_its_region_and_the_country_follows(
        string language, string fromCountry, string fromCountryTyped, string fromRegion, string fromRegionTyped, string countryTyped, string regionTyped, string country, string region)
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: language, change: p =>
        {
            ReviewApplication.Set(p, "country", $"\"{fromCountry}\"", fromCountryTyped);
            ReviewApplication.Set(p, "region", $"\"{fromRegion}\"", fromRegionTyped);
        });
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        var page = await client.GetStringAsync(path);
        var countryAlone = await ReviewApplication.PostFormAsync(client, path + "/answers/country", await ReviewApplication.TokenAsync(client, path),
            ("text", countryTyped), ("reason", "another region's practice, sent by a partner"), ("version", ReviewApplication.Version(page)));
        Assert.Equal(HttpStatusCode.BadRequest, countryAlone.StatusCode);

        var moved = await ReviewApplication.PostFormAsync(client, path + "/answers/region", await ReviewApplication.TokenAsync(client, path),
            ("text", regionTyped), ("reason", "another region's practice, sent by a partner"), ("version", ReviewApplication.Version(page)));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Contains("done=moved", moved.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var answers = await app.WithDbAsync(db => db.Answers.Where(a => a.PracticeId == practice.Id && (a.QuestionId == "country" || a.QuestionId == "region"))
            .ToDictionaryAsync(a => a.QuestionId, a => a.ValueJson));
        Assert.Equal($"\"{country}\"", answers["country"]);
        Assert.Equal($"\"{region}\"", answers["region"]);
        var logged = await app.WithDbAsync(db => db.PracticeEvents.Where(e => e.PracticeId == practice.Id && e.Kind == "answer_edited").Select(e => new { e.QuestionId, e.Reason }).ToListAsync());
        Assert.Equal(["country", "region"], logged.Select(e => e.QuestionId!).Order(StringComparer.Ordinal));
        Assert.All(logged, e => Assert.Equal("another region's practice, sent by a partner", e.Reason));
        Assert.Contains("the country follows it", await client.GetStringAsync(moved.Headers.Location!.OriginalString), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_way_back_from_a_practice_is_the_list_as_she_left_it_and_carries_nothing_else()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted);
        var client = await app.SignedInAsync();
        await client.GetStringAsync("/review?q=" + Uri.EscapeDataString("Integration Sprachkurs") + "&country=DE&status=submitted&sort=updated&dir=desc&page=1&done=forged");
        var page = await client.GetStringAsync($"/review/practices/{practice.Reference}");
        var back = WebUtility.HtmlDecode(BackLink().Match(page).Groups[1].Value);
        Assert.Equal("/review?q=Integration%20Sprachkurs&country=DE&status=submitted&sort=updated&dir=desc&page=1", back);
    }

    [Theory]
    // What the contributor typed and what she typed over it, in the log as written: stored JSON escapes every letter
    // beyond ASCII, and the log showed "region sk\u00E5ne", a Greek answer entirely as \u03.. (review43).
    [InlineData("sv", "region skåne", "Region Skåne", "stor bokstav")]
    [InlineData("el", "περιφερεια κεντρικης μακεδονιας", "Περιφέρεια Κεντρικής Μακεδονίας", "τόνοι και κεφαλαία")]
    [InlineData("de", "regierung v. oberbayern", "Regierung von Oberbayern – Sachgebiet Integration", "ausgeschrieben")]
    public async Task The_log_shows_an_answer_as_it_was_written_not_as_escaped_json(string language, string typed, string corrected, string reason)
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: language,
            change: p => ReviewApplication.Set(p, "lead_organisation", System.Text.Json.JsonSerializer.Serialize(typed), typed));
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        var page = await client.GetStringAsync(path);
        var edited = await ReviewApplication.PostFormAsync(client, path + "/answers/lead_organisation", await ReviewApplication.TokenAsync(client, path),
            ("text", corrected), ("reason", reason), ("version", ReviewApplication.Version(page)));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);

        var log = WebUtility.HtmlDecode(Regex.Match(await client.GetStringAsync(path), "<table id=\"log\">.*?</table>", RegexOptions.Singleline).Value);
        var row = Regex.Match(log, "<tr data-kind=\"answer_edited\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains($"\"{typed}\"", row, StringComparison.Ordinal);
        Assert.Contains($"\"{corrected}\"", row, StringComparison.Ordinal);
        Assert.Contains(reason, row, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", log, StringComparison.Ordinal);
        // What is stored stays as it was.
        var stored = await app.WithDbAsync(db => db.PracticeEvents.Where(e => e.PracticeId == practice.Id && e.Kind == "answer_edited").Select(e => e.NewValue).SingleAsync());
        Assert.Equal(corrected, System.Text.Json.JsonSerializer.Deserialize<string>(stored!));
    }

    [Fact]
    public async Task A_flag_on_the_practice_as_a_whole_is_closed_on_its_page_with_the_reason()
    {
        // A mail whose sender was not authenticated flags the practice, not an answer: it had no "Close flag" anywhere.
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "es", change: p =>
            p.Flags.Add(new Flag { Reason = Regin.Core.Normalisation.FlagReasons.SenderNotAuthenticated, Detail = "m.garcia@xunta.gal: spf=pass, dkim=pass, dmarc=pass", CreatedAt = DateTimeOffset.UtcNow }));
        var admin = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        var csv = await admin.GetStringAsync("/review/export/download?format=csv&status=submitted");
        Assert.Contains("practice: sender_not_authenticated (m.garcia@xunta.gal: spf=pass, dkim=pass, dmarc=pass)", csv, StringComparison.Ordinal);

        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        var page = await client.GetStringAsync(path);
        var flags = Regex.Match(page, "<dd id=\"flags\">.*?</dd>", RegexOptions.Singleline).Value;
        var action = Regex.Match(flags, "<form class=\"resolve\" method=\"post\" action=\"([^\"]+)\"").Groups[1].Value;
        Assert.Matches($"^{path}/flags/\\d+/resolve$", action);
        var closed = await ReviewApplication.PostFormAsync(client, action, await ReviewApplication.TokenAsync(client, path), ("reason", "Llamé a la Xunta: la Sra. García lo envió desde su cuenta personal"));
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);

        page = await client.GetStringAsync(path);
        Assert.DoesNotContain("data-reason=\"sender_not_authenticated\"", Regex.Match(page, "<dd id=\"flags\">.*?</dd>", RegexOptions.Singleline).Value, StringComparison.Ordinal);
        var logged = await app.WithDbAsync(db => db.PracticeEvents.Where(e => e.PracticeId == practice.Id && e.Kind == "flag_resolved").SingleAsync());
        Assert.Equal(("researcher:" + ReviewApplication.ResearcherEmail, null, "Llamé a la Xunta: la Sra. García lo envió desde su cuenta personal"), (logged.Actor, logged.QuestionId, logged.Reason));
        csv = await admin.GetStringAsync("/review/export/download?format=csv&status=submitted");
        Assert.DoesNotContain("m.garcia@xunta.gal: spf=pass", csv, StringComparison.Ordinal);
    }

    [Theory]
    // A mail that left its draft incomplete, and a practice asked for changes once already: asking its contributor
    // (again) was refused as "draft: it can go to submitted, rejected, not needs_changes" / "needs_changes already".
    [InlineData(PracticeStatus.Draft, "el", "Παρακαλούμε συμπληρώστε αν επιτρέπετε τη δημοσίευση της πρακτικής.")]
    [InlineData(PracticeStatus.NeedsChanges, "sv", "Och vilket år började ni? Det står inte i svaret.")]
    public async Task A_researcher_asks_a_contributor_who_has_not_answered_yet_and_the_status_stays(string status, string language, string message)
    {
        var practice = await app.NewPracticeAsync(status, language: language);
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        var page = await client.GetStringAsync(path);
        var asked = await ReviewApplication.PostFormAsync(client, path + "/request-changes", await ReviewApplication.TokenAsync(client, path),
            ("message", message), ("version", ReviewApplication.Version(page)));
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Contains("done=requested", asked.Headers.Location!.ToString(), StringComparison.Ordinal);

        var (now, notification, events) = await app.WithDbAsync(async db => (
            await db.Practices.Where(p => p.Id == practice.Id).Select(p => p.Status).SingleAsync(),
            await db.ContributorNotifications.SingleAsync(n => n.PracticeId == practice.Id),
            await db.PracticeEvents.Where(e => e.PracticeId == practice.Id && (e.Kind == "changes_requested" || e.Kind == "status_changed")).Select(e => e.Kind).ToListAsync()));
        Assert.Equal(status, now);
        Assert.Equal(["changes_requested"], events);
        Assert.Equal((Channels.Email, practice.ContributorEmail, language), (notification.Channel, notification.Recipient, notification.Language));
        Assert.Contains(message, notification.Text, StringComparison.Ordinal);
        Assert.Contains(practice.Reference, notification.Subject, StringComparison.Ordinal);
    }

    [GeneratedRegex("<a href=\"([^\"]*)\" id=\"back-to-list\">")]
    private static partial Regex BackLink();
}

public sealed class ResearchersDayTestsOnSqlite(ReviewApplication app) : ResearchersDayTests<ReviewApplication>(app);

public sealed class ResearchersDayTestsOnPostgreSql(PostgreSqlReviewApplication app) : ResearchersDayTests<PostgreSqlReviewApplication>(app);
