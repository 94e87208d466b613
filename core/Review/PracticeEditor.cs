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
/// A researcher's corrections: an answer changed through the same normalisation as the channels (the reason is required
/// and logged), a comment in the log, a flag closed after checking.
/// </summary>
public sealed class PracticeEditor(ReviewChanges changes, ReginDbContext db, AnswerNormaliser normaliser, TimeProvider clock, ILogger<PracticeEditor> logger)
{
    /// <summary>Changes one answer as a researcher: the text goes through core's normalisation; the reason is required and logged.</summary>
    public async Task<NormalisedAnswer> EditAnswerAsync(Guid practiceId, string questionId, string? text, string? reason, string language, string actor, PracticeVersion? expected, CancellationToken cancellationToken = default)
    {
        reason = ReviewChanges.RequireReason(reason);
        if (!normaliser.TryGetQuestion(questionId, out _))
        {
            throw new ReviewRefusedException($"There is no question \"{questionId}\".");
        }
        var practice = await changes.LoadForUpdateAsync(practiceId, expected, cancellationToken);
        var now = changes.Now;
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
            changes.AddEvent(practice, now, actor, "answer_cleared", questionId, old, null, reason);
            await changes.SaveAsync(practice, expected, now, cancellationToken);
            return NormalisedAnswer.Accept(questionId, "", null);
        }
        var result = normaliser.Normalise(questionId, text, language, IntakeService.ContextOf(practice, questionId, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
        if (!result.Ok)
        {
            throw new ReviewRefusedException(result.Error!);
        }
        PracticeAnswers.Set(practice, result, actor, now);
        changes.AddEvent(practice, now, actor, "answer_edited", questionId, old, PracticeAnswers.LoggedValue(result.Value?.ToJsonString(), result.Original), reason);
        await changes.SaveAsync(practice, expected, now, cancellationToken);
        logger.LogInformation("{Actor} edited {Question} of {Reference}", actor, questionId, practice.Reference);
        return result;
    }

    public async Task CommentAsync(Guid practiceId, string? text, string actor, CancellationToken cancellationToken = default)
    {
        text = ReviewChanges.CleanText(text, "The comment is empty.");
        // A comment never conflicts with another change: it is only added to the log.
        var practice = await db.Practices.FirstOrDefaultAsync(p => p.Id == practiceId, cancellationToken) ?? throw new ReviewRefusedException("There is no such practice.");
        var now = changes.Now;
        changes.AddEvent(practice, now, actor, "comment", null, null, text, null);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A researcher checked a flag (an unknown region, a foreign currency ...) and closes it; the reason is logged.</summary>
    public async Task ResolveFlagAsync(Guid practiceId, long flagId, string? reason, string actor, CancellationToken cancellationToken = default)
    {
        var practice = await changes.LoadForUpdateAsync(practiceId, null, cancellationToken);
        var flag = practice.Flags.FirstOrDefault(f => f.Id == flagId && !f.Resolved)
            ?? throw new ReviewRefusedException("This flag is closed already, or belongs to another practice.");
        var now = changes.Now;
        flag.Resolved = true;
        changes.AddEvent(practice, now, actor, "flag_resolved", flag.QuestionId, $"{flag.Reason} {flag.Detail}".Trim(), null, ReviewChanges.TrimOrNull(reason));
        await changes.SaveAsync(practice, null, now, cancellationToken);
    }
}
