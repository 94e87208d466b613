using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.MailIngest.Options;

namespace Regin.MailIngest.Intake;

/// <summary>
/// A mail accepted: its raw bytes are stored (or were stored before) under its key, row <see cref="RawInputId"/>.
/// <see cref="Decided"/> is its outcome when accepting decided it (a duplicate of a mail read before, a mail too large to
/// download, one another worker holds); null when it waits for the reader (<see cref="MailBatchIngester"/>).
/// </summary>
public sealed record AcceptedMail(MailSource Source, long RawInputId, bool IsNew, MailResult? Decided);

/// <summary>
/// The first stage of taking mail in: a mail is <em>accepted</em> once its raw bytes are stored and deduplicated (the same
/// keys as ever: its Message-ID, or the SHA-256 of its bytes), many mails to a transaction, each batch's rows in one
/// multi-row INSERT (and its bytes' rows in another). Only after the commit may its source forget it. Nothing is read
/// here beyond the headers that give the key: the rows wait, <c>received</c>, for the reader, which takes them in id
/// order (the order they were accepted in). A mail too large to download is decided here (its headers kept, failed).
/// </summary>
public sealed class MailAcceptor(IServiceScopeFactory scopes, IOptions<MailboxOptions> options, TimeProvider clock,
    Regin.Core.Persistence.Sqlite.SqliteCheckpointer? checkpointer = null)
{
    /// <summary>The detail of a row accepted from the mailbox's backlog (its first start): read, but never answered.</summary>
    public const string NoReplyMark = "received: backlog, not answered";

    /// <summary>A batch that held a mail this large is followed by a full collection (its bytes given back at once).</summary>
    private const int LargeMail = 8 * 1024 * 1024;

    /// <summary>The most rows one INSERT writes.</summary>
    private const int RowsPerInsert = 50;

    private MailboxOptions Options => options.Value;

    private long _writingTicks;

    /// <summary>Whether the server compresses with lz4 (PostgreSQL built with it): asked once, by the first batch.</summary>
    private bool? _lz4;
    private readonly long[] _partTicks = new long[4];

    /// <summary>Of <see cref="WritingTime"/>: looking the keys up, inserting the rows, their bytes, committing (the benchmark's profile).</summary>
    public IReadOnlyList<TimeSpan> WritingParts => _partTicks.Select(t => System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref t))).ToList();

    private void Part(int part, ref long started)
    {
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        Interlocked.Add(ref _partTicks[part], now - started);
        started = now;
    }
    private long _waitingTicks;
    private long _slowestCommitTicks;

    /// <summary>The longest one batch's transaction took (the benchmark's profile: a commit that copied the log shows here).</summary>
    public TimeSpan SlowestCommit => System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _slowestCommitTicks));

    /// <summary>Forgets <see cref="SlowestCommit"/> (the benchmark, between its phases).</summary>
    public void ResetSlowestCommit() => Interlocked.Exchange(ref _slowestCommitTicks, 0);

    /// <summary>Time the accepting writer spent in its transactions since start (the benchmark's profile).</summary>
    public TimeSpan WritingTime => System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _writingTicks));

    /// <summary>Time the accepting writer waited for the next mail (fetched, its key found).</summary>
    public TimeSpan WaitingTime => System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _waitingTicks));

    /// <summary>A mail fetched and keyed: its bytes, or (a large one) <see cref="Body"/>, a stream stored in pieces as it is read.</summary>
    private sealed record Incoming(MailSource Source, byte[] Content, MailIdentity Identity, ulong? TooLargeSize, Stream? Body = null);

    /// <summary>
    /// Accepts every mail of <paramref name="sources"/> (fetched one at a time, in order; their keys found on
    /// <c>Mail:ReadWorkers</c> threads); after each commit, <paramref name="accepted"/> gets the batch's mails in order.
    /// Errors of the source or of the database end it; what was committed stays committed.
    /// </summary>
    public async Task AcceptAsync(IAsyncEnumerable<MailSource> sources, Func<IReadOnlyList<AcceptedMail>, CancellationToken, Task> accepted,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(accepted);
        var workers = Options.ReadWorkers > 0 ? Options.ReadWorkers : Environment.ProcessorCount;
        // The next batch is fetched and keyed while the writer stores this one: up to a batch of mails waits in the queue
        // (it held 64, so the writer stored its 200 and then waited for the next mails to be read one by one: reading and
        // writing took turns), and at most QueueBytes of their bytes (the reads in progress at most workers × 2 more mails).
        var queue = Channel.CreateBounded<Task<Incoming>>(new BoundedChannelOptions(Math.Max(workers * 2, Options.BatchSize)) { SingleReader = true, SingleWriter = true });
        var queued = new QueuedBytes(workers * 2);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var flightsStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var flights = new Queue<Flight>();
        var pipelined = false;
        Flight? lastFlight = null;
        var reportFailed = false;
        // A batch written: its mails given back (the bytes of its large mails let go first), in the order they came.
        async Task FinishAsync(Flight flight)
        {
            IReadOnlyList<AcceptedMail> results;
            try
            {
                results = await flight.Results;
            }
            finally
            {
                // A large mail's stream is stored (or the batch failed): its file is let go.
                flight.Dispose();
            }
            if (flight.Batch.Any(m => m.Content.Length >= LargeMail))
            {
                // A large mail's bytes (a 30 MB scan) are garbage once stored, but an array that large lives until a
                // full collection, and its memory stays the process's after it: given back to the system now (an
                // aggressive collection decommits what it frees), before the reader loads them again, memory holds
                // them once.
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }
            // Only now may the source forget them.
            try
            {
                await accepted(results, cancellationToken);
            }
            catch
            {
                reportFailed = true;
                throw;
            }
        }
        // While the writer waits for mail, each batch in flight is reported as soon as it is committed (not when the next
        // mail comes: mail arriving slowly is not held back).
        async Task ReportWhileWaitingAsync(Task ready)
        {
            while (flights.Count > 0 && !ready.IsCompleted)
            {
                await Task.WhenAny(ready, flights.Peek().Results);
                if (flights.Peek().Results.IsCompleted)
                {
                    await FinishAsync(flights.Dequeue());
                }
            }
        }
        async Task FinishAllAsync()
        {
            while (flights.Count > 0)
            {
                await FinishAsync(flights.Dequeue());
            }
        }
        var producer = Task.Run(async () =>
        {
            try
            {
                await foreach (var source in sources.WithCancellation(stop.Token))
                {
                    await queued.RoomAsync(stop.Token);
                    source.FetchedAt = System.Diagnostics.Stopwatch.GetTimestamp();
                    if (source.ReadsInParallel)
                    {
                        // A file: read with its key on a worker thread, while the next ones are read and the writer stores.
                        var token = stop.Token;
                        await queue.Writer.WriteAsync(Task.Run(async () => queued.Read(source.OpenAsync is { } open
                            ? Identify(source, await open(token))
                            : Identify(source, await source.ReadAsync(token))), CancellationToken.None), stop.Token);
                        continue;
                    }
                    if (source.OpenAsync is { } openOne)
                    {
                        var body = await openOne(stop.Token);
                        await queue.Writer.WriteAsync(Task.Run(() => queued.Read(Identify(source, body)), CancellationToken.None), stop.Token);
                        continue;
                    }
                    var raw = await source.ReadAsync(stop.Token);
                    // The key (a header parse, or a hash) off the writer's thread.
                    await queue.Writer.WriteAsync(Task.Run(() => queued.Read(Identify(source, raw)), CancellationToken.None), stop.Token);
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
            var window = TimeSpan.FromMilliseconds(Options.BatchMilliseconds);
            var batch = new List<Incoming>();
            await using (var scope = scopes.CreateAsyncScope())
            {
                pipelined = Options.AcceptBatchesInFlight > 1 && scope.ServiceProvider.GetRequiredService<ReginDbContext>().Provider().InsertsRowsFromArrays;
            }
            var inFlight = pipelined ? Options.AcceptBatchesInFlight : 1;
            while (true)
            {
                var ready = queue.Reader.WaitToReadAsync(cancellationToken).AsTask();
                await ReportWhileWaitingAsync(ready);
                if (!await ready)
                {
                    break;
                }
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                while (batch.Count < Options.BatchSize)
                {
                    if (queue.Reader.TryRead(out var next))
                    {
                        var waiting = System.Diagnostics.Stopwatch.GetTimestamp();
                        Incoming taken;
                        try
                        {
                            taken = await next;
                        }
                        finally
                        {
                            queued.Taken(next);
                        }
                        batch.Add(taken);
                        Interlocked.Add(ref _waitingTicks, System.Diagnostics.Stopwatch.GetTimestamp() - waiting);
                        continue;
                    }
                    var left = window - System.Diagnostics.Stopwatch.GetElapsedTime(started);
                    if (left <= TimeSpan.Zero)
                    {
                        break;
                    }
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    wait.CancelAfter(left);
                    var more = queue.Reader.WaitToReadAsync(wait.Token).AsTask();
                    // Outside the try below: a batch in flight that failed ends the run (the window's end does not).
                    await ReportWhileWaitingAsync(more);
                    try
                    {
                        if (!await more)
                        {
                            break;
                        }
                    }
                    catch (Exception) when (!cancellationToken.IsCancellationRequested)
                    {
                        // The window ended, or the source failed: what came is accepted first; the failure comes after.
                        break;
                    }
                }
                if (batch.Count > 0)
                {
                    // PostgreSQL: the next batch is written while this one is (two sessions; the server's work a row was the
                    // limit, one batch at a time). Each takes its ids after the one before it and commits after it, so the
                    // rows become visible in id order and the reader's cursor (ids after the last it took) skips none.
                    var flight = Flight.Start(batch, lastFlight, pipelined, this, flightsStop.Token);
                    lastFlight = flight;
                    flights.Enqueue(flight);
                    batch = [];
                    // A large mail's batch is done before the next is taken (its bytes not held beside another batch's).
                    var drain = flight.Batch.Any(m => m.Content.Length >= LargeMail);
                    while (flights.Count >= inFlight || (drain && flights.Count > 0))
                    {
                        await FinishAsync(flights.Dequeue());
                    }
                }
            }
            await FinishAllAsync();
        }
        catch (Exception) when (flights.Count > 0 && !reportFailed && !cancellationToken.IsCancellationRequested)
        {
            // The source failed (or a batch): the batches written before are finished and reported first, as when one
            // was written at a time; a batch after a failed one fails too (it commits only after it). The first error is told.
            try
            {
                await FinishAllAsync();
            }
            catch (Exception)
            {
                // Told already, or caused by it.
            }
            throw;
        }
        finally
        {
            // A batch still in flight after an error: stopped, and waited for (committed or not, its mails are not
            // reported: their source keeps them, and a later run finds any committed one stored).
            await flightsStop.CancelAsync();
            while (flights.TryDequeue(out var left))
            {
                await left.Results.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                left.Dispose();
            }
            await stop.CancelAsync();
            await producer;
            while (queue.Reader.TryRead(out var left))
            {
                await left.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                if (left.IsCompletedSuccessfully)
                {
                    left.Result.Body?.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// What waits in the accepting queue: the mails being read (at most a few at once) and the bytes of those read and not
    /// taken by the writer yet (at most <see cref="QueueBytes"/>, and one mail more); the producer waits for room.
    /// </summary>
    private sealed class QueuedBytes(int readsAtOnce)
    {
        /// <summary>The most bytes read and waiting for the writer (a batch of small mails; a few of 1 MB).</summary>
        private const long QueueBytes = 16 * 1024 * 1024;

        private readonly SemaphoreSlim _reads = new(readsAtOnce, readsAtOnce);
        private readonly SemaphoreSlim _taken = new(0, 1);
        private long _bytes;

        /// <summary>Waits until the queue has room for one more mail, and counts its read as begun.</summary>
        public async Task RoomAsync(CancellationToken cancellationToken)
        {
            while (Interlocked.Read(ref _bytes) > QueueBytes)
            {
                await _taken.WaitAsync(cancellationToken);
            }
            await _reads.WaitAsync(cancellationToken);
        }

        /// <summary>A mail read and keyed: its read is over, its bytes wait for the writer.</summary>
        public Incoming Read(Incoming mail)
        {
            Interlocked.Add(ref _bytes, mail.Content.LongLength);
            _reads.Release();
            return mail;
        }

        /// <summary>The writer took the mail (or its read failed): its bytes are the batch's now.</summary>
        public void Taken(Task<Incoming> mail)
        {
            if (mail.IsCompletedSuccessfully)
            {
                Interlocked.Add(ref _bytes, -mail.Result.Content.LongLength);
            }
            else
            {
                _reads.Release();
            }
            if (_taken.CurrentCount == 0)
            {
                try
                {
                    _taken.Release();
                }
                catch (SemaphoreFullException)
                {
                    // Signalled already.
                }
            }
        }
    }

    /// <summary>A large mail given as a stream: keyed from it, and stored from it in pieces by the writer.</summary>
    private Incoming Identify(MailSource source, Stream body)
    {
        try
        {
            if (body.Length > Options.MaxMessageBytes)
            {
                var head = new byte[(int)Math.Min(body.Length, MailProcessor.MaxHeaderBytes)];
                body.Position = 0;
                body.ReadExactly(head);
                var headers = MailProcessor.HeaderBytes(head);
                var size = (ulong)body.Length;
                body.Dispose();
                return new Incoming(source, headers, MailReader.Identify(headers), size);
            }
            return new Incoming(source, [], MailReader.Identify(body), null, body);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    private Incoming Identify(MailSource source, byte[] raw)
    {
        if (source.TooLargeSize is { } announced)
        {
            return new Incoming(source, raw, MailReader.Identify(raw), announced);
        }
        if (raw.LongLength > Options.MaxMessageBytes)
        {
            var headers = MailProcessor.HeaderBytes(raw);
            return new Incoming(source, headers, MailReader.Identify(headers), (ulong)raw.LongLength);
        }
        return new Incoming(source, raw, MailReader.Identify(raw), null);
    }

    /// <summary>
    /// A batch being written (<see cref="Results"/>, once committed); <see cref="Reserved"/> once its ids are taken (or it
    /// failed before): the next batch takes its own after them.
    /// </summary>
    private sealed class Flight : IDisposable
    {
        private readonly TaskCompletionSource _reserved = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private Flight(List<Incoming> batch) => Batch = batch;

        public List<Incoming> Batch { get; }

        public Task<IReadOnlyList<AcceptedMail>> Results { get; private set; } = null!;

        public Task Reserved => _reserved.Task;

        public void SetReserved() => _reserved.TrySetResult();

        /// <summary>Starts writing <paramref name="batch"/>: after <paramref name="previous"/> (its ids and its commit) when <paramref name="pipelined"/>.</summary>
        public static Flight Start(List<Incoming> batch, Flight? previous, bool pipelined, MailAcceptor acceptor, CancellationToken cancellationToken)
        {
            var flight = new Flight(batch);
            flight.Results = acceptor.WriteAsync(flight, pipelined ? previous : null, pipelined, cancellationToken);
            return flight;
        }

        public void Dispose()
        {
            foreach (var mail in Batch)
            {
                mail.Body?.Dispose();
            }
        }
    }

    /// <summary>
    /// Writes a batch. <paramref name="pipelined"/> (PostgreSQL, more than one batch in flight): its ids are taken from the
    /// identity's sequence after the batch before took its own (so they are all above them), and it commits only after
    /// that batch committed (a failed one fails it too): the rows of one acceptor become visible in id order, and a reader
    /// taking the rows after the last id it saw never passes a row that is committed later (rows numbered by the insert
    /// would be numbered in whatever order the two statements ran, and commit in any order).
    /// </summary>
    private async Task<IReadOnlyList<AcceptedMail>> WriteAsync(Flight flight, Flight? previous, bool pipelined, CancellationToken cancellationToken)
    {
        var writing = System.Diagnostics.Stopwatch.GetTimestamp();
        long[]? ids = null;
        try
        {
            if (pipelined)
            {
                if (previous is not null)
                {
                    await previous.Reserved;
                }
                ids = await ReserveIdsAsync(flight.Batch.Select(m => m.Identity.DedupKey).Distinct(StringComparer.Ordinal).Count(), cancellationToken);
            }
        }
        finally
        {
            flight.SetReserved();
        }
        if (previous is not null && previous.Batch.Select(m => m.Identity.DedupKey).Intersect(flight.Batch.Select(m => m.Identity.DedupKey), StringComparer.Ordinal).Any())
        {
            // A key in both (a mail delivered twice, close together): written after the first is committed, so the second
            // finds it stored (two statements inserting the same keys at once wait for each other, and could deadlock).
            await previous.Results.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        var results = await CommitWithRetriesAsync(flight.Batch, ids, previous?.Results, cancellationToken);
        var took = System.Diagnostics.Stopwatch.GetTimestamp() - writing;
        Interlocked.Add(ref _writingTicks, took);
        long slowest;
        while (took > (slowest = Interlocked.Read(ref _slowestCommitTicks)) && Interlocked.CompareExchange(ref _slowestCommitTicks, took, slowest) != slowest)
        {
        }
        return results;
    }

    /// <summary><paramref name="count"/> new ids from the raw inputs' identity sequence, in ascending order (retried when transient).</summary>
    private async Task<long[]> ReserveIdsAsync(int count, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
                var model = new ModelStatements(db);
                var entity = model.Entity<RawInput>();
                var column = model.Property<RawInput>(nameof(RawInput.Id)).GetColumnName(
                    Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema()))!;
                await db.Database.OpenConnectionAsync(cancellationToken);
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = "SELECT nextval(pg_get_serial_sequence(@table, @column)) FROM generate_series(1, @count)";
                foreach (var (name, value) in new (string, object)[] { ("table", model.Table<RawInput>()), ("column", column), ("count", count) })
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = value;
                    command.Parameters.Add(parameter);
                }
                var ids = new List<long>(count);
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        ids.Add(reader.GetInt64(0));
                    }
                }
                ids.Sort();
                return [.. ids];
            }
            catch (Exception e) when (MailProcessor.IsTransient(e) && attempt < 3 && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
        }
    }

    private async Task<IReadOnlyList<AcceptedMail>> CommitWithRetriesAsync(List<Incoming> batch, long[]? ids, Task? commitAfter, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Ids taken before are still free after a rollback (a sequence gives a value once): the same ones again.
                return await CommitAsync(batch, ids, commitAfter, cancellationToken);
            }
            catch (Exception e) when (MailProcessor.IsTransient(e) && attempt < 3 && !cancellationToken.IsCancellationRequested)
            {
                // The database was busy or the connection dropped: nothing of the batch is committed; it is written again.
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
        }
    }

    private sealed record Known(long Id, string DedupKey, string Outcome, string? OutcomeDetail, int Attempts);

    /// <summary>One transaction: the keys stored before looked up, the new rows and their bytes inserted, many to a statement.</summary>
    private async Task<IReadOnlyList<AcceptedMail>> CommitAsync(List<Incoming> batch, long[]? ids, Task? commitAfter, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (checkpointer is { IsRunning: true })
        {
            // While the checkpointer runs (`ingest`, `watch`: SQLite), the log is copied into the file on its own connection
            // after the commits, as for the reading writer. Before, SQLite's own checkpoint at 1,000 pages ran inside this
            // commit: a batch of 200 of the benchmark's mails writes about 150 pages, so one commit in six or seven copied
            // the log and waited for its fsyncs (the accepting commits 20–22 µs a mail, 8–9 without).
            await db.Database.OpenConnectionAsync(cancellationToken);
            checkpointer.Defer(db.Database.GetDbConnection());
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        // Each new key's row inserted with ON CONFLICT DO NOTHING RETURNING its id: stored, or known stored before, at
        // once. SQLite: one statement compiled once for the batch, run for each row; PostgreSQL: many rows to a statement.
        var fresh = new Dictionary<string, (Incoming Mail, RawInput Row)>(StringComparer.Ordinal);
        var stored = new List<(RawInput Row, Stream? Body)>();
        var before = new HashSet<string>(StringComparer.Ordinal);
        // The first copy of each key in the batch, in order: the one stored (or found stored before).
        var candidates = new List<(Incoming Mail, RawInput Row)>(batch.Count);
        // Each mail's key: its identity's, or, under a Message-ID stored before or earlier in the batch with another author print, its own (AuthorPrint).
        var keys = new Dictionary<Incoming, string>(ReferenceEqualityComparer.Instance);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var repeated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mail in batch)
        {
            keys[mail] = mail.Identity.DedupKey;
            if (seen.Add(mail.Identity.DedupKey))
            {
                candidates.Add((mail, NewRow(mail, now)));
            }
            else
            {
                repeated.Add(mail.Identity.DedupKey);
            }
        }
        void Inserted((Incoming Mail, RawInput Row) candidate, long? id)
        {
            if (id is { } newId)
            {
                candidate.Row.Id = newId;
                fresh[candidate.Row.DedupKey] = candidate;
                stored.Add((candidate.Row, candidate.Mail.Body));
            }
            else
            {
                before.Add(candidate.Row.DedupKey);
            }
        }
        var fromArrays = db.Provider().InsertsRowsFromArrays;
        async Task InsertAsync(List<(Incoming Mail, RawInput Row)> rows, long[]? given)
        {
            if (fromArrays)
            {
                // A round trip per statement (PostgreSQL): the whole batch's rows and their bytes in one statement.
                _lz4 ??= await ServerHasLz4Async(db, cancellationToken);
                await InsertWithContentsFromArraysAsync(db, rows, given, Inserted, _lz4.Value, cancellationToken);
            }
            else
            {
                var model = new ModelStatements(db) { Positional = true };
                await using var insert = model.Insert<RawInput>(onConflictDoNothing: [nameof(RawInput.Channel), nameof(RawInput.DedupKey)], returning: nameof(RawInput.Id));
                foreach (var candidate in rows)
                {
                    Inserted(candidate, await insert.InsertReturningAsync(candidate.Row, cancellationToken) is { } id
                        ? Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture) : null);
                }
            }
        }
        await InsertAsync(candidates, ids);
        // A Message-ID stored before or twice in the batch (rare: a replay, a mail fetched twice, a stranger's mail under
        // another's id): each mail whose author print differs from the first copy's (the stored one, or the batch's first)
        // is stored again under its own key, numbered by the table after the ids given to the batch (the reader's last look
        // from the start finds it).
        var compared = before.Concat(repeated).Where(AuthorPrint.Compared).ToHashSet(StringComparer.Ordinal);
        if (compared.Count > 0)
        {
            var owners = await StoredPrintsAsync(db, [.. compared.Where(before.Contains)], cancellationToken);
            var variants = new List<(Incoming Mail, RawInput Row)>();
            foreach (var mail in batch)
            {
                var key = mail.Identity.DedupKey;
                if (!compared.Contains(key) || mail.TooLargeSize is not null)
                {
                    continue;
                }
                if (!owners.TryGetValue(key, out var owner))
                {
                    // The batch's first copy, stored now: its print is the key's.
                    owners[key] = owner = PrintOf(mail);
                    continue;
                }
                if (owner is null || PrintOf(mail) is not { } print || print == owner)
                {
                    continue;
                }
                keys[mail] = AuthorPrint.VariantKey(key, print);
                if (seen.Add(keys[mail]))
                {
                    var row = NewRow(mail, now);
                    row.DedupKey = keys[mail];
                    variants.Add((mail, row));
                }
            }
            if (variants.Count > 0)
            {
                await InsertAsync(variants, null);
            }
        }
        Part(1, ref started);
        // The keys stored before (a replay, a mail delivered twice): what became of them.
        var known = before.Count == 0 ? [] : await KnownAsync(db, [.. before], cancellationToken);
        Part(0, ref started);
        if (fromArrays)
        {
            // The bytes went with their rows; a mail given as a stream was stored empty, and is written from its file now.
            await WriteStreamsAsync(db, stored, cancellationToken);
        }
        else
        {
            await InsertContentsAsync(db, stored, cancellationToken);
        }
        Part(2, ref started);
        if (commitAfter is not null)
        {
            try
            {
                await commitAfter;
            }
            catch (Exception e)
            {
                // Not retried: its ids come after that batch's, which is not committed.
                throw new InvalidOperationException($"Not committed: the batch accepted before it failed ({e.GetBaseException().Message}).");
            }
        }
        await transaction.CommitAsync(cancellationToken);
        checkpointer?.Committed();
        Part(3, ref started);

        return batch.Select(mail =>
        {
            if (fresh.TryGetValue(keys[mail], out var first))
            {
                var isNew = ReferenceEquals(first.Mail, mail);
                // A mail too large to read is decided here; a second copy in the batch waits for the first one's reading.
                return new AcceptedMail(mail.Source, first.Row.Id, isNew, isNew && mail.TooLargeSize is { } size ? TooLarge(first.Row.Id, size) : null);
            }
            var row = known[keys[mail]];
            MailResult? decided = row switch
            {
                // Accepted before and not read yet (the process stopped between the stages): the reader takes it.
                { Outcome: MailProcessor.RawReceived, Attempts: 0 } => null,
                { Outcome: MailProcessor.RawReceived or MailProcessor.RawProcessing } =>
                    new MailResult { Outcome = MailOutcomes.InProgress, RawInputId = row.Id, Detail = "stored before, not finished: resumed when a watcher starts" },
                _ => new MailResult
                {
                    Outcome = MailOutcomes.Duplicate, RawInputId = row.Id, Detail = $"already {row.Outcome}: {row.OutcomeDetail}",
                    PreviouslyFailed = row.Outcome == MailProcessor.RawFailed,
                },
            };
            return new AcceptedMail(mail.Source, row.Id, false, decided);
        }).ToList();
    }

    /// <summary>A new row for <paramref name="mail"/>: its key, sender and bytes (its headers alone when too large), waiting to be read.</summary>
    private static RawInput NewRow(Incoming mail, DateTimeOffset now) => new()
    {
        Channel = MailProcessor.Channel,
        DedupKey = mail.Identity.DedupKey,
        ContentType = mail.TooLargeSize is null ? "message/rfc822" : "text/rfc822-headers",
        Content = mail.Content,
        ConversationId = mail.TooLargeSize is null && mail.Identity.From is { Length: <= 320 } from ? from : null,
        ReceivedAt = now,
        Outcome = mail.TooLargeSize is null ? MailProcessor.RawReceived : MailProcessor.RawFailed,
        OutcomeDetail = mail.TooLargeSize is { } size ? MailProcessor.StoredDetail(TooLarge(0, size)) : mail.Source.AllowReply ? null : NoReplyMark,
    };

    /// <summary>
    /// The batch's rows and their bytes in one statement (PostgreSQL): each column's values for all the rows one array
    /// parameter, unnested in the batch's order; the rows inserted with <c>ON CONFLICT DO NOTHING RETURNING</c> the id and
    /// the key of each row it inserted (a key stored before gives no row back), their bytes with them (PostgreSQL keeps
    /// them in the row: migration RawInputBytesInRow), or, for a model that splits them off, the bytes of exactly those
    /// rows inserted into their table by the same statement. One round trip and one plan for the batch: before, 50 rows to an INSERT and their
    /// bytes in another made eight statements of up to 500 parameters for a batch of 200, a round trip and a plan each.
    /// <paramref name="inserted"/> learns each row's id, or null for a key stored before, in the batch's order. A mail given
    /// as a stream gets an empty value here (written from its stream after: <see cref="WriteStreamsAsync"/>).
    /// </summary>
    private static async Task InsertWithContentsFromArraysAsync(ReginDbContext db, List<(Incoming Mail, RawInput Row)> candidates, long[]? ids,
        Action<(Incoming Mail, RawInput Row), long?> inserted, bool lz4, CancellationToken cancellationToken)
    {
        var model = new ModelStatements(db);
        // The bytes are a parameter of their own (content), whether they go in the row or in their own (SQLite's model).
        var columns = BulkInsert.WrittenColumns(model.Entity<RawInput>()).Where(c => c.Property.Name != nameof(RawInput.Content)).ToList();
        var sql = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper>(db);
        var contents = model.StoreOf<RawInput>(nameof(RawInput.Content));
        var split = contents.Name != model.Entity<RawInput>().GetTableName() || contents.Schema != model.Entity<RawInput>().GetSchema();
        var contentMapping = model.Property<RawInput>(nameof(RawInput.Content)).GetRelationalTypeMapping();
        var key = columns.Select((c, i) => (c, i)).Single(c => c.c.Property.Name == nameof(RawInput.DedupKey)).i;
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(
            db.Database.CurrentTransaction ?? throw new InvalidOperationException("The batch's rows are inserted in its transaction."));
        if (db.Database.GetCommandTimeout() is { } timeout)
        {
            command.CommandTimeout = timeout;
        }
        void AddArray(string name, Array values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = values;
            command.Parameters.Add(parameter);
        }
        var unnested = new List<string>();
        for (var c = 0; c < columns.Count; c++)
        {
            var (property, _, mapping, getter) = columns[c];
            // Each value as EF Core writes it (the column's conversion applied); typed by the column's store type below.
            var element = mapping.Converter?.ProviderClrType ?? Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            var values = Array.CreateInstance(element.IsValueType && property.IsNullable ? typeof(Nullable<>).MakeGenericType(element) : element, candidates.Count);
            for (var r = 0; r < candidates.Count; r++)
            {
                var value = getter.GetClrValue(candidates[r].Row);
                values.SetValue(mapping.Converter is { } converter && value is not null ? converter.ConvertToProvider(value) : value, r);
            }
            var name = "p" + c.ToString(System.Globalization.CultureInfo.InvariantCulture);
            AddArray(name, values);
            unnested.Add($"CAST(@{name} AS {mapping.StoreType}[])");
        }
        var bytes = new byte[candidates.Count][];
        for (var r = 0; r < candidates.Count; r++)
        {
            bytes[r] = candidates[r].Mail.Body is null ? candidates[r].Row.Content : [];
        }
        AddArray("content", bytes);
        var id = model.Column<RawInput>(nameof(RawInput.Id));
        var dedupKey = model.Column<RawInput>(nameof(RawInput.DedupKey));
        var inputColumns = string.Join(", ", columns.Select((_, c) => "c" + c.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var insertColumns = string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)));
        if (ids is not null)
        {
            // Ids taken before (two batches in flight, WriteAsync): given, not numbered by the insert.
            AddArray("ids", ids);
            unnested.Add($"CAST(@ids AS {model.Property<RawInput>(nameof(RawInput.Id)).GetRelationalTypeMapping().StoreType}[])");
            inputColumns += ", id";
            insertColumns += ", " + id;
        }
        var selected = inputColumns;
        if (!split)
        {
            selected += ", content";
            insertColumns += ", " + model.Column<RawInput>(nameof(RawInput.Content));
        }
        // The input once (materialised: read by both INSERTs); the rows inserted in its order (ORDER BY n: their ids in the
        // batch's order, as the reader takes them); the bytes of the rows inserted, found by their key (unique in a batch).
        // lz4 (the server's choice for this transaction only; a column without a compression of its own takes it): the
        // bytes of a mail over ~2 kB are compressed before they go to TOAST, and pglz, the default, was the statement's
        // largest part (7–14 ms of ~24 for 200 mails, session 17); lz4 compresses several times faster, and reads back
        // faster. Each value keeps the method it was written with: nothing else changes, no migration.
        // Where the bytes are in the row (PostgreSQL's model), they go with it and there is no second INSERT.
        var bytesInserted = split ? $"""
            , bytes AS (
              INSERT INTO {model.Table(contents)} ({model.Column<RawInput>(nameof(RawInput.Id), contents)}, {model.Column<RawInput>(nameof(RawInput.Content), contents)})
              SELECT stored.{id}, input.content FROM stored JOIN input ON input.c{key.ToString(System.Globalization.CultureInfo.InvariantCulture)} = stored.{dedupKey}
            )
            """ : "";
        command.CommandText = (lz4 ? "SET LOCAL default_toast_compression = lz4;\n" : "") + $"""
            WITH input AS MATERIALIZED (
              SELECT * FROM unnest({string.Join(", ", unnested)}, CAST(@content AS {contentMapping.StoreType}[])) WITH ORDINALITY AS i({inputColumns}, content, n)
            ), stored AS (
              INSERT INTO {model.Table<RawInput>()} ({insertColumns})
              SELECT {selected} FROM input ORDER BY n
              ON CONFLICT ({model.Column<RawInput>(nameof(RawInput.Channel))}, {dedupKey}) DO NOTHING
              RETURNING {id}, {dedupKey}
            ){bytesInserted}
            SELECT {id}, {dedupKey} FROM stored
            """;
        var stored = new Dictionary<string, long>(candidates.Count, StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                stored[reader.GetString(1)] = reader.GetInt64(0);
            }
        }
        foreach (var candidate in candidates)
        {
            inserted(candidate, stored.TryGetValue(candidate.Row.DedupKey, out var newId) ? newId : null);
        }
    }

    /// <summary>Whether the server can compress with lz4 (PostgreSQL 14 and later, built with it).</summary>
    private static async Task<bool> ServerHasLz4Async(ReginDbContext db, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(db.Database.CurrentTransaction!);
        command.CommandText = "SELECT coalesce(bool_or('lz4' = ANY(enumvals)), false) FROM pg_settings WHERE name = 'default_toast_compression'";
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private static MailResult TooLarge(long id, ulong size) =>
        new() { Outcome = MailOutcomes.Failed, Detail = $"too_large: {size} bytes (headers kept)", RawInputId = id };

    /// <summary>The author print of a mail of the batch (its stream's, when given as one).</summary>
    private static string PrintOf(Incoming mail) => mail.Body is { } body ? AuthorPrint.Of(body) : AuthorPrint.Of(mail.Content);

    /// <summary>The author prints of the mails stored under these keys (null for one stored too large to read: its headers alone).</summary>
    private static async Task<Dictionary<string, string?>> StoredPrintsAsync(ReginDbContext db, List<string> keys, CancellationToken cancellationToken)
    {
        var prints = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var stored = await db.RawInputs.AsNoTracking().Where(r => r.Channel == MailProcessor.Channel && r.DedupKey == key)
                .Select(r => new { r.ContentType, r.Content }).FirstOrDefaultAsync(cancellationToken);
            prints[key] = stored is { ContentType: "message/rfc822" } ? AuthorPrint.Of(stored.Content) : null;
        }
        return prints;
    }

    private static async Task<Dictionary<string, Known>> KnownAsync(ReginDbContext db, List<string> keys, CancellationToken cancellationToken) =>
        await db.RawInputs.AsNoTracking()
            .Where(r => r.Channel == MailProcessor.Channel && keys.Contains(r.DedupKey))
            .Select(r => new Known(r.Id, r.DedupKey, r.Outcome, r.OutcomeDetail, r.Attempts))
            .ToDictionaryAsync(r => r.DedupKey, StringComparer.Ordinal, cancellationToken);

    /// <summary>
    /// The bytes, each in its own row of the bytes' table (<c>raw_input_contents</c>, SQLite), many to a statement; a large mail
    /// (SQLite, 1 MB and more) gets an empty value there, then its bytes written in pieces (never a second copy in memory);
    /// a mail given as a stream (large) gets an empty value, then the stream written into it as it is read.
    /// </summary>
    private static async Task InsertContentsAsync(ReginDbContext db, List<(RawInput Row, Stream? Body)> stored, CancellationToken cancellationToken)
    {
        var rows = stored.Select(s => s.Row).ToList();
        var model = new ModelStatements(db) { Positional = true };
        var store = model.StoreOf<RawInput>(nameof(RawInput.Content));
        var table = model.Table(store);
        var id = model.Column<RawInput>(nameof(RawInput.Id), store);
        var content = model.Column<RawInput>(nameof(RawInput.Content), store);
        var idProperty = model.Property<RawInput>(nameof(RawInput.Id));
        var contentProperty = model.Property<RawInput>(nameof(RawInput.Content));
        var large = db.Provider().WriteInPiecesFrom;
        var made = new Dictionary<int, PreparedStatement>();
        try
        {
            for (var start = 0; start < rows.Count; start += RowsPerInsert)
            {
                var count = Math.Min(RowsPerInsert, rows.Count - start);
                if (!made.TryGetValue(count, out var insert))
                {
                    var values = string.Join(", ", Enumerable.Range(0, count).Select(r => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"(@p{2 * r}, @p{2 * r + 1})")));
                    insert = PreparedStatement.CreatePositional(db, $"INSERT INTO {table} ({id}, {content}) VALUES {values} ON CONFLICT ({id}) DO NOTHING",
                        Enumerable.Range(0, count).SelectMany(_ => new[] { idProperty, contentProperty }).ToList());
                    made[count] = insert;
                }
                var arguments = new object?[2 * count];
                for (var r = 0; r < count; r++)
                {
                    var row = rows[start + r];
                    arguments[2 * r] = row.Id;
                    arguments[2 * r + 1] = large is { } from && row.Content.Length >= from ? Array.Empty<byte>() : row.Content;
                }
                await insert.ExecuteAsync(cancellationToken, arguments);
            }
        }
        finally
        {
            foreach (var insert in made.Values)
            {
                await insert.DisposeAsync();
            }
        }
        var mapped = contentProperty.GetTableColumnMappings().Single().TableMapping.Table;
        var where = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(mapped.Name, mapped.Schema);
        var column = contentProperty.GetColumnName(where)!;
        if (large is { } threshold)
        {
            foreach (var row in rows.Where(r => r.Content.Length >= threshold))
            {
                await db.Provider().WriteInPiecesAsync(db, mapped.Name, column, row.Id, row.Content, cancellationToken);
            }
        }
        await WriteStreamsAsync(db, stored, cancellationToken);
    }

    /// <summary>The mails given as a stream (large), each written from it into its row of bytes, stored empty before.</summary>
    private static async Task WriteStreamsAsync(ReginDbContext db, List<(RawInput Row, Stream? Body)> stored, CancellationToken cancellationToken)
    {
        if (stored.All(s => s.Body is null))
        {
            return;
        }
        var contentProperty = new ModelStatements(db).Property<RawInput>(nameof(RawInput.Content));
        var mapped = contentProperty.GetTableColumnMappings().Single().TableMapping.Table;
        var where = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(mapped.Name, mapped.Schema);
        var column = contentProperty.GetColumnName(where)!;
        var key = new ModelStatements(db).Property<RawInput>(nameof(RawInput.Id)).GetColumnName(where)!;
        foreach (var (row, body) in stored)
        {
            if (body is not null)
            {
                // From its start again (a batch written a second time after a transient error reads it again).
                body.Position = 0;
                await db.Provider().WriteFromStreamAsync(db, mapped.Name, column, key, row.Id, body, body.Length, cancellationToken);
            }
        }
    }
}
