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
        app.MapGet("/review/account", async (HttpContext context, string? done, UserManager<ReviewerUser> users) =>
                await users.GetUserAsync(context.User) is { } user
                    ? await AccountPageAsync(ReviewPage.For(context), users, user, done, null, StatusCodes.Status200OK)
                    : Results.Redirect("/review/sign-in", preserveMethod: false))
            .RequireAuthorization(ReviewExtensions.ReviewPolicy);
        app.MapPost("/review/account/password", ChangePasswordAsync).RequireAuthorization(ReviewExtensions.ReviewPolicy);
        app.MapReviewUsers();
        app.MapReviewTwoStep();
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
        var needsCode = false;
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
            needsCode = result.RequiresTwoFactor;
        }
        if (needsCode)
        {
            // The password was right; the code of the authenticator app comes next (ReviewTwoStepEndpoints).
            var next = IsLocal(returnUrl) ? returnUrl! : "/review/dashboard";
            return Results.Redirect("/review/sign-in/code?returnUrl=" + Uri.EscapeDataString(next), preserveMethod: false);
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
            h.Messages(null, error);
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
            return await AccountPageAsync(page, users, user, null, "Enter your current password and the new one.", StatusCodes.Status400BadRequest);
        }
        if (password != confirm)
        {
            return await AccountPageAsync(page, users, user, null, "The new password and its repetition differ.", StatusCodes.Status400BadRequest);
        }
        var result = await users.ChangePasswordAsync(user, current, password);
        if (!result.Succeeded)
        {
            var wrong = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch));
            return await AccountPageAsync(page, users, user, null, wrong ? "The current password is wrong." : string.Join(" ", result.Errors.Select(e => e.Description)), StatusCodes.Status400BadRequest);
        }
        await signIn.RefreshSignInAsync(user);
        loggers.CreateLogger("Regin.Review.Accounts").LogInformation("{Email} changed their review password; their other sessions end", user.Email);
        return Results.Redirect("/review/account?done=changed", preserveMethod: false);
    }

    private static readonly Dictionary<string, string> AccountNotices = new()
    {
        ["changed"] = "Your password was changed. Your other sessions have ended.",
        ["two-step-on"] = "Two-step sign-in is on: every sign-in now asks for a code of your app.",
        ["two-step-off"] = "Two-step sign-in is off.",
    };

    /// <summary>The signed-in researcher's own account: their password, and two-step sign-in (<see cref="ReviewTwoStepEndpoints"/>).</summary>
    public static async Task<IResult> AccountPageAsync(ReviewPage page, UserManager<ReviewerUser> users, ReviewerUser user, string? done, string? error, int status)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(user);
        var twoStep = await users.GetTwoFactorEnabledAsync(user);
        var key = twoStep ? null : await users.GetAuthenticatorKeyAsync(user);
        var body = Html.Build(h =>
        {
            h.Add($"<h1>Your account</h1><p>Signed in as <strong>{page.UserName}</strong>.</p>");
            h.Messages(done is not null && AccountNotices.TryGetValue(done, out var notice) ? notice : null, error);
            h.Add($"<h2>Change your password</h2><form class=\"panel stack\" method=\"post\" action=\"/review/account/password\" id=\"password-form\">{page.Antiforgery}");
            h.Add($"<label>Current password <input type=\"password\" name=\"current\" autocomplete=\"current-password\" required></label>");
            h.Add($"<label>New password ({ReviewUsersEndpoints.PasswordRule}) <input type=\"password\" name=\"password\" autocomplete=\"new-password\" required></label>");
            h.Add($"<label>New password again <input type=\"password\" name=\"confirm\" autocomplete=\"new-password\" required></label>");
            h.Add($"<button type=\"submit\">Change the password</button></form>");
            h.Add($"<p class=\"muted\">Changing it signs you out everywhere else.</p>");
            h.Add($"<h2 id=\"two-step\">Two-step sign-in</h2>");
            if (twoStep)
            {
                h.Add($"<p id=\"two-step-state\" data-on=\"true\">On: every sign-in asks for the 6-digit code of your authenticator app.</p>");
                h.Add($"<form class=\"panel stack\" method=\"post\" action=\"/review/account/two-step/disable\">{page.Antiforgery}<label>Current password <input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label><button type=\"submit\" class=\"secondary\">Turn it off</button></form>");
            }
            else if (key is null)
            {
                h.Add($"<p id=\"two-step-state\" data-on=\"false\">Off. With it on, a sign-in needs your password and a 6-digit code from an authenticator app on your phone (recommended for administrators).</p>");
                h.Add($"<form method=\"post\" action=\"/review/account/two-step/start\">{page.Antiforgery}<button type=\"submit\">Set it up</button></form>");
            }
            else
            {
                var (shown, uri) = ReviewTwoStepEndpoints.Setup(user.Email ?? page.UserName, key);
                h.Add($"<p id=\"two-step-state\" data-on=\"false\">Being set up. Add this key to your authenticator app (\"enter a setup key\", time-based), or open the address on the phone:</p>");
                h.Add($"<p><span class=\"code\" id=\"two-step-key\">{shown}</span></p><p><span class=\"code\" id=\"two-step-uri\">{uri}</span></p>");
                h.Add($"<form class=\"panel stack\" method=\"post\" action=\"/review/account/two-step/enable\">{page.Antiforgery}<label>The code the app shows now <input type=\"text\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" required></label><button type=\"submit\">Turn it on</button></form>");
            }
        });
        return page.Render("Your account", body, status);
    }
}
