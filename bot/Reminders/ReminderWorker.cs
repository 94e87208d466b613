using Microsoft.Extensions.Options;
using Regin.Core.Reminders;

namespace Regin.Bot.Reminders;

/// <summary>
/// Every Reminders:PollSeconds, queues the reminders that are due (core's <see cref="ReminderScheduler"/>); the chat
/// ones are then sent by <see cref="Chat.Notifications.ChatNotificationSender"/>, the e-mail ones by the mail ingester.
/// Several hosts may run it on one database: each reminder is claimed in the database before it is queued.
/// </summary>
public sealed class ReminderWorker(IServiceScopeFactory scopes, IOptions<ReminderOptions> options, TimeProvider clock, ILogger<ReminderWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.PollSeconds;
        if (seconds <= 0 || options.Value.Max <= 0)
        {
            logger.LogInformation("Reminders are not scheduled from this host (Reminders:PollSeconds {Seconds}, Reminders:Max {Max})", seconds, options.Value.Max);
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ReminderScheduler>().RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database may be busy or not migrated yet: the next tick tries again.
                    logger.LogError(e, "Reminders could not be scheduled");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
