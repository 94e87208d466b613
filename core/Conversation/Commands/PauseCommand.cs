namespace Regin.Core.Conversation.Commands;

/// <summary>"pause": the answers are kept; the next message greets and goes on where they stopped.</summary>
public sealed class PauseCommand(ConversationFlow flow) : IConversationCommand
{
    public string Name => CommandNames.Pause;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        turn.Progress.Paused = true;
        turn.Say(flow.Text(ConversationMessageKeys.Paused, turn.Language, ("current", flow.IndexOf(flow.Current(turn)) + 1)));
        return Task.CompletedTask;
    }
}
