using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Regin.Core.Privacy;

namespace Regin.Bot.Review;

/// <summary>
/// /review/contributors: a researcher finds what is stored about a contributor by e-mail address and downloads a copy,
/// as JSON (practices, identities, log, raw inputs) or as a readable summary; each download is logged on the practices.
/// Next to the copy, the erasure of that address (a contributor's request that reached the researchers): any signed-in
/// researcher or admin may do it, as they answer the contributors' requests; a form post with an antiforgery token, a
/// confirmation page that says what goes and what stays, then the outcome (practices, raw inputs, identities), logged on
/// each practice by <see cref="ContributorErasure"/> without the address.
/// </summary>
public static class ReviewContributorScreen
{
    public static void MapReviewContributors(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/contributors", RenderAsync);
        group.MapGet("/contributors/export", ExportAsync);
        group.MapPost("/contributors/erase", EraseAsync);
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
                // Stored mails may still hold the address (a request that named no practice): it can be erased too.
                h.Add($"<form method=\"post\" action=\"/review/contributors/erase\" id=\"contributor-erase-form\">{page.Antiforgery}<input type=\"hidden\" name=\"email\" value=\"{email}\">");
                h.Add($"<button type=\"submit\" id=\"contributor-erase\">Erase what is stored about this address …</button></form>");
                return;
            }
            h.Add($"{Html.ScrollStart("Their practices")}<table id=\"contributor-practices\"><thead><tr><th>Reference</th><th>Status</th><th>Language</th><th>Channels</th><th>Identities</th></tr></thead><tbody>");
            foreach (var practice in practices)
            {
                h.Add($"<tr data-reference=\"{practice.Reference}\"><td><a href=\"/review/practices/{practice.Reference}\">{practice.Reference}</a></td><td{page.Lang}>{page.StatusLabel(practice.Status)}</td><td>{practice.Language}</td><td>{practice.Channels}</td><td>{Html.Typed(string.Join(", ", practice.Identities.Select(i => i.Channel + ":" + i.ExternalId)))}</td></tr>");
            }
            h.Add($"</tbody></table></div><p>Copy of everything stored: ");
            foreach (var format in new[] { "json", "txt" })
            {
                h.Add($"<a id=\"contributor-export-{format}\" href=\"{QueryHelpers.AddQueryString("/review/contributors/export", new Dictionary<string, string?> { ["email"] = email, ["format"] = format })}\" download>{(format == "json" ? "JSON" : "readable summary")}</a> ");
            }
            h.Add($"</p>");
            h.Add($"<form method=\"post\" action=\"/review/contributors/erase\" id=\"contributor-erase-form\">{page.Antiforgery}<input type=\"hidden\" name=\"email\" value=\"{email}\">");
            h.Add($"<button type=\"submit\" id=\"contributor-erase\">Erase this contributor's personal data …</button></form>");
        });
        return page.Render("Contributors' data", body);
    }

    /// <summary>Without confirm=yes: the confirmation page; with it: the erasure and its outcome.</summary>
    private static async Task<IResult> EraseAsync(HttpContext context, ContributorData data, ContributorErasure erasure, [FromForm] string? email, [FromForm] string? confirm, CancellationToken cancellationToken)
    {
        var page = ReviewPage.For(context);
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal))
        {
            return Results.Problem("An e-mail address is required.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (confirm != "yes")
        {
            var practices = await data.FindAsync(email, cancellationToken);
            var question = Html.Build(h =>
            {
                h.Add($"<h1>Erase a contributor's personal data</h1><p id=\"contributor-erase-question\">Erase everything that identifies <strong>{email.Trim()}</strong> ({practices.Count} practices: {string.Join(", ", practices.Select(p => p.Reference))})?</p>");
                h.Add($"<p>Name, e-mail address, phone number and chat identifiers are removed from the practices, their log and the stored messages (mails are replaced by a note; chat messages lose the personal parts); replies and notifications addressed to them are deleted. The practices' content stays, with [erased] contacts. This cannot be undone.</p>");
                h.Add($"<form method=\"post\" action=\"/review/contributors/erase\" id=\"contributor-erase-confirm-form\">{page.Antiforgery}<input type=\"hidden\" name=\"email\" value=\"{email.Trim()}\"><input type=\"hidden\" name=\"confirm\" value=\"yes\">");
                h.Add($"<button type=\"submit\" id=\"contributor-erase-confirm\">Erase</button> <a href=\"{QueryHelpers.AddQueryString("/review/contributors", "email", email.Trim())}\">Cancel</a></form>");
            });
            return page.Render("Erase a contributor's personal data", question);
        }
        var outcome = await erasure.EraseEmailAsync(email, page.Actor, ErasureRequesters.Researcher, cancellationToken);
        var done = Html.Build(h =>
        {
            h.Add($"<h1>Personal data erased</h1><p id=\"contributor-erased\" data-practices=\"{outcome.Practices}\" data-raw-inputs=\"{outcome.RawInputs}\" data-identities=\"{outcome.Identities}\">");
            h.Add($"Erased from {outcome.Practices} practices ({string.Join(", ", outcome.References)}), {outcome.RawInputs} raw inputs, {outcome.Identities} identities, {outcome.ChatStates} chat states, {outcome.Messages} replies and notifications, {outcome.Events} log entries. Each practice's log records it.</p>");
            h.Add($"<p><a href=\"/review/contributors\">Back to contributors' data</a></p>");
        });
        return page.Render("Personal data erased", done);
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
