using Stopwatch = System.Diagnostics.Stopwatch;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using Newtonsoft.Json.Linq;
using Regin.Bot.DirectLine;
using Regin.Core;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// The warm-up's second part, once the host listens and before GET /healthz says ready (<see cref="Rehearsing"/>): in each
/// language a chat started in the rehearsal's database, its WebSocket stream opened and its first answers posted over a
/// real loopback socket, as a browser does (Kestrel's connection, request and upgrade code, the stream's frames, the post's
/// HTTP path). Until session 15 the rehearsal called the post's endpoint in process, and the first real chats' posts still
/// compiled 10-60 methods each (Kestrel's and the stream's code, tiered up by the runtime after 30 calls) 2-5 s into a
/// run: the slowest replies. Only a request carrying this process's random key (<see cref="RehearsalHeader"/>), while
/// this part runs, is a rehearsal (<see cref="AdmitAsync"/>: its turns use the rehearsal's database, nothing is stored);
/// every other request is untouched. Skipped where the host has no plain-http address (an in-memory test server, https
/// only) or with no Direct Line secret. The rehearsal's database is one connection (on PostgreSQL, which runs one command
/// at a time, the session that holds the copies of the tables): the stream's reads and the posts' turns take it in turn
/// (<see cref="ChatRehearsal.TakeDatabaseAsync"/>).
/// </summary>
public sealed partial class ChatWarmUp
{
    /// <summary>The header that carries the key of a rehearsed request over the loopback socket.</summary>
    internal const string RehearsalHeader = "X-Regin-Rehearsal";

    /// <summary>How many answers each language's chat posts over the socket (8 languages: past the runtime's 30 calls before tiering up).</summary>
    private const int AnswersOverSocket = 6;

    /// <summary>
    /// How many answers each language's chat sends to POST /api/messages with expectReplies, after its first message (8
    /// languages, 11 turns each: past the runtime's 30 calls before tiering up, twice, as tiered PGO counts them again in
    /// its instrumented code).
    /// </summary>
    private const int AnswersToMessages = 10;

    /// <summary>
    /// How many times the chats over POST /api/messages, the answer checks and the practice read run: the first compiles
    /// the paths' own code; the framework's ready-to-run code they call is promoted (compiled again, optimised) only after
    /// 30 calls counted in a second.
    /// </summary>
    private const int MessagesPasses = 2;

    private static readonly Newtonsoft.Json.JsonSerializer Serializer = Newtonsoft.Json.JsonSerializer.Create(DirectLineBotAdapter.JsonSettings);

    private volatile bool _rehearsing;
    private Loopback? _loopback;
    private volatile Loopback? _admitting;

    /// <summary>True from the warm-up's start until its last part has run: GET /healthz answers "not ready" meanwhile.</summary>
    public bool Rehearsing => _rehearsing;

    /// <summary>How many answers the last warm-up posted over a real socket (for tests and diagnostics).</summary>
    public int PostedOverSocket { get; private set; }

    /// <summary>How many stream frames with activities the last warm-up received over a real socket (for tests and diagnostics).</summary>
    public int FramesOverSocket { get; private set; }

    /// <summary>How many turns the last warm-up sent to POST /api/messages with expectReplies over a real socket, answered 200 (for tests and diagnostics).</summary>
    public int PostedToMessages { get; private set; }

    /// <summary>How many answers the last warm-up sent to POST /api/answers/check over a real socket, answered 200 (for tests and diagnostics).</summary>
    public int AnswersChecked { get; private set; }

    /// <summary>How many practice reads the last warm-up made as GET /api/practices/{reference} does (for tests and diagnostics).</summary>
    public int PracticeReads { get; private set; }

