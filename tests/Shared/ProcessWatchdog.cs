using System.Diagnostics;
using System.Globalization;

namespace Regin.Testing;

/// <summary>
/// A test process that is killed (a test run's timeout, Ctrl+C, a crash) runs no ProcessExit handler or fixture's
/// dispose, and the servers it started were left running (seen: PostgreSQL clusters hours old under /tmp/regin-pg-*,
/// Dovecot and smtp4dev orphans holding their ports). A watchdog outside the process, in a session of its own and with
/// no inherited output, runs a clean-up script once the test process is gone.
/// </summary>
public static class ProcessWatchdog
{
    /// <summary>Runs <paramref name="script"/> (sh, its arguments as "$1"…) once this process has ended.</summary>
    public static void RunWhenGone(string name, string script, params string[] arguments)
    {
        // $1 is this process; the script's own arguments follow it, shifted into place.
        var watch = "exec </dev/null >/dev/null 2>&1; while kill -0 \"$1\"; do sleep 1; done; shift; " + script;
        Watch(name, watch, [Environment.ProcessId.ToString(CultureInfo.InvariantCulture), .. arguments]);
    }

    /// <summary>
    /// Starts <paramref name="info"/> as the leader of a process group of its own (setsid execs it in place: the process
    /// started is the program, its pid the group's id) and kills that whole group once <paramref name="owner"/> (by
    /// default this test process) has ended. The watchdog ends by itself as soon as the group is gone (a child a test
    /// stops or that exits leaves no watchdog behind). Seen without it: a `mail-ingest watch` process a test started was
    /// still running 27 minutes after its test process was killed by a hang timeout (session 43), polling the mailbox.
    /// </summary>
    public static Process StartOwned(ProcessStartInfo info, int? owner = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.UseShellExecute)
        {
            throw new ArgumentException("A child in a group of its own is started without the shell.", nameof(info));
        }
        var program = info.FileName;
        info.FileName = "setsid";
        info.ArgumentList.Insert(0, program);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        try
        {
            KillGroupWhenGone("regin-child-watchdog", process.Id, owner ?? Environment.ProcessId);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
        return process;
    }

    /// <summary>
    /// Kills the process group <paramref name="group"/> once <paramref name="owner"/> has ended; ends with the group. The
    /// group is there only once the child's setsid has run, after Process.Start returned: until then the watchdog waits
    /// for it while the child lives (a first version took the missing group for a group gone, at once on a busy machine,
    /// and watched nothing).
    /// </summary>
    private static void KillGroupWhenGone(string name, int group, int owner) =>
        Watch(name, "exec </dev/null >/dev/null 2>&1; while kill -0 \"$2\" && ! kill -0 -\"$2\"; do sleep 0.1; done; "
            + "while kill -0 \"$1\" && kill -0 -\"$2\"; do sleep 1; done; kill -0 \"$1\" || kill -KILL -\"$2\"",
            [owner.ToString(CultureInfo.InvariantCulture), group.ToString(CultureInfo.InvariantCulture)]);

    private static void Watch(string name, string script, string[] arguments)
    {
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in (string[])["sh", "-c", script, name, .. arguments])
        {
            info.ArgumentList.Add(argument);
        }
        using var watchdog = Process.Start(info) ?? throw new InvalidOperationException($"the watchdog {name} did not start");
    }
}
