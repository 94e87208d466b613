using System.Collections.Concurrent;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Intake;

/// <summary>
/// The open drafts this process last read or wrote (the practice with its answers, flags and identities), each under
/// the concurrency stamp it had then, so the next chat turn of a conversation asks the database for the stamp alone
/// instead of loading the draft again (four queries). Every change of a practice gives it a new stamp, whoever makes it
/// (a chat turn, a mail, the review screens, an erasure, another host), and the stamp is always read from the database:
/// a copy is only used while the database still holds the stamp it was taken with. A copy taken in a transaction that
/// then rolls back has a stamp the database never committed, so it is never used. Copies are detached values, copied
/// again into fresh entities for each unit of work: no entity is shared between two DbContexts or two threads.
/// </summary>
public sealed class OpenDraftCache
{
    /// <summary>
    /// Enough for the conversations of a busy host; beyond it the least recently used copies go (an eighth of it at a
    /// time, so the sorting is paid once per so many copies kept): a miss costs one load. Until session 32 the cache was
    /// cleared whole at this size, and every conversation's next turn then loaded its draft.
    /// </summary>
    internal const int DefaultCapacity = 4096;

    private readonly ConcurrentDictionary<Guid, Slot> _drafts = new();
    private readonly Lock _trimming = new();
    private readonly int _capacity;
    private long _clock;

    public OpenDraftCache()
        : this(DefaultCapacity)
    {
    }

    internal OpenDraftCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>How many copies are kept.</summary>
    internal int Count => _drafts.Count;

    /// <summary>A copy and when it was last kept or used (a count, not a time: only the order matters).</summary>
    private sealed class Slot(Practice copy, long used)
    {
        public Practice Copy { get; } = copy;

        public long Used = used;
    }

    /// <summary>The copy of <paramref name="practiceId"/> at <paramref name="stamp"/>, marked as used now; or null.</summary>
    private Practice? Find(Guid practiceId, Guid stamp)
    {
        if (!_drafts.TryGetValue(practiceId, out var slot) || slot.Copy.ConcurrencyStamp != stamp)
        {
            return null;
        }
        // (A plain write: two turns marking one copy at once leave either count, both recent.)
        slot.Used = Interlocked.Increment(ref _clock);
        return slot.Copy;
    }

    private void Put(Practice copy)
    {
        _drafts[copy.Id] = new Slot(copy, Interlocked.Increment(ref _clock));
        if (_drafts.Count > _capacity)
        {
            Trim();
        }
    }

    /// <summary>Down to seven eighths of the capacity, the least recently used copies going first.</summary>
    private void Trim()
    {
        lock (_trimming)
        {
            var over = _drafts.Count - _capacity;
            if (over <= 0)
            {
                return;
            }
            var oldest = _drafts.ToArray();
            Array.Sort(oldest, (a, b) => a.Value.Used.CompareTo(b.Value.Used));
            foreach (var gone in oldest.AsSpan(0, Math.Min(oldest.Length, over + _capacity / 8)))
            {
                // Only that copy: one kept since (a newer one of the same practice) stays.
                _drafts.TryRemove(gone);
            }
        }
    }

    /// <summary>The copy of <paramref name="practiceId"/> taken at <paramref name="stamp"/>, as entities attached (unchanged) to <paramref name="db"/>.</summary>
    internal Practice? Attach(ReginDbContext db, Guid practiceId, Guid stamp)
    {
        if (Find(practiceId, stamp) is not { } kept)
        {
            return null;
        }
        var practice = kept.CopyWithAnswers();
        // Nothing to detect in entities just attached unchanged: a collection's entry scans the whole graph for changes
        // when asked for with automatic detection on (that was 4 in 10 of this method's CPU, a tenth of a chat turn's).
        var tracker = db.ChangeTracker;
        var detecting = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            var entry = db.Practices.Attach(practice);
            // As a query with these includes would have left them: a later LoadAsync in this unit takes the tracked practice.
            entry.Collection(p => p.Answers).IsLoaded = true;
            entry.Collection(p => p.Flags).IsLoaded = true;
            entry.Collection(p => p.Identities).IsLoaded = true;
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detecting;
        }
        return practice;
    }

    /// <summary>
    /// The copy of <paramref name="practiceId"/> taken at <paramref name="stamp"/>, itself (shared: never to be changed;
    /// a unit of work changes a copy of it), or null.
    /// </summary>
    internal Practice? Kept(Guid practiceId, Guid stamp) => Find(practiceId, stamp);

    /// <summary>
    /// Keeps <paramref name="copy"/> itself (a copy nobody changes any more, as the database holds it), or forgets the
    /// practice when it is no longer open for its contributor.
    /// </summary>
    internal void Keep(Practice copy)
    {
        if (!PracticeStatus.IsOpenForContributor(copy.Status))
        {
            _drafts.TryRemove(copy.Id, out _);
            return;
        }
        Put(copy);
    }

    /// <summary>
    /// Keeps a copy of <paramref name="practice"/> as its unit of work has just read or saved it (answers, flags and
    /// identities loaded, nothing pending), or forgets it when it is no longer open for its contributor.
    /// </summary>
    internal void Remember(Practice practice)
    {
        if (!PracticeStatus.IsOpenForContributor(practice.Status))
        {
            _drafts.TryRemove(practice.Id, out _);
            return;
        }
        Put(practice.CopyWithAnswers());
    }
}
