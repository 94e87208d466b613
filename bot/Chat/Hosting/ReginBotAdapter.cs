using System.Text;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace Regin.Bot.Chat.Hosting;

/// <summary>The CloudAdapter of POST /api/messages (authentication from MicrosoftAppId/Password/Type/TenantId), with the bot's pipeline.</summary>
public sealed class ReginBotAdapter : CloudAdapter
{
    /// <summary>Nesting deeper than this is no activity (a card's submitted values are a few levels deep).</summary>
    public const int MaxDepth = 64;

    public ReginBotAdapter(BotFrameworkAuthentication authentication, IServiceProvider services, ILogger<ReginBotAdapter> logger)
        : base(authentication, logger)
    {
        this.UseReginPipeline(services);
    }

    /// <summary>
    /// POST /api/messages, as <see cref="CloudAdapter.ProcessAsync(HttpRequest, HttpResponse, IBot, CancellationToken)"/>
    /// does for a POST (the same reading of the body, the same authentication and turn, the same status codes), except that
    /// the body is read once (the anonymous guard checks the activity the adapter runs, not a second parse of the body)
    /// and an expectReplies answer is written by <see cref="BotJson"/> rather than the Bot Framework's indented writer.
    /// </summary>
    public async Task ProcessMessageAsync(HttpContext context, IBot bot, AnonymousEndpointGuard guard, ChatAuthenticationThrottle throttle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(throttle);
        if (guard.RefusesAll)
        {
            await guard.Check(null)!.ExecuteAsync(context);
            return;
        }
        var address = Extensions.HostingExtensions.ClientAddress(context);
        if (!guard.IsAnonymous && throttle.IsBlocked(address))
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = ((int)throttle.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return;
        }
        var activity = await BotJson.ReadActivityAsync(context.Request, cancellationToken);
        if (guard.Check(activity) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }
        if (string.IsNullOrEmpty(activity?.Type))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        if (activity.Type != ActivityTypes.Message && OversizedMessages.Of(activity) is not null)
        {
            // Only a message is answered as too long: nobody is told of anything else.
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        InvokeResponse? invokeResponse;
        try
        {
            string? authHeader = context.Request.Headers.Authorization;
            invokeResponse = await ProcessActivityAsync(authHeader, activity, bot.OnTurnAsync, cancellationToken);
        }
        catch (UnauthorizedAccessException)
        {
            throttle.Fail(address);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        await BotJson.WriteResponseAsync(context.Response, invokeResponse, cancellationToken);
    }
}

/// <summary>
/// The Bot Framework's JSON on POST /api/messages: activities read with its own serializer (<see cref="HttpHelper.BotMessageSerializer"/>),
/// and the expectReplies answer written as those settings write it, unindented, and without the attachment converter
/// (<c>AttachmentMemoryStreamConverter</c>, which copies every card into a new JSON tree to look for streams before writing it):
/// the bot's attachments are JSON (cards) or text, never streams. The bot's own activities are written by
/// <see cref="ExpectedRepliesWriter"/>, others with those settings by Newtonsoft; any other answer is written by the Bot
/// Framework as before.
/// </summary>
public static class BotJson
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>The Bot Framework's message settings, unindented, with attachments' content written as the JSON it is.</summary>
    public static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        NullValueHandling = HttpHelper.BotMessageSerializerSettings.NullValueHandling,
        Formatting = Formatting.None,
        DateFormatHandling = HttpHelper.BotMessageSerializerSettings.DateFormatHandling,
        DateTimeZoneHandling = HttpHelper.BotMessageSerializerSettings.DateTimeZoneHandling,
        ReferenceLoopHandling = HttpHelper.BotMessageSerializerSettings.ReferenceLoopHandling,
        ContractResolver = new PlainAttachmentContractResolver(),
        Converters = [.. HttpHelper.BotMessageSerializerSettings.Converters],
    });

    /// <summary>
    /// The Bot Framework's reading serializer (<see cref="HttpHelper.BotMessageSerializer"/>'s settings) with
    /// <see cref="ReginBotAdapter.MaxDepth"/> as its depth limit: a serializer sets its own limit on the reader it reads
    /// (the Bot Framework's settings carry a larger one), so the reader's limit alone let a message 70 levels deep through.
    /// </summary>
    private static readonly JsonSerializer Reader = JsonSerializer.Create(new JsonSerializerSettings(HttpHelper.BotMessageSerializerSettings) { MaxDepth = ReginBotAdapter.MaxDepth });

    /// <summary>
    /// The activity of the request's body, as <c>HttpHelper.ReadRequestAsync</c> reads it; null when the body is no JSON
    /// activity (a timestamp no clock shows, 15 hours off UTC, too), or nested deeper than <see cref="ReginBotAdapter.MaxDepth"/> levels (POST /api/messages answers 400 and
    /// stores nothing). The body is read into one array of its length (it is kept as the raw input: <see cref="ReceivedBody"/>)
    /// and, unless it starts with a byte order mark, decoded as UTF-8 once into the text the reader parses (a
    /// <see cref="StreamReader"/> allocated 12 KB of buffers per message, and the copy grew a stream); the reader's own
    /// buffers come from a pool.
    /// </summary>
    public static async Task<Activity?> ReadActivityAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await ReadBodyAsync(request.BodyReader, cancellationToken);
        Activity? activity;
        try
        {
            using var reader = new JsonTextReader(TextOf(body)) { MaxDepth = ReginBotAdapter.MaxDepth, ArrayPool = PooledChars.Instance };
            activity = Reader.Deserialize<Activity>(reader);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (ArgumentOutOfRangeException)
        {
            // A timestamp further than 14 hours from UTC ("+15:00"): Newtonsoft's reading throws DateTimeOffset's own
            // exception, not a JsonException (it was a 500). No activity, as for any other value it cannot read.
            return null;
        }
        if (activity is not null && body.Length > Extensions.HostingExtensions.SmallBodyBytes)
        {
            // Over the limit of a message processed (up to the endpoint's cap, Chat:MaxMessageBytes): its turn tells the
            // contributor it is too long, and the body is kept as it came (OversizedMessages).
            OversizedMessages.Shorten(activity, body);
        }
        else if (activity is not null && IsKeptAsReceived(body))
        {
            Received.AddOrUpdate(activity, body);
        }
        return activity;
    }

    /// <summary>The whole body, in an array of its length.</summary>
    private static async Task<byte[]> ReadBodyAsync(System.IO.Pipelines.PipeReader body, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            if (read.IsCompleted)
            {
                var bytes = System.Buffers.BuffersExtensions.ToArray(read.Buffer);
                body.AdvanceTo(read.Buffer.End);
                return bytes;
            }
            // Nothing consumed until the end: the reader keeps what came and gives it back with the rest.
            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    /// <summary>
    /// The body as text, as a <see cref="StreamReader"/> for UTF-8 that detects byte order marks reads it: one that starts
    /// with a mark (UTF-8's, or UTF-16's or UTF-32's) is read by that reader, as before; any other is UTF-8 (invalid bytes
    /// read as U+FFFD alike).
    /// </summary>
    private static TextReader TextOf(byte[] body)
    {
        ReadOnlySpan<byte> start = body;
        if (start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) || start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])
            || start.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return new StreamReader(new MemoryStream(body, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: false);
        }
        return new StringReader(Encoding.UTF8.GetString(body));
    }

    /// <summary>Newtonsoft's reader buffers, rented from the shared pool and given back when the reader closes.</summary>
    private sealed class PooledChars : IArrayPool<char>
    {
        public static readonly PooledChars Instance = new();

        public char[] Rent(int minimumLength) => System.Buffers.ArrayPool<char>.Shared.Rent(minimumLength);

        public void Return(char[]? array)
        {
            if (array is not null)
            {
                System.Buffers.ArrayPool<char>.Shared.Return(array);
            }
        }
    }

    /// <summary>The body each activity read by <see cref="ReadActivityAsync"/> came in, for the raw-input log (see <see cref="ReceivedBody"/>).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Activity, byte[]> Received = new();

    /// <summary>
    /// The bytes <paramref name="activity"/> was read from, when <see cref="ReadActivityAsync"/> read it from a body that
    /// can be kept as it came: UTF-8 without a byte order mark and without \u escapes (a name written as "\u00c9lodie"
    /// would not be found by the erasure's search of the stored text; such a body is kept as the activity's JSON instead).
    /// </summary>
    public static byte[]? ReceivedBody(Activity activity) =>
        activity is not null && Received.TryGetValue(activity, out var body) ? body : null;

    private static bool IsKeptAsReceived(ReadOnlySpan<byte> body) =>
        !body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) && body.IndexOf("\\u"u8) < 0 && System.Text.Unicode.Utf8.IsValid(body);

    /// <summary>The turn's answer: 200 without one, else its status and body (as <c>HttpHelper.WriteResponseAsync</c> does).</summary>
    public static async Task WriteResponseAsync(HttpResponse response, InvokeResponse? invokeResponse, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (invokeResponse?.Body is not ExpectedReplies replies || !IsPlain(replies))
        {
            await HttpHelper.WriteResponseAsync(response, invokeResponse);
            return;
        }
        ReadOnlyMemory<byte> body;
        // Rented: given back once the body is written (the answer is copied to the response as it is).
        using var written = new PooledBufferWriter(4096);
        if (ExpectedRepliesWriter.TryWrite(replies, written))
        {
            body = written.WrittenMemory;
        }
        else
        {
            using var buffer = new MemoryStream();
            using (var writer = new StreamWriter(buffer, Utf8, bufferSize: 4096, leaveOpen: true))
            using (var json = new JsonTextWriter(writer))
            {
                Serializer.Serialize(json, replies);
            }
            body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        }
        response.StatusCode = invokeResponse.Status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken);
    }

    /// <summary>Every attachment's content is JSON, text or nothing (what the converter would write unchanged).</summary>
    internal static bool IsPlain(ExpectedReplies replies)
    {
        foreach (var activity in replies.Activities ?? [])
        {
            foreach (var attachment in activity?.Attachments ?? [])
            {
                if (attachment?.Content is not (null or Newtonsoft.Json.Linq.JToken or string))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>The Bot Framework's contract resolver, with <see cref="Attachment.Content"/> written as its value (no converter).</summary>
    private sealed class PlainAttachmentContractResolver : Microsoft.Rest.Serialization.ReadOnlyJsonContractResolver
    {
        protected override Newtonsoft.Json.Serialization.JsonProperty CreateProperty(System.Reflection.MemberInfo member, MemberSerialization memberSerialization)
        {
            var property = base.CreateProperty(member, memberSerialization);
            if (member.DeclaringType == typeof(Attachment) && member.Name == nameof(Attachment.Content))
            {
                property.Converter = null;
            }
            return property;
        }
    }
}
