using Microsoft.EntityFrameworkCore.Storage;

namespace Regin.Core.Persistence;

/// <summary>
/// Where a scope's writes that bypass SaveChanges (statements prepared from the model) find their transaction. A
/// scope whose owner commits everything at once (a chat turn: one transaction for state, answer, raw input and events)
/// sets <see cref="Join"/>, which begins that transaction; elsewhere a writer begins one of its own and commits it.
/// </summary>
public sealed class UnitTransaction(ReginDbContext db)
{
    /// <summary>Begins the owner's transaction (when none is open yet); null when the scope has no such owner.</summary>
    public Func<CancellationToken, Task>? Join { get; set; }

    /// <summary>
    /// Whether a writer may leave its checked writes to go with the owner's COMMIT (<see cref="ConnectionPrelude"/>, each
    /// checked in the database: <see cref="ConnectionPrelude.Statement.CheckedSql"/>) instead of running them now: set by an
    /// owner that runs its whole unit again when such a check fails at the commit (a chat turn answered in its HTTP
    /// response, on PostgreSQL: one round trip less). A failed check then throws where the statements run, not where they
    /// were written.
    /// </summary>
    public bool WritesMayWaitForCommit { get; set; }

    /// <summary>
    /// The failure of a check of writes that waited (<see cref="WritesMayWaitForCommit"/>) when a statement of the unit took
    /// them along before its commit: those writes are gone with it, so the owner must not commit the unit even when a
    /// caller on the way caught the failure (a retry of its own, which would leave them out); it throws this again.
    /// </summary>
    public Exception? FailedCheck { get; set; }

    /// <summary>
    /// Makes sure the context's connection is in a transaction before a write: the owner's (null is returned: the owner
    /// commits it), one already open (null), or a new one the caller commits (returned).
    /// </summary>
    public async Task<IDbContextTransaction?> BeginUnlessOpenAsync(CancellationToken cancellationToken)
    {
        if (ContextTransaction.IsOpen(db))
        {
            return null;
        }
        if (Join is { } join)
        {
            await join(cancellationToken);
            if (ContextTransaction.IsOpen(db))
            {
                return null;
            }
        }
        return await db.Database.BeginTransactionAsync(cancellationToken);
    }
}
