using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Regin.Core.Conversation;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Tests.Chat;

/// <summary>Every chat command, in English through TestFlow, and each command word in each of the 8 languages.</summary>
public sealed class CommandTests(ChatClassHost host) : ChatTestBase(host), IClassFixture<ChatClassHost>
{
    [Fact]
    public async Task Help_skip_back_and_change_work_as_a_TestFlow_conversation()
    {
        var adapter = Adapter("webchat", "flow-1", "flow-user", "en-US");
        var en = (string key) => Texts.Get(key, "en");
        await new TestFlow(adapter, Host.Bot)
            .Send("hello")
            .AssertReply(a => Assert.StartsWith(en(ConversationMessageKeys.Welcome), a.AsMessageActivity().Shown()))
            .AssertReply(a => Assert.Equal("contact_name", a.QuestionId()))
            .Send("back")
            .AssertReply(en(ConversationMessageKeys.BackAtStart))
            .AssertReply(a => Assert.Equal("contact_name", a.QuestionId()))
            .Send("skip")
            .AssertReply(en(ConversationMessageKeys.CannotSkip))
            .AssertReply(a => Assert.Equal("contact_name", a.QuestionId()))
            .Send("help")
            .AssertReply(a => Assert.Contains("Your name", a.AsMessageActivity().Shown()))
            .Send("Jo Bloggs")
            .AssertReply(a => Assert.Equal("Noted: Jo Bloggs", a.AsMessageActivity().Shown()))
            .AssertReply(a => Assert.Equal("contact_organisation", a.QuestionId()))
            .Send("City of Malmö")
            .AssertReply(a => Assert.StartsWith("Noted", a.AsMessageActivity().Shown()))
            .AssertReply(a => Assert.Equal("contact_email", a.QuestionId()))
            .Send("jo@malmo.se")
            .AssertReply(a => Assert.StartsWith("Noted", a.AsMessageActivity().Shown()))
            .AssertReply(a => Assert.Equal("contact_phone", a.QuestionId()))
            .Send("skip")
            .AssertReply(en(ConversationMessageKeys.Skipped))
            .AssertReply(a => Assert.Equal("title", a.QuestionId()))
            .Send("back")
            .AssertReply(a => Assert.Equal("contact_phone", a.QuestionId()))
            .Send("change 1")
            .AssertReply(Texts.Get(ConversationMessageKeys.AnsweredBefore, "en", ("value", "Jo Bloggs")))
            .AssertReply(a => { Assert.Equal("contact_name", a.QuestionId()); Assert.Equal(1, a.ProgressCurrent()); })
            .Send("Joanna Bloggs")
            .AssertReply("Noted: Joanna Bloggs")
            .AssertReply(a => Assert.Equal("contact_phone", a.QuestionId()))
            .Send("change 99")
            .AssertReply(Texts.Get(ConversationMessageKeys.ChangeUnknown, "en", ("number", 99), ("total", 31)))
            .Send("change")
            .AssertReply(en(ConversationMessageKeys.ChangeUsage))
            .StartTestAsync();

        var practice = await PracticeOfAsync("webchat", "flow-user");
        Assert.Equal("Joanna Bloggs", practice!.Answers.Single(a => a.QuestionId == "contact_name").Original);
    }

    [Fact]
    public async Task Glossary_summary_email_pause_and_continue()
    {
        var chat = Driver("en-US");
        await chat.StartAsync();
        await chat.SendAsync("Jo Bloggs");

        var replies = await chat.SendAsync("glossary NUTS");
        Assert.StartsWith("**NUTS", replies.Single().Shown());

        replies = await chat.SendAsync("what is a third-country national?");
        Assert.StartsWith("**Third-country national**", replies.Single().Shown());

        replies = await chat.SendAsync("glossary blockchain");
        Assert.StartsWith("\"blockchain\" is not in the glossary", replies.Single().Shown());

        replies = await chat.SendAsync("glossary");
        Assert.StartsWith(Fixed(ConversationMessageKeys.GlossaryUsage, "en"), replies.Single().Shown());

        replies = await chat.SendAsync("summary");
        Assert.StartsWith(Texts.Get(ConversationMessageKeys.SummaryTitle, "en"), replies[0].Shown());
        // A card on Web Chat: each answer under its number and label, each with its change button.
        Assert.Contains(@"1\. Your name" + "\n\nJo Bloggs", replies[0].Shown());
        Assert.Contains(@"2\. Your organisation" + "\n\n(not answered)", replies[0].Shown());
        Assert.Equal(Enumerable.Repeat("Change", 31), replies[0].Buttons());
        Assert.Contains(Fixed(ConversationMessageKeys.SummaryMissing, "en"), replies[0].Shown());
        Assert.Equal("contact_organisation", replies.AskedQuestion());

        replies = await chat.SendAsync("e-mail");
        Assert.Equal(Texts.Get(ConversationMessageKeys.EmailRoute, "en", ("mailbox", "reginproject@crpm.org"),
            ("txt_url", "https://regin.test/templates/en.txt"), ("docx_url", "https://regin.test/templates/en.docx")), replies.Single().Shown());

        replies = await chat.SendAsync("pause");
        Assert.Equal(Texts.Get(ConversationMessageKeys.Paused, "en", ("current", 2)), replies.Single().Shown());

        Clock.Advance(TimeSpan.FromHours(5));
        replies = await chat.SendAsync("continue");
        Assert.Equal("Welcome back! You stopped 5 hours ago at question 2 (About you). 30 questions to go.", replies[0].Shown());
        Assert.Equal("contact_organisation", replies.AskedQuestion());
    }

