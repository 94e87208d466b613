using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Regin.Core.Persistence.Sqlite;

/// <summary>
/// Keeps the FTS5 search index (table <c>practice_search</c>, one document per practice) in step with the answers,
/// once per practice per transaction. The triggers of the migration <c>SearchOncePerCommit</c> only mark a practice
/// whose answers changed (<c>practice_search_pending</c>); this interceptor indexes the marked practices just before
/// EF Core commits a transaction, and right after a write that EF Core ran without one (an autocommitted
/// <c>SaveChanges</c>, <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> or raw SQL). A writer that bypasses EF Core leaves
/// its marks committed: <see cref="CatchUpAsync"/> indexes them before a search reads, so a search is never behind.
/// The connections kept for chat turns leave their marks too, while this process runs a <see cref="SqliteCheckpointer"/>
/// (<see cref="LeaveToIndexer"/>): rebuilding a practice's document and writing it into the index (a new segment, and
/// the index's merges) on every answer was a large part of a turn's CPU and of the pages it wrote. The checkpointer
/// indexes whatever is marked (<see cref="IndexMarkedAsync"/>) shortly after the turns commit, many practices at once,
/// and a search still catches up first.
/// </summary>
public sealed class SqliteSearchIndex : DbTransactionInterceptor, ISaveChangesInterceptor, IDbCommandInterceptor
{
    private const string AnyPending = "SELECT EXISTS (SELECT 1 FROM practice_search_pending)";

    private const string IndexPending = """
        DELETE FROM practice_search WHERE rowid IN
            (SELECT p."Number" FROM practice_search_pending AS s JOIN "practices" AS p ON p."Id" = s.practice_id);
        INSERT INTO practice_search (rowid, document)
        SELECT number, document FROM practice_search_documents WHERE practice_id IN (SELECT practice_id FROM practice_search_pending);
        DELETE FROM practice_search_pending;
        """;

    /// <summary>The connections whose commits leave their marks to <see cref="IndexMarkedAsync"/> (see <see cref="LeaveToIndexer"/>).</summary>
    private static readonly ConditionalWeakTable<DbConnection, object> LeftToIndexer = [];

    private static readonly object Left = new();

    /// <summary>
    /// The commits of <paramref name="connection"/> leave the practices they mark to <see cref="IndexMarkedAsync"/> (a
    /// connection kept for chat turns, in a process whose <see cref="SqliteCheckpointer"/> runs it); a search still
    /// catches up first (<see cref="CatchUpAsync"/>).
    /// </summary>
    internal static void LeaveToIndexer(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        LeftToIndexer.AddOrUpdate(connection, Left);
    }

