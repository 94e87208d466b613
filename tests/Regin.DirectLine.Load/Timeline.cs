using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Regin.DirectLine.Load;

/// <summary>
/// Every timed call of a run with its moment (UTC wall clock, to set beside the host's own log), so the slowest replies can be
/// read with what else was going on: starts still waiting for their greeting, other replies in flight, the probes' latency.
/// </summary>
internal sealed class Timeline
{
    private readonly List<Call> _calls = [];

    /// <param name="DriverPauseMilliseconds">The driver's own GC pauses while the call was in flight (this process, not the host's).</param>
    /// <param name="DriverJitMilliseconds">The driver's own JIT compilation time while the call was in flight (all its threads).</param>
    /// <param name="Answered">What the call answered: the question's id, "confirm" (a did-you-mean or send-it-now card),
    /// "submit" (the summary), "" for a start or a probe.</param>
    internal sealed record Call(string Kind, int Conversation, string Id, int Turn, DateTimeOffset Begun, double Milliseconds, double DriverPauseMilliseconds = 0, double DriverJitMilliseconds = 0, string Answered = "")
    {
        public DateTimeOffset Ended => Begun.AddMilliseconds(Milliseconds);
    }

    /// <param name="arrived">When what the call waited for arrived (a <see cref="Stopwatch"/> timestamp: the reply's frame),
    /// if the call did more after it (read the next answer off the card): the call is timed to there, not to its return.</param>
    public async Task<T> TimeAsync<T>(Measure measure, string kind, int conversation, Func<string> id, int turn, Func<Task<T>> call, string answered = "", Func<long>? arrived = null)
    {
        var begun = DateTimeOffset.UtcNow;
        var paused = GC.GetTotalPauseDuration();
        var compiling = System.Runtime.JitInfo.GetCompilationTime();
        var started = Stopwatch.GetTimestamp();
        var result = await call();
        var ended = arrived?.Invoke() ?? 0;
        var elapsed = ended > started ? Stopwatch.GetElapsedTime(started, ended) : Stopwatch.GetElapsedTime(started);
        measure.Add(elapsed);
        var driverPause = (GC.GetTotalPauseDuration() - paused).TotalMilliseconds;
        var driverJit = (System.Runtime.JitInfo.GetCompilationTime() - compiling).TotalMilliseconds;
        lock (_calls)
        {
            _calls.Add(new Call(kind, conversation, id(), turn, begun, elapsed.TotalMilliseconds, driverPause, driverJit, answered));
        }
        return result;
    }

    /// <summary>
    /// The calls of <paramref name="kind"/> by turn (the first answer of a chat apart from the rest) and by what they answered:
    /// count, p50, p99, and how many of the run's slowest 1 % (the calls at or above its p99) each holds. With 1,200 replies
    /// the p99 is the 12th slowest, so a kind of 100 calls that costs more decides it.
    /// </summary>
    public void PrintByKind(string kind)
    {
        List<Call> calls;
        lock (_calls)
        {
            calls = [.. _calls.Where(c => c.Kind == kind)];
        }
        if (calls.Count == 0)
        {
            return;
        }
        var sorted = calls.Select(c => c.Milliseconds).Order().ToArray();
        var p99 = Percentile(sorted, 99);
        var p98 = Percentile(sorted, 98);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind} calls by kind (slowest 1 %: at or above the p99 {p99:F2} ms; slowest 2 %: at or above {p98:F2} ms):"));
        Console.WriteLine($"| {"kind",-32} | {"n",5} | {"p50 ms",7} | {"p99 ms",7} | {"max ms",7} | {"in 1 %",6} | {"in 2 %",6} |");
        void Row(string name, IEnumerable<Call> group)
        {
            var ms = group.Select(c => c.Milliseconds).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name,-32} | {ms.Length,5} | {Percentile(ms, 50),7:F2} | {Percentile(ms, 99),7:F2} | {ms[^1],7:F2} | {ms.Count(m => m >= p99),6} | {ms.Count(m => m >= p98),6} |"));
        }
        Row("all", calls);
        Row("turn 1 (a chat's first answer)", calls.Where(c => c.Turn == 1));
        Row("turns 2+", calls.Where(c => c.Turn > 1));
        foreach (var group in calls.GroupBy(c => c.Answered).OrderBy(g => g.Min(c => c.Turn)))
        {
            Row($"  answers {(group.Key.Length == 0 ? "?" : group.Key)}", group);
        }
        Console.WriteLine();
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>The <paramref name="count"/> slowest calls of <paramref name="kind"/>, each with what overlapped it.</summary>
    public void PrintSlowest(string kind, int count)
    {
        List<Call> calls;
        lock (_calls)
        {
            calls = [.. _calls];
        }
        if (calls.Count == 0 || count <= 0)
        {
            return;
        }
        var first = calls.Min(c => c.Begun);
        Console.WriteLine($"slowest {kind} calls (t: seconds from the first call at {first:HH:mm:ss.fff} UTC; overlapping: starts, replies, probes, the slowest probe among them; the driver's own GC pauses and JIT time meanwhile, in this process, not the host's):");
        foreach (var slow in calls.Where(c => c.Kind == kind).OrderByDescending(c => c.Milliseconds).Take(count))
        {
            var overlapping = calls.Where(c => c != slow && c.Begun < slow.Ended && c.Ended > slow.Begun).ToList();
            var probes = overlapping.Where(c => c.Kind == "livez").ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {slow.Milliseconds,9:F1} ms  t={(slow.Begun - first).TotalSeconds,6:F2} s ({slow.Begun:HH:mm:ss.fff})  conversation {slow.Conversation,3} ({slow.Id}) turn {slow.Turn,2} ({slow.Answered}); "
                + $"overlapping: {overlapping.Count(c => c.Kind == "start")} starts, {overlapping.Count(c => c.Kind == "reply")} replies, {probes.Count} probes (slowest {(probes.Count == 0 ? 0 : probes.Max(p => p.Milliseconds)):F1} ms); driver GC {slow.DriverPauseMilliseconds:F1} ms, JIT {slow.DriverJitMilliseconds:F1} ms"));
        }
        Console.WriteLine();
    }

    /// <summary>Every call as CSV (kind, conversation, turn, begun and ended in Unix milliseconds UTC, milliseconds).</summary>
    public void Write(string path)
    {
        var text = new StringBuilder("kind,conversation,id,turn,begun_unix_ms,ended_unix_ms,ms,driver_gc_ms,driver_jit_ms,answered\n");
        lock (_calls)
        {
            foreach (var call in _calls.OrderBy(c => c.Begun))
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"{call.Kind},{call.Conversation},{call.Id},{call.Turn},{call.Begun.ToUnixTimeMilliseconds()},{call.Ended.ToUnixTimeMilliseconds()},{call.Milliseconds:F2},{call.DriverPauseMilliseconds:F2},{call.DriverJitMilliseconds:F2},{call.Answered}\n");
            }
        }
        File.WriteAllText(path, text.ToString());
    }
}
