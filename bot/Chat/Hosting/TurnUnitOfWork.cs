using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Sqlite;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// One database unit of work per chat turn: one service scope (so the raw-input log, the chat state, the engine's intake
/// and the Direct Line transcript share one DbContext, and what one part has read the others do not read again) and one
/// transaction, opened by the turn's first write (reads before it take no lock; IMMEDIATE on SQLite) and committed when
/// the turn ends, so the raw input, the answers and their events, the state and the replies are stored together or not
/// at all. What must survive a failed turn (the raw input) is stored again on its own after the rollback; what must
/// happen only once it is stored (telling the Direct Line streams) runs after the commit.
/// <see cref="TurnUnitOfWorkMiddleware"/> opens it; the parts find it in <see cref="Current"/> (they are reached through
/// the Bot Framework's interfaces, which carry no scope).
/// </summary>
public sealed class TurnUnitOfWork : IAsyncDisposable
{
    private static readonly AsyncLocal<TurnUnitOfWork?> Ambient = new();

    private readonly AsyncServiceScope _scope;
    private readonly List<Func<CancellationToken, Task>> _beforeCommit = [];
    private readonly List<Func<CancellationToken, Task>> _afterCommit = [];
    private readonly Dictionary<Type, object> _parts = [];
    private readonly List<Func<IServiceProvider, CancellationToken, Task>> _afterRollback = [];
    private KeptConnections? _keptConnections;
    private System.Data.Common.DbConnection? _kept;
    private string? _ownConnectionString;
    private bool _opened;
    private IDbContextTransaction? _transaction;
    // A kept SQLite turn's transaction, begun and committed without EF Core (SqliteTurnTransaction); then _transaction is null.
    private SqliteTurnTransaction? _own;
    // A kept PostgreSQL turn's transaction, its BEGIN sent with the turn's first statement (PostgreSqlTurnTransaction); then _transaction is null.
    private Regin.Core.Persistence.PostgreSql.PostgreSqlTurnTransaction? _pg;
    private IDisposable? _rehearsal;
    // Whether all the unit's writes went in the transaction begun before the turn's work (the conversation's lock), and
    // whether its COMMIT has been sent: until then a failure leaves nothing of the unit stored (see MayHaveCommitted).
    private bool _wholeInTransaction;
    private bool _commitSent;
    private bool _sessionForgotten;

    private TurnUnitOfWork(AsyncServiceScope scope)
    {
        _scope = scope;
        Db = _scope.ServiceProvider.GetRequiredService<ReginDbContext>();
    }

