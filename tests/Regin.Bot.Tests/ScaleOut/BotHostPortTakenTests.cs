using System.Net;
using Regin.Testing;

namespace Regin.Bot.Tests.ScaleOut;

/// <summary>
/// <see cref="BotHostProcess"/>'s start retry, forced: the port it probed is taken by another listener before the host
/// binds it (as another test process's server could take it). The host must still start, on another port.
/// </summary>
public sealed class BotHostPortTakenTests
{
    [Fact]
    public async Task A_host_whose_probed_port_was_taken_before_it_could_listen_starts_on_another_port()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.Sqlite, migrated: false);
        var settings = new Dictionary<string, string?>(database.Settings) { ["Chat:WarmUp"] = "false" };
        using var ports = new PortsTakenAfterTheProbe(taken: 1);

        await using var host = await BotHostProcess.StartAsync(settings, Eventually.Deadline, freePorts: ports.Next);

        // The first port was handed out taken; the host refused it (Kestrel: address already in use) and took a second.
        var taken = Assert.Single(ports.Taken);
        Assert.Equal([taken, host.Address.Port], ports.HandedOut);
        using var http = new HttpClient { BaseAddress = host.Address };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }
}
