using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Regin.Core.Conversation;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// What every adapter of the bot has (the HTTP CloudAdapter and the tests' TestAdapter alike): each turn measured, turns of a conversation
/// one at a time, each one unit of work (one transaction), raw inputs kept, and a turn error answered with an apology in the contributor's language.
/// </summary>
public static class ReginBotPipeline
{
    /// <param name="inUnitOfWork">An adapter's own steps inside the turn's unit of work, before the raw-input log (the local Direct Line's conversation and transcript).</param>
    public static BotAdapter UseReginPipeline(this BotAdapter adapter, IServiceProvider services, params Microsoft.Bot.Builder.IMiddleware[] inUnitOfWork)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(services);
        adapter.Use(services.GetRequiredService<TurnTelemetryMiddleware>());
        adapter.Use(services.GetRequiredService<ConversationLockMiddleware>());
        adapter.Use(services.GetRequiredService<TurnUnitOfWorkMiddleware>());
        foreach (var step in inUnitOfWork)
        {
            adapter.Use(step);
        }
        adapter.Use(services.GetRequiredService<RawInputMiddleware>());
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Regin.Bot.Chat");
        adapter.OnTurnError = async (turnContext, exception) =>
        {
            if (ChatRehearsal.IsRunning || exception is TurnRefusedException)
            {
                // A rehearsed turn that fails is the warm-up's to report; its apology would go to the real transcript. A
                // refused turn did nothing to apologise for: its caller answers it (Direct Line: 403 or 404).
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception);
            }
            logger.LogError(exception, "Chat turn failed in {Conversation} ({Channel})", turnContext.Activity.Conversation?.Id, turnContext.Activity.ChannelId);
            if (turnContext.Activity.Type == ActivityTypes.Event && turnContext.Activity.Name == ActivityEventNames.ContinueConversation)
            {
                // A proactive turn (a researcher's message): nobody waits for an answer; its sender counts the failure.
                return;
            }
            // The answers already stored stay stored; the contributor gets an apology and can simply try again.
            await using var scope = services.CreateAsyncScope();
            var engine = scope.ServiceProvider.GetRequiredService<ConversationEngine>();
            var progress = turnContext.TurnState.Get<ConversationProgress>();
            var apology = MessageFactory.Text(engine.ErrorMessage(progress, turnContext.Activity.Locale));
            try
            {
                await turnContext.SendActivityAsync(apology);
            }
            catch (Exception sendError) when (sendError is not OperationCanceledException)
            {
                logger.LogWarning(sendError, "Could not send the apology to {Conversation}", turnContext.Activity.Conversation?.Id);
            }
        };
        return adapter;
    }
}