    /// <summary>
    /// The turn's unit of work with its connection open: one connection for the whole turn (a connection per statement
    /// paid the pool and SQLite's per-connection pragmas a dozen times a turn). It is a connection kept open across turns
    /// when one is free (<see cref="KeptConnections"/>: on SQLite its statements stay compiled; on PostgreSQL the next turn
    /// runs on the session, and the server process, the last one used); otherwise the context's own. Whatever happens after this returns, <see cref="DisposeAsync"/> closes what this opened, gives the
    /// context its own connection back and the kept one back to <see cref="KeptConnections"/>; if this throws, it has
    /// done so already.
    /// </summary>
    internal static async Task<TurnUnitOfWork> OpenAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        // A rehearsal's database serves one unit at a time (a unit opened within a turn's is part of that turn).
        var rehearsal = Current is null ? await ChatRehearsal.TakeDatabaseAsync(cancellationToken) : null;
        var scope = scopes.CreateAsyncScope();
        TurnUnitOfWork unit;
        try
        {
            unit = new TurnUnitOfWork(scope) { _rehearsal = rehearsal };
        }
        catch
        {
            await scope.DisposeAsync();
            rehearsal?.Dispose();
            throw;
        }
        try
        {
            unit.BorrowKeptConnection();
            unit.Db.SavingChanges += unit.BeginOnFirstWrite;
            // Writes that bypass SaveChanges (the draft's rows, the raw input) join the turn's transaction the same way.
            unit.Services.GetRequiredService<UnitTransaction>().Join = unit.BeginWriteAsync;
            // Opened once for the turn and closed once at its end (DisposeAsync): EF Core counts the opens of a context's
            // connection, and a pooled context whose count was left above zero keeps it (its reset closes the connection
            // but not the count), so it could never take a kept connection again.
            await unit.Db.Database.OpenConnectionAsync(cancellationToken);
            unit._opened = true;
            return unit;
        }
        catch
        {
            await unit.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Gives the context a kept connection for the turn, if one is free; in the chat warm-up's rehearsal, the
    /// rehearsal's private database (<see cref="ChatRehearsal"/>), never a connection of the real one.
    /// </summary>
    private void BorrowKeptConnection()
    {
        if (ChatRehearsal.Database is { } rehearsal)
        {
            _ownConnectionString = Db.Database.GetConnectionString();
            Db.Database.SetDbConnection(rehearsal, contextOwnsConnection: false);
            _kept = rehearsal;
            return;
        }
        var keptConnections = Services.GetService<KeptConnections>();
        if (keptConnections?.Rent() is not { } kept)
        {
            return;
        }
        var ownConnectionString = Db.Database.GetConnectionString();
        try
        {
            Db.Database.SetDbConnection(kept, contextOwnsConnection: false);
        }
        catch (InvalidOperationException)
        {
            // The context's own connection is counted open still (someone outside a turn opened it and did not close it;
            // EF Core refuses to swap a connection in use): the turn runs on the context's own, and the refusal is counted
            // (KeptConnections.Refused), for it is a bug elsewhere.
            keptConnections.Refuse(kept);
            return;
        }
        _keptConnections = keptConnections;
        _kept = kept;
        _ownConnectionString = ownConnectionString;
    }

    /// <summary>The unit of the turn running in this async flow, if any.</summary>
    public static TurnUnitOfWork? Current => Ambient.Value;

    /// <summary>The turn's services: its DbContext, IntakeService, ConversationEngine.</summary>
    public IServiceProvider Services => _scope.ServiceProvider;

    public ReginDbContext Db { get; }

    /// <summary>
    /// The chat state this turn has read or written: each key's stored ETag, or null when no row exists, so a write knows
    /// the version it replaces without reading it again (and without EF's change tracker).
    /// </summary>
    internal Dictionary<string, string?> ChatStateETags { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The contributor the turn is for, when known before the engine runs (a message's sender): the turn's first read of
    /// its chat state fetches the version of their open draft with it (<see cref="Regin.Core.Intake.IntakeService.AddOpenDraftVersion"/>).
    /// </summary>
    internal Regin.Core.Intake.ContributorKey? Contributor { get; set; }

    /// <summary>The practice the turn worked on, once the bot knows it (the raw-input log files the turn's message with it).</summary>
    internal Guid? PracticeId { get; set; }

    /// <summary>
    /// The conversation's progress the bot works on: put in the turn state only when the turn fails, for its apology
    /// (ReginBotPipeline), not on every turn (the turn state's keys are hashed through ICU, case and culture folded).
    /// </summary>
    internal Regin.Core.Conversation.ConversationProgress? Progress { get; set; }

    /// <summary>Whether the turn's chat state has been read once already (the first read takes the draft's version along).</summary>
    internal bool StateRead { get; set; }

    /// <summary>
    /// What this host kept of the conversation's last committed turn (<see cref="Storage.TurnStateCache"/>), for the turn to
    /// read instead of the database; null when the turn reads the database (no entry, or a turn that may not run again).
    /// </summary>
    internal Storage.TurnStateCache.Entry? Kept { get; set; }

    /// <summary>The chat state keys the turn took from <see cref="Kept"/> (each written with its ETag checked, or checked before the commit).</summary>
    internal HashSet<string> KeptKeysUsed { get; } = new(StringComparer.Ordinal);

    /// <summary>The chat state keys the turn wrote (or deleted).</summary>
    internal HashSet<string> ChatStateWritten { get; } = new(StringComparer.Ordinal);

    /// <summary>Each chat state document as the database holds it once the turn commits (as read, or as written; null: no row).</summary>
    internal Dictionary<string, string?> ChatStateDocuments { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether the turn's COMMIT goes in one batch with what waits on its connection, checked by the database before it
    /// runs (<see cref="WriteBatch.ExecuteAndCommitAsync"/>: PostgreSQL, a transaction begun before the work): a check
    /// waiting there needs no round trip of its own before the commit.
    /// </summary>
    internal bool CommitCarriesChecks => (_transaction is not null || _pg is not null) && _wholeInTransaction && WriteBatch.For(Db) is not null && Db.Provider().CommitStatement is not null;

    /// <summary>Whether what the turn stored is not to be kept by the host after its commit (an erasure follows it).</summary>
    internal bool KeepsNothing { get; set; }

    /// <summary>
    /// <paramref name="statement"/> (the conversation's lock) runs on the turn's connection before anything else, sent with
    /// the first statement (<see cref="ConnectionPrelude"/>); forgotten if the turn ends first.
    /// </summary>
    internal void RunFirst(ConnectionPrelude.Statement statement)
    {
        _connection = Db.Database.GetDbConnection();
        ConnectionPrelude.Add(_connection, statement);
    }

    private System.Data.Common.DbConnection? _connection;

    /// <summary>
    /// Begins the turn's transaction before its work (for the conversation's lock): every write of the turn then goes in
    /// it (the parts that would commit a transaction of their own join it instead), so none is stored before its COMMIT.
    /// </summary>
    internal async Task BeginBeforeWorkAsync(CancellationToken cancellationToken)
    {
        if (_keptConnections is not null && _kept is Npgsql.NpgsqlConnection postgres && !ContextTransaction.IsOpen(Db))
        {
            // A kept PostgreSQL session (session 51): the BEGIN goes with the turn's first statement (the lock is put
            // behind it), one round trip and one reply, not Npgsql's BEGIN answered apart; no EF Core transaction.
            _connection = postgres;
            _pg = Regin.Core.Persistence.PostgreSql.PostgreSqlTurnTransaction.Begin(Db, postgres);
        }
        else
        {
            await BeginWriteAsync(cancellationToken);
        }
        _wholeInTransaction = _transaction is not null || _own is not null || _pg is not null;
    }

    /// <summary>
    /// Whether something of the unit may be stored although it failed: its COMMIT was sent (a session that breaks then
    /// leaves the outcome unknown: the server may have committed before it ended), or some of its writes went outside
    /// the one transaction begun before its work.
    /// </summary>
    internal bool MayHaveCommitted => _commitSent || !_wholeInTransaction;

    /// <summary>
    /// Whether the unit's COMMIT was sent and every write of it went in the one transaction begun before its work: after
    /// a lost session its outcome is unknown, but whole (all stored or nothing), so one row of it tells it
    /// (<see cref="Input"/>: <see cref="TurnUnitOfWorkMiddleware"/> asks a new session).
    /// </summary>
    internal bool CommitSentWhole => _commitSent && _wholeInTransaction;

    /// <summary>
    /// The turn's message as it is stored with the turn (<see cref="RawInputMiddleware"/>; its time of receipt set once
    /// its INSERT is on its way): found in the database after a lost session, it says the turn committed.
    /// </summary>
    internal Regin.Core.Persistence.Entities.RawInput? Input { get; set; }

    /// <summary>
    /// The unit's session was lost after its COMMIT was sent, and a new session found that the commit took effect: the
    /// unit ends as committed (its transaction forgotten, what runs after a commit run), not as failed.
    /// </summary>
    internal async Task CommittedAfterAllAsync()
    {
        ConnectionPrelude.Clear(Db.Database.GetDbConnection());
        _pg?.Committed();
        _pg = null;
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
            _transaction = null;
        }
        Db.ChangeTracker.Clear();
        Services.GetService<Regin.Core.Persistence.PostgreSql.PostgreSqlSearchIndexer>()?.Committed();
        foreach (var action in _afterCommit)
        {
            await action(CancellationToken.None);
        }
    }

    /// <summary>
    /// Whether <paramref name="failure"/> is the turn's database session ending under it: a database error (or one
    /// wrapping it) and the turn's connection no longer open (<see cref="ReginDatabaseProvider.IsBroken"/>: a PostgreSQL
    /// session the server ended; never on SQLite, nor in a rehearsal, whose database is its own).
    /// </summary>
    internal bool LostSession(Exception failure)
    {
        if (ChatRehearsal.IsRunning || !IsDatabaseError(failure))
        {
            return false;
        }
        var connection = _connection ?? Db.Database.GetDbConnection();
        return Services.GetRequiredService<ReginDatabaseProvider>().IsBroken(connection);
    }

    /// <summary>
    /// Once the turn's session was found lost (<see cref="LostSession"/>): the host's other idle sessions go too, kept and
    /// pooled (<see cref="KeptConnections.Broken"/>), so what runs next (the turn again, or the raw input stored after its
    /// rollback) opens a new one instead of another the server ended. The lost one is discarded when given back.
    /// </summary>
    internal void ForgetLostSessions()
    {
        if (_sessionForgotten)
        {
            return;
        }
        _sessionForgotten = true;
        var connection = _connection ?? Db.Database.GetDbConnection();
        if (Services.GetService<KeptConnections>() is { } kept)
        {
            kept.Broken(connection);
        }
        else
        {
            Services.GetRequiredService<ReginDatabaseProvider>().ForgetIdleSessions(connection);
        }
    }

    private static bool IsDatabaseError(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Begins the turn's transaction now, for a write that does not go through SaveChanges.</summary>
    internal async Task BeginWriteAsync(CancellationToken cancellationToken)
    {
        if (ContextTransaction.IsOpen(Db))
        {
            return;
        }
        if (_keptConnections is not null && _kept is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            // A kept SQLite connection: BEGIN IMMEDIATE and COMMIT by Microsoft.Data.Sqlite alone, in the write gate's queue
            // as EF Core's would be; the turn's statements find it through ContextTransaction.
            _own = await SqliteTurnTransaction.BeginAsync(Db, sqlite, cancellationToken);
            return;
        }
        _transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="action"/> when the turn has done its work, after its tracked changes are saved and just before
    /// its transaction commits (not at all if the turn fails): a part that gathers rows during the turn writes them there,
    /// in one statement, so the turn holds the database's one writer for its statements, not while it works out what they are.
    /// </summary>
    public void BeforeCommit(Func<CancellationToken, Task> action) => _beforeCommit.Add(action);

    /// <summary>
    /// The turn's one <typeparamref name="T"/>: made by <paramref name="create"/> on the first call, the same object after
    /// (what a part gathers for the whole turn, such as the transcript rows written before the commit).
    /// </summary>
    internal T Part<T>(Func<T> create) where T : class
    {
        if (!_parts.TryGetValue(typeof(T), out var part))
        {
            part = create();
            _parts[typeof(T)] = part;
        }
        return (T)part;
    }

    private List<Func<Exception, bool>>? _runAgainOn;

    /// <summary>
    /// A failure of the unit that <paramref name="again"/> says true of (and may act on) undoes it whole and runs the turn
    /// again, as a practice's stale stamp does, where the turn may run again (<see cref="UnitTransaction.WritesMayWaitForCommit"/>):
    /// a Direct Line transcript position taken by another host meanwhile.
    /// </summary>
    internal void RunAgainOn(Func<Exception, bool> again) => (_runAgainOn ??= []).Add(again);

    /// <summary>Whether a part of the turn asked for it to run again after <paramref name="failure"/> (<see cref="RunAgainOn"/>).</summary>
    internal bool RunsAgainAfter(Exception failure)
    {
        var again = false;
        foreach (var asks in _runAgainOn ?? [])
        {
            again |= asks(failure);
        }
        return again;
    }

    /// <summary>Runs <paramref name="action"/> once the turn's changes are committed (not at all if the turn fails).</summary>
    public void AfterCommit(Func<CancellationToken, Task> action) => _afterCommit.Add(action);

    /// <summary>Runs <paramref name="action"/> in a fresh scope when the turn fails and its changes are rolled back.</summary>
    public void AfterRollback(Func<IServiceProvider, CancellationToken, Task> action) => _afterRollback.Add(action);

    /// <summary>
    /// Whether the input of a failed turn may be kept on its own after the rollback (<see cref="RawInputMiddleware"/>);
    /// set by a part of the turn that checks who may post there (the local Direct Line: a token's post to a conversation
    /// that is not its user's keeps nothing, even when the turn failed for another reason before its check ran). Asked
    /// outside the unit, after the rollback. Null: always kept.
    /// </summary>
    public Func<CancellationToken, Task<bool>>? KeepsInputAfterRollback { get; set; }

    internal static TurnUnitOfWork? Enter(TurnUnitOfWork? unit)
    {
        var previous = Ambient.Value;
        Ambient.Value = unit;
        return previous;
    }

    internal async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (Services.GetService<UnitTransaction>()?.FailedCheck is { } failed)
        {
            // Writes that waited for the commit failed their check on the way (and are gone), whoever caught that: not committed.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed);
        }
        // What the turn's parts left tracked is saved (both scan the tracked entities once). A turn whose writes went
        // through its own statements (the draft's rows, the chat state, the message) tracks nothing: with its
        // transaction open, a save would only raise its events and find nothing to write (without one, SQLite's search
        // index still catches up after a save: SqliteSearchIndex.SavedChangesAsync).
        if (!ContextTransaction.IsOpen(Db) || Tracks(Db))
        {
            await Db.SaveChangesAsync(cancellationToken);
        }
        // After the tracked rows (a new Direct Line conversation's row comes before its transcript's).
        foreach (var action in _beforeCommit)
        {
            await action(cancellationToken);
        }
        if ((_pg is not null || (_transaction is not null && Db.Database.CurrentTransaction == _transaction)) && ConnectionPrelude.IsPending(Db.Database.GetDbConnection())
            && WriteBatch.For(Db) is { } last && await SendsCommitAsync(last, cancellationToken))
        {
            // PostgreSQL: what still waited (the chat state's writes, the message) went with the COMMIT, in one round trip;
            // the transaction is committed already, and ends without a statement.
            if (_pg is { } pg)
            {
                pg.Committed();
                _pg = null;
            }
            else
            {
                await _transaction!.DisposeAsync();
                _transaction = null;
            }
            Services.GetService<Regin.Core.Persistence.PostgreSql.PostgreSqlSearchIndexer>()?.Committed();
        }
        // What still waits to go with a next statement (the chat state's writes: ConnectionPrelude) goes now, checked.
        await FlushAsync(cancellationToken);
        if (_own is { } own)
        {
            _commitSent = true;
            // A COMMIT that fails leaves it open: the unit's rollback or disposal ends it.
            await own.CommitAsync(cancellationToken);
            _own = null;
            Services.GetService<SqliteCheckpointer>()?.Committed();
        }
        else if (_pg is { } pg)
        {
            _commitSent = true;
            // A COMMIT that fails leaves it open: the unit's rollback or disposal sends the ROLLBACK.
            await pg.CommitAsync(cancellationToken);
            _pg = null;
            Services.GetService<Regin.Core.Persistence.PostgreSql.PostgreSqlSearchIndexer>()?.Committed();
        }
        else if (_transaction is not null)
        {
            _commitSent = true;
            await _transaction.CommitAsync(cancellationToken);
            await _transaction.DisposeAsync();
            _transaction = null;
            if (_keptConnections is not null && _kept is Microsoft.Data.Sqlite.SqliteConnection)
            {
                // Its connection leaves the log's checkpoint to the checkpointer: the next one is due.
                Services.GetService<SqliteCheckpointer>()?.Committed();
            }
            else
            {
                // PostgreSQL: the practice the turn wrote is marked for the search index, written off the turn's path.
                Services.GetService<Regin.Core.Persistence.PostgreSql.PostgreSqlSearchIndexer>()?.Committed();
            }
        }
        foreach (var action in _afterCommit)
        {
            await action(CancellationToken.None);
        }
    }

    /// <summary><see cref="WriteBatch.ExecuteAndCommitAsync"/>, its COMMIT counted as sent unless it ran nothing (false).</summary>
    private async Task<bool> SendsCommitAsync(WriteBatch last, CancellationToken cancellationToken)
    {
        _commitSent = true;
        var committed = await last.ExecuteAndCommitAsync(cancellationToken);
        _commitSent = committed;
        return committed;
    }

    /// <summary>Whether <paramref name="db"/> tracks any entity, in whatever state (no scan for changes: an entity tracked at all is saved as before).</summary>
    internal static bool Tracks(DbContext db)
    {
        var tracker = db.ChangeTracker;
        var detecting = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            using var entries = tracker.Entries().GetEnumerator();
            return entries.MoveNext();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detecting;
        }
    }

    /// <summary>Runs what waits on the turn's connection to go with its next statement (<see cref="ConnectionPrelude"/>), now.</summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var connection = Db.Database.GetDbConnection();
        if (!ConnectionPrelude.IsPending(connection))
        {
            return;
        }
        if (WriteBatch.For(Db) is { } batch)
        {
            // An empty batch: only what waits, in one round trip.
            await batch.ExecuteAsync(cancellationToken);
            return;
        }
        await ConnectionPrelude.RunAsync(connection, ContextTransaction.Of(Db), cancellationToken);
    }

    internal async Task RollbackAsync(IServiceScopeFactory scopes, bool afterRollback = true)
    {
        await EndPgAsync();
        ConnectionPrelude.Clear(Db.Database.GetDbConnection());
        EndOwn();
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
            _transaction = null;
        }
        Db.ChangeTracker.Clear();
        if (!afterRollback || ChatRehearsal.IsRunning)
        {
            // A rehearsed turn's steps after a rollback would write to the real database (each runs in a fresh scope).
            return;
        }
        foreach (var action in _afterRollback)
        {
            await using var scope = scopes.CreateAsyncScope();
            await action(scope.ServiceProvider, CancellationToken.None);
        }
    }

    /// <summary>
    /// Ends the unit, whether it committed, rolled back or never began: the open transaction (if any) is rolled back,
    /// the connection opened for the turn is closed (a kept one stays open for the next turn), the context takes its own
    /// connection back, the scope ends (the context goes back to the pool), and the kept connection goes back to
    /// <see cref="KeptConnections"/>. Each step runs even when one before it throws.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            Db.SavingChanges -= BeginOnFirstWrite;
            await EndPgAsync();
            // What never went (a lock, when the turn ran no statement; writes of a failed turn) is not sent by whoever
            // uses the connection next.
            ConnectionPrelude.Clear(_connection ?? Db.Database.GetDbConnection());
            _connection = null;
            EndOwn();
            if (_transaction is { } transaction)
            {
                _transaction = null;
                await transaction.DisposeAsync();
            }
        }
        finally
        {
            try
            {
                if (_opened)
                {
                    _opened = false;
                    await Db.Database.CloseConnectionAsync();
                }
            }
            finally
            {
                try
                {
                    await ReleaseAsync();
                }
                finally
                {
                    _rehearsal?.Dispose();
                }
            }
        }
    }

    private async Task ReleaseAsync()
    {
        if (_kept is not { } kept)
        {
            await _scope.DisposeAsync();
            return;
        }
        _kept = null;
        var given = false;
        try
        {
            try
            {
                // The pooled context gets its own connection back (made afresh from its connection string when next used) ...
                Db.Database.SetDbConnection(null, contextOwnsConnection: true);
                Db.Database.SetConnectionString(_ownConnectionString);
                given = true;
            }
            finally
            {
                // ... and the scope's services give back the statements they hold, before another turn may borrow the connection.
                await _scope.DisposeAsync();
            }
        }
        finally
        {
            if (!given)
            {
                // The context may still hold it: closed here, it is not kept (Return discards a closed connection) and no
                // other turn ever shares it.
                await kept.CloseAsync();
            }
            // (A rehearsal's connection is the rehearsal's: it is not kept.)
            _keptConnections?.Return(kept);
        }
    }

    /// <summary>Rolls back the turn's own PostgreSQL transaction, if still open (a ROLLBACK once its BEGIN went; its waiting statements forgotten).</summary>
    private async Task EndPgAsync()
    {
        var pg = _pg;
        _pg = null;
        if (pg is not null)
        {
            await pg.RollbackAsync();
        }
    }

    /// <summary>Rolls back the turn's own SQLite transaction, if still open, and gives its place in the write gate up.</summary>
    private void EndOwn()
    {
        var own = _own;
        _own = null;
        own?.Dispose();
    }

    private void BeginOnFirstWrite(object? sender, SavingChangesEventArgs e)
    {
        if (_own is { } own)
        {
            // EF Core saves in the turn's own transaction (it would begin one of its own otherwise).
            own.AttachToEf();
            return;
        }
        if (_pg is not null)
        {
            // The session is in the turn's transaction (EF Core begins none of its own meanwhile: PostgreSqlTurnTransaction).
            return;
        }
        // A part that opened its own transaction (a new draft taking its number) keeps it; otherwise the turn's begins here.
        if (!ContextTransaction.IsOpen(Db) && Db.ChangeTracker.HasChanges())
        {
            _transaction = Db.Database.BeginTransaction();
        }
    }
}

