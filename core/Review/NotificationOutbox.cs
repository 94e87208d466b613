using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;

namespace Regin.Core.Review;

/// <summary>
/// The one way a channel worker takes a contributor notification through its states: claim it (pending → sending, one
/// more attempt; only one worker's claim succeeds), then sent, or back to pending for a retry, or failed for good.
/// A row left in "sending" by a crash is not sent again: a lost message is preferred to a doubled one.
/// </summary>
public static class NotificationOutbox
{
    public const int MaxErrorLength = 1000;

    /// <summary>The claimed notification, or null when it is not pending any more (another worker, or already done).</summary>
    public static async Task<ContributorNotification?> ClaimAsync(ReginDbContext db, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var claimed = await db.ContributorNotifications
            .Where(n => n.Id == id && n.State == ContributorNotificationStates.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.State, ContributorNotificationStates.Sending).SetProperty(n => n.Attempts, n => n.Attempts + 1), cancellationToken);
        return claimed == 1 ? await db.ContributorNotifications.AsNoTracking().SingleAsync(n => n.Id == id, cancellationToken) : null;
    }

    public static Task MarkSentAsync(ReginDbContext db, long id, DateTimeOffset sentAt) =>
        SetAsync(db, id, ContributorNotificationStates.Sent, sentAt, null);

    /// <summary>Records why the attempt failed; the row goes back to pending for a retry unless <paramref name="final"/>.</summary>
    public static Task MarkFailedAsync(ReginDbContext db, long id, string error, bool final) =>
        SetAsync(db, id, final ? ContributorNotificationStates.Failed : ContributorNotificationStates.Pending, null, error);

    /// <summary>Gives a claimed row back untouched (the worker stopped before sending anything).</summary>
    public static Task ReleaseAsync(ReginDbContext db, long id) =>
        db.ContributorNotifications.Where(n => n.Id == id && n.State == ContributorNotificationStates.Sending)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.State, ContributorNotificationStates.Pending).SetProperty(n => n.Attempts, n => n.Attempts - 1), CancellationToken.None);

    // Outcomes are written even when the worker is stopping: the message went out (or not) whatever comes next.
    private static Task SetAsync(ReginDbContext db, long id, string state, DateTimeOffset? sentAt, string? error) =>
        db.ContributorNotifications.Where(n => n.Id == id).ExecuteUpdateAsync(u => u
            .SetProperty(n => n.State, state)
            .SetProperty(n => n.SentAt, sentAt)
            .SetProperty(n => n.Error, error == null ? null : error.Length > MaxErrorLength ? error.Substring(0, MaxErrorLength) : error), CancellationToken.None);
}
