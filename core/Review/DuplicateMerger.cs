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

/// <summary>Practices that describe the same thing: one marked as the duplicate of another, or merged into it.</summary>
public sealed class DuplicateMerger(ReviewChanges changes, ReginDbContext db, ILogger<DuplicateMerger> logger)
{
    /// <summary>
    /// Records that one practice duplicates another (both stay as they are until merged). With <paramref name="expected"/>
    /// (the page's version of <paramref name="practiceId"/>) a practice changed since the page was shown is refused with
    /// who changed what, as an edit is.
    /// </summary>
    public async Task MarkDuplicateAsync(Guid practiceId, Guid duplicateOfId, string actor, PracticeVersion? expected = null, CancellationToken cancellationToken = default)
    {
        if (practiceId == duplicateOfId)
        {
            throw new ReviewRefusedException("A practice cannot duplicate itself.");
        }
        var practice = await changes.LoadForUpdateAsync(practiceId, expected, cancellationToken);
        var original = await db.Practices.AsNoTracking().FirstOrDefaultAsync(p => p.Id == duplicateOfId, cancellationToken)
            ?? throw new ReviewRefusedException("There is no such practice to be a duplicate of.");
        var now = changes.Now;
        var review = await changes.ReviewRowAsync(practiceId, cancellationToken);
        review.DuplicateOfId = duplicateOfId;
        review.UpdatedAt = now;
        review.UpdatedBy = actor;
        changes.AddEvent(practice, now, actor, "marked_duplicate", null, null, original.Reference, null);
        await changes.SaveAsync(practice, expected, now, cancellationToken);
    }

    /// <summary>
    /// Merges <paramref name="duplicateId"/> into <paramref name="targetId"/>: answers the target lacks are copied (the
    /// target's own answers win), the contributor identities, channels and raw inputs move over, and the duplicate is
    /// rejected with a pointer to the target. Both logs say so. With <paramref name="expected"/> (the page's version of
    /// the duplicate) a duplicate changed since the page was shown is refused with who changed what (review50: a merge
    /// from an older page rejected a practice a colleague had just approved, silently).
    /// </summary>
    public async Task MergeAsync(Guid duplicateId, Guid targetId, string actor, PracticeVersion? expected = null, CancellationToken cancellationToken = default)
    {
        if (duplicateId == targetId)
        {
            throw new ReviewRefusedException("A practice cannot be merged into itself.");
        }
        var duplicate = await changes.LoadForUpdateAsync(duplicateId, expected, cancellationToken);
        var target = await changes.LoadForUpdateAsync(targetId, null, cancellationToken);
        var now = changes.Now;
        var copied = new List<string>();
        foreach (var answer in duplicate.Answers.Where(a => target.Answers.All(t => t.QuestionId != a.QuestionId)))
        {
            target.Answers.Add(new Answer { QuestionId = answer.QuestionId, ValueJson = answer.ValueJson, Original = answer.Original, OtherText = answer.OtherText, UpdatedAt = now, UpdatedBy = actor });
            foreach (var flag in duplicate.Flags.Where(f => f.QuestionId == answer.QuestionId && !f.Resolved))
            {
                target.Flags.Add(new Flag { QuestionId = flag.QuestionId, Reason = flag.Reason, Detail = flag.Detail, CreatedAt = now });
            }
            changes.AddEvent(target, now, actor, "answer_set", answer.QuestionId, null, answer.ValueJson ?? JsonSerializer.Serialize(answer.Original), $"merged from {duplicate.Reference}");
            copied.Add(answer.QuestionId);
        }
        foreach (var identity in duplicate.Identities.Where(i => !target.Identities.Any(t => t.Channel == i.Channel && t.ExternalId == i.ExternalId)))
        {
            target.Identities.Add(new ContributorIdentity { Channel = identity.Channel, ExternalId = identity.ExternalId });
        }
        foreach (var channel in duplicate.ChannelList)
        {
            target.AddChannel(channel);
        }
        target.ContributorEmail ??= duplicate.ContributorEmail;
        // The duplicate's raw inputs move with it, saved with the merge. Only their ids are read: the bytes (a mail's
        // 30 MB scan) would be loaded and snapshotted for nothing; each row's PracticeId alone is written.
        foreach (var id in await db.RawInputs.Where(r => r.PracticeId == duplicateId).Select(r => r.Id).ToListAsync(cancellationToken))
        {
            var moved = db.RawInputs.Attach(new RawInput { Id = id, PracticeId = duplicateId, Channel = "", DedupKey = "", ContentType = "", Content = [] });
            moved.Entity.PracticeId = targetId;
        }
        changes.AddEvent(target, now, actor, "merged", null, duplicate.Reference, target.Reference, copied.Count == 0 ? "no answer copied" : "copied " + string.Join(", ", copied));
        if (duplicate.Status != PracticeStatus.Rejected)
        {
            changes.AddEvent(duplicate, now, actor, "status_changed", null, duplicate.Status, PracticeStatus.Rejected, $"duplicate of {target.Reference}");
            duplicate.Status = PracticeStatus.Rejected;
        }
        var review = await changes.ReviewRowAsync(duplicateId, cancellationToken);
        review.DuplicateOfId = targetId;
        review.MergedIntoId = targetId;
        review.UpdatedAt = now;
        review.UpdatedBy = actor;
        changes.AddEvent(duplicate, now, actor, "merged_into", null, duplicate.Reference, target.Reference, null);
        ReviewChanges.Touch(duplicate, now);
        await changes.SaveAsync(target, null, now, cancellationToken);
        logger.LogInformation("{Actor} merged {Duplicate} into {Target}", actor, duplicate.Reference, target.Reference);
    }
}
