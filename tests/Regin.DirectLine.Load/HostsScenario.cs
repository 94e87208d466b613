using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Regin.DirectLine.Load;

/// <summary>
/// Throughput of one host against two on one database: --conversations clients at once, each typing whole questionnaires
/// over POST /api/messages (expectReplies) as <see cref="TurnScenario"/> does, for --seconds. Phase 1 sends every turn to
/// the first of --urls; phase 2 sends each conversation's turns to the hosts in turn (A, B, A, …), so every turn finds
/// the state the other host wrote. Turns per second of the two phases and their ratio, and every questionnaire started
/// must end submitted (nothing lost or doubled when the hosts alternate).
/// </summary>
internal static class HostsScenario
{
    public static async Task<int> RunAsync(Options options, CancellationToken cancellationToken)
    {
        var urls = options.Urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length < 2)
        {
            Console.WriteLine("--scenario hosts needs --urls with two hosts: http://A,http://B");
            return 2;
        }
        var clients = urls.Select(url => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(120),
        }).ToArray();
        try
        {
            // Warm-up on every host (JIT, EF Core's model, the database's pages), not counted.
            foreach (var client in clients)
            {
                await PhaseAsync([client], 1, TimeSpan.Zero, cancellationToken);
            }
            var one = await PhaseAsync(clients[..1], options.Conversations, TimeSpan.FromSeconds(options.Seconds), cancellationToken);
            var two = await PhaseAsync(clients, options.Conversations, TimeSpan.FromSeconds(options.Seconds), cancellationToken);
            Console.WriteLine($"{options.Conversations} clients at once, whole questionnaires over POST /api/messages (expectReplies), {options.Seconds} s per phase.");
            Console.WriteLine("| hosts | turns | turns/s | turn p50 ms | turn p99 ms | questionnaires submitted | not submitted |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            Console.WriteLine(one.Row("one host (A)"));
            Console.WriteLine(two.Row("two hosts (A, B alternating per turn)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio two hosts / one host: {two.TurnsPerSecond / one.TurnsPerSecond:F2}× turns/s"));
            Console.WriteLine();
            var lost = one.Failed + two.Failed;
            if (lost > 0)
            {
                Console.WriteLine($"FAILED: {lost} questionnaires did not end submitted.");
            }
            return lost == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private sealed record PhaseResult(int Turns, TimeSpan Elapsed, int Submitted, int Failed, Measure Latency)
    {
        public double TurnsPerSecond => Turns / Elapsed.TotalSeconds;

        public string Row(string name) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Turns} | {TurnsPerSecond:F1} | {Latency.Percentile(0.5):F1} | {Latency.Percentile(0.99):F1} | {Submitted} | {Failed} |");
    }

    /// <summary>
    /// <paramref name="conversations"/> clients typing questionnaires until <paramref name="duration"/> is over (each
    /// finishes the one it is in; TimeSpan.Zero: one questionnaire each).
    /// </summary>
    private static async Task<PhaseResult> PhaseAsync(HttpClient[] hosts, int conversations, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latency = new Measure();
        var turns = 0;
        var submitted = 0;
        var failed = 0;
        var clock = Stopwatch.StartNew();
        var counted = TimeSpan.Zero;
        var countedTurns = 0;
        var frozen = new object();
        var errors = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, conversations), new ParallelOptions { MaxDegreeOfParallelism = conversations, CancellationToken = cancellationToken },
            async (client, token) =>
            {
                do
                {
                    var conversation = $"hosts-{client}-{Guid.NewGuid():N}";
                    var user = "hosts-user-" + Guid.NewGuid().ToString("N");
                    var turn = 0;
                    async Task<System.Text.Json.Nodes.JsonArray> SendAsync(string text)
                    {
                        var host = hosts[turn++ % hosts.Length];
                        var started = Stopwatch.GetTimestamp();
                        var replies = await TurnScenario.SendAsync(host, conversation, user, text, verbose: false, token);
                        latency.Add(Stopwatch.GetElapsedTime(started));
                        Interlocked.Increment(ref turns);
                        return replies;
                    }
                    string? reference = null;
                    try
                    {
                        var replies = await SendAsync("Hello");
                        for (var i = 0; i < 80 && reference is null; i++)
                        {
                            var (_, text) = TurnScenario.NextAnswer(replies);
                            replies = await SendAsync(text);
                            reference = replies.Select(r => TurnScenario.Reference().Match(r?["text"]?.GetValue<string>() ?? "")).FirstOrDefault(m => m.Success)?.Value;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException && !token.IsCancellationRequested)
                    {
                        errors.Enqueue(e.Message);
                    }
                    if (reference is not null)
                    {
                        Interlocked.Increment(ref submitted);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                    if (clock.Elapsed >= duration)
                    {
                        // The first client past the end freezes the count: the others only finish the questionnaire they are in.
                        lock (frozen)
                        {
                            if (counted == TimeSpan.Zero)
                            {
                                countedTurns = Volatile.Read(ref turns);
                                counted = clock.Elapsed;
                            }
                        }
                    }
                }
                while (clock.Elapsed < duration);
            });
        if (counted == TimeSpan.Zero)
        {
            countedTurns = turns;
            counted = clock.Elapsed;
        }
        foreach (var error in errors.Take(3))
        {
            Console.WriteLine("error: " + error);
        }
        return new PhaseResult(countedTurns, counted, submitted, failed, latency);
    }
}
