using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;
using Regin.Core.Normalisation;
using Regin.MailIngest.Hosting;
using Regin.MailIngest.Intake;

/// <summary>
/// A batch reader's CPU work on one thread, against MimeKit's parse of the same bytes, in alternating rounds of the same
/// mails (the templates in 8 languages and the .docx ones, in memory: no file, no database): the reader as the batch
/// runs it (identify, parse, classify, sender verdict, find the answers, normalise them as a new draft), then its parts
/// alone (find the answers; normalise). Prints each one's fastest and median round as ms a mail and as a ratio to the
/// parse. Long enough to attach a profiler (`dotnet-trace collect -p PID`).
///   dotnet run -c Release --project tests/Regin.MailIngest.Benchmarks -- --read-loop [seconds=20]
/// </summary>
internal static class ReadLoopBenchmark
{
    public static void Run(string[] args)
    {
        var seconds = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : 20;
        var fixtures = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Regin.MailIngest.Tests", "TestData", "Emails");
        var mails = Directory.GetFiles(fixtures, "*.eml")
            .Where(f => Regex.IsMatch(Path.GetFileName(f), @"^(0[1-9]|1[0-6]|3[6-8])-"))
            .Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        // Several copies under Message-IDs of their own, so a round is long enough to time (about 100 mails).
        mails = Enumerable.Range(0, 6).SelectMany(copy => mails.Select(bytes => Encoding.Latin1.GetBytes(
            Regex.Replace(Encoding.Latin1.GetString(bytes), "^(Message-ID: *<)", $"${{1}}r{copy}.", RegexOptions.IgnoreCase | RegexOptions.Multiline)))).ToList();

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Regin"] = "Data Source=" + Path.Combine(Path.GetTempPath(), "regin-read-loop-unused.db"),
            ["Mail:AuthServId"] = "mx.crpm.org",
        });
        builder.Logging.ClearProviders();
        builder.AddMailIngest();
        using var host = builder.Build();
        var reader = host.Services.GetRequiredService<MailReader>();
        var contentReader = host.Services.GetRequiredService<Regin.MailIngest.Parsing.MailContentReader>();
        var normaliser = host.Services.GetRequiredService<AnswerNormaliser>();
        var texts = host.Services.GetRequiredService<Regin.Core.Localisation.Texts>();
        var parser = new ParserOptions { MaxMimeDepth = MailProcessor.MaxMimeDepth };

        var created = 0;
        void Parse(byte[] raw) => MimeMessage.Load(parser, new MemoryStream(raw, 0, raw.Length, writable: false, publiclyVisible: true), persistent: true);
        void Whole(byte[] raw)
        {
            MailReader.Identify(raw);
            var reading = reader.Read(raw);
            if (MailProcessor.NormaliseForNewDraft(reading, normaliser, texts, DateOnly.FromDateTime(DateTime.UtcNow)) is not null)
            {
                created++;
            }
        }
        // The parts, each after its own parse (not timed).
        var messages = mails.Select(raw => MimeMessage.Load(parser, new MemoryStream(raw, 0, raw.Length, writable: false, publiclyVisible: true), persistent: true)).ToList();
        var parsed = messages.Select(m => contentReader.Read(m)).ToList();
        void FindAnswers(int i) => contentReader.Read(messages[i]);
        void Normalise(int i)
        {
            foreach (var answer in parsed[i].Answers)
            {
                normaliser.Normalise(answer.QuestionId, answer.Text, parsed[i].Language ?? "en");
            }
        }

        (string Name, Action<int> Run)[] phases =
        [
            ("MimeKit parse (baseline)", i => Parse(mails[i])),
            ("reader as the batch runs it (identify, parse, classify, answers, normalise)", i => Whole(mails[i])),
            ("  of it: find the answers (MailContentReader.Read)", FindAnswers),
            ("  of it: normalise the answers", Normalise),
        ];
        var times = phases.Select(_ => new List<double>()).ToArray();
        // Warm-up (JIT, lookups built on first use), not timed.
        for (var p = 0; p < phases.Length; p++)
        {
            for (var i = 0; i < mails.Count; i++)
            {
                phases[p].Run(i);
            }
        }
        Console.WriteLine($"{mails.Count} mails a round, {seconds:0} s; pid {Environment.ProcessId}; load {File.ReadAllText("/proc/loadavg").Trim()}");
        var deadline = Stopwatch.StartNew();
        var clock = new Stopwatch();
        while (deadline.Elapsed.TotalSeconds < seconds)
        {
            for (var p = 0; p < phases.Length; p++)
            {
                clock.Restart();
                for (var i = 0; i < mails.Count; i++)
                {
                    phases[p].Run(i);
                }
                times[p].Add(clock.Elapsed.TotalMilliseconds / mails.Count);
            }
        }
        var baseMin = times[0].Min();
        var baseMedian = Median(times[0]);
        Console.WriteLine($"| {"phase",-76} | {"min ms/mail",11} | {"× parse",8} | {"median",8} | {"× parse",8} |");
        Console.WriteLine($"|{new string('-', 78)}|{new string('-', 13)}:|{new string('-', 9)}:|{new string('-', 9)}:|{new string('-', 9)}:|");
        for (var p = 0; p < phases.Length; p++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {phases[p].Name,-76} | {times[p].Min(),11:F3} | {times[p].Min() / baseMin,8:F1} | {Median(times[p]),8:F3} | {Median(times[p]) / baseMedian,8:F1} |"));
        }
        Console.WriteLine($"{times[0].Count} rounds; load {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
