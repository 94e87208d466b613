using System.Globalization;

namespace Regin.MailIngest.Intake;

/// <summary>
/// The CPU clock of the thread a mail is read on: <see cref="ThreadCpuTime"/> (a service, so that a test can stand in
/// for a machine whose reads cost what it says).
/// </summary>
public class ReadingCpuClock
{
    /// <summary>A clock of the calling thread's CPU time that any thread may read, or null where there is none.</summary>
    public virtual Func<TimeSpan?>? OfCurrentThread() => ThreadCpuTime.OfCurrentThread();
}

/// <summary>
/// One attempt at a mail's time limit (<c>Mail:MaxSecondsPerMessage</c>): the CPU time its reading used, not the time
/// that passed. A limit of wall time stopped the mail that waited for a core as well as the mail that cost (session 45:
/// a fresh watcher at load ~83 read its first plain mails in over 10 s, and three such misses would fail a plain mail);
/// the reading's CPU time grows only while the mail itself is worked on: a regex that backtracks, a zip bomb, a huge HTML
/// use it up at any load, a plain mail does not, however long it waits. <see cref="Token"/> is cancelled when the time
/// the reading threads used (each measured from <see cref="Reading"/> to its end, on that thread's CPU clock) reaches
/// <c>cpu</c>, or when <c>wall</c> has passed whatever was used (<c>Mail:MaxWallSecondsPerMessage</c>: a read that
/// waits on something else than a core, or where no thread's CPU time can be read: then <c>cpu</c> is the wall limit, as
/// before). The check runs on a timer of <c>clock</c> at the earliest moment either could be reached (the CPU time
/// left: a thread cannot use more in less), so a mail that works all the time is stopped on time, at any load.
/// </summary>
public sealed class MailBudget : IDisposable
{
    /// <summary>The shortest wait between two checks (a reading near its limit is not checked in a loop).</summary>
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(20);

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _cancel;
    private readonly CancellationTokenSource _linked;
    private readonly ITimer? _timer;
    private TimeSpan? _due;
    private readonly TimeProvider _clock;
    private readonly ReadingCpuClock _cpuClock;
    private readonly long _started;
    private TimeSpan _used;
    private (Func<TimeSpan?> Clock, TimeSpan At)? _reading;
    private bool _unmeasured;
    private bool _disposed;

    public MailBudget(TimeSpan cpu, TimeSpan wall, TimeProvider clock, ReadingCpuClock cpuClock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(cpuClock);
        Cpu = cpu;
        Wall = wall < cpu ? cpu : wall;
        _clock = clock;
        _cpuClock = cpuClock;
        _started = clock.GetTimestamp();
        // Where no thread's CPU time can be read, time passed is the limit (the first check stops the attempt).
        _unmeasured = cpuClock.OfCurrentThread() is null;
        _cancel = new CancellationTokenSource();
        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cancel.Token);
        // The first check when the CPU limit could first be reached: a thread uses at most the time that passes.
        _timer = clock.CreateTimer(static state => ((MailBudget)state!).Check(), this, cpu, Timeout.InfiniteTimeSpan);
        lock (_gate)
        {
            // A clock that ran the check while the timer was made (a test's busy machine) left its next one here.
            if (_due is { } due)
            {
                _timer.Change(due, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>The CPU time the attempt may use.</summary>
    public TimeSpan Cpu { get; }

    /// <summary>The time the attempt may take, whatever it used.</summary>
    public TimeSpan Wall { get; }

    /// <summary>Cancelled when the attempt is over its limit, or when the caller's token is.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Why the attempt was stopped (for its outcome's detail), once <see cref="Token"/> is cancelled by the limit.</summary>
    public string? Exceeded { get; private set; }

    /// <summary>The CPU time the reading used so far (null where it cannot be measured).</summary>
    public TimeSpan? Used
    {
        get
        {
            lock (_gate)
            {
                return UsedNow();
            }
        }
    }

    /// <summary>
    /// Counts the calling thread's CPU time against the budget until the result is disposed (the synchronous read of the
    /// mail, which runs on one thread; awaits elsewhere are not counted).
    /// </summary>
    public IDisposable Reading()
    {
        var clock = _cpuClock.OfCurrentThread();
        var now = clock?.Invoke();
        lock (_gate)
        {
            if (clock is not null && now is not null)
            {
                _reading = (clock, now.Value);
            }
            else
            {
                _unmeasured = true;
            }
        }
        return new ReadingScope(this);
    }

    private void EndReading()
    {
        lock (_gate)
        {
            if (_reading is var (clock, at))
            {
                if (clock() is { } now)
                {
                    _used += now - at;
                }
                else
                {
                    _unmeasured = true;
                }
                _reading = null;
            }
        }
    }

    private TimeSpan? UsedNow()
    {
        if (_unmeasured)
        {
            return null;
        }
        if (_reading is var (clock, at))
        {
            return clock() is { } now ? _used + (now - at) : null;
        }
        return _used;
    }

    private void Check()
    {
        lock (_gate)
        {
            if (_disposed || _cancel.IsCancellationRequested)
            {
                return;
            }
            var passed = _clock.GetElapsedTime(_started);
            var used = UsedNow();
            if (used is not { } cpu)
            {
                Exceeded = string.Create(CultureInfo.InvariantCulture, $"not read in {Cpu.TotalSeconds:0.#} s");
            }
            else if (cpu >= Cpu)
            {
                Exceeded = string.Create(CultureInfo.InvariantCulture, $"used {Cpu.TotalSeconds:0.#} s of CPU");
            }
            else if (passed >= Wall)
            {
                Exceeded = string.Create(CultureInfo.InvariantCulture, $"not read in {Wall.TotalSeconds:0.#} s ({cpu.TotalSeconds:0.0} s of CPU)");
            }
            else
            {
                var next = Cpu - cpu < Wall - passed ? Cpu - cpu : Wall - passed;
                _due = next < Step ? Step : next;
                _timer?.Change(_due.Value, Timeout.InfiniteTimeSpan);
                return;
            }
            // Under the lock: never after Dispose (the timer's thread must not throw).
            _cancel.Cancel();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }
        _timer?.Dispose();
        _linked.Dispose();
        _cancel.Dispose();
    }

    private sealed class ReadingScope(MailBudget budget) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                budget.EndReading();
            }
        }
    }
}
