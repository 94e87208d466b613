using System.Text;
using MimeKit;
using Regin.Core.Normalisation;
using Regin.MailIngest.Tests.Security;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Attacker round 58 through the real door (SMTP to smtp4dev, its received bytes appended to Dovecot as they are, the
/// watcher over IMAP), on both providers: the two attacks of round 56 left outside it (a Reply-To at another domain, one
/// 12 MB line claiming a gigabyte), then a text part and an HTML part carrying different answers, bidi overrides and
/// zero-width characters inside a "[Qnn]" tag and the contact e-mail, an encoded-word file name climbing out with
/// "../../", a message/partial fragment (told to send it whole, session 58), and 2,000 recipients in To and Cc (one a
/// line: over the header lines a mail may have, refused unparsed; folded as mail programs fold: read, answered to the From alone). Each: the raw mail kept once byte for byte,
/// no exception's text in its outcome, every reply to the From alone, in the sender's language where one is due.
/// </summary>
public sealed class AttackerRound58Tests(MailServers servers) : IClassFixture<MailServers>
{
    private const string Mailbox = "reginproject@crpm.org";

    public static TheoryData<string, string> Attacks() => ContributorPlay.OnBothProviders(
        "m56-03-reply-to-another-domain", "m56-09-twelve-megabyte-line-claiming-a-gigabyte",
        "m58-01-text-and-html-disagree", "m58-02-bidi-and-zero-width", "m58-03-encoded-word-traversal-name",
        "m58-04-message-partial", "m58-05-two-thousand-recipients-one-a-line", "m58-06-two-thousand-recipients-folded");

    private static string Pass(string domain) => $"Authentication-Results: {MailTestHost.PassHeader("x@" + domain)}\r\n";

    /// <summary>The raw mail of <paramref name="name"/>, its Message-ID made this run's own (<paramref name="id"/>).</summary>
    internal static byte[] Raw(string name, string id)
    {
        if (name.StartsWith("m56-", StringComparison.Ordinal))
        {
            return AttackerRound57Tests.Round56(name, id);
        }
        var mail = name switch
        {
            // The text part a parser reads says Malta and 2019, the HTML every mail program shows says Cyprus and 2021.
            "m58-01-text-and-html-disagree" => Pass("evil.example") + "From: Mallory Grey <mallory.58@evil.example>\r\nSubject: REGIN practice\r\n"
                + "Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "[Q05] Night shelter for families\r\n[Q06] Malta\r\n[Q13] 2019\r\n"
                + "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>[Q05] Night shelter for families</p><p>[Q06] Cyprus</p><p>[Q13] 2021</p></body></html>\r\n--alt--\r\n",
            // A right-to-left override inside a tag, zero-width spaces inside another and inside the contact e-mail.
            "m58-02-bidi-and-zero-width" => Pass("evil.example") + "From: Mallory Grey <mallory.58@evil.example>\r\nSubject: REGIN practice\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n[Q\u200B05] Bidi title\r\n[\u202EQ06] Malta\r\n[Q03] mallory\u200B.58@evil.example\u202Emoc.knab\r\n",
            // "../../../etc/cron.d/evil.docx" as an encoded word, and "..\..\x.odt" as an RFC 2231 parameter.
            "m58-03-encoded-word-traversal-name" => Pass("evil.example") + "From: Mallory Grey <mallory.58@evil.example>\r\nSubject: REGIN practice\r\n"
                + "Content-Type: multipart/mixed; boundary=\"mix\"\r\n\r\n--mix\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n[Q05] Traversal title\r\n[Q06] Malta\r\n"
                + "--mix\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n"
                + $"Content-Disposition: attachment; filename=\"=?utf-8?b?{Convert.ToBase64String(Encoding.UTF8.GetBytes("../../../etc/cron.d/evil.docx"))}?=\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nUEsDBAo=\r\n"
                + "--mix\r\nContent-Type: application/vnd.oasis.opendocument.text\r\nContent-Disposition: attachment; filename*=utf-8''..%5C..%5Cx.odt\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nUEsDBAo=\r\n--mix--\r\n",
            // The first of two fragments (RFC 2046 5.2.2): the inner mail's headers, its answers cut mid-line.
            "m58-04-message-partial" => Pass("evil.example") + "From: Mallory Grey <mallory.58@evil.example>\r\nSubject: REGIN practice (part 1/2)\r\n"
                + "Content-Type: message/partial; id=\"frag.58@evil.example\"; number=1; total=2\r\n\r\n"
                + "From: Mallory Grey <mallory.58@evil.example>\r\nSubject: REGIN practice\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n[Q05] Fragment title\r\n[Q06] Mal",
            // Each address on a line of its own (2,000 header lines and more), or folded three or four to a line as mail
            // programs fold at 78 characters (some 600 lines).
            "m58-05-two-thousand-recipients-one-a-line" or "m58-06-two-thousand-recipients-folded" => Pass("evil.example") + "From: Mallory Grey <mallory.58@evil.example>\r\n"
                + "To: " + Folded(Enumerable.Range(0, 1000).Select(i => $"victim{i}@other.example").Append(Mailbox), name.EndsWith("folded", StringComparison.Ordinal)) + "\r\n"
                + "Cc: " + Folded(Enumerable.Range(1000, 1000).Select(i => $"\"Victim {i}\" <victim{i}@other.example>"), name.EndsWith("folded", StringComparison.Ordinal)) + "\r\n"
                + "Subject: REGIN practice\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n[Q05] Many recipients title\r\n[Q06] Malta\r\n",
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var to = name.Contains("two-thousand", StringComparison.Ordinal) ? "" : $"To: {Mailbox}\r\n";
        return Encoding.UTF8.GetBytes($"Message-ID: {id}\r\n{to}Date: Mon, 7 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n" + mail);
    }

    /// <summary>The addresses of a To or Cc header, one to a line, or folded before 78 characters as mail programs fold.</summary>
    private static string Folded(IEnumerable<string> addresses, bool folded)
    {
        if (!folded)
        {
            return string.Join(",\r\n ", addresses);
        }
        var text = new StringBuilder();
        var line = 4;
        foreach (var address in addresses)
        {
            if (text.Length > 0)
            {
                text.Append(',');
                line++;
                if (line + address.Length + 1 > 76)
                {
                    text.Append("\r\n");
                    line = 0;
                }
                text.Append(' ');
                line++;
            }
            text.Append(address);
            line += address.Length;
        }
        return text.ToString();
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Each_attack_through_the_door_is_kept_once_byte_for_byte_and_answered_rightly_or_not_at_all(string provider, string name)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        var id = $"<{name}.{user}.58@evil.example>";
        var received = await servers.RelayAsync(user, Raw(name, id), id);
        var (row, replies) = await AttackerRound57Tests.DecidedAsync(servers, host, user, id);
        Console.WriteLine($"{name} ({provider}): {row.Outcome} {row.OutcomeDetail}; {replies.Count} repl{(replies.Count == 1 ? "y" : "ies")}");
        foreach (var reply in replies)
        {
            Console.WriteLine(ContributorPlay.Body(reply));
        }

        Assert.DoesNotContain("processing_error", row.OutcomeDetail ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", row.OutcomeDetail ?? "", StringComparison.Ordinal);
        Assert.Equal(received, row.Content);
        var from = MimeMessage.Load(new MemoryStream(received)).From.Mailboxes.First().Address;
        foreach (var reply in replies)
        {
            AttackerRound56Tests.AssertOnlyTo(reply, from);
            Assert.Equal("en", ContributorPlay.Language(reply));
            var body = ContributorPlay.Body(reply);
            Assert.DoesNotContain("\u202E", body, StringComparison.Ordinal);
            Assert.DoesNotContain("../", body, StringComparison.Ordinal);
            Assert.DoesNotContain("..\\", body, StringComparison.Ordinal);
        }
        var practice = replies.Count == 0 ? null
            : await host.PracticeAsync(System.Text.RegularExpressions.Regex.Match(replies[0].Subject ?? "", @"REGIN-\d+").Value);
        switch (name)
        {
            case "m58-01-text-and-html-disagree":
            {
                // What the sender's mail program showed is read, and the researchers see both, quoted in a flag.
                Assert.NotNull(practice);
                Assert.Contains("CY", ContributorPlay.Answer(practice, "country"), StringComparison.Ordinal);
                var flag = Assert.Single(practice.Flags, f => f.Reason == FlagReasons.HiddenText);
                Assert.Contains("Malta", flag.Detail, StringComparison.Ordinal);
                Assert.Contains("Cyprus", flag.Detail, StringComparison.Ordinal);
                break;
            }
            case "m58-02-bidi-and-zero-width":
                Assert.NotNull(practice);
                Assert.Equal("Bidi title", ContributorPlay.Original(practice, "title"));
                Assert.Contains("MT", ContributorPlay.Answer(practice, "country"), StringComparison.Ordinal);
                Assert.DoesNotContain(practice.Answers, a => (a.Original ?? "").Any(c => c is '\u200B' or '\u202E') || (a.ValueJson ?? "").Contains("\\u202E", StringComparison.OrdinalIgnoreCase));
                break;
            case "m58-03-encoded-word-traversal-name":
            {
                Assert.NotNull(practice);
                Assert.Equal("Traversal title", ContributorPlay.Original(practice, "title"));
                var body = ContributorPlay.Body(Assert.Single(replies));
                Assert.Contains("evil.docx", body, StringComparison.Ordinal);
                Assert.Contains("x.odt", body, StringComparison.Ordinal);
                Assert.DoesNotContain("cron.d", body, StringComparison.Ordinal);
                break;
            }
            case "m58-04-message-partial":
                // A fragment is not joined nor read; the sender is told to send the mail whole, in a reply to him alone.
                Assert.Contains(ContributorPlay.Message("mail.message_partial", "en"), ContributorPlay.Body(Assert.Single(replies)), StringComparison.Ordinal);
                Assert.Contains(Regin.MailIngest.Parsing.MailContentReader.MessagePartial, row.OutcomeDetail, StringComparison.Ordinal);
                Assert.Equal(0, await host.CountAsync(db => db.Practices.Count()));
                break;
            case "m58-05-two-thousand-recipients-one-a-line":
                // Over the header lines a mail may have: refused unparsed, kept for the researchers, 2,000 people never answered.
                Assert.Equal("failed", row.Outcome);
                Assert.Contains("headers_too_large", row.OutcomeDetail, StringComparison.Ordinal);
                Assert.Empty(replies);
                Assert.Equal(0, await host.CountAsync(db => db.Practices.Count()));
                break;
            default:
                Assert.Single(replies);
                break;
        }
    }
}
