using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Regin.Bot.Tests.WebChat;

/// <summary>
/// The Direct Line WebSocket stream on the real host (Kestrel) with a real ClientWebSocket: the streamUrl of start and
/// resume, activity sets pushed as the turn commits, resuming from a watermark, keep-alives, refusals, shutdown.
/// </summary>
public sealed class DirectLineStreamTests : IClassFixture<DirectLineStreamHost>
{
    private readonly DirectLineStreamHost _host;

    public DirectLineStreamTests(DirectLineStreamHost host) => _host = host;

    [Fact]
    public async Task The_stream_pushes_the_greeting_then_the_echo_and_the_reply_of_each_post_without_any_poll()
    {
        using var http = _host.CreateHttpClient();
        var (client, streamUrl) = await StartAsync(http, "user-stream", "fr-FR");
        Assert.StartsWith($"ws://{_host.BaseAddress.Authority}/v3/directline/conversations/{client.ConversationId}/stream?", streamUrl, StringComparison.Ordinal);
        Assert.DoesNotContain(DirectLineStreamHost.Secret, streamUrl, StringComparison.Ordinal);

        await using var stream = await StreamClient.ConnectAsync(streamUrl);
        var greeting = await stream.ReceiveUntilAsync(a => QuestionOf(a) == "contact_name");
        Assert.StartsWith("Bonjour", greeting[0]["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(greeting.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), stream.Watermark);

        var id = await client.PostAsync(DirectLineClient.Message("Jo Bloggs", "user-stream", clientActivityId: "client-7", locale: "fr-FR"));
        var turn = await stream.ReceiveUntilAsync(a => QuestionOf(a) == "contact_organisation");

        var echo = turn[0];
        Assert.Equal(id, echo["id"]!.GetValue<string>());
        Assert.Equal("user", echo["from"]!["role"]!.GetValue<string>());
        Assert.Equal("client-7", echo["channelData"]!["clientActivityID"]!.GetValue<string>());
        Assert.Contains(turn, a => a["from"]!["role"]!.GetValue<string>() == "bot" && (a["text"]?.GetValue<string>() ?? "").Contains("Jo Bloggs", StringComparison.Ordinal));
        AssertContiguous(greeting.Concat(turn));
        // What the stream sent is the transcript, nothing more or less.
        Assert.Equal(Ids(await client.PollAsync()), Ids(greeting.Concat(turn)));
    }

    [Fact]
    public async Task A_reply_this_host_commits_is_sent_as_committed_without_reading_the_transcript_back()
    {
        using var http = _host.CreateHttpClient();
        var store = _host.Services.GetRequiredService<Regin.Bot.DirectLine.DirectLineStore>();
        var (client, streamUrl) = await StartAsync(http, "user-pushed", "en-US");
        await using var stream = await StreamClient.ConnectAsync(streamUrl);
        var received = await stream.ReceiveUntilAsync(a => QuestionOf(a) == "contact_name");
        var readsBefore = store.TranscriptReads;

        await client.PostAsync(DirectLineClient.Message("Pia Pushed", "user-pushed"));
        received.AddRange(await stream.ReceiveUntilAsync(a => QuestionOf(a) == "contact_organisation"));
        await client.PostAsync(DirectLineClient.Message("Pushed County Council", "user-pushed"));
        received.AddRange(await stream.ReceiveUntilAsync(a => QuestionOf(a) == "contact_email"));

        // Two turns (each the echo and the replies) reached the stream from their commits: no read of the transcript.
        Assert.Equal(readsBefore, store.TranscriptReads);
        AssertContiguous(received);
        Assert.Equal(Ids(await client.PollAsync()), Ids(received));
    }

    [Fact]
    public async Task Resuming_with_the_watermark_gives_what_came_while_away_without_loss_or_duplicates()
    {
        using var http = _host.CreateHttpClient();
        var (client, streamUrl) = await StartAsync(http, "user-resume", "en-US");
        var received = new List<JsonObject>();
        string watermark;
        await using (var first = await StreamClient.ConnectAsync(streamUrl))
        {
            received.AddRange(await first.ReceiveUntilAsync(a => QuestionOf(a) == "contact_name"));
            watermark = first.Watermark;
        }

        // Away: two answers, and their replies, land in the transcript with no stream open.
        await client.PostAsync(DirectLineClient.Message("Ann Away", "user-resume"));
        await client.PostAsync(DirectLineClient.Message("Away County Council", "user-resume"));
        var resumed = await client.SendAsync(HttpMethod.Get, $"/conversations/{client.ConversationId}?watermark={watermark}", client.Token);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        var resumeUrl = (await resumed.Content.ReadFromJsonAsync<JsonObject>())!["streamUrl"]!.GetValue<string>();
        Assert.Contains($"watermark={watermark}&", resumeUrl, StringComparison.Ordinal);

        await using var second = await StreamClient.ConnectAsync(resumeUrl);
        received.AddRange(await second.ReceiveUntilAsync(a => QuestionOf(a) == "contact_email"));
        await client.PostAsync(DirectLineClient.Message("ann@example.org", "user-resume"));
        received.AddRange(await second.ReceiveUntilAsync(a => QuestionOf(a) == "contact_phone"));

        AssertContiguous(received);
        Assert.Equal(Ids(await client.PollAsync()), Ids(received));
    }

    [Fact]
    public async Task Two_streams_of_one_conversation_both_get_every_reply()
    {
        using var http = _host.CreateHttpClient();
        var (client, streamUrl) = await StartAsync(http, "user-two-tabs", "de-DE");
        await using var a = await StreamClient.ConnectAsync(streamUrl);
        await using var b = await StreamClient.ConnectAsync(streamUrl);
        await a.ReceiveUntilAsync(x => QuestionOf(x) == "contact_name");
        await b.ReceiveUntilAsync(x => QuestionOf(x) == "contact_name");

        await client.PostAsync(DirectLineClient.Message("Anna Schmidt", "user-two-tabs", locale: "de-DE"));

        Assert.Contains(await a.ReceiveUntilAsync(x => QuestionOf(x) == "contact_organisation"), x => x["text"]?.GetValue<string>() == "Anna Schmidt");
        Assert.Contains(await b.ReceiveUntilAsync(x => QuestionOf(x) == "contact_organisation"), x => x["text"]?.GetValue<string>() == "Anna Schmidt");
    }

    [Fact]
    public async Task An_idle_stream_sends_empty_keep_alive_frames_and_takes_the_clients_empty_pings()
    {
        using var http = _host.CreateHttpClient();
        var (client, streamUrl) = await StartAsync(http, "user-idle", "en-US");
        await using var stream = await StreamClient.ConnectAsync(streamUrl);
        await stream.ReceiveUntilAsync(a => QuestionOf(a) == "contact_name");
        var store = _host.Services.GetRequiredService<Regin.Bot.DirectLine.DirectLineStore>();
        var reads = store.TranscriptReads;

        // DirectLineJS pings with empty frames; the stream stays open and answers silence with its own.
        await stream.Socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Equal("", await stream.NextFrameAsync());
        Assert.Equal("", await stream.NextFrameAsync());
        // One host (SQLite): its signal misses nothing, so a keep-alive reads nothing.
        Assert.Equal(reads, store.TranscriptReads);

        await client.PostAsync(DirectLineClient.Message("Idle Ida", "user-idle"));
        Assert.Contains(await stream.ReceiveUntilAsync(a => QuestionOf(a) == "contact_organisation"), a => a["text"]?.GetValue<string>() == "Idle Ida");
    }

    [Fact]
    public async Task The_stream_is_refused_without_a_token_with_another_conversations_token_and_for_an_unknown_conversation()
    {
        using var http = _host.CreateHttpClient();
        var (mine, _) = await StartAsync(http, "user-refused-a", "en-US");
        var (other, _) = await StartAsync(http, "user-refused-b", "en-US");
        var root = $"ws://{_host.BaseAddress.Authority}/v3/directline/conversations";

        Assert.Equal(HttpStatusCode.Unauthorized, await HandshakeStatusAsync($"{root}/{mine.ConversationId}/stream?watermark="));
        Assert.Equal(HttpStatusCode.Forbidden, await HandshakeStatusAsync($"{root}/{other.ConversationId}/stream?watermark=&t={Uri.EscapeDataString(mine.Token)}"));
        Assert.Equal(HttpStatusCode.Forbidden, await HandshakeStatusAsync($"{root}/{mine.ConversationId}/stream?watermark=&t=forged.1.x"));
        Assert.Equal(HttpStatusCode.NotFound, await HandshakeStatusAsync($"{root}/no-such-conversation/stream?watermark=&t={DirectLineStreamHost.Secret}"));
        Assert.Equal(HttpStatusCode.BadRequest, await HandshakeStatusAsync($"{root}/{mine.ConversationId}/stream?watermark=abc&t={Uri.EscapeDataString(mine.Token)}"));
    }

    [Fact]
    public async Task Stopping_the_host_closes_the_stream_as_going_away_so_the_client_reconnects()
    {
        var host = new DirectLineStreamHost();
        StreamClient stream;
        try
        {
            using var http = host.CreateHttpClient();
            var (_, streamUrl) = await StartAsync(http, "user-shutdown", "en-US");
            stream = await StreamClient.ConnectAsync(streamUrl);
            await stream.ReceiveUntilAsync(a => QuestionOf(a) == "contact_name");
        }
        finally
        {
            await host.DisposeAsync();
        }
        await using (stream)
        {
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await stream.ClosedAsync());
        }
    }

    private static async Task<(DirectLineClient Client, string StreamUrl)> StartAsync(HttpClient http, string userId, string locale)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, DirectLineClient.Base + "/conversations")
        {
            Content = JsonContent.Create(new JsonObject { ["user"] = new JsonObject { ["id"] = userId }, ["locale"] = locale }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DirectLineStreamHost.Secret);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var client = DirectLineClient.Resume(http, body["conversationId"]!.GetValue<string>(), body["token"]!.GetValue<string>());
        return (client, body["streamUrl"]!.GetValue<string>());
    }

    private static async Task<HttpStatusCode> HandshakeStatusAsync(string url)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(Eventually.Deadline);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(url), timeout.Token));
        return socket.HttpStatusCode;
    }

    private static string? QuestionOf(JsonObject activity) => activity["channelData"]?["questionId"]?.GetValue<string>();

    private static List<string> Ids(IEnumerable<JsonNode?> activities) => activities.Select(a => a!["id"]!.GetValue<string>()).ToList();

    /// <summary>Watermarks 1, 2, 3... in order: nothing lost, nothing twice.</summary>
    private static void AssertContiguous(IEnumerable<JsonObject> activities)
    {
        var marks = activities.Select(a => long.Parse(a["id"]!.GetValue<string>().Split('|')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, marks.Count).Select(i => (long)i), marks);
    }
}
