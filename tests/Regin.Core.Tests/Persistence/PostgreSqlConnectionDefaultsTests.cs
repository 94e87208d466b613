using Npgsql;
using Regin.Core.Persistence.PostgreSql;

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
}
