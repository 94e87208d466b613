using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;
using Regin.Core.Hosting;
using Regin.MailIngest.Hosting;
using Regin.MailIngest.Intake;

// Ingest of templated mails (the text templates in 8 languages and the .docx templates of the test fixtures), each a new
// message from a new sender, written to files first and read back from them in every phase, against MimeKit's bare parse
// of the same files in the same process. Phases, one after the other:
//   1. MimeKit parse alone (the baseline);
//   2. parse + find the answers + normalise them (no database), one thread;
//   3. ingest in batches: the `ingest` command's path, in its two stages: every mail accepted (MailAcceptor: raw bytes
//      stored and deduplicated, Mail:BatchSize mails a transaction), then read from the stored rows (MailBatchIngester:
//      read on one thread per CPU, one writer, Mail:BatchSize mails per transaction, a savepoint per mail, replies
//      composed at the end of each batch); two rates: accepted, and read and answered (from the start);
//   4. the old path for comparison: MailProcessor.ProcessAsync per mail (its own transactions), on the first
//      min(mails, 200) files only (it is ~100× slower), into a database of its own.
// Each phase's peak working set is its own (the kernel's peak is reset before it, /proc/self/clear_refs).
// --big puts one mail with a 30 MB attachment in the middle of the batch: compare the peak working set with a run without.
//   dotnet run -c Release --project tests/Regin.MailIngest.Benchmarks -- [mails=5000] [--big] [--batched-only | --accept-only]
if (args.Contains("--html-memory"))
{
    HtmlMemoryBenchmark.Run(args);
    return;
}
if (args.Contains("--contributor-domains-db"))
{
    await ContributorDomainsBenchmark.RunDatabaseAsync();
    return;
}
if (args.Contains("--contributor-domains"))
{
    ContributorDomainsBenchmark.Run();
    return;
}
if (args.Contains("--read-loop"))
{
    ReadLoopBenchmark.Run(args);
    return;
}
if (args.Contains("--search-writes"))
{
    await SearchWriteBenchmark.RunAsync(args);
    return;
}
// --postgresql "Host=...;Username=..." (or BENCH_POSTGRESQL): every phase on PostgreSQL, a database of its own for each
// (regin_bench_<process>_<phase>, made by the migrations, dropped at the end); without it SQLite files in a temporary folder.
var postgresIndex = Array.IndexOf(args, "--postgresql");
var postgres = postgresIndex >= 0 && postgresIndex + 1 < args.Length ? args[postgresIndex + 1]
    : Environment.GetEnvironmentVariable("BENCH_POSTGRESQL") is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
if (postgresIndex >= 0 && postgresIndex + 1 >= args.Length)
{
    Console.WriteLine("--postgresql needs a connection string (Host=...;Port=...;Username=...)");
    Environment.ExitCode = 2;
    return;
}
var count = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (postgresIndex < 0 || i != postgresIndex + 1)).FirstOrDefault() is { } n
    ? int.Parse(n, CultureInfo.InvariantCulture) : 5000;
var big = args.Contains("--big");
// --batched-only: the baseline, reading and the batched ingest; not the per-mail path nor the interleaved rounds (a shorter run).
var batchedOnly = args.Contains("--batched-only");
var fixtures = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Regin.MailIngest.Tests", "TestData", "Emails");
// The templates as sent back: keys and labels in the 8 languages (01–16) and the three .docx templates (36–38).
var templates = Directory.GetFiles(fixtures, "*.eml")
    .Where(f => Regex.IsMatch(Path.GetFileName(f), @"^(0[1-9]|1[0-6]|3[6-8])-"))
    .Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
var folder = Directory.CreateTempSubdirectory("regin-ingest-bench-").FullName;
var files = new List<string>();
for (var i = 0; i < count; i++)
{
    // Latin-1 keeps every byte as it is (8-bit bodies, base64 attachments): only two header lines change.
    var text = Encoding.Latin1.GetString(templates[i % templates.Count]);
    text = Regex.Replace(text, "^(Message-ID: *<)", $"${{1}}b{i}.", RegexOptions.IgnoreCase | RegexOptions.Multiline);
    text = Regex.Replace(text, "^(From:[^<\r\n]*<)", $"${{1}}b{i}.", RegexOptions.IgnoreCase | RegexOptions.Multiline);
    var path = Path.Combine(folder, $"{i:D5}.eml");
    File.WriteAllBytes(path, Encoding.Latin1.GetBytes(text));
    files.Add(path);
}
if (big)
{
    files.Insert(files.Count / 2, WriteBigMail(folder, Encoding.Latin1.GetString(templates[0]), 30 * 1024 * 1024));
}
var megabytes = files.Sum(f => new FileInfo(f).Length) / (1024.0 * 1024.0);
Console.WriteLine($"{files.Count} mails ({templates.Count} templates, text and .docx{(big ? ", one with a 30 MB attachment" : "")}), {megabytes:F1} MB in files; "
    + $"{Environment.ProcessorCount} CPUs, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}; database: "
    + (postgres is null ? "SQLite (files in a temporary folder)" : $"PostgreSQL ({new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Password = null }.ConnectionString}, a database for each phase)"));

