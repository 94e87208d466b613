using Microsoft.EntityFrameworkCore;
using Npgsql;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Persistence.PostgreSql;
using Regin.Testing;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// The pool a host opens on PostgreSQL stays under the server's default max_connections (100) unless the connection string
/// says otherwise: with Npgsql's own 100, a hundred web chats at once failed with "53300: sorry, too many clients already".
/// </summary>
public sealed class PostgreSqlConnectionDefaultsTests
{
    [Fact]
    public void A_connection_string_without_a_pool_size_gets_the_hosts_default()
    {
        var limited = new NpgsqlConnectionStringBuilder(PostgreSqlDatabaseProvider.WithPoolSize("Host=db;Database=regin;Username=regin", PostgreSqlDatabaseProvider.DefaultMaxPoolSize));
        Assert.Equal(25, limited.MaxPoolSize);
        Assert.Equal("db", limited.Host);
        // Two bot hosts and the mail ingester, each with its lock sessions and its listener, fit in 97 connections.
        Assert.True(3 * (PostgreSqlDatabaseProvider.DefaultMaxPoolSize + PostgreSqlDatabaseProvider.DefaultMaxLockPoolSize + 1) <= 97);
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=80", 80)]
    [InlineData("Host=db;MaxPoolSize=40", 40)]
    [InlineData("Host=db;Minimum Pool Size=30", 30)] // a minimum above the default raises the maximum to it (Npgsql refuses min > max)
    public void A_pool_size_the_connection_string_gives_is_kept(string connectionString, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(PostgreSqlDatabaseProvider.WithPoolSize(connectionString, PostgreSqlDatabaseProvider.DefaultMaxPoolSize)).MaxPoolSize);

    [Theory]
    [InlineData("Host=db;Database=regin", 25)]
    [InlineData("Host=db;Maximum Pool Size=10", 10)]
    [InlineData("Host=db;Maximum Pool Size=4", 4)]
    public void A_fifth_of_the_pool_at_most_is_kept_for_the_chat_turns(string connectionString, int poolSize)
    {
        var kept = new PostgreSqlDatabaseProvider(connectionString).KeptConnectionCapacity;
        // The rest of the pool serves everything else (turns beyond these, the review, the workers); a pool of fewer than 5 keeps none.
        Assert.Equal(Math.Min(poolSize / 5, Math.Max(4, 2 * Environment.ProcessorCount)), kept);
        Assert.True(kept <= poolSize / 5);
    }

    [Theory]
    [InlineData("Host=db;Database=regin", true)]
    [InlineData("Host=db;No Reset On Close=false", false)]
    [InlineData("Host=db;NoResetOnClose=false", false)]
    public void Pooled_connections_are_not_reset_on_close_unless_the_connection_string_says(string connectionString, bool expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(PostgreSqlDatabaseProvider.WithNoResetOnClose(connectionString)).NoResetOnClose);

    /// <summary>
    /// Without Npgsql's reset the next unit on a pooled session still finds nothing of the last one: its transaction (left
    /// open) rolled back, its transaction-scoped advisory lock released, nothing of its writes.
    /// </summary>
    [Fact]
    public async Task The_next_unit_on_a_pooled_session_finds_no_transaction_lock_or_write_of_the_last_one()
    {
        await using var database = await StoreDatabase.CreateAsync(TestProviders.PostgreSql);
        // A pool of one session: the second unit gets the first one's.
        var options = (DbContextOptions<ReginDbContext>)ReginDatabaseProvider.Create(TestProviders.PostgreSql,
                new NpgsqlConnectionStringBuilder(database.Database.ConnectionString) { MaxPoolSize = 1 }.ConnectionString)
            .Configure(new DbContextOptionsBuilder<ReginDbContext>()).Options;
        int session;
        await using (var db = new ReginDbContext(options))
        {
            await db.Database.OpenConnectionAsync();
            session = await BackendAsync(db);
            _ = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(4242)");
            db.Set<ChatStateItem>().Add(new ChatStateItem { Key = "left-open", Document = "{}", ETag = "e", UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            // The unit ends without a commit: its connection goes back to the pool with the transaction open.
            await db.Database.CloseConnectionAsync();
        }
        await using (var db = new ReginDbContext(options))
        {
            await db.Database.OpenConnectionAsync();
            Assert.Equal(session, await BackendAsync(db));
            // (Were its transaction still open, this session would see its own row.)
            Assert.False(await db.Set<ChatStateItem>().AnyAsync(s => s.Key == "left-open"));
            Assert.Equal(0L, await db.Database.SqlQueryRaw<long>(
                "SELECT count(*) AS \"Value\" FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()").SingleAsync());
        }
    }

    private static Task<int> BackendAsync(ReginDbContext db) => db.Database.SqlQueryRaw<int>("SELECT pg_backend_pid() AS \"Value\"").SingleAsync();
}
