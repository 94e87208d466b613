using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Regin.Bot.Tests.Api;

/// <summary>
/// The host behind a reverse proxy in Production (issue 11, security review M6): the client's address and scheme come
/// from X-Forwarded-For/-Proto only when the proxy is trusted (loopback, Hosting:KnownProxies, Hosting:KnownNetworks),
/// so rate limits count each client rather than the proxy, HSTS goes out on HTTPS only, and cookies are Secure.
/// </summary>
public sealed class BehindAProxyTests(ReginApplication app) : IClassFixture<ReginApplication>
{
    private const string Proxy = "198.51.100.9";

    // The test server has no socket: this puts the proxy's address on every request, before the host's own middleware.
    private sealed class FromAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = address;
                return following(context);
            });
            next(builder);
        };
    }

    private WebApplicationFactory<Program> Production(string remote, int requestsPerMinute, params (string Key, string Value)[] settings) =>
        app.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production").UseSetting("Chat:AllowAnonymous", "true").UseSetting("Hosting:RequestsPerMinute", requestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
            b.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new FromAddress(IPAddress.Parse(remote))));
        });

    private static async Task<HttpStatusCode> GetAsync(HttpClient client, string path, string forwardedFor, string? forwardedProto = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("127.0.0.1")] // loopback: always trusted
    [InlineData(Proxy, "Hosting:KnownProxies:0", Proxy)]
    [InlineData(Proxy, "Hosting:KnownNetworks:0", "198.51.100.0/24")]
    public async Task Behind_a_trusted_proxy_each_client_address_has_its_own_rate_limit(string remote, string? key = null, string? value = null)
    {
        using var host = key is null ? Production(remote, 3) : Production(remote, 3, (key, value!));
        var client = host.CreateClient();
        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            first.Add(await GetAsync(client, "/api/questionnaire", "203.0.113.7"));
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.OK, await GetAsync(client, "/api/questionnaire", "203.0.113.8"));
    }

    [Fact]
    public async Task An_untrusted_peer_cannot_choose_its_address_with_a_forwarded_header()
    {
        using var host = Production(Proxy, 3);
        var client = host.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            // A new address in every request: ignored, all of them are the peer's own.
            statuses.Add(await GetAsync(client, "/api/questionnaire", $"203.0.113.{10 + i}"));
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Over_https_at_the_proxy_the_host_sends_hsts_and_its_cookies_are_secure()
    {
        using var host = Production("127.0.0.1", 1000);
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://regin.example.org"), AllowAutoRedirect = false });

        using var https = new HttpRequestMessage(HttpMethod.Get, "/review/sign-in");
        https.Headers.Add("X-Forwarded-For", "203.0.113.7");
        https.Headers.Add("X-Forwarded-Proto", "https");
        using var secure = await client.SendAsync(https);
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.StartsWith("max-age=31536000", Assert.Single(secure.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        var cookies = secure.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, cookie => Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase));

        // Plain http at the proxy: no HSTS (a browser ignores it there). (The review screens themselves are not served over
        // plain http in Production: see the two tests below.)
        using var plain = new HttpRequestMessage(HttpMethod.Get, "/api/questionnaire");
        plain.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var insecure = await client.SendAsync(plain);
        Assert.Equal(HttpStatusCode.OK, insecure.StatusCode);
        Assert.False(insecure.Headers.Contains("Strict-Transport-Security"));
    }

    private static HttpClient PlainHttpClient(WebApplicationFactory<Program> host) =>
        host.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://regin.example.org"), AllowAutoRedirect = false });

    private static FormUrlEncodedContent SignInForm() => new(new Dictionary<string, string> { ["email"] = "someone@regin.test", ["password"] = "Some-Password-1" });

    [Fact]
    public async Task Over_plain_http_in_Production_the_review_screens_answer_a_page_saying_they_need_https_and_the_chat_and_probes_are_untouched()
    {
        using var host = Production("127.0.0.1", 1000);
        var client = PlainHttpClient(host);
        foreach (var path in new[] { "/review/sign-in", "/review", "/review/users", "/review/assets/review.css" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("served over HTTPS only", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }
        using (var post = await client.PostAsync("/review/sign-in", SignInForm()))
        {
            Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/livez")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var activity = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "message", ["id"] = Guid.NewGuid().ToString("N"), ["channelId"] = "webchat", ["serviceUrl"] = "https://webchat.invalid/",
            ["deliveryMode"] = "expectReplies", ["locale"] = "en-GB", ["text"] = "hello",
            ["from"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "plain-http-user", ["role"] = "user" },
            ["recipient"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "regin-bot" },
            ["conversation"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "plain-http-" + Guid.NewGuid().ToString("N") },
        };
        using var chat = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/messages", activity);
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Contains("\"activities\"", await chat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hosting:HttpsPort", "8443", "https://regin.example.org:8443")]
    [InlineData("https_port", "443", "https://regin.example.org")]
    public async Task Over_plain_http_in_Production_the_review_screens_redirect_to_https_when_the_host_knows_its_port(string key, string port, string origin)
    {
        using var host = Production("127.0.0.1", 1000, (key, port));
        var client = PlainHttpClient(host);
        using var get = await client.GetAsync("/review/sign-in?returnUrl=%2Freview");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, get.StatusCode);
        Assert.Equal(origin + "/review/sign-in?returnUrl=%2Freview", get.Headers.Location!.OriginalString);
        using var post = await client.PostAsync("/review/sign-in", SignInForm());
        Assert.Equal(HttpStatusCode.TemporaryRedirect, post.StatusCode);
        Assert.Equal(origin + "/review/sign-in", post.Headers.Location!.OriginalString);

        // An untrusted proxy saying https would be redirected back through itself for ever: a 400 says what to set instead.
        using var untrustedHost = Production(Proxy, 1000, (key, port));
        using var fromProxy = new HttpRequestMessage(HttpMethod.Get, "/review/sign-in");
        fromProxy.Headers.Add("X-Forwarded-Proto", "https");
        using var untrusted = await PlainHttpClient(untrustedHost).SendAsync(fromProxy);
        Assert.Equal(HttpStatusCode.BadRequest, untrusted.StatusCode);
        Assert.Contains("Hosting:KnownProxies", await untrusted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Where it leads, the sign-in page is served, with Secure cookies.
        using var https = await client.GetAsync(get.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, https.StatusCode);
        Assert.All(https.Headers.GetValues("Set-Cookie"), cookie => Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase));
    }
}
