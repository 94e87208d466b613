using Microsoft.EntityFrameworkCore;

namespace Regin.Core.Persistence;

public abstract partial class ReginDatabaseProvider
{
    /// <summary>
    /// Whether a writer of many rows in one transaction sends them many to a statement. Each statement is a round trip to
    /// a server (PostgreSQL: the mail acceptor's statement per mail cost ~0.5 ms a mail, 0.06–0.09× MimeKit's rate); SQLite
    /// runs in the process, where a statement compiled once and run for each row, bound by position, is as quick.
    /// </summary>
    public virtual bool RowsManyToAStatement => false;

    /// <summary>
    /// Whether one statement can take a column's values for many rows as one array parameter (PostgreSQL's <c>unnest</c>):
    /// a writer of many rows then sends a whole batch in one statement of a few parameters, planned once.
    /// </summary>
    public virtual bool InsertsRowsFromArrays => false;

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
