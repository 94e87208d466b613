using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.MailIngest.Replies;

/// <summary>
/// Replies are written to the database in the same transaction as the answers they report (as raw messages of the
/// channel "email-out", unique by key), then sent. A reply whose key exists was sent, or is waiting: this is how
/// the one-error-reply-per-sender-and-day limit survives restarts, and how a reply is never lost or sent twice.
/// </summary>
public sealed class Outbox(ReginDbContext db, TimeProvider clock, ILogger<Outbox> logger)
{
    public const string Channel = "email-out";
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string SendFailed = "send_failed";

    /// <summary>Stores the reply unless one with the same key exists; returns its id, or null when it is held back.</summary>
    public async Task<long?> QueueAsync(MimeMessage reply, string key, Guid? practiceId, CancellationToken cancellationToken = default)
    {
        var row = await AddAsync(reply, key, practiceId, cancellationToken);
        if (row is null)
        {
            return null;
        }
        await db.SaveChangesAsync(cancellationToken);
        return row.Id;
    }

    /// <summary>
    /// <see cref="QueueAsync"/> without saving: the row is added to the unit of work (its id is known once the caller
    /// saves), or null when a reply with the same key exists.
    /// </summary>
    public async Task<RawInput?> AddAsync(MimeMessage reply, string key, Guid? practiceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (db.RawInputs.Local.Any(r => r.Channel == Channel && r.DedupKey == key)
            || await db.RawInputs.AnyAsync(r => r.Channel == Channel && r.DedupKey == key, cancellationToken))
        {
            logger.LogInformation("Reply {Key} held back: the same reply went out today", key);
            return null;
        }
        using var bytes = new MemoryStream();
        await reply.WriteToAsync(bytes, cancellationToken);
        var row = new RawInput
        {
            Channel = Channel,
            DedupKey = key,
            ContentType = "message/rfc822",
            Content = bytes.ToArray(),
            PracticeId = practiceId,
            ConversationId = reply.To.Mailboxes.FirstOrDefault()?.Address,
            ReceivedAt = clock.GetUtcNow(),
            Outcome = Pending,
        };
        db.RawInputs.Add(row);
        return row;
    }

    /// <summary>Sends every reply still waiting (after a commit, and at start for replies a crash left behind).</summary>
    public async Task<int> SendPendingAsync(IReplySender sender, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        var pending = await db.RawInputs.AsNoTracking().Where(r => r.Channel == Channel && r.Outcome == Pending).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var id in pending)
        {
            var row = await db.RawInputs.AsNoTracking().FirstAsync(r => r.Id == id, cancellationToken);
            var message = await MimeMessage.LoadAsync(new MemoryStream(row.Content), cancellationToken);
            string outcome;
            string? detail = null;
            try
            {
                await sender.SendAsync(message, cancellationToken);
                outcome = Sent;
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException && sender.IsPermanent(e))
            {
                outcome = SendFailed;
                detail = e.Message;
                logger.LogWarning(e, "Reply {Id} to {To} refused by the SMTP server", id, row.ConversationId);
            }
            await db.RawInputs.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Outcome, outcome).SetProperty(r => r.OutcomeDetail, detail), cancellationToken);
        }
        return sent;
    }
}

/// <summary>Sends a reply (SMTP in production, a list in tests).</summary>
public interface IReplySender
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default);

    /// <summary>True when retrying will not help (the server refused the recipient); transient errors are rethrown.</summary>
    bool IsPermanent(Exception error);
}
