namespace Regin.Core.Conversation.Commands;

/// <summary>"restart": asks first; yes clears every answer (see <see cref="ConfirmationResolver"/>).</summary>
public sealed class RestartCommand(ConversationFlow flow) : IConversationCommand
{
    public string Name => CommandNames.Restart;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        flow.Confirm(turn, new RestartConfirmation());
        return Task.CompletedTask;
    }
}
