using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Regin.Core.Persistence;

namespace Regin.Bot.Api;

/// <summary>How often the readiness of GET /healthz is probed (section "Health").</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>What the last probe found: ready or not, and why not.</summary>
public sealed record Readiness(bool Ready, string? Problem, DateTimeOffset CheckedAt);

/// <summary>
/// The database's readiness as last seen, for GET /healthz to answer without any I/O per call: the migrations are compared
/// once (the host applies them at start, so they cannot become pending afterwards), then a one-row query every
/// <see cref="HealthOptions.ProbeInterval"/>. The first probe runs before the host takes requests; at shutdown the host
/// reports itself not ready, so a load balancer stops sending it work.
/// </summary>
public sealed class DatabaseReadiness(IServiceScopeFactory scopes, IOptions<HealthOptions> options, TimeProvider clock, ILogger<DatabaseReadiness> logger)
    : BackgroundService
{
    private Readiness _current = new(false, "The database has not been checked yet.", DateTimeOffset.MinValue);
    private bool _migrationsChecked;

    public Readiness Current => Volatile.Read(ref _current);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ProbeAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _current, new Readiness(false, "The host is stopping.", clock.GetUtcNow()));
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ProbeInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ProbeAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Checks now (the background loop does it on its own; tests and the start call it directly).</summary>
    public async Task<Readiness> ProbeAsync(CancellationToken cancellationToken = default)
    {
        Readiness next;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
            if (!_migrationsChecked)
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                if (pending.Count > 0)
                {
                    next = new Readiness(false, $"The database is not migrated: {string.Join(", ", pending)} pending.", clock.GetUtcNow());
                    Publish(next);
                    return next;
                }
                _migrationsChecked = true;
            }
            await db.Practices.AnyAsync(cancellationToken);
            next = new Readiness(true, null, clock.GetUtcNow());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            next = new Readiness(false, $"The database is not reachable: {e.Message}", clock.GetUtcNow());
        }
        Publish(next);
        return next;
    }

    private void Publish(Readiness next)
    {
        var previous = Interlocked.Exchange(ref _current, next);
        if (previous.Ready != next.Ready)
        {
            if (next.Ready)
            {
                logger.LogInformation("The database is ready");
            }
            else
            {
                logger.LogWarning("The database is not ready: {Problem}", next.Problem);
            }
        }
    }
}
