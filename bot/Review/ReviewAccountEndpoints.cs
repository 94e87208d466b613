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
        app.MapGet("/review/users", UsersAsync).RequireAuthorization(ReviewExtensions.AdminPolicy);
        app.MapPost("/review/users", AddUserAsync).RequireAuthorization(ReviewExtensions.AdminPolicy);
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
        if (user is null)
        {
            signIn.UserManager.PasswordHasher.VerifyHashedPassword(new ReviewerUser(), UnknownAccountHash.Value, password);
        }
        else
        {
            // Lockout is for administrators (a disabled account), not counted from failures.
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

    private static async Task<IResult> UsersAsync(HttpContext context, UserManager<ReviewerUser> users, string? done, CancellationToken cancellationToken) =>
        UsersPage(ReviewPage.For(context), await ListUsersAsync(users, cancellationToken), done, null);

    private static async Task<IReadOnlyList<(ReviewerUser User, IList<string> Roles)>> ListUsersAsync(UserManager<ReviewerUser> users, CancellationToken cancellationToken)
    {
        var list = new List<(ReviewerUser, IList<string>)>();
        foreach (var user in await users.Users.OrderBy(u => u.Email).ToListAsync(cancellationToken))
        {
            list.Add((user, await users.GetRolesAsync(user)));
        }
        return list;
    }

    private static async Task<IResult> AddUserAsync(HttpContext context, [FromForm] string? email, [FromForm] string? password, [FromForm] string? role, UserManager<ReviewerUser> users, CancellationToken cancellationToken)
    {
        var page = ReviewPage.For(context);
        string? error = null;
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            error = "Give the new researcher's e-mail address and a first password.";
        }
        else
        {
            var result = await ReviewAdminSeeder.CreateUserAsync(users, email, password, role == ReviewRoles.Admin ? ReviewRoles.Admin : ReviewRoles.Researcher);
            if (result.Succeeded)
            {
                return Results.Redirect("/review/users?done=added");
            }
            error = string.Join(" ", result.Errors.Select(e => e.Description));
        }
        return UsersPage(page, await ListUsersAsync(users, cancellationToken), null, error);
    }

    private static IResult UsersPage(ReviewPage page, IReadOnlyList<(ReviewerUser User, IList<string> Roles)> list, string? done, string? error)
    {
        var body = Html.Build(h =>
        {
            h.Add($"<h1>Researchers</h1>");
            if (done == "added")
            {
                h.Add($"<p class=\"notice\">The account was created.</p>");
            }
            if (error is not null)
            {
                h.Add($"<p class=\"error\">{error}</p>");
            }
            h.Add($"<table><thead><tr><th>E-mail</th><th>Roles</th><th>Locked until</th><th>Failed attempts</th></tr></thead><tbody>");
            foreach (var (user, roles) in list)
            {
                h.Add($"<tr><td>{user.Email}</td><td>{string.Join(", ", roles)}</td><td>{(user.LockoutEnd > DateTimeOffset.UtcNow ? user.LockoutEnd.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm") + " UTC" : "")}</td><td>{user.AccessFailedCount}</td></tr>");
            }
            h.Add($"</tbody></table>");
            h.Add($"<h2>Add a researcher</h2><form class=\"panel stack\" method=\"post\" action=\"/review/users\">{page.Antiforgery}");
            h.Add($"<label>E-mail address <input type=\"email\" name=\"email\" required></label>");
            h.Add($"<label>First password (at least 10 characters, with a digit, a capital and a small letter) <input type=\"password\" name=\"password\" required></label>");
            h.Add($"<label>Role <select name=\"role\"><option value=\"researcher\">researcher</option><option value=\"admin\">admin</option></select></label>");
            h.Add($"<button type=\"submit\">Add</button></form>");
        });
        return page.Render("Researchers", body);
    }
}
