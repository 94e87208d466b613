using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core;
using Regin.Core.Review;

namespace Regin.Bot.Api;

/// <summary>The researchers' export (api.md): every practice unless ?status= narrows it; JSON, CSV (labels with ?lang=) or GeoJSON.</summary>
public static class PracticesApi
{
    public static RouteGroupBuilder MapPracticesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/practices");
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync);
        return group;
    }

    internal static async Task<Results<PushStreamHttpResult, FileContentHttpResult, ProblemHttpResult>> ListAsync(
        ReviewExport export, string? status, string? format, string? lang, CancellationToken cancellationToken)
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
        if (lang is not null && !Languages.IsSupported(lang))
        {
            return Problem($"lang must be one of {string.Join(", ", Languages.All)}.");
        }
        if (format == "geojson")
        {
            // The per-region summary for the map: a FeatureCollection, one feature per NUTS region, counts by integration area.
            // The map is public: practices without a valid consent are left out.
            var regions = await export.RegionSummaryAsync(statuses, cancellationToken, publicOnly: true);
            using var buffer = new MemoryStream();
            await using (var writer = new Utf8JsonWriter(buffer))
            {
                ReviewExport.WriteRegionGeoJson(writer, regions);
            }
            return TypedResults.File(buffer.ToArray(), "application/geo+json; charset=utf-8", "regin-regions.geojson");
        }
        // The same writers as the review screens' exports, streamed in batches: one JSON shape, one CSV with formulas defused.
        return format == "csv"
            ? TypedResults.Stream(stream => export.WriteCsvAsync(stream, statuses, lang, cancellationToken), "text/csv; charset=utf-8", "regin-practices.csv")
            : TypedResults.Stream(stream => export.WriteJsonAsync(stream, statuses, cancellationToken), "application/json; charset=utf-8");
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetAsync(ReginDbContext db, string id, CancellationToken cancellationToken, Regin.Core.Questionnaire.QuestionnaireDefinition? questionnaire = null)
    {
        var number = Practice.ParseReference(id);
        Guid.TryParse(id, out var guid);
        var practice = await db.Practices.AsNoTracking().Include(p => p.Answers).Include(p => p.Flags).Include(p => p.Events.Where(e => e.Kind == Regin.Core.Privacy.Consent.EventKind)).AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == guid || p.Number == number, cancellationToken);
        if (practice is null)
        {
            return TypedResults.Problem($"There is no practice {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }
        var reading = await ReviewExport.ReadingAsync(db, questionnaire, practice, cancellationToken);
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer, PracticeJsonWriter.WriterOptions))
        {
            PracticeJsonWriter.Write(writer, practice, reading);
        }
        return TypedResults.File(buffer.ToArray(), "application/json; charset=utf-8");
    }

    private static ProblemHttpResult Problem(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.");
}