var parserOptions = new ParserOptions { MaxMimeDepth = MailProcessor.MaxMimeDepth };
if (args.Contains("--accept-parts"))
{
    // Where accepting's time goes, each part alone on one thread, 3 rounds (the fastest kept): reading the files, finding
    // their keys, MimeKit's parse of the same bytes.
    for (var round = 0; round < 3; round++)
    {
        var fileRead = Stopwatch.StartNew();
        var bytes = files.Select(File.ReadAllBytes).ToList();
        fileRead.Stop();
        var keying = Stopwatch.StartNew();
        foreach (var raw in bytes)
        {
            MailReader.Identify(raw);
        }
        keying.Stop();
        var parsing = Stopwatch.StartNew();
        foreach (var raw in bytes)
        {
            MimeMessage.Load(parserOptions, new MemoryStream(raw, false));
        }
        parsing.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"round {round}: reading the files {fileRead.Elapsed.TotalMilliseconds * 1000 / files.Count:F1} µs a mail, their keys {keying.Elapsed.TotalMilliseconds * 1000 / files.Count:F1} µs, MimeKit's parse from memory {parsing.Elapsed.TotalMilliseconds * 1000 / files.Count:F1} µs"));
    }
    return;
}
// Warm-up of every path (JIT, questionnaire, regexes), not measured.
foreach (var path in files.Take(templates.Count))
{
    await using var stream = File.OpenRead(path);
    MimeMessage.Load(parserOptions, stream);
}

ResetPeak();
var parseCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var parse = Stopwatch.StartNew();
foreach (var path in files)
{
    await using var stream = File.OpenRead(path);
    MimeMessage.Load(parserOptions, stream);
}
parse.Stop();
var parseCpu = Process.GetCurrentProcess().TotalProcessorTime - parseCpuBefore;
var parsePeak = Process.GetCurrentProcess().PeakWorkingSet64;

