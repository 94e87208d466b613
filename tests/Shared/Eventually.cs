using System.Diagnostics;

namespace Regin.Testing;

/// <summary>Waits for a real condition (a row, a mail, a log line) with a deadline, never for a fixed time.</summary>
public static class Eventually
{
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
