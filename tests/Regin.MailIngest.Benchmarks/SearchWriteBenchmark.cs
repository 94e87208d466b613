using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

/// <summary>
/// The search index's write cost on SQLite, A/B in one process: two databases, one with the search document written
/// once per practice per transaction (migration SearchOncePerCommit: the triggers mark, the commit indexes), one taken
/// back to the triggers before it (each answer row rebuilds its practice's whole document). Rounds alternate between
/// them under the same load; each round is one transaction of practices written as the mail writer writes them (a
/// practice, then its answers in one SaveChanges), and both databases grow alike.
///   dotnet run -c Release --project tests/Regin.MailIngest.Benchmarks -- --search-writes [rounds=20] [practices=20] [answers=30]
/// </summary>
internal static class SearchWriteBenchmark
{
    private static readonly string[] Sentences =
    [
        "Newly arrived families needed a single place to ask about schools, health care and housing.",
        "The regional authority coordinated municipalities, NGOs and migrant associations around shared goals.",
        "Trained peer communicators met participants weekly in their own languages.",
        "Results were monitored every six months with a simple set of indicators agreed with partners.",
        "The main challenge was reaching women who rarely attend public services; outreach through schools helped.",
        "Other regions can start small, with one municipality and a local NGO, and grow from there.",
    ];

    public static async Task RunAsync(string[] args)
    {
        var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
        var rounds = numbers.ElementAtOrDefault(0) is > 0 and var r ? r : 20;
        var perRound = numbers.ElementAtOrDefault(1) is > 0 and var p ? p : 20;
        var answers = numbers.ElementAtOrDefault(2) is > 0 and var a ? a : 30;
        var folder = Directory.CreateTempSubdirectory("regin-search-writes-").FullName;
        var before = await CreateAsync(Path.Combine(folder, "per-answer.db"), perAnswerRow: true);
        var now = await CreateAsync(Path.Combine(folder, "per-commit.db"), perAnswerRow: false);
        // The floor: the same writes with no search index at all (the answers' triggers dropped).
        var none = await CreateAsync(Path.Combine(folder, "no-index.db"), perAnswerRow: false);
        await none.Database.ExecuteSqlRawAsync("""
            DROP TRIGGER practice_search_answer_added; DROP TRIGGER practice_search_answer_changed; DROP TRIGGER practice_search_answer_removed;
            """);
        Console.WriteLine($"SQLite search index write cost: {rounds} rounds alternating, each one transaction of {perRound} practices × {answers} answers; "
            + $"{Environment.ProcessorCount} CPUs, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        // Warm-up of both (JIT, statement caches), not measured.
        await WriteRoundAsync(before, 0, 2, answers);
        await WriteRoundAsync(now, 0, 2, answers);
        await WriteRoundAsync(none, 0, 2, answers);
        var timesBefore = new List<double>();
        var timesNow = new List<double>();
        var timesNone = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            // Which goes first alternates too.
            var first = round % 2 == 0;
            timesBefore.Add(first ? await WriteRoundAsync(before, round, perRound, answers) : 0);
            timesNow.Add(await WriteRoundAsync(now, round, perRound, answers));
            timesNone.Add(await WriteRoundAsync(none, round, perRound, answers));
            if (!first)
            {
                timesBefore[^1] = await WriteRoundAsync(before, round, perRound, answers);
            }
        }
        // The same search on both finds the same practices.
        var found = (await CountAsync(before, "peer communicators"), await CountAsync(now, "peer communicators"));
        if (found.Item1 != found.Item2)
        {
            throw new InvalidOperationException($"The two indexes differ: {found.Item1} and {found.Item2} practices found.");
        }
        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        var perPractice = (double ms) => ms / perRound;
        Console.WriteLine();
        var floor = Median(timesNone);
        Console.WriteLine("| search index | ms a practice, median | min | total s | × per commit | index's own ms a practice (median − no index) | (min − no index min) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| none (floor: the same writes, no index) | {perPractice(floor):F2} | {perPractice(timesNone.Min()):F2} | {timesNone.Sum() / 1000:F1} | {floor / Median(timesNow):F2} | 0 | 0 |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| per commit (now): triggers mark, commit indexes | {perPractice(Median(timesNow)):F2} | {perPractice(timesNow.Min()):F2} | {timesNow.Sum() / 1000:F1} | 1.00 | {perPractice(Median(timesNow) - floor):F2} | {perPractice(timesNow.Min() - timesNone.Min()):F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| per answer row (before) | {perPractice(Median(timesBefore)):F2} | {perPractice(timesBefore.Min()):F2} | {timesBefore.Sum() / 1000:F1} | {Median(timesBefore) / Median(timesNow):F2} | {perPractice(Median(timesBefore) - floor):F2} | {perPractice(timesBefore.Min() - timesNone.Min()):F2} |"));
        Console.WriteLine($"Both found {found.Item1} practices for the same words; load at the end {File.ReadAllText("/proc/loadavg").Split(' ')[0]}.");
        await before.DisposeAsync();
        await now.DisposeAsync();
        await none.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<DbContextOptions<ReginDbContext>> OptionsAsync(string path) =>
        await Task.FromResult(ReginDatabaseProvider.Create(ReginDatabaseProvider.SqliteName, $"Data Source={path}")
            .Configure(new DbContextOptionsBuilder<ReginDbContext>()).Options as DbContextOptions<ReginDbContext> ?? throw new InvalidOperationException());

    private static async Task<ReginDbContext> CreateAsync(string path, bool perAnswerRow)
    {
        var db = new ReginDbContext(await OptionsAsync(path));
        await db.Provider().MigrateAsync(db, NullLogger.Instance);
        if (perAnswerRow)
        {
            // Back to the triggers before SearchOncePerCommit (its Down).
            await db.GetService<IMigrator>().MigrateAsync("PracticeListKeys");
        }
        return db;
    }

    private static async Task<double> WriteRoundAsync(ReginDbContext db, int round, int practices, int answers)
    {
        db.ChangeTracker.Clear();
        var next = (await db.Practices.MaxAsync(p => (int?)p.Number) ?? 0) + 1;
        var random = new Random(round);
        var at = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            for (var i = 0; i < practices; i++)
            {
                var practice = new Practice
                {
                    Id = Guid.NewGuid(), Number = next + i, Language = "en", Channels = Channels.Email, Status = PracticeStatus.Draft, CreatedAt = at, UpdatedAt = at,
                };
                db.Practices.Add(practice);
                await db.SaveChangesAsync();
                for (var q = 0; q < answers; q++)
                {
                    practice.Answers.Add(new Answer
                    {
                        QuestionId = "q" + q.ToString("D2", CultureInfo.InvariantCulture),
                        Original = Sentences[random.Next(Sentences.Length)] + " " + Sentences[random.Next(Sentences.Length)],
                        UpdatedAt = at, UpdatedBy = "bench",
                    });
                }
                await db.SaveChangesAsync();
            }
            await transaction.CommitAsync();
        }
        watch.Stop();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<int> CountAsync(ReginDbContext db, string words) =>
        (await db.Provider().PracticesWithWords(db, words)!.ToListAsync()).Count;
}
