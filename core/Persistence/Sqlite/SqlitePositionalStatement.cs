using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace Regin.Core.Persistence.Sqlite;

/// <summary>
/// One statement compiled once on a SQLite connection and run again and again, its values bound by position straight to
/// SQLite (<see cref="PreparedStatement"/> on SQLite for a writer of many rows: the mail batch). Microsoft.Data.Sqlite
/// binds every parameter by name on every run (<c>sqlite3_bind_parameter_index</c>, a linear search in SQLite: quadratic
/// in a multi-row INSERT of a few hundred parameters) and reads even an INSERT through a data reader; here each
/// parameter's position is looked up once, when the statement is compiled. Values are written exactly as
/// Microsoft.Data.Sqlite writes them (its value binder's rules, with the <see cref="SqliteType"/> each column's EF Core
/// type mapping gives its parameter), so a row is the same either way (<c>SqlitePositionalStatementTests</c>).
/// </summary>
internal sealed class SqlitePositionalStatement : IPositionalStatement
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;
    private readonly int[] _positions;
    private readonly SqliteType[] _types;
    private readonly int[] _sizes;
    private readonly int _timeoutSeconds;

    private SqlitePositionalStatement(SqliteConnection connection, sqlite3_stmt statement, int[] positions, SqliteType[] types, int[] sizes, int timeoutSeconds)
    {
        _connection = connection;
        _statement = statement;
        _positions = positions;
        _types = types;
        _sizes = sizes;
        _timeoutSeconds = timeoutSeconds;
    }

    /// <summary>
    /// The statement compiled on <paramref name="connection"/> (open), or null when the connection is not SQLite's.
    /// Parameter <c>@p{i}</c> takes the values of <paramref name="mappings"/>[i]'s column.
    /// </summary>
    public static SqlitePositionalStatement? TryCreate(DbConnection connection, string sql, IReadOnlyList<RelationalTypeMapping> mappings, int? timeoutSeconds)
    {
        if (connection is not SqliteConnection { Handle: { } handle } sqlite)
        {
            return null;
        }
        var rc = raw.sqlite3_prepare_v2(handle, sql, out var compiled, out var tail);
        if (rc != raw.SQLITE_OK)
        {
            compiled?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, handle);
        }
        if (compiled is not { IsInvalid: false } statement)
        {
            compiled?.Dispose();
            throw new ArgumentException("No statement in the text.", nameof(sql));
        }
        if (!string.IsNullOrWhiteSpace(tail))
        {
            statement.Dispose();
            throw new ArgumentException("One statement only: the text goes on after its end.", nameof(sql));
        }
        if (raw.sqlite3_bind_parameter_count(statement) != mappings.Count)
        {
            statement.Dispose();
            throw new ArgumentException($"The statement has {raw.sqlite3_bind_parameter_count(statement)} parameters; {mappings.Count} columns were given.", nameof(mappings));
        }
        var positions = new int[mappings.Count];
        var types = new SqliteType[mappings.Count];
        var sizes = new int[mappings.Count];
        using var command = sqlite.CreateCommand();
        for (var i = 0; i < mappings.Count; i++)
        {
            var name = "@p" + i.ToString(CultureInfo.InvariantCulture);
            positions[i] = raw.sqlite3_bind_parameter_index(statement, name);
            if (positions[i] == 0)
            {
                statement.Dispose();
                throw new ArgumentException($"The statement has no parameter {name}.", nameof(sql));
            }
            (types[i], sizes[i]) = ParameterOf(command, mappings[i]);
        }
        return new SqlitePositionalStatement(sqlite, statement, positions, types, sizes, timeoutSeconds ?? sqlite.DefaultTimeout);
    }

    /// <summary>
    /// The <see cref="SqliteType"/> Microsoft.Data.Sqlite binds a non-null value of the column with: the one the type
    /// mapping sets on its parameter, else the one the value's own type gives (a parameter made with a value of the
    /// column's provider type tells which); and the size the mapping sets (Microsoft.Data.Sqlite cuts a longer text or
    /// blob to it).
    /// </summary>
    private static (SqliteType Type, int Size) ParameterOf(SqliteCommand command, RelationalTypeMapping mapping)
    {
        var type = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
        type = Nullable.GetUnderlyingType(type) ?? type;
        object sample = type == typeof(string) ? "" : type == typeof(byte[]) ? Array.Empty<byte>() : type.IsValueType ? Activator.CreateInstance(type)! : "";
        var parameter = (SqliteParameter)mapping.CreateParameter(command, "@sample", mapping.Converter is null ? sample : null, nullable: true);
        if (mapping.Converter is not null)
        {
            parameter.Value = sample;
        }
        return (parameter.SqliteType, parameter.Size);
    }

    /// <summary>Runs it with <paramref name="values"/> (provider values, in parameter order); the rows changed.</summary>
    public int Execute(IReadOnlyList<object?> values)
    {
        Bind(values);
        try
        {
            var rc = Step();
            while (rc == raw.SQLITE_ROW)
            {
                rc = raw.sqlite3_step(_statement);
            }
            Check(rc);
            return raw.sqlite3_changes(_connection.Handle);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Runs it and reads the first column of its first row (null when no row, or a null value).</summary>
    public object? Scalar(IReadOnlyList<object?> values)
    {
        Bind(values);
        try
        {
            var rc = Step();
            if (rc == raw.SQLITE_DONE)
            {
                return null;
            }
            Check(rc);
            return raw.sqlite3_column_type(_statement, 0) switch
            {
                raw.SQLITE_INTEGER => raw.sqlite3_column_int64(_statement, 0),
                raw.SQLITE_FLOAT => raw.sqlite3_column_double(_statement, 0),
                raw.SQLITE_TEXT => raw.sqlite3_column_text(_statement, 0).utf8_to_string(),
                raw.SQLITE_BLOB => raw.sqlite3_column_blob(_statement, 0).ToArray(),
                _ => null,
            };
        }
        finally
        {
            // A RETURNING statement made its changes at its first step; reset ends it (and frees the connection to commit).
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>The first step, waiting for a busy database as Microsoft.Data.Sqlite does (up to the command timeout).</summary>
    private int Step()
    {
        var started = Stopwatch.GetTimestamp();
        int rc;
        while ((rc = raw.sqlite3_step(_statement)) is raw.SQLITE_BUSY or raw.SQLITE_LOCKED or raw.SQLITE_LOCKED_SHAREDCACHE)
        {
            if (_timeoutSeconds != 0 && Stopwatch.GetElapsedTime(started).TotalSeconds >= _timeoutSeconds)
            {
                break;
            }
            raw.sqlite3_reset(_statement);
            Thread.Sleep(150);
        }
        return rc;
    }

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }
    }

    private void Bind(IReadOnlyList<object?> values)
    {
        if (values.Count != _positions.Length)
        {
            throw new ArgumentException($"The statement has {_positions.Length} parameters; {values.Count} values were given.", nameof(values));
        }
        for (var i = 0; i < _positions.Length; i++)
        {
            var rc = BindValue(_positions[i], values[i], _types[i], _sizes[i]);
            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
            }
        }
    }

    // Microsoft.Data.Sqlite's SqliteValueBinder, rule for rule, for the types a column of ours holds.
    private int BindValue(int index, object? value, SqliteType type, int size)
    {
        switch (value)
        {
            case null or DBNull:
                return raw.sqlite3_bind_null(_statement, index);
            case string text:
                return raw.sqlite3_bind_text16(_statement, index, size > 0 && text.Length > size ? text.AsSpan(0, size) : text.AsSpan());
            case long number:
                return raw.sqlite3_bind_int64(_statement, index, number);
            case int number:
                return raw.sqlite3_bind_int64(_statement, index, number);
            case bool flag:
                return raw.sqlite3_bind_int64(_statement, index, flag ? 1 : 0);
            case Guid guid:
                return type == SqliteType.Text
                    ? raw.sqlite3_bind_text16(_statement, index, guid.ToString().ToUpperInvariant().AsSpan())
                    : raw.sqlite3_bind_blob(_statement, index, guid.ToByteArray());
            case DateTime dateTime when type != SqliteType.Real:
                return raw.sqlite3_bind_text16(_statement, index, dateTime.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture).AsSpan());
            case DateTimeOffset dateTimeOffset when type != SqliteType.Real:
                return raw.sqlite3_bind_text16(_statement, index, SqliteDateText.Of(dateTimeOffset).AsSpan());
            case byte[] { Length: 0 }:
                // An empty span is a null pointer to SQLite, which would bind NULL: an empty blob is a zero blob.
                return raw.sqlite3_bind_zeroblob(_statement, index, 0);
            case byte[] bytes:
                return raw.sqlite3_bind_blob(_statement, index, size > 0 && bytes.Length > size ? bytes.AsSpan(0, size) : bytes);
            case double real:
                return raw.sqlite3_bind_double(_statement, index, real);
            case float real:
                return raw.sqlite3_bind_double(_statement, index, real);
            case short or byte or sbyte or ushort or uint:
                return raw.sqlite3_bind_int64(_statement, index, Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case Enum:
                return raw.sqlite3_bind_int64(_statement, index, Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case decimal number:
                return raw.sqlite3_bind_text16(_statement, index, number.ToString("0.0###########################", CultureInfo.InvariantCulture).AsSpan());
            default:
                throw new NotSupportedException($"A value of type {value.GetType().Name} ({type}) is not bound by position; use Microsoft.Data.Sqlite's command.");
        }
    }

    public void Dispose() => _statement.Dispose();
}
