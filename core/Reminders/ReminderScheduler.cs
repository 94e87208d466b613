using Humanizer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Core.Review;

namespace Regin.Core.Reminders;

/// <summary>
/// Finds the open drafts (draft, needs_changes) whose contributor has been silent for <see cref="ReminderOptions.FirstAfter"/>
/// (then every <see cref="ReminderOptions.Every"/>, at most <see cref="ReminderOptions.Max"/> times, never in the quiet
/// hours of their time zone, never after they said stop) and queues one reminder for each in the contributors'
/// outbox (contributor_notifications, kind "reminder"), which the chat and mail workers deliver like every other
/// message. Each reminder is claimed first (<see cref="DraftReminder.Version"/> moved on in one conditional update, or
/// the state row inserted under its primary key), in one transaction with its outbox row and its event, so however
/// many schedulers run on one database, each reminder is queued once.
/// </summary>
public sealed class ReminderScheduler(
    ReginDbContext db,
    Texts texts,
    QuestionnaireDefinition questionnaire,
    IOptions<ReminderOptions> options,
    TimeProvider clock,
    ILogger<ReminderScheduler> logger)
{
    public const string Kind = "reminder";
    public const string Actor = "system:reminders";
    public const string EventKind = "reminder";

    private sealed record Candidate(Guid Id, int Number, string Status, string Language, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DraftReminder? State, long? LastInputId);

    /// <summary>Queues the reminders due now; returns how many this scheduler queued.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (settings.Max <= 0)
        {
            return 0;
        }
        var now = clock.GetUtcNow();
        // Dates are compared here rather than in SQL: SQLite cannot compare DateTimeOffset values.
        var candidates = await (
            from p in db.Practices.AsNoTracking()
            where p.Status == PracticeStatus.Draft || p.Status == PracticeStatus.NeedsChanges
            join r in db.Set<DraftReminder>().AsNoTracking() on p.Id equals r.PracticeId into states
            from r in states.DefaultIfEmpty()
            where r == null || r.StoppedAt == null
            select new Candidate(p.Id, p.Number, p.Status, p.Language, p.CreatedAt, p.UpdatedAt, r,
                db.RawInputs.Where(i => i.PracticeId == p.Id).Max(i => (long?)i.Id)))
            .ToListAsync(cancellationToken);
        var inputIds = candidates.Where(c => c.LastInputId is not null).Select(c => c.LastInputId!.Value).ToList();
        var inputTimes = inputIds.Count == 0 ? [] : await db.RawInputs.AsNoTracking().Where(i => inputIds.Contains(i.Id))
            .Select(i => new { i.Id, i.ReceivedAt }).ToDictionaryAsync(i => i.Id, i => i.ReceivedAt, cancellationToken);
        var queued = 0;
        foreach (var candidate in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The contributor's last activity: their last message or mail, else the draft's start; a request for
            // changes starts the clock again.
            var activity = candidate.LastInputId is { } lastId && inputTimes.TryGetValue(lastId, out var at) ? at : candidate.CreatedAt;
            if (candidate.Status == PracticeStatus.NeedsChanges && candidate.UpdatedAt > activity)
            {
                activity = candidate.UpdatedAt;
            }
            var state = candidate.State;
            var sameSeries = state is not null && state.ActivityAt >= activity;
            if (sameSeries)
            {
                activity = state!.ActivityAt;
            }
            var sent = sameSeries ? state!.Sent : 0;
            if (sent >= settings.Max || now < activity + settings.FirstAfter + settings.Every * sent)
            {
                continue;
            }
            if (await QueueAsync(candidate, activity, sent + 1, now, cancellationToken))
            {
                queued++;
            }
        }
        return queued;
    }

    private async Task<bool> QueueAsync(Candidate candidate, DateTimeOffset activity, int number, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var reference = Practice.FormatReference(candidate.Number);
        var practice = await db.Practices.AsNoTracking().Include(p => p.Identities).SingleAsync(p => p.Id == candidate.Id, cancellationToken);
        var route = await new ContributorRouter(db).RouteAsync(practice, cancellationToken);
        if (route is null || (route.Channel != Channels.Email && route.ConversationId is null))
        {
            // A chat draft is reminded in the conversation of the contributor's last message: none is saved yet (the
            // turn that started the draft may still be running).
            logger.LogDebug("No reminder for {Reference}: no e-mail address or chat conversation is known", reference);
            return false;
        }
        var zone = await TimeZoneAsync(candidate.Id, route, cancellationToken) ?? settings.DefaultZone;
        if (settings.Quiet.IsQuiet(now, zone))
        {
            return false;
        }
        var language = Languages.IsSupported(candidate.Language) ? candidate.Language : Languages.Default;
        var questionIds = questionnaire.Questions.Select(q => q.Id).ToList();
        var answered = await db.Answers.AsNoTracking().CountAsync(a => a.PracticeId == candidate.Id && questionIds.Contains(a.QuestionId), cancellationToken);
        var progress = texts.Get(answered == 1 ? ReminderMessageKeys.ProgressOne : ReminderMessageKeys.Progress, language,
            ("answered", answered), ("total", questionIds.Count));
        // A draft held open by a promise ("Budget: folgt", session 46) is reminded of what it waits for: the questions of its
        // open answer_promised flags, in the questionnaire's order; in a mail with their template keys, to answer under.
        var promisedIds = await db.Flags.AsNoTracking()
            .Where(f => f.PracticeId == candidate.Id && f.Reason == FlagReasons.AnswerPromised && !f.Resolved && f.QuestionId != null)
            .Select(f => f.QuestionId!).Distinct().ToListAsync(cancellationToken);
        var promised = questionnaire.Questions.Where(q => promisedIds.Contains(q.Id)).ToList();
        if (promised.Count > 0)
        {
            var questions = string.Join(", ", promised.Select(q => route.Channel == Channels.Email
                ? $"[{Templates.TemplateKeys.KeyOf(questionnaire, q.Id)}] {q.Label.In(language)}"
                : q.Label.In(language)));
            progress += ". " + texts.Get(ReminderMessageKeys.Promised, language, ("questions", questions));
        }
        var text = texts.Get(route.Channel == Channels.Email ? ReminderMessageKeys.Mail : ReminderMessageKeys.Chat, language,
            ("reference", reference),
            // The draft's row is made when its first message is processed, which may be seconds (or, behind a backlog of
            // mail, longer) after the contributor sent it: they started no later than their last activity we count from.
            ("ago", (candidate.CreatedAt < activity ? candidate.CreatedAt : activity).Humanize(now, Texts.Culture(language))),
            ("progress", progress));
        var notification = new ContributorNotification
        {
            PracticeId = candidate.Id,
            Kind = Kind,
            Channel = route.Channel,
            Recipient = route.Recipient,
            ConversationId = route.ConversationId,
            Language = language,
            PracticeReference = reference,
            Message = $"{number}/{settings.Max}",
            Subject = texts.Get(ReminderMessageKeys.Subject, language, ("reference", reference)),
            Text = text,
            CreatedAt = now,
            CreatedBy = Actor,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await ClaimAsync(candidate, activity, number, now, cancellationToken))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return false;
        }
        db.ContributorNotifications.Add(notification);
        db.PracticeEvents.Add(new PracticeEvent
        {
            PracticeId = candidate.Id,
            At = now,
            Actor = Actor,
            Kind = EventKind,
            NewValue = $"{number}/{settings.Max}",
            Reason = $"to {route.Channel}:{route.Recipient} in {language}; silent since {activity:u}",
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (candidate.State is null)
        {
            // Another scheduler inserted the state row first: it queued this reminder.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            if (await db.Set<DraftReminder>().AsNoTracking().AnyAsync(r => r.PracticeId == candidate.Id, cancellationToken))
            {
                return false;
            }
            throw;
        }
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        logger.LogInformation("Reminder {Number}/{Max} for {Reference} queued for {Channel} in {Language}", number, settings.Max, reference, route.Channel, language);
        return true;
    }

    /// <summary>Takes reminder <paramref name="number"/>: true when this scheduler's claim is the one that counts.</summary>
    private async Task<bool> ClaimAsync(Candidate candidate, DateTimeOffset activity, int number, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (candidate.State is not { } state)
        {
            // The first reminder of this draft: the row's primary key lets only one insert through (checked at SaveChanges).
            db.Set<DraftReminder>().Add(new DraftReminder { PracticeId = candidate.Id, ActivityAt = activity, Sent = number, LastSentAt = now, Version = 1 });
            return true;
        }
        var claimed = await db.Set<DraftReminder>()
            .Where(r => r.PracticeId == candidate.Id && r.Version == state.Version && r.StoppedAt == null)
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Version, state.Version + 1)
                .SetProperty(r => r.ActivityAt, activity)
                .SetProperty(r => r.Sent, number)
                .SetProperty(r => r.LastSentAt, now), cancellationToken);
        return claimed == 1;
    }

    /// <summary>The zone the contributor's own last message or mail names (see <see cref="ContributorTimeZone"/>).</summary>
    private async Task<TimeZoneInfo?> TimeZoneAsync(Guid practiceId, ContributorRoute route, CancellationToken cancellationToken)
    {
        var contents = await db.RawInputs.AsNoTracking()
            .Where(r => r.PracticeId == practiceId && r.Channel == route.Channel)
            .OrderByDescending(r => r.Id).Take(5).Select(r => r.Content).ToListAsync(cancellationToken);
        foreach (var content in contents)
        {
            var zone = route.Channel == Channels.Email ? ContributorTimeZone.FromMail(content) : ContributorTimeZone.FromChatActivity(content);
            if (zone is not null)
            {
                return zone;
            }
        }
        return null;
    }
}
