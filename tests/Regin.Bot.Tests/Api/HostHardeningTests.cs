using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;

namespace Regin.Bot.Tests.Api;

/// <summary>The host on the internet: no anonymous Bot Framework endpoint in Production, no call-backs to any URL, a rate limit per client.</summary>
public sealed class HostHardeningTests(ReginApplication app) : IClassFixture<ReginApplication>
{
    private static JsonObject Activity(string serviceUrl) => new()
    {
        ["type"] = "message",
        ["id"] = Guid.NewGuid().ToString("N"),
        ["channelId"] = "webchat",
        ["serviceUrl"] = serviceUrl,
        ["deliveryMode"] = "expectReplies",
        ["locale"] = "en-GB",
        ["from"] = new JsonObject { ["id"] = "hardening-user", ["role"] = "user" },
        ["recipient"] = new JsonObject { ["id"] = "regin-bot" },
        ["conversation"] = new JsonObject { ["id"] = "hardening-" + Guid.NewGuid().ToString("N") },
        ["text"] = "hello",
    };

    [Fact]
    public async Task Without_an_app_id_the_Bot_Framework_endpoint_answers_401_in_Production_unless_anonymous_is_allowed()
    {
        var production = app.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        var refused = await production.CreateClient().PostAsJsonAsync("/api/messages", Activity("https://webchat.invalid/"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var allowed = app.WithWebHostBuilder(b => b.UseEnvironment("Production").UseSetting("Chat:AllowAnonymous", "true"));
        Assert.Equal(HttpStatusCode.OK, (await allowed.CreateClient().PostAsJsonAsync("/api/messages", Activity("https://webchat.invalid/"))).StatusCode);
    }

    [Theory]
    [InlineData("http://10.0.0.5:9999/x?")]
    [InlineData("https://webchat.invalid.evil.example/")]
    [InlineData("urn:regin:directline")]
    public async Task An_anonymous_activity_naming_a_service_url_off_the_allow_list_is_refused(string serviceUrl)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/messages", Activity(serviceUrl));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_anonymous_activity_cannot_hide_its_service_url_behind_a_second_spelling_of_the_key()
    {
        // The Bot Framework reads "ServiceURL" as serviceUrl too (the last one wins): the address checked is the one it would call.
        var activity = Activity("https://webchat.invalid/");
        activity["ServiceURL"] = "http://10.0.0.5:9999/";
        var response = await app.CreateClient().PostAsJsonAsync("/api/messages", activity);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

        var malformed = await app.CreateClient().PostAsync("/api/messages", new StringContent("{\"type\": \"message\", ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task One_client_gets_429_with_retry_after_once_it_passes_its_requests_per_minute()
    {
        var limited = app.WithWebHostBuilder(b => b.UseSetting("Hosting:RequestsPerMinute", "5"));
        var client = limited.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.GetAsync("/api/questionnaire")).StatusCode);
        }
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], statuses);
        var refused = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", refused.Headers.RetryAfter?.ToString());
    }

    [Theory]
    [InlineData("conversationUpdate")]
    [InlineData("invoke")]
    [InlineData("endOfConversation")]
    public async Task A_web_chat_client_may_post_messages_but_not_service_activities(string type)
    {
        var http = app.CreateClient();
        var page = (await (await http.PostAsync("/webchat/token", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        var chat = await Regin.Bot.Tests.WebChat.DirectLineClient.StartAsync(http, page["token"]!.GetValue<string>(), "hardening-dl", "en-GB");
        var forged = new JsonObject
        {
            ["type"] = type,
            ["from"] = new JsonObject { ["id"] = "hardening-dl", ["role"] = "user" },
            ["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "someone-else" }),
        };
        var response = await chat.SendAsync(HttpMethod.Post, $"/conversations/{chat.ConversationId}/activities", chat.Token, forged);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await chat.PostAsync(Regin.Bot.Tests.WebChat.DirectLineClient.Message("hello", "hardening-dl", locale: "en-GB"));
    }
}