var dbFolder = Directory.CreateTempSubdirectory("regin-bench-").FullName;
var postgresDatabases = new List<string>();
string ConnectionString(string database)
{
    if (postgres is null)
    {
        return $"Data Source={Path.Combine(dbFolder, database)}";
    }
    var name = $"regin_bench_{Environment.ProcessId}_{Regex.Replace(Path.GetFileNameWithoutExtension(database), "[^a-z0-9]", "_")}";
    postgresDatabases.Add(name);
    return new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString;
}
async Task<IHost> StartHostAsync(string database)
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Regin"] = ConnectionString(database),
        [Regin.Core.Hosting.ReginCoreExtensions.ProviderKey] = postgres is null ? "Sqlite" : "PostgreSQL",
        // The fixtures carry our server's Authentication-Results: senders are authenticated, replies are composed and queued.
        ["Mail:AuthServId"] = "mx.crpm.org",
        // Every mail is answered (the default caps, 100 replies an hour, would hold back all but the first 100).
        ["Mail:MaxRepliesPerHour"] = "100000",
    });
    // Mail__BatchSize=50, Mail__ReadWorkers=1 ... from the environment, to compare settings.
    builder.Configuration.AddEnvironmentVariables();
    builder.Logging.ClearProviders();
    builder.AddMailIngest();
    var started = builder.Build();
    await started.Services.InitialiseReginAsync();
    foreach (var bytes in templates)
    {
        // Warm-up of the ingest path (each template once, under Message-IDs of their own).
        await using var warm = started.Services.CreateAsyncScope();
        var text = Regex.Replace(Encoding.Latin1.GetString(bytes), "^(Message-ID: *<)", "${1}warm.", RegexOptions.IgnoreCase | RegexOptions.Multiline);
        await warm.ServiceProvider.GetRequiredService<MailProcessor>().ProcessAsync(Encoding.Latin1.GetBytes(text));
    }
    // And the batch path (each template once more, under other Message-IDs), so neither phase pays for the JIT.
    var warmBatch = templates.Select((bytes, i) => Encoding.Latin1.GetBytes(Regex.Replace(Encoding.Latin1.GetString(bytes), "^(Message-ID: *<)", "${1}warmb.",
        RegexOptions.IgnoreCase | RegexOptions.Multiline))).ToList();
    await started.Services.GetRequiredService<MailBatchIngester>().IngestAsync(
        warmBatch.Select((bytes, i) => new MailSource($"warm{i}", _ => Task.FromResult(bytes))).ToAsyncEnumerable(), (_, _) => Task.CompletedTask);
    return started;
}
// --accept-only: the first stage alone (MailAcceptor: every mail's bytes stored and deduplicated, Mail:BatchSize to a
// transaction) into a database of its own, between two MimeKit parses of the same files (the ratio is to their mean: the
// load of a shared machine moves during a run); long enough at 5,000 mails to compare builds, which the whole run is not.
if (args.Contains("--accept-only"))
{
    await AcceptOnlyAsync();
    await DropDatabasesAsync();
    return;
}
using var host = await StartHostAsync("regin.db");
// As the `ingest` command and the watcher do: SQLite's log copied into the file beside the writer (SqliteCheckpointer).
var checkpointer = host.Services.GetRequiredService<Regin.Core.Persistence.Sqlite.SqliteCheckpointer>();
await checkpointer.StartAsync(CancellationToken.None);
// EF Core's own counters (meter Microsoft.EntityFrameworkCore): queries run and SaveChanges calls, per phase.
var efCounts = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
using var meters = new System.Diagnostics.Metrics.MeterListener();
meters.InstrumentPublished = (instrument, listener) =>
{
    if (instrument.Meter.Name == "Microsoft.EntityFrameworkCore" && instrument.Name is "microsoft.entityframeworkcore.queries" or "microsoft.entityframeworkcore.savechanges")
    {
        listener.EnableMeasurementEvents(instrument);
    }
};
// Observable counters of running totals: the last value read is the total.
meters.SetMeasurementEventCallback<long>((instrument, value, _, _) => efCounts[instrument.Name] = value);
meters.Start();
(long Queries, long Saves) EfCounts()
{
    meters.RecordObservableInstruments();
    return (efCounts.GetValueOrDefault("microsoft.entityframeworkcore.queries"), efCounts.GetValueOrDefault("microsoft.entityframeworkcore.savechanges"));
}
// EF Core's commands (through its DiagnosticListener): time spent in the database per statement, summed per phase.
var sqlTimes = new SqlTimes();
using var sqlListener = DiagnosticListener.AllListeners.Subscribe(sqlTimes);
ResetPeak();
var reader = host.Services.GetRequiredService<Regin.MailIngest.Parsing.MailContentReader>();
var normaliser = host.Services.GetRequiredService<Regin.Core.Normalisation.AnswerNormaliser>();
var normalising = new Stopwatch();
var read = Stopwatch.StartNew();
foreach (var path in files)
{
    await using var stream = File.OpenRead(path);
    var message = MimeMessage.Load(parserOptions, stream);
    var parsed = reader.Read(message);
    normalising.Start();
    foreach (var answer in parsed.Answers)
    {
        normaliser.Normalise(answer.QuestionId, answer.Text, parsed.Language ?? "en");
    }
    normalising.Stop();
}
read.Stop();
var readPeak = Process.GetCurrentProcess().PeakWorkingSet64;
// --big: the same batched ingest without the large mail first (a database of its own), so the two peaks come from one run.
long? peakWithoutBig = null;
if (big)
{
    using var withoutBigHost = await StartHostAsync("without-big.db");
    var withoutBigCheckpointer = withoutBigHost.Services.GetRequiredService<Regin.Core.Persistence.Sqlite.SqliteCheckpointer>();
    await withoutBigCheckpointer.StartAsync(CancellationToken.None);
    var withoutBig = files.Where(f => !f.EndsWith("big.eml", StringComparison.Ordinal)).ToList();
    ResetPeak();
    await withoutBigHost.Services.GetRequiredService<MailBatchIngester>().IngestAsync(
        withoutBig.Select(f => Regin.MailIngest.Commands.IngestCommand.FileSource(f, host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Regin.MailIngest.Options.MailboxOptions>>().Value.MaxMessageBytes)).ToAsyncEnumerable(),
        (_, _) => Task.CompletedTask, new IngestStages { ReadWhileAccepting = false });
    peakWithoutBig = Process.GetCurrentProcess().PeakWorkingSet64;
    await withoutBigCheckpointer.StopAsync(CancellationToken.None);
}
ResetPeak();
// The batched phase's working set apart: the managed heap's largest size (sampled), and the working set it started from.
var batchedStartWs = Process.GetCurrentProcess().WorkingSet64;
var heapPeak = 0L;
var rssFilePeak = 0L;
var rssAnonPeak = 0L;
static long StatusKb(string[] status, string key) =>
    status.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal)) is { } line ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) : 0;
