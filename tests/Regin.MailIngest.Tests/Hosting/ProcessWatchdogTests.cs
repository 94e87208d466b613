using System.Diagnostics;
using System.Globalization;

namespace Regin.MailIngest.Tests.Hosting;

/// <summary>
/// A child a test starts (a watcher, a bot host, a command) dies with the test process however that process ends
/// (<see cref="ProcessWatchdog.StartOwned"/>). The test process is played by a stand-in owner, killed as a hang timeout
/// kills a test host (SIGKILL: no handler runs).
/// </summary>
public sealed class ProcessWatchdogTests
{
    [Fact]
    public async Task A_child_and_its_own_children_die_when_their_owner_is_killed()
    {
        using var owner = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        // The child starts a child of its own, as `dotnet tool run` or a shell script would.
        var info = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("sleep 600 & echo $!; wait");
        using var child = ProcessWatchdog.StartOwned(info, owner.Id);
        try
        {
            var grandchild = int.Parse((await child.StandardOutput.ReadLineAsync())!, CultureInfo.InvariantCulture);
            Assert.True(Alive(grandchild));
            // The child leads a group of its own: a signal to the test process's group does not reach it, the watchdog does.
            Assert.Equal(child.Id, GroupOf(child.Id));
            Assert.Equal(child.Id, GroupOf(grandchild));

            owner.Kill();
            await owner.WaitForExitAsync();

            try
            {
                await Eventually.UntilAsync(() => Task.FromResult(child.HasExited && !Alive(grandchild)), seconds: 60);
                await Eventually.UntilAsync(() => Task.FromResult(WatchdogsOf(child.Id) == 0), seconds: 60);
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"child exited {child.HasExited}, its child alive {Alive(grandchild)}, watchdogs {WatchdogsOf(child.Id)}", e);
            }
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task A_child_that_ends_by_itself_leaves_no_watchdog_and_its_owner_lives_on()
    {
        var info = new ProcessStartInfo("sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exit 3");
        using var child = ProcessWatchdog.StartOwned(info);
        await child.WaitForExitAsync();
        Assert.Equal(3, child.ExitCode);
        await Eventually.UntilAsync(() => Task.FromResult(WatchdogsOf(child.Id) == 0), seconds: 60);
    }

    /// <summary>Running, not a zombie (a killed orphan may wait a while for a reaper that is not there).</summary>
    private static bool Alive(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int GroupOf(int pid) =>
        int.Parse(File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].Split(' ')[2], CultureInfo.InvariantCulture);

    /// <summary>The watchdogs still watching the group <paramref name="group"/> (its id is their last argument).</summary>
    private static int WatchdogsOf(int group)
    {
        var count = 0;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var arguments = File.ReadAllText(Path.Combine(folder, "cmdline")).TrimEnd('\0').Split('\0');
                if (arguments.Contains("regin-child-watchdog") && arguments[^1] == group.ToString(CultureInfo.InvariantCulture) && Alive(int.Parse(Path.GetFileName(folder), CultureInfo.InvariantCulture)))
                {
                    count++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // Not a process, or gone meanwhile.
            }
        }
        return count;
    }
}
