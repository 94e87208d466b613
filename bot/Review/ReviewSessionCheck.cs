using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Regin.Core.Persistence;

namespace Regin.Bot.Review;

/// <summary>
/// Every request with a review sign-in cookie: the account must still exist, not be disabled, and carry the security
/// stamp the cookie was issued with (security review M5). Disabling an account, resetting or changing its password
/// rotates the stamp, so every session of that account ends at its next request, not up to 30 minutes later (Identity's
/// own check, which runs after this one, only looks every <see cref="SecurityStampValidatorOptions.ValidationInterval"/>).
/// One small read of the user row per request.
/// </summary>
public static class ReviewSessionCheck
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var principal = context.Principal;
        var id = principal?.FindFirstValue(claims.UserIdClaimType);
        var stamp = principal?.FindFirstValue(claims.SecurityStampClaimType);
        var account = id is null
            ? null
            : await services.GetRequiredService<ReginDbContext>().Users.AsNoTracking()
                .Where(u => u.Id == id)
                .Select(u => new { u.SecurityStamp, u.LockoutEnd })
                .FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (account is null || stamp is null || account.SecurityStamp != stamp || account.LockoutEnd > now)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