using var heapSampling = new CancellationTokenSource();
var heapSampler = Task.Run(async () =>
{
    while (!heapSampling.IsCancellationRequested)
    {
        heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(false));
        var status = File.ReadAllLines("/proc/self/status");
        rssFilePeak = Math.Max(rssFilePeak, StatusKb(status, "RssFile:") * 1024);
        rssAnonPeak = Math.Max(rssAnonPeak, StatusKb(status, "RssAnon:") * 1024);
        await Task.Delay(20);
    }
});
var outcomes = new Dictionary<string, int>();
var maxBytes = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Regin.MailIngest.Options.MailboxOptions>>().Value.MaxMessageBytes;
var batches = 0;
// When each batch was acknowledged and how many mails it held: ms a mail per tenth of the run shows a cost growing with the database.
var commitTimes = new List<(TimeSpan At, int Mails)>();
var efBefore = EfCounts();
sqlTimes.Recording = true;
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var gcPauseBefore = GC.GetTotalPauseDuration();
var gcCountBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
var contentionBefore = Monitor.LockContentionCount;
var acceptorBefore = (host.Services.GetRequiredService<MailAcceptor>().WritingTime, host.Services.GetRequiredService<MailAcceptor>().WaitingTime);
var acceptorPartsBefore = host.Services.GetRequiredService<MailAcceptor>().WritingParts;
host.Services.GetRequiredService<MailAcceptor>().ResetSlowestCommit();
var probeBefore = WriterProbe.Totals();
var writingBefore = host.Services.GetRequiredService<MailBatchIngester>().WritingTime;
var batched = Stopwatch.StartNew();
// The `ingest` command's two stages: every mail accepted (raw bytes stored and deduplicated), then read from the rows.
var accepting = Stopwatch.StartNew();
var acceptedMails = 0;
var acceptedNew = 0;
var acceptCommits = 0;
var acceptCpu = TimeSpan.Zero;
var heapAfterAccepting = 0L;
var peakAfterAccepting = 0L;
var readRows = new HashSet<long>();
var reported = 0;
await host.Services.GetRequiredService<MailBatchIngester>().IngestAsync(
    files.Select(f => Regin.MailIngest.Commands.IngestCommand.FileSource(f, maxBytes)).ToAsyncEnumerable(), (batch, _) =>
    {
        batches++;
        commitTimes.Add((batched.Elapsed, batch.Count));
        foreach (var mail in batch)
        {
            outcomes[mail.Result.Outcome] = outcomes.GetValueOrDefault(mail.Result.Outcome) + 1;
            readRows.Add(mail.Result.RawInputId);
            reported++;
        }
        return Task.CompletedTask;
    }, new IngestStages
    {
        ReadWhileAccepting = false,
        Accepted = (batch, _) =>
        {
            acceptedMails += batch.Count;
            acceptedNew += batch.Count(m => m.IsNew);
            acceptCommits++;
            if (acceptedMails == files.Count)
            {
                accepting.Stop();
                acceptCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                heapAfterAccepting = GC.GetTotalMemory(false);
                peakAfterAccepting = Process.GetCurrentProcess().PeakWorkingSet64;
            }
            return Task.CompletedTask;
        },
    });
batched.Stop();
var readStage = batched.Elapsed - accepting.Elapsed;
// A benchmark that loses mails is worthless: every file accepted once, stored, read and given its outcome.
var stillReceived = await host.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<Regin.Core.Persistence.ReginDbContext>().RawInputs
    .CountAsync(r => r.Channel == "email" && (r.Outcome == MailProcessor.RawReceived || r.Outcome == MailProcessor.RawProcessing));
var lost = new List<string>();
if (acceptedMails != files.Count || acceptedNew != files.Count)
{
    lost.Add($"accepted {acceptedMails} ({acceptedNew} new) of {files.Count}");
}
if (reported != files.Count || readRows.Count != files.Count)
{
    lost.Add($"{reported} outcomes for {readRows.Count} rows, of {files.Count} mails");
}
if (stillReceived != 0)
{
    lost.Add($"{stillReceived} rows accepted and never read");
}
if (outcomes.Keys.Any(o => o is MailOutcomes.Duplicate or MailOutcomes.InProgress or MailOutcomes.Retry or MailOutcomes.Failed))
{
    lost.Add("outcomes other than a new mail's: " + string.Join(", ", outcomes.Select(o => $"{o.Value} {o.Key}")));
}
var batchedCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
var probe = WriterProbe.Totals().ToDictionary(p => p.Key, p => p.Value - probeBefore[p.Key]);
var batchedGcPause = GC.GetTotalPauseDuration() - gcPauseBefore;
var batchedGcs = (GC.CollectionCount(0) - gcCountBefore.Item1, GC.CollectionCount(1) - gcCountBefore.Item2, GC.CollectionCount(2) - gcCountBefore.Item3);
var batchedContention = Monitor.LockContentionCount - contentionBefore;
sqlTimes.Recording = false;
var efBatched = (Queries: EfCounts().Queries - efBefore.Queries, Saves: EfCounts().Saves - efBefore.Saves);
var batchedPeak = Process.GetCurrentProcess().PeakWorkingSet64;
await heapSampling.CancelAsync();
await heapSampler;

var oldFiles = files.Take(batchedOnly ? 0 : Math.Min(files.Count, 200)).ToList();
using var oldHost = batchedOnly ? null : await StartHostAsync("old.db");
ResetPeak();
efBefore = EfCounts();
var sequential = Stopwatch.StartNew();
foreach (var path in oldFiles)
{
    await using var scope = oldHost!.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<MailProcessor>().ProcessAsync(await File.ReadAllBytesAsync(path));
}
sequential.Stop();
var efSequential = (Queries: EfCounts().Queries - efBefore.Queries, Saves: EfCounts().Saves - efBefore.Saves);
var sequentialPeak = Process.GetCurrentProcess().PeakWorkingSet64;

