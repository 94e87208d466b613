using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Regin.Core.Persistence;

/// <summary>
/// One SQL statement kept on the context's connection and transaction and run again and again with new values: for a
/// writer of many small rows in one transaction (the mail batch), where EF Core builds a new command for every
/// <c>SaveChanges</c> and SQLite compiles it again (with every trigger it fires) each time. A command run again keeps
/// its compiled statement (Microsoft.Data.Sqlite keeps it until the text changes; on PostgreSQL it is prepared on the
/// server). Its parameters <c>@p0</c>, <c>@p1</c>... are made by the type mappings of the EF Core properties they
/// stand for (each column's own conversion, either provider), exactly as EF Core makes them. Nothing is tracked.
/// </summary>
public sealed class PreparedStatement : IAsyncDisposable
{
    private readonly DbCommand _command;
    private readonly RelationalTypeMapping[] _mappings;
    /// <summary>The text as written (named parameters); the command's may be its positional form (<see cref="StatementParameters"/>).</summary>
    private readonly string _sql;
    /// <summary>Whether the command's parameters are unnamed, in order (its text positional: PostgreSQL).</summary>
    private readonly bool _unnamed;
    private readonly StatementCache? _cache;
    private bool _prepared;
    private IPositionalStatement? _positional;
    private ReginDatabaseProvider? _positionalBy;
    private bool _positionalOnly;

    private PreparedStatement(DbCommand command, string sql, bool unnamed, RelationalTypeMapping[] mappings, StatementCache? cache)
    {
        _command = command;
        _sql = sql;
        _unnamed = unnamed;
        _mappings = mappings;
        _cache = cache;
    }

    /// <summary>
    /// The same as <see cref="Create(ReginDbContext, string, IReadOnlyList{IProperty})"/>, its values bound by position
    /// where the provider can (<see cref="ReginDatabaseProvider.CompilePositional"/>: SQLite, compiled at its first run):
    /// for a statement run hundreds of times in one transaction with many parameters (a multi-row INSERT). Only
    /// <see cref="ExecuteAsync"/> and <see cref="ScalarAsync"/> run such a statement; never kept across units of work.
    /// </summary>
    public static PreparedStatement CreatePositional(ReginDbContext db, string sql, params IReadOnlyList<IProperty> parameters)
    {
        var statement = Create(db, sql, parameters);
        if (statement._cache is null)
        {
            statement._positionalBy = db.Provider();
            statement._positionalOnly = true;
        }
        return statement;
    }

    /// <summary>The text run (for logs and tests).</summary>
    public string Sql => _sql;

    /// <summary>The text sent to the database: <see cref="Sql"/>, or its positional form (<see cref="StatementParameters"/>; for tests).</summary>
    internal string SentText => _command.CommandText;

    /// <summary>Whether its runs bind their values by position (compiled so at its first run; for tests).</summary>
    internal bool BoundByPosition => _positional is not null;

