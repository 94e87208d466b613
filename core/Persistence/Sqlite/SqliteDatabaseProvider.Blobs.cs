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
        if (db.Database.CurrentTransaction is null)
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

    // SQLite's column reader makes the whole blob once in its own memory before Microsoft.Data.Sqlite copies it, and the
    // connection's memory map (SqliteSynchronousInterceptor) makes every page of it the process's: a 40 MB mail read back
    // cost three times its size. Read through incremental blob I/O with the map off, only a piece of it is in SQLite's
    // small page cache at a time, and the array is the one copy.
    public override async Task<byte[]?> ReadInPiecesAsync(ReginDbContext db, string table, string column, long rowId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            SetMemoryMap(connection, 0);
            try
            {
                using var blob = new SqliteBlob(connection, table, column, rowId, readOnly: true);
                var content = new byte[blob.Length];
                for (var offset = 0; offset < content.Length; offset += BlobPiece)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    blob.ReadExactly(content, offset, Math.Min(BlobPiece, content.Length - offset));
                }
                return content;
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
