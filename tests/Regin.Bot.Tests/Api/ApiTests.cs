using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Intake;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Tests.Api;

public class ApiTests : IClassFixture<ReginApplication>
{
    private readonly ReginApplication _app;

    public ApiTests(ReginApplication app) => _app = app;

    [Fact]
    public async Task Health_is_ok_when_the_database_is_migrated()
    {
        var response = await _app.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(File.Exists(_app.DatabasePath));
    }

    [Fact]
    public async Task Liveness_answers_without_the_database()
    {
        var response = await _app.CreateClient().GetAsync("/livez");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Health_answers_from_the_last_probe_and_a_probe_sees_a_database_that_went_away()
    {
        using var host = new ReginApplication();
        var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var readiness = host.Services.GetRequiredService<Regin.Bot.Api.DatabaseReadiness>();

        // The database file becomes a folder: the next probe cannot open it, and /healthz says so until a probe succeeds.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var moved = host.DatabasePath + ".away";
        File.Move(host.DatabasePath, moved);
        Directory.CreateDirectory(host.DatabasePath);
        Assert.False((await readiness.ProbeAsync()).Ready);
        var down = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        var body = await down.Content.ReadAsStringAsync();
        Assert.Contains("not ready", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetFileName(host.DatabasePath), body, StringComparison.Ordinal); // the reason goes to the log only
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/livez")).StatusCode);

        Directory.Delete(host.DatabasePath);
        File.Move(moved, host.DatabasePath);
        Assert.True((await readiness.ProbeAsync()).Ready);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task The_questionnaire_is_served_with_every_language()
    {
        var json = await _app.CreateClient().GetFromJsonAsync<JsonObject>("/api/questionnaire");
        Assert.NotNull(json!["version"]);
        Assert.Equal(8, json["languages"]!.AsArray().Count);
        var region = json["questions"]!.AsArray().Single(q => q!["id"]!.GetValue<string>() == "region")!;
        Assert.Equal("region", region["type"]!.GetValue<string>());
        Assert.True(region["required"]!.GetValue<bool>());
        Assert.Equal(8, region["label"]!.AsObject().Count);
        var areas = json["questions"]!.AsArray().Single(q => q!["id"]!.GetValue<string>() == "integration_areas")!;
        Assert.Equal("labour_market", areas["choices"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(8, areas["choices"]![0]!["label"]!.AsObject().Count);
    }

    [Theory]
    [InlineData("region", "Scania", "en", "SE", "SE22")]
    [InlineData("region", "Catalunya", "es", "ES", "ES51")]
    [InlineData("start_date", "marzo 2021", "it", null, "2021-03")]
    [InlineData("start_date", "Μάρτιος 2019", "el", null, "2019-03")]
    [InlineData("country", "Sverige", "sv", null, "SE")]
    [InlineData("end_date", "pågående", "sv", null, "ongoing")]
    public async Task Check_normalises_an_answer(string question, string text, string lang, string? country, string expected)
    {
        var body = new JsonObject { ["question"] = question, ["text"] = text, ["lang"] = lang };
        if (country is not null)
        {
            body["context"] = new JsonObject { ["country"] = country };
        }
        var response = await _app.CreateClient().PostAsJsonAsync("/api/answers/check", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(json["ok"]!.GetValue<bool>());
        Assert.Equal(expected, json["value"]!.GetValue<string>());
        Assert.Equal(text, json["original"]!.GetValue<string>());
    }

    [Fact]
    public async Task Check_reads_same_as_above_at_the_lead_organisation_from_the_contributors_organisation_in_the_context()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/answers/check",
            new { question = "lead_organisation", text = "same as above", lang = "en", context = new { contact_organisation = "I work for Galway County Council" } });
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(json["ok"]!.GetValue<bool>());
        Assert.Equal("Galway County Council", json["value"]!.GetValue<string>());
        Assert.Equal("same as above", json["original"]!.GetValue<string>());
    }

    [Fact]
    public async Task Check_explains_a_refusal_in_the_language()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/answers/check",
            new { question = "region", text = "Puglia", lang = "sv", context = new { country = "Sverige" } });
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.False(json["ok"]!.GetValue<bool>());
        Assert.Contains("Italien", json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Check_takes_a_typo_as_a_candidate_to_confirm_with_the_question_to_ask()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/answers/check",
            new { question = "region", text = "Pugila", lang = "it", context = new { country = "IT" } });
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(json["ok"]!.GetValue<bool>());
        Assert.Equal("ITF4", json["value"]!.GetValue<string>());
        Assert.True(json["confirm"]!.GetValue<bool>());
        Assert.Equal("Intendeva Puglia (ITF4)?", json["question"]!.GetValue<string>());
        Assert.Equal("ITF4", json["candidates"]![0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Check_reads_a_relative_date_against_the_servers_day_and_asks_it_back()
    {
        var before = DateTime.UtcNow.Year + 1;
        var response = await _app.CreateClient().PostAsJsonAsync("/api/answers/check", new { question = "end_date", text = "bis Ende nächsten Jahres", lang = "de" });
        var after = DateTime.UtcNow.Year + 1;
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(json["ok"]!.GetValue<bool>());
        Assert.True(json["confirm"]!.GetValue<bool>());
        // Read against the day of the request (a run across New Year's midnight may see either year).
        Assert.Contains(json["value"]!.GetValue<string>(), new[] { $"{before}-12", $"{after}-12" });
        Assert.StartsWith("Meinten Sie Dezember ", json["question"]!.GetValue<string>());
    }

    [Fact]
    public async Task Check_asks_which_one_when_a_typo_is_near_several_names()
    {
        // "Lmburg" is one letter from Limburg, a province of Belgium and one of the Netherlands.
        var response = await _app.CreateClient().PostAsJsonAsync("/api/answers/check",
            new { question = "region", text = "Lmburg", lang = "en" });
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.False(json["ok"]!.GetValue<bool>());
        Assert.True(json["confirm"]!.GetValue<bool>());
        var values = json["candidates"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()).ToList();
        Assert.Contains("BE22", values);
        Assert.Contains("NL42", values);
        Assert.StartsWith("I could not find exactly that.", json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Check_answers_without_confirm_when_the_answer_is_read_as_written()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/answers/check", new { question = "consent_publish", text = "Ich bin nicht einverstanden", lang = "de" });
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(json["ok"]!.GetValue<bool>());
        Assert.False(json["value"]!.GetValue<bool>());
        Assert.Null(json["confirm"]);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"text\": \"x\"}")]
    [InlineData("{\"question\": \"favourite_colour\", \"text\": \"blue\"}")]
    [InlineData("{\"question\": \"region\", \"text\": \"x\", \"lang\": \"zz\"}")]
    [InlineData("{\"question\": \"region\"}")]
    public async Task Malformed_check_requests_get_400_problem_json(string body)
    {
        var response = await _app.CreateClient().PostAsync("/api/answers/check", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_one_megabyte_answer_is_refused_cleanly()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/answers/check", new { question = "description", text = new string('x', 1_000_000), lang = "fr" });
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.False(json["ok"]!.GetValue<bool>());
        Assert.Contains("5", json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Practices_need_a_valid_bearer_token()
    {
        var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/practices")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/practices")).StatusCode);
    }

    [Fact]
    public async Task Practices_are_exported_in_the_api_shape_and_filtered_by_status()
    {
        Guid id;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var intake = scope.ServiceProvider.GetRequiredService<IntakeService>();
            var practice = await intake.StartDraftAsync(new ContributorKey("webchat", "export-test"), "it", Channels.Chat);
            id = practice.Id;
            await intake.UpdateAsync(id, p => intake.RecordAnswers(p, [new("country", "Italia"), new("region", "Puglia"), new("integration_areas", "istruzione e lingua"), new("start_date", "marzo 2021")], "it", "test"));
        }
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ReginApplication.ApiToken);
        var all = (await client.GetFromJsonAsync<JsonArray>("/api/practices"))!;
        var json = all.Single(p => p!["id"]!.GetValue<string>() == id.ToString())!;
        Assert.Equal("draft", json["status"]!.GetValue<string>());
        Assert.Equal("it", json["language"]!.GetValue<string>());
        Assert.Equal("chat", json["channels"]![0]!.GetValue<string>());
        Assert.Matches("^REGIN-\\d{4}$", json["reference"]!.GetValue<string>());
        Assert.Equal("ITF4", json["answers"]!["region"]!["value"]!.GetValue<string>());
        Assert.Equal("Puglia", json["answers"]!["region"]!["original"]!.GetValue<string>());
        Assert.Equal(["education", "language"], json["answers"]!["integration_areas"]!["value"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("2021-03", json["answers"]!["start_date"]!["value"]!.GetValue<string>());

        var one = (await client.GetFromJsonAsync<JsonObject>($"/api/practices/{id}"))!;
        Assert.Equal(id.ToString(), one["id"]!.GetValue<string>());
        var byReference = (await client.GetFromJsonAsync<JsonObject>($"/api/practices/{json["reference"]}"))!;
        Assert.Equal(id.ToString(), byReference["id"]!.GetValue<string>());

        var approved = (await client.GetFromJsonAsync<JsonArray>("/api/practices?status=approved,rejected"))!;
        Assert.DoesNotContain(approved, p => p!["id"]!.GetValue<string>() == id.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/practices?status=lost")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/practices/{Guid.NewGuid()}")).StatusCode);

        var csv = await client.GetStringAsync("/api/practices?format=csv");
        Assert.Contains("\"integration_areas\"", csv);
        Assert.Contains("\"education; language\"", csv);
    }

    [Fact]
    public async Task The_csv_export_defuses_formulas_and_labels_choices_in_the_asked_language()
    {
        Guid id;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var intake = scope.ServiceProvider.GetRequiredService<IntakeService>();
            var practice = await intake.StartDraftAsync(new ContributorKey("webchat", "csv-test"), "fr", Channels.Chat);
            id = practice.Id;
            await intake.UpdateAsync(id, p => intake.RecordAnswers(p, [new("title", "=HYPERLINK(\"http://evil.example\")"), new("partners", "\t@SUM(A1)"), new("integration_areas", "logement")], "fr", "test"));
        }
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ReginApplication.ApiToken);

        var csv = await client.GetStringAsync("/api/practices?format=csv&lang=fr");

        var row = csv.Split("\r\n").Single(line => line.Contains(id.ToString(), StringComparison.Ordinal));
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\"", row);
        Assert.Contains("\"'\t@SUM(A1)\"", row);
        Assert.Contains("\"housing\",\"Logement\"", row);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/practices?format=csv&lang=xx")).StatusCode);
    }
}
