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

    /// <summary>
    /// <see cref="InsertWithSplitRow"/> failing with <see cref="ReginDatabaseProvider.RowsExpectedState"/> where it inserts
    /// no row (a conflict): the second INSERT in a WITH of its own, its count given to <c>regin_expect_rows</c>.
    /// </summary>
    public static string InsertWithSplitRowExpectingRow(string insert, string splitTable, string splitKey, IReadOnlyList<string> splitColumns,
        IReadOnlyList<string> splitParameters, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(insert);
        if (splitColumns.Count != splitParameters.Count)
        {
            throw new ArgumentException("A parameter for each column.", nameof(splitParameters));
        }
        return $"WITH inserted AS ({insert}), split AS (INSERT INTO {splitTable} ({splitKey}{string.Concat(splitColumns.Select(c => ", " + c))}) "
            + $"SELECT inserted.*{string.Concat(splitParameters.Select(p => ", " + p))} FROM inserted RETURNING 1) "
            + $"SELECT regin_expect_rows(count(*), {Literal(what)}, @{ReginDatabaseProvider.StatementNumberParameter}) FROM split";
    }

    /// <summary><paramref name="modifying"/> (no RETURNING of its own) failing where it changes no row (see <see cref="InsertWithSplitRowExpectingRow"/>).</summary>
    public static string ExpectingRows(string modifying, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modifying);
        return $"WITH changed AS ({modifying} RETURNING 1) SELECT regin_expect_rows(count(*), {Literal(what)}, @{ReginDatabaseProvider.StatementNumberParameter}) FROM changed";
    }

    /// <summary>A fixed text of the code's own (a table's name), as a literal: letters, digits, spaces and _ only.</summary>
    private static string Literal(string what)
    {
        if (string.IsNullOrEmpty(what) || !what.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '_'))
        {
            throw new ArgumentException("A fixed text of letters, digits, spaces and _.", nameof(what));
        }
        return "'" + what + "'";
    }
}
