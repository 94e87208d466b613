using System.Collections.Concurrent;

namespace Regin.Bot.Review;

/// <summary>
/// Failed sign-ins counted per client address (not per account, so a stranger cannot lock a researcher out): after
/// <see cref="MaxFailures"/> failures within <see cref="Window"/> that address gets 429 until the window has passed.
/// Counted per host: N hosts allow N times as many.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock)
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    public bool IsBlocked(string address)
    {
        if (!_failures.TryGetValue(address, out var times))
        {
            return false;
        }
        lock (times)
        {
            Prune(times);
            return times.Count >= MaxFailures;
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
        var since = clock.GetUtcNow() - Window;
        while (times.Count > 0 && times.Peek() < since)
        {
            times.Dequeue();
        }
    }
}
