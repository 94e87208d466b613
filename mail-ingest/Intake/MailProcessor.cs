using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Regin.Core;
using Regin.Core.Intake;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.MailIngest.Options;
using Regin.MailIngest.Parsing;
using Regin.MailIngest.Replies;

namespace Regin.MailIngest.Intake;

/// <summary>
/// One mail, start to end: stored exactly as received (before anything else), classified, read, recorded as a draft
/// (new, or the one it refers to) in one transaction together with its outcome and its reply in the outbox. A mail
/// stored before but never finished (the process died) is processed again; one that was finished is a duplicate.
/// </summary>
public sealed partial class MailProcessor(
    ReginDbContext db,
    IntakeService intake,
    MailContentReader reader,
    ReplyComposer composer,
    Outbox outbox,
    IOptions<MailboxOptions> options,
    TimeProvider clock,
    ILogger<MailProcessor> logger)
{
    public const string Channel = Channels.Email;
    public const string RawReceived = "received";
    public const string RawProcessed = "processed";
    public const string RawIgnored = "ignored";
    public const string RawFailed = "failed";

    /// <summary>MIME nesting deeper than this is not parsed into parts (MimeKit's default is 1024).</summary>
    public const int MaxMimeDepth = 24;

    private MailboxOptions Options => options.Value;

    public async Task<MailResult> ProcessAsync(byte[] raw, bool allowReply = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(raw);
        MimeMessage? message = null;
        string? parseError = null;
        try
        {
            message = await MimeMessage.LoadAsync(new ParserOptions { MaxMimeDepth = MaxMimeDepth }, new MemoryStream(raw, writable: false), cancellationToken);
            if (message.Headers.Count == 0)
            {
                parseError = "no_headers";
            }
        }
        catch (FormatException e)
        {
            parseError = "malformed_mime: " + e.Message;
        }
        var dedupKey = !string.IsNullOrWhiteSpace(message?.MessageId) ? "mid:" + message!.MessageId.Trim() : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw));
        var (input, isNew) = await intake.StoreRawInputAsync(new RawInput
        {
            Channel = Channel,
            DedupKey = dedupKey.Length > 400 ? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw)) : dedupKey,
            ContentType = "message/rfc822",
            Content = raw,
            ConversationId = message?.From.Mailboxes.FirstOrDefault()?.Address?.ToLowerInvariant(),
            Outcome = RawReceived,
        }, cancellationToken);
        if (!isNew && input.Outcome != RawReceived)
        {
            return new MailResult { Outcome = MailOutcomes.Duplicate, RawInputId = input.Id, Detail = $"already {input.Outcome}: {input.OutcomeDetail}" };
        }
        if (message is null || parseError is not null)
        {
            return await FinishAsync(input.Id, null, new MailResult { Outcome = MailOutcomes.Failed, Detail = parseError ?? "unreadable", RawInputId = input.Id }, cancellationToken);
        }
        if (raw.LongLength > Options.MaxMessageBytes)
        {
            return await FinishAsync(input.Id, null, new MailResult { Outcome = MailOutcomes.Failed, Detail = $"too_large: {raw.LongLength} bytes", RawInputId = input.Id }, cancellationToken);
        }
        var ignored = MailClassifier.Classify(message, Options.Mailbox);
        if (ignored is not null)
        {
            return await FinishAsync(input.Id, null, new MailResult { Outcome = MailOutcomes.Ignored, Detail = ignored, RawInputId = input.Id }, cancellationToken);
        }
        var sender = message.From.Mailboxes.FirstOrDefault()?.Address;
        if (string.IsNullOrWhiteSpace(sender) || !sender.Contains('@'))
        {
            return await FinishAsync(input.Id, null, new MailResult { Outcome = MailOutcomes.Failed, Detail = "no_sender", RawInputId = input.Id }, cancellationToken);
        }

        ParsedMail parsed;
        try
        {
            parsed = reader.Read(message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not read the content of {MessageId}", message.MessageId);
            return await FinishAsync(input.Id, null, new MailResult { Outcome = MailOutcomes.Failed, Detail = "unreadable_content: " + e.Message, RawInputId = input.Id }, cancellationToken);
        }

        MailResult result;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                result = await RecordAsync(input, message, sender, parsed, allowReply, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && !IsTransient(e))
            {
                // A mail that breaks processing must not stop the mailbox: it is failed, with the reason, and kept.
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                logger.LogError(e, "Processing {MessageId} failed", message.MessageId);
                return await FinishAsync(input.Id, null, new MailResult { Outcome = MailOutcomes.Failed, Detail = "processing_error: " + e.Message, RawInputId = input.Id }, cancellationToken);
            }
        }
        logger.LogInformation("Mail {MessageId} from {Sender}: {Outcome} {Reference} {Detail}", message.MessageId, sender, result.Outcome, result.Reference, result.Detail);
        return result;
    }

    /// <summary>A message too large to download: its headers are kept, with the reason, and it goes to Failed.</summary>
    public async Task<MailResult> RecordTooLargeAsync(byte[] headers, ulong size, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        HeaderList? list = null;
        try
        {
            list = await HeaderList.LoadAsync(new MemoryStream(headers, writable: false), cancellationToken);
        }
        catch (FormatException)
        {
            // The headers themselves are broken: the hash of the bytes keys it.
        }
        var messageId = list?[HeaderId.MessageId];
        var (input, isNew) = await intake.StoreRawInputAsync(new RawInput
        {
            Channel = Channel,
            DedupKey = !string.IsNullOrWhiteSpace(messageId) ? "mid:" + MimeKit.Utils.MimeUtils.ParseMessageId(messageId) : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(headers)),
            ContentType = "text/rfc822-headers",
            Content = headers,
            Outcome = RawReceived,
        }, cancellationToken);
        if (!isNew && input.Outcome != RawReceived)
        {
            return new MailResult { Outcome = MailOutcomes.Duplicate, RawInputId = input.Id, Detail = $"already {input.Outcome}" };
        }
        return await FinishAsync(input.Id, null, new MailResult { Outcome = MailOutcomes.Failed, Detail = $"too_large: {size} bytes (headers kept)", RawInputId = input.Id }, cancellationToken);
    }

    /// <summary>
    /// The mail's one unit of work: the draft is loaded (or started) once, changed in memory (identity, answers, flags,
    /// language, submission), and saved once together with the reply in the outbox and the outcome on the raw message.
    /// </summary>
    private async Task<MailResult> RecordAsync(RawInput input, MimeMessage message, string sender, ParsedMail parsed, bool allowReply, CancellationToken cancellationToken)
    {
        var inputId = input.Id;
        var contributor = ContributorKey.ForEmail(sender);
        var referenced = await FindReferencedAsync(message, contributor, cancellationToken);
        var language = parsed.Language ?? referenced?.Language ?? Languages.FromLocale(message.Headers[HeaderId.ContentLanguage]) ?? Languages.Default;
        var problems = parsed.Problems.Count > 0 ? " problems=" + string.Join(",", parsed.Problems) : "";
        var mixed = parsed.MixedLanguages ? " mixed_languages" : "";

        if (parsed.Answers.Count == 0)
        {
            var noAnswers = new MailResult
            {
                Outcome = parsed.Problems.Count > 0 ? MailOutcomes.Failed : MailOutcomes.NeedsInfo,
                Reference = referenced?.Reference,
                Language = language,
                Detail = (parsed.Problems.Count > 0 ? "unreadable_attachment" : "no_answers") + problems,
                RawInputId = inputId,
            };
            var noAnswersReply = allowReply
                ? await QueueReplyAsync(message, sender, new ReplyContent(language, referenced?.Reference, [], [], false, NoAnswers: true), referenced?.Id, "no_answers", cancellationToken)
                : null;
            return await CompleteAsync(input, referenced, noAnswers, noAnswersReply, cancellationToken);
        }

        var created = referenced is null;
        // A new draft is saved at once (its number is taken with a retry); everything after is saved together.
        var practice = referenced ?? await intake.StartDraftAsync(contributor, language, Channels.Email, cancellationToken);
        if (!created)
        {
            intake.LinkIdentity(practice, contributor, Channels.Email);
        }
        // Beyond the normaliser's hard limit an answer is refused anyway; capping keeps the words it reports equal to ours.
        var answers = parsed.Answers.Select(a => new KeyValuePair<string, string>(a.QuestionId,
            a.Text.Length > AnswerNormaliser.HardLimit ? a.Text[..AnswerNormaliser.HardLimit] : a.Text)).ToList();
        if (!answers.Any(a => a.Key == "contact_email") && !practice.Answers.Any(a => a.QuestionId == "contact_email"))
        {
            answers.Add(new KeyValuePair<string, string>("contact_email", sender));
        }
        var outcomes = intake.RecordAnswers(practice, answers, language, contributor.ToString());

        var authentication = MailClassifier.AuthenticationProblem(message);
        if (authentication is not null)
        {
            practice.Flags.Add(new Flag { PracticeId = practice.Id, QuestionId = null, Reason = FlagReasons.SenderNotAuthenticated, Detail = $"{sender}: {authentication}", CreatedAt = clock.GetUtcNow() });
        }
        if (created && practice.Language != language)
        {
            intake.SetLanguage(practice, language);
        }
        var missing = intake.Missing(practice);
        var invalid = outcomes.Count(o => !o.Stored);
        var submitted = false;
        if (missing.Count == 0 && invalid == 0)
        {
            submitted = intake.Submit(practice, contributor.ToString()).Submitted;
        }
        var outcome = submitted ? MailOutcomes.Submitted : created ? MailOutcomes.Created : MailOutcomes.Updated;
        var errorKey = invalid > 0 || missing.Count > 0
            ? "incomplete:" + string.Join(",", outcomes.Where(o => !o.Stored).Select(o => o.Answer.QuestionId).Order()) + "|" + string.Join(",", missing.Select(q => q.Id))
            : null;
        RawInput? reply = null;
        if (allowReply)
        {
            reply = await QueueReplyAsync(message, sender, new ReplyContent(language, practice.Reference, outcomes, missing, submitted, NoAnswers: false), practice.Id, errorKey, cancellationToken);
        }
        var result = new MailResult
        {
            Outcome = outcome,
            Reference = practice.Reference,
            Language = language,
            Answers = outcomes.Count(o => o.Stored),
            Invalid = invalid,
            Missing = missing.Count,
            RawInputId = inputId,
            Detail = $"lang={language} answers={outcomes.Count(o => o.Stored)} invalid={invalid} missing={missing.Count} from={parsed.Source}{mixed}{problems}"
                + (authentication is null ? "" : " sender_not_authenticated"),
        };
        if (submitted)
        {
            logger.LogInformation("Practice {Reference} submitted by {Actor}", practice.Reference, contributor);
        }
        return await CompleteAsync(input, practice, result, reply, cancellationToken);
    }

    /// <summary>The outcome on the raw message, saved with the practice's changes and the reply: one SaveChanges per mail.</summary>
    private async Task<MailResult> CompleteAsync(RawInput input, Practice? practice, MailResult result, RawInput? reply, CancellationToken cancellationToken)
    {
        if (db.Entry(input).State == EntityState.Detached)
        {
            db.RawInputs.Attach(input);
        }
        input.Outcome = RawOutcome(result);
        input.OutcomeDetail = Detail(result);
        input.PracticeId = practice?.Id;
        if (practice is not null)
        {
            await intake.SaveAsync(practice, cancellationToken);
        }
        else
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        return result with { ReplyId = reply?.Id };
    }

    /// <summary>
    /// The draft the mail refers to: one of our replies it answers (In-Reply-To, References: their Message-IDs are
    /// known only to those who received them), or a reference in the subject, which counts only for the draft's own
    /// contributor (anyone can type a reference).
    /// </summary>
    private async Task<Practice?> FindReferencedAsync(MimeMessage message, ContributorKey contributor, CancellationToken cancellationToken)
    {
        var candidates = new List<(string Reference, bool Threaded)>();
        foreach (var id in message.References.Append(message.InReplyTo ?? "").Reverse())
        {
            var match = OurMessageId().Match(id ?? "");
            if (match.Success)
            {
                candidates.Add((match.Groups["reference"].Value, true));
            }
        }
        candidates.AddRange(ReferencePattern().Matches(message.Subject ?? "").Select(m => (m.Value, false)));
        foreach (var (reference, threaded) in candidates)
        {
            var practice = await intake.FindByReferenceAsync(reference.ToUpperInvariant(), cancellationToken);
            if (practice is not null && PracticeStatus.IsOpenForContributor(practice.Status)
                && (threaded
                    || practice.Identities.Any(i => i.Channel == contributor.Channel && i.ExternalId == contributor.ExternalId)
                    || string.Equals(practice.ContributorEmail, contributor.ExternalId, StringComparison.OrdinalIgnoreCase)))
            {
                return practice;
            }
        }
        return null;
    }

    private async Task<RawInput?> QueueReplyAsync(MimeMessage original, string sender, ReplyContent content, Guid? practiceId, string? errorKey, CancellationToken cancellationToken)
    {
        if (!Options.SendReplies)
        {
            return null;
        }
        var reply = composer.Compose(original, content, Options.Mailbox);
        // At most one error reply per sender and error per day; confirmations are keyed by the mail they answer.
        var key = errorKey is null
            ? $"reply:{original.MessageId ?? reply.MessageId}"
            : $"limit:{sender.ToLowerInvariant()}:{Hash(errorKey)}:{clock.GetUtcNow():yyyy-MM-dd}";
        return await outbox.AddAsync(reply, key, practiceId, cancellationToken);
    }

    /// <summary>Errors worth a retry (the database is busy, the connection dropped): the mail stays unprocessed.</summary>
    public static bool IsTransient(Exception e) =>
        e is TimeoutException or IOException or DbUpdateConcurrencyException or Regin.Core.Intake.PracticeConflictException
        || Regin.Core.Persistence.ReginDatabaseProvider.IsTransient(e)
        || (e.InnerException is { } inner && IsTransient(inner));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];

    private async Task<MailResult> FinishAsync(long inputId, Guid? practiceId, MailResult result, CancellationToken cancellationToken)
    {
        var rawOutcome = RawOutcome(result);
        var detail = Detail(result);
        await db.RawInputs.Where(r => r.Id == inputId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Outcome, rawOutcome)
            .SetProperty(r => r.OutcomeDetail, detail)
            .SetProperty(r => r.PracticeId, practiceId), cancellationToken);
        return result;
    }

    private static string RawOutcome(MailResult result) => result.Outcome switch
    {
        MailOutcomes.Failed => RawFailed,
        MailOutcomes.Ignored => RawIgnored,
        _ => RawProcessed,
    };

    private static string Detail(MailResult result)
    {
        var detail = $"{result.Outcome} {result.Reference} {result.Detail}".Trim();
        return detail.Length > 2000 ? detail[..2000] : detail;
    }

    [GeneratedRegex(@"REGIN-\d{4,}", RegexOptions.IgnoreCase)]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(@"^<?regin\.(?<reference>REGIN-\d{4,})\.", RegexOptions.IgnoreCase)]
    private static partial Regex OurMessageId();
}
