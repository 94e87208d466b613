namespace Regin.Core.Conversation.Commands;

/// <summary>"continue", or a greeting typed on its own ("hallo", "buongiorno"): the question on screen again, never taken as an answer.</summary>
public sealed class ContinueCommand(ConversationFlow flow) : IConversationCommand
{
    public string Name => CommandNames.Continue;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        flow.AskCurrent(turn);
        return Task.CompletedTask;
    }
}
