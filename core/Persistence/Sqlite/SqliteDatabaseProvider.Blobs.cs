using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Regin.Core.Persistence.Sqlite;

public sealed partial class SqliteDatabaseProvider
{
    private const int BlobPiece = 256 * 1024;

    // Microsoft.Data.Sqlite binds a blob parameter as a copy (SQLITE_TRANSIENT), and the statement writing it holds
    // the whole value once more in its pages: a 40 MB mail cost about three times its size at once. A zeroed blob of
    // the right length written through SQLite's incremental blob I/O holds only a piece at a time.
    public override int? WriteInPiecesFrom => 1024 * 1024;

    public override async Task WriteInPiecesAsync(ReginDbContext db, string table, string column, long rowId, ReadOnlyMemory<byte> content,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!ContextTransaction.IsOpen(db))
        {
            throw new InvalidOperationException("A value written in pieces belongs in the caller's transaction: a crash must not leave its row half written.");
        }
        // Table and column come from the model, the numbers are parameters.
        var zeroed = "UPDATE \"" + table + "\" SET \"" + column + "\" = zeroblob({0}) WHERE rowid = {1}";
        await db.Database.ExecuteSqlRawAsync(zeroed, [content.Length, rowId], cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        using var blob = new SqliteBlob(connection, table, column, rowId);
        for (var offset = 0; offset < content.Length; offset += BlobPiece)
        {
            cancellationToken.ThrowIfCancellationRequested();
            blob.Write(content.Span.Slice(offset, Math.Min(BlobPiece, content.Length - offset)));
        }
    }

    public override async Task WriteFromStreamAsync(ReginDbContext db, string table, string column, string keyColumn, long key, Stream content, long length,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(content);
        if (!ContextTransaction.IsOpen(db))
        {
            throw new InvalidOperationException("A value written in pieces belongs in the caller's transaction: a crash must not leave its row half written.");
        }
        // The key is the table's integer primary key, i.e. its rowid.
        var zeroed = "UPDATE \"" + table + "\" SET \"" + column + "\" = zeroblob({0}) WHERE \"" + keyColumn + "\" = {1}";
        await db.Database.ExecuteSqlRawAsync(zeroed, [length, key], cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        using var blob = new SqliteBlob(connection, table, column, key);
        var piece = new byte[BlobPiece];
        for (long written = 0; written < length;)
        {
            var read = await content.ReadAsync(piece.AsMemory(0, (int)Math.Min(BlobPiece, length - written)), cancellationToken);
            if (read == 0)
            {
                throw new EndOfStreamException($"The stream ended after {written} of its {length} bytes.");
            }
            blob.Write(piece, 0, read);
            written += read;
        }
    }

    // SQLite's column reader makes the whole blob once in its own memory before Microsoft.Data.Sqlite copies it, and the
    // connection's memory map (SqliteSynchronousInterceptor) makes every page of it the process's: a 40 MB mail read back
    // cost three times its size. Read through incremental blob I/O with the map off, only a piece of it is in SQLite's
    // small page cache at a time, and it goes on to the destination (a temporary file) a piece at a time.
    public override async Task<bool> CopyToStreamAsync(ReginDbContext db, string table, string column, string keyColumn, long key, Stream destination,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(destination);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            SetMemoryMap(connection, 0);
            try
            {
                SqliteBlob blob;
                try
                {
                    blob = new SqliteBlob(connection, table, column, key, readOnly: true);
                }
                catch (SqliteException e) when (e.SqliteErrorCode == 1)
                {
                    // "no such rowid"
                    return false;
                }
                using (blob)
                {
                    var piece = new byte[BlobPiece];
                    for (long offset = 0; offset < blob.Length; offset += BlobPiece)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var count = (int)Math.Min(BlobPiece, blob.Length - offset);
                        blob.ReadExactly(piece, 0, count);
                        await destination.WriteAsync(piece.AsMemory(0, count), cancellationToken);
                    }
                }
                return true;
            }
            finally
            {
                // The pooled connection keeps its pragmas: the map is given back.
                SetMemoryMap(connection, SqliteSynchronousInterceptor.MemoryMapBytes);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void SetMemoryMap(SqliteConnection connection, long bytes)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA mmap_size=" + bytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        command.ExecuteNonQuery();
    }
}
