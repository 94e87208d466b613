using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Regin.Bot.Chat.Hosting;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.DirectLine;

/// <summary>
/// The transcripts of the local Direct Line in the database (tables directline_conversations and directline_activities):
/// each activity gets the next watermark of its conversation. Appends to one conversation are serialised in this process;
/// the table's key refuses a second instance that picked the same position, and the append is retried. Each commit is
/// published on <see cref="IActivityAppendedSignal"/> for the WebSocket streams (and, on PostgreSQL, notified to the other
/// hosts from inside the appending transaction). Within a chat turn (the posted message, the bot's replies) the rows go
/// into the turn's <see cref="TurnUnitOfWork"/>, written in one INSERT just before it commits (on PostgreSQL with its
/// COMMIT), and published when it has; a turn that may run again takes its positions after the last this host saw
/// committed, without reading it (<see cref="AddToTranscriptAsync"/>).
/// </summary>
public sealed class DirectLineStore
{
    private const int Stripes = 64;

    /// <summary>How many conversations' last positions <see cref="_known"/> holds at most (past it, it starts again empty).</summary>
    private const int KnownMost = 50_000;

    private readonly SemaphoreSlim[] _gates = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly IServiceScopeFactory scopes;
    private readonly IActivityAppendedSignal signal;
    private readonly TimeProvider clock;

    /// <summary>
    /// The last position of each conversation this host has seen committed (its own appends after their commit, and on
    /// PostgreSQL the other hosts' notices): a turn that may run again takes its positions after it, without a read of the
    /// last (<see cref="AddToTranscriptAsync"/>). Never ahead of the database (only committed positions are put here, and
    /// positions only grow); when behind (another host's append not heard yet), the turn's INSERT meets the table's key,
    /// and the turn runs again, reading the last position.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _known = new(StringComparer.Ordinal);

    public DirectLineStore(IServiceScopeFactory scopes, IActivityAppendedSignal signal, TimeProvider clock)
    {
        this.scopes = scopes;
        this.signal = signal;
        this.clock = clock;
        signal.Observe(Reached);
    }

    /// <summary>A position of <paramref name="conversationId"/> committed (here or, told by the signal, on another host).</summary>
    private void Reached(string conversationId, long watermark)
    {
        if (ChatRehearsal.IsRunning)
        {
            // The warm-up's conversations live in its own copies of the tables.
            return;
        }
        if (_known.Count >= KnownMost)
        {
            _known.Clear();
        }
        _known.AddOrUpdate(conversationId, watermark, (_, known) => Math.Max(known, watermark));
    }

    /// <summary>
    /// Whether a token's post is checked inside its turn (<see cref="CheckOwnerInTurnAsync"/>) rather than looked up before
    /// it (<see cref="FindAsync"/>: an EF Core query and, on PostgreSQL, a round trip of its own on another session).
    /// </summary>
    public bool ChecksOwnerInTurn { get; internal set; } = true;

    /// <summary>Whether conversation <paramref name="conversationId"/> exists and is <paramref name="userId"/>'s (outside a turn).</summary>
    public async Task<bool> OwnedByAsync(string conversationId, string userId, CancellationToken cancellationToken = default) =>
        await FindAsync(conversationId, cancellationToken) is { } conversation && string.Equals(conversation.UserId, userId, StringComparison.Ordinal);

