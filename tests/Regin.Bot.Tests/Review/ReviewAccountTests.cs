using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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
        Assert.Contains("<html lang=\"de\"", german, StringComparison.Ordinal);
        var second = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        var again = await second.GetStringAsync("/review");
        Assert.Contains("<html lang=\"de\"", again, StringComparison.Ordinal);
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
}

public sealed class ReviewAccountTestsOnSqlite(ReviewApplication app) : ReviewAccountTests<ReviewApplication>(app);

public sealed class ReviewAccountTestsOnPostgreSql(PostgreSqlReviewApplication app) : ReviewAccountTests<PostgreSqlReviewApplication>(app);
