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
    internal sealed record Call(string Kind, int Conversation, string Id, int Turn, DateTimeOffset Begun, double Milliseconds, double DriverPauseMilliseconds = 0, double DriverJitMilliseconds = 0)
    {
        public DateTimeOffset Ended => Begun.AddMilliseconds(Milliseconds);
    }

    public async Task<T> TimeAsync<T>(Measure measure, string kind, int conversation, Func<string> id, int turn, Func<Task<T>> call)
    {
        var begun = DateTimeOffset.UtcNow;
        var paused = GC.GetTotalPauseDuration();
        var compiling = System.Runtime.JitInfo.GetCompilationTime();
        var started = Stopwatch.GetTimestamp();
        var result = await call();
        var elapsed = Stopwatch.GetElapsedTime(started);
        measure.Add(elapsed);
        var driverPause = (GC.GetTotalPauseDuration() - paused).TotalMilliseconds;
        var driverJit = (System.Runtime.JitInfo.GetCompilationTime() - compiling).TotalMilliseconds;
        lock (_calls)
        {
            _calls.Add(new Call(kind, conversation, id(), turn, begun, elapsed.TotalMilliseconds, driverPause, driverJit));
        }
        return result;
    }

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
                $"  {slow.Milliseconds,9:F1} ms  t={(slow.Begun - first).TotalSeconds,6:F2} s ({slow.Begun:HH:mm:ss.fff})  conversation {slow.Conversation,3} ({slow.Id}) turn {slow.Turn,2}; "
                + $"overlapping: {overlapping.Count(c => c.Kind == "start")} starts, {overlapping.Count(c => c.Kind == "reply")} replies, {probes.Count} probes (slowest {(probes.Count == 0 ? 0 : probes.Max(p => p.Milliseconds)):F1} ms); driver GC {slow.DriverPauseMilliseconds:F1} ms, JIT {slow.DriverJitMilliseconds:F1} ms"));
        }
        Console.WriteLine();
    }

    /// <summary>Every call as CSV (kind, conversation, turn, begun and ended in Unix milliseconds UTC, milliseconds).</summary>
    public void Write(string path)
    {
        var text = new StringBuilder("kind,conversation,id,turn,begun_unix_ms,ended_unix_ms,ms,driver_gc_ms,driver_jit_ms\n");
        lock (_calls)
        {
            foreach (var call in _calls.OrderBy(c => c.Begun))
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"{call.Kind},{call.Conversation},{call.Id},{call.Turn},{call.Begun.ToUnixTimeMilliseconds()},{call.Ended.ToUnixTimeMilliseconds()},{call.Milliseconds:F2},{call.DriverPauseMilliseconds:F2},{call.DriverJitMilliseconds:F2}\n");
            }
        }
        File.WriteAllText(path, text.ToString());
    }
}
