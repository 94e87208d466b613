using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.MailIngest.Intake;
using Regin.Testing;
using Xunit;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Session 54: a flood's counted flags lose no mail. Session 53's CI counted a flood of 6 forged STOPs as 5 once; here the
/// other counted kinds, interleaved as a script sends them, through the batch ingester, in one batch and across batches of
/// 3 (each batch a transaction of its own, each mail a savepoint), on both providers: forged changes in her thread under
/// her own address (one "proposes a change" flag), an authenticated stranger answering her thread ("names this practice"),
/// and a look-alike of her address in her thread ("names this practice" and its <c>sender_lookalike</c> flag). Each flag's
/// "[N more like it]" is the number of its mails after the first, and the last mail it names is the newest one.
/// </summary>
public sealed partial class FloodCountTests
{
    private const int PerKind = 7;

    [GeneratedRegex(@" \[(\d+) more like it, the last mail #(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex Counted();

    private static MimeMessage Mail(MailboxAddress from, string body, string? inReplyTo, bool authenticated, string subject = "Re: REGIN-0001")
    {
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("mx.flood.example");
        message.Body = new TextPart("plain") { Text = body };
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo;
            message.References.Add(inReplyTo);
        }
        return authenticated ? MailTestHost.Authenticated(message) : message;
    }

    private static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    [Theory]
    [InlineData(TestProviders.Sqlite, 200)]
    [InlineData(TestProviders.Sqlite, 3)]
    [InlineData(TestProviders.PostgreSql, 200)]
    [InlineData(TestProviders.PostgreSql, 3)]
    public async Task A_flood_of_held_changes_strangers_and_look_alikes_in_her_thread_counts_every_mail_on_its_flag(string provider, int batchSize)
    {
        await using var host = await MailTestHost.CreateAsync(new Dictionary<string, string?>
        {
            ["Mail:BatchMilliseconds"] = "60000",
            ["Mail:BatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture),
        }, provider: provider);
        var first = await host.IngestAsync(MailTestHost.Authenticated(Mail(new MailboxAddress("Alice Example", "alice@example.org"),
            "[Q05] Homework club in the library\n[Q06] Malta\n[Q13] 2019", null, authenticated: false, subject: "REGIN")));
        var ours = Assert.Single(await host.OutboxAsync()).MessageId!;

        // Interleaved, as a script sends them: her forged change, the stranger's, the look-alike's, again and again.
        var mails = new List<(string Kind, byte[] Bytes)>();
        for (var i = 0; i < PerKind; i++)
        {
            mails.Add(("held", Bytes(Mail(new MailboxAddress("Alice Example", "alice@example.org"), $"new year\n[Q13] {2000 + i}", ours, authenticated: false))));
            mails.Add(("stranger", Bytes(Mail(new MailboxAddress("Mallory", "mallory@evil.example"), $"[Q05] Flood title {i}", ours, authenticated: true))));
            mails.Add(("lookalike", Bytes(Mail(new MailboxAddress("Alice Example", "alice@examp1e.org"), $"[Q04] +44 7700 9000{i:00}", ours, authenticated: false))));
        }
        var results = new List<IngestedMail>();
        await host.Services.GetRequiredService<MailBatchIngester>().IngestAsync(
            mails.Select((m, i) => new MailSource($"mail{i:000}", _ => Task.FromResult(m.Bytes))).ToAsyncEnumerable(),
            (batch, _) => { results.AddRange(batch); return Task.CompletedTask; });
        Assert.Equal(mails.Count, results.Count);
        var ids = results.OrderBy(r => r.Source.Name, StringComparer.Ordinal).Select(r => r.Result.RawInputId).ToList();
        foreach (var (result, kind) in results.OrderBy(r => r.Source.Name, StringComparer.Ordinal).Select(r => r.Result).Zip(mails.Select(m => m.Kind)))
        {
            Assert.True(result.Outcome == MailOutcomes.UnverifiedUpdate, $"{kind}: {result.Outcome} {result.Detail}");
        }

        var practice = (await host.PracticeAsync(first.Reference))!;
        var flags = string.Join("\n", practice.Flags.Select(f => $"{f.Reason} {f.Detail}"));
        void AssertCounted(string reason, string kind, string sender, string what)
        {
            var mine = practice.Flags.Where(f => f.Reason == reason && f.Detail!.Contains(kind, StringComparison.Ordinal) && f.Detail.Contains($"from {sender}", StringComparison.Ordinal)).ToList();
            var flag = mine.Count == 1 ? mine[0] : throw new Xunit.Sdk.XunitException($"{mine.Count} open {reason} flags of {sender} ({what}):\n{flags}");
            var count = Counted().Match(flag.Detail!);
            Assert.True(count.Success, flag.Detail);
            var last = ids.Where((_, i) => mails[i].Kind == what).Max();
            Assert.True(int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture) == PerKind - 1 && long.Parse(count.Groups[2].Value, CultureInfo.InvariantCulture) == last,
                $"{what}: {flag.Detail} (expected {PerKind - 1} more, the last #{last})");
        }
        AssertCounted("unverified_update", " in this practice's thread proposes a change, not applied", "alice@example.org", "held");
        AssertCounted("unverified_update", ") names this practice; ", "mallory@evil.example", "stranger");
        AssertCounted("unverified_update", ") names this practice; ", "alice@examp1e.org", "lookalike");
        AssertCounted("sender_lookalike", "named only by mail #", "alice@examp1e.org", "lookalike");
        Assert.Equal("Homework club in the library", practice.Answers.Single(a => a.QuestionId == "title").Original);
        // Every mail kept raw, none left unread.
        Assert.Equal(mails.Count + 1, await host.CountAsync(db => db.RawInputs.Count(r => r.Outcome == "processed")));
    }
}