/// <summary>
/// An adapter whose replies of a turn are held in the turn's unit of work until it commits (the local Direct Line's
/// transcript): its message turns may run again (<see cref="TurnUnitOfWorkMiddleware"/>), each run's replies going with
/// its own unit.
/// </summary>
public interface IHoldsRepliesInUnit
{
}

/// <summary>The services of the current turn's unit of work, or a scope of one's own outside a turn (disposed with this).</summary>
public readonly struct TurnServices : IAsyncDisposable
{
    private readonly AsyncServiceScope? _owned;

    private TurnServices(IServiceProvider services, AsyncServiceScope? owned)
    {
        Provider = services;
        _owned = owned;
    }

    public IServiceProvider Provider { get; }

    public TurnUnitOfWork? Unit => _owned is null ? TurnUnitOfWork.Current : null;

    public static TurnServices Open(IServiceScopeFactory scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        if (TurnUnitOfWork.Current is { } unit)
        {
            return new TurnServices(unit.Services, null);
        }
        var scope = scopes.CreateAsyncScope();
        return new TurnServices(scope.ServiceProvider, scope);
    }

    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>
/// Opens the turn's <see cref="TurnUnitOfWork"/>, commits it when the turn succeeds, rolls it back when it throws. A turn
/// answered in its HTTP response (expectReplies: its replies are held until the commit) lets its practice's writes go with
/// its COMMIT, their concurrency stamp checked by the database (<see cref="UnitTransaction.WritesMayWaitForCommit"/>: on
/// PostgreSQL one round trip less); when another writer changed the practice since the turn read it, that check fails
/// the turn, which is then undone whole (its held replies dropped, its message not stored on its own) and run again on
/// a fresh unit, reading everything afresh. Its last run writes as other turns do (the stamp checked when written, a
/// conflict there retried within the unit).
/// </summary>
public sealed class TurnUnitOfWorkMiddleware(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<ChatOptions> options,
    Microsoft.Extensions.Logging.ILogger<TurnUnitOfWorkMiddleware> logger, Storage.TurnStateCache cache) : Microsoft.Bot.Builder.IMiddleware
{
    /// <summary>How many times a turn runs at most (each run but the last lets its writes wait for the commit).</summary>
    internal const int TurnRuns = 3;

    public async Task OnTurnAsync(Microsoft.Bot.Builder.ITurnContext turnContext, Microsoft.Bot.Builder.NextDelegate next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        // Only a turn whose replies wait for the commit can be run again without a reply sent twice: in the turn context
        // (expectReplies), or in the unit itself (the local Direct Line's transcript rows, written with the COMMIT and
        // told to the streams after it: a message's turn).
        var heldReplies = turnContext is Microsoft.Bot.Builder.TurnContext
            && (turnContext.Activity.DeliveryMode == Microsoft.Bot.Schema.DeliveryModes.ExpectReplies
                || (turnContext.Adapter is IHoldsRepliesInUnit && turnContext.Activity.Type == Microsoft.Bot.Schema.ActivityTypes.Message));
        var runs = TurnRuns;
        for (var run = 1; ; run++)
        {
            var usedKept = false;
            if (await RunAsync(turnContext, next, mayRunAgain: heldReplies && run < runs, () => usedKept = true, cancellationToken))
            {
                return;
            }
            if (usedKept)
            {
                // A run on what the host kept, undone by its checks, is not counted: the runs after it read the database,
                // and may still meet what made them run again before (another host's transcript position).
                runs++;
            }
            logger.LogInformation("Another writer changed a practice of the turn in {Conversation}, or took its transcript position, or its database session ended, before the turn's commit; running the turn again ({Run})",
                turnContext.Activity.Conversation?.Id, run);
        }
    }

    /// <summary>One run of the turn in a unit of its own; false when it was undone to be run again.</summary>
    private async Task<bool> RunAsync(Microsoft.Bot.Builder.ITurnContext turnContext, Microsoft.Bot.Builder.NextDelegate next, bool mayRunAgain, Action usedKept,
        CancellationToken cancellationToken)
    {
        // What this host kept of the conversation's last committed turn: used only by a turn that may run again (its
        // checks failing undo it whole), refilled only after a COMMIT that succeeded, dropped otherwise.
        var conversation = Storage.TurnStateCache.KeyOf(turnContext.Activity.ChannelId, turnContext.Activity.Conversation?.Id);
        // (A rehearsal keeps its turns' state in a cache of its own, never in the host's: its database is its own.)
        var kept = !cache.Enabled ? null : ChatRehearsal.IsRunning ? ChatRehearsal.KeptState(cache) : cache;
        var committed = false;
        try
        {
            return await RunUnitAsync(turnContext, next, mayRunAgain, kept, conversation, () => committed = true, usedKept, cancellationToken);
        }
        finally
        {
            if (!committed)
            {
                (kept ?? cache).Drop(conversation);
            }
        }
    }

    private async Task<bool> RunUnitAsync(Microsoft.Bot.Builder.ITurnContext turnContext, Microsoft.Bot.Builder.NextDelegate next, bool mayRunAgain,
        Storage.TurnStateCache? kept, string conversation, Action committed, Action usedKept, CancellationToken cancellationToken)
    {
        await using var unit = await TurnUnitOfWork.OpenAsync(scopes, cancellationToken);
        var previous = TurnUnitOfWork.Enter(unit);
        try
        {
            if (turnContext.TurnState.TryGetValue(ConversationLockMiddleware.LockKey, out var locked) && locked is string lockName)
            {
                // The conversation's lock across hosts, in the turn's transaction, begun now (PostgreSQL; see
                // ConversationLockMiddleware): released when the turn commits or rolls back. (A rehearsal's session takes
                // a key no other session ever waits for: PostgreSqlDatabaseProvider.OpenRehearsalDatabaseAsync.)
                await unit.BeginBeforeWorkAsync(cancellationToken);
                var provider = unit.Services.GetRequiredService<ReginDatabaseProvider>();
                // Chat:TurnCommitWaitsForDisk = false: this transaction's commit does not wait for the disk.
                var relaxCommit = !options.Value.TurnCommitWaitsForDisk;
                // A rehearsal's lock goes through SerialiseAsync, which salts the key with the rehearsal session's own.
                if (!ChatRehearsal.IsRunning && provider.SerialiseStatement(lockName, relaxCommit) is { } serialise)
                {
                    // Sent with the turn's first statement (its state read), in the same round trip, ahead of it; the
                    // commit's setting in the same statement.
                    unit.RunFirst(serialise);
                    relaxCommit = false;
                }
                else
                {
                    await provider.SerialiseAsync(unit.Db, lockName, cancellationToken);
                }
                if (relaxCommit && provider.CommitWithoutWaitingForDiskStatement is { } relaxed)
                {
                    // Chat:TurnCommitWaitsForDisk = false: this transaction's commit does not wait for the disk (same round trip).
                    unit.RunFirst(relaxed);
                }
            }
            unit.Services.GetRequiredService<UnitTransaction>().WritesMayWaitForCommit = mayRunAgain;
            unit.Contributor = ContributorOf(turnContext.Activity);
            if (mayRunAgain && kept?.Find(conversation) is { } entry)
            {
                unit.Kept = entry;
                usedKept();
                // A check of what was kept that fails (another writer changed it since) undoes the turn, run again from the database.
                unit.RunAgainOn(FailedKeptCheck);
            }
            await next(cancellationToken);
            if (unit.Kept is not null)
            {
                // Last before the commit: what the turn took from the host and did not write with a check of its own.
                unit.BeforeCommit(token => CheckKeptAsync(unit, token));
            }
            await unit.CommitAsync(cancellationToken);
            if (kept is not null && !unit.KeepsNothing && EntryOf(unit) is { } stored)
            {
                kept.Keep(conversation, stored);
                committed();
            }
            return true;
        }
        catch (RepeatedInputException repeat)
        {
            // A channel's retry of a message processed before: undone whole, nothing stored again, nothing sent (the
            // replies it buffered for the HTTP response included: a repeat can be recognised at the commit). Unless a part
            // of the turn says the repeat is its own doing and asks for a run again: the local Direct Line's message, whose
            // id (its transcript position, part of the raw input's key) was taken after a stale last position, and so was
            // another message's. Until session 29 that turn ended here as a retry: the message and its replies were lost,
            // and the POST answered with the other message's id.
            (turnContext as Microsoft.Bot.Builder.TurnContext)?.BufferedReplyActivities.Clear();
            await unit.RollbackAsync(scopes, afterRollback: false);
            return !(mayRunAgain && unit.RunsAgainAfter(repeat));
        }
        catch (TurnRefusedException)
        {
            // Refused by a part of the turn before it did anything (a Direct Line post its token may not make): undone whole,
            // nothing kept, not run again, no apology; the caller answers it.
            (turnContext as Microsoft.Bot.Builder.TurnContext)?.BufferedReplyActivities.Clear();
            await unit.RollbackAsync(scopes, afterRollback: false);
            throw;
        }
        // (The parts' handlers asked first, always: they may act on a failure they do not run the turn again for.)
        catch (Exception e) when (mayRunAgain && (unit.RunsAgainAfter(e) || IsPracticeConflict(e) || (unit.LostSession(e) && !unit.MayHaveCommitted)))
        {
            // Another writer changed the practice between the turn's read and its commit (or took the transcript position
            // it took), or the server ended the turn's session before its COMMIT was sent (a restart, a failover, an idle
            // timeout: found only when the turn used the session; nothing of the turn is stored): undone whole, its held
            // replies dropped and its message not stored on its own (the next run stores it, once), and run again (on a
            // new session: the host's idle ones are forgotten).
            if (unit.LostSession(e))
            {
                logger.LogWarning("The database session of the turn in {Conversation} was ended by the server before the turn's commit ({Error}); running the turn again on a new session",
                    turnContext.Activity.Conversation?.Id, e.Message);
                unit.ForgetLostSessions();
            }
            ((Microsoft.Bot.Builder.TurnContext)turnContext).BufferedReplyActivities.Clear();
            await unit.RollbackAsync(scopes, afterRollback: false);
            return false;
        }
        catch (Exception e) when (mayRunAgain && unit.CommitSentWhole && unit.LostSession(e))
        {
            // The session was lost with the turn's COMMIT on its way (a kept turn sends its first statement with it: a
            // session the server ended while idle is found only there). Whether it committed is asked of a new session,
            // which waits for the conversation's lock (held by the lost transaction, should its server process still run).
            unit.ForgetLostSessions();
            switch (await CommittedAsync(unit, turnContext, cancellationToken))
            {
                case false:
                    // Nothing of it stored: run again as a turn whose session ended before its COMMIT.
                    logger.LogWarning("The database session of the turn in {Conversation} was lost as its commit went ({Error}); it did not commit: running the turn again on a new session",
                        turnContext.Activity.Conversation?.Id, e.Message);
                    ((Microsoft.Bot.Builder.TurnContext)turnContext).BufferedReplyActivities.Clear();
                    await unit.RollbackAsync(scopes, afterRollback: false);
                    return false;
                case true:
                    // Stored whole: its replies go as those of a committed turn (nothing kept by the host: dropped).
                    logger.LogWarning("The database session of the turn in {Conversation} was lost as its commit went ({Error}); it committed",
                        turnContext.Activity.Conversation?.Id, e.Message);
                    await unit.CommittedAfterAllAsync();
                    return true;
                default:
                    await FailedAsync(unit, turnContext, e);
                    throw;
            }
        }
        catch (Exception e)
        {
            await FailedAsync(unit, turnContext, e);
            throw;
        }
        finally
        {
            TurnUnitOfWork.Enter(previous);
        }
    }

    /// <summary>A failed turn that is not run again: undone, its apology to go (OnTurnError), its message kept on its own.</summary>
    private async Task FailedAsync(TurnUnitOfWork unit, Microsoft.Bot.Builder.ITurnContext turnContext, Exception e)
    {
        // The replies buffered for the HTTP response describe what was undone: only the apology goes (OnTurnError),
        // in the language of the conversation's progress.
        (turnContext as Microsoft.Bot.Builder.TurnContext)?.BufferedReplyActivities.Clear();
        if (unit.Progress is { } progress)
        {
            turnContext.TurnState.Set(progress);
        }
        if (unit.LostSession(e))
        {
            // Not run again (its replies were sent already, it ran as often as it may, or its COMMIT was sent and whether
            // it committed could not be told): the apology goes, and the raw input is kept on a new session, not on
            // another idle one the server ended.
            unit.ForgetLostSessions();
        }
        await unit.RollbackAsync(scopes);
    }

    /// <summary>
    /// After <paramref name="unit"/>'s session was lost with its COMMIT on its way: whether it committed, asked of a new
    /// session once it holds the conversation's lock (the lost transaction has ended then, committed or not): its message
    /// stored with its time of receipt (a row of the same message stored by another turn has another). Null when that
    /// cannot be told (no message in the turn, the database unreachable or the lock not had within
    /// <see cref="OutcomeProbeTimeout"/>).
    /// </summary>
    private async Task<bool?> CommittedAsync(TurnUnitOfWork unit, Microsoft.Bot.Builder.ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (unit.Input is not { } input || input.ReceivedAt == default)
        {
            return null;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(OutcomeProbeTimeout);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(timeout.Token);
            if (turnContext.TurnState.TryGetValue(ConversationLockMiddleware.LockKey, out var locked) && locked is string lockName)
            {
                await scope.ServiceProvider.GetRequiredService<ReginDatabaseProvider>().SerialiseAsync(db, lockName, timeout.Token);
            }
            var stored = await db.RawInputs.AsNoTracking().Where(r => r.Channel == input.Channel && r.DedupKey == input.DedupKey)
                .Select(r => (DateTimeOffset?)r.ReceivedAt).FirstOrDefaultAsync(timeout.Token);
            // (The database keeps microseconds: the time as sent, truncated.)
            return stored is { } at && (input.ReceivedAt - at).Duration() < TimeSpan.FromMicroseconds(1);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or OperationCanceledException or InvalidOperationException or TimeoutException)
        {
            logger.LogWarning("Whether the turn in {Conversation} committed before its session was lost cannot be told ({Error})", turnContext.Activity.Conversation?.Id, e.Message);
            return null;
        }
    }

    /// <summary>How long <see cref="CommittedAsync"/> waits for a new session and the conversation's lock.</summary>
    private static readonly TimeSpan OutcomeProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The checks of what a turn took from <see cref="Storage.TurnStateCache"/> and did not write (a write checks itself):
    /// the chat state rows, and the contributor's open draft at the stamp the turn leaves it (the practice's own writes check
    /// the stamp they replace).
    /// </summary>
    private static async Task CheckKeptAsync(TurnUnitOfWork unit, CancellationToken cancellationToken)
    {
        await Storage.EfCoreStorage.CheckKeptAsync(unit, cancellationToken);
        // On both providers (PostgreSQL: with the COMMIT; SQLite: a count of its own), also when the turn wrote the draft it
        // was given: that write checked the draft's stamp, not which of the contributor's drafts is open (another practice
        // of theirs, newer, opened since: a draft started by another host or a mail, a newer one sent back to them).
        if (unit.Contributor is not { } contributor || unit.Services.GetService<Regin.Core.Intake.IntakeService>() is not { UsedGivenVersion: true } intake)
        {
            return;
        }
        if (intake.UsedGivenNoDraft)
        {
            // Kept: none open (the welcome read it). Whatever the turn did on that (a first answer starts a draft), no other
            // draft of theirs may be open now, whichever its number: one a mail or another conversation opened meanwhile
            // fails the turn, run again from the database into that draft (not a second one).
            await intake.AddNoOtherOpenDraftCheckAsync(contributor, intake.TryGetOpenDraftAfterUnit(contributor, out var started, out _) ? started : null, cancellationToken);
        }
        else if (intake.TryGetOpenDraftAfterUnit(contributor, out var draft, out var stamp))
        {
            await intake.AddOpenDraftCheckAsync(contributor, draft, stamp, cancellationToken);
        }
    }

    /// <summary>
    /// What the host keeps of a committed turn: each chat state row it read or wrote, and its contributor's open draft when
    /// the intake can tell it; null when it met no row.
    /// </summary>
    private static Storage.TurnStateCache.Entry? EntryOf(TurnUnitOfWork unit)
    {
        Dictionary<string, Storage.TurnStateCache.StateRow>? rows = null;
        foreach (var (key, etag) in unit.ChatStateETags)
        {
            if (etag is not null && unit.ChatStateDocuments.TryGetValue(key, out var document) && document is not null)
            {
                (rows ??= new(StringComparer.Ordinal))[key] = new(document, etag);
            }
        }
        if (rows is null)
        {
            return null;
        }
        if (unit.Contributor is { } contributor && unit.Services.GetService<Regin.Core.Intake.IntakeService>() is { } intake
            && intake.TryGetOpenDraftAfterUnit(contributor, out var draft, out var stamp))
        {
            return new(rows, contributor, draft, stamp);
        }
        if (unit.Contributor is { } none && unit.Services.GetService<Regin.Core.Intake.IntakeService>() is { } looked && looked.KnowsNoOpenDraftAfterUnit(none))
        {
            // None open (the welcome's read): the first answer need not ask again (checked with its commit).
            return new(rows, none, null, default);
        }
        return new(rows, null, null, default);
    }

    /// <summary>Whether <paramref name="failure"/> is (or wraps) a check of what the host kept failing: a chat state's ETag, or a check the database failed.</summary>
    internal static bool FailedKeptCheck(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            // (The database's checks name what they check: regin_expect_rows; not the Direct Line's owner check, a refusal.)
            if (e is Storage.ChatStateConflictException
                || (e is System.Data.Common.DbException { SqlState: ReginDatabaseProvider.RowsExpectedState } failed
                    && (failed.Message.Contains("chat state", StringComparison.Ordinal) || failed.Message.Contains("open draft", StringComparison.Ordinal))))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Whether <paramref name="failure"/> of a turn that used what the host kept says another writer changed the
    /// conversation or its draft since (a check of the kept state, or the practice's stamp).
    /// </summary>
    internal static bool ChangedElsewhere(Exception failure) => FailedKeptCheck(failure) || IsPracticeConflict(failure);

    /// <summary>Whether <paramref name="failure"/> is (or wraps: an EF Core command that ran the waiting writes first) a practice's stale stamp.</summary>
    private static bool IsPracticeConflict(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is Regin.Core.Intake.PracticeConflictException)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The contributor a message's turn will look for (as <see cref="ReginBot"/> names them: the channel and the sender,
    /// or the conversation when the client sends no user id), so the turn's first read can fetch their open draft's
    /// version with the chat state; null for other activities (a greeting may be for several members).
    /// </summary>
    internal static Regin.Core.Intake.ContributorKey? ContributorOf(Microsoft.Bot.Schema.IActivity activity) =>
        activity.Type == Microsoft.Bot.Schema.ActivityTypes.ConversationUpdate ? StartedBy(activity)
        : activity.Type is not (Microsoft.Bot.Schema.ActivityTypes.Message or Microsoft.Bot.Schema.ActivityTypes.MessageUpdate) ? null
            : new(activity.ChannelId ?? "unknown", string.IsNullOrWhiteSpace(activity.From?.Id) ? $"conversation:{activity.Conversation?.Id}" : activity.From.Id);

    /// <summary>
    /// The one person a one-to-one conversation's start adds besides the bot (the web chat's start: the bot greets them,
    /// welcoming them back to their open draft), whose open draft is then read with the turn's first statement; null
    /// for anything else (a group, several people, none).
    /// </summary>
    private static Regin.Core.Intake.ContributorKey? StartedBy(Microsoft.Bot.Schema.IActivity activity)
    {
        if (activity.AsConversationUpdateActivity() is not { MembersAdded: { Count: > 0 } added } update || update.Conversation?.IsGroup == true)
        {
            return null;
        }
        string? person = null;
        foreach (var member in added)
        {
            if (string.IsNullOrEmpty(member.Id) || member.Id == update.Recipient?.Id)
            {
                continue;
            }
            if (person is not null && person != member.Id)
            {
                return null;
            }
            person = member.Id;
        }
        return person is null ? null : new(activity.ChannelId ?? "unknown", person);
    }
}
