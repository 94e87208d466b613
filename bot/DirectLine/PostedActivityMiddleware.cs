using Microsoft.Bot.Builder;
using Regin.Bot.Chat.Hosting;

namespace Regin.Bot.DirectLine;

/// <summary>
/// Adds the activity a client posted to the transcript inside its turn's unit of work (see
/// <see cref="DirectLineBotAdapter.ProcessPostedAsync"/>), before the raw-input log reads its id: one transaction for the
/// message, its answer and the replies, one place in SQLite's writer queue per turn instead of two; the message and the
/// replies are written in one INSERT just before the turn commits (on PostgreSQL with the notice to the other hosts; <see cref="DirectLineStore.AddToTurnAsync(string, Func{long, string, string}, CancellationToken)"/>). When the turn fails and
/// is rolled back, the message is added again on its own, before the apology: nothing a contributor sent leaves the transcript.
/// </summary>
public sealed class PostedActivityMiddleware(DirectLineStore store) : Microsoft.Bot.Builder.IMiddleware
{
    internal const string TurnStateKey = "Regin.DirectLine.Posted";

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        if (turnContext.TurnState.Get<PostedActivity>(TurnStateKey) is { } posted && TurnUnitOfWork.Current is { } unit)
        {
            var conversationId = turnContext.Activity.Conversation.Id;
            var json = "";
            (var watermark, posted.Id) = await store.AddToTurnAsync(conversationId, (position, id) => json = posted.ToJson(position, id), cancellationToken);
            unit.AfterRollback(async (_, token) =>
            {
                // A part of the turn that committed a transaction of its own (a new draft taking its number) stored the
                // message with it: it is only told. Otherwise it is stored now, outside the failed turn's unit of work.
                var previous = TurnUnitOfWork.Enter(null);
                try
                {
                    if (await store.HoldsAsync(conversationId, watermark, json, token))
                    {
                        await store.TellAsync(conversationId, watermark, token);
                    }
                    else
                    {
                        posted.Id = (await store.AppendAsync(conversationId, posted.ToJson, token)).ActivityId;
                    }
                }
                finally
                {
                    TurnUnitOfWork.Enter(previous);
                }
            });
        }
        await next(cancellationToken);
    }
}

/// <summary>A posted activity on its way into the transcript: its JSON for a watermark and an id, and the id it got.</summary>
internal sealed class PostedActivity(Func<long, string, string> toJson)
{
    public Func<long, string, string> ToJson { get; } = toJson;

    public string? Id { get; set; }
}
