using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Regin.Bot.Tests.Chat;

/// <summary>
/// POST /api/messages on the real host, with deliveryMode expectReplies (the replies come back in the body), on both
/// providers (on PostgreSQL such a turn's message and state go with its COMMIT, and a repeat is recognised there).
/// </summary>
public abstract class MessagesEndpointTests<TApp> : IClassFixture<TApp> where TApp : ReginApplication
{
    private readonly TApp _app;

    protected MessagesEndpointTests(TApp app) => _app = app;

    /// <summary>The data of the first Action.Submit of a reply's Adaptive Card (with the first option of a form ticked), or null.</summary>
    private static JsonObject? Pressed(JsonNode reply)
    {
        var card = reply["attachments"]?[0]?["content"];
        if (card?["actions"] is not JsonArray { Count: > 0 } actions)
        {
            return null;
        }
        var data = actions[0]!["data"]!.DeepClone().AsObject();
        if (card["body"]!.AsArray().FirstOrDefault(b => b?["type"]?.GetValue<string>() == "Input.ChoiceSet") is { } choices && data["codes"] is null)
        {
            data["codes"] = choices["choices"]![0]!["value"]!.GetValue<string>();
        }
        return data;
    }

    private static JsonObject Message(string conversation, string user, string? text, string locale, string? id = null, JsonObject? value = null) => new()
    {
        ["type"] = "message",
        ["id"] = id ?? Guid.NewGuid().ToString("N"),
        ["channelId"] = "webchat",
        ["serviceUrl"] = "https://webchat.invalid/",
        ["deliveryMode"] = "expectReplies",
        ["locale"] = locale,
        ["from"] = new JsonObject { ["id"] = user, ["role"] = "user" },
        ["recipient"] = new JsonObject { ["id"] = "regin-bot" },
        ["conversation"] = new JsonObject { ["id"] = conversation },
        ["text"] = text,
        ["value"] = value,
    };

    private async Task<JsonArray> PostAsync(HttpClient client, JsonObject activity)
    {
        var response = await client.PostAsJsonAsync("/api/messages", activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["activities"]!.AsArray();
    }

    private static string? QuestionOf(JsonArray replies) =>
        replies.LastOrDefault(r => r?["channelData"]?["questionId"] is not null)?["channelData"]!["questionId"]!.GetValue<string>();

    [Fact]
    public async Task A_whole_practice_in_Greek_with_mistakes_is_submitted_through_the_endpoint_and_exported()
    {
        var client = _app.CreateClient();
        const string conversation = "e2e-el";
        const string user = "e2e-user";

        var replies = await PostAsync(client, Message(conversation, user, "Γεια σας", "el-GR"));
        Assert.Equal("contact_name", QuestionOf(replies));
        Assert.Equal(1, replies[^1]!["channelData"]!["progress"]!["current"]!.GetValue<int>());
        Assert.Equal(31, replies[^1]!["channelData"]!["progress"]!["total"]!.GetValue<int>());

        var answers = new Dictionary<string, string>
        {
            ["contact_name"] = "Ελένη Παπαδοπούλου",
            ["contact_organisation"] = "Περιφέρεια Κρήτης",
            ["contact_email"] = "eleni@crete.gov.gr",
            ["contact_phone"] = "παράλειψη",
            ["title"] = "Κέντρα υποδοχής μεταναστών",
            ["country"] = "Ελλάδα",
            ["region"] = "Κρήτη",
            ["start_date"] = "Μάρτιος 2019",
            ["end_date"] = "2023",
            ["beneficiaries_count"] = "1.200",
            ["budget_eur"] = "250.000",
            ["website"] = "www.crete.gov.gr",
        };
        var mistakes = new Dictionary<string, string> { ["contact_email"] = "eleni at crete", ["start_date"] = "31/02/2020" };
        var last = replies[^1]!;
        var longTexts = 0;
        for (var turn = 0; turn < 45 && QuestionOf(replies) is { } question; turn++)
        {
            if (mistakes.Remove(question, out var wrong))
            {
                replies = await PostAsync(client, Message(conversation, user, wrong, "el-GR"));
                Assert.Equal(question, QuestionOf(replies));
            }
            // Choices and yes/no: the first button of the card (its Action.Submit data, with the first option ticked on a form).
            var message = answers.TryGetValue(question, out var a) ? Message(conversation, user, a, "el-GR")
                : Pressed(last) is { } value ? Message(conversation, user, null, "el-GR", value: value)
                // Long texts told apart, as hers are: the same text twice in a row is one message sent twice by accident (session 48).
                : Message(conversation, user, ++longTexts % 2 == 0 ? "Μια σύντομη περιγραφή στα ελληνικά." : "Γραφεία σε κάθε νομό, με διερμηνείς.", "el-GR");
            replies = await PostAsync(client, message);
            Assert.NotEqual(question, QuestionOf(replies));
            last = replies[^1]!;
        }
        replies = await PostAsync(client, Message(conversation, user, null, "el-GR", value: Pressed(last)));
        var submitted = replies.Single()!["text"]!.GetValue<string>();
        var reference = System.Text.RegularExpressions.Regex.Match(submitted, @"REGIN-\d{4}").Value;
        Assert.NotEmpty(reference);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/practices/{reference}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ReginApplication.ApiToken);
        var practice = await (await client.SendAsync(request)).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("submitted", practice!["status"]!.GetValue<string>());
        Assert.Equal("el", practice["language"]!.GetValue<string>());
        Assert.Equal("GR", practice["answers"]!["country"]!["value"]!.GetValue<string>());
        Assert.Equal("2019-03", practice["answers"]!["start_date"]!["value"]!.GetValue<string>());
        Assert.Null(practice["answers"]!["contact_phone"]);
    }

