using System.Runtime.InteropServices;

namespace Regin.MailIngest.Intake;

/// <summary>
/// The CPU time a thread has used (Linux: its <c>clock_gettime</c> CPU clock, a vDSO call of ~0.1 µs for the calling
/// thread), or null where it cannot be read (another system). Wall time passes while a thread waits for a core on a busy
/// machine, or while the runtime stops it (a collection); its CPU time does not: the two together tell a starved read
/// from one that really worked that long.
/// </summary>
internal static class ThreadCpuTime
{
    private const int ClockThreadCpuTime = 3;

    private static bool _unavailable = !OperatingSystem.IsLinux();

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

#pragma warning disable SYSLIB1054 // blittable arguments: DllImport marshals nothing here, and LibraryImport would need unsafe code
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [DllImport("libc", EntryPoint = "pthread_self")]
    private static extern nuint PthreadSelf();

    [DllImport("libc", EntryPoint = "pthread_getcpuclockid")]
    private static extern int PthreadGetCpuClockId(nuint thread, out int clock);
#pragma warning restore SYSLIB1054

    /// <summary>The calling thread's CPU time so far, or null where it cannot be read.</summary>
    public static TimeSpan? Now() => Read(ClockThreadCpuTime);

    /// <summary>
    /// A clock of the calling thread's CPU time that any thread may read (a timer judging a read that runs on this thread),
    /// or null where there is none.
    /// </summary>
    public static Func<TimeSpan?>? OfCurrentThread()
    {
        if (_unavailable)
        {
            return null;
        }
        try
        {
            if (PthreadGetCpuClockId(PthreadSelf(), out var clock) != 0)
            {
                return null;
            }
            return () => Read(clock);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
            return null;
        }
    }

    private static TimeSpan? Read(int clock)
    {
        if (_unavailable)
        {
            return null;
        }
        try
        {
            return ClockGetTime(clock, out var time) == 0
                ? TimeSpan.FromTicks(time.Seconds * TimeSpan.TicksPerSecond + time.Nanoseconds / 100)
                : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
            return null;
        }
    }
}