// The two paths under the same load: rounds of 50 mails, each round in batches (a database of its own), then one by one
// (another); on a shared machine, phases minutes apart do not see the same load.
using var abBatchedHost = batchedOnly ? null : await StartHostAsync("ab-batched.db");
using var abOneHost = batchedOnly ? null : await StartHostAsync("ab-one.db");
var abBatched = new Stopwatch();
var abOne = new Stopwatch();
var abMails = 0;
foreach (var round in files.Take(batchedOnly ? 0 : 200).Chunk(50))
{
    abBatched.Start();
    await abBatchedHost!.Services.GetRequiredService<MailBatchIngester>().IngestAsync(
        round.Select(f => Regin.MailIngest.Commands.IngestCommand.FileSource(f, maxBytes)).ToAsyncEnumerable(), (_, _) => Task.CompletedTask);
    abBatched.Stop();
    abOne.Start();
    foreach (var path in round)
    {
        await using var scope = abOneHost!.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MailProcessor>().ProcessAsync(await File.ReadAllBytesAsync(path));
    }
    abOne.Stop();
    abMails += round.Length;
}

double Rate(Stopwatch s, int mails) => mails / s.Elapsed.TotalSeconds;
var parseRate = Rate(parse, files.Count);
string Row(string phase, Stopwatch s, int mails, long peak) => string.Create(CultureInfo.InvariantCulture,
    $"| {phase,-58} | {mails,6} | {s.Elapsed.TotalSeconds,7:F2} | {Rate(s, mails),7:F0} | {Rate(s, mails) / parseRate,8:F3} | {peak / (1024 * 1024),9} MB |");
Console.WriteLine();
Console.WriteLine($"| {"phase",-58} | {"mails",6} | {"seconds",7} | {"mails/s",7} | {"× parse",8} | {"peak WS",12} |");
Console.WriteLine($"|{new string('-', 60)}|-------:|--------:|--------:|---------:|-------------:|");
Console.WriteLine(Row("baseline: MimeKit parse alone", parse, files.Count, parsePeak));
Console.WriteLine(Row("parse + find answers + normalise (no database), 1 thread", read, files.Count, readPeak));
string RowOf(string phase, TimeSpan elapsed, int mails, string peak) => string.Create(CultureInfo.InvariantCulture,
    $"| {phase,-58} | {mails,6} | {elapsed.TotalSeconds,7:F2} | {mails / elapsed.TotalSeconds,7:F0} | {mails / elapsed.TotalSeconds / parseRate,8:F3} | {peak,12} |");