    [Fact]
    public async Task The_same_activity_posted_twice_is_answered_once()
    {
        var client = _app.CreateClient();
        await PostAsync(client, Message("e2e-dup", "dup-user", "hello", "en-US"));
        var activity = Message("e2e-dup", "dup-user", "Jo Bloggs", "en-US", id: "same-id");

        var first = await PostAsync(client, activity);
        var second = await PostAsync(client, activity);

        Assert.Equal("Noted: Jo Bloggs", first[0]!["text"]!.GetValue<string>());
        Assert.Empty(second);
        // The repeat was run and then undone whole (its INSERT is the check): the next answer is the organisation's,
        // as if the repeat had never come.
        var next = await PostAsync(client, Message("e2e-dup", "dup-user", "Bloggs County Council", "en-US"));
        Assert.Equal("Noted: Bloggs County Council", next[0]!["text"]!.GetValue<string>());
        Assert.Equal("contact_email", QuestionOf(next));
        // Each message stored once, with its turn (on PostgreSQL its INSERT went with the COMMIT; the repeat's failed there).
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Regin.Core.Persistence.ReginDbContext>();
        var texts = (await db.RawInputs.Where(r => r.ConversationId == "e2e-dup").OrderBy(r => r.Id).Select(r => r.Content).ToListAsync())
            .Select(System.Text.Encoding.UTF8.GetString).ToList();
        Assert.Equal(3, texts.Count);
        Assert.Contains("\"same-id\"", texts[1]);
    }

