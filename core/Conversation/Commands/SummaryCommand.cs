namespace Regin.Core.Conversation.Commands;

/// <summary>"summary": every answer, with a way to change each, then the question on screen again (a question of the bot's
/// own, "send it now?", included).</summary>
public sealed class SummaryCommand(ConversationFlow flow) : IConversationCommand
{
    public string Name => CommandNames.Summary;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        turn.Say(flow.Summary(turn));
        if (turn.Progress.Pending is { } pending)
        {
            flow.Confirm(turn, pending);
        }
        else if (flow.IsBackForChanges(turn))
        {
            flow.OfferChanges(turn); // not the optional question skipped before (return43)
        }
        else
        {
            flow.AskCurrent(turn);
        }
        return Task.CompletedTask;
    }
}
