using System.Security.Cryptography;
using System.Text;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;
using Regin.Core.Intake;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// Keeps every chat message exactly as received (the body POST /api/messages read it from, or the activity's JSON when
/// that body cannot be kept as it came or the activity came another way, as from the local Direct Line), and drops a message that was processed before
/// (same conversation, same activity id and text: a channel's retry). Within a turn's <see cref="TurnUnitOfWork"/> the
/// message is stored with everything else the turn stores, in its transaction, filed with the turn's practice (inserted
/// once the turn knows the practice, before its first reply is sent, rather than inserted and then updated; a turn
/// whose replies go back in the HTTP response, after its commit (expectReplies), sends it with its COMMIT). Its
/// INSERT recognises a repeat (a row with its key exists): the turn is then rolled back whole, silently
/// (<see cref="RepeatedInputException"/>), so a repeat changes nothing and gets no reply, without a read on every turn.
/// Should the turn fail, the message is stored on its own after the rollback, so nothing a contributor sent is lost
/// (unless a part of the turn finds it is not theirs to send: <see cref="TurnUnitOfWork.KeepsInputAfterRollback"/>).
/// </summary>
public sealed class RawInputMiddleware(ILogger<RawInputMiddleware> logger) : Microsoft.Bot.Builder.IMiddleware
{
    /// <summary>
    /// Set in the turn's state when its message, keyed by its client's own id (<see cref="ByClientId"/>), was found stored
    /// before: the turn is a repeat of that post (the local Direct Line then answers with the first one's activity id).
    /// </summary>
    public const string RepeatedByClientIdKey = "Regin.RawInput.RepeatedByClientId";

