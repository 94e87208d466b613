using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Bot.Review;
using Regin.Bot.Review.Tools;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;
using Regin.Testing;

namespace Regin.Bot.Tests.Review;

/// <summary>The real bot host on a fresh SQLite file, with a configured first administrator and a researcher.</summary>
public partial class ReviewApplication : BotTestHost
{
    public const string AdminEmail = "admin@regin.test";
    public const string AdminPassword = "Admin-Password-1";
    public const string ResearcherEmail = "researcher@regin.test";
    public const string ResearcherPassword = "Researcher-Password-1";
    public const string ApiToken = "review-test-token-5e81";

    private readonly SemaphoreSlim _ready = new(1, 1);
    private bool _seeded;

    public ReviewApplication()
    {
    }

    /// <summary>The host listening on a free port of 127.0.0.1 (Kestrel), for a real browser.</summary>
    public static ReviewApplication OnKestrel() => new(kestrel: true);

    private ReviewApplication(bool kestrel)
        : base(kestrel)
    {
    }

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Review:ApiTokens:0", ApiToken);
        builder.UseSetting("Review:Admin:Email", AdminEmail);
        builder.UseSetting("Review:Admin:Password", AdminPassword);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new PeerFromHeader()));
    }

    /// <summary>The header that sets the client address of a request (the test server has no socket): see <see cref="ClientFrom"/>.</summary>
    public const string PeerHeader = "X-Test-Peer";

    // Before the host's own middleware: a request with the header comes from that address (its own sign-in throttle).
    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use((context, following) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[PeerHeader].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }
                return following(context);
            });
            next(builder);
        };
    }

    /// <summary>
    /// A browser-like client at an address of its own, so the sign-in failures a test makes on purpose are not counted
    /// against the other tests of the class (<see cref="SignInThrottle"/> counts per address).
    /// </summary>
    public HttpClient ClientFrom(string? address = null)
    {
        var client = Client();
        client.DefaultRequestHeaders.Add(PeerHeader, address ?? $"198.18.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}");
        return client;
    }

    /// <summary>Makes sure the host runs, the researcher exists and 60 generated practices are there.</summary>
    public async Task EnsureReadyAsync()
    {
        await _ready.WaitAsync();
        try
        {
            StartServer();
            if (_seeded)
            {
                return;
            }
            await using var scope = Services.CreateAsyncScope();
            await ReviewAdminSeeder.EnsureRolesAsync(scope.ServiceProvider);
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ReviewerUser>>();
            if (await users.FindByEmailAsync(ResearcherEmail) is null)
            {
                var result = await ReviewAdminSeeder.CreateUserAsync(users, ResearcherEmail, ResearcherPassword, ReviewRoles.Researcher);
                Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
            }
            await scope.ServiceProvider.GetRequiredService<PracticeSeeder>().SeedAsync(60, 7);
            _seeded = true;
        }
        finally
        {
            _ready.Release();
        }
    }

    /// <summary>The SQLite database file of this host (null on PostgreSQL).</summary>
    public string? DatabaseFile => Database.FilePath;

    /// <summary>
    /// A fresh practice of its own for one test, in <paramref name="status"/>, every question answered, with no flag but
    /// those <paramref name="change"/> adds (the seeder flags one practice in ten at random: a test that looks at its
    /// flags saw a third one once in ten runs). It is the practice the seeder made, read back by its id: not the
    /// highest number, which another seeding of the same database could have taken meanwhile.
    /// </summary>
    public async Task<Practice> NewPracticeAsync(string status, string language = "it", string channel = Channels.Email, Action<Practice>? change = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var id = await scope.ServiceProvider.GetRequiredService<PracticeSeeder>().SeedOneAsync(Random.Shared.Next(), status);
        var practice = await db.Practices.Include(p => p.Answers).Include(p => p.Identities).Include(p => p.Flags).SingleAsync(p => p.Id == id);
        practice.Flags.Clear();
        practice.Status = status;
        practice.Language = language;
        practice.Channels = channel;
        if (channel == Channels.Email)
        {
            practice.Identities.Clear();
            practice.Identities.Add(new ContributorIdentity { Channel = Channels.Email, ExternalId = practice.ContributorEmail! });
        }
        else
        {
            practice.Identities.Clear();
            practice.Identities.Add(new ContributorIdentity { Channel = "webchat", ExternalId = "webchat-user-" + practice.Number });
        }
        change?.Invoke(practice);
        practice.ConcurrencyStamp = Guid.NewGuid();
        await db.SaveChangesAsync();
        return practice;
    }

    /// <summary>Sets (or adds) an answer of a practice being prepared; a null value keeps the stored one.</summary>
    public static void Set(Practice practice, string questionId, string? valueJson, string? original = null)
    {
        ArgumentNullException.ThrowIfNull(practice);
        var answer = practice.Answers.FirstOrDefault(a => a.QuestionId == questionId);
        if (answer is null)
        {
            answer = new Answer { QuestionId = questionId, Original = original ?? valueJson ?? "", UpdatedBy = "test", ValueJson = valueJson };
            practice.Answers.Add(answer);
        }
        answer.ValueJson = valueJson ?? answer.ValueJson;
        answer.Original = original ?? answer.Original;
    }

    public async Task<T> WithDbAsync<T>(Func<ReginDbContext, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var scope = Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<ReginDbContext>());
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects.</summary>
    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<HttpClient> SignedInAsync(string email = ResearcherEmail, string password = ResearcherPassword)
    {
        await EnsureReadyAsync();
        var client = Client();
        var response = await SignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(client);
        var token = await TokenAsync(client, "/review/sign-in");
        return await client.PostAsync("/review/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [ReviewPage.AntiforgeryField] = token, ["email"] = email, ["password"] = password, ["returnUrl"] = "/review",
        }));
    }

    /// <summary>The antiforgery token of the form on <paramref name="path"/>.</summary>
    public static async Task<string> TokenAsync(HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        var html = await client.GetStringAsync(path);
        return WebUtility.HtmlDecode(TokenRegex().Match(html).Groups[1].Value);
    }

    public static string Version(string html) => WebUtility.HtmlDecode(VersionRegex().Match(html).Groups[1].Value);

    /// <summary>
    /// Two researchers on one practice: her tab opened first (its page, in label language <paramref name="ui"/>, and its
    /// token kept for a later post) and a colleague signed in as the administrator.
    /// </summary>
    public async Task<(HttpClient Mine, HttpClient Colleague, string Path, string Page, string Token)> TwoResearchersAsync(Practice practice, string ui)
    {
        ArgumentNullException.ThrowIfNull(practice);
        var mine = await SignedInAsync();
        var colleague = await SignedInAsync(AdminEmail, AdminPassword);
        var path = $"/review/practices/{practice.Reference}";
        var page = await mine.GetStringAsync($"{path}?ui={ui}");
        return (mine, colleague, path, page, await TokenAsync(mine, path));
    }

    /// <summary>An answer edited from its practice page just loaded (its token and version), as a researcher's browser posts it.</summary>
    public static async Task<HttpResponseMessage> EditAnswerAsync(HttpClient client, string path, string questionId, string text, string reason) =>
        await PostFormAsync(client, $"{path}/answers/{questionId}", await TokenAsync(client, path),
            ("text", text), ("reason", reason), ("version", Version(await client.GetStringAsync(path))));

    /// <summary>
    /// A form posted from a page shown before someone else's change: refused (409) with the page naming it; the page's
    /// text (decoded) is returned for the test to read what it names.
    /// </summary>
    public static async Task<string> RefusedAsStaleAsync(HttpClient client, string path, string token, string reference, params (string Key, string Value)[] fields)
    {
        var response = await PostFormAsync(client, path, token, fields);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"{reference} was changed after you opened it", problem, StringComparison.Ordinal);
        return problem;
    }

    /// <summary>A practice with a change an unverified mail proposed for <paramref name="questionId"/>, held on its question, and that flag's id.</summary>
    public async Task<(Practice Practice, long FlagId)> HeldChangeAsync(string language, string questionId, string evidence, string text, Action<Practice>? change = null)
    {
        var practice = await NewPracticeAsync(PracticeStatus.Submitted, language: language, change: p =>
        {
            change?.Invoke(p);
            p.Flags.Add(new Flag { QuestionId = questionId, Reason = Regin.Core.Normalisation.FlagReasons.ChangeHeld, Detail = new Regin.Core.Normalisation.HeldChange(evidence, text).Detail });
        });
        var flagId = await WithDbAsync(db => db.Flags.Where(f => f.PracticeId == practice.Id && f.Reason == Regin.Core.Normalisation.FlagReasons.ChangeHeld).Select(f => f.Id).SingleAsync());
        return (practice, flagId);
    }

    /// <summary>The contributor answers <paramref name="questionId"/> again in the chat and sends the practice back (the intake's own calls, as the chat makes them).</summary>
    public async Task ContributorSendsBackAsync(Practice practice, string questionId, string text, string language)
    {
        ArgumentNullException.ThrowIfNull(practice);
        await using var scope = Services.CreateAsyncScope();
        var intake = scope.ServiceProvider.GetRequiredService<Regin.Core.Intake.IntakeService>();
        var draft = await intake.LoadAsync(practice.Id);
        intake.RecordAnswer(draft, questionId, text, language, "webchat:webchat-user-" + practice.Number);
        Assert.True(intake.Submit(draft, "webchat:webchat-user-" + practice.Number).Submitted);
        await intake.SaveAsync(draft);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string token, params (string Key, string Value)[] fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).ToList();
        if (token.Length > 0)
        {
            values.Add(new KeyValuePair<string, string>(ReviewPage.AntiforgeryField, token));
        }
        return await client.PostAsync(path, new FormUrlEncodedContent(values));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _ready.Dispose();
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();

    [GeneratedRegex("name=\"version\" value=\"([^\"]+)\"")]
    private static partial Regex VersionRegex();
}

/// <summary>The same host on a PostgreSQL database of its own.</summary>
public sealed class PostgreSqlReviewApplication : ReviewApplication
{
    public override string Provider => TestProviders.PostgreSql;
}
