using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Regin.Bot.Tests.Chat;

/// <summary>
/// A channel that is called back (no expectReplies: the replies are POSTed to the activity's serviceUrl, as Teams and
/// the Emulator receive them): the Bot Framework's connector client is made only when a turn sends, and then it works.
/// </summary>
public sealed class ChannelCallbackTests : IClassFixture<ChannelCallbackTests.LoopbackChannelApplication>, IAsyncLifetime
{
    private readonly LoopbackChannelApplication _app;
    private readonly ConcurrentQueue<(string Path, JsonObject Activity)> _received = new();
    private WebApplication? _channel;

    public ChannelCallbackTests(LoopbackChannelApplication app) => _app = app;

    /// <summary>The bot host, allowed to call back a channel on this machine (any port).</summary>
    public sealed class LoopbackChannelApplication : ReginApplication
    {
        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            base.ConfigureSettings(builder);
            builder.UseSetting("Chat:AllowedServiceUrls:1", "http://127.0.0.1/");
        }
    }

    public async Task InitializeAsync()
    {
        // The channel's side of the Bot Connector API, on a free port: it keeps what the bot sends.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _channel = builder.Build();
        _channel.MapPost("/v3/conversations/{conversation}/activities/{*rest}", async (HttpContext context) =>
        {
            var activity = await context.Request.ReadFromJsonAsync<JsonObject>();
            _received.Enqueue((context.Request.Path.Value!, activity!));
            return Results.Json(new { id = Guid.NewGuid().ToString("N") });
        });
        await _channel.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
        }
    }

    private string ChannelUrl =>
        _channel!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";

    [Fact]
    public async Task Replies_are_posted_to_the_channel_when_the_activity_does_not_expect_them_in_the_response()
    {
        var client = _app.CreateClient();
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = "callback-1",
            ["channelId"] = "emulator",
            ["serviceUrl"] = ChannelUrl,
            ["locale"] = "en-US",
            ["from"] = new JsonObject { ["id"] = "callback-user", ["role"] = "user" },
            ["recipient"] = new JsonObject { ["id"] = "regin-bot" },
            ["conversation"] = new JsonObject { ["id"] = "callback-conversation" },
            ["text"] = "hello",
        };

        var response = await client.PostAsJsonAsync("/api/messages", activity);

        // The adapter sends the replies within the turn, before it answers the request.
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.NotEmpty(_received);
        Assert.All(_received, r =>
        {
            Assert.StartsWith("/v3/conversations/callback-conversation/activities", r.Path, StringComparison.Ordinal);
            Assert.Equal("callback-conversation", r.Activity["conversation"]!["id"]!.GetValue<string>());
        });
        Assert.Contains(_received, r => r.Activity["type"]!.GetValue<string>() == "message" && r.Activity["text"] is not null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
