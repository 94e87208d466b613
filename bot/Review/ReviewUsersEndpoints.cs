using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Regin.Bot.Extensions;
using Regin.Core.Review;

namespace Regin.Bot.Review;

/// <summary>
/// /review/users, for administrators: the researchers, adding one, and off-boarding (security review M5): disable and
/// enable an account, set a new password. Disabling and a new password rotate the account's security stamp, so its
/// open sessions end at their next request (<see cref="ReviewSessionCheck"/>).
/// </summary>
public static class ReviewUsersEndpoints
{
    public const string PasswordRule = "at least 10 characters, with a digit, a capital and a small letter";

    private static readonly Dictionary<string, string> Notices = new()
    {
        ["added"] = "The account was created.",
        ["disabled"] = "The account was disabled; its sessions have ended.",
        ["enabled"] = "The account was enabled again.",
        ["reset"] = "The password was set and two-step sign-in turned off; the account's sessions have ended. Give the new password to its owner.",
    };

    public static void MapReviewUsers(this WebApplication app)
    {
        var users = app.MapGroup("/review/users").RequireAuthorization(ReviewExtensions.AdminPolicy);
        users.MapGet("", UsersAsync);
        users.MapPost("", AddUserAsync);
        users.MapPost("/{id}/disable", (HttpContext context, string id, [FromForm] string? unused, UserManager<ReviewerUser> manager, ILoggerFactory loggers, CancellationToken cancellationToken) =>
            SetDisabledAsync(context, id, true, manager, loggers, cancellationToken));
        users.MapPost("/{id}/enable", (HttpContext context, string id, [FromForm] string? unused, UserManager<ReviewerUser> manager, ILoggerFactory loggers, CancellationToken cancellationToken) =>
            SetDisabledAsync(context, id, false, manager, loggers, cancellationToken));
        users.MapPost("/{id}/password", ResetPasswordAsync);
    }

    /// <summary>Whether an administrator has disabled the account (Identity's lockout, never set by failed sign-ins here).</summary>
    public static bool IsDisabled(ReviewerUser user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.LockoutEnd > now;
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
        string? error;
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
        // As before: the page again, with the error.
        return await ErrorAsync(context, users, error, StatusCodes.Status200OK, cancellationToken);
    }

