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
        flow.Skip(turn, question);
        return Task.CompletedTask;
    }
}
