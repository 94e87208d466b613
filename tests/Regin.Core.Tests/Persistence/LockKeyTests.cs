using Regin.Core.Persistence;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// <see cref="ReginDatabaseProvider.LockKey"/> keeps the keys of names asked for lately: a key is the same kept or not
/// (the first 8 bytes of the name's SHA-256, as every host and every earlier version computes it: two hosts, or an old
/// and a new one during an upgrade, take the same advisory lock for the same conversation), also past the number of names
/// kept, when the kept ones are cleared.
/// </summary>
public sealed class LockKeyTests
{
    [Fact]
    public void A_key_is_the_names_hash_whether_kept_or_not()
    {
        // The key an earlier version took for the migrations' lock (SHA-256 of "regin:migrate", its first 8 bytes).
        Assert.Equal(2076839188574409400L, ReginDatabaseProvider.LockKey("regin:migrate"));
        Assert.Equal(2076839188574409400L, ReginDatabaseProvider.LockKey("regin:migrate"));
        var names = Enumerable.Range(0, ReginDatabaseProvider.LockKeysKept * 2 + 17).Select(i => $"conversation:{i}:ä").ToList();
        foreach (var round in Enumerable.Range(0, 2))
        {
            foreach (var name in names)
            {
                Assert.Equal(Hashed(name), ReginDatabaseProvider.LockKey(name));
            }
        }
        Assert.Equal(Hashed("regin:migrate"), ReginDatabaseProvider.LockKey("regin:migrate"));
        Assert.Equal(ReginDatabaseProvider.HashedLockKey("conversation:abc"), ReginDatabaseProvider.LockKey("conversation:abc"));
    }

    [Fact]
    public async Task Keys_asked_for_at_once_from_many_threads_are_each_names_own()
    {
        var names = Enumerable.Range(0, 3000).Select(i => $"conversation:{i % 700}").ToArray();
        var keys = new long[names.Length];
        await Parallel.ForAsync(0, names.Length, (i, _) =>
        {
            keys[i] = ReginDatabaseProvider.LockKey(names[i]);
            return ValueTask.CompletedTask;
        });
        for (var i = 0; i < names.Length; i++)
        {
            Assert.Equal(Hashed(names[i]), keys[i]);
        }
    }

    private static long Hashed(string name) =>
        BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)), 0);
}
