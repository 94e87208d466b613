namespace Regin.Core.Conversation.Commands;

/// <summary>
/// One chat command. Its words, in every language, are the locale files' "commands.{Name}" lists (and its id is in
/// questionnaire.json's "commands"); adding a command is one class like this, registered with
/// <see cref="ConversationServiceCollectionExtensions.AddConversationCommand{T}"/>, plus its words.
/// </summary>
public interface IConversationCommand
{
    /// <summary>The command's id in questionnaire.json ("help", "change" ...).</summary>
    string Name { get; }

    /// <summary>
    /// Whether a command word followed by <see cref="CommandMatch.Argument"/> is this command ("change 7"); when not,
    /// the whole message is an answer ("lingua e istruzione"). Commands that take no argument say no.
    /// </summary>
    bool Accepts(CommandMatch match) => false;

    Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken);
}

/// <summary>A command word found in a message: the command, its argument as written, the keyword and the languages it belongs to.</summary>
public sealed record CommandMatch(string Name, string Argument, string Keyword, IReadOnlyList<string> KeywordLanguages)
{
    /// <summary>The keyword is the first (the main) word of the command in one of its languages ("glossary", not "what is").</summary>
    public bool IsMainWord { get; init; }

    /// <summary>A greeting typed on its own ("hola", "γεια σας"), read as the continue command: greeted back (session 58).</summary>
    public bool IsGreeting { get; init; }

    /// <summary>The message ends with a question mark (the argument is given without it): "vad menas med …?", "τι εννοείτε με …;".</summary>
    public bool IsQuestion { get; init; }

    /// <summary>The command closes a message after its reason ("weiß ich noch nicht, überspringen"): the words before it are no answer.</summary>
    public bool AfterReason { get; init; }
}

/// <summary>The command ids the engine itself refers to.</summary>
public static class CommandNames
{
    public const string Help = "help";
    public const string Glossary = "glossary";
    public const string Skip = "skip";
    public const string Back = "back";
    public const string Change = "change";
    public const string Summary = "summary";
    public const string Pause = "pause";
    public const string Continue = "continue";
    public const string Restart = "restart";
    public const string Submit = "submit";
    public const string Language = "language";
    public const string Email = "email";
    public const string MyData = "my_data";
    public const string EraseMyData = "erase_my_data";
    public const string NoReminders = "no_reminders";
    public const string Keep = "keep";
}
