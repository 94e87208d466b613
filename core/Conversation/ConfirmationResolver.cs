namespace Regin.Core.Conversation;

/// <summary>What a yes, a no or a picked option does to each of the engine's own questions.</summary>
public sealed class ConfirmationResolver(ConversationFlow flow, AnswerRecorder answers)
{
    /// <summary>Resolves <paramref name="pending"/>; <paramref name="option"/> is the number of a candidate picked among several.</summary>
    public async Task ResolveAsync(Turn turn, PendingConfirmation pending, bool yes, int? option, CancellationToken cancellationToken)
    {
        turn.Progress.Pending = null;
        switch (pending)
        {
            case RestartConfirmation when yes:
                await RestartAsync(turn, cancellationToken);
                break;
            case RestartConfirmation:
                flow.AskCurrent(turn);
                break;
            case SubmitConfirmation when yes:
                await SubmitAsync(turn, cancellationToken);
                break;
            case SubmitConfirmation when flow.IsBackForChanges(turn):
                // Not sent back yet: another change, no optional question skipped before (return43).
                flow.OfferChanges(turn);
                break;
            case SubmitConfirmation:
                turn.Say(flow.Text(ConversationMessageKeys.SubmitCancelled, turn.Language));
                flow.AskCurrent(turn);
                break;
            case OtherConfirmation other when flow.Find(other.QuestionId) is { } question:
                if (yes)
                {
                    answers.MoveOn(turn, question);
                }
                else
                {
                    // "non", "όχι" to words kept under "Other": they are dropped and said so, the options asked again (session 53:
                    // asked again with no word, the words still stored).
                    await answers.DropOtherAsync(turn, question, cancellationToken);
                    flow.Ask(turn, question);
                }
                break;
            case SkipAheadConfirmation { Read: not null } fact when flow.Find(fact.QuestionId) is { } typedAt:
                if (yes && flow.Find(fact.NextQuestionId) is { } meant)
                {
                    // Answered where it belongs, then the long text it was typed at again (still open).
                    turn.Progress.ReturnTo = typedAt.Id;
                    if (fact.Meant is { } value)
                    {
                        // Offered with the reading that question would have confirmed ("Mai 23": May 2023): the yes took it.
                        await answers.StoreAsync(turn, meant, value, fact.Text, cancellationToken);
                    }
                    else
                    {
                        await answers.RecordAsync(turn, meant, fact.Text, cancellationToken);
                    }
                }
                else
                {
                    await answers.StoreAsync(turn, typedAt, fact.Text, typed: null, cancellationToken);
                }
                break;
            case SkipAheadConfirmation ahead when flow.Find(ahead.QuestionId) is { } skipped:
                if (yes && flow.Find(ahead.NextQuestionId) is { } next)
                {
                    if (!turn.Progress.Skipped.Contains(skipped.Id))
                    {
                        turn.Progress.Skipped.Add(skipped.Id);
                    }
                    await answers.RecordAsync(turn, next, ahead.Text, cancellationToken);
                }
                else
                {
                    flow.Ask(turn, skipped);
                }
                break;
            case MovedOnConfirmation moved when flow.Find(moved.QuestionId) is { } kept:
                if (yes && flow.Find(moved.NextQuestionId) is { } longText)
                {
                    if (turn.Progress.ReturnTo == longText.Id)
                    {
                        turn.Progress.ReturnTo = null;
                    }
                    await answers.RecordAsync(turn, longText, moved.Text, cancellationToken);
                }
                else
                {
                    flow.Ask(turn, kept);
                }
                break;
            case ReplaceConfirmation replace when flow.Find(replace.QuestionId) is { } choice:
                if (yes)
                {
                    // Asked already: stored under "Other" without the "confirm it" that follows words kept so.
                    await answers.StoreAsync(turn, choice, replace.Text, typed: null, cancellationToken);
                    if (turn.Progress.Pending is OtherConfirmation { } kept && kept.QuestionId == choice.Id)
                    {
                        turn.Progress.Pending = null;
                        answers.MoveOn(turn, choice);
                    }
                }
                else if (turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == choice.Id) is { } stored)
                {
                    turn.Say(flow.Text(ConversationMessageKeys.Kept, turn.Language, ("value", flow.AnswerText.Show(choice, stored, turn.Language))));
                    answers.MoveOn(turn, choice);
                }
                else
                {
                    flow.Ask(turn, choice);
                }
                break;
            case ChoiceContradictedConfirmation contradicted when flow.Find(contradicted.QuestionId) is { } details && flow.Find(contradicted.ChoiceId) is { } choice:
                if (yes)
                {
                    await answers.ChangeChoiceAfterDetailsAsync(turn, details, choice, NormaliserCandidates.AsText(System.Text.Json.Nodes.JsonNode.Parse(contradicted.ValueJson)!),
                        turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == details.Id)?.Original, cancellationToken);
                }
                else
                {
                    if (turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == choice.Id) is { } held)
                    {
                        turn.Say(flow.Text(ConversationMessageKeys.Kept, turn.Language, ("value", flow.AnswerText.Show(choice, held, turn.Language))));
                    }
                    turn.Progress.QuestionId = details.Id;
                    answers.MoveOn(turn, details);
                }
                break;
            case CandidateConfirmation candidate when flow.Find(candidate.QuestionId) is { } question:
                var picked = option is { } n && n >= 1 && n <= candidate.Candidates.Count ? candidate.Candidates[n - 1]
                    : yes && candidate.Candidates.Count == 1 ? candidate.Candidates[0] : null;
                if (picked is null)
                {
                    if (!yes && option is null && await answers.KeepYearlyAsync(turn, question, candidate, cancellationToken))
                    {
                        // "nein" to "135 000 € over 3 years?" for "rund 45 Tsd pro Jahr": the yearly amount as typed, flagged.
                        break;
                    }
                    if (!yes && option is null)
                    {
                        // "no" to "Did you mean Indirect: funding?" asked the question again with no word (session 45: the
                        // contributor could not tell whether the no was heard); nothing of the words guessed from is kept.
                        turn.Say(flow.Text(ConversationMessageKeys.GuessDeclined, turn.Language));
                    }
                    flow.Ask(turn, question);
                    break;
                }
                await answers.StoreAsync(turn, question, picked.Answer, candidate.Original, cancellationToken);
                break;
            default:
                flow.AskCurrent(turn);
                break;
        }
    }

    private async Task RestartAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Practice is { } practice)
        {
            await flow.Intake.UpdateAsync(practice.Id, p =>
            {
                foreach (var questionId in p.Answers.Select(a => a.QuestionId).ToList())
                {
                    flow.Intake.ClearAnswer(p, questionId, turn.Actor);
                }
                return p;
            }, cancellationToken);
            turn.Practice = await flow.Intake.LoadAsync(practice.Id, cancellationToken);
        }
        turn.Progress.Skipped.Clear();
        turn.Progress.ReturnTo = null;
        turn.Progress.ThenAsk.Clear();
        turn.Say(flow.Text(ConversationMessageKeys.Restarted, turn.Language));
        flow.Ask(turn, flow.Questions[0]);
    }

    private async Task SubmitAsync(Turn turn, CancellationToken cancellationToken)
    {
        var again = turn.Practice is { Status: Persistence.Entities.PracticeStatus.NeedsChanges };
        var outcome = turn.Practice is null ? null : await flow.Intake.UpdateAsync(turn.Practice.Id, p => flow.Intake.Submit(p, turn.Actor), cancellationToken);
        if (outcome is null || !outcome.Submitted)
        {
            var missing = outcome is null ? flow.Questions.Where(q => q.Required).ToList() : flow.Questions.Where(q => outcome.Missing.Contains(q.Id)).ToList();
            turn.Say(flow.Text(ConversationMessageKeys.SubmitMissing, turn.Language, ("list", flow.NumberedLabels(missing, turn.Language))));
            flow.AskOffering(turn, missing[0]);
            return;
        }
        // "no, de momento no queremos que se publique" at the consent: the thanks said the researchers might contact them before
        // publishing it (chatplay48); with a no, nothing is published and no one writes.
        var unpublished = turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == Privacy.Consent.QuestionId)?.ValueJson == "false";
        turn.Practice = null;
        turn.Progress.SubmittedReference = outcome.Reference;
        turn.Progress.QuestionId = null;
        turn.Progress.Skipped.Clear();
        turn.Profile.QuestionId = null;
        turn.Progress.ChangesRequested = false;
        turn.Say(flow.Text(again ? ConversationMessageKeys.Resubmitted : unpublished ? ConversationMessageKeys.SubmittedUnpublished : ConversationMessageKeys.Submitted,
            turn.Language, ("reference", outcome.Reference)));
    }
}
