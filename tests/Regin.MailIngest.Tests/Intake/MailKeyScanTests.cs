using System.Text;
using Regin.MailIngest.Intake;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Accepting a mail finds its key by scanning the header block (<see cref="MailKeyScan"/>): it must give MimeKit's key and
/// sender exactly (a mail accepted again after an upgrade, or stored one by one, must be recognised), and leave every case
/// it is not sure of to MimeKit.
/// </summary>
public sealed class MailKeyScanTests
{
    private static readonly MimeKit.ParserOptions Options = new() { MaxMimeDepth = MailProcessor.MaxMimeDepth };

    private static readonly string TestData = Path.Combine(AppContext.BaseDirectory, "TestData");

    public static TheoryData<string> Mails()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestData, "*.eml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(TestData, file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Mails))]
    public void Every_test_mail_gets_MimeKit_s_key_and_sender(string name)
    {
        var raw = File.ReadAllBytes(Path.Combine(TestData, name));
        Assert.Equal(MailReader.IdentifyByParse(raw), MailReader.Identify(raw));
    }

    [Fact]
    public void The_fixtures_take_the_scan_and_get_MimeKit_s_key()
    {
        var files = Directory.GetFiles(Path.Combine(TestData, "Emails"), "*.eml");
        var scanned = files.Select(File.ReadAllBytes).Select(raw => (Raw: raw, Scan: MailKeyScan.TryIdentify(raw, Options))).ToList();
        // The plain mails of the corpus (most of it) are scanned, not parsed.
        Assert.True(scanned.Count(s => s.Scan is not null) >= files.Length * 9 / 10, $"{scanned.Count(s => s.Scan is not null)} of {files.Length} scanned");
        Assert.All(scanned.Where(s => s.Scan is not null), s => Assert.Equal(MailReader.IdentifyByParse(s.Raw), s.Scan));
    }

    [Theory]
    [InlineData("Message-ID: <a@b.example>\r\nFrom: Anna <Anna@Example.org>\r\nSubject: x\r\n\r\nbody", true)]
    [InlineData("From: anna@example.org\nMessage-Id:   <a.1@b.example>  \nSubject: x\n\nbody", true)]
    [InlineData("Subject: no id\r\nFrom: \"Anna, B\" <anna@example.org>, other@example.org\r\n\r\nbody", true)]
    [InlineData("Subject: no from\r\n\r\nbody", true)]
    [InlineData("From: anna@example.org\r\nMessage-ID: not an id at all\r\n\r\nbody", true)]
    [InlineData("Message-ID:\r\n <folded@b.example>\r\nFrom: anna@example.org\r\n\r\nbody", true)]
    [InlineData("Message-ID: <a@b.example>\r\nFrom: =?utf-8?q?Anna?= <anna@example.org>\r\n\r\nbody", true)]
    [InlineData("Message-ID: <a@b.example>\r\nFrom: =?utf-8?q?M=C3=BCller=2C_Hans?= <hans@example.de>\r\n\r\nbody", true)]
    [InlineData("Message-ID: <a@b.example>\r\nFrom: Anna\r\n  <anna@example.org>\r\nSubject: Grüße\r\n\r\nbody", true)]
    [InlineData("Message-ID: <a@b.example>\r\nMessage-ID: <c@d.example>\r\nFrom: anna@example.org\r\n\r\nbody", true)]
    [InlineData("From anna@example.org Mon Jan  1 00:00:00 2024\r\nFrom: anna@example.org\r\n\r\nbody", true)]
    // Session 54: a forger's header is scanned too (it went to MimeKit's whole-header parse before the reading budget); under
    // an mbox line MimeKit reads no field, and neither does the scan: the bytes' hash, no sender.
    [InlineData("From alice@example.org Mon Dec  7 07:00:00 2026\nMessage-ID: <m@x.example>\nFrom: Alice <alice@example.org>\nFrom: Mallory <mallory@evil.example>\nSubject: Re: REGIN-0001\n\nbody", true)]
    [InlineData("Message-ID: <m@x.example>\r\nFrom: Mallory <mallory@evil.example>\r\nFrom: Alice <alice@example.org>\r\n\r\nbody", true)]
    [InlineData("Message-ID: <m@x.example>\r\nFrom: Alice\u001b[8m Example\u0008 <alice@example.org>\r\nSubject: Re: REGIN-0001\u0007 STOP\r\n\r\nbody", true)]
    [InlineData("Message-ID: <m\u0007@x.example>\r\nFrom: alice@example.org\u007f\r\n\r\nbody", true)]
    [InlineData("From alice@example.org Mon Dec  7 07:00:00 2026\r\n continued\r\nFrom: anna@example.org\r\n\r\nbody", true)]
    [InlineData("From alice@example.org\r\nMessage-ID: <m@x.example>\r\nFrom: anna@example.org\r\n\r\nbody", true)]
    [InlineData("Message-ID: <m@x.example>\r\nFrom: alice@example.org\r\nSubject: a\u0000b\r\n\r\nbody", false)]
    [InlineData("Message-ID: <m@x.example>\r\nFrom: alice@example.org\rX-Hidden: 1\r\n\r\nbody", false)]
    [InlineData("From: alice@example.org\r\nFrom anna@example.org Mon Jan  1 00:00:00 2024\r\n\r\nbody", false)]
    [InlineData(" continued\r\nFrom: anna@example.org\r\n\r\nbody", false)]
    [InlineData("Message-ID: <a@b.example>\r\nFrom: anna@example.org\r\nno colon here\r\n\r\nbody", false)]
    [InlineData("Message-ID: <a@b.example>\r\nFrom: anna@example.org\r\n", false)]
    [InlineData("Message-ID: <a@b.example>\r\nFrom: Jürgen <j@example.de>\r\n\r\nbody", true)]
    [InlineData("Message-ID: <a@b.example>\r\nX-Bad\u0001: 1\r\nFrom: j@example.de\r\n\r\nbody", false)]
    [InlineData("Message-ID: <a@b.example>\r\nFrom: j@example.de\r\n\r\n", true)]
    public void Plain_headers_are_scanned_and_anything_else_is_left_to_MimeKit_with_the_same_result(string mail, bool scanned)
    {
        var raw = Encoding.Latin1.GetBytes(mail);
        var scan = MailKeyScan.TryIdentify(raw, Options);
        Assert.Equal(scanned, scan is not null);
        if (scan is not null)
        {
            Assert.Equal(MailReader.IdentifyByParse(raw), scan);
        }
        Assert.Equal(MailReader.IdentifyByParse(raw), MailReader.Identify(raw));
    }
}
