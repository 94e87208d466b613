using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using Regin.Core.Conversation;

namespace Regin.Bot.Tests.Chat;

/// <summary>Which language the bot speaks: stored preference, then locale, then Teams' clientInfo, else it asks.</summary>
public sealed class LanguageTests(ChatClassHost host) : ChatTestBase(host), IClassFixture<ChatClassHost>
{
    [Theory]
    [InlineData("el-GR", "el")]
    [InlineData("pt-BR", "pt")]
    [InlineData("pt-PT", "pt")]
    [InlineData("sv-SE", "sv")]
    [InlineData("fr-CA", "fr")]
    public async Task Greets_in_the_language_of_the_activity_locale(string locale, string language)
    {
        var replies = await Driver(locale).StartAsync();

        Assert.StartsWith(Texts.Get(ConversationMessageKeys.Welcome, language), replies[0].Shown());
        Assert.Contains(Fixed(ConversationMessageKeys.Progress, language), replies[^1].Shown());
    }

    [Fact]
    public async Task Asks_which_language_when_the_locale_is_not_one_of_the_eight_and_continues_in_the_chosen_one()
    {
        var chat = Driver("ja-JP");

        var replies = await chat.StartAsync();
        var ask = replies.Single();
        Assert.Contains(Texts.Get(ConversationMessageKeys.ChooseLanguage, "en"), ask.Shown());
        Assert.Contains(Texts.Get(ConversationMessageKeys.ChooseLanguage, "el"), ask.Shown());
        Assert.Equal(Questionnaire.Languages.Select(l => l.Name), ask.Buttons());

        replies = await chat.SendAsync("something else");
        Assert.Contains(Texts.Get(ConversationMessageKeys.ChooseLanguage, "sv"), replies.Single().Shown());

        replies = await chat.SendAsync("Svenska");
        Assert.Equal(Texts.Get(ConversationMessageKeys.LanguageSet, "sv"), replies[0].Shown());
        Assert.StartsWith(Texts.Get(ConversationMessageKeys.Welcome, "sv"), replies[1].Shown());
        Assert.Equal("contact_name", replies.AskedQuestion());
    }

    [Fact]
    public async Task Uses_the_locale_of_Teams_clientInfo_when_the_activity_has_none()
    {
        var chat = Driver(locale: null!, channel: "msteams");
        var activity = chat.Adapter.MakeActivity("hallo");
        activity.Locale = null;
        activity.Entities = [new Entity("clientInfo") { Properties = new JObject { ["locale"] = "de-DE", ["country"] = "DE", ["platform"] = "Web" } }];

        var replies = await chat.SendAsync(activity);

        Assert.StartsWith(Texts.Get(ConversationMessageKeys.Welcome, "de"), replies[0].Shown());
        Assert.Contains("Frage 1 von 31", replies[^1].Shown());
    }

    [Fact]
    public async Task Greets_a_Teams_user_on_install_in_personal_scope()
    {
        var chat = Driver("it-IT", channel: "msteams", conversation: "a:teams-personal", user: "29:teams-user");
        var update = chat.Adapter.MakeActivity();
        update.Type = ActivityTypes.ConversationUpdate;
        update.Text = null;
        update.MembersAdded = [chat.Adapter.Conversation.Bot];
        update.Conversation.ConversationType = "personal";
        await chat.Adapter.ProcessActivityAsync(update, Host.Bot.OnTurnAsync, CancellationToken.None);
        var replies = new List<IMessageActivity>();
        while (chat.Adapter.GetNextReply() is IMessageActivity reply)
        {
            replies.Add(reply);
        }

        Assert.StartsWith(Texts.Get(ConversationMessageKeys.Welcome, "it"), replies[0].Shown());
        Assert.Equal("contact_name", replies.AskedQuestion());
    }

    [Fact]
    public async Task Switches_language_mid_way_and_goes_on_with_the_same_question_and_answers()
    {
        var chat = Driver("en-US");
        await chat.StartAsync();
        await chat.SendAsync("Anna Svensson");
        await chat.SendAsync("Region Skåne");

        var replies = await chat.SendAsync("språk svenska");
        Assert.Equal(Texts.Get(ConversationMessageKeys.LanguageSet, "sv"), replies[0].Shown());
        Assert.Equal("contact_email", replies.AskedQuestion());
        Assert.Contains("Fråga 3 av 31", replies[^1].Shown());

        replies = await chat.SendAsync("anna@skane.se");
        Assert.StartsWith(Fixed(ConversationMessageKeys.Noted, "sv"), replies[0].Shown());

        replies = await chat.SendAsync("language fr");
        Assert.Equal(Texts.Get(ConversationMessageKeys.LanguageSet, "fr"), replies[0].Shown());
        Assert.Contains("Question 4 sur 31", replies[^1].Shown());

        var practice = await PracticeOfAsync("webchat", "user-1");
        Assert.Equal("fr", practice!.Language);
        Assert.Equal(3, practice.Answers.Count);
    }

    [Fact]
    public async Task Understands_a_command_written_in_another_language_and_offers_to_switch()
    {
        var chat = Driver("en-US");
        await chat.StartAsync();

        var replies = await chat.SendAsync("aiuto");

        Assert.Equal(Texts.Get(ConversationMessageKeys.OtherLanguage, "it", ("language", "Italiano"), ("code", "it")), replies[0].Shown());
        Assert.StartsWith(Texts.Get(ConversationMessageKeys.HelpTitle, "en"), replies[1].Shown());
    }

    [Fact]
    public async Task Keeps_the_chosen_language_when_a_later_activity_has_another_locale()
    {
        var chat = Driver("es-ES");
        await chat.StartAsync();
        var activity = chat.Adapter.MakeActivity("Lucía Pérez");
        activity.Locale = "en-US";

        var replies = await chat.SendAsync(activity);

        Assert.StartsWith(Fixed(ConversationMessageKeys.Noted, "es"), replies[0].Shown());
        Assert.Contains("Pregunta 2 de 31", replies[^1].Shown());
    }
}
