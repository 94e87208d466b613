using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Regin.Core.Review;

public static class ReviewServiceCollectionExtensions
{
    /// <summary>The researchers' tasks (edit, workflow, assessment, duplicates, routing), their queries and exports, and the outbox notifier unless a channel registered its own.</summary>
    public static IServiceCollection AddReginReviewServices(this IServiceCollection services)
    {
        services.TryAddScoped<IContributorNotifier, OutboxContributorNotifier>();
        services.AddScoped<ReviewChanges>();
        services.AddScoped<PracticeEditor>();
        services.AddScoped<PracticeWorkflow>();
        services.AddScoped<PracticeAssessor>();
        services.AddScoped<DuplicateMerger>();
        services.AddScoped<ContributorRouter>();
        services.AddScoped<ReviewQueries>();
        services.AddScoped<ReviewExport>();
        services.AddScoped<DashboardQueries>();
        services.AddScoped<Privacy.ContributorData>();
        return services;
    }
}
