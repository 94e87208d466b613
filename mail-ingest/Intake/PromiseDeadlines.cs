using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Regin.Core.Intake;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core;
using Regin.Core.Localisation;
using Regin.MailIngest.Options;
using Regin.MailIngest.Replies;

namespace Regin.MailIngest.Intake;

/// <summary>
/// A promised answer's own deadline (session 47): "Budget: folgt" holds a draft open (<see cref="FlagReasons.AnswerPromised"/>),
/// and a promise nobody keeps must not hold it for ever. A draft whose every open promise is older than
/// <see cref="MailboxOptions.PromiseDays"/>, and which lacks nothing else (every required question answered, its sender
/// authenticated), goes to review without the promised answers: the promise flags stay open on it (the researcher sees
/// "promised on …, not answered by …" beside the empty answer, and in the review's history), and the practice is submitted
/// as the mail that completed it would have submitted it. A draft that lacks a required answer stays open: its
/// reminders go on as for any draft. Run by the mailbox watcher between mails (as the reminders are), on its time.
/// </summary>
public sealed class PromiseDeadlines(ReginDbContext db, IntakeService intake, IOptions<MailboxOptions> options, TimeProvider clock, ILogger<PromiseDeadlines> logger,
    Texts texts, ReplyComposer composer, Outbox outbox, ThreadTokens tokens, IOptions<Regin.Core.Hosting.ProjectMailboxOptions> mailbox)
{
    public const string Actor = "system:promises";

    /// <summary>The outbox key of the one mail telling the contributor (<c>mail.promise_overdue</c>), a practice.</summary>
    public const string NoticeKey = "promise_overdue:";

    /// <summary>The history's line for a promise the draft went to review without.</summary>
    public const string EventKind = "promise_overdue";

    /// <summary>Sends the drafts whose promises are overdue to review; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var days = options.Value.PromiseDays;
        if (days <= 0)
        {
            return 0;
        }
        var now = clock.GetUtcNow();
        var due = now - TimeSpan.FromDays(days);
        // Times are compared here rather than in SQL: SQLite cannot compare DateTimeOffset values. Open promises are few.
        var open = await (
            from f in db.Flags.AsNoTracking()
            where f.Reason == FlagReasons.AnswerPromised && !f.Resolved && f.QuestionId != null
            join p in db.Practices.AsNoTracking() on f.PracticeId equals p.Id
            where p.Status == PracticeStatus.Draft || p.Status == PracticeStatus.NeedsChanges
            select new { f.PracticeId, f.CreatedAt })
            .ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var practiceId in open.GroupBy(f => f.PracticeId).Where(g => g.All(f => f.CreatedAt <= due)).Select(g => g.Key))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var practice = await intake.LoadAsync(practiceId, cancellationToken);
            if (intake.Missing(practice).Count > 0 || practice.Flags.Any(f => f.Reason == FlagReasons.SenderNotAuthenticated && !f.Resolved))
            {
                continue;
            }
            var promised = practice.Flags.Where(f => f.Reason == FlagReasons.AnswerPromised && !f.Resolved && f.QuestionId is not null).Select(f => f.QuestionId!).ToHashSet(StringComparer.Ordinal);
            foreach (var flag in practice.Flags.Where(f => f.Reason == FlagReasons.AnswerPromised && !f.Resolved && f.QuestionId is not null))
            {
                var trace = $"promised on {MailProcessor.Day(flag.CreatedAt)}, not answered by {MailProcessor.Day(now)} ({days} days): sent to review without it";
                flag.Detail = Truncate($"{flag.Detail}; {trace}", 1000);
                intake.Log(practice, new PracticeEvent { At = now, Actor = Actor, Kind = EventKind, QuestionId = flag.QuestionId, Reason = trace });
            }
            if (intake.Submit(practice, Actor).Submitted)
            {
                await TellAsync(practice, promised, days, cancellationToken);
                await intake.SaveAsync(practice, cancellationToken);
                logger.LogInformation("Practice {Reference} sent to review: its promised answers did not come within {Days} days", practice.Reference, days);
                sent++;
            }
        }
        return sent;
    }

    /// <summary>
    /// The contributor is told, once, in the practice's language, at the address the practice knows (its contact e-mail, else
    /// its e-mail identity): the draft went to the team without the promised answers (named with their keys), which she can
    /// still send by replying (a mail after submission is kept for the researchers). Our mail, not a reply: no In-Reply-To,
    /// <c>Auto-Submitted: auto-generated</c>, our signed thread id of the practice; saved with the submission.
    /// </summary>
    private async Task TellAsync(Practice practice, IReadOnlySet<string> promised, int days, CancellationToken cancellationToken)
    {
        var contact = practice.ContributorEmail ?? practice.Identities.FirstOrDefault(i => i.Channel == Channels.Email)?.ExternalId;
        if (!options.Value.SendReplies || string.IsNullOrWhiteSpace(contact))
        {
            return;
        }
        var questionnaire = texts.Questionnaire;
        var language = practice.Language;
        var questions = string.Join(", ", questionnaire.Questions.Where(q => promised.Contains(q.Id))
            .Select(q => $"[{Regin.Core.Templates.TemplateKeys.KeyOf(questionnaire, q.Id)}] {q.Label.In(language)}"));
        var content = new ReplyContent(language, practice.Reference, [], [], false, NoAnswers: false, QuoteAnswers: false,
            Notice: texts.Get("mail.promise_overdue", language, ("reference", practice.Reference), ("questions", questions),
                ("days", days.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var messageId = ThreadTokens.NewMessageId(await tokens.KeyAsync(db, cancellationToken), practice.Reference, mailbox.Value.Domain);
        var none = new MimeKit.MimeMessage();
        none.Headers.Remove(MimeKit.HeaderId.MessageId);
        var notice = composer.Compose(none, content, mailbox.Value.Mailbox, contact, messageId);
        notice.Headers["Auto-Submitted"] = "auto-generated";
        await outbox.AddAsync(notice, NoticeKey + practice.Reference, practice.Id, null, cancellationToken);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
