using Microsoft.Extensions.Options;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Regin.Bot.Chat;
using Regin.Bot.Chat.Engine;
using Regin.Bot.Chat.Hosting;
using Regin.Bot.Chat.Notifications;
using Regin.Bot.Chat.Storage;
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
                if (string.IsNullOrWhiteSpace(options.Mailbox))
                {
                    options.Mailbox = configuration["Mail:Mailbox"] ?? "";
                }
                if (string.IsNullOrWhiteSpace(options.BotAppId))
                {
                    options.BotAppId = configuration["MicrosoftAppId"] ?? "";
                }
                if (string.IsNullOrWhiteSpace(options.PublicBaseUrl))
                {
                    var urls = configuration["Urls"] ?? DefaultBaseUrl;
                    options.PublicBaseUrl = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? DefaultBaseUrl;
                }
            })
            .PostConfigure<IOptions<Regin.Core.Privacy.PrivacyOptions>>((options, privacy) => options.PrivacyNoticeUrl = privacy.Value.NoticeUrl);
        // Anonymous when MicrosoftAppId is empty (local use); with an app id, requests need a valid Bot Framework token.
        services.AddSingleton<BotFrameworkAuthentication, ConfigurationBotFrameworkAuthentication>();
        services.AddSingleton<ConversationLockMiddleware>();
        services.AddSingleton<RawInputMiddleware>();
        services.AddSingleton<IStorage, EfCoreStorage>();
        services.AddSingleton<ReginBotAdapter>();
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<ReginBotAdapter>());
        services.AddSingleton<ReginBot>();
        services.AddSingleton<IBot>(sp => sp.GetRequiredService<ReginBot>());
        services.AddSingleton<CommandParser>();
        services.AddScoped<ConversationEngine>();
        // Researchers' messages for chat contributors (the outbox rows of other channels than e-mail), sent proactively.
        services.AddSingleton<ChatNotificationDelivery>();
        services.AddHostedService<ChatNotificationSender>();
        return builder;
    }

    public static WebApplication MapReginChat(this WebApplication app)
    {
        // The chat's messages must be in the questionnaire file too: a missing one stops the start, not a conversation.
        var problems = QuestionnaireValidator.Validate(app.Services.GetRequiredService<QuestionnaireDefinition>(), BotMessageKeys.All.Concat(Regin.Bot.Chat.Teams.TeamsAppPackage.MessageKeys).Concat(Regin.Bot.Privacy.PrivacyPages.MessageKeys));
        if (problems.Count > 0)
        {
            throw new QuestionnaireException("questionnaire.json (chat messages)", problems);
        }
        app.MapPost("/api/messages", (HttpRequest request, HttpResponse response, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken cancellationToken) =>
            adapter.ProcessAsync(request, response, bot, cancellationToken));
        return app;
    }
}
