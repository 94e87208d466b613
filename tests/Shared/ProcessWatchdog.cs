using System.Diagnostics;

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
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in (string[])["sh", "-c", watch, name, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), .. arguments])
        {
            info.ArgumentList.Add(argument);
        }
        using var watchdog = Process.Start(info) ?? throw new InvalidOperationException($"the watchdog {name} did not start");
    }
}
