using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Regin.Bot.Tests.WebChat;
using Regin.Core.Localisation;

namespace Regin.Bot.Tests.Privacy;

/// <summary>/privacy and /terms through HTTP on the real host in several languages, and the links to them from the chat page, the templates and the consent question's help.</summary>
public sealed class PrivacyPagesTests : IClassFixture<ReginApplication>
{
    private const string Secret = "privacy-test-secret-7d21-a90c3e5f8b";
    private readonly WebApplicationFactory<Program> _host;

    public PrivacyPagesTests(ReginApplication app) =>
        _host = app.ClassHost(nameof(PrivacyPagesTests), builder =>
        {
            builder.UseSetting("DirectLine:Secret", Secret);
            builder.UseSetting("Privacy:RawInputRetentionDays", "400");
            builder.UseSetting("Chat:PublicBaseUrl", "https://intake.regin.example");
        });

    private Texts Texts => _host.Services.GetRequiredService<Texts>();

    [Theory]
    [InlineData("de", "Datenschutzhinweise", "Kopie, Berichtigung, Löschung")]
    [InlineData("el", "Ενημέρωση για την προστασία των προσωπικών δεδομένων", "Αντίγραφο, διόρθωση, διαγραφή")]
    [InlineData("pt", "Aviso de privacidade", "Cópia, retificação, apagamento")]
    [InlineData("sv", "Integritetspolicy", "Kopia, rättelse, radering")]
    public async Task The_privacy_notice_is_in_the_language_asked_for_with_the_retention_and_the_contact(string lang, string title, string rights)
    {
        var response = await _host.CreateClient().GetAsync($"/privacy?lang={lang}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<html lang=\"{lang}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<h1 id=\"title\">{title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains(rights, html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"mailto:reginproject@crpm.org\">reginproject@crpm.org</a>", html, StringComparison.Ordinal);
        Assert.Contains(" 400 ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("{", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/terms?lang={lang}\"", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        foreach (var section in new[] { "what", "why", "how-long", "who", "rights", "contact" })
        {
            Assert.Contains($"<section id=\"{section}\">", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("fr-FR,fr;q=0.9", "fr", "Conditions d'utilisation")]
    [InlineData("it-IT", "it", "Condizioni d'uso")]
    [InlineData("es-ES,en;q=0.5", "es", "Condiciones de uso")]
    public async Task The_terms_follow_the_browser_language(string acceptLanguage, string lang, string title)
    {
        var client = _host.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/terms"));

        Assert.Contains($"<html lang=\"{lang}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<h1 id=\"title\">{title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/privacy?lang={lang}\"", html, StringComparison.Ordinal);
        Assert.Contains(Texts.Get("terms.publication", lang).Split('.')[0], html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    [InlineData("el")]
    public async Task The_chat_page_links_to_both_in_its_language(string lang)
    {
        var html = WebUtility.HtmlDecode(await _host.CreateClient().GetStringAsync($"/?lang={lang}"));

        Assert.Contains($"<a id=\"privacy\" href=\"/privacy?lang={lang}\">{Texts.Get("web.privacy_link", lang)}</a>", html, StringComparison.Ordinal);
        Assert.Contains($"<a id=\"terms\" href=\"/terms?lang={lang}\">{Texts.Get("web.terms_link", lang)}</a>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("it")]
    [InlineData("sv")]
    [InlineData("fr")]
    public async Task The_templates_link_to_the_notice(string lang)
    {
        var text = await _host.CreateClient().GetStringAsync($"/templates/{lang}.txt");

        Assert.Contains(Texts.Get("mail.privacy_notice", lang, ("privacy_url", $"https://intake.regin.example/privacy?lang={lang}")), text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de-DE", "de")]
    [InlineData("es-ES", "es")]
    [InlineData("en-GB", "en")]
    public async Task The_consent_question_help_in_the_chat_links_to_the_notice(string locale, string lang)
    {
        var http = _host.CreateClient();
        var user = "privacy-help-" + lang;
        var client = await DirectLineClient.StartAsync(http, Secret, user, locale);
        await client.PollAsync();
        var questionnaire = Texts.Questionnaire;
        var change = questionnaire.Commands["change"].In(lang).First();
        var help = questionnaire.Commands["help"].In(lang).First();

        await client.PostAsync(DirectLineClient.Message($"{change} {questionnaire.Questions.Count}", user, locale: locale));
        Assert.Equal("consent_publish", DirectLineClient.QuestionOf(await client.PollAsync()));
        await client.PostAsync(DirectLineClient.Message(help, user, locale: locale));
        var replies = string.Join("\n", DirectLineClient.BotTexts(await client.PollAsync()));

        Assert.Contains($"https://intake.regin.example/privacy?lang={lang}", replies, StringComparison.Ordinal);
        Assert.DoesNotContain("{privacy_url}", replies, StringComparison.Ordinal);
    }
}
