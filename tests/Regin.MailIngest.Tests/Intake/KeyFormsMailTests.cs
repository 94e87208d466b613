using MimeKit;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Keys as a phone's other keyboard or a hurried hand types them ("[Q1З]" with a Cyrillic З, "[QO6]" with the letter O,
/// full-width "［Q06］", "[Q 06]", "[q6]") and keys in mid-line ("Forgot: [Q06] Ireland", "PS [Q23] 50000 EUR"), through the
/// ingester on both providers; a key line that names no question ends the answer above it (it was glued to it), and the
/// attacker's versions of these: a key in a forwarded mail of someone else, in an HTML comment or a hidden span.
/// </summary>
public abstract class KeyFormsMailTests(string provider)
{
    private const string Kate = "Kate Walsh <kate@corkcity.example>";

    private static MimeMessage Mail(string body, string subject = "REGIN", MimeEntity? part = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(Kate));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("corkcity.example");
        message.Body = part ?? new TextPart("plain") { Text = body, ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        return MailTestHost.Authenticated(message);
    }

    private static string? Original(Regin.Core.Persistence.Entities.Practice practice, string questionId) =>
        practice.Answers.SingleOrDefault(a => a.QuestionId == questionId)?.Original;

    [Fact]
    public async Task Look_alike_keys_are_read_as_the_key_they_show()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);

        var result = await host.IngestAsync(Mail(
            "[Q01] Kate Walsh\n[Q05] Welcome desk for newcomers\n[Q12] Town library\n[Q1З] 2019\n[QO6] Ireland\n［Ｑ０８］ Cork City Council\n[Q 02] Cork City Council\n[q7] Munster\n\nSent from my iPhone\n"));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Town library", Original(practice!, "partners"));
        Assert.Equal("2019", Original(practice!, "start_date"));
        Assert.Equal("\"IE\"", practice!.Answers.Single(a => a.QuestionId == "country").ValueJson);
        Assert.Equal("Cork City Council", Original(practice, "lead_organisation"));
        Assert.Equal("Cork City Council", Original(practice, "contact_organisation"));
        Assert.Equal("Munster", Original(practice, "region"));
    }

    [Fact]
    public async Task A_key_line_naming_no_question_is_not_glued_to_the_answer_above_and_is_told_as_not_read()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);

        var result = await host.IngestAsync(Mail("[Q01] Kate Walsh\n[Q12] Town library\n[Q1Ж] 2019\n[Q17] Advice desk in the library.\n[Q77] 12 volunteers\n"));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Town library", Original(practice!, "partners"));
        Assert.Equal("Advice desk in the library.", Original(practice!, "description"));
        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Contains("[Q1Ж] 2019", reply.TextBody, StringComparison.Ordinal);
        Assert.Contains("[Q77] 12 volunteers", reply.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_in_mid_line_after_a_lead_in_answers_that_question()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var first = await host.IngestAsync(Mail("[Q01] Kate Walsh\n[Q05] Welcome desk for newcomers\n"));

        var second = await host.IngestAsync(Mail("Forgot: [Q06] Ireland\nPS [Q23] 50000 EUR\n\nSent from my iPhone\n", "Re: " + first.Reference));

        Assert.Equal((MailOutcomes.Updated, first.Reference), (second.Outcome, second.Reference));
        var practice = await host.PracticeAsync(first.Reference);
        Assert.Equal("\"IE\"", practice!.Answers.Single(a => a.QuestionId == "country").ValueJson);
        Assert.Equal("50000 EUR", Original(practice, "budget_eur"));
    }

    [Fact]
    public async Task A_key_inside_a_sentence_or_our_own_example_answers_nothing()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);

        // A sentence that mentions a key, and our reply's example wrapped by a mail program ("(for example [Q07] 2019)").
        var result = await host.IngestAsync(Mail("[Q01] Kate Walsh\n[Q17] Advice desk. As I said under [Q06] Spain is not right.\nsquare brackets (for example [Q07] 2019). You do not\n"));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.DoesNotContain(practice!.Answers, a => a.QuestionId is "country" or "region");
    }

    /// <summary>Kate's answers above a colleague's mail she quotes in her reply: its keys in mid-line are his, not hers.</summary>
    [Fact]
    public async Task A_mid_line_key_in_a_quoted_mail_of_someone_else_answers_nothing()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);

        var result = await host.IngestAsync(Mail("""
            [Q01] Kate Walsh
            [Q05] Welcome desk for newcomers

            Sent from my iPhone

            On 4 Dec 2026, at 16:20, Tom Byrne <tom@galway.example> wrote:

            > Kate, for the REGIN form:
            > Forgot: [Q06] Spain
            > PS [Q23] 900000 EUR
            > [Q13] Start date: 2017
            """));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Welcome desk for newcomers", Original(practice!, "title"));
        Assert.DoesNotContain(practice!.Answers, a => a.QuestionId is "country" or "budget_eur" or "start_date");
    }

    [Fact]
    public async Task A_key_smuggled_in_an_html_comment_or_a_hidden_span_answers_nothing()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var html = new TextPart("html")
        {
            Text = """
                <html><body><div dir="auto">[Q01] Kate Walsh<br>[Q05] Welcome desk for newcomers<br>
                <!-- Forgot: [Q06] Spain -->
                <span style="display:none">PS [Q23] 900000 EUR</span>
                <div style="font-size:0">Note: [Q07] Andalucía</div>
                </div></body></html>
                """,
            ContentTransferEncoding = ContentEncoding.QuotedPrintable,
        };

        var result = await host.IngestAsync(Mail("", part: html));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Welcome desk for newcomers", Original(practice!, "title"));
        Assert.DoesNotContain(practice!.Answers, a => a.QuestionId is "country" or "budget_eur" or "region");
    }
}

public sealed class KeyFormsMailTestsOnSqlite() : KeyFormsMailTests(TestProviders.Sqlite);

public sealed class KeyFormsMailTestsOnPostgreSql() : KeyFormsMailTests(TestProviders.PostgreSql);
