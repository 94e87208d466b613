using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Regin.Core.Persistence.Sqlite;

/// <summary>
/// Sets <c>PRAGMA synchronous=NORMAL</c> on every connection EF Core opens (the pragma is per connection). With WAL
/// (set at start) this cannot corrupt the database; a commit is made durable at the next checkpoint instead of by an
/// fsync of its own, so a power cut (not a process crash) may undo the last transactions. It also sets
/// <c>PRAGMA secure_delete=ON</c>: deleted and overwritten content is zeroed in the file instead of left in free space,
/// so an erased contributor's address is really gone (see ContributorErasure). And <c>PRAGMA mmap_size</c> (256 MiB):
/// pages are read from the OS's cache through a memory map instead of one read() call each into SQLite's small
/// per-connection cache, which is what a review list page over 100,000 practices spends most of its time on.
/// The pragmas belong to the database connection, which Microsoft.Data.Sqlite keeps in its pool across
/// <see cref="SqliteConnection"/> objects: they are run once per pooled connection, not at every open (a statement
/// on every chat turn).
/// </summary>
public sealed class SqliteSynchronousInterceptor : DbConnectionInterceptor
{
    /// <summary>The memory map of every connection (256 MiB).</summary>
    internal const long MemoryMapBytes = 268435456;

    private const string Pragma = "PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON; PRAGMA mmap_size=268435456;";

    /// <summary>The pooled database connections that have the pragmas (forgotten when the pool closes one).</summary>
    private static readonly ConditionalWeakTable<sqlite3, object> Prepared = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (IsPrepared(connection))
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
        MarkPrepared(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (IsPrepared(connection))
        {
            return;
        }
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
        MarkPrepared(connection);
    }

    /// <summary>Sets the pragmas on an open connection EF Core did not open (a kept one), unless its database connection has them.</summary>
    internal static void Prepare(DbConnection connection)
    {
        if (IsPrepared(connection))
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
        MarkPrepared(connection);
    }

    private static bool IsPrepared(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && Prepared.TryGetValue(handle, out _);

    private static void MarkPrepared(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            Prepared.AddOrUpdate(handle, Pragma);
        }
    }
}
