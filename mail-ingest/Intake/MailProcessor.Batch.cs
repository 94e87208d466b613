using Regin.Core.Localisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;
using Regin.Core;
using Regin.Core.Intake;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.MailIngest.Replies;

namespace Regin.MailIngest.Intake;

/// <summary>A mail read by <see cref="MailReader"/> and waiting for its turn to be recorded in a batch.</summary>
public sealed record ReadMail
{
    /// <summary>The bytes as received, or the headers of a mail too large to download (<see cref="TooLargeSize"/>).</summary>
    public required byte[] Raw { get; init; }
    public required MailIdentity Identity { get; init; }
    /// <summary>Null for a mail too large to read (its headers are kept) and when reading failed (<see cref="Failure"/>).</summary>
    public MailReading? Reading { get; init; }
    public ulong? TooLargeSize { get; init; }
    /// <summary>Reading threw or ran out of time: the mail is recorded failed with this reason (raw kept, sender told).</summary>
    public string? Failure { get; init; }
    public bool AllowReply { get; init; } = true;
    /// <summary>Its answers normalised by the reader as a new draft would take them (used when the mail starts one).</summary>
    public NewDraftAnswers? NewDraft { get; init; }
    /// <summary>The accepted row (<see cref="MailAcceptor"/>) the mail was read from: recorded on it, not stored again.</summary>
    public long? StoredId { get; init; }
    /// <summary>
    /// A large accepted mail's bytes, in a temporary file its parse reads the parts' contents from (<see cref="Raw"/> is then
    /// empty: it is stored already): disposed by the writer once the mail is recorded.
    /// </summary>
    public Stream? RawStream { get; init; }
}

/// <summary>
/// A mail's answers as a new draft records them (the sender's contact address added when authenticated), in the
/// language a new draft takes, normalised off the writer's path: for a new draft its own answers are the whole context.
/// </summary>
public sealed record NewDraftAnswers(string Language, IReadOnlyList<KeyValuePair<string, string>> Answers, IReadOnlyList<Regin.Core.Normalisation.NormalisedAnswer> Normalised)
{
    /// <summary>Whether these were normalised from the same answers in the same language (else the writer normalises them itself).</summary>
    public bool Fits(string language, IReadOnlyList<KeyValuePair<string, string>> answers) => Language == language && Answers.SequenceEqual(answers);
}

/// <summary>
/// The replies of a batch: each composed on the thread pool from the moment it is reserved (pure CPU, no database: the
/// writer records the next mails meanwhile), and all awaited before the batch commits.
/// </summary>
public sealed class BatchReplies
{
    private readonly List<(MailOutboxMessage Row, Task<byte[]> Content)> _replies = [];

    public IReadOnlyCollection<MailOutboxMessage> Rows => _replies.Select(r => r.Row).ToList();

    public int Count => _replies.Count;

    /// <summary>Reserves <paramref name="row"/> and starts composing its content.</summary>
    public void Add(MailOutboxMessage row, Func<MimeMessage> compose)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(compose);
        _replies.Add((row, Task.Run(() => Outbox.ContentAsync(compose()))));
    }

    /// <summary>Drops the replies reserved after <paramref name="count"/> (a mail rolled back to its savepoint); their composing is let finish unseen.</summary>
    public void TruncateTo(int count)
    {
        foreach (var (_, content) in _replies.Skip(count))
        {
            // Observed, so that a reply of a rolled-back mail that failed to compose is not reported as unobserved.
            _ = content.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        _replies.RemoveRange(count, _replies.Count - count);
    }

    /// <summary>Waits for every reply's content and returns the rows, content filled.</summary>
    public async Task<IReadOnlyList<MailOutboxMessage>> ComposeAsync(CancellationToken cancellationToken)
    {
        foreach (var (row, content) in _replies)
        {
            row.Content = await content.WaitAsync(cancellationToken);
        }
        return _replies.Select(r => r.Row).ToList();
    }

    public void Clear() => TruncateTo(0);
}

public sealed partial class MailProcessor
{
    private BatchReplies? _batchReplies;
    private MailBatchStatements? _statements;

    /// <summary>From now on this processor reserves its replies in <paramref name="replies"/> rather than composing them at once.</summary>
    public void ComposeRepliesLater(BatchReplies replies) => _batchReplies = replies;

