// Over 400 lines because erasure must reach every table that can hold a person's data in one transaction: each table's rewrite sits beside the others so none is missed.
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Regin.Core.Localisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Privacy;

/// <summary>Who asked for an erasure: a researcher on the review screens, or the contributor in the chat or by mail.</summary>
public static class ErasureRequesters
{
    public const string Researcher = "researcher";
    public const string Chat = "chat";
    public const string Email = "email";
}

/// <summary>What an erasure did: how many practices lost their contacts, how many raw inputs, identities and other rows it changed.</summary>
public sealed record ErasureOutcome(IReadOnlyList<string> References, int RawInputs, int Identities, int ChatStates, int Messages, int Events)
{
    public int Practices => References.Count;
}

/// <summary>
/// Erases a contributor's personal data, found by an e-mail address (a researcher's request, or an authenticated mail)
/// or by a chat identity (the contributor's own request in the chat). The practices stay, with "[erased]" contacts:
/// <list type="bullet">
/// <item>the practice: contact e-mail removed; the answers to the contact questions (name, e-mail, phone) become the
/// marker in the practice's language, with no value; every other answer, flag and log entry of the practice has the
/// address, name, phone and chat ids replaced by the marker; its identities (e-mail and chat ids) are deleted;</item>
/// <item>raw inputs (of those practices, of the contributor's chat conversations, and for an address every stored mail
/// that contains it): a chat message (JSON) is kept with the same replacements; a mail is replaced by the marker
/// (text/plain), because an address can hide in encoded headers, quoted-printable or base64 parts and zipped
/// attachments, where no byte-level redaction can be trusted; the answers read from it stay in the practice;</item>
/// <item>mail outbox rows and contributor notifications addressed to them or about those practices are deleted;</item>
/// <item>chat state rows of their chat ids, and the local Direct Line: their conversations get a new random user id and
/// the stored activities the replacements.</item>
/// </list>
/// A chat request reaches only the practices of that chat identity: an address typed in the chat is not proof of
/// owning it, so it is erased where it was typed but never used to find other practices. Each practice gets a
/// <c>contributor_data_erased</c> event (who, when, what was counted), never the address itself. The log is otherwise
/// append-only; erasure is the one rewrite it allows, done set-based past the context's guard.
/// </summary>
public sealed class ContributorErasure(ReginDbContext db, Texts texts, TimeProvider clock, ILogger<ContributorErasure> logger)
{
    public const string EventKind = "contributor_data_erased";

    /// <summary>What replaces erased data where no person reads it (identifiers, log values, raw inputs).</summary>
    public const string Marker = "[erased]";

    /// <summary>The locale message shown to people in place of an erased contact ("[gelöscht]").</summary>
    public const string MarkerMessageKey = "rights.erased_marker";

    /// <summary>The questions whose answers are the contributor's contact details.</summary>
    public static readonly IReadOnlyList<string> ContactQuestions = ["contact_name", "contact_email", "contact_phone"];

    /// <summary>The local Direct Line's channel id (the web chat on the bot host).</summary>
    private const string DirectLineChannel = "webchat";

    /// <summary>
    /// The outbox key of the confirmation of an erasure asked by mail ("erasure-confirmation:{raw input id}"): the
    /// confirmation must reach the address that was just erased, so its row holds it until it is sent or given up,
    /// then <see cref="ForgetConfirmationAsync"/> blanks it.
    /// </summary>
    public const string ConfirmationOutboxKeyPrefix = "erasure-confirmation:";

    private const int BatchSize = 200;