Console.WriteLine(RowOf($"accepted: raw bytes stored, deduplicated ({acceptCommits} commits)", accepting.Elapsed, acceptedMails, ""));
Console.WriteLine(RowOf($"read and answered, from the start ({batches} commits)", batched.Elapsed, files.Count, $"{batchedPeak / (1024 * 1024),9} MB"));
Console.WriteLine(RowOf($"  of it reading the accepted rows ({Environment.ProcessorCount} readers, 1 writer)", readStage, files.Count, ""));
Console.WriteLine(Row("before: ProcessAsync per mail, sequential", sequential, oldFiles.Count, sequentialPeak));
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Per mail: parse {1000 / parseRate:F2} ms, reading {1000 / Rate(read, files.Count) - 1000 / parseRate - normalising.Elapsed.TotalMilliseconds / files.Count:F2} ms, normalising {normalising.Elapsed.TotalMilliseconds / files.Count:F2} ms (one thread); batched ingest {1000 / Rate(batched, files.Count):F2} ms of wall time; per mail before {1000 / Rate(sequential, oldFiles.Count):F2} ms."));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"EF Core per mail (queries / SaveChanges; ExecuteUpdate and raw SQL not counted): batches {(double)efBatched.Queries / files.Count:F1} / {(double)efBatched.Saves / files.Count:F1}, before {(double)efSequential.Queries / oldFiles.Count:F1} / {(double)efSequential.Saves / oldFiles.Count:F1}."));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Same load, interleaved ({abMails} mails in rounds of 50): in batches {abBatched.Elapsed.TotalMilliseconds / abMails:F2} ms a mail, one by one {abOne.Elapsed.TotalMilliseconds / abMails:F2} ms a mail: batches {abOne.Elapsed / abBatched.Elapsed:F2}× faster."));
var ingester = host.Services.GetRequiredService<MailBatchIngester>();
var acceptor = host.Services.GetRequiredService<MailAcceptor>();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"CPU a mail (all threads, less sensitive to the machine's load than the wall time): MimeKit's parse {parseCpu.TotalMilliseconds * 1000 / files.Count:F0} µs, accepting {acceptCpu.TotalMilliseconds * 1000 / files.Count:F0} µs, reading {(batchedCpu - acceptCpu).TotalMilliseconds * 1000 / files.Count:F0} µs."));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Accepting: {accepting.Elapsed.TotalMilliseconds / files.Count:F3} ms a mail; its writer spent {(acceptor.WritingTime - acceptorBefore.WritingTime).TotalSeconds:F2} s in its transactions and waited {(acceptor.WaitingTime - acceptorBefore.WaitingTime).TotalSeconds:F2} s for mails (fetched, keyed), of {accepting.Elapsed.TotalSeconds:F2} s; in µs a mail, the keys looked up {(acceptor.WritingParts[0] - acceptorPartsBefore[0]).TotalMilliseconds * 1000 / files.Count:F1}, the rows inserted {(acceptor.WritingParts[1] - acceptorPartsBefore[1]).TotalMilliseconds * 1000 / files.Count:F1}, their bytes {(acceptor.WritingParts[2] - acceptorPartsBefore[2]).TotalMilliseconds * 1000 / files.Count:F1}, the commits {(acceptor.WritingParts[3] - acceptorPartsBefore[3]).TotalMilliseconds * 1000 / files.Count:F1}; the slowest batch {acceptor.SlowestCommit.TotalMilliseconds:F1} ms."));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Batched ingest's writer: committing {ingester.WritingTime.TotalSeconds:F2} s (of which composing and storing the replies {ingester.ComposingTime.TotalSeconds:F2} s, the commits with their search index {ingester.CommittingTime.TotalSeconds:F2} s), waiting for mails to be read {ingester.WaitingForReadsTime.TotalSeconds:F2} s, of {batched.Elapsed.TotalSeconds:F2} s."));
var writing = ingester.WritingTime - writingBefore;
var probed = probe.Values.Aggregate(TimeSpan.Zero, (a, b) => a + b);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"The writer's {writing.TotalSeconds:F2} s by stage (µs a mail, share of the writer's time; WriterProbe): ")
    + string.Join(", ", probe.Where(p => p.Value > TimeSpan.Zero).OrderByDescending(p => p.Value).Select(p => string.Create(CultureInfo.InvariantCulture,
        $"{p.Key} {p.Value.TotalMilliseconds * 1000 / files.Count:F0} ({p.Value / writing:P0})")))
    + string.Create(CultureInfo.InvariantCulture, $", the rest {(writing - probed).TotalMilliseconds * 1000 / files.Count:F0} ({(writing - probed) / writing:P0})."));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Batched ingest's CPU: {batchedCpu.TotalSeconds:F2} s of CPU in {batched.Elapsed.TotalSeconds:F2} s = {batchedCpu / batched.Elapsed:F2} of {Environment.ProcessorCount} cores busy; the readers' threads spent {ingester.ReadingTime.TotalSeconds:F2} s reading ({ingester.ReadingTime.TotalMilliseconds / files.Count:F2} ms a mail, wall time of each read); the GC paused the process {batchedGcPause.TotalSeconds:F2} s ({batchedGcs.Item1}/{batchedGcs.Item2}/{batchedGcs.Item3} collections of generations 0/1/2); {batchedContention} contended locks."));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Batched ingest's working set: {batchedStartWs / (1024 * 1024)} MB at its start, peak {batchedPeak / (1024 * 1024)} MB (when all was accepted: peak {peakAfterAccepting / (1024 * 1024)} MB, managed heap {heapAfterAccepting / (1024 * 1024)} MB); managed heap at most {heapPeak / (1024 * 1024)} MB, anonymous memory {rssAnonPeak / (1024 * 1024)} MB, file pages {rssFilePeak / (1024 * 1024)} MB (each sampled every 20 ms, at most)."));
if (peakWithoutBig is { } without)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Peak working set of the batched ingest in this run: without the 30 MB mail {without / (1024 * 1024)} MB, with it {batchedPeak / (1024 * 1024)} MB ({(batchedPeak - without) / (1024 * 1024):+0;-0} MB)."));
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Batched ingest's SQL through EF Core: {sqlTimes.Total.TotalSeconds:F2} s in {sqlTimes.Count} commands; the most costly:"));
foreach (var (statement, time, commands) in sqlTimes.Top(8))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {time.TotalSeconds,6:F2} s {commands,7} × {statement}"));
}
var tenths = new List<string>();
var mailsSoFar = 0;
var tenthStart = (At: TimeSpan.Zero, Mails: 0);
foreach (var (at, mails) in commitTimes)
{
    mailsSoFar += mails;
    if (mailsSoFar - tenthStart.Mails >= Math.Max(1, files.Count / 10) || mailsSoFar == files.Count)
    {
        tenths.Add(string.Create(CultureInfo.InvariantCulture, $"{(at - tenthStart.At).TotalMilliseconds / (mailsSoFar - tenthStart.Mails):F1}"));
        tenthStart = (at, mailsSoFar);
    }
}
Console.WriteLine("Batched ingest, ms a mail in each tenth of the run (a cost that grows with the database shows here): " + string.Join(" ", tenths));
Console.WriteLine("Outcomes (batches): " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Value} {o.Key}")));
Console.WriteLine(lost.Count == 0
    ? $"Checked: all {files.Count} mails accepted once, stored, read and recorded (none left received)."
    : "MAILS LOST OR DOUBLED, the figures above are worthless: " + string.Join("; ", lost));
