using System.Data.Common;

namespace Regin.Core.Persistence;

/// <summary>
/// A few database connections kept open across units of work, each with the statements compiled on it
/// (<see cref="StatementCache"/>), for a unit of work that runs the same dozen statements again and again (a chat turn):
/// on SQLite a statement is compiled per connection object and finalized when that object closes, and a pooled
/// connection closes at the end of every unit of work, so every turn compiled all its statements again. A unit of work
/// borrows one (<see cref="Rent"/>: none when all are lent, or on a provider that keeps none), gives its context that
/// connection for the unit's length, and returns it once nothing of the unit uses it any more (<see cref="Return"/>). A
/// connection given back inside a transaction, or closed, is not kept. On PostgreSQL a kept connection holds one session
/// of the pool (its statements prepared on it by Npgsql): the pool hands its idle sessions out first in, first out, so
/// consecutive turns ran on each of its 25 sessions in turn, each server process cold (the turn's statements took 2-4
/// times their time on a session the turn before had used); the stack gives the next turn the session used last.
/// </summary>
public sealed class KeptConnections(ReginDatabaseProvider provider, Sqlite.SqliteCheckpointer? checkpointer = null) : IDisposable
{
    // Most recently given back first (a stack, not a bag): see Rent.
    private readonly Stack<DbConnection> _idle = new();
    private int _open;
    private long _refused;
    private volatile bool _disposed;

    /// <summary>How many connections may be kept open at once (the rest of the units of work use the pool as before).</summary>
    public int Capacity { get; init; } = provider.KeptConnectionCapacity;

    /// <summary>
    /// An open connection of one's own until <see cref="Return"/>, or null (none kept by this provider, or all lent): the
    /// one given back last. On SQLite a connection keeps its page cache and memory map only while no other connection has
    /// written since its last transaction (otherwise it drops both and reads every page again, through a new memory map:
    /// the page faults, the unmap's TLB flushes and the pages' re-reads were a large part of a turn's CPU). A bag handed
    /// out connections in no order, so consecutive turns of one chat usually ran on different connections; the last one
    /// given back has seen every write up to its own, and takes the next turn with its cache warm.
    /// </summary>
    public DbConnection? Rent()
    {
        if (_disposed)
        {
            return null;
        }
        if (TryTakeIdle(out var idle))
        {
            return idle;
        }
        if (Interlocked.Increment(ref _open) > Capacity)
        {
            Interlocked.Decrement(ref _open);
            return null;
        }
        try
        {
            var connection = provider.OpenKeptConnection();
            if (connection is null)
            {
                Interlocked.Decrement(ref _open);
                return null;
            }
            // The log's checkpoints are left to the checkpointer, if this process runs one (not in a chat turn's time).
            checkpointer?.Defer(connection);
            if (provider.KeptConnectionsCacheStatements)
            {
                StatementCache.Attach(connection);
            }
            return connection;
        }
        catch
        {
            Interlocked.Decrement(ref _open);
            throw;
        }
    }

    /// <summary>
    /// Takes back a connection <see cref="Rent"/> gave, once nothing uses it; one left in a transaction (or closed) is
    /// closed rather than kept.
    /// </summary>
    public void Return(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!provider.IsReusable(connection))
        {
            StatementCache.Of(connection)?.Close();
            provider.Discard(connection);
            Interlocked.Decrement(ref _open);
            return;
        }
        if (!_disposed)
        {
            lock (_idle)
            {
                _idle.Push(connection);
            }
            if (!_disposed)
            {
                return;
            }
            // Disposed meanwhile: whatever is idle now is closed here (or by Dispose).
            if (!TryTakeIdle(out var taken))
            {
                return;
            }
            connection = taken;
        }
        Close(connection);
    }

    /// <summary>
    /// <paramref name="connection"/> (one <see cref="Rent"/> gave, or a unit's own of the same database) was found broken
    /// (<see cref="ReginDatabaseProvider.IsBroken"/>): the idle kept connections are closed too, and the driver's idle
    /// sessions forgotten (<see cref="ReginDatabaseProvider.ForgetIdleSessions"/>). After a restart or a failover every
    /// one of them is broken, and Npgsql finds that out only by using it: each would fail a turn in turn. The next
    /// <see cref="Rent"/> opens a new session. Those lent meanwhile are kept if their units find them sound.
    /// </summary>
    public void Broken(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // Closed first (they go back to the driver's pool), then the pool forgotten: that closes them for good.
        while (TryTakeIdle(out var idle))
        {
            Close(idle);
        }
        provider.ForgetIdleSessions(connection);
    }

    /// <summary>
    /// Takes back a connection <see cref="Rent"/> gave that the unit of work could not use (its context's own connection
    /// was counted open still, so EF Core would not swap it), and counts it in <see cref="Refused"/>.
    /// </summary>
    public void Refuse(DbConnection connection)
    {
        Interlocked.Increment(ref _refused);
        Return(connection);
    }

    /// <summary>How many times a unit of work could not use the connection it borrowed (<see cref="Refuse"/>): none, unless a context came back to the pool with its connection counted open.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Closes the idle connections (the file is then free to be removed); those still lent are closed when given back.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (TryTakeIdle(out var connection))
        {
            Close(connection);
        }
    }

    private bool TryTakeIdle([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DbConnection? connection)
    {
        lock (_idle)
        {
            return _idle.TryPop(out connection);
        }
    }

    private void Close(DbConnection connection)
    {
        StatementCache.Of(connection)?.Close();
        connection.Dispose();
        Interlocked.Decrement(ref _open);
    }
}