    private static async Task<IResult> SetDisabledAsync(HttpContext context, string id, bool disable, UserManager<ReviewerUser> users, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return await ErrorAsync(context, users, "There is no such account.", StatusCodes.Status404NotFound, cancellationToken);
        }
        if (disable && users.GetUserId(context.User) == user.Id)
        {
            return await ErrorAsync(context, users, "You cannot disable your own account.", StatusCodes.Status400BadRequest, cancellationToken);
        }
        var result = await users.SetLockoutEnabledAsync(user, true);
        if (result.Succeeded)
        {
            result = await users.SetLockoutEndDateAsync(user, disable ? DateTimeOffset.MaxValue : null);
        }
        if (result.Succeeded)
        {
            result = disable ? await users.UpdateSecurityStampAsync(user) : await users.ResetAccessFailedCountAsync(user);
        }
        if (!result.Succeeded)
        {
            return await ErrorAsync(context, users, string.Join(" ", result.Errors.Select(e => e.Description)), StatusCodes.Status400BadRequest, cancellationToken);
        }
        loggers.CreateLogger("Regin.Review.Accounts").LogInformation("{Admin} {Action} the review account {Email}", ReviewPage.UserOf(context.User), disable ? "disabled" : "enabled", user.Email);
        return Results.Redirect(disable ? "/review/users?done=disabled" : "/review/users?done=enabled", preserveMethod: false);
    }

    /// <summary>An administrator sets a new password (the owner forgot theirs, or it leaked): the account's sessions end.</summary>
    private static async Task<IResult> ResetPasswordAsync(HttpContext context, string id, [FromForm] string? password, UserManager<ReviewerUser> users, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return await ErrorAsync(context, users, "There is no such account.", StatusCodes.Status404NotFound, cancellationToken);
        }
        if (string.IsNullOrEmpty(password))
        {
            return await ErrorAsync(context, users, "Give the new password.", StatusCodes.Status400BadRequest, cancellationToken);
        }
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, user, password)).Errors);
        }
        if (errors.Count > 0)
        {
            return await ErrorAsync(context, users, string.Join(" ", errors.Select(e => e.Description)), StatusCodes.Status400BadRequest, cancellationToken);
        }
        // A new password from an administrator is also the way back in after a lost phone: two-step sign-in is turned off.
        await ReviewTwoStepEndpoints.TurnOffAsync(users, user);
        // The hash and the new stamp are saved together (UpdateSecurityStampAsync saves the user).
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        var result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded)
        {
            return await ErrorAsync(context, users, string.Join(" ", result.Errors.Select(e => e.Description)), StatusCodes.Status400BadRequest, cancellationToken);
        }
        loggers.CreateLogger("Regin.Review.Accounts").LogInformation("{Admin} set a new password for the review account {Email}", ReviewPage.UserOf(context.User), user.Email);
        return Results.Redirect("/review/users?done=reset", preserveMethod: false);
    }

    private static async Task<IResult> ErrorAsync(HttpContext context, UserManager<ReviewerUser> users, string error, int status, CancellationToken cancellationToken) =>
        UsersPage(ReviewPage.For(context), await ListUsersAsync(users, cancellationToken), null, error, status);

    private static IResult UsersPage(ReviewPage page, IReadOnlyList<(ReviewerUser User, IList<string> Roles)> list, string? done, string? error, int status = StatusCodes.Status200OK)
    {
        var now = DateTimeOffset.UtcNow;
        var self = page.UserName;
        var body = Html.Build(h =>
        {
            h.Add($"<h1>Researchers</h1>");
            h.Messages(done is not null && Notices.TryGetValue(done, out var notice) ? notice : null, error);
            h.Add($"{Html.ScrollStart("Accounts")}<table id=\"users\"><thead><tr><th>E-mail</th><th>Roles</th><th>State</th><th>Access</th><th>New password</th></tr></thead><tbody>");
            foreach (var (user, roles) in list)
            {
                var disabled = IsDisabled(user, now);
                var action = "/review/users/" + user.Id;
                h.Add($"<tr data-user=\"{user.Email}\"><td>{user.Email}</td><td>{string.Join(", ", roles)}</td><td class=\"state\">{(disabled ? "disabled" : "active")}</td><td>");
                if (disabled)
                {
                    h.Add($"<form method=\"post\" action=\"{action}/enable\">{page.Antiforgery}<button type=\"submit\" class=\"secondary\">Enable</button></form>");
                }
                else if (user.UserName != self)
                {
                    h.Add($"<form method=\"post\" action=\"{action}/disable\">{page.Antiforgery}<button type=\"submit\" class=\"secondary\">Disable</button></form>");
                }
                h.Add($"</td><td><form method=\"post\" action=\"{action}/password\">{page.Antiforgery}<input type=\"password\" name=\"password\" autocomplete=\"new-password\" required aria-label=\"New password for {user.Email}\"> <button type=\"submit\" class=\"secondary\">Set</button></form></td></tr>");
            }
            h.Add($"</tbody></table></div>");
            h.Add($"<p class=\"muted\">Disabling an account or setting its password ends its sessions at once. A disabled account cannot sign in; its work stays.</p>");
            h.Add($"<h2>Add a researcher</h2><form class=\"panel stack\" method=\"post\" action=\"/review/users\">{page.Antiforgery}");
            h.Add($"<label>E-mail address <input type=\"email\" name=\"email\" required></label>");
            h.Add($"<label>First password ({PasswordRule}) <input type=\"password\" name=\"password\" required></label>");
            h.Add($"<label>Role <select name=\"role\"><option value=\"researcher\">researcher</option><option value=\"admin\">admin</option></select></label>");
            h.Add($"<button type=\"submit\">Add</button></form>");
        });
        return page.Render("Researchers", body, status);
    }
}
