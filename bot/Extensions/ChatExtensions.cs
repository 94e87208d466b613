using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Regin.Bot.Chat;
using Regin.Bot.Chat.Hosting;
using Regin.Bot.Chat.Notifications;
using Regin.Bot.Chat.Storage;
using Regin.Core.Conversation;
using Regin.Core.Conversation.Commands;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Extensions;

/// <summary>The chat channel: the Bot Framework endpoint POST /api/messages, the conversation engine and its state.</summary>
public static class ChatExtensions
{
    public const string DefaultBaseUrl = "http://localhost:3978";

    public static WebApplicationBuilder AddReginChat(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ChatOptions>()
            .BindConfiguration(ChatOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                if (string.IsNullOrWhiteSpace(options.BotAppId))
                {
                    options.BotAppId = configuration["MicrosoftAppId"] ?? "";
                }
                if (options.AllowedServiceUrls.Count == 0)
                {
                    options.AllowedServiceUrls.AddRange(["http://localhost/", "http://127.0.0.1/"]);
                }
                if (string.IsNullOrWhiteSpace(options.PublicBaseUrl))
                {
                    var urls = configuration["Urls"] ?? DefaultBaseUrl;
                    options.PublicBaseUrl = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? DefaultBaseUrl;
                }
            })
            .ValidateDataAnnotations()
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https", "Chat:PublicBaseUrl must be an absolute http(s) address.")
            .Validate(o => o.AllowedServiceUrls.All(u => Uri.TryCreate(u, UriKind.Absolute, out _)), "Chat:AllowedServiceUrls: each entry must be an absolute address.")
            .Validate(o => o.WelcomeBackAfter > TimeSpan.Zero, "Chat:WelcomeBackAfter must be longer than zero.")
            .ValidateOnStart();
        // Anonymous when MicrosoftAppId is empty (local use); with an app id, requests need a valid Bot Framework token.
        // The clients for outbound calls are made when a turn calls out, not for every turn (expectReplies never does).
        services.AddSingleton<ConfigurationBotFrameworkAuthentication>();
        services.AddSingleton<BotFrameworkAuthentication>(sp => new DeferredConnectorAuthentication(sp.GetRequiredService<ConfigurationBotFrameworkAuthentication>()));
        services.AddSingleton<AnonymousEndpointGuard>();
        services.AddSingleton<ChatAuthenticationThrottle>();
        services.AddSingleton<TurnTelemetryMiddleware>();
        services.AddSingleton<ConversationLockMiddleware>();
        services.AddSingleton<TurnUnitOfWorkMiddleware>();
        services.AddSingleton<RawInputMiddleware>();
        services.AddSingleton<IStorage, EfCoreStorage>();
        services.AddSingleton<TurnStateCache>();
        services.AddSingleton<ReginBotAdapter>();
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<ReginBotAdapter>());
        services.AddSingleton<ReginBot>();
        services.AddSingleton<IBot>(sp => sp.GetRequiredService<ReginBot>());
        // The channel-neutral engine of core, with the chat's settings (base URL, welcome back).
        services.AddReginConversation();
        services.AddOptions<ConversationOptions>().Configure<Microsoft.Extensions.Options.IOptions<ChatOptions>>((conversation, chat) =>
        {
            conversation.PublicBaseUrl = chat.Value.PublicBaseUrl;
            conversation.WelcomeBackAfter = chat.Value.WelcomeBackAfter;
        });
        // Researchers' messages for chat contributors (the outbox rows of other channels than e-mail), sent proactively.
        services.AddSingleton<ChatNotificationDelivery>();
        services.AddHostedService<ChatNotificationSender>();
        // SQLite's write-ahead log copied into the file off the turns' path (a turn crossing SQLite's mark waited for it).
        services.AddHostedService(sp => sp.GetRequiredService<Regin.Core.Persistence.Sqlite.SqliteCheckpointer>());
        // PostgreSQL: the search documents of the practices the turns marked, written off the turns' path.
        services.AddHostedService(sp => sp.GetRequiredService<Regin.Core.Persistence.PostgreSql.PostgreSqlSearchIndexer>());
        // Before the host listens (hosted services start before the server): the first answers find their code compiled.
        services.AddSingleton<ChatWarmUp>();
        services.AddHostedService(sp => sp.GetRequiredService<ChatWarmUp>());
        // ... and what it rehearses stays out of the log (no "Started draft" lines for drafts never stored).
        services.AddChatRehearsalLog();
        services.AddHostedService<Regin.Bot.Reminders.ReminderWorker>();
        return builder;
    }

    public static WebApplication MapReginChat(this WebApplication app)
    {
        // The chat's messages must be in the questionnaire file too: a missing one stops the start, not a conversation.
        var questionnaire = app.Services.GetRequiredService<QuestionnaireDefinition>();
        var problems = QuestionnaireValidator.Validate(questionnaire, ConversationMessageKeys.All.Concat(Regin.Bot.Chat.Teams.TeamsAppPackage.MessageKeys).Concat(Regin.Bot.Privacy.PrivacyPages.MessageKeys).Concat(Regin.Core.Privacy.RightsMessageKeys.All).Concat(Regin.Core.Reminders.ReminderMessageKeys.All)).ToList();
        using (var scope = app.Services.CreateScope())
        {
            // Every command of the questionnaire has its handler, and every handler its words.
            problems.AddRange(CommandRegistry.Problems(scope.ServiceProvider.GetServices<IConversationCommand>().Select(c => c.Name), questionnaire));
        }
        if (problems.Count > 0)
        {
            throw new QuestionnaireException("questionnaire.json (chat messages)", problems);
        }
        var guard = app.Services.GetRequiredService<AnonymousEndpointGuard>();
        if (guard.RefusesAll)
        {
            app.Logger.LogWarning("POST /api/messages answers 401: MicrosoftAppId is empty in Production (Chat:AllowAnonymous=true opens it)");
        }
        var throttle = app.Services.GetRequiredService<ChatAuthenticationThrottle>();
        app.MapPost("/api/messages", (HttpContext context, ReginBotAdapter adapter, IBot bot, CancellationToken cancellationToken) =>
            adapter.ProcessMessageAsync(context, bot, guard, throttle, cancellationToken)
        // Read up to the hard cap: a message over SmallBodyBytes is answered as too long, not refused (BotJson.ReadActivityAsync).
        ).WithMetadata(new RequestSizeLimitAttribute(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ChatOptions>>().Value.MaxMessageBytes));
        return app;
    }
}
