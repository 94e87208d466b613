using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Regin.Core.Persistence;

public abstract partial class ReginDatabaseProvider
{
    /// <summary>
    /// From this size on, a large value (a mail's raw bytes) is better written after its row, in pieces
    /// (<see cref="WriteInPiecesAsync"/>), than bound whole to the INSERT: null when the provider binds a large value
    /// without a copy of its own (PostgreSQL's driver writes the caller's array to the socket as it is).
    /// </summary>
    public virtual int? WriteInPiecesFrom => null;

    /// <summary>
    /// Writes <paramref name="content"/> into a column of a row that exists already (in the caller's transaction), a
    /// piece at a time, so the database never holds a copy of the whole value in memory.
    /// </summary>
    public virtual Task WriteInPiecesAsync(ReginDbContext db, string table, string column, long rowId, ReadOnlyMemory<byte> content,
        CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{Name} binds large values whole.");

    /// <summary>
    /// Writes the rest of <paramref name="content"/> (<paramref name="length"/> bytes, from its position) into a column of
    /// a row that exists already (keyed by <paramref name="keyColumn"/>, in the caller's transaction), as it is read: the
    /// value is never whole in this process's memory. Here, a provider without a way of its own: the stream is the
    /// statement's parameter (an ADO.NET driver may read it whole first: Npgsql does, so PostgreSQL sends it through a
    /// binary COPY instead); SQLite writes it in pieces into a zeroed blob.
    /// </summary>
    public virtual async Task WriteFromStreamAsync(ReginDbContext db, string table, string column, string keyColumn, long key, Stream content, long length,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(content);
        var transaction = ContextTransaction.Of(db) ?? throw new InvalidOperationException("A value written from a stream belongs in the caller's transaction.");
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // Table and columns come from the model; the values are parameters.
        command.CommandText = $"UPDATE \"{table}\" SET \"{column}\" = @content WHERE \"{keyColumn}\" = @key";
        var value = command.CreateParameter();
        value.ParameterName = "content";
        value.DbType = DbType.Binary;
        value.Value = content;
        value.Size = checked((int)length);
        command.Parameters.Add(value);
        var id = command.CreateParameter();
        id.ParameterName = "key";
        id.Value = key;
        command.Parameters.Add(id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Copies a large value (a mail's raw bytes) into <paramref name="destination"/> as it is read from the database,
    /// never whole in this process's memory: false when there is no such row. Here (PostgreSQL) the value is read
    /// sequentially from the server's answer; SQLite reads it in pieces through incremental blob I/O.
    /// </summary>
    public virtual async Task<bool> CopyToStreamAsync(ReginDbContext db, string table, string column, string keyColumn, long key, Stream destination,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(destination);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = ContextTransaction.Of(db);
            command.CommandText = $"SELECT \"{column}\" FROM \"{table}\" WHERE \"{keyColumn}\" = @key";
            var id = command.CreateParameter();
            id.ParameterName = "key";
            id.Value = key;
            command.Parameters.Add(id);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow, cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return false;
            }
            await using var value = reader.GetStream(0);
            await value.CopyToAsync(destination, 256 * 1024, cancellationToken);
            return true;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
