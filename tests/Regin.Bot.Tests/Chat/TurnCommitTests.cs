using Microsoft.Bot.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Regin.Bot.Chat;
using Regin.Bot.Chat.Hosting;
using Regin.Core.Persistence;
using Regin.Testing;

namespace Regin.Bot.Tests.Chat;

/// <summary>
/// <c>Chat:TurnCommitWaitsForDisk</c> on PostgreSQL: set to true a turn's transaction runs with the server's
/// <c>synchronous_commit</c> (its commit waits for the log on disk); false (the default), each turn's transaction alone
/// commits without waiting (<c>SET LOCAL</c>, with its first statement), and the turn is still stored whole (a submit
/// waits all the same: PracticeRowWriterTestsOnPostgreSql).
/// </summary>
public sealed class TurnCommitTests
{
    [Theory]
    [InlineData(true, "on")]
    [InlineData(false, "off")]
    [InlineData(null, "off")]
    public async Task A_turn_commits_without_waiting_for_the_disk_unless_configured_to_wait(bool? waits, string expected)
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.PostgreSql);
        // The tests' server never waits for the disk (synchronous_commit off): this database does, as a production server's.
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{name}\" SET synchronous_commit = on", admin);
            await alter.ExecuteNonQueryAsync();
        }
        await using var host = await ChatHost.StartAsync(database, configure: services =>
        {
            if (waits is { } configured)
            {
                services.Configure<ChatOptions>(o => o.TurnCommitWaitsForDisk = configured);
            }
        });
        var conversation = "commit-" + Guid.NewGuid().ToString("N");
        var adapter = host.Adapter("test", conversation, "u-commit", "en-US");
        var seen = new List<string>();
        adapter.Use(new SettingProbe(seen));
        var chat = new ChatDriver(adapter, host.Bot);

        Assert.NotEmpty(await chat.StartAsync());
        Assert.NotEmpty(await chat.SendAsync("Jane Doe"));

        // Both turns ran with the setting, in their own transactions.
        Assert.Equal([expected, expected], seen);
        // Outside a turn the session has the database's setting.
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        Assert.Equal("on", await SettingAsync(db, CancellationToken.None));
        // The message was stored with its turn (committed).
        Assert.Equal(1, await db.RawInputs.CountAsync(r => r.ConversationId == conversation));
    }

    private static Task<string> SettingAsync(ReginDbContext db, CancellationToken cancellationToken) =>
        db.Database.SqlQueryRaw<string>("SELECT current_setting('synchronous_commit') AS \"Value\"").SingleAsync(cancellationToken);

    /// <summary>Reads the setting inside the turn's unit of work, after the bot's work and before the commit.</summary>
    private sealed class SettingProbe(List<string> seen) : IMiddleware
    {
        public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
        {
            await next(cancellationToken);
            seen.Add(await SettingAsync(TurnUnitOfWork.Current!.Db, cancellationToken));
        }
    }
}
