using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.Core.Review;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// What the mail writers store is found by the review list's search as soon as it is committed (the search index is
/// written once per practice per transaction): a batch, a single mail, a later mail that changes a practice. Run on
/// both providers.
/// </summary>
public abstract class MailSearchIndexTests(string provider)
{
    private static byte[] Mail(string from, string subject, string body)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.org");
        message.Body = new TextPart("plain") { Text = body };
        MailTestHost.Authenticated(message);
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    private static Task<List<string>> SearchAsync(MailTestHost host, string words) => host.WithScopeAsync(async sp =>
        (await new ReviewQueries(sp.GetRequiredService<ReginDbContext>()).ListAsync(new PracticeListQuery { Search = words, PageSize = 200 }))
            .Rows.Select(r => Regin.Core.Persistence.Entities.Practice.FormatReference(r.Number)).Order(StringComparer.Ordinal).ToList());

    [Fact]
    public async Task Practices_written_by_a_batch_by_a_single_mail_and_changed_by_a_later_mail_are_found_by_their_words()
    {
        await using var host = await MailTestHost.CreateAsync(new() { ["Mail:BatchMilliseconds"] = "60000", ["Mail:BatchSize"] = "200" }, provider: provider);
        var mails = new[]
        {
            Mail("a@example.org", "Practice", "[Q05] Sourdough bakery for newcomers\n[Q06] Malta\n"),
            Mail("b@example.org", "Practice", "[Q05] Bicycle repair workshop\n"),
            Mail("c@example.org", "Practice", "[Q05] Sourdough classes in Valletta\n[Q06] Malta\n"),
        };
        await host.Services.GetRequiredService<MailBatchIngester>().IngestAsync(
            mails.Select((bytes, i) => new MailSource($"mail{i}", _ => Task.FromResult(bytes))).ToAsyncEnumerable(), (_, _) => Task.CompletedTask);
        Assert.Equal(["REGIN-0001", "REGIN-0003"], await SearchAsync(host, "sourdough"));
        Assert.Equal(["REGIN-0002"], await SearchAsync(host, "bicycle workshop"));

        var single = await host.IngestAsync(Mail("d@example.org", "Practice", "[Q05] Tandem language walks\n"));
        Assert.Equal([single.Reference!], await SearchAsync(host, "tandem walks"));

        // A later mail of the same sender changes the title of its practice: the old words are gone, the new found.
        Assert.Equal(MailOutcomes.Updated, (await host.IngestAsync(Mail("b@example.org", "More for REGIN-0002", "[Q05] Wheelchair repair workshop\n"))).Outcome);
        Assert.Empty(await SearchAsync(host, "bicycle"));
        Assert.Equal(["REGIN-0002"], await SearchAsync(host, "wheelchair"));
    }
}

public sealed class MailSearchIndexTestsOnSqlite() : MailSearchIndexTests(TestProviders.Sqlite);

public sealed class MailSearchIndexTestsOnPostgreSql() : MailSearchIndexTests(TestProviders.PostgreSql);
