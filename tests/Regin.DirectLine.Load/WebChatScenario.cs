using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Regin.DirectLine.Load;

/// <summary>
/// N web chats at once, each a scripted Web Chat client: start, open the streamUrl (or poll with --poll), then turn after
/// turn post an answer and wait for the bot's reply. The reply latency runs from the post to the reply's arrival. GET /livez
/// is timed from a few clients during the whole run: the host's own answer time under the same load, the baseline.
/// </summary>
internal static class WebChatScenario
{
    private static readonly string[] Locales = ["en-US", "fr-FR", "de-DE", "es-ES", "it-IT", "el-GR", "pt-PT", "sv-SE"];

    public static async Task<int> RunAsync(HttpClient http, Options options, CancellationToken cancellationToken)
    {
        // Before the probes and the chats: the driver's own first compilations out of the measured calls.
        WarmUpReading();
        await WarmUpAnsweringAsync(cancellationToken);
        var replies = new Measure();
        var starts = new Measure();
        var livez = new Measure();
        var failures = new Dictionary<string, int>();
        var timeline = new Timeline();
        var completed = 0;
        var stoppedEarly = 0;
        using var chatsDone = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var probes = Enumerable.Range(0, options.Probes).Select(_ => Task.Run(async () =>
        {
            while (!chatsDone.IsCancellationRequested)
            {
                await timeline.TimeAsync(livez, "livez", -1, () => "", -1, async () =>
                {
                    using var response = await http.GetAsync("/livez", CancellationToken.None);
                    Http.Expect(response, HttpStatusCode.OK);
                    return true;
                });
                if (options.ProbeEveryMilliseconds > 0)
                {
                    try
                    {
                        await Task.Delay(options.ProbeEveryMilliseconds, chatsDone.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            }
        }, CancellationToken.None)).ToList();
        // Each chat's pauses come from a generator of its own, seeded from one generator (the same every run). Not new Random(i):
        // the seeded generator gives consecutive seeds related sequences (the first pause of chats 60, 62, 64, 66 was 215,
        // 349, 484, 618 ms), so that about 30 chats posted their 7th or 8th answer within 0.3 s, about 20 s into every run:
        // a burst made by the driver, not by 100 people reading and typing each at their own pace.
        var seeder = new Random(20261201);
        var seeds = Enumerable.Range(0, options.Conversations).Select(_ => seeder.Next()).ToArray();
        // The driver shares the machine with the host and times both the replies and the probes: a pause of its own collector
        // (a gen1 of 42 ms in the middle of a first answer, session 16) lands in whichever call is in flight, and a reply
        // (5-40 ms) is in flight far more often than a probe (0.5 ms), so the driver's pauses went into the reply p99, not the
        // baseline's. The driver allocates little per call: the whole run fits in one region without collections.
        var noCollections = StartNoGcRegion();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Conversations).Select(i => Task.Run(async () =>
        {
            try
            {
                await using var chat = new WebChatClient(http, options.Secret, $"load-{Guid.NewGuid():N}", Locales[i % Locales.Length], options.Poll);
                var conversation = i;
                var next = await timeline.TimeAsync(starts, "start", conversation, () => chat.ConversationId, 0, () => chat.StartAsync(cancellationToken), arrived: () => chat.Arrived);
                var turns = 0;
                var random = new Random(seeds[i]);
                for (; turns < options.Turns && next is not null && !cancellationToken.IsCancellationRequested; turns++)
                {
                    if (options.ThinkMilliseconds > 0)
                    {
                        await Task.Delay(options.ThinkMilliseconds / 2 + random.Next(options.ThinkMilliseconds), cancellationToken);
                    }
                    var text = next;
                    next = await timeline.TimeAsync(replies, "reply", conversation, () => chat.ConversationId, turns + 1, () => chat.AnswerAsync(text, cancellationToken), chat.Asked, () => chat.Arrived);
                }
                if (turns == options.Turns)
                {
                    Interlocked.Increment(ref completed);
                }
                else if (next is null && !cancellationToken.IsCancellationRequested)
                {
                    // Nothing left to type (the bot's reply asked nothing).
                    Interlocked.Increment(ref stoppedEarly);
                }
            }
            catch (Exception error) when (error is HttpRequestException or InvalidOperationException or OperationCanceledException or WebSocketException)
            {
                lock (failures)
                {
                    var key = error.GetType().Name + ": " + error.Message.Split('\n')[0];
                    failures[key] = failures.GetValueOrDefault(key) + 1;
                }
            }
        }, CancellationToken.None)));
        clock.Stop();
        await chatsDone.CancelAsync();
        await Task.WhenAll(probes);
        var heldWithoutCollections = noCollections && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion;
        if (heldWithoutCollections)
        {
            GC.EndNoGCRegion();
        }
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;

        var mode = options.Poll ? "polling GET activities" : "WebSocket stream";
        var probing = options.ProbeEveryMilliseconds > 0
            ? $"{options.Probes} clients, each one call then {options.ProbeEveryMilliseconds} ms pause"
            : $"{options.Probes} clients flat out";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Conversations} concurrent web chats x {options.Turns} turns ({mode}, think time {options.ThinkMilliseconds} ms); {replies.Count} turns in {clock.Elapsed.TotalSeconds:F1} s = {replies.Count / clock.Elapsed.TotalSeconds:F1} turns/s; GET /livez from {probing} meanwhile."));
        Measure.Table(
            (options.ProbeEveryMilliseconds > 0 ? "baseline: GET /livez under the same load (paced probes)" : "baseline: GET /livez under the same load (flat out)", livez),
            ($"reply: POST activity until the reply arrives ({mode})", replies),
            ("conversation start: POST /conversations until the greeting", starts));
        Console.WriteLine($"conversations completed: {completed} of {options.Conversations}; stopped early: {stoppedEarly}; failed: {failures.Values.Sum()}");
        // The driver shares the machine and times both the replies and the probes: its own stalls are in both measures.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"driver (this process): {allocated / 1048576.0:F0} MB allocated during the chats, {(heldWithoutCollections ? "no collection during them" : noCollections ? "its no-GC region ran out" : "no no-GC region")}; since its start GCs gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, pauses {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms, JIT {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms ({System.Runtime.JitInfo.GetCompiledMethodCount()} methods)"));
        foreach (var (failure, count) in failures)
        {
            Console.WriteLine($"  {count} x {failure}");
        }
        timeline.PrintByKind("reply");
        timeline.PrintSlowest("reply", options.Slowest);
        if (options.TimelineFile.Length > 0)
        {
            timeline.Write(options.TimelineFile);
        }
        return completed == options.Conversations ? 0 : 1;
    }

