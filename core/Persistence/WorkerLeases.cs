using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Persistence;

/// <summary>
/// One holder at a time for a named job (watching a mailbox), across processes and machines: a row in worker_leases
/// taken with a conditional update (free, expired, or already ours), renewed while the job runs, and taken over by
/// another process once it expires. Plain EF Core, so it behaves the same on every provider.
/// </summary>
public static class WorkerLeases
{
    /// <summary>True when <paramref name="holder"/> holds the lease until now + <paramref name="duration"/>.</summary>
    public static async Task<bool> TryAcquireAsync(ReginDbContext db, string name, string holder, TimeSpan duration, DateTime utcNow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var expires = utcNow + duration;
        var taken = await db.WorkerLeases
            .Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt < utcNow))
            .ExecuteUpdateAsync(u => u
                .SetProperty(l => l.AcquiredAt, l => l.Holder == holder ? l.AcquiredAt : utcNow)
                .SetProperty(l => l.Holder, holder)
                .SetProperty(l => l.ExpiresAt, expires), cancellationToken);
        if (taken == 1)
        {
            return true;
        }
        if (await db.WorkerLeases.AnyAsync(l => l.Name == name, cancellationToken))
        {
            return false;
        }
        var row = new WorkerLease { Name = name, Holder = holder, ExpiresAt = expires, AcquiredAt = utcNow };
        db.WorkerLeases.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another process inserted it first: it holds the lease.
            return false;
        }
        finally
        {
            db.Entry(row).State = EntityState.Detached;
        }
    }

    /// <summary>Gives the lease up at once (a clean stop), so the next process need not wait for it to expire.</summary>
    public static Task ReleaseAsync(ReginDbContext db, string name, string holder) =>
        db.WorkerLeases.Where(l => l.Name == name && l.Holder == holder).ExecuteDeleteAsync(CancellationToken.None);

    public static Task<WorkerLease?> FindAsync(ReginDbContext db, string name, CancellationToken cancellationToken = default) =>
        db.WorkerLeases.AsNoTracking().FirstOrDefaultAsync(l => l.Name == name, cancellationToken);
}
