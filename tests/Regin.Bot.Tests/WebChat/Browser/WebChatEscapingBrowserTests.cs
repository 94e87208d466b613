using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Regin.Bot.Tests.Browser;

namespace Regin.Bot.Tests.WebChat.Browser;

/// <summary>
/// What a contributor sees of their own words in the real Web Chat: the echo ("Noted: …", Markdown read by Web Chat's
/// markdown-it) and the summary card (TextBlocks read by the Adaptive Card renderer). Shown as typed: no entities, no
/// backslashes, and no bold, link or HTML made from what they typed.
/// </summary>
public sealed partial class WebChatBrowserTests
{
    [Fact]
    public async Task Answers_with_markup_characters_are_shown_as_typed_in_the_echo_and_in_the_summary_card()
    {
        await using var context = await fixture.Browser.NewTestContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/?lang=en");
        var transcript = await TranscriptAsync(page);
        Assert.Equal("contact_name", await transcript.WaitForQuestionAsync(null));
        await SendAsync(page, "Åsa Lindqvist");
        Assert.Equal("contact_organisation", await transcript.WaitForQuestionAsync("contact_name"));
        const string organisation = "Språkcafé & jobbmatchning";
        await SendAsync(page, organisation);
        Assert.Equal("contact_email", await transcript.WaitForQuestionAsync("contact_organisation"));
        await SendAsync(page, "asa.lindqvist@vgregion.se");
        Assert.Equal("contact_phone", await transcript.WaitForQuestionAsync("contact_email"));
        await SendAsync(page, "+43 1 4000 8000");
        Assert.Equal("title", await transcript.WaitForQuestionAsync("contact_phone"));
        // Pasted from a flyer and an e-mail: an arrow, tags, Markdown a colleague used, a link, a hashtag.
        const string title = "Mentoring -> Supervision <b>x</b> **x** _x_ [a](http://x) #hashtag";
        await SendAsync(page, title);
        Assert.Equal("country", await transcript.WaitForQuestionAsync("title"));
        await SendAsync(page, "change 12");
        Assert.Equal("partners", await transcript.WaitForQuestionAsync("country"));
        // Several lines, as Teams sends them (Web Chat's one-line box cannot).
        const string partners = "Caritas & Diakonie\n- Caritas Wien\n1. foo\n#hashtag\n+43 1 4000 8000";
        await transcript.PostAsync(partners);
        await transcript.WaitForQuestionAsync("partners");
        await SendAsync(page, "summary");
        // The summary card, then the question it was at asked again.
        await transcript.WaitForAsync(a => a.Any(x => x["from"]?["role"]?.GetValue<string>() == "bot" && x["attachments"] is JsonArray { Count: > 0 } cards
            && cards[0]?["content"]?["body"]?[0]?["text"]?.GetValue<string>()?.StartsWith("Here is a summary", StringComparison.Ordinal) == true));
        var card = page.Locator(".ac-adaptiveCard").Filter(new() { HasText = "Here is a summary" }).Last;
        await Assertions.Expect(card.GetByText("Here is a summary", new() { Exact = false })).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(300);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebChatBrowserFixture.ArtifactsFolder, "webchat-escaping.png"), FullPage = true });

        var shown = await page.Locator("body").InnerTextAsync();
        var cardText = await card.InnerTextAsync();
        await File.WriteAllTextAsync(Path.Combine(WebChatBrowserFixture.ArtifactsFolder, "webchat-escaping.txt"), shown + "\n=== card ===\n" + cardText);

        // The echoes, as typed.
        await Assertions.Expect(page.GetByText("Noted: " + organisation, new() { Exact = true }).First).ToBeVisibleAsync();
        // A phone is stored in E.164 (lang44) and shown with the groups typed (session 48).
        await Assertions.Expect(page.GetByText("Noted: +43 1 4000 8000", new() { Exact = true }).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Noted: " + title, new() { Exact = true }).First).ToBeVisibleAsync();
        // The card, as typed.
        Assert.Contains(organisation, cardText);
        Assert.Contains(title, cardText);
        Assert.Contains("+43 1 4000 8000", cardText);
        foreach (var line in partners.Split('\n'))
        {
            Assert.Contains(line, cardText);
        }
        // No entity and no escaping backslash anywhere on screen.
        Assert.DoesNotContain("&amp;", shown);
        Assert.DoesNotContain("&lt;", shown);
        Assert.DoesNotContain("&gt;", shown);
        Assert.DoesNotContain("\\", shown);
        // No markup made from the contributor's words: no bold, italics, link, list, heading or tag of theirs.
        // The bot's bubbles and cards (Web Chat draws the contributor's own message from its own Markdown: not ours).
        var log = page.Locator(".webchat__bubble:not(.webchat__bubble--from-user)");
        await Assertions.Expect(log.Locator("b")).ToHaveCountAsync(0);
        // "[a](http://x)" is no link labelled "a" (Web Chat's linkify still links the bare address it shows, as typed).
        await Assertions.Expect(log.GetByRole(AriaRole.Link, new() { Name = "a", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(log.Locator("h1, h2, h3, h4, h5, h6")).ToHaveCountAsync(0);
        await Assertions.Expect(log.Locator("strong", new() { HasText = "x" }).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^x$") })).ToHaveCountAsync(0);
        await Assertions.Expect(log.Locator("em").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^x$") })).ToHaveCountAsync(0);
        await Assertions.Expect(log.Locator("li").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("Caritas Wien|foo") })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Dashes_quotes_bare_addresses_and_card_date_functions_are_shown_as_typed()
    {
        // An Austrian official in a hurry, in German: dashes and straight quotes typed as such, the partners' sites and
        // mailboxes without "https://", and a card date function pasted from a Teams card's source.
        await using var context = await fixture.Browser.NewTestContextAsync(new BrowserNewContextOptions { Locale = "de-AT" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/?lang=de");
        var transcript = await TranscriptAsync(page);
        Assert.Equal("contact_name", await transcript.WaitForQuestionAsync(null));
        await SendAsync(page, "Jana Schmidt");
        Assert.Equal("contact_organisation", await transcript.WaitForQuestionAsync("contact_name"));
        const string organisation = "Caritas Wien -- Team \"Sprachcafé\"";
        await SendAsync(page, organisation);
        Assert.Equal("contact_email", await transcript.WaitForQuestionAsync("contact_organisation"));
        const string email = "jana.schmidt@caritas-wien.at";
        await SendAsync(page, email);
        Assert.Equal("contact_phone", await transcript.WaitForQuestionAsync("contact_email"));
        await SendAsync(page, "+43 1 4000 8000");
        Assert.Equal("title", await transcript.WaitForQuestionAsync("contact_phone"));
        const string title = "Sprachcafé 'Miteinander' -- jeden Di... (c) VHS {{DATE(2026-03-01T09:00:00Z, SHORT)}}";
        await SendAsync(page, title);
        Assert.Equal("country", await transcript.WaitForQuestionAsync("title"));
        await SendAsync(page, "ändern 12");
        Assert.Equal("partners", await transcript.WaitForQuestionAsync("country"));
        const string partners = "Diakonie -- www.diakonie.at\ninfo@volkshilfe-wien.at\nVHS Wien \"Deutsch im Park\" {{TIME(2026-03-01T09:00:00+01:00)}}";
        await transcript.PostAsync(partners);
        await transcript.WaitForQuestionAsync("partners");
        // The bot's own links (the templates) are written with their scheme: still links.
        await SendAsync(page, "e-mail");
        await Assertions.Expect(page.Locator(".webchat__bubble:not(.webchat__bubble--from-user) a[href$='/templates/de.docx']").First).ToBeVisibleAsync();
        await SendAsync(page, "übersicht");
        await transcript.WaitForAsync(a => a.Any(x => x["from"]?["role"]?.GetValue<string>() == "bot" && x["attachments"] is JsonArray { Count: > 0 } cards
            && cards[0]?["content"]?["body"]?[0]?["text"]?.GetValue<string>()?.StartsWith("Hier ist eine Übersicht", StringComparison.Ordinal) == true));
        var card = page.Locator(".ac-adaptiveCard").Filter(new() { HasText = "Hier ist eine Übersicht" }).Last;
        await Assertions.Expect(card.GetByText("Hier ist eine Übersicht", new() { Exact = false })).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(300);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebChatBrowserFixture.ArtifactsFolder, "webchat-typed.png"), FullPage = true });

        var shown = await page.Locator("body").InnerTextAsync();
        // The card keeps a zero-width space between "{{" (no text function runs): invisible, so not compared.
        var cardText = (await card.InnerTextAsync()).Replace("\u200B", "", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(WebChatBrowserFixture.ArtifactsFolder, "webchat-typed.txt"), shown + "\n=== card ===\n" + cardText);

        // The echoes, as typed (no typographer: "--", straight quotes, "...", "(c)").
        await Assertions.Expect(page.GetByText("Notiert: " + organisation, new() { Exact = true }).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Notiert: " + email, new() { Exact = true }).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Notiert: " + title, new() { Exact = true }).First).ToBeVisibleAsync();
        // The card, as typed: each answer whole, the date and time functions as text (not "01.03.26", "10:00").
        Assert.Contains(organisation, cardText);
        Assert.Contains(email, cardText);
        Assert.Contains(title, cardText);
        foreach (var line in partners.Split('\n'))
        {
            Assert.Contains(line, cardText);
        }
        foreach (var typographic in new[] { "Wien – Team", "“Sprachcafé”", "‘Miteinander’", "Di…", "© VHS", "Diakonie – www", "“Deutsch im Park”" })
        {
            Assert.DoesNotContain(typographic, shown);
        }
        // Bare addresses in a contributor's words are no links (linkify-it's fuzzy guesses are off); the bot's are.
        var log = page.Locator(".webchat__bubble:not(.webchat__bubble--from-user)");
        foreach (var address in new[] { "www.diakonie.at", "info@volkshilfe-wien.at", email })
        {
            await Assertions.Expect(log.GetByRole(AriaRole.Link, new() { Name = address })).ToHaveCountAsync(0);
        }
        await Assertions.Expect(log.Locator("a[href^='mailto:']")).ToHaveCountAsync(0);
        Assert.DoesNotContain("\\", shown);
    }
}
