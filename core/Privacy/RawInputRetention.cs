using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Privacy;

/// <summary>
/// Purges the raw inputs (e-mails and chat messages as received) of closed practices, approved or rejected and not
/// changed for Privacy:RawInputRetentionDays; the practice, its answers and its log stay. Each purge is logged on the
/// practice (event <c>raw_inputs_purged</c>). Set-based: one delete per run, safe with several hosts.
/// </summary>
public sealed class RawInputRetention(ReginDbContext db, IOptions<PrivacyOptions> options, TimeProvider clock, ILogger<RawInputRetention> logger)
{
    public const string EventKind = "raw_inputs_purged";

    /// <summary>Deletes what is due; returns how many raw inputs went.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var cutoff = now.AddDays(-options.Value.RawInputRetentionDays);
        // SQLite cannot compare DateTimeOffset columns: the (few) closed practices' dates are compared here.
        var closed = await db.Practices.AsNoTracking()
            .Where(p => (p.Status == PracticeStatus.Approved || p.Status == PracticeStatus.Rejected) && db.RawInputs.Any(r => r.PracticeId == p.Id))
            .Select(p => new { p.Id, p.UpdatedAt }).ToListAsync(cancellationToken);
        var due = closed.Where(p => p.UpdatedAt < cutoff).Select(p => p.Id).ToList();
        if (due.Count == 0)
        {
            return 0;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var purged = 0;
        foreach (var chunk in due.Chunk(500))
        {
            var counts = await db.RawInputs.Where(r => r.PracticeId != null && chunk.Contains(r.PracticeId.Value))
                .GroupBy(r => r.PracticeId!.Value).Select(g => new { PracticeId = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
            var ids = await db.RawInputs.Where(r => r.PracticeId != null && chunk.Contains(r.PracticeId.Value)).Select(r => r.Id).ToListAsync(cancellationToken);
            purged += await RawInputRows.DeleteAsync(db, ids, cancellationToken);
            db.PracticeEvents.AddRange(counts.Select(c => new PracticeEvent
            {
                PracticeId = c.PracticeId, At = now, Actor = "system:retention", Kind = EventKind,
                NewValue = c.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Reason = $"Privacy:RawInputRetentionDays = {options.Value.RawInputRetentionDays}",
            }));
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Purged {Count} raw inputs of {Practices} closed practices older than {Days} days", purged, due.Count, options.Value.RawInputRetentionDays);
        return purged;
    }
}
