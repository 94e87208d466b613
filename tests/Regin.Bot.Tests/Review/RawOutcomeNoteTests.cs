using System.Text;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Testing;

namespace Regin.Bot.Tests.Review;

/// <summary>
/// Session 56: a kept mail whose Word file was refused as unsafe (docx_unsafe, docx_zip_bomb) says so in the researcher's
/// language on its "As received" line, beside the outcome code; any other mail's line is as before. Both providers.
/// </summary>
public abstract class RawOutcomeNoteTests<TApplication>(TApplication app) : IClassFixture<TApplication>
    where TApplication : ReviewApplication
{
    [Fact]
    public async Task A_mail_whose_Word_file_was_refused_as_unsafe_says_so_on_its_raw_line()
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var practice = await app.NewPracticeAsync(PracticeStatus.Draft, language: "sv");
        await app.WithDbAsync(async db =>
        {
            db.RawInputs.Add(new RawInput { PracticeId = practice.Id, Channel = "email", DedupKey = $"mid:unsafe.{unique}@malmo.example", ContentType = "message/rfc822",
                Content = Encoding.UTF8.GetBytes("From: anna@malmo.example\r\nSubject: Mall\r\n\r\nHej\r\n"), ReceivedAt = DateTimeOffset.UtcNow, Outcome = "failed",
                OutcomeDetail = "failed  nothing_readable problems=docx_unsafe:REGIN mall.docx" });
            db.RawInputs.Add(new RawInput { PracticeId = practice.Id, Channel = "email", DedupKey = $"mid:plain.{unique}@malmo.example", ContentType = "message/rfc822",
                Content = Encoding.UTF8.GetBytes("From: anna@malmo.example\r\nSubject: Mall\r\n\r\nHej igen\r\n"), ReceivedAt = DateTimeOffset.UtcNow, Outcome = "processed",
                OutcomeDetail = "created answers=2 problems=docx_invalid:trasig.docx" });
            return await db.SaveChangesAsync();
        });
        var client = await app.SignedInAsync();
        var page = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/review/practices/{practice.Reference}"));
        var note = QuestionnaireLoader.LoadEmbedded().Messages["review.attachment_unsafe"].In("en");
        var lines = page.Split("<summary>").Skip(1).Select(s => s.Split("</summary>")[0]).ToList();
        Assert.Contains(lines, l => l.Contains("docx_unsafe:REGIN mall.docx · " + note, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("docx_invalid:trasig.docx", StringComparison.Ordinal) && !l.Contains(note, StringComparison.Ordinal));
    }
}

public sealed class RawOutcomeNoteTestsOnSqlite(ReviewApplication app) : RawOutcomeNoteTests<ReviewApplication>(app);

public sealed class RawOutcomeNoteTestsOnPostgreSql(PostgreSqlReviewApplication app) : RawOutcomeNoteTests<PostgreSqlReviewApplication>(app);
