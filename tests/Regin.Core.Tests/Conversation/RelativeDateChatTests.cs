using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>"bis Ende nächsten Jahres" in a chat: read against the day of the turn, asked back, stored once confirmed.</summary>
public sealed class RelativeDateChatTests : IAsyncLifetime
{
    private ConversationHost _host = null!;

    public async Task InitializeAsync() => _host = await ConversationHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_relative_end_date_is_read_against_the_turns_day_and_stored_once_confirmed()
    {
        _host.Clock.Now = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
        var chat = _host.Chat("de-DE");
        await chat.StartAsync();
        await chat.SendAsync("ändern 13");
        await chat.SendAsync("März 2025");
        await chat.SendAsync("ändern 14");
        Assert.Equal("end_date", chat.AskedQuestion);

        var ask = Assert.IsType<ConfirmationReply>((await chat.SendAsync("bis Ende nächsten Jahres")).Single());
        Assert.Equal("Meinten Sie Dezember 2027?", ask.Text);
        Assert.DoesNotContain((await _host.PracticeOfAsync("sms", "user-1"))!.Answers, a => a.QuestionId == "end_date");

        await chat.SendAsync("ja");
        var end = (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "end_date");
        Assert.Equal(("\"2027-12\"", "bis Ende nächsten Jahres"), (end.ValueJson, end.Original));
    }

    [Fact]
    public async Task The_same_words_a_year_later_mean_a_year_later()
    {
        _host.Clock.Now = new DateTimeOffset(2027, 12, 2, 10, 0, 0, TimeSpan.Zero);
        var chat = _host.Chat("fr-FR");
        await chat.StartAsync();
        await chat.SendAsync("modifier 13");

        var ask = Assert.IsType<ConfirmationReply>((await chat.SendAsync("l'an dernier")).Single());
        Assert.Equal("Vouliez-vous dire 2026\u00a0?", ask.Text);
    }
}