    /// <summary>
    /// The confirmation of an erasure has gone (or will never go): its outbox row keeps its state and dates, and loses
    /// the address and the mail itself; the database's own files are scrubbed again.
    /// </summary>
    public async Task ForgetConfirmationAsync(long outboxId, CancellationToken cancellationToken = default)
    {
        var content = Encoding.UTF8.GetBytes(Marker);
        var forgotten = await db.MailOutbox.Where(m => m.Id == outboxId && m.DedupKey.StartsWith(ConfirmationOutboxKeyPrefix)).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.Recipient, Marker).SetProperty(m => m.Content, content).SetProperty(m => m.LastError, (string?)null), cancellationToken);
        if (forgotten > 0)
        {
            await db.Provider().ScrubAfterErasureAsync(db, logger, cancellationToken);
        }
    }

    /// <summary>Erases everything held about <paramref name="email"/> (a researcher's request, or an authenticated sender's).</summary>
    public async Task<ErasureOutcome> EraseEmailAsync(string email, string actor, string requestedBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var address = email.Trim().ToLowerInvariant();
        var practices = await db.Practices.AsNoTracking()
            .Where(p => (p.ContributorEmail != null && p.ContributorEmail.ToLower() == address)
                || p.Identities.Any(i => i.Channel == Channels.Email && i.ExternalId.ToLower() == address))
            .Select(p => p.Id).ToListAsync(cancellationToken);
        return await EraseAsync(practices, [address], [], actor, requestedBy, searchEverywhere: true, cancellationToken);
    }

    /// <summary>Erases what is held about a chat contributor (their own request): their practices, chat state and messages.</summary>
    public async Task<ErasureOutcome> EraseChatContributorAsync(string channel, string userId, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var practices = await db.ContributorIdentities.AsNoTracking()
            .Where(i => i.Channel == channel && i.ExternalId == userId).Select(i => i.PracticeId).Distinct().ToListAsync(cancellationToken);
        return await EraseAsync(practices, [], [(channel, userId)], actor, ErasureRequesters.Chat, searchEverywhere: false, cancellationToken);
    }

    private async Task<ErasureOutcome> EraseAsync(List<Guid> practiceIds, List<string> emails, List<(string Channel, string Id)> chatIds, string actor, string requestedBy,
        bool searchEverywhere, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        ErasureOutcome outcome;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var practices = await db.Practices.AsNoTracking().Where(p => practiceIds.Contains(p.Id))
                .Include(p => p.Answers).Include(p => p.Identities).AsSplitQuery().OrderBy(p => p.Number).ToListAsync(cancellationToken);
            var needles = new ErasureNeedles();
            needles.AddEmails(emails);
            foreach (var practice in practices)
            {
                needles.AddEmail(practice.ContributorEmail);
                foreach (var identity in practice.Identities)
                {
                    if (identity.Channel == Channels.Email)
                    {
                        needles.AddEmail(identity.ExternalId);
                    }
                    else if (!chatIds.Contains((identity.Channel, identity.ExternalId)))
                    {
                        chatIds.Add((identity.Channel, identity.ExternalId));
                    }
                }
                foreach (var answer in practice.Answers.Where(a => ContactQuestions.Contains(a.QuestionId)))
                {
                    needles.AddContact(answer.Original);
                    needles.AddContact(StringValue(answer.ValueJson));
                }
            }
            foreach (var (_, id) in chatIds)
            {
                needles.AddIdentifier(id);
            }

            var conversations = await ChatConversationsAsync(chatIds, cancellationToken);
            await CollectChatNamesAsync(needles, chatIds, conversations, practiceIds, cancellationToken);

            var identities = await ErasePracticesAsync(practices, needles, cancellationToken);
            var events = await RedactEventsAsync(practiceIds, needles, searchEverywhere, cancellationToken);
            var rawInputs = await RedactRawInputsAsync(practiceIds, conversations, needles, searchEverywhere, cancellationToken);
            var messages = await DeleteMessagesAsync(practiceIds, needles, chatIds, cancellationToken);
            var states = await EraseChatStateAsync(chatIds, needles, searchEverywhere, cancellationToken);
            await RedactDirectLineAsync(chatIds, needles, searchEverywhere, cancellationToken);

            outcome = new ErasureOutcome(practices.Select(p => p.Reference).ToList(), rawInputs, identities, states, messages, events);
            var summary = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["requested_by"] = requestedBy,
                ["practices"] = outcome.Practices,
                ["raw_inputs"] = outcome.RawInputs,
                ["identities"] = outcome.Identities,
                ["chat_states"] = outcome.ChatStates,
                ["messages"] = outcome.Messages,
                ["log_entries"] = outcome.Events,
            });
            db.PracticeEvents.AddRange(practices.Select(p => new PracticeEvent { PracticeId = p.Id, At = now, Actor = actor, Kind = EventKind, NewValue = summary }));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
        await db.Provider().ScrubAfterErasureAsync(db, logger, cancellationToken);
        logger.LogInformation("Contributor data erased by {Actor} ({RequestedBy}): {Practices} practices, {RawInputs} raw inputs, {Identities} identities, {States} chat states, {Messages} messages",
            actor, requestedBy, outcome.Practices, outcome.RawInputs, outcome.Identities, outcome.ChatStates, outcome.Messages);
        return outcome;
    }

    /// <summary>The contact answers become the marker, the other answers and the flags lose the needles, the identities go.</summary>
    private async Task<int> ErasePracticesAsync(List<Practice> practices, ErasureNeedles needles, CancellationToken cancellationToken)
    {
        var identities = 0;
        foreach (var practice in practices)
        {
            var marker = texts.Get(MarkerMessageKey, practice.Language);
            foreach (var answer in practice.Answers)
            {
                // Who last changed it is an actor ("webchat:{user id}", "email:{address}").
                var updatedBy = needles.Redact(answer.UpdatedBy)!;
                if (ContactQuestions.Contains(answer.QuestionId))
                {
                    await db.Answers.Where(a => a.PracticeId == practice.Id && a.QuestionId == answer.QuestionId).ExecuteUpdateAsync(u => u
                        .SetProperty(a => a.ValueJson, (string?)null).SetProperty(a => a.Original, marker).SetProperty(a => a.OtherText, (string?)null)
                        .SetProperty(a => a.UpdatedBy, updatedBy), cancellationToken);
                    continue;
                }
                var (valueJson, original, other) = (needles.RedactJson(answer.ValueJson, marker), needles.Redact(answer.Original, marker)!, needles.Redact(answer.OtherText, marker));
                if (valueJson != answer.ValueJson || original != answer.Original || other != answer.OtherText || updatedBy != answer.UpdatedBy)
                {
                    await db.Answers.Where(a => a.PracticeId == practice.Id && a.QuestionId == answer.QuestionId).ExecuteUpdateAsync(u => u
                        .SetProperty(a => a.ValueJson, valueJson).SetProperty(a => a.Original, original).SetProperty(a => a.OtherText, other)
                        .SetProperty(a => a.UpdatedBy, updatedBy), cancellationToken);
                }
            }
            var flags = await db.Flags.AsNoTracking().Where(f => f.PracticeId == practice.Id && f.Detail != null).Select(f => new { f.Id, f.QuestionId, f.Detail }).ToListAsync(cancellationToken);
            foreach (var flag in flags)
            {
                var detail = flag.QuestionId is not null && ContactQuestions.Contains(flag.QuestionId) ? marker : needles.Redact(flag.Detail, marker);
                if (detail != flag.Detail)
                {
                    await db.Flags.Where(f => f.Id == flag.Id).ExecuteUpdateAsync(u => u.SetProperty(f => f.Detail, detail), cancellationToken);
                }
            }
            identities += await db.ContributorIdentities.Where(i => i.PracticeId == practice.Id).ExecuteDeleteAsync(cancellationToken);
            var stamp = Guid.NewGuid();
            await db.Practices.Where(p => p.Id == practice.Id).ExecuteUpdateAsync(u => u
                .SetProperty(p => p.ContributorEmail, (string?)null).SetProperty(p => p.ConcurrencyStamp, stamp), cancellationToken);
        }
        return identities;
    }

    /// <summary>
    /// The log of the practices: the contact questions' values become the marker, the needles go from actor, values and
    /// reasons. For an address, also any other log entry that holds it (found by the database, case ignored).
    /// </summary>
    private async Task<int> RedactEventsAsync(List<Guid> practiceIds, ErasureNeedles needles, bool searchEverywhere, CancellationToken cancellationToken)
    {
        var candidates = new HashSet<long>();
        foreach (var chunk in practiceIds.Chunk(BatchSize))
        {
            candidates.UnionWith(await db.PracticeEvents.AsNoTracking().Where(e => chunk.Contains(e.PracticeId)).Select(e => e.Id).ToListAsync(cancellationToken));
        }
        foreach (var needle in searchEverywhere ? needles.Searchable : [])
        {
            candidates.UnionWith(await db.PracticeEvents.AsNoTracking()
                .Where(e => e.Actor.ToLower().Contains(needle) || (e.NewValue != null && e.NewValue.ToLower().Contains(needle))
                    || (e.OldValue != null && e.OldValue.ToLower().Contains(needle)) || (e.Reason != null && e.Reason.ToLower().Contains(needle)))
                .Select(e => e.Id).ToListAsync(cancellationToken));
        }
        var changed = 0;
        var markerJson = JsonSerializer.Serialize(Marker);
        foreach (var chunk in candidates.Order().Chunk(BatchSize))
        {
            var events = await db.PracticeEvents.AsNoTracking().Where(e => chunk.Contains(e.Id)).ToListAsync(cancellationToken);
            foreach (var e in events)
            {
                var contact = e.QuestionId is not null && ContactQuestions.Contains(e.QuestionId);
                // An answer's value in the log is JSON as stored (letters beyond ASCII escaped): read as JSON, else as text.
                var (actor, oldValue, newValue, reason) = (needles.Redact(e.Actor)!, contact && e.OldValue is not null ? markerJson : needles.RedactJson(e.OldValue, Marker),
                    contact && e.NewValue is not null ? markerJson : needles.RedactJson(e.NewValue, Marker), needles.Redact(e.Reason));
                if (actor == e.Actor && oldValue == e.OldValue && newValue == e.NewValue && reason == e.Reason)
                {
                    continue;
                }
                await db.PracticeEvents.Where(x => x.Id == e.Id).ExecuteUpdateAsync(u => u
                    .SetProperty(x => x.Actor, actor).SetProperty(x => x.OldValue, oldValue).SetProperty(x => x.NewValue, newValue).SetProperty(x => x.Reason, reason), cancellationToken);
                changed++;
            }
        }
        return changed;
    }

    /// <summary>
    /// The raw inputs of the practices and of the contributor's chat conversations, and for an address every stored input
    /// that holds it (looked for in the bytes, case ignored, also across quoted-printable line breaks).
    /// </summary>
    private async Task<int> RedactRawInputsAsync(List<Guid> practiceIds, List<string> conversations, ErasureNeedles needles, bool searchEverywhere, CancellationToken cancellationToken)
    {
        var candidates = new HashSet<long>();
        foreach (var chunk in practiceIds.Chunk(BatchSize))
        {
            candidates.UnionWith(await db.RawInputs.AsNoTracking().Where(r => r.PracticeId != null && chunk.Contains(r.PracticeId.Value)).Select(r => r.Id).ToListAsync(cancellationToken));
        }
        foreach (var chunk in conversations.Chunk(BatchSize))
        {
            candidates.UnionWith(await db.RawInputs.AsNoTracking().Where(r => r.ConversationId != null && chunk.Contains(r.ConversationId)).Select(r => r.Id).ToListAsync(cancellationToken));
        }
        if (searchEverywhere && needles.Searchable.Count > 0)
        {
            // Every stored input is read once, in batches: an erasure is rare, and only the bytes can tell.
            long after = 0;
            while (true)
            {
                var batch = await db.RawInputs.AsNoTracking().Where(r => r.Id > after).OrderBy(r => r.Id).Take(BatchSize)
                    .Select(r => new { r.Id, r.Content, r.ConversationId, r.DedupKey, r.OutcomeDetail }).ToListAsync(cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }
                after = batch[^1].Id;
                candidates.UnionWith(batch.Where(r => needles.FoundIn(r.Content) || needles.Contains(r.ConversationId) || needles.Contains(r.DedupKey) || needles.Contains(r.OutcomeDetail)).Select(r => r.Id));
            }
        }
        var changed = 0;
        foreach (var chunk in candidates.Order().Chunk(50))
        {
            var inputs = await db.RawInputs.AsNoTracking().Where(r => chunk.Contains(r.Id)).ToListAsync(cancellationToken);
            foreach (var input in inputs)
            {
                var isChatMessage = input.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
                // A chat message is JSON: its strings are read (a name beyond ASCII may be written in \u escapes), then redacted.
                var content = isChatMessage ? Encoding.UTF8.GetBytes(needles.RedactJson(Encoding.UTF8.GetString(input.Content), Marker)!) : Encoding.UTF8.GetBytes(Marker);
                var contentType = isChatMessage ? input.ContentType : "text/plain";
                var dedupKey = needles.Contains(input.DedupKey) ? $"erased:{input.Id}" : input.DedupKey;
                var conversation = needles.Contains(input.ConversationId) ? null : input.ConversationId;
                var detail = needles.Redact(input.OutcomeDetail);
                if (content.AsSpan().SequenceEqual(input.Content) && contentType == input.ContentType && dedupKey == input.DedupKey && conversation == input.ConversationId && detail == input.OutcomeDetail)
                {
                    continue;
                }
                // Two statements: the bytes live in a table of their own (one UPDATE changes one table).
                await RawInputRows.SetContentAsync(db, input.Id, content, cancellationToken);
                await db.RawInputs.Where(r => r.Id == input.Id).ExecuteUpdateAsync(u => u
                    .SetProperty(r => r.ContentType, contentType).SetProperty(r => r.DedupKey, dedupKey)
                    .SetProperty(r => r.ConversationId, conversation).SetProperty(r => r.OutcomeDetail, detail), cancellationToken);
                changed++;
            }
        }
        return changed;
    }

    /// <summary>Replies and notifications about the practices or addressed to the contributor: deleted (pending ones are not sent any more).</summary>
    private async Task<int> DeleteMessagesAsync(List<Guid> practiceIds, ErasureNeedles needles, List<(string Channel, string Id)> chatIds, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var chunk in practiceIds.Chunk(BatchSize))
        {
            deleted += await db.MailOutbox.Where(m => m.PracticeId != null && chunk.Contains(m.PracticeId.Value)).ExecuteDeleteAsync(cancellationToken);
            deleted += await db.ContributorNotifications.Where(n => chunk.Contains(n.PracticeId)).ExecuteDeleteAsync(cancellationToken);
        }
        foreach (var address in needles.Emails)
        {
            deleted += await db.MailOutbox.Where(m => m.Recipient.ToLower() == address || m.DedupKey.ToLower().Contains(address)).ExecuteDeleteAsync(cancellationToken);
            deleted += await db.ContributorNotifications.Where(n => n.Channel == Channels.Email && n.Recipient.ToLower() == address).ExecuteDeleteAsync(cancellationToken);
        }
        foreach (var (channel, id) in chatIds)
        {
            deleted += await db.ContributorNotifications.Where(n => n.Channel == channel && n.Recipient == id).ExecuteDeleteAsync(cancellationToken);
        }
        return deleted;
    }

    /// <summary>The chat state of the chat ids (keys "{channel}/users/{id}", "{channel}/conversations/{c}/users/{id}", owners), and for an address any state that holds it.</summary>
    private async Task<int> EraseChatStateAsync(List<(string Channel, string Id)> chatIds, ErasureNeedles needles, bool searchEverywhere, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var (channel, id) in chatIds)
        {
            var profile = $"{channel}/users/{id}";
            var prefix = $"{channel}/conversations/";
            var suffix = $"/users/{id}";
            var owner = JsonSerializer.Serialize(id);
            deleted += await db.Set<ChatStateItem>()
                .Where(s => s.Key == profile || (s.Key.StartsWith(prefix) && (s.Key.EndsWith(suffix) || (s.Key.EndsWith("/owner") && s.Document.Contains(owner)))))
                .ExecuteDeleteAsync(cancellationToken);
        }
        foreach (var needle in searchEverywhere ? needles.Searchable : [])
        {
            deleted += await db.Set<ChatStateItem>().Where(s => s.Document.ToLower().Contains(needle)).ExecuteDeleteAsync(cancellationToken);
        }
        return deleted;
    }

    /// <summary>The local Direct Line: the contributor's conversations go on under a new random user id; stored activities lose the needles.</summary>
    private async Task RedactDirectLineAsync(List<(string Channel, string Id)> chatIds, ErasureNeedles needles, bool searchEverywhere, CancellationToken cancellationToken)
    {
        var users = chatIds.Where(c => c.Channel == DirectLineChannel).Select(c => c.Id).ToList();
        var conversations = users.Count == 0 ? [] : await db.Set<DirectLineConversation>().AsNoTracking().Where(c => users.Contains(c.UserId)).Select(c => c.Id).ToListAsync(cancellationToken);
        foreach (var conversation in conversations)
        {
            var fresh = "dl_" + Guid.NewGuid().ToString("N");
            await db.Set<DirectLineConversation>().Where(c => c.Id == conversation).ExecuteUpdateAsync(u => u.SetProperty(c => c.UserId, fresh), cancellationToken);
        }
        var candidates = new List<(string Conversation, long Watermark)>();
        foreach (var chunk in conversations.Chunk(BatchSize))
        {
            candidates.AddRange((await db.Set<DirectLineActivity>().AsNoTracking().Where(a => chunk.Contains(a.ConversationId)).Select(a => new { a.ConversationId, a.Watermark }).ToListAsync(cancellationToken))
                .Select(a => (a.ConversationId, a.Watermark)));
        }
        foreach (var needle in searchEverywhere ? needles.Searchable : [])
        {
            candidates.AddRange((await db.Set<DirectLineActivity>().AsNoTracking().Where(a => a.Json.ToLower().Contains(needle)).Select(a => new { a.ConversationId, a.Watermark }).ToListAsync(cancellationToken))
                .Select(a => (a.ConversationId, a.Watermark)));
        }
        foreach (var (conversation, watermark) in candidates.Distinct())
        {
            var json = await db.Set<DirectLineActivity>().AsNoTracking().Where(a => a.ConversationId == conversation && a.Watermark == watermark).Select(a => a.Json).SingleAsync(cancellationToken);
            var redacted = needles.RedactJson(WithoutInlineFiles(json), Marker)!;
            if (redacted != json)
            {
                await db.Set<DirectLineActivity>().Where(a => a.ConversationId == conversation && a.Watermark == watermark).ExecuteUpdateAsync(u => u.SetProperty(a => a.Json, redacted), cancellationToken);
            }
        }
    }

    /// <summary>An activity without the files it carried inline (a copy of the contributor's data sent in the chat is base64 that no search finds).</summary>
    private static string WithoutInlineFiles(string json)
    {
        if (!json.Contains("\"data:", StringComparison.Ordinal))
        {
            return json;
        }
        try
        {
            if (System.Text.Json.Nodes.JsonNode.Parse(json) is System.Text.Json.Nodes.JsonObject activity && activity["attachments"] is System.Text.Json.Nodes.JsonArray attachments)
            {
                foreach (var attachment in attachments.OfType<System.Text.Json.Nodes.JsonObject>().Where(a => a["contentUrl"]?.GetValueKind() == JsonValueKind.String
                    && a["contentUrl"]!.GetValue<string>().StartsWith("data:", StringComparison.Ordinal)).ToList())
                {
                    attachments.Remove(attachment);
                }
                return activity.ToJsonString();
            }
        }
        catch (JsonException)
        {
            // Not an activity: left as it is.
        }
        return json;
    }

    /// <summary>The chat conversations of the chat ids: from the chat state's keys and from the local Direct Line.</summary>
    private async Task<List<string>> ChatConversationsAsync(List<(string Channel, string Id)> chatIds, CancellationToken cancellationToken)
    {
        var conversations = new List<string>();
        foreach (var (channel, id) in chatIds)
        {
            var prefix = $"{channel}/conversations/";
            var suffix = $"/users/{id}";
            var keys = await db.Set<ChatStateItem>().AsNoTracking().Where(s => s.Key.StartsWith(prefix) && s.Key.EndsWith(suffix)).Select(s => s.Key).ToListAsync(cancellationToken);
            conversations.AddRange(keys.Where(k => k.Length > prefix.Length + suffix.Length).Select(k => k[prefix.Length..^suffix.Length]));
            if (channel == DirectLineChannel)
            {
                conversations.AddRange(await db.Set<DirectLineConversation>().AsNoTracking().Where(c => c.UserId == id).Select(c => c.Id).ToListAsync(cancellationToken));
            }
        }
        return conversations.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The display names the chat channels gave (Teams sends the person's full name with every message).</summary>
    private async Task CollectChatNamesAsync(ErasureNeedles needles, List<(string Channel, string Id)> chatIds, List<string> conversations, List<Guid> practiceIds, CancellationToken cancellationToken)
    {
        if (chatIds.Count == 0)
        {
            return;
        }
        var ids = chatIds.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var contents = new List<byte[]>();
        foreach (var chunk in conversations.Chunk(BatchSize))
        {
            contents.AddRange(await db.RawInputs.AsNoTracking().Where(r => r.ConversationId != null && chunk.Contains(r.ConversationId) && r.ContentType.StartsWith("application/json")).Select(r => r.Content).ToListAsync(cancellationToken));
        }
        foreach (var chunk in practiceIds.Chunk(BatchSize))
        {
            contents.AddRange(await db.RawInputs.AsNoTracking().Where(r => r.PracticeId != null && chunk.Contains(r.PracticeId.Value) && r.ContentType.StartsWith("application/json")).Select(r => r.Content).ToListAsync(cancellationToken));
        }
        foreach (var content in contents)
        {
            try
            {
                using var json = JsonDocument.Parse(content);
                if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("from", out var from) && from.ValueKind == JsonValueKind.Object
                    && from.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && ids.Contains(id.GetString()!)
                    && from.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                {
                    needles.AddContact(name.GetString());
                }
            }
            catch (JsonException)
            {
                // Not an activity: nothing to learn from it.
            }
        }
    }

    private static string? StringValue(string? valueJson)
    {
        if (valueJson is null)
        {
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(valueJson);
            return json.RootElement.ValueKind == JsonValueKind.String ? json.RootElement.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