    /// <summary>
    /// Runs the driver's reading of a reply once per kind of card before the chats (a frame parsed, a question's answer, a
    /// choice set's labels unescaped, a button, a confirmation, the summary): compiled here, not by the first chats' replies
    /// on the host's 2 cores (the driver's JIT was 13-23 ms in some first answers and in the first choice card's reply).
    /// </summary>
    private static void WarmUpReading()
    {
        const string frame = """
            {"activities":[
              {"from":{"role":"bot"},"channelData":{"questionId":"lead_organisation_type"},"attachments":[{"content":{"body":[{"type":"Input.ChoiceSet","isMultiSelect":true,"choices":[{"title":"Local \\*authority\\* &amp; co"},{"title":"NGO"}]}]}}]},
              {"from":{"role":"bot"},"channelData":{"questionId":"partners"},"attachments":[{"content":{"actions":[{"title":"Skip","data":{"regin":"answer"}}]}}]},
              {"from":{"role":"bot"},"channelData":{"questionId":"contact_name"}},
              {"from":{"role":"bot"},"attachments":[{"content":{"actions":[{"title":"Yes","data":{"regin":"confirm"}}]}}]},
              {"from":{"role":"bot"},"text":"summary"}],"watermark":"5"}
            """;
        var set = JsonNode.Parse(Encoding.UTF8.GetBytes(frame))!.AsObject();
        foreach (var activity in set["activities"]!.AsArray())
        {
            _ = TurnScenario.NextAnswer(new JsonArray(activity!.DeepClone()));
        }
    }

    /// <summary>
    /// A chat's calls once each against a stand-in for the host in this process (a start, an answer, the activities read by
    /// polling): the driver's code for them (compiled optimised on first use, TieredCompilation off) is compiled here, not
    /// in the first answers' burst, where it was 10-30 ms of JIT on the host's 2 cores (session 33). The stream's receiving
    /// is compiled by the greetings, before the first answers.
    /// </summary>
    private static async Task WarmUpAnsweringAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new StandIn()) { BaseAddress = new Uri("http://stand-in.invalid/") };
        await using var chat = new WebChatClient(http, "secret", "warm-up", Locales[0], poll: true);
        var next = await chat.StartAsync(cancellationToken);
        for (var i = 0; i < 3 && next is not null; i++)
        {
            next = await chat.AnswerAsync(next, cancellationToken);
        }
    }

    /// <summary>Answers the calls of <see cref="WarmUpAnsweringAsync"/> as the host would (status and body only).</summary>
    private sealed class StandIn : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null)
            {
                await request.Content.ReadAsByteArrayAsync(cancellationToken);
            }
            var path = request.RequestUri!.AbsolutePath;
            var body = request.Method == HttpMethod.Get
                ? """{"activities":[{"from":{"role":"bot"},"channelData":{"questionId":"contact_name"}}],"watermark":"1"}"""
                : path.EndsWith("/activities", StringComparison.Ordinal) ? """{"id":"stand-in|1"}"""
                : """{"conversationId":"stand-in","token":"t","streamUrl":"ws://stand-in.invalid/"}""";
            return new HttpResponseMessage(request.Method == HttpMethod.Post && !path.EndsWith("/activities", StringComparison.Ordinal) ? HttpStatusCode.Created : HttpStatusCode.OK)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
                RequestMessage = request,
            };
        }
    }

    /// <summary>A region of up to 240 MB without collections for the chats (the runtime refuses more on some configurations: then less).</summary>
    private static bool StartNoGcRegion()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        foreach (var megabytes in new long[] { 240, 120, 60 })
        {
            try
            {
                if (GC.TryStartNoGCRegion(megabytes * 1024 * 1024))
                {
                    return true;
                }
            }
            catch (ArgumentOutOfRangeException)
            {
            }
        }
        return false;
    }
}

