using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.MailIngest.Intake;
using Xunit.Abstractions;

namespace Regin.MailIngest.Tests.Security;

/// <summary>
/// The hostile corpus (TestData/Hostile, written by make_hostile.py): each mail against a mailbox where REGIN-0001 is
/// Alice's draft must give the outcome written beside it: no forged thread or spoofed sender touches Alice's draft, no
/// reply goes to a sender our server did not authenticate, poison finishes in its time budget with the reason
/// recorded, and text in any charset is read right.
/// </summary>
public sealed class HostileCorpusTests(ITestOutputHelper output)
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "Hostile");
    internal const string VictimTitle = "Alice's practice";
    internal const string Alice = "alice@example.org";

    public static TheoryData<string> Mails()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.eml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    /// <summary>
    /// The mail's bytes with <c>{{our-reply-to-alice}}</c> replaced by the Message-ID of our reply to Alice's first mail
    /// (signed for REGIN-0001): the thread id a stranger copies from a mail she forwarded, unknown when the corpus is written.
    /// </summary>
    internal static async Task<byte[]> HostileBytesAsync(string name, string ourReplyToAlice)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Folder, name));
        var placeholder = "{{our-reply-to-alice}}"u8;
        if (bytes.AsSpan().IndexOf(placeholder) < 0)
        {
            return bytes;
        }
        var text = System.Text.Encoding.Latin1.GetString(bytes).Replace("{{our-reply-to-alice}}", ourReplyToAlice, StringComparison.Ordinal);
        return System.Text.Encoding.Latin1.GetBytes(text);
    }

    internal static MimeMessage Mail(string from, string subject, string body)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.org");
        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    /// <summary>
    /// Alice's draft, REGIN-0001, made by her authenticated mail; with <paramref name="name"/> (a fixture's "victim_name"),
    /// her mail program names her so, which is the draft's contact name: a known contributor's name for the mails that
    /// copy it (h240–h242).
    /// </summary>
    internal static async Task<MailResult> VictimAsync(MailTestHost host, string? name = null)
    {
        var from = name is null ? Alice : $"\"{name}\" <{Alice}>";
        var result = await host.IngestAsync(MailTestHost.Authenticated(Mail(from, "REGIN", $"[Q05] {VictimTitle}\n[Q06] Malta\n")));
        Assert.Equal("REGIN-0001", result.Reference);
        return result;
    }

    internal static async Task AssertVictimUnchangedAsync(MailTestHost host, string because)
    {
        var victim = await host.PracticeAsync("REGIN-0001");
        Assert.NotNull(victim);
        Assert.True(victim!.Answers.Single(a => a.QuestionId == "title").Original == VictimTitle, $"{because}: the title changed");
        Assert.True(victim.ContributorEmail == Alice, $"{because}: the contact e-mail is {victim.ContributorEmail}");
        Assert.Equal("\"alice@example.org\"", victim.Answers.Single(a => a.QuestionId == "contact_email").ValueJson);
        Assert.True(victim.Identities.All(i => i.ExternalId == Alice), $"{because}: identities {string.Join(", ", victim.Identities.Select(i => i.ExternalId))}");
        Assert.Equal("draft", victim.Status);
    }

    private static Task<List<MimeMessage>> RepliesAsync(MailTestHost host, long rawInputId) => host.WithScopeAsync(async sp =>
    {
        var rows = await sp.GetRequiredService<ReginDbContext>().MailOutbox.Where(m => m.RawInputId == rawInputId).Select(m => m.Content).ToListAsync();
        var messages = new List<MimeMessage>();
        foreach (var bytes in rows)
        {
            messages.Add(await MimeMessage.LoadAsync(new MemoryStream(bytes)));
        }
        return messages;
    });

    internal static Task<int> RepliesToAsync(MailTestHost host, long rawInputId) =>
        host.CountAsync(db => db.MailOutbox.Count(m => m.RawInputId == rawInputId));

    [Fact]
    public void The_corpus_has_at_least_thirty_hostile_mails_each_with_its_expected_outcome()
    {
        var mails = Directory.GetFiles(Folder, "*.eml");
        Assert.True(mails.Length >= 30, $"{mails.Length} mails");
        Assert.All(mails, m => Assert.True(File.Exists(Path.ChangeExtension(m, ".expected.json")), m));
    }

    [Theory]
    [MemberData(nameof(Mails))]
    public Task Hostile_mail_gives_its_expected_outcome(string name) => HostileMailAsync(name, TestProviders.Sqlite);

    /// <summary>
    /// The same on PostgreSQL, which refuses what SQLite stores (a NUL in text, an invalid UTF-16 pair): every mail of
    /// the corpus gives the same outcome there.
    /// </summary>
    [Theory]
    [MemberData(nameof(Mails))]
    public Task Hostile_mail_gives_its_expected_outcome_on_PostgreSql(string name) => HostileMailAsync(name, TestProviders.PostgreSql);

    private async Task HostileMailAsync(string name, string provider)
    {
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, Path.ChangeExtension(name, ".expected.json"))))!;
        var victim = await VictimDatabase.ForAsync(provider, expected["victim_name"]?.GetValue<string>());
        await using var database = await victim.Database.CopyAsync();
        await using var host = await MailTestHost.CreateAsync(database: database);
        var watch = Stopwatch.StartNew();
        var result = await host.IngestAsync(await HostileBytesAsync(name, victim.OurReplyId));
        output.WriteLine($"{name}: {result.Outcome} {result.Reference} {result.Detail} ({watch.ElapsedMilliseconds} ms)");
        await AssertExpectedAsync(host, name, expected, result);
    }

    /// <summary>
    /// The mailbox every case of the corpus starts from: Alice's draft made by her mail (<see cref="VictimAsync"/>) and our
    /// one reply to it, made once per test process for each provider and name the fixtures give her, then copied for each
    /// case (a database of its own, read by a host of its own: the same state as a restart after her mail). Made per case it
    /// was a host and a whole mail's reading and reply for each of the 500 cases, several times the hostile mail's own.
    /// </summary>
    private sealed record VictimDatabase(TestDatabase Database, string OurReplyId)
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Provider, string? Name), Lazy<Task<VictimDatabase>>> Made = new();

        public static Task<VictimDatabase> ForAsync(string provider, string? name) =>
            Made.GetOrAdd((provider, name), key => new Lazy<Task<VictimDatabase>>(() => MakeAsync(key.Provider, key.Name))).Value;

        private static async Task<VictimDatabase> MakeAsync(string provider, string? name)
        {
            var database = await TestDatabase.CreateAsync(provider);
            string ourReplyId;
            await using (var host = await MailTestHost.CreateAsync(database: database))
            {
                await VictimAsync(host, name);
                ourReplyId = Assert.Single(await host.OutboxAsync()).MessageId!;
            }
            if (database.IsSqlite)
            {
                // The whole database in its one file, as a copy needs (the host had it in WAL mode).
                await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database.FilePath};Pooling=False");
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode=DELETE;";
                await command.ExecuteNonQueryAsync();
            }
            AppDomain.CurrentDomain.ProcessExit += (_, _) => database.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return new VictimDatabase(database, ourReplyId);
        }
    }

    private static async Task AssertExpectedAsync(MailTestHost host, string name, JsonNode expected, MailResult result)
    {
        Assert.True(expected["outcome"]!.GetValue<string>() == result.Outcome, $"{name}: {result.Outcome} {result.Detail}");
        if (expected["detail"] is { } detail)
        {
            Assert.Contains(detail.GetValue<string>(), result.Detail, StringComparison.Ordinal);
        }
        if (expected["reply"] is { } reply)
        {
            Assert.True((await RepliesToAsync(host, result.RawInputId) > 0) == reply.GetValue<bool>(), $"{name}: reply expected {reply}");
        }
        if (expected["reply_to"] is JsonArray recipients)
        {
            // Whatever the mail's headers ask (Reply-To, names with line breaks once decoded), each reply goes to the
            // listed addresses alone, with no header the sender wrote into it.
            var replies = await RepliesAsync(host, result.RawInputId);
            Assert.NotEmpty(replies);
            foreach (var message in replies)
            {
                var to = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes).Select(m => m.Address);
                Assert.Equal(recipients.Select(r => r!.GetValue<string>()), to);
                Assert.DoesNotContain(message.Headers, h => h.Id == HeaderId.Bcc || h.Value.Contains("victim@example.net", StringComparison.Ordinal));
                // Threaded under message ids alone ("Message-ID: words" is none: h175).
                Assert.All(message.Headers.Where(h => h.Id is HeaderId.InReplyTo or HeaderId.References),
                    h => Assert.Matches(@"^\s*(<[^<>\s""@]+@[^<>\s""@]+>\s*)+$", h.Value));
            }
        }
        if (expected["reply_contains"] is JsonArray phrases)
        {
            // What the sender is told (an attachment not read, and which): in the reply's text, in their language.
            var replies = await RepliesAsync(host, result.RawInputId);
            Assert.NotEmpty(replies);
            foreach (var phrase in phrases.Select(p => p!.GetValue<string>()))
            {
                Assert.All(replies, r => Assert.Contains(phrase, r.TextBody, StringComparison.Ordinal));
            }
        }
        if (expected["reply_omits"] is JsonArray omitted)
        {
            // Words of the sender's our reply must not carry (a look-alike of the project forwarding our mail as proof).
            foreach (var message in await RepliesAsync(host, result.RawInputId))
            {
                var text = string.Join("\n", message.BodyParts.OfType<TextPart>().Where(p => !p.IsAttachment).Select(p => p.Text)) + "\n" + message.Subject
                    + "\n" + string.Join("\n", message.To.Mailboxes.Select(m => m.Name));
                foreach (var phrase in omitted.Select(p => p!.GetValue<string>()))
                {
                    Assert.False(text.Contains(phrase, StringComparison.Ordinal), $"{name}: the reply says \"{phrase}\":\n{text}");
                }
            }
        }
        if (expected["no_flags"] is JsonArray absent)
        {
            var practice = await host.PracticeAsync(result.Reference);
            Assert.NotNull(practice);
            foreach (var reason in absent.Select(r => r!.GetValue<string>()))
            {
                Assert.DoesNotContain(practice!.Flags, f => f.Reason == reason);
            }
        }
        if (expected["victim"]?.GetValue<string>() == "unchanged")
        {
            await AssertVictimUnchangedAsync(host, name);
            Assert.NotEqual("REGIN-0001", result.Reference);
        }
        if (expected["victim_flag"] is { } flag)
        {
            var victim = await host.PracticeAsync("REGIN-0001");
            Assert.Contains(victim!.Flags, f => f.Reason == flag.GetValue<string>() && f.Detail!.Contains($"mail #{result.RawInputId} ", StringComparison.Ordinal));
        }
        if (expected["practice_flags"] is JsonArray practiceFlags)
        {
            // Flagged for the researchers on the practice the mail made or changed, naming the mail.
            var practice = await host.PracticeAsync(result.Reference);
            Assert.NotNull(practice);
            foreach (var reason in practiceFlags.Select(r => r!.GetValue<string>()))
            {
                Assert.True(practice!.Flags.Any(f => f.Reason == reason && f.Detail!.Contains($"mail #{result.RawInputId} ", StringComparison.Ordinal)),
                    $"{name}: no {reason} flag naming mail #{result.RawInputId}: {string.Join("; ", practice.Flags.Select(f => $"{f.Reason} {f.Detail}"))}");
            }
        }
        if (expected["language"] is { } language)
        {
            Assert.Equal(language.GetValue<string>(), result.Language);
        }
        if (expected["new_practice"] is { } created)
        {
            var practice = await host.PracticeAsync(result.Reference);
            Assert.NotNull(practice);
            Assert.Null(practice!.ContributorEmail);
            Assert.DoesNotContain(practice.Answers, a => a.QuestionId == "contact_email");
            Assert.Equal(created["identities"]!.GetValue<int>(), practice.Identities.Count);
            foreach (var reason in created["flags"]!.AsArray())
            {
                Assert.Contains(practice.Flags, f => f.Reason == reason!.GetValue<string>());
            }
        }
        if (expected["answers"] is JsonObject answers)
        {
            var practice = await host.PracticeAsync(result.Reference);
            Assert.NotNull(practice);
            foreach (var (question, value) in answers)
            {
                var stored = practice!.Answers.FirstOrDefault(a => a.QuestionId == question);
                Assert.True(stored is not null, $"{name}: no answer to {question}");
                Assert.True(JsonNode.DeepEquals(value, JsonNode.Parse(stored!.ValueJson!)), $"{name}: {question} is {stored.ValueJson}, expected {value!.ToJsonString()}");
            }
        }
        if (expected["absent"] is JsonArray notAnswered)
        {
            // Questions the mail must leave unanswered (another practice's answer quoted in it, a forwarder's own name).
            var practice = await host.PracticeAsync(result.Reference);
            foreach (var question in notAnswered.Select(q => q!.GetValue<string>()))
            {
                var stored = practice!.Answers.FirstOrDefault(a => a.QuestionId == question);
                Assert.True(stored is null, $"{name}: {question} was answered {stored?.Original}");
            }
        }
        if (expected["no_value"] is JsonArray refused)
        {
            // Read, refused and kept as written, never stored as a value ("alert(1)" is not one person).
            var practice = await host.PracticeAsync(result.Reference);
            foreach (var question in refused.Select(q => q!.GetValue<string>()))
            {
                var stored = practice!.Answers.FirstOrDefault(a => a.QuestionId == question);
                Assert.True(stored?.ValueJson is null or "null", $"{name}: {question} was stored as {stored?.ValueJson}");
            }
        }
    }
}

