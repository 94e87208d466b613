using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Parsing;
using Regin.MailIngest.Tests.Security;
using Xunit;
using Xunit.Abstractions;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// The header block's bounds (session 49, <see cref="HeaderBlock"/>): a block folded into thousands of encoded words is
/// refused before MimeKit parses it, its raw bytes kept, at a CPU cost that does not grow with it, on a busy machine
/// (a <see cref="CpuHog"/> beside the reading thread, the thread's own CPU clock measured); every real mail of the test
/// corpus and a real reply deep in a long thread (a References chain of ~30 kB) is within them and read.
/// </summary>
[Collection(CpuTimeCollection.Name)]
public sealed class HeaderBlockTests(ITestOutputHelper output)
{
    /// <summary>The mail of attack m49-19: an X-Junk field of 1,000,000 letters, which MimeKit folds into ~16,000 encoded words.</summary>
    private static byte[] MegabyteHeaderMail(string id)
    {
        var m = new MimeMessage();
        m.From.Add(new MailboxAddress("Mallory", "mallory.19@evil.example"));
        m.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        m.Subject = "REGIN";
        m.MessageId = id;
        m.Headers.Add("X-Junk", new string('a', 1_000_000));
        m.Body = new TextPart("plain") { Text = "[Q05] Big header\n[Q06] Malta" };
        return Bytes(MailTestHost.Authenticated(m));
    }

    /// <summary>A contributor's reply deep in a thread: 400 ids in References (~30 kB, folded one id a line, as Thunderbird writes them).</summary>
    private static MimeMessage LongThreadReply()
    {
        var m = new MimeMessage();
        m.From.Add(new MailboxAddress("Ruth Meyer", "ruth.meyer@example.ie"));
        m.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        m.Subject = "Re: Re: Re: REGIN welcome cafe";
        m.MessageId = "ruth.400@mail.example.ie";
        for (var i = 0; i < 400; i++)
        {
            m.References.Add($"{Guid.NewGuid():N}.{i}@mail.example.ie");
        }
        m.Body = new TextPart("plain") { Text = "[Q05] Welcome cafe in the library\n[Q06] Ireland" };
        return MailTestHost.Authenticated(m);
    }

