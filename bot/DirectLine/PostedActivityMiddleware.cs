using Microsoft.Bot.Builder;
using Regin.Bot.Chat.Hosting;

namespace Regin.Bot.DirectLine;

/// <summary>
/// Adds the activity a client posted to the transcript inside its turn's unit of work (see
/// <see cref="DirectLineBotAdapter.ProcessPostedAsync"/>), before the raw-input log reads its id: one transaction for the
/// message, its answer and the replies, one place in SQLite's writer queue per turn instead of two; the message and the
/// replies are written in one INSERT just before the turn commits (on PostgreSQL with the notice to the other hosts; <see cref="DirectLineStore.AddToTurnAsync(string, Func{long, string, string}, CancellationToken)"/>). When the turn fails and
/// is rolled back, the message is added again on its own, before the apology: nothing a contributor sent leaves the transcript.
/// A token's post whose conversation the API did not look up (<see cref="PostedActivity.Owner"/>) is checked here, in the
/// turn's first round trip: when the conversation is not the token's user's (erased) or does not exist, the turn is refused
/// (<see cref="DirectLineConversationRefusedException"/>): nothing of it is kept, no apology is sent, and the API answers 403 or 404.
/// </summary>
public sealed class PostedActivityMiddleware(DirectLineStore store) : Microsoft.Bot.Builder.IMiddleware
{
    internal const string TurnStateKey = "Regin.DirectLine.Posted";

    private readonly PostedActivityIds _taken = new();

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        if (turnContext.TurnState.Get<PostedActivity>(TurnStateKey) is not { } posted || TurnUnitOfWork.Current is not { } unit)
        {
            await next(cancellationToken);
            return;
        }
        var conversationId = turnContext.Activity.Conversation.Id;
        if (_taken.Find(conversationId, posted) is { } earlier)
        {
            // The same post again (its client's id: a page resending after an answer lost on the way): the first one's id,
            // no second turn. Checked under the conversation's lock, so two copies at once are one turn too.
            posted.Id = earlier;
            return;
        }
        try
        {
            if (posted.Owner is { } owner)
            {
                // The token's user's post, its conversation not looked up before the turn: checked in the turn's first
                // round trip (DirectLineStore.CheckOwnerInTurnAsync).
                await store.CheckOwnerInTurnAsync(unit, conversationId, owner, () => posted.OwnerChecked = true, cancellationToken);
            }
            // After a failure: whether the post was its sender's to make. Known when the conversation was looked up before
            // the turn or checked in it; else (the turn failed before its check ran) asked once, for the transcript and
            // the raw-input log alike: a post to a conversation that is not the token's user's keeps nothing.
            Task<bool>? owned = null;
            Task<bool> Owned(CancellationToken token) => owned ??= OwnedAsync(token);
            unit.KeepsInputAfterRollback = Owned;
            async Task<bool> OwnedAsync(CancellationToken token)
            {
                if (posted.Owner is not { } poster || posted.OwnerChecked)
                {
                    return true;
                }
                var previous = TurnUnitOfWork.Enter(null);
                try
                {
                    return await store.OwnedByAsync(conversationId, poster, token);
                }
                finally
                {
                    TurnUnitOfWork.Enter(previous);
                }
            }
            var json = "";
            (var watermark, posted.Id) = await store.AddToTurnAsync(conversationId, (position, id) => json = posted.ToJson(position, id), cancellationToken);
            _taken.Remember(conversationId, posted);
            unit.AfterRollback(async (_, token) =>
            {
                // A part of the turn that committed a transaction of its own (a new draft taking its number) stored the
                // message with it: it is only told. Otherwise it is stored now, outside the failed turn's unit of work
                // (unless the turn failed before its check of the conversation's user, and the conversation is not theirs).
                var previous = TurnUnitOfWork.Enter(null);
                try
                {
                    if (await store.HoldsAsync(conversationId, watermark, json, token))
                    {
                        await store.TellAsync(conversationId, watermark, token);
                    }
                    else if (await Owned(token))
                    {
                        posted.Id = (await store.AppendAsync(conversationId, posted.ToJson, token)).ActivityId;
                    }
                    else
                    {
                        // The id the turn gave it was rolled back with it: the post is refused (ProcessPostedAsync).
                        posted.Id = null;
                    }
                }
                finally
                {
                    TurnUnitOfWork.Enter(previous);
                }
            });
            await next(cancellationToken);
            if (posted.Owner is not null && !posted.OwnerChecked && !unit.CommitCarriesChecks)
            {
                // The turn ran no statement (its check waits with its lock for the next one): both go now, before the commit.
                await DirectLineStore.RunCheckAsync(unit, cancellationToken);
            }
            // Otherwise (PostgreSQL: a turn that read nothing, its chat state kept by the host) the check goes with the
            // turn's COMMIT, in the one round trip of its writes, in the form the database fails before the COMMIT runs,
            // and fails the turn with DirectLineConversationRefusedException there (ConnectionPrelude's check).
        }
        catch (Exception e) when (posted.Owner is not null && e is not DirectLineConversationRefusedException && DirectLineStore.IsRefusal(e))
        {
            // Not the token's user's conversation (any more), or none: the turn is refused, nothing of it kept.
            throw new DirectLineConversationRefusedException(conversationId, e);
        }
    }
}

