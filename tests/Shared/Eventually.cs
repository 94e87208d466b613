using System.Diagnostics;

namespace Regin.Testing;

/// <summary>Waits for a real condition (a row, a mail, a log line) with a deadline, never for a fixed time.</summary>
public static class Eventually
{
    /// <summary>
    /// The deadline of any wait for a real condition (the default of <see cref="UntilAsync"/> too), in place of the 30 and
    /// 60 s of hand-written loops: short on a 2-core machine at load 40 to 140 (session 56's). A wait that meets its
    /// condition returns at once; the deadline only costs time when the test fails anyway.
    /// </summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(300);

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds; after <paramref name="seconds"/> a TimeoutException. The
    /// deadline is generous on purpose: it only costs time when something is wrong, and a busy 2-core machine is slow.
    /// </summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, int seconds = 300)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException($"The condition was not met within {seconds} s.");
            }
            await Task.Delay(200);
        }
    }
}
