using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Regin.Core.Persistence;
using Regin.Core.Persistence.PostgreSql;
using Regin.Testing;

namespace Regin.Bot.Tests.Chat;

/// <summary>
/// On PostgreSQL a chat turn only marks its practice for the search index; the host's background indexer
/// (<see cref="PostgreSqlSearchIndexer"/>, one of its hosted services) writes the document soon after, off the turn's path.
/// </summary>
public sealed class TurnSearchIndexTests
{
    [Fact]
    public async Task A_turn_marks_its_practice_and_the_hosts_indexer_writes_its_document_after_it()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.PostgreSql);
        await using var host = await ChatHost.StartAsync(database);
        var indexer = host.Services.GetServices<IHostedService>().OfType<PostgreSqlSearchIndexer>().Single();
        var chat = new ChatDriver(host.Adapter("test", "index-" + Guid.NewGuid().ToString("N"), "u-index", "en-US"), host.Bot);

        Assert.NotEmpty(await chat.StartAsync());
        Assert.NotEmpty(await chat.SendAsync("Jane Doe"));
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        // The turns committed their answers with a mark (one per turn that wrote an answer), and no document (the indexer
        // is not running yet).
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(DISTINCT practice_id) FROM practice_search_stale"));
        Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM practice_search"));

        await indexer.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.UntilAsync(async () => await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale") == 0, seconds: 30);
            Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM practice_search"));
            Assert.True(indexer.Indexed >= 1);
            // A later turn's commit wakes it (Committed): its mark goes too.
            Assert.NotEmpty(await chat.SendAsync("Regione Puglia"));
            await Eventually.UntilAsync(async () => await ScalarAsync(db, "SELECT count(*) FROM practice_search_stale") == 0, seconds: 30);
        }
        finally
        {
            await indexer.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<long> ScalarAsync(ReginDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync();
        }
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
