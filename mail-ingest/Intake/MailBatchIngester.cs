using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Regin.Core.Persistence;
using Regin.MailIngest.Options;

namespace Regin.MailIngest.Intake;

/// <summary>
/// One mail to take in: a name (a file, an IMAP UID), how to get its bytes (called one mail at a time, in order: an
/// IMAP connection does one thing at once), whether it may be answered. A mail known too large to download gives its
/// headers and its size.
/// </summary>
public sealed record MailSource(string Name, Func<CancellationToken, Task<byte[]>> ReadAsync, bool AllowReply = true, ulong? TooLargeSize = null)
{
    /// <summary>The accepted row this mail is read from (the reading stage's sources); null for a mail from its source.</summary>
    public long? StoredId { get; init; }

    /// <summary>
    /// <see cref="ReadAsync"/> may run for several mails at once, out of order (a file: accepting reads the next files
    /// while it stores), not one at a time in order (an IMAP download).
    /// </summary>
    public bool ReadsInParallel { get; init; }

    /// <summary>The key the accepted row (<see cref="StoredId"/>) is stored under.</summary>
    public string? StoredKey { get; init; }

    /// <summary>
    /// A large mail's bytes as a stream of known length (a file, a download spooled to a temporary file, a stored row
    /// copied to one), so that it is accepted and read without ever being whole in memory: stored in pieces as it is read,
    /// and parsed with its parts' contents left in the stream (MimeKit's persistent parse). Null: <see cref="ReadAsync"/>
    /// gives the bytes. The caller disposes the stream once the mail is stored (accepting) or recorded (reading).
    /// </summary>
    public Func<CancellationToken, Task<Stream>>? OpenAsync { get; init; }

    /// <summary>From this size on a mail is given as a stream (<see cref="OpenAsync"/>) where its source can.</summary>
    public const long StreamFrom = 1024 * 1024;

    /// <summary>When its fetch began (Stopwatch ticks), for the ingest duration metric.</summary>
    internal long FetchedAt { get; set; }
}

/// <summary>A mail and what became of it, committed.</summary>
public sealed record IngestedMail(MailSource Source, MailResult Result);

