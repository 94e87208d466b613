using Microsoft.EntityFrameworkCore;

namespace Regin.Core.Persistence;

public abstract partial class ReginDatabaseProvider
{
    /// <summary>
    /// Readies <paramref name="db"/>'s connection (opened here, before its transaction begins) for a transaction that
    /// writes many rows with a savepoint for each of its units (the mail batch writer): what the database keeps to roll
    /// a savepoint back, and the pages it holds, sized for that. Disposing the result (after the transaction) gives the
    /// connection its usual settings back, for whoever borrows it from the pool next. Nothing on a provider that needs nothing.
    /// </summary>
    public virtual async Task<IAsyncDisposable?> PrepareBatchWritesAsync(ReginDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        return null;
    }
}
