namespace Regin.Core.Conversation.Commands;

/// <summary>"submit": what is missing, or the summary and "submit now?" (see <see cref="ConfirmationResolver"/>).</summary>
public sealed class SubmitCommand(ConversationFlow flow) : IConversationCommand
{
    public string Name => CommandNames.Submit;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        var missing = flow.Missing(turn);
        if (missing.Count > 0)
        {
            var question = flow.Current(turn);
            turn.Say(flow.Text(ConversationMessageKeys.SubmitMissing, turn.Language, ("list", flow.NumberedLabels(missing, turn.Language))));
            flow.AskOffering(turn, missing.Contains(question) ? question : missing[0]);
            return Task.CompletedTask;
        }
        turn.Say(flow.Summary(turn));
        flow.Confirm(turn, new SubmitConfirmation());
        return Task.CompletedTask;
    }
}
