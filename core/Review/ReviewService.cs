using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;

using Regin.Core.Intake;

namespace Regin.Core.Review;

/// <summary>
/// What researchers do to a practice: edit an answer (through the same normalisation as the channels, with a reason),
/// comment, change its status, request changes from the contributor, assess it, categorise it, mark and merge
/// duplicates. Every change is one event in the log; a change made from an old copy of the practice is refused with
/// an explanation (<see cref="ReviewConflictException"/>), never silently applied over someone else's.
/// </summary>
public sealed class ReviewService(ReginDbContext db, AnswerNormaliser normaliser, Texts texts, IContributorNotifier notifier, TimeProvider clock, ILogger<ReviewService> logger)
{
    public const int MaxReasonLength = 1000;
    public const int MaxTextLength = 5000;

    private static readonly Dictionary<string, string[]> Transitions = new()
    {
        [PracticeStatus.Draft] = [PracticeStatus.Submitted, PracticeStatus.Rejected],
        [PracticeStatus.Submitted] = [PracticeStatus.NeedsChanges, PracticeStatus.Approved, PracticeStatus.Rejected],
        [PracticeStatus.NeedsChanges] = [PracticeStatus.Submitted, PracticeStatus.Approved, PracticeStatus.Rejected],
        [PracticeStatus.Approved] = [PracticeStatus.Submitted, PracticeStatus.NeedsChanges, PracticeStatus.Rejected],
        [PracticeStatus.Rejected] = [PracticeStatus.Submitted, PracticeStatus.NeedsChanges],
    };

    private QuestionnaireDefinition Questionnaire => normaliser.Questionnaire;

    /// <summary>The statuses a practice in <paramref name="status"/> may move to.</summary>
    public static IReadOnlyList<string> NextStatuses(string status) => Transitions.TryGetValue(status, out var next) ? next : [];

    /// <summary>The version the screens carry: the concurrency stamp and the last event seen.</summary>
    public async Task<PracticeVersion> VersionAsync(Guid practiceId, CancellationToken cancellationToken = default)
    {
        var stamp = await db.Practices.Where(p => p.Id == practiceId).Select(p => (Guid?)p.ConcurrencyStamp).FirstOrDefaultAsync(cancellationToken)
            ?? throw new ReviewRefusedException("There is no such practice.");
        var last = await db.PracticeEvents.Where(e => e.PracticeId == practiceId).MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
        return new PracticeVersion(stamp, last);
    }

