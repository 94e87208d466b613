using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Regin.Bot.Chat.Hosting;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.DirectLine;

/// <summary>
/// Runs the bot in process for the local Direct Line: the same pipeline as POST /api/messages (turn lock per
/// conversation, raw-input log, apology on errors), and every activity the bot sends, in a turn or proactively
/// (ContinueConversationAsync), is appended to the conversation's transcript for the client to poll.
/// </summary>
public sealed class DirectLineBotAdapter : BotAdapter, IHoldsRepliesInUnit
{
    public const string ChannelId = "webchat";
    public const string ServiceUrl = "urn:regin:directline";
    public static readonly ChannelAccount BotAccount = new("regin-bot", "REGIN", RoleTypes.Bot);

    internal static readonly JsonSerializerSettings JsonSettings = new() { NullValueHandling = NullValueHandling.Ignore, MaxDepth = 64 };

    private readonly DirectLineStore _store;
    private readonly TimeProvider _clock;

    public DirectLineBotAdapter(IServiceProvider services, DirectLineStore store, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
        this.UseReginPipeline(services, new StartedConversationMiddleware(store), new PostedActivityMiddleware(store));
    }

    /// <summary>Processes one incoming activity with <paramref name="bot"/>.</summary>
    public async Task ProcessAsync(Activity activity, IBot bot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(bot);
        using var context = new TurnContext(this, activity);
        await RunPipelineAsync(context, bot.OnTurnAsync, cancellationToken);
    }

    /// <summary>
    /// Starts <paramref name="conversation"/> (not yet stored) with its welcome turn, as one unit of work: the conversation's
    /// row, the bot's state and its greeting are stored in one transaction (one place in SQLite's writer queue, not two).
    /// When a start with the same id got there first (two starts of one token at the same instant), that one's conversation
    /// is returned and nothing is said again. The welcome is the bot's answer to a conversationUpdate that says the bot and
    /// the user joined (Web Chat does not announce itself).
    /// </summary>
    public async Task<(DirectLineConversation Conversation, bool Created)> StartAsync(DirectLineConversation conversation, IBot bot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(bot);
        var user = new ChannelAccount(conversation.UserId, role: RoleTypes.User);
        var update = new Activity(ActivityTypes.ConversationUpdate)
        {
            Id = Guid.NewGuid().ToString("N"),
            ChannelId = ChannelId,
            ServiceUrl = ServiceUrl,
            Conversation = new ConversationAccount(id: conversation.Id),
            From = user,
            Recipient = BotAccount,
            MembersAdded = [BotAccount, user],
            Locale = string.IsNullOrEmpty(conversation.Locale) ? null : conversation.Locale,
            Timestamp = conversation.CreatedAt,
        };
        var starting = new StartingConversation(conversation);
        using (var context = new TurnContext(this, update))
        {
            context.TurnState.Add(StartedConversationMiddleware.TurnStateKey, starting);
            await RunPipelineAsync(context, bot.OnTurnAsync, cancellationToken);
        }
        // The turn stopped before its unit of work began (its wait for the conversation's lock was cancelled): stored on its own.
        return starting.Stored ?? await _store.CreateAsync(conversation.Id, conversation.UserId, conversation.Locale, cancellationToken);
    }

    /// <summary>The same for a post whose conversation the caller looked up (its id; never refused).</summary>
    public async Task<string> ProcessPostedAsync(Activity activity, IBot bot, Func<long, string, string> toJson, CancellationToken cancellationToken = default) =>
        await ProcessPostedAsync(activity, bot, toJson, null, cancellationToken) ?? throw new InvalidOperationException("A post without an owner to check was refused.");

    /// <summary>
    /// Processes an activity a client posted: it joins the transcript within the turn (<see cref="PostedActivityMiddleware"/>),
    /// <paramref name="toJson"/> giving its JSON for a watermark and an id. Returns the id it got. With <paramref name="owner"/>
    /// (a token's user, whose conversation the caller did not look up), the turn checks in its first round trip that the
    /// conversation is <paramref name="owner"/>'s; when it is not (or does not exist), nothing is stored and null is returned.
    /// </summary>
    public async Task<string?> ProcessPostedAsync(Activity activity, IBot bot, Func<long, string, string> toJson, string? owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(bot);
        var posted = new PostedActivity(toJson)
        {
            Owner = owner,
            UserId = activity.From?.Id,
            ClientId = PostedActivityIds.ClientIdOf(activity),
        };
        var repeated = false;
        try
        {
            using var context = new TurnContext(this, activity);
            context.TurnState.Add(PostedActivityMiddleware.TurnStateKey, posted);
            await RunPipelineAsync(context, bot.OnTurnAsync, cancellationToken);
            repeated = context.TurnState.ContainsKey(Chat.Hosting.RawInputMiddleware.RepeatedByClientIdKey);
        }
        catch (DirectLineConversationRefusedException)
        {
            return null;
        }
        if (repeated && posted.ClientId is { } clientId && posted.UserId is { } userId)
        {
            // The same post again (its client's id), taken by another host or by this one before a restart: the turn was
            // undone at its raw input's INSERT; the first one's id, read on this path only (session 51).
            posted.Id = await _store.FindPostedAsync(activity.Conversation.Id, userId, clientId, cancellationToken) ?? posted.Id;
        }
        if (posted.Id is null)
        {
            // The turn stopped before its unit of work began (its wait for the conversation's lock was cancelled).
            if (!await OwnedAsync(posted, activity.Conversation.Id, cancellationToken))
            {
                return null;
            }
            (_, posted.Id) = await _store.AppendAsync(activity.Conversation.Id, toJson, cancellationToken);
        }
        return posted.Id;
    }

