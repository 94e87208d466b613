using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Regin.Core;
using Regin.Core.Questionnaire;
using Regin.Core.Review;

namespace Regin.Bot.Review;

/// <summary>The frame of every review screen: the researcher, their label language, the antiforgery field, the layout.</summary>
public sealed class ReviewPage
{
    public const string AntiforgeryField = "__RequestVerificationToken";
    public const string LanguageCookie = "regin.review.lang";

    private ReviewPage(HttpContext context, QuestionnaireDefinition questionnaire, string language, RawHtml antiforgery)
    {
        Context = context;
        Questionnaire = questionnaire;
        Language = language;
        Antiforgery = antiforgery;
    }

    public HttpContext Context { get; }
    public QuestionnaireDefinition Questionnaire { get; }
    /// <summary>The language the questionnaire's labels are shown in (the researcher's choice, kept in a cookie).</summary>
    public string Language { get; }
    /// <summary>The hidden antiforgery input every form carries.</summary>
    public RawHtml Antiforgery { get; }
    public string UserName => Context.User.Identity?.Name ?? "";
    public bool IsAdmin => Context.User.IsInRole(ReviewRoles.Admin);
    public bool SignedIn => Context.User.Identity?.IsAuthenticated == true;

    /// <summary>The actor written in the event log.</summary>
    public string Actor => "researcher:" + UserName;