/// <summary>One scripted Web Chat client: the calls DirectLineJS makes, on the WebSocket stream or polling.</summary>
internal sealed class WebChatClient(HttpClient http, string secret, string userId, string locale, bool poll) : IAsyncDisposable
{
    private readonly Channel<(JsonArray Activities, long Arrived)> _sets = Channel.CreateUnbounded<(JsonArray, long)>();
    private string _conversationId = "";
    private string _token = "";
    private string _watermark = "";
    private ClientWebSocket? _socket;
    private Task? _receiving;

    public string ConversationId => _conversationId;

    /// <summary>
    /// When the last reply's frame (or poll answer) arrived, as a <see cref="Stopwatch"/> timestamp: the reply is timed to
    /// there. Reading the next answer off its card (JSON, regular expressions: compiled by this process the first time a
    /// kind of card comes, 13-23 ms in the first answers' burst) is the driver's own work, not the host's latency.
    /// </summary>
    public long Arrived { get; private set; }

    /// <summary>What the bot's last reply asked: its question's id, "confirm" for a did-you-mean or send-it-now card, "submit" for the summary.</summary>
    public string Asked { get; private set; } = "";

    public async Task<string?> StartAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations")
        {
            Content = JsonContent.Create(new JsonObject { ["user"] = new JsonObject { ["id"] = userId }, ["locale"] = locale }),
        };
        if (secret.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        Http.Expect(response, HttpStatusCode.Created);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        _conversationId = body["conversationId"]!.GetValue<string>();
        _token = body["token"]!.GetValue<string>();
        if (!poll)
        {
            _socket = new ClientWebSocket();
            await _socket.ConnectAsync(new Uri(body["streamUrl"]!.GetValue<string>()), cancellationToken);
            _receiving = ReceiveAsync(_socket);
        }
        return await NextQuestionAsync(cancellationToken);
    }

    /// <summary>Types <paramref name="text"/>; what a person would type next, read off the bot's reply.</summary>
    public async Task<string?> AnswerAsync(string text, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{_conversationId}/activities")
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["type"] = "message",
                ["text"] = text,
                ["locale"] = locale,
                ["from"] = new JsonObject { ["id"] = userId, ["role"] = "user" },
                ["channelData"] = new JsonObject { ["clientActivityID"] = Guid.NewGuid().ToString("N") },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        using var response = await http.SendAsync(request, cancellationToken);
        Http.Expect(response, HttpStatusCode.OK);
        return await NextQuestionAsync(cancellationToken);
    }

    /// <summary>
    /// Waits for the bot's reply (from the stream, or polling every 50 ms with the watermark); what a person types to it, as
    /// the turn scenario answers (the known answer, a label off the question's card, "yes" to the engine's own question).
    /// </summary>
    private async Task<string?> NextQuestionAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var (activities, arrived) = poll ? (await PollAsync(timeout.Token), Stopwatch.GetTimestamp()) : await _sets.Reader.ReadAsync(timeout.Token);
            var fromBot = activities.Where(a => a?["from"]?["role"]?.GetValue<string>() == "bot").Select(a => a!.AsObject()).ToList();
            if (fromBot.Count > 0)
            {
                Arrived = arrived;
                var (question, text) = TurnScenario.NextAnswer(new JsonArray(fromBot.Select(a => (JsonNode)a.DeepClone()).ToArray()));
                Asked = question ?? (text == "submit" ? "submit" : "confirm");
                return text;
            }
            if (poll)
            {
                await Task.Delay(50, timeout.Token);
            }
        }
    }

    private async Task<JsonArray> PollAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{_conversationId}/activities?watermark={_watermark}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        using var response = await http.SendAsync(request, cancellationToken);
        Http.Expect(response, HttpStatusCode.OK);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        _watermark = body["watermark"]!.GetValue<string>();
        return body["activities"]!.AsArray();
    }

    private async Task ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }
                var arrived = Stopwatch.GetTimestamp();
                if (message.Length > 0)
                {
                    var set = JsonNode.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length))!.AsObject();
                    _watermark = set["watermark"]!.GetValue<string>();
                    _sets.Writer.TryWrite((set["activities"]!.AsArray(), arrived));
                }
                message.SetLength(0);
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _sets.Writer.TryComplete(new InvalidOperationException("the stream closed"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket is { State: WebSocketState.Open })
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }
        if (_receiving is not null)
        {
            await Task.WhenAny(_receiving, Task.Delay(TimeSpan.FromSeconds(5)));
        }
        _socket?.Dispose();
    }
}
