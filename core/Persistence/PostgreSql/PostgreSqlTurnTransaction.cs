using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Regin.Core.Persistence.PostgreSql;

/// <summary>
/// A kept PostgreSQL chat turn's one transaction without EF Core's or Npgsql's transaction object (session 51): its
/// <c>BEGIN</c> waits at the head of the connection's <see cref="ConnectionPrelude"/> and goes with the turn's first
/// statement (the conversation's lock, the state read: one round trip), instead of Npgsql's simple-query BEGIN, which the
/// server answers and flushes on its own (a second reply, the host woken twice). Its COMMIT goes with the turn's last
/// batch (<see cref="WriteBatch.ExecuteAndCommitAsync"/>: Npgsql follows the session's transaction status) or, failing
/// that, alone (<see cref="CommitAsync"/>). The turn's statements find it through <see cref="ContextTransaction"/> (open,
/// with no driver transaction: they run on the session's); EF Core begins no transaction of its own meanwhile
/// (<see cref="Microsoft.EntityFrameworkCore.AutoTransactionBehavior.Never"/>: a save of tracked entities runs in this
/// one, without EF Core's savepoint). A turn that fails ends it with <see cref="RollbackAsync"/>: ROLLBACK once its BEGIN
/// went, nothing before.
/// </summary>
public sealed class PostgreSqlTurnTransaction
{
    private readonly ReginDbContext _db;
    private readonly NpgsqlConnection _connection;
    private readonly ConnectionPrelude.Statement _begin = new("BEGIN", []);
    private readonly AutoTransactionBehavior _autoTransactions;
    private bool _ended;

    private PostgreSqlTurnTransaction(ReginDbContext db, NpgsqlConnection connection)
    {
        _db = db;
        _connection = connection;
        _autoTransactions = db.Database.AutoTransactionBehavior;
    }

    /// <summary>Begins it on <paramref name="db"/>'s open connection: its BEGIN to go ahead of whatever runs there next.</summary>
    public static PostgreSqlTurnTransaction Begin(ReginDbContext db, NpgsqlConnection connection)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(connection);
        if (ContextTransaction.IsOpen(db))
        {
            throw new InvalidOperationException("The context's connection is in a transaction already.");
        }
        var own = new PostgreSqlTurnTransaction(db, connection);
        ConnectionPrelude.AddFirst(connection, own._begin);
        db.OwnBegun = own;
        db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        return own;
    }

    /// <summary>Whether its BEGIN has gone to the server (taken from the prelude by a statement).</summary>
    public bool Sent => !ConnectionPrelude.IsWaiting(_connection, _begin);

    /// <summary>Forgets it: its COMMIT went with a batch that succeeded, or a new session found that it committed.</summary>
    public void Committed() => End();

    /// <summary>COMMIT alone (after the turn's last statements ran), or nothing when its BEGIN never went; then forgotten.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            throw new InvalidOperationException("The turn's transaction has ended.");
        }
        if (Sent)
        {
            await using var commit = new NpgsqlCommand("COMMIT", _connection);
            await commit.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Nothing ran in it: nothing to commit (what waited behind the BEGIN is the caller's to have run or cleared).
            ConnectionPrelude.Clear(_connection);
        }
        End();
    }

    /// <summary>
    /// Ends it undone: what waits on the connection is forgotten, and a ROLLBACK goes once its BEGIN went (on a session
    /// still open: a broken one is discarded by its owner, its transaction with it). Never throws for the ROLLBACK itself.
    /// </summary>
    public async Task RollbackAsync()
    {
        if (_ended)
        {
            return;
        }
        var sent = Sent;
        ConnectionPrelude.Clear(_connection);
        End();
        if (!sent || _connection.FullState != System.Data.ConnectionState.Open)
        {
            return;
        }
        try
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK", _connection);
            await rollback.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The session broke on the way: the server ends its transaction with it; its owner finds it broken.
        }
    }

    private void End()
    {
        if (_ended)
        {
            return;
        }
        _ended = true;
        if (ReferenceEquals(_db.OwnBegun, this))
        {
            _db.OwnBegun = null;
        }
        _db.Database.AutoTransactionBehavior = _autoTransactions;
    }
}
