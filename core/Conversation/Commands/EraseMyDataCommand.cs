namespace Regin.Core.Conversation.Commands;

/// <summary>"erase my data": asks first; yes erases (see <see cref="ContributorRightsChat"/>).</summary>
public sealed class EraseMyDataCommand(ConversationFlow flow) : IConversationCommand
{
    public string Name => CommandNames.EraseMyData;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        flow.Confirm(turn, new EraseDataConfirmation());
        return Task.CompletedTask;
    }
}