if (lost.Count > 0)
{
    Environment.ExitCode = 3;
}
await checkpointer.StopAsync(CancellationToken.None);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Checkpoints beside the writer: {checkpointer.Checkpoints}."));
await DropDatabasesAsync();

// The databases and the mail files removed (BENCH_KEEP_DATABASE=1 keeps the databases).
async Task DropDatabasesAsync()
{
    SqliteConnection.ClearAllPools();
    Npgsql.NpgsqlConnection.ClearAllPools();
    if (Environment.GetEnvironmentVariable("BENCH_KEEP_DATABASE") == "1")
    {
        Console.WriteLine("Databases kept in " + (postgres is null ? dbFolder : string.Join(", ", postgresDatabases)));
    }
    else
    {
        Directory.Delete(dbFolder, recursive: true);
        if (postgres is not null)
        {
            await using var admin = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Database = "postgres", Pooling = false }.ConnectionString);
            await admin.OpenAsync();
            foreach (var name in postgresDatabases)
            {
                await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
        }
    }
    Directory.Delete(folder, recursive: true);
}

// The accepting stage alone (--accept-only), its table and checks.
async Task AcceptOnlyAsync()
{
    using var acceptHost = await StartHostAsync("accept.db");
    var acceptCheckpointer = acceptHost.Services.GetRequiredService<Regin.Core.Persistence.Sqlite.SqliteCheckpointer>();
    await acceptCheckpointer.StartAsync(CancellationToken.None);
    var acceptor = acceptHost.Services.GetRequiredService<MailAcceptor>();
    var maxBytes = acceptHost.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Regin.MailIngest.Options.MailboxOptions>>().Value.MaxMessageBytes;
    var writingBefore = (acceptor.WritingTime, acceptor.WaitingTime, acceptor.WritingParts);
    acceptor.ResetSlowestCommit();
    var accepted = 0;
    var acceptedNew = 0;
    var commits = 0;
    var ids = new HashSet<long>();
    ResetPeak();
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var timer = Stopwatch.StartNew();
    await acceptor.AcceptAsync(files.Select(f => Regin.MailIngest.Commands.IngestCommand.FileSource(f, maxBytes)).ToAsyncEnumerable(), (batch, _) =>
    {
        commits++;
        accepted += batch.Count;
        acceptedNew += batch.Count(m => m.IsNew);
        ids.UnionWith(batch.Select(m => m.RawInputId));
        return Task.CompletedTask;
    });
    timer.Stop();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var peak = Process.GetCurrentProcess().PeakWorkingSet64;
    await acceptCheckpointer.StopAsync(CancellationToken.None);
    // MimeKit's parse again, after: the load may have moved during the run.
    var parseAfter = Stopwatch.StartNew();
    foreach (var path in files)
    {
        await using var stream = File.OpenRead(path);
        MimeMessage.Load(parserOptions, stream);
    }
    parseAfter.Stop();
    await using var checkScope = acceptHost.Services.CreateAsyncScope();
    var db = checkScope.ServiceProvider.GetRequiredService<Regin.Core.Persistence.ReginDbContext>();
    // Each row's size (as the reader selects it: SQLite cannot translate a filter on it).
    var sizes = await db.RawInputs.Where(r => r.Channel == "email" && r.Outcome == MailProcessor.RawReceived && r.Attempts == 0).Select(r => r.Content.Length).ToListAsync();
    var received = sizes.Count;
    var withBytes = sizes.Count(size => size > 0);
    var before = files.Count / parse.Elapsed.TotalSeconds;
    var after = files.Count / parseAfter.Elapsed.TotalSeconds;
    var mimeKit = (before + after) / 2;
    var rate = accepted / timer.Elapsed.TotalSeconds;
    string Line(string phase, TimeSpan elapsed, double mailsPerSecond, string peakText) => string.Create(CultureInfo.InvariantCulture,
        $"| {phase,-46} | {files.Count,6} | {elapsed.TotalSeconds,7:F2} | {mailsPerSecond,7:F0} | {mailsPerSecond / mimeKit,8:F3} | {peakText,12} |");
    Console.WriteLine();
    Console.WriteLine($"| {"phase",-46} | {"mails",6} | {"seconds",7} | {"mails/s",7} | {"× MimeKit",8} | {"peak WS",12} |");
    Console.WriteLine($"|{new string('-', 48)}|-------:|--------:|--------:|---------:|-------------:|");
    Console.WriteLine(Line("MimeKit parse alone, before", parse.Elapsed, before, $"{parsePeak / (1024 * 1024),9} MB"));
    Console.WriteLine(Line($"accepted: bytes stored, deduplicated ({commits} commits)", timer.Elapsed, rate, $"{peak / (1024 * 1024),9} MB"));
    Console.WriteLine(Line("MimeKit parse alone, after", parseAfter.Elapsed, after, ""));
    var parts = acceptor.WritingParts.Zip(writingBefore.WritingParts, (a, b) => (a - b).TotalMilliseconds * 1000 / files.Count).ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Accepting ÷ MimeKit (the mean of before and after, {mimeKit:F0} mails/s): {rate / mimeKit:F3}×. CPU a mail (all threads): MimeKit {parseCpu.TotalMilliseconds * 1000 / files.Count:F0} µs, accepting {cpu.TotalMilliseconds * 1000 / files.Count:F0} µs."));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Its writer: {(acceptor.WritingTime - writingBefore.WritingTime).TotalSeconds:F2} s in its transactions, {(acceptor.WaitingTime - writingBefore.WaitingTime).TotalSeconds:F2} s waiting for mails, of {timer.Elapsed.TotalSeconds:F2} s; in µs a mail: keys looked up {parts[0]:F1}, rows inserted {parts[1]:F1}, bytes {parts[2]:F1}, commits {parts[3]:F1}; the slowest batch {acceptor.SlowestCommit.TotalMilliseconds:F1} ms."));
    var problems = new List<string>();
    if (accepted != files.Count || acceptedNew != files.Count || ids.Count != files.Count)
    {
        problems.Add($"accepted {accepted} ({acceptedNew} new, {ids.Count} rows) of {files.Count}");
    }
    if (received != files.Count || withBytes != files.Count)
    {
        problems.Add($"{received} rows waiting for the reader ({withBytes} with their bytes), of {files.Count}");
    }
    Console.WriteLine(problems.Count == 0
        ? $"Checked: all {files.Count} mails accepted once, each a row waiting for the reader with its bytes."
        : "MAILS LOST OR DOUBLED, the figures above are worthless: " + string.Join("; ", problems));
    if (problems.Count > 0)
    {
        Environment.ExitCode = 3;
    }
}

