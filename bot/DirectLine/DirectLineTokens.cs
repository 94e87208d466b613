using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Regin.Bot.DirectLine;

/// <summary>What a presented bearer credential is: the secret, a valid token of one conversation, an expired one, or nothing valid.</summary>
public enum CredentialKind
{
    None,
    Invalid,
    Secret,
    Token,
    ExpiredToken,
}

public readonly record struct Credential(CredentialKind Kind, string? ConversationId = null);

/// <summary>
/// Conversation tokens: "{conversation}.{expiry unix seconds}.{HMAC-SHA256}", signed with a key derived from
/// DirectLine:Secret (tokens survive a restart) or, without a secret, a random key made at start.
/// A token opens its own conversation only.
/// </summary>
public sealed class DirectLineTokens
{
    private readonly byte[] _key;
    private readonly string _secret;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lifetime;

    public DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _secret = options.Value.Secret ?? "";
        _lifetime = options.Value.TokenLifetime;
        _clock = clock;
        _key = _secret.Length > 0
            ? SHA256.HashData(Encoding.UTF8.GetBytes("regin-directline-token-key|" + _secret))
            : RandomNumberGenerator.GetBytes(32);
    }

    public bool HasSecret => _secret.Length > 0;

    public TimeSpan Lifetime => _lifetime;

    public string Issue(string conversationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        var expires = _clock.GetUtcNow().Add(_lifetime).ToUnixTimeSeconds();
        var payload = $"{conversationId}.{expires}";
        return payload + "." + Sign(payload);
    }

    /// <summary>Reads the request's "Authorization: Bearer ..." header.</summary>
    public Credential Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return new Credential(CredentialKind.None);
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return new Credential(CredentialKind.Invalid);
        }
        var value = header["Bearer ".Length..].Trim();
        return value.Length == 0 ? new Credential(CredentialKind.Invalid) : ReadValue(value);
    }

    /// <summary>Reads a presented secret or token (the Bearer value, or the stream URL's "t" parameter, since browsers cannot set headers on a WebSocket).</summary>
    public Credential ReadValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return new Credential(CredentialKind.None);
        }
        if (HasSecret && FixedTimeEquals(value, _secret))
        {
            return new Credential(CredentialKind.Secret);
        }
        var parts = value.Split('.');
        if (parts.Length != 3 || !long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var expires))
        {
            return new Credential(CredentialKind.Invalid);
        }
        if (!FixedTimeEquals(parts[2], Sign(parts[0] + "." + parts[1])))
        {
            return new Credential(CredentialKind.Invalid);
        }
        return expires <= _clock.GetUtcNow().ToUnixTimeSeconds()
            ? new Credential(CredentialKind.ExpiredToken, parts[0])
            : new Credential(CredentialKind.Token, parts[0]);
    }

    private string Sign(string payload) =>
        Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(payload)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
