using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Localisation;
using Regin.Core.Questionnaire;
using Regin.Testing;

namespace Regin.Bot.Tests.Chat;

/// <summary>A fresh database per test (SQLite unless a class says otherwise), and the questionnaire's texts to compare replies with.</summary>
public abstract class ChatTestBase : IAsyncLifetime
{
    private TestDatabase _database = null!;

    /// <summary>Database:Provider of the host (a test class runs on PostgreSQL by overriding it).</summary>
    protected virtual string Provider => TestProviders.Sqlite;

    protected ChatHost Host { get; private set; } = null!;

    protected string DatabasePath => _database.FilePath ?? throw new InvalidOperationException("A PostgreSQL database has no file.");

    protected ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));

    protected Texts Texts => Host.Services.GetRequiredService<Texts>();

    protected QuestionnaireDefinition Questionnaire => Host.Services.GetRequiredService<QuestionnaireDefinition>();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Provider);
        Host = await StartHostAsync();
    }

    private Task<ChatHost> StartHostAsync() => ChatHost.StartAsync(_database, Clock);

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await _database.DisposeAsync();
    }

    protected async Task RestartHostAsync()
    {
        await Host.DisposeAsync();
        Host = await StartHostAsync();
    }

    protected ChatDriver Driver(string locale, string channel = "webchat", string conversation = "conv-1", string user = "user-1") =>
        new(Host.Adapter(channel, conversation, user, locale), Host.Bot);

    /// <summary>The message <paramref name="key"/> up to its first placeholder: what a reply must contain.</summary>
    protected string Fixed(string key, string language)
    {
        var text = Texts.Get(key, language);
        var brace = text.IndexOf('{');
        return (brace < 0 ? text : text[..brace]).Trim();
    }
}
