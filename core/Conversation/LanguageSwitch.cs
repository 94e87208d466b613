using System.Runtime.CompilerServices;
using Regin.Core.Conversation.Commands;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;

namespace Regin.Core.Conversation;

/// <summary>The conversation's language: asking for it (in every language at once) and switching to another.</summary>
public sealed class LanguageSwitch(ConversationFlow flow)
{
    public void Ask(Turn turn)
    {
        turn.Progress.AwaitingLanguage = true;
        var lines = flow.Questionnaire.Languages.Select(l => flow.Text(ConversationMessageKeys.ChooseLanguage, l.Code)).Distinct();
        turn.Say(new MessageReply(lines.Select(line => new TextPart(line)).ToList(), flow.Questionnaire.Languages.Select(l => l.Name).ToList()));
    }

    public async Task SwitchAsync(Turn turn, string language, CancellationToken cancellationToken)
    {
        turn.Language = language;
        turn.Progress.Language = language;
        turn.Profile.Language = language;
        if (turn.Practice is not null)
        {
            await flow.Intake.UpdateAsync(turn.Practice.Id, p => flow.Intake.SetLanguage(p, language), cancellationToken);
        }
        turn.Say(flow.Text(ConversationMessageKeys.LanguageSet, language));
    }

    /// <summary>
    /// The language a whole message names by its own name ("English", "Deutsch", "svenska", "Ελληνικά"), if any: a language
    /// picked, never an answer (not its code: "it", "de" are words; not a number: it may answer the question).
    /// </summary>
    public string? NamedAlone(string text)
    {
        var folded = TextKey.Fold(text);
        return folded.Length > 0 && CodesByFoldedName.GetValue(flow.Questionnaire, CodesOf).TryGetValue(folded, out var code) ? code : null;
    }

    /// <summary>
    /// Each questionnaire's language codes by their names folded (the first language of a name, as the list is read):
    /// folded once, not on every message (every turn asks whether its text names a language).
    /// </summary>
    private static readonly ConditionalWeakTable<QuestionnaireDefinition, Dictionary<string, string>> CodesByFoldedName = new();

    private static Dictionary<string, string> CodesOf(QuestionnaireDefinition questionnaire)
    {
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var language in questionnaire.Languages)
        {
            codes.TryAdd(TextKey.Fold(language.Name), language.Code);
        }
        return codes;
    }

    /// <summary>A language named in a message ("Svenska", "fr", "3", "language fr"), if any.</summary>
    public string? Named(string text, CommandMatch? command) =>
        CommandParser.ParseLanguage(command?.Name == CommandNames.Language ? command.Argument : text, flow.Questionnaire);
}
