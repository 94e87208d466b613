using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Security;

/// <summary>
/// Attacker round 56, through the ingester on both providers (raw mails as an attacker writes them): CR LF "Bcc:" through
/// encoded words in the From and Reply-To display names, a Reply-To at another domain than the verified From, a forged
/// Received and Authentication-Results claiming pass from another server, 10,000 parts, message/rfc822 nested 50 deep,
/// attachment names climbing out of a folder, a base64 body of garbage, and one 12 MB line with no line end. Each: read
/// safely or refused with its reason, the raw mail kept byte for byte, no exception's text in the outcome, and any reply
/// goes to the verified From alone with no header of the attacker's.
/// </summary>
public sealed class AttackerRound56Tests
{
    private const string Pass = "Authentication-Results: mx.crpm.org; spf=pass smtp.mailfrom=evil.example; dkim=pass header.d=evil.example; dmarc=pass header.from=evil.example\r\n";

    internal static byte[] Raw(string name, string headers, string body) => Encoding.UTF8.GetBytes(Pass + $"Message-ID: <{name}.56@evil.example>\r\nTo: reginproject@crpm.org\r\n"
        + "Date: Mon, 7 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n" + headers.ReplaceLineEndings("\r\n") + "\r\n" + body);

    private static string Nested(int depth)
    {
        var inner = "From: mallory@evil.example\r\nSubject: inner\r\nContent-Type: text/plain\r\n\r\n[Q05] Deep nesting title\r\n[Q06] Malta\r\n";
        for (var i = 0; i < depth; i++)
        {
            inner = $"From: fwd{i}@evil.example\r\nSubject: Fwd\r\nContent-Type: message/rfc822\r\n\r\n" + inner;
        }
        return inner;
    }

    private static string ManyParts(int count)
    {
        var body = new StringBuilder("--p\r\nContent-Type: text/plain\r\n\r\n[Q05] Many parts title\r\n[Q06] Malta\r\n");
        for (var i = 0; i < count; i++)
        {
            body.Append("--p\r\nContent-Type: text/plain\r\n\r\nx\r\n");
        }
        return body.Append("--p--\r\n").ToString();
    }

