using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.DirectLine;

/// <summary>
/// The Direct Line WebSocket stream (GET /conversations/{id}/stream, handed out as streamUrl): activity sets as JSON text
/// frames, {"activities": [...], "watermark": "N"}, as Azure's Direct Line sends them, from the URL's watermark on; a new
/// set as soon as an append to the conversation commits (<see cref="IActivityAppendedSignal"/>: this host's commits with
/// their rows, sent without reading them back when they follow on from what the client has); an empty frame after
/// <see cref="DirectLineOptions.StreamKeepAlive"/> of silence keeps proxies and the browser aware that the line lives, and
/// where the signal may miss appends (<see cref="IActivityAppendedSignal.MayMissAppends"/>: PostgreSQL) the transcript is
/// read again after it, so an append no notice told of reaches the client within a keep-alive.
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
        // What was appended since the last send: this host's commits come with their rows (sent as they are, without reading
        // them back: on PostgreSQL a read cost each reply a pooled session and a round trip after its commit); another
        // host's, or a wake after missed signals, with the position alone (then read).
        var appended = Channel.CreateUnbounded<Appended>(new UnboundedChannelOptions { SingleReader = true });
        using var subscription = signal.Subscribe(conversationId, (position, rows) => appended.Writer.TryWrite(new Appended(position, rows)));
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var receiving = DropClientFramesAsync(socket, closing);
        Task<bool>? waiting = null;
        // The first pass reads what the client has not seen (from the URL's watermark); so does a pass after a full set.
        var read = true;
        try
        {
            while (!closing.IsCancellationRequested)
            {
                var pushed = TakePushed(appended.Reader, watermark, options.MaxActivitiesPerGet);
                var rows = read || pushed is null ? await store.ReadAfterAsync(conversationId, watermark, options.MaxActivitiesPerGet, closing.Token) : pushed;
                read = false;
                if (rows.Count > 0)
                {
                    watermark = rows[^1].Watermark;
                    await SendAsync(socket, DirectLineApi.ActivitySet(rows, watermark), closing.Token);
                    if (rows.Count == options.MaxActivitiesPerGet)
                    {
                        read = true;
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
                    // A signal that may miss appends (another host's notice lost) is not trusted alone: the next pass reads.
                    // (From session 19 to 28 it did not: the pass after a keep-alive took the empty set of pushed rows as
                    // "nothing new", and an untold append waited for the next signal.)
                    read = signal.MayMissAppends;
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

    /// <summary>One "appended up to <paramref name="Watermark"/>", with the committed rows when this host appended them.</summary>
    internal readonly record struct Appended(long Watermark, IReadOnlyList<DirectLineActivity>? Rows);

    /// <summary>
    /// Takes every pending <see cref="Appended"/>; the rows after <paramref name="watermark"/> when they came with them,
    /// each position once and none missing, up to the last position told (nothing new: empty); null when they must be read
    /// (a position told without rows, a gap, more than <paramref name="max"/>).
    /// </summary>
    internal static IReadOnlyList<DirectLineActivity>? TakePushed(ChannelReader<Appended> pending, long watermark, int max)
    {
        List<DirectLineActivity>? rows = null;
        var told = watermark;
        var complete = true;
        while (pending.TryRead(out var appended))
        {
            told = Math.Max(told, appended.Watermark);
            if (appended.Rows is null)
            {
                complete = false;
                continue;
            }
            foreach (var row in appended.Rows)
            {
                if (row.Watermark > watermark)
                {
                    (rows ??= []).Add(row);
                }
            }
        }
        if (!complete)
        {
            return null;
        }
        if (rows is null)
        {
            return told > watermark ? null : [];
        }
        rows.Sort((a, b) => a.Watermark.CompareTo(b.Watermark));
        // Each position once (two signals may carry one row), following on from what the client has, up to the last told.
        var next = watermark + 1;
        var unique = new List<DirectLineActivity>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Watermark < next)
            {
                continue;
            }
            if (row.Watermark != next)
            {
                return null;
            }
            unique.Add(row);
            next++;
        }
        return next - 1 == told && unique.Count <= max ? unique : null;
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
