using System.Text;
using MimeKit;
using Regin.Core.Questionnaire;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// iOS Mail leaves the cursor at the end of the quoted line the contributor taps: the answer comes back on our quoted
/// line, "&gt; [Q13] Start date: 2021", "&gt; [Q13] Startdatum März 2021". Read after our label of that key, in the 8
/// languages, through the ingester with our real reply quoted; our "what we understood" lines, which carry our values in
/// the same shape, are never read back (a value changed since would be undone). The answer was lost.
/// </summary>
public abstract class AnswerOnQuotedLineTests(string provider)
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    private static string Label(string id, string language) => Questionnaire.Questions.Single(q => q.Id == id).Label.In(language);

    /// <summary>Per language: the contributor, the start date as they type it, and iOS Mail's quote header in that language.</summary>
    public static TheoryData<string, string, string, string> Contributors() => new()
    {
        { "en", "Kate Walsh <kate@corkcity.example>", "March 2021", "On 5 Dec 2026, at 10:04, REGIN Integration Lab <reginproject@crpm.org> wrote:" },
        { "de", "Jürgen Weber <j.weber@goettingen.example>", "März 2021", "Am 05.12.2026 um 10:04 schrieb REGIN Integration Lab <reginproject@crpm.org>:" },
        { "fr", "Claire Martin <claire.martin@lyon.example>", "mars 2021", "Le 5 déc. 2026 à 10:04, REGIN Integration Lab <reginproject@crpm.org> a écrit :" },
        { "es", "Lucía Gómez <lucia@murcia.example>", "marzo de 2021", "El 5 dic 2026, a las 10:04, REGIN Integration Lab <reginproject@crpm.org> escribió:" },
        { "it", "Maria Rossi <maria.rossi@bari.example>", "marzo 2021", "Il giorno 5 dic 2026, alle ore 10:04, REGIN Integration Lab <reginproject@crpm.org> ha scritto:" },
        { "el", "Ελένη Παπαδοπούλου <eleni@heraklion.example>", "Μάρτιος 2021", "Στις 5 Δεκ 2026, στις 10:04, ο χρήστης REGIN Integration Lab <reginproject@crpm.org> έγραψε:" },
        { "pt", "Ana Sousa <ana@porto.example>", "março de 2021", "Em 5 de dez. de 2026, à(s) 10:04, REGIN Integration Lab <reginproject@crpm.org> escreveu:" },
        { "sv", "Anna Lind <anna@vasteras.example>", "mars 2021", "Den 5 dec. 2026 kl. 10:04 skrev REGIN Integration Lab <reginproject@crpm.org>:" },
    };

    private static MimeMessage Mail(string from, string subject, string body, string? inReplyTo = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(message.From.Mailboxes.First().Domain);
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo;
            message.References.Add(inReplyTo);
        }
        // As iOS Mail sends it: UTF-8, quoted-printable once a letter is not ASCII.
        message.Body = new TextPart("plain") { Text = body, ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        return MailTestHost.Authenticated(message);
    }

    /// <summary>Our reply's text quoted as iOS Mail quotes it, with <paramref name="typed"/> typed at the end of the line <paramref name="at"/>.</summary>
    private static string QuotedReply(string header, string reply, string at, string typed)
    {
        var text = new StringBuilder("\n\nSent from my iPhone\n\n").Append(header).Append("\n\n");
        var typedOnce = false;
        foreach (var line in reply.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd().Split('\n'))
        {
            var typedHere = !typedOnce && line == at;
            typedOnce |= typedHere;
            text.Append(line.Length == 0 ? ">" : "> " + line).Append(typedHere ? typed : "").Append('\n');
        }
        Assert.True(typedOnce, $"our reply has no line \"{at}\":\n{reply}");
        return text.ToString();
    }

    [Theory]
    [MemberData(nameof(Contributors))]
    public async Task An_answer_typed_on_our_quoted_missing_line_answers_that_question_and_our_understood_lines_do_not(string language, string from, string startDate, string header)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var first = await host.IngestAsync(Mail(from, "REGIN",
            $"{Label("contact_name", language)}: {MailboxAddress.Parse(from).Name}\n{Label("title", language)}: Welcome desk\n{Label("lead_organisation", language)}: City council\n"));
        Assert.Equal("REGIN-0001", first.Reference);
        var ourReply = Assert.Single(await host.OutboxAsync());
        // From the laptop the same evening: a new title. Our reply above still says the old one.
        var laptop = await host.IngestAsync(Mail(from, "Re: REGIN-0001", "[Q05] Welcome desk for newcomers\n"));
        Assert.Equal("REGIN-0001", laptop.Reference);

        // The next morning, on the phone, under the first reply: the date typed at the end of the quoted line, ": " or a space.
        var separator = language is "de" or "sv" ? " " : ": ";
        var body = QuotedReply(header, ourReply.TextBody!, $"  [Q13] {Label("start_date", language)}", separator + startDate);
        var phone = await host.IngestAsync(Mail(from, "Re: " + ourReply.Subject, body, ourReply.MessageId));

        Assert.Equal("REGIN-0001", phone.Reference);
        var practice = await host.PracticeAsync("REGIN-0001");
        Assert.Equal(startDate, practice!.Answers.Single(a => a.QuestionId == "start_date").Original);
        // Our "what we understood" line "[Q05] Title: Welcome desk" is ours, not an answer: the newer title stays.
        Assert.Equal("Welcome desk for newcomers", practice.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.Equal(1, phone.Answers);
    }

    [Fact]
    public async Task Our_quoted_lines_with_nothing_typed_on_them_answer_nothing()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        await host.IngestAsync(Mail("Kate Walsh <kate@corkcity.example>", "REGIN", "[Q01] Kate Walsh\n[Q05] Welcome desk\n"));
        var ourReply = Assert.Single(await host.OutboxAsync());

        // "Thanks!" on top, the whole reply quoted untouched (the required mark of a template line, " *", is ours too).
        var body = "Thanks! The rest next week.\n" + QuotedReply("On 5 Dec 2026, at 10:04, REGIN Integration Lab <reginproject@crpm.org> wrote:",
            ourReply.TextBody! + "\n[Q13] Start date *\n", "  [Q13] Start date", "");
        var phone = await host.IngestAsync(Mail("Kate Walsh <kate@corkcity.example>", "Re: " + ourReply.Subject, body, ourReply.MessageId));

        Assert.Equal(0, phone.Answers);
        var practice = await host.PracticeAsync("REGIN-0001");
        Assert.DoesNotContain(practice!.Answers, a => a.QuestionId == "start_date");
    }
}

public sealed class AnswerOnQuotedLineTestsOnSqlite() : AnswerOnQuotedLineTests(TestProviders.Sqlite);

public sealed class AnswerOnQuotedLineTestsOnPostgreSql() : AnswerOnQuotedLineTests(TestProviders.PostgreSql);