    /// <summary>How many methods the runtime compiled between the last warm-up's passes over POST /api/messages (for diagnostics).</summary>
    public long MessagesRecompiled { get; private set; }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The host listens now: the chats over a loopback socket, then the rehearsal's database is closed.</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _loopback, null) is not { } loopback)
        {
            _rehearsing = false;
            return;
        }
        var clock = Stopwatch.StartNew();
        try
        {
            if (ServerAddress() is not { } server)
            {
                return;
            }
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // At most Chat:WarmUpSocketLimit in all (30 s by default): a host that cannot finish it says ready without it.
            var socketLimit = options.Value.WarmUpSocketLimit;
            limit.CancelAfter(socketLimit);
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = socketLimit };
            _admitting = loopback;
            foreach (var language in Languages.All)
            {
                await RehearseOverSocketAsync(server, loopback, http, language, limit.Token);
            }
            var serviceUrl = MessagesServiceUrl();
            for (var pass = 0; pass < MessagesPasses; pass++)
            {
                if (pass > 0)
                {
                    // The runtime counts a ready-to-run method's calls only once it has compiled nothing new for a
                    // moment (100 ms): the calls of the pass before, which compiled this path, were not counted.
                    MessagesRecompiled += (await JitQuietAsync(cancellationToken)).Methods;
                }
                if (serviceUrl is not null)
                {
                    foreach (var language in Languages.All)
                    {
                        await RehearseMessagesAsync(server, loopback, http, serviceUrl, language, pass, limit.Token);
                    }
                }
                await RehearseChecksAsync(server, loopback, http, limit.Token);
                await RehearsePracticeReadAsync(server, loopback, http, limit.Token);
            }
            _admitting = null;
            var (quietAfter, recompiled) = await JitQuietAsync(cancellationToken);
            logger.LogInformation("Chat warm-up over a loopback socket ({Server}): {Posts} answers posted and {Frames} stream frames received, "
                + "{Messages} turns over POST /api/messages (expectReplies; {Between} methods recompiled between its passes), {Checks} answers checked (POST /api/answers/check), "
                + "{Reads} practice reads (GET /api/practices/{{reference}}), {Methods} methods recompiled in the {Quiet} ms after, in {Milliseconds} ms (nothing stored)",
                server, PostedOverSocket, FramesOverSocket, PostedToMessages, MessagesRecompiled, AnswersChecked, PracticeReads, recompiled, quietAfter, clock.ElapsedMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Chat warm-up over a loopback socket failed after {Milliseconds} ms; the first chats compile that code themselves", clock.ElapsedMilliseconds);
        }
        finally
        {
            _admitting = null;
            await loopback.Database.DisposeAsync();
            _rehearsing = false;
        }
    }

    /// <summary>
    /// The middleware: a request carrying the running rehearsal's key runs as a rehearsal (<see cref="ChatRehearsal"/>, on the
    /// rehearsal's database); any other request, and every request once the warm-up has ended, goes on untouched.
    /// </summary>
    internal Task AdmitAsync(HttpContext context, RequestDelegate next)
    {
        if (_admitting is { } loopback && context.Request.Headers.TryGetValue(RehearsalHeader, out var key) && loopback.Admits(key.ToString()))
        {
            return RehearsedAsync(context, next, loopback);
        }
        return next(context);
    }

    private static async Task RehearsedAsync(HttpContext context, RequestDelegate next, Loopback loopback)
    {
        using (ChatRehearsal.Begin(loopback.Database))
        {
            await next(context);
        }
    }

    /// <summary>
    /// Kestrel's first plain-http address (bound: Kestrel lists what it listens on), its any-address host made the loopback
    /// one; null when it has none, or when the server is not Kestrel (an in-memory test server lists the configured
    /// addresses, which another process may hold).
    /// </summary>
    private Uri? ServerAddress()
    {
        var server = services.GetService<IServer>();
        if (server?.GetType().FullName?.StartsWith("Microsoft.AspNetCore.Server.Kestrel.", StringComparison.Ordinal) != true)
        {
            return null;
        }
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            var text = address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                continue;
            }
            var host = uri.Host is "0.0.0.0" or "localhost" ? "127.0.0.1" : uri.Host is "[::]" ? "[::1]" : uri.Host;
            return new UriBuilder(uri) { Host = host, Path = "/" }.Uri;
        }
        return null;
    }

    /// <summary>
    /// One chat in <paramref name="language"/>: started in the rehearsal's database, then its stream opened over the socket
    /// and <see cref="AnswersOverSocket"/> answers posted, each to the question the stream's last frame asked.
    /// </summary>
    private async Task RehearseOverSocketAsync(Uri server, Loopback loopback, HttpClient http, string language, CancellationToken cancellationToken)
    {
        var adapter = services.GetRequiredService<DirectLineBotAdapter>();
        var bot = services.GetRequiredService<IBot>();
        var questionnaire = services.GetRequiredService<QuestionnaireDefinition>();
        var now = DateTimeOffset.UtcNow;
        var conversation = new DirectLineConversation
        {
            // A user of its own: the first part's chat of this language (at its summary) is not resumed.
            Id = "warm-up-socket-" + language, UserId = "warm-up-socket:" + language, Locale = language, CreatedAt = now, UpdatedAt = now,
        };
        using (ChatRehearsal.Begin(loopback.Database))
        {
            await adapter.StartAsync(conversation, bot, cancellationToken);
        }
        var token = services.GetRequiredService<DirectLineTokens>().Issue(conversation.Id, conversation.UserId);
        var path = $"{DirectLineApi.BasePath}/conversations/{Uri.EscapeDataString(conversation.Id)}";
        using var socket = new ClientWebSocket();
        socket.Options.Proxy = null;
        socket.Options.SetRequestHeader(RehearsalHeader, loopback.Key);
        await socket.ConnectAsync(new UriBuilder(server) { Scheme = "ws", Path = path + "/stream", Query = "watermark=&t=" + Uri.EscapeDataString(token) }.Uri, cancellationToken);
        var replies = await RepliesAsync(socket, conversation.UserId, cancellationToken);
        for (var answered = 0; answered < AnswersOverSocket; answered++)
        {
            // Never past the last question (the summary's "send it now?" is never answered: nothing is submitted).
            if (NextAnswer(replies, questionnaire, language) is not { } next || next.Question == questionnaire.Questions[^1].Id)
            {
                break;
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, path + "/activities"))
            {
                Content = new StringContent(Body(next, language, conversation.UserId, $"warm-up-socket-{answered}"), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add(RehearsalHeader, loopback.Key);
            using (var response = await http.SendAsync(request, cancellationToken))
            {
                response.EnsureSuccessStatusCode();
            }
            PostedOverSocket++;
            replies = await RepliesAsync(socket, conversation.UserId, cancellationToken);
        }
        // The close handshake: the host's side of the stream has stopped reading the rehearsal's database when it answers.
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
    }

    /// <summary>
    /// The serviceUrl a rehearsed activity names on POST /api/messages: the first entry of Chat:AllowedServiceUrls, where
    /// the endpoint takes anonymous activities (no MicrosoftAppId, and not refused in Production); with expectReplies the
    /// host never calls it (<see cref="DeferredConnectorAuthentication"/>). Null where the endpoint needs the Bot
    /// Framework's authentication, which a rehearsal cannot sign: its first real turns then compile that path themselves.
    /// </summary>
    private string? MessagesServiceUrl()
    {
        var guard = services.GetService<AnonymousEndpointGuard>();
        if (guard is null || !guard.IsAnonymous || guard.RefusesAll)
        {
            return null;
        }
        return options.Value.AllowedServiceUrls.FirstOrDefault(guard.IsAllowed);
    }

    /// <summary>
    /// One chat in <paramref name="language"/> over POST /api/messages with deliveryMode expectReplies, as the Bot Framework
    /// Emulator or a client answered in the HTTP response sends it: a first message, then <see cref="AnswersToMessages"/>
    /// answers, each to the question the last answer's replies asked, over the real loopback socket (Kestrel's request, the
    /// adapter's reading of the body, the anonymous guard, the Bot Framework's turn with its replies held, the turn's unit
    /// with the message stored at the commit, the expectReplies answer written). Until session 25 that path was not
    /// rehearsed: the first turns after a start compiled it (about 0.1 s of CPU in a 10-questionnaire run) and the
    /// runtime's tiering recompiled it while they ran.
    /// </summary>
    private async Task RehearseMessagesAsync(Uri server, Loopback loopback, HttpClient http, string serviceUrl, string language, int pass, CancellationToken cancellationToken)
    {
        var questionnaire = services.GetRequiredService<QuestionnaireDefinition>();
        // A conversation and a contributor of their own in each pass (the rehearsal's database keeps what the last one stored).
        var user = $"warm-up-messages-{pass}:{language}";
        var conversation = $"warm-up-messages-{pass}-{language}";
        (string? Question, string? Text, JObject? Value)? next = (null, "Hello", null);
        for (var turn = 0; turn <= AnswersToMessages && next is { } answer; turn++)
        {
            var activity = new JObject
            {
                ["type"] = ActivityTypes.Message,
                ["id"] = $"warm-up-messages-{turn}",
                ["channelId"] = "webchat",
                ["serviceUrl"] = serviceUrl,
                ["deliveryMode"] = DeliveryModes.ExpectReplies,
                ["locale"] = language,
                ["from"] = new JObject { ["id"] = user, ["role"] = "user" },
                ["recipient"] = new JObject { ["id"] = "regin-bot" },
                ["conversation"] = new JObject { ["id"] = conversation },
            };
            if (answer.Text is not null)
            {
                activity["text"] = answer.Text;
            }
            if (answer.Value is not null)
            {
                activity["value"] = answer.Value;
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "api/messages"))
            {
                Content = new StringContent(activity.ToString(Newtonsoft.Json.Formatting.None), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(RehearsalHeader, loopback.Key);
            using var response = await http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            PostedToMessages++;
            var replies = new List<Activity>();
            var body = JObject.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            foreach (var item in body["activities"] as JArray ?? [])
            {
                if (item.ToObject<Activity>(Serializer) is { } reply)
                {
                    replies.Add(reply);
                }
            }
            next = NextAnswer(replies, questionnaire, language);
            // Never past the last question (the summary's "send it now?" is never answered: nothing is submitted).
            if (next?.Question == questionnaire.Questions[^1].Id)
            {
                break;
            }
        }
    }

    /// <summary>
    /// In each language, an answer to every question sent to POST /api/answers/check over the loopback socket, its body
    /// JSON of no announced length (chunked, as HttpClient's PostAsJsonAsync sends it; the Direct Line's and the messages'
    /// rehearsals send a Content-Length), with the rehearsal's key, so that they are not counted against the loopback
    /// address's flood limit (Hosting:RequestsPerMinute). The check stores nothing and reads no database. Until session 26 nothing
    /// rehearsed it: a run's first checks compiled its minimal-API binding and System.Text.Json's writing of its answer,
    /// and the runtime's tiering recompiled that code and Kestrel's chunked bodies while the first chats ran.
    /// </summary>
    private async Task RehearseChecksAsync(Uri server, Loopback loopback, HttpClient http, CancellationToken cancellationToken)
    {
        var questionnaire = services.GetRequiredService<QuestionnaireDefinition>();
        var endpoint = new Uri(server, "api/answers/check");
        foreach (var language in Languages.All)
        {
            foreach (var question in questionnaire.Questions)
            {
                if (AnswerTo(question, questionnaire, language) is not { } text)
                {
                    continue;
                }
                var body = new System.Text.Json.Nodes.JsonObject
                {
                    ["question"] = question.Id,
                    ["text"] = text,
                    ["lang"] = language,
                    ["context"] = new System.Text.Json.Nodes.JsonObject { ["country"] = "BE" },
                };
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = System.Net.Http.Json.JsonContent.Create(body) };
                request.Headers.Add(RehearsalHeader, loopback.Key);
                using var response = await http.SendAsync(request, cancellationToken);
                response.EnsureSuccessStatusCode();
                AnswersChecked++;
            }
        }
    }

    /// <summary>
    /// A practice read as GET /api/practices/{reference} reads it (EF Core's query with its answers, flags and consent
    /// events, compiled on its first call: about 180 methods), for a reference no practice has (REGIN-0): the real
    /// database is read, nothing is written. Over the loopback socket with the first of Review:ApiTokens where one is set
    /// (the token's check, the endpoint's binding and its not-found answer); without a token, the endpoint's handler is
    /// called in process. Then the endpoint's handler, in process, reads one of the rehearsal's own drafts in the
    /// rehearsal's database (a practice found: its answers' rows read and the practice written as JSON).
    /// </summary>
    private async Task RehearsePracticeReadAsync(Uri server, Loopback loopback, HttpClient http, CancellationToken cancellationToken)
    {
        const string reference = "REGIN-0";
        var token = services.GetService<Microsoft.Extensions.Options.IOptionsMonitor<Regin.Bot.Extensions.ReviewOptions>>()?.CurrentValue.ApiTokens
            .FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        if (token is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, "api/practices/" + reference));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode is not (System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.OK))
            {
                throw new InvalidOperationException($"The rehearsal's practice read was answered {(int)response.StatusCode}.");
            }
        }
        else
        {
            await using var scope = services.CreateAsyncScope();
            await Regin.Bot.Api.PracticesApi.GetAsync(scope.ServiceProvider.GetRequiredService<Regin.Core.Persistence.ReginDbContext>(), reference, cancellationToken);
        }
        PracticeReads++;
        await using (var scope = services.CreateAsyncScope())
        {
            // The pooled context on the rehearsal's database for this read, then given its own connection back (as a turn's
            // unit of work does in a rehearsal).
            var db = scope.ServiceProvider.GetRequiredService<Regin.Core.Persistence.ReginDbContext>();
            var own = db.Database.GetConnectionString();
            db.Database.SetDbConnection(loopback.Database, contextOwnsConnection: false);
            try
            {
                var draft = await db.Practices.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Id).FirstOrDefaultAsync(cancellationToken);
                var read = await Regin.Bot.Api.PracticesApi.GetAsync(db, draft.ToString(), cancellationToken);
                if (read.Result is not Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult)
                {
                    throw new InvalidOperationException("The rehearsal's draft was not found in the rehearsal's database.");
                }
            }
            finally
            {
                db.Database.SetDbConnection(null, contextOwnsConnection: true);
                db.Database.SetConnectionString(own);
            }
        }
        PracticeReads++;
    }

    /// <summary>The stream's frames until one holds a message from the bot; what the bot sent in them.</summary>
    private async Task<IReadOnlyList<Activity>> RepliesAsync(ClientWebSocket socket, string userId, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var replies = new List<Activity>();
        while (true)
        {
            using var frame = new MemoryStream();
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    throw new InvalidOperationException("The rehearsal's stream closed before the bot replied.");
                }
                frame.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);
            if (frame.Length == 0)
            {
                // A keep-alive.
                continue;
            }
            FramesOverSocket++;
            var set = JObject.Parse(Encoding.UTF8.GetString(frame.GetBuffer(), 0, (int)frame.Length));
            foreach (var item in set["activities"] as JArray ?? [])
            {
                if (item.ToObject<Activity>(Serializer) is { } activity && activity.From?.Id != userId)
                {
                    replies.Add(activity);
                }
            }
            if (replies.Exists(a => a.Type == ActivityTypes.Message))
            {
                return replies;
            }
        }
    }

    /// <summary>A rehearsed message as the page posts it.</summary>
    private static string Body((string? Question, string? Text, JObject? Value) answer, string language, string userId, string clientActivityId) =>
        Newtonsoft.Json.JsonConvert.SerializeObject(new Dictionary<string, object?>
        {
            ["type"] = "message",
            ["text"] = answer.Text,
            ["value"] = answer.Value,
            ["locale"] = language,
            ["from"] = new { id = userId },
            ["channelData"] = new { clientActivityID = clientActivityId },
        }, DirectLineBotAdapter.JsonSettings);

    /// <summary>The rehearsal's database, kept open for the socket's part, and the key its requests carry.</summary>
    private sealed class Loopback(System.Data.Common.DbConnection database, string key)
    {
        private readonly byte[] _key = Encoding.ASCII.GetBytes(key);

        public System.Data.Common.DbConnection Database { get; } = database;

        public string Key { get; } = key;

        public bool Admits(string given) =>
            System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), _key);
    }
}
