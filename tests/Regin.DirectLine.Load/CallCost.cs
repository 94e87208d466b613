using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Regin.DirectLine.Load;

/// <summary>
/// What the processes of a call spent on it: the load driver itself, the bot host and, on PostgreSQL, every process of the
/// server (the turn's session and the WAL writer among them). CPU is the kernel's own per-process clock
/// (<c>clock_gettime</c> on the process's CPU clock: nanoseconds, not /proc's 10 ms ticks), context switches are the
/// kernel's counts (voluntary: the thread waited, e.g. in <c>recv</c> or on a futex; involuntary: it was preempted, or it
/// yielded while spinning). Every reading is taken outside the timed call: the driver's own clock last before the call's
/// timestamp and first after it, the other processes' around those.
/// </summary>
internal sealed class CallCost
{
    private readonly int _hostPid;
    private readonly int _postgresPid;
    private readonly Totals _check;
    private readonly Totals _turn;

    public CallCost(int hostPid, int postgresPid)
    {
        _hostPid = hostPid;
        _postgresPid = postgresPid;
        _check = new Totals(this);
        _turn = new Totals(this);
    }

    public Totals Check => _check;

    public Totals Turn => _turn;

    /// <summary>The processes' counters now (the driver's read last, so that it is nearest the call after it).</summary>
    public Reading Before() => Read(selfLast: true);

    /// <summary>The processes' counters now (the driver's read first, nearest the call before it).</summary>
    public Reading After() => Read(selfLast: false);

    private Reading Read(bool selfLast)
    {
        Usage self = default, host = default, server = default;
        if (!selfLast)
        {
            self = Usage.OfSelf();
        }
        if (_hostPid > 0)
        {
            host = Usage.OfProcess(_hostPid);
        }
        if (_postgresPid > 0)
        {
            server = Usage.OfPostgres(_postgresPid);
        }
        if (selfLast)
        {
            self = Usage.OfSelf();
        }
        return new Reading(self, host, server);
    }

    /// <summary>CPU nanoseconds and context switches of one process (or of all of PostgreSQL's).</summary>
    internal readonly record struct Usage(long CpuNanoseconds, long Voluntary, long Involuntary)
    {
        public static Usage operator -(Usage a, Usage b) => new(a.CpuNanoseconds - b.CpuNanoseconds, a.Voluntary - b.Voluntary, a.Involuntary - b.Involuntary);

        public static Usage operator +(Usage a, Usage b) => new(a.CpuNanoseconds + b.CpuNanoseconds, a.Voluntary + b.Voluntary, a.Involuntary + b.Involuntary);

        /// <summary>The driver: its CPU clock, and getrusage's switch counts (every thread, those ended too).</summary>
        public static Usage OfSelf()
        {
            var cpu = Native.ProcessCpuNanoseconds(0);
            Native.getrusage(0 /* RUSAGE_SELF */, out var usage);
            return new Usage(cpu, usage.Voluntary, usage.Involuntary);
        }

        /// <summary>Another process: its CPU clock, and the switch counts of its threads now (/proc/PID/task/*/status).</summary>
        public static Usage OfProcess(int pid)
        {
            var cpu = Native.ProcessCpuNanoseconds(pid);
            long voluntary = 0, involuntary = 0;
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                {
                    var (v, i) = StatusFiles.Switches(task + "/status");
                    voluntary += v;
                    involuntary += i;
                }
            }
            catch (IOException)
            {
                // The process ended.
            }
            return new Usage(cpu, voluntary, involuntary);
        }