    /// <summary>One serializer for every message (JsonConvert.SerializeObject made one per call; no JsonConvert.DefaultSettings are set).</summary>
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings { NullValueHandling = NullValueHandling.Ignore });

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var activity = turnContext.Activity;
        // A message, or its edit (messageUpdate: kept too, the edit's text is what the contributor sent).
        if (activity.Type is not (ActivityTypes.Message or ActivityTypes.MessageUpdate))
        {
            await next(cancellationToken);
            return;
        }
        // A message too long to process, as its client posted it (the turn's activity holds only the head of its text);
        // the body POST /api/messages received, as it came (BotJson.ReceivedBody); else the activity's JSON.
        var content = OversizedMessages.Of(activity)?.Body ?? BotJson.ReceivedBody(activity) ?? Encoding.UTF8.GetBytes(Serialize(activity));
        var input = new RawInput
        {
            Channel = Truncate(activity.ChannelId ?? "unknown", 32),
            DedupKey = DedupKey(activity, content),
            ConversationId = activity.Conversation?.Id,
            ContentType = "application/json",
            Content = content,
        };
        // Every turn runs in a TurnUnitOfWork (TurnUnitOfWorkMiddleware comes first in the pipeline).
        var unit = TurnUnitOfWork.Current ?? throw new InvalidOperationException($"{nameof(RawInputMiddleware)} runs inside {nameof(TurnUnitOfWorkMiddleware)}.");
        await InTurnAsync(unit, turnContext, input, next, cancellationToken);
    }

    private async Task InTurnAsync(TurnUnitOfWork unit, ITurnContext turnContext, RawInput input, NextDelegate next, CancellationToken cancellationToken)
    {
        var store = unit.Services.GetRequiredService<RawInputStore>();
        // (Found stored after a session lost with the turn's COMMIT on its way, it says the turn committed.)
        unit.Input = input;
        var transaction = unit.Services.GetRequiredService<UnitTransaction>();
        unit.AfterRollback(async (services, token) =>
        {
            if (unit.KeepsInputAfterRollback is { } keeps && !await keeps(token))
            {
                // Not a post its sender may make (a Direct Line token's post to a conversation that is not its user's).
                return;
            }
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
        // The message is stored, filed with the turn's practice, before the first reply leaves (or when the turn ends
        // without one): its INSERT is the check that it was not processed before (ON CONFLICT DO NOTHING, no read first).
        // A repeat (a channel's retry) is recognised there: the turn is undone whole and nothing is sent.
        var stored = false;
        // expectReplies: the replies leave in the HTTP response, after the commit, so the INSERT may wait for the turn's
        // last statement or its COMMIT (PostgreSQL: one round trip less); a repeat is then recognised there, and the turn
        // is undone with its buffered replies (TurnUnitOfWorkMiddleware).
        // So too where the adapter holds the turn's replies in its unit until the commit (the local Direct Line).
        var later = turnContext.Activity.DeliveryMode == DeliveryModes.ExpectReplies || turnContext.Adapter is IHoldsRepliesInUnit;
        async Task StoreAsync(CancellationToken token)
        {
            if (stored)
            {
                return;
            }
            stored = true;
            // The practice the bot worked on, as far as it got (TurnUnitOfWork.PracticeId).
            input.PracticeId ??= unit.PracticeId;
            if (later && await store.StoreWithUnitsNextStatementAsync(input, transaction, Repeated, token))
            {
                return;
            }
            if (!await store.StoreInUnitAsync(input, transaction, token))
            {
                Repeated();
            }
        }
        void Repeated()
        {
            LogDuplicate(turnContext.Activity);
            var byClientId = ByClientId(turnContext.Activity);
            if (byClientId)
            {
                turnContext.TurnState[RepeatedByClientIdKey] = true;
            }
            throw new RepeatedInputException { ByClientId = byClientId };
        }
        var turnEnded = false;
        turnContext.OnSendActivities(async (_, activities, nextSend) =>
        {
            // After a failed turn (its apology), the message is stored by the unit's rollback steps instead.
            if (!turnEnded)
            {
                await StoreAsync(cancellationToken);
            }
            return await nextSend();
        });
        try
        {
            await next(cancellationToken);
            await StoreAsync(cancellationToken);
        }
        finally
        {
            turnEnded = true;
        }
    }

    /// <summary>The activity as JsonConvert.SerializeObject(activity, settings) writes it.</summary>
    internal static string Serialize(Activity activity)
    {
        var text = new StringWriter(new StringBuilder(1024), System.Globalization.CultureInfo.InvariantCulture);
        using (var writer = new JsonTextWriter(text) { Formatting = Formatting.None })
        {
            Serializer.Serialize(writer, activity);
        }
        return text.ToString();
    }

    private void LogDuplicate(IActivity activity) =>
        logger.LogInformation("Chat activity {ActivityId} of {Conversation} was received before; not processed again", activity.Id, activity.Conversation?.Id);

    /// <summary>
    /// Whether the message is keyed by its client's own id for it (Web Chat's channelData.clientActivityID, which a client
    /// keeps when it posts the message again) rather than by the activity id the channel gave this copy.
    /// </summary>
    internal static bool ByClientId(IActivity activity) =>
        activity.Type == ActivityTypes.Message && DirectLine.PostedActivityIds.ClientIdOf(activity) is not null;

    /// <summary>
    /// The conversation and the client's id for the message, when it has one (<see cref="ByClientId"/>); else the
    /// conversation, the activity id and a hash of the text; with no id, a hash of the whole activity. Keyed by the client's
    /// id, a copy its client posts again (the first POST's answer lost; Direct Line gives every POST a new activity id)
    /// meets the first one's row at the INSERT the turn makes anyway, whichever host took the first one and across a
    /// restart: the turn is a repeat, at no cost to the ordinary turn (session 51).
    /// </summary>
    private static string DedupKey(Activity activity, byte[] content)
    {
        if (ByClientId(activity))
        {
            var named = $"{activity.Conversation?.Id}|client|{DirectLine.PostedActivityIds.ClientIdOf(activity)}";
            return named.Length <= 500 ? named : "sha256:" + Hash(named);
        }
        if (string.IsNullOrEmpty(activity.Id))
        {
            return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
        }
        // An edit has the edited message's id: told apart from that message (and from a retry of it) by its type.
        var edit = activity.Type == ActivityTypes.MessageUpdate ? "edit|" : "";
        var key = $"{edit}{activity.Conversation?.Id}|{activity.Id}|{TextHash(activity.Text ?? "", activity.Attachments?.Count)}";
        return key.Length <= 500 ? key : "sha256:" + Hash(key);
    }

    /// <summary>
    /// The first 16 hex digits of SHA-256 over the UTF-8 of "<paramref name="text"/>|<paramref name="attachments"/>" (the
    /// count left out when null), as <c>Hash(text + "|" + count)[..16]</c> wrote them, without the copies in between.
    /// </summary>
    internal static string TextHash(string text, int? attachments)
    {
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length) + 12);
        try
        {
            var length = Encoding.UTF8.GetBytes(text, rented);
            rented[length++] = (byte)'|';
            if (attachments is { } count)
            {
                count.TryFormat(rented.AsSpan(length), out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
                length += digits;
            }
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(rented.AsSpan(0, length), hash);
            return Convert.ToHexStringLower(hash[..8]);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

/// <summary>
/// The message of this turn was processed before (a channel's retry): the turn's unit of work is rolled back without
/// the steps of a failed turn (no apology; the message is stored already).
/// </summary>
public sealed class RepeatedInputException() : Exception("This message was received and processed before.")
{
    /// <summary>Whether the message was keyed by its client's own id (a post its client sent again), not by this copy's activity id.</summary>
    public bool ByClientId { get; init; }
}
