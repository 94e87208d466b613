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
    // Session 55: a NUL, a stray CR, a line that is no field and a first line that is none are scanned too, as MimeKit splits
    // them (only a block with no empty line is still left to it).
    [InlineData("Message-ID: <m@x.example>\r\nFrom: alice@example.org\r\nSubject: a\u0000b\r\n\r\nbody", true)]
    [InlineData("Message-ID: <m@x.example>\r\nFrom: alice@example.org\rX-Hidden: 1\r\n\r\nbody", true)]
    [InlineData("From: alice@example.org\r\nFrom anna@example.org Mon Jan  1 00:00:00 2024\r\n\r\nbody", true)]
    [InlineData(" continued\r\nFrom: anna@example.org\r\n\r\nbody", true)]
    [InlineData("Message-ID: <a@b.example>\r\nFrom: anna@example.org\r\nno colon here\r\n\r\nbody", true)]
    [InlineData("Message-ID: <a@b.example>\r\nFrom: anna@example.org\r\n", false)]
    [InlineData("Message-ID: <a@b.example>\r\nFrom: Jürgen <j@example.de>\r\n\r\nbody", true)]
    [InlineData("Message-ID: <a@b.example>\r\nX-Bad\u0001: 1\r\nFrom: j@example.de\r\n\r\nbody", true)]
    [InlineData("Message-ID: <a@b.example>\r\nFrom: j@example.de\r\n\r\n", true)]
    public void Headers_ending_within_the_block_are_scanned_and_anything_else_is_left_to_MimeKit_with_the_same_result(string mail, bool scanned)
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

    /// <summary>Lines a forger writes into a header block: no field, a NUL or a stray CR in a name or value, blanks before a
    /// colon, an mbox line, a boundary, a lone CR or blank.</summary>
    private static readonly string[] Odd =
    [
        "From alice@example.org Mon Dec  7 07:00:00 2026", "From alice@example.org", "From : mallory@evil.example", "FROM: mallory@evil.example",
        "from:mallory@evil.example", "Message-Id:<forged@evil.example>", "Not a field line", "X Bad: y", "X-\u00e9t\u00e9: y", "X\u0000Y: a",
        ">From mallory@evil.example", "--boundary55", "\rX-Cr: y", "\r\rX: z", "X\u007fDel: y", "X\u0001Soh: y", "\u001bEsc: y",
        "From\t: mallory@evil.example", "Message-ID : <forged@evil.example>", ": empty name", "No colon then\n folded: From: mallory@evil.example",
        "Subject: a\u0000b", "Subject: a\rb", "Subject: a\r\r", "Received: from x\r by y", "From evil: mallory@evil.example",
        "Message-ID\u0000: <forged@evil.example>", "Message-ID:\u0000<forged@evil.example>", "To: a@b\rFrom: mallory@evil.example",
        "Subject: x\r\n\rContinued", "\u0000", "\r", " \r", "\t",
    ];

    private static readonly string[] FromValues =
    [
        "Alice <alice@example.org>", "alice@exam\u0000ple.org", "Alice <alice@example.org>\rBcc: x@evil.example", "Al\rice <alice@example.org>",
        "<alice@example.org>\u0000", "alice@example.org,\r mallory@evil.example", "\u0000<alice@example.org>",
    ];

    private static readonly string[] MessageIds =
    [
        "<a1@example.org>", "<a\u00001@example.org>", "<a1@example.org>\r", "<a1@exa\rmple.org>", "\r<a1@example.org>", "<a1@example.org>\u0000junk",
        "<a1@example.org> \r\n <a2@example.org>",
    ];

    /// <summary>Forgers' header blocks (Latin-1): each odd line at each of four places, then 150 blocks of two odd lines and
    /// odd From and Message-ID values, LF or CRLF (seeded: the same blocks every run).</summary>
    public static TheoryData<int, string> ForgedBlocks()
    {
        static string Block(string odd, string from, string id, int place, string newline, string? second = null)
        {
            var lines = new List<string> { "Subject: REGIN practice", "From: " + from, "Message-ID: " + id, "To: reginproject@crpm.org" };
            lines.Insert(place, odd);
            if (second is not null)
            {
                lines.Insert(lines.Count - 1, second);
            }
            return string.Join(newline, lines) + newline + newline + "[Q05] Language cafe\n";
        }
        var blocks = new List<string>();
        foreach (var odd in Odd)
        {
            for (var place = 0; place < 4; place++)
            {
                blocks.Add(Block(odd, FromValues[0], MessageIds[0], place, "\n"));
            }
        }
        var random = new Random(55);
        for (var i = 0; i < 150; i++)
        {
            blocks.Add(Block(Odd[random.Next(Odd.Length)], FromValues[random.Next(FromValues.Length)], MessageIds[random.Next(MessageIds.Length)],
                random.Next(4), random.Next(2) == 0 ? "\n" : "\r\n", Odd[random.Next(Odd.Length)]));
        }
        var data = new TheoryData<int, string>();
        for (var i = 0; i < blocks.Count; i++)
        {
            data.Add(i, blocks[i]);
        }
        return data;
    }

    /// <summary>
    /// Session 55: a forger's block (a NUL, a stray CR, a line that is no field, blanks before a colon, a first line that is
    /// none) is keyed and printed unparsed, with exactly MimeKit's key, sender and print (286 blocks; "From : x" first was
    /// taken for an mbox line before, keyed by its hash where MimeKit reads its fields).
    /// </summary>
    [Theory]
    [MemberData(nameof(ForgedBlocks))]
    public void A_forgers_block_is_keyed_and_printed_unparsed_as_MimeKit_parses_it(int number, string mail)
    {
        var raw = Encoding.Latin1.GetBytes(mail);
        var scan = MailKeyScan.TryIdentify(raw, Options);
        Assert.True(scan is not null, $"block {number} left to MimeKit");
        Assert.Equal(MailReader.IdentifyByParse(raw), scan);
        Assert.Equal(AuthorPrint.Of(raw, plain: false), AuthorPrint.Of(raw));
    }
}