    [Fact]
    public async Task Restart_asks_for_confirmation_and_then_clears_the_answers()
    {
        var chat = Driver("de-DE");
        await chat.StartAsync();
        await chat.SendAsync("Jana Schmidt");
        await chat.SendAsync("Land Berlin");

        var replies = await chat.SendAsync("neustart");
        Assert.Equal(Texts.Get(ConversationMessageKeys.RestartConfirm, "de"), replies.Single().Shown());
        replies = await chat.SendAsync("vielleicht");
        Assert.Equal(Texts.Get(ConversationMessageKeys.RestartConfirm, "de"), replies.Single().Shown());
        replies = await chat.SendAsync("nein");
        Assert.Equal("contact_email", replies.AskedQuestion());
        Assert.Equal(2, (await PracticeOfAsync("webchat", "user-1"))!.Answers.Count);

        await chat.SendAsync("neustart");
        replies = await chat.SendAsync("ja");
        Assert.Equal(Texts.Get(ConversationMessageKeys.Restarted, "de"), replies[0].Shown());
        Assert.Equal("contact_name", replies.AskedQuestion());
        Assert.Empty((await PracticeOfAsync("webchat", "user-1"))!.Answers);
    }

    [Fact]
    public async Task Submit_lists_what_is_missing_and_can_be_cancelled()
    {
        var chat = Driver("es-ES");
        await chat.StartAsync();
        await chat.SendAsync("Lucía Pérez");

        var replies = await chat.SendAsync("enviar");
        Assert.StartsWith(Fixed(ConversationMessageKeys.SubmitMissing, "es"), replies[0].Shown());
        Assert.Contains("2. ", replies[0].Shown());
        Assert.DoesNotContain("4. ", replies[0].Shown().Split(':', 2)[1].Split(", ")[2]);
        Assert.Equal("contact_organisation", replies.AskedQuestion());
        Assert.Equal(PracticeStatus.Draft, (await PracticeOfAsync("webchat", "user-1"))!.Status);
    }

    [Fact]
    public async Task Unknown_slash_commands_are_answered_clearly()
    {
        var chat = Driver("fr-FR");
        await chat.StartAsync();

        var replies = await chat.SendAsync("/start");

        Assert.Equal(Texts.Get(ConversationMessageKeys.UnknownCommand, "fr"), replies[0].Shown());
        Assert.Equal("contact_name", replies.AskedQuestion());
        Assert.Null(await PracticeOfAsync("webchat", "user-1"));
    }

    public static TheoryData<string> AllLanguages => new(Regin.Core.Languages.All);

    [Theory]
    [MemberData(nameof(AllLanguages))]
    public async Task Every_command_word_works_in_its_language(string language)
    {
        var words = Questionnaire.Commands;
        string Word(string command) => words[command].In(language)[0];
        var chat = Driver(language);
        await chat.StartAsync();
        await chat.SendAsync("Maria Rossi");

        var expectations = new (string Command, string Expected)[]
        {
            ("help", Fixed(ConversationMessageKeys.HelpTitle, language)),
            ("glossary", Fixed(ConversationMessageKeys.GlossaryUsage, language)),
            ("skip", Texts.Get(ConversationMessageKeys.CannotSkip, language)),
            ("summary", Texts.Get(ConversationMessageKeys.SummaryTitle, language)),
            ("submit", Fixed(ConversationMessageKeys.SubmitMissing, language)),
            ("email", Fixed(ConversationMessageKeys.EmailRoute, language)),
            ("language", Texts.Get(ConversationMessageKeys.ChooseLanguage, "en")),
            ("back", "contact_name"),
            ("change", Texts.Get(ConversationMessageKeys.ChangeUsage, language)),
            ("continue", "contact_name"),
            ("restart", Texts.Get(ConversationMessageKeys.RestartConfirm, language)),
            ("pause", Fixed(ConversationMessageKeys.Paused, language)),
        };
        foreach (var (command, expected) in expectations)
        {
            var replies = await chat.SendAsync(Word(command));
            if (command == "language")
            {
                // Back to the conversation's language.
                await chat.SendAsync(language);
            }
            if (command == "restart")
            {
                await chat.SendAsync(Questionnaire.Vocabulary.No.In(language)[0]);
            }
            var seen = replies.AllText() + "\n" + replies.AskedQuestion();
            Assert.True(seen.Contains(expected, StringComparison.Ordinal), $"{language} {command} \"{Word(command)}\": expected \"{expected}\" in\n{seen}");
        }
    }
}
