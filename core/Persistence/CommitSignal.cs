using System.Diagnostics;

namespace Regin.Core.Persistence;

/// <summary>
/// Writers' commits told to a background service that acts on them in the next quiet moment (<see cref="Sqlite.SqliteCheckpointer"/>,
/// <see cref="PostgreSql.PostgreSqlSearchIndexer"/>), at little cost on the writers' path: a commit stamps its time, and
/// only the first commit after the service began to wait wakes it (<see cref="WaitAsync"/>); the service then times the
/// quiet moment from the stamps on a timer of its own (<see cref="QuietAsync"/>). The services used to wait on a
/// semaphore with a timeout that every commit released: each chat turn's commit woke a pool worker (and left it
/// spinning), and the wait it ended made a new task and timer, a few hundred times a second under chat load.
/// </summary>
public sealed class CommitSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>The last commit's <see cref="Stopwatch"/> timestamp (0: none yet).</summary>
    private long _last;

    /// <summary>1 while the service waits for a commit to wake it; the commit that takes it to 0 releases <see cref="_wake"/>.</summary>
    private int _waiting;

    /// <summary>A commit: stamped; the service is woken if it waits for one.</summary>
    public void Committed()
    {
        // Full fences on both sides (here and in WaitAsync): a commit either sees the service waiting, or the service sees its stamp.
        Interlocked.Exchange(ref _last, Stopwatch.GetTimestamp());
        if (Volatile.Read(ref _waiting) == 1 && Interlocked.Exchange(ref _waiting, 0) == 1)
        {
            _wake.Release();
        }
    }

    /// <summary>The <see cref="Stopwatch"/> timestamp to pass to <see cref="WaitAsync"/> for the commits after this moment.</summary>
    public static long Now => Stopwatch.GetTimestamp();

    /// <summary>
    /// Returns true once a commit came after <paramref name="since"/> (at once when one came already), false after
    /// <paramref name="timeout"/> without one (<see cref="Timeout.InfiniteTimeSpan"/>: no limit).
    /// </summary>
    public async Task<bool> WaitAsync(long since, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _waiting, 1);
        if (Interlocked.Read(ref _last) > since)
        {
            // Came already. A commit that saw this wait meanwhile releases the wake: taken, so that it wakes nothing later.
            if (Interlocked.Exchange(ref _waiting, 0) == 0)
            {
                await _wake.WaitAsync(cancellationToken);
            }
            return true;
        }
        if (await _wake.WaitAsync(timeout, cancellationToken))
        {
            return true;
        }
        if (Interlocked.Exchange(ref _waiting, 0) == 0)
        {
            // A commit came just as the wait timed out; its release is taken.
            await _wake.WaitAsync(cancellationToken);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Returns once no commit came for <paramref name="pause"/>, or <paramref name="longest"/> after this call (made
    /// when a commit woke the service); no wait when <paramref name="pause"/> is not positive.
    /// </summary>
    public async Task QuietAsync(TimeSpan pause, TimeSpan longest, CancellationToken cancellationToken)
    {
        if (pause <= TimeSpan.Zero)
        {
            return;
        }
        var since = Stopwatch.GetTimestamp();
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            var left = longest - Stopwatch.GetElapsedTime(since, now);
            if (left <= TimeSpan.Zero)
            {
                return;
            }
            var quiet = Stopwatch.GetElapsedTime(Interlocked.Read(ref _last), now);
            if (quiet >= pause)
            {
                return;
            }
            var wait = pause - quiet;
            await Task.Delay(wait < left ? wait : left, cancellationToken);
        }
    }

    public void Dispose() => _wake.Dispose();
}
