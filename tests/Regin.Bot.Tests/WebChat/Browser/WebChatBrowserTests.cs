using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Regin.Bot.Tests.Browser;
using Regin.Core.Persistence;

namespace Regin.Bot.Tests.WebChat.Browser;

/// <summary>
/// The real page in headless chromium: Web Chat from this host, over the local Direct Line. What is on screen is checked
/// in the page; which question the bot asked is read from the same conversation's transcript (its channelData).
/// </summary>
[Collection(WebChatBrowserCollection.Name)]
public sealed partial class WebChatBrowserTests(WebChatBrowserFixture fixture)
{
    private const string SendBox = "[data-id='webchat-sendbox-input']";

    private static readonly Dictionary<string, string> Answers = new()
    {
        ["contact_name"] = "Giulia Bianchi",
        ["contact_organisation"] = "Assessorato al Welfare", // no place: the region would be offered (session 47)
        ["contact_email"] = "giulia.bianchi@regione.puglia.it",
        ["contact_phone"] = "+39 080 540 1111",
        ["title"] = "Sportelli per l'integrazione",
        ["country"] = "IT",
        ["region"] = "ITF4",
        ["lead_organisation"] = "Regione Puglia",
        ["start_date"] = "2019-03",
        ["end_date"] = "2023",
        ["beneficiaries_count"] = "1200",
        ["budget_eur"] = "250000",
        ["website"] = "www.regione.puglia.it",
    };

    [Fact]
    public async Task A_conversation_started_in_Italian_and_finished_in_German_reaches_the_summary_and_is_submitted()
    {
        await using var context = await fixture.Browser.NewTestContextAsync(new BrowserNewContextOptions { Locale = "it-IT" });
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        var problems = new List<string>();
        var polls = new List<string>();
        var streams = new List<string>();
        page.Request += (_, request) =>
        {
            requests.Add(request.Url);
            if (request.Method == "GET" && request.Url.Contains("/activities", StringComparison.Ordinal))
            {
                polls.Add(request.Url);
            }
        };
        page.WebSocket += (_, socket) => streams.Add(socket.Url);
        page.Console += (_, message) => { if (message.Type == "error") { problems.Add(message.Text); } };
        page.PageError += (_, error) => problems.Add(error);

        await page.GotoAsync(fixture.BaseUrl + "/?lang=it");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "it");
        var transcript = await TranscriptAsync(page);
        var question = await transcript.WaitForQuestionAsync(null);
        Assert.Equal("contact_name", question);
        await Assertions.Expect(page.GetByText("Salve!", new() { Exact = false }).First).ToBeVisibleAsync();

        var switched = false;
        var longTexts = 0;
        for (var turn = 0; turn < 60 && question is not null && question != "consent_publish"; turn++)
        {
            if (question == "country" && !switched)
            {
                // The picker: the page's texts change at once, and the bot goes on in German.
                await page.Locator("#language").SelectOptionAsync("de");
                await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
                await Assertions.Expect(page.Locator("#language-label")).ToHaveTextAsync("Sprache");
                await Assertions.Expect(page.GetByText("Wir machen auf Deutsch weiter.").First).ToBeVisibleAsync();
                question = await transcript.WaitForQuestionAsync(null);
                Assert.Equal("country", question);
                switched = true;
            }
            if (Answers.TryGetValue(question, out var known))
            {
                await SendAsync(page, known);
            }
            else if (!await PressFirstOptionAsync(page, transcript))
            {
                // Long texts told apart, as a contributor's are: the same text twice in a row is one message sent twice (session 48).
                await SendAsync(page, ++longTexts % 2 == 0 ? "Uno sportello unico in ogni provincia orienta i nuovi arrivati verso i servizi."
                    : "Mediatori culturali e operatori sociali lavorano insieme allo stesso sportello.");
            }
            question = await transcript.WaitForQuestionAsync(question);
        }
        Assert.Equal("consent_publish", question);
        Assert.True(await PressFirstOptionAsync(page, transcript));

