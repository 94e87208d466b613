using Regin.Core.Persistence;

namespace Regin.Core.Review;

/// <summary>
/// Gets a researcher's message to a contributor on their channel. The review service calls it before it saves the
/// status change, in the same unit of work; the default implementation only records an outbox row that the chat and
/// mail workers deliver (so nothing is sent for a change that is then refused or lost).
/// </summary>
public interface IContributorNotifier
{
    Task NotifyAsync(ContributorNotification notification, CancellationToken cancellationToken = default);
}

/// <summary>Records the message in the outbox (contributor_notifications); it is saved with the review change.</summary>
public sealed class OutboxContributorNotifier(ReginDbContext db) : IContributorNotifier
{
    public Task NotifyAsync(ContributorNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        db.ContributorNotifications.Add(notification);
        return Task.CompletedTask;
    }
}
