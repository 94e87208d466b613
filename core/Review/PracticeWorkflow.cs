using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Regin.Core.Intake;
using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;

namespace Regin.Core.Review;

/// <summary>
/// Where a practice is in the review: submitted → needs_changes → approved / rejected (and back), one practice or many,
/// and the request for changes sent to the contributor on the channel they used last.
/// </summary>
public sealed class PracticeWorkflow(ReviewChanges changes, ReginDbContext db, ContributorRouter router, Texts texts, IContributorNotifier notifier, ILogger<PracticeWorkflow> logger)
{
    private static readonly Dictionary<string, string[]> Transitions = new()
    {
        [PracticeStatus.Draft] = [PracticeStatus.Submitted, PracticeStatus.Rejected],
        [PracticeStatus.Submitted] = [PracticeStatus.NeedsChanges, PracticeStatus.Approved, PracticeStatus.Rejected],
        [PracticeStatus.NeedsChanges] = [PracticeStatus.Submitted, PracticeStatus.Approved, PracticeStatus.Rejected],
        [PracticeStatus.Approved] = [PracticeStatus.Submitted, PracticeStatus.NeedsChanges, PracticeStatus.Rejected],
        [PracticeStatus.Rejected] = [PracticeStatus.Submitted, PracticeStatus.NeedsChanges],
    };

    /// <summary>The statuses a practice in <paramref name="status"/> may move to.</summary>
    public static IReadOnlyList<string> NextStatuses(string status) => Transitions.TryGetValue(status, out var next) ? next : [];

    /// <summary>Moves a practice along submitted → needs_changes → approved / rejected (and back).</summary>
    public async Task ChangeStatusAsync(Guid practiceId, string status, string? reason, string actor, PracticeVersion? expected, CancellationToken cancellationToken = default)
    {
        var practice = await changes.LoadForUpdateAsync(practiceId, expected, cancellationToken);
        var now = changes.Now;
        SetStatus(practice, status, ReviewChanges.TrimOrNull(reason), actor, now);
        await changes.SaveAsync(practice, expected, now, cancellationToken);
        logger.LogInformation("{Actor} moved {Reference} to {Status}", actor, practice.Reference, status);
    }

    /// <summary>
    /// Changes the status of several practices; each one is judged alone, and the result says which moved and why others
    /// did not. With <paramref name="seenEventId"/> (the newest log entry when the list was shown) a practice someone else
    /// changed since (a colleague's request for changes, the contributor's answers) is not moved: the result carries the
    /// <see cref="ReviewConflictException"/> naming their changes (review49: a bulk "approved" from a list left open
    /// overrode a colleague's request for changes, silently). With <paramref name="shown"/> (each row's version as the
    /// list showed it) the practice's stamp decides instead, exact on both providers (review50: on PostgreSQL a log id
    /// is taken at insert, so an entry committed just after the list was shown could carry an id below <c>seen</c>);
    /// <c>seen</c> still serves the practices the page did not show ("all matching the filters").
    /// </summary>
    public async Task<IReadOnlyList<BulkStatusResult>> ChangeStatusesAsync(IEnumerable<Guid> practiceIds, string status, string? reason, string actor, CancellationToken cancellationToken = default,
        long? seenEventId = null, IReadOnlyDictionary<Guid, PracticeVersion>? shown = null)
    {
        ArgumentNullException.ThrowIfNull(practiceIds);
        var results = new List<BulkStatusResult>();
        foreach (var id in practiceIds.Distinct())
        {
            try
            {
                PracticeVersion? expected = null;
                if (shown is not null && shown.TryGetValue(id, out var version))
                {
                    (var stale, expected) = await changes.ChangedByOthersSinceAsync(id, version, actor, cancellationToken);
                    if (stale is not null)
                    {
                        throw stale;
                    }
                }
                else if (seenEventId is { } seen && await changes.ChangedByOthersSinceAsync(id, seen, actor, cancellationToken) is { } conflict)
                {
                    throw conflict;
                }
                await ChangeStatusAsync(id, status, reason, actor, expected, cancellationToken);
                results.Add(new BulkStatusResult(id, await changes.ReferenceAsync(id, cancellationToken), true, null));
            }
            catch (Exception e) when (e is ReviewRefusedException or ReviewConflictException)
            {
                db.ChangeTracker.Clear();
                results.Add(new BulkStatusResult(id, await changes.ReferenceAsync(id, cancellationToken), false, e.Message) { Conflict = e as ReviewConflictException });
            }
        }
        return results;
    }

