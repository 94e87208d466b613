using Microsoft.AspNetCore.Http.HttpResults;

namespace Regin.Bot.Api;

/// <summary>GET /livez: the process answers (no I/O). GET /healthz: ready for work, from <see cref="DatabaseReadiness"/>'s last probe.</summary>
public static class HealthApi
{
    private static readonly HealthReport Ok = new("ok");

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/livez", () => TypedResults.Ok(Ok));
        app.MapGet("/healthz", Check);
        return app;
    }

    /// <summary>200 when the last probe found the database reachable and migrated; 503 with the reason otherwise.</summary>
    internal static Results<Ok<HealthReport>, ProblemHttpResult> Check(DatabaseReadiness readiness) =>
        readiness.Current is { Ready: false } notReady
            ? TypedResults.Problem(notReady.Problem, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(Ok);

    public sealed record HealthReport(string Status);
}