    /// <summary>
    /// A statement on the context's open connection, in its current transaction (the caller keeps both for as long as it
    /// uses the statement); parameter <c>@p{i}</c> takes the type mapping of <paramref name="parameters"/>[i]. On a
    /// connection kept open across units of work (<see cref="KeptConnections"/>) the statement compiled by an earlier
    /// unit is used again (<see cref="StatementCache"/>), and disposing it gives it back.
    /// </summary>
    public static PreparedStatement Create(ReginDbContext db, string sql, params IReadOnlyList<IProperty> parameters)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        ArgumentNullException.ThrowIfNull(parameters);
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            throw new InvalidOperationException("A prepared statement needs the context's connection open (a transaction begun).");
        }
        var statement = Create(connection, ContextTransaction.Of(db), db.Database.GetCommandTimeout(), sql, parameters);
        if (statement._cache is not null && statement._positional is null && !statement._prepared)
        {
            // On a kept connection (a chat turn's) a write runs bound by position too, and stays compiled that way in the
            // cache: Microsoft.Data.Sqlite looked every parameter up by its name and read even an INSERT through a data
            // reader, on every run (a twentieth of a turn). Reads still go through its data reader.
            statement._positionalBy = db.Provider();
        }
        return statement;
    }

    /// <summary>The same on a connection and transaction of one's own (an interceptor's).</summary>
    internal static PreparedStatement Create(DbConnection connection, DbTransaction? transaction, int? timeout, string sql, IReadOnlyList<IProperty> parameters) =>
        Create(connection, transaction, timeout, sql, parameters.Count, parameters, null);

    /// <summary>
    /// The same with the parameters' type mappings found already (<see cref="Mappings"/>, kept with a statement's text by
    /// its writer: looking them up again for every statement of every unit was work a chat turn did a dozen times).
    /// </summary>
    internal static PreparedStatement Create(ReginDbContext db, string sql, RelationalTypeMapping[] mappings)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        ArgumentNullException.ThrowIfNull(mappings);
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            throw new InvalidOperationException("A prepared statement needs the context's connection open (a transaction begun).");
        }
        var statement = Create(connection, ContextTransaction.Of(db), db.Database.GetCommandTimeout(), sql, mappings.Length, null, mappings);
        if (statement._cache is not null && statement._positional is null && !statement._prepared)
        {
            statement._positionalBy = db.Provider();
        }
        return statement;
    }

    /// <summary>The type mapping of each of <paramref name="parameters"/>, in order (as <see cref="Create(ReginDbContext, string, IReadOnlyList{IProperty})"/> makes them).</summary>
    internal static RelationalTypeMapping[] Mappings(IReadOnlyList<IProperty> parameters)
    {
        var mappings = new RelationalTypeMapping[parameters.Count];
        for (var i = 0; i < mappings.Length; i++)
        {
            mappings[i] = parameters[i].GetRelationalTypeMapping();
        }
        return mappings;
    }

    private static PreparedStatement Create(DbConnection connection, DbTransaction? transaction, int? timeout, string sql, int count,
        IReadOnlyList<IProperty>? parameters, RelationalTypeMapping[]? mappings)
    {
        var cache = StatementCache.Of(connection);
        if (cache?.Rent(sql) is { } kept)
        {
            // The same text names the same columns, so the same type mappings.
            if (kept._mappings.Length != count)
            {
                throw new InvalidOperationException($"The statement was made with {kept._mappings.Length} parameters; {count} were given.");
            }
            kept._command.Transaction = transaction;
            if (timeout is { } keptTimeout)
            {
                kept._command.CommandTimeout = keptTimeout;
            }
            return kept;
        }
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var (text, unnamed) = StatementParameters.For(connection, sql, count);
        command.CommandText = text;
        if (timeout is { } commandTimeout)
        {
            command.CommandTimeout = commandTimeout;
        }
        return new PreparedStatement(command, sql, unnamed, mappings ?? (count == 0 ? [] : Mappings(parameters!)), cache);
    }

    /// <summary>Runs it with <paramref name="values"/> (in parameter order); the number of rows changed.</summary>
    public async Task<int> ExecuteAsync(CancellationToken cancellationToken, params IReadOnlyList<object?> values)
    {
        if (await PreludeAsync(cancellationToken) is { } prelude)
        {
            return await BehindAsync(prelude, values, reads: false, _ => Task.FromResult(0), cancellationToken);
        }
        if (Positional() is { } positional)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return positional.Execute(ProviderValues(values));
        }
        Bind(values);
        return await _command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// What waits to run first on the connection (<see cref="ConnectionPrelude"/>), taken, for this statement to take along;
    /// null when nothing waits, or when it ran alone here (a driver without batches).
    /// </summary>
    private async Task<IReadOnlyList<ConnectionPrelude.Statement>?> PreludeAsync(CancellationToken cancellationToken)
    {
        if (_command.Connection is not { } connection || !ConnectionPrelude.IsPending(connection))
        {
            return null;
        }
        if (!connection.CanCreateBatch || _positional is not null || _positionalBy is not null)
        {
            await ConnectionPrelude.RunAsync(connection, _command.Transaction, cancellationToken);
            return null;
        }
        return ConnectionPrelude.Take(connection);
    }

    /// <summary>
    /// Runs this statement behind <paramref name="prelude"/> in one round trip (a batch: the same text, its parameters
    /// made by the same type mappings); <paramref name="read"/> is given the reader on its result (<paramref name="reads"/>),
    /// or null, and the answer is its row count when it reads nothing. The prelude's checks run once the batch has run.
    /// </summary>
    private async Task<T> BehindAsync<T>(IReadOnlyList<ConnectionPrelude.Statement> prelude, IReadOnlyList<object?> values, bool reads,
        Func<DbDataReader?, Task<T>> read, CancellationToken cancellationToken)
    {
        if (values.Count != _mappings.Length)
        {
            throw new ArgumentException($"The statement has {_mappings.Length} parameters; {values.Count} values were given.", nameof(values));
        }
        var connection = _command.Connection!;
        await using var batch = connection.CreateBatch();
        batch.Transaction = _command.Transaction;
        batch.Timeout = _command.CommandTimeout;
        await using (var factory = connection.CreateCommand())
        {
            ConnectionPrelude.AddTo(batch, factory, prelude);
            var command = batch.CreateBatchCommand();
            command.CommandText = _command.CommandText;
            for (var i = 0; i < _mappings.Length; i++)
            {
                command.Parameters.Add(_mappings[i].CreateParameter(factory, StatementParameters.NameFor(_unnamed, i), values[i], nullable: true));
            }
            batch.BatchCommands.Add(command);
        }
        T result;
        if (reads)
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await ConnectionPrelude.SkipAsync(reader, prelude, cancellationToken);
            result = await read(reader);
        }
        else
        {
            await ConnectionPrelude.ExecuteAsync(batch, prelude, cancellationToken);
            result = (T)(object)batch.BatchCommands[prelude.Count].RecordsAffected;
        }
        ConnectionPrelude.Checked(prelude, i => batch.BatchCommands[i].RecordsAffected);
        return result;
    }

    /// <summary>Runs it and reads the first column of the first row (a count, a maximum, a key RETURNING gives back); null when no row.</summary>
    public async Task<object?> ScalarAsync(CancellationToken cancellationToken, params IReadOnlyList<object?> values)
    {
        if (await PreludeAsync(cancellationToken) is { } prelude)
        {
            return await BehindAsync(prelude, values, reads: true, async reader =>
                await reader!.ReadAsync(cancellationToken) && !await reader.IsDBNullAsync(0, cancellationToken) ? reader.GetValue(0) : null, cancellationToken);
        }
        if (Positional() is { } positional)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return positional.Scalar(ProviderValues(values));
        }
        Bind(values);
        var value = await _command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    /// <summary>Runs it and reads every row with <paramref name="read"/> (the reader is closed, and the statement reset, before this returns).</summary>
    public async Task<List<T>> ReadAsync<T>(Func<DbDataReader, T> read, CancellationToken cancellationToken, params IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(read);
        var readRow = read;
        if (_positionalOnly)
        {
            throw new NotSupportedException("A statement bound by position runs with ExecuteAsync or ScalarAsync only.");
        }
        if (await PreludeAsync(cancellationToken) is { } prelude)
        {
            return await BehindAsync(prelude, values, reads: true, async reader =>
            {
                var read = new List<T>();
                while (await reader!.ReadAsync(cancellationToken))
                {
                    read.Add(readRow(reader));
                }
                return read;
            }, cancellationToken);
        }
        Bind(values);
        var rows = new List<T>();
        await using var reader = await _command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    /// <summary>
    /// Adds a run of it with <paramref name="values"/> to <paramref name="batch"/> (the same text, its parameters made by
    /// the same type mappings), to run with the batch's other statements in one round trip; the index of its row count
    /// in <see cref="WriteBatch.ExecuteAsync"/>'s answer.
    /// </summary>
    public int AddTo(WriteBatch batch, params IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != _mappings.Length)
        {
            throw new ArgumentException($"The statement has {_mappings.Length} parameters; {values.Count} values were given.", nameof(values));
        }
        return batch.Add(_sql, _mappings, values);
    }

    /// <summary>
    /// A run of it with <paramref name="values"/> as a statement to send with the unit's next one (<see cref="ConnectionPrelude"/>):
    /// the same text, its parameters made by the same type mappings; <paramref name="check"/> and <paramref name="checkedSql"/>
    /// as <see cref="ConnectionPrelude.Statement"/> takes them (the check of its row count, and its form the database checks).
    /// </summary>
    public ConnectionPrelude.Statement Later(IReadOnlyList<object?> values, Action<int>? check = null, string? checkedSql = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != _mappings.Length)
        {
            throw new ArgumentException($"The statement has {_mappings.Length} parameters; {values.Count} values were given.", nameof(values));
        }
        return new ConnectionPrelude.Statement(_sql, [.. values], Mappings: _mappings, Check: check, CheckedSql: checkedSql);
    }

    /// <summary>
    /// Adds a run of it with <paramref name="values"/> to <paramref name="batch"/>: <paramref name="row"/> reads each row
    /// it gives back (an INSERT's RETURNING); without <paramref name="row"/> it is a write whose result is not read.
    /// </summary>
    public void AddTo(ReadBatch batch, Action<DbDataReader>? row, params IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != _mappings.Length)
        {
            throw new ArgumentException($"The statement has {_mappings.Length} parameters; {values.Count} values were given.", nameof(values));
        }
        batch.AddMapped(_sql, _mappings, values, row);
    }

    /// <summary>The statement bound by position, compiled at its first run; null when the provider has none (or it was not asked for).</summary>
    private IPositionalStatement? Positional()
    {
        if (_positional is null && _positionalBy is { } provider)
        {
            try
            {
                _positional = provider.CompilePositional(_command.Connection!, _command.CommandText, _mappings, _command.CommandTimeout);
            }
            catch (ArgumentException) when (!_positionalOnly)
            {
                // A text of several statements (or an unusual parameter): Microsoft.Data.Sqlite's command runs it.
                _positional = null;
            }
            if (_positional is null)
            {
                _positionalBy = null;
            }
        }
        return _positional;
    }

    /// <summary>The values converted as each column's type mapping converts them (its value converter).</summary>
    private object?[] ProviderValues(IReadOnlyList<object?> values)
    {
        if (values.Count != _mappings.Length)
        {
            throw new ArgumentException($"The statement has {_mappings.Length} parameters; {values.Count} values were given.", nameof(values));
        }
        var converted = new object?[values.Count];
        for (var i = 0; i < converted.Length; i++)
        {
            converted[i] = values[i] is { } given && _mappings[i].Converter is { } converter ? converter.ConvertToProvider(given) : values[i];
        }
        return converted;
    }

    private void Bind(IReadOnlyList<object?> values)
    {
        if (values.Count != _mappings.Length)
        {
            throw new ArgumentException($"The statement has {_mappings.Length} parameters; {values.Count} values were given.", nameof(values));
        }
        if (_prepared)
        {
            // The same parameter objects take the new values (Npgsql's prepared statement keeps the ones it was prepared
            // with), converted as the type mapping converts them.
            for (var i = 0; i < _mappings.Length; i++)
            {
                var value = values[i] is { } given && _mappings[i].Converter is { } converter ? converter.ConvertToProvider(given) : values[i];
                if (value is DateTimeOffset at && _mappings[i].Size is null
                    && _command.Parameters[i] is Microsoft.Data.Sqlite.SqliteParameter { SqliteType: Microsoft.Data.Sqlite.SqliteType.Text })
                {
                    // The text Microsoft.Data.Sqlite's binder makes of it, without the culture's custom-format path (session 51).
                    value = Sqlite.SqliteDateText.Of(at);
                }
                _command.Parameters[i].Value = value ?? DBNull.Value;
            }
            return;
        }
        // Made by the column's type mapping, with the first values, exactly as EF Core makes them.
        for (var i = 0; i < _mappings.Length; i++)
        {
            _command.Parameters.Add(_mappings[i].CreateParameter(_command, StatementParameters.NameFor(_unnamed, i), values[i], nullable: true));
        }
        // PostgreSQL prepares it on the server once its parameters' types are known; SQLite compiles it now (once).
        _command.Prepare();
        _prepared = true;
    }

    /// <summary>Gives it back to its connection's <see cref="StatementCache"/> (compiled, for the next unit of work), or disposes it.</summary>
    public ValueTask DisposeAsync()
    {
        // A statement never run (or whose first run failed before it was compiled) has nothing worth keeping.
        if ((_prepared || _positional is not null) && _cache is not null && _command.Connection is { State: System.Data.ConnectionState.Open })
        {
            _command.Transaction = null;
            if (_cache.Return(this))
            {
                return ValueTask.CompletedTask;
            }
        }
        DisposeCommand();
        return ValueTask.CompletedTask;
    }

    /// <summary>Disposes the command and the statement compiled for binding by position, if any.</summary>
    internal void DisposeCommand()
    {
        _positional?.Dispose();
        _positional = null;
        _command.Dispose();
    }

    /// <summary>
    /// The same statement (text and parameters) compiled on <paramref name="connection"/>, for <paramref name="cache"/>
    /// (the connection's), as if it had run there once; null when that connection cannot compile it (another schema).
    /// </summary>
    internal PreparedStatement? CompileOn(System.Data.Common.DbConnection connection, StatementCache cache)
    {
        var command = connection.CreateCommand();
        try
        {
            command.CommandText = _command.CommandText;
            command.CommandTimeout = _command.CommandTimeout;
            for (var i = 0; i < _mappings.Length; i++)
            {
                // Made by the column's type mapping, as Bind makes them; each run sets the values.
                command.Parameters.Add(_mappings[i].CreateParameter(command, StatementParameters.NameFor(_unnamed, i), null, nullable: true));
            }
            command.Prepare();
        }
        catch (DbException)
        {
            command.Dispose();
            return null;
        }
        return new PreparedStatement(command, _sql, _unnamed, _mappings, cache) { _prepared = true };
    }
}

