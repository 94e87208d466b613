using Regin.Bot.Chat.Storage;
using Xunit;

namespace Regin.Bot.Tests.Chat;

/// <summary>The chat state's version stamps (<see cref="EfCoreStorage.NewETag"/>): as Guid.NewGuid().ToString("N") wrote them, and never repeated.</summary>
public sealed class ChatStateETagTests
{
    [Fact]
    public async Task ETags_are_32_lowercase_hex_digits_and_distinct_across_threads()
    {
        var made = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Enumerable.Range(0, 50_000).Select(_ => EfCoreStorage.NewETag()).ToList())));
        var all = made.SelectMany(m => m).ToList();
        Assert.All(all.Take(1000), etag => Assert.Matches("^[0-9a-f]{32}$", etag));
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
    }
}