    [Fact]
    public async Task A_message_is_kept_as_the_bytes_received_unless_escapes_hide_its_letters()
    {
        var client = _app.CreateClient();
        // Raw UTF-8, in an order and spacing of the client's own: kept byte for byte.
        var asSent = "{ \"type\": \"message\", \"id\": \"raw-1\",\n  \"text\": \"Ελένη Παπαδοπούλου\", \"channelId\": \"webchat\", \"serviceUrl\": \"https://webchat.invalid/\","
            + " \"deliveryMode\": \"expectReplies\", \"locale\": \"el-GR\", \"from\": {\"id\": \"raw-user\", \"name\": \"Ελένη\"}, \"recipient\": {\"id\": \"regin-bot\"},"
            + " \"conversation\": {\"id\": \"raw-conv\"} }";
        // The same letters behind \u escapes: kept as the activity's JSON, where the erasure's search finds the name.
        var escaped = "{\"type\":\"message\",\"id\":\"raw-2\",\"text\":\"\\u00c9lodie Martin\",\"channelId\":\"webchat\",\"serviceUrl\":\"https://webchat.invalid/\","
            + "\"deliveryMode\":\"expectReplies\",\"locale\":\"el-GR\",\"from\":{\"id\":\"raw-user\"},\"recipient\":{\"id\":\"regin-bot\"},\"conversation\":{\"id\":\"raw-conv\"}}";
        foreach (var body in new[] { asSent, escaped })
        {
            using var response = await client.PostAsync("/api/messages", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Regin.Core.Persistence.ReginDbContext>();
        var kept = db.RawInputs.Where(r => r.ConversationId == "raw-conv").OrderBy(r => r.Id).Select(r => r.Content).ToList();
        Assert.Equal(2, kept.Count);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(asSent), kept[0]);
        var second = System.Text.Encoding.UTF8.GetString(kept[1]);
        Assert.Contains("\"text\":\"Élodie Martin\"", second, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", second, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("timestamp", "2026-12-06T09:12:44+15:00")]
    [InlineData("localTimestamp", "2026-12-06T10:12:44.123-23:59")]
    [InlineData("expiration", "2026-12-06T09:12:44+99:00")]
    public async Task A_message_whose_timestamp_is_further_from_utc_than_14_hours_is_a_bad_request_and_nothing_of_it_is_stored(string property, string timestamp)
    {
        var client = _app.CreateClient();
        var conversation = $"offset-{property}";
        // A time zone no clock has: Newtonsoft's reading throws past its own JsonException (DateTimeOffset's range), which
        // was an error of the host (500), not a bad request.
        var body = "{\"type\":\"message\",\"id\":\"offset-1\",\"text\":\"hello\",\"channelId\":\"webchat\",\"serviceUrl\":\"https://webchat.invalid/\","
            + "\"deliveryMode\":\"expectReplies\",\"locale\":\"en-US\",\"from\":{\"id\":\"offset-user\"},\"recipient\":{\"id\":\"regin-bot\"},"
            + $"\"conversation\":{{\"id\":\"{conversation}\"}},\"{property}\":\"{timestamp}\"}}";

        using var response = await client.PostAsync("/api/messages", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Regin.Core.Persistence.ReginDbContext>();
        Assert.Equal(0, db.RawInputs.Count(r => r.ConversationId == conversation));
        // The same message at +14:00 (Kiribati) is a turn like any other.
        var fits = body.Replace(timestamp, "2026-12-06T09:12:44+14:00", StringComparison.Ordinal);
        using var answered = await client.PostAsync("/api/messages", new StringContent(fits, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    [Theory]
    [InlineData("channelData", 100_000)]
    [InlineData("value", 100_000)]
    [InlineData("somethingElse", 100_000)]
    [InlineData("channelData", 70)]
    public async Task A_message_nested_deeper_than_64_levels_is_a_bad_request_and_nothing_of_it_is_stored(string property, int depth)
    {
        var client = _app.CreateClient();
        var conversation = $"deep-{property}-{depth}";
        // A real message whose one property holds arrays in arrays: the JSON reader's depth limit, not the stack, says no.
        var body = "{\"type\":\"message\",\"id\":\"deep-1\",\"text\":\"hello\",\"channelId\":\"webchat\",\"serviceUrl\":\"https://webchat.invalid/\","
            + "\"deliveryMode\":\"expectReplies\",\"locale\":\"en-US\",\"from\":{\"id\":\"deep-user\"},\"recipient\":{\"id\":\"regin-bot\"},"
            + $"\"conversation\":{{\"id\":\"{conversation}\"}},\"{property}\":" + new string('[', depth) + new string(']', depth) + "}";

        using var response = await client.PostAsync("/api/messages", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Regin.Core.Persistence.ReginDbContext>();
        Assert.Equal(0, db.RawInputs.Count(r => r.ConversationId == conversation));
        Assert.Equal(0, db.Set<Regin.Core.Persistence.Entities.ChatStateItem>().Count(s => s.Key.Contains(conversation)));
        // The same message a level less deep than the limit is a turn like any other.
        var fits = body.Replace(new string('[', depth) + new string(']', depth), new string('[', 50) + new string(']', 50), StringComparison.Ordinal);
        using var answered = await client.PostAsync("/api/messages", new StringContent(fits, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(1, db.RawInputs.Count(r => r.ConversationId == conversation));
    }

    [Fact]
    public async Task Messages_without_a_user_id_do_not_share_a_draft()
    {
        var client = _app.CreateClient();
        var first = Message("e2e-anon-1", "x", "hello", "en-US");
        first["from"] = new JsonObject { ["role"] = "user" };
        await PostAsync(client, first);
        var answer = Message("e2e-anon-1", "x", "Anonymous One", "en-US");
        answer["from"] = new JsonObject { ["role"] = "user" };
        await PostAsync(client, answer);

        var other = Message("e2e-anon-2", "x", "hello", "en-US");
        other["from"] = new JsonObject { ["role"] = "user" };
        var replies = await PostAsync(client, other);

        Assert.StartsWith("Hello!", replies[0]!["text"]!.GetValue<string>());
        Assert.Equal("contact_name", QuestionOf(replies));
    }

    [Fact]
    public async Task With_an_app_id_a_request_without_a_token_is_refused()
    {
        using var secured = _app.WithWebHostBuilder(builder => builder.UseSetting("MicrosoftAppId", "00000000-0000-0000-0000-000000000001"));
        var response = await secured.CreateClient().PostAsJsonAsync("/api/messages", Message("e2e-auth", "u", "hello", "en-US"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task With_an_app_id_the_per_address_limit_leaves_the_channel_service_alone_and_failed_tokens_are_held_instead()
    {
        // Teams' and Azure Web Chat's messages all come from the channel service's few addresses: a limit of 5 a minute
        // per address would have answered 429 from the sixth. The token is the gate; an address failing it 20 times is held.
        using var secured = _app.WithWebHostBuilder(builder => builder.UseSetting("MicrosoftAppId", "00000000-0000-0000-0000-000000000002")
            .UseSetting("Hosting:RequestsPerMinute", "5"));
        var client = secured.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 21; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(Message("e2e-auth-many", "u", "hello", "en-US")) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJmb3JnZWQifQ.c2lnbmF0dXJl");
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal(TimeSpan.FromMinutes(15), response.Headers.RetryAfter?.Delta);
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 20), HttpStatusCode.TooManyRequests], statuses);
        // The other endpoints keep their per-address limit.
        var others = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            others.Add((await client.GetAsync("/api/questionnaire")).StatusCode);
        }
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], others);
    }
}

public sealed class MessagesEndpointTests(ReginApplication app) : MessagesEndpointTests<ReginApplication>(app);

public sealed class MessagesEndpointTestsOnPostgreSql(PostgreSqlReginApplication app) : MessagesEndpointTests<PostgreSqlReginApplication>(app);