    public static TheoryData<string, string> Attacks() => new()
    {
        { "m56-01-bcc-in-encoded-from-name", "From: =?utf-8?q?Alice_Example=0D=0ABcc=3A_victim=40other=2Eexample?= <mallory.01@evil.example>\r\nSubject: REGIN\r\nContent-Type: text/plain; charset=utf-8\r\n" },
        { "m56-02-bcc-in-encoded-reply-to-name", "From: Mallory <mallory.02@evil.example>\r\nReply-To: =?utf-8?b?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("Team\r\nBcc: victim@other.example\r\nX-Injected: 1")) + "?= <team@evil.example>\r\nSubject: REGIN\r\nContent-Type: text/plain; charset=utf-8\r\n" },
        { "m56-03-reply-to-another-domain", "From: Mallory <mallory.03@evil.example>\r\nReply-To: victim@other.example\r\nSubject: REGIN\r\nContent-Type: text/plain; charset=utf-8\r\n" },
        { "m56-04-forged-received-and-results", "Received: from mail.example.org by mx.crpm.org; Mon, 7 Dec 2026 08:59:00 +0000\r\nAuthentication-Results: mx.crpm.org.evil.example; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org\r\nFrom: Alice <alice.04@example.org>\r\nSubject: REGIN\r\nContent-Type: text/plain; charset=utf-8\r\n" },
        { "m56-05-ten-thousand-parts", "From: Mallory <mallory.05@evil.example>\r\nSubject: REGIN\r\nContent-Type: multipart/mixed; boundary=p\r\n" },
        { "m56-06-rfc822-nested-fifty-deep", "From: Mallory <mallory.06@evil.example>\r\nSubject: REGIN\r\nContent-Type: message/rfc822\r\n" },
        { "m56-07-traversal-file-names", "From: Mallory <mallory.07@evil.example>\r\nSubject: REGIN\r\nContent-Type: multipart/mixed; boundary=t\r\n" },
        { "m56-08-base64-garbage", "From: Mallory <mallory.08@evil.example>\r\nSubject: REGIN\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n" },
        { "m56-09-twelve-megabyte-line-claiming-a-gigabyte", "From: Mallory <mallory.09@evil.example>\r\nSubject: REGIN\r\nContent-Length: 1073741824\r\nContent-Type: text/plain; charset=utf-8\r\n" },
    };

    internal static string Body(string name) => name switch
    {
        "m56-05-ten-thousand-parts" => ManyParts(10_000),
        "m56-06-rfc822-nested-fifty-deep" => Nested(50),
        "m56-07-traversal-file-names" => "--t\r\nContent-Type: text/plain\r\n\r\n[Q05] Traversing names title\r\n[Q06] Malta\r\n"
            + "--t\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\nContent-Disposition: attachment; filename=\"..\\\\..\\\\x.docx\"\r\nContent-Transfer-Encoding: base64\r\n\r\nUEsDBAo=\r\n"
            + "--t\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"/etc/passwd\"\r\n\r\nroot:x:0:0:root:/root:/bin/bash\r\n--t--\r\n",
        "m56-08-base64-garbage" => Convert.ToBase64String(Encoding.UTF8.GetBytes("[Q05] Garbage base64 title\n[Q06] Malta\n")) + "\r\n!!**%%\u0001\u0002====QUFB====\r\n" + new string('#', 5000) + "\r\n",
        "m56-09-twelve-megabyte-line-claiming-a-gigabyte" => "[Q05] Long line title\r\n[Q06] Malta\r\n" + new string('a', 12 * 1024 * 1024),
        _ => "[Q05] Header trick title\r\n[Q06] Malta\r\n",
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public Task On_SQLite(string name, string headers) => RunAsync(TestProviders.Sqlite, name, headers);

    [Theory]
    [MemberData(nameof(Attacks))]
    public Task On_PostgreSql(string name, string headers) => RunAsync(TestProviders.PostgreSql, name, headers);

    private static async Task RunAsync(string provider, string name, string headers)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var raw = Raw(name, headers, Body(name));
        var before = GC.GetTotalAllocatedBytes(precise: false);
        var result = await host.IngestAsync(raw);
        Console.WriteLine($"{name} ({provider}): {result.Outcome} {result.Detail} ({(GC.GetTotalAllocatedBytes(precise: false) - before) / 1_000_000} MB allocated by the process meanwhile)");
        Assert.NotEqual(MailOutcomes.Retry, result.Outcome);
        Assert.DoesNotContain("processing_error", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Detail, StringComparison.Ordinal);
        var stored = await host.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<Regin.Core.Persistence.ReginDbContext>().RawInputs.Single(r => r.Id == result.RawInputId)));
        Assert.Equal(raw, stored.Content);
        var from = MimeMessage.Load(new MemoryStream(raw)).From.Mailboxes.First().Address;
        foreach (var reply in await host.OutboxAsync())
        {
            AssertOnlyTo(reply, from);
        }
    }

    /// <summary>A reply to the verified <paramref name="from"/> alone (never its Reply-To, never a Bcc the attacker wrote), with no header of theirs.</summary>
    internal static void AssertOnlyTo(MimeMessage reply, string from)
    {
        Assert.Equal([from], reply.To.Mailboxes.Select(m => m.Address));
        Assert.Empty(reply.Cc);
        Assert.Empty(reply.Bcc);
        Assert.Null(reply.Headers["X-Injected"]);
        using var written = new MemoryStream();
        reply.WriteTo(written);
        var text = Encoding.UTF8.GetString(written.ToArray());
        Assert.DoesNotContain("\nBcc:", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("victim@other.example", text, StringComparison.Ordinal);
        Assert.DoesNotContain("root:x:0", text, StringComparison.Ordinal);
    }
}
