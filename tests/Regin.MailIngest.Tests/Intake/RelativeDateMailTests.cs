using System.Text;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// "πέρυσι", "μέχρι το τέλος του επόμενου έτους": dates written relative to the day the mail is read are read against
/// it, stored, and said back in the reply as understood, for the contributor to correct.
/// </summary>
public sealed class RelativeDateMailTests
{
    [Fact]
    public async Task A_greek_mail_in_iso_8859_7_with_relative_dates_is_read_against_the_day_and_said_back()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 8, 30, 0, TimeSpan.Zero));
        await using var host = await MailTestHost.CreateAsync(clock: clock);
        var body = """
            Καλημέρα σας,

            Τίτλος: Μαθήματα ελληνικών για πρόσφυγες
            Χώρα: Ελλάδα
            Ημερομηνία έναρξης: πέρυσι
            Ημερομηνία λήξης: μέχρι το τέλος του επόμενου έτους

            Με εκτίμηση,
            Ελένη Παπαδοπούλου
            """;
        var raw = Encoding.Latin1.GetBytes($"""
            Authentication-Results: {MailTestHost.PassHeader("e.papadopoulou@pkm.gov.gr")}
            From: e.papadopoulou@pkm.gov.gr
            To: reginproject@crpm.org
            Subject: REGIN
            Date: Wed, 02 Dec 2026 10:12:00 +0200
            Message-ID: <rel-el-1@pkm.gov.gr>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=iso-8859-7
            Content-Transfer-Encoding: 8bit


            """.Replace("\n", "\r\n")).Concat(Encoding.GetEncoding("iso-8859-7").GetBytes(body.Replace("\n", "\r\n"))).ToArray();

        var result = await host.IngestAsync(raw);

        var practice = await host.PracticeAsync(result.Reference);
        string Value(string question) => practice!.Answers.Single(a => a.QuestionId == question).ValueJson!;
        Assert.Equal("\"2025\"", Value("start_date"));
        Assert.Equal("\"2027-12\"", Value("end_date"));
        Assert.Equal("μέχρι το τέλος του επόμενου έτους", practice!.Answers.Single(a => a.QuestionId == "end_date").Original);
        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Contains("Δεκέμβριος 2027", reply.TextBody, StringComparison.Ordinal);
    }
}
