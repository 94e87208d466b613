using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Practices;
using Regin.Core.Questionnaire;
using Regin.Core.Review;

namespace Regin.Bot.Api;

/// <summary>The researchers' export (api.md): every practice unless ?status= narrows it; JSON or CSV.</summary>
public static class PracticesApi
{
    public static RouteGroupBuilder MapPracticesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/practices");
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync);
        return group;
    }

    internal static async Task<Results<JsonHttpResult<JsonArray>, FileContentHttpResult, ProblemHttpResult>> ListAsync(
        ReginDbContext db, QuestionnaireDefinition questionnaire, ReviewExport export, string? status, string? format, CancellationToken cancellationToken)
    {
        var statuses = (status ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var unknown = statuses.Except(PracticeStatus.All).ToList();
        if (unknown.Count > 0)
        {
            return Problem($"Unknown status {string.Join(", ", unknown)}; use {string.Join(", ", PracticeStatus.All)}.");
        }
        format = (format ?? "json").ToLowerInvariant();
        if (format is not ("json" or "csv" or "geojson"))
        {
            return Problem("format must be json, csv or geojson.");
        }
        if (format == "geojson")
        {
            // The per-region summary for the map: a FeatureCollection, one feature per NUTS region, counts by integration area.
            // The map is public: practices without a valid consent are left out.
            var regions = await export.RegionSummaryAsync(statuses, cancellationToken, publicOnly: true);
            using var buffer = new MemoryStream();
            await using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                ReviewExport.WriteRegionGeoJson(writer, regions);
            }
            return TypedResults.File(buffer.ToArray(), "application/geo+json; charset=utf-8", "regin-regions.geojson");
        }
        var query = db.Practices.AsNoTracking().Include(p => p.Answers).Include(p => p.Flags).AsSplitQuery();
        if (statuses.Count > 0)
        {
            query = query.Where(p => statuses.Contains(p.Status));
        }
        var practices = await query.OrderBy(p => p.Number).ToListAsync(cancellationToken);
        if (format == "csv")
        {
            return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ToCsv(practices, questionnaire))).ToArray(),
                "text/csv; charset=utf-8", "regin-practices.csv");
        }
        return TypedResults.Json(new JsonArray(practices.Select(p => (JsonNode?)PracticeExport.ToJson(p)).ToArray()));
    }

    internal static async Task<Results<JsonHttpResult<JsonObject>, ProblemHttpResult>> GetAsync(ReginDbContext db, string id, CancellationToken cancellationToken)
    {
        var number = Practice.ParseReference(id);
        Guid.TryParse(id, out var guid);
        var practice = await db.Practices.AsNoTracking().Include(p => p.Answers).Include(p => p.Flags).AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == guid || p.Number == number, cancellationToken);
        return practice is null
            ? TypedResults.Problem($"There is no practice {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found")
            : TypedResults.Json(PracticeExport.ToJson(practice));
    }

    /// <summary>One row per practice, one column per question (the normalised value, codes joined with "; "), then the originals.</summary>
    private static string ToCsv(IReadOnlyList<Practice> practices, QuestionnaireDefinition questionnaire)
    {
        var csv = new StringBuilder();
        var questions = questionnaire.Questions;
        var header = new[] { "id", "reference", "status", "language", "channels", "created", "updated" }
            .Concat(questions.Select(q => q.Id))
            .Concat(questions.Select(q => q.Id + "_original"));
        csv.AppendLine(string.Join(',', header.Select(Quote)));
        foreach (var practice in practices)
        {
            var answers = practice.Answers.ToDictionary(a => a.QuestionId);
            var cells = new List<string>
            {
                practice.Id.ToString(), practice.Reference, practice.Status, practice.Language, string.Join(';', practice.ChannelList),
                practice.CreatedAt.ToString("O", CultureInfo.InvariantCulture), practice.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
            };
            cells.AddRange(questions.Select(q => answers.TryGetValue(q.Id, out var a) ? CsvValue(a) : ""));
            cells.AddRange(questions.Select(q => answers.TryGetValue(q.Id, out var a) ? a.Original : ""));
            csv.AppendLine(string.Join(',', cells.Select(Quote)));
        }
        return csv.ToString();
    }

    private static string CsvValue(Answer answer) => Core.Intake.IntakeService.ValueOf(answer) switch
    {
        null => "",
        JsonArray array => string.Join("; ", array.Select(n => n?.ToString())),
        var node => node.ToString(),
    };

    // Quotes every cell and defuses spreadsheet formulas (a cell starting with = + - @ is prefixed with ').
    private static string Quote(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }
        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static ProblemHttpResult Problem(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.");
}
