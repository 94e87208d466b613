using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Regin.Bot.DirectLine;

/// <summary>
/// The Direct Line WebSocket stream (GET /conversations/{id}/stream, handed out as streamUrl): activity sets as JSON text
/// frames, {"activities": [...], "watermark": "N"}, as Azure's Direct Line sends them, from the URL's watermark on; a new
/// set as soon as an append to the conversation commits (<see cref="IActivityAppendedSignal"/>); an empty frame after
/// <see cref="DirectLineOptions.StreamKeepAlive"/> of silence keeps proxies and the browser aware that the line lives.
/// The client's own frames (DirectLineJS pings with empty ones) are read and dropped. At shutdown the stream closes with
/// 1001 (going away) and the client reconnects with its watermark, losing nothing.
/// </summary>
public static class DirectLineStream
{
    private const int ClientFrameBufferBytes = 1024;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The stream's address for a client of this request: ws(s)://host/v3/directline/conversations/{id}/stream?watermark=W&amp;t=token.</summary>
    public static string UrlFor(HttpRequest request, string conversationId, string token, long? watermark)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scheme = request.IsHttps ? "wss" : "ws";
        var position = watermark?.ToString(CultureInfo.InvariantCulture) ?? "";
        return $"{scheme}://{request.Host}{request.PathBase}{DirectLineApi.BasePath}/conversations/{Uri.EscapeDataString(conversationId)}/stream"
            + $"?watermark={position}&t={Uri.EscapeDataString(token)}";
    }

    /// <summary>
    /// Opens the stream: the token in "t" (browsers cannot set headers on a WebSocket) or the Authorization header, the
    /// same rules as every other call; then sends until the client closes or the host stops.
    /// </summary>
    internal static async Task<IResult> OpenAsync(string conversationId, HttpContext context, DirectLineTokens tokens, DirectLineStore store,
        IActivityAppendedSignal signal, IOptions<DirectLineOptions> options, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        var query = context.Request.Query["t"];
        var credential = query.Count == 1 ? tokens.ReadValue(query.ToString()) : tokens.Read(context.Request);
        if (DirectLineApi.Authorize(credential, conversationId) is { } refused)
        {
            return refused;
        }
        if (!DirectLineApi.TryWatermark(context.Request, out var watermark))
        {
            return DirectLineApi.BadWatermark();
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "The stream is a WebSocket: open it with a WebSocket request.");
        }
        if (await store.FindAsync(conversationId, context.RequestAborted) is null)
        {
            return DirectLineApi.UnknownConversation();
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var logger = loggers.CreateLogger(typeof(DirectLineStream).FullName!);
        await StreamAsync(socket, conversationId, watermark, store, signal, options.Value, lifetime.ApplicationStopping, logger);
        return Results.Empty;
    }

    private static async Task StreamAsync(WebSocket socket, string conversationId, long watermark, DirectLineStore store, IActivityAppendedSignal signal,
        DirectLineOptions options, CancellationToken stopping, ILogger logger)
    {
        // One pending "something was appended" at most: the read after it sees everything appended before it.
        var appended = Channel.CreateBounded<long>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        using var subscription = signal.Subscribe(conversationId, position => appended.Writer.TryWrite(position));
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var receiving = DropClientFramesAsync(socket, closing);
        Task<bool>? waiting = null;
        try
        {
            while (!closing.IsCancellationRequested)
            {
                while (appended.Reader.TryRead(out _))
                {
                }
                var rows = await store.ReadAfterAsync(conversationId, watermark, options.MaxActivitiesPerGet, closing.Token);
                if (rows.Count > 0)
                {
                    watermark = rows[^1].Watermark;
                    await SendAsync(socket, DirectLineApi.ActivitySet(rows, watermark), closing.Token);
                    if (rows.Count == options.MaxActivitiesPerGet)
                    {
                        continue;
                    }
                }
                waiting ??= appended.Reader.WaitToReadAsync(closing.Token).AsTask();
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(closing.Token);
                var keepAlive = Task.Delay(options.StreamKeepAlive, idle.Token);
                if (await Task.WhenAny(waiting, keepAlive) == waiting)
                {
                    await idle.CancelAsync();
                    await waiting;
                    waiting = null;
                }
                else if (!closing.IsCancellationRequested)
                {
                    await SendAsync(socket, "", closing.Token);
                }
            }
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested)
        {
            // The client closed, or the host is stopping.
        }
        catch (WebSocketException e)
        {
            logger.LogDebug(e, "Direct Line stream of {Conversation} ended: {Reason}", conversationId, e.Message);
        }
        finally
        {
            await CloseAsync(socket, receiving, stopping.IsCancellationRequested);
        }
    }

    /// <summary>Reads the client's frames until it closes (or the connection drops), then ends the stream.</summary>
    private static async Task DropClientFramesAsync(WebSocket socket, CancellationTokenSource closing)
    {
        var buffer = new byte[ClientFrameBufferBytes];
        try
        {
            // Not cancelled by the token: a cancelled receive aborts the socket, and the close would not reach the client.
            while ((await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (WebSocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            await closing.CancelAsync();
        }
    }

    private static async Task CloseAsync(WebSocket socket, Task receiving, bool hostStopping)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            try
            {
                await socket.CloseOutputAsync(hostStopping ? WebSocketCloseStatus.EndpointUnavailable : WebSocketCloseStatus.NormalClosure,
                    hostStopping ? "The host is stopping; reconnect with your watermark." : null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }
        // The client answers the close; one that does not is cut off.
        if (await Task.WhenAny(receiving, Task.Delay(CloseTimeout)) != receiving)
        {
            socket.Abort();
        }
        await receiving;
    }

    private static ValueTask SendAsync(WebSocket socket, string text, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text).AsMemory(), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
}
