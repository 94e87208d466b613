using Microsoft.AspNetCore.Http.HttpResults;
using Regin.Core.Persistence;

namespace Regin.Bot.Api;

/// <summary>GET /livez: the process answers (no I/O). GET /healthz: ready for work, from <see cref="DatabaseReadiness"/>'s last probe.</summary>
public static class HealthApi
{

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/livez", () => TypedResults.Ok(new LiveReport("ok")));
        app.MapGet("/healthz", Check);
        return app;
    }

    /// <summary>
    /// 200 with the provider when the last probe found the database reachable and migrated and the chat's warm-up has
    /// ended; 503 otherwise. The reason
    /// goes to the log only (DatabaseReadiness logs each change): an anonymous caller learns nothing of paths or servers.
    /// </summary>
    internal static Results<Ok<HealthReport>, ProblemHttpResult> Check(DatabaseReadiness readiness, ReginDatabaseProvider provider, HttpContext context) =>
        readiness.Current is { Ready: false }
            ? TypedResults.Problem("The database is not ready.", statusCode: StatusCodes.Status503ServiceUnavailable)
            // The chat's warm-up still runs (its last part over a loopback socket, once the host listens).
            : context.RequestServices.GetService<Chat.Hosting.ChatWarmUp>() is { Rehearsing: true }
                ? TypedResults.Problem("The chat is warming up.", statusCode: StatusCodes.Status503ServiceUnavailable)
                : TypedResults.Ok(new HealthReport("ok", provider.Name));

    /// <summary>"ok" and the database provider in use ("Sqlite" or "PostgreSQL").</summary>
    public sealed record HealthReport(string Status, string Provider);

    public sealed record LiveReport(string Status);
}