    /// <summary>
    /// Sets the practice to needs_changes (a draft or a practice in needs_changes keeps its status) and sends
    /// <paramref name="message"/> to the contributor on the channel they used last (an e-mail reply, or a message in
    /// their chat conversation), in the practice's language.
    /// </summary>
    public async Task<ContributorNotification> RequestChangesAsync(Guid practiceId, string? message, string actor, PracticeVersion? expected, CancellationToken cancellationToken = default)
    {
        message = ReviewChanges.CleanText(message, "Write the message the contributor will receive.");
        var practice = await changes.LoadForUpdateAsync(practiceId, expected, cancellationToken);
        var now = changes.Now;
        var route = await router.RouteAsync(practice, cancellationToken)
            ?? throw new ReviewRefusedException($"{practice.Reference} has no e-mail address or chat conversation to send the request to.");
        // A practice that is waiting for its contributor already (a draft a mail left incomplete, or one asked for changes
        // before) keeps its status: the request goes out all the same, and is logged (review43: a second question to
        // the contributor, or one about a mail's draft, was refused as "needs_changes already" / "draft: not needs_changes").
        if (!PracticeStatus.IsOpenForContributor(practice.Status))
        {
            SetStatus(practice, PracticeStatus.NeedsChanges, message, actor, now);
        }
        var notification = new ContributorNotification
        {
            PracticeId = practice.Id,
            Kind = "changes_requested",
            Channel = route.Channel,
            Recipient = route.Recipient,
            ConversationId = route.ConversationId,
            Language = practice.Language,
            PracticeReference = practice.Reference,
            Message = message,
            Subject = texts.Get(ReviewMessageKeys.ChangesRequestedSubject, practice.Language, ("reference", practice.Reference)),
            Text = texts.Get(ReviewMessageKeys.ChangesRequested, practice.Language, ("reference", practice.Reference), ("message", message)),
            CreatedAt = now,
            CreatedBy = actor,
        };
        await notifier.NotifyAsync(notification, cancellationToken);
        changes.AddEvent(practice, now, actor, "changes_requested", null, null, message, $"to {route.Channel}:{route.Recipient} in {practice.Language}");
        await changes.SaveAsync(practice, expected, now, cancellationToken);
        logger.LogInformation("{Actor} requested changes to {Reference} by {Channel}", actor, practice.Reference, route.Channel);
        return notification;
    }

    private void SetStatus(Practice practice, string status, string? reason, string actor, DateTimeOffset now)
    {
        if (!PracticeStatus.All.Contains(status))
        {
            throw new ReviewRefusedException($"\"{status}\" is not a status; use {string.Join(", ", PracticeStatus.All)}.");
        }
        if (practice.Status == status)
        {
            throw new ReviewRefusedException($"{practice.Reference} is {status} already.");
        }
        if (!NextStatuses(practice.Status).Contains(status))
        {
            throw new ReviewRefusedException($"{practice.Reference} is {practice.Status}: it can go to {string.Join(", ", NextStatuses(practice.Status))}, not {status}.");
        }
        changes.AddEvent(practice, now, actor, "status_changed", null, practice.Status, status, reason);
        if (status == PracticeStatus.Submitted)
        {
            practice.SubmittedAt ??= now;
        }
        practice.Status = status;
    }
}