/// <summary>A posted activity on its way into the transcript: its JSON for a watermark and an id, and the id it got.</summary>
internal sealed class PostedActivity(Func<long, string, string> toJson)
{
    public Func<long, string, string> ToJson { get; } = toJson;

    public string? Id { get; set; }

    /// <summary>
    /// The token's user who posted it, when the caller did not look the conversation up: the turn checks that the
    /// conversation is theirs (<see cref="DirectLineStore.CheckOwnerInTurnAsync"/>); null when it was looked up before.
    /// </summary>
    public string? Owner { get; init; }

    /// <summary>Whether the turn's check of <see cref="Owner"/> has run and found the conversation theirs.</summary>
    public bool OwnerChecked { get; set; }

    /// <summary>The client's own id for it (Web Chat's channelData.clientActivityID), kept the same when it sends it again; null when none.</summary>
    public string? ClientId { get; init; }

    /// <summary>Who posted it (the conversation's user).</summary>
    public string? UserId { get; init; }
}

/// <summary>
/// The posts this host took into a transcript, by conversation and the client's id for them (<see cref="PostedActivity.ClientId"/>),
/// the latest <see cref="Capacity"/>: a post that comes again with the same client id, from the same user (a page resending a
/// message whose answer it never got: the network fell after the host had it) is answered with the first one's activity id
/// and is no second turn, as a resend must be to be safe (session 50). Held in memory: a resend that reaches another host,
/// or this one after a restart, is taken again.
/// </summary>
internal sealed class PostedActivityIds
{
    public const int Capacity = 100_000;

    /// <summary>What the page puts in the channelData of a message it posts again (see <see cref="IsResend"/>).</summary>
    public const string ResendMark = "regin:resend";

    private const int MaxClientIdLength = 200;

    /// <summary>The client's id for <paramref name="activity"/> (channelData.clientActivityID); null when it has none.</summary>
    public static string? ClientIdOf(Microsoft.Bot.Schema.IActivity activity) =>
        (activity?.ChannelData as Newtonsoft.Json.Linq.JObject)?["clientActivityID"] is Newtonsoft.Json.Linq.JValue { Type: Newtonsoft.Json.Linq.JTokenType.String } id
            && ((string?)id) is { Length: > 0 and <= MaxClientIdLength } text ? text : null;

    /// <summary>
    /// Whether the client says it posts <paramref name="activity"/> again (channelData "regin:resend": true): an earlier
    /// post may have reached another host, or this one before a restart, so the transcript is looked up for it.
    /// </summary>
    public static bool IsResend(Microsoft.Bot.Schema.IActivity activity) =>
        (activity?.ChannelData as Newtonsoft.Json.Linq.JObject)?[ResendMark] is Newtonsoft.Json.Linq.JValue { Type: Newtonsoft.Json.Linq.JTokenType.Boolean } mark && (bool)mark;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Conversation, string ClientId), PostedActivity> _taken = [];
    private readonly Queue<(string Conversation, string ClientId)> _order = new();

    /// <summary>The activity id an earlier post of <paramref name="posted"/>'s client id got in the conversation; null when it is new.</summary>
    public string? Find(string conversationId, PostedActivity posted)
    {
        if (posted.ClientId is not { Length: > 0 and <= MaxClientIdLength } clientId)
        {
            return null;
        }
        lock (_gate)
        {
            // The same post's turn running again (PostgreSQL's RunAgainOn) is not a repeat; a refused one (no id) never was.
            return _taken.TryGetValue((conversationId, clientId), out var earlier) && !ReferenceEquals(earlier, posted)
                && earlier.Id is not null && string.Equals(earlier.UserId, posted.UserId, StringComparison.Ordinal)
                ? earlier.Id
                : null;
        }
    }

    public void Remember(string conversationId, PostedActivity posted)
    {
        if (posted.ClientId is not { Length: > 0 and <= MaxClientIdLength } clientId)
        {
            return;
        }
        lock (_gate)
        {
            if (_taken.TryAdd((conversationId, clientId), posted))
            {
                _order.Enqueue((conversationId, clientId));
                if (_order.Count > Capacity)
                {
                    _taken.Remove(_order.Dequeue());
                }
            }
            else
            {
                _taken[(conversationId, clientId)] = posted;
            }
        }
    }
}
