using MimeKit;
using Regin.MailIngest.Intake;
using Xunit;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// A flood of forged data requests (session 49): each is refused and kept raw, and her practice keeps one open flag per
/// address and kind, the later ones counted on it; a resolved flag is not counted on (the next forged request opens one).
/// </summary>
public sealed class RepeatedFlagTests
{
    private static MimeMessage Mail(string subject, string body, bool authenticated)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Alice Example", "alice@example.org"));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("mx.attacker.example");
        message.Body = new TextPart("plain") { Text = body };
        return authenticated ? MailTestHost.Authenticated(message) : message;
    }

    [Fact]
    public async Task Twelve_forged_erase_my_data_mails_leave_one_open_flag_counting_them_and_a_forged_copy_request_its_own()
    {
        await using var host = await MailTestHost.CreateAsync();
        var first = await host.IngestAsync(Mail("REGIN", "[Q05] Homework club in the library\n[Q13] 2019", authenticated: true));
        var ids = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            var forged = await host.IngestAsync(Mail("erase my data", "delete everything", authenticated: false));
            Assert.Equal(MailOutcomes.DataRequestRefused, forged.Outcome);
            ids.Add(forged.RawInputId);
        }
        var copy = await host.IngestAsync(Mail("my data", "send it to me", authenticated: false));
        var practice = (await host.PracticeAsync(first.Reference))!;
        Assert.Equal("Homework club in the library", practice.Answers.Single(a => a.QuestionId == "title").Original);
        var erasure = Assert.Single(practice.Flags, f => f.Detail!.Contains("asks for the erasure", StringComparison.Ordinal));
        Assert.StartsWith($"mail #{ids[0]} from alice@example.org (", erasure.Detail, StringComparison.Ordinal);
        Assert.EndsWith($" [11 more like it, the last mail #{ids[^1]}]", erasure.Detail, StringComparison.Ordinal);
        var asked = Assert.Single(practice.Flags, f => f.Detail!.Contains("asks for a copy", StringComparison.Ordinal));
        Assert.StartsWith($"mail #{copy.RawInputId} ", asked.Detail, StringComparison.Ordinal);
        // Every forged mail is kept raw.
        Assert.Equal(14, await host.CountAsync(db => db.RawInputs.Count()));
    }

    [Fact]
    public void The_count_grows_on_the_open_flag()
    {
        var once = RepeatedFlag.Counted("mail #5 from a@b.example (none) asks for the erasure", 6);
        Assert.Equal("mail #5 from a@b.example (none) asks for the erasure [1 more like it, the last mail #6]", once);
        Assert.Equal("mail #5 from a@b.example (none) asks for the erasure [2 more like it, the last mail #9]", RepeatedFlag.Counted(once, 9));
    }
}
