using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

namespace Regin.Bot.Chat.Hosting;

/// <summary>The CloudAdapter of POST /api/messages (authentication from MicrosoftAppId/Password/Type/TenantId), with the bot's pipeline.</summary>
public sealed class ReginBotAdapter : CloudAdapter
{
    public ReginBotAdapter(BotFrameworkAuthentication authentication, IServiceProvider services, ILogger<ReginBotAdapter> logger)
        : base(authentication, logger)
    {
        this.UseReginPipeline(services);
    }
}
