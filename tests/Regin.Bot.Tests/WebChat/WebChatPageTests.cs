using System.Net;

namespace Regin.Bot.Tests.WebChat;

/// <summary>The page and the glossary page through HTTP: texts from the questionnaire, the language, the CSP, the local bundle.</summary>
public sealed class WebChatPageTests(ReginApplication app) : IClassFixture<ReginApplication>
{
    [Theory]
    [InlineData("el", "REGIN Integration Lab: μοιραστείτε μια πρακτική")]
    [InlineData("fr", "REGIN Integration Lab : partagez une pratique")]
    public async Task The_page_is_in_the_language_asked_for_with_a_policy_that_allows_no_other_origin(string lang, string title)
    {
        var response = await app.CreateClient().GetAsync($"/?lang={lang}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<html lang=\"{lang}\"", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(title), html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/templates/{lang}.docx\"", html, StringComparison.Ordinal);
        Assert.Contains("<label id=\"language-label\" for=\"language\">", html, StringComparison.Ordinal);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("http", csp, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_follows_the_browser_language_when_none_is_asked_for()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("sv-SE,sv;q=0.9,en;q=0.5");

        var html = await client.GetStringAsync("/");

        Assert.Contains("<html lang=\"sv\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Web_Chat_and_the_page_script_are_served_by_the_host()
    {
        var client = app.CreateClient();

        var bundle = await client.GetAsync("/webchat/lib/webchat.js");
        var script = await client.GetAsync("/webchat/page.js");
        // The markdown-it the page's renderMarkdown uses: the version Web Chat bundles.
        var markdown = await client.GetAsync("/webchat/lib/markdown-it.js");

        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.True((await bundle.Content.ReadAsByteArrayAsync()).Length > 1_000_000);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.OK, markdown.StatusCode);
        Assert.StartsWith("/*! markdown-it 13.0.2 ", await markdown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("renderMarkdown: renderMarkdown", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_glossary_page_lists_the_terms_in_the_language_asked_for()
    {
        var response = await app.CreateClient().GetAsync("/glossary?lang=de");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"de\"", html, StringComparison.Ordinal);
        Assert.Contains("Drittstaatsangehörige", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("id=\"guidelines\"", html, StringComparison.Ordinal);
    }
}
