using Microsoft.Extensions.Options;

namespace Regin.Bot.Chat.Notifications;

/// <summary>Every Chat:NotificationPollSeconds, delivers the researchers' pending messages for chat contributors.</summary>
public sealed class ChatNotificationSender(ChatNotificationDelivery delivery, IOptions<ChatOptions> options, ILogger<ChatNotificationSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.NotificationPollSeconds;
        if (seconds <= 0)
        {
            logger.LogInformation("Chat notifications are not sent from this host (Chat:NotificationPollSeconds is {Seconds})", seconds);
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await delivery.DeliverPendingAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database may be busy or not migrated yet: the next tick tries again.
                    logger.LogError(e, "Chat notifications could not be delivered");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
