namespace Regin.Core.Conversation.Commands;

/// <summary>"continue", or a greeting typed on its own ("hallo", "buongiorno"): the question on screen again, never taken as an answer.</summary>
public sealed class ContinueCommand(ConversationFlow flow) : IConversationCommand
{
    public string Name => CommandNames.Continue;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        if (flow.IsBackForChanges(turn) && turn.Progress.Pending is null)
        {
            // Back at a researcher's request: how to change and send it back, not the optional question skipped before (return43).
            flow.OfferChanges(turn);
            return Task.CompletedTask;
        }
        if (command.IsGreeting)
        {
            // "hola", "hi there", "γεια σας" where the name is asked (session 58: asked again as if unheard): greeted back.
            turn.Say(flow.Text(ConversationMessageKeys.GreetingBack, turn.Language));
        }
        flow.AskCurrent(turn);
        return Task.CompletedTask;
    }
}
