using Microsoft.Bot.Schema;
using Regin.Core.Conversation;

namespace Regin.Bot.Tests.Chat;

/// <summary>What a real contributor (or a broken client) sends: clear answers, no crash, nothing lost.</summary>
public sealed class BadInputTests(ChatClassHost host) : ChatTestBase(host), IClassFixture<ChatClassHost>
{
    private async Task<ChatDriver> StartedAsync(string locale = "en-US")
    {
        var chat = Driver(locale);
        await chat.StartAsync();
        await chat.SendAsync("Jo Bloggs");
        return chat;
    }

    [Fact]
    public async Task An_empty_message_is_answered_and_the_question_asked_again()
    {
        var chat = await StartedAsync();

        var replies = await chat.SendAsync("   ");

        Assert.Equal(Texts.Get(ConversationMessageKeys.EmptyMessage, "en"), replies[0].Shown());
        Assert.Equal("contact_organisation", replies.AskedQuestion());
    }

    [Fact]
    public async Task An_attachment_is_not_read_and_the_question_stays()
    {
        var chat = await StartedAsync("it-IT");
        var activity = chat.Adapter.MakeActivity(null);
        activity.Attachments = [new Attachment("application/pdf", "https://example.invalid/practice.pdf", name: "practice.pdf")];

        var replies = await chat.SendAsync(activity);

        Assert.Equal(Texts.Get(ConversationMessageKeys.AttachmentIgnored, "it"), replies[0].Shown());
        Assert.Equal("contact_organisation", replies.AskedQuestion());
    }

    [Fact]
    public async Task Emoji_only_is_not_taken_as_an_answer()
    {
        var chat = await StartedAsync();

        var replies = await chat.SendAsync("👍🎉");

        Assert.Equal(Texts.Get(ConversationMessageKeys.EmptyMessage, "en"), replies[0].Shown());
        Assert.Single((await PracticeOfAsync("webchat", "user-1"))!.Answers);
    }

    [Fact]
    public async Task A_20000_character_answer_is_refused_with_the_limit_and_earlier_answers_stay()
    {
        var chat = await StartedAsync("el-GR");

        var replies = await chat.SendAsync(new string('α', 20_000));

        Assert.Contains("200", replies[0].Shown());
        Assert.Equal("contact_organisation", replies.AskedQuestion());
        var practice = await PracticeOfAsync("webchat", "user-1");
        Assert.Equal("Jo Bloggs", practice!.Answers.Single().Original);
    }

    [Fact]
    public async Task Markdown_and_HTML_in_an_answer_are_stored_as_written_and_echoed_as_text()
    {
        var chat = await StartedAsync();
        const string attack = "**ACME** <script>alert('x')</script> [click](javascript:alert(1)) # _x_";

        var replies = await chat.SendAsync(attack);

        var echo = replies[0].Shown();
        Assert.DoesNotContain("<script>", echo);
        Assert.DoesNotContain("**ACME**", echo);
        Assert.Contains(@"\[click\](", echo);
        Assert.Contains("&lt;script&gt;", echo);
        Assert.Contains(@"\*\*ACME\*\*", echo);
        var practice = await PracticeOfAsync("webchat", "user-1");
        Assert.Equal(attack, practice!.Answers.Single(a => a.QuestionId == "contact_organisation").Original);
    }

    [Fact]
    public async Task A_wrong_answer_is_explained_in_the_language_and_asked_again()
    {
        var chat = await StartedAsync("pt-PT");
        await chat.SendAsync("Câmara Municipal de Lisboa");

        var replies = await chat.SendAsync("maria at lisboa");

        Assert.Equal(Texts.Get("validation.email", "pt"), replies[0].Shown());
        Assert.Equal("contact_email", replies.AskedQuestion());
        replies = await chat.SendAsync("maria@cm-lisboa.pt");
        Assert.StartsWith(Fixed(ConversationMessageKeys.Noted, "pt"), replies[0].Shown());
        Assert.Equal(3, (await PracticeOfAsync("webchat", "user-1"))!.Answers.Count);
    }

    [Fact]
    public async Task A_region_outside_the_country_is_refused_and_the_country_kept()
    {
        var chat = Driver("en-US");
        await chat.StartAsync();
        foreach (var answer in new[] { "Jo", "Org", "jo@example.org", "skip", "A practice", "Sweden" })
        {
            await chat.SendAsync(answer);
        }

        var replies = await chat.SendAsync("Puglia");

        Assert.Contains("Sweden", replies[0].Shown());
        Assert.Equal("region", replies.AskedQuestion());
    }

    [Fact]
    public async Task Another_contributor_in_someone_elses_conversation_gets_their_own_draft()
    {
        var owner = await StartedAsync();
        var intruder = new ChatDriver(Adapter("webchat", "conv-1", "intruder", "en-US"), Host.Bot);

        var replies = await intruder.SendAsync("I overwrite you");

        Assert.Equal(Texts.Get(ConversationMessageKeys.NotYourConversation, "en"), replies[0].Shown());
        Assert.Equal("contact_name", replies.AskedQuestion());
        var ownerPractice = await PracticeOfAsync("webchat", "user-1");
        Assert.Equal("Jo Bloggs", ownerPractice!.Answers.Single().Original);
        replies = await owner.SendAsync("ACME");
        Assert.Equal("Noted: ACME", replies[0].Shown());
    }
}
