using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

// Load driver for the local Direct Line: N conversations at once, each a scripted Web Chat client (start, then post an
// answer and get the bot's reply with the watermark, turn after turn). Reports turns per second and latency
// percentiles, with a baseline from the same run: GET /healthz at the same concurrency.
//
//   dotnet run --project tests/Regin.DirectLine.Load -c Release -- --url http://127.0.0.1:3978[,http://127.0.0.1:3979] --secret S \
//       [--conversations 100] [--turns 12] [--max-seconds 180] [--baseline-requests 2000]
// The host must allow the burst: DirectLine__StartsPerMinute and DirectLine__PostsPerMinute high enough.

var options = Options.Parse(args);
// --url may name several hosts of one database (comma-separated): conversation i talks to host i mod n.
var hosts = options.Url.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
    .Select(url => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = new Uri(url),
        Timeout = TimeSpan.FromSeconds(60),
    }).ToArray();
var http = hosts[0];
using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(options.MaxSeconds));

Console.WriteLine($"Regin Direct Line load: {options.Conversations} conversations x {options.Turns} turns against {options.Url} (at most {options.MaxSeconds} s)");

// Baseline: the cheapest endpoint that touches the database, at the same concurrency.
var baseline = await Measure.RunAsync(options.Conversations, options.BaselineRequests, async () =>
{
    using var response = await http.GetAsync("/healthz", deadline.Token);
    return response.StatusCode == HttpStatusCode.OK;
}, deadline.Token);
baseline.Print("baseline GET /healthz");

// The conversations.
var languages = new[] { "en-US", "fr-FR", "de-DE", "es-ES", "it-IT", "el-GR", "pt-PT", "sv-SE" };
var turns = new Measure();
var starts = new Measure();
var failures = new Dictionary<string, int>();
var stoppedEarly = 0;
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, options.Conversations).Select(i => Task.Run(async () =>
{
    try
    {
        var conversation = new Conversation(hosts[i % hosts.Length], options.Secret, $"load-{Guid.NewGuid():N}", languages[i % languages.Length]);
        var started = Stopwatch.GetTimestamp();
        var question = await conversation.StartAsync(deadline.Token);
        starts.Add(Stopwatch.GetElapsedTime(started));
        for (var turn = 0; turn < options.Turns && question is not null && !deadline.IsCancellationRequested; turn++)
        {
            var begun = Stopwatch.GetTimestamp();
            question = await conversation.AnswerAsync(question, deadline.Token);
            turns.Add(Stopwatch.GetElapsedTime(begun));
        }
        if (question is null && !deadline.IsCancellationRequested)
        {
            // The bot answered without a next question (an apology after a failed turn, or the end of the questionnaire).
            Interlocked.Increment(ref stoppedEarly);
        }
    }
    catch (Exception error) when (error is HttpRequestException or InvalidOperationException or TaskCanceledException)
    {
        lock (failures)
        {
            var key = error.GetType().Name + ": " + error.Message.Split('\n')[0];
            failures[key] = failures.GetValueOrDefault(key) + 1;
        }
    }
})));
clock.Stop();

starts.Print("conversation start (POST /conversations + first GET)");
turns.Print("turn (POST activity + GET activities with the reply)");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"turns: {turns.Count} in {clock.Elapsed.TotalSeconds:F1} s = {turns.Count / clock.Elapsed.TotalSeconds:F1} turns/s with {options.Conversations} concurrent conversations"));
Console.WriteLine($"conversations that stopped early (a reply without a next question): {stoppedEarly}");
foreach (var (failure, count) in failures)
{
    Console.WriteLine($"failed conversations: {count} x {failure}");
}
return failures.Count == 0 ? 0 : 1;

internal sealed record Options(string Url, string Secret, int Conversations, int Turns, int MaxSeconds, int BaselineRequests)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }
        int Int(string name, int fallback, int max) => Math.Clamp(int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture), 1, max);
        return new Options(
            Get("url", "http://127.0.0.1:3978"),
            Get("secret", Environment.GetEnvironmentVariable("DirectLine__Secret") ?? ""),
            Int("conversations", 100, 1000),
            Int("turns", 12, 40),
            Int("max-seconds", 180, 1800),
            Int("baseline-requests", 2000, 100_000));
    }
}

