using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;
using Regin.Core.Conversation.Commands;
using Regin.Core.Hosting;
using Regin.Core.Intake;
using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Presentation;
using Regin.Core.Questionnaire;
using Regin.Core.ReferenceData;
using Regin.MailIngest.Hosting;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Parsing;
using Regin.MailIngest.Replies;
using Regin.Testing;

namespace Regin.MailIngest.Tests;

/// <summary>The mail ingester's services on a fresh SQLite file in a temporary folder, deleted at the end.</summary>
internal sealed class MailTestHost : IAsyncDisposable
{
    private readonly TestDatabase? _ownDatabase;

    private MailTestHost(IHost host, TestDatabase database, TestDatabase? ownDatabase)
    {
        Host = host;
        Database = database;
        _ownDatabase = ownDatabase;
    }

    /// <summary>The host's database (its SQLite file is Database.FilePath).</summary>
    public TestDatabase Database { get; }

    public const string AuthServId = "mx.crpm.org";

    /// <summary>The header our receiving server adds to mail from <paramref name="address"/> whose DMARC check passed.</summary>
    public static string PassHeader(string address) => $"{AuthServId}; spf=pass smtp.mailfrom={address.Split('@')[^1]}; dkim=pass header.d={address.Split('@')[^1]}; dmarc=pass header.from={address.Split('@')[^1]}";

    /// <summary>Marks <paramref name="message"/> as authenticated by our server (its From passed DMARC).</summary>
    public static MimeMessage Authenticated(MimeMessage message)
    {
        message.Headers.Insert(0, new Header("Authentication-Results", PassHeader(message.From.Mailboxes.First().Address)));
        return message;
    }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    /// <summary>
    /// The ingester on <paramref name="database"/> (the caller's: a second host on it is a restart), or on a fresh
    /// database of <paramref name="provider"/> of its own, dropped with the host.
    /// </summary>
    public static async Task<MailTestHost> CreateAsync(Dictionary<string, string?>? settings = null, TestDatabase? database = null, bool watch = false, string provider = TestProviders.Sqlite,
        TimeProvider? clock = null, ReadingCpuClock? cpuClock = null)
    {
        var ownDatabase = database is null ? await TestDatabase.CreateAsync(provider) : null;
        database ??= ownDatabase!;
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mail:Mailbox"] = "reginproject@crpm.org",
            // Our receiving server, as the fixtures' Authentication-Results headers name it.
            ["Mail:AuthServId"] = AuthServId,
            // A second domain of the project, for the look-alike senders ("regln-lab.eu").
            ["Mail:OwnDomains"] = "regin-lab.eu",
            // A mail's time budget (10 s in production) is for poison; a busy test machine must not fail a plain mail on it.
            ["Mail:MaxSecondsPerMessage"] = "60",
            // Metrics and traces stay in the process (tests read them with a listener), not printed.
            ["Telemetry:Exporter"] = "None",
        });
        builder.Configuration.AddInMemoryCollection(database.Settings);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddMailIngest();
        if (settings?.ContainsKey("Questionnaire:Path") != true)
        {
            Derived.Value.ReplaceIn(builder.Services);
        }
        if (clock is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(clock));
        }
        if (cpuClock is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(cpuClock));
        }
        if (watch)
        {
            builder.Services.AddHostedService<Regin.MailIngest.Mailbox.MailboxWatcher>();
        }
        var host = new MailTestHost(builder.Build(), database, ownDatabase);
        await host.Services.InitialiseReginAsync();
        return host;
    }

    /// <summary>
    /// What the ingester derives from the embedded questionnaire and reference data alone, built once per test process
    /// and given to every host, as one production process builds it once: 1,800 cases each built the normaliser's and the
    /// parser's indexes again (each host's own singletons) for a host that reads one or two mails. Read-only after their
    /// constructors (built there, or behind a thread-safe Lazy or ConcurrentDictionary): the batch ingester already
    /// shares them across threads. Nothing here reads the database or the host's settings (those that do stay per host).
    /// </summary>
    private static readonly Lazy<DerivedData> Derived = new(() => new DerivedData());

    private sealed class DerivedData
    {
        private readonly QuestionnaireDefinition _questionnaire = QuestionnaireLoader.LoadEmbedded();
        private readonly GeoCatalog _geo = GeoCatalog.LoadEmbedded();
        private readonly Texts _texts;
        private readonly AnswerNormaliser _normaliser;
        private readonly ValueFormatter _formatter;
        private readonly QuestionCatalog _catalog;
        private readonly TemplateTextParser _parser;
        private readonly CommandParser _commands;

        public DerivedData()
        {
            _texts = new Texts(_questionnaire);
            _normaliser = new AnswerNormaliser(_questionnaire, _geo);
            _formatter = new ValueFormatter(_questionnaire, _geo);
            _catalog = new QuestionCatalog(_questionnaire);
            _parser = new TemplateTextParser(_catalog);
            _commands = new CommandParser(_questionnaire);
        }

        public void ReplaceIn(IServiceCollection services)
        {
            services.Replace(ServiceDescriptor.Singleton(_questionnaire));
            services.Replace(ServiceDescriptor.Singleton(_geo));
            services.Replace(ServiceDescriptor.Singleton(_texts));
            services.Replace(ServiceDescriptor.Singleton(_normaliser));
            services.Replace(ServiceDescriptor.Singleton(_formatter));
            services.Replace(ServiceDescriptor.Singleton(_catalog));
            services.Replace(ServiceDescriptor.Singleton(_parser));
            services.Replace(ServiceDescriptor.Singleton(_commands));
        }
    }

    public async Task<MailResult> IngestAsync(byte[] raw, bool allowReply = true)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MailProcessor>().ProcessAsync(raw, allowReply);
    }

    public Task<MailResult> IngestAsync(MimeMessage message, bool allowReply = true)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return IngestAsync(stream.ToArray(), allowReply);
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<Regin.Core.Persistence.Entities.Practice?> PracticeAsync(string? reference) =>
        WithScopeAsync(sp => reference is null ? Task.FromResult<Regin.Core.Persistence.Entities.Practice?>(null) : sp.GetRequiredService<IntakeService>().FindByReferenceAsync(reference));

    public Task<List<MimeMessage>> OutboxAsync() => WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<ReginDbContext>();
        var rows = db.MailOutbox.OrderBy(r => r.Id).Select(r => r.Content).ToList();
        var messages = new List<MimeMessage>();
        foreach (var bytes in rows)
        {
            messages.Add(await MimeMessage.LoadAsync(new MemoryStream(bytes)));
        }
        return messages;
    });

    public Task<int> CountAsync(Func<ReginDbContext, int> count) => WithScopeAsync(sp => Task.FromResult(count(sp.GetRequiredService<ReginDbContext>())));

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        SqliteConnection.ClearAllPools();
        if (_ownDatabase is not null)
        {
            await _ownDatabase.DisposeAsync();
        }
    }
}
