namespace Regin.Core.Conversation.Commands;

/// <summary>"language", "language fr", "sprache deutsch": switches the conversation (and the draft) to another language.</summary>
public sealed class LanguageCommand(ConversationFlow flow, LanguageSwitch languages) : IConversationCommand
{
    public string Name => CommandNames.Language;

    /// <summary>Only a language: "lingua e istruzione" is an answer.</summary>
    public bool Accepts(CommandMatch match) => CommandParser.ParseLanguage(match.Argument, flow.Questionnaire) is not null;

    public async Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        if (CommandParser.ParseLanguage(command.Argument, flow.Questionnaire) is not { } chosen)
        {
            languages.Ask(turn);
            return;
        }
        await languages.SwitchAsync(turn, chosen, cancellationToken);
        flow.AskCurrent(turn);
    }
}
