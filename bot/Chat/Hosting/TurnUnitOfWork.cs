using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Persistence;

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
    private readonly List<Func<CancellationToken, Task>> _afterCommit = [];
    private readonly List<Func<IServiceProvider, CancellationToken, Task>> _afterRollback = [];
    private readonly KeptConnections? _keptConnections;
    private readonly System.Data.Common.DbConnection? _kept;
    private readonly string? _ownConnectionString;
    private IDbContextTransaction? _transaction;

    internal TurnUnitOfWork(IServiceScopeFactory scopes)
    {
        _scope = scopes.CreateAsyncScope();
        Db = _scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        // On SQLite the turn runs on a connection kept open across turns, whose statements stay compiled (KeptConnections);
        // the context takes its own connection back before it returns to the pool.
        _keptConnections = _scope.ServiceProvider.GetService<KeptConnections>();
        _kept = _keptConnections?.Rent();
        if (_kept is not null)
        {
            _ownConnectionString = Db.Database.GetConnectionString();
            Db.Database.SetDbConnection(_kept, contextOwnsConnection: false);
        }
        Db.SavingChanges += BeginOnFirstWrite;
        // Writes that bypass SaveChanges (the draft's rows, the raw input) join the turn's transaction the same way.
        _scope.ServiceProvider.GetRequiredService<UnitTransaction>().Join = BeginWriteAsync;
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

    /// <summary>Begins the turn's transaction now, for a write that does not go through SaveChanges.</summary>
    internal async Task BeginWriteAsync(CancellationToken cancellationToken)
    {
        if (Db.Database.CurrentTransaction is null)
        {
            _transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
        }
    }

    /// <summary>Runs <paramref name="action"/> once the turn's changes are committed (not at all if the turn fails).</summary>
    public void AfterCommit(Func<CancellationToken, Task> action) => _afterCommit.Add(action);

    /// <summary>Runs <paramref name="action"/> in a fresh scope when the turn fails and its changes are rolled back.</summary>
    public void AfterRollback(Func<IServiceProvider, CancellationToken, Task> action) => _afterRollback.Add(action);

    internal static TurnUnitOfWork? Enter(TurnUnitOfWork? unit)
    {
        var previous = Ambient.Value;
        Ambient.Value = unit;
        return previous;
    }

    internal async Task CommitAsync(CancellationToken cancellationToken)
    {
        // Nothing to save costs nothing more than asking whether there is (both scan the tracked entities once).
        await Db.SaveChangesAsync(cancellationToken);
        if (_transaction is not null)
        {
            await _transaction.CommitAsync(cancellationToken);
            await _transaction.DisposeAsync();
            _transaction = null;
        }
        foreach (var action in _afterCommit)
        {
            await action(CancellationToken.None);
        }
    }

    internal async Task RollbackAsync(IServiceScopeFactory scopes, bool afterRollback = true)
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
            _transaction = null;
        }
        Db.ChangeTracker.Clear();
        if (!afterRollback)
        {
            return;
        }
        foreach (var action in _afterRollback)
        {
            await using var scope = scopes.CreateAsyncScope();
            await action(scope.ServiceProvider, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Db.SavingChanges -= BeginOnFirstWrite;
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }
        if (_kept is null)
        {
            await _scope.DisposeAsync();
            return;
        }
        try
        {
            // The pooled context gets its own connection back (made afresh from its connection string when next used) ...
            Db.Database.SetDbConnection(null, contextOwnsConnection: true);
            Db.Database.SetConnectionString(_ownConnectionString);
            // ... and the scope's services give back the statements they hold, before another turn may borrow the connection.
            await _scope.DisposeAsync();
        }
        finally
        {
            _keptConnections!.Return(_kept);
        }
    }

    private void BeginOnFirstWrite(object? sender, SavingChangesEventArgs e)
    {
        // A part that opened its own transaction (a new draft taking its number) keeps it; otherwise the turn's begins here.
        if (Db.Database.CurrentTransaction is null && Db.ChangeTracker.HasChanges())
        {
            _transaction = Db.Database.BeginTransaction();
        }
    }
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

/// <summary>Opens the turn's <see cref="TurnUnitOfWork"/>, commits it when the turn succeeds, rolls it back when it throws.</summary>
public sealed class TurnUnitOfWorkMiddleware(IServiceScopeFactory scopes) : Microsoft.Bot.Builder.IMiddleware
{
    public async Task OnTurnAsync(Microsoft.Bot.Builder.ITurnContext turnContext, Microsoft.Bot.Builder.NextDelegate next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(next);
        await using var unit = new TurnUnitOfWork(scopes);
        var previous = TurnUnitOfWork.Enter(unit);
        try
        {
            // One connection for the whole turn: a connection per statement paid the pool and the provider's per-connection
            // setup (SQLite's synchronous pragma) a dozen times a turn.
            await unit.Db.Database.OpenConnectionAsync(cancellationToken);
            await next(cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        catch (RepeatedInputException)
        {
            // A channel's retry of a message processed before: undone whole, nothing stored again, nothing sent.
            await unit.RollbackAsync(scopes, afterRollback: false);
        }
        catch
        {
            await unit.RollbackAsync(scopes);
            throw;
        }
        finally
        {
            TurnUnitOfWork.Enter(previous);
        }
    }
}
