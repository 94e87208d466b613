using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Regin.Core.Intake;
using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Core.ReferenceData;
using Regin.Core.Reminders;

namespace Regin.Core.Review;

/// <summary>
/// A researcher's corrections: an answer changed through the same normalisation as the channels (the reason is required
/// and logged), a comment in the log, a flag closed after checking.
/// </summary>
public sealed class PracticeEditor(ReviewChanges changes, ReginDbContext db, AnswerNormaliser normaliser, GeoCatalog geo, TimeProvider clock, ILogger<PracticeEditor> logger,
    Texts texts, IContributorNotifier notifier)
{
    /// <summary>
    /// What an edit changed: the answer, and the country when a region of another country was named (the country follows
    /// the region, so a practice can move: edited one at a time, each answer would refuse the other).
    /// </summary>
    public sealed record AnswerEdit(NormalisedAnswer Answer, NormalisedAnswer? FollowingCountry = null)
    {
        /// <summary>
        /// The edit read as the answer reads already (same value, same words under "other", same open flags): nothing was
        /// saved or logged, the practice's stamp unchanged, the contributor's words kept (review44: "220000 → 220000").
        /// </summary>
        public bool Unchanged { get; init; }
    }

    /// <summary>Changes one answer as a researcher: the text goes through core's normalisation; the reason is required and logged.</summary>
    public async Task<AnswerEdit> EditAnswerAsync(Guid practiceId, string questionId, string? text, string? reason, string language, string actor, PracticeVersion? expected, CancellationToken cancellationToken = default)
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
            practice.Flags.RemoveAll(f => f.QuestionId == questionId && !f.Resolved && f.Reason != FlagReasons.ChangeHeld);
            changes.AddEvent(practice, now, actor, "answer_cleared", questionId, old, null, reason);
            await changes.SaveAsync(practice, expected, now, cancellationToken);
            return new AnswerEdit(NormalisedAnswer.Accept(questionId, "", null));
        }
        var context = IntakeService.ContextOf(practice, questionId, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var result = normaliser.Normalise(questionId, text, language, context);
        var country = result.Ok ? null : CountryOfRegionElsewhere(questionId, text, language, context, ref result);
        if (!result.Ok)
        {
            throw new ReviewRefusedException(result.Error!);
        }
        if (country is null && existing is not null && ReadsTheSame(practice, existing, result))
        {
            logger.LogInformation("{Actor}'s edit of {Question} of {Reference} changed nothing", actor, questionId, practice.Reference);
            return new AnswerEdit(result) { Unchanged = true };
        }
        PracticeAnswers.Set(practice, result, actor, now);
        changes.AddEvent(practice, now, actor, "answer_edited", questionId, old, PracticeAnswers.LoggedValue(result.Value?.ToJsonString(), result.Original), reason);
        if (country is not null)
        {
            var before = practice.Answers.FirstOrDefault(a => a.QuestionId == country.QuestionId);
            var oldCountry = before is null ? null : PracticeAnswers.LoggedValue(before.ValueJson, before.Original);
            PracticeAnswers.Set(practice, country, actor, now);
            changes.AddEvent(practice, now, actor, "answer_edited", country.QuestionId, oldCountry, PracticeAnswers.LoggedValue(country.Value?.ToJsonString(), country.Original), reason);
        }
        await changes.SaveAsync(practice, expected, now, cancellationToken);
        logger.LogInformation("{Actor} edited {Question} of {Reference}", actor, questionId, practice.Reference);
        return new AnswerEdit(result, country);
    }

    // The same value (compared as JSON, so "220000" and "220000.0" differ only if the normaliser wrote them so), the same
    // words under "other" and the same open flags: saving it would log "220000 → 220000" and overwrite the contributor's
    // own words with the researcher's retyping of them.
    private static bool ReadsTheSame(Practice practice, Answer existing, NormalisedAnswer result)
    {
        var value = result.Value?.ToJsonString();
        if (!System.Text.Json.Nodes.JsonNode.DeepEquals(Parse(existing.ValueJson), Parse(value))
            || !string.Equals(ReviewChanges.TrimOrNull(existing.OtherText), ReviewChanges.TrimOrNull(result.OtherText), StringComparison.Ordinal))
        {
            return false;
        }
        var open = practice.Flags.Where(f => f.QuestionId == result.QuestionId && !f.Resolved && f.Reason != FlagReasons.ChangeHeld).Select(f => (f.Reason, f.Detail ?? "")).Order().ToList();
        var raised = result.Flags.Select(f => (f.Reason, f.Detail ?? "")).Order().ToList();
        return open.SequenceEqual(raised);

        static System.Text.Json.Nodes.JsonNode? Parse(string? json) => json is null ? null : System.Text.Json.Nodes.JsonNode.Parse(json);
    }

    // A region refused because it lies in another country than the practice's: read without the country, and when it
    // names one region, the country becomes that region's (the researcher named the region; the reason covers both).
    private NormalisedAnswer? CountryOfRegionElsewhere(string questionId, string text, string language, NormalisationContext context, ref NormalisedAnswer result)
    {
        if (questionId != "region" || context.Country is null)
        {
            return null;
        }
        var elsewhere = normaliser.Normalise(questionId, text, language, context with { Country = null });
        var code = elsewhere.Value is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
        if (!elsewhere.Ok || elsewhere.NeedsConfirmation || geo.RegionByCode(code) is not { Level: > 0 } region)
        {
            return null;
        }
        var country = normaliser.Normalise("country", region.Country, language, context with { Region = region.Code });
        if (!country.Ok || country.NeedsConfirmation)
        {
            return null;
        }
        result = elsewhere;
        return country;
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

    /// <summary>The history's kinds of a held change (<see cref="FlagReasons.ChangeHeld"/>) accepted or rejected by a researcher.</summary>
    public const string HeldChangeAccepted = "held_change_accepted";

    /// <inheritdoc cref="HeldChangeAccepted"/>
    public const string HeldChangeRejected = "held_change_rejected";

    /// <summary>
    /// A researcher accepts a change a mail our server did not vouch for proposed (session 48): exactly the held text is
    /// recorded for its question through the same normalisation as a researcher's edit, the flag closed, and the history
    /// keeps the evidence (which mail, from whom, our server's verdict) with the old and new value. A text the question
    /// refuses is refused here too (nothing saved); one that reads as the stored answer only closes the flag.
    /// </summary>
    /// <remarks>
    /// With <paramref name="expected"/> (the page's version) a practice changed since the page was shown is refused with
    /// who changed what (review49: a colleague's edit of the same answer, made after a phone call, was overwritten by
    /// the held words without either of them seeing it).
    /// </remarks>
    public async Task<AnswerEdit> AcceptHeldChangeAsync(Guid practiceId, long flagId, string? reason, string actor, PracticeVersion? expected, CancellationToken cancellationToken = default)
    {
        var practice = await changes.LoadForUpdateAsync(practiceId, expected, cancellationToken);
        var (flag, held) = HeldFlag(practice, flagId);
        var questionId = flag.QuestionId!;
        if (!normaliser.TryGetQuestion(questionId, out _))
        {
            throw new ReviewRefusedException($"There is no question \"{questionId}\".");
        }
        var now = changes.Now;
        var why = $"held change accepted: {held.Evidence}" + (ReviewChanges.TrimOrNull(reason) is { } given ? $"; {given}" : "");
        var existing = practice.Answers.FirstOrDefault(a => a.QuestionId == questionId);
        var old = existing is null ? null : PracticeAnswers.LoggedValue(existing.ValueJson, existing.Original);
        var context = IntakeService.ContextOf(practice, questionId, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        // The contributor's words, read in the practice's language (as the mail would have been).
        var result = normaliser.Normalise(questionId, held.Text, practice.Language, context);
        if (!result.Ok)
        {
            throw new ReviewRefusedException(result.Error!);
        }
        flag.Resolved = true;
        changes.AddEvent(practice, now, actor, HeldChangeAccepted, questionId, $"{flag.Reason} {flag.Detail}".Trim(), held.Text, ReviewChanges.TrimOrNull(reason));
        var unchanged = existing is not null && ReadsTheSame(practice, existing, result);
        if (!unchanged)
        {
            var verified = practice.ContributorEmail ?? practice.Identities.FirstOrDefault(i => i.Channel == Channels.Email)?.ExternalId;
            PracticeAnswers.Set(practice, result, actor, now);
            changes.AddEvent(practice, now, actor, "answer_edited", questionId, old, PracticeAnswers.LoggedValue(result.Value?.ToJsonString(), result.Original), why);
            await HoldNewContactAddressAsync(practice, verified, actor, now, cancellationToken);
        }
        await changes.SaveAsync(practice, expected, now, cancellationToken);
        logger.LogInformation("{Actor} accepted the held change of {Question} of {Reference}", actor, questionId, practice.Reference);
        return new AnswerEdit(result) { Unchanged = unchanged };
    }

    /// <summary>
    /// A held change of the contact e-mail, accepted (session 50): the answer holds the new address, but the practice keeps
    /// writing to the old, verified one (<see cref="Practice.ContributorEmail"/>) until a mail from the new address arrives in
    /// its thread (the mail door) or a researcher closes the <see cref="FlagReasons.ContactEmailUnconfirmed"/> flag as
    /// verified. The old address is told once, in the practice's language, that a new address was recorded. Before, the
    /// accept redirected every reply, reminder and notice to the new address at once: one held forgery, accepted in good
    /// faith, took the contributor's mail away from her.
    /// </summary>
    private async Task HoldNewContactAddressAsync(Practice practice, string? verified, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var address = practice.ContributorEmail;
        if (address is null || verified is null || string.Equals(address, verified, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        practice.ContributorEmail = verified;
        foreach (var earlier in practice.Flags.Where(f => f.Reason == FlagReasons.ContactEmailUnconfirmed && !f.Resolved))
        {
            earlier.Resolved = true;
        }
        practice.Flags.Add(new Flag { PracticeId = practice.Id, QuestionId = "contact_email", Reason = FlagReasons.ContactEmailUnconfirmed, Detail = ContactAddressChange.Detail(address, verified), CreatedAt = now });
        changes.AddEvent(practice, now, actor, FlagReasons.ContactEmailUnconfirmed, "contact_email", verified, address, "new contact address waits for a mail from it; the old one is told");
        await notifier.NotifyAsync(new ContributorNotification
        {
            PracticeId = practice.Id,
            Kind = ContactAddressChange.NoticeKind,
            Channel = Channels.Email,
            Recipient = verified,
            Language = practice.Language,
            PracticeReference = practice.Reference,
            Message = address,
            Subject = texts.Get(ReviewMessageKeys.ContactChangeSubject, practice.Language, ("reference", practice.Reference)),
            Text = texts.Get(ReviewMessageKeys.ContactChangePending, practice.Language, ("reference", practice.Reference), ("address", address)),
            CreatedAt = now,
            CreatedBy = actor,
        }, cancellationToken);
    }

    /// <summary>A researcher rejects a held change (<see cref="FlagReasons.ChangeHeld"/>): the flag closed, the refusal and the evidence in the history; nothing else changes.</summary>
    /// <remarks>
    /// With <paramref name="expected"/> (the page's version) a practice changed since the page was shown is refused with
    /// who changed what (review50: a colleague's edit of that answer after a phone call, then "rejected: the budget is
    /// unchanged" from the older page, both kept without either seeing the other).
    /// </remarks>
    public async Task RejectHeldChangeAsync(Guid practiceId, long flagId, string? reason, string actor, PracticeVersion? expected, CancellationToken cancellationToken = default)
    {
        var practice = await changes.LoadForUpdateAsync(practiceId, expected, cancellationToken);
        var (flag, held) = HeldFlag(practice, flagId);
        var now = changes.Now;
        flag.Resolved = true;
        changes.AddEvent(practice, now, actor, HeldChangeRejected, flag.QuestionId, $"{flag.Reason} {flag.Detail}".Trim(), null,
            $"held change rejected: {held.Evidence}" + (ReviewChanges.TrimOrNull(reason) is { } given ? $"; {given}" : ""));
        await changes.SaveAsync(practice, expected, now, cancellationToken);
        logger.LogInformation("{Actor} rejected the held change of {Question} of {Reference}", actor, flag.QuestionId, practice.Reference);
    }

    private static (Flag Flag, HeldChange Held) HeldFlag(Practice practice, long flagId)
    {
        var flag = practice.Flags.FirstOrDefault(f => f.Id == flagId && !f.Resolved)
            ?? throw new ReviewRefusedException("This flag is closed already, or belongs to another practice.");
        if (flag.Reason != FlagReasons.ChangeHeld || flag.QuestionId is null || !HeldChange.TryRead(flag.Detail, out var held))
        {
            throw new ReviewRefusedException("This flag holds no proposed change.");
        }
        return (flag, held);
    }

    /// <summary>The history's line of a held STOP a researcher honoured.</summary>
    public const string HeldStopHonoured = "held_stop_honoured";

    /// <summary>
    /// A STOP a mail our server did not vouch for asked for, held (session 48: the contributor's own server signs nothing,
    /// so her STOP could never stop anything), honoured by a researcher who checked it with her: the flag closes with the
    /// evidence and the reason in the history, and the draft's reminders stop as her own STOP stops them (session 49).
    /// </summary>
    public async Task HonourHeldStopAsync(Guid practiceId, long flagId, string? reason, string actor, PracticeVersion? expected, CancellationToken cancellationToken = default)
    {
        var practice = await changes.LoadForUpdateAsync(practiceId, expected, cancellationToken);
        var flag = practice.Flags.FirstOrDefault(f => f.Id == flagId && !f.Resolved)
            ?? throw new ReviewRefusedException("This flag is closed already, or belongs to another practice.");
        if (!DraftReminderStops.IsHeldStop(flag))
        {
            throw new ReviewRefusedException("This flag holds no request to stop the reminders.");
        }
        var now = changes.Now;
        flag.Resolved = true;
        changes.AddEvent(practice, now, actor, HeldStopHonoured, null, $"{flag.Reason} {flag.Detail}", null, ReviewChanges.TrimOrNull(reason));
        await changes.SaveAsync(practice, expected, now, cancellationToken);
        await new DraftReminderStops(db, clock).StopAsync(practiceId, actor, "review", cancellationToken);
        logger.LogInformation("{Actor} honoured the held request to stop the reminders of {Reference}", actor, practice.Reference);
    }

    /// <summary>A researcher checked a flag (an unknown region, a foreign currency ...) and closes it; the reason is logged.</summary>
    /// <remarks>
    /// With <paramref name="expected"/> (the page's version) a practice changed since the page was shown is refused with
    /// who changed what (review50: a flag closed as "checked" from a page shown before a colleague asked the contributor
    /// about that very answer).
    /// </remarks>
    public async Task ResolveFlagAsync(Guid practiceId, long flagId, string? reason, string actor, PracticeVersion? expected, CancellationToken cancellationToken = default)
    {
        var practice = await changes.LoadForUpdateAsync(practiceId, expected, cancellationToken);
        var flag = practice.Flags.FirstOrDefault(f => f.Id == flagId && !f.Resolved)
            ?? throw new ReviewRefusedException("This flag is closed already, or belongs to another practice.");
        var now = changes.Now;
        if (flag.Reason == FlagReasons.ContactEmailUnconfirmed && ContactAddressChange.Pending(practice) is { } pending && pending.Flag == flag)
        {
            // Closed as verified: the new contact address is used from now on.
            changes.AddEvent(practice, now, actor, ContactAddressChange.Confirmed, "contact_email", practice.ContributorEmail, pending.Address, ReviewChanges.TrimOrNull(reason) ?? "verified by a researcher");
            practice.ContributorEmail = pending.Address;
        }
        flag.Resolved = true;
        changes.AddEvent(practice, now, actor, "flag_resolved", flag.QuestionId, $"{flag.Reason} {flag.Detail}".Trim(), null, ReviewChanges.TrimOrNull(reason));
        await changes.SaveAsync(practice, expected, now, cancellationToken);
    }
}
