using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Regin.Core.Persistence;
using Regin.Core.Review;

namespace Regin.Bot.Review;

/// <summary>At start: the roles, and the first administrator from Review:Admin (when configured and not there yet).</summary>
public sealed class ReviewAdminSeeder(IServiceProvider services, IOptions<ReviewAdminOptions> options, ILogger<ReviewAdminSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Hosts started together on one database seed one after the other, so neither creates a role or the admin twice.
        await using var hostLock = await services.GetRequiredService<ReginDatabaseProvider>().LockAcrossHostsAsync("review-admin-seed", cancellationToken);
        await using var scope = services.CreateAsyncScope();
        await EnsureRolesAsync(scope.ServiceProvider);
        var admin = options.Value;
        if (string.IsNullOrWhiteSpace(admin.Email) || string.IsNullOrEmpty(admin.Password))
        {
            return;
        }
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ReviewerUser>>();
        if (await users.FindByEmailAsync(admin.Email) is not null)
        {
            // Security review L11: the first password is only needed once; left in the settings it outlives its use.
            logger.LogWarning("Review:Admin:Password is still set, but the administrator {Email} exists already: remove Review:Admin:Password (and Review__Admin__Password) from the settings and the environment; it is only read to create the first administrator", admin.Email);
            return;
        }
        var result = await CreateUserAsync(users, admin.Email, admin.Password, ReviewRoles.Admin);
        if (result.Succeeded)
        {
            logger.LogInformation("Created the first review administrator {Email}", admin.Email);
        }
        else
        {
            logger.LogError("Could not create the review administrator {Email}: {Errors}", admin.Email, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in ReviewRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    /// <summary>A researcher (or admin) signing in with their e-mail address.</summary>
    public static async Task<IdentityResult> CreateUserAsync(UserManager<ReviewerUser> users, string email, string password, string role)
    {
        ArgumentNullException.ThrowIfNull(users);
        var user = new ReviewerUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true, LockoutEnabled = true };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            return result;
        }
        var roles = role == ReviewRoles.Admin ? new[] { ReviewRoles.Admin, ReviewRoles.Researcher } : [ReviewRoles.Researcher];
        return await users.AddToRolesAsync(user, roles);
    }
}
