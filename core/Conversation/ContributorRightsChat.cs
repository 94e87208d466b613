using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Regin.Core.Conversation.Commands;
using Regin.Core.Persistence.Entities;
using Regin.Core.Privacy;
using Regin.Core.Diagnostics;

namespace Regin.Core.Conversation;

/// <summary>
/// A contributor's data rights in the chat, answered whatever the state of the questionnaire: "my data" shows what is
/// stored about the chat identity (a readable summary, and the whole copy as a JSON file); "erase my data" asks first,
/// and a yes (the confirmation's own button, or yes/no words in any language, negations included) has the channel host
/// erase once the turn is stored (<see cref="ConversationProgress.ErasureRequested"/>).
/// A chat identity is the channel's user id (a Teams account, a web chat's browser): it proves nothing about an e-mail
/// address typed in the chat, so the copy is never mailed from the chat; the reply says how to get it by mail
/// (a mail with the "my data" subject from that address, which the mail door answers only when our server
/// authenticated the sender).
/// </summary>
public sealed class ContributorRightsChat(ConversationFlow flow, ContributorData data, IOptions<Hosting.ProjectMailboxOptions> mailbox, ILogger<ContributorRightsChat> logger)
{
    /// <summary>True when the message was a data-rights request, or the answer to "erase your data?".</summary>
    public async Task<bool> TryHandleAsync(Turn turn, (IConversationCommand Handler, CommandMatch Match)? command, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.Progress.Pending is EraseDataConfirmation pending)
        {
            var yes = turn.Input.Value is ConfirmationSubmitted confirmation ? confirmation.Yes : flow.YesNo(text, turn.Language);
            if (yes is null && command is null && turn.Input.Value is null)
            {
                flow.Confirm(turn, pending);
                return true;
            }
            turn.Progress.Pending = null;
            if (yes == true)
            {
                await ConfirmErasureAsync(turn, cancellationToken);
                return true;
            }
            if (yes == false)
            {
                turn.Say(flow.Text(RightsMessageKeys.EraseCancelled, turn.Language));
                if (turn.Progress.QuestionId is not null && turn.Practice is not null && !turn.Progress.Paused)
                {
                    flow.AskCurrent(turn);
                }
                return true;
            }
        }
        if (command is { } found && found.Match.Name is CommandNames.MyData or CommandNames.EraseMyData)
        {
            await found.Handler.RunAsync(turn, found.Match, cancellationToken);
            return true;
        }
        return false;
    }

    /// <summary>"my data": the summary of each practice in the chat and the whole copy as a JSON file; how to get it by mail.</summary>
    public async Task SendCopyAsync(Turn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var language = turn.Language;
        var practices = await data.FindByIdentityAsync(turn.Input.Channel, turn.Input.UserId, cancellationToken);
        var how = flow.Text(RightsMessageKeys.CopyByMail, language, ("mailbox", mailbox.Value.Mailbox), ("subject", flow.CommandWord(CommandNames.MyData, language)));
        if (practices.Count == 0)
        {
            turn.Say(new MessageReply([new TextPart(flow.Text(RightsMessageKeys.CopyNone, language)), new TextPart(how)], []));
            return;
        }
        var json = await data.JsonAsync($"{turn.Input.Channel}:{turn.Input.UserId}", practices, turn.Now, cancellationToken);
        await data.LogExportAsync(practices, "json (chat)", turn.Actor, turn.Now, cancellationToken);
        turn.Say(new FileReply(
            flow.Text(RightsMessageKeys.CopyIntro, language, ("practices", practices.Count)) + "\n\n" + data.Summary(practices).TrimEnd() + "\n\n" + how,
            $"regin-my-data-{turn.Now.UtcDateTime:yyyyMMdd-HHmm}.json", "application/json", json));
        logger.LogInformation("Chat contributor {Contributor} received a copy of {Practices} practices", PersonalData.Masked(turn.Actor), practices.Count);
    }

    private async Task ConfirmErasureAsync(Turn turn, CancellationToken cancellationToken)
    {
        var practices = await data.FindByIdentityAsync(turn.Input.Channel, turn.Input.UserId, cancellationToken);
        turn.Progress.ErasureRequested = true;
        turn.Progress.QuestionId = null;
        turn.Progress.PracticeId = null;
        turn.Progress.SubmittedReference = null;
        turn.Progress.Skipped.Clear();
        turn.Practice = null;
        turn.Say(flow.Text(RightsMessageKeys.Erased, turn.Language, ("practices", practices.Count)));
    }
}
