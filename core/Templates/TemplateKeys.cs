using System.Text.RegularExpressions;
using Regin.Core.Questionnaire;

namespace Regin.Core.Templates;

/// <summary>
/// The short visible keys of the e-mail templates ([Q01], [Q02] ...), one per question in questionnaire order, and the
/// version marker line that says which questionnaire version and language a filled-in template came from.
/// </summary>
public static partial class TemplateKeys
{
    public const string MarkerPrefix = "REGIN-TEMPLATE";

    public static string KeyOf(int index) => $"Q{index + 1:D2}";

    public static string KeyOf(QuestionnaireDefinition questionnaire, string questionId)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        for (var i = 0; i < questionnaire.Questions.Count; i++)
        {
            if (questionnaire.Questions[i].Id == questionId)
            {
                return KeyOf(i);
            }
        }
        throw new KeyNotFoundException($"The questionnaire has no question \"{questionId}\".");
    }

    /// <summary>The question of a key such as "Q07", "q7" or "Q 07"; null when the number is out of range.</summary>
    public static Question? QuestionOf(QuestionnaireDefinition questionnaire, int number) =>
        number >= 1 && number <= questionnaire.Questions.Count ? questionnaire.Questions[number - 1] : null;

    public static string Marker(QuestionnaireDefinition questionnaire, string language) =>
        $"{MarkerPrefix} v{questionnaire.Version} lang={language}";

    /// <summary>Reads a marker line: the questionnaire version and the language it names.</summary>
    public static bool TryParseMarker(string line, out string version, out string language)
    {
        var match = MarkerPattern().Match(line ?? "");
        version = match.Success ? match.Groups["version"].Value : "";
        language = match.Success ? match.Groups["lang"].Value.ToLowerInvariant() : "";
        return match.Success && Languages.IsSupported(language);
    }

    [GeneratedRegex(@"REGIN-TEMPLATE\s+v?(?<version>\S+)\s+lang=(?<lang>[A-Za-z]{2})", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();
}
