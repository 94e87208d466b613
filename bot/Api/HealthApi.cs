using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;

namespace Regin.Bot.Api;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", CheckAsync);
        return app;
    }

    /// <summary>200 when the database answers and has no pending migration; 503 otherwise.</summary>
    internal static async Task<Results<Ok<HealthReport>, ProblemHttpResult>> CheckAsync(ReginDbContext db, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                return TypedResults.Problem($"The database is not migrated: {string.Join(", ", pending)} pending.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            await db.Practices.AnyAsync(cancellationToken);
            return TypedResults.Ok(new HealthReport("ok", db.Provider().Name));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The reason goes to the log only: an anonymous caller learns nothing of paths or servers.
            loggers.CreateLogger(typeof(HealthApi)).LogWarning(e, "Health check: the database is not reachable");
            return TypedResults.Problem("The database is not reachable.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>"ok" and the database provider in use ("Sqlite" or "PostgreSQL").</summary>
    public sealed record HealthReport(string Status, string Provider);
}
