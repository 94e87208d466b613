using System.Data.Common;
using Npgsql;

namespace Regin.Core.Persistence.PostgreSql;

/// <summary>The search index's writer off the writers' path (migration SearchIndexedOffTurn, <see cref="PostgreSqlSearchIndexer"/>).</summary>
public sealed partial class PostgreSqlDatabaseProvider
{
    /// <summary>The application name of the background indexer's session (pg_stat_activity shows it).</summary>
    public const string SearchIndexerApplicationName = "regin-search-indexer";

    /// <summary>How many marked practices one call of <c>regin_search_index</c> indexes (one transaction).</summary>
    public const int SearchIndexRound = 64;

    /// <summary>
    /// A session of its own (not pooled) for the background indexer, whose commits do not wait for the disk: the
    /// documents are derived data, written in the same transaction as the removal of their marks, so a crash that undoes
    /// a round undoes both, and the next round writes them again (a writer's own commit, which waits, flushes every
    /// commit logged before it).
    /// </summary>
    public NpgsqlConnection NewSearchIndexerConnection()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            Pooling = false,
            Enlist = false,
            ApplicationName = SearchIndexerApplicationName,
        };
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c synchronous_commit=off" : builder.Options + " -c synchronous_commit=off";
        return new NpgsqlConnection(builder.ConnectionString);
    }

    /// <summary>
    /// One round of the background indexer on <paramref name="connection"/>: up to <see cref="SearchIndexRound"/> marked
    /// practices indexed and their marks removed, in one transaction. -1 when another indexer (another host, or a search
    /// catching up) holds the indexer's lock: it indexes what is marked.
    /// </summary>
    public static async Task<int> IndexMarkedPracticesAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT regin_search_index(" + SearchIndexRound.ToString(System.Globalization.CultureInfo.InvariantCulture) + ", false)";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
