using System.Security.Cryptography;
using System.Text;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;
using Regin.Core.Intake;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// Keeps every chat message exactly as received (the activity's JSON), and drops a message that was processed before
/// (same conversation, same activity id and text: a channel's retry). Within a turn's <see cref="TurnUnitOfWork"/> the
/// message is stored with everything else the turn stores, in its transaction, filed with the turn's practice (added
/// when the turn has run, so it is inserted once with its practice rather than inserted and then updated); should the
/// turn fail, it is stored on its own after the rollback, so nothing a contributor sent is lost.
/// </summary>
public sealed class RawInputMiddleware(ILogger<RawInputMiddleware> logger) : Microsoft.Bot.Builder.IMiddleware
{
    /// <summary>Turn state key under which the bot leaves the practice the turn worked on.</summary>
    public const string PracticeIdKey = "Regin.PracticeId";

    private static readonly JsonSerializerSettings SerializerSettings = new() { NullValueHandling = NullValueHandling.Ignore };

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var activity = turnContext.Activity;
        if (activity.Type != ActivityTypes.Message)
        {
            await next(cancellationToken);
            return;
        }
        var json = JsonConvert.SerializeObject(activity, SerializerSettings);
        var input = new RawInput
        {
            Channel = Truncate(activity.ChannelId ?? "unknown", 32),
            DedupKey = DedupKey(activity, json),
            ConversationId = activity.Conversation?.Id,
            ContentType = "application/json",
            Content = Encoding.UTF8.GetBytes(json),
        };
        // Every turn runs in a TurnUnitOfWork (TurnUnitOfWorkMiddleware comes first in the pipeline).
        var unit = TurnUnitOfWork.Current ?? throw new InvalidOperationException($"{nameof(RawInputMiddleware)} runs inside {nameof(TurnUnitOfWorkMiddleware)}.");
        await InTurnAsync(unit, turnContext, input, next, cancellationToken);
    }

    private async Task InTurnAsync(TurnUnitOfWork unit, ITurnContext turnContext, RawInput input, NextDelegate next, CancellationToken cancellationToken)
    {
        var store = unit.Services.GetRequiredService<RawInputStore>();
        if (!await store.IsNewAsync(input, cancellationToken))
        {
            LogDuplicate(turnContext.Activity);
            return;
        }
        unit.AfterRollback(async (services, token) =>
        {
            var copy = new RawInput
            {
                Channel = input.Channel,
                DedupKey = input.DedupKey,
                ConversationId = input.ConversationId,
                ContentType = input.ContentType,
                Content = input.Content,
                ReceivedAt = input.ReceivedAt,
            };
            await services.GetRequiredService<RawInputStore>().StoreAsync(copy, token);
        });
        await next(cancellationToken);
        if (turnContext.TurnState.TryGetValue(PracticeIdKey, out var value) && value is Guid practiceId)
        {
            input.PracticeId ??= practiceId;
        }
        store.AddToUnit(input);
    }

    private void LogDuplicate(IActivity activity) =>
        logger.LogInformation("Chat activity {ActivityId} of {Conversation} was received before; not processed again", activity.Id, activity.Conversation?.Id);

    /// <summary>The conversation, the activity id and a hash of the text; with no id, a hash of the whole activity.</summary>
    private static string DedupKey(Activity activity, string json)
    {
        if (string.IsNullOrEmpty(activity.Id))
        {
            return "sha256:" + Hash(json);
        }
        var key = $"{activity.Conversation?.Id}|{activity.Id}|{Hash((activity.Text ?? "") + "|" + activity.Attachments?.Count)[..16]}";
        return key.Length <= 500 ? key : "sha256:" + Hash(key);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
