namespace Regin.Core.Conversation.Commands;

/// <summary>"skip": leaves an optional question out (a required one cannot be skipped).</summary>
public sealed class SkipCommand(ConversationFlow flow) : IConversationCommand
{
    public string Name => CommandNames.Skip;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        var question = flow.Current(turn);
        if (question.Required)
        {
            turn.Say(flow.Text(ConversationMessageKeys.CannotSkip, turn.Language));
            flow.Ask(turn, question);
            return Task.CompletedTask;
        }
        if (!turn.Progress.Skipped.Contains(question.Id))
        {
            turn.Progress.Skipped.Add(question.Id);
        }
        turn.Say(flow.Text(ConversationMessageKeys.Skipped, turn.Language));
        flow.AskNext(turn, flow.IndexOf(question));
        return Task.CompletedTask;
    }
}
