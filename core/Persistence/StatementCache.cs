using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Regin.Core.Persistence;

/// <summary>
/// The compiled statements of one connection that stays open across units of work (see <see cref="KeptConnections"/>),
/// by their text: a <see cref="PreparedStatement"/> made on such a connection is taken from here when one with its text
/// was made before, and given back here instead of being disposed, so SQLite compiles it once per connection rather than
/// once per chat turn (Microsoft.Data.Sqlite finalizes a connection's statements when the connection closes, and a
/// pooled connection closes at the end of every unit of work). A statement is lent to one user at a time: a second user
/// of the same text while it is lent makes a statement of its own, which is disposed when given back. A kept connection
/// serves one unit of work at a time, and its statements are given back before it is lent again.
/// </summary>
public sealed class StatementCache
{
    /// <summary>More distinct texts than a chat turn runs (about a dozen): beyond it the oldest is disposed.</summary>
    internal const int Capacity = 64;

    private static readonly ConditionalWeakTable<DbConnection, StatementCache> Caches = [];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<PreparedStatement>> _idle = new(StringComparer.Ordinal);
    private readonly LinkedList<PreparedStatement> _byUse = [];

    /// <summary>Nodes of statements lent out, used again for the next statement given back (a turn lends a dozen).</summary>
    private readonly Stack<LinkedListNode<PreparedStatement>> _spareNodes = new();
    private bool _closed;

    private StatementCache()
    {
    }

    /// <summary>The cache of <paramref name="connection"/>, or null when the connection is not a kept one.</summary>
    public static StatementCache? Of(DbConnection connection) => Caches.TryGetValue(connection, out var cache) ? cache : null;

    /// <summary>Gives <paramref name="connection"/> a cache (a connection kept open for many units of work).</summary>
    internal static StatementCache Attach(DbConnection connection) => Caches.GetValue(connection, _ => new StatementCache());

    /// <summary>Statements compiled and waiting to be used again (for tests).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>How many statements were taken from the cache rather than made (for tests and measurements).</summary>
    public long Reused => Interlocked.Read(ref _reused);

    private long _reused;

    /// <summary>The idle statement with <paramref name="sql"/>, now lent to the caller; null when there is none.</summary>
    internal PreparedStatement? Rent(string sql)
    {
        lock (_lock)
        {
            if (!_idle.Remove(sql, out var node))
            {
                return null;
            }
            _byUse.Remove(node);
            _reused++;
            var statement = node.Value;
            if (_spareNodes.Count < Capacity)
            {
                node.Value = null!;
                _spareNodes.Push(node);
            }
            return statement;
        }
    }

    /// <summary>Takes a lent (or new) statement back; false when the caller must dispose it (one with its text is idle already, or the cache is closed).</summary>
    internal bool Return(PreparedStatement statement)
    {
        PreparedStatement? evicted = null;
        lock (_lock)
        {
            if (_closed || _idle.ContainsKey(statement.Sql))
            {
                return false;
            }
            if (_spareNodes.TryPop(out var node))
            {
                node.Value = statement;
                _byUse.AddFirst(node);
            }
            else
            {
                node = _byUse.AddFirst(statement);
            }
            _idle[statement.Sql] = node;
            if (_idle.Count > Capacity && _byUse.Last is { } oldest)
            {
                _byUse.RemoveLast();
                _idle.Remove(oldest.Value.Sql);
                evicted = oldest.Value;
            }
        }
        evicted?.DisposeCommand();
        return true;
    }

    /// <summary>
    /// Compiles on <paramref name="target"/> (a kept connection) every statement idle on <paramref name="source"/> (a
    /// connection to a database of the same schema: the chat warm-up's rehearsal) that the target does not hold yet, so
    /// the first units of work that borrow the target do not compile them while they hold the database's one writer.
    /// Returns how many it compiled; none when either connection has no cache.
    /// </summary>
    public static int CompileLike(DbConnection source, DbConnection target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (Of(source) is not { } from || Of(target) is not { } to || ReferenceEquals(from, to))
        {
            return 0;
        }
        List<PreparedStatement> statements;
        lock (from._lock)
        {
            // Least recently used first, so the target's order of use ends as the source's.
            statements = [.. from._byUse.Reverse()];
        }
        var compiled = 0;
        foreach (var statement in statements)
        {
            bool held;
            lock (to._lock)
            {
                held = to._idle.ContainsKey(statement.Sql);
            }
            if (held || statement.CompileOn(target, to) is not { } copy)
            {
                continue;
            }
            if (to.Return(copy))
            {
                compiled++;
            }
            else
            {
                copy.DisposeCommand();
            }
        }
        return compiled;
    }

    /// <summary>Disposes every idle statement (before its connection closes) and takes none back afterwards.</summary>
    internal void Close()
    {
        List<PreparedStatement> idle;
        lock (_lock)
        {
            _closed = true;
            idle = [.. _byUse];
            _byUse.Clear();
            _idle.Clear();
        }
        foreach (var statement in idle)
        {
            statement.DisposeCommand();
        }
    }
}