    private static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// Everything the ingester does with a mail's header before it is stored and read (its key and sender, from the bytes and
    /// from a stream, its author print) and the read, on a thread beside a CPU hog at nice 10, measured by the thread's own
    /// CPU clock (load does not inflate it).
    /// </summary>
    private static async Task<((string Outcome, string Detail)? Early, TimeSpan Cpu)> ReadBesideHogAsync(MailReader reader, byte[] raw)
    {
        using var hog = new CpuHog();
        return await Task.Factory.StartNew(() =>
        {
            hog.Starve();
            var before = ThreadCpuTime.Now()!.Value;
            MailReader.Identify(raw);
            using (var stream = new MemoryStream(raw, writable: false))
            {
                MailReader.Identify(stream);
                AuthorPrint.Of(stream);
            }
            var reading = reader.Read(raw);
            return (reading.Early, ThreadCpuTime.Now()!.Value - before);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    [Fact]
    public void Every_real_mail_of_the_corpus_is_within_the_bounds_and_the_header_floods_are_not()
    {
        var emails = Path.Combine(AppContext.BaseDirectory, "TestData", "Emails");
        var refused = Directory.EnumerateFiles(emails, "*.eml").Concat(Directory.EnumerateFiles(HostileCorpusTests.Folder, "*.eml"))
            .Where(f => HeaderBlock.Refusal(File.ReadAllBytes(f)) is not null).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["h127-references-flood-of-forged-ids.eml", "h176-header-line-of-one-megabyte.eml", "h58-received-header-flood.eml",
            "h88-header-folded-ten-thousand-times.eml"], refused);
        Assert.Null(HeaderBlock.Refusal(Bytes(LongThreadReply())));
    }

    [Fact]
    public void Each_bound_is_named_in_the_refusal()
    {
        static byte[] Head(string header) => Encoding.ASCII.GetBytes("From: a@example.org\r\n" + header + "\r\n\r\nbody\r\n");
        Assert.Contains("over 2000 header lines", HeaderBlock.Refusal(Head(string.Concat(Enumerable.Repeat("Received: x\r\n", 2_000)))), StringComparison.Ordinal);
        Assert.Null(HeaderBlock.Refusal(Head(string.Concat(Enumerable.Repeat("Received: x\r\n", 1_990)))));
        Assert.Contains("a header field over 65536 bytes (X-Long)", HeaderBlock.Refusal(Head("X-Long: " + new string('a', 70_000))), StringComparison.Ordinal);
        Assert.Contains("over 1000 encoded words", HeaderBlock.Refusal(Head("Subject:" + string.Concat(Enumerable.Repeat("\r\n =?utf-8?B?YQ==?=", 1_001)))), StringComparison.Ordinal);
        Assert.Contains("a header block over 131072 bytes", HeaderBlock.Refusal(Head(string.Concat(Enumerable.Repeat("X-Pad: " + new string('b', 900) + "\r\n", 150)))), StringComparison.Ordinal);
        // No empty line: the whole mail is its header block.
        Assert.Contains("a header block over", HeaderBlock.Refusal(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("X-Pad: " + new string('b', 900) + "\r\n", 150)))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_megabyte_header_of_encoded_words_is_refused_unparsed_in_little_CPU_on_a_busy_machine_and_kept_raw()
    {
        await using var host = await MailTestHost.CreateAsync();
        var reader = host.Services.GetRequiredService<MailReader>();
        var raw = MegabyteHeaderMail("m49-19.cpu@mx.attacker.example");
        Assert.True(raw.Length > 1_000_000);

        var (early, cpu) = await ReadBesideHogAsync(reader, raw);
        var detail = early?.Detail;
        output.WriteLine($"{raw.Length} bytes: {cpu.TotalMilliseconds:0.0} ms of the reading thread's CPU beside the hog ({detail})");
        Assert.StartsWith(HeaderBlock.TooLarge + ": a header field over", detail, StringComparison.Ordinal);
        // Before the bound: 9.5 s of CPU to load it, 6.7 s more to print it (mailtrust49). The scan is one pass over 128 kB.
        Assert.True(cpu < TimeSpan.FromMilliseconds(500), $"{cpu.TotalMilliseconds} ms of CPU");

        var result = await host.IngestAsync(raw);
        Assert.Equal(MailOutcomes.Failed, result.Outcome);
        Assert.StartsWith(HeaderBlock.TooLarge, result.Detail, StringComparison.Ordinal);
        var row = await host.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<ReginDbContext>().RawInputs.Single(r => r.Id == result.RawInputId)));
        Assert.Equal(raw, row.Content);
        Assert.Empty(await host.OutboxAsync());
    }

    [Fact]
    public async Task A_reply_deep_in_a_long_thread_is_read()
    {
        await using var host = await MailTestHost.CreateAsync();
        var result = await host.IngestAsync(LongThreadReply());
        Assert.Equal(MailOutcomes.Created, result.Outcome);
        var practice = await host.PracticeAsync(result.Reference);
        Assert.NotNull(practice);
    }

    [Fact]
    public async Task A_header_just_within_every_bound_is_read_in_bounded_CPU_on_a_busy_machine()
    {
        await using var host = await MailTestHost.CreateAsync();
        var reader = host.Services.GetRequiredService<MailReader>();
        // 999 encoded words folded one a line in a Subject, then padding fields up to ~126 kB and 1,990 lines: what the bounds let through.
        var head = new StringBuilder("Authentication-Results: " + MailTestHost.PassHeader("ruth.meyer@example.ie") + "\r\nFrom: Ruth Meyer <ruth.meyer@example.ie>\r\n"
            + "To: reginproject@crpm.org\r\nMessage-ID: <bound.1@example.ie>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nSubject: REGIN");
        for (var i = 0; i < 999; i++)
        {
            head.Append("\r\n =?utf-8?B?w6nDqcOp?=");
        }
        head.Append("\r\n");
        var lines = 1_006;
        while (lines < 1_990 && head.Length < MailLimits.MaxHeaderBytes - 200)
        {
            head.Append("X-Pad: ").Append('p', 100).Append("\r\n");
            lines++;
        }
        var raw = Encoding.UTF8.GetBytes(head + "\r\n[Q05] Welcome cafe in the library\r\n[Q06] Ireland\r\n");
        Assert.Null(HeaderBlock.Refusal(raw));

        var (early, cpu) = await ReadBesideHogAsync(reader, raw);
        output.WriteLine($"{raw.Length} bytes, {lines} header lines, 999 encoded words: {cpu.TotalMilliseconds:0.0} ms of the reading thread's CPU beside the hog");
        Assert.Null(early);
        // Far inside the 10 s reading budget: the bounds keep MimeKit's parse of any accepted header to a fraction of it.
        Assert.True(cpu < TimeSpan.FromSeconds(2), $"{cpu.TotalMilliseconds} ms of CPU");
    }

    /// <summary>
    /// Session 52: a header near the bounds (1,999 lines, ~127 kB: <see cref="MailLimits.MaxHeaderLines"/>,
    /// <see cref="MailLimits.MaxHeaderBytes"/>) is parsed by MimeKit once, by the reader inside the mail's budget: its key and
    /// sender are scanned, and a second mail under its Message-ID (another body) is told apart by author prints read
    /// field by field, unparsed; the same copy again is a duplicate, not parsed at all. Counted through
    /// <see cref="HeaderBlock.Parses"/>. A header of 19,999 lines or of 4.9 MB is refused unparsed: no parse.
    /// </summary>
    [Fact]
    public async Task A_header_near_the_bounds_is_parsed_once_inside_the_budget_and_a_header_over_them_never()
    {
        await using var host = await MailTestHost.CreateAsync();
        static byte[] Mail(int lines, int padding, string body)
        {
            var head = new StringBuilder("Authentication-Results: " + MailTestHost.PassHeader("ruth.meyer@example.ie")
                + "\r\nFrom: Ruth Meyer <ruth.meyer@example.ie>\r\nTo: reginproject@crpm.org\r\nSubject: REGIN welcome cafe\r\n"
                + "Message-ID: <near.bounds." + lines + "@example.ie>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n");
            for (var i = 7; i < lines; i++)
            {
                head.Append("Received: from relay").Append(i).Append(".example.ie by mx.crpm.org; ").Append('r', padding).Append("\r\n");
            }
            return Encoding.UTF8.GetBytes(head + "\r\n" + body);
        }
        var count = new System.Runtime.CompilerServices.StrongBox<int>();
        HeaderBlock.Parses.Value = count;

        var near = Mail(MailLimits.MaxHeaderLines - 1, 10, "[Q05] Welcome cafe in the library\r\n[Q06] Ireland\r\n");
        var headerBytes = MailProcessor.HeaderBytes(near).Length;
        Assert.InRange(headerBytes, MailLimits.MaxHeaderBytes - 12_000, MailLimits.MaxHeaderBytes);
        Assert.Null(HeaderBlock.Refusal(near));
        var first = await host.IngestAsync(near);
        Assert.Equal(MailOutcomes.Created, first.Outcome);
        Assert.Equal(1, count.Value);

        // Another body under the same Message-ID: the two prints compared without a parse, then the new mail read (one parse).
        await AssertAnotherBodyParsedOnceAndTheSameCopyNeverAsync(host, count, first, Mail(MailLimits.MaxHeaderLines - 1, 10, "[Q05] Welcome cafe in the town library\r\n[Q06] Ireland\r\n"));

        // The acceptor's stream path (a large mail in a temporary file): key, print and read, one parse.
        using (var stream = new MemoryStream(near, writable: false))
        {
            Assert.StartsWith("mid:", MailReader.Identify(stream).DedupKey, StringComparison.Ordinal);
            AuthorPrint.Of(stream);
            Assert.Null(host.Services.GetRequiredService<MailReader>().Read(stream).Early);
        }
        Assert.Equal(1, count.Value);

        // Over the bounds (the brief's 19,999 lines; 4.9 MB): refused unparsed, kept raw, never parsed.
        count.Value = 0;
        var lines = await host.IngestAsync(Mail(19_999, 0, "[Q05] Header flood\r\n"));
        Assert.StartsWith(HeaderBlock.TooLarge + ": over 2000 header lines", lines.Detail, StringComparison.Ordinal);
        var megabytes = Mail(1_500, 3_250, "[Q05] Header flood\r\n");
        Assert.InRange(megabytes.Length, 4_800_000, 5_000_000);
        var large = await host.IngestAsync(megabytes);
        Assert.StartsWith(HeaderBlock.TooLarge, large.Detail, StringComparison.Ordinal);
        Assert.Equal(0, count.Value);
        HeaderBlock.Parses.Value = null;
    }

    /// <summary>A second mail under <paramref name="first"/>'s Message-ID with another body is read (one parse, the prints
    /// compared unparsed) and kept as a mail of its own; the same copy again is a duplicate, not parsed at all.</summary>
    private static async Task AssertAnotherBodyParsedOnceAndTheSameCopyNeverAsync(MailTestHost host, System.Runtime.CompilerServices.StrongBox<int> count, MailResult first, byte[] other)
    {
        count.Value = 0;
        var second = await host.IngestAsync(other);
        Assert.NotEqual(MailOutcomes.Duplicate, second.Outcome);
        Assert.NotEqual(first.RawInputId, second.RawInputId);
        Assert.Equal(1, count.Value);
        count.Value = 0;
        Assert.Equal(MailOutcomes.Duplicate, (await host.IngestAsync(other)).Outcome);
        Assert.Equal(0, count.Value);
    }

    /// <summary>
    /// Session 54: a header that is not plain as a forger writes it (an mbox "From " line above two From fields, an escape,
    /// a backspace and a bell in her From and Subject, two Message-ID fields) is keyed and printed unparsed too, the same key,
    /// sender and print as MimeKit's: parsed once, by the reader inside the mail's budget (it was parsed before the budget
    /// by the key's parse and again by the print's), a second body under its Message-ID once, the same copy again never.
    /// </summary>
    [Theory]
    [InlineData("From alice@example.org Mon Dec  7 07:00:00 2026\r\nFrom: Alice Example <alice@example.org>\r\nFrom: Mallory <mallory.12@evil.example>\r\n")]
    [InlineData("From: Alice\u001b[8m Example\u0008 <alice@example.org>\r\nX-Note: \u0007\u007f\r\n")]
    [InlineData("From: Mallory <mallory@evil.example>\r\nMessage-ID: <second.id@evil.example>\r\n")]
    // Session 55: a NUL in her From, a stray CR hiding a Bcc, a line that is no field and a first line that is none.
    [InlineData("From: Alice <alice@exa\u0000mple.org>\r\nSubject: Re: REGIN-0001\u0000 STOP\r\n")]
    [InlineData("From: Alice <alice@example.org>\rBcc: mallory@evil.example\r\nX-Note: a\rb\r\n")]
    [InlineData("From: Alice <alice@example.org>\r\nThis line is no field\r\n folded under it\r\n>From mallory@evil.example\r\n")]
    [InlineData(" continued first\r\nFrom: Alice <alice@example.org>\r\n")]
    public async Task A_forgers_header_is_keyed_and_printed_unparsed_and_parsed_once_by_the_reader(string fields)
    {
        await using var host = await MailTestHost.CreateAsync();
        byte[] Mail(string body)
        {
            // A first line that is no field (an mbox line, a continuation) stays first.
            var mbox = fields.StartsWith("From ", StringComparison.Ordinal) || fields.StartsWith(' ') ? fields[..(fields.IndexOf('\n', StringComparison.Ordinal) + 1)] : "";
            return Encoding.UTF8.GetBytes(mbox + "Message-ID: <forged.54." + fields.Length + "@example.org>\r\n" + fields[mbox.Length..]
                + "To: reginproject@crpm.org\r\nSubject: Re: REGIN-0001\u0007 STOP\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body);
        }
        var raw = Mail("[Q05] Forged header title\r\n[Q06] Malta\r\n");
        Assert.Equal(MailReader.IdentifyByParse(raw), MailReader.Identify(raw));
        // Under an mbox line (or a first continuation line) MimeKit's header parse reads no field: keyed by the bytes' hash, as before.
        Assert.StartsWith(fields.StartsWith("From ", StringComparison.Ordinal) || fields.StartsWith(' ') ? "sha256:" : "mid:forged.54.", MailReader.Identify(raw).DedupKey, StringComparison.Ordinal);
        Assert.Equal(AuthorPrint.Of(raw, plain: false), AuthorPrint.Of(raw));
        var other = Mail("[Q05] Another forged title\r\n[Q06] Malta\r\n");
        Assert.Equal(AuthorPrint.Of(other, plain: false), AuthorPrint.Of(other));
        var count = new System.Runtime.CompilerServices.StrongBox<int>();
        HeaderBlock.Parses.Value = count;
        try
        {
            var first = await host.IngestAsync(raw);
            Assert.NotEqual(MailOutcomes.Duplicate, first.Outcome);
            Assert.Equal(1, count.Value);
            await AssertAnotherBodyParsedOnceAndTheSameCopyNeverAsync(host, count, first, other);
        }
        finally
        {
            HeaderBlock.Parses.Value = null;
        }
    }

    /// <summary>The author print read field by field (session 52) is MimeKit's for every mail of the test corpus, hostile ones too.</summary>
    [Fact]
    public void The_author_print_read_unparsed_is_the_parsed_one_for_every_mail_of_the_corpus()
    {
        var emails = Path.Combine(AppContext.BaseDirectory, "TestData", "Emails");
        var files = Directory.EnumerateFiles(emails, "*.eml").Concat(Directory.EnumerateFiles(HostileCorpusTests.Folder, "*.eml")).ToList();
        Assert.True(files.Count > 100);
        Assert.All(files, f =>
        {
            var raw = File.ReadAllBytes(f);
            Assert.Equal(AuthorPrint.Of(raw, plain: false), AuthorPrint.Of(raw));
        });
        var reply = Bytes(LongThreadReply());
        Assert.Equal(AuthorPrint.Of(reply, plain: false), AuthorPrint.Of(reply));
    }

    /// <summary>
    /// Session 51: a header of 20,000 lines and one of 5 MB are refused unparsed, and a mail of a 10 MB text part and a
    /// 10 MB HTML part (the parts compared since session 50) is read or refused within its budget: never a timeout, and
    /// every mail kept raw (the budget's outcome, not a time).
    /// </summary>
    [Fact]
    public async Task Twenty_thousand_header_lines_a_five_megabyte_header_and_two_ten_megabyte_parts_are_refused_or_read_within_the_budget()
    {
        await using var host = await MailTestHost.CreateAsync();
        static byte[] Head(string fields) => Encoding.ASCII.GetBytes("Authentication-Results: " + MailTestHost.PassHeader("mallory@evil.example")
            + "\r\nFrom: Mallory <mallory@evil.example>\r\nTo: reginproject@crpm.org\r\nSubject: REGIN\r\nMessage-ID: <" + Guid.NewGuid().ToString("N") + "@evil.example>\r\n"
            + fields + "\r\n[Q05] Header flood\r\n[Q06] Malta\r\n");
        var lines = await host.IngestAsync(Head(string.Concat(Enumerable.Repeat("X-Spam-Score: 0\r\n", 20_000))));
        Assert.Equal(MailOutcomes.Failed, lines.Outcome);
        Assert.StartsWith(HeaderBlock.TooLarge + ": over 2000 header lines", lines.Detail, StringComparison.Ordinal);
        var megabytes = await host.IngestAsync(Head(string.Concat(Enumerable.Repeat("X-Pad: " + new string('b', 998) + "\r\n", 5 * 1024))));
        Assert.Equal(MailOutcomes.Failed, megabytes.Outcome);
        Assert.StartsWith(HeaderBlock.TooLarge, megabytes.Detail, StringComparison.Ordinal);

        // A text part and an HTML alternative of 10 MB each, both answering, the HTML padded with paragraphs a reader sees.
        var text = "[Q05] Ten megabyte parts\n[Q06] Malta\n" + string.Concat(Enumerable.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n", 10 * 1024 * 1024 / 57));
        var html = "<html><body><p>[Q05] Ten megabyte parts</p><p>[Q06] Malta</p>" + string.Concat(Enumerable.Repeat("<p>Lorem ipsum dolor sit amet, consectetur.</p>\n", 10 * 1024 * 1024 / 51)) + "</body></html>";
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mallory", "mallory@evil.example"));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = "REGIN";
        message.MessageId = "parts.10mb@evil.example";
        message.Body = new MultipartAlternative { new TextPart("plain") { Text = text }, new TextPart("html") { Text = html } };
        var raw = Bytes(MailTestHost.Authenticated(message));
        Assert.True(raw.Length > 20_000_000);
        var parts = await host.IngestAsync(raw);
        output.WriteLine($"two 10 MB parts: {parts.Outcome} {parts.Detail}");
        Assert.DoesNotContain("timeout", parts.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("gave_up", parts.Detail, StringComparison.Ordinal);
        Assert.Contains(parts.Outcome, new[] { MailOutcomes.Created, MailOutcomes.NeedsInfo, MailOutcomes.Failed });
        Assert.Equal(3, await host.CountAsync(db => db.RawInputs.Count()));
    }
}