// The peak working set (VmHWM) starts again from the current one: each phase reports its own peak.
static void ResetPeak()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    try
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        Console.WriteLine("(the peak working set could not be reset: each figure is the process's peak so far)");
    }
}

// A template mail with a 30 MB attachment (random bytes, base64), as a large scan would come.
static string WriteBigMail(string folder, string template, int attachmentBytes)
{
    var split = template.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var crlf and >= 0 ? (crlf, 4) : (template.IndexOf("\n\n", StringComparison.Ordinal), 2);
    var headers = Regex.Replace(template[..split.Item1], "^(Message-ID: *<)", "${1}big.", RegexOptions.IgnoreCase | RegexOptions.Multiline);
    headers = Regex.Replace(headers, "^(Content-Type|Content-Transfer-Encoding):.*$\r?\n?", "", RegexOptions.IgnoreCase | RegexOptions.Multiline).TrimEnd();
    var body = template[(split.Item1 + split.Item2)..];
    var bytes = new byte[attachmentBytes];
    new Random(30).NextBytes(bytes);
    var path = Path.Combine(folder, "big.eml");
    using var writer = new StreamWriter(path, false, Encoding.Latin1);
    writer.Write(headers + "\r\nContent-Type: multipart/mixed; boundary=\"big-boundary\"\r\n\r\n");
    writer.Write("--big-boundary\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n");
    writer.Write("--big-boundary\r\nContent-Type: application/pdf; name=\"scan.pdf\"\r\nContent-Disposition: attachment; filename=\"scan.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    writer.Write(Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks));
    writer.Write("\r\n--big-boundary--\r\n");
    return path;
}

/// <summary>EF Core's executed commands, their time summed by statement (its first 70 characters).</summary>
sealed class SqlTimes : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Ticks, int Count)> _times = new();

    public volatile bool Recording;

    public TimeSpan Total => TimeSpan.FromTicks(_times.Values.Sum(t => t.Ticks));

    public int Count => _times.Values.Sum(t => t.Count);

    public IEnumerable<(string Statement, TimeSpan Time, int Count)> Top(int count) =>
        _times.OrderByDescending(t => t.Value.Ticks).Take(count).Select(t => (t.Key, TimeSpan.FromTicks(t.Value.Ticks), t.Value.Count));

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == Microsoft.EntityFrameworkCore.DbLoggerCategory.Name)
        {
            value.Subscribe(this);
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (Recording && value.Value is Microsoft.EntityFrameworkCore.Diagnostics.CommandExecutedEventData executed)
        {
            var text = Regex.Replace(executed.Command.CommandText, @"\s+", " ").Trim();
            text = text.StartsWith("SAVEPOINT", StringComparison.Ordinal) || text.StartsWith("RELEASE", StringComparison.Ordinal) ? text.Split(' ')[0] : text;
            var key = text.Length > 70 ? text[..70] : text;
            _times.AddOrUpdate(key, (executed.Duration.Ticks, 1), (_, t) => (t.Ticks + executed.Duration.Ticks, t.Count + 1));
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}
