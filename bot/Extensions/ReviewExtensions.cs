using Microsoft.AspNetCore.Identity;
using Regin.Bot.Review;
using Regin.Bot.Review.Tools;
using Regin.Core.Persistence;
using Regin.Core.Review;

namespace Regin.Bot.Extensions;

/// <summary>The researchers' review screens under /review: sign-in (ASP.NET Core Identity on the Regin database), screens, exports.</summary>
public static class ReviewExtensions
{
    public const string ReviewPolicy = "Review";
    public const string AdminPolicy = "ReviewAdmin";

    public static WebApplicationBuilder AddReginReview(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddReginReviewServices();
        services.AddOptions<ReviewAdminOptions>().BindConfiguration(ReviewAdminOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.IsComplete || o.IsEmpty, "Review:Admin: set both Email and Password, or neither.")
            .Validate(o => o.Email.Length == 0 || System.Net.Mail.MailAddress.TryCreate(o.Email, out _), "Review:Admin:Email must be an e-mail address.")
            .ValidateOnStart();
        services.AddIdentityCore<ReviewerUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ReginDbContext>()
            .AddSignInManager()
            // Two-step sign-in: 6-digit codes of an authenticator app (ReviewTwoStepEndpoints).
            .AddTokenProvider<AuthenticatorTokenProvider<ReviewerUser>>(TokenOptions.DefaultAuthenticatorProvider);
        services.AddAuthentication().AddIdentityCookies();
        // Between the password and the code: who passed the first step, for five minutes.
        services.Configure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, options =>
        {
            options.Cookie.Name = "regin.review.2fa";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = HostingExtensions.CookiePolicy(builder.Environment);
            options.Cookie.Path = "/review";
            options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "regin.review";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = HostingExtensions.CookiePolicy(builder.Environment);
            options.LoginPath = "/review/sign-in";
            options.LogoutPath = "/review/sign-out";
            options.AccessDeniedPath = "/review/denied";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            // A disabled account, or a password reset or changed, ends the account's other sessions at their next request.
            options.Events.OnValidatePrincipal = ReviewSessionCheck.ValidateAsync;
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "regin.review.af";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = HostingExtensions.CookiePolicy(builder.Environment);
            options.FormFieldName = ReviewPage.AntiforgeryField;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(ReviewPolicy, policy => policy.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                .RequireAuthenticatedUser().RequireRole(ReviewRoles.Researcher, ReviewRoles.Admin))
            .AddPolicy(AdminPolicy, policy => policy.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                .RequireAuthenticatedUser().RequireRole(ReviewRoles.Admin));
        services.AddSingleton<SignInThrottle>();
        services.AddHostedService<ReviewAdminSeeder>();
        services.AddScoped<Review.Tools.PracticeSeeder>();
        return builder;
    }

    /// <summary>Runs `seed N` or `measure [N]` when the command line asks for it (see ReviewCommands); true when it did.</summary>
    public static Task<bool> RunReginReviewCommandAsync(this WebApplication app, string[] args) => ReviewCommands.RunAsync(app, args);

    public static WebApplication MapReginReview(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapReviewAccount();
        app.MapReviewScreens();
        app.MapReviewExports();
        return app;
    }
}
