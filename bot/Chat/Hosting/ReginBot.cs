using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Regin.Bot.Chat.Rendering;
using Regin.Core.Conversation;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// The Bot Framework adapter of the core's conversation engine: an activity becomes a <see cref="ConversationInput"/>
/// (text, or the value of a card's button), the engine's state is loaded and saved through IStorage, and its replies
/// are rendered as activities by <see cref="ActivityRenderer"/>. Teams' handler base gives conversationUpdate for every channel.
/// </summary>
public sealed class ReginBot(IServiceScopeFactory scopes, IStorage storage) : TeamsActivityHandler
{
    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = (Activity)turnContext.Activity;
        if (OversizedMessages.Of(activity) is { } oversized)
        {
            await SayTooLongAsync(turnContext, activity, oversized.Length, cancellationToken);
            return;
        }
        // In Teams chats with several people the bot is @mentioned, and Teams sends the text as HTML: neither is the answer.
        var text = TeamsText.Of(activity);
        // A client that sends no user id gets a contributor of its own per conversation, never a shared anonymous one.
        var user = string.IsNullOrWhiteSpace(activity.From?.Id) ? $"conversation:{activity.Conversation?.Id}" : activity.From.Id;
        await RunAsync(turnContext, InputOf(activity, user, text, isStart: false) with { Value = SubmittedValues.Read(activity.Value), MessageId = EditedLater(activity) ? activity.Id : null }, cancellationToken);
    }

    /// <summary>
    /// Whether the channel lets a message be edited after it is sent (Teams): only there is the message's id kept with the
    /// question it answered (<see cref="ConversationProgress.Sent"/>; Web Chat and Direct Line edit nothing, and their turns
    /// write no more state).
    /// </summary>
    private static bool EditedLater(Activity activity) => activity.ChannelId == Microsoft.Bot.Connector.Channels.Msteams && !string.IsNullOrEmpty(activity.Id);

    /// <summary>
    /// A message edited by its sender (Teams' messageUpdate with channelData.eventType "editMessage"; another channel's
    /// messageUpdate alike): the activity's id is the edited message's, its text the new one. The engine corrects the answer
    /// that message gave while it is unchanged, or says what to type instead (it was ignored, with no reply: chatplay47).
    /// Teams' other updates (an undeleted message) go to its handler as before.
    /// </summary>
    protected override async Task OnMessageUpdateActivityAsync(ITurnContext<IMessageUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = (Activity)turnContext.Activity;
        if (activity.ChannelId == Microsoft.Bot.Connector.Channels.Msteams && activity.GetChannelData<Microsoft.Bot.Schema.Teams.TeamsChannelData>()?.EventType is { } eventType
            && eventType != "editMessage")
        {
            await base.OnMessageUpdateActivityAsync(turnContext, cancellationToken);
            return;
        }
        if (string.IsNullOrEmpty(activity.Id) || OversizedMessages.Of(activity) is not null)
        {
            return;
        }
        var text = TeamsText.Of(activity);
        var user = string.IsNullOrWhiteSpace(activity.From?.Id) ? $"conversation:{activity.Conversation?.Id}" : activity.From.Id;
        await RunAsync(turnContext, InputOf(activity, user, text, isStart: false) with { MessageId = activity.Id, IsEdit = true }, cancellationToken);
    }

    /// <summary>
    /// A message too long to process (<see cref="OversizedMessages"/>): no answer is read from it; the contributor is told,
    /// in the conversation's language, how long it is, the most an answer takes, and to send it shorter, in parts or by
    /// e-mail (the message itself is kept in the raw-input log, filed with their practice).
    /// </summary>
    private async Task SayTooLongAsync(ITurnContext turnContext, Activity activity, int length, CancellationToken cancellationToken)
    {
        var user = string.IsNullOrWhiteSpace(activity.From?.Id) ? $"conversation:{activity.Conversation?.Id}" : activity.From.Id;
        var input = InputOf(activity, user, null, isStart: false);
        var keys = StateKeys.For(input.Channel, input.ConversationId, input.UserId);
        var progress = StoredState<ConversationProgress>.From(await storage.ReadAsync([keys.Progress], cancellationToken), keys.Progress).State;
        if (TurnUnitOfWork.Current is { } unit && progress.PracticeId is { } practiceId)
        {
            unit.PracticeId = practiceId;
        }
        string text;
        await using (var services = TurnServices.Open(scopes))
        {
            var flow = services.Provider.GetRequiredService<ConversationFlow>();
            var mailbox = services.Provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Regin.Core.Hosting.ProjectMailboxOptions>>().Value.Mailbox;
            var language = progress.Language ?? Regin.Core.Languages.FromLocale(activity.Locale) ?? Regin.Core.Languages.Default;
            var culture = Regin.Core.Localisation.Texts.Culture(language);
            text = flow.Text(ConversationMessageKeys.MessageTooLong, language, ("length", length.ToString("N0", culture)), ("max", LongestAnswer.ToString("N0", culture)),
                ("mailbox", mailbox));
        }
        var reply = MessageFactory.Text(text);
        reply.TextFormat = TextFormatTypes.Plain;
        await turnContext.SendActivityAsync(reply, cancellationToken);
    }

    /// <summary>The most characters an answer takes (a long text's: questionnaire.md).</summary>
    private const int LongestAnswer = 5000;

    /// <summary>
    /// Members added, on every channel alike: Teams' own dispatch would first look each member up through the Teams
    /// API, which the greeting does not need (and which fails where there is no Teams service, as in tests).
    /// </summary>
    protected override Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var added = turnContext.Activity.MembersAdded;
        return added is { Count: > 0 } ? OnMembersAddedAsync(added, turnContext, cancellationToken) : Task.CompletedTask;
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (IsGroup(activity.Conversation))
        {
            // A group chat or a channel takes no answers (ConversationEngine): the pointer to a one-to-one chat is said once,
            // when the bot itself is added (to whoever added it), not to the whole group each time someone joins.
            if (membersAdded.Any(m => m.Id == activity.Recipient?.Id) && activity.From?.Id is { Length: > 0 } adder)
            {
                await RunAsync(turnContext, InputOf((Activity)activity, adder, null, isStart: true), cancellationToken);
            }
            return;
        }
        var users = membersAdded.Where(m => m.Id != activity.Recipient?.Id && !string.IsNullOrEmpty(m.Id)).Select(m => m.Id).ToList();
        if (users.Count == 0 && activity.Conversation?.ConversationType == "personal" && activity.From?.Id is { Length: > 0 } installer)
        {
            // Teams' personal install adds only the bot; the person who installed it is the sender.
            users.Add(installer);
        }
        foreach (var user in users.Distinct())
        {
            await RunAsync(turnContext, InputOf((Activity)activity, user, null, isStart: true), cancellationToken);
        }
    }

    /// <summary>
    /// A proactive turn (ContinueConversationAsync) with a researcher's message for <paramref name="userId"/>: the message as
    /// given, then, when <paramref name="practiceId"/> is the contributor's open practice, the engine's guidance, with the
    /// conversation's state set so that they can change answers and submit again.
    /// </summary>
    public async Task SendContributorMessageAsync(ITurnContext turnContext, string userId, string text, Guid practiceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(text);
        var input = InputOf(turnContext.Activity, userId, null, isStart: false);
        var keys = StateKeys.For(input.Channel, input.ConversationId, input.UserId);
        var stored = await storage.ReadAsync([keys.Progress, keys.Profile], cancellationToken);
        var progress = StoredState<ConversationProgress>.From(stored, keys.Progress);
        var profile = StoredState<ContributorProfile>.From(stored, keys.Profile);
        await SeenInLastConversationAsync(input, keys, stored, progress.State, profile.State, cancellationToken);
        IReadOnlyList<ConversationReply> replies;
        await using (var services = TurnServices.Open(scopes))
        {
            replies = await services.Provider.GetRequiredService<ConversationEngine>().ReopenForChangesAsync(input, progress.State, profile.State, practiceId, cancellationToken);
        }
        if (replies.Count > 0)
        {
            profile.ETag = "*";
            profile.State.ConversationId = input.ConversationId;
            await storage.WriteAsync(new Dictionary<string, object> { [keys.Progress] = progress, [keys.Profile] = profile }, cancellationToken);
        }
        var message = MessageFactory.Text(text);
        message.TextFormat = TextFormatTypes.Plain;
        await turnContext.SendActivitiesAsync([message, .. replies.Select(r => ActivityRenderer.Render(r, input.Channel, input.UserId))], cancellationToken);
    }

    /// <summary>Runs the engine for one contributor: state in, replies out, state saved before the replies go.</summary>
    private async Task RunAsync(ITurnContext turnContext, ConversationInput input, CancellationToken cancellationToken)
    {
        var keys = StateKeys.For(input.Channel, input.ConversationId, input.UserId);
        var stored = await storage.ReadAsync([keys.Progress, keys.Profile, keys.Owner], cancellationToken);
        var progress = StoredState<ConversationProgress>.From(stored, keys.Progress);
        var profile = StoredState<ContributorProfile>.From(stored, keys.Profile);
        var profileWas = stored.ContainsKey(keys.Profile) ? (profile.State.Language, profile.State.ConversationId) : default((string?, string?)?);
        await SeenInLastConversationAsync(input, keys, stored, progress.State, profile.State, cancellationToken);
        var changes = new Dictionary<string, object>();
        if (!stored.ContainsKey(keys.Owner))
        {
            changes[keys.Owner] = new StoredState<ConversationOwner> { State = { UserId = input.UserId } };
        }
        else if (StoredState<ConversationOwner>.From(stored, keys.Owner).State.UserId != input.UserId)
        {
            input = input with { IsOtherContributorsConversation = true };
        }
        // For the apology should the turn fail (ReginBotPipeline): on the turn's unit, copied to the turn state only then
        // (the turn state's keys are compared by the invariant culture, ignoring case: each use hashed through ICU).
        var unit = TurnUnitOfWork.Current;
        if (unit is not null)
        {
            unit.Progress = progress.State;
        }
        else
        {
            turnContext.TurnState.Add(progress.State);
        }

        IReadOnlyList<ConversationReply> replies;
        await using (var services = TurnServices.Open(scopes))
        {
            replies = await services.Provider.GetRequiredService<ConversationEngine>().HandleAsync(input, progress.State, profile.State, cancellationToken);
        }
        var erase = progress.State.ErasureRequested;
        progress.State.ErasureRequested = false;
        changes[keys.Progress] = progress;
        if (progress.State.PracticeId is { } practiceId && unit is not null)
        {
            // The raw-input log files the message with it.
            unit.PracticeId = practiceId;
        }
        // The profile is written only when its language or its conversation changed (where the contributor was and when
        // is this conversation's progress, written anyway): a turn that answers a question writes one row less. It may be
        // written by two conversations of one person at once: the last one wins. The progress keeps its ETag: a turn
        // working from an old copy of the conversation is refused.
        profile.State.ConversationId = input.ConversationId;
        if (profileWas != (profile.State.Language, profile.State.ConversationId))
        {
            profile.ETag = "*";
            changes[keys.Profile] = profile;
        }
        await storage.WriteAsync(changes, cancellationToken);
        if (replies.Count > 0)
        {
            await turnContext.SendActivitiesAsync(replies.Select(r => ActivityRenderer.Render(r, input.Channel, input.UserId)).ToArray(), cancellationToken);
        }
        // (A rehearsed turn erases nothing: the erasure runs in a scope of the real database.)
        if (erase && !ChatRehearsal.IsRunning)
        {
            // After this turn's message, state and replies are stored (committed), so that they are erased with the rest.
            if (unit is not null)
            {
                // (Nothing of the turn kept by the host: the erasure removes it.)
                unit.KeepsNothing = true;
                unit.AfterCommit(token => EraseAsync(input, token));
            }
            else
            {
                await EraseAsync(input, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Where the contributor was and when, as the engine reads them from the profile (<see cref="ContributorProfile.QuestionId"/>,
    /// <see cref="ContributorProfile.LastSeenAt"/>): the progress of the conversation the profile names, the one they were
    /// last seen in (read here when it is another one: a new conversation's first turn, which also keeps the questions skipped
    /// there). A profile that names none (written before session 33) or whose conversation has no progress left keeps its own.
    /// </summary>
    private async Task SeenInLastConversationAsync(ConversationInput input, StateKeys keys, IDictionary<string, object> stored,
        ConversationProgress progress, ContributorProfile profile, CancellationToken cancellationToken)
    {
        if (profile.ConversationId is not { } last)
        {
            return;
        }
        ConversationProgress? there = null;
        if (last == input.ConversationId)
        {
            there = stored.ContainsKey(keys.Progress) ? progress : null;
        }
        else
        {
            var key = StateKeys.For(input.Channel, last, input.UserId).Progress;
            var other = await storage.ReadAsync([key], cancellationToken);
            there = other.ContainsKey(key) ? StoredState<ConversationProgress>.From(other, key).State : null;
            if (there is not null && !stored.ContainsKey(keys.Progress))
            {
                // The optional questions skipped there stay skipped: a contributor back days later in a new conversation was
                // sent back to the phone number they had skipped, not to where they stopped.
                progress.Skipped.AddRange(there.Skipped.Where(id => !progress.Skipped.Contains(id)));
                // So does an answer waiting there for its yes (kept under Other, a guess): asked again where it was left, not
                // passed over for the next question.
                if (PendingConfirmation.QuestionOf(there.Pending) is not null)
                {
                    progress.Pending ??= there.Pending;
                }
            }
        }
        if (there is not null)
        {
            profile.QuestionId = there.QuestionId;
            profile.LastSeenAt = there.LastTurnAt ?? profile.LastSeenAt;
        }
    }

    /// <summary>The contributor's own erasure request, confirmed in the chat; the log names the channel, not the erased id.</summary>
    private async Task EraseAsync(ConversationInput input, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Regin.Core.Privacy.ContributorErasure>()
            .EraseChatContributorAsync(input.Channel, input.UserId, $"{input.Channel}:contributor", cancellationToken);
    }

    internal static ConversationInput InputOf(Activity activity, string userId, string? text, bool isStart)
    {
        var conversation = activity.Conversation;
        return new ConversationInput(
            Channel: activity.ChannelId ?? "unknown",
            ConversationId: conversation?.Id ?? "",
            UserId: userId,
            Text: text,
            Locale: activity.Locale,
            ClientLocale: ClientInfoLocale(activity),
            AttachmentCount: activity.Attachments?.Count ?? 0,
            IsConversationStart: isStart,
            IsGroup: IsGroup(conversation));
    }

    /// <summary>A Teams group chat or channel (or any conversation a channel marks as a group): several people see it.</summary>
    private static bool IsGroup(ConversationAccount? conversation) =>
        conversation?.IsGroup == true || conversation?.ConversationType is "groupChat" or "channel";

    /// <summary>The locale of Teams' clientInfo entity: {"type": "clientInfo", "locale": "el-GR", ...}.</summary>
    private static string? ClientInfoLocale(Activity activity) =>
        activity.Entities?
            .Where(e => string.Equals(e.Type, "clientInfo", StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Properties?["locale"]?.Type == JTokenType.String ? e.Properties["locale"]!.Value<string>() : null)
            .FirstOrDefault(l => !string.IsNullOrEmpty(l));
}
