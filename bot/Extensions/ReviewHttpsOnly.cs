using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Regin.Bot.Extensions;

/// <summary>
/// Outside Development the review screens' cookies (sign-in, antiforgery, label language) are Secure, so over plain
/// http they cannot work (ASP.NET Core's antiforgery even refuses with a 500). A plain http request to /review is
/// redirected (307, method and body kept) to the same address over https when the host knows its https port
/// (<see cref="HostingOptions.HttpsPort"/>, else ASP.NET Core's <c>https_port</c> setting, else an https address the
/// host listens on itself); otherwise it gets a 400 page saying the review screens need https. Nothing else is
/// touched: /api/messages, the probes and the web chat answer over http as before.
/// </summary>
public static class ReviewHttpsOnly
{
    public const string Message = "The review screens are served over HTTPS only. Open this address with https:// (or ask the administrator to put the host behind an HTTPS proxy: docs/deploy.md).";

    public const string UntrustedProxyMessage = "The review screens are served over HTTPS only. A proxy in front of this host says the request came over HTTPS, but the host does not trust that proxy: add its address to Hosting:KnownProxies (or its network to Hosting:KnownNetworks).";

    public static bool Applies(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return !context.Request.IsHttps && context.Request.Path.StartsWithSegments("/review");
    }

    public static Task AnswerAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        // A proxy said https, but it is not one the host believes (Hosting:KnownProxies): a redirect would come back here
        // through the same proxy, for ever. Say what to set instead.
        var untrustedHttps = request.Headers["X-Forwarded-Proto"].Any(p => string.Equals(p?.Trim(), "https", StringComparison.OrdinalIgnoreCase));
        if (!untrustedHttps && HttpsPort(context) is { } port && request.Host.HasValue && request.Host.Host.Length > 0)
        {
            var host = port == 443 ? new HostString(request.Host.Host) : new HostString(request.Host.Host, port);
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = UriHelper.BuildAbsolute("https", host, request.PathBase, request.Path, request.QueryString);
            return Task.CompletedTask;
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'";
        var message = untrustedHttps ? UntrustedProxyMessage : Message;
        var html = $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>HTTPS required · REGIN review</title></head><body><h1>HTTPS required</h1><p>{message}</p></body></html>";
        return context.Response.WriteAsync(html, Encoding.UTF8, context.RequestAborted);
    }

    /// <summary>The port browsers reach this host's https on, when it is known.</summary>
    public static int? HttpsPort(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
        if (services.GetRequiredService<IOptions<HostingOptions>>().Value.HttpsPort is { } configured)
        {
            return configured;
        }
        if (int.TryParse(services.GetRequiredService<IConfiguration>()["https_port"], NumberStyles.None, CultureInfo.InvariantCulture, out var standard) && standard is > 0 and <= 65535)
        {
            return standard;
        }
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            if (address.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                && Uri.TryCreate(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            {
                return uri.Port;
            }
        }
        return null;
    }
}