    /// <summary>
    /// Checks within the current turn that conversation <paramref name="conversationId"/> exists and is <paramref name="userId"/>'s
    /// (a token's post, not looked up before the turn: an erasure gives a conversation a new user, on any host, so it is
    /// never known here): <paramref name="passed"/> is called once it has; when it has not, the turn fails with
    /// <see cref="DirectLineConversationRefusedException"/> (<see cref="IsRefusal"/>), before it did anything. On PostgreSQL
    /// the read waits with the conversation's lock for the turn's first statement (its chat state's read, or the read of
    /// the last position) and goes in the same round trip (<see cref="ConnectionPrelude"/>), failing in the database where
    /// it finds no row (the batch stops there); on SQLite it runs now, prepared on the turn's connection.
    /// </summary>
    internal async Task CheckOwnerInTurnAsync(TurnUnitOfWork unit, string conversationId, string userId, Action passed, CancellationToken cancellationToken)
    {
        var sql = OwnerChecks.GetOrAdd(unit.Db.Model, _ => OwnerCheck.For(unit.Db));
        if (WriteBatch.For(unit.Db) is not null)
        {
            ConnectionPrelude.Add(unit.Db.Database.GetDbConnection(), new ConnectionPrelude.Statement(sql.Failing, [conversationId, userId], ReturnsRows: true,
                Mappings: sql.Mappings,
                Check: rows =>
                {
                    // Run (a count of 0 comes only from the form checked with a COMMIT, which the database failed).
                    if (rows == 0)
                    {
                        throw new DirectLineConversationRefusedException(conversationId);
                    }
                    passed();
                }, CheckedSql: sql.FailingChecked));
            return;
        }
        await using var read = PreparedStatement.Create(unit.Db, sql.Exists, sql.Id, sql.UserId);
        if (await read.ScalarAsync(cancellationToken, conversationId, userId) is null or DBNull)
        {
            throw new DirectLineConversationRefusedException(conversationId);
        }
        passed();
    }

