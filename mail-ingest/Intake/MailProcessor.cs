// Over 400 lines because one mail is one unit of work (store, claim, classify, read, record, reply, finish): its transaction and retry boundaries read best in one file.
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Regin.Core;
using Regin.Core.Intake;
using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Core.Reminders;
using Regin.MailIngest.Options;
using Regin.MailIngest.Parsing;
using Regin.MailIngest.Replies;

namespace Regin.MailIngest.Intake;

/// <summary>
/// One mail, start to end, as one unit of work: stored exactly as received (before anything else), claimed (so two
/// workers never process it at once), then classified, read and recorded within its budget (<see cref="MailBudget"/>: the
/// reading's CPU time, <c>Mail:MaxSecondsPerMessage</c>, and <c>Mail:MaxWallSecondsPerMessage</c> of time passed): the draft (new, or the one it provably belongs to), its outcome and its reply in the outbox in one transaction.
/// A mail that fails or runs out of time is tried again up to <c>Mail:MaxAttemptsPerMessage</c> times, then failed
/// with the reason. Every sender is a stranger until our own server's Authentication-Results vouches for them.
/// </summary>
public sealed partial class MailProcessor(
    ReginDbContext db,
    IntakeService intake,
    RawInputStore rawInputs,
    MailReader mailReader,
    ReplyComposer composer,
    Outbox outbox,
    ThreadTokens tokens,
    DataRightsMail rights,
    DraftReminderStops reminderStops,
    ContributorDomains contributorDomains,
    ContributorNames contributorNames,
    Texts texts,
    IOptions<MailboxOptions> options,
    IOptions<Regin.Core.Hosting.ProjectMailboxOptions> mailbox,
    TimeProvider clock,
    ReadingCpuClock cpuClock,
    ILogger<MailProcessor> logger)
{
    public const string Channel = Channels.Email;
    public const string RawReceived = "received";
    public const string RawProcessing = "processing";
    public const string RawProcessed = "processed";
    public const string RawIgnored = "ignored";
    public const string RawFailed = "failed";

    /// <summary>MIME nesting deeper than this is not parsed into parts (MimeKit's default is 1024).</summary>
    public const int MaxMimeDepth = 24;

    /// <summary>Headers kept of a message too large to read.</summary>
    public const int MaxHeaderBytes = 256 * 1024;

    private MailboxOptions Options => options.Value;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<MailResult> ProcessAsync(byte[] raw, bool allowReply = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.LongLength > Options.MaxMessageBytes)
        {
            // Not parsed at all: its headers are kept with the reason.
            return await RecordTooLargeAsync(HeaderBytes(raw), (ulong)raw.LongLength, cancellationToken);
        }
        var (dedupKey, from) = MailReader.Identify(raw);
        var (input, isNew) = await StoreOrVariantAsync(new RawInput
        {
            Channel = Channel,
            DedupKey = dedupKey,
            ContentType = "message/rfc822",
            Content = raw,
            ConversationId = from is { Length: <= 320 } ? from : null,
            Outcome = RawReceived,
        }, row => rawInputs.StoreAsync(row, cancellationToken), cancellationToken);
        if (!isNew && input.Outcome is not (RawReceived or RawProcessing))
        {
            return new MailResult { Outcome = MailOutcomes.Duplicate, RawInputId = input.Id, Detail = $"already {input.Outcome}: {input.OutcomeDetail}", PreviouslyFailed = input.Outcome == RawFailed };
        }
        db.ChangeTracker.Clear();
        return await ProcessStoredAsync(input.Id, raw, allowReply, cancellationToken);
    }

    /// <summary>
    /// The mails stored but never finished (the process died, or an attempt failed): each is taken up again from its
    /// stored bytes, oldest first. Called when a watcher starts, so no mail is lost between the mailbox and the database.
    /// </summary>
    public async Task<IReadOnlyList<MailResult>> ResumeUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        // Two reads, each through its partial index: one query with the OR made PostgreSQL walk the primary key.
        var retries = await RetriesDue(db).Take(ResumeAtOnce).ToListAsync(cancellationToken);
        var leases = await LeasesExpired(db, Now).Take(ResumeAtOnce).ToListAsync(cancellationToken);
        var ids = retries.Concat(leases).Order().Take(ResumeAtOnce);
        var results = new List<MailResult>();
        foreach (var id in ids)
        {
            var raw = await db.RawInputs.AsNoTracking().Where(r => r.Id == id).Select(r => r.Content).SingleAsync(cancellationToken);
            // An unfinished mail never committed its reply (the reply is written in the mail's transaction).
            results.Add(await ProcessStoredAsync(id, raw, allowReply: true, cancellationToken));
        }
        return results;
    }

    private const int ResumeAtOnce = 100;

    /// <summary>
    /// Mail attempted and released to be read again (received, attempted). A mail accepted and never taken (received,
    /// no attempt) is the batch reader's (<see cref="MailBatchIngester"/>).
    /// </summary>
    internal static IQueryable<long> RetriesDue(ReginDbContext db) =>
        db.RawInputs.AsNoTracking()
            .Where(r => r.Channel == Channel && r.Outcome == RawReceived && r.Attempts > 0)
            .OrderBy(r => r.Id).Select(r => r.Id);

    /// <summary>Mail whose reader's lease ran out (the process died while reading it).</summary>
    internal static IQueryable<long> LeasesExpired(ReginDbContext db, DateTime now) =>
        db.RawInputs.AsNoTracking()
            .Where(r => r.Channel == Channel && r.Outcome == RawProcessing && r.LeaseExpiresAt < now)
            .OrderBy(r => r.Id).Select(r => r.Id);

    /// <summary>Claims the stored mail and runs one attempt under the time budget.</summary>
    private async Task<MailResult> ProcessStoredAsync(long inputId, byte[] raw, bool allowReply, CancellationToken cancellationToken)
    {
        var wall = TimeSpan.FromSeconds(Math.Max(Options.MaxWallSecondsPerMessage, Options.MaxSecondsPerMessage));
        var claim = await ClaimAsync(inputId, wall, cancellationToken);
        if (claim is null)
        {
            return new MailResult { Outcome = MailOutcomes.InProgress, RawInputId = inputId, Detail = "another worker is processing it" };
        }
        if (claim.Attempts > Options.MaxAttemptsPerMessage)
        {
            return await FinishAsync(inputId, null, new MailResult
            {
                Outcome = MailOutcomes.Failed,
                RawInputId = inputId,
                Detail = $"gave_up: {claim.Attempts - 1} attempts; last: {claim.OutcomeDetail}",
            }, cancellationToken);
        }
        using var budget = new MailBudget(TimeSpan.FromSeconds(Options.MaxSecondsPerMessage), wall, clock, cpuClock, cancellationToken);
        string failure;
        try
        {
            return await ProcessClaimedAsync(claim, raw, allowReply, budget);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = $"timeout: {budget.Exceeded ?? "cancelled"}";
        }
        catch (OperationCanceledException)
        {
            await ReleaseAsync(inputId, countAttempt: false, claim.OutcomeDetail);
            throw;
        }
        catch (Exception e) when (IsTransient(e))
        {
            await ReleaseAsync(inputId, countAttempt: false, claim.OutcomeDetail);
            throw;
        }
        catch (Exception e)
        {
            // A mail that breaks processing must not stop the mailbox: the attempt is counted, with the reason.
            logger.LogError(e, "Processing mail #{Id} failed (attempt {Attempt})", inputId, claim.Attempts);
            failure = "processing_error: " + (e.GetBaseException() is var root && root != e ? $"{e.Message} ({root.Message})" : e.Message);
        }
        db.ChangeTracker.Clear();
        logger.LogWarning("Mail #{Id}: attempt {Attempt} of {Max} failed: {Failure}", inputId, claim.Attempts, Options.MaxAttemptsPerMessage, failure);
        if (claim.Attempts >= Options.MaxAttemptsPerMessage)
        {
            return await FinishAsync(inputId, null, new MailResult
            {
                Outcome = MailOutcomes.Failed,
                RawInputId = inputId,
                Detail = $"gave_up: {claim.Attempts} attempts; last: {failure}",
            }, CancellationToken.None);
        }
        await ReleaseAsync(inputId, countAttempt: true, $"attempt {claim.Attempts}: {failure}");
        return new MailResult { Outcome = MailOutcomes.Retry, RawInputId = inputId, Detail = $"attempt {claim.Attempts}: {failure}" };
    }

    /// <summary>
    /// received (or an expired claim) → processing, one more attempt, in one conditional update: of two workers that
    /// fetched the same mail, only one goes on.
    /// </summary>
    private async Task<RawInput?> ClaimAsync(long inputId, TimeSpan wall, CancellationToken cancellationToken)
    {
        var now = Now;
        // The claim outlasts the attempt's time (Mail:MaxWallSecondsPerMessage): it is cancelled before another worker may take it over.
        var until = now + wall + TimeSpan.FromSeconds(10);
        var claimed = await db.RawInputs
            .Where(r => r.Id == inputId && (r.Outcome == RawReceived || (r.Outcome == RawProcessing && r.LeaseExpiresAt < now)))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Outcome, RawProcessing)
                .SetProperty(r => r.Attempts, r => r.Attempts + 1)
                .SetProperty(r => r.LeaseExpiresAt, until), cancellationToken);
        return claimed == 0 ? null : await db.RawInputs.AsNoTracking().SingleAsync(r => r.Id == inputId, cancellationToken);
    }

    private Task ReleaseAsync(long inputId, bool countAttempt, string? detail) =>
        db.RawInputs.Where(r => r.Id == inputId && r.Outcome == RawProcessing).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.Outcome, RawReceived)
            .SetProperty(r => r.OutcomeDetail, detail)
            .SetProperty(r => r.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(r => r.Attempts, r => countAttempt ? r.Attempts : r.Attempts - 1), CancellationToken.None);

    private async Task<MailResult> ProcessClaimedAsync(RawInput input, byte[] raw, bool allowReply, MailBudget budget)
    {
        var cancellationToken = budget.Token;
        MailReading reading;
        // The read's CPU time on its thread is the mail's cost; recording it awaits the database (time passed bounds it).
        using (budget.Reading())
        {
            reading = mailReader.Read(raw, cancellationToken);
        }
        var result = await RecordReadingAsync(input, reading, allowReply, cancellationToken);
        logger.LogInformation("Mail #{Id}: {Outcome} {Reference} {Detail}", input.Id, result.Outcome, result.Reference, result.Detail);
        return result;
    }

    /// <summary>
    /// Records what the mail said, on its stored row: its outcome when it was decided by reading it, a data-rights request,
    /// or the answers (in a transaction of its own, or the caller's).
    /// </summary>
    private async Task<MailResult> RecordReadingAsync(RawInput input, MailReading reading, bool allowReply, CancellationToken cancellationToken,
        NewDraftAnswers? newDraft = null)
    {
        if (reading is { Message: { } mail, Sender: { } from, Verdict: { } checkedSender, DataRequest: { } request })
        {
            // "my data" / "erase my data" in the subject: a data-rights request, not a contribution.
            var answered = await rights.AnswerAsync(input.Id, mail, from, checkedSender, request, allowReply, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return await FinishAsync(input.Id, null, answered, cancellationToken);
        }
        if (reading.Early is var (outcome, detail))
        {
            if (detail.StartsWith("unreadable_content", StringComparison.Ordinal))
            {
                logger.LogWarning("Could not read the content of mail #{Id}: {Detail}", input.Id, detail);
            }
            return await FinishAsync(input.Id, null, new MailResult { Outcome = outcome, Detail = detail, RawInputId = input.Id }, cancellationToken);
        }
        var message = reading.Message!;
        var sender = reading.Sender!;
        var verdict = reading.Verdict!;
        var key = await tokens.KeyAsync(db, cancellationToken);
        // Our domains' look-alikes were found by the reader; our contributors' are known here, in the mails' order (a
        // contributor's first mail earlier in the batch counts).
        await contributorDomains.RefreshAsync(db, clock.GetUtcNow(), cancellationToken);
        var impersonation = Impersonation.Combine(reading.Impersonation, contributorDomains.Check(message));
        // A display name of a known contributor from another address ("Alice Example" <mallory@…>): flagged, not refused
        // (a person may write from two addresses).
        await contributorNames.RefreshAsync(db, clock.GetUtcNow(), cancellationToken);
        var namesake = contributorNames.NameOfAnother(message, sender);
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var (result, practice) = await RecordAsync(input, message, sender, verdict, reading.Parsed!, impersonation, namesake, key, allowReply, newDraft, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        if (verdict.Authenticated && impersonation is null && result.Outcome is MailOutcomes.Created or MailOutcomes.Updated or MailOutcomes.Submitted)
        {
            contributorDomains.Add(sender);
            // Neither a copied display name nor a copied typed name makes the sender's address that name's.
            if (namesake is null && practice is not null && !practice.Flags.Any(f => f.Reason == FlagReasons.ContactNameOfContributor))
            {
                contributorNames.Add(practice.Answers.FirstOrDefault(a => a.QuestionId == "contact_name")?.Original, sender, practice.Reference);
            }
        }
        return result;
    }

    /// <summary>
    /// Stores a mail's row by <paramref name="store"/>. When its Message-ID's key is stored already and the stored mail's
    /// author print differs (<see cref="AuthorPrint"/>: another body or other author headers, not just another route), it
    /// is stored again under its own key (the id's and its print's): a mail of its own, read as any, never dropped as a
    /// duplicate of the first. The same copy fetched again finds that key, and is the duplicate.
    /// </summary>
    internal async Task<(RawInput Input, bool IsNew)> StoreOrVariantAsync(RawInput input, Func<RawInput, Task<(RawInput Input, bool IsNew)>> store, CancellationToken cancellationToken)
    {
        var (stored, isNew) = await store(input);
        if (isNew || !AuthorPrint.Compared(input.DedupKey))
        {
            return (stored, isNew);
        }
        var storedId = stored.Id;
        var storedContent = stored.Content is { Length: > 0 } content ? content
            : await db.RawInputs.AsNoTracking().Where(r => r.Id == storedId).Select(r => r.Content).SingleAsync(cancellationToken);
        var print = AuthorPrint.Of(input.Content);
        if (print == AuthorPrint.Of(storedContent))
        {
            return (stored, false);
        }
        input.DedupKey = AuthorPrint.VariantKey(input.DedupKey, print);
        return await store(input);
    }

    /// <summary>A message too large to download: its headers are kept, with the reason, and it goes to Failed.</summary>
    public async Task<MailResult> RecordTooLargeAsync(byte[] headers, ulong size, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        HeaderList? list = null;
        try
        {
            list = HeaderBlock.Refusal(headers) is null ? await HeaderList.LoadAsync(new MemoryStream(headers, writable: false), cancellationToken) : null;
        }
        catch (FormatException)
        {
            // The headers themselves are broken: the hash of the bytes keys it.
        }
        var messageId = list?[HeaderId.MessageId] is { } id ? MimeKit.Utils.MimeUtils.ParseMessageId(id) : null;
        var (input, isNew) = await rawInputs.StoreAsync(new RawInput
        {
            Channel = Channel,
            DedupKey = !string.IsNullOrWhiteSpace(messageId) && messageId.Length < 400 ? "mid:" + messageId : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(headers)),
            ContentType = "text/rfc822-headers",
            Content = headers,
            Outcome = RawReceived,
        }, cancellationToken);
        if (!isNew && input.Outcome != RawReceived)
        {
            return new MailResult { Outcome = MailOutcomes.Duplicate, RawInputId = input.Id, Detail = $"already {input.Outcome}", PreviouslyFailed = input.Outcome == RawFailed };
        }
        return await FinishAsync(input.Id, null, new MailResult { Outcome = MailOutcomes.Failed, Detail = $"too_large: {size} bytes (headers kept)", RawInputId = input.Id }, cancellationToken);
    }

    /// <summary>The header block of a raw message (up to the first empty line), bounded.</summary>
    public static byte[] HeaderBytes(byte[] raw)
    {
        var limit = (int)Math.Min(raw.LongLength, MaxHeaderBytes);
        var span = raw.AsSpan(0, limit);
        var end = span.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            end = span.IndexOf("\n\n"u8);
        }
        return span[..(end < 0 ? limit : end + 2)].ToArray();
    }

    /// <summary>What the mail may do to the practice it names.</summary>
    /// <summary>The practice the mail changes, one a stranger named (<c>Unverified</c>), or the sender's own, no longer open (<c>Closed</c>).</summary>
    /// <param name="ThreadOfAnother">The practice was named by our signed thread id, in a mail from a sender who may not continue it.</param>
    private sealed record Target(Practice? Practice, Practice? Unverified, Practice? Closed = null, bool ThreadOfAnother = false)
    {
        /// <summary>The sender's own mail under a Message-ID another used first, not read yet, that this mail replies to
        /// (<see cref="UnreadOwnVariantAsync"/>): given the draft this mail starts.</summary>
        public long? UnreadVariant { get; init; }
    }

    /// <summary>
    /// The mail's one unit of work: the draft is loaded (or started) once, changed in memory (identity, answers, flags,
    /// language, submission), and saved once together with the reply in the outbox and the outcome on the raw message.
    /// An unauthenticated sender changes no contact e-mail, links no identity and submits nothing.
    /// </summary>
    private async Task<(MailResult Result, Practice? Practice)> RecordAsync(RawInput input, MimeMessage message, string sender, SenderVerdict verdict, ParsedMail parsed,
        Impersonation? impersonation, ContributorNames.Known? namesake, byte[] key, bool allowReply, NewDraftAnswers? newDraft, CancellationToken cancellationToken)
    {
        var inputId = input.Id;
        var contributor = ContributorKey.ForEmail(sender);
        var lap = WriterProbe.Start();
        var target = await FindTargetAsync(message, contributor, verdict, key, cancellationToken);
        var unreadVariant = target.UnreadVariant;
        if (target is { Practice: null, Unverified: null, Closed: null } && verdict.Authenticated && AuthorPrint.IsVariant(input.DedupKey)
            && await JoinedByReplyAsync(input.Id, contributor, cancellationToken) is { } joined)
        {
            // His mail under another's Message-ID, read after his reply to it in the same batch: the draft that reply started.
            target = new Target(joined, null);
        }
        if (target is { Practice: null, Unverified: null, Closed: null } && verdict.Authenticated && impersonation is null && namesake is null
            && await FindRepeatAsync(contributor, parsed, cancellationToken) is { } repeated)
        {
            target = PracticeStatus.IsOpenForContributor(repeated.Status) ? new Target(repeated, null) : new Target(null, null, repeated);
        }
        if (target is { Practice: null, Unverified: null, Closed: null } && !verdict.Authenticated && AuthorPrint.IsVariant(input.DedupKey)
            && await PracticeOfReusedIdAsync(input.DedupKey, cancellationToken) is { } reused)
        {
            // A mail our server does not vouch for, under the Message-ID of a mail that made or changed a practice, with
            // other words (her own first mail replayed with a line added, attack m52-03): it names that practice, kept for
            // the researchers, not a second draft in her name holding the attacker's contact address.
            target = new Target(null, reused);
        }
        WriterProbe.Lap(WriterStage.Target, ref lap);
        var referenced = target.Practice;
        if (parsed.Answers.Count == 0 && referenced is not null && !parsed.EchoesOurReply
            && await NumberedInOurThreadAsync(message, parsed, referenced, cancellationToken) is { Count: > 0 } numbered)
        {
            // "1. ja 2. 2022 3. 45.000", our quoted questions deleted: numbered as the lists of our mail she answers (session 48).
            parsed = parsed with { Answers = numbered, Source = "body#numbered_ours" };
        }
        var language = referenced is null ? NewDraftLanguage(parsed, message, texts) : parsed.Language ?? referenced.Language;
        var problems = parsed.Problems.Count > 0 ? " problems=" + string.Join(",", parsed.Problems) : "";
        var mixed = parsed.MixedLanguages ? " mixed_languages" : "";
        var authentication = (verdict.Authenticated ? "" : $" sender_not_authenticated({verdict.Summary})") + (impersonation is null ? "" : " " + FlagReasons.SenderLookalike)
            + (namesake is null ? "" : " " + FlagReasons.SenderNameOfContributor) + (AuthorPrint.IsVariant(input.DedupKey) ? " " + FlagReasons.MessageIdReused : "")
            + (parsed.AnsweredTwice.Count > 0 ? " " + FlagReasons.AnsweredTwice : "");
        // A sender who looks like the project gets a reply that says nothing of theirs back: no answer quoted, no line or
        // file name of their mail, nothing an impersonator could forward as the project's own words.
        // Nor one whose text part answers otherwise than the HTML it shows (session 50): its answers are not said back.
        var quote = verdict.Authenticated && impersonation is null && parsed.PartsDisagree is null;

        if (target.Unverified is { } named)
        {
            // Kept for researchers: the practice's answers, contact and identities stay as they are, nobody is answered.
            var namedElsewhere = await CountedElsewhereAsync(named, ") names this practice; ", sender, inputId, null, notTold: false, cancellationToken);
            if (namedElsewhere is null)
            {
                FlagCounted(named, FlagReasons.UnverifiedUpdate, $"mail #{inputId} from {sender} ({verdict.Summary}) names this practice; {parsed.Answers.Count} answers not applied",
                    ") names this practice; ", sender, inputId);
                FlagHiddenText(named, parsed, inputId);
                FlagLookalike(named, impersonation, sender, inputId, namedOnly: true);
                FlagNamesake(named, namesake, message, sender, inputId, namedOnly: true);
            }
            var unverified = new MailResult
            {
                Outcome = MailOutcomes.UnverifiedUpdate,
                Language = language,
                Detail = $"names {named.Reference}{(target.ThreadOfAnother ? " by our thread" : "")}: answers={parsed.Answers.Count} not applied{CountedOn(namedElsewhere)}{authentication}{problems}",
                RawInputId = inputId,
            };
            // A sender our server vouches for, answering our mail about someone else's practice (the same person's other
            // address, most often), learns why nothing changed. The reply names no answer and carries no thread id of it.
            var notYours = allowReply && target.ThreadOfAnother && verdict.Authenticated
                ? await QueueReplyAsync(message, sender, verdict,
                    new ReplyContent(language, null, [], [], false, NoAnswers: false, QuoteAnswers: false,
                        Notice: texts.Get("mail.reply_not_your_practice", language, ("reference", named.Reference))),
                    null, inputId, "not_your_practice:" + named.Reference, cancellationToken)
                : null;
            return (await CompleteAsync(input, null, unverified, notYours, cancellationToken), null);
        }

        if (target.Closed is { } closed)
        {
            FlagLookalike(closed, impersonation, sender, inputId, namedOnly: true);
            FlagNamesake(closed, namesake, message, sender, inputId, namedOnly: true);
            return (await KeepForReviewAsync(input, message, sender, verdict, parsed, closed, allowReply, authentication, cancellationToken), null);
        }

        if (referenced is not null && verdict.Authenticated)
        {
            ConfirmNewContactAddress(referenced, sender, inputId);
        }

        if (parsed.Answers.Count == 0 && referenced is not null && !verdict.Authenticated)
        {
            // The same rule as for answers (session 48): a "STOP" or a thank-you our server does not vouch for, in a practice's
            // thread, changes nothing of it. A forged STOP silenced her reminders, and the mail, linked to her practice,
            // put her reminders' clock off; a forged thank-you got a reply of ours at the forger's address.
            return (await HoldWordsAsync(input, sender, verdict, parsed, referenced, impersonation, namesake, message, allowReply, authentication, problems, cancellationToken), null);
        }

        if (parsed.Answers.Count == 0 && referenced is not null && SaysStop(parsed.NewestText))
        {
            return (await StopRemindersAsync(input, message, sender, verdict, referenced, allowReply, authentication, cancellationToken), null);
        }

        if (parsed.Answers.Count == 0)
        {
            if (referenced is not null)
            {
                FlagHiddenText(referenced, parsed, inputId);
                FlagLookalike(referenced, impersonation, sender, inputId, namedOnly: true);
                FlagNamesake(referenced, namesake, message, sender, inputId, namedOnly: true);
            }
            var noAnswers = new MailResult
            {
                Outcome = parsed.Problems.Count > 0 ? MailOutcomes.Failed : MailOutcomes.NeedsInfo,
                Reference = referenced?.Reference,
                Language = language,
                Detail = (parsed.Problems.Count > 0 ? "nothing_readable" : "no_answers") + problems + authentication,
                RawInputId = inputId,
            };
            // "please delete my submission" in the text: told how to ask for the erasure, not sent the template (session 48).
            var erasureAsked = referenced is not null && parsed.Problems.Count == 0 && ErasureAsked.Asks(parsed.NewestText, texts.Questionnaire);
            // A draft held open by a promise is told what it still waits for (the promised questions) and what of this mail
            // was not read, not "no answers to the template" with the template again (session 48).
            var promisedOpen = referenced is null || erasureAsked ? [] : OpenPromises(referenced);
            var noAnswersContent = erasureAsked
                ? new ReplyContent(language, referenced!.Reference, [], [], false, NoAnswers: false, QuoteAnswers: false, Notice: ErasureHow(language, referenced.Reference))
                : promisedOpen.Count > 0 && quote
                    ? new ReplyContent(language, referenced!.Reference, [], [], false, NoAnswers: false, quote,
                        Notice: string.Join("\n\n", new[] { texts.Get("mail.reply_promise_unread", language), ReadingNotice(parsed, language) }.Where(n => !string.IsNullOrEmpty(n))))
                    {
                        Awaiting = promisedOpen,
                    }
                    : new ReplyContent(language, referenced?.Reference, [], [], false, NoAnswers: true, quote, Notice: quote ? ReadingNotice(parsed, language) : PartsNotice(parsed, language));
            var noAnswersReply = allowReply
                ? await QueueReplyAsync(message, sender, verdict, noAnswersContent, referenced?.Id, inputId,
                    erasureAsked ? "erasure_how" : promisedOpen.Count > 0 ? "no_answers_promised" : "no_answers", cancellationToken)
                : null;
            if (erasureAsked)
            {
                noAnswers = noAnswers with { Detail = noAnswers.Detail + " erasure_asked_in_text" };
            }
            return (await CompleteAsync(input, referenced, noAnswers, noAnswersReply, cancellationToken), null);
        }

        if (referenced is not null && !verdict.Authenticated)
        {
            // A mail our server does not vouch for, about a practice it did not start (in its thread, from its contributor's
            // address or a colleague's): it changes nothing. A forged From there re-routed the contact (replies and
            // reminders to the attacker), gave consent, or rewrote answers her own last mail then submitted (session 47b).
            return (await HoldChangeAsync(input, sender, verdict, parsed, referenced, impersonation, namesake, message, allowReply, authentication, problems, cancellationToken), null);
        }

        var created = referenced is null;
        // In a batch a new draft is built in memory and written whole with the batch's prepared statements at the end;
        // otherwise it is saved at once (its number is taken with a retry) and everything after is saved together.
        var untracked = created && _statements is not null;
        var practice = referenced ?? (untracked
            ? IntakeService.NewDraft(contributor, language, Channels.Email, verdict.Authenticated, await _statements!.NextPracticeNumberAsync(cancellationToken), clock.GetUtcNow())
            : await intake.StartDraftAsync(contributor, language, Channels.Email, recordContributor: verdict.Authenticated, cancellationToken));
        WriterProbe.Lap(WriterStage.Number, ref lap);
        if (!created && verdict.Authenticated)
        {
            intake.LinkIdentity(practice, contributor, Channels.Email);
        }
        var answers = AnswersToRecord(parsed, verdict, sender, practice, message, impersonation, namesake is not null);
        // "Budget: folgt", "à venir", "lo mandiamo dopo": a promise is no answer (session 46); the draft waits for it.
        var pointed = new Dictionary<string, string>(StringComparer.Ordinal);
        var promised = TakePromises(answers, practice, pointed);
        if (!verdict.Authenticated)
        {
            // A stranger's promise holds no draft open, not even his own (a practice of another's never gets here since
            // session 47b: HoldChangeAsync).
            promised.Clear();
        }
        // A known contributor's name typed as the contact name ("[Q01] Alice Example") from an address none of hers: the
        // display name's check does not see it (the sender names himself otherwise, or not at all). Flagged, not refused.
        var typedNamesake = namesake is null
            ? contributorNames.NameOfAnother(answers.LastOrDefault(a => a.Key == "contact_name").Value, sender, practice.Reference)
            : null;
        // What the answers replace, for the reply to say "Q13: 2020 (was 2019)": a correction is confirmed with what it changed.
        var previous = created ? null : ReplyContent.PreviousValues(practice.Answers, answers);
        // The promises this mail answers, closed before core replaces the question's open flags with the answer's: the
        // trace stays ("promised on …, answered on …", session 47; the flag used to vanish with the answer).
        var keeping = ClosePromisesAnswered(practice, answers);
        var contactBefore = created ? null : practice.ContributorEmail ?? practice.Identities.FirstOrDefault(i => i.Channel == Channels.Email)?.ExternalId;
        var outcomes = untracked
            ? intake.RecordAnswersUntracked(practice, answers, language, contributor.ToString(), newDraft is not null && newDraft.Fits(language, answers) ? newDraft.Normalised : null)
            : intake.RecordAnswers(practice, answers, language, contributor.ToString());
        if (contactBefore is not null && practice.ContributorEmail is { } newContact && !string.Equals(newContact, contactBefore, StringComparison.OrdinalIgnoreCase))
        {
            await HoldNewContactAddressAsync(practice, contactBefore, newContact, sender, inputId, allowReply, cancellationToken);
        }

        if (!verdict.Authenticated)
        {
            practice.Flags.Add(new Flag
            {
                PracticeId = practice.Id,
                QuestionId = null,
                Reason = FlagReasons.SenderNotAuthenticated,
                Detail = Truncate($"{sender}: {verdict.Summary}", 1000),
                CreatedAt = clock.GetUtcNow(),
            });
        }
        FlagHiddenText(practice, parsed, inputId);
        FlagForwarded(practice, parsed, sender, inputId);
        FlagInvisibleInContact(practice, parsed, answers, inputId);
        if (parsed.CertifiedOtherFrom is { } claimed)
        {
            FlagCounted(practice, FlagReasons.PecSenderDiffers, $"mail #{inputId} by certified mail (PEC, {parsed.CertifiedBy}): certified sender {sender}, the mail inside claims From {Visible(claimed)}; read and answered as {sender}'s",
                " by certified mail (PEC", sender, inputId);
        }
        FlagAnsweredTwice(practice, parsed, inputId);
        var guessed = FlagPlaceGuesses(practice, parsed, outcomes, inputId);
        FlagReadFromWords(practice, parsed, outcomes, inputId, guessed);
        KeepPromises(practice, keeping, inputId, contributor.ToString(), untracked);
        var awaiting = Awaiting(practice, promised, inputId, contributor.ToString(), untracked);
        FlagLookalike(practice, impersonation, sender, inputId, namedOnly: false);
        FlagNamesake(practice, namesake, message, sender, inputId, namedOnly: false);
        FlagTypedNamesake(practice, typedNamesake, answers, sender, inputId);
        if (AuthorPrint.IsVariant(input.DedupKey))
        {
            practice.Flags.Add(new Flag
            {
                PracticeId = practice.Id,
                Reason = FlagReasons.MessageIdReused,
                Detail = Truncate($"mail #{inputId} from {sender} came under the Message-ID of a mail stored before, with other content; read as a mail of its own", 1000),
                CreatedAt = clock.GetUtcNow(),
            });
        }
        if (created && practice.Language != language)
        {
            intake.SetLanguage(practice, language);
        }
        var missing = intake.Missing(practice);
        var invalid = outcomes.Count(o => o.Invalid);
        var submitted = false;
        if (missing.Count == 0 && invalid == 0 && awaiting.Count == 0 && verdict.Authenticated)
        {
            submitted = (untracked ? intake.SubmitUntracked(practice, contributor.ToString()) : intake.Submit(practice, contributor.ToString())).Submitted;
        }
        var outcome = submitted ? MailOutcomes.Submitted : created ? MailOutcomes.Created : MailOutcomes.Updated;
        var content = new ReplyContent(language, practice.Reference, outcomes, missing, submitted, NoAnswers: false, quote,
            Notice: !allowReply ? null : quote ? ReadingNotice(parsed, language) : PartsNotice(parsed, language))
        {
            Previous = previous,
            AttachTemplate = parsed.FromProse,
            RestInTemplate = parsed.Source == MailContentReader.ProseFirstMail,
            Guessed = guessed,
            Awaiting = awaiting,
            OptionalOpen = submitted ? [] : OptionalOpen(practice, awaiting),
            PointedElsewhere = pointed,
        };
        // Per practice: a contributor's second draft missing what the first one did is another error (its reply, the only
        // place its reference and thread come from, was held back as a repeat of the first's). A mail that added an answer or
        // changed a stored one is answered as the confirmation of it, even when the practice still lacks what it lacked before.
        var errorKey = (invalid > 0 || missing.Count > 0 || (awaiting.Count > 0 && promised.Count == 0)) && !content.ChangesAnswers
            ? $"incomplete:{practice.Reference}:" + string.Join(",", outcomes.Where(o => o.Invalid).Select(o => o.Answer.QuestionId).Order()) + "|" + string.Join(",", missing.Select(q => q.Id))
                + (awaiting.Count > 0 ? "|awaiting:" + string.Join(",", awaiting.Select(q => q.Id)) : "")
            : null;
        WriterProbe.Lap(WriterStage.Record, ref lap);
        MailOutboxMessage? reply = null;
        if (allowReply)
        {
            reply = await QueueReplyAsync(message, sender, verdict, content, practice.Id, inputId, errorKey, cancellationToken);
        }
        WriterProbe.Lap(WriterStage.Reply, ref lap);
        var result = new MailResult
        {
            Outcome = outcome,
            Reference = practice.Reference,
            Language = language,
            Answers = outcomes.Count(o => o.Stored),
            Invalid = invalid,
            Missing = missing.Count,
            RawInputId = inputId,
            Detail = $"lang={language} answers={outcomes.Count(o => o.Stored)} invalid={invalid} missing={missing.Count} from={parsed.Source}{mixed}{problems}{authentication}"
                + (typedNamesake is null ? "" : " " + FlagReasons.ContactNameOfContributor)
                + (awaiting.Count > 0 ? $" {FlagReasons.AnswerPromised}={string.Join(",", awaiting.Select(q => Regin.Core.Templates.TemplateKeys.KeyOf(texts.Questionnaire, q.Id)))}" : ""),
        };
        if (submitted)
        {
            logger.LogInformation("Practice {Reference} submitted by {Actor}", practice.Reference, contributor);
        }
        if (untracked)
        {
            await _statements!.InsertDraftAsync(practice, cancellationToken);
            lap = WriterProbe.Start();
            await FinishAsync(input.Id, practice.Id, result, cancellationToken);
            WriterProbe.Lap(WriterStage.Finish, ref lap);
            await LinkUnreadVariantAsync(created, unreadVariant, practice, cancellationToken);
            return (result with { ReplyId = reply?.Id }, practice);
        }
        var completed = await CompleteAsync(input, practice, result, reply, cancellationToken);
        WriterProbe.Lap(WriterStage.Save, ref lap);
        await LinkUnreadVariantAsync(created, unreadVariant, practice, cancellationToken);
        return (completed, practice);
    }

    /// <summary>
    /// A mail our server does not vouch for, with answers, about an open practice it did not start (session 47b): nothing
    /// of it is applied, neither contact (name, organisation, e-mail, phone) nor consent nor any other answer, and no
    /// promise holds the draft. What it proposes is kept for the researchers: the mail raw (named by its id, not linked to
    /// the practice, whose mails are its contributor's activity), and an <c>unverified_update</c> flag listing each answer
    /// it proposed beside the one stored, with the sender and our server's verdict. The unverified sender is not answered; the practice's known contact (its contact e-mail, else its e-mail
    /// identity) is told in the practice's language that a change came and waits for the team (one such mail a practice a
    /// day), in a mail of ours that replies to nothing of the unverified mail and quotes nothing of it.
    /// </summary>
    private async Task<MailResult> HoldChangeAsync(RawInput input, string sender, SenderVerdict verdict, ParsedMail parsed, Practice practice,
        Impersonation? impersonation, ContributorNames.Known? namesake, MimeMessage message, bool allowReply, string authentication, string problems, CancellationToken cancellationToken)
    {
        var proposed = string.Join("; ", parsed.Answers.Select(a =>
        {
            var stored = practice.Answers.FirstOrDefault(s => s.QuestionId == a.QuestionId)?.Original;
            return $"[{Regin.Core.Templates.TemplateKeys.KeyOf(texts.Questionnaire, a.QuestionId)}] {Truncate(a.Text.Trim().ReplaceLineEndings(" "), 200)}"
                + (stored is null ? " (none stored)" : $" (stored: {Truncate(stored.ReplaceLineEndings(" "), 100)})");
        }));
        const string proposes = " in this practice's thread proposes a change, not applied";
        var elsewhere = await CountedElsewhereAsync(practice, proposes, sender, input.Id, proposed, allowReply && ContactOf(practice) is not null, cancellationToken);
        if (elsewhere is null)
        {
            HoldProposed(input, sender, verdict, parsed, practice, impersonation, namesake, message, proposed, proposes);
        }
        // A mail of a flood over the cap (counted on another practice's flag) tells nobody: its practice was not touched,
        // and the flag counts the contributors not told (session 52: a flood naming 120 practices mailed 120 contributors).
        var notice = allowReply && elsewhere is null ? await QueueChangeHeldNoticeAsync(practice, input.Id, cancellationToken) : null;
        var result = new MailResult
        {
            Outcome = MailOutcomes.UnverifiedUpdate,
            Reference = practice.Reference,
            Language = practice.Language,
            Detail = $"held in our thread: answers={parsed.Answers.Count} not applied{CountedOn(elsewhere)}{(notice is null ? "" : " contact_told")}{NotTold(elsewhere, allowReply, practice)}{authentication}{problems}",
            RawInputId = input.Id,
        };
        // The mail is not linked to the practice (as a mail that only names one): the practice's mails are its contributor's
        // activity, which sets when her reminders come and in which time zone; the flag names it by its id.
        return await CompleteAsync(input, null, result, notice, cancellationToken);
    }

    /// <summary>The flags of a held change (<see cref="HoldChangeAsync"/>): the proposal's, each answer held on its question, the sender's.</summary>
    private void HoldProposed(RawInput input, string sender, SenderVerdict verdict, ParsedMail parsed, Practice practice,
        Impersonation? impersonation, ContributorNames.Known? namesake, MimeMessage message, string proposed, string proposes)
    {
        RepeatedFlag.AddOrCount(practice.Flags, new Flag
        {
            PracticeId = practice.Id,
            Reason = FlagReasons.UnverifiedUpdate,
            Detail = Truncate($"mail #{input.Id} from {sender} ({verdict.Summary}){proposes}: {proposed}", 1000),
            CreatedAt = clock.GetUtcNow(),
        }, proposes, sender, input.Id, proposed);
        // Each proposed answer held on its question, exactly as written, with its evidence: a researcher accepts or rejects
        // it on the review screen (session 48). The last of a question's answers in the mail is the one it proposes. Held
        // changes are not counted: each is a value a researcher may accept; a flood of them is bounded per question and
        // address instead (session 50): the newest proposal of an address replaces its open one (the earlier stay raw).
        foreach (var answer in parsed.Answers.GroupBy(a => a.QuestionId, StringComparer.Ordinal).Select(g => g.Last()))
        {
            var held = new HeldChange($"mail #{input.Id} from {sender} ({verdict.Summary}) in this practice's thread, {Day(clock.GetUtcNow())}",
                Truncate(answer.Text.Trim(), MaxHeldText)).Detail;
            if (RepeatedFlag.OpenLike(practice.Flags, FlagReasons.ChangeHeld, answer.QuestionId, " in this practice's thread, ", sender) is { } open)
            {
                open.Detail = held;
                open.CreatedAt = clock.GetUtcNow();
                continue;
            }
            practice.Flags.Add(new Flag
            {
                PracticeId = practice.Id,
                QuestionId = answer.QuestionId,
                Reason = FlagReasons.ChangeHeld,
                Detail = held,
                CreatedAt = clock.GetUtcNow(),
            });
        }
        FlagHiddenText(practice, parsed, input.Id);
        FlagLookalike(practice, impersonation, sender, input.Id, namedOnly: true);
        FlagNamesake(practice, namesake, message, sender, input.Id, namedOnly: true);
    }

    /// <summary>
    /// A mail our server does not vouch for, without answers (a "STOP", a thank-you, nothing readable), in an open practice's
    /// thread (session 48): it changes nothing. A STOP does not stop the reminders; it is kept for the researchers (the
    /// raw mail, not linked to the practice, and an <c>unverified_update</c> flag naming it), and the practice's known contact
    /// is told at her own address that a request to stop her reminders came and waits for the team
    /// (<c>mail.reply_stop_held</c>, once a practice a day). Anything else is kept the same way, flagged, and answered to
    /// nobody: there is nothing in it to hold, and a reply would go to an address we cannot vouch for.
    /// </summary>
    private async Task<MailResult> HoldWordsAsync(RawInput input, string sender, SenderVerdict verdict, ParsedMail parsed, Practice practice,
        Impersonation? impersonation, ContributorNames.Known? namesake, MimeMessage message, bool allowReply, string authentication, string problems, CancellationToken cancellationToken)
    {
        var stop = SaysStop(parsed.NewestText);
        var said = parsed.NewestText.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        // One open flag a practice, address and kind (session 50): a flood of forged STOPs is counted on it with the newest
        // one's address and words, which "Stop the reminders" logs; each held mail stays listed on the practice page.
        var kind = stop ? $" in this practice's thread {DraftReminderStops.HeldStopPhrase}" : " in this practice's thread, without answers, kept";
        var elsewhere = await CountedElsewhereAsync(practice, kind, sender, input.Id, stop ? said : null, allowReply && stop && ContactOf(practice) is not null, cancellationToken);
        if (elsewhere is null)
        {
            FlagHeldWords(input, sender, verdict, parsed, practice, impersonation, namesake, message, stop, said, kind);
        }
        var notice = allowReply && stop && elsewhere is null ? await QueueChangeHeldNoticeAsync(practice, input.Id, "mail.reply_stop_held", "stop_held:", cancellationToken) : null;
        var result = new MailResult
        {
            Outcome = MailOutcomes.UnverifiedUpdate,
            Reference = practice.Reference,
            Language = practice.Language,
            Detail = $"held in our thread: {(stop ? "stop not applied" : "no answers")}{CountedOn(elsewhere)}{(notice is null ? "" : " contact_told")}{NotTold(elsewhere, allowReply && stop, practice)}{authentication}{problems}",
            RawInputId = input.Id,
        };
        return await CompleteAsync(input, null, result, notice, cancellationToken);
    }

    /// <summary>The flags of held words (<see cref="HoldWordsAsync"/>): the STOP's or the mail's, and the sender's.</summary>
    private void FlagHeldWords(RawInput input, string sender, SenderVerdict verdict, ParsedMail parsed, Practice practice,
        Impersonation? impersonation, ContributorNames.Known? namesake, MimeMessage message, bool stop, string said, string kind)
    {
        RepeatedFlag.AddOrCount(practice.Flags, new Flag
        {
            PracticeId = practice.Id,
            Reason = FlagReasons.UnverifiedUpdate,
            Detail = Truncate(stop
                ? $"mail #{input.Id} from {sender} ({verdict.Summary}) in this practice's thread {DraftReminderStops.HeldStopPhrase} (they go on): \"{Truncate(said, 100)}\""
                : $"mail #{input.Id} from {sender} ({verdict.Summary}) in this practice's thread, without answers, kept: nothing applied", 1000),
            CreatedAt = clock.GetUtcNow(),
        }, kind, sender, input.Id, stop ? said : null);
        FlagHiddenText(practice, parsed, input.Id);
        FlagLookalike(practice, impersonation, sender, input.Id, namedOnly: true);
        FlagNamesake(practice, namesake, message, sender, input.Id, namedOnly: true);
    }

    /// <summary>
    /// The practice whose open <c>unverified_update</c> flag of <paramref name="kind"/> a held mail is counted on instead of
    /// flagging <paramref name="practice"/> (session 51): a flood from one address or domain naming many practices added one
    /// flag on each. Once the sender's address has such flags open on <see cref="RepeatedFlag.MaxPracticesPerAddress"/>
    /// other practices, or its domain (not a free-mail site) on <see cref="RepeatedFlag.MaxPracticesPerDomain"/>, the mail
    /// is counted on the newest of them, naming the practice it was about, and adds no flag of its own (its raw row keeps
    /// it, its outcome names both). Null: flagged on its own practice as before (also when that practice already has an
    /// open flag of that address, on which it is counted there).
    /// </summary>
    /// <param name="notTold">The practice's contributor would have been told of the mail, and is not (counted on the flag).</param>
    private async Task<string?> CountedElsewhereAsync(Practice practice, string kind, string sender, long inputId, string? said, bool notTold, CancellationToken cancellationToken)
    {
        if (RepeatedFlag.OpenLike(practice.Flags, FlagReasons.UnverifiedUpdate, null, kind, sender) is not null)
        {
            return null;
        }
        var site = LookalikeSender.Site(sender);
        var domain = site is null || FreeMailSites.Of(Options.FreeMailDomains).Contains(site) ? null : LookalikeSender.Domain(sender);
        var near = domain is null ? $"from {sender}" : "@" + domain;
        var id = practice.Id;
        var open = await db.Flags.AsNoTracking()
            .Where(f => !f.Resolved && f.Reason == FlagReasons.UnverifiedUpdate && f.QuestionId == null && f.PracticeId != id && f.Detail != null
                && f.Detail.Contains(kind) && f.Detail.Contains(near))
            .OrderByDescending(f => f.Id).Take(500).Select(f => new { f.Id, f.PracticeId, f.Detail }).ToListAsync(cancellationToken);
        if (RepeatedFlag.AcrossPractices([.. open.Select(f => (f.Id, f.PracticeId, f.Detail!))], sender, domain) is not { } flagId)
        {
            return null;
        }
        var other = await intake.LoadAsync(open.First(f => f.Id == flagId).PracticeId, cancellationToken);
        if (other.Flags.FirstOrDefault(f => f.Id == flagId) is not { Resolved: false } flag)
        {
            return null;
        }
        // "N contributors not told" counts practices, not mails (session 53): the once-a-day notice would have told a
        // practice's contributor once, so a practice an earlier mail of the flood named today on this flag is not counted again.
        notTold = notTold && !await NotToldTodayAsync(practice.Reference, other.Reference, inputId, cancellationToken);
        flag.Detail = RepeatedFlag.Counted(flag.Detail!, inputId, sender, practice.Reference + (said is null ? "" : ": " + said), notTold);
        await intake.SaveAsync(other, cancellationToken);
        return other.Reference;
    }

    /// <summary>
    /// Whether an earlier mail counted on <paramref name="countedOn"/>'s flag today already named <paramref name="reference"/>
    /// with its contributor not told (its outcome: "unverified_update REF held in our thread: ... counted_on:OTHER contact_not_told").
    /// </summary>
    private async Task<bool> NotToldTodayAsync(string reference, string countedOn, long inputId, CancellationToken cancellationToken)
    {
        var named = $"{MailOutcomes.UnverifiedUpdate} {reference} held in our thread: ";
        var counted = $"{CountedOn(countedOn)} contact_not_told";
        var received = await db.RawInputs.AsNoTracking()
            .Where(r => r.Channel == Channel && r.Id != inputId && r.OutcomeDetail != null && r.OutcomeDetail.StartsWith(named) && r.OutcomeDetail.Contains(counted))
            .OrderByDescending(r => r.Id).Take(1).Select(r => r.ReceivedAt).ToListAsync(cancellationToken);
        var today = clock.GetUtcNow().UtcDateTime.Date;
        return received.Any(at => at.UtcDateTime.Date == today);
    }

    /// <summary>The practice the mail first stored under a variant's Message-ID made or changed, or null.</summary>
    private async Task<Practice?> PracticeOfReusedIdAsync(string variantKey, CancellationToken cancellationToken)
    {
        var original = AuthorPrint.OriginalKey(variantKey);
        var practiceId = await db.RawInputs.AsNoTracking().Where(r => r.Channel == Channel && r.DedupKey == original && r.PracticeId != null)
            .Select(r => r.PracticeId).FirstOrDefaultAsync(cancellationToken);
        return practiceId is { } id ? await intake.LoadAsync(id, cancellationToken) : null;
    }

    private static string CountedOn(string? reference) => reference is null ? "" : " counted_on:" + reference;

    /// <summary>" contact_not_told" in the outcome of a counted mail whose practice's contributor would have been told of it.</summary>
    private string NotTold(string? countedOn, bool notice, Practice practice) =>
        countedOn is not null && notice && ContactOf(practice) is not null ? " contact_not_told" : "";

    /// <summary>The practice's known contact for a notice (its contact e-mail, else its e-mail identity), when replies are sent.</summary>
    private string? ContactOf(Practice practice) =>
        Options.SendReplies && (practice.ContributorEmail ?? practice.Identities.FirstOrDefault(i => i.Channel == Channels.Email)?.ExternalId) is { } contact
            && !string.IsNullOrWhiteSpace(contact) ? contact : null;

    /// <summary>
    /// An authenticated mail in the practice's thread from the new contact address a researcher accepted and that waits for
    /// it (<see cref="FlagReasons.ContactEmailUnconfirmed"/>, session 50): from now on the practice writes there. The flag
    /// closes and the history keeps the switch with the mail that made it (its raw input is kept as every mail is).
    /// </summary>
    private void ConfirmNewContactAddress(Practice practice, string sender, long inputId)
    {
        if (ContactAddressChange.Pending(practice) is not { } pending || !string.Equals(pending.Address, sender, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        var now = clock.GetUtcNow();
        intake.Log(practice, new PracticeEvent
        {
            PracticeId = practice.Id, At = now, Actor = ContributorKey.ForEmail(sender).ToString(), Kind = ContactAddressChange.Confirmed, QuestionId = "contact_email",
            OldValue = practice.ContributorEmail, NewValue = pending.Address, Reason = $"mail #{inputId} from the new address in this practice's thread",
        });
        practice.ContributorEmail = pending.Address;
        pending.Flag.Resolved = true;
        logger.LogInformation("The new contact address of {Reference} confirmed by its own mail #{Input}", practice.Reference, inputId);
    }

    /// <summary>
    /// A new contact e-mail written by a mail our server vouches for, in an open practice (a colleague at the same site, session
    /// 51): the answer holds it, but the practice keeps writing to the old address until a mail from the new one arrives in its
    /// thread (<see cref="ConfirmNewContactAddress"/>) or a researcher closes the <see cref="FlagReasons.ContactEmailUnconfirmed"/>
    /// flag as verified, as a held change accepted does since session 50. Before, <c>PracticeAnswers.Set</c> moved every reply,
    /// reminder and notice to the new address at once. The old address is told once (<c>mail.contact_change_by_mail</c>).
    /// </summary>
    private async Task HoldNewContactAddressAsync(Practice practice, string old, string address, string sender, long inputId, bool allowReply, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        practice.ContributorEmail = old;
        foreach (var earlier in practice.Flags.Where(f => f.Reason == FlagReasons.ContactEmailUnconfirmed && !f.Resolved))
        {
            earlier.Resolved = true;
        }
        practice.Flags.Add(new Flag { PracticeId = practice.Id, QuestionId = "contact_email", Reason = FlagReasons.ContactEmailUnconfirmed, Detail = ContactAddressChange.Detail(address, old), CreatedAt = now });
        intake.Log(practice, new PracticeEvent
        {
            PracticeId = practice.Id, At = now, Actor = ContributorKey.ForEmail(sender).ToString(), Kind = FlagReasons.ContactEmailUnconfirmed, QuestionId = "contact_email",
            OldValue = old, NewValue = address, Reason = $"mail #{inputId} from {sender}: the new contact address waits for a mail from it; the old one is told",
        });
        if (allowReply)
        {
            await QueueChangeHeldNoticeAsync(practice, inputId, "mail.contact_change_by_mail", "contact_change:", cancellationToken, ("sender", sender), ("address", address));
        }
    }

    /// <summary>The questions an open promise of the draft waits for (<see cref="FlagReasons.AnswerPromised"/>), in the questionnaire's order.</summary>
    private List<Question> OpenPromises(Practice practice)
    {
        var waiting = practice.Flags.Where(f => f.Reason == FlagReasons.AnswerPromised && !f.Resolved && f.QuestionId is not null).Select(f => f.QuestionId!).ToHashSet(StringComparer.Ordinal);
        return waiting.Count == 0 ? [] : [.. texts.Questionnaire.Questions.Where(q => waiting.Contains(q.Id) && !practice.Answers.Any(a => a.QuestionId == q.Id))];
    }

    /// <summary>
    /// Tells the practice's known contact that a change we could not attribute to her waits for the team
    /// (<c>mail.reply_change_held</c>): to her address, never the unverified sender's, under our signed thread id of the
    /// practice (her answer continues it), at most once a practice a day.
    /// </summary>
    private async Task<MailOutboxMessage?> QueueChangeHeldNoticeAsync(Practice practice, long rawInputId, CancellationToken cancellationToken) =>
        await QueueChangeHeldNoticeAsync(practice, rawInputId, "mail.reply_change_held", "change_held:", cancellationToken);

    private async Task<MailOutboxMessage?> QueueChangeHeldNoticeAsync(Practice practice, long rawInputId, string messageKey, string limit, CancellationToken cancellationToken,
        params (string Name, object? Value)[] values)
    {
        if (ContactOf(practice) is not { } contact)
        {
            return null;
        }
        var content = new ReplyContent(practice.Language, practice.Reference, [], [], false, NoAnswers: false, QuoteAnswers: false,
            Notice: texts.Get(messageKey, practice.Language, [("reference", practice.Reference), .. values]));
        var messageId = ThreadTokens.NewMessageId(await tokens.KeyAsync(db, cancellationToken), practice.Reference, mailbox.Value.Domain);
        var key = $"limit:{contact}:{Hash(limit + practice.Reference)}:{clock.GetUtcNow():yyyy-MM-dd}";
        // No header of the unverified mail: the notice answers nothing of it (not its Message-ID, not its References).
        var none = new MimeMessage();
        none.Headers.Remove(HeaderId.MessageId);
        // Not a reply to her mail (RFC 3834): generated by an event, which her mail program and our tests can tell apart.
        return await EnqueueAsync(none, content, contact, messageId, key, practice.Id, rawInputId, cancellationToken,
            notice => notice.Headers["Auto-Submitted"] = "auto-generated");
    }

    /// <summary>
    /// The contributor's mail about their practice after it was submitted: its answers are not applied (researchers are
    /// reviewing it, and a new draft of a few corrections would be a stray practice); the mail is kept with the practice
    /// and flagged for them, and a sender who sent answers is told so in the practice's language.
    /// </summary>
    private async Task<MailResult> KeepForReviewAsync(RawInput input, MimeMessage message, string sender, SenderVerdict verdict, ParsedMail parsed, Practice practice,
        bool allowReply, string authentication, CancellationToken cancellationToken)
    {
        // "please delete my submission" a day after submitting: told how to ask for the erasure (it had no reply at all,
        // session 48), and the researchers see the request in the flag.
        var erasureAsked = parsed.Answers.Count == 0 && ErasureAsked.Asks(parsed.NewestText, texts.Questionnaire);
        practice.Flags.Add(new Flag
        {
            PracticeId = practice.Id,
            Reason = FlagReasons.MailAfterSubmission,
            Detail = Truncate($"mail #{input.Id} from {sender} after the practice was {practice.Status}; {parsed.Answers.Count} answers not applied"
                + (erasureAsked ? "; asks in its text to delete the practice (told to send the erasure request as the subject)" : ""), 1000),
            CreatedAt = clock.GetUtcNow(),
        });
        FlagHiddenText(practice, parsed, input.Id);
        var language = parsed.Language ?? practice.Language;
        if (erasureAsked)
        {
            var how = allowReply
                ? await QueueReplyAsync(message, sender, verdict,
                    new ReplyContent(language, practice.Reference, [], [], false, NoAnswers: false, QuoteAnswers: false, Notice: ErasureHow(language, practice.Reference)),
                    practice.Id, input.Id, "erasure_how", cancellationToken)
                : null;
            return await CompleteAsync(input, practice, new MailResult
            {
                Outcome = MailOutcomes.AfterSubmission,
                Reference = practice.Reference,
                Language = language,
                Detail = $"{practice.Status}: erasure_asked_in_text{authentication}",
                RawInputId = input.Id,
            }, how, cancellationToken);
        }
        // Answers, or a figure or a date in their own words ("il budget per la scheda REGIN-0001: 95.000 euro", the budget
        // promised in the first mail, a week later in a new one): told it went to the researchers, not left without a word
        // (session 45). A bare thank-you gets no reply.
        var reply = allowReply && (parsed.Answers.Count > 0 || parsed.NewestText.Any(char.IsDigit))
            ? await QueueReplyAsync(message, sender, verdict,
                new ReplyContent(language, practice.Reference, [], [], false, NoAnswers: false, verdict.Authenticated,
                    Notice: texts.Get("mail.reply_after_submission", language, ("reference", practice.Reference))),
                practice.Id, input.Id, "after_submission", cancellationToken)
            : null;
        var result = new MailResult
        {
            Outcome = MailOutcomes.AfterSubmission,
            Reference = practice.Reference,
            Language = language,
            Detail = $"{practice.Status}: answers={parsed.Answers.Count} not applied{authentication}",
            RawInputId = input.Id,
        };
        return await CompleteAsync(input, practice, result, reply, cancellationToken);
    }

    /// <summary>
    /// What the sender is told of each attachment that was not read ("docx_encrypted:Vorlage.docx"): a damaged, protected,
    /// macro-enabled or oversized file is named with what to do, instead of leaving them to wonder where their answers went;
    /// and the lines no question took, quoted, with how to send them again.
    /// </summary>
    /// <summary>
    /// A mail that hid text from its reader (white on white, display:none, Word's hidden runs) is suspicious: that text
    /// was not read as answers, and the practice is flagged for researchers, naming the mail (kept raw) and where. A text
    /// that turned to junk partway (<see cref="FlagReasons.BodyDamaged"/>) is flagged the same way, beside it.
    /// </summary>
    private void FlagHiddenText(Practice practice, ParsedMail parsed, long inputId)
    {
        if (parsed.PartsDisagree is { } disagree)
        {
            // Session 50: a text part smuggling other answers than the HTML shows, or answers the HTML hides.
            FlagCounted(practice, FlagReasons.HiddenText, $"mail #{inputId}: its text part and the HTML a mail program shows disagree, the HTML read: {disagree}",
                ": its text part and the HTML a mail program shows disagree", null, inputId);
        }
        if (parsed.Problems.Contains(FlagReasons.BodyDamaged))
        {
            FlagCounted(practice, FlagReasons.BodyDamaged, $"mail #{inputId}: its text turned to junk partway; what came before was read, the rest was not",
                ": its text turned to junk partway", null, inputId);
        }
        var where = parsed.Problems.Where(p => p == FlagReasons.HiddenText || p.StartsWith(FlagReasons.HiddenText + ":", StringComparison.Ordinal))
            .Select(p => p.Length > FlagReasons.HiddenText.Length ? p[(FlagReasons.HiddenText.Length + 1)..] : "mail").ToList();
        if (where.Count == 0)
        {
            return;
        }
        FlagCounted(practice, FlagReasons.HiddenText, $"mail #{inputId} hid text from its reader, not read as answers ({string.Join(", ", where)})",
            " hid text from its reader", null, inputId);
    }

    /// <summary>A practice-wide flag, or the mail counted on the open one like it (<see cref="RepeatedFlag"/>, session 50).</summary>
    private void FlagCounted(Practice practice, string reason, string detail, string kind, string? sender, long inputId) =>
        RepeatedFlag.AddOrCount(practice.Flags, new Flag { PracticeId = practice.Id, Reason = reason, Detail = Truncate(detail, 1000), CreatedAt = clock.GetUtcNow() },
            kind, sender, inputId, null);

    /// <summary>
    /// A mail that answered a question twice the same sure way (<see cref="ParsedMail.AnsweredTwice"/>): the later answer was
    /// kept; the practice is flagged naming the mail and the questions, so a researcher can read the other in the raw mail.
    /// </summary>
    private void FlagAnsweredTwice(Practice practice, ParsedMail parsed, long inputId)
    {
        if (parsed.AnsweredTwice.Count == 0)
        {
            return;
        }
        var keys = parsed.AnsweredTwice.Select(q => Regin.Core.Templates.TemplateKeys.KeyOf(texts.Questionnaire, q));
        practice.Flags.Add(new Flag
        {
            PracticeId = practice.Id,
            Reason = FlagReasons.AnsweredTwice,
            Detail = Truncate($"mail #{inputId} answered {string.Join(", ", keys)} twice; the later answer was kept", 1000),
            CreatedAt = clock.GetUtcNow(),
        });
    }

    /// <summary>
    /// A mail whose sender looks like the project (<see cref="LookalikeSender"/>): the practice it made, changed or named is
    /// flagged for researchers with what was seen, since a look-alike sender is how phishing starts.
    /// </summary>
    /// <summary>
    /// A mail whose From display name is a known contributor's, from an address of none of that name
    /// (<see cref="ContributorNames"/>): the practice it made, changed or named is flagged for researchers with whose name
    /// it is, since a copied name with a foreign address is the commoner phishing form. The mail is not refused: the same
    /// person may write from another address, which the researcher can ask them.
    /// </summary>
    private void FlagNamesake(Practice practice, ContributorNames.Known? namesake, MimeMessage message, string sender, long inputId, bool namedOnly)
    {
        if (namesake is null)
        {
            return;
        }
        var name = message.From.Mailboxes.FirstOrDefault()?.Name ?? "";
        AddSenderFlag(practice, new Flag
        {
            PracticeId = practice.Id,
            Reason = FlagReasons.SenderNameOfContributor,
            Detail = Truncate($"{SenderFlagSource(inputId, sender, namedOnly)}: display name \"{Truncate(name, 200)}\" is the name of the contributor of {namesake.Reference}, who writes from {namesake.Address}", 1000),
            CreatedAt = clock.GetUtcNow(),
        }, sender, inputId, namedOnly);
    }

    /// <summary>
    /// A mail whose typed contact name is a known contributor's, from an address of none of that name: the practice it made
    /// or changed is flagged for researchers with whose name it is (the same person, a namesake, or an impostor).
    /// </summary>
    private void FlagTypedNamesake(Practice practice, ContributorNames.Known? namesake, List<KeyValuePair<string, string>> answers, string sender, long inputId)
    {
        if (namesake is null)
        {
            return;
        }
        var name = answers.LastOrDefault(a => a.Key == "contact_name").Value ?? "";
        practice.Flags.Add(new Flag
        {
            PracticeId = practice.Id,
            Reason = FlagReasons.ContactNameOfContributor,
            Detail = Truncate($"mail #{inputId} from {sender}: contact name \"{Truncate(name, 200)}\" is the name of the contributor of {namesake.Reference}, who writes from {namesake.Address}", 1000),
            CreatedAt = clock.GetUtcNow(),
        });
    }

    /// <summary>
    /// The mail a sender flag comes from, marked (<see cref="FlagReasons.NamedOnlyDetailPrefix"/>) when the mail only named
    /// the practice: the known names and domains then keep the practice's contributor.
    /// </summary>
    private static string SenderFlagSource(long inputId, string sender, bool namedOnly) =>
        $"{(namedOnly ? FlagReasons.NamedOnlyDetailPrefix : "")}mail #{inputId} from {sender}";

    private void FlagLookalike(Practice practice, Impersonation? impersonation, string sender, long inputId, bool namedOnly)
    {
        if (impersonation is null)
        {
            return;
        }
        AddSenderFlag(practice, new Flag
        {
            PracticeId = practice.Id,
            Reason = FlagReasons.SenderLookalike,
            Detail = Truncate($"{SenderFlagSource(inputId, sender, namedOnly)}: {impersonation.Summary}", 1000),
            CreatedAt = clock.GetUtcNow(),
        }, sender, inputId, namedOnly);
    }

    /// <summary>
    /// A sender flag of a mail that only named (or was held in) the practice is counted on the open one of that address and
    /// reason (session 50: a thousand forged mails from a look-alike made a thousand flags); one of a mail applied to it is
    /// its own (the known names and domains read those).
    /// </summary>
    private static void AddSenderFlag(Practice practice, Flag flag, string sender, long inputId, bool namedOnly)
    {
        if (namedOnly)
        {
            RepeatedFlag.AddOrCount(practice.Flags, flag, FlagReasons.NamedOnlyDetailPrefix + "mail #", sender, inputId, null);
        }
        else
        {
            practice.Flags.Add(flag);
        }
    }

    /// <summary>
    /// The one notice of a reply that quotes nothing of the mail: its text part and its HTML disagreed (session 50 told only
    /// the researchers, <c>hidden_text</c>), so the sender learns which part was read, in a sentence of ours alone (mail59).
    /// </summary>
    private string? PartsNotice(ParsedMail parsed, string language) =>
        parsed.PartsDisagree is null ? null : texts.Get("mail.parts_disagree", language);

    private string? ReadingNotice(ParsedMail parsed, string language)
    {
        var lines = new List<string>();
        if (parsed.FromProse)
        {
            lines.Add(texts.Get(parsed.Source == MailContentReader.ProseFirstMail ? "mail.reply_prose_first" : "mail.reply_prose_read", language));
        }
        if (parsed.Unplaced.Count > 0)
        {
            lines.Add(texts.Get("mail.lines_unplaced", language, ("lines", string.Join("\n", parsed.Unplaced.Select(line => "  > " + line)))));
        }
        if (parsed.AnsweredTwice.Count > 0)
        {
            var questions = parsed.AnsweredTwice.Select(q => $"  [{Regin.Core.Templates.TemplateKeys.KeyOf(texts.Questionnaire, q)}] "
                + (texts.Questionnaire.Questions.FirstOrDefault(x => x.Id == q)?.Label.In(language) ?? q));
            lines.Add(texts.Get("mail.answered_twice", language, ("questions", string.Join("\n", questions))));
        }
        if (parsed.Repeated.Count > 0)
        {
            lines.Add(texts.Get("mail.lines_repeated", language, ("lines", string.Join("\n", parsed.Repeated.Select(line => "  > " + line)))));
        }
        if (parsed.Problems.Contains(MailContentReader.HtmlUnreadable))
        {
            lines.Add(texts.Get("mail.html_unreadable", language));
        }
        // The limits a mail may hit, each said once: what was not read, and how to send the template so it is.
        if (parsed.Problems.Contains(MailContentReader.PartsTooDeep) || parsed.Problems.Contains(MailContentReader.NestedTooDeep))
        {
            lines.Add(texts.Get("mail.parts_too_deep", language));
        }
        if (parsed.Problems.Contains(MailContentReader.TooManyAttachments))
        {
            lines.Add(texts.Get("mail.too_many_attachments", language, ("count", MailLimits.MaxAttachments.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        if (parsed.Problems.Contains(MailContentReader.MessagePartial))
        {
            lines.Add(texts.Get("mail.message_partial", language));
        }
        if (parsed.Problems.Contains(MailContentReader.SmimeEncrypted))
        {
            lines.Add(texts.Get("mail.smime_encrypted", language));
        }
        if (parsed.Problems.Contains(MailContentReader.TooManyParts))
        {
            lines.Add(texts.Get("mail.too_many_parts", language, ("count", MailContentReader.MaxBodyTexts.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        if (parsed.Problems.Any(p => p is MailContentReader.TextTooLong or MailContentReader.TooManyLines or MailContentReader.LineTooLong))
        {
            lines.Add(texts.Get("mail.text_cut", language));
        }
        if (parsed.Problems.Contains(MailContentReader.BodyDamaged))
        {
            lines.Add(texts.Get("mail.body_damaged", language));
        }
        foreach (var problem in parsed.Problems)
        {
            var colon = problem.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }
            if (problem[..colon] == MailContentReader.SecondTemplate)
            {
                lines.Add(texts.Get("mail.second_template_not_read", language, ("title", Visible(problem[(colon + 1)..]))));
                continue;
            }
            var key = problem[..colon] switch
            {
                "docx_encrypted" => "mail.attachment_encrypted",
                "docx_macro" => "mail.attachment_macro",
                DocxAnswerReader.Unsafe or "docx_zip_bomb" => "mail.attachment_unsafe",
                "docx_too_large" or "docx_too_deep" or "attachment_too_large" => "mail.attachment_too_large",
                "attachment_not_read" or "docx_embedded_not_read" => "mail.attachment_not_read",
                "tnef_invalid" or MailContentReader.RtfUnreadable => "mail.attachment_unreadable",
                var reason when reason.StartsWith("docx_", StringComparison.Ordinal) => "mail.attachment_unreadable",
                _ => null,
            };
            if (key is not null)
            {
                lines.Add(texts.Get(key, language, ("file", Visible(problem[(colon + 1)..]))));
            }
        }
        return lines.Count == 0 ? null : string.Join("\n", lines);
    }

    /// <summary>
    /// A name the sender chose (a file's, a second template's title), as our reply may quote it: without format and control
    /// characters. "REGIN template\u202Eexe.docx" showed as "REGIN templatexcod.exe" in our own words (attacker round 53).
    /// </summary>
    private static string Visible(string name) =>
        string.Concat(TemplateTextParser.WithoutFormatCharacters(name).Where(c => !char.IsControl(c)));

    /// <summary>
    /// The language of a new draft started by a mail (a reply about a practice keeps the practice's, unless its template's
    /// labels say otherwise), from the strongest evidence down: its template's labels (the template the sender chose and
    /// filled in); the words of their own when they are clear (<see cref="TextLanguage.MailGuess.Clear"/>: a greeting and
    /// a sign-off, "Hallo, … Liebe Grüße", or a few words of a sentence); the values only one language writes so (a choice's
    /// label, a yes, "en curso": <see cref="AnswerLanguage"/>, session 50: a Spanish mail of key lines was answered in
    /// English); its Content-Language (their mail program's
    /// installation language: an English Outlook writes "en-US" above German text, so it comes after clear words); the
    /// words of their own when few ("Hi, … Tom", <see cref="Texts.ReadMailLanguage"/>); the country of the sender's address
    /// (".de", ".gr", ".se"; a country of several of ours, ".be", ".ch", ".lu", none); else the default.
    /// </summary>
    internal static string NewDraftLanguage(ParsedMail parsed, MimeMessage message, Texts texts)
    {
        if (parsed.Language is not null)
        {
            return parsed.Language;
        }
        var own = texts.ReadMailLanguage(WordsOfTheSender(parsed, texts));
        return (own.Clear ? own.Language : null) ?? AnswerLanguage.Of(parsed.Answers, texts.Questionnaire) ?? Languages.FromLocale(ContentLanguage(message)) ?? own.Language
            ?? LanguageOfDomain(message.From.Mailboxes.FirstOrDefault()?.Domain, texts) ?? texts.Questionnaire.DefaultLanguage;
    }

    /// <summary>
    /// A mail's Content-Language header. MimeKit keeps a message's Content-* headers with its top body part (a parsed mail's
    /// <see cref="MimeMessage.Headers"/> has none), so it is read there: the message's own headers held it for a message
    /// built in code only, and every mail read from the wire was taken for one without it.
    /// </summary>
    internal static string? ContentLanguage(MimeMessage message) =>
        message.Headers[HeaderId.ContentLanguage] ?? message.Body?.Headers[HeaderId.ContentLanguage];

    /// <summary>Our language of the country an address's domain names (its last label), if that country speaks one of ours alone.</summary>
    internal static string? LanguageOfDomain(string? domain, Texts texts)
    {
        var tld = domain?.TrimEnd('.').Split('.')[^1].ToLowerInvariant();
        var language = tld switch
        {
            "uk" or "ie" or "mt" => "en",
            "fr" => "fr",
            "de" or "at" => "de",
            "es" => "es",
            "it" or "sm" => "it",
            "gr" or "cy" => "el",
            "pt" or "br" => "pt",
            "se" => "sv",
            _ => null,
        };
        return language is not null && texts.Questionnaire.Languages.Any(l => l.Code == language) ? language : null;
    }

    /// <summary>
    /// The mail's newest text without the answers that name no language: names, organisations and titles (short texts,
    /// mostly proper names: "Lea Fischer"), addresses, phone numbers, dates, numbers, amounts, countries and regions.
    /// What is left (the sender's own sentences, long answers, chosen options) says their language, if anything does.
    /// </summary>
    private static string WordsOfTheSender(ParsedMail parsed, Texts texts)
    {
        var text = parsed.NewestText;
        foreach (var answer in parsed.Answers)
        {
            var question = texts.Questionnaire.Questions.FirstOrDefault(q => q.Id == answer.QuestionId);
            if (question is not null && question.Type is not (QuestionType.Longtext or QuestionType.Choice or QuestionType.Multi or QuestionType.Yesno)
                && answer.Text.Length > 0)
            {
                text = text.Replace(answer.Text, " . ", StringComparison.Ordinal);
            }
        }
        return text;
    }

    /// <summary>
    /// The answers a mail records: a signature's offer only for a question still unanswered, a contact address only from
    /// an authenticated sender, who is the contact address when the mail and the practice name none, and whose name (as
    /// their mail program writes it: "Lucía Martínez") is the contact's name when they name none either. Beyond the
    /// normaliser's hard limit an answer is refused anyway; capping keeps the words it reports equal to ours.
    /// </summary>
    private static List<KeyValuePair<string, string>> AnswersToRecord(ParsedMail parsed, SenderVerdict verdict, string sender, Practice? practice, MimeMessage message,
        Impersonation? impersonation, bool nameOfAnother)
    {
        // A signature's offer fills only a question the practice has no answer to (session 56: a reply's signature line
        // "Area Accoglienza – Cooperativa Sociale Il Ponte" replaced the organisation the template had answered).
        var answers = parsed.Answers
            .Where(a => verdict.Authenticated || a.QuestionId != "contact_email")
            .Where(a => a.RecognisedBy != TemplateTextParser.FromSignature || !(practice?.Answers.Any(p => p.QuestionId == a.QuestionId) ?? false))
            .Select(a => new KeyValuePair<string, string>(a.QuestionId, a.Text.Length > AnswerNormaliser.HardLimit ? a.Text[..AnswerNormaliser.HardLimit] : a.Text)).ToList();
        // The contact of a forwarded or attached template is its author (session 57): the template's own contact e-mail
        // answer, else the forwarded mail's From; else none, and the reply asks for it. Never the forwarder's address silently
        // (the name was the colleague's, the address the forwarder's). The reply still goes to the forwarder.
        if (verdict.Authenticated && !answers.Any(a => a.Key == "contact_email") && !(practice?.Answers.Any(a => a.QuestionId == "contact_email") ?? false)
            && (FromAnotherMail(parsed) ? parsed.ForwardedFrom : sender) is { } contact)
        {
            answers.Add(new KeyValuePair<string, string>("contact_email", contact));
        }
        // A display name of a sender who looks like the project ("REGIN Team") is no contact's name, nor is a forwarder's
        // when the answers are a forwarded or attached mail's (a coordinator sending on a colleague's template), nor a
        // known contributor's name from another address (the researcher would read the draft as theirs).
        // The author's name from the forwarded mail's From when the template gives none (session 58), as the address above.
        if (verdict.Authenticated && impersonation is null && !nameOfAnother && !answers.Any(a => a.Key == "contact_name") && !(practice?.Answers.Any(a => a.QuestionId == "contact_name") ?? false)
            && (FromAnotherMail(parsed) ? parsed.ForwardedFromName : parsed.CertifiedOtherFrom is null ? message.From.Mailboxes.FirstOrDefault()?.Name : null)?.Trim() is { Length: > 0 and <= 200 } name && name.Any(char.IsLetter) && !name.Contains('@'))
        {
            answers.Add(new KeyValuePair<string, string>("contact_name", name));
        }
        return answers;
    }

    /// <summary>
    /// The answers that only point to an attachment ("vedi allegato", <see cref="AttachmentPointers"/>) dropped, and those
    /// that promise the answer for later ("Budget: folgt", <see cref="PromisedAnswers"/>), taken out of
    /// <paramref name="answers"/>: their question ids. A promise over an answer the practice holds changes nothing (the
    /// stored answer stays; a "[Q23] to follow" quoted back from an old template is no reason to hold a draft).
    /// </summary>
    private List<string> TakePromises(List<KeyValuePair<string, string>> answers, Practice practice, Dictionary<string, string> pointed)
    {
        var promises = PromisedAnswers.For(texts.Questionnaire);
        var promised = new List<string>();
        for (var i = answers.Count - 1; i >= 0; i--)
        {
            if (AttachmentPointers.PointsElsewhere(answers[i].Value, texts.Questionnaire) && !answers[i].Key.StartsWith("contact_", StringComparison.Ordinal))
            {
                // "Descrizione: vedi allegato": no answer, the question stays asked (session 48); so is "s.o.", "dito", "idem"
                // (session 54: stored as the answer, a mail cannot ask "the same as which?" as the chat does). The reply
                // says what pointed elsewhere at that question (session 55).
                pointed.TryAdd(answers[i].Key, answers[i].Value.Trim());
                answers.RemoveAt(i);
                continue;
            }
            if (promises.IsPromise(answers[i].Key, answers[i].Value))
            {
                if (!practice.Answers.Any(a => a.QuestionId == answers[i].Key) && !promised.Contains(answers[i].Key))
                {
                    promised.Add(answers[i].Key);
                }
                answers.RemoveAt(i);
            }
        }
        // A later answer to the question in the same mail ("folgt" above, the figure below) wins over the promise.
        promised.RemoveAll(id => answers.Any(a => a.Key == id));
        promised.Reverse();
        return promised;
    }

    /// <summary>
    /// The questions the draft waits for: promised in this mail or an earlier one (an open <see cref="FlagReasons.AnswerPromised"/>
    /// flag) and still without an answer. A promise answered since is resolved; a new one is flagged for the researchers.
    /// </summary>
    private List<Question> Awaiting(Practice practice, List<string> promised, long inputId, string actor, bool untracked)
    {
        var answered = practice.Answers.Select(a => a.QuestionId).ToHashSet(StringComparer.Ordinal);
        foreach (var flag in practice.Flags.Where(f => f.Reason == FlagReasons.AnswerPromised && !f.Resolved && f.QuestionId is not null && answered.Contains(f.QuestionId)))
        {
            flag.Resolved = true;
        }
        foreach (var id in promised.Where(id => !answered.Contains(id)))
        {
            if (!practice.Flags.Any(f => f.Reason == FlagReasons.AnswerPromised && !f.Resolved && f.QuestionId == id))
            {
                var now = clock.GetUtcNow();
                practice.Flags.Add(new Flag
                {
                    PracticeId = practice.Id,
                    QuestionId = id,
                    Reason = FlagReasons.AnswerPromised,
                    Detail = $"mail #{inputId} promised the answer to [{Regin.Core.Templates.TemplateKeys.KeyOf(texts.Questionnaire, id)}] for later",
                    CreatedAt = now,
                });
                // In the review's history too: the flag is an answer's, and the answer, when it comes, takes its place.
                intake.Log(practice, new PracticeEvent { At = now, Actor = actor, Kind = FlagReasons.AnswerPromised, QuestionId = id, Reason = $"promised on {Day(now)} (mail #{inputId})" }, untracked);
            }
        }
        var waiting = practice.Flags.Where(f => f.Reason == FlagReasons.AnswerPromised && !f.Resolved && f.QuestionId is not null).Select(f => f.QuestionId!).ToHashSet(StringComparer.Ordinal);
        return [.. texts.Questionnaire.Questions.Where(q => waiting.Contains(q.Id))];
    }

    /// <summary>
    /// The open promises (<see cref="FlagReasons.AnswerPromised"/>) of the questions <paramref name="answers"/> answers, marked
    /// resolved before the answers are recorded: core removes a question's open flags when its answer is recorded, and a
    /// resolved one stays. <see cref="KeepPromises"/> says what became of them.
    /// </summary>
    private static List<Flag> ClosePromisesAnswered(Practice practice, List<KeyValuePair<string, string>> answers)
    {
        var closing = practice.Flags.Where(f => f.Reason == FlagReasons.AnswerPromised && !f.Resolved && f.QuestionId is not null && answers.Any(a => a.Key == f.QuestionId)).ToList();
        foreach (var flag in closing)
        {
            flag.Resolved = true;
        }
        return closing;
    }

    /// <summary>
    /// A promise answered: the flag stays, resolved, with when it was promised and when answered, and the review's history
    /// says so ("promised on 2026-12-01 (mail #3), answered on 2026-12-08 (mail #5)"). An answer that was not stored
    /// (invalid) keeps the promise open.
    /// </summary>
    private void KeepPromises(Practice practice, List<Flag> closing, long inputId, string actor, bool untracked)
    {
        var now = clock.GetUtcNow();
        foreach (var flag in closing)
        {
            if (!practice.Answers.Any(a => a.QuestionId == flag.QuestionId))
            {
                flag.Resolved = false;
                continue;
            }
            var trace = $"promised on {Day(flag.CreatedAt)}{MailOf(flag.Detail)}, answered on {Day(now)} (mail #{inputId})";
            flag.Detail = Truncate($"{flag.Detail}; answered on {Day(now)} by mail #{inputId}", 1000);
            intake.Log(practice, new PracticeEvent { At = now, Actor = actor, Kind = "promise_kept", QuestionId = flag.QuestionId, Reason = trace }, untracked);
        }
    }

    /// <summary>" (mail #3)" from a promise flag's detail ("mail #3 promised the answer …"), or nothing.</summary>
    private static string MailOf(string? detail) =>
        detail is not null && detail.StartsWith("mail #", StringComparison.Ordinal) && detail.IndexOf(' ', 6) is > 6 and var end ? $" ({detail[..end]})" : "";

    /// <summary>A day as the review's history writes it (UTC).</summary>
    internal static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The optional questions the draft has no answer to and waits for none: the reply lists them after the required.</summary>
    private List<Question> OptionalOpen(Practice practice, List<Question> awaiting)
    {
        var answered = practice.Answers.Select(a => a.QuestionId).ToHashSet(StringComparer.Ordinal);
        return [.. texts.Questionnaire.Questions.Where(q => !q.Required && !answered.Contains(q.Id) && !awaiting.Contains(q))];
    }

    /// <summary>Whether the answers were read from a mail the sender forwarded or attached, not from their own text or files.</summary>
    private static bool FromAnotherMail(ParsedMail parsed) =>
        parsed.Source.Split(',').Any(s => s == "forwarded" || s == MailContentReader.QuotedHistorySource || s.StartsWith("nested", StringComparison.Ordinal));

    /// <summary>
    /// A template the sender forwarded or attached (a colleague's, <see cref="FromAnotherMail"/>): the practice is flagged
    /// "forwarded by" the sender, with whose address the contact e-mail became, so a researcher knows who sent it on and
    /// who wrote it (the reply went to the forwarder, the contact is the author).
    /// </summary>
    private void FlagForwarded(Practice practice, ParsedMail parsed, string sender, long inputId)
    {
        if (!FromAnotherMail(parsed) || string.Equals(parsed.ForwardedFrom, sender, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        var contact = parsed.Answers.FirstOrDefault(a => a.QuestionId == "contact_email") is { } own ? $"the contact e-mail is the template's own, {Truncate(own.Text, 200)}"
            : parsed.ForwardedFrom is { } author ? $"the contact e-mail is the author's, {author}" : "the forwarded mail names no address: the contact e-mail is asked";
        FlagCounted(practice, FlagReasons.ForwardedBy, $"mail #{inputId} forwarded by {sender}: a template written by someone else; {contact}", " forwarded by ", sender, inputId);
    }

    /// <summary>
    /// A contact e-mail typed with format characters ("mallory@evil.example\u202Emoc.knab" shows as "…bank.com"; a zero-width
    /// space inside): core stores it without them, another address than the one shown; a researcher checks before writing
    /// (mail58 left it unflagged).
    /// </summary>
    private void FlagInvisibleInContact(Practice practice, ParsedMail parsed, List<KeyValuePair<string, string>> answers, long inputId)
    {
        if (answers.LastOrDefault(a => a.Key == "contact_email").Value is not { } typed
            || (parsed.Answers.LastOrDefault(a => a.QuestionId == "contact_email")?.Invisible ?? TemplateTextParser.FormatCharacters([typed])) is not { } codes)
        {
            return;
        }
        practice.Flags.Add(new Flag
        {
            PracticeId = practice.Id,
            QuestionId = "contact_email",
            Reason = FlagReasons.ContactEmailInvisible,
            Detail = Truncate($"mail #{inputId}: the contact e-mail was typed with invisible characters ({codes}); stored without them as {Visible(typed).Trim()}", 1000),
            CreatedAt = clock.GetUtcNow(),
        });
    }

    /// <summary>
    /// A reply to our mail about a draft whose first line is "STOP" (or the word of another language, or the chat's "no
    /// reminders"): the draft gets no more reminders, and the sender is told so in the draft's language.
    /// </summary>
    private async Task<MailResult> StopRemindersAsync(RawInput input, MimeMessage message, string sender, SenderVerdict verdict, Practice practice, bool allowReply,
        string authentication, CancellationToken cancellationToken)
    {
        var contributor = ContributorKey.ForEmail(sender);
        var stopped = await reminderStops.StopAsync(practice.Id, contributor.ToString(), Channel, cancellationToken);
        var language = practice.Language;
        var acknowledgement = allowReply
            ? await QueueReplyAsync(message, sender, verdict,
                new ReplyContent(language, practice.Reference, [], [], false, NoAnswers: false, verdict.Authenticated,
                    Notice: texts.Get(ReminderMessageKeys.Stopped, language, ("reference", practice.Reference))),
                practice.Id, input.Id, "reminders_stopped", cancellationToken)
            : null;
        await db.SaveChangesAsync(cancellationToken);
        var result = new MailResult
        {
            Outcome = MailOutcomes.RemindersStopped,
            Reference = practice.Reference,
            Language = language,
            Detail = (stopped ? "stopped" : "already stopped") + authentication,
            RawInputId = input.Id,
        };
        await FinishAsync(input.Id, practice.Id, result, cancellationToken);
        return result with { ReplyId = acknowledgement?.Id };
    }

    /// <summary>Whether the first line of the mail's own text is a stop word of any language (trailing punctuation aside).</summary>
    /// <summary>How to ask for the erasure (<c>mail.reply_erase_how</c>): the subject the data rights mail reads, in her language.</summary>
    private string ErasureHow(string language, string reference)
    {
        var command = texts.Questionnaire.Commands.TryGetValue(Regin.Core.Conversation.Commands.CommandNames.EraseMyData, out var words)
            ? words.In(language).FirstOrDefault() ?? words.In(Regin.Core.Languages.Default).First() : "erase my data";
        return texts.Get("mail.reply_erase_how", language, ("reference", reference), ("command", command));
    }

    private bool SaysStop(string newest)
    {
        var first = newest.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (first is null)
        {
            return false;
        }
        // Characters that show nothing (a zero-width space, a byte-order mark pasted with the word) are no part of it (session 49).
        first = string.Concat(first.Where(c => char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format));
        first = first.TrimEnd('.', '!', ';', ',', '\u3002').Trim();
        var questionnaire = texts.Questionnaire;
        // As a reader sees it (session 50): "SТОР" in Cyrillic letters, "St0p", "arreter" without its accent are the word.
        var seen = LookalikeSender.Skeleton(first);
        return questionnaire.Vocabulary.Stop.All
            .Concat(questionnaire.Commands.TryGetValue(Regin.Core.Conversation.Commands.CommandNames.NoReminders, out var words) ? words.All : [])
            .Any(word => string.Equals(word, first, StringComparison.OrdinalIgnoreCase) || string.Equals(LookalikeSender.Skeleton(word), seen, StringComparison.Ordinal));
    }

    /// <summary>The practice's changes and the reply saved at once, then the outcome on the raw message, in the mail's transaction.</summary>
    /// <summary>
    /// A place a first mail's sentence names where its practice runs, stored as the region (and country): a guess, so each
    /// stored one is flagged for the team with the words it came from, and its question returned for the reply to ask to
    /// confirm it (session 48). Her own answer to the question later closes the flag (core drops a question's open flags).
    /// </summary>
    private HashSet<string> FlagPlaceGuesses(Practice practice, ParsedMail parsed, IReadOnlyList<AnswerOutcome> outcomes, long inputId)
    {
        var guessed = new HashSet<string>(StringComparer.Ordinal);
        // The words the place was read from (the country is the region's): what the researcher checks.
        var place = parsed.Answers.FirstOrDefault(a => a.RecognisedBy == ProseAnswers.PlaceGuess && a.QuestionId == "region")?.Text ?? "";
        foreach (var answer in parsed.Answers.Where(a => a.RecognisedBy == ProseAnswers.PlaceGuess))
        {
            if (outcomes.Any(o => o.Stored && o.Answer.QuestionId == answer.QuestionId) && guessed.Add(answer.QuestionId))
            {
                practice.Flags.Add(new Flag
                {
                    PracticeId = practice.Id,
                    QuestionId = answer.QuestionId,
                    Reason = FlagReasons.PlaceGuessed,
                    Detail = Truncate($"read from the place \"{place}\" in the sentences of mail #{inputId}, not from an answer to the question; the contributor was asked to confirm it", 1000),
                    CreatedAt = clock.GetUtcNow(),
                });
            }
        }
        return guessed;
    }

    /// <summary>
    /// Each stored answer read from a first mail's sentences (<see cref="FlagReasons.ReadFromProse"/>) or offered from its
    /// signature (<see cref="FlagReasons.ReadFromSignature"/>, added to <paramref name="guessed"/>: the reply asks to confirm
    /// it), flagged with the words it was read from for the researcher (session 51). A place guess has its own flag.
    /// </summary>
    private void FlagReadFromWords(Practice practice, ParsedMail parsed, IReadOnlyList<AnswerOutcome> outcomes, long inputId, HashSet<string> guessed)
    {
        foreach (var answer in parsed.Answers)
        {
            var split = answer.RecognisedBy == ProseAnswers.PartnersOfOrganisation;
            var signature = answer.RecognisedBy == TemplateTextParser.FromSignature || split;
            // The groups a prose reply's sentence names are flagged as a first mail's are (session 53).
            if (!(signature || answer.RecognisedBy == ProseAnswers.GroupsInProse || (parsed.Source == MailContentReader.ProseFirstMail && answer.RecognisedBy != ProseAnswers.PlaceGuess))
                || !outcomes.Any(o => o.Stored && o.Answer.QuestionId == answer.QuestionId))
            {
                continue;
            }
            if (signature)
            {
                guessed.Add(answer.QuestionId);
            }
            practice.Flags.Add(new Flag
            {
                PracticeId = practice.Id,
                QuestionId = answer.QuestionId,
                Reason = split ? FlagReasons.ReadFromProse : signature ? FlagReasons.ReadFromSignature : FlagReasons.ReadFromProse,
                Detail = Truncate(split
                    ? $"split from the leading organisation's answer of mail #{inputId} (\"{answer.Text}\"), the template left the partners empty; the contributor was asked to confirm it"
                    : signature
                    ? $"offered from the signature of mail #{inputId} (\"{answer.Text}\"{OfTheLine(answer)}), the template left it empty; the contributor was asked to confirm it"
                    : $"read from the sentences of mail #{inputId} (\"{answer.Text}\"), not typed for this question; the contributor was asked to check it", 1000),
                CreatedAt = clock.GetUtcNow(),
            });
        }
    }

    /// <summary>" of the line …": the whole signature line an offered answer was taken from, when more than it (two phones).</summary>
    private static string OfTheLine(ParsedAnswer answer) => answer.From is { } line ? $" of the line \"{line}\"" : "";

    /// <summary>
    /// The answers of a reply without our quote, numbered by the place of their question in the lists of our mail it
    /// answers (its In-Reply-To, our stored copy of that reply about this practice): the asked list is what she saw, kept
    /// with our mail. Nothing when that mail is not ours about this practice, not stored, or asked nothing.
    /// </summary>
    private async Task<IReadOnlyList<ParsedAnswer>> NumberedInOurThreadAsync(MimeMessage message, ParsedMail parsed, Practice practice, CancellationToken cancellationToken)
    {
        if (message.InReplyTo is not { Length: > 0 and < 400 } inReplyTo || string.IsNullOrWhiteSpace(parsed.NewestText))
        {
            return [];
        }
        var practiceId = practice.Id;
        var content = await db.MailOutbox.AsNoTracking().Where(r => r.PracticeId == practiceId && r.MessageId == inReplyTo)
            .Select(r => r.Content).FirstOrDefaultAsync(cancellationToken);
        if (content is not { Length: > 0 })
        {
            return [];
        }
        try
        {
            var ours = await MimeMessage.LoadAsync(new MemoryStream(content, writable: false), cancellationToken);
            return mailReader.Content.NumberedByOurMail(parsed.NewestText, ours);
        }
        catch (FormatException)
        {
            return [];
        }
    }

    private async Task<MailResult> CompleteAsync(RawInput input, Practice? practice, MailResult result, MailOutboxMessage? reply, CancellationToken cancellationToken)
    {
        if (practice is not null)
        {
            await intake.SaveAsync(practice, cancellationToken);
        }
        else
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        await FinishAsync(input.Id, practice?.Id, result, cancellationToken);
        return result with { ReplyId = reply?.Id };
    }

    /// <summary>The longest text of one proposed answer held for the researchers (the longest answer a question takes is far shorter).</summary>
    private const int MaxHeldText = 20_000;

    /// <summary>How many ids of a mail's In-Reply-To and References, newest first, are looked up as mails we recorded.</summary>
    private const int EarlierMailIds = 5;

    /// <summary>
    /// The practice the mail may change: one named by a Message-ID we signed (In-Reply-To, References: proof the sender
    /// got our mail about it), or, for an authenticated sender only, their own practice named in the subject or in an
    /// unsigned id. A sender nobody authenticated who names an existing practice any other way gets it as
    /// <see cref="Target.Unverified"/>: kept for researchers, nothing applied. Either way, a practice no longer open to
    /// its contributor (submitted, approved, rejected) comes back as <see cref="Target.Closed"/>.
    /// </summary>
    private async Task<Target> FindTargetAsync(MimeMessage message, ContributorKey contributor, SenderVerdict verdict, byte[] key, CancellationToken cancellationToken)
    {
        var claimed = new List<string>();
        var unsigned = new List<string>();
        long? unreadVariant = null;
        foreach (var id in message.References.Reverse().Prepend(message.InReplyTo ?? "").Where(i => !string.IsNullOrEmpty(i)).Take(50))
        {
            if (ThreadTokens.TryVerify(key, id, out var reference))
            {
                if (reference is not null && await intake.FindByReferenceAsync(reference, cancellationToken) is { } threaded)
                {
                    if (!MayContinueThread(threaded, contributor, verdict))
                    {
                        // Our signed id proves someone had our mail about it (a forwarded copy carries it too), not that this
                        // sender may change it: named, not applied.
                        return new Target(null, threaded, ThreadOfAnother: true);
                    }
                    // A reply in our thread about a practice already submitted (a correction, a thank-you) stays with it.
                    return PracticeStatus.IsOpenForContributor(threaded.Status) ? new Target(threaded, null) : new Target(null, null, threaded);
                }
            }
            else if (ThreadTokens.ClaimedReference(id) is { } unproven)
            {
                claimed.Add(unproven);
            }
            else if (unsigned.Count < EarlierMailIds && id.Length < 400)
            {
                unsigned.Add("mid:" + id);
            }
        }
        // A reply to a mail of the sender's own that we recorded ("forgot one: [Q13] 2021", sent from the phone a minute
        // after the first, before our reply came): that mail's practice, named as the subject names one, so it counts for
        // an authenticated sender who is its contributor. A Message-ID is the sender's to choose: it proves no more.
        if (unsigned.Count > 0)
        {
            var earlier = await db.RawInputs.AsNoTracking()
                .Where(r => r.Channel == Channel && unsigned.Contains(r.DedupKey) && r.PracticeId != null)
                .Join(db.Practices, r => r.PracticeId, p => p.Id, (r, p) => new { r.DedupKey, r.ConversationId, p.Number })
                .ToListAsync(cancellationToken);
            var numbers = new List<int>();
            foreach (var row in earlier)
            {
                // A mail under another's Message-ID is kept as its own row, "mid:<id> #print:…" (session 44: Mallory's mail
                // reusing Alice's id). A reply of the sender's naming that id answers the sender's own mail under it, not the
                // first row's author's: looked up among the sender's own mails (the raw inputs' sender, indexed) only here,
                // where the first row is another's, so an ordinary reply costs nothing more (session 45).
                if (!string.Equals(row.ConversationId, contributor.ExternalId, StringComparison.Ordinal)
                    && await OwnVariantAsync(row.DedupKey, contributor.ExternalId, cancellationToken) is { } own)
                {
                    numbers.Add(own);
                    continue;
                }
                if (!string.Equals(row.ConversationId, contributor.ExternalId, StringComparison.Ordinal) && verdict.Authenticated)
                {
                    // His own mail under that id not read yet: kept as a variant row after the batch's rows, it comes after this
                    // reply of the same batch (session 46). The draft this reply starts is the one that mail will continue.
                    unreadVariant ??= await UnreadOwnVariantAsync(row.DedupKey, contributor.ExternalId, cancellationToken);
                }
                numbers.Add(row.Number);
            }
            claimed.AddRange(numbers.Distinct().Select(Practice.FormatReference));
        }
        claimed.AddRange(ReferencePattern().Matches(Truncate(message.Subject ?? "", 1000)).Select(m => m.Value.ToUpperInvariant()).Take(10));
        Practice? named = null;
        foreach (var reference in claimed.Distinct())
        {
            var practice = await intake.FindByReferenceAsync(reference, cancellationToken);
            if (practice is null)
            {
                continue;
            }
            named ??= practice;
            if (verdict.Authenticated
                && (practice.Identities.Any(i => i.Channel == contributor.Channel && i.ExternalId == contributor.ExternalId)
                    || string.Equals(practice.ContributorEmail, contributor.ExternalId, StringComparison.OrdinalIgnoreCase)))
            {
                return PracticeStatus.IsOpenForContributor(practice.Status) ? new Target(practice, null) { UnreadVariant = unreadVariant } : new Target(null, null, practice);
            }
        }
        return new Target(null, verdict.Authenticated ? null : named) { UnreadVariant = unreadVariant };
    }

    /// <summary>
    /// The practice of the sender's own newest mail kept under <paramref name="key"/>'s Message-ID as a differing copy
    /// (<see cref="AuthorPrint.VariantKey"/>), or null. Read from the sender's own raw inputs (by the indexed sender column),
    /// the prefix compared in memory: the key holds the sender's characters, never a LIKE pattern.
    /// </summary>
    private async Task<int?> OwnVariantAsync(string key, string sender, CancellationToken cancellationToken)
    {
        var prefix = AuthorPrint.VariantKey(key, new string('0', 32))[..^32];
        var rows = await db.RawInputs.AsNoTracking()
            .Where(r => r.Channel == Channel && r.ConversationId == sender && r.PracticeId != null && r.DedupKey.Length == prefix.Length + 32)
            .Join(db.Practices, r => r.PracticeId, p => p.Id, (r, p) => new { r.Id, r.DedupKey, p.Number })
            .OrderByDescending(r => r.Id)
            .Take(1000)
            .ToListAsync(cancellationToken);
        return rows.FirstOrDefault(r => r.DedupKey.StartsWith(prefix, StringComparison.Ordinal))?.Number;
    }

    /// <summary>
    /// The id of the sender's own row under <paramref name="key"/>'s Message-ID kept as a differing copy and not read yet
    /// (still received, no practice): in one batch the variant rows are numbered after the batch's, so his reply to it is
    /// read first. Read only when the first row under the id is another's (rare), by the indexed sender column.
    /// </summary>
    private async Task<long?> UnreadOwnVariantAsync(string key, string sender, CancellationToken cancellationToken)
    {
        var prefix = AuthorPrint.VariantKey(key, new string('0', 32))[..^32];
        var rows = await db.RawInputs.AsNoTracking()
            .Where(r => r.Channel == Channel && r.ConversationId == sender && r.PracticeId == null && r.Outcome == RawReceived && r.DedupKey.Length == prefix.Length + 32)
            .OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.DedupKey })
            .Take(1000)
            .ToListAsync(cancellationToken);
        return rows.FirstOrDefault(r => r.DedupKey.StartsWith(prefix, StringComparison.Ordinal))?.Id;
    }

    /// <summary>
    /// After a reply started <paramref name="practice"/> (<paramref name="created"/>) while the sender's own mail it answers
    /// waits unread (<see cref="UnreadOwnVariantAsync"/>): that mail's row is given the practice now, so reading it continues
    /// this draft instead of starting a second one. Only a row still received and given none.
    /// </summary>
    private async Task LinkUnreadVariantAsync(bool created, long? unreadVariant, Practice practice, CancellationToken cancellationToken)
    {
        if (!created || unreadVariant is not { } id)
        {
            return;
        }
        await db.RawInputs.Where(r => r.Id == id && r.Outcome == RawReceived && r.PracticeId == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.PracticeId, practice.Id), cancellationToken);
    }

    /// <summary>
    /// The draft a reply of the sender's in the same batch started and gave this variant row (<see cref="LinkUnreadVariantAsync"/>),
    /// when it is still open and the sender's own; otherwise null.
    /// </summary>
    private async Task<Practice?> JoinedByReplyAsync(long inputId, ContributorKey contributor, CancellationToken cancellationToken)
    {
        var number = await db.RawInputs.AsNoTracking().Where(r => r.Id == inputId && r.PracticeId != null)
            .Join(db.Practices, r => r.PracticeId, p => p.Id, (r, p) => (int?)p.Number).FirstOrDefaultAsync(cancellationToken);
        if (number is not { } n || await intake.FindByReferenceAsync(Practice.FormatReference(n), cancellationToken) is not { } practice)
        {
            return null;
        }
        return PracticeStatus.IsOpenForContributor(practice.Status)
            && practice.Identities.Any(i => i.Channel == contributor.Channel && i.ExternalId == contributor.ExternalId) ? practice : null;
    }

    /// <summary>How many of the sender's newest practices a mail naming none is compared with (<see cref="FindRepeatAsync"/>).</summary>
    private const int RepeatCandidates = 3;

    /// <summary>
    /// The same mail sent again with a new Message-ID (Outlook's "Resend", a phone that retried, "did it arrive? here it
    /// is again"): an authenticated sender's mail that names no practice, holds a title, and whose every answer is
    /// already, word for word, an answer of one of their practices, is that practice's: it changes nothing and starts no
    /// second practice (it did, a copy of the first under a new reference, session 42); a submitted one keeps it for the
    /// researchers as any mail after submission. A mail that differs in any answer is a practice of its own, as before.
    /// </summary>
    private async Task<Practice?> FindRepeatAsync(ContributorKey contributor, ParsedMail parsed, CancellationToken cancellationToken)
    {
        if (!parsed.Answers.Any(a => a.QuestionId == QuestionCatalog.TitleId))
        {
            return null;
        }
        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var answer in parsed.Answers)
        {
            typed[answer.QuestionId] = answer.Text.Trim();
        }
        var ids = await db.Practices.AsNoTracking()
            .Where(p => db.ContributorIdentities.Where(i => i.Channel == contributor.Channel && i.ExternalId == contributor.ExternalId).Select(i => i.PracticeId).Contains(p.Id))
            .OrderByDescending(p => p.Number).Select(p => p.Id).Take(RepeatCandidates).ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            var practice = await intake.LoadAsync(id, cancellationToken);
            if (typed.All(t => practice.Answers.Any(a => a.QuestionId == t.Key && string.Equals(a.Original?.Trim(), t.Value, StringComparison.Ordinal))))
            {
                return practice;
            }
        }
        return null;
    }

    /// <summary>
    /// Whether a sender answering in our signed thread about <paramref name="practice"/> continues it: its contributor (an
    /// identity of it, or its contact address), or a colleague at the site of one of them (pedro@murcia.example in the
    /// thread of lucia@murcia.example's practice; not at a free-mail provider, <c>Mail:FreeMailDomains</c>). Not someone
    /// elsewhere holding a copy of our mail (Alice forwarded it; the stranger answers it), nor a sender our server saw fail
    /// SPF/DKIM/DMARC (a forged From with the copied ids). A colleague writes from her domain or one above or below it
    /// (mail.example.org for example.org), never from a sibling under a suffix shared by many organisations, which the site
    /// (a name and a guessed suffix) cannot tell: bmi.gv.at is not wien.gv.at, evil.torino.it is not comune.torino.it, nor
    /// one me.uk another (session 49: each changed the other's practice).
    /// </summary>
    private bool MayContinueThread(Practice practice, ContributorKey contributor, SenderVerdict verdict)
    {
        if (verdict.Failed && !verdict.Authenticated)
        {
            return false;
        }
        var addresses = practice.Identities.Where(i => i.Channel == Channels.Email).Select(i => i.ExternalId)
            .Append(practice.ContributorEmail).OfType<string>().ToList();
        if (addresses.Any(a => string.Equals(a, contributor.ExternalId, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }
        // The new contact address a researcher accepted, waiting for its first mail in the thread (session 50): that mail,
        // authenticated, is what confirms it (ConfirmNewContactAddress).
        if (verdict.Authenticated && ContactAddressChange.Pending(practice) is { } pending && string.Equals(pending.Address, contributor.ExternalId, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        // At a free-mail provider a site is nobody's organisation: there only the contributor's own address continues it.
        var site = LookalikeSender.Site(contributor.ExternalId);
        var domain = AsciiDomain(contributor.ExternalId);
        if (site is null || domain is null || FreeMailSites.Of(Options.FreeMailDomains).Contains(site))
        {
            return false;
        }
        var organisations = OrganisationDomains(Options);
        return addresses.Any(a => AsciiDomain(a) is { } theirs
            && ((LookalikeSender.Site(a) == site
                    && (theirs == domain || theirs.EndsWith("." + domain, StringComparison.Ordinal) || domain.EndsWith("." + theirs, StringComparison.Ordinal)))
                // Siblings of one organisation the researchers listed (Mail:OrganisationDomains, session 50).
                || organisations.Any(o => Within(domain, o) && Within(theirs, o))));
    }

    private static bool Within(string domain, string organisation) =>
        domain == organisation || domain.EndsWith("." + organisation, StringComparison.Ordinal);

    /// <summary>
    /// Mail:OrganisationDomains as mail servers write domains. Dropped: an entry of one label, a free-mail provider's, and
    /// a shared suffix (two labels under a country, the first a registry's: "gv.at", "co.uk", "asso.fr", "me.uk"), which
    /// would make every organisation under it one.
    /// </summary>
    internal static IReadOnlyList<string> OrganisationDomains(MailboxOptions options)
    {
        var free = FreeMailSites.Of(options.FreeMailDomains);
        return [.. options.OrganisationDomains.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => SenderAuthentication.AsciiDomain(d.Trim('@', '.')))
            .Where(d => d.Split('.') is { Length: >= 2 } labels && !(labels.Length == 2 && labels[1].Length == 2 && SharedSecondLevel.Contains(labels[0]))
                && LookalikeSender.Site(d) is { } site && !free.Contains(site))];
    }

    /// <summary>Second-level labels registries share under a country's domain (gv.at, co.uk, asso.fr, me.uk, gob.es ...).</summary>
    private static readonly HashSet<string> SharedSecondLevel = new(
        ["co", "com", "org", "net", "gov", "gv", "edu", "ac", "or", "ne", "go", "gob", "gouv", "asso", "me", "sch", "nhs", "ltd", "plc", "nom", "tm", "priv", "info", "pro"],
        StringComparer.Ordinal);

    /// <summary>The domain of an address as mail servers write it (punycode, lower case, no final dot), or null.</summary>
    private static string? AsciiDomain(string address) => LookalikeSender.Domain(address) is { Length: > 0 } domain ? SenderAuthentication.AsciiDomain(domain) : null;

    /// <summary>
    /// The reply, when one may go out: to the sender's From address only, only when our server authenticated them
    /// (unless <c>Mail:ReplyToUnauthenticated</c>), not when they asked for no automatic replies, and within the caps.
    /// </summary>
    private async Task<MailOutboxMessage?> QueueReplyAsync(MimeMessage original, string sender, SenderVerdict verdict, ReplyContent content, Guid? practiceId, long rawInputId,
        string? errorKey, CancellationToken cancellationToken)
    {
        if (!Options.SendReplies)
        {
            return null;
        }
        if (!verdict.Authenticated && !Options.ReplyToUnauthenticated)
        {
            logger.LogInformation("Mail #{Id} not answered: the sender is not authenticated ({Summary})", rawInputId, verdict.Summary);
            return null;
        }
        if (MailClassifier.ReplySuppressed(original) is { } suppressed)
        {
            logger.LogInformation("Mail #{Id} not answered: {Reason}", rawInputId, suppressed);
            return null;
        }
        var messageId = ThreadTokens.NewMessageId(await tokens.KeyAsync(db, cancellationToken), content.Reference, mailbox.Value.Domain);
        // At most one error reply per recipient and error per day; confirmations are keyed by the mail they answer.
        var key = errorKey is null
            ? $"reply:{Truncate(original.MessageId ?? messageId, 400)}"
            : $"limit:{sender}:{Hash(errorKey)}:{clock.GetUtcNow():yyyy-MM-dd}";
        return await EnqueueAsync(original, content, sender, messageId, key, practiceId, rawInputId, cancellationToken);
    }

    /// <summary>Our mail to <paramref name="recipient"/> into the outbox under <paramref name="key"/> (none when the key is taken).</summary>
    private async Task<MailOutboxMessage?> EnqueueAsync(MimeMessage original, ReplyContent content, string recipient, string messageId, string key, Guid? practiceId, long rawInputId,
        CancellationToken cancellationToken, Action<MimeMessage>? finish = null)
    {
        MimeMessage Compose()
        {
            var composed = composer.Compose(original, content, mailbox.Value.Mailbox, recipient, messageId);
            finish?.Invoke(composed);
            return composed;
        }
        if (_batchReplies is { } later)
        {
            // In a batch the text is composed on the thread pool from here on (no database), while the writer records the next mails.
            var row = await outbox.ReserveAsync(recipient, messageId, key, practiceId, rawInputId, later.Rows, cancellationToken, _statements);
            if (row is not null)
            {
                later.Add(row, Compose);
            }
            return row;
        }
        return await outbox.AddAsync(Compose(), key, practiceId, rawInputId, cancellationToken);
    }

    /// <summary>Errors worth a retry (the database is busy, the connection dropped): the mail stays unprocessed.</summary>
    public static bool IsTransient(Exception e) =>
        e is TimeoutException or IOException or DbUpdateConcurrencyException or Regin.Core.Intake.PracticeConflictException
        || Regin.Core.Persistence.ReginDatabaseProvider.IsTransient(e)
        || (e.InnerException is { } inner && IsTransient(inner));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private async Task<MailResult> FinishAsync(long inputId, Guid? practiceId, MailResult result, CancellationToken cancellationToken)
    {
        var rawOutcome = RawOutcome(result);
        var detail = Detail(result);
        if (_statements is not null)
        {
            await _statements.FinishAsync(inputId, rawOutcome, detail, practiceId, cancellationToken);
            return result;
        }
        await db.RawInputs.Where(r => r.Id == inputId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Outcome, rawOutcome)
            .SetProperty(r => r.OutcomeDetail, detail)
            .SetProperty(r => r.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(r => r.PracticeId, practiceId), cancellationToken);
        return result;
    }

    private static string RawOutcome(MailResult result) => result.Outcome switch
    {
        MailOutcomes.Failed => RawFailed,
        MailOutcomes.Ignored => RawIgnored,
        _ => RawProcessed,
    };

    /// <summary>The detail a mail's row keeps of its outcome.</summary>
    internal static string StoredDetail(MailResult result) => Detail(result);

    private static string Detail(MailResult result)
    {
        var detail = $"{result.Outcome} {result.Reference} {result.Detail}".Trim();
        return detail.Length > 2000 ? detail[..2000] : detail;
    }

    [GeneratedRegex(@"REGIN-\d{4,9}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ReferencePattern();
}
