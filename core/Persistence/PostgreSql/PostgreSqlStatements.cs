namespace Regin.Core.Persistence.PostgreSql;

/// <summary>Statements written for PostgreSQL alone (what SQLite has no syntax for).</summary>
internal static class PostgreSqlStatements
{
    /// <summary>
    /// A row and its split-off part in one statement (one round trip, a chat turn's raw input and its bytes): the first
    /// INSERT in a data-modifying WITH, the second reading the key it gave back. A conflict that inserts no row leaves
    /// the WITH empty, so the second inserts nothing either and the statement gives back no row.
    /// (See <see cref="ReginDatabaseProvider.InsertWithSplitRow"/>.)
    /// </summary>
    public static string InsertWithSplitRow(string insert, string splitTable, string splitKey, IReadOnlyList<string> splitColumns, IReadOnlyList<string> splitParameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(insert);
        if (splitColumns.Count != splitParameters.Count)
        {
            throw new ArgumentException("A parameter for each column.", nameof(splitParameters));
        }
        // The first INSERT gives back exactly one column (the key): the second selects it by position, whatever its name.
        return $"WITH inserted AS ({insert}) INSERT INTO {splitTable} ({splitKey}{string.Concat(splitColumns.Select(c => ", " + c))}) "
            + $"SELECT inserted.*{string.Concat(splitParameters.Select(p => ", " + p))} FROM inserted RETURNING {splitKey}";
    }
}
