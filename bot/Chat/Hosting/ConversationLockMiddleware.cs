using Microsoft.Bot.Builder;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// Runs the turns of one conversation one at a time in this process (two quick messages, a Teams retry), so each turn
/// reads the state the previous one saved. Across instances the storage's ETag refuses the later writer.
/// </summary>
public sealed class ConversationLockMiddleware : Microsoft.Bot.Builder.IMiddleware
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
