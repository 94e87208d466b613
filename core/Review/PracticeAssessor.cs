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

/// <summary>The assessment on the 7 aspects of the REGIN framework and the researchers' own categorisation of a practice.</summary>
public sealed class PracticeAssessor(ReviewChanges changes, ReginDbContext db, AnswerNormaliser normaliser)
{
    /// <summary>Saves the assessment on the 7 aspects and the researchers' own categorisation (codes of the questionnaire's choices).</summary>
    public async Task SaveAssessmentAsync(Guid practiceId, IReadOnlyList<AspectAssessment> aspects, IReadOnlyList<string>? integrationAreas, IReadOnlyList<string>? targetGroups, string actor, PracticeVersion? expected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aspects);
        var known = normaliser.Questionnaire.AssessmentAspects.Select(a => a.Id).ToHashSet();
        foreach (var aspect in aspects)
        {
            if (!known.Contains(aspect.Aspect))
            {
                throw new ReviewRefusedException($"\"{aspect.Aspect}\" is not an aspect of the assessment framework.");
            }
            if ((aspect.InspiringElements?.Length ?? 0) > ReviewChanges.MaxTextLength || (aspect.RoomForImprovement?.Length ?? 0) > ReviewChanges.MaxTextLength)
            {
                throw new ReviewRefusedException($"The assessment of {aspect.Aspect} is longer than {ReviewChanges.MaxTextLength} characters.");
            }
        }
        var areas = CheckCodes("integration_areas", integrationAreas);
        var groups = CheckCodes("target_groups", targetGroups);
        var practice = await changes.LoadForUpdateAsync(practiceId, expected, cancellationToken);
        var now = changes.Now;
        var stored = await db.PracticeAssessments.Where(a => a.PracticeId == practiceId).ToListAsync(cancellationToken);
        var changed = new List<string>();
        foreach (var aspect in aspects)
        {
            var inspiring = ReviewChanges.TrimOrNull(aspect.InspiringElements);
            var room = ReviewChanges.TrimOrNull(aspect.RoomForImprovement);
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
        var review = await changes.ReviewRowAsync(practiceId, cancellationToken);
        var areasJson = areas is null ? review.IntegrationAreasJson : (areas.Count == 0 ? null : JsonSerializer.Serialize(areas));
        var groupsJson = groups is null ? review.TargetGroupsJson : (groups.Count == 0 ? null : JsonSerializer.Serialize(groups));
        if (areasJson != review.IntegrationAreasJson || groupsJson != review.TargetGroupsJson)
        {
            changes.AddEvent(practice, now, actor, "categorised", null,
                $"{review.IntegrationAreasJson ?? "[]"} {review.TargetGroupsJson ?? "[]"}", $"{areasJson ?? "[]"} {groupsJson ?? "[]"}", null);
            review.IntegrationAreasJson = areasJson;
            review.TargetGroupsJson = groupsJson;
            review.UpdatedAt = now;
            review.UpdatedBy = actor;
        }
        if (changed.Count > 0)
        {
            changes.AddEvent(practice, now, actor, "assessed", null, null, string.Join(", ", changed), null);
        }
        await changes.SaveAsync(practice, expected, now, cancellationToken);
    }

    private List<string>? CheckCodes(string questionId, IReadOnlyList<string>? codes)
    {
        if (codes is null)
        {
            return null;
        }
        var question = normaliser.Questionnaire.Questions.First(q => q.Id == questionId);
        var known = question.ChoiceList.Select(c => c.Code).ToHashSet();
        var unknown = codes.Where(c => !known.Contains(c)).ToList();
        if (unknown.Count > 0)
        {
            throw new ReviewRefusedException($"{string.Join(", ", unknown)}: not a choice of {questionId}.");
        }
        return question.ChoiceList.Select(c => c.Code).Where(codes.Contains).ToList();
    }
}

/// <summary>A researcher's notes on one aspect of the REGIN assessment framework.</summary>
public sealed record AspectAssessment(string Aspect, string? InspiringElements, string? RoomForImprovement);
