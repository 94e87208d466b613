using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Bot.Tests.Review;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Tests.Privacy;

/// <summary>A researcher finds a contributor by e-mail address on the review screens and downloads a copy of what is stored (JSON and a readable summary).</summary>
public sealed class ContributorDataTests(ReviewApplication app) : IClassFixture<ReviewApplication>
{
    [Theory]
    [InlineData("de")]
    [InlineData("el")]
    [InlineData("pt")]
    public async Task A_researcher_exports_everything_stored_about_an_address_as_json_and_as_a_summary_in_the_practice_language(string lang)
    {
        var address = $"Maria.{lang}.{Guid.NewGuid():N}@Example.org";
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: lang, change: p =>
        {
            p.ContributorEmail = address;
            p.Identities.Clear();
            p.Identities.Add(new ContributorIdentity { Channel = Channels.Email, ExternalId = address });
            ReviewApplication.Set(p, "contact_email", System.Text.Json.JsonSerializer.Serialize(address), address);
        });
        await app.WithDbAsync(async db =>
        {
            db.RawInputs.Add(new RawInput { PracticeId = practice.Id, Channel = "email", DedupKey = "contributor-data-" + practice.Id, ContentType = "message/rfc822", Content = System.Text.Encoding.UTF8.GetBytes($"From: {address}\r\nSubject: practice\r\n\r\nhello"), ReceivedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        var researcher = await app.SignedInAsync();

        // The address as the contributor might write it: other case, spaces.
        var asked = "  " + address.ToUpperInvariant() + " ";
        var screen = await researcher.GetStringAsync("/review/contributors?email=" + Uri.EscapeDataString(asked));
        Assert.Contains($"data-reference=\"{practice.Reference}\"", screen, StringComparison.Ordinal);
        Assert.Contains("1 practices with this address.", screen, StringComparison.Ordinal);

        var json = JsonNode.Parse(await researcher.GetStringAsync("/review/contributors/export?format=json&email=" + Uri.EscapeDataString(asked)))!;
        var entry = json["practices"]!.AsArray().Single()!;
        Assert.Equal(practice.Reference, entry["practice"]!["reference"]!.GetValue<string>());
        Assert.Equal(address, entry["identities"]![0]!["id"]!.GetValue<string>());
        Assert.Contains(address, entry["raw_inputs"]![0]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEmpty(entry["log"]!.AsArray());

        var response = await researcher.GetAsync("/review/contributors/export?format=txt&email=" + Uri.EscapeDataString(address));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.Content.ReadAsStringAsync();
        var questionnaire = app.Services.GetRequiredService<QuestionnaireDefinition>();
        Assert.StartsWith(practice.Reference, summary, StringComparison.Ordinal);
        Assert.Contains($"{questionnaire.Questions.First(q => q.Id == "contact_email").Label.In(lang)}: {address}", summary, StringComparison.Ordinal);
        Assert.Contains(questionnaire.Questions.First(q => q.Id == "title").Label.In(lang) + ": ", summary, StringComparison.Ordinal);

        var logged = await app.WithDbAsync(db => db.PracticeEvents.Where(e => e.PracticeId == practice.Id && e.Kind == "contributor_data_exported").Select(e => e.Actor).ToListAsync());
        Assert.Equal(2, logged.Count);
        Assert.All(logged, actor => Assert.Equal("researcher:" + ReviewApplication.ResearcherEmail, actor));
    }

    [Fact]
    public async Task Only_signed_in_researchers_reach_the_contributors_data()
    {
        await app.EnsureReadyAsync();
        var anonymous = app.Client();
        var response = await anonymous.GetAsync("/review/contributors/export?format=json&email=someone%40example.org");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/review/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