/// <summary>
/// Several writes of a unit of work sent to the database in one round trip (ADO.NET's <see cref="DbBatch"/>), in the
/// context's transaction, each with its own row count: on PostgreSQL every statement run alone waits for the server's
/// answer (a round trip, and the host's thread pool woken for it: most of a chat turn's cost there). Only where the
/// provider has batches (<see cref="For"/>: Npgsql; Microsoft.Data.Sqlite has none, and SQLite runs in the process, with
/// no round trip to save). Statements run in the order added; a failing one stops the batch and throws as it would alone.
/// </summary>
public sealed class WriteBatch
{
    private readonly ReginDbContext _db;
    private readonly DbConnection _connection;
    private readonly List<(string Sql, RelationalTypeMapping[] Mappings, object?[] Values)> _statements = [];

    private WriteBatch(ReginDbContext db, DbConnection connection)
    {
        _db = db;
        _connection = connection;
    }

    /// <summary>
    /// A batch on the context's open connection (run in its transaction of the moment), or null where the provider has
    /// no batches (the caller runs its statements one by one, as before).
    /// </summary>
    public static WriteBatch? For(ReginDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = db.Database.GetDbConnection();
        if (!connection.CanCreateBatch || connection.State != System.Data.ConnectionState.Open)
        {
            return null;
        }
        return new WriteBatch(db, connection);
    }

    /// <summary>How many statements are waiting.</summary>
    public int Count => _statements.Count;

    /// <summary>A statement without parameters (a savepoint); the index of its row count.</summary>
    public int Add(string sql) => Add(sql, Array.Empty<RelationalTypeMapping>(), Array.Empty<object?>());

