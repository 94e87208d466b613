using System.Diagnostics;
using Regin.MailIngest.Tests.Integration;

namespace Regin.MailIngest.Tests.Hosting;

/// <summary>The commands (ingest, send-notifications, template) check every setting before they touch a mail, as the watcher does at start.</summary>
public sealed class CommandLineSettingsTests
{
    [Theory]
    [InlineData("Mail__Mailbox", "regin at example", "Mailbox")]
    [InlineData("Mail__MaxSecondsPerMessage", "0", "MaxSecondsPerMessage")]
    [InlineData("Privacy__RawInputRetentionDays", "0", "RawInputRetentionDays")]
    public async Task A_wrong_setting_stops_the_ingest_command_with_its_name(string variable, string value, string named)
    {
        var folder = Directory.CreateTempSubdirectory("regin-cli-").FullName;
        try
        {
            var mail = Path.Combine(folder, "one.eml");
            await File.WriteAllTextAsync(mail, "From: a@example.org\r\nTo: reginproject@crpm.org\r\nSubject: REGIN\r\n\r\n[Q05] Title\r\n");
            var (exitCode, error) = await RunAsync(folder, variable, value, "ingest", mail);
            Assert.Equal(2, exitCode);
            Assert.Contains(named, error, StringComparison.Ordinal);
            // Stopped before anything was stored: no database was made.
            Assert.False(File.Exists(Path.Combine(folder, "regin.db")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(string folder, string variable, string value, params string[] args)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(MailServers.RepoRoot(), "mail-ingest", "bin", configuration, "net10.0", "Regin.MailIngest.dll");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["ConnectionStrings__Regin"] = $"Data Source={Path.Combine(folder, "regin.db")}";
        info.Environment[variable] = value;
        using var process = ProcessWatchdog.StartOwned(info);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Regin.Testing.Eventually.Deadline);
        await process.WaitForExitAsync(deadline.Token);
        await output;
        return (process.ExitCode, await error);
    }
}
