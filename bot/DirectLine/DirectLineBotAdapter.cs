using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Regin.Bot.Chat.Hosting;

namespace Regin.Bot.DirectLine;

/// <summary>
/// Runs the bot in process for the local Direct Line: the same pipeline as POST /api/messages (turn lock per
/// conversation, raw-input log, apology on errors), and every activity the bot sends, in a turn or proactively
/// (ContinueConversationAsync), is appended to the conversation's transcript for the client to poll.
/// </summary>
public sealed class DirectLineBotAdapter : BotAdapter
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
        this.UseReginPipeline(services);
    }

    /// <summary>Processes one incoming activity with <paramref name="bot"/>.</summary>
    public async Task ProcessAsync(Activity activity, IBot bot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(bot);
        using var context = new TurnContext(this, activity);
        await RunPipelineAsync(context, bot.OnTurnAsync, cancellationToken);
    }

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(activities);
        var responses = new List<ResourceResponse>(activities.Length);
        foreach (var activity in activities)
        {
            if (activity.Type == ActivityTypesEx.Delay)
            {
                await Task.Delay(activity.Value is int ms ? ms : 1000, cancellationToken);
                responses.Add(new ResourceResponse());
                continue;
            }
            // Trace activities are for the emulator only; invoke responses have no place in a transcript.
            if (activity.Type is ActivityTypes.Trace or ActivityTypesEx.InvokeResponse)
            {
                responses.Add(new ResourceResponse());
                continue;
            }
            var incoming = turnContext.Activity;
            var conversationId = activity.Conversation?.Id ?? incoming.Conversation?.Id
                ?? throw new InvalidOperationException("The activity has no conversation.");
            activity.ChannelId = ChannelId;
            activity.ServiceUrl = ServiceUrl;
            activity.Conversation ??= new ConversationAccount(id: conversationId);
            activity.From = BotAccount;
            activity.Recipient ??= incoming.From;
            activity.Timestamp = _clock.GetUtcNow();
            var (_, id) = await _store.AppendAsync(conversationId, (_, newId) =>
            {
                activity.Id = newId;
                return JsonConvert.SerializeObject(activity, JsonSettings);
            }, cancellationToken);
            responses.Add(new ResourceResponse(id));
        }
        return responses.ToArray();
    }

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The local Direct Line does not update activities.");

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The local Direct Line does not delete activities.");
}