    /// <summary>
    /// A statement whose parameter <c>@p{i}</c> takes the type mapping of <paramref name="parameters"/>[i] and the value
    /// <paramref name="values"/>[i] (as <see cref="PreparedStatement.Create(ReginDbContext, string, IReadOnlyList{IProperty})"/>
    /// makes them); the index of its row count.
    /// </summary>
    public int Add(string sql, IReadOnlyList<IProperty> parameters, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != parameters.Count)
        {
            throw new ArgumentException($"The statement has {parameters.Count} parameters; {values.Count} values were given.", nameof(values));
        }
        return Add(sql, parameters.Select(p => p.GetRelationalTypeMapping()).ToArray(), values);
    }

    internal int Add(string sql, RelationalTypeMapping[] mappings, IReadOnlyList<object?> values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        _statements.Add((sql, mappings, values.ToArray()));
        return _statements.Count - 1;
    }

    /// <summary>
    /// Runs the waiting statements in one round trip and empties the batch; each statement's row count, in the order
    /// added (what <see cref="PreparedStatement.ExecuteAsync"/> answers for it). Nothing waiting: nothing sent. A failing
    /// statement throws as it would alone (the transaction is then failed, as after any failed statement).
    /// </summary>
    public async Task<int[]> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        var prelude = ConnectionPrelude.Take(_connection) ?? [];
        if (_statements.Count == 0 && prelude.Count == 0)
        {
            return [];
        }
        await using var batch = _connection.CreateBatch();
        batch.Transaction = ContextTransaction.Of(_db);
        if (_db.Database.GetCommandTimeout() is { } timeout)
        {
            batch.Timeout = timeout;
        }
        var kept = BatchParameters.For(_connection);
        try
        {
            // What must run first on the connection (the turn's lock, its chat state's writes) goes at the head of the batch.
            await using (var parameters = _connection.CreateCommand())
            {
                ConnectionPrelude.AddTo(batch, parameters, prelude, kept: kept);
                foreach (var (sql, mappings, values) in _statements)
                {
                    batch.BatchCommands.Add(BatchCommand(batch, parameters, sql, mappings, values, kept));
                }
            }
            _statements.Clear();
            await ConnectionPrelude.ExecuteAsync(batch, prelude, cancellationToken);
            kept?.Return();
        }
        finally
        {
            kept?.Forget();
        }
        ConnectionPrelude.Checked(prelude, i => batch.BatchCommands[i].RecordsAffected);
        var result = new int[batch.BatchCommands.Count - prelude.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = batch.BatchCommands[prelude.Count + i].RecordsAffected;
        }
        return result;
    }

    /// <summary>
    /// Runs the waiting statements (with what waits on the connection at their head) and the COMMIT of the context's
    /// transaction in one round trip, where the provider has a COMMIT statement (PostgreSQL) and every statement with a
    /// check has a form the database checks (<see cref="ConnectionPrelude.Statement.CheckedSql"/>): true, the transaction
    /// is committed (the caller disposes it, which sends nothing). A checked statement that changed no row fails the batch
    /// before the COMMIT, and its own check throws here, as it would have after running alone; any other failure throws
    /// as it would alone; the transaction is then failed (the caller rolls it back). Otherwise false, with nothing run:
    /// the caller runs the statements and commits as before. These statements' row counts are not given back.
    /// </summary>
    public async Task<bool> ExecuteAndCommitAsync(CancellationToken cancellationToken = default)
    {
        if (_db.Provider().CommitStatement is not { } commit || !ContextTransaction.IsOpen(_db) || !ConnectionPrelude.CanGoWithCommit(_connection))
        {
            return false;
        }
        // (Null for a turn's own PostgreSQL transaction: the session is in it, begun by the BEGIN at the prelude's head or before.)
        var transaction = ContextTransaction.Of(_db);
        var prelude = ConnectionPrelude.Take(_connection) ?? [];
        await using var batch = _connection.CreateBatch();
        batch.Transaction = transaction;
        if (_db.Database.GetCommandTimeout() is { } timeout)
        {
            batch.Timeout = timeout;
        }
        var kept = BatchParameters.For(_connection);
        try
        {
            await using (var parameters = _connection.CreateCommand())
            {
                ConnectionPrelude.AddTo(batch, parameters, prelude, checkedInDatabase: true, kept: kept);
                foreach (var (sql, mappings, values) in _statements)
                {
                    batch.BatchCommands.Add(BatchCommand(batch, parameters, sql, mappings, values, kept));
                }
            }
            _statements.Clear();
            var end = batch.CreateBatchCommand();
            end.CommandText = commit;
            batch.BatchCommands.Add(end);
            try
            {
                // (A reader where a statement of the prelude has its rows read: a new draft's number, taken with the COMMIT.)
                await ConnectionPrelude.ExecuteAsync(batch, prelude, cancellationToken, checkedInDatabase: true);
            }
            catch (DbException e) when (e.SqlState == ReginDatabaseProvider.RowsExpectedState && FailedCheck(e, prelude) is { } check)
            {
                // The database's check of a statement that changed no row: its own check says what that means (it throws).
                check(0);
                throw;
            }
            kept?.Return();
        }
        finally
        {
            kept?.Forget();
        }
        return true;
    }

    /// <summary>
    /// A command of <paramref name="batch"/> running <paramref name="sql"/> (written with <c>@p{i}</c>: sent positional
    /// where the driver takes it so, see <see cref="StatementParameters"/>), parameter i made by <paramref name="mappings"/>[i]
    /// with <paramref name="values"/>[i] (its value converter applied), exactly as EF Core and <see cref="PreparedStatement"/> make them.
    /// </summary>
    internal static DbBatchCommand BatchCommand(DbBatch batch, DbCommand factory, string sql, RelationalTypeMapping[] mappings, object?[] values, BatchParameters? kept = null)
    {
        var command = batch.CreateBatchCommand();
        var (text, unnamed) = StatementParameters.For(factory.Connection, sql, mappings.Length);
        command.CommandText = text;
        if (kept is not null)
        {
            // (The connection's kept parameters of the same statement, where they fit: BatchParameters.)
            kept.Add(command, factory, unnamed, mappings, values);
            return command;
        }
        for (var i = 0; i < mappings.Length; i++)
        {
            command.Parameters.Add(mappings[i].CreateParameter(factory, StatementParameters.NameFor(unnamed, i), values[i], nullable: true));
        }
        return command;
    }

    /// <summary>
    /// The check of the statement the database failed (<see cref="ConnectionPrelude.Statement.CheckedSql"/>): the one
    /// whose number its message gives (<see cref="ReginDatabaseProvider.RowsExpectedState"/>; Npgsql names no failed
    /// command of a batch on its exception).
    /// </summary>
    private static Action<int>? FailedCheck(DbException failure, IReadOnlyList<ConnectionPrelude.Statement> prelude)
    {
        var match = System.Text.RegularExpressions.Regex.Match(failure.Message, @"\(batch statement (\d+)\)");
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture, out var index)
            && index >= 0 && index < prelude.Count ? prelude[index].Check : null;
    }
}

