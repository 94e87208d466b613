namespace Regin.Core.Conversation.Commands;

/// <summary>
/// "keep", "garder", "behalten", "κράτα" (offered by <see cref="ConversationMessageKeys.AnsweredBefore"/>): at a question
/// answered before, the answer stays and the next open question comes; at one with no answer yet, there is nothing to keep:
/// said, and the question asked again (session 57: it was a skip word, and skipped an optional question).
/// </summary>
public sealed class KeepCommand(ConversationFlow flow) : IConversationCommand
{
    public string Name => CommandNames.Keep;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        var question = flow.Current(turn);
        if (!SkipCommand.KeepsAnswer(flow, turn, question))
        {
            turn.Say(flow.Text(ConversationMessageKeys.NothingToKeep, turn.Language));
            flow.Ask(turn, question);
        }
        return Task.CompletedTask;
    }
}
