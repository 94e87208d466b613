using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Bot.Review;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;

namespace Regin.Bot.Tests.Review;

/// <summary>The exports for the database and the map, and the API alike (ReviewExportEndpoints). Run on both providers: <see cref="ReviewExportTestsOnSqlite"/>, <see cref="ReviewExportTestsOnPostgreSql"/>.</summary>
public abstract class ReviewExportTests<TApplication>(TApplication app) : IClassFixture<TApplication>
    where TApplication : ReviewApplication
{
    [Fact]
    public async Task Researchers_export_approved_practices_in_the_api_shape()
    {
        var approved = await app.NewPracticeAsync(PracticeStatus.Approved);
        var submitted = await app.NewPracticeAsync(PracticeStatus.Submitted);
        var client = await app.SignedInAsync();
        var json = JsonNode.Parse(await client.GetStringAsync("/review/export/download?format=json"))!.AsArray();
        Assert.All(json, p => Assert.Equal("approved", p!["status"]!.GetValue<string>()));
        var mine = json.Single(p => p!["reference"]!.GetValue<string>() == approved.Reference)!;
        foreach (var key in new[] { "id", "reference", "status", "language", "channels", "created", "updated", "answers", "flags" })
        {
            Assert.NotNull(mine[key]);
        }
        Assert.NotNull(mine["answers"]!["region"]!["value"]);
        Assert.NotNull(mine["answers"]!["region"]!["original"]);
        Assert.DoesNotContain(json, p => p!["reference"]!.GetValue<string>() == submitted.Reference);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/review/export/download?format=json&status=submitted")).StatusCode);

        var admin = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        var all = JsonNode.Parse(await admin.GetStringAsync("/review/export/download?format=json"))!.AsArray();
        Assert.Contains(all, p => p!["reference"]!.GetValue<string>() == submitted.Reference);
    }

    [Fact]
    public async Task An_export_of_more_practices_than_one_batch_is_written_as_read_whole_and_in_order()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Regin.Bot.Review.Tools.PracticeSeeder>().SeedAsync(1_100, 11, PracticeStatus.Rejected);
        }
        var admin = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        using var response = await admin.GetAsync("/review/export/download?format=json&status=rejected", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Streamed: the length is not known when the headers go out (the export is not built in memory first).
        Assert.Null(response.Content.Headers.ContentLength);
        var practices = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        var exported = practices.Select(p => p!["reference"]!.GetValue<string>()).ToList();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Regin.Core.Persistence.ReginDbContext>();
            var numbers = await db.Practices.Where(p => p.Status == PracticeStatus.Rejected).OrderBy(p => p.Number).Select(p => p.Number).ToListAsync();
            Assert.Equal(numbers.Select(Practice.FormatReference), exported);
        }
        Assert.True(exported.Count >= 1_100);
        // Each batch reads its practices' answers, open flags and consent by the batch's ids (session 57): the practices on
        // either side of each batch's edge (50, then 500 a batch) are written as the API writes one practice, read whole.
        using var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ReviewApplication.ApiToken);
        foreach (var index in new[] { 0, 49, 50, 549, 550, 1049, 1050, practices.Count - 1 })
        {
            var listed = practices[index]!;
            var one = JsonNode.Parse(await api.GetStringAsync($"/api/practices/{listed["id"]}"))!;
            Assert.True(JsonNode.DeepEquals(one, listed), $"{index}: {one.ToJsonString()}\n{listed.ToJsonString()}");
        }
    }

    [Fact]
    public async Task The_csv_has_one_column_per_question_with_labels_in_the_chosen_language()
    {
        var approved = await app.NewPracticeAsync(PracticeStatus.Approved, change: p =>
            ReviewApplication.Set(p, "integration_areas", "[\"education\",\"language\"]"));
        var client = await app.SignedInAsync();
        var response = await client.GetAsync("/review/export/download?format=csv&lang=fr");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var csv = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToList();
        foreach (var question in new[] { "title", "country", "region", "integration_areas", "start_date", "consent_publish" })
        {
            Assert.Contains(question, header);
            Assert.Contains(question + "_original", header);
        }
        Assert.Contains("integration_areas_label", header);
        var row = lines.Single(l => l.Contains(approved.Reference, StringComparison.Ordinal));
        Assert.Contains("\"education; language\"", row, StringComparison.Ordinal);
        Assert.Contains("Éducation", row, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_region_summary_is_keyed_by_nuts_code_with_counts_by_integration_area()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Approved, change: p =>
        {
            ReviewApplication.Set(p, "country", "\"IT\"");
            ReviewApplication.Set(p, "region", "\"ITF4\"");
            ReviewApplication.Set(p, "integration_areas", "[\"education\"]");
        });
        await app.NewPracticeAsync(PracticeStatus.Approved, change: p =>
        {
            ReviewApplication.Set(p, "country", "\"GR\"");
            ReviewApplication.Set(p, "region", "\"EL\"");
            ReviewApplication.Set(p, "integration_areas", "[\"health\"]");
        });
        var client = await app.SignedInAsync();
        var summary = JsonNode.Parse(await client.GetStringAsync("/review/export/download?format=regions"))!;
        var puglia = summary["regions"]!["ITF4"]!;
        Assert.Equal("IT", puglia["country"]!.GetValue<string>());
        Assert.True(puglia["practices"]!.GetValue<int>() >= 1);
        Assert.True(puglia["integration_areas"]!["education"]!.GetValue<int>() >= 1);
        Assert.Equal(2, puglia["level"]!.GetValue<int>());
        // A practice run in the whole of Greece: NUTS level 0, keyed as NUTS writes the country (EL).
        var greece = summary["regions"]!["EL"]!;
        Assert.Equal(0, greece["level"]!.GetValue<int>());
        Assert.Equal("GR", greece["country"]!.GetValue<string>());
        Assert.True(greece["practices"]!.GetValue<int>() >= 1);

        var api = app.Client();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ReviewApplication.ApiToken);
        var geo = await api.GetAsync("/api/practices?format=geojson&status=approved");
        Assert.Equal(HttpStatusCode.OK, geo.StatusCode);
        Assert.Equal("application/geo+json", geo.Content.Headers.ContentType!.MediaType);
        var collection = JsonNode.Parse(await geo.Content.ReadAsStringAsync())!;
        Assert.Equal("FeatureCollection", collection["type"]!.GetValue<string>());
        Assert.Contains(collection["features"]!.AsArray(), f => f!["id"]!.GetValue<string>() == "ITF4" && f["properties"]!["integration_areas"]!["education"]!.GetValue<int>() >= 1);
        Assert.Contains(collection["features"]!.AsArray(), f => f!["id"]!.GetValue<string>() == "EL" && f["properties"]!["level"]!.GetValue<int>() == 0);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/practices?format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/practices?format=xml")).StatusCode);
    }

    [Fact]
    public async Task The_map_counts_the_researchers_categorisation_where_they_made_one_and_each_export_carries_their_reading()
    {
        // Pins the map's counts (read in one query since session 46) and the researchers' reading in the JSON and CSV: five
        // practices added to one Swedish region move its counts by exactly what each brings, whatever the fixture holds.
        const string region = "SE33";
        var admin = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        async Task<JsonNode> MapAsync(string format) => JsonNode.Parse(await admin.GetStringAsync($"/review/export/download?format={format}&status=approved"))!;
        static int Count(JsonNode? node, string property, string? code = null) =>
            node is null ? 0 : (code is null ? node[property] : node[property]![code])!.GetValue<int>();
        var before = (await MapAsync("regions"))["regions"]![region];
        Task<Practice> NewAsync(string areas, string groups) => app.NewPracticeAsync(PracticeStatus.Approved, language: "sv", change: p =>
        {
            ReviewApplication.Set(p, "country", "\"SE\"");
            ReviewApplication.Set(p, "region", $"\"{region}\"", "Norrbotten och Västerbotten");
            ReviewApplication.Set(p, "integration_areas", areas);
            ReviewApplication.Set(p, "target_groups", groups);
        });
        var contributorsOnly = await NewAsync("[\"education\",\"health\"]", "[\"women\"]");
        var recategorised = await NewAsync("[\"education\"]", "[\"women\",\"children_youth\"]");
        var regrouped = await NewAsync("[\"housing\"]", "[\"women\"]");
        var assessed = await NewAsync("[\"housing\"]", "[\"newly_arrived\"]");
        var marked = await NewAsync("[\"culture_religion\"]", "[\"women\"]");
        var now = DateTimeOffset.UtcNow;
        await app.WithDbAsync(async db =>
        {
            // The researchers' areas replace the contributor's, their groups left to hers; groups only; a review row with
            // neither (a duplicate mark) is no categorisation, an aspect row without words no assessment.
            db.PracticeReviews.Add(new PracticeReview { PracticeId = recategorised.Id, IntegrationAreasJson = "[\"language\"]", UpdatedAt = now, UpdatedBy = "test" });
            db.PracticeReviews.Add(new PracticeReview { PracticeId = regrouped.Id, TargetGroupsJson = "[\"newly_arrived\"]", UpdatedAt = now, UpdatedBy = "test" });
            db.PracticeReviews.Add(new PracticeReview { PracticeId = marked.Id, UpdatedAt = now, UpdatedBy = "test" });
            db.PracticeAssessments.Add(new PracticeAssessment { PracticeId = assessed.Id, Aspect = "inclusion", InspiringElements = "Språkcafé varje tisdag, drivs av de nyanlända själva", UpdatedAt = now, UpdatedBy = "test" });
            db.PracticeAssessments.Add(new PracticeAssessment { PracticeId = marked.Id, Aspect = "communication", UpdatedAt = now, UpdatedBy = "test" });
            return await db.SaveChangesAsync();
        });

        var after = (await MapAsync("regions"))["regions"]![region]!;
        Assert.Equal(5, Count(after, "practices") - Count(before, "practices"));
        Assert.Equal(2, Count(after, "categorised") - Count(before, "categorised"));
        Assert.Equal(1, Count(after, "assessed") - Count(before, "assessed"));
        foreach (var (area, added) in new[] { ("education", 1), ("health", 1), ("language", 1), ("housing", 2), ("culture_religion", 1), ("labour_market", 0) })
        {
            Assert.Equal(added, Count(after, "integration_areas", area) - Count(before, "integration_areas", area));
        }
        foreach (var (group, added) in new[] { ("women", 3), ("children_youth", 1), ("newly_arrived", 2), ("asylum_seekers", 0) })
        {
            Assert.Equal(added, Count(after, "target_groups", group) - Count(before, "target_groups", group));
        }
        var feature = (await MapAsync("geojson"))["features"]!.AsArray().Single(f => (string)f!["id"]! == region)!["properties"]!.AsObject();
        feature.Remove("nuts");
        Assert.True(JsonNode.DeepEquals(after, feature), $"{after.ToJsonString()}\n{feature.ToJsonString()}");

        var json = JsonNode.Parse(await admin.GetStringAsync("/review/export/download?format=json&status=approved"))!.AsArray()
            .ToDictionary(p => (string)p!["id"]!);
        Assert.Equal("""{"integration_areas":["language"],"target_groups":null}""", json[recategorised.Id.ToString()]!["categorisation"]!.ToJsonString());
        Assert.Equal("""{"integration_areas":null,"target_groups":null}""", json[marked.Id.ToString()]!["categorisation"]!.ToJsonString());
        Assert.Equal("{}", json[marked.Id.ToString()]!["assessment"]!.ToJsonString());
        Assert.Equal("Språkcafé varje tisdag, drivs av de nyanlända själva", (string)json[assessed.Id.ToString()]!["assessment"]!["inclusion"]!["inspiring_elements"]!);
        Assert.Null(json[assessed.Id.ToString()]!["assessment"]!["inclusion"]!["room_for_improvement"]);
        var rows = CsvRows((await admin.GetStringAsync("/review/export/download?format=csv&lang=sv&status=approved")).TrimStart('\uFEFF'));
        var header = rows[0];
        string Cell(Practice practice, string column) => rows.Single(r => r[0] == practice.Id.ToString())[header.IndexOf(column)];
        Assert.Equal("language", Cell(recategorised, "researchers_integration_areas"));
        Assert.Equal("", Cell(recategorised, "researchers_target_groups"));
        Assert.Equal("newly_arrived", Cell(regrouped, "researchers_target_groups"));
        Assert.Equal("Språkcafé varje tisdag, drivs av de nyanlända själva", Cell(assessed, "assessment_inclusion_inspiring"));
        Assert.Equal("", Cell(assessed, "assessment_inclusion_improvement"));
        Assert.Equal("", Cell(marked, "assessment_communication_inspiring"));
        Assert.Equal("", Cell(contributorsOnly, "researchers_integration_areas"));
    }

    [Fact]
    public async Task Seeded_researchers_work_is_a_share_of_the_practices_in_their_language_and_reaches_the_exports()
    {
        // seed 100000 fills the researchers' work for timing the exports with it (issue 12): a share categorised and
        // assessed as part-way through a database, the words in each practice's language, the rest of the practice
        // unchanged (its own random sequence), and every export carries it.
        var seeder = (IServiceProvider services) => services.GetRequiredService<Regin.Bot.Review.Tools.PracticeSeeder>();
        var next = await app.WithDbAsync(async db => (await db.Practices.MaxAsync(p => (int?)p.Number) ?? 0) + 1);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await seeder(scope.ServiceProvider).SeedAsync(40, 45, PracticeStatus.Approved);
            await seeder(scope.ServiceProvider).SeedAsync(40, 45, PracticeStatus.Approved, researchersWork: true);
            await seeder(scope.ServiceProvider).SeedAsync(400, 46, PracticeStatus.Approved, researchersWork: true);
        }
        var titles = await app.WithDbAsync(db => db.Answers.Where(a => a.QuestionId == "title")
            .Join(db.Practices.Where(p => p.Number >= next && p.Number < next + 80), a => a.PracticeId, p => p.Id, (a, p) => new { p.Number, a.Original })
            .OrderBy(x => x.Number).Select(x => x.Original).ToListAsync());
        Assert.Equal(80, titles.Count);
        Assert.Equal(titles.Take(40).Select(t => t![..t!.LastIndexOf('#')]), titles.Skip(40).Select(t => t![..t!.LastIndexOf('#')]));
        Assert.Equal(0, await app.WithDbAsync(db => db.PracticeReviews.CountAsync(r => db.Practices.Any(p => p.Id == r.PracticeId && p.Number >= next && p.Number < next + 40))));

        var seeded = await app.WithDbAsync(db => db.Practices.Where(p => p.Number >= next + 80)
            .Select(p => new { p.Id, p.Number, p.Language, p.RegionCode }).ToListAsync());
        var ids = seeded.Select(p => p.Id).ToList();
        var reviews = await app.WithDbAsync(db => db.PracticeReviews.Where(r => ids.Contains(r.PracticeId)).ToListAsync());
        var assessments = await app.WithDbAsync(db => db.PracticeAssessments.Where(a => ids.Contains(a.PracticeId)).ToListAsync());
        var events = await app.WithDbAsync(db => db.PracticeEvents.Where(e => ids.Contains(e.PracticeId) && (e.Kind == "categorised" || e.Kind == "assessed")).ToListAsync());
        Assert.Equal(400, seeded.Count);
        Assert.InRange(reviews.Count, 120, 200);
        var assessed = assessments.GroupBy(a => a.PracticeId).ToList();
        Assert.InRange(assessed.Count, 60, 132);
        Assert.All(assessed, g => Assert.InRange(g.Count(), 2, 5));
        Assert.All(assessments, a => Assert.True(a.InspiringElements is not null || a.RoomForImprovement is not null));
        Assert.Equal(reviews.Count, events.Count(e => e.Kind == "categorised"));
        Assert.Equal(assessed.Count, events.Count(e => e.Kind == "assessed"));
        Assert.All(reviews, r => Assert.StartsWith("[\"", r.IntegrationAreasJson, StringComparison.Ordinal));

        // In the practice's language: Greek ones in Greek letters, and no two languages share a sentence.
        var language = seeded.ToDictionary(p => p.Id, p => p.Language);
        var words = assessments.SelectMany(a => new[] { a.InspiringElements, a.RoomForImprovement }.OfType<string>().Select(t => (Language: language[a.PracticeId], Text: t))).ToList();
        Assert.All(words.Where(w => w.Language == "el"), w => { Assert.Matches(@"\p{IsGreek}{4}", w.Text); Assert.DoesNotMatch("[A-Za-z]", w.Text); });
        Assert.Equal(words.Select(w => w.Text).Distinct().Count(), words.DistinctBy(w => w.Text).Select(w => (w.Language, w.Text)).Distinct().Count());
        Assert.True(words.Select(w => w.Language).Distinct().Count() >= 6);

        var admin = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        var json = JsonNode.Parse(await admin.GetStringAsync("/review/export/download?format=json&status=approved"))!.AsArray()
            .ToDictionary(p => p!["reference"]!.GetValue<string>());
        var byId = seeded.ToDictionary(p => p.Id);
        foreach (var review in reviews)
        {
            var exported = json[Practice.FormatReference(byId[review.PracticeId].Number)]!["categorisation"]!;
            Assert.Equal(review.IntegrationAreasJson, exported["integration_areas"]!.ToJsonString());
        }
        foreach (var practice in assessed)
        {
            var exported = json[Practice.FormatReference(byId[practice.Key].Number)]!["assessment"]!.AsObject();
            Assert.Equal(practice.Select(a => a.Aspect).Order(), exported.Select(a => a.Key).Order());
        }
        var csv = (await admin.GetStringAsync("/review/export/download?format=csv&status=approved")).TrimStart('\uFEFF');
        var greek = words.First(w => w.Language == "el").Text;
        Assert.Contains(greek, csv, StringComparison.Ordinal);
        var geo = JsonNode.Parse(await admin.GetStringAsync("/review/export/download?format=geojson&status=approved"))!;
        var features = geo["features"]!.AsArray();
        Assert.True(features.Sum(f => f!["properties"]!["categorised"]!.GetValue<int>()) >= reviews.Count(r => byId[r.PracticeId].RegionCode is not null));
        Assert.True(features.Sum(f => f!["properties"]!["assessed"]!.GetValue<int>()) >= assessed.Count(g => byId[g.Key].RegionCode is not null));
    }

    // The export's CSV (every cell quoted, quotes doubled, a cell may hold line breaks) as rows of cells.
    private static List<List<string>> CsvRows(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
            }
            else if (c != '\r')
            {
                cell.Append(c);
            }
        }
        return rows;
    }
}

