using System.Text;
using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using Newtonsoft.Json;
using Regin.Core.Persistence;
using Regin.Core.Review;

namespace Regin.Bot.Chat.Notifications;

/// <summary>
/// Where a proactive message goes: the raw-input log keeps every chat message as received (serviceUrl, channel,
/// conversation, the contributor and the bot), so the contributor's last message in the conversation is the reference.
/// </summary>
public static class ChatConversationReferences
{
    /// <summary>How many of the conversation's latest messages are looked at for one of the contributor's (group chats have others).</summary>
    private const int Lookback = 50;

    /// <summary>The reference of the contributor's latest message in the notification's conversation (else of the practice on that channel); null when there is none.</summary>
    public static async Task<ConversationReference?> FindAsync(ReginDbContext db, ContributorNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(notification);
        var inputs = db.RawInputs.AsNoTracking().Where(r => r.Channel == notification.Channel);
        inputs = notification.ConversationId is { Length: > 0 } conversationId
            ? inputs.Where(r => r.ConversationId == conversationId)
            : inputs.Where(r => r.PracticeId == notification.PracticeId);
        var recent = await inputs.OrderByDescending(r => r.Id).Take(Lookback).Select(r => r.Content).ToListAsync(cancellationToken);
        foreach (var content in recent)
        {
            var activity = Parse(content);
            if (activity?.Conversation?.Id is not { Length: > 0 } conversation || string.IsNullOrEmpty(activity.ServiceUrl))
            {
                continue;
            }
            // ReginBot gives a client without a user id a contributor of its own per conversation.
            var user = string.IsNullOrWhiteSpace(activity.From?.Id) ? $"conversation:{conversation}" : activity.From.Id;
            if (user != notification.Recipient)
            {
                continue;
            }
            var reference = activity.GetConversationReference();
            // A new message, not a reply to the contributor's last one.
            reference.ActivityId = null;
            return reference;
        }
        return null;
    }

    private static Activity? Parse(byte[] content)
    {
        try
        {
            return JsonConvert.DeserializeObject<Activity>(Encoding.UTF8.GetString(content));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
