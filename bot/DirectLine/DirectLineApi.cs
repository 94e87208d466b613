using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.DirectLine;

/// <summary>
/// The subset of Direct Line 3.0 that Web Chat's stock client uses, under /v3/directline: start (or resume) a conversation,
/// post an activity, get the activities after a watermark (polling) or receive them on the WebSocket stream
/// (<see cref="DirectLineStream"/>, the streamUrl of start and resume), refresh a token.
/// </summary>
public static class DirectLineApi
{
    public const string BasePath = "/v3/directline";

    public static IEndpointRouteBuilder MapDirectLineApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup(BasePath);
        api.MapPost("/conversations", StartAsync);
        api.MapGet("/conversations/{conversationId}", ReconnectAsync);
        api.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        api.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        api.MapGet("/conversations/{conversationId}/stream", DirectLineStream.OpenAsync);
        api.MapPost("/tokens/refresh", Refresh);
        // The chat warm-up posts its rehearsed messages through these endpoints, as a page posts them.
        app.ServiceProvider.GetService<Chat.Hosting.ChatWarmUp>()?.UseEndpoints(((IEndpointRouteBuilder)api).DataSources);
        return app;
    }

    /// <summary>How the user ids this service assigns begin (as Azure's Direct Line's do).</summary>
    public const string UserIdPrefix = "dl_";

    /// <summary>
    /// A new Direct Line user id: random, assigned by this service (as Azure's Direct Line assigns "dl_…"), never chosen
    /// by a browser, since the id together with the channel is what finds a contributor's draft.
    /// </summary>
    public static string NewUserId() => UserIdPrefix + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>A conversation id (for a page token, or a start with the secret).</summary>
    public static string NewConversationId() => Guid.NewGuid().ToString("N");

    internal sealed record ConversationResponse(
        [property: System.Text.Json.Serialization.JsonPropertyName("conversationId")] string ConversationId,
        [property: System.Text.Json.Serialization.JsonPropertyName("token")] string Token,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn,
        [property: System.Text.Json.Serialization.JsonPropertyName("streamUrl")]
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        string? StreamUrl = null);

    private static async Task<IResult> StartAsync(HttpContext context, DirectLineTokens tokens, DirectLineRateLimits limits, DirectLineStore store,
        DirectLineBotAdapter adapter, IBot bot, IOptions<DirectLineOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var credential = tokens.Read(context.Request);
        string conversationId;
        // Who speaks: a token's own user (bound into its signature: the body cannot name another); the caller of the
        // secret (a trusted server) may name one, as Azure allows; anyone else gets a new one.
        string? userId = null;
        switch (credential.Kind)
        {
            case CredentialKind.Secret:
            case CredentialKind.None when !tokens.HasSecret:
                conversationId = NewConversationId();
                break;
            case CredentialKind.Token:
                conversationId = credential.ConversationId!;
                userId = credential.UserId!;
                break;
            case CredentialKind.None:
                return Problem(StatusCodes.Status401Unauthorized, "A Direct Line secret or token is required.");
            default:
                return Problem(StatusCodes.Status403Forbidden, "The token is not valid or has expired.");
        }
        var (body, tooLarge) = await ReadBodyAsync(context.Request, options.Value.MaxRequestBytes, cancellationToken);
        if (tooLarge)
        {
            return TooLarge(options.Value.MaxRequestBytes);
        }
        JObject? start = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            start = ParseObject(body);
            if (start is null)
            {
                return Problem(StatusCodes.Status400BadRequest, "The body is not a JSON object.");
            }
        }
        // A token's conversation may exist (a page starting again with its token); a new id from the secret cannot.
        var existing = credential.Kind == CredentialKind.Token ? await store.FindAsync(conversationId, cancellationToken) : null;
        if (existing is null && !limits.TryStart(context))
        {
            return TooMany(context);
        }
        if (credential.Kind == CredentialKind.Secret)
        {
            userId = Clip(start?["user"]?["id"]?.Type == JTokenType.String ? start["user"]!["id"]!.Value<string>() : null, 200);
        }
        if (string.IsNullOrWhiteSpace(userId))
        {
            userId = NewUserId();
        }
        var locale = Clip(start?["locale"]?.Type == JTokenType.String ? start["locale"]!.Value<string>() : null, 20);
        var now = clock.GetUtcNow();
        // The conversation is stored with its welcome turn, in one unit of work (a start costs about one turn).
        var (conversation, created) = existing is not null ? (existing, false)
            : await adapter.StartAsync(new DirectLineConversation { Id = conversationId, UserId = userId, Locale = locale ?? "", CreatedAt = now, UpdatedAt = now }, bot, cancellationToken);
        if (credential.Kind == CredentialKind.Token && !string.Equals(conversation.UserId, userId, StringComparison.Ordinal))
        {
            return Problem(StatusCodes.Status403Forbidden, "The token does not open this conversation.");
        }
        var token = tokens.Issue(conversation.Id, conversation.UserId);
        var response = new ConversationResponse(conversation.Id, token, (int)tokens.Lifetime.TotalSeconds, DirectLineStream.UrlFor(context.Request, conversation.Id, token, null));
        return created ? Results.Json(response, statusCode: StatusCodes.Status201Created) : Results.Json(response);
    }

    private static async Task<IResult> ReconnectAsync(string conversationId, HttpContext context, DirectLineTokens tokens, DirectLineStore store, CancellationToken cancellationToken)
    {
        if (Authorize(tokens.Read(context.Request), conversationId) is { } refused)
        {
            return refused;
        }
        if (!TryWatermark(context.Request, out var watermark))
        {
            return BadWatermark();
        }
        if (await store.FindAsync(conversationId, cancellationToken) is not { } conversation)
        {
            return UnknownConversation();
        }
        // The stream resumes after the client's watermark: nothing it has is sent again, nothing after it is missed.
        var token = tokens.Issue(conversationId, conversation.UserId);
        var resumeAt = string.IsNullOrEmpty(context.Request.Query["watermark"]) ? (long?)null : watermark;
        return Results.Json(new ConversationResponse(conversationId, token, (int)tokens.Lifetime.TotalSeconds, DirectLineStream.UrlFor(context.Request, conversationId, token, resumeAt)));
    }

    private static async Task<IResult> PostActivityAsync(string conversationId, HttpContext context, DirectLineTokens tokens, DirectLineRateLimits limits,
        DirectLineStore store, DirectLineBotAdapter adapter, IBot bot, IOptions<DirectLineOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var credential = tokens.Read(context.Request);
        if (Authorize(credential, conversationId) is { } refused)
        {
            return refused;
        }
        // A message over DirectLine:MaxRequestBytes is read on, pooled, up to the hard cap (past the host's own body limit):
        // it is answered in the chat as too long, and kept whole (OversizedMessages).
        var cap = Math.Max(options.Value.MaxOversizedRequestBytes, options.Value.MaxRequestBytes);
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit
            && limit.MaxRequestBodySize < cap)
        {
            limit.MaxRequestBodySize = cap;
        }
        await using var post = await PostedBody.ReadAsync(context.Request, options.Value.MaxRequestBytes, cap, cancellationToken);
        if (post.TooLarge)
        {
            return TooLarge(cap);
        }
        // Who speaks: the token's own user. Where the turn checks that the conversation is still theirs (DirectLineStore.
        // ChecksOwnerInTurn: on PostgreSQL in its first round trip, on SQLite on the turn's connection), nothing is read here;
        // a refused turn stores nothing and is answered as a read here would have been (below). The secret's caller speaks as
        // the conversation's user: looked up.
        string userId;
        string? owner = null;
        if (credential.Kind == CredentialKind.Token && store.ChecksOwnerInTurn)
        {
            userId = owner = credential.UserId!;
        }
        else
        {
            var (speaker, denied) = await LookUpAsync(store, conversationId, credential, cancellationToken);
            if (denied is not null)
            {
                return denied;
            }
            userId = speaker!;
        }
        // (The chat warm-up's rehearsed posts are not counted.)
        if (!Chat.Hosting.ChatRehearsal.IsRunning && !limits.TryPost(conversationId))
        {
            return TooMany(context);
        }
        var activity = post.Oversized ? ReadActivity(post.Stream()) : ReadActivity(post.Text);
        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            return Problem(StatusCodes.Status400BadRequest, "The body is not an activity (a JSON object with a type).");
        }
        // A client speaks (message), types or signals (event); joining, leaving and the rest are the service's to say.
        if (activity.Type is not (ActivityTypes.Message or ActivityTypes.Typing or ActivityTypes.Event))
        {
            return Problem(StatusCodes.Status400BadRequest, "Clients may post message, typing and event activities only.");
        }
        if (post.Oversized)
        {
            if (activity.Type != ActivityTypes.Message)
            {
                // Nobody to tell: a typing or an event activity is not shown.
                return TooLarge(options.Value.MaxRequestBytes);
            }
            // A message all the same: the turn holds its text's head (echoed back, so Web Chat shows it sent, with its
            // clientActivityID), the bot says it is too long, and the raw-input log keeps the body as it came.
            Chat.Hosting.OversizedMessages.Shorten(activity, post.Copy());
        }
        Address(activity, conversationId, userId, clock.GetUtcNow());
        // A post its client sends again, whose first copy may have reached another host (or this one before a restart):
        // the first one's id, no second turn. (Only resends pay this read; a copy this host took is found in its turn.)
        if (PostedActivityIds.IsResend(activity) && PostedActivityIds.ClientIdOf(activity) is { } clientId
            && await store.FindPostedAsync(conversationId, userId, clientId, cancellationToken) is { } earlier)
        {
            return Results.Json(new IdResponse(earlier));
        }
        // The activity joins the transcript within its turn (stored with the turn's writes, told to the streams with its replies).
        var id = await adapter.ProcessPostedAsync(activity, bot, (_, newId) =>
        {
            activity.Id = newId;
            return JsonConvert.SerializeObject(activity, DirectLineBotAdapter.JsonSettings);
        }, owner, cancellationToken);
        if (id is null)
        {
            // Refused by the turn's check (the conversation is gone, or no longer the token's user's: erased): one read tells which.
            return (await LookUpAsync(store, conversationId, credential, cancellationToken)).Refused
                ?? Problem(StatusCodes.Status403Forbidden, "The token does not open this conversation.");
        }
        return Results.Json(new IdResponse(id));
    }

    /// <summary>
    /// The conversation looked up for a post: the user who speaks in it when <paramref name="credential"/> may post there,
    /// else the answer refusing it (404: no such conversation; 403: not the token's user's).
    /// </summary>
    private static async Task<(string? UserId, IResult? Refused)> LookUpAsync(DirectLineStore store, string conversationId, Credential credential, CancellationToken cancellationToken)
    {
        var conversation = await store.FindAsync(conversationId, cancellationToken);
        if (conversation is null)
        {
            return (null, UnknownConversation());
        }
        if (credential.Kind == CredentialKind.Token && !string.Equals(credential.UserId, conversation.UserId, StringComparison.Ordinal))
        {
            return (null, Problem(StatusCodes.Status403Forbidden, "The token does not open this conversation."));
        }
        return (conversation.UserId, null);
    }

    private sealed record IdResponse([property: System.Text.Json.Serialization.JsonPropertyName("id")] string Id);

    private static async Task<IResult> GetActivitiesAsync(string conversationId, HttpContext context, DirectLineTokens tokens, DirectLineStore store,
        IOptions<DirectLineOptions> options, CancellationToken cancellationToken)
    {
        if (Authorize(tokens.Read(context.Request), conversationId) is { } refused)
        {
            return refused;
        }
        if (!TryWatermark(context.Request, out var watermark))
        {
            return BadWatermark();
        }
        if (await store.FindAsync(conversationId, cancellationToken) is null)
        {
            return UnknownConversation();
        }
        var rows = await store.ReadAfterAsync(conversationId, watermark, options.Value.MaxActivitiesPerGet, cancellationToken);
        var last = rows.Count > 0 ? rows[^1].Watermark : watermark;
        return Results.Content(ActivitySet(rows, last), "application/json", Encoding.UTF8);
    }

    /// <summary>{"activities": [...], "watermark": "N"}: the answer of GET activities and each frame of the stream.</summary>
    internal static string ActivitySet(IReadOnlyList<Regin.Core.Persistence.Entities.DirectLineActivity> rows, long watermark)
    {
        var json = new StringBuilder("{\"activities\":[");
        for (var i = 0; i < rows.Count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append(rows[i].Json);
        }
        json.Append("],\"watermark\":\"").Append(watermark.ToString(CultureInfo.InvariantCulture)).Append("\"}");
        return json.ToString();
    }

    private static IResult Refresh(HttpContext context, DirectLineTokens tokens)
    {
        var credential = tokens.Read(context.Request);
        return credential.Kind switch
        {
            CredentialKind.Token => Results.Json(new ConversationResponse(credential.ConversationId!, tokens.Issue(credential.ConversationId!, credential.UserId!), (int)tokens.Lifetime.TotalSeconds)),
            CredentialKind.None => Problem(StatusCodes.Status401Unauthorized, "A Direct Line token is required."),
            CredentialKind.Secret => Problem(StatusCodes.Status400BadRequest, "A secret is not refreshed: refresh a token."),
            _ => Problem(StatusCodes.Status403Forbidden, "The token is not valid or has expired."),
        };
    }

    /// <summary>The secret opens every conversation; a token only its own; an expired token gets 403, as Direct Line does.</summary>
    internal static IResult? Authorize(Credential credential, string conversationId) => credential.Kind switch
    {
        CredentialKind.Secret => null,
        CredentialKind.Token when string.Equals(credential.ConversationId, conversationId, StringComparison.Ordinal) => null,
        CredentialKind.None => Problem(StatusCodes.Status401Unauthorized, "A Direct Line secret or token is required."),
        CredentialKind.ExpiredToken => Problem(StatusCodes.Status403Forbidden, "The token has expired."),
        _ => Problem(StatusCodes.Status403Forbidden, "The token does not open this conversation."),
    };

    /// <summary>Empty or absent is the start; otherwise a whole number, as this service hands out.</summary>
    internal static bool TryWatermark(HttpRequest request, out long watermark)
    {
        watermark = 0;
        var values = request.Query["watermark"];
        if (values.Count > 1)
        {
            return false;
        }
        var text = values.ToString();
        return text.Length == 0
            || (text.Length <= 18 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out watermark));
    }

    private static async Task<(string Body, bool TooLarge)> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return ("", true);
        }
        // Pooled: a fresh buffer of the largest body (64 KB by default) per POST cost each chat turn that much garbage.
        // The pool may hand out a larger array; reading stops one byte past the limit all the same.
        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var total = 0;
            int read;
            while (total <= maxBytes && (read = await request.Body.ReadAsync(buffer.AsMemory(total, maxBytes + 1 - total), cancellationToken)) > 0)
            {
                total += read;
            }
            return total > maxBytes ? ("", true) : (Encoding.UTF8.GetString(buffer, 0, total), false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A posted body as an activity; null when it is not a JSON object of an activity.</summary>
    internal static Activity? ReadActivity(string body) => ReadActivity(new StringReader(body));

    /// <summary>The same, read from <paramref name="body"/> (a long one: not decoded whole into a string first).</summary>
    internal static Activity? ReadActivity(TextReader body)
    {
        try
        {
            return ParseObject(body)?.ToObject<Activity>(JsonSerializer.Create(DirectLineBotAdapter.JsonSettings));
        }
        catch (JsonException)
        {
            return null;
        }
        catch (ArgumentOutOfRangeException)
        {
            // A timestamp further than 14 hours from UTC: DateTimeOffset's own exception, not Newtonsoft's (it was a 500).
            return null;
        }
    }

    /// <summary>How many bodies over DirectLine:MaxRequestBytes one host holds at once (read, and through their turn); more wait.</summary>
    public const int OversizedAtOnce = 2;

    private static readonly SemaphoreSlim OversizedBodies = new(OversizedAtOnce, OversizedAtOnce);

    /// <summary>
    /// A POST's body in a pooled buffer: up to DirectLine:MaxRequestBytes as <see cref="Text"/> (every chat message); a
    /// longer one (<see cref="Oversized"/>) up to the hard cap, holding one of <see cref="OversizedAtOnce"/> places until
    /// disposed (with its turn), so a few pastes of megabytes cannot exhaust the host's memory; past the cap
    /// <see cref="TooLarge"/>, read no further.
    /// </summary>
    private sealed class PostedBody : IAsyncDisposable
    {
        private byte[] _buffer;
        private int _length;
        private bool _holdsPlace;

        private PostedBody(byte[] buffer) => _buffer = buffer;

        public bool TooLarge { get; private set; }

        public bool Oversized { get; private set; }

        public string Text { get; private set; } = "";

        public static async Task<PostedBody> ReadAsync(HttpRequest request, int maxBytes, int capBytes, CancellationToken cancellationToken)
        {
            if (request.ContentLength > capBytes)
            {
                return new PostedBody([]) { TooLarge = true };
            }
            var body = new PostedBody(ArrayPool<byte>.Shared.Rent(maxBytes + 1));
            try
            {
                await body.ReadBodyAsync(request, maxBytes, capBytes, cancellationToken);
                return body;
            }
            catch
            {
                await body.DisposeAsync();
                throw;
            }
        }

        private async Task ReadBodyAsync(HttpRequest request, int maxBytes, int capBytes, CancellationToken cancellationToken)
        {
            if (request.ContentLength > maxBytes)
            {
                // Announced: one buffer of its length (and one byte, to see a body longer than announced).
                await HoldPlaceAsync((int)request.ContentLength.Value + 1, capBytes, cancellationToken);
            }
            while (true)
            {
                // Up to the usual limit and one byte; past it (with a place among the oversized bodies) up to the cap and one.
                var window = _holdsPlace ? capBytes + 1 : maxBytes + 1;
                if (_length == window)
                {
                    if (_holdsPlace)
                    {
                        break;
                    }
                    await HoldPlaceAsync((int)Math.Min((long)_buffer.Length * 2, capBytes + 1L), capBytes, cancellationToken);
                    continue;
                }
                if (_length == _buffer.Length)
                {
                    await HoldPlaceAsync((int)Math.Min((long)_buffer.Length * 2, capBytes + 1L), capBytes, cancellationToken);
                }
                var read = await request.Body.ReadAsync(_buffer.AsMemory(_length, Math.Min(_buffer.Length, window) - _length), cancellationToken);
                if (read == 0)
                {
                    break;
                }
                _length += read;
            }
            if (_length > capBytes)
            {
                TooLarge = true;
            }
            else if (_length > maxBytes)
            {
                Oversized = true;
            }
            else
            {
                Text = Encoding.UTF8.GetString(_buffer, 0, _length);
            }
        }

        /// <summary>Takes a place among the oversized bodies (once) and grows the buffer to <paramref name="size"/> bytes.</summary>
        private async Task HoldPlaceAsync(int size, int capBytes, CancellationToken cancellationToken)
        {
            if (!_holdsPlace)
            {
                await OversizedBodies.WaitAsync(cancellationToken);
                _holdsPlace = true;
            }
            size = Math.Min(Math.Max(size, _buffer.Length + 1), capBytes + 1);
            if (size <= _buffer.Length)
            {
                return;
            }
            var larger = ArrayPool<byte>.Shared.Rent(size);
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        /// <summary>The oversized body as UTF-8 text to read from.</summary>
        public TextReader Stream() => new StreamReader(new MemoryStream(_buffer, 0, _length, writable: false), Encoding.UTF8);

        /// <summary>The body in an array of its own (what the raw-input log stores).</summary>
        public byte[] Copy() => _buffer.AsSpan(0, _length).ToArray();

        public ValueTask DisposeAsync()
        {
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = [];
            }
            if (_holdsPlace)
            {
                _holdsPlace = false;
                OversizedBodies.Release();
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// The service decides who is speaking where: the conversation's own user, in <paramref name="conversation"/>, on channel
    /// webchat, at <paramref name="now"/>; joining and leaving are the service's to say.
    /// </summary>
    internal static void Address(Activity activity, DirectLineConversation conversation, DateTimeOffset now) =>
        Address(activity, conversation.Id, conversation.UserId, now);

    /// <summary>The same for conversation <paramref name="conversationId"/> of user <paramref name="userId"/>.</summary>
    internal static void Address(Activity activity, string conversationId, string userId, DateTimeOffset now)
    {
        activity.MembersAdded = null;
        activity.MembersRemoved = null;
        activity.ChannelId = DirectLineBotAdapter.ChannelId;
        activity.ServiceUrl = DirectLineBotAdapter.ServiceUrl;
        activity.Conversation = new ConversationAccount(id: conversationId);
        activity.From = new ChannelAccount(userId, activity.From?.Name, RoleTypes.User);
        activity.Recipient = DirectLineBotAdapter.BotAccount;
        activity.Timestamp = now;
        activity.ReplyToId = null;
    }

    private static JObject? ParseObject(string body) => ParseObject(new StringReader(body));

    private static JObject? ParseObject(TextReader body)
    {
        try
        {
            using var reader = new JsonTextReader(body) { MaxDepth = 64, DateParseHandling = DateParseHandling.DateTimeOffset };
            return JToken.ReadFrom(reader) as JObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Clip(string? text, int length) => text is null ? null : text.Length <= length ? text : text[..length];

    private static IResult Problem(int status, string detail) => Results.Problem(statusCode: status, detail: detail);

    internal static IResult UnknownConversation() => Problem(StatusCodes.Status404NotFound, "There is no such conversation.");

    internal static IResult BadWatermark() => Problem(StatusCodes.Status400BadRequest, "The watermark is not one this service gave.");

    private static IResult TooLarge(int maxBytes) => Problem(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes} bytes.");

    internal static IResult TooMany(HttpContext context)
    {
        // The limits are windows of one minute.
        context.Response.Headers.RetryAfter = "60";
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, detail: "Too many requests: wait a minute and try again.");
    }
}
