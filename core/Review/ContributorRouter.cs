using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Review;

/// <summary>Where a message to a contributor goes: the channel, the address or chat identity, and the conversation.</summary>
public sealed record ContributorRoute(string Channel, string Recipient, string? ConversationId);

/// <summary>Finds the channel a contributor used last, so a message reaches them where they answered.</summary>
public sealed class ContributorRouter(ReginDbContext db)
{
    /// <summary>The newest raw input says which channel; an e-mail address or a chat identity says where. Null when the practice has neither.</summary>
    public async Task<ContributorRoute?> RouteAsync(Practice practice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(practice);
        var last = await db.RawInputs.AsNoTracking().Where(r => r.PracticeId == practice.Id)
            .OrderByDescending(r => r.Id)
            .Select(r => new { r.Channel, r.ConversationId }).FirstOrDefaultAsync(cancellationToken);
        var email = practice.ContributorEmail ?? practice.Identities.FirstOrDefault(i => i.Channel == Channels.Email)?.ExternalId;
        var chat = practice.Identities.Where(i => i.Channel != Channels.Email)
            .OrderByDescending(i => last is not null && i.Channel == last.Channel).ThenByDescending(i => i.Id).FirstOrDefault();
        var preferChat = last is not null ? last.Channel != Channels.Email : practice.ChannelList.LastOrDefault() == Channels.Chat;
        if (chat is not null && (preferChat || email is null))
        {
            return new ContributorRoute(chat.Channel, chat.ExternalId, last?.Channel == chat.Channel ? last.ConversationId : null);
        }
        return email is null ? null : new ContributorRoute(Channels.Email, email, null);
    }
}
