using System.Text.Json;
using Regin.Bot.Extensions;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;

namespace Regin.Bot.Review;

/// <summary>
/// /review/export: approved practices (administrators: any status) as JSON (api.md), CSV (one column per question,
/// codes and labels in a chosen language), or the per-region summary for the map (JSON keyed by NUTS code, or GeoJSON).
/// </summary>
public static class ReviewExportEndpoints
{
    public static readonly string[] Formats = ["json", "csv", "regions", "geojson"];

    public static void MapReviewExports(this WebApplication app)
    {
        var group = app.MapGroup("/review/export").RequireAuthorization(ReviewExtensions.ReviewPolicy).AddEndpointFilter(ReviewScreenEndpoints.RememberLanguageAsync);
        group.MapGet("/", Form);
        group.MapGet("/download", DownloadAsync);
    }

    private static IResult Form(HttpContext context)
    {
        var page = ReviewPage.For(context);
        var body = Html.Build(h =>
        {
            h.Add($"<h1>Export</h1><form class=\"panel stack\" method=\"get\" action=\"/review/export/download\" id=\"export-form\">");
            h.Add($"<label>Format <select name=\"format\" id=\"export-format\"><option value=\"json\">JSON (api.md)</option><option value=\"csv\">CSV, one column per question</option><option value=\"regions\">Per region, for the map (JSON by NUTS code)</option><option value=\"geojson\">Per region, GeoJSON</option></select></label>");
            h.Add($"<label>Labels in (CSV) <select name=\"lang\" id=\"export-lang\"><option value=\"\">codes only</option>");
            foreach (var language in page.Questionnaire.Languages)
            {
                h.Add($"<option value=\"{language.Code}\"{ReviewPage.LangAttribute(language.Code)}{ReviewPage.Selected(language.Code == page.Language)}>{language.Name}</option>");
            }
            h.Add($"</select></label>");
            if (page.IsAdmin)
            {
                h.Add($"<fieldset><legend>Statuses (administrators; none ticked: every practice)</legend>");
                foreach (var status in PracticeStatus.All)
                {
                    h.Add($"<label><input type=\"checkbox\" name=\"status\" value=\"{status}\"{ReviewPage.Checked(status == PracticeStatus.Approved)}> {page.Label(page.StatusLabel(status))}</label>");
                }
                h.Add($"</fieldset>");
            }
            else
            {
                h.Add($"<p class=\"muted\">Approved practices with a valid consent only (administrators can export every status).</p>");
            }
            h.Add($"<button type=\"submit\" id=\"export\">Download</button></form>");
        });
        return page.Render("Export", body);
    }

    private static async Task<IResult> DownloadAsync(HttpContext context, ReviewExport export, TimeProvider clock, string? format, string? lang, CancellationToken cancellationToken)
    {
        format = (format ?? "json").ToLowerInvariant();
        if (!Formats.Contains(format))
        {
            return Results.Problem($"format must be one of {string.Join(", ", Formats)}.", statusCode: StatusCodes.Status400BadRequest);
        }
        var isAdmin = context.User.IsInRole(ReviewRoles.Admin);
        var requested = context.Request.Query["status"].SelectMany(s => (s ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();
        if (requested.Except(PracticeStatus.All).Any())
        {
            return Results.Problem($"Unknown status; use {string.Join(", ", PracticeStatus.All)}.", statusCode: StatusCodes.Status400BadRequest);
        }
        IReadOnlyCollection<string> statuses = isAdmin ? requested : [PracticeStatus.Approved];
        if (!isAdmin && requested.Any(s => s != PracticeStatus.Approved))
        {
            return Results.Problem("Researchers export approved practices only; ask an administrator for the others.", statusCode: StatusCodes.Status403Forbidden);
        }
        // Researchers' exports are the public ones (approved practices for the database and the map): a valid consent is required.
        return await WriteAsync(context, export, clock, format, lang, statuses, cancellationToken, publicOnly: !isAdmin);
    }

    /// <summary>Writes one export to the response (shared with /api/practices?format=geojson).</summary>
    public static async Task<IResult> WriteAsync(HttpContext context, ReviewExport export, TimeProvider clock, string format, string? lang, IReadOnlyCollection<string> statuses, CancellationToken cancellationToken, bool publicOnly = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(clock);
        var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmm", System.Globalization.CultureInfo.InvariantCulture);
        var response = context.Response;
        switch (format)
        {
            case "csv":
                response.ContentType = "text/csv; charset=utf-8";
                response.Headers.ContentDisposition = $"attachment; filename=\"regin-practices-{stamp}.csv\"";
                await export.WriteCsvAsync(response.Body, statuses, lang, cancellationToken, publicOnly);
                break;
            case "regions":
            case "geojson":
                var regions = await export.RegionSummaryAsync(statuses, cancellationToken, publicOnly);
                response.ContentType = format == "geojson" ? "application/geo+json; charset=utf-8" : "application/json; charset=utf-8";
                response.Headers.ContentDisposition = $"attachment; filename=\"regin-regions-{stamp}.{(format == "geojson" ? "geojson" : "json")}\"";
                await using (var writer = new Utf8JsonWriter(response.Body))
                {
                    if (format == "geojson")
                    {
                        ReviewExport.WriteRegionGeoJson(writer, regions);
                    }
                    else
                    {
                        ReviewExport.WriteRegionJson(writer, regions, statuses, clock.GetUtcNow());
                    }
                }
                break;
            default:
                response.ContentType = "application/json; charset=utf-8";
                response.Headers.ContentDisposition = $"attachment; filename=\"regin-practices-{stamp}.json\"";
                await export.WriteJsonAsync(response.Body, statuses, cancellationToken, publicOnly);
                break;
        }
        return Results.Empty;
    }
}
