namespace Regin.Core.Conversation.Commands;

/// <summary>"help": the help text of the question on screen and the list of commands.</summary>
public sealed class HelpCommand(ConversationFlow flow) : IConversationCommand
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
            new TextPart(question.Help.In(language)),
            new TextPart(flow.Text(ConversationMessageKeys.Commands, language)),
        ], []));
        return Task.CompletedTask;
    }
}
