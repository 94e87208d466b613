using Microsoft.Bot.Builder;
using Microsoft.EntityFrameworkCore;
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
/// storages: a store item whose ETag is not the stored one (nor "*") is refused with <see cref="ChatStateConflictException"/>,
/// and the database's concurrency token catches two writers that read the same version at once. Within a turn's
/// <see cref="TurnUnitOfWork"/> it uses the turn's DbContext: rows read are tracked, so the write at the end of the turn
/// does not read them again, and the write is committed with the rest of the turn.
/// </summary>
public sealed class EfCoreStorage(IServiceScopeFactory scopes, TimeProvider clock) : IStorage
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        // Types are written so IStoreItem classes come back as themselves; only Regin's and plain collection types are read.
        TypeNameHandling = TypeNameHandling.Objects,
        SerializationBinder = new ChatStateTypeBinder(),
        MaxDepth = 64,
        NullValueHandling = NullValueHandling.Include,
        DateParseHandling = DateParseHandling.DateTimeOffset,
    };

    private static readonly CompiledPerModel<Func<ReginDbContext, string, CancellationToken, Task<string?>>> StoredETag = new(() =>
        EF.CompileAsyncQuery((ReginDbContext db, string key, CancellationToken cancellationToken) =>
            db.Set<ChatStateItem>().Where(s => s.Key == key).Select(s => (string?)s.ETag).FirstOrDefault()));

    private static bool NotDeleted(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<ChatStateItem> entry) => entry.State != EntityState.Deleted;

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
            await TrackAsync(unit, db, keys, cancellationToken);
            rows = keys.Distinct(StringComparer.Ordinal).Select(key => db.FindTracked<ChatStateItem, string>(key, NotDeleted)).OfType<ChatStateItem>().ToList();
        }
        else
        {
            rows = await db.Set<ChatStateItem>().AsNoTracking().Where(s => keys.Contains(s.Key)).ToListAsync(cancellationToken);
        }
        foreach (var row in rows)
        {
            var item = JsonConvert.DeserializeObject(row.Document, Settings);
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
        var keys = changes.Keys.ToArray();
        Dictionary<string, ChatStateItem> existing;
        if (services.Unit is { } unit)
        {
            await TrackAsync(unit, db, keys, cancellationToken);
            existing = keys.Select(key => db.FindTracked<ChatStateItem, string>(key, NotDeleted)).OfType<ChatStateItem>().ToDictionary(row => row.Key, StringComparer.Ordinal);
        }
        else
        {
            existing = await db.Set<ChatStateItem>().Where(s => keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key, cancellationToken);
        }
        var now = clock.GetUtcNow();
        var newTags = new List<(IStoreItem Item, string ETag)>();
        foreach (var (key, value) in changes)
        {
            ArgumentNullException.ThrowIfNull(value, key);
            var expected = ExpectedETag(value);
            var etag = Guid.NewGuid().ToString("N");
            existing.TryGetValue(key, out var row);
            if (row is not null && services.Unit is not null && (string.IsNullOrEmpty(expected) || expected == "*"))
            {
                // "Last writer wins": against the stored version now, not the one this turn read at its start (its ETag,
                // read by a compiled query: a reload compiled a query of its own on every turn).
                if (await StoredETag.For(db)(db, key, cancellationToken) is { } stored)
                {
                    db.Entry(row).Property(r => r.ETag).OriginalValue = stored;
                }
                else
                {
                    db.Entry(row).State = EntityState.Detached;
                    row = null;
                }
            }
            if (row is not null && !string.IsNullOrEmpty(expected) && expected != "*" && expected != row.ETag)
            {
                throw new ChatStateConflictException(key);
            }
            var document = JsonConvert.SerializeObject(value, Settings);
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
        if (services.Unit is null)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e)
            {
                // Another writer changed (or created) one of these items since it was read.
                throw new ChatStateConflictException(string.Join(", ", keys), e);
            }
        }
        // Within a turn the rows are saved with the rest of the turn when it commits (a conflict fails the whole turn).
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
            // Through the tracker, so the turn's later reads and writes of these keys see them gone.
            await TrackAsync(unit, db, keys, cancellationToken);
            foreach (var row in keys.Select(key => db.FindTracked<ChatStateItem, string>(key)).OfType<ChatStateItem>())
            {
                db.Remove(row);
            }
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        await db.Set<ChatStateItem>().Where(s => keys.Contains(s.Key)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Reads (tracked) the rows of the keys this turn has not read yet; the others are in the tracker, or known absent.</summary>
    private static async Task TrackAsync(TurnUnitOfWork unit, ReginDbContext db, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var unread = keys.Where(key => !unit.ChatStateKeysRead.Contains(key)).Distinct(StringComparer.Ordinal).ToArray();
        if (unread.Length == 0)
        {
            return;
        }
        await db.Set<ChatStateItem>().Where(s => unread.Contains(s.Key)).LoadAsync(cancellationToken);
        unit.ChatStateKeysRead.UnionWith(unread);
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
