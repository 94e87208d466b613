using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Intake;
using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;
using Regin.Core.Tests.Persistence;
using Regin.Testing;

namespace Regin.Core.Tests.Review;

/// <summary>
/// The researchers' tasks as core registers them (AddReginReviewServices), on a real database of each provider:
/// <see cref="ReviewTaskTestsOnSqlite"/>, <see cref="ReviewTaskTestsOnPostgreSql"/>. The screens' own tests drive them over HTTP.
/// </summary>
public abstract class ReviewTaskTests(string provider)
{
    private const string Researcher = "researcher@regin.eu";

    [Fact]
    public async Task An_edit_goes_through_normalisation_needs_a_reason_and_is_logged()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var id = await DraftAsync(database, ("country", "Italia"));
        await using var services = Services(database);
        await using var scope = services.CreateAsyncScope();
        var editor = scope.ServiceProvider.GetRequiredService<PracticeEditor>();

        var noReason = await Assert.ThrowsAsync<ReviewRefusedException>(() => editor.EditAnswerAsync(id, "region", "Pugla", " ", "it", Researcher, null));
        Assert.Contains("reason", noReason.Message, StringComparison.Ordinal);
        var edited = await editor.EditAnswerAsync(id, "region", "Puglia", "the contributor wrote it in the title", "it", Researcher, null);
        Assert.Equal("ITF4", edited.Answer.Value());

