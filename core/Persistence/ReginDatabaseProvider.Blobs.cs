using Microsoft.EntityFrameworkCore;

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
    /// Reads a large value (of <see cref="WriteInPiecesFrom"/> bytes or more: a mail's raw bytes read back) a piece at a
    /// time into one array, so the database holds no copy of the whole in memory while it is read; null when the provider
    /// reads it the ordinary way (PostgreSQL's driver reads the value into the caller's array as it comes).
    /// </summary>
    public virtual Task<byte[]?> ReadInPiecesAsync(ReginDbContext db, string table, string column, long rowId, CancellationToken cancellationToken = default) =>
        Task.FromResult<byte[]?>(null);
}
