using Microsoft.Bot.Builder;

namespace Regin.Bot.Chat.Hosting;

/// <summary>One of the engine's plain state objects as an IStorage item: the ETag lives here, not in core.</summary>
public sealed class StoredState<T> : IStoreItem
    where T : class, new()
{
    public T State { get; set; } = new();

    public string? ETag { get; set; }

    public static StoredState<T> From(IDictionary<string, object> stored, string key) =>
        stored.TryGetValue(key, out var item) && item is StoredState<T> state ? state : new StoredState<T>();
}

/// <summary>Where a contributor's state lives in IStorage: per conversation and user, per user, and the conversation's owner.</summary>
internal sealed record StateKeys(string Progress, string Profile, string Owner)
{
    public static StateKeys For(string channel, string conversationId, string userId) => new(
        $"{channel}/conversations/{conversationId}/users/{userId}",
        $"{channel}/users/{userId}",
        $"{channel}/conversations/{conversationId}/owner");
}
