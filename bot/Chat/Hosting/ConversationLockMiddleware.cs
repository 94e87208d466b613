using Microsoft.Bot.Builder;
using Regin.Core.Persistence;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// Runs the turns of one conversation one at a time (two quick messages, a Teams retry), so each turn reads the state
/// the previous one saved: in this process with a semaphore per conversation, and across the hosts of one PostgreSQL
/// database with the provider's lock (an advisory lock), taken by the one turn of this process that holds the
/// semaphore. The second of two turns at the same instant on two hosts waits; it is not refused. On PostgreSQL
/// (<see cref="ReginDatabaseProvider.SerialisesUnitsInTransaction"/>) that lock is taken by the turn's unit of work, in the
/// turn's own transaction, as its first statement (<see cref="TurnUnitOfWorkMiddleware"/>, which comes next in the
/// pipeline, finds the key in <see cref="LockKey"/>): a session of its own cost every turn a second connection and two
/// round trips.
/// </summary>
public sealed class ConversationLockMiddleware(ReginDatabaseProvider database) : Microsoft.Bot.Builder.IMiddleware
{
    private readonly Dictionary<string, (SemaphoreSlim Gate, int Users)> _gates = new(StringComparer.Ordinal);

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var key = $"{turnContext.Activity.ChannelId}/{turnContext.Activity.Conversation?.Id}";
        var gate = Enter(key);
        try
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                if (database.SerialisesUnitsInTransaction)
                {
                    turnContext.TurnState[LockKey] = "regin:turn:" + key;
                    await next(cancellationToken);
                    return;
                }
                await using var acrossHosts = await database.LockAcrossHostsAsync("regin:turn:" + key, cancellationToken);
                await next(cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }
        finally
        {
            Leave(key);
        }
    }

    /// <summary>The turn state's key of the lock name the turn's unit of work takes in its transaction (see the class).</summary>
    public const string LockKey = "Regin.ConversationLock";

    /// <summary>The number of conversations with a turn running or waiting (for tests and diagnostics).</summary>
    public int ActiveConversations
    {
        get
        {
            lock (_gates)
            {
                return _gates.Count;
            }
        }
    }

    private SemaphoreSlim Enter(string key)
    {
        lock (_gates)
        {
            var (gate, users) = _gates.TryGetValue(key, out var entry) ? entry : (new SemaphoreSlim(1, 1), 0);
            _gates[key] = (gate, users + 1);
            return gate;
        }
    }

    private void Leave(string key)
    {
        lock (_gates)
        {
            var (gate, users) = _gates[key];
            if (users <= 1)
            {
                _gates.Remove(key);
                gate.Dispose();
            }
            else
            {
                _gates[key] = (gate, users - 1);
            }
        }
    }
}
