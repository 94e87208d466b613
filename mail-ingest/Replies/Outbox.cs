using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Regin.Core.Diagnostics;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Privacy;
using Regin.MailIngest.Options;

namespace Regin.MailIngest.Replies;

/// <summary>
/// Replies are written to the outbox table (mail_outbox) in the same transaction as the answers they report, then
/// sent. Each row is claimed before sending (pending → sending, a conditional update: two workers never send one row),
/// then marked sent; a failure puts it back with an exponential backoff, a refusal (5xx) or too many attempts fails
/// it for good. A row left "sending" by a crash becomes "unknown" (never sent twice). Sending never throws: an SMTP
/// server that is down, refuses our login or times out only delays the replies, never the reading of mail.
/// </summary>
public sealed class Outbox(ReginDbContext db, OutboxSendGate gate, ContributorErasure erasure, IOptions<MailboxOptions> options, TimeProvider clock, ReginTelemetry telemetry, ILogger<Outbox> logger)
{
    public const int MaxAttempts = 8;
    private const string Kind = "reply";
    public const int BatchSize = 50;
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongestRetry = TimeSpan.FromHours(1);
    /// <summary>A claim older than this was interrupted (the process died while sending).</summary>
    public static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(15);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Adds the reply to the unit of work (saved by the caller) unless one with the same key exists, or the caps are
    /// reached: at most <c>Mail:MaxRepliesPerRecipientPerDay</c> to one address per UTC day, <c>Mail:MaxRepliesPerHour</c>
    /// in all. Returns the row, or null when it is held back (with the reason in the log).
    /// </summary>
    public async Task<MailOutboxMessage?> AddAsync(MimeMessage reply, string key, Guid? practiceId, long? rawInputId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var recipient = (reply.To.Mailboxes.FirstOrDefault()?.Address ?? "").ToLowerInvariant();
        var row = await ReserveAsync(recipient, reply.MessageId, key, practiceId, rawInputId, [], cancellationToken);
        if (row is null)
        {
            return null;
        }
        row.Content = await ContentAsync(reply, cancellationToken);
        db.MailOutbox.Add(row);
        return row;
    }

    /// <summary>
    /// The checks of <see cref="AddAsync"/> (same key, caps) and the row, without its content and not added: a batch of
    /// mails composes its replies after the mails are recorded (<paramref name="pending"/>: its rows not saved yet) and
    /// saves them together; <paramref name="statements"/>, the batch's prepared statements, make its checks (the last
    /// hour's replies counted once per batch).
    /// </summary>
    public async Task<MailOutboxMessage?> ReserveAsync(string recipient, string? messageId, string key, Guid? practiceId, long? rawInputId,
        IReadOnlyCollection<MailOutboxMessage> pending, CancellationToken cancellationToken = default, Intake.MailBatchStatements? statements = null)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(pending);
        recipient = recipient.ToLowerInvariant();
        if (pending.Any(r => r.DedupKey == key) || db.MailOutbox.Local.Any(r => r.DedupKey == key)
            || (statements is null ? await db.MailOutbox.AnyAsync(r => r.DedupKey == key, cancellationToken) : await statements.ReplyKeyTakenAsync(key, cancellationToken)))
        {
            logger.LogInformation("Reply {Key} held back: the same reply went out already", key);
            return null;
        }
        var now = Now;
        var dayStart = now.Date;
        var toRecipient = (statements is null
                ? await db.MailOutbox.CountAsync(r => r.Recipient == recipient && r.CreatedAt >= dayStart, cancellationToken)
                : await statements.RepliesToSinceAsync(recipient, dayStart, cancellationToken))
            + db.MailOutbox.Local.Count(r => r.Recipient == recipient && r.Id == 0) + pending.Count(r => r.Recipient == recipient);
        if (toRecipient >= options.Value.MaxRepliesPerRecipientPerDay)
        {
            logger.LogWarning("Reply to {Recipient} held back: {Count} replies today already", PersonalData.Masked(recipient), toRecipient);
            return null;
        }
        var hourStart = now.AddHours(-1);
        var lastHour = (statements is null
                ? await db.MailOutbox.CountAsync(r => r.CreatedAt >= hourStart, cancellationToken)
                : await statements.RepliesBeforeBatchSinceAsync(hourStart, cancellationToken))
            + pending.Count;
        if (lastHour >= options.Value.MaxRepliesPerHour)
        {
            logger.LogWarning("Reply to {Recipient} held back: {Count} replies in the last hour (Mail:MaxRepliesPerHour)", PersonalData.Masked(recipient), lastHour);
            return null;
        }
        return new MailOutboxMessage
        {
            DedupKey = key,
            Recipient = recipient,
            PracticeId = practiceId,
            RawInputId = rawInputId,
            MessageId = messageId,
            Content = [],
            State = MailOutboxStates.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    /// <summary>The bytes of a reply as the outbox keeps them.</summary>
    public static async Task<byte[]> ContentAsync(MimeMessage reply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        using var bytes = new MemoryStream();
        await reply.WriteToAsync(bytes, cancellationToken);
        return bytes.ToArray();
    }

    /// <summary>
    /// Sends the replies that are due (after a commit, and at start for replies a crash or an SMTP failure left
    /// behind); returns how many went out. Stops the round at the first sign that the server is unreachable.
    /// </summary>
    public async Task<int> SendPendingAsync(IReplySender sender, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        if (!gate.IsOpen(Now))
        {
            return 0;
        }
        await MarkInterruptedAsync(cancellationToken);
        var now = Now;
        var due = await db.MailOutbox.AsNoTracking()
            .Where(r => r.State == MailOutboxStates.Pending && r.NextAttemptAt <= now)
            .OrderBy(r => r.Id).Select(r => r.Id).Take(BatchSize).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var id in due)
        {
            var outcome = await SendOneAsync(sender, id, cancellationToken);
            if (outcome == SendOutcome.Sent)
            {
                sent++;
            }
            else if (outcome == SendOutcome.ServerUnavailable)
            {
                break;
            }
        }
        return sent;
    }

