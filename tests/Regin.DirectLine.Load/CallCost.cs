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
    private readonly bool _switches;
    private readonly Totals _check;
    private readonly Totals _turn;
    private readonly ServerProcesses? _server;

    /// <param name="switches">The host's and PostgreSQL's context switches too: a read of each thread's status file around
    /// every call (~50 for the host), between the calls but making the pauses between them longer. Without it: their CPU
    /// clocks only (a system call each), and the driver's own switches (getrusage).</param>
    public CallCost(int hostPid, int postgresPid, bool switches)
    {
        _hostPid = hostPid;
        _postgresPid = postgresPid;
        _switches = switches;
        _server = postgresPid > 0 ? new ServerProcesses(postgresPid) : null;
        _check = new Totals(this);
        _turn = new Totals(this);
    }

    /// <summary>When the last timed call ended (<see cref="System.Diagnostics.Stopwatch"/> ticks; 0: none yet).</summary>
    private long _lastEnded;

    public Totals Check => _check;

    public Totals Turn => _turn;

    /// <summary>The processes' counters now (the driver's read last, so that it is nearest the call after it).</summary>
    public Reading Before() => Read(selfLast: true);

    /// <summary>The processes' counters now (the driver's read first, nearest the call before it).</summary>
    public Reading After() => Read(selfLast: false);

    private Reading Read(bool selfLast)
    {
        Usage self = default, host = default, server = default;
        var processes = ServerProcesses.Snapshot.None;
        if (!selfLast)
        {
            self = Usage.OfSelf();
        }
        if (_hostPid > 0)
        {
            host = Usage.OfProcess(_hostPid, _switches);
        }
        if (_postgresPid > 0)
        {
            (server, processes) = Usage.OfPostgres(_postgresPid, _server!, _switches);
        }
        if (selfLast)
        {
            self = Usage.OfSelf();
        }
        return new Reading(self, host, server, processes);
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
        public static Usage OfProcess(int pid, bool switches)
        {
            var cpu = Native.ProcessCpuNanoseconds(pid);
            long voluntary = 0, involuntary = 0;
            if (!switches)
            {
                return new Usage(cpu, 0, 0);
            }
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

        /// <summary>
        /// The postmaster and its children (its sessions, the WAL writer, the checkpointer ...), all single-threaded: their
        /// switches summed, and each one's CPU clock (<see cref="ServerProcesses"/> takes the differences by role).
        /// </summary>
        public static (Usage Switches, ServerProcesses.Snapshot Processes) OfPostgres(int postmaster, ServerProcesses server, bool switches)
        {
            var children = StatusFiles.Children(postmaster);
            long voluntary = 0, involuntary = 0;
            if (switches)
            {
                foreach (var pid in children.Prepend(postmaster))
                {
                    var (v, i) = StatusFiles.Switches($"/proc/{pid}/status");
                    voluntary += v;
                    involuntary += i;
                }
            }
            return (new Usage(0, voluntary, involuntary), server.Read(Native.ProcessCpuNanoseconds, children));
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
            var text = Read(path);
            return (Count(text, "\nvoluntary_ctxt_switches:"u8), Count(text, "\nnonvoluntary_ctxt_switches:"u8));
        }

        /// <summary>A process's children now (/proc/PID/task/PID/children).</summary>
        public static List<int> Children(int pid)
        {
            var children = new List<int>();
            var text = Read($"/proc/{pid}/task/{pid}/children");
            foreach (var range in text.Split((byte)' '))
            {
                if (int.TryParse(text[range], NumberStyles.None, CultureInfo.InvariantCulture, out var child))
                {
                    children.Add(child);
                }
            }
            return children;
        }

        /// <summary>The file's text now; empty when its thread or process ended.</summary>
        private static ReadOnlySpan<byte> Read(string path)
        {
            try
            {
                if (!Open.TryGetValue(path, out var handle))
                {
                    Open[path] = handle = File.OpenHandle(path);
                }
                return Buffer.AsSpan(0, RandomAccess.Read(handle, Buffer, 0));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The thread or process ended: it counts no more (its switches are lost, a few in a run).
                if (Open.Remove(path, out var gone))
                {
                    gone.Dispose();
                }
                return [];
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

    internal readonly record struct Reading(Usage Driver, Usage Host, Usage Postgres, ServerProcesses.Snapshot Server);

    /// <summary>The sums over the calls of one kind.</summary>
    internal sealed class Totals(CallCost owner)
    {
        public CallCost Owner => owner;

        public int Calls { get; private set; }

        public Usage Driver { get; private set; }

        public Usage Host { get; private set; }

        public Usage Postgres { get; private set; }

        /// <summary>PostgreSQL's CPU ns in these calls by process role (<see cref="ServerProcesses"/>).</summary>
        public Dictionary<string, long> ServerRoles { get; } = [];

        /// <summary>The pauses before the calls: from the end of the timed call before (of either kind) to this one's start.</summary>
        public Measure Pauses { get; } = new();

        public void Add(Reading before, Reading after, long begun, long ended)
        {
            if (owner._lastEnded != 0)
            {
                Pauses.Add(System.Diagnostics.Stopwatch.GetElapsedTime(owner._lastEnded, begun));
            }
            owner._lastEnded = ended;
            Calls++;
            Driver += after.Driver - before.Driver;
            Host += after.Host - before.Host;
            if (owner._server is { } server)
            {
                // The CPU by role (a process that ended during the call counts nothing, not minus its whole life).
                var roles = new Dictionary<string, long>();
                server.AddDifference(before.Server, after.Server, roles);
                foreach (var (role, ns) in roles)
                {
                    ServerRoles[role] = ServerRoles.GetValueOrDefault(role) + ns;
                }
                Postgres += (after.Postgres - before.Postgres) with { CpuNanoseconds = roles.Values.Sum() };
            }
        }

        public double HostMillisecondsPerCall => Calls == 0 ? double.NaN : Host.CpuNanoseconds / 1e6 / Calls;
    }

    /// <summary>Per call: CPU ms and context switches (voluntary / involuntary) of each process, the check against the turn.</summary>
    public void Print(bool postgres, bool switches)
    {
        string Cells(Func<Totals, Usage> of, Totals t, bool counted) => t.Calls == 0 ? "-" : string.Create(CultureInfo.InvariantCulture,
            $"{of(t).CpuNanoseconds / 1e6 / t.Calls,6:F3} ms, ") + (counted ? string.Create(CultureInfo.InvariantCulture,
            $"{of(t).Voluntary / (double)t.Calls,5:F1} / {of(t).Involuntary / (double)t.Calls,5:F1}") : "  (--switches)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU and context switches per call (voluntary / involuntary), read outside the timed calls; {_check.Calls} checks, {_turn.Calls} turns:"));
        Console.WriteLine($"| {"process",-44} | {"answer check",-29} | {"chat turn",-29} |");
        Console.WriteLine($"|{new string('-', 46)}|{new string('-', 31)}|{new string('-', 31)}|");
        var rows = new List<(string, Func<Totals, Usage>, bool)> { ("load driver (this process)", t => t.Driver, true), ($"bot host (pid {_hostPid})", t => t.Host, switches) };
        if (postgres)
        {
            rows.Add(($"PostgreSQL (postmaster {_postgresPid} and children)", t => t.Postgres, switches));
        }
        rows.Add(("all of them", t => t.Driver + t.Host + t.Postgres, switches));
        foreach (var (name, of, counted) in rows)
        {
            Console.WriteLine($"| {name,-44} | {Cells(of, _check, counted),-29} | {Cells(of, _turn, counted),-29} |");
        }
        Console.WriteLine();
        _server?.Print(_check.ServerRoles, _check.Calls, _turn.ServerRoles, _turn.Calls);
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
