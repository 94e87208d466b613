using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Regin.Bot.Extensions;
using Regin.Core.Persistence.Entities;
using Regin.Core.Presentation;
using Regin.Core.ReferenceData;
using Regin.Core.Review;

namespace Regin.Bot.Review;

/// <summary>The list, the practice page and its actions. Every action is a form post with an antiforgery token, by a signed-in researcher.</summary>
public static class ReviewScreenEndpoints
{
    public static void MapReviewScreens(this WebApplication app)
    {
        var group = app.MapGroup("/review").RequireAuthorization(ReviewExtensions.ReviewPolicy).AddEndpointFilter(RememberLanguageAsync);
        group.MapGet("/", (HttpContext context, ReviewQueries queries, GeoCatalog geo, IDataProtectionProvider protection, string? done, CancellationToken cancellationToken) =>
            ReviewListScreen.RenderAsync(context, queries, geo, Notice(protection).Read(done), cancellationToken));
        group.MapReviewDashboard();
        group.MapReviewContributors();
        group.MapPost("/bulk-status", BulkStatusAsync);
        group.MapGet("/practices/{reference}", (HttpContext context, string reference, ReviewQueries queries, GeoCatalog geo, CancellationToken cancellationToken) =>
            ReviewPracticeScreen.RenderAsync(context, reference, queries, geo, null, cancellationToken));
        group.MapPost("/practices/{reference}/answers/{questionId}", EditAnswerAsync);
        group.MapGet("/practices/{reference}/answers/{questionId}/text", ReviewPracticeScreen.TextAsync);
        group.MapGet("/practices/{reference}/answers/{questionId}/edit", ReviewPracticeScreen.EditAsync);
        group.MapPost("/practices/{reference}/comment", CommentAsync);
        group.MapPost("/practices/{reference}/status", StatusAsync);
        group.MapPost("/practices/{reference}/request-changes", RequestChangesAsync);
        group.MapPost("/practices/{reference}/assessment", AssessmentAsync);
        group.MapPost("/practices/{reference}/duplicate", DuplicateAsync);
        group.MapPost("/practices/{reference}/flags/{flagId:long}/resolve", ResolveFlagAsync);
        group.MapPost("/practices/{reference}/flags/{flagId:long}/accept", AcceptHeldChangeAsync);
        group.MapPost("/practices/{reference}/flags/{flagId:long}/reject", RejectHeldChangeAsync);
        group.MapPost("/practices/{reference}/flags/{flagId:long}/stop-reminders", HonourHeldStopAsync);
    }

