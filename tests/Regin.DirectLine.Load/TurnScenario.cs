using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Regin.DirectLine.Load;

/// <summary>
/// A chat turn against the cost of its answer's check: one client, whole questionnaires over POST /api/messages
/// (channel webchat, deliveryMode expectReplies: the replies, Adaptive Cards, in the body), typed as a person types:
/// the known answer, or the labels read off the question's card; "yes" to the engine's own questions ("did you mean …?",
/// "send it now?"). Each answer to a question is first sent to POST /api/answers/check (the same normalisation, no
/// conversation, no storage), both timed, interleaved so both see the same machine. Every questionnaire must end
/// submitted: its reference in the reply, and GET /api/practices/{reference} saying "submitted" (with --api-token).
/// <para>
/// The client is not the system under test, and the check and the turn see the same one. By default (<c>--client
/// blocking</c>) it is what curl or a browser on another machine is to the host: every call is made on one thread of its
/// own, which blocks in the kernel until the reply comes (<see cref="HttpClient.Send(HttpRequestMessage, CancellationToken)"/>
/// on a socket never used asynchronously: a blocking <c>recv</c>, no thread-pool worker spinning on the cores the host
/// and the database need, no hop from the socket engine's thread to a worker); the body is serialised before the clock
/// starts and sent with its length, and the reply is read whole inside the clock and parsed after it stops. <c>--client
/// async</c> is the driver until session 36, kept to compare: <c>PostAsJsonAsync</c> on the thread pool (a body of no
/// announced length, serialised inside the clock) and the turn's reply parsed into JSON inside the clock (the check's
/// was not parsed at all).
/// </para>
/// </summary>
internal static partial class TurnScenario
{
    public static Task<int> RunAsync(HttpClient http, Options options, CancellationToken cancellationToken)
    {
        if (options.Client == "async")
        {
            return RunOnAsync(http, options, cancellationToken);
        }
        using var blocking = new HttpClient(new SocketsHttpHandler
        {
            // A socket connected here, in blocking mode, and only ever used synchronously stays blocking: each reply is a
            // recv that returns when its bytes come. The handler's own connect makes its sockets non-blocking and puts them
            // in the runtime's epoll set, so that a synchronous call waits on an event that the socket engine's thread sets
            // through a pool worker (three threads woken a reply, the worker then spinning on the cores the host needs).
            ConnectCallback = (context, _) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Connect(context.DnsEndPoint);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
                return ValueTask.FromResult<Stream>(new NetworkStream(socket, ownsSocket: true));
            },
            // No scavenging timer: it would start a zero-byte read (asynchronous) on the idle connection between two calls.
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            BaseAddress = http.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        // Every call completes synchronously on this thread, so the scenario's async methods run through on it.
        var result = 1;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                var run = RunOnAsync(blocking, options, cancellationToken);
                if (!run.IsCompleted)
                {
                    throw new InvalidOperationException("A blocking client's call went asynchronous.");
                }
                result = run.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        { Name = "turn client", IsBackground = true };
        thread.Start();
        thread.Join();
        return failure is null ? Task.FromResult(result) : Task.FromException<int>(failure);
    }

    private static async Task<int> RunOnAsync(HttpClient http, Options options, CancellationToken cancellationToken)
    {
        var check = new Measure();
        var turn = new Measure();
        var confirmation = new Measure();
        var floor = new Measure();
        var cost = new CallCost(options.HostPid, options.PostgresPid, options.Switches);
        var references = new List<string>();
        // A warm-up questionnaire (JIT, EF Core's model, SQLite's pages), not counted.
        await QuestionnaireAsync(http, options, new Measure(), new Measure(), new Measure(), new Measure(), new CallCost(0, 0, switches: false), [], -1, cancellationToken);
        var calls = new List<Call>();
        for (var i = 0; i < options.Questionnaires && !cancellationToken.IsCancellationRequested; i++)
        {
            if (await QuestionnaireAsync(http, options, check, turn, confirmation, floor, cost, calls, i, cancellationToken) is { } reference)
            {
                references.Add(reference);
            }
        }
        var submitted = 0;
        foreach (var reference in references)
        {
            submitted += await StatusAsync(http, options, reference, cancellationToken) == "submitted" ? 1 : 0;
        }
        var verified = options.ApiToken.Length > 0 ? $"{submitted} of them with status submitted (GET /api/practices/{{reference}})" : "status not verified (no --api-token)";
        Console.WriteLine($"{options.Questionnaires} questionnaires, {references.Count} of {options.Questionnaires} got their reference, {verified}; one client, sequential, {ClientDescription(options.Client)}.");
        Measure.Table(
            ("baseline: POST /api/answers/check (the answer's normalisation)", check),
            ("chat turn answering a question (expectReplies)", turn),
            ("chat turn answering yes to the engine's question", confirmation),
            ("every chat turn", Measure.Union(turn, confirmation)));
        if (options.Floor)
        {
            // Not a ratio to take off: the call before the check warms the host (its workers awake, its caches hot), so the
            // check after it is faster than in a run without (session 37: 0.23-0.34 against 0.5-0.8 ms).
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Floor, GET /livez right before each check: p50 {floor.Percentile(50):F2} ms, p99 {floor.Percentile(99):F2} ms ({floor.Count} calls); the checks after it run on a host it woke."));
            Console.WriteLine();
        }
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"The pause before a call (from the end of the timed call before, of either kind), p50: check {cost.Check.Pauses.Percentile(50):F3} ms, turn {cost.Turn.Pauses.Percentile(50):F3} ms."));
        Console.WriteLine();
        if (options.HostPid > 0)
        {
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Host CPU per call (pid {options.HostPid}, its CPU clock): answer check {cost.Check.HostMillisecondsPerCall:F2} ms ({cost.Check.Calls} calls), chat turn {cost.Turn.HostMillisecondsPerCall:F2} ms ({cost.Turn.Calls} calls): {cost.Turn.HostMillisecondsPerCall / cost.Check.HostMillisecondsPerCall:F1}×"));
            Console.WriteLine();
            cost.Print(options.PostgresPid > 0, options.Switches);
        }
        PrintSlowest(calls, options.Slowest);
        var complete = references.Count == options.Questionnaires && (options.ApiToken.Length == 0 || submitted == options.Questionnaires);
        if (!complete)
        {
            Console.WriteLine("FAILED: not every questionnaire was submitted.");
        }
        return complete ? 0 : 1;
    }

    private static string ClientDescription(string client) => client == "async"
        ? "async client (HttpClient.SendAsync on the thread pool, bodies of no announced length, the turn's reply parsed inside the clock)"
        : "blocking client (one thread, HttpClient.Send, bodies serialised before the clock, replies parsed after it)";

    /// <summary>The greeting, every question, the summary and the confirmation; the practice's reference once submitted.</summary>
    private static async Task<string?> QuestionnaireAsync(HttpClient http, Options options, Measure check, Measure turn, Measure confirmation, Measure floor, CallCost cost, List<Call> calls, int questionnaire, CancellationToken cancellationToken)
    {
        var conversation = "turn-" + Guid.NewGuid().ToString("N");
        var user = "turn-user-" + Guid.NewGuid().ToString("N");
        var replies = Activities((await TimedAsync(Prepare(http, options.Client, "/api/messages", Activity(conversation, user, "Hello"), cancellationToken), new Measure(), cost: null))(), text: "Hello", options.Verbose);
        for (var i = 0; i < 80; i++)
        {
            var (question, text) = NextAnswer(replies);
            var checkMilliseconds = double.NaN;
            if (question is not null && options.Floor)
            {
                // The floor: a trivial call (the host's liveness, nothing read or written) through the same client and Kestrel.
                (await TimedAsync(Prepare(http, options.Client, "/livez", body: null, cancellationToken, readReply: false), floor, cost: null))();
            }
            if (question is not null)
            {
                var checkCall = Prepare(http, options.Client, "/api/answers/check", CheckBody(question, text), cancellationToken, readReply: false);
                (await TimedAsync(checkCall, check, cost.Check, milliseconds => checkMilliseconds = milliseconds))();
            }
            var turnCall = Prepare(http, options.Client, "/api/messages", Activity(conversation, user, text), cancellationToken);
            var begun = 0L;
            var turnMilliseconds = 0.0;
            var reply = await TimedAsync(turnCall, question is null ? confirmation : turn, cost.Turn, milliseconds => turnMilliseconds = milliseconds, started => begun = started);
            calls.Add(new Call(questionnaire, i, question ?? text, begun, turnMilliseconds, checkMilliseconds));
            replies = Activities(reply(), text, options.Verbose);
            foreach (var activity in replies)
            {
                if (Reference().Match(activity?["text"]?.GetValue<string>() ?? "") is { Success: true } found)
                {
                    return found.Value;
                }
            }
        }
        return null;
    }

    /// <summary>A call ready to go: what runs between the two timestamps; it returns how to read its reply (after the clock stopped).</summary>
    private delegate Task<Func<JsonObject?>> PreparedCall();

    /// <summary>
    /// Times one call: the processes' counters read around it (<paramref name="cost"/>), outside the clock; the latency
    /// added to <paramref name="measure"/>. The reply is read (parsed, its status checked) by the function returned, after.
    /// </summary>
    private static async Task<Func<JsonObject?>> TimedAsync(PreparedCall call, Measure measure, CallCost.Totals? cost, Action<double>? took = null, Action<long>? started = null)
    {
        var before = cost is null ? default : cost.Owner.Before();
        var begun = Stopwatch.GetTimestamp();
        var reply = await call();
        var ended = Stopwatch.GetTimestamp();
        var elapsed = Stopwatch.GetElapsedTime(begun, ended);
        if (cost is not null)
        {
            cost.Add(before, cost.Owner.After(), begun, ended);
        }
        measure.Add(elapsed);
        took?.Invoke(elapsed.TotalMilliseconds);
        started?.Invoke(begun);
        return reply;
    }

    /// <summary>
    /// A POST of <paramref name="body"/> as this run's client makes it. Blocking: the request is built here, before the
    /// clock; the call sends it and reads the reply's bytes (on this thread: <see cref="HttpClient.Send(HttpRequestMessage, CancellationToken)"/>
    /// blocks in the kernel until they come); its status is checked and its JSON parsed after. Async: as the driver did
    /// until session 36, everything inside the call.
    /// </summary>
    private static PreparedCall Prepare(HttpClient http, string client, string path, JsonObject? body, CancellationToken cancellationToken, bool readReply = true)
    {
        if (client == "async")
        {
            return async () =>
            {
                using var response = body is null ? await http.GetAsync(path, cancellationToken) : await http.PostAsJsonAsync(path, body, cancellationToken);
                Http.Expect(response, HttpStatusCode.OK);
                var reply = readReply ? await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) : null;
                return () => reply;
            };
        }
        var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }
        return () =>
        {
            using var response = http.Send(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var bytes = new MemoryStream();
            response.Content.ReadAsStream(cancellationToken).CopyTo(bytes);
            var status = response.StatusCode;
            request.Dispose();
            return Task.FromResult<Func<JsonObject?>>(() =>
            {
                if (status != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{request.Method} {path}: {(int)status}");
                }
                return readReply ? JsonNode.Parse(bytes.GetBuffer().AsSpan(0, (int)bytes.Length))!.AsObject() : null;
            });
        };
    }

    private static JsonObject Activity(string conversation, string user, string text) => new()
    {
        ["type"] = "message",
        ["id"] = Guid.NewGuid().ToString("N"),
        ["channelId"] = "webchat",
        ["serviceUrl"] = "https://load.invalid/",
        ["deliveryMode"] = "expectReplies",
        ["locale"] = "en-US",
        ["from"] = new JsonObject { ["id"] = user, ["role"] = "user" },
        ["recipient"] = new JsonObject { ["id"] = "regin-bot" },
        ["conversation"] = new JsonObject { ["id"] = conversation },
        ["text"] = text,
    };

    private static JsonObject CheckBody(string question, string text) => new()
    {
        ["question"] = question,
        ["text"] = text,
        ["lang"] = "en",
        ["context"] = new JsonObject { ["country"] = "BE" },
    };

    /// <summary>The activities of an expectReplies answer (printed with --verbose).</summary>
    private static JsonArray Activities(JsonObject? reply, string text, bool verbose)
    {
        var activities = reply!["activities"]!.AsArray();
        if (verbose)
        {
            Console.WriteLine($"> {text}");
            foreach (var activity in activities)
            {
                Console.WriteLine("< " + Shorten(activity?["text"]?.GetValue<string>() ?? activity?["attachments"]?.ToJsonString() ?? ""));
            }
        }
        return activities;
    }

    /// <summary>One timed chat turn: which questionnaire and turn, the question answered (or the text of a confirmation), when it
    /// began (<see cref="Stopwatch"/>'s clock: CLOCK_MONOTONIC on Linux, as <c>perf record -k CLOCK_MONOTONIC</c> stamps its
    /// samples), how long it took, and the answer check just before it.</summary>
    private sealed record Call(int Questionnaire, int Turn, string What, long Begun, double Milliseconds, double CheckMilliseconds);

    /// <summary>The slowest turns, to find what makes the p99: each with its moment, so a profile of the host can be read at it.</summary>
    private static void PrintSlowest(List<Call> calls, int count)
    {
        if (calls.Count == 0 || count <= 0)
        {
            return;
        }
        var first = calls[0].Begun;
        Console.WriteLine($"The {Math.Min(count, calls.Count)} slowest chat turns (of {calls.Count}; begun: seconds into the run, and CLOCK_MONOTONIC seconds):");
        foreach (var call in calls.OrderByDescending(c => c.Milliseconds).Take(count))
        {
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"  {call.Milliseconds,7:F2} ms  begun {Stopwatch.GetElapsedTime(first, call.Begun).TotalSeconds,7:F3} s (monotonic {call.Begun / (double)Stopwatch.Frequency:F6})  questionnaire {call.Questionnaire + 1}, turn {call.Turn + 1}: {call.What}; its check {call.CheckMilliseconds:F2} ms"));
        }
        Console.WriteLine();
    }

    /// <summary>What a person answers to the last reply: the question it asks (null for the engine's own yes/no) and the text typed.</summary>
    internal static (string? Question, string Text) NextAnswer(JsonArray replies)
    {
        var last = replies.LastOrDefault()?.AsObject();
        var card = last?["attachments"]?[0]?["content"]?.AsObject();
        var actions = card?["actions"]?.AsArray().Select(a => a!["data"]?.AsObject()).Where(d => d is not null).ToList() ?? [];
        if (actions.Any(d => d!["regin"]?.GetValue<string>() is "confirm" or "pick"))
        {
            // "Did you mean …?", "Send it now?": yes (or the first of several candidates).
            return (null, actions.Any(d => d!["regin"]?.GetValue<string>() == "pick") ? "1" : "yes");
        }
        if (last?["channelData"]?["questionId"]?.GetValue<string>() is not { } question)
        {
            // The summary without a question: the submit command.
            return (null, "submit");
        }
        if (Answers.Known(question) is { } known)
        {
            return (question, known);
        }
        var choiceSet = card?["body"]?.AsArray().Select(b => b?.AsObject()).FirstOrDefault(b => b?["type"]?.GetValue<string>() == "Input.ChoiceSet");
        if (choiceSet is not null)
        {
            var labels = choiceSet["choices"]!.AsArray().Select(c => Unescape(c!["title"]!.GetValue<string>())).ToList();
            // A multi-choice answer names two options in one sentence ("A and B"), as people write it.
            return (question, choiceSet["isMultiSelect"]?.GetValue<bool>() == true && labels.Count > 1 ? $"{labels[0]} and {labels[1]}" : labels[0]);
        }
        var buttons = card?["actions"]?.AsArray().Where(a => a!["data"]?["regin"]?.GetValue<string>() == "answer").Select(a => a!["title"]!.GetValue<string>()).ToList() ?? [];
        return (question, buttons.Count > 0 ? buttons[0] : Answers.Description);
    }

    /// <summary>A card's text as shown (the renderer escapes Markdown and HTML).</summary>
    private static string Unescape(string text) =>
        Regex.Replace(text, @"\\(.)", "$1").Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    internal static async Task<JsonArray> SendAsync(HttpClient http, string conversation, string user, string text, bool verbose, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/messages", Activity(conversation, user, text), cancellationToken);
        Http.Expect(response, HttpStatusCode.OK);
        var activities = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["activities"]!.AsArray();
        if (verbose)
        {
            Console.WriteLine($"> {text}");
            foreach (var activity in activities)
            {
                Console.WriteLine("< " + Shorten(activity?["text"]?.GetValue<string>() ?? activity?["attachments"]?.ToJsonString() ?? ""));
            }
        }
        return activities;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static async Task<string?> StatusAsync(HttpClient http, Options options, string reference, CancellationToken cancellationToken)
    {
        if (options.ApiToken.Length == 0)
        {
            return null;
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/practices/{reference}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiToken);
        // The blocking client reads it on its own thread as well (a socket used asynchronously once would stay so).
        using var response = options.Client == "async" ? await http.SendAsync(request, cancellationToken) : http.Send(request, cancellationToken);
        Http.Expect(response, HttpStatusCode.OK);
        var bytes = new MemoryStream();
        response.Content.ReadAsStream(cancellationToken).CopyTo(bytes);
        return JsonNode.Parse(bytes.ToArray())?["status"]?.GetValue<string>();
    }

    [GeneratedRegex(@"REGIN-\d+")]
    internal static partial Regex Reference();
}