/// <summary>
/// Several reads of a unit of work sent in one round trip (ADO.NET's <see cref="DbBatch"/>), in the context's
/// transaction, each read row by row by its own callback, in the order added; with whatever must run first on the
/// connection (<see cref="ConnectionPrelude"/>) at its head. Only where the provider has batches (<see cref="For"/>:
/// Npgsql); SQLite runs in the process, with no round trip to save.
/// </summary>
public sealed class ReadBatch
{
    private readonly ReginDbContext _db;
    private readonly DbConnection _connection;
    private readonly List<(string Sql, RelationalTypeMapping[] Mappings, object?[] Values, Action<DbDataReader>? Row, Action? Done)> _reads = [];

    private ReadBatch(ReginDbContext db, DbConnection connection)
    {
        _db = db;
        _connection = connection;
    }

    /// <summary>A batch on the context's open connection, or null where the provider has no batches.</summary>
    public static ReadBatch? For(ReginDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = db.Database.GetDbConnection();
        return connection.CanCreateBatch && connection.State == System.Data.ConnectionState.Open ? new ReadBatch(db, connection) : null;
    }

    /// <summary>
    /// A query whose parameter <c>@p{i}</c> takes the type mapping of <paramref name="parameters"/>[i] and the value
    /// <paramref name="values"/>[i]; <paramref name="row"/> reads each of its rows, then <paramref name="done"/> is called.
    /// </summary>
    public void Add(string sql, IReadOnlyList<IProperty> parameters, IReadOnlyList<object?> values, Action<DbDataReader> row, Action? done = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(row);
        if (values.Count != parameters.Count)
        {
            throw new ArgumentException($"The statement has {parameters.Count} parameters; {values.Count} values were given.", nameof(values));
        }
        _reads.Add((sql, parameters.Select(p => p.GetRelationalTypeMapping()).ToArray(), values.ToArray(), row, done));
    }

    /// <summary>
    /// A statement whose parameters' type mappings were found already (kept with its text: <see cref="PreparedStatement.Mappings"/>),
    /// or made by <see cref="PreparedStatement.AddTo(ReadBatch, Action{DbDataReader}?, IReadOnlyList{object?})"/>:
    /// read by <paramref name="row"/> (then <paramref name="done"/> is called), or, without it, a write that gives back no
    /// rows (an INSERT without RETURNING: Npgsql's reader passes over a statement without a result, as it passes over the prelude's).
    /// </summary>
    public void AddMapped(string sql, RelationalTypeMapping[] mappings, IReadOnlyList<object?> values, Action<DbDataReader>? row, Action? done = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        ArgumentNullException.ThrowIfNull(mappings);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != mappings.Length)
        {
            throw new ArgumentException($"The statement has {mappings.Length} parameters; {values.Count} values were given.", nameof(values));
        }
        _reads.Add((sql, mappings, values.ToArray(), row, done));
    }

    /// <summary>
    /// Leaves the statements to go with the connection's next statement, or its unit's COMMIT (<see cref="ConnectionPrelude"/>),
    /// in their order, each row given to its read's callback there; then <paramref name="done"/> is called (after the last
    /// read's rows). For writes whose answers (a number taken, keys RETURNING gives back) are not needed before.
    /// </summary>
    public void WaitForNext(Action? done = null)
    {
        var last = _reads.FindLastIndex(r => r.Row is not null);
        for (var i = 0; i < _reads.Count; i++)
        {
            var (sql, mappings, values, row, readDone) = _reads[i];
            var then = i == last && done is not null ? readDone + done : readDone;
            ConnectionPrelude.Add(_connection, new ConnectionPrelude.Statement(sql, values, ReturnsRows: row is not null, Mappings: mappings, Read: row, Done: then));
        }
        if (last < 0)
        {
            done?.Invoke();
        }
        _reads.Clear();
    }

    /// <summary>Runs the reads (and what must run first) in one round trip, each row given to its read's callback.</summary>
    public async Task ExecuteAsync(CancellationToken cancellationToken = default)
    {
        var prelude = ConnectionPrelude.Take(_connection) ?? [];
        if (_reads.Count == 0 && prelude.Count == 0)
        {
            return;
        }
        await using var batch = _connection.CreateBatch();
        batch.Transaction = ContextTransaction.Of(_db);
        if (_db.Database.GetCommandTimeout() is { } timeout)
        {
            batch.Timeout = timeout;
        }
        var kept = BatchParameters.For(_connection);
        try
        {
            await using (var parameters = _connection.CreateCommand())
            {
                ConnectionPrelude.AddTo(batch, parameters, prelude, kept: kept);
                foreach (var (sql, mappings, values, _, _) in _reads)
                {
                    batch.BatchCommands.Add(WriteBatch.BatchCommand(batch, parameters, sql, mappings, values, kept));
                }
            }
            await RunAsync(batch, prelude, cancellationToken);
            kept?.Return();
        }
        finally
        {
            kept?.Forget();
        }
        ConnectionPrelude.Checked(prelude, i => batch.BatchCommands[i].RecordsAffected);
    }

    private async Task RunAsync(DbBatch batch, IReadOnlyList<ConnectionPrelude.Statement> prelude, CancellationToken cancellationToken)
    {
        var reads = _reads.ToArray();
        _reads.Clear();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            // The prelude's results (a lock's SELECT gives a row) are passed over, not read.
            await ConnectionPrelude.SkipAsync(reader, prelude, cancellationToken);
            var first = true;
            foreach (var (_, _, _, row, done) in reads)
            {
                if (row is null)
                {
                    // A write: no result to stand on.
                    continue;
                }
                if (!first)
                {
                    await reader.NextResultAsync(cancellationToken);
                }
                first = false;
                while (await reader.ReadAsync(cancellationToken))
                {
                    row(reader);
                }
                done?.Invoke();
            }
            // Writes after the last read: their failure is this call's, not the reader's disposal's.
            while (await reader.NextResultAsync(cancellationToken))
            {
            }
        }
    }
}

