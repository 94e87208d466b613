using Regin.Core;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Chat.Engine;

/// <summary>The chat commands; their words, in every language, are in the locale files (core/Questionnaire/locales/{lang}.json) under "commands".</summary>
public enum ChatCommandKind
{
    Help,
    Glossary,
    Skip,
    Back,
    Change,
    Summary,
    Pause,
    Continue,
    Restart,
    Submit,
    Language,
    Email,
}

/// <summary>A recognised command, its argument ("change 7" → "7"), and the languages whose word was used.</summary>
public sealed record ChatCommand(ChatCommandKind Kind, string Argument, IReadOnlyList<string> KeywordLanguages);

/// <summary>
/// Recognises commands in any of the 8 languages. A message is a command when it is exactly a command word, or a
/// command word that takes an argument (glossary, change, language) followed by a short argument; anything else is an
/// answer, so a long text that begins with "what is" stays an answer.
/// </summary>
public sealed class CommandParser
{
    private const int MaxArgumentWords = 6;

    private readonly List<(string Key, ChatCommandKind Kind, string Language)> _words = [];

    public CommandParser(QuestionnaireDefinition questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        foreach (var (name, words) in questionnaire.Commands)
        {
            if (!Enum.TryParse<ChatCommandKind>(name, ignoreCase: true, out var kind))
            {
                continue;
            }
            foreach (var (language, list) in words)
            {
                foreach (var word in list)
                {
                    var key = word.Trim() == "?" ? "?" : TextKey.Fold(word);
                    if (key.Length > 0)
                    {
                        _words.Add((key, kind, language));
                    }
                }
            }
        }
        // Longest words first: "what is" before "what", "start again" before "start".
        _words.Sort((a, b) => b.Key.Length.CompareTo(a.Key.Length));
    }

    public ChatCommand? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 300)
        {
            return null;
        }
        var trimmed = text.Trim();
        var folded = trimmed == "?" ? "?" : TextKey.Fold(trimmed);
        if (folded.Length == 0)
        {
            return null;
        }
        foreach (var (key, kind, _) in _words)
        {
            if (folded == key)
            {
                return new ChatCommand(kind, "", LanguagesOf(key, kind));
            }
            if (TakesArgument(kind) && folded.StartsWith(key + " ", StringComparison.Ordinal))
            {
                var argument = ArgumentAfter(trimmed, key);
                if (argument.Length > 0 && TextKey.Words(argument).Length <= MaxArgumentWords)
                {
                    return new ChatCommand(kind, argument, LanguagesOf(key, kind));
                }
            }
        }
        return null;
    }

    private IReadOnlyList<string> LanguagesOf(string key, ChatCommandKind kind) =>
        _words.Where(w => w.Key == key && w.Kind == kind).Select(w => w.Language).Distinct().ToList();

    private static bool TakesArgument(ChatCommandKind kind) => kind is ChatCommandKind.Glossary or ChatCommandKind.Change or ChatCommandKind.Language;

    /// <summary>The argument as written (accents kept): the words after as many words as the keyword has.</summary>
    private static string ArgumentAfter(string text, string key)
    {
        var keywordWords = key.Split(' ').Length;
        var rest = text;
        for (var i = 0; i < keywordWords; i++)
        {
            rest = rest.TrimStart();
            var end = 0;
            // Skip one word (letters and digits, with apostrophes inside it), then what separates it from the next.
            while (end < rest.Length && (char.IsLetterOrDigit(rest[end]) || char.GetUnicodeCategory(rest[end]) is System.Globalization.UnicodeCategory.NonSpacingMark))
            {
                end++;
            }
            while (end < rest.Length && !char.IsLetterOrDigit(rest[end]))
            {
                end++;
            }
            rest = rest[end..];
        }
        return rest.Trim().TrimEnd('?', '.', '!', ';');
    }

    /// <summary>A language named by its code, its own name, or its number in the list (1-8).</summary>
    public static string? ParseLanguage(string? text, QuestionnaireDefinition questionnaire)
    {
        var folded = TextKey.Fold(text);
        if (folded.Length == 0)
        {
            return null;
        }
        if (int.TryParse(folded, out var number) && number >= 1 && number <= questionnaire.Languages.Count)
        {
            return questionnaire.Languages[number - 1].Code;
        }
        foreach (var language in questionnaire.Languages)
        {
            if (folded == language.Code || folded == TextKey.Fold(language.Name))
            {
                return language.Code;
            }
        }
        return Languages.FromLocale(folded.Replace(' ', '-'));
    }
}
