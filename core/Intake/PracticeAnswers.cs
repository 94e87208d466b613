using System.Text.Json;
using System.Text.Json.Nodes;
using Regin.Core.Normalisation;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Intake;

/// <summary>
/// Writes an accepted answer into a tracked practice: the value and the words, its flags (the old answer's open flags
/// go, the new one's come) and the contact e-mail. Shared by the contributor's intake and the researchers' edits,
/// which log it each in their own words.
/// </summary>
public static class PracticeAnswers
{
    /// <summary>Sets the answer; returns the previous value as logged (JSON, or the words when there was no value), null when new.</summary>
    public static string? Set(Practice practice, NormalisedAnswer result, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(practice);
        ArgumentNullException.ThrowIfNull(result);
        var valueJson = result.Value?.ToJsonString();
        var existing = practice.Answers.FirstOrDefault(a => a.QuestionId == result.QuestionId);
        var old = existing is null ? null : LoggedValue(existing.ValueJson, existing.Original);
        if (existing is null)
        {
            practice.Answers.Add(new Answer { QuestionId = result.QuestionId, ValueJson = valueJson, Original = result.Original, OtherText = result.OtherText, UpdatedAt = now, UpdatedBy = actor });
        }
        else
        {
            existing.ValueJson = valueJson;
            existing.Original = result.Original;
            existing.OtherText = result.OtherText;
            existing.UpdatedAt = now;
            existing.UpdatedBy = actor;
        }
        // "about 120 families" kept at the people reached, then the people given: the families stay beside them as a remark (lang53).
        var families = result.Value is not null && result.Flags.All(f => f.Reason != FlagReasons.CountHouseholds)
            ? practice.Flags.LastOrDefault(f => f.QuestionId == result.QuestionId && f.Reason == FlagReasons.CountHouseholds && !f.Resolved)?.Detail
            : null;
        // A held change (session 48) is a proposal waiting for a researcher, not the answer's flag: it stays.
        practice.Flags.RemoveAll(f => f.QuestionId == result.QuestionId && !f.Resolved && f.Reason != FlagReasons.ChangeHeld);
        foreach (var flag in result.Flags)
        {
            practice.Flags.Add(new Flag { QuestionId = result.QuestionId, Reason = flag.Reason, Detail = flag.Detail, CreatedAt = now });
        }
        if (families is not null && result.Flags.All(f => f.Reason != FlagReasons.AnswerRemark))
        {
            practice.Flags.Add(new Flag { QuestionId = result.QuestionId, Reason = FlagReasons.AnswerRemark, Detail = families, CreatedAt = now });
        }
        if (result.QuestionId == "contact_email" && result.Value is JsonValue email && email.TryGetValue<string>(out var address))
        {
            practice.ContributorEmail = address;
        }
        return old;
    }

    /// <summary>How an answer appears in the event log: its normalised JSON, or its words as a JSON string.</summary>
    public static string LoggedValue(string? valueJson, string original) => valueJson ?? JsonSerializer.Serialize(original);
}
