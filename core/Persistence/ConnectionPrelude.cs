using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Regin.Core.Persistence;

/// <summary>
/// Statements a unit of work must run on its connection before anything else it runs there, sent in the same round trip
/// as its next statement rather than alone: a chat turn's cross-host lock (its first read does not need the lock's
/// answer), its chat state's writes (checked when they ran; the next statement, or the commit, takes them). On
/// PostgreSQL each statement alone is a round trip. Whatever runs next takes them: a <see cref="ReadBatch"/> or <see cref="WriteBatch"/> puts them at its head; a
/// <see cref="PreparedStatement"/> and every EF Core command (the PostgreSQL provider's interceptor) run them alone
/// first, so nothing ever runs on the connection before them. The unit clears what it left unsent when it ends.
/// </summary>
public static class ConnectionPrelude
{
    private static readonly ConditionalWeakTable<DbConnection, List<Statement>> Pending = new();

    /// <summary>
    /// A statement to run first, with parameters <c>@p0</c>, <c>@p1</c>... taking <see cref="Values"/> (parameters, not
    /// literals: one text for every value, prepared once on the server), each made by <see cref="Mappings"/>' type mapping
    /// when given (a column's own conversion), else by the driver from the value. <see cref="ReturnsRows"/>: it gives a
    /// result (a lock's SELECT), passed over unread. <see cref="Check"/> is given its row count once it ran (a write that
    /// must have changed a row throws there: the unit fails, as if the write had run alone). <see cref="CheckedSql"/>: the
    /// same statement, with the same parameters, written so that the database fails it (SQLSTATE
    /// <see cref="ReginDatabaseProvider.RowsExpectedState"/>) where <see cref="Check"/> would throw: the form sent with the
    /// unit's COMMIT (<see cref="WriteBatch.ExecuteAndCommitAsync"/>), after which a check in the host could undo nothing;
    /// a statement with a check and without it is never sent with a COMMIT.
    /// </summary>
    /// <param name="Read">Given each row of its result, where it gives one (a number taken, a key RETURNING gives back): read
    /// wherever the statement runs (with a unit's next statement, or with its COMMIT), then <paramref name="Done"/> is called.</param>
    /// <param name="Done">Called once its rows were read.</param>
    public sealed record Statement(string Sql, object?[] Values, bool ReturnsRows = false,
        Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping[]? Mappings = null, Action<int>? Check = null, string? CheckedSql = null,
        Action<DbDataReader>? Read = null, Action? Done = null)
    {
        /// <summary>Whether it can go with a COMMIT: it has no check, or the database does its check (<see cref="CheckedSql"/>).</summary>
        internal bool CanGoWithCommit => Check is null || CheckedSql is not null;

        /// <summary>
        /// Adds its parameters to <paramref name="parameters"/>, made by <paramref name="factory"/> (a command of the
        /// connection's driver): unnamed, in order, when <paramref name="unnamed"/> (a positional text: see
        /// <see cref="StatementParameters"/>), else named <c>@p{i}</c>.
        /// </summary>
        internal void AddParameters(DbParameterCollection parameters, DbCommand factory, bool unnamed)
        {
            for (var i = 0; i < Values.Length; i++)
            {
                var name = StatementParameters.NameFor(unnamed, i);
                if (Mappings is { } mappings)
                {
                    parameters.Add(mappings[i].CreateParameter(factory, name, Values[i], nullable: true));
                    continue;
                }
                var parameter = factory.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = Values[i] ?? DBNull.Value;
                parameters.Add(parameter);
            }
        }
    }

    /// <summary>Runs each statement's <see cref="Statement.Check"/> with its row count (in the order they ran).</summary>
    internal static void Checked(IReadOnlyList<Statement> statements, Func<int, int> recordsAffected)
    {
        for (var i = 0; i < statements.Count; i++)
        {
            statements[i].Check?.Invoke(recordsAffected(i));
        }
    }