/// <summary>
/// Statements written from the EF Core model: the names of an entity's table and columns, delimited for the provider,
/// and the INSERT of a whole row as EF Core would write it (the columns EF Core writes; keys the database generates
/// left to it, and given back with RETURNING when asked).
/// </summary>
public sealed class ModelStatements(ReginDbContext db)
{
    /// <summary>The INSERTs written so far, per model: writing one from the model cost a tenth of a chat turn.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Shape, InsertText> Inserts = new();

    /// <summary>What an INSERT is written for (looked up on every chat turn: a key that builds no string to be found).</summary>
    private enum ShapeKind { Rows, Into, WithSplitRow, WithSplitRowLater }

    /// <summary>
    /// The key of a written INSERT: its model, entity and kind, its number of rows, the split table, the conflict key's
    /// properties (compared name by name), what RETURNING gives back, and the name its checked form gives a conflict.
    /// </summary>
    private readonly record struct Shape(IModel Model, Type Entity, ShapeKind Kind, int Rows, StoreObjectIdentifier? Store, Names Conflict, string? Returning, string? What);

    /// <summary>Property names compared in order, ordinally (an array's own equality is its reference: a new array per call).</summary>
    private readonly struct Names(string[]? names) : IEquatable<Names>
    {
        // (null in default(Names): no names.)
        private readonly string[]? _names = names;

        public bool Equals(Names other) => _names.AsSpan().SequenceEqual(other._names, StringComparer.Ordinal);

        public override bool Equals(object? obj) => obj is Names other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var name in _names ?? [])
            {
                hash.Add(name, StringComparer.Ordinal);
            }
            return hash.ToHashCode();
        }
    }

    /// <summary>The provider's quoting, looked up when a statement is written (not for one found written already).</summary>
    private ISqlGenerationHelper Sql => field ??= db.GetService<ISqlGenerationHelper>();

    /// <summary>Whether the INSERTs made here bind their values by position (<see cref="PreparedStatement.CreatePositional"/>).</summary>
    public bool Positional { get; init; }

    private PreparedStatement Statement(InsertText insert) =>
        Positional ? PreparedStatement.CreatePositional(db, insert.Sql, insert.Parameters) : PreparedStatement.Create(db, insert.Sql, insert.Mappings);

    /// <summary>An INSERT's text, its parameters' properties and their type mappings (found once, with the text), and the getters of a row's values.</summary>
    private sealed record InsertText(string Sql, IReadOnlyList<IProperty> Parameters, IReadOnlyList<IClrPropertyGetter> Getters)
    {
        public RelationalTypeMapping[] Mappings { get; } = PreparedStatement.Mappings(Parameters);
    }

    public IEntityType Entity<T>() => db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");

    public string Table<T>()
    {
        var entity = Entity<T>();
        return Sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
    }

    public IProperty Property<T>(string name) => Entity<T>().FindProperty(name) ?? throw new InvalidOperationException($"{typeof(T).Name}.{name} is not in the model.");

    public string Column<T>(string name)
    {
        var entity = Entity<T>();
        return Sql.DelimitIdentifier(Property<T>(name).GetColumnName(StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema()))!);
    }

    /// <summary>
    /// The INSERT of one row of <typeparamref name="T"/>; <paramref name="onConflictDoNothing"/> names the properties of a
    /// unique key whose duplicate inserts nothing (then RETURNING gives no row); <paramref name="returning"/> the property given back.
    /// </summary>
    public RowInsert<T> Insert<T>(string[]? onConflictDoNothing = null, string? returning = null) where T : class =>
        Insert<T>(1, onConflictDoNothing, returning);

    /// <summary>
    /// The table <paramref name="name"/> (a property of <typeparamref name="T"/>) is stored in: the entity's own, or the
    /// table a property split off lives in (<c>SplitToTable</c>).
    /// </summary>
    public StoreObjectIdentifier StoreOf<T>(string name) => Stores.GetOrAdd((db.Model, typeof(T), name), _ =>
    {
        var table = Property<T>(name).GetTableColumnMappings().Single().TableMapping.Table;
        return StoreObjectIdentifier.Table(table.Name, table.Schema);
    });

    /// <summary>The tables found by <see cref="StoreOf{T}"/>, per model (looked up on every chat turn, for the raw input's bytes).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(IModel Model, Type Entity, string Property), StoreObjectIdentifier> Stores = new();

    /// <summary>The name of <paramref name="store"/>, delimited.</summary>
    public string Table(StoreObjectIdentifier store) => Sql.DelimitIdentifier(store.Name, store.Schema);

    /// <summary>The column of property <paramref name="name"/> in <paramref name="store"/>, delimited.</summary>
    public string Column<T>(string name, StoreObjectIdentifier store) =>
        Sql.DelimitIdentifier(Property<T>(name).GetColumnName(store) ?? throw new InvalidOperationException($"{typeof(T).Name}.{name} is not in {store.Name}."));

    /// <summary>
    /// The INSERT of one row of <typeparamref name="T"/> into <paramref name="store"/>, a table the entity is split into
    /// (its key and the properties stored there; the key is the main row's, so the main row is inserted first).
    /// </summary>
    public RowInsert<T> InsertInto<T>(StoreObjectIdentifier store) where T : class
    {
        var shape = new Shape(db.Model, typeof(T), ShapeKind.Into, 1, store, default, null, null);
        // Found with no closure made (the text is written on the first call of its shape only).
        var insert = Inserts.TryGetValue(shape, out var known) ? known : Inserts.GetOrAdd(shape, WriteInsertInto<T>(store));
        return new RowInsert<T>(Statement(insert), insert.Getters);
    }

    /// <summary>
    /// The INSERT of one row of <typeparamref name="T"/> and of its part split off into <paramref name="store"/> in one
    /// statement, where the provider has one (<see cref="ReginDatabaseProvider.InsertWithSplitRow"/>: PostgreSQL), else
    /// null (the caller runs <see cref="Insert{T}(string[], string)"/> and <see cref="InsertInto{T}"/>). Like the first,
    /// it gives back <paramref name="returning"/> (the key), or nothing when <paramref name="onConflictDoNothing"/>'s key
    /// was taken: then neither row is inserted.
    /// </summary>
    public RowInsert<T>? InsertWithSplitRow<T>(StoreObjectIdentifier store, string[] onConflictDoNothing, string returning) where T : class
    {
        ArgumentNullException.ThrowIfNull(onConflictDoNothing);
        ArgumentException.ThrowIfNullOrWhiteSpace(returning);
        var entity = Entity<T>();
        if (store.Name == entity.GetTableName() && store.Schema == entity.GetSchema())
        {
            // Not split off (a model that keeps the column in the row itself): nothing to write in a second table.
            return null;
        }
        var shape = new Shape(db.Model, typeof(T), ShapeKind.WithSplitRow, 1, store, new Names(onConflictDoNothing), returning, null);
        // Found with no closure made (the text is written on the first call of its shape only).
        var insert = Inserts.TryGetValue(shape, out var known) ? known : Inserts.GetOrAdd(shape, WriteInsertWithSplitRow<T>(store, onConflictDoNothing, returning));
        return insert is null ? null : new RowInsert<T>(Statement(insert), insert.Getters);
    }

    /// <summary>The text of <see cref="InsertInto{T}"/>, written from the model the first time its shape is asked for.</summary>
    private InsertText WriteInsertInto<T>(StoreObjectIdentifier store) where T : class
    {
        var columns = BulkInsert.WrittenColumns(Entity<T>(), store);
        var text = $"INSERT INTO {Table(store)} ({string.Join(", ", columns.Select(c => Sql.DelimitIdentifier(c.Name)))}) VALUES ("
            + string.Join(", ", columns.Select((_, i) => "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")";
        return new InsertText(text, columns.Select(c => c.Property).ToList(), columns.Select(c => c.Getter).ToList());
    }

    /// <summary>The text of <see cref="InsertWithSplitRow{T}"/>, written from the model the first time its shape is asked for.</summary>
    private InsertText WriteInsertWithSplitRow<T>(StoreObjectIdentifier store, string[] onConflictDoNothing, string returning) where T : class
    {
        var provider = db.Provider();
        var main = BulkInsert.WrittenColumns(Entity<T>());
        var mainText = $"INSERT INTO {Table<T>()} ({string.Join(", ", main.Select(c => Sql.DelimitIdentifier(c.Name)))}) VALUES ("
            + string.Join(", ", main.Select((_, i) => Parameter(i))) + ")";
        if (onConflictDoNothing.Length > 0)
        {
            mainText += $" ON CONFLICT ({string.Join(", ", onConflictDoNothing.Select(Column<T>))}) DO NOTHING";
        }
        mainText += " RETURNING " + Column<T>(returning);
        // The split table's key is the main row's (given back above); its other columns take the next parameters.
        var split = BulkInsert.WrittenColumns(Entity<T>(), store).Where(c => !c.Property.IsPrimaryKey()).ToList();
        var text = provider.InsertWithSplitRow(mainText, Table(store), Column<T>(returning, store),
            split.Select(c => Sql.DelimitIdentifier(c.Name)).ToList(), split.Select((_, i) => Parameter(main.Count + i)).ToList());
        return text is null ? null! : new InsertText(text, [.. main.Select(c => c.Property), .. split.Select(c => c.Property)],
            [.. main.Select(c => c.Getter), .. split.Select(c => c.Getter)]);
    }

    /// <summary>The text of <see cref="InsertWithSplitRowLater{T}"/>, written from the model the first time its shape is asked for.</summary>
    private (InsertText Insert, string Checked, RelationalTypeMapping[] Mappings)? WriteInsertWithSplitRowLater<T>(StoreObjectIdentifier store, string[] onConflictDoNothing, string returning, string what) where T : class
    {
        var provider = db.Provider();
        var entity = Entity<T>();
        // As InsertWithSplitRow writes it.
        var main = BulkInsert.WrittenColumns(entity);
        var mainText = $"INSERT INTO {Table<T>()} ({string.Join(", ", main.Select(c => Sql.DelimitIdentifier(c.Name)))}) VALUES ("
            + string.Join(", ", main.Select((_, i) => Parameter(i))) + ")";
        if (onConflictDoNothing.Length > 0)
        {
            mainText += $" ON CONFLICT ({string.Join(", ", onConflictDoNothing.Select(Column<T>))}) DO NOTHING";
        }
        if (store.Name == entity.GetTableName() && store.Schema == entity.GetSchema())
        {
            // Not split off (PostgreSQL keeps a raw input's bytes in its row): the row alone, its check the database's.
            var alone = provider.ExpectingRows(mainText, what);
            if (alone is null)
            {
                return null;
            }
            var written = main.Select(c => c.Property).ToList();
            return (new InsertText(mainText + " RETURNING " + Column<T>(returning), written, [.. main.Select(c => c.Getter)]), alone,
                written.Select(p => p.GetRelationalTypeMapping()).ToArray());
        }
        mainText += " RETURNING " + Column<T>(returning);
        var split = BulkInsert.WrittenColumns(entity, store).Where(c => !c.Property.IsPrimaryKey()).ToList();
        var splitColumns = split.Select(c => Sql.DelimitIdentifier(c.Name)).ToList();
        var splitParameters = split.Select((_, i) => Parameter(main.Count + i)).ToList();
        var text = provider.InsertWithSplitRow(mainText, Table(store), Column<T>(returning, store), splitColumns, splitParameters);
        var checkedText = provider.InsertWithSplitRowExpectingRow(mainText, Table(store), Column<T>(returning, store), splitColumns, splitParameters, what);
        if (text is null || checkedText is null)
        {
            return null;
        }
        IProperty[] parameters = [.. main.Select(c => c.Property), .. split.Select(c => c.Property)];
        return (new InsertText(text, parameters, [.. main.Select(c => c.Getter), .. split.Select(c => c.Getter)]), checkedText,
            parameters.Select(p => p.GetRelationalTypeMapping()).ToArray());
    }

    /// <summary>The text of <see cref="Insert{T}(int, string[], string)"/>, written from the model the first time its shape is asked for.</summary>
    private InsertText WriteInsert<T>(int rows, string[]? onConflictDoNothing, string? returning) where T : class
    {
        var entity = Entity<T>();
        var columns = BulkInsert.WrittenColumns(entity);
        var values = Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", columns.Select((_, i) => "@p" + (r * columns.Count + i).ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")");
        var text = $"INSERT INTO {Table<T>()} ({string.Join(", ", columns.Select(c => Sql.DelimitIdentifier(c.Name)))}) VALUES " + string.Join(", ", values);
        if (onConflictDoNothing is { Length: > 0 })
        {
            text += $" ON CONFLICT ({string.Join(", ", onConflictDoNothing.Select(Column<T>))}) DO NOTHING";
        }
        if (returning is not null)
        {
            text += " RETURNING " + Column<T>(returning);
        }
        return new InsertText(text, Enumerable.Repeat(columns.Select(c => c.Property), rows).SelectMany(c => c).ToList(), columns.Select(c => c.Getter).ToList());
    }

    private static string Parameter(int index) => "@p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The statements of <see cref="InsertWithSplitRowLater{T}"/>, per model and shape.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Shape, (InsertText Insert, string Checked, RelationalTypeMapping[] Mappings)?> LaterInserts = new();

    /// <summary>
    /// <see cref="InsertWithSplitRow{T}"/> of <paramref name="row"/> as a statement to send with the unit's next one
    /// (<see cref="ConnectionPrelude"/>), with its form that the database fails where it inserts nothing (a conflict on
    /// <paramref name="onConflictDoNothing"/>'s key; <paramref name="what"/> names it in the error), so that it can go with
    /// the unit's COMMIT; <paramref name="inserted"/> is given its row count once it ran (0: a conflict, also when the
    /// database failed it). Where the entity is not split into <paramref name="store"/> (the column is in its row), the
    /// row's INSERT alone, checked the same way. Null where the provider has no such statements (SQLite).
    /// </summary>
    public ConnectionPrelude.Statement? InsertWithSplitRowLater<T>(StoreObjectIdentifier store, string[] onConflictDoNothing, string returning, T row,
        string what, Action<int> inserted) where T : class
    {
        ArgumentNullException.ThrowIfNull(onConflictDoNothing);
        ArgumentException.ThrowIfNullOrWhiteSpace(returning);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(inserted);
        var shape = new Shape(db.Model, typeof(T), ShapeKind.WithSplitRowLater, 1, store, new Names(onConflictDoNothing), returning, what);
        // Found with no closure made (the text is written on the first call of its shape only).
        var texts = LaterInserts.TryGetValue(shape, out var known) ? known : LaterInserts.GetOrAdd(shape, WriteInsertWithSplitRowLater<T>(store, onConflictDoNothing, returning, what));
        if (texts is not { } found)
        {
            return null;
        }
        var (insert, checkedSql, mappings) = found;
        // The mappings are shared by every statement of this shape: the prelude only reads them.
        return new ConnectionPrelude.Statement(insert.Sql, RowInsert<T>.ValuesOf(insert.Getters, row), ReturnsRows: true,
            Mappings: mappings, Check: inserted, CheckedSql: checkedSql);
    }

    /// <summary>
    /// The INSERT of one row of <typeparamref name="T"/> (<see cref="Insert{T}(string[], string)"/>, nothing given back)
    /// of <paramref name="row"/>, as a statement to send with the unit's next one (<see cref="ConnectionPrelude"/>): the
    /// same as <see cref="RowInsert{T}.Later"/>, without a command made for it (only its text and type mappings are sent).
    /// </summary>
    public ConnectionPrelude.Statement InsertLater<T>(T row) where T : class => InsertLater(row, returning: null, returned: null);

    /// <summary>
    /// <see cref="InsertLater{T}(T)"/>, giving back <paramref name="returning"/> (the key the database gives the row):
    /// <paramref name="returned"/> reads it wherever the statement runs (with the unit's next statement, or its COMMIT).
    /// </summary>
    public ConnectionPrelude.Statement InsertLater<T>(T row, string? returning, Action<DbDataReader>? returned) where T : class
    {
        ArgumentNullException.ThrowIfNull(row);
        if ((returning is null) != (returned is null))
        {
            throw new ArgumentException("A value given back is read, and only one given back.", nameof(returned));
        }
        var shape = new Shape(db.Model, typeof(T), ShapeKind.Rows, 1, null, default, returning, null);
        var insert = Inserts.TryGetValue(shape, out var known) ? known : Inserts.GetOrAdd(shape, WriteInsert<T>(1, null, returning));
        // The mappings are shared by every statement of this shape: the prelude only reads them.
        return new ConnectionPrelude.Statement(insert.Sql, RowInsert<T>.ValuesOf(insert.Getters, row), ReturnsRows: returned is not null,
            Mappings: insert.Mappings, Read: returned);
    }

    /// <summary>The INSERT of <paramref name="rows"/> rows of <typeparamref name="T"/> at once (one statement, the rows in order).</summary>
    public RowInsert<T> Insert<T>(int rows, string[]? onConflictDoNothing = null, string? returning = null) where T : class
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        var shape = new Shape(db.Model, typeof(T), ShapeKind.Rows, rows, null, new Names(onConflictDoNothing), returning, null);
        // Found with no closure made (the text is written on the first call of its shape only).
        var insert = Inserts.TryGetValue(shape, out var known) ? known : Inserts.GetOrAdd(shape, WriteInsert<T>(rows, onConflictDoNothing, returning));
        return new RowInsert<T>(Statement(insert), insert.Getters);
    }
}

