using System.Text;
using MimeKit;
using Regin.MailIngest.Intake;

namespace Regin.MailIngest.Tests.Security;

/// <summary>
/// Only our receiving server's topmost Authentication-Results header speaks for a sender, whatever else the sender wrote
/// into the mail (RFC 8601 §5: any header of the same name below ours came with the mail).
/// </summary>
public sealed class SenderAuthenticationTests
{
    private const string Ours = "mx.crpm.org";

    private static MimeMessage Mail(params string[] results)
    {
        var head = string.Concat(results.Select(r => $"Authentication-Results: {r}\r\n"));
        var text = head + "From: alice@example.org\r\nTo: reginproject@crpm.org\r\nSubject: REGIN-0001\r\n\r\nHello\r\n";
        return MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Our_pass_for_the_from_domain_authenticates() =>
        Assert.True(SenderAuthentication.Evaluate(Mail($"{Ours}; spf=pass smtp.mailfrom=example.org; dmarc=pass header.from=example.org"), Ours).Authenticated);

    /// <summary>
    /// A domain beyond ASCII: From written in punycode (MimeKit decodes it to "müller-verein.de") or raw UTF-8, our server's
    /// verdict naming it either way: the same domain, authenticated (it was never, the two forms compared as text).
    /// </summary>
    [Theory]
    [InlineData("j@xn--mller-verein-dlb.de", "xn--mller-verein-dlb.de")]
    [InlineData("j@müller-verein.de", "xn--mller-verein-dlb.de")]
    [InlineData("j@xn--mller-verein-dlb.de", "müller-verein.de")]
    [InlineData("j@mail.xn--mller-verein-dlb.de", "müller-verein.de")]
    // Session 51: the verdict's domain in capitals, or fully qualified with its final dot, is the same domain.
    [InlineData("j@example.org", "EXAMPLE.ORG.")]
    [InlineData("j@müller-verein.de", "XN--MLLER-VEREIN-DLB.DE.")]
    public void A_domain_beyond_ascii_is_the_same_in_punycode_and_unicode(string from, string verdictDomain) =>
        Assert.True(PassFor(from, verdictDomain).Authenticated);

    /// <summary>Our server's DKIM and DMARC pass for <paramref name="verdictDomain"/> on a mail from <paramref name="from"/>.</summary>
    private static SenderVerdict PassFor(string from, string verdictDomain)
    {
        var text = $"Authentication-Results: {Ours}; dkim=pass header.d={verdictDomain}; dmarc=pass header.from={verdictDomain}\r\nFrom: {from}\r\nTo: reginproject@crpm.org\r\nSubject: REGIN\r\n\r\nHello\r\n";
        return SenderAuthentication.Evaluate(MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text))), Ours);
    }

    /// <summary>Session 51: a DMARC pass of our server for a look-alike of the From domain (an IDN, a digit, a longer name) vouches for nothing of it.</summary>
    [Theory]
    [InlineData("j@example.org", "xn--exmple-cua.org")]
    [InlineData("j@example.org", "examp1e.org")]
    [InlineData("j@example.org", "example.org.evil.example")]
    [InlineData("j@example.org", "org")]
    public void A_pass_for_a_lookalike_of_the_from_domain_authenticates_nothing(string from, string verdictDomain) =>
        Assert.False(PassFor(from, verdictDomain).Authenticated);

    [Theory]
    // Our header made unreadable by the envelope sender the attacker chose, a forged pass of "ours" below it.
    [InlineData("mx.crpm.org; spf=pass smtp.mailfrom=\"x(;y\"@(attacker.example; dmarc=fail header.from=example.org")]
    // Our server checked nothing; the pass below is the sender's.
    [InlineData("mx.crpm.org; none")]
    // Our server's fail, with a pass in a comment.
    [InlineData("mx.crpm.org; dmarc=fail (dmarc=pass header.from=example.org) header.from=example.org")]
    public void A_pass_below_our_topmost_header_is_never_read(string ours)
    {
        var verdict = SenderAuthentication.Evaluate(Mail(ours, $"{Ours}; dmarc=pass header.from=example.org"), Ours);
        Assert.False(verdict.Authenticated, verdict.Summary);
    }

    [Fact]
    public void Our_header_that_does_not_parse_is_said_to_be_unreadable()
    {
        var verdict = SenderAuthentication.Evaluate(Mail($"{Ours}; spf=pass smtp.mailfrom=\"x(;y\"@(attacker.example; dmarc=fail header.from=example.org"), Ours);
        Assert.Equal(SenderAuthentication.Unreadable, verdict.Summary);
    }

    [Theory]
    [InlineData("(mx.crpm.org) mx.attacker.example; dmarc=pass header.from=example.org")] // our name in a comment
    [InlineData("mx.crpm.org.attacker.example; dmarc=pass header.from=example.org")]
    [InlineData("\"mx.attacker.example\"; dmarc=pass header.from=example.org")]
    public void A_strangers_header_is_not_ours(string theirs) =>
        Assert.Equal(SenderAuthentication.NoResults, SenderAuthentication.Evaluate(Mail(theirs), Ours).Summary);

    [Theory]
    [InlineData("(our receiving server) mx.crpm.org; dmarc=pass header.from=example.org")] // a comment before our id
    [InlineData("\"mx.crpm.org\" 1; dmarc=pass header.from=example.org")] // quoted, with a version
    [InlineData("MX.CRPM.ORG; dmarc=pass header.from=example.org")]
    public void Our_header_is_found_however_our_server_writes_its_id(string ours) =>
        Assert.True(SenderAuthentication.Evaluate(Mail(ours), Ours).Authenticated);
}