    /// <summary>Changes one answer as a researcher: the text goes through core's normalisation; the reason is required and logged.</summary>
    public async Task<NormalisedAnswer> EditAnswerAsync(Guid practiceId, string questionId, string? text, string? reason, string language, string actor, PracticeVersion? expected, CancellationToken cancellationToken = default)
    {
        reason = RequireReason(reason);
        if (!normaliser.TryGetQuestion(questionId, out _))
        {
            throw new ReviewRefusedException($"There is no question \"{questionId}\".");
        }
        var practice = await LoadForUpdateAsync(practiceId, expected, cancellationToken);
        var now = clock.GetUtcNow();
        var existing = practice.Answers.FirstOrDefault(a => a.QuestionId == questionId);
        var old = existing is null ? null : PracticeAnswers.LoggedValue(existing.ValueJson, existing.Original);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (existing is null)
            {
                throw new ReviewRefusedException("The answer is empty already.");
            }
            practice.Answers.Remove(existing);
            practice.Flags.RemoveAll(f => f.QuestionId == questionId && !f.Resolved);
            AddEvent(practice, now, actor, "answer_cleared", questionId, old, null, reason);
            await SaveAsync(practice, expected, now, cancellationToken);
            return NormalisedAnswer.Accept(questionId, "", null);
        }
        var result = normaliser.Normalise(questionId, text, language, Intake.IntakeService.ContextOf(practice, questionId));
        if (!result.Ok)
        {
            throw new ReviewRefusedException(result.Error!);
        }
        PracticeAnswers.Set(practice, result, actor, now);
        AddEvent(practice, now, actor, "answer_edited", questionId, old, PracticeAnswers.LoggedValue(result.Value?.ToJsonString(), result.Original), reason);
        await SaveAsync(practice, expected, now, cancellationToken);
        logger.LogInformation("{Actor} edited {Question} of {Reference}", actor, questionId, practice.Reference);
        return result;
    }

    public async Task CommentAsync(Guid practiceId, string? text, string actor, CancellationToken cancellationToken = default)
    {
        text = CleanText(text, "The comment is empty.");
        // A comment never conflicts with another change: it is only added to the log.
        var practice = await db.Practices.FirstOrDefaultAsync(p => p.Id == practiceId, cancellationToken) ?? throw new ReviewRefusedException("There is no such practice.");
        var now = clock.GetUtcNow();
        AddEvent(practice, now, actor, "comment", null, null, text, null);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A researcher checked a flag (an unknown region, a foreign currency ...) and closes it; the reason is logged.</summary>
    public async Task ResolveFlagAsync(Guid practiceId, long flagId, string? reason, string actor, CancellationToken cancellationToken = default)
    {
        var practice = await LoadForUpdateAsync(practiceId, null, cancellationToken);
        var flag = practice.Flags.FirstOrDefault(f => f.Id == flagId && !f.Resolved)
            ?? throw new ReviewRefusedException("This flag is closed already, or belongs to another practice.");
        var now = clock.GetUtcNow();
        flag.Resolved = true;
        AddEvent(practice, now, actor, "flag_resolved", flag.QuestionId, $"{flag.Reason} {flag.Detail}".Trim(), null, TrimOrNull(reason));
        await SaveAsync(practice, null, now, cancellationToken);
    }

    /// <summary>Moves a practice along submitted → needs_changes → approved / rejected (and back).</summary>
    public async Task ChangeStatusAsync(Guid practiceId, string status, string? reason, string actor, PracticeVersion? expected, CancellationToken cancellationToken = default)
    {
        var practice = await LoadForUpdateAsync(practiceId, expected, cancellationToken);
        var now = clock.GetUtcNow();
        SetStatus(practice, status, TrimOrNull(reason), actor, now);
        await SaveAsync(practice, expected, now, cancellationToken);
        logger.LogInformation("{Actor} moved {Reference} to {Status}", actor, practice.Reference, status);
    }

    /// <summary>Changes the status of several practices; each one is judged alone, and the result says which moved and why others did not.</summary>
    public async Task<IReadOnlyList<BulkStatusResult>> ChangeStatusesAsync(IEnumerable<Guid> practiceIds, string status, string? reason, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(practiceIds);
        var results = new List<BulkStatusResult>();
        foreach (var id in practiceIds.Distinct())
        {
            try
            {
                await ChangeStatusAsync(id, status, reason, actor, null, cancellationToken);
                results.Add(new BulkStatusResult(id, await ReferenceAsync(id, cancellationToken), true, null));
            }
            catch (Exception e) when (e is ReviewRefusedException or ReviewConflictException)
            {
                db.ChangeTracker.Clear();
                results.Add(new BulkStatusResult(id, await ReferenceAsync(id, cancellationToken), false, e.Message));
            }
        }
        return results;
    }

    /// <summary>
    /// Sets the practice to needs_changes and sends <paramref name="message"/> to the contributor on the channel they
    /// used last (an e-mail reply, or a message in their chat conversation), in the practice's language.
    /// </summary>
    public async Task<ContributorNotification> RequestChangesAsync(Guid practiceId, string? message, string actor, PracticeVersion? expected, CancellationToken cancellationToken = default)
    {
        message = CleanText(message, "Write the message the contributor will receive.");
        var practice = await LoadForUpdateAsync(practiceId, expected, cancellationToken);
        var now = clock.GetUtcNow();
        var route = await RouteAsync(practice, cancellationToken)
            ?? throw new ReviewRefusedException($"{practice.Reference} has no e-mail address or chat conversation to send the request to.");
        SetStatus(practice, PracticeStatus.NeedsChanges, message, actor, now);
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
        AddEvent(practice, now, actor, "changes_requested", null, null, message, $"to {route.Channel}:{route.Recipient} in {practice.Language}");
        await SaveAsync(practice, expected, now, cancellationToken);
        logger.LogInformation("{Actor} requested changes to {Reference} by {Channel}", actor, practice.Reference, route.Channel);
        return notification;
    }

    /// <summary>Saves the assessment on the 7 aspects and the researchers' own categorisation (codes of the questionnaire's choices).</summary>
    public async Task SaveAssessmentAsync(Guid practiceId, IReadOnlyList<AspectAssessment> aspects, IReadOnlyList<string>? integrationAreas, IReadOnlyList<string>? targetGroups, string actor, PracticeVersion? expected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aspects);
        var known = Questionnaire.AssessmentAspects.Select(a => a.Id).ToHashSet();
        foreach (var aspect in aspects)
        {
            if (!known.Contains(aspect.Aspect))
            {
                throw new ReviewRefusedException($"\"{aspect.Aspect}\" is not an aspect of the assessment framework.");
            }
            if ((aspect.InspiringElements?.Length ?? 0) > MaxTextLength || (aspect.RoomForImprovement?.Length ?? 0) > MaxTextLength)
            {
                throw new ReviewRefusedException($"The assessment of {aspect.Aspect} is longer than {MaxTextLength} characters.");
            }
        }
        var areas = CheckCodes("integration_areas", integrationAreas);
        var groups = CheckCodes("target_groups", targetGroups);
        var practice = await LoadForUpdateAsync(practiceId, expected, cancellationToken);
        var now = clock.GetUtcNow();
        var stored = await db.PracticeAssessments.Where(a => a.PracticeId == practiceId).ToListAsync(cancellationToken);
        var changed = new List<string>();
        foreach (var aspect in aspects)
        {
            var inspiring = TrimOrNull(aspect.InspiringElements);
            var room = TrimOrNull(aspect.RoomForImprovement);
            var row = stored.FirstOrDefault(a => a.Aspect == aspect.Aspect);
            if (row is null)
            {
                if (inspiring is null && room is null)
                {
                    continue;
                }
                row = new PracticeAssessment { PracticeId = practiceId, Aspect = aspect.Aspect, UpdatedBy = actor };
                db.PracticeAssessments.Add(row);
            }
            else if (row.InspiringElements == inspiring && row.RoomForImprovement == room)
            {
                continue;
            }
            row.InspiringElements = inspiring;
            row.RoomForImprovement = room;
            row.UpdatedAt = now;
            row.UpdatedBy = actor;
            changed.Add(aspect.Aspect);
        }
        var review = await ReviewRowAsync(practiceId, cancellationToken);
        var areasJson = areas is null ? review.IntegrationAreasJson : (areas.Count == 0 ? null : JsonSerializer.Serialize(areas));
        var groupsJson = groups is null ? review.TargetGroupsJson : (groups.Count == 0 ? null : JsonSerializer.Serialize(groups));
        if (areasJson != review.IntegrationAreasJson || groupsJson != review.TargetGroupsJson)
        {
            AddEvent(practice, now, actor, "categorised", null,
                $"{review.IntegrationAreasJson ?? "[]"} {review.TargetGroupsJson ?? "[]"}", $"{areasJson ?? "[]"} {groupsJson ?? "[]"}", null);
            review.IntegrationAreasJson = areasJson;
            review.TargetGroupsJson = groupsJson;
            review.UpdatedAt = now;
            review.UpdatedBy = actor;
        }
        if (changed.Count > 0)
        {
            AddEvent(practice, now, actor, "assessed", null, null, string.Join(", ", changed), null);
        }
        await SaveAsync(practice, expected, now, cancellationToken);
    }

    /// <summary>Records that one practice duplicates another (both stay as they are until merged).</summary>
    public async Task MarkDuplicateAsync(Guid practiceId, Guid duplicateOfId, string actor, CancellationToken cancellationToken = default)
    {
        if (practiceId == duplicateOfId)
        {
            throw new ReviewRefusedException("A practice cannot duplicate itself.");
        }
        var practice = await LoadForUpdateAsync(practiceId, null, cancellationToken);
        var original = await db.Practices.AsNoTracking().FirstOrDefaultAsync(p => p.Id == duplicateOfId, cancellationToken)
            ?? throw new ReviewRefusedException("There is no such practice to be a duplicate of.");
        var now = clock.GetUtcNow();
        var review = await ReviewRowAsync(practiceId, cancellationToken);
        review.DuplicateOfId = duplicateOfId;
        review.UpdatedAt = now;
        review.UpdatedBy = actor;
        AddEvent(practice, now, actor, "marked_duplicate", null, null, original.Reference, null);
        await SaveAsync(practice, null, now, cancellationToken);
    }

    /// <summary>
    /// Merges <paramref name="duplicateId"/> into <paramref name="targetId"/>: answers the target lacks are copied (the
    /// target's own answers win), the contributor identities, channels and raw inputs move over, and the duplicate is
    /// rejected with a pointer to the target. Both logs say so.
    /// </summary>
    public async Task MergeAsync(Guid duplicateId, Guid targetId, string actor, CancellationToken cancellationToken = default)
    {
        if (duplicateId == targetId)
        {
            throw new ReviewRefusedException("A practice cannot be merged into itself.");
        }
        var duplicate = await LoadForUpdateAsync(duplicateId, null, cancellationToken);
        var target = await LoadForUpdateAsync(targetId, null, cancellationToken);
        var now = clock.GetUtcNow();
        var copied = new List<string>();
        foreach (var answer in duplicate.Answers.Where(a => target.Answers.All(t => t.QuestionId != a.QuestionId)))
        {
            target.Answers.Add(new Answer { QuestionId = answer.QuestionId, ValueJson = answer.ValueJson, Original = answer.Original, OtherText = answer.OtherText, UpdatedAt = now, UpdatedBy = actor });
            foreach (var flag in duplicate.Flags.Where(f => f.QuestionId == answer.QuestionId && !f.Resolved))
            {
                target.Flags.Add(new Flag { QuestionId = flag.QuestionId, Reason = flag.Reason, Detail = flag.Detail, CreatedAt = now });
            }
            AddEvent(target, now, actor, "answer_set", answer.QuestionId, null, answer.ValueJson ?? JsonSerializer.Serialize(answer.Original), $"merged from {duplicate.Reference}");
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
        await db.RawInputs.Where(r => r.PracticeId == duplicateId).ForEachAsync(r => r.PracticeId = targetId, cancellationToken);
        AddEvent(target, now, actor, "merged", null, duplicate.Reference, target.Reference, copied.Count == 0 ? "no answer copied" : "copied " + string.Join(", ", copied));
        if (duplicate.Status != PracticeStatus.Rejected)
        {
            AddEvent(duplicate, now, actor, "status_changed", null, duplicate.Status, PracticeStatus.Rejected, $"duplicate of {target.Reference}");
            duplicate.Status = PracticeStatus.Rejected;
        }
        var review = await ReviewRowAsync(duplicateId, cancellationToken);
        review.DuplicateOfId = targetId;
        review.MergedIntoId = targetId;
        review.UpdatedAt = now;
        review.UpdatedBy = actor;
        AddEvent(duplicate, now, actor, "merged_into", null, duplicate.Reference, target.Reference, null);
        Touch(duplicate, now);
        await SaveAsync(target, null, now, cancellationToken);
        logger.LogInformation("{Actor} merged {Duplicate} into {Target}", actor, duplicate.Reference, target.Reference);
    }

    public async Task<Guid?> FindIdAsync(string idOrReference, CancellationToken cancellationToken = default)
    {
        var number = Practice.ParseReference(idOrReference?.Trim());
        if (number is null && int.TryParse(idOrReference, out var n))
        {
            number = n;
        }
        Guid.TryParse(idOrReference, out var guid);
        return await db.Practices.Where(p => p.Id == guid || p.Number == number).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<string> ReferenceAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Practices.Where(p => p.Id == id).Select(p => (int?)p.Number).FirstOrDefaultAsync(cancellationToken) is { } number
            ? Practice.FormatReference(number) : id.ToString();

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
        AddEvent(practice, now, actor, "status_changed", null, practice.Status, status, reason);
        if (status == PracticeStatus.Submitted)
        {
            practice.SubmittedAt ??= now;
        }
        practice.Status = status;
    }

    /// <summary>The channel the contributor used last: the newest raw input says which; an e-mail address or a chat identity says where.</summary>
    private async Task<(string Channel, string Recipient, string? ConversationId)?> RouteAsync(Practice practice, CancellationToken cancellationToken)
    {
        var last = await db.RawInputs.AsNoTracking().Where(r => r.PracticeId == practice.Id)
            .OrderByDescending(r => r.Id)
            .Select(r => new { r.Channel, r.ConversationId }).FirstOrDefaultAsync(cancellationToken);
        var email = practice.ContributorEmail ?? practice.Identities.FirstOrDefault(i => i.Channel == Channels.Email)?.ExternalId;
        var chat = practice.Identities.Where(i => i.Channel != Channels.Email)
            .OrderByDescending(i => last is not null && i.Channel == last.Channel).ThenByDescending(i => i.Id).FirstOrDefault();
        var preferChat = last is not null ? last.Channel != Channels.Email : practice.ChannelList.LastOrDefault() == Channels.Chat;
        if (chat is not null && (preferChat || email is null))
        {
            return (chat.Channel, chat.ExternalId, last?.Channel == chat.Channel ? last.ConversationId : null);
        }
        return email is null ? null : (Channels.Email, email, null);
    }

    private List<string>? CheckCodes(string questionId, IReadOnlyList<string>? codes)
    {
        if (codes is null)
        {
            return null;
        }
        var question = Questionnaire.Questions.First(q => q.Id == questionId);
        var known = question.ChoiceList.Select(c => c.Code).ToHashSet();
        var unknown = codes.Where(c => !known.Contains(c)).ToList();
        if (unknown.Count > 0)
        {
            throw new ReviewRefusedException($"{string.Join(", ", unknown)}: not a choice of {questionId}.");
        }
        return question.ChoiceList.Select(c => c.Code).Where(codes.Contains).ToList();
    }

    private async Task<PracticeReview> ReviewRowAsync(Guid practiceId, CancellationToken cancellationToken)
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

    private async Task<Practice> LoadForUpdateAsync(Guid practiceId, PracticeVersion? expected, CancellationToken cancellationToken)
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

    private async Task SaveAsync(Practice practice, PracticeVersion? expected, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Touch(practice, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            var reference = practice.Reference;
            db.ChangeTracker.Clear();
            throw await ConflictAsync(practice.Id, reference, expected, cancellationToken);
        }
    }

    private async Task<ReviewConflictException> ConflictAsync(Guid practiceId, string reference, PracticeVersion? expected, CancellationToken cancellationToken)
    {
        var since = expected?.LastEventId ?? long.MaxValue;
        var changes = await db.PracticeEvents.AsNoTracking().Where(e => e.PracticeId == practiceId && e.Id > since).OrderBy(e => e.Id).Take(20).ToListAsync(cancellationToken);
        logger.LogInformation("Refused a stale change to {Reference}: {Count} changes since it was opened", reference, changes.Count);
        return new ReviewConflictException(reference, changes);
    }

    private void AddEvent(Practice practice, DateTimeOffset now, string actor, string kind, string? questionId, string? oldValue, string? newValue, string? reason) =>
        db.PracticeEvents.Add(new PracticeEvent { PracticeId = practice.Id, At = now, Actor = actor, Kind = kind, QuestionId = questionId, OldValue = oldValue, NewValue = newValue, Reason = reason });

    private static void Touch(Practice practice, DateTimeOffset now)
    {
        practice.UpdatedAt = now;
        practice.ConcurrencyStamp = Guid.NewGuid();
    }

    private static string RequireReason(string? reason)
    {
        var text = TrimOrNull(reason) ?? throw new ReviewRefusedException("Say why you change the contributor's answer: the reason is kept in the log.");
        return text.Length > MaxReasonLength ? throw new ReviewRefusedException($"The reason is longer than {MaxReasonLength} characters.") : text;
    }

    private static string CleanText(string? text, string whenEmpty)
    {
        var clean = TrimOrNull(text) ?? throw new ReviewRefusedException(whenEmpty);
        return clean.Length > MaxTextLength ? throw new ReviewRefusedException($"The text is longer than {MaxTextLength} characters.") : clean;
    }

    private static string? TrimOrNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().Normalize();
}

/// <summary>A researcher's notes on one aspect of the REGIN assessment framework.</summary>
public sealed record AspectAssessment(string Aspect, string? InspiringElements, string? RoomForImprovement);

/// <summary>What became of one practice in a bulk status change.</summary>
public sealed record BulkStatusResult(Guid PracticeId, string Reference, bool Changed, string? Why);
