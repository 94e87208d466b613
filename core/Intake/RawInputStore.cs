using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Intake;

/// <summary>
/// Every input exactly as received (a mail's bytes, a chat activity's JSON), kept before anything reads it, and each
/// one once: the same input (same channel and key) arriving again is recognised, so the caller never processes it twice.
/// </summary>
public sealed class RawInputStore(ReginDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Stores the input now, on its own, before it is processed (a mail: whatever happens next, its bytes are kept).
    /// IsNew is false when the same input was stored before; Input is then the stored one.
    /// </summary>
    public async Task<(RawInput Input, bool IsNew)> StoreAsync(RawInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var existing = await db.RawInputs.FirstOrDefaultAsync(r => r.Channel == input.Channel && r.DedupKey == input.DedupKey, cancellationToken);
        if (existing is not null)
        {
            return (existing, false);
        }
        input.ReceivedAt = input.ReceivedAt == default ? clock.GetUtcNow() : input.ReceivedAt;
        db.RawInputs.Add(input);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (input, true);
        }
        catch (DbUpdateException)
        {
            // The same input arrived twice at once; the other writer stored it.
            db.Entry(input).State = EntityState.Detached;
            existing = await db.RawInputs.AsNoTracking().FirstAsync(r => r.Channel == input.Channel && r.DedupKey == input.DedupKey, cancellationToken);
            return (existing, false);
        }
    }

    /// <summary>
    /// Adds the input to the caller's unit of work (a chat turn: stored in the turn's transaction, with its answers);
    /// false when the same input was stored before.
    /// </summary>
    public async Task<bool> AddToUnitAsync(RawInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await db.RawInputs.AnyAsync(r => r.Channel == input.Channel && r.DedupKey == input.DedupKey, cancellationToken))
        {
            return false;
        }
        input.ReceivedAt = input.ReceivedAt == default ? clock.GetUtcNow() : input.ReceivedAt;
        db.RawInputs.Add(input);
        return true;
    }
}
