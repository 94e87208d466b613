using System.Globalization;
using System.Text.Json.Nodes;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Core.ReferenceData;

namespace Regin.Core.Conversation;

/// <summary>
/// How the conversation shows a stored answer: labels for codes, names for places, yes/no in the language. The one place
/// the engine turns a value into words (so a shared value formatter of core replaces it in one line).
/// </summary>
public sealed class AnswerText(QuestionnaireDefinition questionnaire, GeoCatalog geo)
{
    /// <summary>Echoed answers longer than this are shortened (the stored answer is not).</summary>
    public const int EchoLength = 300;

    public string Show(Question question, Answer answer, string language)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(answer);
        var value = answer.ValueJson is null ? null : JsonNode.Parse(answer.ValueJson);
        var text = question.Type switch
        {
            QuestionType.Yesno when value is JsonValue yes && yes.TryGetValue<bool>(out var b) =>
                Capitalise((b ? questionnaire.Vocabulary.Yes : questionnaire.Vocabulary.No).In(language).FirstOrDefault() ?? answer.Original),
            QuestionType.Choice or QuestionType.Multi when value is not null => string.Join(", ", Codes(value).Select(code => LabelOf(question, code, language))),
            QuestionType.Country when StringOf(value) is { } code => geo.CountryByCode(code)?.NameIn(language) ?? code,
            QuestionType.Region when StringOf(value) is { } code => geo.RegionByCode(code) is { } region ? $"{region.Name} ({region.Code})" : answer.Original,
            QuestionType.Yesno => answer.Original,
            _ when value is JsonValue v && v.TryGetValue<string>(out var s) => s,
            _ when value is JsonValue n => n.ToJsonString(),
            _ => answer.Original,
        };
        return Shorten(text);
    }

    public static string Shorten(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= EchoLength ? text : string.Concat(text.AsSpan(0, EchoLength).TrimEnd(), "…");
    }

    public static string Capitalise(string word) =>
        string.IsNullOrEmpty(word) ? word : char.ToUpper(word[0], CultureInfo.InvariantCulture) + word[1..];

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
