using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Reminders;

/// <summary>A contributor's "no reminders" (chat) or STOP (mail): no reminder is queued for the draft after it.</summary>
public sealed class DraftReminderStops(ReginDbContext db, TimeProvider clock)
{
    public const string EventKind = "reminders_stopped";

    /// <summary>Stops the draft's reminders and logs who asked; false when they were stopped already.</summary>
    public async Task<bool> StopAsync(Guid practiceId, string actor, string channel, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var now = clock.GetUtcNow();
        var reminders = db.Set<DraftReminder>();
        // Moves the version on like a scheduler's claim, so a reminder claimed from the old version is refused.
        var stopped = await reminders.Where(r => r.PracticeId == practiceId && r.StoppedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.StoppedAt, now).SetProperty(r => r.Version, r => r.Version + 1), cancellationToken);
        if (stopped == 0)
        {
            if (await reminders.AsNoTracking().AnyAsync(r => r.PracticeId == practiceId, cancellationToken))
            {
                return false;
            }
            reminders.Add(new DraftReminder { PracticeId = practiceId, ActivityAt = now, StoppedAt = now, Version = 1 });
        }
        db.PracticeEvents.Add(new PracticeEvent { PracticeId = practiceId, At = now, Actor = actor, Kind = EventKind, Reason = $"asked on {channel}" });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