/// <summary>Alone in the process while it runs: it measures the CPU time the process uses.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCpuMeasuringCollection
{
    public const string Name = "Process CPU time measuring (not run in parallel)";
}

/// <summary>
/// The hostile corpus of <see cref="HostileCorpusTests"/> in one batch, on its own in the process: the batch's bound is
/// on the CPU time the process uses, which the other test classes would add to.
/// </summary>
[Collection(ProcessCpuMeasuringCollection.Name)]
public sealed class HostileCorpusBatchTests(ITestOutputHelper output)
{
    /// <summary>
    /// The whole corpus in one batch with two legitimate mails among it: Alice's own authenticated update and a
    /// colleague answering in our (signed) thread. Every mail is read within its budget (Mail:MaxSecondsPerMessage,
    /// 10 s: an attempt beyond it is cancelled and would come back as a retry), so the batch costs at most
    /// mails × budget, and the legitimate mails are read and answered.
    /// </summary>
    [Fact]
    public async Task The_whole_corpus_ingests_within_its_budget_and_the_legitimate_mails_in_the_batch_are_read()
    {
        // Over 200 mails, most of them answered within the hour: the hourly cap (100) would hold back the legitimate
        // mails' replies, which this test expects; the caps have tests of their own.
        await using var host = await MailTestHost.CreateAsync(new Dictionary<string, string?> { ["Mail:MaxRepliesPerHour"] = "10000" });
        await HostileCorpusTests.VictimAsync(host);
        var ourReply = Assert.Single(await host.OutboxAsync());
        var files = Directory.GetFiles(HostileCorpusTests.Folder, "*.eml").Order(StringComparer.Ordinal).ToList();
        var aliceUpdate = MailTestHost.Authenticated(HostileCorpusTests.Mail(HostileCorpusTests.Alice, "Re: REGIN-0001", "[Q08] Alice's organisation\n"));
        var colleague = HostileCorpusTests.Mail("pat@example.org", "Re: REGIN", "[Q07] Malta\n");
        colleague.InReplyTo = ourReply.MessageId;
        MailTestHost.Authenticated(colleague);

        var budget = TimeSpan.FromSeconds(10);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var batch = Stopwatch.StartNew();
        var results = new List<(string Name, MailResult Result, TimeSpan Took)>();
        for (var i = 0; i < files.Count; i++)
        {
            if (i == files.Count / 3)
            {
                results.Add(("alice-update", await host.IngestAsync(aliceUpdate), TimeSpan.Zero));
            }
            if (i == 2 * files.Count / 3)
            {
                results.Add(("colleague-in-our-thread", await host.IngestAsync(colleague), TimeSpan.Zero));
            }
            var one = Stopwatch.StartNew();
            var result = await host.IngestAsync(await HostileCorpusTests.HostileBytesAsync(Path.GetFileName(files[i]), ourReply.MessageId!));
            results.Add((Path.GetFileName(files[i]), result, one.Elapsed));
        }
        batch.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        foreach (var (name, result, took) in results)
        {
            output.WriteLine($"{took.TotalMilliseconds,8:0} ms  {name}: {result.Outcome} {result.Reference}");
        }
        output.WriteLine($"{results.Count} mails in {batch.Elapsed.TotalSeconds:0.0} s, {cpu.TotalSeconds:0.0} s of CPU time");

        // An attempt over its budget is cancelled and comes back as a retry: none did, so each mail was read within it.
        Assert.DoesNotContain(results, r => r.Result.Outcome is MailOutcomes.Retry or MailOutcomes.InProgress);
        // The batch as a whole within mails × budget, in CPU time: what it cost, however long it waited for a core (a bound
        // of wall time is broken by a machine at load ~100, not by the batch).
        Assert.True(cpu < budget * results.Count, $"the batch took {cpu} of CPU time ({batch.Elapsed} of wall time)");

        var update = results.Single(r => r.Name == "alice-update").Result;
        Assert.Equal((MailOutcomes.Updated, "REGIN-0001"), (update.Outcome, update.Reference));
        var thread = results.Single(r => r.Name == "colleague-in-our-thread").Result;
        Assert.Equal((MailOutcomes.Updated, "REGIN-0001"), (thread.Outcome, thread.Reference));
        var victim = await host.PracticeAsync("REGIN-0001");
        Assert.Equal("Alice's organisation", victim!.Answers.Single(a => a.QuestionId == "lead_organisation").Original);
        Assert.Equal("\"MT00\"", victim.Answers.Single(a => a.QuestionId == "region").ValueJson);
        Assert.Equal(HostileCorpusTests.VictimTitle, victim.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.Equal(HostileCorpusTests.Alice, victim.ContributorEmail);
        Assert.True(await HostileCorpusTests.RepliesToAsync(host, update.RawInputId) == 1 && await HostileCorpusTests.RepliesToAsync(host, thread.RawInputId) == 1);
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, result, _) in results.Where(r => r.Name.StartsWith('h')))
        {
            var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(HostileCorpusTests.Folder, Path.ChangeExtension(name, ".expected.json"))))!;
            // Since session 42 a mail whose sender made a practice of the same answers earlier in this run (the corpus
            // repeats Mallory's body under many headers) is that mail sent again: it updates the practice it made, never
            // another's (the victim's is checked above).
            var repeat = expected["outcome"]!.GetValue<string>() == MailOutcomes.Created && result.Outcome == MailOutcomes.Updated
                && result.Reference is { } reference && reference != "REGIN-0001" && created.Contains(reference);
            Assert.True(expected["outcome"]!.GetValue<string>() == result.Outcome || repeat, $"{name}: {result.Outcome} {result.Detail}");
            if (result.Outcome == MailOutcomes.Created && result.Reference is not null)
            {
                created.Add(result.Reference);
            }
        }
        var raw = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().Where(r => r.Channel == MailProcessor.Channel).Select(r => r.Outcome).ToListAsync());
        Assert.Equal(results.Count + 1, raw.Count);
        Assert.DoesNotContain(raw, o => o is MailProcessor.RawReceived or MailProcessor.RawProcessing);
    }
}
