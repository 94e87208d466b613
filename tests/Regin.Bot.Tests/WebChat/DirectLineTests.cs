using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using Regin.Bot.DirectLine;

namespace Regin.Bot.Tests.WebChat;

/// <summary>The local Direct Line subset (/v3/directline) through HTTP on the real host, as Web Chat's polling client uses it.</summary>
public sealed class DirectLineTests : IClassFixture<ReginApplication>
{
    private const string Secret = "dl-test-secret-5c1e-7b20e9d4a1f38c";
    private readonly WebApplicationFactory<Program> _host;
    private readonly ReginApplication _app;

    // One host for the class: its tests' starts come from one address and share that address's window
    // (DirectLine:StartsPerMinute, 30 by default; a host a test had to itself counted only its own), so the class host
    // allows more; the test of that limit derives a host of its own with 2.
    public DirectLineTests(ReginApplication app)
    {
        _app = app;
        _host = app.ClassHost(nameof(DirectLineTests), builder => builder
            .UseSetting("DirectLine:Secret", Secret)
            .UseSetting("DirectLine:StartsPerMinute", "1000"));
    }

    [Fact]
    public async Task Starting_a_conversation_greets_the_user_in_the_locale_of_the_start_request()
    {
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "user-fr", "fr-FR");

        var activities = await client.PollAsync();

