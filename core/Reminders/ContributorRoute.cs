using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Reminders;

/// <summary>Where a message for a practice's contributor goes: the channel they used last, and who they are there.</summary>
public sealed record ContributorRoute(string Channel, string Recipient, string? ConversationId)
{
    /// <summary>
    /// The newest raw input says which channel they used last; an e-mail address or a chat identity says where. Null
    /// when the practice has neither. (The same rule as the review's "request changes".)
    /// </summary>
    public static async Task<ContributorRoute?> FindAsync(ReginDbContext db, Guid practiceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var practice = await db.Practices.AsNoTracking().Where(p => p.Id == practiceId)
            .Select(p => new { p.ContributorEmail, p.Channels }).SingleOrDefaultAsync(cancellationToken);
        if (practice is null)
        {
            return null;
        }
        var identities = await db.ContributorIdentities.AsNoTracking().Where(i => i.PracticeId == practiceId).ToListAsync(cancellationToken);
        var last = await db.RawInputs.AsNoTracking().Where(r => r.PracticeId == practiceId)
            .OrderByDescending(r => r.Id)
            .Select(r => new { r.Channel, r.ConversationId }).FirstOrDefaultAsync(cancellationToken);
        var email = practice.ContributorEmail ?? identities.FirstOrDefault(i => i.Channel == Channels.Email)?.ExternalId;
        var chat = identities.Where(i => i.Channel != Channels.Email)
            .OrderByDescending(i => last is not null && i.Channel == last.Channel).ThenByDescending(i => i.Id).FirstOrDefault();
        var preferChat = last is not null
            ? last.Channel != Channels.Email
            : practice.Channels.Split(',', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() == Channels.Chat;
        if (chat is not null && (preferChat || email is null))
        {
            return new ContributorRoute(chat.Channel, chat.ExternalId, last?.Channel == chat.Channel ? last.ConversationId : null);
        }
        return email is null ? null : new ContributorRoute(Channels.Email, email, null);
    }
}
