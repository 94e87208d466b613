using Microsoft.Extensions.Options;
using Regin.Core.Privacy;

namespace Regin.Bot.Privacy;

/// <summary>Runs the raw-input retention purge at start and then every Privacy:RetentionCheckHours (0: never).</summary>
public sealed class RawInputRetentionService(IServiceScopeFactory scopes, IOptions<PrivacyOptions> options, ILogger<RawInputRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var hours = options.Value.RetentionCheckHours;
        if (hours <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromHours(hours));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<RawInputRetention>().PurgeAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The raw-input retention purge failed; it runs again in {Hours} hours", hours);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
