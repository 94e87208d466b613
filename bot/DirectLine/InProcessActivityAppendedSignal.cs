using System.Collections.Concurrent;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.DirectLine;

/// <summary>The signal within one host: listeners per conversation in memory, called synchronously on publish.</summary>
public sealed class InProcessActivityAppendedSignal : IActivityAppendedSignal
{
    private readonly ConcurrentDictionary<string, Listeners> _conversations = new(StringComparer.Ordinal);

    /// <summary>The conversations with at least one listener (for tests and diagnostics).</summary>
    public int ListenedConversations => _conversations.Count;

    public ValueTask PublishAsync(string conversationId, long watermark, CancellationToken cancellationToken = default) =>
        Publish(conversationId, watermark, null);

    /// <summary>Tells the listeners the committed rows too (this host's append): a stream sends them without reading them back.</summary>
    public ValueTask PublishAsync(string conversationId, long watermark, IReadOnlyList<DirectLineActivity> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Publish(conversationId, watermark, rows);
    }

    private ValueTask Publish(string conversationId, long watermark, IReadOnlyList<DirectLineActivity>? rows)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        if (_conversations.TryGetValue(conversationId, out var listeners))
        {
            foreach (var listener in listeners.Snapshot())
            {
                listener(watermark, rows);
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Wakes every listener of every conversation (with watermark 0: unknown), after appends may have gone unheard.</summary>
    public void WakeAll()
    {
        foreach (var listeners in _conversations.Values)
        {
            foreach (var listener in listeners.Snapshot())
            {
                listener(0, null);
            }
        }
    }

    public IDisposable Subscribe(string conversationId, Action<long> onAppended)
    {
        ArgumentNullException.ThrowIfNull(onAppended);
        return Subscribe(conversationId, (watermark, _) => onAppended(watermark));
    }

    public IDisposable Subscribe(string conversationId, Action<long, IReadOnlyList<DirectLineActivity>?> onAppended)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(onAppended);
        while (true)
        {
            var listeners = _conversations.GetOrAdd(conversationId, _ => new Listeners());
            if (listeners.TryAdd(onAppended))
            {
                return new Subscription(this, conversationId, listeners, onAppended);
            }
            // That set was just emptied and removed by the last unsubscriber: take a fresh one.
        }
    }

    private void Unsubscribe(string conversationId, Listeners listeners, Action<long, IReadOnlyList<DirectLineActivity>?> onAppended)
    {
        if (listeners.RemoveAndSealIfEmpty(onAppended))
        {
            _conversations.TryRemove(new KeyValuePair<string, Listeners>(conversationId, listeners));
        }
    }

    /// <summary>One conversation's listeners; once empty it is sealed so a late subscriber never joins a removed set.</summary>
    private sealed class Listeners
    {
        private readonly Lock _gate = new();
        private Action<long, IReadOnlyList<DirectLineActivity>?>[] _items = [];
        private bool _sealed;

        public Action<long, IReadOnlyList<DirectLineActivity>?>[] Snapshot() => Volatile.Read(ref _items);

        public bool TryAdd(Action<long, IReadOnlyList<DirectLineActivity>?> listener)
        {
            lock (_gate)
            {
                if (_sealed)
                {
                    return false;
                }
                _items = [.. _items, listener];
                return true;
            }
        }

        public bool RemoveAndSealIfEmpty(Action<long, IReadOnlyList<DirectLineActivity>?> listener)
        {
            lock (_gate)
            {
                var index = Array.IndexOf(_items, listener);
                if (index >= 0)
                {
                    _items = [.. _items[..index], .. _items[(index + 1)..]];
                }
                _sealed = _items.Length == 0;
                return _sealed;
            }
        }
    }

    private sealed class Subscription(InProcessActivityAppendedSignal owner, string conversationId, Listeners listeners, Action<long, IReadOnlyList<DirectLineActivity>?> onAppended) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(conversationId, listeners, onAppended);
            }
        }
    }
}
