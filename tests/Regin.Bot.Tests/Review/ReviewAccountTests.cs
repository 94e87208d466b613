using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Regin.Bot.Review;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;

namespace Regin.Bot.Tests.Review;

/// <summary>Sign-in, accounts and the protection of every screen (ReviewAccountEndpoints). Run on both providers: <see cref="ReviewAccountTestsOnSqlite"/>, <see cref="ReviewAccountTestsOnPostgreSql"/>.</summary>
public abstract class ReviewAccountTests<TApplication>(TApplication app) : IClassFixture<TApplication>
    where TApplication : ReviewApplication
{
    [Theory]
    [InlineData("/review")]
    [InlineData("/review/practices/REGIN-0001")]
    [InlineData("/review/export")]
    [InlineData("/review/export/download?format=json")]
    [InlineData("/review/users")]
    public async Task Every_review_screen_and_export_requires_sign_in(string path)
    {
        await app.EnsureReadyAsync();
        var response = await app.Client().GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/review/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_action_without_sign_in_is_refused_and_changes_nothing()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted);
        var client = app.Client();
        var token = await ReviewApplication.TokenAsync(client, "/review/sign-in");
        var response = await ReviewApplication.PostFormAsync(client, $"/review/practices/{practice.Reference}/status", token, ("status", "approved"));
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PracticeStatus.Submitted, await app.WithDbAsync(db => db.Practices.Where(p => p.Id == practice.Id).Select(p => p.Status).FirstAsync()));
    }

    [Fact]
    public async Task The_configured_admin_signs_in_and_out()
    {
        var client = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        var list = await client.GetAsync("/review");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var html = await list.Content.ReadAsStringAsync();
        Assert.Contains("Sign out", html, StringComparison.Ordinal);
        Assert.Contains("/review/users", html, StringComparison.Ordinal);
        var token = await ReviewApplication.TokenAsync(client, "/review");
        var signOut = await ReviewApplication.PostFormAsync(client, "/review/sign-out", token);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/review")).StatusCode);
    }

    [Fact]
    public async Task The_label_language_follows_the_researcher_to_the_next_sign_in()
    {
        var first = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        var german = await first.GetStringAsync("/review?ui=de");
        // The labels are German (and say so); the page's own words stay English (review50).
        Assert.Contains("<option value=\"de\" lang=\"de\" selected>", german, StringComparison.Ordinal);
        var second = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        var again = await second.GetStringAsync("/review");
        Assert.Contains("<html lang=\"en\"", again, StringComparison.Ordinal);
        Assert.Contains("<option value=\"de\" lang=\"de\" selected>", again, StringComparison.Ordinal);
        Assert.Contains("Eingereicht", again, StringComparison.Ordinal);
        await first.GetStringAsync("/review?ui=en");
    }

    [Fact]
    public async Task A_wrong_password_is_refused()
    {
        await app.EnsureReadyAsync();
        var response = await ReviewApplication.SignInAsync(app.Client(), ReviewApplication.ResearcherEmail, "not-the-password");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("wrong", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stranger_guessing_passwords_neither_locks_the_researcher_out_nor_learns_which_accounts_exist()
    {
        await app.EnsureReadyAsync();
        const string email = "lockout@regin.test";
        const string password = "Lockout-Password-1";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ReviewerUser>>();
            Assert.True((await ReviewAdminSeeder.CreateUserAsync(users, email, password, ReviewRoles.Researcher)).Succeeded);
        }
        var stranger = app.Client();
        var answers = new List<(HttpStatusCode, string)>();
        for (var i = 0; i < 6; i++)
        {
            var wrong = await ReviewApplication.SignInAsync(stranger, email, "wrong-" + i);
            answers.Add((wrong.StatusCode, Alert(await wrong.Content.ReadAsStringAsync())));
        }
        var unknown = await ReviewApplication.SignInAsync(stranger, "nobody@regin.test", "wrong-password");
        answers.Add((unknown.StatusCode, Alert(await unknown.Content.ReadAsStringAsync())));
        Assert.Single(answers.Distinct());
        Assert.Equal(HttpStatusCode.Unauthorized, answers[0].Item1);

        var researcher = app.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await ReviewApplication.SignInAsync(researcher, email, password)).StatusCode);
    }

    private static string Alert(string html) => System.Text.RegularExpressions.Regex.Match(html, "role=\"alert\">([^<]*)<").Groups[1].Value;

    [Fact]
    public async Task A_researcher_cannot_open_the_administrators_page()
    {
        var client = await app.SignedInAsync();
        var response = await client.GetAsync("/review/users");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/review/denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_adds_a_researcher_who_can_then_sign_in()
    {
        var admin = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        var token = await ReviewApplication.TokenAsync(admin, "/review/users");
        var added = await ReviewApplication.PostFormAsync(admin, "/review/users", token, ("email", "new.researcher@regin.test"), ("password", "New-Researcher-1"), ("role", "researcher"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("new.researcher@regin.test", await admin.GetStringAsync("/review/users"), StringComparison.Ordinal);
        var researcher = await app.SignedInAsync("new.researcher@regin.test", "New-Researcher-1");
        Assert.Equal(HttpStatusCode.OK, (await researcher.GetAsync("/review")).StatusCode);
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_rejected()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted);
        var client = await app.SignedInAsync();
        var response = await ReviewApplication.PostFormAsync(client, $"/review/practices/{practice.Reference}/comment", "", ("text", "forged"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var forged = await ReviewApplication.PostFormAsync(client, $"/review/practices/{practice.Reference}/comment", "CfDJ8-forged-token", ("text", "forged"));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.PracticeEvents.AnyAsync(e => e.PracticeId == practice.Id && e.Kind == "comment")));
    }

    // Off-boarding (security review M5): disable, enable, a new password, one's own password; sessions end at once.

    private async Task<(string Id, string Email, string Password)> NewResearcherAsync(string name)
    {
        await app.EnsureReadyAsync();
        var email = $"{name}-{Guid.NewGuid():N}@regin.test";
        const string password = "First-Password-1";
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ReviewerUser>>();
        Assert.True((await ReviewAdminSeeder.CreateUserAsync(users, email, password, ReviewRoles.Researcher)).Succeeded);
        return ((await users.FindByEmailAsync(email))!.Id, email, password);
    }

    private static async Task<HttpStatusCode> ReviewListStatusAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/review");
        return response.StatusCode;
    }

    private async Task<(HttpStatusCode Status, string Alert)> SignInAnswerAsync(string email, string password)
    {
        using var response = await ReviewApplication.SignInAsync(app.ClientFrom(), email, password);
        return (response.StatusCode, Alert(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_disabled_researcher_is_signed_out_at_once_and_cannot_sign_in_with_an_answer_that_reveals_the_account()
    {
        var (id, email, password) = await NewResearcherAsync("leaver");
        var session = await app.SignedInAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, await ReviewListStatusAsync(session));

        var admin = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        var disabled = await ReviewApplication.PostFormAsync(admin, $"/review/users/{id}/disable", await ReviewApplication.TokenAsync(admin, "/review/users"));
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        var page = await admin.GetStringAsync("/review/users?done=disabled");
        Assert.Contains("The account was disabled", page, StringComparison.Ordinal);
        Assert.Matches($"data-user=\"{System.Text.RegularExpressions.Regex.Escape(email)}\"><td>[^<]*</td><td>[^<]*</td><td class=\"state\">disabled<", page);

        // The cookie signed in a moment ago no longer opens anything.
        var after = await session.GetAsync("/review");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/review/sign-in", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        // The right password of a disabled account is answered like a wrong one, and like an unknown account.
        var right = await SignInAnswerAsync(email, password);
        Assert.Equal(HttpStatusCode.Unauthorized, right.Status);
        Assert.Equal(right, await SignInAnswerAsync(email, "Wrong-Password-9"));
        Assert.Equal(right, await SignInAnswerAsync($"nobody-{Guid.NewGuid():N}@regin.test", password));

        var enabled = await ReviewApplication.PostFormAsync(admin, $"/review/users/{id}/enable", await ReviewApplication.TokenAsync(admin, "/review/users"));
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        var back = await app.SignedInAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, await ReviewListStatusAsync(back));
    }

    [Fact]
    public async Task A_password_set_by_an_admin_ends_the_researchers_sessions_and_only_the_new_one_signs_in()
    {
        var (id, email, password) = await NewResearcherAsync("forgetful");
        var session = await app.SignedInAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, await ReviewListStatusAsync(session));
        var admin = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);

        var weak = await ReviewApplication.PostFormAsync(admin, $"/review/users/{id}/password", await ReviewApplication.TokenAsync(admin, "/review/users"), ("password", "short"));
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await ReviewListStatusAsync(session));

        var reset = await ReviewApplication.PostFormAsync(admin, $"/review/users/{id}/password", await ReviewApplication.TokenAsync(admin, "/review/users"), ("password", "Second-Password-2"));
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await ReviewListStatusAsync(session));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAnswerAsync(email, password)).Status);
        Assert.Equal(HttpStatusCode.OK, await ReviewListStatusAsync(await app.SignedInAsync(email, "Second-Password-2")));
    }

    [Fact]
    public async Task A_researcher_changes_their_own_password_stays_signed_in_here_and_is_signed_out_elsewhere()
    {
        var (_, email, password) = await NewResearcherAsync("mover");
        var here = await app.SignedInAsync(email, password);
        var elsewhere = await app.SignedInAsync(email, password);
        Assert.Contains("/review/account", await here.GetStringAsync("/review"), StringComparison.Ordinal);

        var wrong = await ReviewApplication.PostFormAsync(here, "/review/account/password", await ReviewApplication.TokenAsync(here, "/review/account"),
            ("current", "Not-The-Password-1"), ("password", "Moved-Password-3"), ("confirm", "Moved-Password-3"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("The current password is wrong.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await ReviewListStatusAsync(elsewhere));

        var changed = await ReviewApplication.PostFormAsync(here, "/review/account/password", await ReviewApplication.TokenAsync(here, "/review/account"),
            ("current", password), ("password", "Moved-Password-3"), ("confirm", "Moved-Password-3"));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Contains("Your password was changed.", await here.GetStringAsync(changed.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await ReviewListStatusAsync(here));
        Assert.Equal(HttpStatusCode.Redirect, await ReviewListStatusAsync(elsewhere));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAnswerAsync(email, password)).Status);
        Assert.Equal(HttpStatusCode.OK, await ReviewListStatusAsync(await app.SignedInAsync(email, "Moved-Password-3")));
    }

    [Fact]
    public async Task An_admin_cannot_disable_their_own_account_and_the_account_forms_need_the_antiforgery_token()
    {
        var (id, _, _) = await NewResearcherAsync("kept");
        var admin = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        var self = await app.WithDbAsync(db => db.Users.Where(u => u.Email == ReviewApplication.AdminEmail).Select(u => u.Id).FirstAsync());
        var refused = await ReviewApplication.PostFormAsync(admin, $"/review/users/{self}/disable", await ReviewApplication.TokenAsync(admin, "/review/users"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await ReviewListStatusAsync(admin));

        foreach (var path in new[] { $"/review/users/{id}/disable", $"/review/users/{id}/password", "/review/account/password" })
        {
            var forged = await ReviewApplication.PostFormAsync(admin, path, "", ("password", "Forged-Password-4"), ("current", ReviewApplication.AdminPassword), ("confirm", "Forged-Password-4"));
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, await ReviewListStatusAsync(admin));
        Assert.Equal(HttpStatusCode.Redirect, (await ReviewApplication.SignInAsync(app.Client(), ReviewApplication.AdminEmail, ReviewApplication.AdminPassword)).StatusCode);

        var researcher = await app.SignedInAsync();
        var notAdmin = await ReviewApplication.PostFormAsync(researcher, $"/review/users/{id}/disable", await ReviewApplication.TokenAsync(researcher, "/review"));
        Assert.Equal(HttpStatusCode.Redirect, notAdmin.StatusCode);
        Assert.StartsWith("/review/denied", notAdmin.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == id && u.LockoutEnd != null)));
    }

    // How secrets are handled (security review L11).

    private sealed class Recorded : ILoggerProvider, ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<(LogLevel Level, string Text)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception)));

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task A_start_with_the_first_administrators_password_still_set_after_the_account_exists_warns_to_remove_it()
    {
        await app.EnsureReadyAsync();
        var logs = new Recorded();
        await using var again = app.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        using var client = again.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/livez")).StatusCode);
        var warning = Assert.Single(logs.Entries, e => e.Text.Contains("Review:Admin:Password is still set", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains(ReviewApplication.AdminPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Add_user_takes_the_password_from_standard_input_and_the_account_signs_in()
    {
        await app.EnsureReadyAsync();
        var email = $"piped-{Guid.NewGuid():N}@regin.test";
        const string password = "Piped-Password-5";
        var info = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Regin.Bot.dll"), "add-user", email, "researcher" })
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["Telemetry__Exporter"] = "None";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in app.Database.Settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        using var process = ProcessWatchdog.StartOwned(info);
        try
        {
            await process.StandardInput.WriteLineAsync(password);
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(Regin.Testing.Eventually.Deadline);
            await process.WaitForExitAsync(deadline.Token);
            Assert.True(process.ExitCode == 0, $"add-user exited with {process.ExitCode}: {await output}{await errors}");
            Assert.Contains($"Added {email} (researcher).", await output, StringComparison.Ordinal);
            Assert.DoesNotContain("Warning: a password on the command line", await errors, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        var researcher = await app.SignedInAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, await ReviewListStatusAsync(researcher));
    }

    // Two-step sign-in (security review M5, optional TOTP).

    /// <summary>The code an authenticator app shows now for <paramref name="key"/> (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits).</summary>
    private static string Totp(string key, long step)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(key.ToUpperInvariant().Where(c => c != ' ').Select(c => Convert.ToString(alphabet.IndexOf(c), 2).PadLeft(5, '0')));
        var secret = Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }
#pragma warning disable CA5350 // RFC 6238's default, as Identity's authenticator provider uses it.
        var hash = System.Security.Cryptography.HMACSHA1.HashData(secret, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var value = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string TotpNow(string key) => Totp(key, DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);

    [Fact]
    public async Task With_two_step_sign_in_on_the_password_alone_opens_nothing_and_the_apps_code_completes_the_sign_in()
    {
        var (id, email, password) = await NewResearcherAsync("twostep");
        var owner = await app.SignedInAsync(email, password);
        var started = await ReviewApplication.PostFormAsync(owner, "/review/account/two-step/start", await ReviewApplication.TokenAsync(owner, "/review/account"));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var account = await owner.GetStringAsync("/review/account");
        var key = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(account, "id=\"two-step-key\">([a-z2-7 ]+)<").Groups[1].Value);
        Assert.NotEmpty(key);
        Assert.Matches("otpauth://totp/REGIN%20review:twostep-[0-9a-f]+%40regin.test\\?secret=[A-Z2-7]+&amp;issuer=REGIN%20review&amp;digits=6", account);

        var wrong = await ReviewApplication.PostFormAsync(owner, "/review/account/two-step/enable", await ReviewApplication.TokenAsync(owner, "/review/account"), ("code", "000000"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var enabled = await ReviewApplication.PostFormAsync(owner, "/review/account/two-step/enable", await ReviewApplication.TokenAsync(owner, "/review/account"), ("code", TotpNow(key)));
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        Assert.Contains("data-on=\"true\"", await owner.GetStringAsync("/review/account"), StringComparison.Ordinal);

        // A new sign-in: the right password leads to the code page, and opens nothing by itself.
        var browser = app.ClientFrom();
        var first = await ReviewApplication.SignInAsync(browser, email, password);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/review/sign-in/code", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, await ReviewListStatusAsync(browser));
        var codePage = first.Headers.Location.OriginalString;
        var refused = await ReviewApplication.PostFormAsync(browser, "/review/sign-in/code", await ReviewApplication.TokenAsync(browser, codePage), ("code", "123 456"), ("returnUrl", "/review"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await ReviewListStatusAsync(browser));
        var signedIn = await ReviewApplication.PostFormAsync(browser, "/review/sign-in/code", await ReviewApplication.TokenAsync(browser, codePage), ("code", TotpNow(key)), ("returnUrl", "/review"));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/review", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, await ReviewListStatusAsync(browser));

        // Without the first step, the code page sends back to the sign-in.
        var stranger = app.ClientFrom();
        var skipped = await stranger.GetAsync("/review/sign-in/code");
        Assert.Equal("/review/sign-in", skipped.Headers.Location!.OriginalString);

        // A lost phone: an administrator's new password turns two-step sign-in off.
        var admin = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        var reset = await ReviewApplication.PostFormAsync(admin, $"/review/users/{id}/password", await ReviewApplication.TokenAsync(admin, "/review/users"), ("password", "After-Phone-Lost-7"));
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await ReviewListStatusAsync(await app.SignedInAsync(email, "After-Phone-Lost-7")));
    }
}

public sealed class ReviewAccountTestsOnSqlite(ReviewApplication app) : ReviewAccountTests<ReviewApplication>(app);

public sealed class ReviewAccountTestsOnPostgreSql(PostgreSqlReviewApplication app) : ReviewAccountTests<PostgreSqlReviewApplication>(app);
