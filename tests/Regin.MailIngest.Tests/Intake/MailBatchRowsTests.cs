using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Persistence;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Tests.Parsing;
using Regin.MailIngest.Tests.Security;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// The batch writes its rows itself (prepared statements, a new draft built in memory, answers normalised by the
/// readers) while a mail taken alone goes through EF Core: both must store the same thing. Every mail of the fixture
/// and hostile corpora, in one order, into two databases: row for row the same practices, answers, flags, identities,
/// log, search codes, raw mails' outcomes and replies. Run on both providers.
/// </summary>
public abstract partial class MailBatchRowsTests(string provider)
{
    [Fact]
    public async Task A_batch_stores_every_mail_of_both_corpora_row_for_row_as_the_mails_taken_one_by_one()
    {
        var files = Directory.GetFiles(FixtureCorpusTests.Folder, "*.eml").Order(StringComparer.Ordinal)
            .Concat(Directory.GetFiles(HostileCorpusTests.Folder, "*.eml").Order(StringComparer.Ordinal)).ToList();
        var names = files.Select(Path.GetFileName).ToList();
        var mails = files.Select(File.ReadAllBytes).ToList();

        await using var oneByOne = await MailTestHost.CreateAsync(provider: provider);
        var alone = new List<MailResult>();
        foreach (var mail in mails)
        {
            alone.Add(await oneByOne.IngestAsync(mail));
        }
        // Batches of 25 mails, so several transactions and a mail naming a practice of an earlier batch.
        await using var batched = await MailTestHost.CreateAsync(new Dictionary<string, string?> { ["Mail:BatchSize"] = "25", ["Mail:BatchMilliseconds"] = "60000" }, provider: provider);
        var inBatches = new MailResult?[mails.Count];
        await batched.Services.GetRequiredService<MailBatchIngester>().IngestAsync(
            mails.Select((bytes, i) => new MailSource($"mail{i}", _ => Task.FromResult(bytes))).ToAsyncEnumerable(), (done, _) =>
            {
                foreach (var mail in done.Where(m => m.Source.Name.StartsWith("mail", StringComparison.Ordinal)))
                {
                    inBatches[int.Parse(mail.Source.Name[4..], System.Globalization.CultureInfo.InvariantCulture)] = mail.Result;
                }
                return Task.CompletedTask;
            });

        var expected = await RowsAsync(oneByOne);
        var actual = await RowsAsync(batched);
        Assert.True(expected.Count > 1000, $"only {expected.Count} rows: the corpora did not make practices");
        Assert.Contains(expected, row => row.StartsWith("practice REGIN-", StringComparison.Ordinal) && row.Contains(" submitted ", StringComparison.Ordinal));
        // Rows that differ are the symptom; the mails whose outcomes differ are the cause (a timeout under load, a race).
        var differing = Enumerable.Range(0, mails.Count)
            .Where(i => inBatches[i] is not { } batch || batch.Outcome != alone[i].Outcome || batch.Reference != alone[i].Reference)
            .Select(i => $"{names[i]}: alone {alone[i].Outcome} {alone[i].Detail} | batched {inBatches[i]?.Outcome} {inBatches[i]?.Detail}").Take(5).ToList();
        Assert.True(differing.Count == 0, "mails recorded differently:\n" + string.Join("\n", differing));
        Assert.Equal(expected, actual);
    }

    /// <summary>Every row the mails made, as text without the ids and times each database gives, sorted.</summary>
    private static Task<List<string>> RowsAsync(MailTestHost host) => host.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<ReginDbContext>();
        var number = await db.Practices.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Number);
        string Reference(Guid? id) => id is { } known && number.TryGetValue(known, out var n) ? $"REGIN-{n:D4}" : "-";
        var rows = new List<string>();
        rows.AddRange((await db.Practices.AsNoTracking().ToListAsync()).Select(p =>
            $"practice {p.Reference} {p.Status} {p.Language} {p.Channels} {p.ContributorEmail} {p.SubmittedAt is null} {p.TitleKey}|{p.CountryCode}|{p.RegionCode}"));
        rows.AddRange((await db.Answers.AsNoTracking().ToListAsync()).Select(a =>
            $"answer {Reference(a.PracticeId)} {a.QuestionId} {a.ValueJson} {a.Original} {a.OtherText} {a.UpdatedBy}"));
        rows.AddRange((await db.Flags.AsNoTracking().ToListAsync()).Select(f =>
            $"flag {Reference(f.PracticeId)} {f.QuestionId} {f.Reason} {WithoutIds(f.Detail)} {f.Resolved}"));
        rows.AddRange((await db.ContributorIdentities.AsNoTracking().ToListAsync()).Select(i => $"identity {Reference(i.PracticeId)} {i.Channel} {i.ExternalId}"));
        rows.AddRange((await db.PracticeEvents.AsNoTracking().ToListAsync()).Select(e =>
            $"event {Reference(e.PracticeId)} {e.Actor} {e.Kind} {e.QuestionId} {e.OldValue} {e.NewValue} {e.Reason}"));
        rows.AddRange((await db.PracticeCodes.AsNoTracking().ToListAsync()).Select(c => $"code {Reference(c.PracticeId)} {c.Kind} {c.Code}"));
        rows.AddRange((await db.RawInputs.AsNoTracking().Select(r => new { r.Channel, r.DedupKey, r.Outcome, r.OutcomeDetail, r.PracticeId, r.ContentType, r.ConversationId, r.Attempts, Length = r.Content.Length }).ToListAsync())
            .Select(r => $"raw {r.Channel} {r.DedupKey} {r.Outcome} {WithoutIds(r.OutcomeDetail)} {Reference(r.PracticeId)} {r.ContentType} {r.ConversationId} {r.Attempts} {r.Length}"));
        rows.AddRange((await db.MailOutbox.AsNoTracking().ToListAsync()).Select(m =>
            $"reply {m.DedupKey} {m.Recipient} {Reference(m.PracticeId)} {m.RawInputId is not null} {m.State} {m.Content.Length > 0}"));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    });

    // "mail #12" names a raw mail by its id, which a database may number differently (PostgreSQL's sequence moves on a conflict).
    private static string? WithoutIds(string? text) => text is null ? null : MailNumber().Replace(text, "mail #");

    [GeneratedRegex(@"mail #\d+")]
    private static partial Regex MailNumber();
}

public sealed class MailBatchRowsTestsOnSqlite() : MailBatchRowsTests(TestProviders.Sqlite);

public sealed class MailBatchRowsTestsOnPostgreSql() : MailBatchRowsTests(TestProviders.PostgreSql);
