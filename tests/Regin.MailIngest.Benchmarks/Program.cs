using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;
using Regin.Core.Hosting;
using Regin.MailIngest.Hosting;
using Regin.MailIngest.Intake;

// Messages per second for ingest from .eml (parse + normalise + store, with the reply queued) against MimeKit's parse
// alone, on the fixture corpus repeated with fresh Message-IDs; peak memory after each phase.
//   dotnet run -c Release --project tests/Regin.MailIngest.Benchmarks -- [copies=10]
var copies = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10;
var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Regin.MailIngest.Tests", "TestData", "Emails");
var corpus = Directory.GetFiles(folder, "*.eml").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
var mails = new List<byte[]>();
for (var copy = 0; copy < copies; copy++)
{
    foreach (var bytes in corpus)
    {
        // A fresh Message-ID per copy, so every copy is a new message, not a duplicate.
        var text = Encoding.UTF8.GetString(bytes);
        mails.Add(Encoding.UTF8.GetBytes($"X-Bench: {copy}\r\n" + System.Text.RegularExpressions.Regex.Replace(text, "^(Message-ID: *<)", $"$1c{copy}.",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Multiline)));
    }
}
var megabytes = mails.Sum(m => (long)m.Length) / (1024.0 * 1024.0);
Console.WriteLine($"{mails.Count} messages ({corpus.Count} fixtures x {copies}), {megabytes:F1} MB");

// Warm-up of both paths (JIT, questionnaire, regex), not measured.
foreach (var bytes in corpus.Take(5))
{
    MimeMessage.Load(new MemoryStream(bytes));
}

GC.Collect();
var parse = Stopwatch.StartNew();
foreach (var bytes in mails)
{
    MimeMessage.Load(new ParserOptions { MaxMimeDepth = MailProcessor.MaxMimeDepth }, new MemoryStream(bytes, writable: false));
}
parse.Stop();
var parsePeak = Process.GetCurrentProcess().PeakWorkingSet64;

var dbFolder = Directory.CreateTempSubdirectory("regin-bench-").FullName;
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Regin"] = $"Data Source={Path.Combine(dbFolder, "regin.db")}" });
builder.Logging.ClearProviders();
builder.AddMailIngest();
using var host = builder.Build();
await host.Services.InitialiseReginAsync();
await using (var warm = host.Services.CreateAsyncScope())
{
    await warm.ServiceProvider.GetRequiredService<MailProcessor>().ProcessAsync(Encoding.UTF8.GetBytes("From: warm@example.org\r\nMessage-ID: <warm@x>\r\n\r\n[Q05] warm\r\n"));
}
GC.Collect();
var reader = host.Services.GetRequiredService<Regin.MailIngest.Parsing.MailContentReader>();
var normaliser = host.Services.GetRequiredService<Regin.Core.Normalisation.AnswerNormaliser>();
var read = Stopwatch.StartNew();
foreach (var bytes in mails)
{
    var message = MimeMessage.Load(new ParserOptions { MaxMimeDepth = MailProcessor.MaxMimeDepth }, new MemoryStream(bytes, writable: false));
    var parsed = reader.Read(message);
    foreach (var answer in parsed.Answers)
    {
        normaliser.Normalise(answer.QuestionId, answer.Text, parsed.Language ?? "en");
    }
}
read.Stop();
var readPeak = Process.GetCurrentProcess().PeakWorkingSet64;
GC.Collect();
var outcomes = new Dictionary<string, int>();
var ingest = Stopwatch.StartNew();
foreach (var bytes in mails)
{
    await using var scope = host.Services.CreateAsyncScope();
    var result = await scope.ServiceProvider.GetRequiredService<MailProcessor>().ProcessAsync(bytes);
    outcomes[result.Outcome] = outcomes.GetValueOrDefault(result.Outcome) + 1;
}
ingest.Stop();
var ingestPeak = Process.GetCurrentProcess().PeakWorkingSet64;

double Rate(Stopwatch s) => mails.Count / s.Elapsed.TotalSeconds;
Console.WriteLine();
Console.WriteLine("| phase                                   | messages | seconds | messages/s | peak working set |");
Console.WriteLine("|-----------------------------------------|---------:|--------:|-----------:|-----------------:|");
Console.WriteLine($"| MimeKit parse alone                     | {mails.Count,8} | {parse.Elapsed.TotalSeconds,7:F2} | {Rate(parse),10:F0} | {parsePeak / (1024 * 1024),13} MB |");
Console.WriteLine($"| parse + find answers + normalise (no DB) | {mails.Count,8} | {read.Elapsed.TotalSeconds,7:F2} | {Rate(read),10:F0} | {readPeak / (1024 * 1024),13} MB |");
Console.WriteLine($"| ingest (parse + normalise + store)      | {mails.Count,8} | {ingest.Elapsed.TotalSeconds,7:F2} | {Rate(ingest),10:F0} | {ingestPeak / (1024 * 1024),13} MB |");
Console.WriteLine();
Console.WriteLine($"ingest / parse throughput ratio: 1 : {Rate(parse) / Rate(ingest):F1} (ingest runs at {100 * Rate(ingest) / Rate(parse):F1}% of MimeKit's parse rate)");
Console.WriteLine("outcomes: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Value} {o.Key}")));
SqliteConnection.ClearAllPools();
Directory.Delete(dbFolder, recursive: true);