    /// <summary>
    /// From now on this processor writes through the batch's prepared statements (its transaction's): the raw mail, a new
    /// draft whole, the outcome and the replies' checks; a mail that changes an existing practice still goes through EF Core.
    /// </summary>
    public void WriteWith(MailBatchStatements statements) => _statements = statements;

    /// <summary>
    /// The answers a mail read by <see cref="MailReader"/> would record on a new draft, normalised now (no database): the
    /// reader's threads run it so the writer does not. Null when the mail records no answers. <paramref name="today"/> is
    /// the day it is read ("next year" is read against it).
    /// </summary>
    public static NewDraftAnswers? NormaliseForNewDraft(MailReading reading, Regin.Core.Normalisation.AnswerNormaliser normaliser, Texts texts, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(normaliser);
        ArgumentNullException.ThrowIfNull(texts);
        if (reading is not { Early: null, Message: { } message, Sender: { } sender, Verdict: { } verdict, Parsed: { Answers.Count: > 0 } parsed })
        {
            return null;
        }
        var language = NewDraftLanguage(parsed, message, texts);
        // A display name of another contributor is known only to the writer: its answers then differ, and it normalises them again.
        var answers = AnswersToRecord(parsed, verdict, sender, null, message, reading.Impersonation, nameOfAnother: false);
        return new NewDraftAnswers(language, answers, IntakeService.NormaliseForNewDraft(normaliser, answers, language, today));
    }

    /// <summary>
    /// Stores the raw mail: through the batch's prepared INSERT when there is one (a large mail is written in pieces by the
    /// store), else by <see cref="RawInputStore"/>. IsNew is false when the same mail was stored before.
    /// </summary>
    private async Task<(RawInput Input, bool IsNew)> StoreRawAsync(RawInput input, CancellationToken cancellationToken)
    {
        if (_statements is null || (db.Provider().WriteInPiecesFrom is { } large && input.Content.Length >= large))
        {
            return await rawInputs.StoreAsync(input, cancellationToken);
        }
        input.ReceivedAt = clock.GetUtcNow();
        if (await _statements.InsertRawInputAsync(input, cancellationToken) is { } id)
        {
            input.Id = id;
            return (input, true);
        }
        return (await db.RawInputs.AsNoTracking().FirstAsync(r => r.Channel == input.Channel && r.DedupKey == input.DedupKey, cancellationToken), false);
    }

    /// <summary>
    /// Stores and records one mail of a batch, in the caller's transaction (the caller holds a savepoint for it). A mail
    /// stored before is a duplicate; one another worker left unfinished stays for <see cref="ResumeUnfinishedAsync"/>.
    /// </summary>
    public async Task<MailResult> RecordReadAsync(ReadMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (mail.StoredId is { } stored)
        {
            return await RecordAcceptedAsync(stored, mail, cancellationToken);
        }
        if (mail.TooLargeSize is { } size)
        {
            return await RecordTooLargeAsync(mail.Raw, size, cancellationToken);
        }
        var (input, isNew) = await StoreOrVariantAsync(NewRawInput(mail, RawReceived, null), row => StoreRawAsync(row, cancellationToken), cancellationToken);
        if (!isNew)
        {
            return input.Outcome is RawReceived or RawProcessing
                ? new MailResult { Outcome = MailOutcomes.InProgress, RawInputId = input.Id, Detail = "stored before, not finished: resumed when a watcher starts" }
                : new MailResult { Outcome = MailOutcomes.Duplicate, RawInputId = input.Id, Detail = $"already {input.Outcome}: {input.OutcomeDetail}", PreviouslyFailed = input.Outcome == RawFailed };
        }
        if (mail.Failure is { } failure)
        {
            return await FinishAsync(input.Id, null, new MailResult { Outcome = MailOutcomes.Failed, RawInputId = input.Id, Detail = failure }, cancellationToken);
        }
        return await RecordReadingAsync(input, mail.Reading!, mail.AllowReply, cancellationToken, mail.NewDraft);
    }

