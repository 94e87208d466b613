using System.Diagnostics;
using System.Globalization;
using System.Text;
using MimeKit;
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
