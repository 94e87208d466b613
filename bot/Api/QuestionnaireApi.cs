using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Regin.Core;
using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Api;

public static class QuestionnaireApi
{
    public static IEndpointRouteBuilder MapQuestionnaireApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/questionnaire", (QuestionnaireDefinition questionnaire) =>
            TypedResults.Json(questionnaire, QuestionnaireLoader.JsonOptions));
        api.MapPost("/answers/check", Check).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(Regin.Bot.Extensions.HostingExtensions.SmallBodyBytes));
        return app;
    }

    /// <summary>Body of POST /api/answers/check (api.md).</summary>
    public sealed record CheckRequest(string? Question, string? Text, string? Lang, Dictionary<string, string?>? Context);

    public sealed record CheckResponse
    {
        public required bool Ok { get; init; }
        public JsonNode? Value { get; init; }
        public required string Original { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Message { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<string>? Warnings { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Other { get; init; }
        /// <summary>True when the text gives no answer to an optional question ("n/a", "I'd rather not say"): leave it blank.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public bool Declined { get; init; }
        /// <summary>True when the value is a guess (a slip of typing) to confirm with the contributor.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public bool Confirm { get; init; }
        /// <summary>The localised question that confirms the guess ("Did you mean Puglia (ITF4)?").</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Question { get; init; }
        /// <summary>The values the contributor may have meant, nearest first (one when <see cref="Confirm"/> with ok, several with ok false).</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<CheckCandidate>? Candidates { get; init; }
    }

    public sealed record CheckCandidate(JsonNode Value, string Label);

    internal static Results<Ok<CheckResponse>, ProblemHttpResult> Check(CheckRequest? request, AnswerNormaliser normaliser, TimeProvider clock)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.Question))
        {
            return BadRequest("The body needs a \"question\" (a question id such as \"region\") and a \"text\".");
        }
        if (request.Text is null)
        {
            return BadRequest("The body needs a \"text\": the answer to check.");
        }
        var language = request.Lang is null ? Languages.Default : Languages.FromLocale(request.Lang);
        if (language is null)
        {
            return BadRequest($"\"lang\" must be one of {string.Join(", ", Languages.All)}.");
        }
        if (!normaliser.TryGetQuestion(request.Question, out _))
        {
            return BadRequest(normaliser.Message(MessageKeys.UnknownQuestion, language, ("question", request.Question)));
        }
        var result = normaliser.Normalise(request.Question, request.Text, language, ContextFrom(request.Context, normaliser, language) with { Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) });
        return TypedResults.Ok(new CheckResponse
        {
            Ok = result.Ok,
            Value = result.Value,
            Original = result.Original,
            Message = result.Error,
            Warnings = result.Warnings.Count > 0 ? result.Warnings : null,
            Other = result.OtherText,
            Declined = result.Declined,
            Confirm = result.NeedsConfirmation,
            Question = result.Confirmation,
            Candidates = result.Candidates.Count > 0 ? result.Candidates.Select(c => new CheckCandidate(c.Value, c.Display)).ToList() : null,
        });
    }

    /// <summary>The context's answers may be written as a person would ("Sverige", "March 2019"): normalise them first.</summary>
    private static NormalisationContext ContextFrom(Dictionary<string, string?>? context, AnswerNormaliser normaliser, string language)
    {
        if (context is null)
        {
            return NormalisationContext.Empty;
        }
        string? Get(string id) =>
            context.TryGetValue(id, out var text) && !string.IsNullOrWhiteSpace(text)
            && normaliser.Normalise(id, text, language) is { Ok: true, Value: JsonValue value } && value.TryGetValue<string>(out var s) ? s : null;
        return new NormalisationContext
        {
            Country = Get("country"), Region = Get("region"), StartDate = Get("start_date"), EndDate = Get("end_date"),
            LeadOrganisationType = Get("lead_organisation_type"), ContactOrganisation = Get("contact_organisation"),
            ContactCountry = AnswerNormaliser.EmailCountry(Get("contact_email")),
        };
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.");
}
