using System.Diagnostics;
using Microsoft.Bot.Builder;
using Regin.Core.Diagnostics;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// The first middleware of every adapter: a span per turn and the turn's count and duration (<see cref="ReginTelemetry"/>),
/// by channel, activity type and outcome. A turn that throws is counted as failed; the adapter's error handler still
/// answers it.
/// </summary>
public sealed class TurnTelemetryMiddleware(ReginTelemetry telemetry) : Microsoft.Bot.Builder.IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        if (ChatRehearsal.IsRunning)
        {
            // The warm-up's rehearsed turns are no turns of the host: not counted, no span.
            await next(cancellationToken);
            return;
        }
        var activity = turnContext.Activity;
        using var span = ReginTelemetry.Traces.StartActivity("chat turn", ActivityKind.Internal);
        span?.SetTag("regin.channel", activity.ChannelId);
        span?.SetTag("regin.activity.type", activity.Type);
        span?.SetTag("regin.conversation.id", activity.Conversation?.Id);
        var started = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            await next(cancellationToken);
            failed = false;
        }
        finally
        {
            telemetry.TurnHandled(activity.ChannelId, activity.Type, Stopwatch.GetElapsedTime(started), failed);
            if (failed)
            {
                span?.SetStatus(ActivityStatusCode.Error);
            }
        }
    }
}