        Assert.Equal("contact_name", DirectLineClient.QuestionOf(activities));
        Assert.StartsWith("Bonjour", DirectLineClient.BotTexts(activities).First());
        Assert.All(activities, a =>
        {
            Assert.Equal("webchat", a!["channelId"]!.GetValue<string>());
            Assert.Equal(client.ConversationId, a["conversation"]!["id"]!.GetValue<string>());
            Assert.StartsWith(client.ConversationId + "|", a["id"]!.GetValue<string>());
        });
        Assert.Equal(activities.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), client.Watermark);
    }

    [Fact]
    public async Task A_posted_message_comes_back_with_the_service_id_a_timestamp_and_the_clientActivityID()
    {
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "user-echo", "en-US");
        await client.PollAsync();

        var id = await client.PostAsync(DirectLineClient.Message("Jo Bloggs", "user-echo", clientActivityId: "client-42"));
        var activities = await client.PollAsync();

        var echo = activities[0]!;
        Assert.Equal(id, echo["id"]!.GetValue<string>());
        Assert.Equal("user", echo["from"]!["role"]!.GetValue<string>());
        Assert.Equal("user-echo", echo["from"]!["id"]!.GetValue<string>());
        Assert.Equal("client-42", echo["channelData"]!["clientActivityID"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(echo["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal("Noted: Jo Bloggs", DirectLineClient.BotTexts(activities).First());
        Assert.Equal("contact_organisation", DirectLineClient.QuestionOf(activities));
    }

    [Fact]
    public async Task A_message_posted_twice_with_one_client_id_is_one_turn_and_both_posts_get_its_id()
    {
        // A page whose POST reached the host as the network fell sends it again, the same activity with the same
        // clientActivityID; two copies may even arrive at once (the first one still in its turn). Session 50.
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "user-twice", "en-GB");
        await client.PollAsync();
        var message = DirectLineClient.Message("Jo Twice", "user-twice", clientActivityId: "client-twice-1");

        var ids = await Task.WhenAll(client.PostAsync(message), client.PostAsync(message));
        var again = await client.PostAsync(message);

        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(ids[0], again);
        var activities = await client.PollAsync();
        Assert.Single(activities, a => a!["text"]?.GetValue<string>() == "Jo Twice");
        Assert.Single(DirectLineClient.BotTexts(activities), t => t == "Noted: Jo Twice");
        Assert.Equal("contact_organisation", DirectLineClient.QuestionOf(activities));

        // The same words with a client id of their own are a message of their own: a contributor may say "yes" twice.
        var other = await client.PostAsync(DirectLineClient.Message("Jo Twice", "user-twice", clientActivityId: "client-twice-2"));
        Assert.NotEqual(ids[0], other);
        Assert.Single(await client.PollAsync(), a => a!["text"]?.GetValue<string>() == "Jo Twice");
    }

    [Fact]
    public async Task An_unmarked_repeat_reaching_the_host_after_a_restart_gets_the_first_id_and_is_no_second_turn()
    {
        // A client that does not mark its resends posts a message again (same clientActivityID) after the host restarted:
        // the new process remembers none of the posts it took. Until session 51 that was a second turn.
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "user-restart", "en-GB");
        await client.PollAsync();
        var message = DirectLineClient.Message("Jo Restart", "user-restart", clientActivityId: "client-restart-" + Guid.NewGuid().ToString("N"));
        var first = await client.PostAsync(message);
        Assert.Equal("contact_organisation", DirectLineClient.QuestionOf(await client.PollAsync()));

        // The host after its restart: the same database, a new process (its own services and memory).
        var restarted = _app.ClassHost(nameof(DirectLineTests) + ".restarted", builder => builder
            .UseSetting("DirectLine:Secret", Secret)
            .UseSetting("DirectLine:StartsPerMinute", "1000"));
        var resumed = DirectLineClient.Resume(restarted.CreateClient(), client.ConversationId, client.Token, client.Watermark);
        var again = await resumed.PostAsync(message);

        Assert.Equal(first, again);
        var all = await DirectLineClient.Resume(restarted.CreateClient(), client.ConversationId, client.Token).PollAsync();
        Assert.Single(all, a => a!["text"]?.GetValue<string>() == "Jo Restart");
        Assert.Single(DirectLineClient.BotTexts(all), t => t == "Noted: Jo Restart");
        // And the conversation goes on there.
        await resumed.PostAsync(DirectLineClient.Message("Restart County Council", "user-restart", clientActivityId: "client-restart-next-" + Guid.NewGuid().ToString("N")));
        Assert.Equal("contact_email", DirectLineClient.QuestionOf(await resumed.PollAsync()));
    }

    [Fact]
    public async Task The_watermark_gives_only_what_came_after_it_and_an_empty_poll_keeps_it()
    {
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "user-wm", "en-US");
        var first = await client.PollAsync();
        var watermark = client.Watermark;

        Assert.Empty(await client.PollAsync());
        Assert.Equal(watermark, client.Watermark);

        await client.PostAsync(DirectLineClient.Message("Ann Example", "user-wm"));
        var next = await client.PollAsync();
        Assert.DoesNotContain(next, a => first.Any(f => f!["id"]!.GetValue<string>() == a!["id"]!.GetValue<string>()));
        Assert.Equal("Ann Example", next[0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Two_conversations_at_once_each_see_only_their_own_messages()
    {
        var http = _host.CreateClient();
        var clients = await Task.WhenAll(
            DirectLineClient.StartAsync(http, Secret, "user-a", "de-DE"),
            DirectLineClient.StartAsync(http, Secret, "user-b", "it-IT"));
        var (a, b) = (clients[0], clients[1]);

        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 4; i++) { await a.PostAsync(DirectLineClient.Message(i == 0 ? "Anna Schmidt" : "Land Brandenburg " + i, "user-a", locale: "de-DE")); } }),
            Task.Run(async () => { for (var i = 0; i < 4; i++) { await b.PostAsync(DirectLineClient.Message(i == 0 ? "Bruno Rossi" : "Regione Puglia " + i, "user-b", locale: "it-IT")); } }));
        var seenByA = await a.PollAsync();
        var seenByB = await b.PollAsync();

        Assert.All(seenByA, x => Assert.Equal(a.ConversationId, x!["conversation"]!["id"]!.GetValue<string>()));
        Assert.All(seenByB, x => Assert.Equal(b.ConversationId, x!["conversation"]!["id"]!.GetValue<string>()));
        Assert.DoesNotContain(seenByA, x => (x!["text"]?.GetValue<string>() ?? "").Contains("Rossi", StringComparison.Ordinal) || (x["text"]?.GetValue<string>() ?? "").Contains("Puglia", StringComparison.Ordinal));
        Assert.DoesNotContain(seenByB, x => (x!["text"]?.GetValue<string>() ?? "").Contains("Schmidt", StringComparison.Ordinal) || (x["text"]?.GetValue<string>() ?? "").Contains("Brandenburg", StringComparison.Ordinal));
        Assert.Contains(DirectLineClient.BotTexts(seenByA), t => t.Contains("Anna Schmidt", StringComparison.Ordinal));
        Assert.Contains(DirectLineClient.BotTexts(seenByB), t => t.Contains("Bruno Rossi", StringComparison.Ordinal));
        // In order, without gaps, whatever the interleaving.
        var marks = seenByA.Select(x => long.Parse(x!["id"]!.GetValue<string>().Split('|')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, marks.Count).Select(i => (long)i), marks);
    }

    [Fact]
    public async Task A_token_opens_its_own_conversation_only()
    {
        var http = _host.CreateClient();
        var a = await DirectLineClient.StartAsync(http, Secret, "user-own-a", "en-US");
        var b = await DirectLineClient.StartAsync(http, Secret, "user-own-b", "en-US");

        var read = await a.SendAsync(HttpMethod.Get, $"/conversations/{b.ConversationId}/activities", a.Token);
        var post = await a.SendAsync(HttpMethod.Post, $"/conversations/{b.ConversationId}/activities", a.Token, DirectLineClient.Message("intruder", "user-own-a"));
        var reconnect = await a.SendAsync(HttpMethod.Get, $"/conversations/{b.ConversationId}", a.Token);

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reconnect.StatusCode);
        Assert.DoesNotContain(await b.PollAsync(), x => x!["text"]?.GetValue<string>() == "intruder");
    }

    [Fact]
    public async Task An_unknown_conversation_is_404()
    {
        var http = _host.CreateClient();
        var client = new DirectLineClient(http);

        var get = await client.SendAsync(HttpMethod.Get, "/conversations/no-such-conversation/activities?watermark=", Secret);
        var post = await client.SendAsync(HttpMethod.Post, "/conversations/no-such-conversation/activities", Secret, DirectLineClient.Message("hello", "u"));
        var reconnect = await client.SendAsync(HttpMethod.Get, "/conversations/no-such-conversation?watermark=", Secret);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, reconnect.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_403_and_a_forged_one_too()
    {
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "user-exp", "en-US");
        var yesterday = new DirectLineTokens(Options.Create(new DirectLineOptions { Secret = Secret }), new ShiftedClock(TimeSpan.FromDays(-1)), new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());
        var expired = yesterday.Issue(client.ConversationId, "user-exp");
        var forged = client.Token[..^4] + (client.Token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(HttpMethod.Get, $"/conversations/{client.ConversationId}/activities", expired)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(HttpMethod.Post, "/tokens/refresh", expired)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(HttpMethod.Get, $"/conversations/{client.ConversationId}/activities", forged)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(HttpMethod.Get, $"/conversations/{client.ConversationId}/activities", null)).StatusCode);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999999")]
    public async Task A_bad_watermark_is_400(string watermark)
    {
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "user-badwm-" + watermark, "en-US");

        var response = await client.SendAsync(HttpMethod.Get, $"/conversations/{client.ConversationId}/activities?watermark={Uri.EscapeDataString(watermark)}", client.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_20_KB_post_is_read_whole_and_a_shorter_one_after_it_gets_nothing_of_it()
    {
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "user-20kb", "en-US");
        await client.PollAsync();
        // Two-byte characters, so UTF-8 sequences straddle the reads; then a shorter body, which must not pick up the tail
        // of the first from a reused (pooled) buffer.
        var large = string.Concat(Enumerable.Repeat("Ωé", 5 * 1024)) + "end";
        var small = "Jo Bloggs " + new string('k', 3000);

        var first = await PostRawAsync(http, client, DirectLineClient.Message(large, "user-20kb"), out var firstBytes);
        var second = await PostRawAsync(http, client, DirectLineClient.Message(small, "user-20kb"), out _);
        var activities = await client.PollAsync();

        Assert.InRange(firstBytes, 20 * 1024, 30 * 1024);
        Assert.Equal(large, activities.Single(a => a!["id"]!.GetValue<string>() == first)!["text"]!.GetValue<string>());
        Assert.Equal(small, activities.Single(a => a!["id"]!.GetValue<string>() == second)!["text"]!.GetValue<string>());
    }

    /// <summary>Posts the activity as unescaped UTF-8 (as a browser sends it; System.Text.Json would escape every non-ASCII character).</summary>
    private static Task<string> PostRawAsync(HttpClient http, DirectLineClient client, JsonObject activity, out int bytes)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(activity.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));
        bytes = body.Length;
        return SendAsync();

        async Task<string> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{DirectLineClient.Base}/conversations/{client.ConversationId}/activities")
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") { CharSet = "utf-8" } } },
            };
            request.Headers.Authorization = new("Bearer", client.Token);
            var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        }
    }

    [Fact]
    public async Task Not_an_activity_is_400()
    {
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "user-junk", "en-US");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{DirectLineClient.Base}/conversations/{client.ConversationId}/activities")
        {
            Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", client.Token);

        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(HttpMethod.Post, $"/conversations/{client.ConversationId}/activities", client.Token, new JsonObject { ["text"] = "no type" })).StatusCode);
    }

    [Fact]
    public async Task A_flood_of_posts_from_one_conversation_gets_429()
    {
        using var host = _host.WithWebHostBuilder(builder => builder.UseSetting("DirectLine:PostsPerMinute", "3"));
        var http = host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "user-flood", "en-US");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.SendAsync(HttpMethod.Post, $"/conversations/{client.ConversationId}/activities", client.Token, DirectLineClient.Message("flood " + i, "user-flood"))).StatusCode);
        }
        var other = await DirectLineClient.StartAsync(http, Secret, "user-calm", "en-US");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await other.SendAsync(HttpMethod.Post, $"/conversations/{other.ConversationId}/activities", other.Token, DirectLineClient.Message("calm", "user-calm"))).StatusCode);
    }

    [Fact]
    public async Task Too_many_starts_from_one_address_get_429()
    {
        using var host = _host.WithWebHostBuilder(builder => builder.UseSetting("DirectLine:StartsPerMinute", "2"));
        var http = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last = await http.PostAsync("/webchat/token", null);
            statuses.Add(last.StatusCode);
        }
        Assert.Equal("60", last!.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task After_a_reload_the_conversation_is_resumed_with_its_whole_transcript()
    {
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "user-reload", "el-GR");
        await client.PostAsync(DirectLineClient.Message("Ελένη Παπαδοπούλου", "user-reload", locale: "el-GR"));
        var before = await client.PollAsync();

        // The page keeps the conversation id and the token; Web Chat reconnects with GET /conversations/{id}.
        var reconnect = await client.SendAsync(HttpMethod.Get, $"/conversations/{client.ConversationId}?watermark=", client.Token);
        Assert.Equal(HttpStatusCode.OK, reconnect.StatusCode);
        var resumed = (await reconnect.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(client.ConversationId, resumed["conversationId"]!.GetValue<string>());
        var again = DirectLineClient.Resume(http, client.ConversationId, resumed["token"]!.GetValue<string>());
        var transcript = await again.PollAsync();

        Assert.Equal(before.Select(a => a!["id"]!.GetValue<string>()), transcript.Select(a => a!["id"]!.GetValue<string>()));
        await again.PostAsync(DirectLineClient.Message("Περιφέρεια Κρήτης", "user-reload", locale: "el-GR"));
        Assert.Equal("contact_email", DirectLineClient.QuestionOf(await again.PollAsync()));
    }

    [Fact]
    public async Task The_page_token_starts_its_own_conversation_and_can_be_refreshed()
    {
        var http = _host.CreateClient();
        var issued = (await (await http.PostAsync("/webchat/token", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        var token = issued["token"]!.GetValue<string>();
        var client = new DirectLineClient(http);

        var start = await client.SendAsync(HttpMethod.Post, "/conversations", token, new JsonObject { ["user"] = new JsonObject { ["id"] = "page-user" }, ["locale"] = "sv-SE" });
        var again = await client.SendAsync(HttpMethod.Post, "/conversations", token, new JsonObject { ["user"] = new JsonObject { ["id"] = "page-user" } });
        var refreshed = await client.SendAsync(HttpMethod.Post, "/tokens/refresh", token);

        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        Assert.Equal(issued["conversationId"]!.GetValue<string>(), (await start.Content.ReadFromJsonAsync<JsonObject>())!["conversationId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var fresh = DirectLineClient.Resume(http, issued["conversationId"]!.GetValue<string>(), (await refreshed.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>());
        var activities = await fresh.PollAsync();
        Assert.StartsWith("Hej", DirectLineClient.BotTexts(activities).First());
        Assert.Single(activities, a => a!["channelData"]?["questionId"] is not null);
    }

    [Fact]
    public async Task With_a_secret_configured_a_start_without_it_is_refused()
    {
        var http = _host.CreateClient();
        var client = new DirectLineClient(http);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(HttpMethod.Post, "/conversations", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(HttpMethod.Post, "/conversations", "wrong-secret")).StatusCode);
    }

    [Fact]
    public async Task Switched_off_there_is_no_Direct_Line_and_no_page()
    {
        using var host = _host.WithWebHostBuilder(builder => builder.UseSetting("DirectLine:Enabled", "false"));
        var http = host.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync(DirectLineClient.Base + "/conversations", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/")).StatusCode);
    }

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow().Add(shift);
    }
}
