using Regin.Bot.Chat.Teams;
using Regin.Core.Conversation;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Tests.Chat;

/// <summary>What the host checks at start about the engine's texts (the engine itself is tested in Regin.Core.Tests/Conversation).</summary>
public sealed class ConversationEngineTests
{
    [Fact]
    public void The_questionnaire_has_every_message_the_chat_and_the_Teams_package_use()
    {
        var problems = QuestionnaireValidator.Validate(QuestionnaireLoader.LoadEmbedded(), ConversationMessageKeys.All.Concat(TeamsAppPackage.MessageKeys));

        Assert.Empty(problems);
        Assert.Contains("bot.welcome_back", ConversationMessageKeys.All);
    }
}
