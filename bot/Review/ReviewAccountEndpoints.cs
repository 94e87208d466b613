using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Regin.Bot.Extensions;
using Regin.Core.Review;

namespace Regin.Bot.Review;

/// <summary>Sign-in, sign-out, and the administrators' list of researchers.</summary>
public static class ReviewAccountEndpoints
{
    public static void MapReviewAccount(this WebApplication app)
    {
        app.MapGet("/review/assets/review.css", () => Results.Text(ReviewAssets.Css, "text/css; charset=utf-8")).AllowAnonymous();
        app.MapGet("/review/assets/review.js", () => Results.Text(ReviewAssets.Script, "text/javascript; charset=utf-8")).AllowAnonymous();
        app.MapGet("/review/sign-in", (HttpContext context, string? returnUrl) => SignInPage(ReviewPage.For(context), returnUrl, null, null));
        app.MapPost("/review/sign-in", SignInAsync);
        app.MapPost("/review/sign-out", async ([FromForm] string? unused, SignInManager<ReviewerUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.Redirect("/review/sign-in", preserveMethod: false);
        }).RequireAuthorization(ReviewExtensions.ReviewPolicy);
        app.MapGet("/review/denied", (HttpContext context) =>
            ReviewPage.For(context).Render("Not allowed", Html.Build(h => h.Add($"<h1>Not allowed</h1><p>Your account may not open this page.</p>")), StatusCodes.Status403Forbidden));
        app.MapGet("/review/account", (HttpContext context, string? done) => AccountPage(ReviewPage.For(context), done == "changed", null, StatusCodes.Status200OK))
            .RequireAuthorization(ReviewExtensions.ReviewPolicy);
        app.MapPost("/review/account/password", ChangePasswordAsync).RequireAuthorization(ReviewExtensions.ReviewPolicy);
        app.MapReviewUsers();
    }

    private const string WrongCredentials = "The e-mail address or the password is wrong.";

    // A hash to check typed passwords against when the account does not exist: unknown and known accounts cost the same.
    private static readonly Lazy<string> UnknownAccountHash = new(() =>
        new PasswordHasher<ReviewerUser>().HashPassword(new ReviewerUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));