    /// <summary>The label language a researcher picks (?ui=fr) is kept on their account and restored at their next sign-in.</summary>
    public static async ValueTask<object?> RememberLanguageAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var language = http.Request.Query["ui"].ToString();
        if (Regin.Core.Languages.IsSupported(language) && http.User.Identity?.IsAuthenticated == true)
        {
            var users = http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ReviewerUser>>();
            if (await users.GetUserAsync(http.User) is { } user && user.PreferredLanguage != language)
            {
                user.PreferredLanguage = language;
                await users.UpdateAsync(user);
            }
        }
        return await next(context);
    }

    private static async Task<IResult> EditAnswerAsync(HttpContext context, string reference, string questionId, [FromForm] string? text, [FromForm] string? reason, [FromForm] string? version,
        PracticeEditor editor, ValueFormatter formatter, IDataProtectionProvider protection, ReviewQueries queries, GeoCatalog geo, CancellationToken cancellationToken)
    {
        var page = ReviewPage.For(context);
        var done = "edited";
        // What the normaliser read, guessed and flagged travels to the page sealed (like the list's notice): nobody can
        // make the page say something by sending a link.
        return await RunAsync(context, reference, queries, geo, () => done, "q-" + questionId,
            async id =>
            {
                var edit = await editor.EditAnswerAsync(id, questionId, text, reason, page.Language, page.Actor, PracticeVersion.Parse(version), cancellationToken);
                done = edit.Unchanged ? "unchanged" : edit.FollowingCountry is null ? done : "moved";
                var read = ReviewPracticeScreen.WhatWasRead(page, formatter, edit);
                done += read.Count == 0 ? "" : "&" + ReviewPracticeScreen.ReadKey + "=" + Uri.EscapeDataString(SealedNotice.ForEdit(protection).Seal(string.Join("\n", read.Select(line => line.Value.Replace("\n", "&#10;", StringComparison.Ordinal)))));
            },
            message => new ReviewPracticeScreen.Problem(message, questionId, text, reason), cancellationToken);
    }

    private static Task<IResult> CommentAsync(HttpContext context, string reference, [FromForm] string? text, PracticeEditor editor, ReviewQueries queries, GeoCatalog geo, CancellationToken cancellationToken) =>
        RunAsync(context, reference, queries, geo, "commented", "log",
            id => editor.CommentAsync(id, text, ReviewPage.For(context).Actor, cancellationToken),
            message => new ReviewPracticeScreen.Problem(message, "comment", text), cancellationToken);

    private static Task<IResult> ResolveFlagAsync(HttpContext context, string reference, long flagId, [FromForm] string? reason, [FromForm] string? version, PracticeEditor editor, ReviewQueries queries, GeoCatalog geo, CancellationToken cancellationToken) =>
        RunAsync(context, reference, queries, geo, "resolved", "flags",
            id => editor.ResolveFlagAsync(id, flagId, reason, ReviewPage.For(context).Actor, PracticeVersion.Parse(version), cancellationToken),
            message => new ReviewPracticeScreen.Problem(message, "flag", reason), cancellationToken);

    /// <summary>A change a mail our server did not vouch for proposed, held on its question (<c>change_held</c>), accepted: exactly its text recorded, the evidence in the log.</summary>
    private static Task<IResult> AcceptHeldChangeAsync(HttpContext context, string reference, long flagId, [FromForm] string? reason, [FromForm] string? version, PracticeEditor editor, ReviewQueries queries, GeoCatalog geo, CancellationToken cancellationToken)
    {
        var done = "accepted";
        return RunAsync(context, reference, queries, geo, () => done, "flags",
            async id => done = (await editor.AcceptHeldChangeAsync(id, flagId, reason, ReviewPage.For(context).Actor, PracticeVersion.Parse(version), cancellationToken)).Unchanged ? "accepted_unchanged" : "accepted",
            message => new ReviewPracticeScreen.Problem(message, "flag", reason), cancellationToken);
    }

    /// <summary>A held change rejected: the flag closed, the refusal and the evidence in the log, the answer as it was.</summary>
    private static Task<IResult> RejectHeldChangeAsync(HttpContext context, string reference, long flagId, [FromForm] string? reason, [FromForm] string? version, PracticeEditor editor, ReviewQueries queries, GeoCatalog geo, CancellationToken cancellationToken) =>
        RunAsync(context, reference, queries, geo, "rejected", "flags",
            id => editor.RejectHeldChangeAsync(id, flagId, reason, ReviewPage.For(context).Actor, PracticeVersion.Parse(version), cancellationToken),
            message => new ReviewPracticeScreen.Problem(message, "flag", reason), cancellationToken);

    /// <summary>A held STOP honoured: the draft's reminders stop, the flag closed, the evidence and the reason in the log (session 49).</summary>
    private static Task<IResult> HonourHeldStopAsync(HttpContext context, string reference, long flagId, [FromForm] string? reason, [FromForm] string? version, PracticeEditor editor, ReviewQueries queries, GeoCatalog geo, CancellationToken cancellationToken) =>
        RunAsync(context, reference, queries, geo, "stop_honoured", "flags",
            id => editor.HonourHeldStopAsync(id, flagId, reason, ReviewPage.For(context).Actor, PracticeVersion.Parse(version), cancellationToken),
            message => new ReviewPracticeScreen.Problem(message, "flag", reason), cancellationToken);

    private static Task<IResult> StatusAsync(HttpContext context, string reference, [FromForm] string? status, [FromForm] string? reason, [FromForm] string? version,
        PracticeWorkflow workflow, ReviewQueries queries, GeoCatalog geo, CancellationToken cancellationToken) =>
        RunAsync(context, reference, queries, geo, "status", "reference",
            id => workflow.ChangeStatusAsync(id, status ?? "", reason, ReviewPage.For(context).Actor, PracticeVersion.Parse(version), cancellationToken),
            message => new ReviewPracticeScreen.Problem(message, "status", reason), cancellationToken);

    private static Task<IResult> RequestChangesAsync(HttpContext context, string reference, [FromForm] string? message, [FromForm] string? version,
        PracticeWorkflow workflow, ReviewQueries queries, GeoCatalog geo, CancellationToken cancellationToken) =>
        RunAsync(context, reference, queries, geo, "requested", "notifications",
            id => workflow.RequestChangesAsync(id, message, ReviewPage.For(context).Actor, PracticeVersion.Parse(version), cancellationToken),
            error => new ReviewPracticeScreen.Problem(error, "request", message), cancellationToken);

    private static Task<IResult> AssessmentAsync(HttpContext context, string reference, IFormCollection form,
        PracticeAssessor assessor, ReviewQueries queries, GeoCatalog geo, CancellationToken cancellationToken)
    {
        var page = ReviewPage.For(context);
        var aspects = page.Questionnaire.AssessmentAspects
            .Select(a => new AspectAssessment(a.Id, form["inspiring_" + a.Id].ToString(), form["improvement_" + a.Id].ToString()))
            .ToList();
        var categorised = form["categorised"] == "true";
        IReadOnlyList<string>? areas = categorised ? form["area"].Where(v => v is not null).Select(v => v!).ToList() : null;
        IReadOnlyList<string>? groups = categorised ? form["group"].Where(v => v is not null).Select(v => v!).ToList() : null;
        return RunAsync(context, reference, queries, geo, "assessed", "assessment-form",
            id => assessor.SaveAssessmentAsync(id, aspects, areas, groups, page.Actor, PracticeVersion.Parse(form["version"]), cancellationToken),
            message => new ReviewPracticeScreen.Problem(message, "assessment") { Form = form }, cancellationToken);
    }

    private static async Task<IResult> DuplicateAsync(HttpContext context, string reference, [FromForm] string? of, [FromForm] string? merge, [FromForm] string? version,
        DuplicateMerger duplicates, ReviewQueries queries, GeoCatalog geo, CancellationToken cancellationToken)
    {
        var actor = ReviewPage.For(context).Actor;
        var target = string.IsNullOrWhiteSpace(of) ? null : await queries.FindIdAsync(of, cancellationToken);
        var merging = merge == "true";
        return await RunAsync(context, reference, queries, geo, merging ? "merged" : "duplicate", "reference",
            async id =>
            {
                if (target is null)
                {
                    throw new ReviewRefusedException($"There is no practice {of}.");
                }
                if (merging)
                {
                    await duplicates.MergeAsync(id, target.Value, actor, PracticeVersion.Parse(version), cancellationToken);
                }
                else
                {
                    await duplicates.MarkDuplicateAsync(id, target.Value, actor, PracticeVersion.Parse(version), cancellationToken);
                }
            },
            message => new ReviewPracticeScreen.Problem(message, "duplicate", of), cancellationToken);
    }

    private static SealedNotice Notice(IDataProtectionProvider protection) => SealedNotice.ForList(protection);

    /// <summary>The most practices one bulk status change may move.</summary>
    public const int MaxBulkChange = 1_000;

    private static async Task<IResult> BulkStatusAsync(HttpContext context, IFormCollection form, PracticeWorkflow workflow, ReviewQueries queries,
        GeoCatalog geo, IDataProtectionProvider protection, CancellationToken cancellationToken)
    {
        string? status = form["status"];
        string? reason = form["reason"];
        string? back = form["back"];
        var practiceIds = form["scope"] == "all"
            // Every practice the list's filters select (the "back" query string is the list's own), one past the cap to tell.
            ? await queries.IdsAsync(ReviewListScreen.QueryFrom(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(back ?? "")), geo), MaxBulkChange + 1, cancellationToken)
            : form["ids"].Select(i => Guid.TryParse(i, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).Distinct().ToList();
        RawHtml summary;
        if (practiceIds.Count == 0)
        {
            summary = new RawHtml("Select at least one practice.");
        }
        else if (practiceIds.Count > MaxBulkChange)
        {
            // One request changes a bounded number (security review L2): each change is a transaction and a log entry.
            summary = Html.Build(h => h.Add($"Nothing changed: more than {MaxBulkChange} practices were selected; at most {MaxBulkChange} change at once. Narrow the filters."));
        }
        else
        {
            // The list's newest log entry when it was shown: a practice someone else changed since stays as it is, named.
            long? seen = long.TryParse(form["seen"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : null;
            var page = ReviewPage.For(context);
            var formatter = context.RequestServices.GetRequiredService<ValueFormatter>();
            // Each row's version as the page showed it: its stamp decides (review50); seen serves the rows not shown.
            var shown = practiceIds
                .Select(id => (id, Version: PracticeVersion.Parse(form[ReviewListScreen.VersionField + id.ToString()])))
                .Where(x => x.Version is not null)
                .ToDictionary(x => x.id, x => x.Version!);
            var results = await workflow.ChangeStatusesAsync(practiceIds, status ?? "", reason, page.Actor, cancellationToken, seen, shown);
            var changed = results.Where(r => r.Changed).Select(r => r.Reference).ToList();
            // HTML as the practice page's 409 text: each label and status marked with the label language, anything else encoded.
            var refused = Html.Join(results.Where(r => !r.Changed)
                .Select(r => r.Conflict is { } conflict ? ReviewPracticeScreen.StaleInList(page, formatter, conflict) : Html.Build(h => h.Add($"{r.Why}")))
                .Select((why, index) => index == 0 ? Html.Build(h => h.Add($" Not moved: {why}")) : Html.Build(h => h.Add($" {why}"))));
            var to = status is not null && PracticeStatus.All.Contains(status) ? page.Label(page.StatusLabel(status)) : Html.Typed(status);
            summary = Html.Build(h => h.Add($"{changed.Count} of {results.Count} moved to {to}.{refused}"));
        }
        var query = back is { Length: > 1 } && back.StartsWith('?') ? back : "?";
        var parsed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)
            .Where(q => q.Key != "done")
            .Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString()))
            .Append(new KeyValuePair<string, string?>("done", Notice(protection).Seal(summary.Value)));
        return Results.Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/review", parsed), preserveMethod: false);
    }

    /// <summary>Runs one action; on success back to the page (post-redirect-get), else the page again with the explanation and the researcher's input.</summary>
    private static Task<IResult> RunAsync(HttpContext context, string reference, ReviewQueries queries, GeoCatalog geo, string done, string anchor,
        Func<Guid, Task> action, Func<string, ReviewPracticeScreen.Problem> problem, CancellationToken cancellationToken) =>
        RunAsync(context, reference, queries, geo, () => done, anchor, action, problem, cancellationToken);

    private static async Task<IResult> RunAsync(HttpContext context, string reference, ReviewQueries queries, GeoCatalog geo, Func<string> done, string anchor,
        Func<Guid, Task> action, Func<string, ReviewPracticeScreen.Problem> problem, CancellationToken cancellationToken)
    {
        var id = await queries.FindIdAsync(reference, cancellationToken);
        if (id is null)
        {
            return await ReviewPracticeScreen.RenderAsync(context, reference, queries, geo, null, cancellationToken);
        }
        try
        {
            await action(id.Value);
            return Results.Redirect($"/review/practices/{Uri.EscapeDataString(reference)}?done={done()}#{anchor}", preserveMethod: false);
        }
        catch (ReviewRefusedException e)
        {
            return await ReviewPracticeScreen.RenderAsync(context, reference, queries, geo, problem(e.Message), cancellationToken);
        }
        catch (ReviewConflictException e)
        {
            // Named for the researcher: each question by its number and label in her label language, who changed it,
            // when, and to what (review44: it said "webchat:el-user-1 answer set budget_eur").
            var message = ReviewPracticeScreen.ConflictMessage(ReviewPage.For(context), context.RequestServices.GetRequiredService<ValueFormatter>(), e);
            return await ReviewPracticeScreen.RenderAsync(context, reference, queries, geo,
                problem(ReviewPracticeScreen.PlainText(message)) with { Conflict = true, MessageHtml = message }, cancellationToken);
        }
    }
}

