namespace Regin.Core.Conversation.Commands;

/// <summary>"back": the question before the one on screen.</summary>
public sealed class BackCommand(ConversationFlow flow) : IConversationCommand
{
    public string Name => CommandNames.Back;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        var question = flow.Current(turn);
        var index = flow.IndexOf(question);
        if (index == 0)
        {
            turn.Say(flow.Text(ConversationMessageKeys.BackAtStart, turn.Language));
            flow.Ask(turn, question);
            return Task.CompletedTask;
        }
        flow.Ask(turn, flow.Questions[index - 1]);
        return Task.CompletedTask;
    }
}