    /// <summary>
    /// Runs what waits on the turn's connection now (its lock and <see cref="CheckOwnerInTurnAsync"/>'s check, with whatever
    /// else waits there), in one round trip: for a turn that ran no statement, before it commits.
    /// </summary>
    internal static async Task RunCheckAsync(TurnUnitOfWork unit, CancellationToken cancellationToken)
    {
        if (WriteBatch.For(unit.Db) is { } batch)
        {
            await batch.ExecuteAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Whether <paramref name="failure"/> is (or wraps) the refusal of <see cref="CheckOwnerInTurnAsync"/>: its own
    /// exception, or PostgreSQL's failure of its read (<see cref="ReginDatabaseProvider.RowsExpectedState"/>, naming it).
    /// </summary>
    internal static bool IsRefusal(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is DirectLineConversationRefusedException
                || (e is Npgsql.PostgresException { SqlState: ReginDatabaseProvider.RowsExpectedState } failed
                    && failed.MessageText.StartsWith(OwnerCheck.What + " ", StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel, OwnerCheck> OwnerChecks = new();

    /// <summary>
    /// The read of a conversation by its id and user: <see cref="Exists"/> gives a row where it is theirs (SQLite);
    /// <see cref="Failing"/> fails where it is not (PostgreSQL: <c>regin_expect_rows</c>, SQLSTATE
    /// <see cref="ReginDatabaseProvider.RowsExpectedState"/>, its message beginning with <see cref="What"/>), and
    /// <see cref="FailingChecked"/> is the same numbered for a batch with a COMMIT.
    /// </summary>
    private sealed record OwnerCheck(string Exists, string Failing, string FailingChecked, Microsoft.EntityFrameworkCore.Metadata.IProperty Id,
        Microsoft.EntityFrameworkCore.Metadata.IProperty UserId)
    {
        public const string What = "directline conversation of its user";

        public Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping[] Mappings { get; } = [Id.GetRelationalTypeMapping(), UserId.GetRelationalTypeMapping()];

        public static OwnerCheck For(ReginDbContext db)
        {
            var model = new ModelStatements(db);
            var where = $" FROM {model.Table<DirectLineConversation>()} WHERE {model.Column<DirectLineConversation>(nameof(DirectLineConversation.Id))} = @p0 "
                + $"AND {model.Column<DirectLineConversation>(nameof(DirectLineConversation.UserId))} = @p1";
            // (-1: no statement's number in a batch; a failure there is this read's, found by its text: IsRefusal.)
            return new OwnerCheck("SELECT 1" + where, $"SELECT regin_expect_rows(count(*), '{What}', -1)" + where,
                $"SELECT regin_expect_rows(count(*), '{What}', @{ReginDatabaseProvider.StatementNumberParameter})" + where,
                model.Property<DirectLineConversation>(nameof(DirectLineConversation.Id)), model.Property<DirectLineConversation>(nameof(DirectLineConversation.UserId)));
        }
    }

    public async Task<DirectLineConversation?> FindAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        if (ChatRehearsal.IsRunning)
        {
            // The chat warm-up's posts go through the API like a client's: their conversation is in the rehearsal's database.
            await using var rehearsed = await TurnUnitOfWork.OpenAsync(scopes, cancellationToken);
            return await rehearsed.Db.Set<DirectLineConversation>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        return await db.Set<DirectLineConversation>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
    }

    /// <summary>
    /// Adds <paramref name="conversation"/> within the current chat turn (stored with the turn's writes), unless the turn's
    /// own read finds one with its id: then that one, not created (a start of the same token that got there first; the turns
    /// of one conversation run one at a time, on every host, so the read after the lock sees it).
    /// </summary>
    public async Task<(DirectLineConversation Conversation, bool Created)> AddToTurnAsync(DirectLineConversation conversation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var unit = TurnUnitOfWork.Current ?? throw new InvalidOperationException($"{nameof(AddToTurnAsync)} runs within a chat turn.");
        var existing = WriteBatch.For(unit.Db) is not null
            ? await FindInTurnAsync(unit.Db, conversation.Id, cancellationToken)
            : await unit.Db.Set<DirectLineConversation>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversation.Id, cancellationToken);
        if (existing is not null)
        {
            return (existing, false);
        }
        if (WriteBatch.For(unit.Db) is not null)
        {
            // Where the provider has batches (PostgreSQL): its INSERT goes with the turn's next statement (its chat state's
            // read), not through SaveChanges at the commit, which sent it behind a savepoint of its own (two round trips
            // more). It fails the turn as SaveChanges' would.
            await unit.BeginWriteAsync(cancellationToken);
            ConnectionPrelude.Add(unit.Db.Database.GetDbConnection(), ConversationInsert(unit.Db, conversation));
        }
        else
        {
            unit.Db.Add(conversation);
        }
        // Created in this turn: its transcript is empty, so its first rows take positions 1, 2 ... with no read of the last.
        TranscriptOf(unit).Last.TryAdd(conversation.Id, 0);
        return (conversation, true);
    }

    /// <summary>
    /// The welcome turn's read of its conversation on PostgreSQL: a prepared statement, so what waits on the turn's
    /// connection (the conversation's lock, and its commit that does not wait for the disk) goes with it, in its round
    /// trip, not two of their own before an EF Core query. (Until session 30 that path dropped both, a bug of
    /// ConnectionPrelude's: the start's COMMIT waited for the log flush while holding the notices' lock.)
    /// </summary>
    private static async Task<DirectLineConversation?> FindInTurnAsync(ReginDbContext db, string conversationId, CancellationToken cancellationToken)
    {
        var sql = ConversationReads.GetOrAdd(db.Model, _ =>
        {
            var model = new ModelStatements(db);
            string Column(string name) => model.Column<DirectLineConversation>(name);
            return ($"SELECT {Column(nameof(DirectLineConversation.Id))}, {Column(nameof(DirectLineConversation.UserId))}, {Column(nameof(DirectLineConversation.Locale))}, "
                + $"{Column(nameof(DirectLineConversation.CreatedAt))}, {Column(nameof(DirectLineConversation.UpdatedAt))} FROM {model.Table<DirectLineConversation>()} "
                + $"WHERE {Column(nameof(DirectLineConversation.Id))} = @p0", model.Property<DirectLineConversation>(nameof(DirectLineConversation.Id)));
        });
        await using var read = PreparedStatement.Create(db, sql.Sql, sql.Id);
        var rows = await read.ReadAsync(reader => new DirectLineConversation
        {
            Id = reader.GetString(0),
            UserId = reader.GetString(1),
            Locale = reader.GetString(2),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(3),
            UpdatedAt = reader.GetFieldValue<DateTimeOffset>(4),
        }, cancellationToken, conversationId);
        return rows.Count == 0 ? null : rows[0];
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel,
        (string Sql, Microsoft.EntityFrameworkCore.Metadata.IProperty Id)> ConversationReads = new();

    /// <summary>The INSERT of <paramref name="conversation"/>'s row as a statement to send ahead of the unit's next one.</summary>
    private static ConnectionPrelude.Statement ConversationInsert(ReginDbContext db, DirectLineConversation conversation)
    {
        var (sql, columns) = ConversationInserts.GetOrAdd(db.Model, _ =>
        {
            var model = new ModelStatements(db);
            var written = BulkInsert.WrittenColumns(model.Entity<DirectLineConversation>());
            var quote = db.GetService<Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper>();
            var text = $"INSERT INTO {model.Table<DirectLineConversation>()} ({string.Join(", ", written.Select(c => quote.DelimitIdentifier(c.Name)))}) "
                + $"VALUES ({string.Join(", ", written.Select((_, i) => "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))})";
            return (text, written);
        });
        var values = new object?[columns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = columns[i].Getter.GetClrValue(conversation);
        }
        return new ConnectionPrelude.Statement(sql, values, Mappings: columns.Select(c => c.Mapping).ToArray());
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel,
        (string Sql, IReadOnlyList<(Microsoft.EntityFrameworkCore.Metadata.IProperty Property, string Name, Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping Mapping,
            Microsoft.EntityFrameworkCore.Metadata.IClrPropertyGetter Getter)> Columns)> ConversationInserts = new();

    /// <summary>Creates the conversation, or returns it when it exists (a second start with the same token).</summary>
    public async Task<(DirectLineConversation Conversation, bool Created)> CreateAsync(string conversationId, string userId, string locale, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var existing = await db.Set<DirectLineConversation>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
        if (existing is not null)
        {
            return (existing, false);
        }
        var now = clock.GetUtcNow();
        var conversation = new DirectLineConversation { Id = conversationId, UserId = userId, Locale = locale, CreatedAt = now, UpdatedAt = now };
        db.Add(conversation);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (conversation, true);
        }
        catch (DbUpdateException)
        {
            // Started at the same moment by another request: that one's conversation stands.
            var other = await FindAsync(conversationId, cancellationToken);
            return other is not null ? (other, false) : throw new InvalidOperationException($"Direct Line conversation {conversationId} could not be created.");
        }
    }

    /// <summary>Appends one activity; <paramref name="toJson"/> gets the watermark and the activity id and returns the JSON.</summary>
    public async Task<(long Watermark, string ActivityId)> AppendAsync(string conversationId, Func<long, string, string> toJson, CancellationToken cancellationToken = default) =>
        (await AppendManyAsync(conversationId, 1, (_, watermark, id) => toJson(watermark, id), cancellationToken))[0];

    /// <summary>
    /// Appends <paramref name="count"/> activities in one transaction (a turn's replies); <paramref name="toJson"/> gets
    /// the index, the watermark and the activity id and returns the JSON.
    /// </summary>
    public async Task<IReadOnlyList<(long Watermark, string ActivityId)>> AppendManyAsync(string conversationId, int count, Func<int, long, string, string> toJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(toJson);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (TurnUnitOfWork.Current is { } turn)
        {
            // Within a chat turn: gathered, written with the turn's other transcript rows just before it commits (on
            // PostgreSQL with the cross-host notice, in the same round trip: WriteAsync).
            return await AddToTranscriptAsync(turn, conversationId, count, toJson, cancellationToken);
        }
        // Outside a turn, appends to one conversation queue here before they write; the key's uniqueness and the retry
        // below keep the order against another host's.
        var gate = _gates[(int)((uint)StringComparer.Ordinal.GetHashCode(conversationId) % Stripes)];
        await gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
                // A signal that crosses hosts sends its notice inside the appending transaction (it goes out at commit).
                await using var transaction = signal.EnlistsInTransaction ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
                var last = await LastWatermarkAsync(db, conversationId, cancellationToken);
                var rows = new List<DirectLineActivity>(count);
                var now = clock.GetUtcNow();
                for (var i = 0; i < count; i++)
                {
                    var watermark = last + 1 + i;
                    var id = $"{conversationId}|{watermark:D7}";
                    rows.Add(new DirectLineActivity { ConversationId = conversationId, Watermark = watermark, ActivityId = id, Json = toJson(i, watermark, id), CreatedAt = now });
                }
                db.AddRange(rows);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException) when (attempt < 5)
                {
                    // Another instance took these positions: take the next ones.
                    rows.ForEach(row => db.Entry(row).State = EntityState.Detached);
                    continue;
                }
                var reached = rows[^1].Watermark;
                if (signal.EnlistsInTransaction)
                {
                    await signal.EnlistAsync(db, conversationId, reached, cancellationToken);
                }
                if (transaction is not null)
                {
                    await transaction.CommitAsync(cancellationToken);
                }
                // Committed: the conversation's open streams may read it now. Not cancelled: it is stored, so it is told.
                Reached(conversationId, reached);
                await signal.PublishAsync(conversationId, reached, rows, CancellationToken.None);
                return rows.Select(row => (row.Watermark, row.ActivityId)).ToList();
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Adds a posted activity to the transcript within the current chat turn, without a write of its own: it is written
    /// with the turn's replies, after the turn's work and just before it commits, and told to the streams when the turn
    /// has committed. So the turn takes its place in the database's writer queue once, and while it holds the place its
    /// transcript costs one prepared INSERT (no read of the last position, no change tracking).
    /// </summary>
    public async Task<(long Watermark, string ActivityId)> AddToTurnAsync(string conversationId, Func<long, string, string> toJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(toJson);
        var unit = TurnUnitOfWork.Current ?? throw new InvalidOperationException($"{nameof(AddToTurnAsync)} runs within a chat turn.");
        return (await AddToTranscriptAsync(unit, conversationId, 1, (_, watermark, id) => toJson(watermark, id), cancellationToken))[0];
    }

    /// <summary>
    /// Adds <paramref name="count"/> activities to the turn's transcript rows (<see cref="TurnTranscript"/>): their positions
    /// follow the conversation's last, read once per turn (the turns of a conversation run one at a time) or, in a turn
    /// that may run again, the last this host saw committed (<see cref="_known"/>), and they are written in one INSERT
    /// after the turn's work, just before it commits, and told to the streams once it has.
    /// </summary>
    private async Task<IReadOnlyList<(long Watermark, string ActivityId)>> AddToTranscriptAsync(TurnUnitOfWork unit, string conversationId, int count,
        Func<int, long, string, string> toJson, CancellationToken cancellationToken)
    {
        var transcript = TranscriptOf(unit);
        if (!transcript.Last.TryGetValue(conversationId, out var last))
        {
            if (TakesKnownPositions(unit) && _known.TryGetValue(conversationId, out var known))
            {
                // A turn that may run again (its rows go with its COMMIT): after the last position seen committed, with
                // no read of it. Another host's append not heard of yet meets the table's key at the commit: the turn is
                // then run again, and that run reads the last position.
                last = known;
                unit.RunAgainOn(failure =>
                {
                    if (unit.Kept is not null && TurnUnitOfWorkMiddleware.ChangedElsewhere(failure))
                    {
                        // What the host kept (the chat state, the draft's stamp) was changed elsewhere (another host's turn,
                        // most likely, which appended to the transcript too): the run again reads the last position as well.
                        _known.TryRemove(conversationId, out _);
                        return false;
                    }
                    // The position's row refused by the table's key; or, found first, the posted message's raw input refused
                    // as a repeat: its key holds the message's id, made of the position, so another message with the same
                    // text has that position (a Direct Line post is never a channel's retry of an id: each POST gets a new one).
                    // Not when its key is its client's id for it: that is the same post again, a repeat (session 51).
                    if (!TakenPosition(unit.Db, failure) && failure is not RepeatedInputException { ByClientId: false })
                    {
                        return false;
                    }
                    // Behind: forgotten, so the run again reads it.
                    _known.TryRemove(conversationId, out _);
                    return true;
                });
            }
            else
            {
                last = await LastWatermarkInTurnAsync(unit.Db, conversationId, cancellationToken);
            }
        }
        var now = clock.GetUtcNow();
        var added = new (long Watermark, string ActivityId)[count];
        for (var i = 0; i < count; i++)
        {
            var watermark = last + 1 + i;
            var id = $"{conversationId}|{watermark:D7}";
            transcript.Rows.Add(new DirectLineActivity { ConversationId = conversationId, Watermark = watermark, ActivityId = id, Json = toJson(i, watermark, id), CreatedAt = now });
            added[i] = (watermark, id);
        }
        transcript.Last[conversationId] = last + count;
        return added;
    }

    /// <summary>
    /// Whether the turn may take its positions from <see cref="_known"/>: where its transcript's INSERT goes with its COMMIT
    /// (PostgreSQL) and a failure there runs the turn again (<see cref="UnitTransaction.WritesMayWaitForCommit"/>).
    /// </summary>
    private static bool TakesKnownPositions(TurnUnitOfWork unit) =>
        !ChatRehearsal.IsRunning && WriteBatch.For(unit.Db) is not null
        && unit.Services.GetService<UnitTransaction>() is { WritesMayWaitForCommit: true };

    /// <summary>Whether <paramref name="failure"/> is (or wraps) a transcript row refused by the table's key: its position was taken.</summary>
    private static bool TakenPosition(ReginDbContext db, Exception failure)
    {
        var table = db.Model.FindEntityType(typeof(DirectLineActivity))?.GetTableName();
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } unique && unique.TableName == table)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The turn's transcript rows (made at the first use, written before the commit and told after it).</summary>
    private TurnTranscript TranscriptOf(TurnUnitOfWork unit) => unit.Part(() =>
    {
        var made = new TurnTranscript();
        unit.BeforeCommit(token => WriteAsync(unit, made, token));
        unit.AfterCommit(token => TellAllAsync(made, token));
        return made;
    });

