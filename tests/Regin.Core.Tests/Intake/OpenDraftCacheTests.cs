using Regin.Core.Intake;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Tests.Intake;

/// <summary>The open drafts' copies are bounded: past the capacity the least recently used go, not the whole cache.</summary>
public sealed class OpenDraftCacheTests
{
    [Fact]
    public void Past_its_capacity_the_least_recently_used_copies_go_and_the_rest_stay()
    {
        var cache = new OpenDraftCache(capacity: 64);
        var drafts = Enumerable.Range(0, 64).Select(_ => new Practice { Id = Guid.NewGuid() }).ToList();
        foreach (var draft in drafts)
        {
            cache.Remember(draft);
        }
        // The first one used again (a turn of its conversation): now the most recent.
        Assert.NotNull(cache.Kept(drafts[0].Id, drafts[0].ConcurrencyStamp));

        var next = new Practice { Id = Guid.NewGuid() };
        cache.Remember(next);

        // An eighth went (the least recently used: 1..9), not the whole cache; the one used and the new one stay.
        Assert.Equal(64 - 8, cache.Count);
        Assert.NotNull(cache.Kept(drafts[0].Id, drafts[0].ConcurrencyStamp));
        Assert.NotNull(cache.Kept(next.Id, next.ConcurrencyStamp));
        Assert.All(drafts.Skip(1).Take(9), gone => Assert.Null(cache.Kept(gone.Id, gone.ConcurrencyStamp)));
        Assert.All(drafts.Skip(10), kept => Assert.NotNull(cache.Kept(kept.Id, kept.ConcurrencyStamp)));
    }

    [Fact]
    public void However_many_drafts_pass_through_it_it_never_holds_more_than_its_capacity()
    {
        var cache = new OpenDraftCache(capacity: 100);
        var hot = new Practice { Id = Guid.NewGuid() };
        cache.Remember(hot);
        for (var i = 0; i < 10_000; i++)
        {
            cache.Remember(new Practice { Id = Guid.NewGuid() });
            // A conversation that keeps talking keeps its copy.
            Assert.NotNull(cache.Kept(hot.Id, hot.ConcurrencyStamp));
            Assert.InRange(cache.Count, 1, 100);
        }
    }
}
