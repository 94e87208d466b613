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
        var exported = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(p => p!["reference"]!.GetValue<string>()).ToList();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Regin.Core.Persistence.ReginDbContext>();
            var numbers = await db.Practices.Where(p => p.Status == PracticeStatus.Rejected).OrderBy(p => p.Number).Select(p => p.Number).ToListAsync();
            Assert.Equal(numbers.Select(Practice.FormatReference), exported);
        }
        Assert.True(exported.Count >= 1_100);
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
