using System.Security.Cryptography;
using System.Text;
using Regin.Bot.Chat.Hosting;

namespace Regin.Bot.Tests.Chat;

/// <summary>What a chat turn now writes without intermediate copies gives what the copies gave.</summary>
public sealed class TurnBuffersTests
{
    [Theory]
    [InlineData("Regione Puglia", 0)]
    [InlineData("Regione Puglia", null)]
    [InlineData("", 2)]
    [InlineData("Île-de-France, 120.000 € 🇫🇷", 12)]
    [InlineData("a lone surrogate \ud800 here", 1)]
    public void A_messages_text_hash_is_the_one_its_dedup_key_always_had(string text, int? attachments)
    {
        var before = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text + "|" + attachments)))[..16];

        Assert.Equal(before, RawInputMiddleware.TextHash(text, attachments));
    }

    [Fact]
    public void A_long_messages_text_hash_is_the_one_its_dedup_key_always_had()
    {
        var text = string.Concat(Enumerable.Repeat("Gestión de residuos €; ", 2000));
        var before = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text + "|" + 1)))[..16];

        Assert.Equal(before, RawInputMiddleware.TextHash(text, 1));
    }

    [Fact]
    public void A_pooled_buffer_holds_everything_written_across_its_growth()
    {
        var expected = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7)).ToArray();
        using var writer = new PooledBufferWriter(256);
        var at = 0;
        foreach (var size in new[] { 1, 100, 300, 4096, 1, 5000, expected.Length })
        {
            var count = Math.Min(size, expected.Length - at);
            if (count == 0)
            {
                break;
            }
            var span = writer.GetSpan(count);
            Assert.True(span.Length >= count);
            expected.AsSpan(at, count).CopyTo(span);
            writer.Advance(count);
            at += count;
        }

        Assert.Equal(expected.Length, writer.WrittenCount);
        Assert.Equal(expected, writer.WrittenSpan.ToArray());
        Assert.Equal(expected, writer.WrittenMemory.ToArray());
        Assert.Throws<InvalidOperationException>(() => writer.Advance(writer.GetSpan().Length + 1));
    }
}
