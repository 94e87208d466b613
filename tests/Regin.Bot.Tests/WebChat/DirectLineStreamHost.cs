using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Regin.Testing;

namespace Regin.Bot.Tests.WebChat;

/// <summary>
/// The real bot host on Kestrel (a free 127.0.0.1 port, a fresh SQLite file), so the tests reach the Direct Line stream
/// with a real ClientWebSocket, as a browser does. Idle streams send a keep-alive frame every 300 ms here.
/// </summary>
public sealed class DirectLineStreamHost : BotTestHost
{
    public const string Secret = "dl-stream-secret-9d2b-0c4f7a1e93b6";
    public static readonly TimeSpan KeepAlive = TimeSpan.FromMilliseconds(300);

    public DirectLineStreamHost()
        : base(kestrel: true)
    {
        StartServer();
    }

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("DirectLine:Secret", Secret);
        builder.UseSetting("DirectLine:StreamKeepAlive", KeepAlive.ToString());
    }
}

/// <summary>A client of the stream: a ClientWebSocket (no headers, the token is in the URL) and its frames as they come.</summary>
internal sealed class StreamClient : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = Eventually.Deadline;
    private readonly Channel<string> _frames = Channel.CreateUnbounded<string>();
    private readonly Task _receiving;

    private StreamClient(ClientWebSocket socket)
    {
        Socket = socket;
        _receiving = ReceiveAsync();
    }

    public ClientWebSocket Socket { get; }

    /// <summary>The watermark of the last activity set received.</summary>
    public string Watermark { get; private set; } = "";

    /// <summary>How many keep-alive frames (empty) <see cref="NextSetAsync"/> passed over.</summary>
    public int KeepAlives { get; private set; }

    public static async Task<StreamClient> ConnectAsync(string streamUrl)
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Deadline);
        await socket.ConnectAsync(new Uri(streamUrl), timeout.Token);
        return new StreamClient(socket);
    }

    /// <summary>The next frame as sent: "" for a keep-alive.</summary>
    public async Task<string> NextFrameAsync()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        return await _frames.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>The activities of the next non-empty frame; moves the watermark on.</summary>
    public async Task<JsonArray> NextSetAsync()
    {
        while (true)
        {
            var frame = await NextFrameAsync();
            if (frame.Length == 0)
            {
                KeepAlives++;
                continue;
            }
            var set = JsonNode.Parse(frame)!.AsObject();
            Watermark = set["watermark"]!.GetValue<string>();
            return set["activities"]!.AsArray();
        }
    }

    /// <summary>Activity sets until one holds an activity matching <paramref name="until"/>; every activity received on the way.</summary>
    public async Task<List<JsonObject>> ReceiveUntilAsync(Func<JsonObject, bool> until)
    {
        var received = new List<JsonObject>();
        while (true)
        {
            var set = await NextSetAsync();
            received.AddRange(set.Select(a => a!.AsObject()));
            if (set.Any(a => until(a!.AsObject())))
            {
                return received;
            }
        }
    }

    /// <summary>How the server closed the stream (waits for it).</summary>
    public async Task<WebSocketCloseStatus?> ClosedAsync()
    {
        await _receiving.WaitAsync(Deadline);
        return Socket.CloseStatus;
    }

    public async Task CloseAsync()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        await _receiving.WaitAsync(Deadline);
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            try
            {
                await CloseAsync();
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException)
            {
            }
        }
        Socket.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await Socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (Socket.State == WebSocketState.CloseReceived)
                    {
                        await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }
                    return;
                }
                Assert.Equal(WebSocketMessageType.Text, result.MessageType);
                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    _frames.Writer.TryWrite(Encoding.UTF8.GetString(message.ToArray()));
                    message.SetLength(0);
                }
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }
}