    public static ReviewPage For(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var questionnaire = context.RequestServices.GetRequiredService<QuestionnaireDefinition>();
        var language = context.Request.Query["ui"].ToString();
        if (Languages.IsSupported(language))
        {
            context.Response.Cookies.Append(LanguageCookie, language, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, MaxAge = TimeSpan.FromDays(365), Path = "/review" });
        }
        else
        {
            language = context.Request.Cookies[LanguageCookie] ?? "";
            language = Languages.IsSupported(language) ? language : Languages.Default;
        }
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var field = Html.Build(h => h.Add($"<input type=\"hidden\" name=\"{tokens.FormFieldName}\" value=\"{tokens.RequestToken}\">"));
        return new ReviewPage(context, questionnaire, language, field);
    }

    /// <summary>
    /// The language of the page's own words ("Practices", "Value", "Status"): the REGIN team's working language, the
    /// page's <c>lang</c>. Text in another language carries its own (review50: the page said <c>lang="el"</c> while its
    /// words were English, so a screen reader read English with a Greek voice).
    /// </summary>
    public const string InterfaceLanguage = "en";

    /// <summary>The <c>lang</c> attribute of an element holding text in <paramref name="language"/>; nothing for the page's own.</summary>
    public static RawHtml LangAttribute(string? language) =>
        string.IsNullOrEmpty(language) || language == InterfaceLanguage ? RawHtml.Empty : new($" lang=\"{Html.Encode(language)}\"");

    /// <summary>Text in <paramref name="language"/>, in a <c>span</c> that says so when it is not the page's language.</summary>
    public static RawHtml InLanguage(string? language, string? text) =>
        LangAttribute(language) is { Value.Length: > 0 } lang ? new($"<span{lang.Value}>{Html.Encode(text)}</span>") : new(Html.Encode(text));

    /// <summary>
    /// The language a region's official name is in: its country's own language when the country has one among the 8
    /// ("Sydsverige": sv, "Ελλάδα": el); none for a country of several (Belgium) or of none.
    /// </summary>
    public static string? RegionLanguage(Regin.Core.ReferenceData.GeoCatalog geo, Regin.Core.ReferenceData.Region? region) =>
        region is not null && geo?.CountryByCode(region.Country) is { OwnLanguages: [var only] } ? only : null;

    /// <summary>The <c>lang</c> attribute of an element holding labels in the researcher's label language.</summary>
    public RawHtml Lang => LangAttribute(Language);

    /// <summary>A label in the researcher's label language, marked with it (<see cref="InLanguage"/>).</summary>
    public RawHtml Label(string? text) => InLanguage(Language, text);

    public string StatusLabel(string status) => Questionnaire.Statuses.FirstOrDefault(s => s.Id == status)?.Label.In(Language) ?? status;

    /// <summary>
    /// What a flag's reason means, in the researcher's language, for reasons that need saying (the message
    /// <c>review.flag_{reason}</c>, e.g. hidden text in a mail); null for the self-explaining ones.
    /// </summary>
    public string? FlagExplanation(string reason) =>
        Questionnaire.Messages.TryGetValue("review.flag_" + reason, out var text) ? text.In(Language) : null;

    /// <summary>
    /// What a kept input's outcome detail means, in the researcher's language, when it needs saying (session 56: an attached
    /// Word file refused as unsafe, <c>docx_unsafe</c> or <c>docx_zip_bomb</c>), as " · …"; "" otherwise.
    /// </summary>
    public string RawOutcomeNote(string? detail) =>
        detail is not null && (detail.Contains("docx_unsafe:", StringComparison.Ordinal) || detail.Contains("docx_zip_bomb:", StringComparison.Ordinal))
            && Questionnaire.Messages.TryGetValue("review.attachment_unsafe", out var text) ? " · " + text.In(Language) : "";

    public string LanguageName(string code) => Questionnaire.Languages.FirstOrDefault(l => l.Code == code)?.Name ?? code;

    public Question Question(string id) => Questionnaire.Questions.First(q => q.Id == id);

    public string ChoiceLabel(string questionId, string code) =>
        Question(questionId).ChoiceList.FirstOrDefault(c => c.Code == code)?.Label.In(Language) ?? code;

    /// <summary>A whole page, with security headers that keep any script out even if something slipped through encoding.</summary>
    public IResult Render(string title, RawHtml body, int statusCode = StatusCodes.Status200OK)
    {
        var headers = Context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
        var html = new Html();
        html.Add($"<!DOCTYPE html>\n<html lang=\"{InterfaceLanguage}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Add($"<title>{title} · REGIN review</title><link rel=\"stylesheet\" href=\"/review/assets/review.css\"><script src=\"/review/assets/review.js\" defer></script></head><body>");
        // The keyboard's first stop jumps over the header's nine (review49: the list's search box was the 10th Tab).
        html.Add($"<a class=\"skip\" href=\"#content\" id=\"skip-to-content\">Skip to the content</a>");
        html.Add($"<header class=\"top\"><a class=\"brand\" href=\"/review/dashboard\">REGIN review</a>");
        if (SignedIn)
        {
            html.Add($"<nav><a href=\"/review/dashboard\">Dashboard</a> <a href=\"/review\">Practices</a> <a href=\"/review/export\">Export</a> <a href=\"/review/contributors\">Contributors' data</a> <a href=\"/review/account\">Your account</a>");
            if (IsAdmin)
            {
                html.Add($" <a href=\"/review/users\">Researchers</a>");
            }
            // On a page rendered after a refused form post, the language switch goes back to the practice page (a GET).
            var get = HttpMethods.IsGet(Context.Request.Method);
            var path = get ? Context.Request.Path.Value : ReturnPath(Context.Request.Path.Value);
            html.Add($"</nav><form class=\"lang\" method=\"get\" action=\"{path}\">");
            foreach (var (key, value) in Context.Request.Query.Where(q => q.Key != "ui" && get))
            {
                html.Add($"<input type=\"hidden\" name=\"{key}\" value=\"{value.ToString()}\">");
            }
            html.Add($"<label>Labels in <select name=\"ui\" id=\"ui-language\">");
            foreach (var language in Questionnaire.Languages)
            {
                html.Add($"<option value=\"{language.Code}\"{LangAttribute(language.Code)}{Selected(language.Code == Language)}>{language.Name}</option>");
            }
            html.Add($"</select></label> <button type=\"submit\">Show</button></form>");
            html.Add($"<form class=\"signout\" method=\"post\" action=\"/review/sign-out\">{Antiforgery}<span class=\"who\">{UserName}</span> <button type=\"submit\">Sign out</button></form>");
        }
        html.Add($"</header><main id=\"content\" tabindex=\"-1\">");
        html.Add(body);
        html.Add($"</main></body></html>");
        return Results.Text(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }

    private static string ReturnPath(string? path)
    {
        var parts = (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 && parts[0] == "review" && parts[1] == "practices" ? $"/review/practices/{parts[2]}" : "/review";
    }

    public static RawHtml Selected(bool selected) => new(selected ? " selected" : "");

    public static RawHtml Checked(bool isChecked) => new(isChecked ? " checked" : "");

    public static string UserOf(ClaimsPrincipal user) => user.Identity?.Name ?? "";
}
