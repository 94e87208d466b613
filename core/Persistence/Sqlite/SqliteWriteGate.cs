using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Regin.Core.Persistence.Sqlite;

/// <summary>
/// The queue of this process's writers to one SQLite file. SQLite has one writer at a time; a second one gets
/// SQLITE_BUSY, on which Microsoft.Data.Sqlite sleeps 150 ms (Thread.Sleep, a blocked pool thread) and tries again. With
/// a hundred chats answering at once that was most of a reply's time: writers slept in 150 ms steps while the lock was
/// free again after a few milliseconds, and the sleeping threads starved the thread pool (every request waited).
/// Here every transaction (IMMEDIATE on SQLite: it takes the write lock) and every save outside one first waits its turn
/// asynchronously, first come first served, and holds its place until it ends: no thread waits, the next writer starts
/// the moment the previous one commits. Held per connection, so a save inside the connection's own transaction (a chat
/// turn's) goes on. Another process on the same file (the mail ingester) still meets SQLite's own busy handling.
/// A writer keeps its place for as long as the queue moves, however long the line ahead of it: only when the writer
/// holding the place has held it for longer than the connection's timeout (a writer that hangs) do the waiting ones go on
/// without their place, as before this queue. (Until session 6 each waiter gave up after the timeout of its own wait: on
/// an overloaded machine a line longer than 30 s then sent every writer at once into SQLite's busy sleeps, which slowed
/// the line further, so that nothing finished.)
/// </summary>
internal sealed class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SqliteWriteGate?> ByConnectionString = new(StringComparer.Ordinal);
    private static readonly ConditionalWeakTable<DbConnection, Holder> Holders = [];

    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource<bool>> _waiting = [];
    private bool _held;
    private long _heldSince;

    /// <summary>
    /// The gate of the database <paramref name="connection"/> opens, by its connection string (the provider makes the file's
    /// path absolute, so one database has one string in a process); none for a private in-memory database (each
    /// connection has its own).
    /// </summary>
    private static SqliteWriteGate? For(DbConnection connection) =>
        ByConnectionString.GetOrAdd(connection.ConnectionString, text =>
        {
            var builder = new SqliteConnectionStringBuilder(text);
            var privateMemory = builder.DataSource is "" or ":memory:" && builder.Mode != SqliteOpenMode.Memory;
            return privateMemory ? null : new SqliteWriteGate();
        });

    private static TimeSpan Timeout(DbConnection connection) =>
        TimeSpan.FromSeconds(connection is SqliteConnection { DefaultTimeout: > 0 } sqlite ? sqlite.DefaultTimeout : 30);

    /// <summary>Waits for this connection's place in the queue (at once when it holds it already); dispose to give it up.</summary>
    public static async ValueTask<Hold> EnterAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var holder = Holders.GetValue(connection, _ => new Holder());
        if (holder.TryReenter())
        {
            return new Hold(holder);
        }
        if (For(connection) is not { } gate)
        {
            return default;
        }
        var entered = await gate.WaitAsync(Timeout(connection), cancellationToken).ConfigureAwait(false);
        return entered ? holder.Entered(gate) : default;
    }

    /// <summary>The same for synchronous callers (their thread waits, as it did for SQLite's busy retries).</summary>
    public static Hold Enter(DbConnection connection)
    {
        var holder = Holders.GetValue(connection, _ => new Holder());
        if (holder.TryReenter())
        {
            return new Hold(holder);
        }
        return For(connection) is { } gate && gate.Wait(Timeout(connection)) ? holder.Entered(gate) : default;
    }

    /// <summary>True with the place; false when the writer holding it has held it longer than <paramref name="timeout"/>.</summary>
    private async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Queue() is not { } waiter)
        {
            return true;
        }
        try
        {
            while (true)
            {
                var left = HolderTimeLeft(timeout);
                if (left <= TimeSpan.Zero && GiveUp(waiter))
                {
                    return false;
                }
                try
                {
                    return await waiter.Task.WaitAsync(left > TimeSpan.Zero ? left : timeout, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // The writer ahead may have moved on meanwhile: its successor's time starts afresh.
                }
            }
        }
        catch (OperationCanceledException)
        {
            Abandon(waiter);
            throw;
        }
    }

    private bool Wait(TimeSpan timeout)
    {
        if (Queue() is not { } waiter)
        {
            return true;
        }
        while (true)
        {
            var left = HolderTimeLeft(timeout);
            if (left <= TimeSpan.Zero && GiveUp(waiter))
            {
                return false;
            }
            if (waiter.Task.Wait(left > TimeSpan.Zero ? left : timeout))
            {
                return true;
            }
        }
    }

    /// <summary>Takes the place when it is free (null), or joins the line.</summary>
    private TaskCompletionSource<bool>? Queue()
    {
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                _heldSince = Stopwatch.GetTimestamp();
                return null;
            }
            // Its continuation runs on the pool, not inside the commit of the writer that hands the place on.
            var waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.AddLast(waiter);
            return waiter;
        }
    }

    /// <summary>How long the writer holding the place may still hold it before the waiting ones stop waiting for it.</summary>
    private TimeSpan HolderTimeLeft(TimeSpan timeout)
    {
        lock (_lock)
        {
            return _held ? timeout - Stopwatch.GetElapsedTime(_heldSince) : timeout;
        }
    }

    /// <summary>Leaves the line to go on without a place; false when the place was handed to this waiter meanwhile.</summary>
    private bool GiveUp(TaskCompletionSource<bool> waiter)
    {
        lock (_lock)
        {
            return _waiting.Remove(waiter);
        }
    }

    /// <summary>A cancelled waiter leaves the line, or passes on the place it was handed meanwhile.</summary>
    private void Abandon(TaskCompletionSource<bool> waiter)
    {
        if (!GiveUp(waiter))
        {
            Release();
        }
    }

    /// <summary>Hands the place to the first in line, or frees it.</summary>
    private void Release()
    {
        TaskCompletionSource<bool>? next = null;
        lock (_lock)
        {
            if (_waiting.First is { } first)
            {
                next = first.Value;
                _waiting.RemoveFirst();
                _heldSince = Stopwatch.GetTimestamp();
            }
            else
            {
                _held = false;
            }
        }
        next?.SetResult(true);
    }

    /// <summary>A place in the queue (or a nested hold of it); disposing it more than once gives it up once.</summary>
    public readonly struct Hold : IDisposable, IAsyncDisposable
    {
        private readonly Holder? _holder;
        private readonly Once? _once;

        internal Hold(Holder holder)
        {
            _holder = holder;
            _once = new Once();
        }

        public bool IsHeld => _holder is not null;

        public void Dispose()
        {
            if (_holder is not null && _once!.First())
            {
                _holder.Leave();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }

    internal sealed class Once
    {
        private int _done;

        public bool First() => Interlocked.Exchange(ref _done, 1) == 0;
    }

    /// <summary>One connection's holds: the first takes the place in the queue, the last gives it up.</summary>
    internal sealed class Holder
    {
        private readonly Lock _lock = new();
        private SqliteWriteGate? _gate;
        private int _count;

        /// <summary>The hold a transaction being started took (handed to the transaction when it exists).</summary>
        public Hold? PendingTransaction { get; set; }

        public bool TryReenter()
        {
            lock (_lock)
            {
                if (_count == 0)
                {
                    return false;
                }
                _count++;
                return true;
            }
        }

        public Hold Entered(SqliteWriteGate gate)
        {
            lock (_lock)
            {
                _gate = gate;
                _count = 1;
            }
            return new Hold(this);
        }

        public void Leave()
        {
            SqliteWriteGate? released = null;
            lock (_lock)
            {
                if (--_count == 0)
                {
                    released = _gate;
                    _gate = null;
                }
            }
            released?.Release();
        }
    }

    internal static Holder? HolderOf(DbConnection connection) => Holders.TryGetValue(connection, out var holder) ? holder : null;

    /// <summary>
    /// Takes the place before BEGIN (IMMEDIATE) and begins; the transaction created then carries the place until it ends.
    /// A BEGIN that fails gives it up at once.
    /// </summary>
    internal sealed class TransactionInterceptor : DbTransactionInterceptor
    {
        public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
            InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(connection);
            ArgumentNullException.ThrowIfNull(eventData);
            return result.HasResult ? result : Begin(connection, eventData, await EnterAsync(connection, cancellationToken).ConfigureAwait(false));
        }

        public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
        {
            ArgumentNullException.ThrowIfNull(connection);
            ArgumentNullException.ThrowIfNull(eventData);
            return result.HasResult ? result : Begin(connection, eventData, Enter(connection));
        }

        private static InterceptionResult<DbTransaction> Begin(DbConnection connection, TransactionStartingEventData eventData, Hold hold)
        {
            DbTransaction transaction;
            try
            {
                // Microsoft.Data.Sqlite begins synchronously in its async method too.
                transaction = connection.BeginTransaction(eventData.IsolationLevel);
            }
            catch
            {
                hold.Dispose();
                throw;
            }
            Holders.GetValue(connection, _ => new Holder()).PendingTransaction = hold;
            return InterceptionResult<DbTransaction>.SuppressWithResult(transaction);
        }
    }

    internal static Hold? TakePending(DbConnection connection)
    {
        var holder = HolderOf(connection);
        var pending = holder?.PendingTransaction;
        if (holder is not null)
        {
            holder.PendingTransaction = null;
        }
        return pending;
    }
}

