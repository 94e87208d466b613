using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;

namespace Regin.Core.Conversation.Commands;

/// <summary>
/// The command handlers by id, checked against the questionnaire: every command of questionnaire.json has a handler and
/// every handler has words (so a command misspelt in the data is an error, not silently dropped). A turn's registry
/// resolves a handler only when the turn names its command (<see cref="CommandCatalog"/> knows which type is which id),
/// not the whole set on every turn.
/// </summary>
public sealed partial class CommandRegistry
{
    private readonly IServiceProvider _services;
    private readonly CommandCatalog _catalog;
    private Dictionary<string, IConversationCommand>? _handlers;

    public CommandRegistry(IServiceProvider services, CommandCatalog catalog, CommandParser parser)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(catalog);
        _services = services;
        _catalog = catalog;
        Parser = parser;
        if (!catalog.EnsureBuilt(services))
        {
            // Handlers registered without their own type (not through AddConversationCommand): all of them, as made here.
            _handlers = services.GetServices<IConversationCommand>().ToDictionary(h => h.Name, StringComparer.Ordinal);
        }
    }

    public CommandParser Parser { get; }

    public IConversationCommand this[string name] => TryGet(name, out var handler) ? handler : throw new KeyNotFoundException($"No handler for the command \"{name}\".");

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out IConversationCommand handler)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_handlers is { } all && _catalog.Types is null)
        {
            return all.TryGetValue(name, out handler);
        }
        _handlers ??= new Dictionary<string, IConversationCommand>(StringComparer.Ordinal);
        if (_handlers.TryGetValue(name, out handler))
        {
            return true;
        }
        if (_catalog.Types!.TryGetValue(name, out var type))
        {
            handler = (IConversationCommand)_services.GetRequiredService(type);
            _handlers[name] = handler;
            return true;
        }
        return false;
    }

    /// <summary>The command this message is, if any: the first reading whose handler takes its argument.</summary>
    public (IConversationCommand Handler, CommandMatch Match)? Find(string? text)
    {
        foreach (var match in Parser.Parse(text))
        {
            if (TryGet(match.Name, out var handler) && (match.Argument.Length == 0 || handler.Accepts(match)))
            {
                // "hola", "hallo", "γεια σας" are continue words too: a greeting alone is greeted back.
                return (handler, match is { Name: CommandNames.Continue, Argument.Length: 0 } && OpeningGreeting(text) is ({ }, "") && Parser.Salutes(text)
                    ? match with { IsGreeting = true } : match);
            }
            if (match is { Name: CommandNames.Help, Argument.Length: > 0 } && TryGet(CommandNames.Glossary, out var glossary)
                && match with { Name = CommandNames.Glossary, IsMainWord = false } is var aboutTerm && glossary.Accepts(aboutTerm))
            {
                // A help word with a term after it asks about the term ("o que quer dizer papel da autoridade regional?",
                // chatplay47's Lisbon run: help takes no argument, and the question was stored as the next answer).
                return (glossary, aboutTerm);
            }
        }
        // Not a command word first: a command asked for in a sentence ("je voudrais modifier la question 7").
        if (Parser.ParseRequest(text) is { } request && TryGet(request.Name, out var asked) && (request.Argument.Length == 0 || asked.Accepts(request)))
        {
            return (asked, request);
        }
        // "can we do this in German?", "auf Englisch bitte": the language command with the language named.
        return Parser.LanguageRequest(text) is { } code && TryGet(CommandNames.Language, out var switcher)
            ? (switcher, new CommandMatch(CommandNames.Language, code, "", []))
            : null;
    }

    /// <summary>
    /// A pause asked for in the last sentence of a longer message ("hang on, I need to check with my colleague, I'll come
    /// back later"): read where no long text is asked, as a name, a choice, a date or a number never ends so.
    /// </summary>
    public (IConversationCommand Handler, CommandMatch Match)? FindClosingPause(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var clauses = ClauseEnd().Split(text.Trim()).Where(c => TextKey.Fold(c).Length > 0).ToList();
        if (clauses.Count < 2)
        {
            return null;
        }
        var last = clauses[^1];
        var match = Parser.Parse(last).FirstOrDefault(m => m.Argument.Length == 0) ?? Parser.ParseRequest(last);
        return match is { Name: CommandNames.Pause, Argument.Length: 0 } && TryGet(match.Name, out var pause) ? (pause, match) : null;
    }

    /// <summary>
    /// A skip asked for in the last clause of a short message, after the reason ("ergänze ich ggf. später, erstmal
    /// überspringen", "da müsste ich erst die kollegin fragen, bitte überspringen", "ainda nao sabemos, depende do proximo
    /// quadro comunitario, saltar", "hab ich grad nicht zur hand, überspringen"): each was stored as the answer, or offered at
    /// the next question (chatplay46). Read where an optional question is asked (the engine decides); 25 words at most.
    /// </summary>
    public (IConversationCommand Handler, CommandMatch Match)? FindClosingSkip(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Contains('\n', StringComparison.Ordinal) || TextKey.Words(text).Length > 25)
        {
            return null;
        }
        var clauses = ClauseEnd().Split(text.Trim()).Where(c => TextKey.Fold(c).Length > 0).ToList();
        if (clauses.Count < 2)
        {
            return null;
        }
        var last = clauses[^1];
        var match = Parser.Parse(last).FirstOrDefault(m => m.Argument.Length == 0) ?? Parser.ParseRequest(last);
        return match is { Name: CommandNames.Skip, Argument.Length: 0 } && TryGet(match.Name, out var skip) ? (skip, match) : null;
    }

    /// <summary>
    /// A greeting opening the message with nothing after it but talk ("hi there", "Hallo zusammen", "hello, I'd like to
    /// submit a practice", "Γεια σας, θα ήθελα να καταχωρίσω μια πρακτική"): each was stored as the contributor's name. It is
    /// the greeting, so the question on screen is asked again. A greeting before an answer ("Guten Morgen! Schneider") is
    /// left out of the answer instead (<see cref="WithoutOpeningGreeting"/>).
    /// </summary>
    public (IConversationCommand Handler, CommandMatch Match)? FindOpeningGreeting(string? text) =>
        OpeningGreeting(text) is ({ } greeting, var rest) && (rest.Length == 0 || Parser.IsTalk(rest)) && TryGet(CommandNames.Continue, out var handler)
            ? (handler, new CommandMatch(CommandNames.Continue, "", greeting, []) { IsGreeting = true })
            : null;

    /// <summary>
    /// The continue command where <paramref name="text"/> is greetings and continue words only, each clause one as
    /// <see cref="Find"/> reads it ("γεια, συνεχίζουμε", "geia, synexizoume" in greeklish, "ciao, continuiamo"); null otherwise.
    /// </summary>
    public (IConversationCommand Handler, CommandMatch Match)? FindOnlyGreetings(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !TryGet(CommandNames.Continue, out var handler))
        {
            return null;
        }
        var clauses = ClauseEnd().Split(text.Trim()).Where(clause => TextKey.Fold(clause).Length > 0).ToList();
        return clauses.Count > 1 && clauses.All(clause => Find(clause) is { Match: { Name: CommandNames.Continue, Argument.Length: 0 } })
            ? (handler, new CommandMatch(CommandNames.Continue, "", clauses[0], []) { IsGreeting = OpeningGreeting(clauses[0]) is ({ }, "") && Parser.Salutes(clauses[0]) })
            : null;
    }

    /// <summary>The answer without the greeting that opens it ("Hi, Siobhan O'Brien" is "Siobhan O'Brien").</summary>
    public string WithoutOpeningGreeting(string text) =>
        OpeningGreeting(text) is ({ }, var rest) && rest.Length > 0 ? rest : text;

    private (string? Greeting, string After) OpeningGreeting(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "");
        }
        // Greetings clause after clause are one ("Hola, buenos días": the second was stored as the name, session 45).
        var trimmed = text.Trim();
        var greetingEnd = 0;
        var afterGreeting = 0;
        while (afterGreeting < trimmed.Length)
        {
            var end = ClauseEnd().Match(trimmed, afterGreeting);
            var clause = end.Success ? trimmed[afterGreeting..end.Index] : trimmed[afterGreeting..];
            if (TextKey.Fold(clause).Length == 0 || !Parser.IsGreeting(clause))
            {
                break;
            }
            greetingEnd = afterGreeting + clause.Length;
            afterGreeting = end.Success ? end.Index + end.Length : trimmed.Length;
        }
        return greetingEnd == 0 ? (null, "") : (trimmed[..greetingEnd], trimmed[afterGreeting..].Trim());
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[,;.!?]+\s*")]
    private static partial System.Text.RegularExpressions.Regex ClauseEnd();

    public static IReadOnlyList<string> Problems(IEnumerable<string> handlers, QuestionnaireDefinition questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var known = handlers.ToHashSet(StringComparer.Ordinal);
        return questionnaire.Commands.Keys.Where(c => !known.Contains(c)).Select(c => $"commands.{c}: no handler for this command.")
            .Concat(known.Where(h => !questionnaire.Commands.ContainsKey(h)).Select(h => $"commands: the handler \"{h}\" has no words in the questionnaire."))
            .ToList();
    }
}
