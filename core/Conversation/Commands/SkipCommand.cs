namespace Regin.Core.Conversation.Commands;

/// <summary>"skip": leaves an optional question out (a required one cannot be skipped); at one answered before, goes on and keeps the answer.</summary>
public sealed class SkipCommand(ConversationFlow flow) : IConversationCommand
{
    public string Name => CommandNames.Skip;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        var question = flow.Current(turn);
        if (KeepsAnswer(flow, turn, question))
        {
            return Task.CompletedTask;
        }
        if (question.Required)
        {
            // After its reason ("ainda nao sabemos, o PT2030 acaba em 2027, por agora saltar"): what to do instead (a short
            // answer for now, or a pause).
            turn.Say(flow.Text(command.AfterReason ? ConversationMessageKeys.CannotSkipYet : ConversationMessageKeys.CannotSkip, turn.Language));
            flow.Ask(turn, question);
            return Task.CompletedTask;
        }
        flow.Skip(turn, question);
        return Task.CompletedTask;
    }

    /// <summary>
    /// "next", "weiter", "επόμενη", "keep" at a question answered before (after "back"): the answer stays and the next open
    /// question comes (a required one said it cannot be skipped; an optional one was marked skipped with its answer). False
    /// when the question has no answer.
    /// </summary>
    internal static bool KeepsAnswer(ConversationFlow flow, Turn turn, Questionnaire.Question question)
    {
        if (turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == question.Id) is not { } answer)
        {
            return false;
        }
        turn.Say(flow.Text(ConversationMessageKeys.Kept, turn.Language, ("value", flow.AnswerText.Show(question, answer, turn.Language))));
        flow.AskNext(turn, flow.IndexOf(question));
        return true;
    }
}
