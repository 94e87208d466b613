using Regin.Core.Questionnaire;

namespace Regin.Core.Conversation.Commands;

/// <summary>
/// The command handlers by id, checked against the questionnaire at start: every command of questionnaire.json has
/// a handler and every handler has words (so a command misspelt in the data is an error, not silently dropped).
/// </summary>
public sealed class CommandRegistry
{
    private readonly Dictionary<string, IConversationCommand> _handlers;

    public CommandRegistry(IEnumerable<IConversationCommand> handlers, QuestionnaireDefinition questionnaire, CommandParser parser)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(questionnaire);
        Parser = parser;
        _handlers = handlers.ToDictionary(h => h.Name, StringComparer.Ordinal);
        var problems = Problems(_handlers.Keys, questionnaire);
        if (problems.Count > 0)
        {
            throw new QuestionnaireException("questionnaire.json (chat commands)", problems);
        }
    }

    public CommandParser Parser { get; }

    public IConversationCommand this[string name] => _handlers[name];

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out IConversationCommand handler) =>
        _handlers.TryGetValue(name, out handler);

    /// <summary>The command this message is, if any: the first reading whose handler takes its argument.</summary>
    public (IConversationCommand Handler, CommandMatch Match)? Find(string? text)
    {
        foreach (var match in Parser.Parse(text))
        {
            if (_handlers.TryGetValue(match.Name, out var handler) && (match.Argument.Length == 0 || handler.Accepts(match)))
            {
                return (handler, match);
            }
        }
        return null;
    }

    public static IReadOnlyList<string> Problems(IEnumerable<string> handlers, QuestionnaireDefinition questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var known = handlers.ToHashSet(StringComparer.Ordinal);
        return questionnaire.Commands.Keys.Where(c => !known.Contains(c)).Select(c => $"commands.{c}: no handler for this command.")
            .Concat(known.Where(h => !questionnaire.Commands.ContainsKey(h)).Select(h => $"commands: the handler \"{h}\" has no words in the questionnaire."))
            .ToList();
    }
}
