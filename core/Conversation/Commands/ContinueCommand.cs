namespace Regin.Core.Conversation.Commands;

/// <summary>"continue": the question on screen again.</summary>
public sealed class ContinueCommand(ConversationFlow flow) : IConversationCommand
{
    public string Name => CommandNames.Continue;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        flow.AskCurrent(turn);
        return Task.CompletedTask;
    }
}
