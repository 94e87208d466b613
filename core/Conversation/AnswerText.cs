using System.Globalization;
using Regin.Core.Persistence.Entities;
using Regin.Core.Presentation;
using Regin.Core.Questionnaire;

namespace Regin.Core.Conversation;

/// <summary>
/// How the conversation shows a stored answer: through core's one <see cref="ValueFormatter"/> (labels for codes, names
/// for places, dates, amounts and yes/no as the contributor's language writes them), shortened for an echo.
/// </summary>
public sealed class AnswerText(ValueFormatter formatter)
{
    /// <summary>Echoed answers longer than this are shortened (the stored answer is not).</summary>
    public const int EchoLength = 300;

    public string Show(Question question, Answer answer, string language, string? beside = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(answer);
        var shown = answer.ValueJson is null ? answer.Original : formatter.FormatAsTyped(question, answer.ValueJson, answer.Original, language);
        // Words kept beside the value, as the mail reply shows them: those under "other", or a reservation
        // ("Sí (+ "sin mi teléfono")"), so that the summary never shows a consent given with a condition as a plain yes.
        return Shorten(string.IsNullOrEmpty(beside) ? shown : $"{shown} (+ \"{beside}\")");
    }

    /// <summary>A value not stored yet (one offered to confirm), as a stored one is shown.</summary>
    public string Show(Question question, System.Text.Json.Nodes.JsonNode value, string language) =>
        Shorten(formatter.Format(question, value, language));

    public string YesNo(bool value, string language) => formatter.YesNo(value, language);

    public static string Shorten(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= EchoLength ? text : string.Concat(text.AsSpan(0, EchoLength).TrimEnd(), "…");
    }

    public static string Capitalise(string word) =>
        string.IsNullOrEmpty(word) ? word : char.ToUpper(word[0], CultureInfo.InvariantCulture) + word[1..];
}
