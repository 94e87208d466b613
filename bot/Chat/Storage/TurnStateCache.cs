using Microsoft.Extensions.Options;
using Regin.Core.Intake;

namespace Regin.Bot.Chat.Storage;

/// <summary>
/// What the last committed turn of each conversation left in the database, kept by this host: the chat state's documents
/// with their ETags, and the version (id and stamp) of the contributor's open draft. A turn that may run again (its
/// replies wait for its commit: <see cref="Hosting.TurnUnitOfWorkMiddleware"/>) finds its conversation here and reads
/// neither; its writes carry the checks (the chat state's UPDATE by ETag, the practice's stamp, the open draft's check:
/// <see cref="EfCoreStorage"/>, <see cref="IntakeService.AddOpenDraftCheckAsync"/>), so a change made meanwhile by
/// anyone else (another host, a researcher, a mail, an erasure) fails the turn, which is undone and run again from the
/// database with its entry dropped. Filled only after a COMMIT succeeded, dropped on any failure of the conversation's
/// turn; at most <see cref="ChatOptions.StateCacheConversations"/> conversations, the least recently used going first,
/// each for <see cref="ChatOptions.StateCacheLifetime"/> at most. Thread-safe; a conversation's turns on this host run
/// one at a time (<see cref="Hosting.ConversationLockMiddleware"/>), so its entry changes in their order.
/// </summary>
public sealed class TurnStateCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<(string Conversation, Entry Entry, long Expires)>> _entries = new(StringComparer.Ordinal);
    // Most recently used first.
    private readonly LinkedList<(string Conversation, Entry Entry, long Expires)> _order = new();
    private readonly int _capacity;
    private readonly long _lifetime;
    private readonly TimeProvider _clock;

    public TurnStateCache(IOptions<ChatOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _capacity = Math.Max(0, options.Value.StateCacheConversations);
        _lifetime = options.Value.StateCacheLifetime.Ticks;
        _clock = clock;
    }

    private TurnStateCache(int capacity, long lifetime, TimeProvider clock)
    {
        _capacity = capacity;
        _lifetime = lifetime;
        _clock = clock;
    }

    /// <summary>An empty cache of the same settings, apart from this one (the chat warm-up's rehearsal's own).</summary>
    internal TurnStateCache Apart() => new(_capacity, _lifetime, _clock);

    /// <summary>A chat state row as the database holds it: its document and ETag.</summary>
    public sealed record StateRow(string Document, string ETag);

    /// <summary>
    /// A conversation's entry: its chat state rows by key, and the open draft of <see cref="Contributor"/> (null when not known).
    /// Immutable: a turn reads it, the next commit replaces it.
    /// </summary>
    public sealed record Entry(IReadOnlyDictionary<string, StateRow> Rows, ContributorKey? Contributor, Guid? DraftId, Guid DraftStamp);

    /// <summary>Whether entries are kept at all (a size above 0).</summary>
    public bool Enabled => _capacity > 0 && _lifetime > 0;

    /// <summary>How many conversations it holds.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The entry of <paramref name="conversation"/>, unless none or expired (then forgotten).</summary>
    public Entry? Find(string conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (!Enabled)
        {
            return null;
        }
        var now = _clock.GetUtcNow().UtcTicks;
        lock (_lock)
        {
            if (!_entries.TryGetValue(conversation, out var node))
            {
                return null;
            }
            if (node.Value.Expires <= now)
            {
                _entries.Remove(conversation);
                _order.Remove(node);
                return null;
            }
            _order.Remove(node);
            _order.AddFirst(node);
            return node.Value.Entry;
        }
    }

    /// <summary>Keeps <paramref name="entry"/> for <paramref name="conversation"/> (after its turn's COMMIT succeeded), the least recently used going beyond the size.</summary>
    public void Keep(string conversation, Entry entry)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(entry);
        if (!Enabled)
        {
            return;
        }
        var expires = _clock.GetUtcNow().UtcTicks + _lifetime;
        lock (_lock)
        {
            if (_entries.TryGetValue(conversation, out var node))
            {
                _order.Remove(node);
                node.Value = (conversation, entry, expires);
                _order.AddFirst(node);
                return;
            }
            while (_entries.Count >= _capacity && _order.Last is { } oldest)
            {
                _entries.Remove(oldest.Value.Conversation);
                _order.RemoveLast();
            }
            _entries[conversation] = _order.AddFirst((conversation, entry, expires));
        }
    }

    /// <summary>Forgets <paramref name="conversation"/> (its turn failed, was undone, or its outcome is unknown).</summary>
    public void Drop(string conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        lock (_lock)
        {
            if (_entries.Remove(conversation, out var node))
            {
                _order.Remove(node);
            }
        }
    }

    /// <summary>The key of a conversation: its channel and id.</summary>
    public static string KeyOf(string? channel, string? conversationId) => (channel ?? "") + "\n" + (conversationId ?? "");
}
