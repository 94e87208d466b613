using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Regin.Core.Persistence;
using Regin.Testing;

namespace Regin.Core.Tests.Persistence;

/// <summary>Starting hosts migrate the database once, and a migrator killed half-way never blocks the next start.</summary>
public abstract class MigrationTests(string provider)
{
    private static readonly TimeSpan Deadline = Eventually.Deadline;

    private static async Task MigrateAsync(TestDatabase database)
    {
        await using var db = new ReginDbContext(database.ContextOptions());
        await db.Provider().MigrateAsync(db, NullLogger.Instance);
    }

    [Fact]
    public async Task Hosts_starting_together_on_an_empty_database_migrate_it_once()
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrated: false);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => MigrateAsync(database)))).WaitAsync(Deadline);

        await using var db = new ReginDbContext(database.ContextOptions());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(provider, db.Provider().Name);
    }

    [Fact]
    public async Task A_migration_lock_left_by_a_killed_migrator_does_not_stop_the_next_start()
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrated: false);
        if (database.IsSqlite)
        {
            // What a kill -9 during EF Core's SQLite migration leaves: its lock row (security review M3).
            await using var connection = new SqliteConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE \"__EFMigrationsLock\" (\"Id\" INTEGER NOT NULL PRIMARY KEY, \"Timestamp\" TEXT NOT NULL); INSERT INTO \"__EFMigrationsLock\" VALUES (1, '2026-01-01 00:00:00');";
            await command.ExecuteNonQueryAsync();
            await MigrateAsync(database).WaitAsync(Deadline);
        }
        else
        {
            // A migrator holds the lock; its process dies (the session ends): the waiting start goes on.
            var migrator = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
            await migrator.OpenAsync();
            await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock($1)", migrator))
            {
                take.Parameters.AddWithValue(ReginDatabaseProvider.LockKey("regin:migrate"));
                await take.ExecuteNonQueryAsync();
            }
            var start = MigrateAsync(database);
            // Until the start waits for the migrator's lock (pg_locks: an advisory lock of this database not granted), not
            // a fixed 500 ms (on a busy machine the start may not even have asked for the lock by then).
            await Eventually.UntilAsync(async () => start.IsCompleted || await WaitingForAnAdvisoryLockAsync(database.ConnectionString));
            Assert.False(start.IsCompleted);
            await migrator.DisposeAsync();
            await start.WaitAsync(Deadline);
        }
        await using var db = new ReginDbContext(database.ContextOptions());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    private static async Task<bool> WaitingForAnAdvisoryLockAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var waiting = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))", connection);
        return (bool)(await waiting.ExecuteScalarAsync())!;
    }
}

public sealed class MigrationTestsOnSqlite() : MigrationTests(TestProviders.Sqlite);

public sealed class MigrationTestsOnPostgreSql() : MigrationTests(TestProviders.PostgreSql)
{
    // Migration ListScansNotParallel: a Gather node made the broad search's capped count 75–160 ms instead of 14 at
    // 100,000 practices; the setting belongs to the tables, so copies of the database keep it.
    [Fact]
    public async Task The_review_lists_tables_are_never_read_by_parallel_workers()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.PostgreSql);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT relname, array_to_string(reloptions, ',') FROM pg_class WHERE relname IN ('practices', 'practice_search', 'practice_codes') AND relkind = 'r' ORDER BY relname",
            connection);
        var options = new List<(string, string)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                options.Add((reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1)));
            }
        }
        // (The practices' pages also keep room for their rows' new versions: migration PracticeUpdatesHot.)
        Assert.Equal([("practice_codes", "parallel_workers=0"), ("practice_search", "parallel_workers=0"), ("practices", "parallel_workers=0,fillfactor=90")], options);
    }
}
