using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Reminders;

/// <summary>A contributor's "no reminders" (chat) or STOP (mail): no reminder is queued for the draft after it.</summary>
public sealed class DraftReminderStops(ReginDbContext db, TimeProvider clock)
{
    public const string EventKind = "reminders_stopped";

    /// <summary>
    /// What the detail of the flag (<see cref="Normalisation.FlagReasons.UnverifiedUpdate"/>) says of a STOP a mail our server did
    /// not vouch for asked for, held (session 48): a researcher who checked it with the contributor honours it (session 49).
    /// </summary>
    public const string HeldStopPhrase = "asks to stop its reminders, not applied";

    /// <summary>Whether <paramref name="flag"/> holds a STOP not applied.</summary>
    public static bool IsHeldStop(Flag flag) =>
        flag is { Reason: Normalisation.FlagReasons.UnverifiedUpdate, QuestionId: null, Detail: { } detail } && detail.Contains(HeldStopPhrase, StringComparison.Ordinal);

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
