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

    /// <summary>The stored answer to <paramref name="question"/> of the contributor's practice, or null.</summary>
    protected async Task<Regin.Core.Persistence.Entities.Answer?> AnswerOfAsync(string question) =>
        (await Host.PracticeOfAsync("sms", "user-1"))?.Answers.SingleOrDefault(a => a.QuestionId == question);
}