public class ReviewExportShapeTests(ReviewApplication app) : IClassFixture<ReviewApplication>
{
    [Fact]
    public void The_review_messages_are_in_the_questionnaire_in_every_language()
    {
        var questionnaire = app.Services.GetRequiredService<Regin.Core.Questionnaire.QuestionnaireDefinition>();
        Assert.Empty(Regin.Core.Questionnaire.QuestionnaireValidator.Validate(questionnaire, ReviewMessageKeys.All));
        foreach (var key in ReviewMessageKeys.All)
        {
            Assert.Equal(8, questionnaire.Messages[key].Count);
        }
    }

    [Fact]
    public async Task The_api_and_the_review_export_write_a_practice_alike()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Approved, language: "el", change: p =>
        {
            ReviewApplication.Set(p, "title", "\"Ελληνικά <b>και</b> \\\"quotes\\\"\"", "Ελληνικά <b>και</b> \"quotes\"");
            p.Flags.Add(new Flag { QuestionId = "region", Reason = "region_unknown", Detail = "Χ" });
        });
        using var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ReviewApplication.ApiToken);
        var one = JsonNode.Parse(await api.GetStringAsync($"/api/practices/{practice.Id}"))!;
        var all = JsonNode.Parse(await api.GetStringAsync("/api/practices?status=approved"))!.AsArray();
        var listed = all.Single(p => (string)p!["id"]! == practice.Id.ToString());
        Assert.True(JsonNode.DeepEquals(one, listed), $"{one.ToJsonString()}\n{listed!.ToJsonString()}");
        Assert.Equal("Ελληνικά <b>και</b> \"quotes\"", (string)one["answers"]!["title"]!["value"]!);
        // The seeded practice may carry flags of its own (a budget in another currency): the one added here is among them.
        Assert.Contains(one["flags"]!.AsArray(), f => (string)f!["reason"]! == "region_unknown");
    }
}

public sealed class ReviewExportTestsOnSqlite(ReviewApplication app) : ReviewExportTests<ReviewApplication>(app);

public sealed class ReviewExportTestsOnPostgreSql(PostgreSqlReviewApplication app) : ReviewExportTests<PostgreSqlReviewApplication>(app);
