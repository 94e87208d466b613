using System.Runtime.InteropServices;
using Regin.MailIngest.Intake;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// The test classes that start a <see cref="CpuHog"/> or measure a read's CPU time: one after another, never beside each
/// other (a hog starves the pool threads it took, and a budget test's timer waiting on one ran late: 2.06 s of CPU used
/// against a limit of 0.3 s, the hog of another class spinning meanwhile).
/// </summary>
[CollectionDefinition(Name)]
public sealed class CpuTimeCollection
{
    public const string Name = "CPU time (hogs and budgets, one class at a time)";
}

/// <summary>
/// A real busy machine for one thread: a thread that spins on one CPU, and threads put beside it on that CPU at a low
/// priority (nice 10: the scheduler gives them ~1/10 of the CPU while the hog runs). A thread starved so waits
/// for the CPU as a mail's read does on a busy server (at load ~80 on 2 cores a thread gets ~1/40), whatever the test
/// machine's own load. Linux only, as the mail servers these tests start.
/// </summary>
internal sealed class CpuHog : IDisposable
{
    private readonly Thread _thread;
    private readonly ulong _allowed;
    private readonly HashSet<int> _starved = [];
    private volatile bool _stop;

    public CpuHog()
    {
        // The last CPU this process may run on (a container's cpuset need not start at 0, nor count up to ProcessorCount):
        // the first one's interrupts and the runtime's other threads are elsewhere, as far as that goes.
        Check(SchedGetAffinity(0, sizeof(ulong), out _allowed), "sched_getaffinity");
        Cpu = 63 - System.Numerics.BitOperations.LeadingZeroCount(_allowed);
        var started = new ManualResetEventSlim();
        _thread = new Thread(() =>
        {
            Pin(Gettid(), Cpu);
            started.Set();
            var spins = 0L;
            while (!_stop)
            {
                spins++;
            }
            GC.KeepAlive(spins);
        }) { IsBackground = true, Name = "cpu hog" };
        _thread.Start();
        started.Wait();
    }

    /// <summary>The CPU the hog spins on.</summary>
    public int Cpu { get; }

    /// <summary>Puts the calling thread beside the hog, at nice 10, until <see cref="Dispose"/>.</summary>
    public void Starve()
    {
        var tid = Gettid();
        lock (_starved)
        {
            _starved.Add(tid);
        }
        Pin(tid, Cpu);
        Check(SetPriority(0, tid, 10), "setpriority");
    }

    /// <summary>The threads starved so far (each once, however many reads it ran).</summary>
    public int Starved
    {
        get
        {
            lock (_starved)
            {
                return _starved.Count;
            }
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        lock (_starved)
        {
            // The pool's threads go back to the process's CPUs and the usual priority (nice may go down again as root only;
            // elsewhere they stay at 10, slower, never wrong).
            foreach (var tid in _starved)
            {
                SetPriority(0, tid, 0);
                var allowed = _allowed;
                SchedSetAffinity(tid, sizeof(ulong), ref allowed);
            }
        }
    }

    private static void Pin(int tid, int cpu)
    {
        var mask = 1UL << cpu;
        Check(SchedSetAffinity(tid, sizeof(ulong), ref mask), "sched_setaffinity");
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"{call} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Spins on the calling thread until it has used <paramref name="cpu"/> more of CPU time (a mail that costs that much).</summary>
    public static void Work(TimeSpan cpu, CancellationToken cancellationToken = default)
    {
        var start = ThreadCpuTimeOf();
        while (ThreadCpuTimeOf() - start < cpu)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < 10_000; i++)
            {
                Thread.SpinWait(1);
            }
        }
    }

    /// <summary>The calling thread's CPU time (the product's clock, as the budget reads it).</summary>
    public static TimeSpan ThreadCpuTimeOf() => new ReadingCpuClock().OfCurrentThread()?.Invoke() ?? throw new PlatformNotSupportedException("no thread CPU clock");

#pragma warning disable SYSLIB1054 // blittable arguments
    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int Gettid();

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static extern int SchedGetAffinity(int pid, nint size, out ulong mask);

    [DllImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static extern int SchedSetAffinity(int tid, nint size, ref ulong mask);
#pragma warning restore SYSLIB1054
}

/// <summary>The reading thread's real CPU clock, the thread first starved beside <paramref name="hog"/>: a read on a busy machine.</summary>
internal sealed class StarvedReadingClock(CpuHog hog) : ReadingCpuClock
{
    public override Func<TimeSpan?>? OfCurrentThread()
    {
        hog.Starve();
        // 0.15 s of CPU at ~1/10 of the CPU: the read passes 1 s of time however cheap the mail's own read is on a warm
        // process (it once took 0.87 s in all beside other test classes, and the test's check that the hog starved it failed).
        // Done before the read's clock starts: the mail's budget does not count it.
        CpuHog.Work(TimeSpan.FromMilliseconds(150));
        return base.OfCurrentThread();
    }
}

/// <summary>
/// The reading thread's real CPU clock, the read first working <paramref name="cost"/> of CPU on its thread (spinning,
/// counted by the budget): a mail that costs that much to read (a regex that backtracks, a zip bomb, a huge HTML).
/// </summary>
internal sealed class CostlyReadingClock(TimeSpan cost) : ReadingCpuClock
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public override Func<TimeSpan?>? OfCurrentThread()
    {
        var clock = base.OfCurrentThread()!;
        var first = true;
        Interlocked.Increment(ref _reads);
        return () =>
        {
            var now = clock();
            if (first)
            {
                // The budget has its start: the read's work begins.
                first = false;
                CpuHog.Work(cost);
            }
            return now;
        };
    }
}

/// <summary>No thread CPU clock (another system): the budget is time passed, as before session 46.</summary>
internal sealed class NoReadingCpuClock : ReadingCpuClock
{
    public override Func<TimeSpan?>? OfCurrentThread() => null;
}

/// <summary>
/// The system's clock, except that the first <paramref name="expiring"/> timers of <paramref name="budget"/> (a mail's
/// budget: the ingester and the processor make its timer on this clock) come due when they are made: time passed and
/// nothing done, the read of a fresh process on a busy machine.
/// </summary>
internal sealed class BusyMachineClock(TimeSpan budget, int expiring) : TimeProvider
{
    private int _budgets;

    public int Budgets => Volatile.Read(ref _budgets);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime == budget && Interlocked.Increment(ref _budgets) <= expiring)
        {
            // A timer that can be set again (the budget's next check), its first time come already.
            var timer = System.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, period);
            callback(state);
            return timer;
        }
        return System.CreateTimer(callback, state, dueTime, period);
    }
}
