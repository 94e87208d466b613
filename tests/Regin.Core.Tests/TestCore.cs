using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;
using Regin.Core.ReferenceData;

namespace Regin.Core.Tests;

/// <summary>The shipped questionnaire and reference data, loaded once for all tests.</summary>
internal static class TestCore
{
    private static readonly Lazy<QuestionnaireDefinition> LazyQuestionnaire = new(QuestionnaireLoader.LoadEmbedded);
    private static readonly Lazy<GeoCatalog> LazyGeo = new(GeoCatalog.LoadEmbedded);
    private static readonly Lazy<AnswerNormaliser> LazyNormaliser = new(() => new AnswerNormaliser(Questionnaire, Geo));

    public static QuestionnaireDefinition Questionnaire => LazyQuestionnaire.Value;
    public static GeoCatalog Geo => LazyGeo.Value;
    public static AnswerNormaliser Normaliser => LazyNormaliser.Value;

    public static NormalisedAnswer Normalise(string question, string text, string language = "en", NormalisationContext? context = null) =>
        Normaliser.Normalise(question, text, language, context);

    public static string? Value(this NormalisedAnswer answer) =>
        answer.Value switch
        {
            null => null,
            System.Text.Json.Nodes.JsonArray array => string.Join(",", array.Select(n => n!.GetValue<string>())),
            System.Text.Json.Nodes.JsonValue value when value.TryGetValue<string>(out var text) => text,
            var node => node.ToJsonString(),
        };
}
