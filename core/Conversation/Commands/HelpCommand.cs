using Microsoft.Extensions.Options;
using Regin.Core.Privacy;

namespace Regin.Core.Conversation.Commands;

/// <summary>"help": the help text of the question on screen (its {privacy_url} is the privacy notice in the contributor's language) and the list of commands.</summary>
public sealed class HelpCommand(ConversationFlow flow, IOptions<PrivacyOptions> privacy) : IConversationCommand
{
    public string Name => CommandNames.Help;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        var question = flow.Current(turn);
        var language = turn.Language;
        turn.Say(new MessageReply(
        [
            new TextPart(flow.Text(ConversationMessageKeys.HelpTitle, language)),
            new TextPart(question.Label.In(language), TextStyle.Strong),
            new TextPart(question.Help.In(language).Replace("{privacy_url}", privacy.Value.NoticeUrlIn(language), StringComparison.Ordinal)),
            new TextPart(flow.Text(ConversationMessageKeys.Commands, language)),
        ], []));
        return Task.CompletedTask;
    }
}
