using Regin.Core.Persistence.Entities;
using Regin.Tests.Shared.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>A whole practice per language, typed in everyday style, through the engine and the plain-text renderer (an SMS channel).</summary>
public sealed class EverydayChatTests
{
    public static TheoryData<string> Languages => new(EverydayChats.All.Keys);

    [Theory]
    [MemberData(nameof(Languages))]
    public Task An_everyday_chat_ends_in_a_submitted_practice_with_the_expected_values(string language) =>
        RunAsync(EverydayChats.All[language], language);

    public static TheoryData<string> SecondLanguages => new(EverydayChats.Second.Keys);

    [Theory]
    [MemberData(nameof(SecondLanguages))]
    public Task A_second_everyday_chat_with_ministries_payments_and_not_yet_ends_in_the_expected_values(string language) =>
        RunAsync(EverydayChats.Second[language], language);

    public static TheoryData<string> HurriedLanguages => new(EverydayChats.Hurried.Keys);

    [Theory]
    [MemberData(nameof(HurriedLanguages))]
    public Task A_hurried_chat_with_titles_corrections_on_screen_and_two_dates_ends_in_the_expected_values(string language) =>
        RunAsync(EverydayChats.Hurried[language], language);

    public static TheoryData<string> HurriedPeriodLanguages => new(EverydayChats.HurriedPeriods.Keys);

    [Theory]
    [MemberData(nameof(HurriedPeriodLanguages))]
    public Task A_hurried_chat_with_a_period_at_the_start_date_and_a_post_beside_the_name_ends_in_the_expected_values(string language) =>
        RunAsync(EverydayChats.HurriedPeriods[language], language);

    public static TheoryData<string> MoveLanguages => new(EverydayChats.Moves.Keys);

    [Theory]
    [MemberData(nameof(MoveLanguages))]
    public Task A_chat_with_a_question_back_and_on_a_language_switch_and_a_change_asked_at_submit_ends_in_the_expected_values(string language) =>
        RunAsync(EverydayChats.Moves[language], language);

    public static TheoryData<string> PhoneLanguages => new(EverydayChats.Phone.Keys);

    [Theory]
    [MemberData(nameof(PhoneLanguages))]
    public Task A_volunteer_on_a_phone_with_sms_words_thumbs_and_one_answer_in_two_messages_ends_in_the_expected_values(string language) =>
        RunAsync(EverydayChats.Phone[language], language);

    private static async Task RunAsync(EverydayChats.Chat script, string language)
    {
        await using var host = await ConversationHost.StartAsync();
        var chat = host.Chat(script.Locale);
        await chat.StartAsync();
        var transcript = new List<string>();
        foreach (var message in script.Messages)
        {
            await chat.SendAsync(message);
            transcript.Add("> " + message);
            transcript.AddRange(chat.Shown);
            // Plain text: no Markdown reaches an SMS.
            Assert.All(chat.Shown, text => Assert.DoesNotContain("**", text));
        }

        var practice = await host.PracticeOfAsync("sms", "user-1");
        Assert.True(practice?.Status == PracticeStatus.Submitted, string.Join("\n", transcript));
        Assert.Equal(language, practice.Language);
        foreach (var (question, value) in script.Expected)
        {
            Assert.True(value == practice.Answers.SingleOrDefault(a => a.QuestionId == question)?.ValueJson,
                $"{question}: expected {value}, stored {practice.Answers.SingleOrDefault(a => a.QuestionId == question)?.ValueJson}\n{string.Join("\n", transcript)}");
        }
        Assert.Null(practice.Answers.SingleOrDefault(a => a.QuestionId == "contact_phone"));
    }
}
