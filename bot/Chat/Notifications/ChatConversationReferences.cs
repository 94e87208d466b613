using System.Text;
using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using Newtonsoft.Json;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;

namespace Regin.Bot.Chat.Notifications;

/// <summary>
/// Where a proactive message goes: the raw-input log keeps every chat message as received (serviceUrl, channel,
/// conversation, the contributor and the bot), so the contributor's last message in the conversation is the reference;
/// nothing else needs storing.
/// </summary>
public static class ChatConversationReferences
{
    /// <summary>How many of the conversation's latest messages are looked at for one of the contributor's (group chats have others).</summary>
    private const int Lookback = 50;

    /// <summary>How many of the contributor's conversations on the channel are tried, latest first.</summary>
    private const int Conversations = 5;

    /// <summary>
    /// The reference of the contributor's latest message in the notification's conversation, else in their latest
    /// conversations on that channel (the chat state's keys name them), else among the practice's raw inputs; null when
    /// there is none.
    /// </summary>
    public static async Task<ConversationReference?> FindAsync(ReginDbContext db, ContributorNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(notification);
        var candidates = new List<string>();
        if (notification.ConversationId is { Length: > 0 } known)
        {
            candidates.Add(known);
        }
        // Chat state keys: "{channel}/conversations/{conversation}/users/{user}".
        var prefix = $"{notification.Channel}/conversations/";
        var suffix = $"/users/{notification.Recipient}";
        var states = await db.Set<ChatStateItem>().AsNoTracking()
            .Where(s => s.Key.StartsWith(prefix) && s.Key.EndsWith(suffix))
            .Select(s => new { s.Key, s.UpdatedAt }).ToListAsync(cancellationToken);
        // SQLite cannot order by a DateTimeOffset; one contributor has few conversations.
        var keys = states.OrderByDescending(s => s.UpdatedAt).Select(s => s.Key).Take(Conversations);
        candidates.AddRange(keys.Where(k => k.Length > prefix.Length + suffix.Length).Select(k => k[prefix.Length..^suffix.Length]));
        var inputs = db.RawInputs.AsNoTracking().Where(r => r.Channel == notification.Channel);
        foreach (var conversationId in candidates.Distinct(StringComparer.Ordinal))
        {
            var reference = await LatestAsync(inputs.Where(r => r.ConversationId == conversationId), notification.Recipient, cancellationToken);
            if (reference is not null)
            {
                return reference;
            }
        }
        return await LatestAsync(inputs.Where(r => r.PracticeId == notification.PracticeId), notification.Recipient, cancellationToken);
    }

    private static async Task<ConversationReference?> LatestAsync(IQueryable<RawInput> inputs, string recipient, CancellationToken cancellationToken)
    {
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
            if (user != recipient)
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
