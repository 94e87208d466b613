using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Regin.Bot.Chat.Hosting;
using Regin.Bot.DirectLine;
using Regin.Core.Diagnostics;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Reminders;
using Regin.Core.Review;

namespace Regin.Bot.Chat.Notifications;

/// <summary>
/// Delivers the researchers' messages for chat contributors (contributor_notifications rows of every channel but
/// e-mail) as proactive messages: into the local Direct Line's transcript for its conversations, through the
/// CloudAdapter for the others (Teams, Azure's Web Chat, the emulator). Each row is claimed (pending → sending, in one
/// update that only a pending row passes) before it is sent, so it is never sent twice.
/// </summary>
public sealed class ChatNotificationDelivery(
    IServiceScopeFactory scopes,
    IServiceProvider services,
    ReginBot bot,
    IOptions<ChatOptions> options,
    TimeProvider clock,
    ReginTelemetry telemetry,
    ILogger<ChatNotificationDelivery> logger)
{
    private const int BatchSize = 20;
    private const string Kind = "notification";

    /// <summary>Sends the pending chat notifications, oldest first; returns how many were sent.</summary>
    public async Task<int> DeliverPendingAsync(CancellationToken cancellationToken = default)
    {
        List<long> ids;
        await using (var scope = scopes.CreateAsyncScope())
        {
            ids = await scope.ServiceProvider.GetRequiredService<ReginDbContext>().ContributorNotifications.AsNoTracking()
                .Where(n => n.State == ContributorNotificationStates.Pending && n.Channel != Channels.Email)
                .OrderBy(n => n.Id).Select(n => n.Id).Take(BatchSize).ToListAsync(cancellationToken);
        }
        var sent = 0;
        foreach (var id in ids)
        {
            if (await DeliverAsync(id, cancellationToken))
            {
                sent++;
            }
        }
        return sent;
    }

    /// <summary>Claims and sends one notification; false when another worker had it, or it failed (Attempts and Error say why).</summary>
    public async Task<bool> DeliverAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var notification = await NotificationOutbox.ClaimAsync(db, id, cancellationToken);
        if (notification is null)
        {
            return false;
        }
        if (notification.Channel == Channels.Email)
        {
            // E-mail rows belong to the mail ingester.
            await NotificationOutbox.ReleaseAsync(db, id);
            return false;
        }
        var sending = false;
        try
        {
            var reference = await ChatConversationReferences.FindAsync(db, notification, cancellationToken);
            if (reference is null)
            {
                await NotificationOutbox.MarkFailedAsync(db, id,
                    $"No conversation of {notification.Recipient} on {notification.Channel} is known to send to: the contributor's messages in the raw-input log name none.", final: true);
                telemetry.MessageSent(Kind, notification.Channel, "failed");
                return false;
            }
            sending = true;
            await SendAsync(reference, notification, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (!sending)
            {
                // Stopped before anything was sent: the next start tries again.
                await NotificationOutbox.ReleaseAsync(db, id);
            }
            throw;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not send notification {Id} for {Reference} to {Channel} (attempt {Attempt})", notification.Id, notification.PracticeReference, notification.Channel, notification.Attempts);
            var final = notification.Attempts >= options.Value.NotificationMaxAttempts;
            await NotificationOutbox.MarkFailedAsync(db, id, $"{e.GetType().Name}: {e.Message}", final);
            telemetry.MessageSent(Kind, notification.Channel, final ? "failed" : "retry");
            return false;
        }
        await NotificationOutbox.MarkSentAsync(db, id, clock.GetUtcNow());
        telemetry.MessageSent(Kind, notification.Channel, "sent");
        logger.LogInformation("Sent notification {Id} for {Reference} to {Channel} conversation {Conversation}", notification.Id, notification.PracticeReference, notification.Channel, notification.ConversationId);
        return true;
    }

    private async Task SendAsync(ConversationReference reference, ContributorNotification notification, CancellationToken cancellationToken)
    {
        // The pipeline's error handler logs a turn's exception and ends the turn quietly: keep it to count the attempt.
        Exception? failure = null;
        async Task Callback(ITurnContext turn, CancellationToken token)
        {
            try
            {
                if (notification.Kind == ReminderScheduler.Kind)
                {
                    // A reminder only reminds: the conversation's state stays as the contributor left it.
                    var message = MessageFactory.Text(notification.Text);
                    message.TextFormat = TextFormatTypes.Plain;
                    await turn.SendActivityAsync(message, token);
                }
                else
                {
                    await bot.SendContributorMessageAsync(turn, notification.Recipient, notification.Text, notification.PracticeId, token);
                }
            }
            catch (Exception e)
            {
                failure = e;
                throw;
            }
        }
        if (reference.ServiceUrl == DirectLineBotAdapter.ServiceUrl)
        {
            var local = services.GetService<DirectLineBotAdapter>()
                ?? throw new InvalidOperationException("The conversation is on the local Direct Line, which is not running here (DirectLine:Enabled).");
            await local.ContinueConversationAsync(DirectLineBotAdapter.BotAccount.Id, reference, Callback, cancellationToken);
        }
        else
        {
            await services.GetRequiredService<ReginBotAdapter>().ContinueConversationAsync(options.Value.BotAppId, reference, Callback, cancellationToken);
        }
        if (failure is not null)
        {
            throw new InvalidOperationException($"The message could not be sent to {reference.ChannelId} conversation {reference.Conversation?.Id}: {failure.Message}", failure);
        }
    }
}
