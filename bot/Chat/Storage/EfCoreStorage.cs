using Microsoft.Bot.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Regin.Core.Persistence;
using Regin.Bot.Chat.Hosting;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Chat.Storage;

/// <summary>
/// The Bot Framework's IStorage over the Regin database (EF Core, table chat_state), so conversation and user state
/// survive restarts and are shared by every instance of the bot. Optimistic concurrency as in the Bot Framework's own
/// storages: a store item whose ETag is not the stored one (nor "*") is refused with <see cref="ChatStateConflictException"/>.
/// Within a turn's <see cref="TurnUnitOfWork"/> the rows are read without tracking (the unit remembers each key's ETag)
/// and written at once in the turn's transaction by one UPDATE whose WHERE holds the ETag the turn read, so a writer that
/// changed the row meanwhile (another turn, another host) makes it touch no row and the turn is refused; "*" (last writer
/// wins) updates whatever is stored, with no read of its version first. Outside a turn it goes through EF's tracker.
/// </summary>
public sealed class EfCoreStorage(IServiceScopeFactory scopes, TimeProvider clock) : IStorage
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        // Types are written so IStoreItem classes come back as themselves; only Regin's and plain collection types are read.
        // (TypeNameHandling.Auto was tried in session 8: it also names a collection's own type where the declared one is
        // an interface, e.g. the compiler's type for a collection expression, which cannot be read back.)
        TypeNameHandling = TypeNameHandling.Objects,
        SerializationBinder = new ChatStateTypeBinder(),
        MaxDepth = 64,
        NullValueHandling = NullValueHandling.Include,
        DateParseHandling = DateParseHandling.DateTimeOffset,
    };

    /// <summary>One serializer for every document (JsonConvert made one per call).</summary>
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

    /// <summary>
    /// A state item as the document stored for it: the engine's state items in <see cref="ChatStateDocument"/>'s form,
    /// anything else (Bot Framework state kept in this storage) by Newtonsoft with its types named.
    /// </summary>
    public static string Serialize(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (ChatStateDocument.TryWrite(value, out var document))
        {
            return document;
        }
        var text = new StringWriter(new System.Text.StringBuilder(512), System.Globalization.CultureInfo.InvariantCulture);
        using (var writer = new JsonTextWriter(text) { Formatting = Formatting.None })
        {
            Serializer.Serialize(writer, value);
        }
        return text.ToString();
    }

    /// <summary>
    /// A stored document as its state item: <see cref="ChatStateDocument"/>'s form, or a document Newtonsoft wrote (every
    /// document before session 11; only Regin's and plain collection types: see <see cref="ChatStateTypeBinder"/>).
    /// </summary>
    public static object? Deserialize(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (ChatStateDocument.IsOwn(document))
        {
            return ChatStateDocument.Read(document);
        }
        using var reader = new JsonTextReader(new StringReader(document));
        return Serializer.Deserialize(reader);
    }

    private const int KeysPerQuery = 3;

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var result = new Dictionary<string, object>();
        if (keys.Length == 0)
        {
            return result;
        }
        await using var services = TurnServices.Open(scopes);
        var db = services.Provider.GetRequiredService<ReginDbContext>();
        IEnumerable<ChatStateItem> rows;
        if (services.Unit is { } unit)
        {
            rows = await ReadUntrackedAsync(unit, db, keys, cancellationToken);
        }
        else
        {
            rows = await db.Set<ChatStateItem>().AsNoTracking().Where(s => keys.Contains(s.Key)).ToListAsync(cancellationToken);
        }
        foreach (var row in rows)
        {
            var item = Deserialize(row.Document);
            switch (item)
            {
                case IStoreItem storeItem:
                    storeItem.ETag = row.ETag;
                    break;
                case JObject json:
                    json["eTag"] = row.ETag;
                    break;
                case IDictionary<string, object> dictionary:
                    dictionary["eTag"] = row.ETag;
                    break;
            }
            if (item is not null)
            {
                result[row.Key] = item;
            }
        }
        return result;
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }
        await using var services = TurnServices.Open(scopes);
        var db = services.Provider.GetRequiredService<ReginDbContext>();
        if (services.Unit is { } unit)
        {
            await WriteInTurnAsync(unit, db, changes, cancellationToken);
            return;
        }
        var keys = changes.Keys.ToArray();
        var existing = await db.Set<ChatStateItem>().Where(s => keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key, cancellationToken);
        var now = clock.GetUtcNow();
        var newTags = new List<(IStoreItem Item, string ETag)>();
        foreach (var (key, value) in changes)
        {
            ArgumentNullException.ThrowIfNull(value, key);
            var expected = ExpectedETag(value);
            var etag = NewETag();
            existing.TryGetValue(key, out var row);
            if (row is not null && !string.IsNullOrEmpty(expected) && expected != "*" && expected != row.ETag)
            {
                throw new ChatStateConflictException(key);
            }
            var document = Serialize(value);
            if (row is null)
            {
                db.Set<ChatStateItem>().Add(new ChatStateItem { Key = key, Document = document, ETag = etag, UpdatedAt = now });
            }
            else
            {
                row.Document = document;
                row.ETag = etag;
                row.UpdatedAt = now;
            }
            if (value is IStoreItem storeItem)
            {
                newTags.Add((storeItem, etag));
            }
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e)
        {
            // Another writer changed (or created) one of these items since it was read.
            throw new ChatStateConflictException(string.Join(", ", keys), e);
        }
        foreach (var (item, etag) in newTags)
        {
            item.ETag = etag;
        }
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await using var services = TurnServices.Open(scopes);
        var db = services.Provider.GetRequiredService<ReginDbContext>();
        if (services.Unit is { } unit)
        {
            // In the turn's transaction; the turn's later reads and writes of these keys know them gone.
            await unit.BeginWriteAsync(cancellationToken);
            await db.Set<ChatStateItem>().Where(s => keys.Contains(s.Key)).ExecuteDeleteAsync(cancellationToken);
            foreach (var key in keys)
            {
                unit.ChatStateETags[key] = null;
                unit.ChatStateDocuments[key] = null;
                unit.ChatStateWritten.Add(key);
            }
            return;
        }
        await db.Set<ChatStateItem>().Where(s => keys.Contains(s.Key)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// A new version of a key: 128 random bits as 32 hex digits, as <c>Guid.NewGuid().ToString("N")</c> wrote them, from
    /// the thread's own generator (<see cref="Random.Shared"/>, seeded by the system once per thread). Guid.NewGuid reads
    /// /dev/urandom on every call here (a system call; two a turn). An ETag tells the versions of one key apart: it needs
    /// no secrecy, only no repeats.
    /// </summary>
    internal static string NewETag()
    {
        Span<byte> bits = stackalloc byte[16];
        Random.Shared.NextBytes(bits);
        return Convert.ToHexStringLower(bits);
    }

    /// <summary>The rows of <paramref name="keys"/>, untracked; their ETags (or their absence) remembered by the turn.</summary>
    private static async Task<List<ChatStateItem>> ReadUntrackedAsync(TurnUnitOfWork unit, ReginDbContext db, string[] keys, CancellationToken cancellationToken)
    {
        var distinct = keys.Distinct(StringComparer.Ordinal).ToArray();
        if (unit.Kept is { } kept && KeptRows(unit, kept, distinct) is { } keptRows)
        {
            return keptRows;
        }
        var rows = new List<ChatStateItem>(distinct.Length);
        var sql = Statements.GetOrAdd(db.Model, _ => ChatStateStatements.For(db));
        // Where the provider has batches (PostgreSQL), one round trip: the conversation's lock waiting to go first
        // (ConnectionPrelude), the rows, and on the turn's first read the version of the contributor's open draft, which
        // the engine asks for next (IntakeService.AddOpenDraftVersion).
        var batch = ReadBatch.For(db);
        for (var start = 0; batch is not null && start < distinct.Length; start += KeysPerQuery)
        {
            var part = distinct.AsSpan(start, Math.Min(KeysPerQuery, distinct.Length - start));
            batch.AddMapped(sql.Read, sql.ReadMappings, [part[0], part.Length > 1 ? part[1] : part[0], part.Length > 2 ? part[2] : part[0]],
                r => rows.Add(new ChatStateItem { Key = r.GetString(0), Document = r.GetString(1), ETag = r.GetString(2) }));
        }
        if (batch is not null && !unit.StateRead && unit.Contributor is { } contributor)
        {
            unit.Services.GetService<Regin.Core.Intake.IntakeService>()?.AddOpenDraftVersion(batch, contributor);
        }
        unit.StateRead = true;
        if (batch is not null)
        {
            await batch.ExecuteAsync(cancellationToken);
        }
        for (var start = 0; batch is null && start < distinct.Length; start += KeysPerQuery)
        {
            var part = distinct.AsSpan(start, Math.Min(KeysPerQuery, distinct.Length - start));
            // Fewer than three keys: the first one stands in for the missing ones (the same row, read once). The unit's
            // connection is open: on SQLite one kept across turns, where the statement stays compiled (StatementCache).
            await using var read = PreparedStatement.Create(db, sql.Read, sql.Key, sql.Key, sql.Key);
            rows.AddRange(await read.ReadAsync(r => new ChatStateItem { Key = r.GetString(0), Document = r.GetString(1), ETag = r.GetString(2) },
                cancellationToken, part[0], part.Length > 1 ? part[1] : part[0], part.Length > 2 ? part[2] : part[0]));
        }
        foreach (var key in distinct)
        {
            unit.ChatStateETags[key] = null;
            unit.ChatStateDocuments[key] = null;
        }
        foreach (var row in rows)
        {
            unit.ChatStateETags[row.Key] = row.ETag;
            unit.ChatStateDocuments[row.Key] = row.Document;
        }
        return rows;
    }

    /// <summary>
    /// The rows of <paramref name="keys"/> as the conversation's last committed turn on this host left them
    /// (<see cref="TurnStateCache"/>), with no read, their ETags remembered by the turn as if read; and on the turn's first
    /// read the contributor's open draft's version kept with them (<see cref="Regin.Core.Intake.IntakeService.KnowOpenDraftVersion"/>).
    /// Null when a key is not kept, or the turn has met one already (it reads the database then, as without an entry).
    /// </summary>
    private static List<ChatStateItem>? KeptRows(TurnUnitOfWork unit, TurnStateCache.Entry kept, string[] keys)
    {
        foreach (var key in keys)
        {
            if (!kept.Rows.ContainsKey(key) || unit.ChatStateETags.ContainsKey(key))
            {
                return null;
            }
        }
        var rows = new List<ChatStateItem>(keys.Length);
        foreach (var key in keys)
        {
            var row = kept.Rows[key];
            rows.Add(new ChatStateItem { Key = key, Document = row.Document, ETag = row.ETag });
            unit.ChatStateETags[key] = row.ETag;
            unit.ChatStateDocuments[key] = row.Document;
            unit.KeptKeysUsed.Add(key);
        }
        if (!unit.StateRead && unit.Contributor is { } contributor && kept.DraftId is { } draft && kept.Contributor == contributor)
        {
            unit.Services.GetService<Regin.Core.Intake.IntakeService>()?.KnowOpenDraftVersion(contributor, draft, kept.DraftStamp);
        }
        else if (!unit.StateRead && unit.Contributor is { } alone && kept.DraftId is null && kept.Contributor == alone && WriteBatch.For(unit.Db) is not null)
        {
            // Kept: no open draft (the welcome read so). Where its check goes with the COMMIT (PostgreSQL) the first answer
            // reads nothing first; on SQLite the check would be a statement of its own, in the writer's lock: it reads.
            unit.Services.GetService<Regin.Core.Intake.IntakeService>()?.KnowNoOpenDraft(alone);
        }
        unit.StateRead = true;
        return rows;
    }

    /// <summary>
    /// Checks, before the turn's commit, that each chat state row the turn took from <see cref="TurnUnitOfWork.Kept"/> and
    /// did not write (a write checks its ETag itself) still has the ETag kept: where the provider has batches (PostgreSQL)
    /// the check goes with the COMMIT, the database failing it; otherwise it runs now. Not so: <see cref="ChatStateConflictException"/>.
    /// </summary>
    internal static async Task CheckKeptAsync(TurnUnitOfWork unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var db = unit.Db;
        // (Each row: the conversation's owner too, though every turn writes its progress by ETag; a writer that changes or
        // deletes one without the other, such as an erasure of the owner in a conversation of two, is then seen.)
        var rows = new List<(string Key, string ETag)>(2);
        foreach (var key in unit.KeptKeysUsed)
        {
            if (!unit.ChatStateWritten.Contains(key) && unit.ChatStateETags[key] is { } etag)
            {
                rows.Add((key, etag));
            }
        }
        if (rows.Count == 0)
        {
            return;
        }
        var sql = Checks.GetOrAdd(db.Model, _ => KeptCheck.For(db));
        var batched = WriteBatch.For(db) is not null;
        // Two rows a statement (a kept turn's owner and profile, which it reads and rarely writes): one statement less.
        for (var i = 0; i < rows.Count; i += 2)
        {
            var two = i + 1 < rows.Count;
            var keys = two ? rows[i].Key + ", " + rows[i + 1].Key : rows[i].Key;
            object?[] values = two ? [rows[i].Key, rows[i].ETag, rows[i + 1].Key, rows[i + 1].ETag] : [rows[i].Key, rows[i].ETag];
            if (batched)
            {
                ConnectionPrelude.Add(db.Database.GetDbConnection(), new ConnectionPrelude.Statement(two ? sql.FailingTwo : sql.Failing, values, ReturnsRows: true,
                    Mappings: two ? sql.TwoMappings : sql.Mappings,
                    Check: found =>
                    {
                        if (found == 0)
                        {
                            throw new ChatStateConflictException(keys);
                        }
                    }, CheckedSql: two ? sql.FailingTwoChecked : sql.FailingChecked));
                continue;
            }
            await using var count = two
                ? PreparedStatement.Create(db, sql.CountTwo, sql.Key, sql.ETag, sql.Key, sql.ETag)
                : PreparedStatement.Create(db, sql.Count, sql.Key, sql.ETag);
            if (Convert.ToInt64(await count.ScalarAsync(cancellationToken, values), System.Globalization.CultureInfo.InvariantCulture) != values.Length / 2)
            {
                throw new ChatStateConflictException(keys);
            }
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel, KeptCheck> Checks = new();

    /// <summary>
    /// The check of <see cref="CheckKeptAsync"/>: <see cref="Count"/> counts the row with the key and ETag; <see cref="Failing"/>
    /// fails instead of counting 0 (PostgreSQL's <c>regin_expect_rows</c>), <see cref="FailingChecked"/> numbered for a batch with a COMMIT.
    /// </summary>
    /// <param name="FailingTwo">Two rows (<c>@p0</c>, <c>@p1</c> and <c>@p2</c>, <c>@p3</c>) checked by one statement, failing unless both are found.</param>
    private sealed record KeptCheck(string Count, string Failing, string FailingChecked, string CountTwo, string FailingTwo, string FailingTwoChecked,
        Microsoft.EntityFrameworkCore.Metadata.IProperty Key, Microsoft.EntityFrameworkCore.Metadata.IProperty ETag)
    {
        public Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping[] Mappings { get; } = [Key.GetRelationalTypeMapping(), ETag.GetRelationalTypeMapping()];

        public Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping[] TwoMappings { get; } =
            [Key.GetRelationalTypeMapping(), ETag.GetRelationalTypeMapping(), Key.GetRelationalTypeMapping(), ETag.GetRelationalTypeMapping()];

        public static KeptCheck For(ReginDbContext db)
        {
            var model = new ModelStatements(db);
            var (key, etag) = (model.Column<ChatStateItem>(nameof(ChatStateItem.Key)), model.Column<ChatStateItem>(nameof(ChatStateItem.ETag)));
            var table = model.Table<ChatStateItem>();
            var from = $" FROM {table} WHERE {key} = @p0 AND {etag} = @p1";
            // Keys are unique: 2 rows found (1 from the division) when both match, 0 otherwise.
            var fromTwo = $" FROM {table} WHERE ({key} = @p0 AND {etag} = @p1) OR ({key} = @p2 AND {etag} = @p3)";
            // The failing forms (PostgreSQL) count each row by its own key: two lookups in the primary key, whatever the
            // table's size when the plan was made. The OR above was planned once per session as a scan of the whole table
            // (a generic plan made while the table was small: it then read every conversation's rows, pruning their pages,
            // in every kept turn; session 54, 13 blocks and 33 µs a turn against 5 µs at its fastest, 150 conversations).
            var countTwo = $"((SELECT count(*){from}) + (SELECT count(*) FROM {table} WHERE {key} = @p2 AND {etag} = @p3)) / 2";
            var number = "@" + ReginDatabaseProvider.StatementNumberParameter;
            // (Failing forms only where the provider has batches: PostgreSQL, with regin_expect_rows; -1: no number.)
            return new KeptCheck("SELECT count(*)" + from, "SELECT regin_expect_rows(count(*), 'chat state', -1)" + from,
                $"SELECT regin_expect_rows(count(*), 'chat state', {number})" + from, "SELECT count(*)" + fromTwo,
                $"SELECT regin_expect_rows({countTwo}, 'chat state', -1)",
                $"SELECT regin_expect_rows({countTwo}, 'chat state', {number})",
                model.Property<ChatStateItem>(nameof(ChatStateItem.Key)), model.Property<ChatStateItem>(nameof(ChatStateItem.ETag)));
        }
    }

    /// <summary>
    /// Writes the changes now, in the turn's transaction: an UPDATE with the ETag this turn read in its WHERE (none for "*"),
    /// or an INSERT for a key that has no row. No row touched where one was expected: another writer got there first.
    /// </summary>
    private async Task WriteInTurnAsync(TurnUnitOfWork unit, ReginDbContext db, IDictionary<string, object> changes, CancellationToken cancellationToken)
    {
        var unknown = changes.Keys.Where(key => !unit.ChatStateETags.ContainsKey(key)).ToArray();
        if (unknown.Length > 0)
        {
            await ReadUntrackedAsync(unit, db, unknown, cancellationToken);
        }
        await unit.BeginWriteAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var newTags = new List<(IStoreItem Item, string ETag)>();
        // Where the provider has batches (PostgreSQL), the UPDATEs of all the keys go in one round trip.
        var batch = WriteBatch.For(db);
        var writes = new List<(string Key, object Value, string Document, string ETag, bool LastWriterWins, int Updated)>(changes.Count);
        foreach (var (key, value) in changes)
        {
            ArgumentNullException.ThrowIfNull(value, key);
            var expected = ExpectedETag(value);
            var anyVersion = string.IsNullOrEmpty(expected) || expected == "*";
            // A row the turn took from what the host kept (not read) is written only over the version kept, even for "*":
            // another writer's change since (a profile's language changed in another conversation) fails the turn, which
            // runs again from the database, where "*" then wins as usual.
            var lastWriterWins = anyVersion && !unit.KeptKeysUsed.Contains(key);
            var stored = unit.ChatStateETags[key];
            if (stored is not null && !anyVersion && expected != stored)
            {
                throw new ChatStateConflictException(key);
            }
            var etag = NewETag();
            var document = Serialize(value);
            unit.ChatStateWritten.Add(key);
            unit.ChatStateDocuments[key] = document;
            var updated = 0;
            if (stored is null && batch is not null)
            {
                // No row read: inserted with the turn's next statement or its commit, as the UPDATEs below are (a new
                // conversation's three keys each took a savepoint, an INSERT and a release through SaveChanges); a row
                // another writer created meanwhile fails the turn when it runs, as SaveChanges' INSERT failed it.
                DeferInsert(db, key, document, etag, now);
                updated = 1;
            }
            else if (stored is not null && batch is not null)
            {
                // Sent with the turn's next statement (its message's INSERT) or its commit, not alone (ConnectionPrelude):
                // an UPDATE that finds no row with the ETag read fails the turn then; "*" writes the row whatever is stored
                // (an upsert: a row deleted meanwhile is written again, as the INSERT below would).
                Defer(db, key, lastWriterWins ? null : stored, document, etag, now);
                updated = 1;
            }
            else if (stored is not null)
            {
                if (batch is not null)
                {
                    updated = -1 - UpdateRow(batch, db, key, lastWriterWins ? null : stored, document, etag, now);
                }
                else
                {
                    updated = await UpdateRowAsync(db, key, lastWriterWins ? null : stored, document, etag, now, cancellationToken);
                    if (updated == 0 && !lastWriterWins)
                    {
                        throw new ChatStateConflictException(key);
                    }
                }
            }
            writes.Add((key, value, document, etag, lastWriterWins, updated));
        }
        if (batch is { Count: > 0 })
        {
            var counts = await batch.ExecuteAsync(cancellationToken);
            for (var i = 0; i < writes.Count; i++)
            {
                if (writes[i].Updated < 0)
                {
                    // (-1 - its index in the batch: see above.)
                    var updated = counts[-1 - writes[i].Updated];
                    if (updated == 0 && !writes[i].LastWriterWins)
                    {
                        throw new ChatStateConflictException(writes[i].Key);
                    }
                    writes[i] = writes[i] with { Updated = updated };
                }
            }
        }
        foreach (var (key, value, document, etag, _, updated) in writes)
        {
            if (updated == 0 && !await InsertRowAsync(db, key, document, etag, now, cancellationToken))
            {
                // No row (or, for "*", deleted meanwhile): inserted in the turn's transaction by a statement prepared from
                // the model (a new conversation's three keys each took a save of EF Core's change tracker, with the entity
                // attached and detached again); a row created by another writer meanwhile inserts nothing and fails the turn.
                throw new ChatStateConflictException(key);
            }
            unit.ChatStateETags[key] = etag;
            if (value is IStoreItem storeItem)
            {
                newTags.Add((storeItem, etag));
            }
        }
        foreach (var (item, etag) in newTags)
        {
            item.ETag = etag;
        }
    }

    /// <summary>
    /// The write of one key left on the turn's connection to go with its next statement (<see cref="ConnectionPrelude"/>):
    /// an UPDATE by key and the ETag read (no row changed: <see cref="ChatStateConflictException"/> when it runs), or for
    /// "*" an upsert by key.
    /// </summary>
    private static void Defer(ReginDbContext db, string key, string? expectedETag, string document, string etag, DateTimeOffset now)
    {
        var sql = Statements.GetOrAdd(db.Model, _ => ChatStateStatements.For(db));
        var connection = db.Database.GetDbConnection();
        if (expectedETag is null)
        {
            ConnectionPrelude.Add(connection, new ConnectionPrelude.Statement(sql.Upsert, [key, document, etag, now], Mappings: sql.RowMappings));
            return;
        }
        ConnectionPrelude.Add(connection, new ConnectionPrelude.Statement(sql.UpdateByKeyAndETag, [document, etag, now, key, expectedETag],
            Mappings: sql.UpdateByKeyAndETagMappings,
            Check: updated =>
            {
                if (updated == 0)
                {
                    throw new ChatStateConflictException(key);
                }
            }, CheckedSql: sql.UpdateByKeyAndETagChecked));
    }

    /// <summary>
    /// The INSERT of a key that has no row, left on the turn's connection to go with its next statement
    /// (<see cref="ConnectionPrelude"/>): nothing inserted (another writer's row with that key) throws
    /// <see cref="ChatStateConflictException"/> when it runs, or fails the COMMIT it goes with.
    /// </summary>
    private static void DeferInsert(ReginDbContext db, string key, string document, string etag, DateTimeOffset now)
    {
        var sql = Statements.GetOrAdd(db.Model, _ => ChatStateStatements.For(db));
        ConnectionPrelude.Add(db.Database.GetDbConnection(), new ConnectionPrelude.Statement(sql.InsertUnlessKeyTaken, [key, document, etag, now],
            Mappings: sql.RowMappings,
            Check: inserted =>
            {
                if (inserted == 0)
                {
                    throw new ChatStateConflictException(key);
                }
            }, CheckedSql: sql.InsertUnlessKeyTakenChecked));
    }

    /// <summary>The same UPDATE as <see cref="UpdateRowAsync"/>, added to <paramref name="batch"/>; the index of its row count.</summary>
    private static int UpdateRow(WriteBatch batch, ReginDbContext db, string key, string? expectedETag, string document, string etag, DateTimeOffset now)
    {
        var sql = Statements.GetOrAdd(db.Model, _ => ChatStateStatements.For(db));
        return expectedETag is null
            ? batch.Add(sql.UpdateByKey, [sql.Document, sql.ETag, sql.UpdatedAt, sql.Key], [document, etag, now, key])
            : batch.Add(sql.UpdateByKeyAndETag, [sql.Document, sql.ETag, sql.UpdatedAt, sql.Key, sql.ETag], [document, etag, now, key, expectedETag]);
    }

    /// <summary>
    /// One UPDATE of a row by its key (and the ETag the turn read, unless null), in the turn's transaction; the number of
    /// rows it changed. A statement prepared from the model (each column's type mapping, either provider), kept compiled
    /// on SQLite's kept connections (<see cref="StatementCache"/>); EF's ExecuteUpdate looked its query up in the query
    /// cache on every call, and its raw SQL compiled the statement again on every turn.
    /// </summary>
    private static async Task<int> UpdateRowAsync(ReginDbContext db, string key, string? expectedETag, string document, string etag, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sql = Statements.GetOrAdd(db.Model, _ => ChatStateStatements.For(db));
        if (expectedETag is null)
        {
            await using var byKey = PreparedStatement.Create(db, sql.UpdateByKey, sql.Document, sql.ETag, sql.UpdatedAt, sql.Key);
            return await byKey.ExecuteAsync(cancellationToken, document, etag, now, key);
        }
        await using var byKeyAndETag = PreparedStatement.Create(db, sql.UpdateByKeyAndETag, sql.Document, sql.ETag, sql.UpdatedAt, sql.Key, sql.ETag);
        return await byKeyAndETag.ExecuteAsync(cancellationToken, document, etag, now, key, expectedETag);
    }

    /// <summary>
    /// The INSERT of a key's row in the turn's transaction (begun by the caller: on SQLite it holds the writer), inserting
    /// nothing where a row has the key; whether it inserted the row. Kept compiled on SQLite's kept connections.
    /// </summary>
    private static async Task<bool> InsertRowAsync(ReginDbContext db, string key, string document, string etag, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sql = Statements.GetOrAdd(db.Model, _ => ChatStateStatements.For(db));
        await using var insert = PreparedStatement.Create(db, sql.InsertUnlessKeyTaken, sql.Key, sql.Document, sql.ETag, sql.UpdatedAt);
        return await insert.ExecuteAsync(cancellationToken, key, document, etag, now) == 1;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel, ChatStateStatements> Statements = new();

    /// <summary>The statements of table chat_state a turn runs, with the names and quoting of the context's model and provider.</summary>
    /// <param name="UpdateByKeyAndETagChecked">
    /// The same UPDATE failing in the database where it changes no row, to go with the turn's COMMIT (PostgreSQL:
    /// <see cref="ReginDatabaseProvider.ExpectingRows"/>); null where the provider has none.
    /// </param>
    /// <param name="InsertUnlessKeyTaken">The INSERT of a new key's row, inserting nothing where the key has a row (PostgreSQL's turns defer it).</param>
    /// <param name="InsertUnlessKeyTakenChecked">The same INSERT failing in the database where it inserts nothing, to go with the turn's COMMIT.</param>
    private sealed record ChatStateStatements(string Read, string UpdateByKey, string UpdateByKeyAndETag, string Upsert, Microsoft.EntityFrameworkCore.Metadata.IProperty Key,
        Microsoft.EntityFrameworkCore.Metadata.IProperty Document, Microsoft.EntityFrameworkCore.Metadata.IProperty ETag, Microsoft.EntityFrameworkCore.Metadata.IProperty UpdatedAt,
        string? UpdateByKeyAndETagChecked, string InsertUnlessKeyTaken, string? InsertUnlessKeyTakenChecked)
    {
        // The parameters' type mappings, found once (each deferred write looked up four or five per key, every turn);
        // shared by every statement: the prelude only reads them.

        /// <summary>Key, document, ETag, time: the INSERT's and the upsert's parameters.</summary>
        public Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping[] RowMappings { get; } =
            [Key.GetRelationalTypeMapping(), Document.GetRelationalTypeMapping(), ETag.GetRelationalTypeMapping(), UpdatedAt.GetRelationalTypeMapping()];

        /// <summary>Document, ETag, time, key, ETag read: <see cref="UpdateByKeyAndETag"/>'s parameters.</summary>
        public Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping[] UpdateByKeyAndETagMappings { get; } =
            [Document.GetRelationalTypeMapping(), ETag.GetRelationalTypeMapping(), UpdatedAt.GetRelationalTypeMapping(), Key.GetRelationalTypeMapping(), ETag.GetRelationalTypeMapping()];

        /// <summary>Three keys: <see cref="Read"/>'s parameters.</summary>
        public Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping[] ReadMappings { get; } =
            [Key.GetRelationalTypeMapping(), Key.GetRelationalTypeMapping(), Key.GetRelationalTypeMapping()];

        public static ChatStateStatements For(ReginDbContext db)
        {
            var model = new ModelStatements(db);
            string Column(string property) => model.Column<ChatStateItem>(property);
            var table = model.Table<ChatStateItem>();
            var key = Column(nameof(ChatStateItem.Key));
            var read = $"SELECT {key}, {Column(nameof(ChatStateItem.Document))}, {Column(nameof(ChatStateItem.ETag))} FROM {table} WHERE {key} IN (@p0, @p1, @p2)";
            var update = $"UPDATE {table} SET {Column(nameof(ChatStateItem.Document))} = @p0, {Column(nameof(ChatStateItem.ETag))} = @p1, "
                + $"{Column(nameof(ChatStateItem.UpdatedAt))} = @p2 WHERE {key} = @p3";
            var (document, etag, updatedAt) = (Column(nameof(ChatStateItem.Document)), Column(nameof(ChatStateItem.ETag)), Column(nameof(ChatStateItem.UpdatedAt)));
            var upsert = $"INSERT INTO {table} ({key}, {document}, {etag}, {updatedAt}) VALUES (@p0, @p1, @p2, @p3) ON CONFLICT ({key}) DO UPDATE SET "
                + $"{document} = excluded.{document}, {etag} = excluded.{etag}, {updatedAt} = excluded.{updatedAt}";
            var byETag = update + $" AND {Column(nameof(ChatStateItem.ETag))} = @p4";
            var insert = $"INSERT INTO {table} ({key}, {document}, {etag}, {updatedAt}) VALUES (@p0, @p1, @p2, @p3) ON CONFLICT ({key}) DO NOTHING";
            return new ChatStateStatements(read, update, byETag, upsert,
                model.Property<ChatStateItem>(nameof(ChatStateItem.Key)), model.Property<ChatStateItem>(nameof(ChatStateItem.Document)),
                model.Property<ChatStateItem>(nameof(ChatStateItem.ETag)), model.Property<ChatStateItem>(nameof(ChatStateItem.UpdatedAt)),
                db.Provider().ExpectingRows(byETag, "chat state"), insert, db.Provider().ExpectingRows(insert, "chat state"));
        }
    }

    private static string? ExpectedETag(object value) => value switch
    {
        IStoreItem item => item.ETag,
        JObject json => json.Value<string>("eTag"),
        IDictionary<string, object> dictionary when dictionary.TryGetValue("eTag", out var etag) => etag as string,
        _ => null,
    };
}

/// <summary>Two turns changed the same chat state at once; the later one was refused so that nothing is silently overwritten.</summary>
public sealed class ChatStateConflictException(string key, Exception? inner = null)
    : Exception($"The chat state \"{key}\" was changed by another turn since it was read.", inner)
{
    public string Key { get; } = key;
}
