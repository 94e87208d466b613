using System.Text.Json;

namespace Regin.Bot.Tests.Hosting;

/// <summary>
/// The bot host's runtime settings, as its build writes them into <c>Regin.Bot.runtimeconfig.json</c> (copied beside this
/// test assembly, as every referenced host is): read by the runtime before any code runs, so only the file can show them.
/// </summary>
public sealed class RuntimeConfigTests
{
    private static JsonElement ConfigProperties()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Regin.Bot.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    /// <summary>
    /// The workstation collector (README, Performance, Web chat, session 23): on a host of few cores its short, frequent
    /// pauses on the allocating thread kept the web chat's reply tail lower than the server collector's rarer pauses of
    /// 40–90 ms over the whole host (the first answers' burst). Background (concurrent) collection stays on.
    /// </summary>
    [Fact]
    public void The_bot_host_runs_the_workstation_collector_with_background_collections()
    {
        var properties = ConfigProperties();
        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.False(properties.TryGetProperty("System.GC.Concurrent", out var concurrent) && !concurrent.GetBoolean());
    }

    /// <summary>Code without a ready-to-run image is compiled optimised the first time (README, Web chat, session 11).</summary>
    [Fact]
    public void The_bot_host_compiles_its_own_code_optimised_the_first_time()
    {
        var properties = ConfigProperties();
        Assert.False(properties.GetProperty("System.Runtime.TieredCompilation.QuickJit").GetBoolean());
        Assert.False(properties.GetProperty("System.Runtime.TieredCompilation.QuickJitForLoops").GetBoolean());
    }
}
