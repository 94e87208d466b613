using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;

namespace Regin.Core.Conversation.Commands;

/// <summary>"glossary NUTS", "what is a third-country national?": a term of the glossary.</summary>
public sealed class GlossaryCommand(ConversationFlow flow) : IConversationCommand
{
    /// <summary>"glossary blockchain" is still a question about the glossary; "what is …" followed by more than this is an answer.</summary>
    private const int MaxUnknownTermWords = 3;

    public string Name => CommandNames.Glossary;

    /// <summary>An unknown term asked about with a question mark ("vad menas med …?"): this many words at most.</summary>
    private const int MaxAskedBackWords = 8;

    /// <summary>
    /// A glossary term after any of its words; an unknown term only after the main word, and short, or asked with a question
    /// mark ("ti ennoeite me rolos tis perifereiakis arxis?", chatplay47's Greek run: stored as the regional authority's
    /// contribution; the glossary's terms are listed instead, and the question on screen stays open).
    /// </summary>
    public bool Accepts(CommandMatch match) =>
        Entry(match.Argument) is not null || QuestionNamed(match.Argument) is not null || AboutTheQuestionOnScreen(match.Argument)
        || (match.IsMainWord && TextKey.Words(match.Argument).Length <= MaxUnknownTermWords)
        || AskedBack(match);

    /// <summary>A short argument of a message ending with a question mark (Greek's ";" too): a question asked back, never an answer.</summary>
    private static bool AskedBack(CommandMatch match) =>
        match.IsQuestion && !match.Argument.Contains('\n', StringComparison.Ordinal) && TextKey.Words(match.Argument).Length is > 0 and <= MaxAskedBackWords;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        var language = turn.Language;
        var terms = string.Join(", ", flow.Questionnaire.Glossary.Select(g => g.Term.In(language)));
        if (TextKey.Fold(command.Argument).Length == 0 && !command.IsMainWord && command.IsQuestion && flow.Current(turn) is { } onScreen)
        {
            // "c'est quoi ?", "what is?": a question word alone, asked back, is about the question on screen.
            turn.Say(new MessageReply([new TextPart(onScreen.Label.In(language), TextStyle.Strong), new TextPart(onScreen.Help.In(language))], []));
            return Task.CompletedTask;
        }
        if (TextKey.Fold(command.Argument).Length == 0)
        {
            turn.Say(flow.Text(ConversationMessageKeys.GlossaryUsage, language, ("terms", terms)));
            return Task.CompletedTask;
        }
        if (Entry(command.Argument) is null && (QuestionNamed(command.Argument) ?? (AboutTheQuestionOnScreen(command.Argument) ? flow.Current(turn) : null)) is { } named)
        {
            // "what do you mean by target groups?", "was meinen Sie mit Zielgruppen?" (chatplay46: kept under Other at the target
            // groups): a question's name, no glossary term, is asked about that question; its help, as "help" gives it. "vad
            // betyder det?", "o que quer dizer esta pergunta?", "what does this question mean?" (chatplay49: "«det» finns inte i
            // ordlistan" and the glossary's terms): the question on screen.
            turn.Say(new MessageReply(
            [
                new TextPart(named.Label.In(language), TextStyle.Strong),
                new TextPart(named.Help.In(language)),
            ], []));
            return Task.CompletedTask;
        }
        if (Entry(command.Argument) is not { } entry)
        {
            turn.Say(flow.Text(ConversationMessageKeys.GlossaryNotFound, language, ("term", AnswerText.Shorten(command.Argument)), ("terms", terms)));
            return Task.CompletedTask;
        }
        turn.Say(new MessageReply([new TextPart(entry.Term.In(language), TextStyle.Strong), new TextPart(entry.Definition.In(language))], []));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Whether the argument names no term but the question on screen: only request words and question words of any language
    /// ("det", "esta pergunta", "diese Frage") and the glossary command's own words ("this question mean" of "what does …").
    /// </summary>
    private bool AboutTheQuestionOnScreen(string argument) => TextKey.Words(argument) is { Length: > 0 } words && words.All(OnScreenWords.Contains);

    private HashSet<string> OnScreenWords => _onScreenWords ??=
    [
        .. flow.Questionnaire.Vocabulary.CommandFillers.All.SelectMany(TextKey.Words),
        .. flow.Questionnaire.Vocabulary.QuestionRefs.All.SelectMany(TextKey.Words),
        .. flow.Questionnaire.Commands.TryGetValue(CommandNames.Glossary, out var glossary) ? glossary.All.SelectMany(TextKey.Words) : [],
    ];

    private HashSet<string>? _onScreenWords;

    /// <summary>The question whose name is the whole argument, after one word at most ("the target groups", "die Zielgruppen").</summary>
    private Question? QuestionNamed(string argument)
    {
        var words = TextKey.Words(argument);
        var names = QuestionNames.Of(flow.Questionnaire);
        for (var start = 0; start <= 1 && start < words.Length; start++)
        {
            if (names.QuestionAt(words, start) is ({ } length, { } id) && start + length == words.Length)
            {
                return flow.Find(id);
            }
        }
        return null;
    }

    private GlossaryEntry? Entry(string term)
    {
        var key = TextKey.Fold(term);
        // "das", "eso", "isso" alone name no term ("das" is in a Portuguese term's words: "was heißt das?" was a definition).
        if (key.Length == 0 || AboutTheQuestionOnScreen(term))
        {
            return null;
        }
        var glossary = flow.Questionnaire.Glossary;
        return glossary.FirstOrDefault(g => g.Term.Values.Any(t => TextKey.Fold(t) == key) || TextKey.Fold(g.Id) == key)
            ?? glossary.FirstOrDefault(g => g.Term.Values.Any(t => TextKey.Fold(t).Contains(key, StringComparison.Ordinal) || key.Contains(TextKey.Fold(t), StringComparison.Ordinal)))
            ?? glossary.FirstOrDefault(g => g.Term.Values.Any(t => Inflected(TextKey.Words(t), TextKey.Words(term))));
    }

    /// <summary>
    /// The term's words in a row in the argument, each the start of its word ("regionala myndigheten" is "Regional myndighet":
    /// Swedish ends its words so, chatplay47); words of four letters or more only.
    /// </summary>
    private static bool Inflected(string[] termWords, string[] words)
    {
        if (termWords.Length == 0 || termWords.Any(w => w.Length < 4))
        {
            return false;
        }
        for (var start = 0; start + termWords.Length <= words.Length; start++)
        {
            if (termWords.Select((w, i) => words[start + i].StartsWith(w, StringComparison.Ordinal)).All(x => x))
            {
                return true;
            }
        }
        return false;
    }
}