/// <summary>
/// The one way mail comes in (the `ingest` command's files and the mailbox watcher's UIDs): mails are fetched in order,
/// read on <c>Mail:ReadWorkers</c> threads at once (parse, classify, find the answers: no database), and recorded in
/// their order by one writer, <c>Mail:BatchSize</c> mails (or what came within <c>Mail:BatchMilliseconds</c>) per
/// transaction. In order: a mail from the same sender or thread sees what the mails before it recorded, as it would
/// one by one. Each mail is its own savepoint: one that throws is rolled back alone and kept as failed (raw bytes, the
/// reason, a reply saying so); the others commit. Its source learns of a mail (file listed, IMAP message moved) only
/// after the commit, so a crash loses nothing and a replay finds duplicates. The queue between reading and writing is
/// bounded: memory holds a few mails, whatever the size of the batch (a 30 MB attachment is held once).
/// </summary>
public sealed class MailBatchIngester(
    IServiceScopeFactory scopes,
    MailAcceptor acceptor,
    MailReader reader,
    Regin.Core.Normalisation.AnswerNormaliser normaliser,
    Regin.Core.Localisation.Texts texts,
    IOptions<MailboxOptions> options,
    Regin.Core.Diagnostics.ReginTelemetry telemetry,
    ILogger<MailBatchIngester> logger,
    TimeProvider clock,
    ReadingCpuClock cpuClock,
    Regin.Core.Persistence.Sqlite.SqliteCheckpointer? checkpointer = null)
{
    private const int TransientRetries = 3;

    private MailboxOptions Options => options.Value;

    private long _writingTicks;
    private long _waitingTicks;

    /// <summary>Time the writer spent committing batches since start (the benchmark's profile: is the writer the limit?).</summary>
    public TimeSpan WritingTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _writingTicks));

    private long _composingTicks;
    private long _committingTicks;

    /// <summary>Of <see cref="WritingTime"/>: waiting for the batches' replies to be composed (on the thread pool, from their reservation) and storing them.</summary>
    public TimeSpan ComposingTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _composingTicks));

    /// <summary>Of <see cref="WritingTime"/>: the batches' commits (the search index of their practices written first).</summary>
    public TimeSpan CommittingTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _committingTicks));

    private long _readingTicks;

    /// <summary>Time the reading threads spent reading mails (parse, classify, find and normalise the answers), summed over the threads.</summary>
    public TimeSpan ReadingTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _readingTicks));

    /// <summary>Time the writer waited for the next mail to be read.</summary>
    public TimeSpan WaitingForReadsTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _waitingTicks));

    /// <summary>
    /// Takes in every mail of <paramref name="sources"/>: accepts them (<see cref="MailAcceptor"/>: raw bytes stored and
    /// deduplicated, many to a transaction) and reads them from their stored rows, both at once; <paramref name="committed"/>
    /// gets each mail once its outcome is committed (a duplicate or a mail too large once accepted, the others once read
    /// and recorded), one call at a time. Rows accepted before and never read (the process stopped between the stages) are
    /// read too, and handed back under a source of their own (<see cref="MailSource.StoredId"/>, named <c>#id</c>).
    /// Errors of the source or of the database (after retries) end it; what was committed stays committed.
    /// </summary>
    public Task IngestAsync(IAsyncEnumerable<MailSource> sources, Func<IReadOnlyList<IngestedMail>, CancellationToken, Task> committed,
        CancellationToken cancellationToken = default) =>
        IngestAsync(sources, committed, new IngestStages(), cancellationToken);

    /// <summary>The same, with the stages as <paramref name="stages"/> says (the `ingest` command reads once all is accepted).</summary>
    public async Task IngestAsync(IAsyncEnumerable<MailSource> sources, Func<IReadOnlyList<IngestedMail>, CancellationToken, Task> committed, IngestStages stages,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(committed);
        ArgumentNullException.ThrowIfNull(stages);
        var run = new IngestRun(committed);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var accepting = Task.Run(async () =>
        {
            try
            {
                await acceptor.AcceptAsync(sources, async (batch, token) =>
                {
                    var decided = run.Accepted(batch);
                    if (stages.Accepted is { } accepted)
                    {
                        await accepted(batch, token);
                    }
                    await run.ReportAsync(decided, token);
                }, stop.Token);
            }
            finally
            {
                run.AcceptingDone();
            }
        }, CancellationToken.None);
        if (!stages.ReadWhileAccepting)
        {
            await accepting;
        }
        try
        {
            await RecordAsync(StoredSourcesAsync(run, stop.Token), async (batch, token) => await run.ReportAsync(run.Read(batch), token), stop.Token);
            await accepting;
            // What was read before its source was accepted again, and what this run accepted but another worker read.
            await run.ReportAsync(run.Leftovers(), cancellationToken);
        }
        catch
        {
            await stop.CancelAsync();
            await Settled(accepting);
            throw;
        }
    }

    /// <summary>
    /// The accepted rows not read yet (received, never taken), oldest first, as sources: by id from the last one taken,
    /// waiting for the acceptor's next commit while it runs; once it is done, one more look from the start catches a row
    /// committed out of id order (PostgreSQL, another writer). Each row is taken once in a run.
    /// </summary>
    private async IAsyncEnumerable<MailSource> StoredSourcesAsync(IngestRun run, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var taken = new HashSet<long>();
        long after = 0;
        var swept = false;
        while (true)
        {
            var done = run.IsAcceptingDone;
            var from = after;
            var rows = await UnreadRows(db, from, Math.Max(Options.BatchSize, 1)).ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                if (done && swept)
                {
                    yield break;
                }
                if (done)
                {
                    swept = true;
                    after = 0;
                    continue;
                }
                await run.WaitForAcceptedAsync(cancellationToken);
                continue;
            }
            after = rows[^1].Id;
            foreach (var row in rows)
            {
                if (!taken.Add(row.Id))
                {
                    // Taken already in this run (being read, or left received by a retry): not twice.
                    continue;
                }
                var id = row.Id;
                yield return new MailSource("#" + id.ToString(System.Globalization.CultureInfo.InvariantCulture), token => Content.For(db)(db, id, token),
                    AllowReply: row.OutcomeDetail != MailAcceptor.NoReplyMark)
                {
                    StoredId = id,
                    StoredKey = row.DedupKey,
                    // A large mail is copied from its row into a temporary file a piece at a time, and parsed from there.
                    OpenAsync = row.Length >= MailSource.StreamFrom ? token => SpoolAsync(db, id, token) : null,
                };
            }
        }
    }

    /// <summary>An accepted row waiting to be read: its id, its detail (a backlog mark), its key and its size.</summary>
    internal sealed record UnreadRow(long Id, string? OutcomeDetail, string DedupKey, int Length);

    /// <summary>
    /// The next accepted rows not read yet after id <paramref name="after"/>, oldest first: through the partial index of
    /// received rows (<c>IX_raw_inputs_received</c>), never a scan of every mail kept.
    /// </summary>
    internal static IQueryable<UnreadRow> UnreadRows(ReginDbContext db, long after, int take) =>
        db.RawInputs.AsNoTracking()
            .Where(r => r.Channel == MailProcessor.Channel && r.Outcome == MailProcessor.RawReceived && r.Attempts == 0 && r.Id > after)
            .OrderBy(r => r.Id).Select(r => new UnreadRow(r.Id, r.OutcomeDetail, r.DedupKey, r.Content.Length)).Take(take);

    private static readonly Regin.Core.Persistence.CompiledPerModel<Func<ReginDbContext, long, CancellationToken, Task<byte[]>>> Content = new(() =>
        EF.CompileAsyncQuery((ReginDbContext db, long id, CancellationToken cancellationToken) => db.RawInputs.AsNoTracking().Where(r => r.Id == id).Select(r => r.Content).Single()));

    /// <summary>
    /// A large accepted mail's bytes copied from its row into a temporary file (deleted when the stream is disposed), a
    /// piece at a time: neither the database nor this process holds it whole.
    /// </summary>
    private static async Task<Stream> SpoolAsync(ReginDbContext db, long id, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(Regin.Core.Persistence.Entities.RawInput))!;
        var property = entity.FindProperty(nameof(Regin.Core.Persistence.Entities.RawInput.Content))!;
        var table = property.GetTableColumnMappings().Single().TableMapping.Table;
        var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table.Name, table.Schema);
        var column = property.GetColumnName(store)!;
        var key = entity.FindProperty(nameof(Regin.Core.Persistence.Entities.RawInput.Id))!.GetColumnName(store)!;
        var file = TemporaryFile();
        try
        {
            if (!await db.Provider().CopyToStreamAsync(db, table.Name, column, key, id, file, cancellationToken))
            {
                throw new InvalidOperationException($"Raw input {id} has no bytes stored.");
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
    }

    /// <summary>A file of this process's own in the temporary folder, deleted when it is disposed.</summary>
    internal static FileStream TemporaryFile()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose,
        };
        if (!OperatingSystem.IsWindows())
        {
            // A contributor's mail: readable by this user only.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return new FileStream(Path.Combine(Path.GetTempPath(), "regin-mail-" + Guid.NewGuid().ToString("N") + ".eml"), options);
    }

    /// <summary>
    /// Reads and records <paramref name="sources"/> (the accepted rows): read on <c>Mail:ReadWorkers</c> threads at once,
    /// recorded in their order by one writer, many to a transaction.
    /// </summary>
    private async Task RecordAsync(IAsyncEnumerable<MailSource> sources, Func<IReadOnlyList<IngestedMail>, CancellationToken, Task> committed,
        CancellationToken cancellationToken)
    {
        var workers = Options.ReadWorkers > 0 ? Options.ReadWorkers : Environment.ProcessorCount;
        // Mails waiting to be recorded, read or being read: the queue's bound is what memory holds.
        var queue = Channel.CreateBounded<(MailSource Source, Task<ReadMail> Read)>(new BoundedChannelOptions(workers * 2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var readers = new SemaphoreSlim(workers);
        var producer = Task.Run(async () =>
        {
            try
            {
                await foreach (var source in sources.WithCancellation(stop.Token))
                {
                    await readers.WaitAsync(stop.Token);
                    Task<ReadMail> read;
                    try
                    {
                        source.FetchedAt = Stopwatch.GetTimestamp();
                        var body = source.OpenAsync is { } open ? await open(stop.Token) : null;
                        var raw = body is null ? await source.ReadAsync(stop.Token) : [];
                        read = Task.Run(() =>
                        {
                            var reading = Stopwatch.GetTimestamp();
                            try
                            {
                                return body is null ? Read(source, raw, stop.Token) : Read(source, body, stop.Token);
                            }
                            finally
                            {
                                Interlocked.Add(ref _readingTicks, Stopwatch.GetTimestamp() - reading);
                                readers.Release();
                            }
                        }, CancellationToken.None);
                    }
                    catch
                    {
                        readers.Release();
                        throw;
                    }
                    try
                    {
                        await queue.Writer.WriteAsync((source, read), stop.Token);
                    }
                    catch
                    {
                        await Settled(read);
                        Release(read);
                        throw;
                    }
                }
                queue.Writer.Complete();
            }
            catch (Exception e)
            {
                queue.Writer.Complete(e);
            }
        }, CancellationToken.None);
        try
        {
            await WriteAllAsync(queue.Reader, committed, cancellationToken);
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
            // Mails read but not recorded (the writer stopped): their reading is waited for, never left running.
            while (queue.Reader.TryRead(out var left))
            {
                await Settled(left.Read);
                Release(left.Read);
            }
        }
    }

    /// <summary>A large mail's file given back once it is recorded (or will not be).</summary>
    private static void Release(Task<ReadMail> read)
    {
        if (read.IsCompletedSuccessfully)
        {
            read.Result.RawStream?.Dispose();
        }
    }

    private static Task Settled(Task task) => task.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>The CPU part, on a worker thread: never throws (a failure of reading is the mail's outcome).</summary>
    private ReadMail Read(MailSource source, byte[] raw, CancellationToken cancellationToken)
    {
        if (source.TooLargeSize is { } announced)
        {
            return new ReadMail { Raw = raw, Identity = MailReader.Identify(raw), TooLargeSize = announced, AllowReply = source.AllowReply };
        }
        if (raw.LongLength > Options.MaxMessageBytes)
        {
            return TooLarge(source, raw, (ulong)raw.LongLength);
        }
        // An accepted row's key is known (its sender is taken from the parse when it is recorded).
        var identity = source.StoredKey is { } key ? new MailIdentity(key, null) : MailReader.Identify(raw);
        return ReadWithin(source, identity, raw, token => reader.Read(raw, token), cancellationToken);
    }

    /// <summary>
    /// A large accepted mail, read from its temporary file (<paramref name="body"/>, kept open in the result until it is
    /// recorded: the parse leaves the parts' contents there).
    /// </summary>
    private ReadMail Read(MailSource source, Stream body, CancellationToken cancellationToken)
    {
        MailIdentity identity;
        try
        {
            if (body.Length > Options.MaxMessageBytes)
            {
                var head = new byte[(int)Math.Min(body.Length, MailProcessor.MaxHeaderBytes)];
                body.Position = 0;
                body.ReadExactly(head);
                var size = (ulong)body.Length;
                body.Dispose();
                return TooLarge(source, head, size);
            }
            identity = source.StoredKey is { } key ? new MailIdentity(key, null) : MailReader.Identify(body);
        }
        catch (IOException e)
        {
            body.Dispose();
            logger.LogWarning(e, "Reading mail {Name} failed", source.Name);
            return new ReadMail { Raw = [], Identity = new MailIdentity(source.StoredKey ?? source.Name, null), Failure = "processing_error: " + e.Message, AllowReply = source.AllowReply, StoredId = source.StoredId };
        }
        // Each attempt parses from the start of the file (a timed-out one stopped anywhere in it).
        return ReadWithin(source, identity, [], token =>
        {
            body.Position = 0;
            return reader.Read(body, token);
        }, cancellationToken) with { RawStream = body };
    }

    private static ReadMail TooLarge(MailSource source, byte[] head, ulong size)
    {
        var headers = MailProcessor.HeaderBytes(head);
        return new ReadMail { Raw = headers, Identity = MailReader.Identify(headers), TooLargeSize = size, AllowReply = source.AllowReply };
    }

    /// <summary>
    /// Reads the mail within its budget (<see cref="MailBudget"/>: <c>Mail:MaxSecondsPerMessage</c> of the reading
    /// thread's CPU time, <c>Mail:MaxWallSecondsPerMessage</c> of time passed); a failure is its outcome. A read over its
    /// budget is read again, up to <c>Mail:MaxAttemptsPerMessage</c> attempts (as one mail at a time,
    /// <see cref="MailProcessor"/>): the first mails of a fresh process pay its cold start (compiling, on their thread).
    /// A busy machine does not use up a read's CPU time, so it does not fail a plain mail; one whose reading uses up its
    /// CPU time every time (poison) is failed, after that many budgets at most.
    /// </summary>
    private ReadMail ReadWithin(MailSource source, MailIdentity identity, byte[] raw, Func<CancellationToken, MailReading> read, CancellationToken cancellationToken)
    {
        var attempts = Math.Max(Options.MaxAttemptsPerMessage, 1);
        for (var attempt = 1; ; attempt++)
        {
            // The budget's timer runs on the ingester's clock (the system's in production), as one mail at a time does.
            using var budget = new MailBudget(TimeSpan.FromSeconds(Options.MaxSecondsPerMessage), TimeSpan.FromSeconds(Options.MaxWallSecondsPerMessage),
                clock, cpuClock, cancellationToken);
            try
            {
                MailReading reading;
                using (budget.Reading())
                {
                    reading = read(budget.Token);
                }
                return new ReadMail { Raw = raw, Identity = identity, Reading = reading, AllowReply = source.AllowReply, NewDraft = MailProcessor.NormaliseForNewDraft(reading, normaliser, texts, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)), StoredId = source.StoredId };
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var failure = $"timeout: {budget.Exceeded ?? "cancelled"}";
                logger.LogWarning("Mail {Name}: attempt {Attempt} of {Max} failed: {Failure}", source.Name, attempt, attempts, failure);
                if (attempt >= attempts)
                {
                    return new ReadMail { Raw = raw, Identity = identity, Failure = $"gave_up: {attempt} attempts; last: {failure}", AllowReply = source.AllowReply, StoredId = source.StoredId };
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not the machine: reading it again would fail the same way.
                logger.LogWarning(e, "Reading mail {Name} failed", source.Name);
                return new ReadMail { Raw = raw, Identity = identity, Failure = "processing_error: " + e.Message, AllowReply = source.AllowReply, StoredId = source.StoredId };
            }
        }
    }

    /// <summary>The writer: batches in order, each committed, then acknowledged.</summary>
    private async Task WriteAllAsync(ChannelReader<(MailSource Source, Task<ReadMail> Read)> queue, Func<IReadOnlyList<IngestedMail>, CancellationToken, Task> committed,
        CancellationToken cancellationToken)
    {
        var batch = new List<(MailSource Source, ReadMail Mail)>();
        var window = TimeSpan.FromMilliseconds(Options.BatchMilliseconds);
        while (await queue.WaitToReadAsync(cancellationToken))
        {
            var started = Stopwatch.GetTimestamp();
            while (batch.Count < Options.BatchSize)
            {
                if (queue.TryRead(out var next))
                {
                    var waiting = Stopwatch.GetTimestamp();
                    var mail = await next.Read;
                    Interlocked.Add(ref _waitingTicks, Stopwatch.GetTimestamp() - waiting);
                    if (NeedsOwnTransaction(mail))
                    {
                        // An erasure runs a transaction of its own: the batch so far is committed first, then this mail alone.
                        await WriteBatchAsync(batch, committed, cancellationToken);
                        batch.Clear();
                        MailResult alone;
                        try
                        {
                            alone = await RecordAloneAsync(mail, cancellationToken);
                        }
                        finally
                        {
                            mail.RawStream?.Dispose();
                        }
                        await committed([new IngestedMail(next.Source, alone)], cancellationToken);
                        started = Stopwatch.GetTimestamp();
                        continue;
                    }
                    batch.Add((next.Source, mail));
                    continue;
                }
                var left = window - Stopwatch.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    break;
                }
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(left);
                try
                {
                    if (!await queue.WaitToReadAsync(wait.Token))
                    {
                        break;
                    }
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // The window ended, or the source failed: what was read is written first; the failure comes after.
                    break;
                }
            }
            await WriteBatchAsync(batch, committed, cancellationToken);
            batch.Clear();
        }
    }

    // The subject was read by the mail's reader (DataRightsMail.Read), not here on the one writer.
    private static bool NeedsOwnTransaction(ReadMail mail) =>
        mail.Reading is { Message: not null, Sender: not null, Verdict: not null, DataRequest: not null };

    private async Task<MailResult> RecordAloneAsync(ReadMail mail, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MailProcessor>().RecordReadAsync(mail, cancellationToken);
    }

    private async Task WriteBatchAsync(List<(MailSource Source, ReadMail Mail)> batch, Func<IReadOnlyList<IngestedMail>, CancellationToken, Task> committed,
        CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }
        IReadOnlyList<IngestedMail> results;
        try
        {
            results = await CommitWithRetriesAsync(batch, cancellationToken);
        }
        finally
        {
            // Large mails' files are let go once recorded (or when the batch could not be).
            foreach (var (_, mail) in batch)
            {
                mail.RawStream?.Dispose();
            }
        }
        foreach (var mail in results)
        {
            // From its fetch to its commit: what a mail waits for and costs in a batch.
            telemetry.MailIngested(mail.Result.Outcome, Stopwatch.GetElapsedTime(mail.Source.FetchedAt));
        }
        // Only now may the source forget the mails (a file listed, an IMAP message moved); if that fails the run ends,
        // the mails stay with their source, and taking them again finds them stored.
        await committed(results, cancellationToken);
    }

    private async Task<IReadOnlyList<IngestedMail>> CommitWithRetriesAsync(List<(MailSource Source, ReadMail Mail)> batch, CancellationToken cancellationToken)
    {
        IReadOnlyList<IngestedMail> results;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var writing = Stopwatch.GetTimestamp();
                try
                {
                    results = await CommitAsync(batch, cancellationToken);
                }
                finally
                {
                    Interlocked.Add(ref _writingTicks, Stopwatch.GetTimestamp() - writing);
                }
                break;
            }
            catch (Exception e) when (MailProcessor.IsTransient(e) && attempt < TransientRetries && !cancellationToken.IsCancellationRequested)
            {
                // The database was busy or the connection dropped: nothing of the batch is committed; it is written again.
                logger.LogWarning(e, "Batch of {Count} mails rolled back (attempt {Attempt}); writing it again", batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
        }
        return results;
    }

    /// <summary>
    /// One transaction for the batch, a savepoint per mail, the rows written by statements prepared once for the batch;
    /// the replies composed on the thread pool as they are reserved, and saved with the rest.
    /// </summary>
    private async Task<IReadOnlyList<IngestedMail>> CommitAsync(List<(MailSource Source, ReadMail Mail)> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var processor = scope.ServiceProvider.GetRequiredService<MailProcessor>();
        var replies = new BatchReplies();
        processor.ComposeRepliesLater(replies);
        var results = new List<MailResult>(batch.Count);
        // Savepoints' journals in memory, a page cache the size of a batch (SQLite; see the provider).
        await using var batchWrites = await db.Provider().PrepareBatchWritesAsync(db, cancellationToken);
        // While the checkpointer runs (`ingest`, `watch`: SQLite), the log is copied into the file on its own connection,
        // beside the next batch, not by this commit (which waited for the copy and its fsyncs: a fifth of the writer's time).
        checkpointer?.Defer(db.Database.GetDbConnection());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using var statements = new MailBatchStatements(db);
        processor.WriteWith(statements);
        for (var i = 0; i < batch.Count; i++)
        {
            var mail = batch[i].Mail;
            var reserved = replies.Count;
            var lap = WriterProbe.Start();
            await statements.SavepointAsync(cancellationToken);
            WriterProbe.Lap(WriterStage.Savepoint, ref lap);
            MailResult result;
            try
            {
                result = await processor.RecordReadAsync(mail, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && !MailProcessor.IsTransient(e))
            {
                await statements.RollbackToSavepointAsync(cancellationToken);
                db.ChangeTracker.Clear();
                replies.TruncateTo(reserved);
                try
                {
                    result = await processor.RecordFailedAsync(mail, e, cancellationToken);
                }
                catch (Exception again) when (again is not OperationCanceledException && !MailProcessor.IsTransient(again))
                {
                    // Not even its failure could be stored: nothing of it is committed and its source keeps it for the next round.
                    logger.LogError(again, "Mail {Name} could not be recorded as failed; it stays with its source", batch[i].Source.Name);
                    await statements.RollbackToSavepointAsync(cancellationToken);
                    replies.TruncateTo(reserved);
                    result = new MailResult { Outcome = MailOutcomes.Retry, Detail = "not recorded: " + again.Message };
                }
            }
            lap = WriterProbe.Start();
            await statements.ReleaseSavepointAsync(cancellationToken);
            // Each mail starts from the database, not from what the one before left tracked.
            db.ChangeTracker.Clear();
            WriterProbe.Lap(WriterStage.Savepoint, ref lap);
            results.Add(result);
        }
        var composing = Stopwatch.GetTimestamp();
        var step = composing;
        var rows = await replies.ComposeAsync(cancellationToken);
        WriterProbe.Lap(WriterStage.Compose, ref step);
        foreach (var row in rows)
        {
            await statements.InsertReplyAsync(row, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        WriterProbe.Lap(WriterStage.ReplyRows, ref step);
        var committing = step;
        Interlocked.Add(ref _composingTicks, committing - composing);
        await transaction.CommitAsync(cancellationToken);
        checkpointer?.Committed();
        WriterProbe.Lap(WriterStage.Commit, ref step);
        Interlocked.Add(ref _committingTicks, step - committing);
        var replyOf = rows.Where(r => r.RawInputId is not null).GroupBy(r => r.RawInputId!.Value).ToDictionary(g => g.Key, g => (long?)g.First().Id);
        return batch.Select((m, i) => new IngestedMail(m.Source, results[i] with { ReplyId = replyOf.GetValueOrDefault(results[i].RawInputId) })).ToList();
    }
}