    internal static bool IsLeftToIndexer(DbConnection? connection) => connection is not null && LeftToIndexer.TryGetValue(connection, out _);

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (IsLeftToIndexer(transaction.Connection))
        {
            return result;
        }
        IndexPendingAsync(transaction.Connection!, transaction, sync: true, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (IsLeftToIndexer(transaction.Connection))
        {
            return result;
        }
        await IndexPendingAsync(transaction.Connection!, transaction, sync: false, cancellationToken);
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context && !ContextTransaction.IsOpen(context))
        {
            IndexPendingInTransactionAsync(context.Database.GetDbConnection(), sync: true, queue: false, CancellationToken.None).GetAwaiter().GetResult();
        }
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context && !ContextTransaction.IsOpen(context))
        {
            await IndexPendingInTransactionAsync(context.Database.GetDbConnection(), sync: false, queue: false, cancellationToken);
        }
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Transaction is null && command.Connection is { } connection)
        {
            IndexPendingInTransactionAsync(connection, sync: true, queue: false, CancellationToken.None).GetAwaiter().GetResult();
        }
        return result;
    }

    public async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Transaction is null && command.Connection is { } connection)
        {
            await IndexPendingInTransactionAsync(connection, sync: false, queue: false, cancellationToken);
        }
        return result;
    }

    /// <summary>
    /// Indexes the practices still marked (committed by a writer that bypassed EF Core, or written earlier in the
    /// current transaction), so that what the search reads next is current; one short read when nothing is marked.
    /// </summary>
    public static async Task CatchUpAsync(ReginDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (ContextTransaction.Of(db) is { } transaction)
            {
                await IndexPendingAsync(connection, transaction, sync: false, cancellationToken);
            }
            else
            {
                await IndexPendingInTransactionAsync(connection, sync: false, queue: true, cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>What <see cref="IndexMarkedAsync"/> did.</summary>
    public enum MarkedIndexing
    {
        /// <summary>Nothing was marked: one short read, no lock taken.</summary>
        NothingMarked,

        /// <summary>The marked practices were indexed, and their marks removed, in one transaction.</summary>
        Indexed,

        /// <summary>
        /// Another connection outside this process's writer queue (another process: the mail ingester) held SQLite's write
        /// lock: nothing was done, and the queue's place was given back at once. Try again later.
        /// </summary>
        WriterBusy,
    }

    /// <summary>
    /// Indexes the practices marked (left by the chat turns' commits, see <see cref="LeaveToIndexer"/>) in one transaction
    /// of <paramref name="connection"/>'s own, taking its place in the process's writer queue (<see cref="SqliteWriteGate"/>)
    /// like any writer. One short read when nothing is marked. The transaction's BEGIN IMMEDIATE is tried once: when a
    /// writer outside the queue (another process) holds SQLite's write lock, it gives its place back at once and answers
    /// <see cref="MarkedIndexing.WriterBusy"/>, instead of sleeping in Microsoft.Data.Sqlite's busy retries (150 ms at a
    /// time, on a blocked thread) while every chat turn of this process waits behind it in the queue.
    /// </summary>
    public static async Task<MarkedIndexing> IndexMarkedAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is not SqliteConnection { Handle: { } handle })
        {
            return await IndexPendingInTransactionAsync(connection, sync: false, queue: true, cancellationToken) ? MarkedIndexing.Indexed : MarkedIndexing.NothingMarked;
        }
        if (!await AnythingPendingAsync(connection, null, sync: false, cancellationToken))
        {
            return MarkedIndexing.NothingMarked;
        }
        await using var place = await SqliteWriteGate.EnterAsync(connection, cancellationToken);
        // SQLite's own answer, without a busy handler (none on this connection) and without Microsoft.Data.Sqlite's retries.
        SQLitePCL.raw.sqlite3_busy_timeout(handle, 0);
        var begun = SQLitePCL.raw.sqlite3_exec(handle, "BEGIN IMMEDIATE;");
        if (begun is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED)
        {
            return MarkedIndexing.WriterBusy;
        }
        SqliteException.ThrowExceptionForRC(begun, handle);
        try
        {
            // The transaction is SQLite's, begun above (Microsoft.Data.Sqlite knows of none: its commands run with none).
            await IndexPendingAsync(connection, null, sync: false, cancellationToken);
            SqliteException.ThrowExceptionForRC(SQLitePCL.raw.sqlite3_exec(handle, "COMMIT;"), handle);
        }
        catch
        {
            if (SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0)
            {
                SQLitePCL.raw.sqlite3_exec(handle, "ROLLBACK;");
            }
            throw;
        }
        return MarkedIndexing.Indexed;
    }

    // Outside any transaction: looks first (a read, no lock), and indexes in a transaction of its own only when
    // something is marked, so that the marks removed are the ones indexed.
    // With queue, the transaction first takes its place in the writer queue (a writer outside EF Core's interceptors, which
    // would otherwise meet a turn's lock in SQLite's busy sleeps).
    private static async Task<bool> IndexPendingInTransactionAsync(DbConnection connection, bool sync, bool queue, CancellationToken cancellationToken)
    {
        if (!await AnythingPendingAsync(connection, null, sync, cancellationToken))
        {
            return false;
        }
        await using var place = queue && !sync ? await SqliteWriteGate.EnterAsync(connection, cancellationToken) : default;
        await using var transaction = sync ? connection.BeginTransaction() : await connection.BeginTransactionAsync(cancellationToken);
        await IndexPendingAsync(connection, transaction, sync, cancellationToken);
        if (sync)
        {
            transaction.Commit();
        }
        else
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return true;
    }

    internal static async Task IndexPendingAsync(DbConnection connection, DbTransaction? transaction, bool sync, CancellationToken cancellationToken)
    {
        if (!await AnythingPendingAsync(connection, transaction, sync, cancellationToken))
        {
            return;
        }
        if (!sync && StatementCache.Of(connection) is not null)
        {
            // A connection kept across chat turns: the three statements stay compiled from one commit to the next.
            await using var statement = PreparedStatement.Create(connection, transaction, null, IndexPending, []);
            await statement.ExecuteAsync(cancellationToken);
            return;
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = IndexPending;
        if (sync)
        {
            command.ExecuteNonQuery();
        }
        else
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<bool> AnythingPendingAsync(DbConnection connection, DbTransaction? transaction, bool sync, CancellationToken cancellationToken)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return false;
        }
        if (!sync && StatementCache.Of(connection) is not null)
        {
            try
            {
                await using var statement = PreparedStatement.Create(connection, transaction, null, AnyPending, []);
                return Convert.ToInt64(await statement.ScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) != 0;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 1 && e.Message.Contains("practice_search_pending", StringComparison.Ordinal))
            {
                return false;
            }
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = AnyPending;
        try
        {
            var found = sync ? command.ExecuteScalar() : await command.ExecuteScalarAsync(cancellationToken);
            return Convert.ToInt64(found, System.Globalization.CultureInfo.InvariantCulture) != 0;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1 && e.Message.Contains("practice_search_pending", StringComparison.Ordinal))
        {
            // A database migrated up to before SearchOncePerCommit (the migrations themselves commit through here).
            return false;
        }
    }
}
