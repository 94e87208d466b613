using Regin.Core.Hosting;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Regin.Bot.WebChat;
using Regin.Core.Localisation;
using Regin.Core.Privacy;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Privacy;

/// <summary>
/// GET /privacy and GET /terms (?lang=xx, else Accept-Language): the privacy notice and the terms of use, in the 8
/// languages, from the <c>privacy.*</c> and <c>terms.*</c> messages of the locale files. The Teams app package links here.
/// Served whether or not the local web chat is on.
/// </summary>
public static class PrivacyPages
{
    /// <summary>The sections of each page, in order: "{page}.{section}_title" and "{page}.{section}".</summary>
    public static readonly IReadOnlyList<string> PrivacySections = ["what", "why", "how_long", "who", "rights", "contact"];
    public static readonly IReadOnlyList<string> TermsSections = ["contribution", "publication", "use", "liability", "data", "contact"];

    /// <summary>Every message the pages, the links to them and the templates use; checked at start.</summary>
    public static IEnumerable<string> MessageKeys =>
        new[] { "privacy.title", "privacy.intro", "terms.title", "terms.intro", "web.privacy_link", "web.terms_link", "mail.privacy_notice" }
            .Concat(PrivacySections.SelectMany(s => new[] { $"privacy.{s}_title", $"privacy.{s}" }))
            .Concat(TermsSections.SelectMany(s => new[] { $"terms.{s}_title", $"terms.{s}" }));

    /// <summary>The raw-input retention purge (Privacy:RawInputRetentionDays, Privacy:RetentionCheckHours).</summary>
    public static WebApplicationBuilder AddReginPrivacy(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<RawInputRetention>();
        builder.Services.AddHostedService<RawInputRetentionService>();
        return builder;
    }

    public static WebApplication MapReginPrivacy(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/privacy", (HttpContext context, Texts texts, IOptions<PrivacyOptions> privacy, IOptions<ProjectMailboxOptions> mailbox) =>
            Render(context, texts, privacy.Value, mailbox.Value.Mailbox, "privacy", PrivacySections));
        app.MapGet("/terms", (HttpContext context, Texts texts, IOptions<PrivacyOptions> privacy, IOptions<ProjectMailboxOptions> mailbox) =>
            Render(context, texts, privacy.Value, mailbox.Value.Mailbox, "terms", TermsSections));
        return app;
    }

    private static IResult Render(HttpContext context, Texts texts, PrivacyOptions privacy, string mailbox, string name, IReadOnlyList<string> sections)
    {
        var lang = WebChatPage.LanguageOf(context.Request);
        string T(string key) => texts.Get(key, lang, ("mailbox", mailbox), ("raw_days", privacy.RawInputRetentionDays));
        var title = T($"{name}.title");
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(lang).Append("\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append(" · ").Append(E(T("web.title"))).Append("</title>\n")
            .Append("<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"/webchat/page.css\">\n</head>\n<body class=\"reading\">\n<main>\n")
            .Append("<p><a id=\"home\" href=\"/?lang=").Append(lang).Append("\">").Append(E(T("web.title"))).Append("</a></p>\n")
            .Append("<nav id=\"languages\" aria-label=\"").Append(E(T("web.language_label"))).Append("\">");
        foreach (var language in texts.Questionnaire.Languages)
        {
            html.Append(language.Code == lang ? "<strong lang=\"" : "<a lang=\"").Append(language.Code).Append('"')
                .Append(language.Code == lang ? " aria-current=\"page\">" : $" hreflang=\"{language.Code}\" href=\"/{name}?lang={language.Code}\">")
                .Append(E(language.Name)).Append(language.Code == lang ? "</strong> " : "</a> ");
        }
        html.Append("</nav>\n<h1 id=\"title\">").Append(E(title)).Append("</h1>\n<p id=\"intro\">").Append(E(T($"{name}.intro"))).Append("</p>\n");
        foreach (var section in sections)
        {
            html.Append("<section id=\"").Append(section.Replace('_', '-')).Append("\"><h2>").Append(E(T($"{name}.{section}_title"))).Append("</h2>\n<p>")
                .Append(Linked(E(T($"{name}.{section}")), mailbox)).Append("</p></section>\n");
        }
        var other = name == "privacy" ? "terms" : "privacy";
        html.Append("<p><a id=\"other\" href=\"/").Append(other).Append("?lang=").Append(lang).Append("\">")
            .Append(E(T(other == "terms" ? "web.terms_link" : "web.privacy_link"))).Append("</a></p>\n</main>\n</body>\n</html>\n");
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        headers.Vary = "Accept-Language";
        headers.ContentLanguage = lang;
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>The project mailbox (already encoded in the text) becomes a mailto: link.</summary>
    private static string Linked(string encoded, string mailbox)
    {
        var address = E(mailbox);
        return encoded.Replace(address, $"<a href=\"mailto:{address}\">{address}</a>", StringComparison.Ordinal);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
