using Regin.Core.Persistence.Entities;
using Regin.Tests.Shared.Conversation;

namespace Regin.Bot.Tests.Chat;

/// <summary>
/// The same everyday chats as the engine's tests (tests/Shared/Conversation), typed through the Bot Framework on two
/// channels: Web Chat (cards) and a plain one (Markdown text). Typed answers work on both.
/// </summary>
public sealed class EverydayChatTests(ChatClassHost host) : ChatTestBase(host), IClassFixture<ChatClassHost>
{
    public static TheoryData<string, string> Chats()
    {
        var data = new TheoryData<string, string>();
        foreach (var language in EverydayChats.All.Keys)
        {
            data.Add(language, language is "en" or "it" or "el" or "sv" ? "webchat" : "msteams");
        }
        data.Add("de", "sms");
        data.Add("pt", "sms");
        return data;
    }

    [Theory]
    [MemberData(nameof(Chats))]
    public Task An_everyday_chat_ends_in_a_submitted_practice_with_the_expected_values(string language, string channel) =>
        RunAsync(EverydayChats.All[language], channel, "everyday-" + language);

    [Theory]
    [InlineData("de", "msteams")]
    [InlineData("el", "webchat")]
    public Task A_second_everyday_chat_with_ministries_payments_and_not_yet_ends_in_the_expected_values(string language, string channel) =>
        RunAsync(EverydayChats.Second[language], channel, "everyday-second-" + language);

    [Theory]
    [InlineData("fr", "msteams")]
    [InlineData("es", "webchat")]
    [InlineData("it", "sms")]
    [InlineData("pt", "webchat")]
    public Task A_hurried_chat_with_titles_corrections_on_screen_and_two_dates_ends_in_the_expected_values(string language, string channel) =>
        RunAsync(EverydayChats.Hurried[language], channel, "everyday-hurried-" + language);

    [Theory]
    [InlineData("de", "webchat")]
    [InlineData("el", "msteams")]
    [InlineData("sv", "sms")]
    [InlineData("en", "webchat")]
    public Task A_hurried_chat_with_a_period_at_the_start_date_and_a_post_beside_the_name_ends_in_the_expected_values(string language, string channel) =>
        RunAsync(EverydayChats.HurriedPeriods[language], channel, "everyday-periods-" + language);

    [Theory]
    [InlineData("de", "msteams")]
    [InlineData("el", "sms")]
    [InlineData("fr", "webchat")]
    [InlineData("sv", "webchat")]
    public Task A_chat_with_a_question_back_and_on_a_language_switch_and_a_change_asked_at_submit_ends_in_the_expected_values(string language, string channel) =>
        RunAsync(EverydayChats.Moves[language], channel, "everyday-moves-" + language);

    private async Task RunAsync(EverydayChats.Chat script, string channel, string user)
    {
        var chat = Driver(script.Locale, channel: channel, user: user);
        await chat.StartAsync();
        var transcript = new List<string>();
        foreach (var message in script.Messages)
        {
            var replies = await chat.SendAsync(message);
            transcript.Add("> " + message);
            transcript.Add(replies.AllText());
        }

        var practice = await PracticeOfAsync(channel, user);
        Assert.True(practice?.Status == PracticeStatus.Submitted, string.Join("\n", transcript.TakeLast(8)));
        foreach (var (question, value) in script.Expected)
        {
            Assert.Equal((question, value), (question, practice.Answers.SingleOrDefault(a => a.QuestionId == question)?.ValueJson));
        }
    }
}