    /// <summary>
    /// Unknown account, wrong password and a locked account get the same answer after the same work; failures are
    /// throttled per client address, never by locking the account, so a stranger cannot shut a researcher out.
    /// </summary>
    private static async Task<IResult> SignInAsync(HttpContext context, [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        SignInManager<ReviewerUser> signIn, SignInThrottle throttle, ILoggerFactory loggers)
    {
        var page = ReviewPage.For(context);
        var logger = loggers.CreateLogger("Regin.Review.SignIn");
        var address = HostingExtensions.ClientAddress(context);
        if (throttle.IsBlocked(address))
        {
            logger.LogWarning("Review sign-in refused for {Address}: too many failures", address);
            return SignInPage(page, returnUrl, email, "Too many failed sign-ins from this address; try again in 15 minutes.", StatusCodes.Status429TooManyRequests);
        }
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return SignInPage(page, returnUrl, email, "Enter your e-mail address and your password.", StatusCodes.Status400BadRequest);
        }
        var user = await signIn.UserManager.FindByEmailAsync(email.Trim());
        var succeeded = false;
        if (user is null || await signIn.UserManager.IsLockedOutAsync(user))
        {
            // An unknown or a disabled account: the same work and the same answer as a wrong password.
            signIn.UserManager.PasswordHasher.VerifyHashedPassword(new ReviewerUser(), UnknownAccountHash.Value, password);
        }
        else
        {
            // Lockout is for administrators (a disabled account, above), not counted from failures.
            var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: false);
            succeeded = result.Succeeded;
        }
        if (!succeeded)
        {
            throttle.Fail(address);
            // The typed address is not logged (it may be a password typed into the wrong field).
            logger.LogInformation("Review sign-in failed from {Address}", address);
            return SignInPage(page, returnUrl, email, WrongCredentials, StatusCodes.Status401Unauthorized);
        }
        logger.LogInformation("{Email} signed in to the review screens", user!.Email);
        if (Regin.Core.Languages.IsSupported(user.PreferredLanguage))
        {
            context.Response.Cookies.Append(ReviewPage.LanguageCookie, user.PreferredLanguage, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, MaxAge = TimeSpan.FromDays(365), Path = "/review" });
        }
        return Results.Redirect(IsLocal(returnUrl) ? returnUrl! : "/review/dashboard", preserveMethod: false);
    }

    // The framework's own check also refuses control characters, which browsers drop ("/\t/evil.example" is "//evil.example").
    private static bool IsLocal(string? url) => !string.IsNullOrEmpty(url) && RedirectHttpResult.IsLocalUrl(url);

    private static IResult SignInPage(ReviewPage page, string? returnUrl, string? email, string? error, int status = StatusCodes.Status200OK)
    {
        var body = Html.Build(h =>
        {
            h.Add($"<form class=\"signin\" method=\"post\" action=\"/review/sign-in\">{page.Antiforgery}<h1>Sign in</h1>");
            if (error is not null)
            {
                h.Add($"<p class=\"error\" role=\"alert\">{error}</p>");
            }
            h.Add($"<input type=\"hidden\" name=\"returnUrl\" value=\"{(IsLocal(returnUrl) ? returnUrl : "/review/dashboard")}\">");
            h.Add($"<label>E-mail address <input type=\"email\" name=\"email\" id=\"email\" autocomplete=\"username\" required value=\"{email}\"></label>");
            h.Add($"<label>Password <input type=\"password\" name=\"password\" id=\"password\" autocomplete=\"current-password\" required></label>");
            h.Add($"<button type=\"submit\" id=\"sign-in\">Sign in</button></form>");
        });
        return page.Render("Sign in", body, status);
    }

    /// <summary>
    /// A researcher changes their own password: the current one first. The new security stamp ends every other session
    /// of the account; this one is signed in again with it.
    /// </summary>
    private static async Task<IResult> ChangePasswordAsync(HttpContext context, [FromForm] string? current, [FromForm] string? password, [FromForm] string? confirm,
        SignInManager<ReviewerUser> signIn, ILoggerFactory loggers)
    {
        var page = ReviewPage.For(context);
        var users = signIn.UserManager;
        var user = await users.GetUserAsync(context.User);
        if (user is null)
        {
            return Results.Redirect("/review/sign-in", preserveMethod: false);
        }
        if (string.IsNullOrEmpty(current) || string.IsNullOrEmpty(password))
        {
            return AccountPage(page, false, "Enter your current password and the new one.", StatusCodes.Status400BadRequest);
        }
        if (password != confirm)
        {
            return AccountPage(page, false, "The new password and its repetition differ.", StatusCodes.Status400BadRequest);
        }
        var result = await users.ChangePasswordAsync(user, current, password);
        if (!result.Succeeded)
        {
            var wrong = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch));
            return AccountPage(page, false, wrong ? "The current password is wrong." : string.Join(" ", result.Errors.Select(e => e.Description)), StatusCodes.Status400BadRequest);
        }
        await signIn.RefreshSignInAsync(user);
        loggers.CreateLogger("Regin.Review.Accounts").LogInformation("{Email} changed their review password; their other sessions end", user.Email);
        return Results.Redirect("/review/account?done=changed", preserveMethod: false);
    }

    private static IResult AccountPage(ReviewPage page, bool changed, string? error, int status)
    {
        var body = Html.Build(h =>
        {
            h.Add($"<h1>Your account</h1><p>Signed in as <strong>{page.UserName}</strong>.</p>");
            if (changed)
            {
                h.Add($"<p class=\"notice\" role=\"status\">Your password was changed. Your other sessions have ended.</p>");
            }
            if (error is not null)
            {
                h.Add($"<p class=\"error\" role=\"alert\">{error}</p>");
            }
            h.Add($"<h2>Change your password</h2><form class=\"panel stack\" method=\"post\" action=\"/review/account/password\" id=\"password-form\">{page.Antiforgery}");
            h.Add($"<label>Current password <input type=\"password\" name=\"current\" autocomplete=\"current-password\" required></label>");
            h.Add($"<label>New password ({ReviewUsersEndpoints.PasswordRule}) <input type=\"password\" name=\"password\" autocomplete=\"new-password\" required></label>");
            h.Add($"<label>New password again <input type=\"password\" name=\"confirm\" autocomplete=\"new-password\" required></label>");
            h.Add($"<button type=\"submit\">Change the password</button></form>");
            h.Add($"<p class=\"muted\">Changing it signs you out everywhere else.</p>");
        });
        return page.Render("Your account", body, status);
    }
}
