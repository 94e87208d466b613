namespace Regin.Core.Conversation.Commands;

/// <summary>"my data": a copy of what is stored about the contributor of this chat (see <see cref="ContributorRightsChat"/>).</summary>
public sealed class MyDataCommand(ContributorRightsChat rights) : IConversationCommand
{
    public string Name => CommandNames.MyData;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken) => rights.SendCopyAsync(turn, cancellationToken);
}
