using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Regin.Bot.DirectLine;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Testing;

namespace Regin.Bot.Tests.WebChat;

/// <summary>The real bot host on Kestrel and PostgreSQL, its streams keeping alive every 300 ms.</summary>
public sealed class PostgreSqlDirectLineStreamHost : BotTestHost
{
    public PostgreSqlDirectLineStreamHost()
        : base(kestrel: true)
    {
        StartServer();
    }

    public override string Provider => TestProviders.PostgreSql;

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("DirectLine:Secret", DirectLineStreamHost.Secret);
        builder.UseSetting("DirectLine:StreamKeepAlive", DirectLineStreamHost.KeepAlive.ToString());
    }
}

/// <summary>
/// The Direct Line stream on PostgreSQL, where another host's notice can be lost (it is sent after the commit): the stream
/// rereads its transcript at each keep-alive, so an append no notice told of still reaches the client.
/// </summary>
public sealed class DirectLineStreamOnPostgreSqlTests(PostgreSqlDirectLineStreamHost host) : IClassFixture<PostgreSqlDirectLineStreamHost>
{
    [Fact]
    public async Task An_append_of_another_host_that_no_notice_told_of_reaches_the_stream_at_its_next_keep_alive()
    {
        Assert.True(host.Services.GetRequiredService<IActivityAppendedSignal>().MayMissAppends);
        using var http = host.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, DirectLineClient.Base + "/conversations")
        {
            Content = JsonContent.Create(new JsonObject { ["user"] = new JsonObject { ["id"] = "pg-untold-user" }, ["locale"] = "en-US" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DirectLineStreamHost.Secret);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var conversationId = started["conversationId"]!.GetValue<string>();
        await using var stream = await StreamClient.ConnectAsync(started["streamUrl"]!.GetValue<string>());
        await stream.ReceiveUntilAsync(a => a["channelData"]?["questionId"]?.GetValue<string>() == "contact_name");
        var last = long.Parse(stream.Watermark, System.Globalization.CultureInfo.InvariantCulture);

        // Another host commits a row and dies before its notice goes out: nothing tells this host.
        var id = $"{conversationId}|{last + 1:D7}";
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
            db.Add(new DirectLineActivity
            {
                ConversationId = conversationId,
                Watermark = last + 1,
                ActivityId = id,
                Json = new JsonObject { ["type"] = "message", ["id"] = id, ["text"] = "untold", ["from"] = new JsonObject { ["id"] = "regin-bot", ["role"] = "bot" } }.ToJsonString(),
                CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        // The stream's next keep-alive is followed by a read that finds it. (Keep-alives sent while the row was written wait
        // in the client's queue too, so a few more may come first; a stream that never reread would send them for ever.)
        var keepAlives = 0;
        string frame;
        while ((frame = await stream.NextFrameAsync()).Length == 0)
        {
            keepAlives++;
            Assert.True(keepAlives <= 30, "30 keep-alives and the untold row has not come");
        }
        var set = JsonNode.Parse(frame)!.AsObject();
        Assert.Equal(id, Assert.Single(set["activities"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal((last + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), set["watermark"]!.GetValue<string>());
        // It came after a keep-alive (read then), not by a signal.
        Assert.True(keepAlives >= 1);
    }
}
