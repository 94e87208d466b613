using System.Collections.Concurrent;

namespace Regin.Bot.Extensions;

/// <summary>
/// Failures counted per client address (not per account, so a stranger cannot lock someone else out): after
/// <see cref="MaxFailures"/> failures within <see cref="Window"/> that address is blocked until the window has passed.
/// Counted per host: N hosts allow N times as many.
/// </summary>
public abstract class AddressFailureThrottle(TimeProvider clock, int maxFailures, TimeSpan window)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    public int MaxFailures => maxFailures;

    public TimeSpan Window => window;

    public bool IsBlocked(string address)
    {
        if (!_failures.TryGetValue(address, out var times))
        {
            return false;
        }
        lock (times)
        {
            Prune(times);
            return times.Count >= maxFailures;
        }
    }

    public void Fail(string address)
    {
        var times = _failures.GetOrAdd(address, _ => new Queue<DateTimeOffset>());
        lock (times)
        {
            Prune(times);
            times.Enqueue(clock.GetUtcNow());
        }
    }

    private void Prune(Queue<DateTimeOffset> times)
    {
        var since = clock.GetUtcNow() - window;
        while (times.Count > 0 && times.Peek() < since)
        {
            times.Dequeue();
        }
    }
}
