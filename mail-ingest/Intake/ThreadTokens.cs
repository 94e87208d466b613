using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Regin.Core.Persistence;

namespace Regin.MailIngest.Intake;

/// <summary>
/// Our Message-IDs carry the practice's reference and an HMAC over it, made with a key kept in the database (created
/// once, shared by every process): <c>regin.REGIN-0042.{nonce}.{mac}@domain</c>. A mail answering one of them proves
/// it is in our thread about that practice; an id merely shaped like ours proves nothing.
/// </summary>
public sealed partial class ThreadTokens(TimeProvider clock)
{
    public const string KeyName = "mail-thread-hmac";
    public const string NoReference = "none";
    private const int MacHexLength = 32;

    private byte[]? _key;

    public async Task<byte[]> KeyAsync(ReginDbContext db, CancellationToken cancellationToken = default)
    {
        if (_key is { } key)
        {
            return key;
        }
        key = await AppSecretStore.GetOrCreateAsync(db, KeyName, 32, clock.GetUtcNow().UtcDateTime, cancellationToken);
        _key = key;
        return key;
    }

    /// <summary>A new signed Message-ID (without angle brackets) about <paramref name="reference"/> (or none).</summary>
    public static string NewMessageId(byte[] key, string? reference, string domain, string? nonce = null)
    {
        var about = reference ?? NoReference;
        nonce ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        return $"regin.{about}.{nonce}.{Mac(key, about, nonce)}@{domain}";
    }

    /// <summary>True when <paramref name="messageId"/> is one we signed; <paramref name="reference"/> is the practice it names (or null).</summary>
    public static bool TryVerify(byte[] key, string? messageId, out string? reference)
    {
        reference = null;
        if (string.IsNullOrEmpty(messageId) || messageId.Length > 300)
        {
            return false;
        }
        var match = Signed().Match(messageId);
        if (!match.Success)
        {
            return false;
        }
        var about = match.Groups["about"].Value;
        var expected = Encoding.ASCII.GetBytes(Mac(key, about, match.Groups["nonce"].Value));
        var given = Encoding.ASCII.GetBytes(match.Groups["mac"].Value);
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return false;
        }
        reference = about == NoReference ? null : about;
        return true;
    }

    /// <summary>The reference an id shaped like ours names, signed or not (an unproven claim).</summary>
    public static string? ClaimedReference(string? messageId)
    {
        if (string.IsNullOrEmpty(messageId) || messageId.Length > 300)
        {
            return null;
        }
        var match = Claimed().Match(messageId);
        return match.Success ? match.Groups["reference"].Value.ToUpperInvariant() : null;
    }

    private static string Mac(byte[] key, string about, string nonce) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"regin-thread|{about}|{nonce}")))[..MacHexLength];

    [GeneratedRegex(@"^<?regin\.(?<about>REGIN-\d{4,9}|none)\.(?<nonce>[A-Za-z0-9-]{1,64})\.(?<mac>[0-9a-f]{32})@", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Signed();

    [GeneratedRegex(@"^<?regin\.(?<reference>REGIN-\d{4,9})\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Claimed();
}
