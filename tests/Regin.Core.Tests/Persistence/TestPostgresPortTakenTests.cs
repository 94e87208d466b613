using Npgsql;
using Regin.Testing;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// <see cref="TestPostgres"/>'s start retry (each test process's own cluster when REGIN_TEST_POSTGRES is unset), forced:
/// the first port it probed is taken by another listener before the server binds it, as another test process's server
/// could take it. The cluster must say so in its log, start on another port and answer there.
/// </summary>
public sealed class TestPostgresPortTakenTests
{
    [Fact]
    public async Task A_test_cluster_whose_probed_port_was_taken_before_it_could_listen_starts_on_another_port()
    {
        using var ports = new PortsTakenAfterTheProbe(taken: 1);
        var cluster = await TestPostgres.StartOwnAsync(ports.Next);
        try
        {
            // The first port was handed out taken; the server refused it and the second start took the next port.
            var taken = Assert.Single(ports.Taken);
            var port = new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString).Port;
            Assert.Equal([taken, port], ports.HandedOut);
            Assert.Contains("already in use", await File.ReadAllTextAsync(cluster.ServerLog!), StringComparison.OrdinalIgnoreCase);
            await using var connection = new NpgsqlConnection(cluster.AdminConnectionString);
            await connection.OpenAsync();
            await using var ask = new NpgsqlCommand("select 40 + 2", connection);
            Assert.Equal(42, await ask.ExecuteScalarAsync());

            // And it serves the tests' databases as the run's cluster does.
            var database = await cluster.CreateDatabaseAsync();
            await using var own = new NpgsqlConnection(database);
            await own.OpenAsync();
            Assert.Equal(new NpgsqlConnectionStringBuilder(database).Database, own.Database);
        }
        finally
        {
            cluster.Stop();
        }
        Assert.False(Directory.Exists(Path.GetDirectoryName(cluster.ServerLog)), "the cluster's folder is left behind");
    }
}