/// <summary>One scripted client: the calls Web Chat's polling client makes.</summary>
internal sealed class Conversation(HttpClient http, string secret, string userId, string locale)
{
    private static readonly Dictionary<string, string> Answers = new()
    {
        ["contact_name"] = "Load Tester",
        ["contact_organisation"] = "Region of Load",
        ["contact_email"] = "load@example.org",
        ["contact_phone"] = "+32 2 555 0100",
        ["title"] = "One-stop shop for newcomers",
        ["country"] = "BE",
        ["region"] = "BE10",
        ["lead_organisation"] = "Region of Load",
        ["start_date"] = "2019-03",
        ["end_date"] = "2023",
        ["beneficiaries_count"] = "1200",
        ["budget_eur"] = "250000",
        ["website"] = "www.example.org",
    };

    private string _conversationId = "";
    private string _token = "";
    private string _watermark = "";
    private JsonObject? _last;

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
        Expect(response, HttpStatusCode.Created);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        _conversationId = body["conversationId"]!.GetValue<string>();
        _token = body["token"]!.GetValue<string>();
        return await NextQuestionAsync(cancellationToken);
    }

    public async Task<string?> AnswerAsync(string question, CancellationToken cancellationToken)
    {
        var text = Answers.TryGetValue(question, out var answer) ? answer
            : _last?["suggestedActions"]?["actions"]?[0]?["value"]?.GetValue<string>() ?? "A one-stop shop in every province guides newcomers to the services they need.";
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
        Expect(response, HttpStatusCode.OK);
        return await NextQuestionAsync(cancellationToken);
    }

    /// <summary>Polls (as Web Chat does, with the watermark) until the bot has answered; the question it asks now.</summary>
    private async Task<string?> NextQuestionAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{_conversationId}/activities?watermark={_watermark}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            using var response = await http.SendAsync(request, cancellationToken);
            Expect(response, HttpStatusCode.OK);
            var body = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
            _watermark = body["watermark"]!.GetValue<string>();
            var fromBot = body["activities"]!.AsArray().Where(a => a?["from"]?["role"]?.GetValue<string>() == "bot").Select(a => a!.AsObject()).ToList();
            if (fromBot.Count > 0)
            {
                _last = fromBot[^1];
                return _last["channelData"]?["questionId"]?.GetValue<string>();
            }
            await Task.Delay(50, cancellationToken);
        }
        throw new InvalidOperationException("the bot did not answer");
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode}");
        }
    }
}

/// <summary>Latencies, kept whole (the runs are small), and their percentiles.</summary>
internal sealed class Measure
{
    private readonly List<double> _milliseconds = [];
    private TimeSpan _elapsed;

    public int Count
    {
        get { lock (_milliseconds) { return _milliseconds.Count; } }
    }

    public void Add(TimeSpan latency)
    {
        lock (_milliseconds)
        {
            _milliseconds.Add(latency.TotalMilliseconds);
        }
    }

    public static async Task<Measure> RunAsync(int concurrency, int requests, Func<Task<bool>> call, CancellationToken cancellationToken)
    {
        var measure = new Measure();
        var remaining = requests;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0 && !cancellationToken.IsCancellationRequested)
            {
                var begun = Stopwatch.GetTimestamp();
                if (!await call())
                {
                    throw new InvalidOperationException("baseline request failed");
                }
                measure.Add(Stopwatch.GetElapsedTime(begun));
            }
        }, cancellationToken)));
        measure._elapsed = clock.Elapsed;
        return measure;
    }

    public void Print(string name)
    {
        double[] sorted;
        lock (_milliseconds)
        {
            sorted = [.. _milliseconds.Order()];
        }
        if (sorted.Length == 0)
        {
            Console.WriteLine($"{name}: no samples");
            return;
        }
        double P(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
        var rate = _elapsed > TimeSpan.Zero ? string.Create(CultureInfo.InvariantCulture, $", {sorted.Length / _elapsed.TotalSeconds:F0} req/s") : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: n={sorted.Length}{rate}, p50 {P(50):F1} ms, p90 {P(90):F1} ms, p99 {P(99):F1} ms, max {sorted[^1]:F1} ms"));
    }
}
