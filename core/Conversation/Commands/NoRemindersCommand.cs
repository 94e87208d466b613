using Regin.Core.Reminders;

namespace Regin.Core.Conversation.Commands;

/// <summary>"no reminders": no reminder is sent about the contributor's open draft any more; the conversation goes on as before.</summary>
public sealed class NoRemindersCommand(ConversationFlow flow, DraftReminderStops stops) : IConversationCommand
{
    public string Name => CommandNames.NoReminders;

    public async Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        if (turn.Practice is not { } practice)
        {
            turn.Say(flow.Text(ReminderMessageKeys.StoppedNoDraft, turn.Language));
            return;
        }
        await stops.StopAsync(practice.Id, turn.Actor, turn.Input.Channel, cancellationToken);
        turn.Say(flow.Text(ReminderMessageKeys.Stopped, turn.Language, ("reference", practice.Reference)));
    }
}
