using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
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

/// <summary>A presented credential; a token names its conversation and the user it was issued to.</summary>
public readonly record struct Credential(CredentialKind Kind, string? ConversationId = null, string? UserId = null);

/// <summary>
/// Conversation tokens: "{conversation}.{user id, base64url}.{expiry unix seconds}.{signature}": the user is bound into
/// the signature, so a token holder speaks as that user and no other (security review M1). With DirectLine:Secret the signature is an
/// HMAC-SHA256 with a key derived from the secret (HKDF); without one, it is the payload's hash protected with the
/// Data Protection key ring, which lives in the database. Either way every host of one database accepts the tokens
/// of every other, and they survive a restart. A token opens its own conversation only.
/// </summary>
public sealed class DirectLineTokens
{
    private static readonly byte[] KeySalt = "regin-directline-token-key"u8.ToArray();
    private readonly byte[]? _key;
    private readonly IDataProtector? _protector;
    private readonly string _secret;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lifetime;

    public DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider clock, IDataProtectionProvider dataProtection)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataProtection);
        _secret = options.Value.Secret ?? "";
        _lifetime = options.Value.TokenLifetime;
        _clock = clock;
        if (_secret.Length > 0)
        {
            _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(_secret), 32, KeySalt, "token"u8.ToArray());
        }
        else
        {
            _protector = dataProtection.CreateProtector("Regin.DirectLine.Tokens");
        }
    }

    public bool HasSecret => _secret.Length > 0;

    public TimeSpan Lifetime => _lifetime;

    /// <summary>A token that opens <paramref name="conversationId"/> as <paramref name="userId"/>.</summary>
    public string Issue(string conversationId, string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var expires = _clock.GetUtcNow().Add(_lifetime).ToUnixTimeSeconds();
        var payload = $"{conversationId}.{Base64Url(Encoding.UTF8.GetBytes(userId))}.{expires}";
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
        if (parts.Length != 4 || !long.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var expires))
        {
            return new Credential(CredentialKind.Invalid);
        }
        if (!Verify($"{parts[0]}.{parts[1]}.{parts[2]}", parts[3]) || UserOf(parts[1]) is not { } userId)
        {
            return new Credential(CredentialKind.Invalid);
        }
        return expires <= _clock.GetUtcNow().ToUnixTimeSeconds()
            ? new Credential(CredentialKind.ExpiredToken, parts[0], userId)
            : new Credential(CredentialKind.Token, parts[0], userId);
    }

    private string Sign(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        return Base64Url(_key is not null ? HMACSHA256.HashData(_key, bytes) : _protector!.Protect(SHA256.HashData(bytes)));
    }

    private bool Verify(string payload, string signature)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        if (_key is not null)
        {
            return FixedTimeEquals(signature, Base64Url(HMACSHA256.HashData(_key, bytes)));
        }
        try
        {
            return CryptographicOperations.FixedTimeEquals(_protector!.Unprotect(FromBase64Url(signature)), SHA256.HashData(bytes));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return false;
        }
    }

    private static string? UserOf(string encoded)
    {
        try
        {
            var userId = Encoding.UTF8.GetString(FromBase64Url(encoded));
            return userId.Length > 0 ? userId : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
