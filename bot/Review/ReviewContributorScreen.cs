using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Regin.Core.Privacy;

namespace Regin.Bot.Review;

/// <summary>
/// /review/contributors: a researcher finds what is stored about a contributor by e-mail address and downloads a copy,
/// as JSON (practices, identities, log, raw inputs) or as a readable summary; each download is logged on the practices.
/// </summary>
public static class ReviewContributorScreen
{
    public static void MapReviewContributors(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/contributors", RenderAsync);
        group.MapGet("/contributors/export", ExportAsync);
    }

    private static async Task<IResult> RenderAsync(HttpContext context, ContributorData data, string? email, CancellationToken cancellationToken)
    {
        var page = ReviewPage.For(context);
        var practices = string.IsNullOrWhiteSpace(email) ? [] : await data.FindAsync(email, cancellationToken);
        var body = Html.Build(h =>
        {
            h.Add($"<h1>Contributors' data</h1><form class=\"filters\" method=\"get\" action=\"/review/contributors\" id=\"contributor-form\">");
            h.Add($"<label>E-mail address <input type=\"email\" name=\"email\" id=\"contributor-email\" required value=\"{email}\"></label><button type=\"submit\" id=\"contributor-find\">Find</button></form>");
            if (string.IsNullOrWhiteSpace(email))
            {
                return;
            }
            h.Add($"<p id=\"contributor-found\">{practices.Count} practices with this address.</p>");
            if (practices.Count == 0)
            {
                return;
            }
            h.Add($"<table id=\"contributor-practices\"><thead><tr><th>Reference</th><th>Status</th><th>Language</th><th>Channels</th><th>Identities</th></tr></thead><tbody>");
            foreach (var practice in practices)
            {
                h.Add($"<tr data-reference=\"{practice.Reference}\"><td><a href=\"/review/practices/{practice.Reference}\">{practice.Reference}</a></td><td>{page.StatusLabel(practice.Status)}</td><td>{practice.Language}</td><td>{practice.Channels}</td><td>{string.Join(", ", practice.Identities.Select(i => i.Channel + ":" + i.ExternalId))}</td></tr>");
            }
            h.Add($"</tbody></table><p>Copy of everything stored: ");
            foreach (var format in new[] { "json", "txt" })
            {
                h.Add($"<a id=\"contributor-export-{format}\" href=\"{QueryHelpers.AddQueryString("/review/contributors/export", new Dictionary<string, string?> { ["email"] = email, ["format"] = format })}\" download>{(format == "json" ? "JSON" : "readable summary")}</a> ");
            }
            h.Add($"</p>");
        });
        return page.Render("Contributors' data", body);
    }

    private static async Task<IResult> ExportAsync(HttpContext context, ContributorData data, TimeProvider clock, string? email, string? format, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(email) || format is not ("json" or "txt"))
        {
            return Results.Problem("email and format=json|txt are required.", statusCode: StatusCodes.Status400BadRequest);
        }
        var practices = await data.FindAsync(email, cancellationToken);
        var now = clock.GetUtcNow();
        await data.LogExportAsync(practices, format, ReviewPage.For(context).Actor, now, cancellationToken);
        var name = $"regin-contributor-data-{now.UtcDateTime:yyyyMMdd-HHmm}.{format}";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        context.Response.Headers.CacheControl = "no-store";
        if (format == "txt")
        {
            return Results.Text(data.Summary(practices), "text/plain; charset=utf-8", Encoding.UTF8);
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        await data.WriteJsonAsync(context.Response.Body, email, practices, now, cancellationToken);
        return Results.Empty;
    }
}
