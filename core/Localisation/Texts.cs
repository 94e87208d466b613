using System.Collections.Frozen;
using System.Globalization;
using Regin.Core.Questionnaire;

namespace Regin.Core.Localisation;

/// <summary>The questionnaire's messages in a language, with their {placeholders} filled in.</summary>
public sealed class Texts(QuestionnaireDefinition questionnaire)
{
    public QuestionnaireDefinition Questionnaire { get; } = questionnaire;

    private readonly Lazy<TextLanguage> _languages = new(() => new TextLanguage(questionnaire));

    /// <summary>The language a free text is written in, from the locale files' own words (<see cref="TextLanguage"/>); null when unclear.</summary>
    public string? GuessLanguage(string? text) => _languages.Value.Guess(text);

    /// <summary>The language of a mail's own words, its greeting and sign-off counted (<see cref="TextLanguage.GuessMail"/>).</summary>
    public string? GuessMailLanguage(string? text) => _languages.Value.GuessMail(text);

    /// <summary>The language of a mail's own words with what it rests on (<see cref="TextLanguage.ReadMail"/>).</summary>
    public TextLanguage.MailGuess ReadMailLanguage(string? text) => _languages.Value.ReadMail(text);

    /// <summary>Whether a free text is written in none of the questionnaire's languages (<see cref="TextLanguage.IsForeign"/>).</summary>
    public bool IsForeignLanguage(string? text) => _languages.Value.IsForeign(text);

    /// <summary>The message <paramref name="key"/> in <paramref name="language"/> (English when missing there).</summary>
    public string Get(string key, string language, params (string Name, object? Value)[] arguments)
    {
        if (!Questionnaire.Messages.TryGetValue(key, out var text))
        {
            throw new KeyNotFoundException($"The questionnaire has no message \"{key}\".");
        }
        var message = text.In(language);
        foreach (var (name, value) in arguments)
        {
            message = message.Replace("{" + name + "}", Format(value, language), StringComparison.Ordinal);
        }
        return message;
    }

    /// <summary>The culture of each language, looked up once (GetCultureInfo takes a process-wide lock on every call).</summary>
    private static readonly FrozenDictionary<string, CultureInfo> Cultures =
        Languages.All.ToFrozenDictionary(code => code, CultureInfo.GetCultureInfo, StringComparer.OrdinalIgnoreCase);

    public static CultureInfo Culture(string language) =>
        language is not null && Cultures.TryGetValue(language, out var culture) ? culture : Cultures[Languages.Default];

    private static string Format(object? value, string language) => value switch
    {
        null => "",
        IFormattable formattable => formattable.ToString(null, Culture(language)),
        _ => value.ToString() ?? "",
    };
}
