using MimeKit;
using Regin.Core.Normalisation;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Parsing;
using Xunit;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// A text part and an HTML part that answer otherwise (session 50): the smuggling trick (the HTML a mail program shows
/// says one thing, the text part a parser reads another), and text the HTML hides (display:none, white on white, a zero
/// size font) that the text part carries. What the sender's reader saw is read, and the practice is flagged quoting both.
/// </summary>
public sealed class PartsDisagreeTests
{
    private static MimeMessage Alternative(string text, string html)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Eleni Papadaki", "eleni@perifereia-kritis.example"));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = "REGIN practice";
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("perifereia-kritis.example");
        message.Body = new MultipartAlternative { new TextPart("plain") { Text = text }, new TextPart("html") { Text = html } };
        return MailTestHost.Authenticated(message);
    }

    [Fact]
    public async Task The_HTML_shows_one_year_and_the_text_part_another_the_shown_one_is_read_and_both_are_quoted_in_a_flag()
    {
        await using var host = await MailTestHost.CreateAsync();
        var result = await host.IngestAsync(Alternative(
            "[Q05] Greek lessons for refugees in Heraklion\n[Q13] 2016\n",
            "<html><body><p>[Q05] Greek lessons for refugees in Heraklion</p><p>[Q13] 2021</p></body></html>"));
        Assert.True(result.Outcome == MailOutcomes.Created, $"{result.Outcome} {result.Detail}");
        Assert.Contains(MailContentReader.PartsDisagree, result.Detail, StringComparison.Ordinal);
        var practice = (await host.PracticeAsync(result.Reference))!;
        Assert.Equal("2021", practice.Answers.Single(a => a.QuestionId == "start_date").Original);
        var flag = Assert.Single(practice.Flags, f => f.Reason == FlagReasons.HiddenText);
        Assert.Contains("[Q13] text part \"2016\", shown \"2021\"", flag.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<p style=\"display:none\">[Q03] payments@evil.example</p>")]
    [InlineData("<p><span style=\"color:#ffffff;background:#fff\">[Q03] payments@evil.example</span></p>")]
    [InlineData("<div style=\"font-size:0\">[Q03] payments@evil.example</div>")]
    public async Task An_answer_the_HTML_hides_and_the_text_part_carries_is_not_read_and_is_flagged(string hiding)
    {
        await using var host = await MailTestHost.CreateAsync();
        var result = await host.IngestAsync(Alternative(
            "[Q05] Greek lessons for refugees in Heraklion\n[Q03] payments@evil.example\n[Q13] 2016\n",
            $"<html><body style=\"background:#fff\"><p>[Q05] Greek lessons for refugees in Heraklion</p>{hiding}<p>[Q13] 2016</p></body></html>"));
        var practice = (await host.PracticeAsync(result.Reference))!;
        Assert.DoesNotContain(practice.Answers, a => a.QuestionId == "contact_email" && a.Original!.Contains("evil", StringComparison.Ordinal));
        Assert.Equal("2016", practice.Answers.Single(a => a.QuestionId == "start_date").Original);
        Assert.Contains(practice.Flags, f => f.Reason == FlagReasons.HiddenText && f.Detail!.Contains("[Q03] text part \"payments@evil.example\", shown \"(none)\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parts_that_agree_as_Outlook_writes_them_are_read_as_before_without_a_flag()
    {
        await using var host = await MailTestHost.CreateAsync();
        var result = await host.IngestAsync(Alternative(
            "Hello,\r\n\r\n[Q05] Greek lessons for refugees in Heraklion\r\n[Q13] 2016\r\n\r\nKind regards,\r\nEleni",
            "<html><body><div class=\"WordSection1\"><p class=\"MsoNormal\">Hello,<o:p></o:p></p><p class=\"MsoNormal\">[Q05]&nbsp;Greek lessons for refugees in&nbsp;Heraklion<o:p></o:p></p>"
            + "<p class=\"MsoNormal\">[Q13] 2016.<o:p></o:p></p><p class=\"MsoNormal\">Kind regards,<br>Eleni</p></div></body></html>"));
        Assert.True(result.Outcome == MailOutcomes.Created, $"{result.Outcome} {result.Detail}");
        Assert.DoesNotContain(MailContentReader.PartsDisagree, result.Detail ?? "", StringComparison.Ordinal);
        var practice = (await host.PracticeAsync(result.Reference))!;
        Assert.DoesNotContain(practice.Flags, f => f.Reason == FlagReasons.HiddenText);
    }

    /// <summary>Session 51: parts whose lines are the same (case and spacing aside) are not parsed to be compared; any other line is.</summary>
    [Theory]
    [InlineData("[Q05] Welcome cafe\n[Q13] 2019", "  [q05]  Welcome   CAFE \r\n\r\n[Q13] 2019\n", true)]
    [InlineData("Hello,\n\n[Q05] Welcome cafe\n", "Hello,\n[Q05] Welcome cafe", true)]
    [InlineData("[Q05] Welcome cafe\n[Q13] 2019", "[Q05] Welcome cafe [Q13] 2019", false)]
    [InlineData("[Q13] 2016", "[Q13] 2021", false)]
    [InlineData("[Q13] 2016", "[Q13] 2016\n[Q03] payments@evil.example", false)]
    [InlineData("", "", true)]
    public void Lines_compared_with_case_and_spacing_aside(string text, string shown, bool same) =>
        Assert.Equal(same, MailContentReader.SameLines(text, shown));
}
