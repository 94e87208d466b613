namespace Regin.Core.Tests.Conversation;

/// <summary>
/// A contributor's chat played through the engine, one case a fresh practice on the class's shared host: the harness the
/// runs of real users share (<see cref="ItalianRegionRunTests"/>, <see cref="SpanishNgoRunTests"/>, <see cref="IrishCountyRunTests"/>).
/// </summary>
public abstract class ChatRunTests(ConversationClassHost classHost) : IAsyncLifetime, IClassFixture<ConversationClassHost>
{
    protected ConversationHost Host { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Host = classHost.Host.ForCase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>A new chat in <paramref name="locale"/> that typed <paramref name="answers"/> in turn and now asks
    /// <paramref name="question"/>.</summary>
    protected async Task<EngineChat> AtAsync(string locale, string question, params string[] answers)
    {
        var chat = Host.Chat(locale);
        await chat.StartAsync();
        foreach (var answer in answers)
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal(question, chat.AskedQuestion);
        return chat;
    }

    /// <summary>The stored answer to <paramref name="question"/> of the contributor's practice, or null.</summary>
    protected async Task<Regin.Core.Persistence.Entities.Answer?> AnswerOfAsync(string question) =>
        (await Host.PracticeOfAsync("sms", "user-1"))?.Answers.SingleOrDefault(a => a.QuestionId == question);

    /// <summary>A chat at the regional authority's role: the contributor's own organisation leads, a local authority (an NGO in es).</summary>
    protected async Task<EngineChat> AtTheRoleAsync(string locale)
    {
        var chat = await AtAsync(locale, "lead_organisation", Chat51RunTests.ToTheLead(locale));
        await chat.SendAsync(Chat51RunTests.ToTheLead(locale)[1]);
        for (var turns = 0; turns < 4 && chat.AskedQuestion != "regional_authority_role"; turns++)
        {
            await chat.SendAsync(chat.Progress.Pending is not null ? Chat51RunTests.Yes(locale) : locale[..2] == "es" ? "4" : "2");
        }
        Assert.Equal("regional_authority_role", chat.AskedQuestion);
        return chat;
    }
}
