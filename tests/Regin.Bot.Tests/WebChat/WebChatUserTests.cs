using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Regin.Bot.WebChat;
using Regin.Core.Persistence;

namespace Regin.Bot.Tests.WebChat;

/// <summary>The real bot host on Kestrel (a real socket, real cookies), no DirectLine:Secret: the web chat page's set-up.</summary>
public sealed class WebChatUserHost : BotTestHost
{
    public WebChatUserHost()
        : base(kestrel: true)
    {
        StartServer();
    }

    /// <summary>A browser: a client with a cookie jar of its own.</summary>
    public HttpClient Browser(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer() }) { BaseAddress = BaseAddress };
}

/// <summary>
/// Security review M1: the Web Chat user id is assigned by the server, bound into the token, and kept on the browser in
/// an HttpOnly cookie; a client cannot name another contributor and so cannot reach their draft.
/// </summary>
public sealed class WebChatUserTests(WebChatUserHost host) : IClassFixture<WebChatUserHost>
{
    private static readonly Uri TokenUrl = new(WebChatSessionEndpoints.TokenPath, UriKind.Relative);
    private static readonly Uri ForgetUrl = new(WebChatSessionEndpoints.ForgetPath, UriKind.Relative);

    private static async Task<JsonObject> TokenAsync(HttpClient browser)
    {
        var response = await browser.PostAsync(TokenUrl, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>The page's start: the token of /webchat/token, and a body naming <paramref name="claimedUser"/> (ignored).</summary>
    private static async Task<(DirectLineClient Chat, string UserId)> StartAsync(HttpClient browser, string claimedUser, string locale = "en-GB")
    {
        var issued = await TokenAsync(browser);
        var chat = await DirectLineClient.StartAsync(browser, issued["token"]!.GetValue<string>(), claimedUser, locale);
        return (chat, issued["userId"]!.GetValue<string>());
    }

    private async Task<T> WithDbAsync<T>(Func<ReginDbContext, Task<T>> read)
    {
        await using var db = new ReginDbContext(host.Database.ContextOptions());
        return await read(db);
    }

    [Fact]
    public async Task A_page_token_with_another_contributors_user_id_in_the_body_does_not_reach_their_draft()
    {
        using var victimBrowser = host.Browser();
        var (victim, victimId) = await StartAsync(victimBrowser, "ignored");
        Assert.StartsWith("dl_", victimId, StringComparison.Ordinal);
        await victim.PostAsync(DirectLineClient.Message("Vera Victim", victimId, locale: "en-GB"));
        await victim.PostAsync(DirectLineClient.Message("Victim County Council", victimId, locale: "en-GB"));

        // The attacker knows the victim's id (researchers see it, it was in localStorage) and names it everywhere it can.
        using var attackerBrowser = host.Browser();
        var (attacker, attackerId) = await StartAsync(attackerBrowser, victimId);
        Assert.NotEqual(victimId, attackerId);
        var greeting = await attacker.PollAsync();
        await attacker.PostAsync(DirectLineClient.Message("summary", victimId, locale: "en-GB"));
        await attacker.PostAsync(DirectLineClient.Message("Mallory", victimId, locale: "en-GB"));
        var transcript = await DirectLineClient.Resume(attackerBrowser, attacker.ConversationId, attacker.Token).PollAsync();

        Assert.Equal("contact_name", DirectLineClient.QuestionOf(greeting));
        Assert.DoesNotContain(DirectLineClient.BotTexts(transcript), t => t.Contains("Vera Victim", StringComparison.Ordinal) || t.Contains("Victim County", StringComparison.Ordinal));
        Assert.All(transcript.Where(a => a?["from"]?["role"]?.GetValue<string>() == "user"), a => Assert.Equal(attackerId, a!["from"]!["id"]!.GetValue<string>()));
        var victimAnswers = await WithDbAsync(db => db.Answers
            .Where(a => db.ContributorIdentities.Any(i => i.PracticeId == a.PracticeId && i.Channel == "webchat" && i.ExternalId == victimId))
            .ToDictionaryAsync(a => a.QuestionId, a => a.Original));
        Assert.Equal("Vera Victim", victimAnswers["contact_name"]);
        Assert.Equal("Victim County Council", victimAnswers["contact_organisation"]);
        Assert.Equal(0, await WithDbAsync(db => db.Answers.CountAsync(a => a.Original == "Mallory" && db.ContributorIdentities.Any(i => i.PracticeId == a.PracticeId && i.ExternalId == victimId))));
        Assert.Equal(attackerId, await WithDbAsync(db => db.Set<Regin.Core.Persistence.Entities.DirectLineConversation>()
            .Where(c => c.Id == attacker.ConversationId).Select(c => c.UserId).SingleAsync()));
    }

    [Fact]
    public async Task The_same_browser_gets_its_user_back_from_an_HttpOnly_strict_cookie_and_resumes_its_draft()
    {
        var cookies = new CookieContainer();
        using var browser = host.Browser(cookies);
        var first = await browser.PostAsync(TokenUrl, null);
        var setCookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
        var issued = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        var userId = issued["userId"]!.GetValue<string>();
        var chat = await DirectLineClient.StartAsync(browser, issued["token"]!.GetValue<string>(), "ignored", "en-GB");
        await chat.PostAsync(DirectLineClient.Message("Rhian Resume", userId, locale: "en-GB"));

        // Days later, in the same browser: a new page token, a new conversation, the same user, the same draft.
        var (later, laterId) = await StartAsync(browser, "ignored");
        var greeting = await later.PollAsync();

        Assert.StartsWith(WebChatUsers.CookieName + "=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/webchat", setCookie, StringComparison.OrdinalIgnoreCase);
        var cookie = cookies.GetCookies(new Uri(host.BaseAddress, "/webchat/"))[WebChatUsers.CookieName]!;
        Assert.InRange(cookie.Expires.ToUniversalTime(), DateTime.UtcNow.AddDays(29), DateTime.UtcNow.AddDays(31));
        Assert.DoesNotContain(userId, cookie.Value, StringComparison.Ordinal);
        Assert.Equal(userId, laterId);
        Assert.Equal("contact_organisation", DirectLineClient.QuestionOf(greeting));
    }

    [Fact]
    public async Task A_tampered_cookie_gives_a_new_user()
    {
        var cookies = new CookieContainer();
        using var browser = host.Browser(cookies);
        var userId = (await TokenAsync(browser))["userId"]!.GetValue<string>();
        var webchat = new Uri(host.BaseAddress, "/webchat/");
        var value = cookies.GetCookies(webchat)[WebChatUsers.CookieName]!.Value;
        cookies.Add(webchat, new Cookie(WebChatUsers.CookieName, value[..^2] + (value.EndsWith("AA", StringComparison.Ordinal) ? "BB" : "AA"), WebChatUsers.CookiePath));

        var again = (await TokenAsync(browser))["userId"]!.GetValue<string>();

        Assert.StartsWith("dl_", again, StringComparison.Ordinal);
        Assert.NotEqual(userId, again);
        Assert.NotEqual(value, cookies.GetCookies(webchat)[WebChatUsers.CookieName]!.Value);
    }

    [Fact]
    public async Task Forgetting_is_refused_from_another_site_and_from_the_page_gives_a_new_user_next_time()
    {
        var cookies = new CookieContainer();
        using var browser = host.Browser(cookies);
        var userId = (await TokenAsync(browser))["userId"]!.GetValue<string>();

        using var crossSite = new HttpRequestMessage(HttpMethod.Post, ForgetUrl);
        crossSite.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(crossSite)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync(ForgetUrl, null)).StatusCode);
        Assert.Equal(userId, (await TokenAsync(browser))["userId"]!.GetValue<string>());

        using var fromThePage = new HttpRequestMessage(HttpMethod.Post, ForgetUrl);
        fromThePage.Headers.Add("Origin", host.BaseAddress.GetLeftPart(UriPartial.Authority));
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(fromThePage)).StatusCode);
        Assert.Null(cookies.GetCookies(new Uri(host.BaseAddress, "/webchat/"))[WebChatUsers.CookieName]);
        var fresh = (await TokenAsync(browser))["userId"]!.GetValue<string>();
        Assert.NotEqual(userId, fresh);
    }

    [Fact]
    public async Task A_token_opens_its_conversation_as_its_own_user_only()
    {
        using var browser = host.Browser();
        var (chat, userId) = await StartAsync(browser, "ignored");
        var echo = await chat.PostAsync(DirectLineClient.Message("Uma User", "someone-else", locale: "en-GB"));
        var activities = await chat.PollAsync();

        var mine = activities.Single(a => a!["id"]!.GetValue<string>() == echo);
        Assert.Equal(userId, mine!["from"]!["id"]!.GetValue<string>());
        // A token is "{conversation}.{user}.{expiry}.{signature}": swapping the user breaks the signature.
        var parts = chat.Token.Split('.');
        var otherUser = Convert.ToBase64String("dl_0123456789abcdef0123456789abcdef"u8.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var swapped = string.Join('.', parts[0], otherUser, parts[2], parts[3]);
        Assert.Equal(HttpStatusCode.Forbidden, (await chat.SendAsync(HttpMethod.Get, $"/conversations/{chat.ConversationId}/activities", swapped)).StatusCode);
    }
}