    private enum SendOutcome { Sent, Skipped, Failed, ServerUnavailable }

    private async Task<SendOutcome> SendOneAsync(IReplySender sender, long id, CancellationToken cancellationToken)
    {
        var claimedAt = Now;
        var claimed = await db.MailOutbox.Where(r => r.Id == id && r.State == MailOutboxStates.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.State, MailOutboxStates.Sending)
                .SetProperty(r => r.Attempts, r => r.Attempts + 1)
                .SetProperty(r => r.ClaimedAt, claimedAt), cancellationToken);
        if (claimed == 0)
        {
            return SendOutcome.Skipped;
        }
        var row = await db.MailOutbox.AsNoTracking().SingleAsync(r => r.Id == id, cancellationToken);
        MimeMessage message;
        try
        {
            message = await MimeMessage.LoadAsync(new MemoryStream(row.Content, writable: false), cancellationToken);
        }
        catch (FormatException e)
        {
            await FinishAsync(id, MailOutboxStates.Failed, "unreadable: " + e.Message, null, null);
            telemetry.MessageSent(Kind, Channels.Email, "failed");
            return SendOutcome.Failed;
        }
        try
        {
            await sender.SendAsync(message, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: whether the server took it is unknown; a resend would risk a double, so it is left to the reaper.
            throw;
        }
        catch (Exception e)
        {
            var unavailable = sender.IsServerUnavailable(e);
            var final = sender.IsPermanent(e) || row.Attempts >= MaxAttempts;
            var retryAt = Now + Backoff(row.Attempts);
            await FinishAsync(id, final ? MailOutboxStates.Failed : MailOutboxStates.Pending, e.Message, null, final ? null : retryAt);
            telemetry.MessageSent(Kind, Channels.Email, final ? "failed" : "retry");
            if (final)
            {
                logger.LogError(e, "Reply {Id} to {Recipient} failed for good after {Attempts} attempts", id, PersonalData.Masked(Shown(row)), row.Attempts);
                await ForgetIfErasedAsync(row);
            }
            else
            {
                logger.LogWarning(e, "Reply {Id} to {Recipient} not sent (attempt {Attempts}); next try at {RetryAt:u}", id, PersonalData.Masked(Shown(row)), row.Attempts, retryAt);
            }
            if (unavailable)
            {
                gate.Pause(Now + Backoff(Math.Max(1, gate.ConsecutiveFailures + 1)));
                return SendOutcome.ServerUnavailable;
            }
            return SendOutcome.Failed;
        }
        await FinishAsync(id, MailOutboxStates.Sent, null, Now, null);
        telemetry.MessageSent(Kind, Channels.Email, "sent");
        gate.Succeeded();
        await ForgetIfErasedAsync(row);
        return SendOutcome.Sent;
    }

