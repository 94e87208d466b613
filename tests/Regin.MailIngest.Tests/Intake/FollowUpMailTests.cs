using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Answers split over two short mails from the phone, the second a reply to the sender's own first ("Forgot one: …"),
/// sent before our reply came: the second continues the first's practice, as a subject naming it would. It started a
/// second practice of its own. Only for the practice's contributor, authenticated: a Message-ID is the sender's to choose.
/// On both providers, one mail at a time and in one batch.
/// </summary>
public abstract class FollowUpMailTests(string provider)
{
    private const string Kate = "kate@corkcity.example";

    private static MimeMessage Mail(string from, string subject, string body, string messageId, string? inReplyTo = null, bool authenticated = true)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = messageId;
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo;
            message.References.Add(inReplyTo);
        }
        message.Body = new TextPart("plain") { Text = body };
        return authenticated ? MailTestHost.Authenticated(message) : message;
    }

    private static MimeMessage First() => Mail($"Kate Walsh <{Kate}>", "REGIN", "[Q01] Kate Walsh\n[Q05] Welcome desk for newcomers\n\nSent from my iPhone\n",
        "E1F0C2A4-7B1D-4C55-9A0B-3D2F1A6C8E10@corkcity.example");

    private static MimeMessage Second(string from = $"Kate Walsh <{Kate}>", bool authenticated = true) => Mail(from, "Re: REGIN",
        "Forgot these:\n[Q06] Ireland\n[Q13] 2021\n\nSent from my iPhone\n\n> On 5 Dec 2026, at 10:04, Kate Walsh <kate@corkcity.example> wrote:\n>\n> [Q01] Kate Walsh\n> [Q05] Welcome desk for newcomers\n",
        "5A0D9E7C-2F44-4B8E-8C31-77E0B6D1F2A9@corkcity.example", inReplyTo: "E1F0C2A4-7B1D-4C55-9A0B-3D2F1A6C8E10@corkcity.example", authenticated);

    private static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task A_second_mail_replying_to_the_senders_own_first_continues_its_practice()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var first = await host.IngestAsync(First());
        Assert.Equal((MailOutcomes.Created, "REGIN-0001"), (first.Outcome, first.Reference));

        var second = await host.IngestAsync(Second());

        Assert.Equal((MailOutcomes.Updated, "REGIN-0001"), (second.Outcome, second.Reference));
        Assert.Null(await host.PracticeAsync("REGIN-0002"));
        var practice = await host.PracticeAsync("REGIN-0001");
        Assert.Equal("Welcome desk for newcomers", practice!.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.Equal("\"IE\"", practice.Answers.Single(a => a.QuestionId == "country").ValueJson);
        Assert.Equal("2021", practice.Answers.Single(a => a.QuestionId == "start_date").Original);
        Assert.NotNull(second.ReplyId);
    }

    [Fact]
    public async Task Both_mails_in_one_batch_make_one_practice()
    {
        await using var host = await MailTestHost.CreateAsync(new Dictionary<string, string?> { ["Mail:BatchMilliseconds"] = "60000", ["Mail:BatchSize"] = "200" }, provider: provider);
        var sources = new[] { Bytes(First()), Bytes(Second()) }.Select((bytes, i) => new MailSource($"mail{i}", _ => Task.FromResult(bytes))).ToAsyncEnumerable();
        var results = new List<MailResult>();
        await host.Services.GetRequiredService<MailBatchIngester>().IngestAsync(sources, (batch, _) =>
        {
            results.AddRange(batch.Select(m => m.Result));
            return Task.CompletedTask;
        });

        Assert.Equal([(MailOutcomes.Created, "REGIN-0001"), (MailOutcomes.Updated, "REGIN-0001")], results.Select(r => (r.Outcome, r.Reference)));
        Assert.Equal("2021", (await host.PracticeAsync("REGIN-0001"))!.Answers.Single(a => a.QuestionId == "start_date").Original);
    }

    [Fact]
    public async Task A_reply_to_her_mail_from_someone_else_does_not_change_her_practice()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        await host.IngestAsync(First());

        // A colleague elsewhere who got her mail (she copied him), authenticated: his own draft.
        var colleague = await host.IngestAsync(Second("Tom Byrne <tom@galway.example>"));
        Assert.Equal(MailOutcomes.Created, colleague.Outcome);
        Assert.NotEqual("REGIN-0001", colleague.Reference);
        // Her address forged, unauthenticated: kept for the researchers, nothing applied.
        var forgery = Second($"Kate Walsh <{Kate}>", authenticated: false);
        forgery.MessageId = "forged-1@evil.example";
        var forged = await host.IngestAsync(forgery);
        Assert.Equal(MailOutcomes.UnverifiedUpdate, forged.Outcome);

        var practice = await host.PracticeAsync("REGIN-0001");
        Assert.DoesNotContain(practice!.Answers, a => a.QuestionId is "country" or "start_date");
        Assert.Contains(practice.Flags, f => f.Reason == "unverified_update" && f.Detail!.Contains($"mail #{forged.RawInputId} ", StringComparison.Ordinal));
    }
}

public sealed class FollowUpMailTestsOnSqlite() : FollowUpMailTests(TestProviders.Sqlite);

public sealed class FollowUpMailTestsOnPostgreSql() : FollowUpMailTests(TestProviders.PostgreSql);
