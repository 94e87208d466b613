using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Regin.Bot.Chat;
using Regin.Bot.DirectLine;
using Regin.Bot.Extensions;

namespace Regin.Bot.WebChat;

/// <summary>
/// Who the web chat page's browser is: the Direct Line user id this service assigned it (never one the page chose: the
/// id, with the channel, finds the contributor's draft), kept in an HttpOnly, SameSite=Strict cookie protected with the
/// Data Protection key ring (in the database, so every host reads every other's cookie) and valid
/// <see cref="ChatOptions.WebChatUserDays"/> days after the last visit. Scoped to /webchat: only the token and forget
/// requests carry it.
/// </summary>
public sealed class WebChatUsers
{
    public const string CookieName = "regin.webchat.user";
    public const string CookiePath = "/webchat";

    private readonly ITimeLimitedDataProtector _protector;
    private readonly TimeSpan _lifetime;
    private readonly bool _alwaysSecure;
    private readonly TimeProvider _clock;

    public WebChatUsers(IDataProtectionProvider dataProtection, IOptions<ChatOptions> options, IHostEnvironment environment, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(dataProtection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        _protector = dataProtection.CreateProtector("Regin.WebChat.User").ToTimeLimitedDataProtector();
        _lifetime = TimeSpan.FromDays(options.Value.WebChatUserDays);
        _alwaysSecure = HostingExtensions.CookiePolicy(environment) == CookieSecurePolicy.Always;
        _clock = clock;
    }

    /// <summary>The user id of the request's cookie, or null when there is none, or it is tampered with, expired, or from another key ring.</summary>
    public string? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }
        try
        {
            var userId = _protector.Unprotect(value, out _);
            return userId.StartsWith(DirectLineApi.UserIdPrefix, StringComparison.Ordinal) ? userId : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Keeps <paramref name="userId"/> on this browser for the configured days from now.</summary>
    public void Write(HttpContext context, string userId)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var expires = _clock.GetUtcNow().Add(_lifetime);
        context.Response.Cookies.Append(CookieName, _protector.Protect(userId, expires), Options(context, expires));
    }

    /// <summary>Makes this browser forget its user: the next token starts a new one.</summary>
    public void Forget(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Delete(CookieName, Options(context, null));
    }

    private CookieOptions Options(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = _alwaysSecure || context.Request.IsHttps,
        Path = CookiePath,
        IsEssential = true,
        Expires = expires,
    };
}
