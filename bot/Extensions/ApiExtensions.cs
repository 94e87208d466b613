using Microsoft.AspNetCore.Authentication;
using Regin.Bot.Api;

namespace Regin.Bot.Extensions;

public static class ApiExtensions
{
    public const string ApiTokenPolicy = "ApiToken";

    public static WebApplicationBuilder AddReginApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // A body that is not JSON, or not the expected shape: say so instead of a bare 400.
            if (context.Exception is BadHttpRequestException bad)
            {
                context.ProblemDetails.Status = bad.StatusCode;
                context.ProblemDetails.Title = "The request is not valid.";
                context.ProblemDetails.Detail = bad.Message;
            }
        });
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.SectionName)
            .Validate(o => o.ApiTokens.All(t => string.IsNullOrEmpty(t) || t.Length >= ReviewOptions.MinTokenLength),
                $"Review:ApiTokens: each token needs at least {ReviewOptions.MinTokenLength} characters (a random one, e.g. openssl rand -hex 32).")
            .ValidateOnStart();
        builder.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DatabaseReadiness>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DatabaseReadiness>());
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiTokenPolicy, policy => policy.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
        return builder;
    }

    public static WebApplication MapReginApi(this WebApplication app)
    {
        app.MapHealthApi();
        app.MapQuestionnaireApi();
        app.MapPracticesApi().RequireAuthorization(ApiTokenPolicy);
        app.MapTemplatesApi();
        return app;
    }
}
