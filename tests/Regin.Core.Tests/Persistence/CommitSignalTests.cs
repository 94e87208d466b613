using System.Diagnostics;
using Regin.Core.Persistence;
using Xunit;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// The writers' commits told to a background service (<see cref="CommitSignal"/>): a commit is never missed, and the
/// commits that came while the service was not waiting leave no wake behind them (they cost a time stamp, not a pool work item).
/// </summary>
public sealed class CommitSignalTests
{
    private static readonly TimeSpan Deadline = Eventually.Deadline;

    [Fact]
    public async Task Commits_before_the_wait_end_it_at_once_and_leave_no_wake_for_the_next_one()
    {
        using var signal = new CommitSignal();
        var before = CommitSignal.Now;
        for (var i = 0; i < 1000; i++)
        {
            signal.Committed();
        }
        var waited = Stopwatch.StartNew();
        Assert.True(await signal.WaitAsync(before, Deadline, CancellationToken.None));
        Assert.True(waited.Elapsed < Deadline);
        // Nothing committed since: the next wait times out (no release was left by the thousand commits).
        Assert.False(await signal.WaitAsync(CommitSignal.Now, TimeSpan.FromMilliseconds(50), CancellationToken.None));
    }

    [Fact]
    public async Task A_commit_during_the_wait_wakes_it_and_only_one_wake_is_left_by_many()
    {
        using var signal = new CommitSignal();
        var since = CommitSignal.Now;
        var waiting = signal.WaitAsync(since, Timeout.InfiniteTimeSpan, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        for (var i = 0; i < 100; i++)
        {
            signal.Committed();
        }
        Assert.Same(waiting, await Task.WhenAny(waiting, Task.Delay(Deadline)));
        Assert.True(await waiting);
        // The commits are before this moment: a wait for later ones times out.
        Assert.False(await signal.WaitAsync(CommitSignal.Now, TimeSpan.FromMilliseconds(50), CancellationToken.None));
        // And the next commit wakes the next wait.
        var next = signal.WaitAsync(CommitSignal.Now, Timeout.InfiniteTimeSpan, CancellationToken.None);
        signal.Committed();
        Assert.Same(next, await Task.WhenAny(next, Task.Delay(Deadline)));
    }

    [Fact]
    public async Task Commits_from_many_threads_racing_the_waits_are_never_missed()
    {
        using var signal = new CommitSignal();
        using var stop = new CancellationTokenSource();
        var committed = 0L;
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                signal.Committed();
                Interlocked.Increment(ref committed);
                await Task.Yield();
            }
        })).ToArray();
        // Each wait for the commits after its start returns true, never times out, while the writers go on.
        for (var i = 0; i < 200; i++)
        {
            Assert.True(await signal.WaitAsync(CommitSignal.Now, Deadline, CancellationToken.None));
        }
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        Assert.True(Interlocked.Read(ref committed) > 0);
        // Once the writers stopped, no wake is left over.
        Assert.False(await signal.WaitAsync(CommitSignal.Now, TimeSpan.FromMilliseconds(50), CancellationToken.None));
    }

    [Fact]
    public async Task The_quiet_moment_comes_after_the_pause_since_the_last_commit_or_after_the_longest_wait()
    {
        using var signal = new CommitSignal();
        signal.Committed();
        var waited = Stopwatch.StartNew();
        await signal.QuietAsync(TimeSpan.FromMilliseconds(100), Deadline, CancellationToken.None);
        Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(90), $"quiet after {waited.Elapsed}");
        // Commits every few ms never leave a pause of an hour: the longest wait ends it.
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                signal.Committed();
                await Task.Delay(5);
            }
        });
        waited.Restart();
        await signal.QuietAsync(TimeSpan.FromHours(1), TimeSpan.FromMilliseconds(200), CancellationToken.None);
        Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(190) && waited.Elapsed < Deadline, $"quiet after {waited.Elapsed}");
        await stop.CancelAsync();
        await writer;
    }
}