    /// <summary>
    /// The turn's transcript rows, in one statement, in the turn's transaction; with a signal that crosses hosts
    /// (PostgreSQL), each conversation's notice too, sent ahead of the INSERT in the same round trip (it goes out at the
    /// commit, and not at all if the turn rolls back). Until session 20 a PostgreSQL turn wrote the posted message and
    /// its replies each at once, each with a read of the last position and a notice of its own: six round trips more.
    /// </summary>
    private async Task WriteAsync(TurnUnitOfWork unit, TurnTranscript transcript, CancellationToken cancellationToken)
    {
        if (transcript.Rows.Count == 0)
        {
            return;
        }
        await unit.BeginWriteAsync(cancellationToken);
        if (signal.EnlistsInTransaction)
        {
            foreach (var (conversationId, last) in transcript.Last)
            {
                if (last == 0)
                {
                    // A conversation created in the turn that added nothing to it.
                    continue;
                }
                if (signal.EnlistStatement(conversationId, last) is { } notice)
                {
                    // With whatever else waits on the connection (the chat state's writes), at the head of the INSERT's batch.
                    ConnectionPrelude.Add(unit.Db.Database.GetDbConnection(), notice);
                }
                else
                {
                    await signal.EnlistAsync(unit.Db, conversationId, last, cancellationToken);
                }
            }
        }
        if (WriteBatch.For(unit.Db) is not null)
        {
            // PostgreSQL: it waits on the connection and goes with what else waits there and the COMMIT, in one round trip
            // (a refusal by the table's key fails the commit, which then runs the turn again: AddToTranscriptAsync).
            ConnectionPrelude.Add(unit.Db.Database.GetDbConnection(), ActivityInsert(unit.Db, transcript.Rows));
            return;
        }
        await using var insert = new ModelStatements(unit.Db).Insert<DirectLineActivity>(transcript.Rows.Count);
        await insert.InsertAsync(transcript.Rows, cancellationToken);
    }

