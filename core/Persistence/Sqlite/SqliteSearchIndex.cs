using System.Data.Common;
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

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        IndexPendingAsync(transaction.Connection!, transaction, sync: true, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await IndexPendingAsync(transaction.Connection!, transaction, sync: false, cancellationToken);
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null)
        {
            IndexPendingInTransactionAsync(context.Database.GetDbConnection(), sync: true, CancellationToken.None).GetAwaiter().GetResult();
        }
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null)
        {
            await IndexPendingInTransactionAsync(context.Database.GetDbConnection(), sync: false, cancellationToken);
        }
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Transaction is null && command.Connection is { } connection)
        {
            IndexPendingInTransactionAsync(connection, sync: true, CancellationToken.None).GetAwaiter().GetResult();
        }
        return result;
    }

    public async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Transaction is null && command.Connection is { } connection)
        {
            await IndexPendingInTransactionAsync(connection, sync: false, cancellationToken);
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
            if (db.Database.CurrentTransaction?.GetDbTransaction() is { } transaction)
            {
                await IndexPendingAsync(connection, transaction, sync: false, cancellationToken);
            }
            else
            {
                await IndexPendingInTransactionAsync(connection, sync: false, cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // Outside any transaction: looks first (a read, no lock), and indexes in a transaction of its own only when
    // something is marked, so that the marks removed are the ones indexed.
    private static async Task IndexPendingInTransactionAsync(DbConnection connection, bool sync, CancellationToken cancellationToken)
    {
        if (!await AnythingPendingAsync(connection, null, sync, cancellationToken))
        {
            return;
        }
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
    }

    private static async Task IndexPendingAsync(DbConnection connection, DbTransaction transaction, bool sync, CancellationToken cancellationToken)
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
