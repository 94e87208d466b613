using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Review;

/// <summary>
/// The steps every researcher's change shares: the practice loaded as the screen saw it, an event in the log, and a save
/// that refuses a change made from an old copy with an explanation (<see cref="ReviewConflictException"/>), never silently
/// applied over someone else's. The researchers' tasks (<see cref="PracticeEditor"/>, <see cref="PracticeWorkflow"/>,
/// <see cref="PracticeAssessor"/>, <see cref="DuplicateMerger"/>) share one instance per unit of work.
/// </summary>
public sealed class ReviewChanges(ReginDbContext db, TimeProvider clock, ILogger<ReviewChanges> logger)
{
    public const int MaxReasonLength = 1000;
    public const int MaxTextLength = 5000;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The practice with its answers, flags and identities; refused when it changed since <paramref name="expected"/>.</summary>
    public async Task<Practice> LoadForUpdateAsync(Guid practiceId, PracticeVersion? expected, CancellationToken cancellationToken)
    {
        var practice = await db.Practices
            .Include(p => p.Answers)
            .Include(p => p.Flags)
            .Include(p => p.Identities)
            .AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == practiceId, cancellationToken)
            ?? throw new ReviewRefusedException("There is no such practice.");
        if (expected is not null && practice.ConcurrencyStamp != expected.Stamp)
        {
            var reference = practice.Reference;
            db.ChangeTracker.Clear();
            throw await ConflictAsync(practiceId, reference, expected, cancellationToken);
        }
        return practice;
    }

    /// <summary>Saves the change; a concurrent change by someone else turns into a <see cref="ReviewConflictException"/> naming it.</summary>
    public async Task SaveAsync(Practice practice, PracticeVersion? expected, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Touch(practice, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (db.Provider().IsWriteConflict(e))
        {
            var reference = practice.Reference;
            db.ChangeTracker.Clear();
            throw await ConflictAsync(practice.Id, reference, expected, cancellationToken);
        }
    }

    public void AddEvent(Practice practice, DateTimeOffset now, string actor, string kind, string? questionId, string? oldValue, string? newValue, string? reason) =>
        db.PracticeEvents.Add(new PracticeEvent { PracticeId = practice.Id, At = now, Actor = actor, Kind = kind, QuestionId = questionId, OldValue = oldValue, NewValue = newValue, Reason = reason });

    /// <summary>The researchers' row of a practice (categories, duplicates), created on first use.</summary>
    public async Task<PracticeReview> ReviewRowAsync(Guid practiceId, CancellationToken cancellationToken)
    {
        var review = db.PracticeReviews.Local.FirstOrDefault(r => r.PracticeId == practiceId)
            ?? await db.PracticeReviews.FirstOrDefaultAsync(r => r.PracticeId == practiceId, cancellationToken);
        if (review is null)
        {
            review = new PracticeReview { PracticeId = practiceId };
            db.PracticeReviews.Add(review);
        }
        return review;
    }

    public async Task<string> ReferenceAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Practices.Where(p => p.Id == id).Select(p => (int?)p.Number).FirstOrDefaultAsync(cancellationToken) is { } number
            ? Practice.FormatReference(number) : id.ToString();

    /// <summary>Marks a practice changed: a new concurrency stamp, so a screen showing the old one is refused.</summary>
    public static void Touch(Practice practice, DateTimeOffset now)
    {
        practice.UpdatedAt = now;
        practice.ConcurrencyStamp = Guid.NewGuid();
    }

    public static string RequireReason(string? reason)
    {
        var text = TrimOrNull(reason) ?? throw new ReviewRefusedException("Say why you change the contributor's answer: the reason is kept in the log.");
        return text.Length > MaxReasonLength ? throw new ReviewRefusedException($"The reason is longer than {MaxReasonLength} characters.") : text;
    }

    public static string CleanText(string? text, string whenEmpty)
    {
        var clean = TrimOrNull(text) ?? throw new ReviewRefusedException(whenEmpty);
        return clean.Length > MaxTextLength ? throw new ReviewRefusedException($"The text is longer than {MaxTextLength} characters.") : clean;
    }

    public static string? TrimOrNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().Normalize();

    /// <summary>
    /// The changes others logged on the practice after entry <paramref name="seenEventId"/> (null when none): what a page
    /// shown before them did not show.
    /// </summary>
    public async Task<ReviewConflictException?> ChangedByOthersSinceAsync(Guid practiceId, long seenEventId, string actor, CancellationToken cancellationToken)
    {
        var since = await db.PracticeEvents.AsNoTracking().Where(e => e.PracticeId == practiceId && e.Id > seenEventId && e.Actor != actor)
            .OrderBy(e => e.Id).Take(20).ToListAsync(cancellationToken);
        return since.Count == 0 ? null : new ReviewConflictException(await ReferenceAsync(practiceId, cancellationToken), since);
    }

    /// <summary>
    /// Whether a practice a list showed at <paramref name="shown"/> (its stamp and its newest log entry, read with the row)
    /// was changed since by anyone but <paramref name="actor"/>. The stamp decides, on both providers: a log id is taken
    /// when its entry is written, not when it commits, so on PostgreSQL an entry committed just after the list was shown
    /// can carry a smaller id than one already committed (review50). The entries after the row's own newest one name the
    /// change; her own changes in another tab do not count, and the version to save against is then the current one.
    /// </summary>
    public async Task<(ReviewConflictException? Conflict, PracticeVersion Expected)> ChangedByOthersSinceAsync(Guid practiceId, PracticeVersion shown, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shown);
        var stamp = await db.Practices.AsNoTracking().Where(p => p.Id == practiceId).Select(p => (Guid?)p.ConcurrencyStamp).FirstOrDefaultAsync(cancellationToken);
        if (stamp is null || stamp == shown.Stamp)
        {
            return (null, shown);
        }
        var since = await db.PracticeEvents.AsNoTracking().Where(e => e.PracticeId == practiceId && e.Id > shown.LastEventId)
            .OrderBy(e => e.Id).Take(50).ToListAsync(cancellationToken);
        var others = since.Where(e => e.Actor != actor).Take(20).ToList();
        return others.Count > 0 || since.Count == 0
            ? (new ReviewConflictException(await ReferenceAsync(practiceId, cancellationToken), others), shown)
            : (null, new PracticeVersion(stamp.Value, since[^1].Id));
    }

    private async Task<ReviewConflictException> ConflictAsync(Guid practiceId, string reference, PracticeVersion? expected, CancellationToken cancellationToken)
    {
        var since = expected?.LastEventId ?? long.MaxValue;
        var changes = await db.PracticeEvents.AsNoTracking().Where(e => e.PracticeId == practiceId && e.Id > since).OrderBy(e => e.Id).Take(20).ToListAsync(cancellationToken);
        logger.LogInformation("Refused a stale change to {Reference}: {Count} changes since it was opened", reference, changes.Count);
        return new ReviewConflictException(reference, changes);
    }
}

/// <summary>What became of one practice in a bulk status change.</summary>
public sealed record BulkStatusResult(Guid PracticeId, string Reference, bool Changed, string? Why)
{
    /// <summary>Set when the practice was not moved because someone else changed it after the list was shown.</summary>
    public ReviewConflictException? Conflict { get; init; }
}
