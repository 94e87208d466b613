using System.Text.RegularExpressions;
using Regin.Core.Questionnaire;

namespace Regin.Core.Templates;

/// <summary>
/// The short visible keys of the e-mail templates ([Q01], [Q02] ...): each question's fixed key from questionnaire.json,
/// so a template filled in under an older version still files every answer under its question after questions were
/// added, moved or removed; and the version marker line that says which questionnaire version and language a filled-in
/// template came from.
/// </summary>
public static partial class TemplateKeys
{
    public const string MarkerPrefix = "REGIN-TEMPLATE";

    public static string KeyOf(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return $"Q{question.Key:D2}";
    }

    public static string KeyOf(QuestionnaireDefinition questionnaire, string questionId)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        return KeyOf(questionnaire.Questions.FirstOrDefault(q => q.Id == questionId)
            ?? throw new KeyNotFoundException($"The questionnaire has no question \"{questionId}\"."));
    }

    /// <summary>The question whose key is <paramref name="number"/> ("Q07", "q7", "Q 07" → 7); null for no question or a retired key.</summary>
    public static Question? QuestionOf(QuestionnaireDefinition questionnaire, int number)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        return questionnaire.Questions.FirstOrDefault(q => q.Key == number);
    }

    public static string Marker(QuestionnaireDefinition questionnaire, string language) =>
        $"{MarkerPrefix} v{questionnaire.Version} lang={language}";

    /// <summary>Reads a marker line: the questionnaire version and the language it names.</summary>
    public static bool TryParseMarker(string line, out string version, out string language)
    {
        // Every line of a mail is asked: most do not hold the prefix, which an ordinal search says without the pattern.
        var match = line is not null && line.Contains(MarkerPrefix, StringComparison.Ordinal) ? MarkerPattern().Match(line) : Match.Empty;
        version = match.Success ? match.Groups["version"].Value : "";
        language = match.Success ? match.Groups["lang"].Value.ToLowerInvariant() : "";
        return match.Success && Languages.IsSupported(language);
    }

    [GeneratedRegex(@"REGIN-TEMPLATE\s+v?(?<version>\S+)\s+lang=(?<lang>[A-Za-z]{2})", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();
}