/// <summary>A prepared INSERT of whole rows of one entity type (see <see cref="ModelStatements.Insert{T}"/>).</summary>
public sealed class RowInsert<T>(PreparedStatement statement, IReadOnlyList<IClrPropertyGetter> getters) : IAsyncDisposable where T : class
{
    private object?[] Values(T row) => ValuesOf(getters, row);

    /// <summary>The row's values, one per getter, in order.</summary>
    internal static object?[] ValuesOf(IReadOnlyList<IClrPropertyGetter> getters, T row)
    {
        var values = new object?[getters.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = getters[i].GetClrValue(row);
        }
        return values;
    }

    public Task<int> InsertAsync(T row, CancellationToken cancellationToken = default) => statement.ExecuteAsync(cancellationToken, Values(row));

    /// <summary>Inserts as many rows as the statement was made for (<see cref="ModelStatements.Insert{T}(int, string[], string)"/>), in one run.</summary>
    public Task<int> InsertAsync(IReadOnlyList<T> rows, CancellationToken cancellationToken = default) =>
        statement.ExecuteAsync(cancellationToken, rows.SelectMany(Values).ToArray());

    /// <summary>Adds the row's INSERT to <paramref name="batch"/> (see <see cref="PreparedStatement.AddTo"/>); the index of its row count.</summary>
    public int AddTo(WriteBatch batch, T row) => statement.AddTo(batch, Values(row));

    /// <summary>The row's INSERT as a statement to send with the unit's next one (see <see cref="PreparedStatement.Later"/>).</summary>
    public ConnectionPrelude.Statement Later(T row) => statement.Later(Values(row));

    /// <summary>Adds the row's INSERT to <paramref name="batch"/>; <paramref name="returned"/> reads the row RETURNING gives back (if any).</summary>
    public void AddTo(ReadBatch batch, T row, Action<DbDataReader>? returned = null) => statement.AddTo(batch, returned, Values(row));

    /// <summary>Inserts the row and gives back the value RETURNING names (null when a conflict inserted nothing).</summary>
    public Task<object?> InsertReturningAsync(T row, CancellationToken cancellationToken = default) => statement.ScalarAsync(cancellationToken, Values(row));

    public ValueTask DisposeAsync() => statement.DisposeAsync();
}