        /// <summary>The postmaster and its children (its sessions, the WAL writer, the checkpointer ...), all single-threaded.</summary>
        public static Usage OfPostgres(int postmaster)
        {
            var total = OfSingleThreaded(postmaster);
            string children;
            try
            {
                children = File.ReadAllText($"/proc/{postmaster}/task/{postmaster}/children");
            }
            catch (IOException)
            {
                return total;
            }
            foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                total += OfSingleThreaded(int.Parse(child, CultureInfo.InvariantCulture));
            }
            return total;
        }

        private static Usage OfSingleThreaded(int pid)
        {
            var (voluntary, involuntary) = StatusFiles.Switches($"/proc/{pid}/status");
            return new Usage(Native.ProcessCpuNanoseconds(pid), voluntary, involuntary);
        }
    }

    /// <summary>
    /// Threads' status files, each opened once and read again from its start (procfs writes it afresh at every read):
    /// one <c>pread</c> a thread and reading, not an open, a lock, a stat, reads and a close (the host has ~40 threads).
    /// </summary>
    private static class StatusFiles
    {
        private static readonly Dictionary<string, SafeFileHandle> Open = [];
        private static readonly byte[] Buffer = new byte[4096];

        public static (long Voluntary, long Involuntary) Switches(string path)
        {
            try
            {
                if (!Open.TryGetValue(path, out var handle))
                {
                    Open[path] = handle = File.OpenHandle(path);
                }
                var text = Buffer.AsSpan(0, RandomAccess.Read(handle, Buffer, 0));
                return (Count(text, "\nvoluntary_ctxt_switches:"u8), Count(text, "\nnonvoluntary_ctxt_switches:"u8));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The thread or process ended: it counts no more (its switches are lost, a few in a run).
                if (Open.Remove(path, out var gone))
                {
                    gone.Dispose();
                }
                return (0, 0);
            }
        }

        private static long Count(ReadOnlySpan<byte> text, ReadOnlySpan<byte> label)
        {
            var at = text.IndexOf(label);
            if (at < 0)
            {
                return 0;
            }
            long count = 0;
            foreach (var b in text[(at + label.Length)..].TrimStart("\t "u8))
            {
                if (b is < (byte)'0' or > (byte)'9')
                {
                    break;
                }
                count = count * 10 + (b - '0');
            }
            return count;
        }
    }

    internal readonly record struct Reading(Usage Driver, Usage Host, Usage Postgres);

    /// <summary>The sums over the calls of one kind.</summary>
    internal sealed class Totals(CallCost owner)
    {
        public CallCost Owner => owner;

        public int Calls { get; private set; }

        public Usage Driver { get; private set; }

        public Usage Host { get; private set; }

        public Usage Postgres { get; private set; }

        public void Add(Reading before, Reading after)
        {
            Calls++;
            Driver += after.Driver - before.Driver;
            Host += after.Host - before.Host;
            Postgres += after.Postgres - before.Postgres;
        }

        public double HostMillisecondsPerCall => Calls == 0 ? double.NaN : Host.CpuNanoseconds / 1e6 / Calls;
    }

    /// <summary>Per call: CPU ms and context switches (voluntary / involuntary) of each process, the check against the turn.</summary>
    public void Print(bool postgres)
    {
        string Cells(Func<Totals, Usage> of, Totals t) => t.Calls == 0 ? "-" : string.Create(CultureInfo.InvariantCulture,
            $"{of(t).CpuNanoseconds / 1e6 / t.Calls,6:F3} ms, {of(t).Voluntary / (double)t.Calls,5:F1} / {of(t).Involuntary / (double)t.Calls,5:F1}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU and context switches per call (voluntary / involuntary), taken outside the timed calls; {_check.Calls} checks, {_turn.Calls} turns:"));
        Console.WriteLine($"| {"process",-40} | {"answer check",-30} | {"chat turn",-30} |");
        Console.WriteLine($"|{new string('-', 42)}|{new string('-', 32)}|{new string('-', 32)}|");
        var rows = new List<(string, Func<Totals, Usage>)> { ("load driver (this process)", t => t.Driver), ($"bot host (pid {_hostPid})", t => t.Host) };
        if (postgres)
        {
            rows.Add(($"PostgreSQL (postmaster {_postgresPid} and children)", t => t.Postgres));
        }
        rows.Add(("all of them", t => t.Driver + t.Host + t.Postgres));
        foreach (var (name, of) in rows)
        {
            Console.WriteLine($"| {name,-40} | {Cells(of, _check),-30} | {Cells(of, _turn),-30} |");
        }
        Console.WriteLine();
    }

    private static class Native
    {
        [StructLayout(LayoutKind.Sequential)]
        public struct Timespec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        /// <summary>struct rusage (64-bit Linux): two timevals, then 14 longs, the last two the switch counts.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct Rusage
        {
            public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
            public long MaxRss, SharedMemory, UnsharedData, UnsharedStack, MinorFaults, MajorFaults, Swaps, BlocksIn, BlocksOut, MessagesSent, MessagesReceived, Signals;
            public long Voluntary, Involuntary;
        }

        [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // a blittable out struct: DllImport marshals nothing here, and LibraryImport would need unsafe code
        public static extern int clock_gettime(int clockId, out Timespec time);

        [DllImport("libc", SetLastError = true)]
        public static extern int getrusage(int who, out Rusage usage);
#pragma warning restore SYSLIB1054

        /// <summary>A process's CPU clock (Linux's MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED)); pid 0: this process's.</summary>
        public static long ProcessCpuNanoseconds(int pid)
        {
            var clock = pid == 0 ? 2 /* CLOCK_PROCESS_CPUTIME_ID */ : (~pid << 3) | 2;
            return clock_gettime(clock, out var time) == 0 ? time.Seconds * 1_000_000_000 + time.Nanoseconds : 0;
        }
    }
}