        // The summary card, in German, then the confirmation card, whose "Ja" gives the reference.
        await transcript.WaitForAsync(a => a.Any(x => Shown(x).StartsWith("Hier ist eine Übersicht Ihrer Antworten", StringComparison.Ordinal))
            && a[^1]["attachments"] is not null && a[^1]["from"]?["role"]?.GetValue<string>() == "bot");
        // A long card: Web Chat may take a while to draw it on a busy machine (the shared browser's deadline, 120 s).
        await Assertions.Expect(page.GetByText("Hier ist eine Übersicht Ihrer Antworten", new() { Exact = false }).First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja", Exact = true }).Last.ClickAsync();
        var reference = ReferencePattern();
        await transcript.WaitForAsync(a => a.Any(x => reference.IsMatch(x["text"]?.GetValue<string>() ?? "")));
        await Assertions.Expect(page.GetByText(reference).First).ToBeVisibleAsync();

        await page.WaitForTimeoutAsync(500);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebChatBrowserFixture.ArtifactsFolder, "webchat-it-de-submitted.png"), FullPage = true });
        Assert.All(requests, url => Assert.True(url.StartsWith(fixture.BaseUrl + "/", StringComparison.Ordinal) || url.StartsWith("blob:" + fixture.BaseUrl + "/", StringComparison.Ordinal), url));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        // Every reply came on the Direct Line WebSocket stream: Web Chat never polled.
        var conversation = (await page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('regin.webchat.v1')).conversationId"));
        var stream = $"ws://{new Uri(fixture.BaseUrl).Authority}/v3/directline/conversations/{conversation}/stream?";
        Assert.Contains(streams, url => url.StartsWith(stream, StringComparison.Ordinal));
        Assert.Empty(polls);
    }

    [Fact]
    public async Task A_page_reload_resumes_the_conversation_where_it_was()
    {
        await using var context = await fixture.Browser.NewTestContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/?lang=en");
        var transcript = await TranscriptAsync(page);
        Assert.Equal("contact_name", await transcript.WaitForQuestionAsync(null));
        await SendAsync(page, "Jo Reload");
        Assert.Equal("contact_organisation", await transcript.WaitForQuestionAsync("contact_name"));
        var conversation = await page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('regin.webchat.v1')).conversationId");

        await page.ReloadAsync();

        await Assertions.Expect(page.GetByText("Noted: Jo Reload").First).ToBeVisibleAsync();
        Assert.Equal(conversation, await page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('regin.webchat.v1')).conversationId"));
        await SendAsync(page, "Reload County Council");
        Assert.Equal("contact_email", await transcript.WaitForQuestionAsync("contact_organisation"));
        await Assertions.Expect(page.GetByText("Noted: Reload County Council").First).ToBeVisibleAsync();
        // No second greeting: the conversation went on.
        await transcript.RefreshAsync();
        Assert.Equal(1, transcript.Count(a => (a["text"]?.GetValue<string>() ?? "").StartsWith("Hello!", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_paste_over_the_post_limit_shows_as_sent_and_the_bot_says_in_the_users_language_that_it_is_too_long()
    {
        await using var context = await fixture.Browser.NewTestContextAsync(new BrowserNewContextOptions { Locale = "de-DE" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/?lang=de");
        var transcript = await TranscriptAsync(page);
        Assert.Equal("contact_name", await transcript.WaitForQuestionAsync(null));
        // About 90 KB: over DirectLine:MaxRequestBytes (64 KB), which got a bare 413 ("Send failed") until session 29.
        var paste = string.Join(" ", Enumerable.Repeat("Wir haben in jedem Bezirk Anlaufstellen für Neuankömmlinge eröffnet.", 1300));

        await SendAsync(page, paste);

        var german = System.Globalization.CultureInfo.GetCultureInfo("de");
        await Assertions.Expect(page.GetByText($"Ihre Nachricht hat {paste.Length.ToString("N0", german)} Zeichen", new() { Exact = false }).First).ToBeVisibleAsync();
        // Shown as sent (its echo came back with its clientActivityID), its head on screen, no "Send failed".
        await Assertions.Expect(page.GetByText(paste[..60], new() { Exact = false }).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(new Regex("Send failed|Senden fehlgeschlagen", RegexOptions.IgnoreCase))).ToHaveCountAsync(0);
        // Nothing was taken from it: the chat goes on with the same question.
        await SendAsync(page, "Jo Einfügen");
        Assert.Equal("contact_organisation", await transcript.WaitForQuestionAsync("contact_name"));
    }

    [Fact]
    public async Task Not_you_start_afresh_forgets_this_browser_and_the_next_visit_begins_a_new_contributor()
    {
        await using var context = await fixture.Browser.NewTestContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/?lang=en");
        var transcript = await TranscriptAsync(page);
        Assert.Equal("contact_name", await transcript.WaitForQuestionAsync(null));
        await SendAsync(page, "Sam Shared");
        Assert.Equal("contact_organisation", await transcript.WaitForQuestionAsync("contact_name"));
        var conversation = await page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('regin.webchat.v1')).conversationId");
        // The page keeps no user id of its own: the server's comes with the token.
        Assert.True(await page.EvaluateAsync<bool>("() => JSON.parse(localStorage.getItem('regin.webchat.v1')).userId === undefined"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Not you? Start afresh" }).ClickAsync();
        await page.WaitForFunctionAsync("c => { const s = JSON.parse(localStorage.getItem('regin.webchat.v1') || '{}'); return !!s.conversationId && s.conversationId !== c; }", conversation);
        var fresh = await TranscriptAsync(page);
        Assert.Equal("contact_name", await fresh.WaitForQuestionAsync(null));
        await Assertions.Expect(page.GetByText("Noted: Sam Shared")).ToHaveCountAsync(0);

        // The next visitor of this browser, even with the page's storage gone, is not offered Sam's draft.
        await page.EvaluateAsync("() => localStorage.clear()");
        await page.ReloadAsync();
        var next = await TranscriptAsync(page);
        Assert.Equal("contact_name", await next.WaitForQuestionAsync(null));
    }

    [Fact]
    public async Task On_a_phone_the_page_fits_the_screen_and_the_picker_is_reachable_by_keyboard()
    {
        await using var context = await fixture.Browser.NewTestContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 375, Height = 740 }, IsMobile = true, HasTouch = true, Locale = "el-GR",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "el");
        await Assertions.Expect(page.Locator(SendBox)).ToBeVisibleAsync();

        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 375, $"the page is {width}px wide on a 375px screen");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("language", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.Equal("Γλώσσα", await page.Locator("label[for='language']").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebChatBrowserFixture.ArtifactsFolder, "webchat-phone-el.png") });
    }

    [Fact]
    public async Task A_multi_choice_answered_by_ticking_three_boxes_is_stored_with_three_codes()
    {
        await using var context = await fixture.Browser.NewTestContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/?lang=en");
        var transcript = await TranscriptAsync(page);
        Assert.Equal("contact_name", await transcript.WaitForQuestionAsync(null));
        await SendAsync(page, "Jo Ticks");
        Assert.Equal("contact_organisation", await transcript.WaitForQuestionAsync("contact_name"));
        await SendAsync(page, "change 15");
        Assert.Equal("integration_areas", await transcript.WaitForQuestionAsync("contact_organisation"));
        await Assertions.Expect(page.GetByText("Question 15 of 31", new() { Exact = false }).Last).ToBeVisibleAsync();

        foreach (var area in new[] { "Education", "Language learning", "Health" })
        {
            await page.GetByRole(AriaRole.Checkbox, new() { Name = area, Exact = true }).Last.CheckAsync();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Send answer", Exact = true }).Last.ClickAsync();

        Assert.Equal("contact_organisation", await transcript.WaitForQuestionAsync("integration_areas"));
        await Assertions.Expect(page.GetByText("Noted: Education; Language learning; Health").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebChatBrowserFixture.ArtifactsFolder, "webchat-multi-choice.png"), FullPage = true });
        var conversation = await page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('regin.webchat.v1')).conversationId");
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var practiceId = db.RawInputs.Where(r => r.ConversationId == conversation && r.PracticeId != null).Select(r => r.PracticeId).First();
        var stored = db.Answers.Single(a => a.PracticeId == practiceId && a.QuestionId == "integration_areas");
        Assert.Equal("""["education","language","health"]""", stored.ValueJson);
    }

    /// <summary>Clicks the first button of the bot's last card (ticking the first option of a form first); false when it has none.</summary>
    private static async Task<bool> PressFirstOptionAsync(IPage page, Transcript transcript)
    {
        var card = transcript.LastBotCard();
        if (card?["actions"] is not JsonArray { Count: > 0 } actions)
        {
            return false;
        }
        // That card as the page draws it: the n-th card of the page for the n-th card of the transcript. ".Last" over the
        // whole page took an earlier card with the same option (the same question asked again) while the new one was
        // not drawn yet, whose inputs no longer change: "Clicking the checkbox did not change its state", twice on a
        // busy machine in session 12.
        var drawn = page.Locator(".ac-adaptiveCard").Nth(transcript.BotCardCount() - 1);
        await drawn.WaitForAsync();
        if (card["body"]!.AsArray().FirstOrDefault(b => b?["type"]?.GetValue<string>() == "Input.ChoiceSet") is { } choices)
        {
            var first = choices["choices"]![0]!["title"]!.GetValue<string>();
            var role = choices["isMultiSelect"]?.GetValue<bool>() == true ? AriaRole.Checkbox : AriaRole.Radio;
            await drawn.GetByRole(role, new() { Name = first, Exact = true }).CheckAsync();
        }
        await drawn.GetByRole(AriaRole.Button, new() { Name = actions[0]!["title"]!.GetValue<string>(), Exact = true }).ClickAsync();
        return true;
    }

    /// <summary>What an activity shows: its text, or its card's texts.</summary>
    private static string Shown(JsonObject activity) =>
        activity["text"]?.GetValue<string>()
        ?? string.Join("\n\n", (activity["attachments"] as JsonArray)?.FirstOrDefault()?["content"]?["body"]?.AsArray().Select(b => b?["text"]?.GetValue<string>()).Where(t => t is not null) ?? []);

    private static async Task SendAsync(IPage page, string text)
    {
        var box = page.Locator(SendBox);
        await box.FillAsync(text);
        await box.PressAsync("Enter");
    }

    private async Task<Transcript> TranscriptAsync(IPage page, string? baseUrl = null)
    {
        await page.WaitForFunctionAsync("() => { const s = JSON.parse(localStorage.getItem('regin.webchat.v1') || '{}'); return !!s.token && !!s.conversationId; }");
        var session = JsonNode.Parse(await page.EvaluateAsync<string>("() => localStorage.getItem('regin.webchat.v1')"))!;
        return new Transcript(baseUrl ?? fixture.BaseUrl, session["conversationId"]!.GetValue<string>(), session["token"]!.GetValue<string>());
    }

    /// <summary>The conversation as the service holds it, read with the page's own token.</summary>
    private sealed class Transcript(string baseUrl, string conversationId, string token)
    {
        private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl) };
        private List<JsonObject> _activities = [];

        public async Task RefreshAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities?watermark=");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _http.SendAsync(request);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // The page keeps its token before Web Chat has started the conversation with it.
                _activities = [];
                return;
            }
            Assert.True(response.IsSuccessStatusCode, $"GET activities: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var body = await response.Content.ReadFromJsonAsync<JsonObject>();
            _activities = body!["activities"]!.AsArray().Select(a => a!.AsObject()).ToList();
        }

        public async Task WaitForAsync(Func<List<JsonObject>, bool> condition)
        {
            // A wait on the bot's turn read over HTTP, not on the browser: Eventually's deadline (300 s), as every wait on
            // another process's work. The browser's own 120 s stays for what the page draws.
            var until = DateTime.UtcNow + Eventually.Deadline;
            while (true)
            {
                await RefreshAsync();
                if (condition(_activities))
                {
                    return;
                }
                Assert.True(DateTime.UtcNow < until, "timed out; last activity: " + _activities.LastOrDefault()?.ToJsonString());
                await Task.Delay(100);
            }
        }

        /// <summary>Waits for the bot's latest question to be another than <paramref name="previous"/> (any, when null).</summary>
        public async Task<string> WaitForQuestionAsync(string? previous)
        {
            string? current = null;
            await WaitForAsync(a =>
            {
                var last = a.LastOrDefault(x => x["from"]?["role"]?.GetValue<string>() == "bot");
                current = last?["channelData"]?["questionId"]?.GetValue<string>();
                return current is not null && current != previous && a[^1]["from"]?["role"]?.GetValue<string>() == "bot";
            });
            return current!;
        }

        /// <summary>
        /// Posts a message as this conversation's user, the way a client with a multi-line box (Teams, the Emulator)
        /// sends one: Web Chat's one-line send box cannot type a line break.
        /// </summary>
        public async Task PostAsync(string text)
        {
            await RefreshAsync();
            var user = _activities.First(x => x["from"]?["role"]?.GetValue<string>() == "user")["from"]!["id"]!.GetValue<string>();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/activities")
            {
                Content = JsonContent.Create(new JsonObject
                {
                    ["type"] = "message",
                    ["text"] = text,
                    ["locale"] = "en-GB",
                    ["from"] = new JsonObject { ["id"] = user, ["role"] = "user" },
                }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"POST activity: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        public int Count(Func<JsonObject, bool> predicate) => _activities.Count(predicate);

        public string ConversationId => conversationId;

        /// <summary>Where the first activity with <paramref name="text"/> is in the transcript; -1 when none.</summary>
        public int IndexOf(string text) => _activities.FindIndex(a => a["text"]?.GetValue<string>() == text);

        /// <summary>The question the bot asked last.</summary>
        public string? LastQuestion() =>
            _activities.LastOrDefault(x => x["from"]?["role"]?.GetValue<string>() == "bot" && x["channelData"]?["questionId"] is not null)?["channelData"]!["questionId"]!.GetValue<string>();

        /// <summary>How many cards the bot has sent in this conversation (as many as the page draws once it is up to date).</summary>
        public int BotCardCount() =>
            _activities.Count(x => x["from"]?["role"]?.GetValue<string>() == "bot" && x["attachments"] is JsonArray { Count: > 0 });

        public JsonObject? LastBotCard() =>
            (_activities.LastOrDefault(x => x["from"]?["role"]?.GetValue<string>() == "bot")?["attachments"] as JsonArray)?.FirstOrDefault()?["content"]?.AsObject();
    }

    [GeneratedRegex(@"REGIN-\d{4}")]
    private static partial Regex ReferencePattern();
}