/// <summary>Creates transactions that give up the connection's place in <see cref="SqliteWriteGate"/> when they end.</summary>
internal sealed class SqliteGatedTransactionFactory(RelationalTransactionFactoryDependencies dependencies) : RelationalTransactionFactory(dependencies)
{
    public override RelationalTransaction Create(IRelationalConnection connection, DbTransaction transaction, Guid transactionId,
        IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger, bool transactionOwned)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var hold = SqliteWriteGate.TakePending(connection.DbConnection);
        return new SqliteGatedTransaction(connection, transaction, transactionId, logger, transactionOwned, Dependencies.SqlGenerationHelper, hold);
    }

    private sealed class SqliteGatedTransaction(IRelationalConnection connection, DbTransaction transaction, Guid transactionId,
        IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger, bool transactionOwned, ISqlGenerationHelper sqlGenerationHelper, SqliteWriteGate.Hold? hold)
        : RelationalTransaction(connection, transaction, transactionId, logger, transactionOwned, sqlGenerationHelper)
    {
        // A commit that failed leaves the transaction open (and the write lock held) until it is rolled back or disposed.
        public override void Commit()
        {
            base.Commit();
            hold?.Dispose();
        }

        public override async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            await base.CommitAsync(cancellationToken).ConfigureAwait(false);
            hold?.Dispose();
        }

        public override void Rollback()
        {
            try
            {
                base.Rollback();
            }
            finally
            {
                hold?.Dispose();
            }
        }

        public override async Task RollbackAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                await base.RollbackAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                hold?.Dispose();
            }
        }

        public override void Dispose()
        {
            try
            {
                base.Dispose();
            }
            finally
            {
                hold?.Dispose();
            }
        }

        public override async ValueTask DisposeAsync()
        {
            try
            {
                await base.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                hold?.Dispose();
            }
        }
    }
}
