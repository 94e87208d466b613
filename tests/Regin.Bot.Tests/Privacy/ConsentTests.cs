using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Bot.Tests.Review;
using Regin.Bot.Tests.WebChat;
using Regin.Core.Persistence.Entities;
using Regin.Core.Privacy;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Tests.Privacy;

/// <summary>Consent on record: given in the chat (Direct Line) in several languages, shown on the review page, required by the public exports.</summary>
public sealed class ConsentTests(ReviewApplication app) : IClassFixture<ReviewApplication>
{
    private QuestionnaireDefinition Questionnaire => app.Services.GetRequiredService<QuestionnaireDefinition>();

    [Theory]
    [InlineData("de-DE", "de")]
    [InlineData("it-IT", "it")]
    [InlineData("sv-SE", "sv")]
    public async Task A_consent_given_in_the_chat_is_recorded_with_its_wording_version_language_channel_and_time(string locale, string lang)
    {
        await app.EnsureReadyAsync();
        var http = app.CreateClient();
        var chat = await DirectLineClient.StartFromPageAsync(http, locale);
        var user = chat.UserId;
        await chat.PollAsync();
        var change = Questionnaire.Commands["change"].In(lang).First();
        await chat.PostAsync(DirectLineClient.Message($"{change} {Questionnaire.Questions.Count}", user, locale: locale));
        Assert.Equal(Consent.QuestionId, DirectLineClient.QuestionOf(await chat.PollAsync()));
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await chat.PostAsync(DirectLineClient.Message(Questionnaire.Vocabulary.Yes.In(lang).First(), user, locale: locale));
        await chat.PollAsync();

        var practice = await app.WithDbAsync(db => db.Practices.Include(p => p.Events).Include(p => p.Identities)
            .FirstAsync(p => p.Identities.Any(i => i.ExternalId == user)));
        var consent = Consent.Latest(practice.Events);
        Assert.NotNull(consent);
        Assert.True(consent.Given);
        Assert.Equal(Consent.Version(Questionnaire), consent.Version);
        Assert.Equal(lang, consent.Language);
        Assert.Equal("webchat", consent.Channel);
        Assert.InRange(consent.At, before, DateTimeOffset.UtcNow.AddSeconds(1));

        var researcher = await app.SignedInAsync();
        var page = await researcher.GetStringAsync($"/review/practices/{practice.Reference}");
        Assert.Contains("data-consent=\"given\"", page, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"code\" id=\"consent-version\">{consent.Version}</span> (current)", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_the_consent_wording_in_any_language_gives_a_new_version()
    {
        var original = QuestionnaireLoader.LoadEmbedded();
        Assert.Equal(Consent.Version(original), Consent.Version(QuestionnaireLoader.LoadEmbedded()));
        // The Portuguese locale file with one word of the consent question's help changed.
        var (structure, locales) = QuestionnaireLoader.EmbeddedFiles();
        var help = original.Questions.First(q => q.Id == Consent.QuestionId).Help["pt"];
        var edited = locales.Select(f => f.Name.EndsWith("pt.json", StringComparison.Ordinal)
            ? f with { Content = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(f.Content).Replace(help, help.Replace("REGIN", "Regin", StringComparison.Ordinal), StringComparison.Ordinal)) }
            : f).ToList();
        var changed = QuestionnaireLoader.Load(structure, edited, "edited");
        Assert.NotEqual(help, changed.Questions.First(q => q.Id == Consent.QuestionId).Help["pt"]);

        Assert.NotEqual(Consent.Version(original), Consent.Version(changed));
        Assert.Matches("^c-[0-9a-f]{12}$", Consent.Version(changed));
    }

    [Fact]
    public async Task Practices_without_a_valid_consent_are_never_in_the_public_exports()
    {
        var consented = await app.NewPracticeAsync(PracticeStatus.Approved, language: "fr");
        var unrecorded = await app.NewPracticeAsync(PracticeStatus.Approved, language: "es");
        await app.WithDbAsync(db => db.PracticeEvents.Where(e => e.PracticeId == unrecorded.Id && e.Kind == Consent.EventKind).ExecuteDeleteAsync());
        var withdrawn = await app.NewPracticeAsync(PracticeStatus.Approved, language: "el");
        await app.WithDbAsync(async db =>
        {
            db.PracticeEvents.Add(Consent.Record(withdrawn.Id, false, Consent.Version(Questionnaire), "el", "email:" + withdrawn.ContributorEmail, DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });
        var researcher = await app.SignedInAsync();

        var json = JsonNode.Parse(await researcher.GetStringAsync("/review/export/download?format=json"))!.AsArray();
        var references = json.Select(p => p!["reference"]!.GetValue<string>()).ToList();
        Assert.Contains(consented.Reference, references);
        Assert.DoesNotContain(unrecorded.Reference, references);
        Assert.DoesNotContain(withdrawn.Reference, references);
        var record = json.First(p => p!["reference"]!.GetValue<string>() == consented.Reference)!["consent"]!;
        Assert.True(record["value"]!.GetValue<bool>());
        Assert.Equal(Consent.Version(Questionnaire), record["version"]!.GetValue<string>());
        Assert.True(Regin.Core.Languages.IsSupported(record["language"]!.GetValue<string>()));

        var csv = await researcher.GetStringAsync("/review/export/download?format=csv");
        Assert.Contains(consented.Reference, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(unrecorded.Reference, csv, StringComparison.Ordinal);
        Assert.Contains("\"consent_version\"", csv, StringComparison.Ordinal);

        // Administrators' exports are internal: every practice, with its consent (or none) shown.
        var admin = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        var all = JsonNode.Parse(await admin.GetStringAsync("/review/export/download?format=json&status=approved"))!.AsArray();
        var unrecordedRow = all.First(p => p!["reference"]!.GetValue<string>() == unrecorded.Reference)!;
        Assert.Null(unrecordedRow["consent"]);
    }
}
