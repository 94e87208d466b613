using System.Diagnostics;
using Regin.Testing;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// test.sh's PostgreSQL start retry (tests/postgres-cluster.sh), through its shell check on a real cluster
/// (tests/postgres-cluster-check.sh): the first port the probe hands out is taken by a listener before the server binds
/// it; the cluster must start on another port and answer there.
/// </summary>
public sealed class TestShPostgresTests
{
    [Fact]
    public async Task Test_sh_starts_its_cluster_on_another_port_when_the_probed_one_was_taken()
    {
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "tests", "postgres-cluster-check.sh")))
        {
            repo = repo.Parent;
        }
        Assert.NotNull(repo);
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(repo.FullName, "tests", "postgres-cluster-check.sh"));
        using var check = Process.Start(info)!;
        var output = check.StandardOutput.ReadToEndAsync();
        var error = check.StandardError.ReadToEndAsync();
        try
        {
            await check.WaitForExitAsync().WaitAsync(Eventually.Deadline);
        }
        finally
        {
            if (!check.HasExited)
            {
                check.Kill(entireProcessTree: true);
            }
        }
        Assert.True(check.ExitCode == 0, $"the check failed ({check.ExitCode}): {await output}\n{await error}");
        Assert.StartsWith("ok: port ", await output, StringComparison.Ordinal);
    }
}