    /// <summary>
    /// Records a mail accepted before (<see cref="MailAcceptor"/>: its row and bytes stored, <c>received</c>) on its row:
    /// taken first (received → processing, in the caller's transaction, so of two readers only one records it; a crash
    /// rolls the taking back with the rest), then recorded as any mail, its outcome on the row.
    /// </summary>
    private async Task<MailResult> RecordAcceptedAsync(long id, ReadMail mail, CancellationToken cancellationToken)
    {
        var lap = WriterProbe.Start();
        var taken = await TakeAcceptedAsync(id, cancellationToken);
        WriterProbe.Lap(WriterStage.Take, ref lap);
        if (!taken)
        {
            return new MailResult { Outcome = MailOutcomes.InProgress, RawInputId = id, Detail = "read by another worker" };
        }
        if (mail.Failure is { } failure)
        {
            return await FinishAsync(id, null, new MailResult { Outcome = MailOutcomes.Failed, RawInputId = id, Detail = failure }, cancellationToken);
        }
        var input = NewRawInput(mail, RawProcessing, null);
        input.Id = id;
        return await RecordReadingAsync(input, mail.Reading!, mail.AllowReply, cancellationToken, mail.NewDraft);
    }

    /// <summary>received → processing, one attempt, when the row is still received: false when another reader has it (or had it).</summary>
    private async Task<bool> TakeAcceptedAsync(long id, CancellationToken cancellationToken)
    {
        if (_statements is not null)
        {
            return await _statements.TakeAcceptedAsync(id, cancellationToken) == 1;
        }
        return await db.RawInputs.Where(r => r.Id == id && r.Outcome == RawReceived)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Outcome, RawProcessing).SetProperty(r => r.Attempts, r => r.Attempts + 1), cancellationToken) == 1;
    }

    /// <summary>
    /// A mail whose recording threw (a constraint, a bug in its normalisation), after its savepoint was rolled back: its
    /// raw bytes are stored failed with the reason, and the sender is told in their language that it is kept for the team.
    /// </summary>
    public async Task<MailResult> RecordFailedAsync(ReadMail mail, Exception error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(error);
        var reason = "processing_error: " + (error.GetBaseException() is var root && root != error ? $"{error.Message} ({root.Message})" : error.Message);
        logger.LogError(error, "Recording mail {Key} failed; it is kept as failed", mail.Identity.DedupKey);
        RawInput stored;
        if (mail.StoredId is { } id)
        {
            // Accepted before: its row (back to received by the rollback) is taken again and kept failed.
            if (!await TakeAcceptedAsync(id, cancellationToken))
            {
                return new MailResult { Outcome = MailOutcomes.InProgress, RawInputId = id, Detail = "read by another worker" };
            }
            await FinishAsync(id, null, new MailResult { Outcome = MailOutcomes.Failed, RawInputId = id, Detail = reason }, cancellationToken);
            stored = NewRawInput(mail, RawFailed, null);
            stored.Id = id;
        }
        else
        {
            var input = NewRawInput(mail, RawFailed, Truncate($"{MailOutcomes.Failed} {reason}", 2000));
            (stored, var isNew) = await StoreOrVariantAsync(input, row => rawInputs.StoreAsync(row, cancellationToken), cancellationToken);
            if (!isNew)
            {
                return new MailResult { Outcome = MailOutcomes.Duplicate, RawInputId = stored.Id, Detail = $"already {stored.Outcome}: {stored.OutcomeDetail}", PreviouslyFailed = stored.Outcome == RawFailed };
            }
        }
        MailOutboxMessage? reply = null;
        if (mail is { AllowReply: true, Reading: { Message: { } message, Sender: { } sender, Verdict: { } verdict } reading })
        {
            var language = reading.Parsed?.Language ?? Languages.FromLocale(ContentLanguage(message)) ?? Languages.Default;
            reply = await QueueReplyAsync(message, sender, verdict,
                new ReplyContent(language, null, [], [], false, NoAnswers: false, QuoteAnswers: false, Notice: texts.Get(ProcessingFailedKey, language)),
                null, stored.Id, "processing_error", cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        return new MailResult { Outcome = MailOutcomes.Failed, RawInputId = stored.Id, Detail = reason, ReplyId = reply?.Id };
    }

    /// <summary>The reply to a mail kept as failed after an error on our side.</summary>
    public const string ProcessingFailedKey = "mail.reply_processing_failed";

    private static RawInput NewRawInput(ReadMail mail, string outcome, string? detail) => new()
    {
        Channel = Channel,
        DedupKey = mail.Identity.DedupKey,
        ContentType = "message/rfc822",
        Content = mail.Raw,
        ConversationId = mail.Identity.From is { Length: <= 320 } from ? from : null,
        Outcome = outcome,
        OutcomeDetail = detail,
        Attempts = 1,
    };
}
