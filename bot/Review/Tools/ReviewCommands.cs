using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Regin.Core.Review;

namespace Regin.Bot.Review.Tools;

/// <summary>
/// Commands of the bot host for the review screens:
/// <c>seed N [--no-researchers]</c> adds N generated practices to the configured database, with the researchers'
/// categorisations and assessments of a share of them (PracticeSeeder.AddResearchersWork) unless told not to;
/// <c>add-user EMAIL [researcher|admin]</c> adds a review account, its password typed (not shown) or piped in;
/// <c>measure [N] [--only WORDS]</c> starts the host, signs in as a temporary administrator and times the list page, the
/// practice page and the exports against /livez (the baseline: the host answering, no I/O), N requests each, and prints a
/// table; <c>--only list,search</c> keeps the rows whose name holds one of the comma-separated words (the baseline always).
/// </summary>
public static partial class ReviewCommands
{
    public static async Task<bool> RunAsync(WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            return false;
        }
        switch (args[0])
        {
            case "seed":
                var count = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 10_000;
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var watch = Stopwatch.StartNew();
                    var made = await scope.ServiceProvider.GetRequiredService<PracticeSeeder>().SeedAsync(count, 42, researchersWork: !args.Contains("--no-researchers"));
                    Console.WriteLine($"Seeded {made} practices in {watch.Elapsed.TotalSeconds:F1} s.");
                }
                return true;
            case "add-user" when args.Length >= 2:
                // dotnet run --project bot -- add-user someone@example.org [researcher|admin]   (the password is typed, or piped in)
                // The older form with the password on the command line still works, with a warning (shell history, process list).
                string? password;
                string? roleName;
                if (args.Length >= 3 && !ReviewRoles.All.Contains(args[2]))
                {
                    (password, roleName) = (args[2], args.Length > 3 ? args[3] : null);
                    await Console.Error.WriteLineAsync("Warning: a password on the command line stays in the shell history and shows in the process list. Leave it out: add-user EMAIL [researcher|admin] asks for it (or reads it from a pipe).");
                }
                else
                {
                    (password, roleName) = (ReadPassword(), args.Length > 2 ? args[2] : null);
                }
                if (string.IsNullOrEmpty(password))
                {
                    await Console.Error.WriteLineAsync("Not added: no password given.");
                    Environment.ExitCode = 1;
                    return true;
                }
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    await ReviewAdminSeeder.EnsureRolesAsync(scope.ServiceProvider);
                    var role = roleName == ReviewRoles.Admin ? ReviewRoles.Admin : ReviewRoles.Researcher;
                    var result = await ReviewAdminSeeder.CreateUserAsync(scope.ServiceProvider.GetRequiredService<UserManager<ReviewerUser>>(), args[1], password, role);
                    Console.WriteLine(result.Succeeded ? $"Added {args[1]} ({role})." : "Not added: " + string.Join(" ", result.Errors.Select(e => e.Description)));
                    Environment.ExitCode = result.Succeeded ? 0 : 1;
                }
                return true;
            case "measure":
                var repetitions = args.Length > 1 && int.TryParse(args[1], out var r) ? r : 20;
                var only = Array.IndexOf(args, "--only") is var at and >= 0 && at + 1 < args.Length
                    ? args[at + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
                await MeasureAsync(app, repetitions, only);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The first line of standard input when it is a pipe or a file; else typed at a prompt, not shown.</summary>
    private static string? ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }
        Console.Error.Write("Password: ");
        var typed = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return typed.ToString();
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
    }

    private static async Task MeasureAsync(WebApplication app, int repetitions, IReadOnlyList<string> only)
    {
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        var email = $"measure-{Guid.NewGuid():N}@example.org";
        var password = "Measure-" + Guid.NewGuid().ToString("N");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await ReviewAdminSeeder.EnsureRolesAsync(scope.ServiceProvider);
            var created = await ReviewAdminSeeder.CreateUserAsync(scope.ServiceProvider.GetRequiredService<UserManager<ReviewerUser>>(), email, password, ReviewRoles.Admin);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
            }
        }
        try
        {
            using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
            using var client = new HttpClient(handler) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
            await SignInAsync(client, email, password);
            var list = await client.GetStringAsync("/review?size=50");
            var total = TotalRegex().Match(list).Groups[1].Value;
            var reference = ReferenceRegex().Match(list).Groups[1].Value;
            var targets = new (string Name, string Path)[]
            {
                ("baseline: GET /livez", "/livez"),
                ("GET /healthz (cached readiness)", "/healthz"),
                ("list, first page (50)", "/review?size=50"),
                ("list, page 100, sorted by update", "/review?size=50&page=100&sort=updated&dir=desc"),
                ("list, sorted by status", "/review?size=50&sort=status"),
                ("list, sorted by title", "/review?size=50&sort=title"),
                ("list, sorted by country", "/review?size=50&sort=country&dir=desc"),
                ("list, filter country+area+status", "/review?country=IT&area=education&status=submitted"),
                ("list, filter flagged + language", "/review?flag=any&language=el"),
                ("list, filter area (codes)", "/review?area=health"),
                ("list, filter target group + language", "/review?group=women&language=sv"),
                ("search, two words (most practices)", "/review?q=peer%20communicators"),
                ("search, a word of one title in ten", "/review?q=robotics"),
                ("search, a reference", "/review?q=REGIN-4242"),
                ("search, a word's beginning + status", "/review?q=mentor&status=approved&sort=updated&dir=desc"),
                ("search, no match", "/review?q=zzyzx"),
                ("practice page", "/review/practices/" + reference),
                ("export JSON, approved", "/review/export/download?format=json&status=approved"),
                ("export JSON, all (admin)", "/review/export/download?format=json"),
                ("export CSV + labels (fr), all", "/review/export/download?format=csv&lang=fr"),
                ("export regions (map), all", "/review/export/download?format=regions"),
            };
            Console.WriteLine($"{total} practices in the list; {repetitions} requests each (after one warm-up), one client, sequential; load average {LoadAverage()}.");
            Console.WriteLine();
            Console.WriteLine($"| {"what",-36} | {"median ms",9} | {"p95 ms",8} | {"bytes",11} | {"× baseline",10} |");
            Console.WriteLine($"|{new string('-', 38)}|{new string('-', 11)}|{new string('-', 10)}|{new string('-', 13)}|{new string('-', 12)}|");
            double? baseline = null;
            foreach (var (name, path) in targets)
            {
                if (baseline is not null && only.Count > 0 && !only.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }
                var heavy = path.Contains("export", StringComparison.Ordinal);
                var runs = heavy ? Math.Max(3, repetitions / 4) : repetitions;
                var (median, p95, bytes) = await TimeAsync(client, path, runs);
                baseline ??= median;
                Console.WriteLine($"| {name,-36} | {median,9:F1} | {p95,8:F1} | {bytes,11:N0} | {median / baseline.Value,10:F1} |");
            }
            Console.WriteLine($"load average at the end: {LoadAverage()}");
        }
        finally
        {
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ReviewerUser>>();
            if (await users.FindByEmailAsync(email) is { } user)
            {
                await users.DeleteAsync(user);
            }
            await app.StopAsync();
        }
    }

    // The machine's load (1, 5, 15 minutes) where Linux shows it: figures on a shared machine are read with it.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static async Task<(double Median, double P95, long Bytes)> TimeAsync(HttpClient client, string path, int runs)
    {
        long bytes = 0;
        var times = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            var body = await response.Content.ReadAsByteArrayAsync();
            watch.Stop();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}.");
            }
            bytes = body.Length;
            if (i > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        times.Sort();
        return (times[times.Count / 2], times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)], bytes);
    }

    private static async Task SignInAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/review/sign-in");
        var token = TokenRegex().Match(form).Groups[1].Value;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [ReviewPage.AntiforgeryField] = WebUtility.HtmlDecode(token),
            ["email"] = email,
            ["password"] = password,
            ["returnUrl"] = "/review",
        });
        using var response = await client.PostAsync("/review/sign-in", content);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in answered {(int)response.StatusCode}.");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();

    [GeneratedRegex("id=\"total\">([0-9]+\\+?) found")]
    private static partial Regex TotalRegex();

    [GeneratedRegex("href=\"/review/practices/(REGIN-[0-9]+)\"")]
    private static partial Regex ReferenceRegex();
}
