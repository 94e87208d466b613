using MimeKit;
using MimeKit.Cryptography;

namespace Regin.MailIngest.Intake;

/// <summary>What our receiving server said of the sender.</summary>
/// <param name="Authenticated">DMARC passed, or a DKIM signature of the From domain (or its parent or child) verified.</param>
/// <param name="Failed">The server saw a failing SPF, DKIM or DMARC result (not merely none): worth a flag for researchers.</param>
/// <param name="Summary">The results read, or why there were none ("no_authentication_results"), for logs and flags.</param>
public sealed record SenderVerdict(bool Authenticated, bool Failed, string Summary)
{
    public static SenderVerdict Unknown(string why) => new(false, false, why);
}

/// <summary>
/// Reads the Authentication-Results header our own receiving server added (RFC 8601): only the topmost header whose
/// authserv-id is <c>Mail:AuthServId</c> counts, since anyone can write such a header into the mail they send
/// (ours is added on top when the mail arrives). "none", "neutral" and temporary errors are unknown, not failures.
/// </summary>
public static class SenderAuthentication
{
    public const string NotConfigured = "auth_serv_id_not_configured";
    public const string NoResults = "no_authentication_results";
    public const string SeveralSenders = "several_from_addresses";
    public const string Unreadable = "authentication_results_unreadable";

    public static SenderVerdict Evaluate(MimeMessage message, string authServId)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(authServId))
        {
            return SenderVerdict.Unknown(NotConfigured);
        }
        if (message.From.Mailboxes.Skip(1).Any() || message.Headers.Count(h => h.Id == HeaderId.From) > 1)
        {
            // "From: alice@example.org, mallory@attacker.example": a pass for one domain says nothing of which mailbox
            // wrote (RFC 7489 §6.6.1), so no one of them is vouched for.
            return SenderVerdict.Unknown(SeveralSenders);
        }
        var ours = OurResults(message, authServId.Trim(), out var found);
        if (ours is not { } results)
        {
            return SenderVerdict.Unknown(found ? Unreadable : NoResults);
        }
        var fromDomain = Domain(message.From.Mailboxes.FirstOrDefault()?.Address);
        var authenticated = false;
        var failed = false;
        var seen = new List<string>();
        foreach (var result in results.Results)
        {
            var method = result.Method?.ToLowerInvariant() ?? "";
            var verdict = result.Result?.ToLowerInvariant() ?? "";
            if (method is not ("dmarc" or "dkim" or "spf"))
            {
                continue;
            }
            seen.Add($"{method}={verdict}");
            if ((method is "dmarc" or "dkim" && verdict is "fail" or "permerror") || (method == "spf" && verdict is "fail" or "softfail"))
            {
                failed = true;
            }
            if (verdict != "pass" || fromDomain is null)
            {
                continue;
            }
            if (method == "dmarc")
            {
                // DMARC passes only for the From domain (header.from names it).
                var headerFrom = Property(result, "header", "from");
                authenticated |= headerFrom is null || Aligned(Domain(headerFrom), fromDomain);
            }
            else if (method == "dkim")
            {
                var signer = Domain(Property(result, "header", "d")) ?? Domain(Property(result, "header", "i"));
                authenticated |= signer is not null && Aligned(signer, fromDomain);
            }
        }
        var summary = seen.Count == 0 ? NoResults : string.Join(", ", seen.Distinct());
        // A failing DMARC outweighs a DKIM pass of some other signature.
        return new SenderVerdict(authenticated && !seen.Contains("dmarc=fail"), failed, summary);
    }

    /// <summary>
    /// The topmost header whose authserv-id is ours: the one our server added on arrival. <paramref name="found"/> says
    /// there was one; the result is null when it does not parse. Its id is read before the rest is parsed, because our
    /// server copies what the sender chose (the envelope sender, the From domain) into it: if that makes our header
    /// unreadable, a header of "ours" further down (written by the sender) must not be read in its place.
    /// </summary>
    private static AuthenticationResults? OurResults(MimeMessage message, string authServId, out bool found)
    {
        found = false;
        foreach (var header in message.Headers)
        {
            if (header.Id != HeaderId.AuthenticationResults || !string.Equals(ServiceId(header.RawValue), authServId, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            found = true;
            return AuthenticationResults.TryParse(header.RawValue, out var parsed)
                && string.Equals(parsed.AuthenticationServiceIdentifier, authServId, StringComparison.OrdinalIgnoreCase) ? parsed : null;
        }
        return null;
    }

    /// <summary>
    /// The authserv-id of an Authentication-Results value (RFC 8601 §2.2): the first token or quoted string after any
    /// comments and folding, up to white space, a comment or the first ";". Null when there is none.
    /// </summary>
    internal static string? ServiceId(byte[] rawValue)
    {
        var text = System.Text.Encoding.Latin1.GetString(rawValue);
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            else if (text[i] == '(')
            {
                // A comment, nested and with quoted pairs: "(via mx.crpm.org) mx.attacker.example" names the stranger.
                var depth = 0;
                for (; i < text.Length; i++)
                {
                    if (text[i] == '\\')
                    {
                        i++;
                    }
                    else if (text[i] == '(')
                    {
                        depth++;
                    }
                    else if (text[i] == ')' && --depth == 0)
                    {
                        i++;
                        break;
                    }
                }
            }
            else
            {
                break;
            }
        }
        if (i >= text.Length)
        {
            return null;
        }
        if (text[i] == '"')
        {
            var close = text.IndexOf('"', i + 1);
            return close < 0 ? null : text[(i + 1)..close];
        }
        var end = text.AsSpan(i).IndexOfAny(" \t\r\n(;");
        var id = end < 0 ? text[i..] : text.Substring(i, end);
        return id.Length == 0 ? null : id;
    }

    private static string? Property(AuthenticationMethodResult result, string type, string name) =>
        result.Properties.FirstOrDefault(p => string.Equals(p.PropertyType, type, StringComparison.OrdinalIgnoreCase)
            && string.Equals(p.Property, name, StringComparison.OrdinalIgnoreCase))?.Value?.Trim().Trim('"');

    private static string? Domain(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }
        var at = address.LastIndexOf('@');
        // "example.org." (a fully qualified name, as some servers write header.from) is example.org (session 51).
        var domain = (at >= 0 ? address[(at + 1)..] : address).Trim().TrimEnd('>').TrimEnd('.').ToLowerInvariant();
        if (domain.Length == 0)
        {
            return null;
        }
        // Compared as mail servers write them (punycode): MimeKit gives From's "xn--mller-kva.de" as "müller.de", while our
        // server's header.from / header.d keep what was sent; either form of a name is the same domain.
        return AsciiDomain(domain);
    }

    /// <summary>A domain as mail servers write it (punycode, lower case); as given where it is no valid name.</summary>
    internal static string AsciiDomain(string domain)
    {
        try
        {
            return Idn.GetAscii(domain).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return domain;
        }
    }

    private static readonly System.Globalization.IdnMapping Idn = new();

    /// <summary>Relaxed alignment: the same domain, or one a subdomain of the other; never a bare top-level name ("org").</summary>
    private static bool Aligned(string? signer, string fromDomain) =>
        signer is not null && signer.Contains('.', StringComparison.Ordinal) && (signer == fromDomain || fromDomain.EndsWith("." + signer, StringComparison.Ordinal) || signer.EndsWith("." + fromDomain, StringComparison.Ordinal));
}
