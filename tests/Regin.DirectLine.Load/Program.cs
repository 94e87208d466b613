using System.Diagnostics;
using System.Globalization;
using System.Net;
using Regin.DirectLine.Load;

// Timing harness against a running bot host, each scenario with its baseline measured in the same run:
//
//   --scenario turn     one client, whole questionnaires over POST /api/messages with deliveryMode expectReplies, each turn
//                       timed against POST /api/answers/check of the same answer right before it (the normalisation alone).
//   --scenario webchat  N conversations at once, each a scripted Web Chat client on the Direct Line WebSocket stream (start,
//                       open streamUrl, post an answer, wait for the bot's reply frame); GET /livez is timed all along from
//                       --probes clients, under the same load. --poll uses GET activities with the watermark instead.
//
//   dotnet run -c Release --project tests/Regin.DirectLine.Load -- --url http://127.0.0.1:3978 --secret S \
//       [--scenario webchat|turn] [--conversations 100] [--turns 12] [--questionnaires 10] [--probes 4] [--poll] [--max-seconds 300]
//       [--host-pid P]  (turn: the host's CPU time and context switches per call, read around each call: robust to a busy machine)
//       [--postgres-pid P]  (turn: the same for the PostgreSQL server, P its postmaster: it and all its children)
//       [--switches]    (turn: the host's and PostgreSQL's context switches per call too: their threads' status files read
//                       around each call, which lengthens the pauses between calls)
//       [--floor]       (turn: a GET /livez timed before each check, through the same client: a trivial call's round trip)
//       [--client blocking|async]  (turn: blocking, the default: one thread of its own, blocking in the kernel for each reply,
//                       as curl or a browser on another machine; async: HttpClient.SendAsync on the thread pool, the driver
//                       until session 36)
//       [--api-token T]  (turn: each submitted practice is read back from GET /api/practices/{reference}; --verbose prints the chat)
//       [--think-ms 0]   (webchat: a pause of 0.5x to 1.5x this before each answer, as a person reads and types; 0: answer at once)
//       [--slowest 10]   (webchat: the slowest replies, each with its moment and what else was in flight then)
//       [--timeline FILE] (webchat: every start, reply and probe as CSV: kind, conversation, turn, begun and ended (Unix ms, UTC), ms)
//       [--probe-every-ms 0]  (webchat: each of the --probes clients sends one GET /livez, then waits this long: the baseline is a
//                       trivial request arriving at any moment of the chat load, not a load of its own; 0: flat out, as before)
//   --scenario hosts --urls http://A,http://B [--conversations 8] [--seconds 60]
//                       turns per second of whole questionnaires (expectReplies) from --conversations clients at once: first
//                       all on host A, then each conversation's turns alternating between the hosts (one database); the ratio.
// The host must allow the burst: DirectLine__StartsPerMinute and DirectLine__PostsPerMinute high enough (tests/speed.sh does it).

var options = Options.Parse(args);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = new Uri(options.Url),
    Timeout = TimeSpan.FromSeconds(60),
};
using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(options.MaxSeconds));
Console.WriteLine($"Regin load ({options.Scenario}) against {options.Url}: {Environment.ProcessorCount} CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, "
    + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
return options.Scenario switch
{
    "turn" => await TurnScenario.RunAsync(http, options, deadline.Token),
    "hosts" => await HostsScenario.RunAsync(options, deadline.Token),
    _ => await WebChatScenario.RunAsync(http, options, deadline.Token),
};

namespace Regin.DirectLine.Load
{
    internal sealed record Options(string Url, string Secret, string Scenario, int Conversations, int Turns, int Questionnaires, int Probes, bool Poll, int MaxSeconds, int ThinkMilliseconds, string ApiToken = "", bool Verbose = false, int HostPid = 0, string Urls = "", int Seconds = 60, int ProbeEveryMilliseconds = 0, int Slowest = 10, string TimelineFile = "", int PostgresPid = 0, string Client = "blocking", bool Switches = false, bool Floor = false)
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
                Get("scenario", "webchat"),
                Int("conversations", 100, 1000),
                Int("turns", 12, 40),
                Int("questionnaires", 10, 1000),
                Int("probes", 4, 100),
                args.Contains("--poll"),
                Int("max-seconds", 300, 3600),
                int.Parse(Get("think-ms", "0"), CultureInfo.InvariantCulture),
                Get("api-token", Environment.GetEnvironmentVariable("REGIN_API_TOKEN") ?? ""),
                args.Contains("--verbose"),
                int.Parse(Get("host-pid", "0"), CultureInfo.InvariantCulture),
                Get("urls", ""),
                Int("seconds", 60, 3600),
                int.Parse(Get("probe-every-ms", "0"), CultureInfo.InvariantCulture),
                int.Parse(Get("slowest", "10"), CultureInfo.InvariantCulture),
                Get("timeline", ""),
                int.Parse(Get("postgres-pid", "0"), CultureInfo.InvariantCulture),
                Get("client", "blocking") switch
                {
                    "blocking" => "blocking",
                    "async" => "async",
                    var other => throw new ArgumentException($"--client is blocking or async, not {other}"),
                },
                args.Contains("--switches"),
                args.Contains("--floor"));
        }
    }

    /// <summary>Latencies, kept whole (the runs are small), and their percentiles.</summary>
    internal sealed class Measure
    {
        private readonly List<double> _milliseconds = [];

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

        public double Percentile(double p)
        {
            lock (_milliseconds)
            {
                if (_milliseconds.Count == 0)
                {
                    return double.NaN;
                }
                var sorted = _milliseconds.Order().ToArray();
                return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
            }
        }

        /// <summary>Prints a table: each row's p50/p99 and its ratio to the baseline's (the first row).</summary>
        public static void Table(params (string Name, Measure Measure)[] rows)
        {
            var baseline = rows[0].Measure;
            Console.WriteLine();
            Console.WriteLine($"| {"what",-64} | {"n",6} | {"p50 ms",8} | {"p99 ms",8} | {"p50 ×",6} | {"p99 ×",6} |");
            Console.WriteLine($"|{new string('-', 66)}|{new string('-', 8)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 8)}|{new string('-', 8)}|");
            foreach (var (name, measure) in rows)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name,-64} | {measure.Count,6} | {measure.Percentile(50),8:F2} | {measure.Percentile(99),8:F2} | {measure.Percentile(50) / baseline.Percentile(50),6:F1} | {measure.Percentile(99) / baseline.Percentile(99),6:F1} |"));
            }
            Console.WriteLine();
        }

        /// <summary>Every latency of several measures together.</summary>
        public static Measure Union(params Measure[] measures)
        {
            var union = new Measure();
            foreach (var measure in measures)
            {
                lock (measure._milliseconds)
                {
                    union._milliseconds.AddRange(measure._milliseconds);
                }
            }
            return union;
        }

        public static async Task<T> TimeAsync<T>(Measure measure, Func<Task<T>> call)
        {
            var begun = Stopwatch.GetTimestamp();
            var result = await call();
            measure.Add(Stopwatch.GetElapsedTime(begun));
            return result;
        }
    }

    internal static class Http
    {
        public static void Expect(HttpResponseMessage response, HttpStatusCode status)
        {
            if (response.StatusCode != status)
            {
                throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode}");
            }
        }
    }
}
