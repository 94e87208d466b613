using System.Text;
using Regin.Core.Intake;
using Regin.Core.Reminders;

namespace Regin.Core.Tests.Reminders;

/// <summary>
/// The contributor's time zone read from a stored mail's Date header (the reminder scheduler), under the mail door's
/// header bounds (session 53: <see cref="ContributorTimeZone.FromMail"/> parsed a stored mail's whole header with no bound).
/// </summary>
public sealed class ContributorTimeZoneTests
{
    private static byte[] Mail(string extraHeaders, string date = "Mon, 7 Dec 2026 18:04:11 +0900") => Encoding.UTF8.GetBytes(
        "From: Kenji Sato <kenji@city.example.jp>\r\nTo: reginproject@crpm.org\r\nSubject: REGIN\r\nMessage-ID: <a1@city.example.jp>\r\n"
        + extraHeaders + $"Date: {date}\r\n\r\n[Q05] Welcome cafe\r\n");

    /// <summary>A Subject folded into <paramref name="words"/> encoded words, as the session-49 attacker wrote it.</summary>
    private static string EncodedWords(int words)
    {
        var text = new StringBuilder("X-Note:");
        for (var i = 0; i < words; i++)
        {
            text.Append(" =?utf-8?B?").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes($"w{i % 10}x"))).Append("?=\r\n");
        }
        return text.ToString();
    }

    [Fact]
    public void The_offset_of_a_plain_mails_Date_is_the_contributors_zone()
    {
        var zone = ContributorTimeZone.FromMail(Mail(""));
        Assert.NotNull(zone);
        Assert.Equal(TimeSpan.FromHours(9), zone.BaseUtcOffset);
        Assert.Equal("UTC+09:00", zone.Id);
        Assert.Equal("UTC-03:30", ContributorTimeZone.FromMail(Mail("", "Mon, 7 Dec 2026 06:04:11 -0330"))!.Id);
    }

    [Fact]
    public void A_stored_mail_of_a_huge_header_is_not_parsed_and_gives_no_zone()
    {
        // 1 MB of header folded into 16,000 encoded words before the Date (session 49's attack, ~15 s of MimeKit), a header of
        // 20,000 short lines, one field of 100 kB: each over a bound, refused unparsed, though MimeKit would find the Date.
        foreach (var huge in new[] { EncodedWords(16_000), string.Concat(Enumerable.Range(0, 20_000).Select(i => $"X-N{i}: a\r\n")), "X-Long: " + new string('a', 100_000) + "\r\n" })
        {
            var raw = Mail(huge);
            Assert.NotNull(MailHeaderBounds.Refusal(raw));
            Assert.Null(ContributorTimeZone.FromMail(raw));
        }
    }

    [Fact]
    public void A_header_within_the_bounds_is_read_to_its_Date()
    {
        // 900 encoded words and 1,900 lines: within the bounds (1,000 words, 2,000 lines, 128 kB).
        var raw = Mail(EncodedWords(900) + string.Concat(Enumerable.Range(0, 1_000).Select(i => $"X-N{i}: a\r\n")), "Mon, 7 Dec 2026 08:04:11 -0500");
        Assert.Null(MailHeaderBounds.Refusal(raw));
        Assert.Equal(TimeSpan.FromHours(-5), ContributorTimeZone.FromMail(raw)!.BaseUtcOffset);
    }
}
