using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.MailIngest.Intake;

/// <summary>
/// What the check of a mail's sender against our contributors' domains (<see cref="ContributorDomains"/>) costs, with 100
/// to 100,000 domains known, against MimeKit's parse of the same mails (a cost every mail pays anyway) and the look-alike
/// check of our own domains (<see cref="LookalikeSender"/>). Half the senders are look-alikes (a Cyrillic letter, "rn"
/// for "m", one letter off, the hyphens dropped), half strangers; the check must stay a few look-ups, not a scan.
///   dotnet run -c Release --project tests/Regin.MailIngest.Benchmarks -- --contributor-domains
/// </summary>
internal static class ContributorDomainsBenchmark
{
    private static readonly string[] Words = ["region", "lansstyrelsen", "kommune", "comune", "ayuntamiento", "landkreis", "dimos", "perifereia", "camara",
        "mairie", "stadt", "vasternorrland", "vastra-gotaland", "piemonte", "andalucia", "attiki", "bretagne", "algarve", "norrbotten", "sachsen"];

    public static void Run()
    {
        const int mails = 20_000;
        Console.WriteLine($"| domains known | load (ms) | check (µs/mail) | MimeKit parse (µs/mail) | our domains' check (µs/mail) | check / parse | flagged |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        var ours = new LookalikeSender("reginproject@crpm.org", ["regin-lab.eu"], ["REGIN"]);
        foreach (var known in new[] { 100, 10_000, 100_000 })
        {
            var domains = Enumerable.Range(0, known).Select(Domain).ToList();
            var load = Stopwatch.StartNew();
            var contributors = new ContributorDomains();
            foreach (var domain in domains)
            {
                contributors.Add("someone@" + domain);
            }
            load.Stop();
            var random = new Random(known);
            var raw = Enumerable.Range(0, mails).Select(i => Encoding.UTF8.GetBytes(
                $"From: Anna <anna@{(i % 2 == 0 ? Imitate(domains[random.Next(known)], i) : $"stranger{i}.example.com")}>\r\nTo: reginproject@crpm.org\r\n"
                + $"Subject: Mall\r\nMessage-ID: <{i}@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n[Q05] Välkomstcafé\r\n")).ToList();
            var parse = Stopwatch.StartNew();
            var messages = raw.Select(bytes => MimeMessage.Load(new MemoryStream(bytes))).ToList();
            parse.Stop();
            var flagged = 0;
            var check = Stopwatch.StartNew();
            foreach (var message in messages)
            {
                flagged += contributors.Check(message) is null ? 0 : 1;
            }
            check.Stop();
            var own = Stopwatch.StartNew();
            foreach (var message in messages)
            {
                _ = ours.Check(message);
            }
            own.Stop();
            double PerMail(Stopwatch watch) => watch.Elapsed.TotalMicroseconds / mails;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {known:N0} | {load.Elapsed.TotalMilliseconds:0} | {PerMail(check):0.0} | {PerMail(parse):0.0} | {PerMail(own):0.0} | {PerMail(check) / PerMail(parse):0.00} | {flagged:N0} of {mails:N0} |"));
        }
    }

    /// <summary>
    /// The first read of the domains from the database (<see cref="ContributorDomains.RefreshAsync"/>: every e-mail
    /// identity not on a practice flagged as a look-alike, then each added), on SQLite with 100 to 100,000 identities (one
    /// practice each, 1 in 100 flagged), against the same addresses added in memory alone (the baseline, same run) and the
    /// query's rows alone. Each read is a new holder (a host starting), twice: the first with a cold cache.
    ///   dotnet run -c Release --project tests/Regin.MailIngest.Benchmarks -- --contributor-domains-db
    /// </summary>
    public static async Task RunDatabaseAsync()
    {
        Console.WriteLine("| identities | first read (ms) | second read (ms) | query rows alone (ms) | in memory alone (ms) | read / in memory | domains |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        var folder = Directory.CreateTempSubdirectory("regin-contributor-domains-");
        try
        {
            foreach (var known in new[] { 100, 10_000, 100_000 })
            {
                var path = Path.Combine(folder.FullName, $"{known}.db");
                var options = ReginDatabaseProvider.Create(ReginDatabaseProvider.SqliteName, $"Data Source={path}")
                    .Configure(new DbContextOptionsBuilder<ReginDbContext>()).Options as DbContextOptions<ReginDbContext> ?? throw new InvalidOperationException();
                await using (var seed = new ReginDbContext(options))
                {
                    await seed.Provider().MigrateAsync(seed, NullLogger.Instance);
                    await SeedAsync(seed, known);
                }
                var reads = new List<double>();
                var count = 0;
                for (var round = 0; round < 2; round++)
                {
                    await using var db = new ReginDbContext(options);
                    var holder = new ContributorDomains();
                    var read = Stopwatch.StartNew();
                    await holder.RefreshAsync(db, DateTimeOffset.UtcNow);
                    read.Stop();
                    reads.Add(read.Elapsed.TotalMilliseconds);
                    count = holder.Count;
                }
                double rowsOnly;
                List<string> addresses;
                await using (var db = new ReginDbContext(options))
                {
                    var query = Stopwatch.StartNew();
                    addresses = await db.ContributorIdentities.AsNoTracking()
                        .Where(i => i.Channel == Channels.Email && i.Id > 0 && !db.Flags.Any(f => f.PracticeId == i.PracticeId && f.Reason == FlagReasons.SenderLookalike
                            && !(f.Detail != null && f.Detail.StartsWith(FlagReasons.NamedOnlyDetailPrefix))))
                        .Select(i => i.ExternalId).ToListAsync();
                    rowsOnly = query.Elapsed.TotalMilliseconds;
                }
                var memory = Stopwatch.StartNew();
                var inMemory = new ContributorDomains();
                foreach (var address in addresses)
                {
                    inMemory.Add(address);
                }
                memory.Stop();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {known:N0} | {reads[0]:0} | {reads[1]:0} | {rowsOnly:0} | {memory.Elapsed.TotalMilliseconds:0} | {reads[1] / memory.Elapsed.TotalMilliseconds:0.00} | {count:N0} |"));
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>One draft per identity, written in transactions of 5,000; every 100th practice flagged as a look-alike's.</summary>
    private static async Task SeedAsync(ReginDbContext db, int identities)
    {
        var at = DateTimeOffset.UtcNow;
        for (var start = 0; start < identities; start += 5_000)
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync();
            for (var i = start; i < Math.Min(identities, start + 5_000); i++)
            {
                var practice = new Practice
                {
                    Id = Guid.NewGuid(), Number = i + 1, Language = "sv", Channels = Channels.Email, Status = PracticeStatus.Draft, CreatedAt = at, UpdatedAt = at,
                };
                practice.Identities.Add(new ContributorIdentity { Channel = Channels.Email, ExternalId = $"someone{i}@{Domain(i)}" });
                if (i % 100 == 99)
                {
                    practice.Flags.Add(new Flag { Reason = FlagReasons.SenderLookalike, Detail = "bench", CreatedAt = at });
                }
                db.Practices.Add(practice);
            }
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
    }

    private static string Domain(int i) => $"{Words[i % Words.Length]}-{Words[(i / Words.Length) % Words.Length]}{i}.{(i % 3) switch { 0 => "se", 1 => "de", _ => "gov.gr" }}";

    /// <summary>A look-alike: a Cyrillic "е", "rn" for "m" (or "m" for "rn"), a letter dropped, or the hyphens dropped.</summary>
    private static string Imitate(string domain, int i) => (i / 2 % 4) switch
    {
        0 when domain.Contains('e') => ReplaceFirst(domain, "e", "\u0435"),
        1 when domain.Contains("rn") => ReplaceFirst(domain, "rn", "m"),
        1 when domain.Contains('m') => ReplaceFirst(domain, "m", "rn"),
        2 => domain.Remove(1, 1),
        _ => domain.Replace("-", "", StringComparison.Ordinal),
    };

    private static string ReplaceFirst(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        return text[..at] + with + text[(at + what.Length)..];
    }
}
