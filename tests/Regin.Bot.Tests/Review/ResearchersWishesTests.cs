using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Tests.Review;

/// <summary>
/// What researchers still missed after session 43's day on the review screens (review44): a stale edit named by the
/// question's number and label and by what the other person changed, an edit that changes nothing left out of the log,
/// a mail's headers decoded, the researchers' reading in the exports, a search that finds other forms of a word, and
/// region names shared by several regions or written in other languages. Both providers.
/// </summary>
public abstract partial class ResearchersWishesTests<TApplication>(TApplication app) : IClassFixture<TApplication>
    where TApplication : ReviewApplication
{
    private QuestionnaireDefinition Questionnaire => app.Services.GetRequiredService<QuestionnaireDefinition>();

    [Fact]
    public async Task A_stale_edit_names_the_question_by_number_and_label_and_says_who_changed_it_when_and_to_what()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "el", change: p =>
            ReviewApplication.Set(p, "budget_eur", "1200000", "1.200.000 €"));
        var (mine, colleague, path, page, token) = await app.TwoResearchersAsync(practice, "de");

        var theirs = await ReviewApplication.EditAnswerAsync(colleague, path, "budget_eur", "1,300,000 EUR", "διόρθωση από το τηλέφωνο");
        Assert.Equal(HttpStatusCode.Redirect, theirs.StatusCode);

        var refused = await ReviewApplication.PostFormAsync(mine, path + "/answers/budget_eur", token,
            ("text", "1.200.000 €"), ("reason", "laut Mail vom Montag"), ("version", ReviewApplication.Version(page)));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = WebUtility.HtmlDecode(Regex.Match(await refused.Content.ReadAsStringAsync(), "id=\"problem\">(.*?)</div>", RegexOptions.Singleline).Groups[1].Value);
        var budget = Questionnaire.Questions.Select((q, i) => (q, i)).Single(x => x.q.Id == "budget_eur");
        // Its label in her label language, marked so (session 51).
        Assert.Contains($"{budget.i + 1}. <span lang=\"de\">{budget.q.Label.In("de")}</span>", problem, StringComparison.Ordinal);
        Assert.Contains($"researcher:{ReviewApplication.AdminEmail} changed", problem, StringComparison.Ordinal);
        Assert.Contains("1.300.000", problem, StringComparison.Ordinal); // the value now, as the page shows it in German
        Assert.Contains("→", problem, StringComparison.Ordinal);
        Assert.Contains("διόρθωση από το τηλέφωνο", problem, StringComparison.Ordinal);
        Assert.Matches(@"at \d{4}-\d\d-\d\d \d\d:\d\d UTC", problem);
        Assert.DoesNotContain("answer edited budget_eur", problem, StringComparison.Ordinal);
        Assert.Contains("What you wrote (not saved): 1.200.000 €", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edit_that_reads_as_the_answer_already_does_is_neither_saved_nor_logged()
    {
        // A budget the first edit changes: the seeder draws 10,000 to 909,000 €, 220,000 among them (the first edit would
        // then change nothing, and the original stay the seeder's).
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "de", change: p =>
            ReviewApplication.Set(p, "budget_eur", "150000", "150.000 €"));
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        var first = await ReviewApplication.PostFormAsync(client, path + "/answers/budget_eur", await ReviewApplication.TokenAsync(client, path + "?ui=de"),
            ("text", "220.000 €"), ("reason", "laut Antrag"), ("version", ReviewApplication.Version(await client.GetStringAsync(path))));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var before = await app.WithDbAsync(db => db.Practices.Where(p => p.Id == practice.Id).Select(p => new { p.ConcurrencyStamp, Events = db.PracticeEvents.Count(e => e.PracticeId == p.Id) }).SingleAsync());

        var again = await ReviewApplication.PostFormAsync(client, path + "/answers/budget_eur", await ReviewApplication.TokenAsync(client, path),
            ("text", "220000 EUR"), ("reason", "nochmal geprüft"), ("version", ReviewApplication.Version(await client.GetStringAsync(path))));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("done=unchanged", again.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var after = await app.WithDbAsync(db => db.Practices.Where(p => p.Id == practice.Id).Select(p => new { p.ConcurrencyStamp, Events = db.PracticeEvents.Count(e => e.PracticeId == p.Id) }).SingleAsync());
        Assert.Equal(before, after);
        Assert.Equal("220.000 €", await app.WithDbAsync(db => db.Answers.Where(a => a.PracticeId == practice.Id && a.QuestionId == "budget_eur").Select(a => a.Original).SingleAsync()));
        Assert.Contains("Nothing was changed", await client.GetStringAsync(again.Headers.Location!.OriginalString), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mail_shows_its_from_to_subject_and_date_decoded_above_the_raw_text_and_never_as_html()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "el");
        var mail = string.Join("\r\n",
            "From: =?utf-8?b?zpXOu86tzr3OtyDOoM6xz4DOsc60zr/PgM6/z43Ou86/z4U=?= <e.papadopoulou@pkm.gov.gr>",
            "To: REGIN <regin@regin.test>",
            "Subject: =?iso-8859-7?q?=D0=F1=E1=EA=F4=E9=EA=DE_=E5=ED=F3=F9=EC=DC=F4=F9=F3=E7=F2?= =?utf-8?q?<script>alert(1)</script>?=",
            "Cc: =?x-unknown-charset?q?Nikos_M=FCller?= <n.mueller@example.org>",
            "Date: Thu, 3 Dec 2026 09:14:02 +0200",
            "Content-Type: text/plain; charset=utf-8",
            "",
            "Καλημέρα σας, σας στέλνω την πρακτική.");
        await app.WithDbAsync(async db =>
        {
            db.RawInputs.Add(new RawInput { PracticeId = practice.Id, Channel = "email", DedupKey = Guid.NewGuid().ToString(), ContentType = "message/rfc822", Content = System.Text.Encoding.UTF8.GetBytes(mail) });
            return await db.SaveChangesAsync();
        });
        var client = await app.SignedInAsync();
        var html = await client.GetStringAsync($"/review/practices/{practice.Reference}");
        var headings = Regex.Match(html, "<dl class=\"meta mail-headings\">(.*?)</dl>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("<dt>From</dt><dd><bdi>Ελένη Παπαδοπούλου &lt;e.papadopoulou@pkm.gov.gr&gt;</bdi></dd>", headings, StringComparison.Ordinal);
        Assert.Contains("Πρακτική ενσωμάτωσης", headings, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", headings, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Cc</dt><dd><bdi>", headings, StringComparison.Ordinal);
        Assert.Contains("n.mueller@example.org", headings, StringComparison.Ordinal);
        Assert.Contains("2026-12-03 07:14 UTC", headings, StringComparison.Ordinal);
        // The raw text is still there as received.
        Assert.Contains("=?utf-8?b?zpXOu86tzr3OtyDOoM6xz4DOsc60zr/PgM6/z43Ou86/z4U=?=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_exports_carry_the_researchers_categorisation_and_assessment()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.NeedsChanges, language: "sv");
        var admin = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        var path = $"/review/practices/{practice.Reference}";
        var page = await admin.GetStringAsync(path);
        var fields = new List<(string, string)>
        {
            ("version", ReviewApplication.Version(page)), ("categorised", "true"), ("area", "language"), ("area", "labour_market"), ("group", "women"),
            ("inspiring_communication", "Språkcafé med volontärer, två gånger i veckan"), ("improvement_communication", "-Mer info på arabiska"),
            ("inspiring_inclusion", "=HYPERLINK(\"http://x\")"),
        };
        var saved = await ReviewApplication.PostFormAsync(admin, path + "/assessment", await ReviewApplication.TokenAsync(admin, path), [.. fields]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var json = JsonNode.Parse(await admin.GetStringAsync("/review/export/download?format=json&status=needs_changes"))!.AsArray();
        var mine = json.Single(p => p!["reference"]!.GetValue<string>() == practice.Reference)!;
        Assert.Equal(["labour_market", "language"], mine["categorisation"]!["integration_areas"]!.AsArray().Select(a => a!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(["women"], mine["categorisation"]!["target_groups"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("Språkcafé med volontärer, två gånger i veckan", mine["assessment"]!["communication"]!["inspiring_elements"]!.GetValue<string>());
        Assert.Equal("-Mer info på arabiska", mine["assessment"]!["communication"]!["room_for_improvement"]!.GetValue<string>());
        Assert.All(json, p => Assert.NotNull(p!["assessment"]!.AsObject()));

        var csvText = await admin.GetStringAsync("/review/export/download?format=csv&status=needs_changes&lang=sv");
        var lines = csvText.TrimStart('\uFEFF').Split("\r\n");
        var header = Cells(lines[0]);
        var row = Cells(lines.Single(l => l.Contains($"\"{practice.Reference}\"", StringComparison.Ordinal)));
        string Cell(string name) => row[Array.IndexOf(header, name)];
        Assert.Equal(["labour_market", "language"], Cell("researchers_integration_areas").Split("; ").Order(StringComparer.Ordinal));
        Assert.Equal("women", Cell("researchers_target_groups"));
        Assert.NotEqual("", Cell("researchers_target_groups_label"));
        Assert.Equal("Språkcafé med volontärer, två gånger i veckan", Cell("assessment_communication_inspiring"));
        Assert.Equal("'-Mer info på arabiska", Cell("assessment_communication_improvement"));
        Assert.Equal("'=HYPERLINK(\"http://x\")", Cell("assessment_inclusion_inspiring"));

        var regions = JsonNode.Parse(await admin.GetStringAsync("/review/export/download?format=regions&status=needs_changes"))!["regions"]!.AsObject();
        Assert.All(regions, r => Assert.NotNull(r.Value!["target_groups"]));
        Assert.True(regions.Sum(r => r.Value!["categorised"]!.GetValue<int>()) >= 1);
        Assert.True(regions.Sum(r => r.Value!["assessed"]!.GetValue<int>()) >= 1);
    }

    [Theory]
    [InlineData("el", "Στήριξη για πρόσφυγες στη Θεσσαλονίκη", "πρόσφυγας")]
    [InlineData("de", "Sprachpatenschaften für Geflüchtete in Oberbayern", "Gefluechtete")]
    [InlineData("it", "Corsi di italiano per ogni rifugiato in Puglia", "rifugiati")]
    [InlineData("fr", "Accompagnement des femmes réfugiées vers l'emploi", "refugiee")]
    [InlineData("it", "Sportello salute per donne migranti a Bari", "salute donne")]
    [InlineData("it", "Salute e benessere delle donne straniere", "Salute")]
    public async Task A_search_finds_other_forms_of_the_word_and_german_written_without_umlauts(string language, string title, string typed)
    {
        var marker = "zq" + Guid.NewGuid().ToString("N")[..8];
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: language,
            change: p => ReviewApplication.Set(p, "title", System.Text.Json.JsonSerializer.Serialize(title + " " + marker), title + " " + marker));
        var client = await app.SignedInAsync();
        var list = await client.GetStringAsync("/review?q=" + Uri.EscapeDataString(typed + " " + marker));
        Assert.Contains($"data-reference=\"{practice.Reference}\"", list, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Μακεδονία", "EL52", "EL51")]
    [InlineData("Macedonia", "EL53", "EL52")]
    [InlineData("Sud della Svezia", "SE22", null)]
    [InlineData("Südschweden", "SE224", null)]
    public async Task A_region_filter_takes_a_name_several_regions_share_or_one_written_in_another_language(string typed, string region, string? alsoNamed)
    {
        var country = region[..2] == "EL" ? "GR" : region[..2];
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, change: p =>
        {
            ReviewApplication.Set(p, "country", $"\"{country}\"");
            ReviewApplication.Set(p, "region", $"\"{region}\"");
        });
        var client = await app.SignedInAsync();
        var list = await client.GetStringAsync($"/review?size=200&status=submitted&region={Uri.EscapeDataString(typed)}");
        Assert.Contains($"data-reference=\"{practice.Reference}\"", list, StringComparison.Ordinal);
        var reading = Regex.Match(list, "id=\"f-region-reading\">([^<]*)<").Groups[1].Value;
        Assert.NotEqual("no region has this name", reading);
        if (alsoNamed is not null)
        {
            Assert.Contains(alsoNamed, reading, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_practice_sent_back_after_a_request_shows_so_on_the_list_and_its_page_with_what_changed_since()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "el", channel: Channels.Chat, change: p =>
            ReviewApplication.Set(p, "budget_eur", "120000", "120.000 €"));
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        await client.GetStringAsync(path + "?ui=en"); // the account keeps the label language another test picked
        var requested = await ReviewApplication.PostFormAsync(client, path + "/request-changes", await ReviewApplication.TokenAsync(client, path),
            ("message", "Παρακαλώ διορθώστε την ερώτηση 23: ο προϋπολογισμός φαίνεται χαμηλός."), ("version", ReviewApplication.Version(await client.GetStringAsync(path))));
        Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);
        var waiting = await client.GetStringAsync(path);
        Assert.Contains("the contributor has not sent it back yet", waiting, StringComparison.Ordinal);

        // The contributor answers again in the chat and sends it back (the intake's own calls, as the chat makes them).
        await app.ContributorSendsBackAsync(practice, "budget_eur", "1.300.000 €", "el");

        var list = await client.GetStringAsync("/review?status=submitted&q=" + Uri.EscapeDataString(practice.Reference));
        var row = Regex.Match(list, $"<tr[^>]*data-reference=\"{practice.Reference}\".*?</tr>", RegexOptions.Singleline).Value;
        Assert.Matches(@"sent back \d{4}-\d\d-\d\d \d\d:\d\d", row);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(path));
        var panel = Regex.Match(page, "id=\"sent-back\">(.*?)</div>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("Sent back by the contributor on", panel, StringComparison.Ordinal);
        Assert.Contains("ο προϋπολογισμός φαίνεται χαμηλός", panel, StringComparison.Ordinal);
        var budget = Questionnaire.Questions.Select((q, i) => (q, i)).Single(x => x.q.Id == "budget_eur");
        Assert.Contains($"{budget.i + 1}. {budget.q.Label.In("en")}: “", panel, StringComparison.Ordinal);
        Assert.Contains("1,300,000", panel, StringComparison.Ordinal);
    }

    private static string[] Cells(string line) =>
        [.. Regex.Matches(line, "\"((?:[^\"]|\"\")*)\"").Select(m => m.Groups[1].Value.Replace("\"\"", "\"", StringComparison.Ordinal))];
}

public sealed class ResearchersWishesTestsOnSqlite(ReviewApplication app) : ResearchersWishesTests<ReviewApplication>(app);

public sealed class ResearchersWishesTestsOnPostgreSql(PostgreSqlReviewApplication app) : ResearchersWishesTests<PostgreSqlReviewApplication>(app);