    /// <summary>The confirmation of an erasure keeps the erased address only until it is sent or given up.</summary>
    private async Task ForgetIfErasedAsync(MailOutboxMessage row)
    {
        if (row.DedupKey.StartsWith(ContributorErasure.ConfirmationOutboxKeyPrefix, StringComparison.Ordinal))
        {
            await erasure.ForgetConfirmationAsync(row.Id, CancellationToken.None);
        }
    }

    /// <summary>The recipient as logged: not an erased contributor's address (a log file is not scrubbed).</summary>
    private static string Shown(MailOutboxMessage row) =>
        row.DedupKey.StartsWith(ContributorErasure.ConfirmationOutboxKeyPrefix, StringComparison.Ordinal) ? ContributorErasure.Marker : row.Recipient;

    /// <summary>30 s, 1 min, 2 min ... up to an hour.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));

    /// <summary>Rows claimed long ago and never finished: the worker died mid-send. They are not sent again.</summary>
    private async Task MarkInterruptedAsync(CancellationToken cancellationToken)
    {
        var before = Now - StaleClaim;
        var stale = await db.MailOutbox.Where(r => r.State == MailOutboxStates.Sending && r.ClaimedAt < before)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.State, MailOutboxStates.Unknown)
                .SetProperty(r => r.LastError, "interrupted while sending: it may or may not have gone out"), cancellationToken);
        if (stale > 0)
        {
            logger.LogError("{Count} replies were interrupted while being sent and are marked unknown (not sent again)", stale);
        }
    }

    // Outcomes are written even when the worker is stopping: the message went out (or not) whatever comes next.
    private Task FinishAsync(long id, string state, string? error, DateTime? sentAt, DateTime? nextAttempt)
    {
        var shortError = error is null ? null : error.Length > 1000 ? error[..1000] : error;
        return nextAttempt is { } next
            ? db.MailOutbox.Where(r => r.Id == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.State, state).SetProperty(r => r.LastError, shortError).SetProperty(r => r.NextAttemptAt, next), CancellationToken.None)
            : db.MailOutbox.Where(r => r.Id == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.State, state).SetProperty(r => r.LastError, shortError).SetProperty(r => r.SentAt, sentAt), CancellationToken.None);
    }
}

/// <summary>
/// Shared by every outbox of the process: after the SMTP server was unreachable, nobody tries it again before the
/// pause ends, so ingest does not wait on a dead server mail after mail.
/// </summary>
public sealed class OutboxSendGate
{
    private readonly Lock _lock = new();
    private DateTime _pausedUntil = DateTime.MinValue;

    public int ConsecutiveFailures { get; private set; }

    public bool IsOpen(DateTime utcNow)
    {
        lock (_lock)
        {
            return utcNow >= _pausedUntil;
        }
    }

    public void Pause(DateTime until)
    {
        lock (_lock)
        {
            ConsecutiveFailures++;
            _pausedUntil = until;
        }
    }

    public void Succeeded()
    {
        lock (_lock)
        {
            ConsecutiveFailures = 0;
        }
    }
}

/// <summary>Sends a reply (SMTP in production, a list in tests).</summary>
public interface IReplySender
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default);

    /// <summary>True when retrying will not help (the server refused the recipient or the message).</summary>
    bool IsPermanent(Exception error);

    /// <summary>True when the server could not be reached or refused us as a client: no point trying the next mail now.</summary>
    bool IsServerUnavailable(Exception error) =>
        error is IOException or SocketException or TimeoutException or ServiceNotConnectedException or ServiceNotAuthenticatedException
            or AuthenticationException or SslHandshakeException or SmtpProtocolException
        || error is SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable };
}
