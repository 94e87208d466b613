using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Regin.Core.Diagnostics;
using Regin.Core.Intake;
using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Presentation;
using Regin.Core.Privacy;
using Regin.Core.Questionnaire;
using Regin.Core.ReferenceData;
using Regin.Core.Reminders;

namespace Regin.Core.Hosting;

public static class ReginCoreExtensions
{
    public const string ConnectionStringName = "Regin";
    public const string DefaultConnectionString = "Data Source=data/regin.db";
    public const string GatherWalWritesKey = "Database:Sqlite:GatherWalWrites";
    public const string ProviderKey = "Database:Provider";
    /// <summary>Where the bot host listens when "Urls" is not set.</summary>
    public const string DefaultBaseUrl = "http://localhost:3978";

    /// <summary>
    /// Reads the repo's one appsettings.json (copied beside each host's binaries) under the host's own sources, so
    /// appsettings.{Environment}.json, environment variables and the command line still override it.
    /// </summary>
    public static IHostApplicationBuilder AddReginConfiguration(this IHostApplicationBuilder builder)
    {
        var shared = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (File.Exists(shared)
            && !Path.GetFullPath(shared).Equals(Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json")), StringComparison.Ordinal))
        {
            // ConfigurationManager re-reads its sources when one is inserted.
            builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
            {
                Path = "appsettings.json",
                FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
                Optional = true,
                ReloadOnChange = false,
            });
        }
        return builder;
    }

    /// <summary>The questionnaire (validated now: a broken file stops the start with the list of problems), normalisation, the store and intake.</summary>
    public static IHostApplicationBuilder AddReginCore(this IHostApplicationBuilder builder)
    {
        builder.AddReginConfiguration();
        builder.AddReginTelemetry();
        var services = builder.Services;
        var questionnairePath = builder.Configuration["Questionnaire:Path"];
        services.AddSingleton(_ => string.IsNullOrEmpty(questionnairePath) ? QuestionnaireLoader.LoadEmbedded() : QuestionnaireLoader.LoadFile(questionnairePath));
        services.AddSingleton(_ => GeoCatalog.LoadEmbedded());
        services.AddSingleton<Texts>();
        services.AddSingleton<AnswerNormaliser>();
        services.AddSingleton<ValueFormatter>();
        services.AddSingleton(TimeProvider.System);
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName) ?? DefaultConnectionString;
        // Database:Provider = Sqlite (default) | PostgreSQL; a bad name stops the start here.
        var provider = ReginDatabaseProvider.Create(builder.Configuration[ProviderKey], connectionString);
        services.AddSingleton(provider);
        // Database:Sqlite:GatherWalWrites: a SQLite transaction's log writes gathered into one write (issue 12, session 50;
        // SqliteWalGathering), registered before the first connection opens.
        if (provider is Regin.Core.Persistence.Sqlite.SqliteDatabaseProvider && builder.Configuration.GetValue(GatherWalWritesKey, true))
        {
            Regin.Core.Persistence.Sqlite.SqliteWalGathering.Register();
        }
        // The options (provider, interceptors, migrations) are the same for every context: built once, not for every scope.
        // Contexts are pooled: a chat turn's scope took a context whose EF services (state manager, query and update
        // pipelines) were built again for every scope; a pooled one is reset (tracker, transaction, connection, command
        // timeout, SavingChanges handlers) when its scope ends. ReginDbContext keeps no state of its own.
        services.AddDbContextPool<ReginDbContext>(options => provider.Configure(options));
        services.AddScoped<IntakeService>();
        services.AddScoped<UnitTransaction>();
        services.AddScoped<PracticeRowWriter>();
        services.AddSingleton<OpenDraftCache>();
        // Connections a chat turn borrows with their compiled statements (SQLite); made by the container, so closed with it.
        services.AddSingleton<KeptConnections>();
        // SQLite's checkpoints off the chat turns' path, in a process that runs it as a hosted service (the bot host).
        // Database:Sqlite:CheckpointPause / CheckpointLongestWait: when it copies the log (see SqliteCheckpointOptions).
        services.AddOptions<Regin.Core.Persistence.Sqlite.SqliteCheckpointOptions>()
            .BindConfiguration(Regin.Core.Persistence.Sqlite.SqliteCheckpointOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Regin.Core.Persistence.Sqlite.SqliteCheckpointOptions>>().Value;
            return new Regin.Core.Persistence.Sqlite.SqliteCheckpointer(sp.GetRequiredService<ReginDatabaseProvider>(),
                sp.GetRequiredService<ILogger<Regin.Core.Persistence.Sqlite.SqliteCheckpointer>>())
            {
                Pause = options.CheckpointPause,
                LongestWait = options.CheckpointLongestWait,
            };
        });
        // PostgreSQL's search documents written off the writers' path, in a process that runs it as a hosted service (the bot host).
        services.AddSingleton<Regin.Core.Persistence.PostgreSql.PostgreSqlSearchIndexer>();
        services.AddScoped<RawInputStore>();
        services.AddOptions<ProjectMailboxOptions>().BindConfiguration(ProjectMailboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // A contributor's copy and erasure are asked for through every door (chat, mail, review screens).
        services.TryAddScoped<ContributorData>();
        services.AddScoped<ContributorErasure>();
        services.AddDraftReminders();
        var configuration = builder.Configuration;
        services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart()
            .PostConfigure(options =>
            {
                if (string.IsNullOrWhiteSpace(options.NoticeUrl))
                {
                    var baseUrl = configuration["Chat:PublicBaseUrl"] is { Length: > 0 } configured ? configured
                        : (configuration["Urls"] ?? DefaultBaseUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? DefaultBaseUrl;
                    options.NoticeUrl = baseUrl.TrimEnd('/') + "/privacy";
                }
            });
        return builder;
    }

    /// <summary>Loads the questionnaire and reference data, and applies pending migrations; call once at start.</summary>
    public static async Task InitialiseReginAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        services.GetRequiredService<AnswerNormaliser>();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Regin.Core");
        var provider = db.Provider();
        await provider.MigrateAsync(db, logger, cancellationToken);
        logger.LogInformation("Database ready: {Provider} {DataSource}", provider.Name, provider.Describe());
    }
}
