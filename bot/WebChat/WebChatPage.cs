using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;
using Regin.Core;
using Regin.Core.Questionnaire;

namespace Regin.Bot.WebChat;

/// <summary>
/// The web chat page (GET /) and the glossary page (GET /glossary?lang=xx), rendered from the questionnaire: every
/// text on them is a <c>web.*</c> message, a glossary entry or a guideline of the locale files, in the page's language.
/// The page loads the official Web Chat from this host and talks to the local Direct Line.
/// </summary>
public static partial class WebChatPage
{
    /// <summary>No origin but this host's: the page works with no internet. Web Chat styles itself with inline style elements.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; media-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>The locale Web Chat is given for each language (its own strings: send box, timestamps, screen reader texts): the locale file's culture.</summary>
    public static IReadOnlyDictionary<string, string> Locales(QuestionnaireDefinition questionnaire) =>
        questionnaire.Languages.ToDictionary(l => l.Code, l => l.Culture);

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static IResult Index(HttpContext context, QuestionnaireDefinition questionnaire)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(questionnaire);
        var lang = LanguageOf(context.Request);
        var texts = questionnaire.Languages.ToDictionary(l => l.Code, l => Texts(questionnaire, l.Code));
        var t = texts[lang];
        var config = new
        {
            lang,
            languages = questionnaire.Languages.Select(l => new { l.Code, l.Name }),
            texts,
            locales = Locales(questionnaire),
            languageCommand = questionnaire.Languages.ToDictionary(l => l.Code, l => questionnaire.Commands["language"].In(l.Code)[0]),
            directLine = DirectLine.DirectLineApi.BasePath,
            tokenUrl = WebChatSessionEndpoints.TokenPath,
            forgetUrl = WebChatSessionEndpoints.ForgetPath,
            // After this long with answers still held (the host unreachable or failing), the page says so (page.js).
            heldNoticeSeconds = HeldNoticeSeconds(context),
        };
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(lang).Append("\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(t.Title)).Append("</title>\n")
            .Append("<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"/webchat/page.css\">\n")
            .Append("<script id=\"regin-config\" type=\"application/json\">").Append(JsonSerializer.Serialize(config, JsonOptions)).Append("</script>\n")
            .Append("<script src=\"/webchat/lib/markdown-it.js\" defer></script>\n<script src=\"/webchat/lib/webchat.js\" defer></script>\n<script src=\"/webchat/page.js\" defer></script>\n")
            .Append("</head>\n<body>\n<header class=\"top\">\n")
            .Append("<h1 id=\"title\">").Append(E(t.Title)).Append("</h1>\n")
            .Append("<p id=\"purpose\" class=\"purpose\"><span>").Append(E(t.Purpose[0])).Append("</span><br><span>").Append(E(t.Purpose[1])).Append("</span></p>\n")
            .Append("<div class=\"tools-row\" id=\"tools-row\">\n<div class=\"tools\" id=\"tools\">\n<span class=\"picker\"><label id=\"language-label\" for=\"language\">").Append(E(t.LanguageLabel)).Append("</label>\n")
            .Append("<select id=\"language\" name=\"lang\">");
        foreach (var language in questionnaire.Languages)
        {
            html.Append("<option value=\"").Append(language.Code).Append("\" lang=\"").Append(language.Code).Append('"')
                .Append(language.Code == lang ? " selected" : "").Append('>').Append(E(language.Name)).Append("</option>");
        }
        html.Append("</select></span>\n")
            .Append("<span class=\"template\"><span id=\"template-text\">").Append(E(t.TemplateLink)).Append("</span>: ")
            .Append("<a id=\"template-docx\" href=\"/templates/").Append(lang).Append(".docx\" download>.docx</a> ")
            .Append("<a id=\"template-txt\" href=\"/templates/").Append(lang).Append(".txt\" download>.txt</a></span>\n")
            .Append("<a id=\"glossary\" href=\"/glossary?lang=").Append(lang).Append("\">").Append(E(t.GlossaryLink)).Append("</a>\n")
            .Append("<a id=\"guidelines\" href=\"/glossary?lang=").Append(lang).Append("#guidelines\">").Append(E(t.GuidelinesLink)).Append("</a>\n")
            .Append("<a id=\"privacy\" href=\"/privacy?lang=").Append(lang).Append("\">").Append(E(t.PrivacyLink)).Append("</a>\n")
            .Append("<a id=\"terms\" href=\"/terms?lang=").Append(lang).Append("\">").Append(E(t.TermsLink)).Append("</a>\n")
            .Append("<button type=\"button\" id=\"forget\" class=\"forget\" title=\"").Append(E(t.ForgetHint)).Append("\">").Append(E(t.ForgetLink)).Append("</button>\n")
            .Append("</div>\n")
            // On a phone the tools scroll sideways: this button (shown by page.js while some are off screen) scrolls them.
            .Append("<button type=\"button\" id=\"more-tools\" class=\"more-tools\" aria-controls=\"tools\" aria-label=\"").Append(E(t.MoreTools)).Append("\" hidden><span aria-hidden=\"true\">›</span></button>\n")
            .Append("</div>\n</header>\n")
            // Answers held too long: what happened, that they are kept on this device, and a button to try now (page.js fills it).
            .Append("<div id=\"held-notice\" class=\"held-notice\" role=\"status\"><span id=\"held-text\"></span> ")
            .Append("<button type=\"button\" id=\"held-retry\" hidden>").Append(E(t.HeldRetry)).Append("</button></div>\n")
            .Append("<main id=\"chat\" class=\"chat\" aria-labelledby=\"title\"></main>\n</body>\n</html>\n");
        return Page(context, html.ToString());
    }

