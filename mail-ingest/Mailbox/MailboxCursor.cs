using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.MailIngest.Mailbox;

/// <summary>
/// Where the watcher is in an IMAP folder: its UIDVALIDITY, the highest UID handled, and the highest UID that was
/// already there at the first start (the backlog, ingested without replies). Kept in the database beside the raw
/// mail (channel "imap-cursor"), so several restarts, or another machine, continue from the same point.
/// </summary>
public sealed class MailboxCursor(ReginDbContext db, TimeProvider clock)
{
    public const string Channel = "imap-cursor";

    public sealed record State(uint UidValidity, uint LastUid, uint BacklogUid);

    public async Task<State?> LoadAsync(string mailbox, CancellationToken cancellationToken = default)
    {
        var row = await db.RawInputs.AsNoTracking().FirstOrDefaultAsync(r => r.Channel == Channel && r.DedupKey == mailbox, cancellationToken);
        if (row is null)
        {
            return null;
        }
        var parts = System.Text.Encoding.UTF8.GetString(row.Content).Split(' ');
        return new State(uint.Parse(parts[0], CultureInfo.InvariantCulture), uint.Parse(parts[1], CultureInfo.InvariantCulture), uint.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    public async Task SaveAsync(string mailbox, State state, CancellationToken cancellationToken = default)
    {
        var content = System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{state.UidValidity} {state.LastUid} {state.BacklogUid}"));
        var updated = await db.RawInputs.Where(r => r.Channel == Channel && r.DedupKey == mailbox)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Content, content).SetProperty(r => r.ReceivedAt, clock.GetUtcNow()), cancellationToken);
        if (updated == 0)
        {
            db.RawInputs.Add(new RawInput { Channel = Channel, DedupKey = mailbox, ContentType = "text/plain", Content = content, ReceivedAt = clock.GetUtcNow(), Outcome = "cursor" });
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
