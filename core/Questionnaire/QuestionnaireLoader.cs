using System.Text.Json;
using System.Text.Json.Serialization;

namespace Regin.Core.Questionnaire;

/// <summary>Reads questionnaire.json (embedded in Regin.Core, or a file given in configuration) and validates it.</summary>
public static class QuestionnaireLoader
{
    internal const string EmbeddedName = "Regin.Core.questionnaire.json";

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = false,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter<QuestionType>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    /// <summary>The questionnaire shipped with the application.</summary>
    public static QuestionnaireDefinition LoadEmbedded()
    {
        using var stream = typeof(QuestionnaireLoader).Assembly.GetManifestResourceStream(EmbeddedName)
            ?? throw new InvalidOperationException($"The resource {EmbeddedName} is missing from Regin.Core.");
        return Load(stream, "(embedded questionnaire.json)");
    }

    public static QuestionnaireDefinition LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    public static QuestionnaireDefinition Load(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        QuestionnaireDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize<QuestionnaireDefinition>(stream, JsonOptions);
        }
        catch (JsonException e)
        {
            var path = e.Path ?? "$";
            var reason = path.EndsWith(".type", StringComparison.Ordinal)
                ? "unknown question type; the types are " + string.Join(", ", Enum.GetNames<QuestionType>().Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)) + "."
                : FirstLine(e.Message);
            throw new QuestionnaireException(sourceName, [$"{path}: {reason}"]);
        }
        if (definition is null)
        {
            throw new QuestionnaireException(sourceName, ["$: the file is empty."]);
        }
        var problems = QuestionnaireValidator.Validate(definition);
        if (problems.Count > 0)
        {
            throw new QuestionnaireException(sourceName, problems);
        }
        return definition;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
