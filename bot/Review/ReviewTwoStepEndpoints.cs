using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Regin.Bot.Extensions;
using Regin.Core.Review;

namespace Regin.Bot.Review;

/// <summary>
/// Two-step sign-in with a 6-digit code from an authenticator app (TOTP, RFC 6238, ASP.NET Core Identity's own
/// authenticator provider; security review M5). Optional, for any account, meant for administrators: set up on
/// /review/account (the key and its otpauth:// address are shown, no QR code), then every sign-in asks for a code after
/// the password. Wrong codes count against the client address like wrong passwords (<see cref="SignInThrottle"/>). An
/// administrator setting a new password for the account also turns two-step sign-in off (a lost phone).
/// </summary>
public static class ReviewTwoStepEndpoints
{
    public const string Issuer = "REGIN review";

    public static void MapReviewTwoStep(this WebApplication app)
    {
        app.MapGet("/review/sign-in/code", async (HttpContext context, string? returnUrl, SignInManager<ReviewerUser> signIn) =>
            await signIn.GetTwoFactorAuthenticationUserAsync() is null
                ? Results.Redirect("/review/sign-in", preserveMethod: false)
                : CodePage(ReviewPage.For(context), returnUrl, null, StatusCodes.Status200OK));
        app.MapPost("/review/sign-in/code", CodeAsync);
        var account = app.MapGroup("/review/account/two-step").RequireAuthorization(ReviewExtensions.ReviewPolicy);
        account.MapPost("/start", StartAsync);
        account.MapPost("/enable", EnableAsync);
        account.MapPost("/disable", DisableAsync);
    }

    private static async Task<IResult> CodeAsync(HttpContext context, [FromForm] string? code, [FromForm] string? returnUrl,
        SignInManager<ReviewerUser> signIn, SignInThrottle throttle, ILoggerFactory loggers)
    {
        var page = ReviewPage.For(context);
        var address = HostingExtensions.ClientAddress(context);
        if (throttle.IsBlocked(address))
        {
            return CodePage(page, returnUrl, "Too many failed sign-ins from this address; try again in 15 minutes.", StatusCodes.Status429TooManyRequests);
        }
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Results.Redirect("/review/sign-in", preserveMethod: false);
        }
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(Digits(code), isPersistent: false, rememberClient: false);
        if (!result.Succeeded)
        {
            throttle.Fail(address);
            loggers.CreateLogger("Regin.Review.SignIn").LogInformation("Review sign-in code refused from {Address}", address);
            return CodePage(page, returnUrl, "The code is wrong or too old. Type the code your app shows now.", StatusCodes.Status401Unauthorized);
        }
        loggers.CreateLogger("Regin.Review.SignIn").LogInformation("{Email} signed in to the review screens with a code", user.Email);
        return Results.Redirect(returnUrl is { Length: > 0 } && RedirectHttpResult.IsLocalUrl(returnUrl) ? returnUrl : "/review/dashboard", preserveMethod: false);
    }

    private static IResult CodePage(ReviewPage page, string? returnUrl, string? error, int status)
    {
        var body = Html.Build(h =>
        {
            h.Add($"<form class=\"signin\" method=\"post\" action=\"/review/sign-in/code\">{page.Antiforgery}<h1>Sign in: code</h1>");
            h.Messages(null, error);
            h.Add($"<input type=\"hidden\" name=\"returnUrl\" value=\"{(returnUrl is { Length: > 0 } && RedirectHttpResult.IsLocalUrl(returnUrl) ? returnUrl : "/review/dashboard")}\">");
            h.Add($"<label>The 6-digit code of your authenticator app <input type=\"text\" name=\"code\" id=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9 ]{{6,7}}\" required></label>");
            h.Add($"<button type=\"submit\" id=\"sign-in-code\">Sign in</button></form>");
        });
        return page.Render("Sign in", body, status);
    }

    /// <summary>A new key for the signed-in account (not yet in use: the next step checks a first code with it).</summary>
    private static async Task<IResult> StartAsync(HttpContext context, [FromForm] string? unused, SignInManager<ReviewerUser> signIn)
    {
        var user = await signIn.UserManager.GetUserAsync(context.User);
        if (user is null)
        {
            return Results.Redirect("/review/sign-in", preserveMethod: false);
        }
        if (!await signIn.UserManager.GetTwoFactorEnabledAsync(user))
        {
            // A new key rotates the security stamp: this session is signed in again, others end.
            await signIn.UserManager.ResetAuthenticatorKeyAsync(user);
            await signIn.RefreshSignInAsync(user);
        }
        return Results.Redirect("/review/account#two-step", preserveMethod: false);
    }

    private static async Task<IResult> EnableAsync(HttpContext context, [FromForm] string? code, SignInManager<ReviewerUser> signIn, ILoggerFactory loggers)
    {
        var users = signIn.UserManager;
        var user = await users.GetUserAsync(context.User);
        if (user is null)
        {
            return Results.Redirect("/review/sign-in", preserveMethod: false);
        }
        if (await users.GetAuthenticatorKeyAsync(user) is null
            || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Digits(code)))
        {
            return await ReviewAccountEndpoints.AccountPageAsync(ReviewPage.For(context), users, user, null, "The code does not match the key. Type the code your app shows now.", StatusCodes.Status400BadRequest);
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        await signIn.RefreshSignInAsync(user);
        loggers.CreateLogger("Regin.Review.Accounts").LogInformation("{Email} turned on two-step sign-in", user.Email);
        return Results.Redirect("/review/account?done=two-step-on", preserveMethod: false);
    }

    private static async Task<IResult> DisableAsync(HttpContext context, [FromForm] string? password, SignInManager<ReviewerUser> signIn, ILoggerFactory loggers)
    {
        var users = signIn.UserManager;
        var user = await users.GetUserAsync(context.User);
        if (user is null)
        {
            return Results.Redirect("/review/sign-in", preserveMethod: false);
        }
        if (string.IsNullOrEmpty(password) || !await users.CheckPasswordAsync(user, password))
        {
            return await ReviewAccountEndpoints.AccountPageAsync(ReviewPage.For(context), users, user, null, "The current password is wrong.", StatusCodes.Status400BadRequest);
        }
        await TurnOffAsync(users, user);
        await signIn.RefreshSignInAsync(user);
        loggers.CreateLogger("Regin.Review.Accounts").LogInformation("{Email} turned off two-step sign-in", user.Email);
        return Results.Redirect("/review/account?done=two-step-off", preserveMethod: false);
    }

    /// <summary>Two-step sign-in off and its key forgotten (the owner's choice, or an administrator's new password).</summary>
    public static async Task TurnOffAsync(UserManager<ReviewerUser> users, ReviewerUser user)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(user);
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey");
    }

    /// <summary>The key as shown (groups of four) and the otpauth:// address an authenticator app reads.</summary>
    public static (string Key, string Uri) Setup(string email, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var shown = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            shown.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(email)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        return (shown.ToString().TrimEnd().ToLowerInvariant(), uri);
    }

    private static string Digits(string? code) => new((code ?? "").Where(char.IsAsciiDigit).ToArray());
}
