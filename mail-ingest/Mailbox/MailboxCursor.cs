using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.MailIngest.Mailbox;

/// <summary>
/// Where the watcher is in an IMAP folder: its UIDVALIDITY, the highest UID handled, and the highest UID that was
/// already there at the first start (the backlog, ingested without replies). Kept in its own table (imap_cursors),
/// so a restart, or the next watcher to hold the mailbox, continues from the same point.
/// </summary>
public sealed class MailboxCursor(ReginDbContext db, TimeProvider clock)
{
    public sealed record State(uint UidValidity, uint LastUid, uint BacklogUid);

    public async Task<State?> LoadAsync(string mailbox, CancellationToken cancellationToken = default)
    {
        var row = await db.ImapCursors.AsNoTracking().FirstOrDefaultAsync(c => c.Mailbox == mailbox, cancellationToken);
        return row is null ? null : new State((uint)row.UidValidity, (uint)row.LastUid, (uint)row.BacklogUid);
    }

    public async Task SaveAsync(string mailbox, State state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var now = clock.GetUtcNow().UtcDateTime;
        var updated = await db.ImapCursors.Where(c => c.Mailbox == mailbox).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.UidValidity, (long)state.UidValidity)
            .SetProperty(c => c.LastUid, (long)state.LastUid)
            .SetProperty(c => c.BacklogUid, (long)state.BacklogUid)
            .SetProperty(c => c.UpdatedAt, now), cancellationToken);
        if (updated == 0)
        {
            var row = new ImapCursor { Mailbox = mailbox, UidValidity = state.UidValidity, LastUid = state.LastUid, BacklogUid = state.BacklogUid, UpdatedAt = now };
            db.ImapCursors.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            db.Entry(row).State = EntityState.Detached;
        }
    }
}