    /// <summary>
    /// Whether the posted activity may be stored outside its turn (after a failure): its conversation was looked up
    /// before the turn or checked in it, or is found now to be its token's user's.
    /// </summary>
    internal async Task<bool> OwnedAsync(PostedActivity posted, string conversationId, CancellationToken cancellationToken) =>
        posted.Owner is not { } owner || posted.OwnerChecked || await _store.OwnedByAsync(conversationId, owner, cancellationToken);

    /// <summary>
    /// A proactive turn. BotAdapter's own version disposes the turn context when the pipeline first yields (it returns
    /// the task from inside its using block), which a database with real asynchronous I/O (PostgreSQL) hits at once.
    /// </summary>
    public override async Task ContinueConversationAsync(string botAppId, ConversationReference reference, BotCallbackHandler callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(callback);
        using var context = new TurnContext(this, reference.GetContinuationActivity());
        await RunPipelineAsync(context, callback, cancellationToken);
    }

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(activities);
        if (ChatRehearsal.IsRunning)
        {
            // The warm-up answers what the rehearsed turn asked.
            ChatRehearsal.Saw(activities);
        }
        var responses = new ResourceResponse[activities.Length];
        var batch = new List<int>();
        for (var i = 0; i < activities.Length; i++)
        {
            var activity = activities[i];
            responses[i] = new ResourceResponse();
            if (activity.Type == ActivityTypesEx.Delay)
            {
                // What was sent before the pause is shown before it.
                await AppendAsync(turnContext, activities, batch, responses, cancellationToken);
                await Task.Delay(activity.Value is int ms ? ms : 1000, cancellationToken);
            }
            else if (activity.Type is not (ActivityTypes.Trace or ActivityTypesEx.InvokeResponse))
            {
                // Trace activities are for the emulator only; invoke responses have no place in a transcript.
                batch.Add(i);
            }
        }
        await AppendAsync(turnContext, activities, batch, responses, cancellationToken);
        return responses;
    }

    /// <summary>Appends the batched activities of a turn to the transcript in one write, in order.</summary>
    private async Task AppendAsync(ITurnContext turnContext, Activity[] activities, List<int> batch, ResourceResponse[] responses, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }
        var incoming = turnContext.Activity;
        var conversationId = activities[batch[0]].Conversation?.Id ?? incoming.Conversation?.Id
            ?? throw new InvalidOperationException("The activity has no conversation.");
        if (turnContext.TurnState.Get<StartingConversation>(StartedConversationMiddleware.TurnStateKey) is { Stored: null } starting
            && TurnUnitOfWork.Current is null)
        {
            // A welcome turn that failed before its unit of work began (no connection to be had): the conversation is stored
            // before the apology, which would otherwise name a conversation that does not exist yet (PostgreSQL: 23503).
            starting.Stored = await _store.CreateAsync(starting.Candidate.Id, starting.Candidate.UserId, starting.Candidate.Locale, cancellationToken);
        }
        if (TurnUnitOfWork.Current is null && turnContext.TurnState.Get<PostedActivity>(PostedActivityMiddleware.TurnStateKey) is { } posted
            && !await OwnedAsync(posted, conversationId, cancellationToken))
        {
            // The apology of a post's turn that failed before its check of the conversation's user ran, to a conversation
            // that is not (or no longer) the token's user's: nothing is said there.
            batch.Clear();
            return;
        }
        var now = _clock.GetUtcNow();
        var added = await _store.AppendManyAsync(conversationId, batch.Count, (index, _, newId) =>
        {
            var activity = activities[batch[index]];
            activity.Id = newId;
            activity.ChannelId = ChannelId;
            activity.ServiceUrl = ServiceUrl;
            activity.Conversation = new ConversationAccount(id: conversationId);
            activity.From = BotAccount;
            activity.Recipient ??= incoming.From;
            activity.Timestamp = now;
            return JsonConvert.SerializeObject(activity, JsonSettings);
        }, cancellationToken);
        for (var i = 0; i < batch.Count; i++)
        {
            responses[batch[i]] = new ResourceResponse(added[i].ActivityId);
        }
        batch.Clear();
    }

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The local Direct Line does not update activities.");

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The local Direct Line does not delete activities.");
}