/// <summary>
/// A notice that travels in a redirect's query string sealed by Data Protection (shared by the hosts), so only this host
/// writes what it says: "/review?done=Your account is locked, call …" shows nothing (security review L4).
/// </summary>
public sealed class SealedNotice(IDataProtector protector)
{
    /// <summary>
    /// The list's notice after a bulk change: HTML built here with its parts encoded and its labels marked with their
    /// language (session 52: a new purpose, so a notice sealed as text before opens no more).
    /// </summary>
    public static SealedNotice ForList(IDataProtectionProvider protection) => new(protection.CreateProtector("Regin.Review.ListNotice.Html"));

    /// <summary>
    /// What the normaliser made of a researcher's edit, shown on the practice page after it: HTML built here with its parts
    /// encoded (session 51: a new purpose, so a notice sealed as text before opens no more).
    /// </summary>
    public static SealedNotice ForEdit(IDataProtectionProvider protection) => new(protection.CreateProtector("Regin.Review.EditReading.Html"));

    public string Seal(string text) => protector.Protect(text);

    public string? Read(string? sealedText)
    {
        if (string.IsNullOrEmpty(sealedText))
        {
            return null;
        }
        try
        {
            return protector.Unprotect(sealedText);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // not ours: typed or forged, never shown
        }
    }
}
