using Microsoft.Bot.Builder;
using Regin.Bot.Chat.Hosting;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.DirectLine;

/// <summary>
/// Stores a new conversation of the local Direct Line inside its welcome turn's unit of work (see
/// <see cref="DirectLineBotAdapter.StartAsync"/>): the conversation's row, the bot's state and the greeting in one
/// transaction, so a start takes one place in SQLite's writer queue, as a turn does, instead of two. When a start of the
/// same id got there first, the turn ends here: no second greeting. When the welcome turn fails and is rolled back, the
/// conversation is stored on its own before the apology, so the client's start still stands.
/// </summary>
public sealed class StartedConversationMiddleware(DirectLineStore store) : Microsoft.Bot.Builder.IMiddleware
{
    internal const string TurnStateKey = "Regin.DirectLine.Starting";

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        if (turnContext.TurnState.Get<StartingConversation>(TurnStateKey) is { } starting && TurnUnitOfWork.Current is { } unit)
        {
            var (conversation, created) = await store.AddToTurnAsync(starting.Candidate, cancellationToken);
            starting.Stored = (conversation, created);
            if (!created)
            {
                return;
            }
            unit.AfterRollback(async (_, token) =>
            {
                starting.Stored = await store.CreateAsync(conversation.Id, conversation.UserId, conversation.Locale, token);
            });
        }
        await next(cancellationToken);
    }
}

/// <summary>A conversation on its way into the store with its welcome turn, and what the store then held.</summary>
internal sealed class StartingConversation(DirectLineConversation candidate)
{
    public DirectLineConversation Candidate { get; } = candidate;

    public (DirectLineConversation Conversation, bool Created)? Stored { get; set; }
}
