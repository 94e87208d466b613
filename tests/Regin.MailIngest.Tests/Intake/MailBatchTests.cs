using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Localisation;
using Regin.Core.Persistence;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// The batch path of the `ingest` command and the watcher (<see cref="MailBatchIngester"/>): many mails per transaction,
/// each its own unit. Run on both providers: <see cref="MailBatchTestsOnSqlite"/>, <see cref="MailBatchTestsOnPostgreSql"/>.
/// </summary>
public abstract class MailBatchTests(string provider)
{
    /// <summary>Everything in one batch: the window outlasts any test, the batch ends with its source.</summary>
    private protected static Dictionary<string, string?> OneBatch(int size = 200) => new() { ["Mail:BatchMilliseconds"] = "60000", ["Mail:BatchSize"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private protected static byte[] Mail(string from, string subject, string body, string? language = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.org");
        message.Body = new TextPart("plain") { Text = body };
        if (language is not null)
        {
            message.Headers.Add(HeaderId.ContentLanguage, language);
        }
        MailTestHost.Authenticated(message);
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    private protected static IAsyncEnumerable<MailSource> Sources(IEnumerable<byte[]> mails) =>
        mails.Select((bytes, i) => new MailSource($"mail{i}", _ => Task.FromResult(bytes))).ToAsyncEnumerable();

    /// <summary>Ingests the mails; returns what each commit handed back, batch by batch.</summary>
    private protected static async Task<List<IReadOnlyList<IngestedMail>>> IngestAsync(MailTestHost host, IEnumerable<byte[]> mails, Func<int, Task>? afterCommit = null)
    {
        var batches = new List<IReadOnlyList<IngestedMail>>();
        await host.Services.GetRequiredService<MailBatchIngester>().IngestAsync(Sources(mails), async (batch, _) =>
        {
            batches.Add(batch);
            if (afterCommit is not null)
            {
                await afterCommit(batches.Count);
            }
        });
        return batches;
    }

    private async Task PoisonAsync(MailTestHost host) => await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().Database.ExecuteSqlRawAsync(provider == TestProviders.Sqlite
        ? "CREATE TRIGGER poison BEFORE INSERT ON answers WHEN NEW.Original = 'Poisoned practice' BEGIN SELECT RAISE(ABORT, 'poison answer'); END;"
        : """
          CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN IF NEW."Original" = 'Poisoned practice' THEN RAISE EXCEPTION 'poison answer'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
          CREATE TRIGGER poison BEFORE INSERT ON answers FOR EACH ROW EXECUTE FUNCTION poison();
          """));

    [Fact]
    public async Task A_batch_with_one_poisoned_mail_commits_the_others_and_keeps_the_bad_one_failed_with_its_raw_bytes_and_a_reply_in_its_language()
    {
        await using var host = await MailTestHost.CreateAsync(OneBatch(), provider: provider);
        await PoisonAsync(host);
        // In French (its labels say so): the reply is in French.
        var poison = Mail("p@example.fr", "Pratique", "[Q05] Titre de la pratique *\nPoisoned practice\n\n[Q06] Pays *\nFrance\n", language: "fr");
        var mails = new[]
        {
            Mail("a@example.org", "Practice", "[Q05] First practice\n[Q06] Malta\n"),
            Mail("b@example.org", "Practice", "[Q05] Second practice\n"),
            poison,
            Mail("c@example.org", "Practice", "[Q05] Third practice\n[Q06] Italy\n"),
            Mail("d@example.org", "Practice", "[Q05] Fourth practice\n"),
        };

        var batch = Assert.Single(await IngestAsync(host, mails));

        Assert.Equal([MailOutcomes.Created, MailOutcomes.Created, MailOutcomes.Failed, MailOutcomes.Created, MailOutcomes.Created], batch.Select(m => m.Result.Outcome));
        var failed = batch[2].Result;
        Assert.Contains("processing_error", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("poison answer", failed.Detail, StringComparison.Ordinal);
        Assert.True(failed.IsFailure);
        Assert.Equal(4, await host.CountAsync(db => db.Practices.Count()));
        Assert.Equal(0, await host.CountAsync(db => db.Answers.Count(a => a.Original == "Poisoned practice")));
        // Its bytes are kept as received, failed with the reason.
        var raw = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().SingleAsync(r => r.Id == failed.RawInputId));
        Assert.Equal(poison, raw.Content);
        Assert.Equal(MailProcessor.RawFailed, raw.Outcome);
        Assert.Contains("poison answer", raw.OutcomeDetail, StringComparison.Ordinal);
        // Every mail answered, the bad one in French, saying it is kept.
        var outbox = await host.OutboxAsync();
        Assert.Equal(5, outbox.Count);
        Assert.All(batch, m => Assert.NotNull(m.Result.ReplyId));
        var toPoison = Assert.Single(outbox, m => m.To.Mailboxes.Single().Address == "p@example.fr");
        var expected = host.Services.GetRequiredService<Texts>().Get(MailProcessor.ProcessingFailedKey, "fr");
        Assert.Contains(expected, toPoison.TextBody, StringComparison.Ordinal);
        Assert.Equal(5, await host.CountAsync(db => db.RawInputs.Count(r => r.Channel == "email")));

        // The same batch again: nothing is doubled, the failed one stays failed.
        var again = Assert.Single(await IngestAsync(host, mails));
        Assert.All(again, m => Assert.Equal(MailOutcomes.Duplicate, m.Result.Outcome));
        Assert.True(again[2].Result.IsFailure);
        Assert.Equal(4, await host.CountAsync(db => db.Practices.Count()));
        Assert.Equal(5, (await host.OutboxAsync()).Count);
    }

    [Fact]
    public async Task A_replay_after_a_crash_between_commit_and_acknowledgement_doubles_nothing_and_finishes_the_rest()
    {
        await using var host = await MailTestHost.CreateAsync(OneBatch(size: 3), provider: provider);
        var mails = Enumerable.Range(1, 8).Select(i => Mail($"crash{i}@example.org", "Practice", $"[Q05] Practice {i}\n[Q06] Malta\n")).ToList();
        // The same mail twice in one batch (a mailbox delivering it twice) is one mail.
        mails.Insert(1, mails[0]);

        // The process "dies" after the second batch was read and committed, before its mails were acknowledged: the third
        // batch is never read (every mail was accepted: 8 rows, read 3 to a batch, the second copy of the first mail with it).
        var crash = await Assert.ThrowsAsync<IOException>(() => IngestAsync(host, mails, committed => committed == 2 ? throw new IOException("killed") : Task.CompletedTask));
        Assert.Equal("killed", crash.Message);
        Assert.Equal(6, await host.CountAsync(db => db.Practices.Count()));
        Assert.Equal(2, await host.CountAsync(db => db.RawInputs.Count(r => r.Channel == "email" && r.Outcome == MailProcessor.RawReceived)));

        // The source gives every mail again (none was acknowledged after the second commit): each one is recorded once.
        var replay = (await IngestAsync(host, mails)).SelectMany(b => b).ToList();
        Assert.Equal(9, replay.Count);
        Assert.Equal(7, replay.Count(m => m.Result.Outcome == MailOutcomes.Duplicate));
        Assert.Equal(2, replay.Count(m => m.Result.Outcome == MailOutcomes.Created));
        Assert.Equal(8, await host.CountAsync(db => db.Practices.Count()));
        Assert.Equal(8, await host.CountAsync(db => db.RawInputs.Count(r => r.Channel == "email")));
        Assert.Equal(8, await host.CountAsync(db => db.RawInputs.Count(r => r.Channel == "email" && r.Outcome == MailProcessor.RawProcessed)));
        Assert.Equal(8, (await host.OutboxAsync()).Count);
    }

    [Fact]
    public async Task A_crash_after_accepting_and_before_reading_loses_nothing_the_next_run_reads_the_accepted_mails_once()
    {
        // One batch in flight: with two (PostgreSQL's default) the third may commit before the "kill" after the second,
        // which loses nothing but is not the moment this test stops at.
        var settings = OneBatch(size: 4);
        settings["Mail:AcceptBatchesInFlight"] = "1";
        await using var host = await MailTestHost.CreateAsync(settings, provider: provider);
        var mails = Enumerable.Range(1, 10).Select(i => Mail($"stages{i}@example.org", "Practice", $"[Q05] Practice {i}\n[Q06] Malta\n")).ToList();
        var acknowledged = new List<IngestedMail>();
        var accepted = new List<AcceptedMail>();
        var stages = new IngestStages
        {
            // As the `ingest` command: everything accepted first, then read.
            ReadWhileAccepting = false,
            Accepted = (batch, _) =>
            {
                accepted.AddRange(batch);
                // The process "dies" after the second accepting commit, before anything is read.
                return accepted.Count == 8 ? throw new IOException("killed between the stages") : Task.CompletedTask;
            },
        };
        var ingester = host.Services.GetRequiredService<MailBatchIngester>();

        var crash = await Assert.ThrowsAsync<IOException>(() => ingester.IngestAsync(Sources(mails), (batch, _) => { acknowledged.AddRange(batch); return Task.CompletedTask; }, stages));
        Assert.Equal("killed between the stages", crash.Message);
        Assert.Empty(acknowledged);
        Assert.All(accepted, m => Assert.True(m.IsNew));
        // Accepted: stored, byte for byte, received; nothing read, nothing answered.
        Assert.Equal(8, await host.CountAsync(db => db.RawInputs.Count(r => r.Channel == "email" && r.Outcome == MailProcessor.RawReceived && r.Attempts == 0)));
        var stored = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().OrderBy(r => r.Id).Select(r => r.Content).ToListAsync());
        Assert.Equal(mails.Take(8), stored);
        Assert.Equal(0, await host.CountAsync(db => db.Practices.Count()));
        Assert.Empty(await host.OutboxAsync());

        // The next run is given every mail again: the 8 accepted are read (each once, in the order accepted), the other 2
        // accepted and read; every mail its outcome, none doubled.
        acknowledged.Clear();
        accepted.Clear();
        await ingester.IngestAsync(Sources(mails), (batch, _) => { acknowledged.AddRange(batch); return Task.CompletedTask; }, stages with { Accepted = null });
        Assert.Equal(10, acknowledged.Count);
        Assert.All(acknowledged, m => Assert.Equal(MailOutcomes.Created, m.Result.Outcome));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"mail{i}"), acknowledged.Select(m => m.Source.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"REGIN-{i:D4}"), acknowledged.OrderBy(m => m.Result.RawInputId).Select(m => m.Result.Reference));
        Assert.Equal(10, await host.CountAsync(db => db.Practices.Count()));
        Assert.Equal(10, await host.CountAsync(db => db.RawInputs.Count(r => r.Channel == "email" && r.Outcome == MailProcessor.RawProcessed && r.Attempts == 1)));
        Assert.Equal(10, (await host.OutboxAsync()).Count);
    }

    /// <summary>
    /// Accepting stores each key once, in the order given, whether its rows go one to a statement (SQLite) or many
    /// (PostgreSQL: 50 to an INSERT, each new row's id given back with its key): keys stored before and a second copy in
    /// the same batch find the stored row.
    /// </summary>
    [Fact]
    public async Task Accepting_stores_each_key_once_in_the_order_given_and_finds_keys_stored_before_and_copies_in_its_batch()
    {
        await using var host = await MailTestHost.CreateAsync(OneBatch(), provider: provider);
        var acceptor = host.Services.GetRequiredService<MailAcceptor>();
        var mails = Enumerable.Range(0, 170).Select(i => Mail($"order{i}@example.org", "Practice", $"[Q05] Practice {i}\n")).ToList();
        var first = new List<AcceptedMail>();
        await acceptor.AcceptAsync(Sources(mails.Take(120)), (batch, _) => { first.AddRange(batch); return Task.CompletedTask; });
        Assert.Equal(120, first.Count);
        Assert.All(first, m => Assert.True(m.IsNew));
        Assert.Equal(Enumerable.Range(0, 120).Select(i => $"mail{i}"), first.Select(m => m.Source.Name));
        // Ids in the order accepted (the reader's order).
        Assert.Equal(first.Select(m => m.RawInputId).Order(), first.Select(m => m.RawInputId));
        Assert.Equal(120, first.Select(m => m.RawInputId).Distinct().Count());

        // 100–119 again (stored before), 120–169 new, and a second copy of 150 at the end.
        var second = new List<AcceptedMail>();
        await acceptor.AcceptAsync(Sources(mails.Skip(100).Append(mails[150])), (batch, _) => { second.AddRange(batch); return Task.CompletedTask; });
        Assert.Equal(71, second.Count);
        Assert.Equal(first.Skip(100).Select(m => m.RawInputId), second.Take(20).Select(m => m.RawInputId));
        Assert.All(second.Take(20), m => Assert.False(m.IsNew));
        // Accepted before and not read yet: the reader takes them (nothing decided here).
        Assert.All(second.Take(20), m => Assert.Null(m.Decided));
        Assert.All(second.Skip(20).Take(50), m => Assert.True(m.IsNew));
        Assert.Equal(second.Skip(20).Take(50).Select(m => m.RawInputId).Order(), second.Skip(20).Take(50).Select(m => m.RawInputId));
        Assert.True(second[20].RawInputId > first.Max(m => m.RawInputId));
        Assert.False(second[70].IsNew);
        Assert.Equal(second[50].RawInputId, second[70].RawInputId);
        Assert.Equal(170, await host.CountAsync(db => db.RawInputs.Count(r => r.Channel == "email" && r.Outcome == MailProcessor.RawReceived)));
        // Each row's bytes are its own mail's.
        var stored = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking()
            .Where(r => r.Channel == "email").Select(r => new { r.Id, r.Content, r.ConversationId }).ToListAsync());
        foreach (var (mail, i) in first.Concat(second.Skip(20).Take(50)).Select((m, i) => (m, i)))
        {
            var row = stored.Single(r => r.Id == mail.RawInputId);
            Assert.Equal(mails[i], row.Content);
            Assert.Equal($"order{i}@example.org", row.ConversationId);
        }
    }

    [Fact]
    public async Task A_later_copy_of_a_stored_key_with_other_bytes_leaves_the_stored_bytes_and_the_new_mails_around_it_get_their_own()
    {
        await using var host = await MailTestHost.CreateAsync(OneBatch(), provider: provider);
        var acceptor = host.Services.GetRequiredService<MailAcceptor>();
        var original = Mail("copy@example.org", "Practice", "[Q05] The first copy\n");
        var accepted = new List<AcceptedMail>();
        await acceptor.AcceptAsync(Sources([original]), (batch, _) => { accepted.AddRange(batch); return Task.CompletedTask; });
        // The same Message-ID delivered again with another body (a relay that rewrote it), between two new mails.
        var messageId = MimeMessage.Load(new MemoryStream(original)).MessageId ?? throw new InvalidOperationException("the mail has no Message-ID");
        var rewritten = MimeMessage.Load(new MemoryStream(Mail("copy@example.org", "Practice", "[Q05] A rewritten copy\n")));
        rewritten.MessageId = messageId;
        using var rewrittenBytes = new MemoryStream();
        rewritten.WriteTo(rewrittenBytes);
        var before = Mail("before@example.org", "Practice", "[Q05] Before\n");
        var after = Mail("after@example.org", "Practice", "[Q05] After\n");
        var second = new List<AcceptedMail>();
        await acceptor.AcceptAsync(Sources([before, rewrittenBytes.ToArray(), after]), (batch, _) => { second.AddRange(batch); return Task.CompletedTask; });

        // Since session 44 a copy whose body differs is a mail of its own (AuthorPrint): kept beside the first under its own
        // key, numbered after the batch's other rows; the stored bytes stay as they were.
        Assert.Equal([true, true, true], second.Select(m => m.IsNew));
        Assert.NotEqual(accepted[0].RawInputId, second[1].RawInputId);
        Assert.True(second[0].RawInputId < second[2].RawInputId);
        var stored = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking()
            .Where(r => r.Channel == "email").ToDictionaryAsync(r => r.Id, r => r.Content));
        Assert.Equal(4, stored.Count);
        Assert.Equal(original, stored[accepted[0].RawInputId]);
        Assert.Equal(before, stored[second[0].RawInputId]);
        Assert.Equal(rewrittenBytes.ToArray(), stored[second[1].RawInputId]);
        Assert.Equal(after, stored[second[2].RawInputId]);

        // The same three again: each one is the duplicate of its own row.
        var third = new List<AcceptedMail>();
        await acceptor.AcceptAsync(Sources([before, rewrittenBytes.ToArray(), after]), (batch, _) => { third.AddRange(batch); return Task.CompletedTask; });
        Assert.Equal([false, false, false], third.Select(m => m.IsNew));
        Assert.Equal(second.Select(m => m.RawInputId), third.Select(m => m.RawInputId));
    }

    [Fact]
    public async Task Rows_accepted_by_a_run_that_stopped_are_read_by_the_next_run_even_when_their_source_forgot_them()
    {
        await using var host = await MailTestHost.CreateAsync(OneBatch(size: 3), provider: provider);
        var mails = Enumerable.Range(1, 5).Select(i => Mail($"forgot{i}@example.org", "Practice", $"[Q05] Practice {i}\n")).ToList();
        // Stage 1 alone: the mails accepted (their source may forget them now), then the process stops.
        await host.Services.GetRequiredService<MailAcceptor>().AcceptAsync(Sources(mails), (_, _) => Task.CompletedTask);
        Assert.Equal(5, await host.CountAsync(db => db.RawInputs.Count(r => r.Outcome == MailProcessor.RawReceived)));

        // The next run has nothing new: it reads what was accepted, each under a source naming its row.
        var read = (await IngestAsync(host, [])).SelectMany(b => b).ToList();
        Assert.Equal(5, read.Count);
        Assert.All(read, m => Assert.Equal(MailOutcomes.Created, m.Result.Outcome));
        Assert.All(read, m => Assert.Equal(m.Result.RawInputId, m.Source.StoredId));
        Assert.Equal(5, await host.CountAsync(db => db.Practices.Count()));
        Assert.Empty((await IngestAsync(host, [])).SelectMany(b => b));
    }

    [Fact]
    public async Task A_mail_accepted_and_not_read_yet_breaks_neither_the_export_nor_the_erasure_and_once_erased_it_is_refused_when_read()
    {
        await using var host = await MailTestHost.CreateAsync(OneBatch(), provider: provider);
        const string who = "erase.me@example.org";
        await host.Services.GetRequiredService<MailAcceptor>().AcceptAsync(Sources([Mail(who, "Practice", "[Q05] A practice to forget\n")]), (_, _) => Task.CompletedTask);

        // "received, not read yet": a copy of their data has no practice of it yet, and says so without failing.
        await host.WithScopeAsync(async sp =>
        {
            var data = sp.GetRequiredService<Regin.Core.Privacy.ContributorData>();
            var practices = await data.FindAsync(who);
            Assert.Empty(practices);
            Assert.NotEmpty(await data.JsonAsync(who, practices, DateTimeOffset.UtcNow));
            return 0;
        });
        // Erased before it is read: its bytes are replaced like any stored input of theirs.
        var erased = await host.WithScopeAsync(sp => sp.GetRequiredService<Regin.Core.Privacy.ContributorErasure>().EraseEmailAsync(who, "test", "test"));
        Assert.Equal(1, erased.RawInputs);

        // Read afterwards: refused (nothing of the mail is left to read), nothing recorded, nobody answered.
        var read = Assert.Single((await IngestAsync(host, [])).SelectMany(b => b));
        Assert.Equal(MailOutcomes.Failed, read.Result.Outcome);
        Assert.Equal(0, await host.CountAsync(db => db.Practices.Count()));
        Assert.Empty(await host.OutboxAsync());
    }

    private static Dictionary<string, string?> OneReaderBudget(int seconds)
    {
        var settings = OneBatch();
        settings["Mail:MaxSecondsPerMessage"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // One mail read at a time: which read meets the busy machine is the order of the mails.
        settings["Mail:ReadWorkers"] = "1";
        return settings;
    }

    /// <summary>The large mail and a plain one: the large one is read from its file (from its start again at each attempt).</summary>
    private static byte[][] LargeAndPlain()
    {
        var large = Mail("anna.weber@kreis-lippe.example", "Praxis", "[Q05] Deutschkurse für Geflüchtete im Kreis Lippe\n[Q06] Deutschland\n\n"
            + string.Join("\n", Enumerable.Range(0, 80_000).Select(i => $"Zeile {i} der Anlage")), language: "de");
        Assert.True(large.Length >= MailSource.StreamFrom);
        return [large, Mail("giorgos@perifereia-kritis.example", "Πρακτική", "[Q05] Μαθήματα ελληνικών για πρόσφυγες\n[Q06] Ελλάδα\n", language: "el")];
    }

    private static async Task AssertBothCreatedAsync(MailTestHost host, List<IngestedMail> results)
    {
        Assert.Equal([MailOutcomes.Created, MailOutcomes.Created], results.Select(m => m.Result.Outcome));
        Assert.Equal(1, await host.CountAsync(db => db.Answers.Count(a => a.Original == "Deutschkurse für Geflüchtete im Kreis Lippe")));
        Assert.Equal(1, await host.CountAsync(db => db.Answers.Count(a => a.Original == "Μαθήματα ελληνικών για πρόσφυγες")));
    }

    [Fact]
    public async Task A_mail_whose_read_waits_past_its_limit_on_a_busy_machine_is_read_at_its_first_attempt()
    {
        // Every read's limit comes due at once (BusyMachineClock): the time passed, the CPU was not used. The limit is the
        // CPU time the read used (MailBudget): so each mail is read at its first attempt (before session 46 both ran out
        // of their budget and were read again, and three such misses failed a plain mail).
        var clock = new BusyMachineClock(TimeSpan.FromSeconds(45), expiring: int.MaxValue);
        await using var host = await MailTestHost.CreateAsync(OneReaderBudget(45), provider: provider, clock: clock);

        var results = (await IngestAsync(host, LargeAndPlain())).SelectMany(b => b).ToList();

        await AssertBothCreatedAsync(host, results);
        // One budget a mail, each come due: no read again.
        Assert.Equal(2, clock.Budgets);
    }

    [Fact]
    public async Task A_plain_mail_read_beside_a_cpu_hog_is_created_at_its_first_attempt()
    {
        // A real busy CPU: each read's thread is put beside a thread spinning on that CPU, at nice 10 (CpuHog: ~1/10 of
        // the CPU). The large mail's read (~0.1-0.3 s of CPU) then takes seconds; its limit of 1 s of CPU is not reached.
        using var hog = new CpuHog();
        await using var host = await MailTestHost.CreateAsync(OneReaderBudget(1), provider: provider, cpuClock: new StarvedReadingClock(hog));
        var took = System.Diagnostics.Stopwatch.StartNew();

        var results = (await IngestAsync(host, LargeAndPlain())).SelectMany(b => b).ToList();

        took.Stop();
        await AssertBothCreatedAsync(host, results);
        Assert.True(hog.Starved >= 1);
        Assert.Empty(await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking()
            .Where(r => r.Attempts > 1).Select(r => r.Id).ToListAsync()));
        Assert.True(took.Elapsed > TimeSpan.FromSeconds(1), $"the starved reads took {took.Elapsed}: the hog did not starve them past the 1 s of the old limit");
    }

    [Fact]
    public async Task Where_no_thread_cpu_time_can_be_read_a_mail_whose_read_runs_out_of_its_budget_is_read_again_and_created()
    {
        // Another system: the limit is time passed, as before session 46. The large one (read from its file, from the start
        // again) meets the cold start twice; the third read is on time.
        var clock = new BusyMachineClock(TimeSpan.FromSeconds(45), expiring: 2);
        await using var host = await MailTestHost.CreateAsync(OneReaderBudget(45), provider: provider, clock: clock, cpuClock: new NoReadingCpuClock());

        var results = (await IngestAsync(host, LargeAndPlain())).SelectMany(b => b).ToList();

        await AssertBothCreatedAsync(host, results);
        // Two expired reads and the three on time.
        Assert.Equal(4, clock.Budgets);
    }

    [Fact]
    public async Task Where_no_thread_cpu_time_can_be_read_a_mail_whose_every_read_runs_out_of_its_budget_is_failed_after_the_attempts_with_the_reason()
    {
        var clock = new BusyMachineClock(TimeSpan.FromSeconds(45), expiring: int.MaxValue);
        await using var host = await MailTestHost.CreateAsync(OneReaderBudget(45), provider: provider, clock: clock, cpuClock: new NoReadingCpuClock());
        var mail = Mail("b.rossi@regione-puglia.example", "Pratica", "[Q05] Corsi di italiano per rifugiati\n", language: "it");

        var result = Assert.Single((await IngestAsync(host, [mail])).SelectMany(b => b)).Result;

        Assert.Equal(MailOutcomes.Failed, result.Outcome);
        Assert.Equal("gave_up: 3 attempts; last: timeout: not read in 45 s", result.Detail);
        // Bounded: Mail:MaxAttemptsPerMessage reads, no more.
        Assert.Equal(3, clock.Budgets);
        var raw = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().SingleAsync(r => r.Id == result.RawInputId));
        Assert.Equal(MailProcessor.RawFailed, raw.Outcome);
        Assert.EndsWith(result.Detail, raw.OutcomeDetail, StringComparison.Ordinal);
        Assert.Equal(mail, raw.Content);
        Assert.Equal(0, await host.CountAsync(db => db.Practices.Count()));
    }

    [Fact]
    public async Task A_large_mail_is_stored_once_in_pieces_and_read_back_byte_for_byte()
    {
        await using var host = await MailTestHost.CreateAsync(OneBatch(), provider: provider);
        // Over the size written and read in pieces on SQLite (1 MB): a text of 2 MB after the answers.
        var large = Mail("large@example.org", "Practice", "[Q05] A practice with a long annex\n\n" + string.Join("\n", Enumerable.Range(0, 80_000).Select(i => $"line {i} of the annex")));
        Assert.True(large.Length > 1024 * 1024);
        var mails = new[] { Mail("small@example.org", "Practice", "[Q05] A small practice\n"), large };

        var results = (await IngestAsync(host, mails)).SelectMany(b => b).OrderBy(m => m.Source.Name, StringComparer.Ordinal).ToList();

        Assert.All(results, m => Assert.Equal(MailOutcomes.Created, m.Result.Outcome));
        var stored = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().SingleAsync(r => r.Id == results[1].Result.RawInputId));
        Assert.Equal(large, stored.Content);
        // The bytes once: one row of them for each mail (their own table on SQLite, the input's row on PostgreSQL).
        var contents = await host.WithScopeAsync(sp =>
        {
            var db = sp.GetRequiredService<ReginDbContext>();
            var model = new ModelStatements(db);
            var count = "SELECT CAST(COUNT(*) AS INTEGER) AS \"Value\" FROM " + model.Table(model.StoreOf<Regin.Core.Persistence.Entities.RawInput>(nameof(Regin.Core.Persistence.Entities.RawInput.Content)));
            return db.Database.SqlQueryRaw<int>(count).SingleAsync();
        });
        Assert.Equal(2, contents);
    }

    [Fact]
    public async Task A_large_mail_file_is_stored_from_its_file_and_read_from_a_stream_and_a_replay_finds_it()
    {
        await using var host = await MailTestHost.CreateAsync(OneBatch(), provider: provider);
        var folder = Directory.CreateTempSubdirectory("regin-large-files-").FullName;
        try
        {
            // Two mails over the size given as a stream (1 MB): one with a Message-ID, one without (its key is the hash of
            // all its bytes, read in pieces), and a small one.
            string Annex(string title) => $"[Q05] {title}\n\n" + string.Join("\n", Enumerable.Range(0, 80_000).Select(i => $"line {i} of the annex"));
            var withId = Mail("large@example.org", "Practice", Annex("A practice with a long annex"));
            var withoutId = WithoutMessageId(Mail("noid@example.org", "Practice", Annex("A practice with no Message-ID")));
            var small = Mail("small@example.org", "Practice", "[Q05] A small practice\n");
            var files = new[] { ("1-large.eml", withId), ("2-small.eml", small), ("3-noid.eml", withoutId) }.Select(f =>
            {
                var path = Path.Combine(folder, f.Item1);
                File.WriteAllBytes(path, f.Item2);
                return path;
            }).ToList();
            var sources = files.Select(f => Regin.MailIngest.Commands.IngestCommand.FileSource(f, 50L * 1024 * 1024)).ToList();
            Assert.Equal([true, false, true], sources.Select(s => s.OpenAsync is not null));

            var results = new List<IngestedMail>();
            await host.Services.GetRequiredService<MailBatchIngester>().IngestAsync(sources.ToAsyncEnumerable(), (batch, _) =>
            {
                results.AddRange(batch);
                return Task.CompletedTask;
            });

            results = results.OrderBy(m => m.Source.Name, StringComparer.Ordinal).ToList();
            Assert.All(results, m => Assert.Equal(MailOutcomes.Created, m.Result.Outcome));
            foreach (var (mail, bytes) in results.Zip(new[] { withId, small, withoutId }))
            {
                var stored = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().SingleAsync(r => r.Id == mail.Result.RawInputId));
                Assert.Equal(bytes, stored.Content);
                Assert.Equal(MailProcessor.RawProcessed, stored.Outcome);
            }
            var noIdKey = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().Where(r => r.Id == results[2].Result.RawInputId).Select(r => r.DedupKey).SingleAsync());
            Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(withoutId)), noIdKey);
            // The answers were read from the streamed mails.
            Assert.Equal(1, await host.CountAsync(db => db.Answers.Count(a => a.Original == "A practice with a long annex")));
            Assert.Equal(1, await host.CountAsync(db => db.Answers.Count(a => a.Original == "A practice with no Message-ID")));

            // The same files again: each found by its key, stored once.
            var replay = new List<IngestedMail>();
            await host.Services.GetRequiredService<MailBatchIngester>().IngestAsync(
                files.Select(f => Regin.MailIngest.Commands.IngestCommand.FileSource(f, 50L * 1024 * 1024)).ToAsyncEnumerable(), (batch, _) =>
                {
                    replay.AddRange(batch);
                    return Task.CompletedTask;
                });
            Assert.All(replay, m => Assert.Equal(MailOutcomes.Duplicate, m.Result.Outcome));
            Assert.Equal(3, await host.CountAsync(db => db.RawInputs.Count()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Mail_waiting_to_be_read_is_found_through_the_partial_index_of_received_rows()
    {
        await using var host = await MailTestHost.CreateAsync(OneBatch(), provider: provider);
        var plan = await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReginDbContext>();
            // Only received mail is in the index: it is partial, on the reader's filter (a chat turn's raw input stays
            // "received": migrations UnreadMailIndexMailOnly, SQLite's in session 30, PostgreSQL's in session 32).
            var index = db.Model.FindEntityType(typeof(Regin.Core.Persistence.Entities.RawInput))!.GetIndexes().Single(i => i.Name == "IX_raw_inputs_received");
            Assert.Equal("\"Outcome\" = 'received' AND \"Channel\" = 'email'", index.GetFilter());
            await db.Database.OpenConnectionAsync();
            if (provider == TestProviders.PostgreSql)
            {
                // A test table is tiny: the planner would read it whole whatever the indexes; asked not to, it shows what it can use.
                await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
            }
            await using var command = MailBatchIngester.UnreadRows(db, 0, 50).CreateDbCommand();
            command.CommandText = (provider == TestProviders.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + command.CommandText;
            await using var reader = await command.ExecuteReaderAsync();
            var lines = new List<string>();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetValue(provider == TestProviders.Sqlite ? 3 : 0).ToString()!);
            }
            return string.Join("\n", lines);
        });
        Assert.Contains("IX_raw_inputs_received", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN r\n", plan + "\n", StringComparison.Ordinal);
    }

    private static byte[] WithoutMessageId(byte[] mail)
    {
        var message = MimeMessage.Load(new MemoryStream(mail));
        message.Headers.Remove(HeaderId.MessageId);
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        var bytes = stream.ToArray();
        Assert.Null(MimeMessage.Load(new MemoryStream(bytes)).MessageId);
        return bytes;
    }

    [Fact]
    public async Task A_malformed_mail_is_accepted_and_then_refused_by_the_reader_with_its_bytes_kept()
    {
        await using var host = await MailTestHost.CreateAsync(OneBatch(), provider: provider);
        var broken = "From: \r\nSubject: nothing\r\n\r\nno sender at all\r\n"u8.ToArray();
        var mails = new[] { Mail("fine@example.org", "Practice", "[Q05] A fine practice\n"), broken };

        var results = (await IngestAsync(host, mails)).SelectMany(b => b).OrderBy(m => m.Source.Name, StringComparer.Ordinal).ToList();

        Assert.Equal([MailOutcomes.Created, MailOutcomes.Failed], results.Select(m => m.Result.Outcome));
        Assert.Contains("no_sender", results[1].Result.Detail, StringComparison.Ordinal);
        var row = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().SingleAsync(r => r.Id == results[1].Result.RawInputId));
        Assert.Equal(broken, row.Content);
        Assert.Equal(MailProcessor.RawFailed, row.Outcome);
    }

    [Fact]
    public async Task Mails_of_one_sender_read_in_parallel_end_as_they_would_one_by_one()
    {
        // Four senders, each a first mail then two more naming their practice (REGIN-000k: the first mails come first),
        // interleaved, all in one batch read on several threads.
        var senders = Enumerable.Range(1, 4).Select(k => $"order{k}@example.org").ToList();
        var mails = new List<byte[]>();
        mails.AddRange(senders.Select((s, k) => Mail(s, "Practice", $"[Q05] Practice of {s}\n")));
        for (var round = 0; round < 2; round++)
        {
            mails.AddRange(senders.Select((s, k) => Mail(s, $"More for REGIN-{k + 1:D4}", round == 0 ? "[Q06] Malta\n" : "[Q07] 2019\n")));
        }
        var settings = OneBatch();
        settings["Mail:ReadWorkers"] = "4";

        await using var batched = await MailTestHost.CreateAsync(settings, provider: provider);
        var inBatch = Assert.Single(await IngestAsync(batched, mails)).Select(m => (m.Result.Outcome, m.Result.Reference)).ToList();

        await using var oneByOne = await MailTestHost.CreateAsync(provider: provider);
        var sequential = new List<(string, string?)>();
        foreach (var mail in mails)
        {
            var result = await oneByOne.IngestAsync(mail);
            sequential.Add((result.Outcome, result.Reference));
        }

        Assert.Equal(sequential, inBatch);
        Assert.Equal(4, await batched.CountAsync(db => db.Practices.Count()));
        Assert.Equal(8, inBatch.Count(r => r.Outcome == MailOutcomes.Updated));
        Assert.All(senders.Select((s, k) => k), k => Assert.Equal($"REGIN-{k + 1:D4}", inBatch[k].Reference));
    }

    [Fact]
    public async Task A_file_larger_than_the_limit_is_never_read_whole_its_headers_are_kept_and_the_others_go_on()
    {
        var settings = OneBatch();
        settings["Mail:MaxMessageBytes"] = "4096";
        await using var host = await MailTestHost.CreateAsync(settings, provider: provider);
        var folder = Directory.CreateTempSubdirectory("regin-batch-large-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "1.eml"), Mail("small@example.org", "Practice", "[Q05] Small practice\n"));
            File.WriteAllBytes(Path.Combine(folder, "2.eml"), Mail("large@example.org", "Practice", "[Q05] Large practice\n" + new string('x', 20_000)));
            using var output = new StringWriter();
            Assert.Equal(0, await Regin.MailIngest.Commands.IngestCommand.RunAsync(host.Services, [folder], output));
            var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Contains("\tcreated\t", lines[0], StringComparison.Ordinal);
            Assert.Contains("\tfailed\t", lines[1], StringComparison.Ordinal);
            Assert.Contains("too_large", lines[1], StringComparison.Ordinal);
            var kept = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().SingleAsync(r => r.Outcome == MailProcessor.RawFailed));
            Assert.Equal("text/rfc822-headers", kept.ContentType);
            Assert.True(kept.Content.Length < 4096);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

[Collection(CpuTimeCollection.Name)]
public sealed class MailBatchTestsOnSqlite() : MailBatchTests(TestProviders.Sqlite)
{
    /// <summary>A connection's temp_store and cache_size, as SQLite reports them.</summary>
    private static async Task<(long TempStore, long CacheSize)> SettingsAsync(ReginDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA temp_store; PRAGMA cache_size;";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var tempStore = reader.GetInt64(0);
        Assert.True(await reader.NextResultAsync());
        Assert.True(await reader.ReadAsync());
        return (tempStore, reader.GetInt64(0));
    }

    [Fact]
    public async Task The_batch_writer_gives_its_pooled_connection_its_settings_back_for_whoever_borrows_it_next()
    {
        await using var host = await MailTestHost.CreateAsync(OneBatch());
        var usual = await host.WithScopeAsync(sp => SettingsAsync(sp.GetRequiredService<ReginDbContext>()));
        Assert.NotEqual(-Regin.Core.Persistence.Sqlite.SqliteDatabaseProvider.BatchWriterCacheKib, usual.CacheSize);
        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReginDbContext>();
            var batchWrites = await db.Provider().PrepareBatchWritesAsync(db);
            Assert.NotNull(batchWrites);
            // In memory (2), a batch's pages.
            Assert.Equal((2L, (long)-Regin.Core.Persistence.Sqlite.SqliteDatabaseProvider.BatchWriterCacheKib), await SettingsAsync(db));
            await batchWrites.DisposeAsync();
            Assert.Equal(usual, await SettingsAsync(db));
            return 0;
        });
        // A whole batch written (accepted and read on the pool's connections), then every connection the pool holds, borrowed at once.
        var batches = await IngestAsync(host, [Mail("ana@example.org", "Practice", "Title: Settings back"), Mail("ben@example.org", "Practice", "Title: Settings back too")]);
        Assert.Equal(2, batches.Sum(b => b.Count));
        var scopes = Enumerable.Range(0, 6).Select(_ => host.Services.CreateAsyncScope()).ToList();
        try
        {
            foreach (var scope in scopes)
            {
                Assert.Equal(usual, await SettingsAsync(scope.ServiceProvider.GetRequiredService<ReginDbContext>()));
            }
        }
        finally
        {
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// While the checkpointer runs (`ingest`, `watch`), the acceptor's commits leave the log's checkpoint to it, as the
    /// reading writer's do: SQLite's own checkpoint at 1,000 pages ran inside every third or fourth batch's commit of a
    /// burst (copying the log and waiting for its fsyncs), the rounds where accepting fell under half MimeKit's rate.
    /// About 2,000 pages accepted in batches of 10 mails of 100 KB, the checkpointer holding its copy back for the test:
    /// the log keeps all of them (a checkpoint inside a commit would have started it again from its beginning).
    /// </summary>
    [Fact]
    public async Task While_the_checkpointer_runs_the_acceptors_commits_leave_the_logs_checkpoint_to_it()
    {
        await using var host = await MailTestHost.CreateAsync(new() { ["Mail:BatchMilliseconds"] = "60000", ["Mail:BatchSize"] = "10" });
        var provider = host.Services.GetRequiredService<ReginDatabaseProvider>();
        // Held open for the whole test: another test's host, disposed meanwhile, clears every SQLite pool of the process
        // (MailTestHost.DisposeAsync), and had that closed this file's last connection, SQLite would have checkpointed the
        // log on the close (the log then read 0 pages), which is no commit of the acceptor's.
        await using var held = provider.OpenKeptConnection()!;
        using var checkpointer = new Regin.Core.Persistence.Sqlite.SqliteCheckpointer(provider, Microsoft.Extensions.Logging.Abstractions.NullLogger<Regin.Core.Persistence.Sqlite.SqliteCheckpointer>.Instance)
        {
            Pause = TimeSpan.FromHours(1),
            LongestWait = TimeSpan.FromHours(1),
        };
        await checkpointer.StartAsync(CancellationToken.None);
        var acceptor = new MailAcceptor(host.Services.GetRequiredService<IServiceScopeFactory>(),
            host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Regin.MailIngest.Options.MailboxOptions>>(), TimeProvider.System, checkpointer);
        var filler = string.Join("\n", Enumerable.Range(0, 1_400).Select(i => $"Line {i} of a long description of the practice, as a scan's text would come."));
        var mails = Enumerable.Range(0, 80).Select(i => Mail($"long{i}@example.org", "Practice", $"[Q05] Practice {i}\n[Q07] {filler}\n")).ToList();
        Assert.All(mails, m => Assert.InRange(m.Length, 100_000, 200_000));
        var accepted = 0;
        await acceptor.AcceptAsync(Sources(mails), (batch, _) =>
        {
            accepted += batch.Count;
            return Task.CompletedTask;
        });
        Assert.Equal(80, accepted);
        Assert.Equal(0, checkpointer.Checkpoints);

        // (busy, pages in the log, pages copied): the checkpoint run now finds every page the acceptor wrote in the log.
        long log;
        await using (var command = held.CreateCommand())
        {
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            log = reader.GetInt64(1);
        }
        Assert.True(log > 1_500, $"the log holds {log} pages: a commit of the acceptor checkpointed it");
        await checkpointer.StopAsync(CancellationToken.None);
    }
}

[Collection(CpuTimeCollection.Name)]
public sealed class MailBatchTestsOnPostgreSql() : MailBatchTests(TestProviders.PostgreSql)
{
    /// <summary>
    /// Two batches in flight whatever the default (Mail:AcceptBatchesInFlight, 2 now): with one, the batch after the failed
    /// one would never be written and its test would pass without testing anything.
    /// </summary>
    private static Dictionary<string, string?> TwoInFlight(Dictionary<string, string?> settings)
    {
        settings["Mail:AcceptBatchesInFlight"] = "2";
        return settings;
    }

    /// <summary>A trigger that holds a row's insert (pg_sleep) or fails it, by its sender: a batch slower than the next, or failing.</summary>
    private static Task StallAsync(MailTestHost host) => host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().Database.ExecuteSqlRawAsync("""
        CREATE FUNCTION stall() RETURNS trigger AS $$ BEGIN
          IF NEW."ConversationId" = 'slow1@example.org' THEN PERFORM pg_sleep(2); END IF;
          IF NEW."ConversationId" = 'slow2@example.org' THEN PERFORM pg_sleep(1); END IF;
          IF NEW."ConversationId" = 'bad@example.org' THEN RAISE EXCEPTION 'bad mail'; END IF;
          RETURN NEW; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER stall BEFORE INSERT ON raw_inputs FOR EACH ROW EXECUTE FUNCTION stall();
        """));

    [Fact]
    public async Task Two_batches_in_flight_commit_in_id_order_so_a_reader_taking_the_ids_after_the_last_it_saw_misses_none()
    {
        await using var host = await MailTestHost.CreateAsync(TwoInFlight(OneBatch(size: 5)), provider: TestProviders.PostgreSql);
        await StallAsync(host);
        // Batches of 5: the first held 2 s by one row, the second (written beside it) 1 s, so it is done first; the
        // fourth holds a copy of a mail of the third (the same key in two batches in flight: written after it).
        var mails = Enumerable.Range(0, 30).Select(i => Mail(i switch { 2 => "slow1@example.org", 7 => "slow2@example.org", _ => $"flight{i}@example.org" }, "Practice", $"[Q05] Practice {i}\n")).ToList();
        mails[19] = mails[13];
        var accepted = new List<AcceptedMail>();
        var accepting = host.Services.GetRequiredService<MailAcceptor>().AcceptAsync(Sources(mails), (batch, _) => { accepted.AddRange(batch); return Task.CompletedTask; });

        // Meanwhile, a reader as the batch reader takes rows: the received rows after the last id it saw, never from the start again.
        var seen = new List<long>();
        var bothStalled = false;
        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReginDbContext>();
            long after = 0;
            while (true)
            {
                var done = accepting.IsCompleted;
                var rows = await MailBatchIngester.UnreadRows(db, after, 1000).ToListAsync();
                seen.AddRange(rows.Select(r => r.Id));
                after = rows.Count > 0 ? rows[^1].Id : after;
                // Two inserts held at once: the two batches were written together.
                bothStalled |= await db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()").SingleAsync() >= 2;
                if (done)
                {
                    return 0;
                }
            }
        });
        await accepting;

        Assert.True(bothStalled, "the second batch was not written while the first was");
        Assert.Equal(30, accepted.Count);
        Assert.False(accepted[19].IsNew);
        Assert.Equal(accepted[13].RawInputId, accepted[19].RawInputId);
        var ids = accepted.Where(m => m.IsNew).Select(m => m.RawInputId).ToList();
        Assert.Equal(29, ids.Count);
        // In the order the mails came, across the batches; and the reader saw every one, each once.
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(ids, seen);
    }

    [Fact]
    public async Task A_batch_in_flight_after_a_failed_one_is_not_committed_and_a_second_run_stores_every_mail_once()
    {
        await using var host = await MailTestHost.CreateAsync(TwoInFlight(OneBatch(size: 5)), provider: TestProviders.PostgreSql);
        await StallAsync(host);
        // The first batch is written; the second fails (its third mail); the third, written beside it and held, must not commit.
        var mails = Enumerable.Range(0, 15).Select(i => Mail(i switch { 7 => "bad@example.org", 10 => "slow2@example.org", _ => $"failing{i}@example.org" }, "Practice", $"[Q05] Practice {i}\n")).ToList();
        var accepted = new List<AcceptedMail>();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.Services.GetRequiredService<MailAcceptor>().AcceptAsync(Sources(mails), (batch, _) => { accepted.AddRange(batch); return Task.CompletedTask; }));

        Assert.Contains("bad mail", failure.ToString());
        // Only the first batch was reported, and only it is stored.
        Assert.Equal(5, accepted.Count);
        var stored = await host.CountAsync(db => db.RawInputs.Count(r => r.Channel == "email"));
        Assert.Equal(5, stored);

        // Without the bad mail's failure, a second run stores the others once; the first batch's are known.
        await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().Database.ExecuteSqlRawAsync("DROP TRIGGER stall ON raw_inputs"));
        var again = new List<AcceptedMail>();
        await host.Services.GetRequiredService<MailAcceptor>().AcceptAsync(Sources(mails), (batch, _) => { again.AddRange(batch); return Task.CompletedTask; });
        Assert.Equal(15, again.Count);
        Assert.Equal(Enumerable.Range(0, 15).Select(i => i >= 5), again.Select(m => m.IsNew));
        Assert.Equal(accepted.Select(m => m.RawInputId), again.Take(5).Select(m => m.RawInputId));
        Assert.Equal(15, await host.CountAsync(db => db.RawInputs.Count(r => r.Channel == "email")));
        var newIds = again.Skip(5).Select(m => m.RawInputId).ToList();
        Assert.Equal(newIds.Order(), newIds);
    }

    [Fact]
    public async Task Accepted_bytes_are_compressed_with_lz4_in_the_batchs_transaction_only_and_read_back_whole()
    {
        await using var host = await MailTestHost.CreateAsync(OneBatch(), provider: TestProviders.PostgreSql);
        // Over TOAST's threshold (~2 kB) and compressible: compressed when stored; the small one is stored as it is.
        var large = Mail("large@example.org", "Practice", "[Q05] A long practice\n" + string.Concat(Enumerable.Repeat("Language classes for newcomers, twice a week.\n", 400)));
        var small = Mail("small@example.org", "Practice", "[Q05] A short one\n");
        var accepted = new List<AcceptedMail>();
        await host.Services.GetRequiredService<MailAcceptor>().AcceptAsync(Sources([large, small]), (batch, _) => { accepted.AddRange(batch); return Task.CompletedTask; });

        var stored = await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReginDbContext>();
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = """SELECT "Id", pg_column_compression("Content"), "Content", current_setting('default_toast_compression') FROM raw_inputs""";
            var rows = new Dictionary<long, (string? Compression, byte[] Content, string Default)>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows[reader.GetInt64(0)] = (reader.IsDBNull(1) ? null : reader.GetString(1), (byte[])reader.GetValue(2), reader.GetString(3));
            }
            return rows;
        });
        Assert.Equal(2, stored.Count);
        Assert.Equal("lz4", stored[accepted[0].RawInputId].Compression);
        Assert.Null(stored[accepted[1].RawInputId].Compression);
        Assert.Equal(large, stored[accepted[0].RawInputId].Content);
        Assert.Equal(small, stored[accepted[1].RawInputId].Content);
        // The setting ended with the batch's transaction: the pooled connection is back at the server's default.
        Assert.All(stored.Values, r => Assert.Equal("pglz", r.Default));
        var read = (await IngestAsync(host, [])).SelectMany(b => b).ToList();
        Assert.Equal(2, read.Count);
        Assert.All(read, m => Assert.Equal(MailOutcomes.Created, m.Result.Outcome));
    }
}
