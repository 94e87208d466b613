using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Regin.Core.Persistence;
using Regin.Core.Reminders;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Notifications;
using Regin.MailIngest.Options;
using Regin.MailIngest.Replies;

namespace Regin.MailIngest.Mailbox;

/// <summary>
/// Watches the project mailbox: every message in the inbox is downloaded (after its size is checked), processed and
/// committed, and only then moved to Processed or Failed; its reply goes out after. Network and server errors leave the
/// message in the inbox for the next round. IDLE waits for new mail where the server has it; otherwise it polls.
/// The first start on a full mailbox ingests what is there without answering it. Only one watcher reads a mailbox at
/// a time: it holds a lease in the database (worker_leases), renews it between mails and waits, and another watcher
/// takes over once it expires. SMTP problems never stop it: replies wait in the outbox.
/// </summary>
public sealed class MailboxWatcher(
    IServiceScopeFactory scopes,
    MailBatchIngester ingester,
    IOptions<ImapOptions> imapOptions,
    IOptions<MailboxOptions> mailOptions,
    IReplySender replySender,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider clock,
    ILogger<MailboxWatcher> logger) : BackgroundService
{
    private ImapOptions Imap => imapOptions.Value;

    /// <summary>This process's name in the lease table.</summary>
    private readonly string _holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Without an SMTP server, replies wait in the outbox until one is configured.</summary>
    private bool CanSend => replySender is not SmtpReplySender { IsConfigured: false };

    /// <summary>Messages handled since start (tests and logs).</summary>
    public int Handled { get; private set; }

    /// <summary>When the reminders were last looked for (at most once every Reminders:PollSeconds).</summary>
    private DateTimeOffset _remindersCheckedAt = DateTimeOffset.MinValue;

    private string CursorKey => $"{Imap.Username}@{Imap.Host}/{Imap.Inbox}";

    private string LeaseName => "imap:" + CursorKey;

    private TimeSpan LeaseDuration => TimeSpan.FromSeconds(Imap.LeaseSeconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await AcquireLeaseAsync(stoppingToken);
                    await RunSessionAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (LeaseLostException)
                {
                    logger.LogWarning("Another watcher took over {Mailbox}; this one waits", CursorKey);
                }
                catch (Exception e) when (IsTransient(e))
                {
                    logger.LogWarning(e, "Mailbox connection lost; retrying in {Seconds} s", Imap.RetrySeconds);
                    await Task.Delay(TimeSpan.FromSeconds(Imap.RetrySeconds), clock, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await ReleaseLeaseAsync();
        }
    }

    public static bool IsTransient(Exception e) =>
        e is IOException or SocketException or ImapProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException
            or TimeoutException or ImapCommandException or FolderNotOpenException or AuthenticationException or SslHandshakeException
        || MailProcessor.IsTransient(e);

    private sealed class LeaseLostException() : Exception("The mailbox lease was taken by another watcher.");

    /// <summary>Waits until this process holds the mailbox's lease.</summary>
    private async Task AcquireLeaseAsync(CancellationToken cancellationToken)
    {
        var logged = false;
        while (!await TryLeaseAsync(cancellationToken))
        {
            if (!logged)
            {
                logger.LogInformation("Another watcher holds {Mailbox}; waiting for its lease to end", CursorKey);
                logged = true;
            }
            await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(Imap.LeaseSeconds / 4, 1, 15)), clock, cancellationToken);
        }
        logger.LogInformation("Holding {Mailbox} as {Holder}", CursorKey, _holder);
    }

    private async Task<bool> TryLeaseAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        return await WorkerLeases.TryAcquireAsync(db, LeaseName, _holder, LeaseDuration, clock.GetUtcNow().UtcDateTime, cancellationToken);
    }

    /// <summary>Renews the lease; when another watcher has it (this one was stalled past its end), this session stops.</summary>
    private async Task RenewLeaseAsync(CancellationToken cancellationToken)
    {
        if (!await TryLeaseAsync(cancellationToken))
        {
            throw new LeaseLostException();
        }
    }

    private async Task ReleaseLeaseAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await WorkerLeases.ReleaseAsync(scope.ServiceProvider.GetRequiredService<ReginDbContext>(), LeaseName, _holder);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not give up the lease on {Mailbox}; it ends by itself", CursorKey);
        }
    }

    private async Task RunSessionAsync(CancellationToken cancellationToken)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(Imap.Host, Imap.Port, Enum.Parse<SecureSocketOptions>(Imap.Security, ignoreCase: true), cancellationToken);
        await client.AuthenticateAsync(Imap.Username, Imap.Password, cancellationToken);
        var inbox = await client.GetFolderAsync(Imap.Inbox, cancellationToken);
        var processed = await EnsureFolderAsync(client, Imap.ProcessedFolder, cancellationToken);
        var failed = await EnsureFolderAsync(client, Imap.FailedFolder, cancellationToken);
        await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var cursorKey = CursorKey;
        logger.LogInformation("Watching {Mailbox} (UIDVALIDITY {UidValidity}, IDLE {Idle}, MOVE {Move})", cursorKey, inbox.UidValidity,
            client.Capabilities.HasFlag(ImapCapabilities.Idle), client.Capabilities.HasFlag(ImapCapabilities.Move));
        await RenewLeaseAsync(cancellationToken);

        MailboxCursor.State state;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var cursor = scope.ServiceProvider.GetRequiredService<MailboxCursor>();
            var saved = await cursor.LoadAsync(cursorKey, cancellationToken);
            if (saved is null || saved.UidValidity != inbox.UidValidity)
            {
                // First start (or the folder was recreated): what is there now is the backlog, not answered in bulk.
                var existing = await inbox.SearchAsync(SearchQuery.All, cancellationToken);
                var backlog = Imap.ReplyToBacklog || existing.Count == 0 ? 0u : existing.Max(u => u.Id);
                // After a UIDVALIDITY change the mail left in the inbox was never handled (handled mail is moved out);
                // any that was is recognised by its Message-ID, so it is answered normally.
                state = new MailboxCursor.State(inbox.UidValidity, 0, saved is null ? backlog : 0);
                await cursor.SaveAsync(cursorKey, state, cancellationToken);
                logger.LogInformation("First start on {Mailbox}: {Count} messages already there are ingested without replies", cursorKey, existing.Count);
            }
            else
            {
                state = saved;
            }
            // Mail stored by a worker that died before finishing it is finished from the stored bytes.
            foreach (var resumed in await scope.ServiceProvider.GetRequiredService<MailProcessor>().ResumeUnfinishedAsync(cancellationToken))
            {
                logger.LogInformation("Resumed mail #{Id}: {Outcome} {Detail}", resumed.RawInputId, resumed.Outcome, resumed.Detail);
            }
        }
        await SendRepliesAsync(cancellationToken);

        // Mail another worker is busy with, left for after the next wait.
        var deferred = new HashSet<uint>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var uids = (await inbox.SearchAsync(SearchQuery.All, cancellationToken)).Where(u => !deferred.Contains(u.Id)).ToList();
            if (uids.Count > 0)
            {
                var summaries = await inbox.FetchAsync(uids, MessageSummaryItems.UniqueId | MessageSummaryItems.Size, cancellationToken);
                await RenewLeaseAsync(cancellationToken);
                state = await IngestAsync(inbox, summaries.OrderBy(s => s.UniqueId.Id).ToList(), processed, failed, state, cursorKey, deferred, cancellationToken);
                continue;
            }
            // The inbox is empty: replies due again and the researchers' messages to contributors go out, then we wait for mail.
            await SendRepliesAsync(cancellationToken);
            await SendOverduePromisesAsync(cancellationToken);
            await ScheduleRemindersAsync(cancellationToken);
            await SendNotificationsAsync(cancellationToken);
            await RenewLeaseAsync(cancellationToken);
            await WaitForMailAsync(client, inbox, cancellationToken);
            await RenewLeaseAsync(cancellationToken);
            deferred.Clear();
        }
    }

    /// <summary>The replies that are due. SMTP trouble is counted on the replies (with backoff) and logged; it never stops the mailbox.</summary>
    private async Task SendRepliesAsync(CancellationToken cancellationToken)
    {
        if (!CanSend)
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Outbox>().SendPendingAsync(replySender, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Sending the replies failed; they stay in the outbox");
        }
    }

    /// <summary>When the overdue promises were last looked for (at most once a minute).</summary>
    private DateTimeOffset _promisesCheckedAt = DateTimeOffset.MinValue;

    /// <summary>Drafts held open by promises older than Mail:PromiseDays go to review (<see cref="PromiseDeadlines"/>); a failure is logged.</summary>
    private async Task SendOverduePromisesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (mailOptions.Value.PromiseDays <= 0 || now - _promisesCheckedAt < TimeSpan.FromMinutes(1))
        {
            return;
        }
        _promisesCheckedAt = now;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PromiseDeadlines>().RunOnceAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Overdue promises could not be sent to review");
        }
    }

    /// <summary>
    /// Queues the reminders that are due (as the bot host does: each is claimed in the database, so two hosts never
    /// queue one twice), so a mail-only installation reminds its contributors too; the e-mail ones go out just after.
    /// </summary>
    private async Task ScheduleRemindersAsync(CancellationToken cancellationToken)
    {
        var settings = reminderOptions.Value;
        var now = clock.GetUtcNow();
        if (settings.PollSeconds <= 0 || settings.Max <= 0 || now - _remindersCheckedAt < TimeSpan.FromSeconds(settings.PollSeconds))
        {
            return;
        }
        _remindersCheckedAt = now;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ReminderScheduler>().RunOnceAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Reminders could not be scheduled");
        }
    }

    /// <summary>
    /// The pending e-mail notifications of the review screens ("request changes"). A failure here is logged and counted
    /// on the notification; it never stops the mailbox.
    /// </summary>
    private async Task SendNotificationsAsync(CancellationToken cancellationToken)
    {
        if (!CanSend || !mailOptions.Value.SendReplies)
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var sent = await scope.ServiceProvider.GetRequiredService<NotificationMailSender>().SendPendingAsync(replySender, cancellationToken);
            if (sent > 0)
            {
                logger.LogInformation("Sent {Count} notifications to contributors", sent);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Sending the notifications to contributors failed");
        }
    }

    /// <summary>The most bytes of a message one partial FETCH asks for.</summary>
    private const int DownloadPiece = 1024 * 1024;

    /// <summary>
    /// A large message downloaded by partial FETCHes (<c>BODY.PEEK[]&lt;offset.count&gt;</c>) into a temporary file, deleted
    /// when the stream is disposed; the connection is taken for the whole download (it does one thing at a time).
    /// </summary>
    private static async Task<Stream> DownloadInPiecesAsync(IMailFolder inbox, UniqueId uid, SemaphoreSlim connection, CancellationToken cancellationToken)
    {
        await connection.WaitAsync(cancellationToken);
        var file = MailBatchIngester.TemporaryFile();
        try
        {
            for (var offset = 0; ; )
            {
                await using var piece = await inbox.GetStreamAsync(uid, offset, DownloadPiece, cancellationToken);
                var before = file.Position;
                await piece.CopyToAsync(file, cancellationToken);
                var read = (int)(file.Position - before);
                offset += read;
                if (read < DownloadPiece)
                {
                    break;
                }
            }
            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
        finally
        {
            connection.Release();
        }
    }

    /// <summary>
    /// The listed messages through the two stages (<see cref="MailBatchIngester"/>): downloaded one by one (after their
    /// size is checked) and accepted (raw bytes stored, many to a commit), while the accepted rows are read in parallel and
    /// recorded many at once; once a mail's outcome is committed the cursor is saved, the replies go out and only then are
    /// its messages moved to Processed or Failed (one MOVE each way per commit). So a message leaves the inbox once it is
    /// accepted and read: the folders keep their meaning. The IMAP connection does one thing at a time: downloads and
    /// moves take turns.
    /// </summary>
    private async Task<MailboxCursor.State> IngestAsync(IMailFolder inbox, IReadOnlyList<IMessageSummary> summaries, IMailFolder processed, IMailFolder failed,
        MailboxCursor.State state, string cursorKey, HashSet<uint> deferred, CancellationToken cancellationToken)
    {
        using var connection = new SemaphoreSlim(1);
        var maxBytes = mailOptions.Value.MaxMessageBytes;
        var backlogUid = state.BacklogUid;
        var sources = summaries.Select(summary =>
        {
            var uid = summary.UniqueId;
            var tooLarge = summary.Size is { } size && size > maxBytes ? summary.Size : null;
            return new MailSource(uid.Id.ToString(CultureInfo.InvariantCulture), async token =>
            {
                await connection.WaitAsync(token);
                try
                {
                    if (tooLarge is not null)
                    {
                        // Too large to download: the headers are kept, with the reason, and it goes to Failed.
                        var headers = await inbox.GetHeadersAsync(uid, token);
                        using var headerBytes = new MemoryStream();
                        await headers.WriteToAsync(headerBytes, token);
                        return headerBytes.ToArray();
                    }
                    using var stream = await inbox.GetStreamAsync(uid, token);
                    using var copy = new MemoryStream();
                    await stream.CopyToAsync(copy, token);
                    return copy.ToArray();
                }
                finally
                {
                    connection.Release();
                }
            }, AllowReply: uid.Id > backlogUid, TooLargeSize: tooLarge)
            {
                // A large message is downloaded a piece at a time into a temporary file and stored from there: never whole in memory.
                OpenAsync = tooLarge is null && summary.Size is { } announced && announced >= MailSource.StreamFrom
                    ? token => DownloadInPiecesAsync(inbox, uid, connection, token)
                    : null,
            };
        }).ToAsyncEnumerable();
        await ingester.IngestAsync(sources, async (batch, token) =>
        {
            var done = new List<(UniqueId Uid, MailResult Result)>();
            foreach (var (source, result) in batch)
            {
                if (source.StoredId is not null)
                {
                    // A mail accepted before (by a watcher that stopped before reading it), read now: its message, if still in
                    // the inbox, is accepted again in this round and moved then.
                    logger.LogInformation("Mail #{Id}, accepted before: {Outcome} {Reference} {Detail}", source.StoredId, result.Outcome, result.Reference, result.Detail);
                    continue;
                }
                var uid = new UniqueId(inbox.UidValidity, uint.Parse(source.Name, CultureInfo.InvariantCulture));
                logger.LogInformation("UID {Uid}: {Outcome} {Reference} {Detail}", uid, result.Outcome, result.Reference, result.Detail);
                if (result.StaysInInbox)
                {
                    deferred.Add(uid.Id);
                    continue;
                }
                done.Add((uid, result));
            }
            if (done.Count > 0)
            {
                state = state with { LastUid = Math.Max(state.LastUid, done.Max(d => d.Uid.Id)) };
                await using (var scope = scopes.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<MailboxCursor>().SaveAsync(cursorKey, state, token);
                }
            }
            if (done.Any(d => d.Result.ReplyId is not null))
            {
                // Never throws, and after a failure the server is left alone for a while: ingest does not wait on SMTP.
                await SendRepliesAsync(token);
            }
            // Only now, with the database committed: out of the inbox.
            await connection.WaitAsync(token);
            try
            {
                foreach (var (folder, uids) in new[] { (failed, done.Where(d => d.Result.IsFailure)), (processed, done.Where(d => !d.Result.IsFailure)) })
                {
                    var set = uids.Select(d => d.Uid).ToList();
                    if (set.Count > 0)
                    {
                        await inbox.MoveToAsync(set, folder, token);
                    }
                }
            }
            finally
            {
                connection.Release();
            }
            Handled += done.Count;
            await RenewLeaseAsync(token);
        }, cancellationToken);
        return state;
    }

    private async Task WaitForMailAsync(ImapClient client, IMailFolder inbox, CancellationToken cancellationToken)
    {
        if (client.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            using var done = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(5, Imap.PollSeconds)));
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, done.Token);
            void OnCountChanged(object? sender, EventArgs e) => done.Cancel();
            inbox.CountChanged += OnCountChanged;
            try
            {
                await client.IdleAsync(linked.Token, cancellationToken);
            }
            finally
            {
                inbox.CountChanged -= OnCountChanged;
            }
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, Imap.PollSeconds)), cancellationToken);
            await client.NoOpAsync(cancellationToken);
        }
    }

    private static async Task<IMailFolder> EnsureFolderAsync(ImapClient client, string name, CancellationToken cancellationToken)
    {
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        try
        {
            return await root.GetSubfolderAsync(name, cancellationToken) ?? throw new FolderNotFoundException(name);
        }
        catch (FolderNotFoundException)
        {
            return await root.CreateAsync(name, true, cancellationToken) ?? throw new FolderNotFoundException(name);
        }
    }
}
