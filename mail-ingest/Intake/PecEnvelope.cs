using System.Text.RegularExpressions;
using MimeKit;

namespace Regin.MailIngest.Intake;

/// <summary>
/// Italian certified mail (PEC, posta elettronica certificata): a PEC box writing to an ordinary address sends its mail
/// inside the provider's transport envelope ("busta di trasporto", DM 2 November 2005, technical annex 6.3.4): From
/// <c>"Per conto di: sender@…" &lt;posta-certificata@provider&gt;</c>, <c>X-Trasporto: posta-certificata</c>, the provider's
/// notice, daticert.xml, the sender's own mail as postacert.eml (message/rfc822), all signed by the provider. Many Italian
/// public administrations send everything this way. The envelope is the provider's word for who sent the mail inside:
/// believed only from a provider of <c>Mail:PecProviders</c> our server authenticated, from its posta-certificata address
/// (a PEC user cannot write from that address; anyone can write "Per conto di:" in a display name).
/// </summary>
public static partial class PecEnvelope
{
    /// <summary>The mail inside, the sender the provider certified, the provider's domain, and the From the inner mail claims.</summary>
    public sealed record Opened(MimeMessage Inner, string Certified, string Provider, string? InnerFrom)
    {
        /// <summary>The inner mail names another sender than the one certified (a forged From inside a real envelope).</summary>
        public bool Differs => !string.Equals(InnerFrom, Certified, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The envelope opened, or null when <paramref name="envelope"/> is no PEC envelope we believe (then it is read as any mail).</summary>
    public static Opened? Open(MimeMessage envelope, SenderVerdict verdict, IReadOnlyCollection<string> providers)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(providers);
        if (!verdict.Authenticated || providers.Count == 0
            || !string.Equals(envelope.Headers["X-Trasporto"]?.Trim(), "posta-certificata", StringComparison.OrdinalIgnoreCase)
            || envelope.From.Mailboxes.ToList() is not [{ } from]
            || !from.LocalPart.Equals("posta-certificata", StringComparison.OrdinalIgnoreCase)
            || !providers.Contains(from.Domain.TrimEnd('.'), StringComparer.OrdinalIgnoreCase)
            || PerContoDi().Match(from.Name ?? "") is not { Success: true } named
            || !MailboxAddress.TryParse(named.Groups["a"].Value, out var certified) || !certified.Address.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }
        // The sender's own mail: the envelope's one message/rfc822 part named postacert.eml (a second one is not the provider's).
        var inner = envelope.BodyParts.OfType<MessagePart>()
            .Where(p => string.Equals(p.ContentDisposition?.FileName ?? p.ContentType.Name, "postacert.eml", StringComparison.OrdinalIgnoreCase)).ToList();
        if (inner is not [{ Message: { } mail }])
        {
            return null;
        }
        return new Opened(mail, certified.Address.ToLowerInvariant(), from.Domain.ToLowerInvariant(), mail.From.Mailboxes.FirstOrDefault()?.Address?.ToLowerInvariant());
    }

    [GeneratedRegex(@"^\s*Per conto di:\s*(?<a>[^\s<>""]+@[^\s<>""]+)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PerContoDi();
}
