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
}
