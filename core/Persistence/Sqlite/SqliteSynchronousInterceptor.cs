using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Regin.Core.Persistence.Sqlite;

/// <summary>
/// Sets <c>PRAGMA synchronous=NORMAL</c> on every connection EF Core opens (the pragma is per connection). With WAL
/// (set at start) this cannot corrupt the database; a commit is made durable at the next checkpoint instead of by an
/// fsync of its own, so a power cut (not a process crash) may undo the last transactions. It also sets
/// <c>PRAGMA secure_delete=ON</c>: deleted and overwritten content is zeroed in the file instead of left in free space,
/// so an erased contributor's address is really gone (see ContributorErasure). And <c>PRAGMA mmap_size</c> (256 MiB):
/// pages are read from the OS's cache through a memory map instead of one read() call each into SQLite's small
/// per-connection cache, which is what a review list page over 100,000 practices spends most of its time on.
/// </summary>
public sealed class SqliteSynchronousInterceptor : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON; PRAGMA mmap_size=268435456;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