    public static IResult Glossary(HttpContext context, QuestionnaireDefinition questionnaire)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(questionnaire);
        var lang = LanguageOf(context.Request);
        var t = Texts(questionnaire, lang);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(lang).Append("\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(t.GlossaryLink)).Append(" · ").Append(E(t.Title)).Append("</title>\n")
            .Append("<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"/webchat/page.css\">\n</head>\n<body class=\"reading\">\n<main>\n")
            .Append("<p><a href=\"/?lang=").Append(lang).Append("\">").Append(E(t.Title)).Append("</a></p>\n")
            .Append("<h1 id=\"glossary\">").Append(E(t.GlossaryLink)).Append("</h1>\n<dl>\n");
        foreach (var entry in questionnaire.Glossary.OrderBy(g => g.Term.In(lang), StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo(lang), true)))
        {
            html.Append("<dt id=\"").Append(E(entry.Id)).Append("\">").Append(E(entry.Term.In(lang))).Append("</dt><dd>").Append(E(entry.Definition.In(lang))).Append("</dd>\n");
        }
        html.Append("</dl>\n<h2 id=\"guidelines\">").Append(E(t.GuidelinesLink)).Append("</h2>\n");
        foreach (var guideline in questionnaire.Guidelines)
        {
            html.Append("<h3 id=\"").Append(E(guideline.Id)).Append("\">").Append(E(guideline.Title.In(lang))).Append("</h3>\n<p>").Append(E(guideline.Text.In(lang))).Append("</p>\n");
        }
        html.Append("</main>\n</body>\n</html>\n");
        return Page(context, html.ToString());
    }

    public sealed record PageTexts(string Title, string[] Purpose, string LanguageLabel, string TemplateLink, string GlossaryLink, string GuidelinesLink, string PrivacyLink, string TermsLink, string ForgetLink, string ForgetHint, string HeldNotice, string HeldRetry, string MoreTools);

    public static PageTexts Texts(QuestionnaireDefinition questionnaire, string lang)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        string M(string key) => questionnaire.Messages[key].In(lang);
        return new PageTexts(M("web.title"), TwoLines(M("web.purpose")), M("web.language_label"), M("web.template_link"), M("web.glossary_link"), M("web.guidelines_link"), M("web.privacy_link"), M("web.terms_link"), M("web.forget_link"), M("web.forget_hint"), M("web.held_notice"), M("web.held_retry"), M("web.more_tools"));
    }

    /// <summary>WebChat:HeldNoticeSeconds (60): how long answers may wait unsent before the page says so.</summary>
    public static int HeldNoticeSeconds(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var configured = context.RequestServices.GetService<IConfiguration>()?.GetValue<int?>("WebChat:HeldNoticeSeconds");
        return configured is > 0 ? configured.Value : 60;
    }

    /// <summary>The purpose in two lines: its first sentence, then the rest.</summary>
    public static string[] TwoLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = SentenceEnd().Split(text, 2);
        return parts.Length == 2 ? [parts[0].Trim(), parts[1].Trim()] : [text.Trim(), ""];
    }

    /// <summary>?lang=xx, else the browser's Accept-Language, else the questionnaire's default.</summary>
    public static string LanguageOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query["lang"].ToString();
        if (Languages.IsSupported(query))
        {
            return query.ToLowerInvariant();
        }
        var accepted = request.GetTypedHeaders().AcceptLanguage;
        var best = accepted?.OrderByDescending(a => a.Quality ?? 1).Select(a => Languages.FromLocale(a.Value.Value)).FirstOrDefault(l => l is not null);
        return best ?? Languages.Default;
    }

    private static IResult Page(HttpContext context, string html)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        headers.Vary = HeaderNames.AcceptLanguage;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex(@"(?<=[.!?;])\s+")]
    private static partial Regex SentenceEnd();
}