    /// <summary>
    /// Adds <paramref name="statements"/> at the head of <paramref name="batch"/> (before anything else is added to it);
    /// their parameters made by <paramref name="factory"/>.
    /// </summary>
    /// <param name="kept">The connection's kept parameters (<see cref="BatchParameters"/>), where the batch takes them.</param>
    internal static void AddTo(DbBatch batch, DbCommand factory, IReadOnlyList<Statement> statements, bool checkedInDatabase = false, BatchParameters? kept = null)
    {
        var connection = factory.Connection;
        foreach (var statement in statements)
        {
            var command = batch.CreateBatchCommand();
            if (checkedInDatabase && statement.Check is not null)
            {
                // Checked in the database (a COMMIT follows): the form that fails where the check would throw, numbered
                // with its place in the batch (the failure names it): a parameter after the statement's own.
                var (text, unnamed) = StatementParameters.For(connection, statement.CheckedSql!, statement.Values.Length);
                command.CommandText = text;
                AddParameters(command, factory, unnamed, statement, kept);
                var number = factory.CreateParameter();
                number.ParameterName = unnamed ? string.Empty : "@" + ReginDatabaseProvider.StatementNumberParameter;
                number.DbType = System.Data.DbType.Int32;
                number.Value = batch.BatchCommands.Count;
                command.Parameters.Add(number);
            }
            else
            {
                var (text, unnamed) = StatementParameters.For(connection, statement.Sql, statement.Values.Length);
                command.CommandText = text;
                AddParameters(command, factory, unnamed, statement, kept);
            }
            batch.BatchCommands.Add(command);
        }
    }

    private static void AddParameters(DbBatchCommand command, DbCommand factory, bool unnamed, Statement statement, BatchParameters? kept)
    {
        if (kept is not null)
        {
            kept.Add(command, factory, unnamed, statement.Mappings, statement.Values);
            return;
        }
        statement.AddParameters(command.Parameters, factory, unnamed);
    }

    /// <summary>Moves <paramref name="reader"/> past the results of <paramref name="statements"/> (those that give one).</summary>
    /// <param name="checkedInDatabase">They were sent as <see cref="AddTo"/> sends them before a COMMIT: a statement with
    /// <see cref="Statement.CheckedSql"/> ran in that form, which gives a row (<c>SELECT regin_expect_rows(…)</c>).</param>
    internal static async Task SkipAsync(DbDataReader reader, IReadOnlyList<Statement> statements, CancellationToken cancellationToken, bool checkedInDatabase = false)
    {
        // The reader stands on the first result already; each result passed over moves it to the next (those that are
        // wanted read on the way).
        foreach (var statement in statements)
        {
            if (statement.ReturnsRows || (checkedInDatabase && statement.Check is not null && statement.CheckedSql is not null))
            {
                if (statement.Read is { } read)
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        read(reader);
                    }
                    statement.Done?.Invoke();
                }
                await reader.NextResultAsync(cancellationToken);
            }
        }
    }

    /// <summary>Whether one of <paramref name="statements"/> has its rows read (<see cref="Statement.Read"/>): a batch taking them runs as a reader.</summary>
    internal static bool Reads(IReadOnlyList<Statement> statements)
    {
        foreach (var statement in statements)
        {
            if (statement.Read is not null)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Runs <paramref name="batch"/>, whose head is <paramref name="prelude"/> and whose own statements give no rows to be
    /// read: without a reader, unless a statement of the prelude has its rows read; every result then gone through (a
    /// failure of any statement throws here, as without a reader).
    /// </summary>
    internal static async Task ExecuteAsync(DbBatch batch, IReadOnlyList<Statement> prelude, CancellationToken cancellationToken, bool checkedInDatabase = false)
    {
        if (!Reads(prelude))
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return;
        }
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await SkipAsync(reader, prelude, cancellationToken, checkedInDatabase);
        while (await reader.NextResultAsync(cancellationToken))
        {
        }
    }

    /// <summary>
    /// Whether what waits on <paramref name="connection"/> can go with its unit's COMMIT (<see cref="Statement.CanGoWithCommit"/>):
    /// true when nothing waits.
    /// </summary>
    public static bool CanGoWithCommit(DbConnection connection) =>
        !Pending.TryGetValue(connection, out var statements) || statements.TrueForAll(s => s.CanGoWithCommit);

    /// <summary>Adds <paramref name="statement"/> to what runs first on <paramref name="connection"/>.</summary>
    public static void Add(DbConnection connection, Statement statement)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(statement);
        Pending.GetOrCreateValue(connection).Add(statement);
    }

    /// <summary>Puts <paramref name="statement"/> ahead of whatever waits to run first on <paramref name="connection"/> (a transaction's BEGIN).</summary>
    public static void AddFirst(DbConnection connection, Statement statement)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(statement);
        Pending.GetOrCreateValue(connection).Insert(0, statement);
    }

    /// <summary>Whether <paramref name="statement"/> (this very one) still waits to run on <paramref name="connection"/>.</summary>
    public static bool IsWaiting(DbConnection connection, Statement statement)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Pending.TryGetValue(connection, out var statements) && statements.Exists(s => ReferenceEquals(s, statement));
    }

    /// <summary>Whether statements wait to run first on <paramref name="connection"/>.</summary>
    public static bool IsPending(DbConnection connection) => Pending.TryGetValue(connection, out var statements) && statements.Count > 0;

    /// <summary>The statements waiting on <paramref name="connection"/>, taken (the caller runs them first, in this order); null when none.</summary>
    public static IReadOnlyList<Statement>? Take(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!Pending.TryGetValue(connection, out var statements))
        {
            return null;
        }
        Pending.Remove(connection);
        return statements.Count == 0 ? null : statements;
    }

    /// <summary>Forgets what waits on <paramref name="connection"/> (its unit ended: a transaction rolled back never needed it).</summary>
    public static void Clear(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Pending.Remove(connection);
    }

    /// <summary>Runs what waits on <paramref name="connection"/>, alone, in <paramref name="transaction"/>: before a statement that cannot take it along.</summary>
    public static async Task RunAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        if (Take(connection) is not { } statements)
        {
            return;
        }
        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var (text, unnamed) = StatementParameters.For(connection, statement.Sql, statement.Values.Length);
            command.CommandText = text;
            statement.AddParameters(command.Parameters, command, unnamed);
            // Not `Check?.Invoke(await command.Execute…)`: a null-conditional call skips its arguments' evaluation, so a
            // statement without a check (a lock, a SET LOCAL, an upsert) was never sent.
            int rows;
            if (statement.Read is { } read)
            {
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        read(reader);
                    }
                    rows = reader.RecordsAffected;
                }
                statement.Done?.Invoke();
            }
            else
            {
                rows = await command.ExecuteNonQueryAsync(cancellationToken);
            }
            statement.Check?.Invoke(rows);
        }
    }

    /// <summary>The same for a synchronous statement.</summary>
    public static void Run(DbConnection connection, DbTransaction? transaction)
    {
        if (Take(connection) is not { } statements)
        {
            return;
        }
        foreach (var statement in statements)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var (text, unnamed) = StatementParameters.For(connection, statement.Sql, statement.Values.Length);
            command.CommandText = text;
            statement.AddParameters(command.Parameters, command, unnamed);
            int rows;
            if (statement.Read is { } read)
            {
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        read(reader);
                    }
                    rows = reader.RecordsAffected;
                }
                statement.Done?.Invoke();
            }
            else
            {
                rows = command.ExecuteNonQuery();
            }
            statement.Check?.Invoke(rows);
        }
    }
}