        await using var check = database.NewContext();
        var logged = await check.PracticeEvents.SingleAsync(e => e.PracticeId == id && e.Kind == "answer_edited");
        Assert.Equal(("region", Researcher, "the contributor wrote it in the title"), (logged.QuestionId, logged.Actor, logged.Reason));
    }

    [Fact]
    public async Task A_change_made_from_an_old_copy_is_refused_and_names_what_changed_since()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var id = await DraftAsync(database, ("title", "Scuola e famiglie"));
        await using var services = Services(database);
        PracticeVersion seen;
        await using (var db = database.NewContext())
        {
            var practice = await db.Practices.SingleAsync(p => p.Id == id);
            seen = new PracticeVersion(practice.ConcurrencyStamp, await db.PracticeEvents.Where(e => e.PracticeId == id).MaxAsync(e => e.Id));
        }
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PracticeEditor>().EditAnswerAsync(id, "title", "Scuola e famiglie insieme", "typo", "it", "colleague@regin.eu", seen);
        }
        await using (var scope = services.CreateAsyncScope())
        {
            var workflow = scope.ServiceProvider.GetRequiredService<PracticeWorkflow>();
            var conflict = await Assert.ThrowsAsync<ReviewConflictException>(() => workflow.ChangeStatusAsync(id, PracticeStatus.Rejected, "off topic", Researcher, seen));
            Assert.Contains(conflict.Changes, e => e.Kind == "answer_edited" && e.Actor == "colleague@regin.eu");
        }
        await using var check = database.NewContext();
        Assert.Equal(PracticeStatus.Draft, (await check.Practices.SingleAsync(p => p.Id == id)).Status);
    }

    [Fact]
    public async Task The_workflow_allows_only_the_next_statuses()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var id = await DraftAsync(database, ("title", "Gesundheitslotsen"));
        await using var services = Services(database);
        await using var scope = services.CreateAsyncScope();
        var workflow = scope.ServiceProvider.GetRequiredService<PracticeWorkflow>();
        var refused = await Assert.ThrowsAsync<ReviewRefusedException>(() => workflow.ChangeStatusAsync(id, PracticeStatus.Approved, null, Researcher, null));
        Assert.Contains("submitted", refused.Message, StringComparison.Ordinal);
        await workflow.ChangeStatusAsync(id, PracticeStatus.Submitted, null, Researcher, null);
        await workflow.ChangeStatusAsync(id, PracticeStatus.Approved, null, Researcher, null);
        Assert.Equal([PracticeStatus.Submitted, PracticeStatus.NeedsChanges, PracticeStatus.Rejected], PracticeWorkflow.NextStatuses(PracticeStatus.Approved));
    }

    [Fact]
    public async Task A_request_for_changes_goes_to_the_channel_the_contributor_used_last_in_their_language()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var id = await DraftAsync(database, ("title", "Gesundheitslotsen"), language: "de");
        await using (var db = database.NewContext())
        {
            db.RawInputs.Add(new RawInput { Channel = "webchat", DedupKey = "a1", ConversationId = "conv-7", ContentType = "application/json", Content = "{}"u8.ToArray(), PracticeId = id, ReceivedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        await using var services = Services(database);
        await using var scope = services.CreateAsyncScope();
        var workflow = scope.ServiceProvider.GetRequiredService<PracticeWorkflow>();
        await workflow.ChangeStatusAsync(id, PracticeStatus.Submitted, null, Researcher, null);
        var notification = await workflow.RequestChangesAsync(id, "Bitte ergänzen Sie das Budget.", Researcher, null);
        Assert.Equal(("webchat", "u-de", "conv-7", "de"), (notification.Channel, notification.Recipient, notification.ConversationId, notification.Language));
        Assert.Contains("Bitte ergänzen Sie das Budget.", notification.Text, StringComparison.Ordinal);
        await using var check = database.NewContext();
        Assert.Equal(PracticeStatus.NeedsChanges, (await check.Practices.SingleAsync(p => p.Id == id)).Status);
        Assert.Equal(1, await check.ContributorNotifications.CountAsync(n => n.PracticeId == id));
    }

    [Fact]
    public async Task The_assessment_refuses_an_unknown_aspect_or_category_and_stores_the_rest()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var id = await DraftAsync(database, ("title", "Hälsokommunikatörer"), language: "sv");
        await using var services = Services(database);
        await using var scope = services.CreateAsyncScope();
        var assessor = scope.ServiceProvider.GetRequiredService<PracticeAssessor>();
        var aspect = TestCore.Questionnaire.AssessmentAspects[0].Id;
        await Assert.ThrowsAsync<ReviewRefusedException>(() => assessor.SaveAssessmentAsync(id, [new AspectAssessment("charm", "x", null)], null, null, Researcher, null));
        await Assert.ThrowsAsync<ReviewRefusedException>(() => assessor.SaveAssessmentAsync(id, [], ["space_travel"], null, Researcher, null));
        await assessor.SaveAssessmentAsync(id, [new AspectAssessment(aspect, "Peers reach newcomers", null)], ["health"], null, Researcher, null);
        await using var check = database.NewContext();
        Assert.Equal("Peers reach newcomers", (await check.PracticeAssessments.SingleAsync(a => a.PracticeId == id)).InspiringElements);
        Assert.Equal("[\"health\"]", (await check.PracticeReviews.SingleAsync(r => r.PracticeId == id)).IntegrationAreasJson);
    }

    [Fact]
    public async Task A_merge_copies_the_missing_answers_and_identities_and_rejects_the_duplicate()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var original = await DraftAsync(database, ("title", "Scuola e famiglie"), contributor: "u-a");
        var duplicate = await DraftAsync(database, ("title", "Scuola & famiglie"), contributor: "u-b", more: ("country", "Italia"));
        await using (var db = database.NewContext())
        {
            db.RawInputs.Add(new RawInput { Channel = "webchat", DedupKey = "b1", ContentType = "application/json", Content = "{\"text\":\"Scuola\"}"u8.ToArray(), PracticeId = duplicate, ReceivedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        await using var services = Services(database);
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DuplicateMerger>().MergeAsync(duplicate, original, Researcher);
        }
        await using var check = database.NewContext();
        var target = await check.Practices.Include(p => p.Answers).Include(p => p.Identities).SingleAsync(p => p.Id == original);
        Assert.Equal("\"Scuola e famiglie\"", target.Answers.Single(a => a.QuestionId == "title").ValueJson);
        Assert.Contains(target.Answers, a => a.QuestionId == "country");
        Assert.Equal(["u-a", "u-b"], target.Identities.Select(i => i.ExternalId).Order());
        Assert.Equal(PracticeStatus.Rejected, (await check.Practices.SingleAsync(p => p.Id == duplicate)).Status);
        // The duplicate's raw input now files under the target, its bytes as received.
        var moved = await check.RawInputs.SingleAsync(r => r.DedupKey == "b1");
        Assert.Equal((original, "{\"text\":\"Scuola\"}"), (moved.PracticeId!.Value, System.Text.Encoding.UTF8.GetString(moved.Content)));
    }

    /// <summary>A chat draft with the given answers, stored through the intake service as the chat stores it.</summary>
    private static async Task<Guid> DraftAsync(StoreDatabase database, (string Question, string Text) answer, string language = "it", string? contributor = null, (string Question, string Text)? more = null)
    {
        await using var db = database.NewContext();
        var intake = database.Intake(db);
        var practice = await intake.StartDraftAsync(new ContributorKey("webchat", contributor ?? "u-" + language), language, Channels.Chat);
        KeyValuePair<string, string>[] answers = more is { } extra
            ? [new(answer.Question, answer.Text), new(extra.Question, extra.Text)]
            : [new(answer.Question, answer.Text)];
        await intake.UpdateAsync(practice.Id, p => intake.RecordAnswers(p, answers, language, "contributor"));
        return practice.Id;
    }

    private static ServiceProvider Services(StoreDatabase database)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(TestCore.Questionnaire);
        services.AddSingleton(TestCore.Normaliser);
        services.AddSingleton(TestCore.Geo);
        services.AddSingleton<Texts>();
        services.AddSingleton<Regin.Core.Presentation.ValueFormatter>();
        services.AddScoped(_ => database.NewContext());
        services.AddReginReviewServices();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}

public sealed class ReviewTaskTestsOnSqlite() : ReviewTaskTests(TestProviders.Sqlite);

public sealed class ReviewTaskTestsOnPostgreSql() : ReviewTaskTests(TestProviders.PostgreSql);
