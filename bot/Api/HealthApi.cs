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
    internal static async Task<Results<Ok<HealthReport>, ProblemHttpResult>> CheckAsync(ReginDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                return TypedResults.Problem($"The database is not migrated: {string.Join(", ", pending)} pending.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            await db.Practices.AnyAsync(cancellationToken);
            return TypedResults.Ok(new HealthReport("ok"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return TypedResults.Problem($"The database is not reachable: {e.Message}", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    public sealed record HealthReport(string Status);
}
