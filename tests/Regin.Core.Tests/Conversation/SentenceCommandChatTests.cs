namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Commands asked for in a sentence, as people write them: "je voudrais modifier la question 1" was recorded as the
/// organisation's name, and "on peut faire une pause ?" refused as an e-mail address.
/// </summary>
public sealed class SentenceCommandChatTests : IAsyncLifetime
{
    private ConversationHost _host = null!;

    public async Task InitializeAsync() => _host = await ConversationHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_change_a_step_back_and_a_pause_asked_for_in_sentences_are_done_and_never_recorded_as_answers()
    {
        var chat = _host.Chat("fr-FR");
        await chat.StartAsync();
        await chat.SendAsync("Marie Dupont");
        Assert.Equal("contact_organisation", chat.AskedQuestion);

        await chat.SendAsync("je voudrais modifier la question 1");
        Assert.Equal("contact_name", chat.AskedQuestion);
        await chat.SendAsync("Marie Dupont-Martin");
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        await chat.SendAsync("Conseil régional de Bretagne");

        await chat.SendAsync("revenir à la question précédente");
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        await chat.SendAsync("on peut faire une pause ?");
        Assert.True(chat.Progress.Paused);

        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal(["contact_name", "contact_organisation"], practice!.Answers.Select(a => a.QuestionId).Order());
        Assert.Equal("Marie Dupont-Martin", practice.Answers.Single(a => a.QuestionId == "contact_name").Original);
        Assert.Equal("Conseil régional de Bretagne", practice.Answers.Single(a => a.QuestionId == "contact_organisation").Original);
    }
}
