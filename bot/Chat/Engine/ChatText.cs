using System.Text;
using System.Text.Json.Nodes;
using Regin.Core.Questionnaire;
using Regin.Core.ReferenceData;

namespace Regin.Bot.Chat.Engine;

/// <summary>How answers are shown back in the chat: as data, never as markup.</summary>
public static class ChatText
{
    /// <summary>Echoed answers longer than this are shortened (the stored answer is not).</summary>
    public const int EchoLength = 300;

    /// <summary>
    /// Escapes what markdown or HTML would interpret, so "**bold**", "[link](x)" or "&lt;script&gt;" in an answer are
    /// shown as typed, in Web Chat (markdown) and in Teams (markdown with some HTML). Brackets, emphasis, code, tables
    /// and HTML are neutralised; plain punctuation is left alone so ordinary text stays readable.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 16);
        var lineStart = true;
        foreach (var c in text)
        {
            switch (c)
            {
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                case '&':
                    builder.Append("&amp;");
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '~' or '|':
                    builder.Append('\\').Append(c);
                    break;
                case '-' or '+' or '=' or '#' when lineStart:
                    builder.Append('\\').Append(c);
                    break;
                case '\n':
                    builder.Append("  \n");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
            lineStart = c == '\n' || (lineStart && c == ' ');
        }
        return builder.ToString();
    }

    /// <summary>A short, escaped rendering of a stored answer: labels for codes, names for places.</summary>
    public static string Display(Question question, string? valueJson, string original, string language, GeoCatalog geo)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(geo);
        var value = valueJson is null ? null : JsonNode.Parse(valueJson);
        var text = question.Type switch
        {
            QuestionType.Choice or QuestionType.Multi when value is not null => string.Join(", ", Codes(value).Select(code => LabelOf(question, code, language))),
            QuestionType.Country when StringOf(value) is { } code => geo.CountryByCode(code)?.NameIn(language) ?? code,
            QuestionType.Region when StringOf(value) is { } code => geo.RegionByCode(code) is { } region ? $"{region.Name} ({region.Code})" : original,
            QuestionType.Yesno => original,
            _ when value is JsonValue v && v.TryGetValue<string>(out var s) => s,
            _ when value is JsonValue n => n.ToJsonString(),
            _ => original,
        };
        if (question.IsChoice && !string.IsNullOrEmpty(original) && value is null)
        {
            text = original;
        }
        return Escape(Shorten(text));
    }

    public static string Shorten(string text) =>
        text.Length <= EchoLength ? text : string.Concat(text.AsSpan(0, EchoLength).TrimEnd(), "…");

    private static IEnumerable<string> Codes(JsonNode value) => value switch
    {
        JsonArray array => array.Select(item => item?.GetValue<string>() ?? "").Where(code => code.Length > 0),
        JsonValue single when single.TryGetValue<string>(out var code) => [code],
        _ => [],
    };

    private static string? StringOf(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string LabelOf(Question question, string code, string language) =>
        question.ChoiceList.FirstOrDefault(c => c.Code == code)?.Label.In(language) ?? code;
}
