namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 40's new-user check: "non" typed at the practice's title was stored as the title. A bare no where a name or a
/// title is required is asked again as a placeholder is, with the words shown; a short real title ("Nord") is stored.
/// </summary>
public sealed class NoForANameTests(ConversationClassHost classHost) : IAsyncLifetime, IClassFixture<ConversationClassHost>
{
    private ConversationHost _host = null!;

    public Task InitializeAsync()
    {
        _host = classHost.Host.ForCase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<string?> ValueOfAsync(string question) =>
        (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.SingleOrDefault(a => a.QuestionId == question)?.ValueJson;

    [Theory]
    [InlineData("fr-FR", "non", "« non »", "Nord")]
    [InlineData("de-AT", "Nein", "„Nein“", "Nord")]
    [InlineData("sv-SE", "nej", "”nej”", "Nova")]
    [InlineData("el-GR", "όχι", "«όχι»", "Νέα Πνοή")]
    public async Task No_at_the_title_is_asked_again_and_a_short_title_is_stored(string locale, string typed, string quoted, string title)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        foreach (var answer in new[] { "Claire Martin", "Région Occitanie", "claire.martin@example.eu", "-" })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("title", chat.AskedQuestion);

        await chat.SendAsync(typed);

        Assert.Equal("title", chat.AskedQuestion);
        Assert.Contains(chat.Shown, line => line.Contains(quoted, StringComparison.Ordinal));
        Assert.Null(await ValueOfAsync("title"));
        await chat.SendAsync(title);
        Assert.Equal("country", chat.AskedQuestion);
        Assert.Equal(title, System.Text.Json.Nodes.JsonNode.Parse((await ValueOfAsync("title"))!)!.GetValue<string>());
    }
}