/// <summary>
/// The PostgreSQL provider's EF Core interceptor for <see cref="ConnectionPrelude"/>: an EF Core command that runs before
/// anything else took the connection's waiting statements runs them first (alone: its reader must see its own rows first).
/// </summary>
internal sealed class ConnectionPreludeInterceptor : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
{
    public override Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command,
        Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<DbDataReader> result)
    {
        RunFirst(command);
        return result;
    }

    public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
        Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default)
    {
        await RunFirstAsync(command, cancellationToken);
        return result;
    }

    public override Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> NonQueryExecuting(DbCommand command,
        Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result)
    {
        RunFirst(command);
        return result;
    }

    public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command,
        Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        await RunFirstAsync(command, cancellationToken);
        return result;
    }

    public override Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<object> ScalarExecuting(DbCommand command,
        Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<object> result)
    {
        RunFirst(command);
        return result;
    }

    public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<object>> ScalarExecutingAsync(DbCommand command,
        Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<object> result,
        CancellationToken cancellationToken = default)
    {
        await RunFirstAsync(command, cancellationToken);
        return result;
    }

    private static void RunFirst(DbCommand command)
    {
        if (command.Connection is { } connection && ConnectionPrelude.IsPending(connection))
        {
            ConnectionPrelude.Run(connection, command.Transaction);
        }
    }

    private static Task RunFirstAsync(DbCommand command, CancellationToken cancellationToken) =>
        command.Connection is { } connection && ConnectionPrelude.IsPending(connection)
            ? ConnectionPrelude.RunAsync(connection, command.Transaction, cancellationToken)
            : Task.CompletedTask;
}
