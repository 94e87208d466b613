using System.Diagnostics;
using Regin.MailIngest.Intake;
using Xunit;
using Xunit.Abstractions;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// A mail's budget is the CPU time its reading uses (<see cref="MailBudget"/>), on real threads and a real busy CPU
/// (<see cref="CpuHog"/>): a read that works all the time is stopped once it used its limit, at any load; a read that
/// waits for the CPU is not, however long it waits (session 45: a fresh watcher at load ~83 took over 10 s, the limit
/// then counted in time passed, to read its first plain mails). Each read runs on a thread of its own.
/// </summary>
[Collection(CpuTimeCollection.Name)]
public sealed class MailBudgetTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMilliseconds(300);

    /// <summary>Runs <paramref name="read"/> on a thread of its own within a budget of <paramref name="cpu"/> and <paramref name="wall"/>.</summary>
    private static (bool Stopped, string? Exceeded, TimeSpan Used, TimeSpan Took) ReadOnThread(Action<MailBudget> read, TimeSpan cpu, TimeSpan wall,
        ReadingCpuClock? clock = null, Action? before = null)
    {
        (bool, string?, TimeSpan, TimeSpan) result = default;
        Exception? failed = null;
        var thread = new Thread(() =>
        {
            try
            {
                before?.Invoke();
                var took = Stopwatch.StartNew();
                using var budget = new MailBudget(cpu, wall, TimeProvider.System, clock ?? new ReadingCpuClock(), CancellationToken.None);
                var stopped = false;
                try
                {
                    using (budget.Reading())
                    {
                        read(budget);
                    }
                }
                catch (OperationCanceledException) when (budget.Token.IsCancellationRequested)
                {
                    stopped = true;
                }
                result = (stopped, budget.Exceeded, budget.Used ?? TimeSpan.MinValue, took.Elapsed);
            }
            catch (Exception e)
            {
                failed = e;
            }
        });
        thread.Start();
        thread.Join();
        return failed is null ? result : throw new InvalidOperationException("the read's thread failed", failed);
    }

    /// <summary>A read that waits (for a lock, a file) until it is stopped, using no CPU.</summary>
    private static void WaitForStop(MailBudget budget)
    {
        budget.Token.WaitHandle.WaitOne(TimeSpan.FromMinutes(10));
        budget.Token.ThrowIfCancellationRequested();
    }

    [Fact]
    public void A_read_that_works_all_the_time_is_stopped_once_it_used_its_cpu_time()
    {
        // A regex that backtracks, a zip bomb, a huge HTML: the mail's own cost, 10 times its limit if nothing stopped it.
        var (stopped, exceeded, used, took) = ReadOnThread(budget => CpuHog.Work(Limit * 10, budget.Token), Limit, TimeSpan.FromMinutes(10));
        output.WriteLine($"stopped={stopped} ({exceeded}) after {used.TotalMilliseconds:0} ms of CPU, {took.TotalMilliseconds:0} ms");

        Assert.True(stopped);
        Assert.Equal("used 0.3 s of CPU", exceeded);
        // Stopped at its limit, not at the end of its work nor by the time passed (10 minutes): the check runs when the CPU
        // time could first be used up, and again as soon as it could be (a late timer on a busy machine adds a little).
        Assert.InRange(used, Limit, Limit * 4);
    }

    [Fact]
    public void A_read_that_works_all_the_time_beside_a_cpu_hog_is_stopped_too()
    {
        using var hog = new CpuHog();
        // The same mail on a machine whose CPU it gets ~1/10 of: its read takes many times its limit in time passed, and
        // is stopped when its own work reaches the limit, no sooner and no later.
        var (stopped, exceeded, used, took) = ReadOnThread(budget => CpuHog.Work(Limit * 10, budget.Token), Limit, TimeSpan.FromMinutes(10), before: hog.Starve);
        output.WriteLine($"stopped={stopped} ({exceeded}) after {used.TotalMilliseconds:0} ms of CPU, {took.TotalMilliseconds:0} ms");

        Assert.True(stopped);
        Assert.Equal("used 0.3 s of CPU", exceeded);
        Assert.InRange(used, Limit, Limit * 4);
        Assert.True(took > Limit * 3, $"the starved read took {took}: the hog did not starve it");
    }

    [Fact]
    public void A_plain_read_starved_by_a_cpu_hog_is_not_stopped_however_long_it_waits()
    {
        using var hog = new CpuHog();
        // A plain mail's read (a third of its limit) on a machine whose CPU it gets ~1/10 of: it waits many times its
        // limit for the CPU. Counted in time passed (before session 46) it was stopped; counted in CPU, it is read.
        var (stopped, exceeded, used, took) = ReadOnThread(budget => CpuHog.Work(Limit / 3, budget.Token), Limit, TimeSpan.FromMinutes(10), before: hog.Starve);
        output.WriteLine($"stopped={stopped} ({exceeded}) after {used.TotalMilliseconds:0} ms of CPU, {took.TotalMilliseconds:0} ms");

        Assert.False(stopped, exceeded);
        Assert.True(took > Limit, $"the starved read took {took}: the hog did not starve it beyond the limit");
        Assert.InRange(used, Limit / 3, Limit);
    }

    [Fact]
    public void A_read_that_waits_on_something_else_is_stopped_by_the_time_passed()
    {
        // No CPU used at all (a read that waits for a lock, a file): the time the attempt may take, whatever it used.
        var (stopped, exceeded, used, took) = ReadOnThread(WaitForStop, Limit, TimeSpan.FromSeconds(1));

        Assert.True(stopped);
        Assert.StartsWith("not read in 1 s (", exceeded, StringComparison.Ordinal);
        Assert.True(took >= TimeSpan.FromSeconds(1), $"stopped after {took}");
        Assert.True(used < Limit, $"a waiting read used {used}");
    }

    [Fact]
    public void Where_no_thread_cpu_time_can_be_read_the_limit_is_time_passed_as_before()
    {
        var (stopped, exceeded, _, took) = ReadOnThread(WaitForStop, Limit, TimeSpan.FromMinutes(10), new NoReadingCpuClock());

        // The message names the limit that stopped it (0.3 s, not the attempt's 10 minutes): no wall-clock bound needed.
        Assert.True(stopped);
        Assert.Equal("not read in 0.3 s", exceeded);
        Assert.True(took >= Limit, $"stopped after {took}");
    }

    [Fact]
    public void The_cpu_time_of_the_reading_alone_counts()
    {
        // Work on the thread outside the reading (a caller's, before and after: recording the mail awaits the database and
        // its thread goes on to other work) is not the mail's.
        using var budget = new MailBudget(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10), TimeProvider.System, new ReadingCpuClock(), CancellationToken.None);
        CpuHog.Work(Limit);
        using (budget.Reading())
        {
            CpuHog.Work(Limit / 3);
        }
        CpuHog.Work(Limit);

        Assert.InRange(budget.Used!.Value, Limit / 3, Limit);
        Assert.False(budget.Token.IsCancellationRequested);
    }
}
