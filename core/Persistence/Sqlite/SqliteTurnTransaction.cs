using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Regin.Core.Persistence.Sqlite;

/// <summary>
/// A kept SQLite chat turn's one transaction, begun and committed on its connection by Microsoft.Data.Sqlite alone
/// (session 50): the write gate's place taken first (as <see cref="SqliteWriteGate.TransactionInterceptor"/> takes it for
/// EF Core), then BEGIN IMMEDIATE; no EF Core transaction, its interceptors, events and wrapper on the turn's path. The
/// turn's statements find it through <see cref="ContextTransaction"/>; EF Core's own commands on the context are given it
/// (<see cref="CommandInterceptor"/>); a save of tracked entities runs in it once <see cref="AttachToEf"/> has handed it to
/// EF Core. Before its COMMIT the practices it marked are indexed, as <see cref="SqliteSearchIndex"/> does before EF Core's,
/// unless the connection leaves that to the indexer (<see cref="SqliteSearchIndex.LeaveToIndexer"/>: a host whose
/// checkpointer runs).
/// </summary>
public sealed class SqliteTurnTransaction
{
    private readonly ReginDbContext _db;
    private SqliteTransaction? _transaction;
    private SqliteWriteGate.Hold? _hold;
    private bool _attached;

    private SqliteTurnTransaction(ReginDbContext db, SqliteTransaction transaction, SqliteWriteGate.Hold hold)
    {
        _db = db;
        _transaction = transaction;
        _hold = hold;
    }

    /// <summary>Takes the connection's place in the write gate and begins (IMMEDIATE) on <paramref name="db"/>'s open connection.</summary>
    public static async Task<SqliteTurnTransaction> BeginAsync(ReginDbContext db, SqliteConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(connection);
        if (db.OwnTransaction is not null || db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("The context's connection is in a transaction already.");
        }
        var hold = await SqliteWriteGate.EnterAsync(connection, cancellationToken).ConfigureAwait(false);
        SqliteTransaction transaction;
        try
        {
            transaction = connection.BeginTransaction(deferred: false);
        }
        catch
        {
            hold.Dispose();
            throw;
        }
        db.OwnTransaction = transaction;
        return new(db, transaction, hold);
    }

    /// <summary>Hands the transaction to EF Core (a save of tracked entities runs in it); it stays this one's to end.</summary>
    public void AttachToEf()
    {
        if (!_attached && _transaction is { } transaction)
        {
            _db.Database.UseTransaction(transaction);
            _attached = true;
        }
    }

    /// <summary>Indexes what is marked (unless left to the indexer), then COMMIT; the place in the write gate given up. A commit that fails leaves it open until <see cref="Dispose"/> rolls it back.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        var transaction = _transaction ?? throw new InvalidOperationException("The turn's transaction has ended.");
        var connection = transaction.Connection;
        if (connection is not null && !SqliteSearchIndex.IsLeftToIndexer(connection))
        {
            await SqliteSearchIndex.IndexPendingAsync(connection, transaction, sync: false, cancellationToken).ConfigureAwait(false);
        }
        transaction.Commit();
        End();
        if (connection is not null)
        {
            Committed?.Invoke(connection);
        }
    }

    /// <summary>
    /// Raised after each commit of such a transaction, with its connection (EF Core's transaction events do not see it):
    /// what counts a unit's commits (the tests) counts these too.
    /// </summary>
    public static event Action<System.Data.Common.DbConnection>? Committed;

    /// <summary>Rolls back what is still open (nothing after a commit), forgets it and gives the place up; each step runs.</summary>
    public void Dispose()
    {
        try
        {
            _transaction?.Dispose();
        }
        finally
        {
            End();
        }
    }

    private void End()
    {
        try
        {
            if (_attached)
            {
                _attached = false;
                _db.Database.UseTransaction(null);
            }
        }
        finally
        {
            _transaction = null;
            _db.OwnTransaction = null;
            var hold = _hold;
            _hold = null;
            hold?.Dispose();
        }
    }

    /// <summary>EF Core's commands on a context in such a transaction run in it (EF Core gives them none of its own).</summary>
    internal sealed class CommandInterceptor : DbCommandInterceptor
    {
        public override System.Data.Common.DbCommand CommandInitialized(CommandEndEventData eventData, System.Data.Common.DbCommand result)
        {
            ArgumentNullException.ThrowIfNull(result);
            if (result.Transaction is null && eventData?.Context is ReginDbContext { OwnTransaction: { } own } && ReferenceEquals(own.Connection, result.Connection))
            {
                result.Transaction = own;
            }
            return result;
        }
    }
}
