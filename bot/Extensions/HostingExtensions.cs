using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Regin.Core.Persistence;

namespace Regin.Bot.Extensions;

/// <summary>Settings of the host on the internet (section "Hosting").</summary>
public sealed class HostingOptions
{
    public const string SectionName = "Hosting";

    /// <summary>Reverse proxies whose X-Forwarded-For/-Proto are believed (IP addresses); loopback is always believed.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>The same for whole networks (CIDR, e.g. 10.0.0.0/8).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Requests per minute from one client address to the anonymous endpoints (everything but the signed-in review screens and the token API).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Largest request body anywhere (bytes); /api/messages and /api/answers/check take at most <see cref="HostingExtensions.SmallBodyBytes"/>.</summary>
    [Range(SmallestBody, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    internal const long SmallestBody = 1024;

    /// <summary>
    /// The https port browsers reach this host on (443 behind a usual proxy): a plain http request to the review
    /// screens outside Development is redirected there. Unset: ASP.NET Core's <c>https_port</c>, else an https address
    /// the host listens on; with none of them such a request gets a 400 page (<see cref="ReviewHttpsOnly"/>).
    /// </summary>
    [Range(1, 65535)]
    public int? HttpsPort { get; set; }
}

/// <summary>
/// What makes the bot host fit for the internet and several hosts behind one address behave as one: a shared key
/// ring, the real client address behind a proxy, HSTS and secure cookies, a rate limit per client on the anonymous
/// endpoints, and request size limits.
/// </summary>
public static class HostingExtensions
{
    /// <summary>The application name in the key ring: every host of one database must use the same.</summary>
    public const string DataProtectionApplicationName = "regin";

    /// <summary>The body limit of the anonymous JSON endpoints (/api/messages, /api/answers/check).</summary>
    public const long SmallBodyBytes = 256 * 1024;

    public const string RateLimitedStatusText = "Too many requests from this address; try again in a minute.";

    public static WebApplicationBuilder AddReginHosting(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var section = builder.Configuration.GetSection(HostingOptions.SectionName);
        var options = section.Get<HostingOptions>() ?? new HostingOptions();
        services.AddOptions<HostingOptions>().BindConfiguration(HostingOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "Hosting:KnownProxies: each entry must be an IP address.")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "Hosting:KnownNetworks: each entry must be a network in CIDR form, e.g. 10.0.0.0/8.")
            .ValidateOnStart();

        // Sign-in cookies, antiforgery tokens and (without DirectLine:Secret) Direct Line tokens are protected with keys
        // kept in the database, so any host reads what another wrote, and a restart signs nobody out.
        services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<ReginDbContext>();

        // Behind a reverse proxy: the client's address (rate limits, logs) and scheme (secure cookies, links).
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            forwarded.ForwardLimit = 1;
            foreach (var proxy in options.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in options.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));

        // OpenTelemetry (core's AddReginTelemetry) gets the HTTP side: request spans and ASP.NET Core's own meters,
        // without the probes and static files that would drown the turns and mails.
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddAspNetCoreInstrumentation(aspNet =>
            aspNet.Filter = context => !IsProbeOrAsset(context.Request.Path)));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddAspNetCoreInstrumentation());
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsAnonymousEndpoint(context.Request.Path) && !Chat.Hosting.ChatRehearsal.IsRunning && !IsBotServiceEndpoint(context)
                    ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = Math.Max(1, options.RequestsPerMinute),
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter("signed-in"));
        });
        return builder;
    }

    /// <summary>Forwarded headers first, then the chat warm-up's rehearsed requests (not rate limited), then HSTS (outside Development), the review screens over https only (where their cookies are Secure), then the rate limiter.</summary>
    public static WebApplication UseReginHosting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders();
        // The chat warm-up's requests over a loopback socket, before the host says ready (only those with its key).
        if (app.Services.GetService<Chat.Hosting.ChatWarmUp>() is { } warmUp)
        {
            app.Use(warmUp.AdmitAsync);
        }
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        if (CookiePolicy(app.Environment) == CookieSecurePolicy.Always)
        {
            app.UseWhen(ReviewHttpsOnly.Applies, https => https.Run(ReviewHttpsOnly.AnswerAsync));
        }
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Cookies go over HTTPS only, except on a developer's machine and in the tests (plain http://localhost).</summary>
    public static CookieSecurePolicy CookiePolicy(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.IsDevelopment() || environment.IsEnvironment("Testing") ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
    }

    /// <summary>The client's address (after forwarded headers), the partition of its limits.</summary>
    public static string ClientAddress(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress?.ToString() ?? "local";
    }

    private static bool IsProbeOrAsset(PathString path) =>
        path.StartsWithSegments("/livez") || path.StartsWithSegments("/healthz") || Path.HasExtension(path.Value);

    // The signed-in review screens (their own sign-in is throttled separately) and the bearer-token API are left out.
    /// <summary>
    /// POST /api/messages with MicrosoftAppId set: the Bot Framework's token is its gate and its failures are throttled
    /// (<see cref="Chat.Hosting.ChatAuthenticationThrottle"/>); the channel service's few addresses carry every user's messages.
    /// </summary>
    private static bool IsBotServiceEndpoint(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api/messages")
        && context.RequestServices.GetService<Chat.Hosting.AnonymousEndpointGuard>() is { IsAnonymous: false };

    private static bool IsAnonymousEndpoint(PathString path) =>
        !(path.StartsWithSegments("/review") && !path.StartsWithSegments("/review/sign-in"))
        && !path.StartsWithSegments("/api/practices");
}