    /// <summary>The INSERT of <paramref name="rows"/> as one statement to send ahead of the unit's next one (its COMMIT).</summary>
    private static ConnectionPrelude.Statement ActivityInsert(ReginDbContext db, IReadOnlyList<DirectLineActivity> rows)
    {
        var (table, columns) = ActivityColumns.GetOrAdd(db.Model, _ =>
        {
            var model = new ModelStatements(db);
            var written = BulkInsert.WrittenColumns(model.Entity<DirectLineActivity>());
            var quote = db.GetService<Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper>();
            return ($"INSERT INTO {model.Table<DirectLineActivity>()} ({string.Join(", ", written.Select(c => quote.DelimitIdentifier(c.Name)))}) VALUES ", written);
        });
        var sql = ActivityInserts.GetOrAdd((db.Model, rows.Count), key =>
        {
            var text = new System.Text.StringBuilder(table);
            for (var r = 0; r < key.Rows; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    text.Append(c == 0 ? "@p" : ", @p").Append((r * columns.Count) + c);
                }
                text.Append(')');
            }
            return text.ToString();
        });
        var values = new object?[rows.Count * columns.Count];
        var mappings = new Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping[values.Length];
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                values[(r * columns.Count) + c] = columns[c].Getter.GetClrValue(rows[r]);
                mappings[(r * columns.Count) + c] = columns[c].Mapping;
            }
        }
        return new ConnectionPrelude.Statement(sql, values, Mappings: mappings);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel,
        (string Head, IReadOnlyList<(Microsoft.EntityFrameworkCore.Metadata.IProperty Property, string Name, Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping Mapping,
            Microsoft.EntityFrameworkCore.Metadata.IClrPropertyGetter Getter)> Columns)> ActivityColumns = new();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Microsoft.EntityFrameworkCore.Metadata.IModel Model, int Rows), string> ActivityInserts = new();

    /// <summary>Committed: each conversation's open streams may read up to its last position now.</summary>
    private async Task TellAllAsync(TurnTranscript transcript, CancellationToken cancellationToken)
    {
        if (transcript.Rows.Count == 0)
        {
            return;
        }
        foreach (var (conversationId, last) in transcript.Last)
        {
            if (last == 0)
            {
                continue;
            }
            Reached(conversationId, last);
            await signal.PublishAsync(conversationId, last, transcript.Rows.Where(row => row.ConversationId == conversationId).ToList(), cancellationToken);
        }
    }

    /// <summary>The transcript rows a chat turn adds (see <see cref="AddToTranscriptAsync"/>), with each conversation's last position.</summary>
    private sealed class TurnTranscript
    {
        public Dictionary<string, long> Last { get; } = new(StringComparer.Ordinal);

        public List<DirectLineActivity> Rows { get; } = [];
    }

    /// <summary>Whether the transcript holds <paramref name="json"/> at <paramref name="watermark"/> (committed).</summary>
    public async Task<bool> HoldsAsync(string conversationId, long watermark, string json, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var stored = await db.Set<DirectLineActivity>().AsNoTracking()
            .Where(a => a.ConversationId == conversationId && a.Watermark == watermark).Select(a => a.Json).FirstOrDefaultAsync(cancellationToken);
        return string.Equals(stored, json, StringComparison.Ordinal);
    }

    /// <summary>Tells the conversation's streams that the transcript reached <paramref name="watermark"/>.</summary>
    public ValueTask TellAsync(string conversationId, long watermark, CancellationToken cancellationToken = default) =>
        signal.PublishAsync(conversationId, watermark, cancellationToken);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel, string> LastWatermarkSqls = new();

    /// <summary>
    /// The conversation's last stored watermark, read on the turn's open connection as a prepared statement: it takes
    /// along what waits to run first there (on PostgreSQL the conversation's lock, sent with it in one round trip, where
    /// an EF Core query ran the lock alone first), and on SQLite it stays compiled on the kept connection.
    /// </summary>
    private async Task<long> LastWatermarkInTurnAsync(ReginDbContext db, string conversationId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lastPositionReads);
        var model = new ModelStatements(db);
        var sql = LastWatermarkSqls.GetOrAdd(db.Model, _ =>
            $"SELECT MAX({model.Column<DirectLineActivity>(nameof(DirectLineActivity.Watermark))}) FROM {model.Table<DirectLineActivity>()} "
            + $"WHERE {model.Column<DirectLineActivity>(nameof(DirectLineActivity.ConversationId))} = @p0");
        await using var read = PreparedStatement.Create(db, sql, model.Property<DirectLineActivity>(nameof(DirectLineActivity.ConversationId)));
        return await read.ScalarAsync(cancellationToken, conversationId) is { } value and not DBNull
            ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>The conversation's last watermark: stored, or added to this context and not yet saved (a turn's).</summary>
    private static async Task<long> LastWatermarkAsync(ReginDbContext db, string conversationId, CancellationToken cancellationToken)
    {
        var stored = await db.Set<DirectLineActivity>().Where(a => a.ConversationId == conversationId)
            .MaxAsync(a => (long?)a.Watermark, cancellationToken) ?? 0;
        var added = db.ChangeTracker.Entries<DirectLineActivity>()
            .Where(e => e.State == EntityState.Added && e.Entity.ConversationId == conversationId)
            .Select(e => e.Entity.Watermark).DefaultIfEmpty(0).Max();
        return Math.Max(stored, added);
    }

    private long _transcriptReads;
    private long _lastPositionReads;

    /// <summary>How many chat turns read their conversation's last position (a start's new transcript is known empty; for tests).</summary>
    public long LastPositionReads => Interlocked.Read(ref _lastPositionReads);

    /// <summary>How many times <see cref="ReadAfterAsync(string, long, int, CancellationToken)"/> read the transcript (for tests and diagnostics).</summary>
    public long TranscriptReads => Interlocked.Read(ref _transcriptReads);

    /// <summary>
    /// The id of <paramref name="userId"/>'s activity with the client id <paramref name="clientActivityId"/> in the conversation
    /// (the latest of its first 10,000); null when there is none. For a post its client sends again (<see cref="PostedActivityIds.IsResend"/>).
    /// </summary>
    public async Task<string?> FindPostedAsync(string conversationId, string userId, string clientActivityId, CancellationToken cancellationToken = default)
    {
        var rows = await ReadAfterAsync(conversationId, 0, 10_000, cancellationToken);
        for (var i = rows.Count - 1; i >= 0; i--)
        {
            if (!rows[i].Json.Contains(clientActivityId, StringComparison.Ordinal))
            {
                continue;
            }
            var activity = Newtonsoft.Json.Linq.JObject.Parse(rows[i].Json);
            if ((string?)activity["from"]?["role"] == "user" && (string?)activity["from"]?["id"] == userId
                && (string?)activity["channelData"]?["clientActivityID"] == clientActivityId)
            {
                return rows[i].ActivityId;
            }
        }
        return null;
    }

    /// <summary>The activities after <paramref name="watermark"/>, oldest first, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<DirectLineActivity>> ReadAfterAsync(string conversationId, long watermark, int max, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _transcriptReads);
        if (ChatRehearsal.IsRunning)
        {
            // The chat warm-up's stream over a loopback socket: its transcript is in the rehearsal's database.
            await using var rehearsed = await TurnUnitOfWork.OpenAsync(scopes, cancellationToken);
            return await ReadAfterAsync(rehearsed.Db, conversationId, watermark, max, cancellationToken);
        }
        await using var scope = scopes.CreateAsyncScope();
        return await ReadAfterAsync(scope.ServiceProvider.GetRequiredService<ReginDbContext>(), conversationId, watermark, max, cancellationToken);
    }

    private static async Task<IReadOnlyList<DirectLineActivity>> ReadAfterAsync(ReginDbContext db, string conversationId, long watermark, int max, CancellationToken cancellationToken)
    {
        return await db.Set<DirectLineActivity>().AsNoTracking()
            .Where(a => a.ConversationId == conversationId && a.Watermark > watermark)
            .OrderBy(a => a.Watermark)
            .Take(max)
            .ToListAsync(cancellationToken);
    }
}

/// <summary>
/// A post to a conversation that does not exist or is not (any more: erased) its token's user's, found by the check in its
/// turn (<see cref="DirectLineStore.CheckOwnerInTurnAsync"/>): the turn is refused, nothing of it kept.
/// </summary>
public sealed class DirectLineConversationRefusedException(string conversationId, Exception? inner = null)
    : TurnRefusedException($"Direct Line conversation {conversationId} is not the poster's.", inner)
{
    public string ConversationId { get; } = conversationId;
}
