using Microsoft.Extensions.DependencyInjection;
using Regin.Bot.Chat.Engine;
using Regin.Bot.Chat.Teams;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Tests.Chat;

/// <summary>The engine on its own: text in, replies out, no Bot Framework activity in sight.</summary>
public sealed class ConversationEngineTests : ChatTestBase
{
    private async Task<IReadOnlyList<ChatReply>> TurnAsync(ChatInput input, ConversationProgress progress, ContributorProfile profile)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ConversationEngine>().HandleAsync(input, progress, profile);
    }

    [Fact]
    public async Task Takes_text_and_returns_replies_with_the_question_asked()
    {
        var progress = new ConversationProgress();
        var profile = new ContributorProfile();

        var replies = await TurnAsync(new ChatInput("webchat", "engine-1", "engine-user", null, Locale: "it-IT", IsConversationStart: true), progress, profile);
        Assert.Equal(new QuestionProgress("contact_name", 1, 31), replies[^1].Question);
        Assert.Equal("it", progress.Language);

        replies = await TurnAsync(new ChatInput("webchat", "engine-1", "engine-user", "Maria Rossi", Locale: "it-IT"), progress, profile);
        Assert.Equal("Registrato: Maria Rossi", replies[0].Text);
        Assert.Equal(new QuestionProgress("contact_organisation", 2, 31), replies[^1].Question);
        Assert.Equal("contact_organisation", progress.QuestionId);
        Assert.Equal(Clock.Now, profile.LastSeenAt);
    }

    [Fact]
    public async Task Offers_choices_as_buttons_in_the_language()
    {
        var progress = new ConversationProgress { Language = "es", QuestionId = "lead_organisation_type" };

        var replies = await TurnAsync(new ChatInput("webchat", "engine-2", "engine-user-2", "continuar"), progress, new ContributorProfile());

        var question = replies[^1];
        Assert.Equal("lead_organisation_type", question.Question!.QuestionId);
        var labels = Questionnaire.Questions.Single(q => q.Id == "lead_organisation_type").ChoiceList.Select(c => c.Label.In("es"));
        Assert.Equal(labels, question.Choices);
    }

    [Fact]
    public void The_questionnaire_has_every_message_the_chat_and_the_Teams_package_use()
    {
        var problems = QuestionnaireValidator.Validate(QuestionnaireLoader.LoadEmbedded(), BotMessageKeys.All.Concat(TeamsAppPackage.MessageKeys));

        Assert.Empty(problems);
        Assert.Contains("bot.welcome_back", BotMessageKeys.All);
    }
}
