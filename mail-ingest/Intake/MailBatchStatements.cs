using Microsoft.EntityFrameworkCore;
using Regin.Core.Intake;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.MailIngest.Intake;

/// <summary>
/// The statements a batch of mails runs for every mail, each made once per batch on its transaction and run again for
/// every row (see <see cref="PreparedStatement"/>): the raw mail stored, a new draft with its identity, answers, flags
/// and log, the mail's outcome, the replies' checks and rows. EF Core's SaveChanges made and SQLite compiled a new
/// statement (with its triggers) for every row, which was most of a mail's cost; nothing here is tracked. Made on first
/// use: a batch of ignored mails makes none of the practices' statements.
/// </summary>
public sealed class MailBatchStatements(ReginDbContext db) : IAsyncDisposable
{
    private readonly ModelStatements _model = new(db) { Positional = true };
    private readonly List<IAsyncDisposable> _made = [];

    private RowInsert<RawInput>? _rawInput;
    private RowInsert<RawInput>? _rawContent;
    private PreparedStatement? _outcome;
    private PreparedStatement? _take;
    private PreparedStatement? _maxNumber;
    private RowInsert<Practice>? _practice;
    private RowInsert<ContributorIdentity>? _identity;
    private readonly Dictionary<int, RowInsert<Answer>> _answers = [];
    private RowInsert<Flag>? _flag;
    private readonly Dictionary<int, RowInsert<PracticeEvent>> _events = [];
    private RowInsert<MailOutboxMessage>? _reply;
    private PreparedStatement? _replyKeyTaken;
    private PreparedStatement? _repliesToSince;
    private PreparedStatement? _savepoint;
    private PreparedStatement? _release;
    private int? _repliesBeforeBatch;
    private readonly bool _compiledSavepoints = db.Provider() is Regin.Core.Persistence.Sqlite.SqliteDatabaseProvider;

    /// <summary>A mail's savepoint (one name serves: each mail's is released or rolled back to before the next is made).</summary>
    private const string MailSavepoint = "mail";

    private T Made<T>(ref T? field, Func<T> make) where T : class, IAsyncDisposable
    {
        if (field is null)
        {
            field = make();
            _made.Add(field);
        }
        return field;
    }

    /// <summary>
    /// Stores the raw mail unless one with its key is stored already: its new id, or null when the key was taken (the
    /// caller then reads the stored one). The caller keeps large mails for the provider's write in pieces.
    /// </summary>
    public async Task<long?> InsertRawInputAsync(RawInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var insert = Made(ref _rawInput, () => _model.Insert<RawInput>(onConflictDoNothing: [nameof(RawInput.Channel), nameof(RawInput.DedupKey)], returning: nameof(RawInput.Id)));
        if (await insert.InsertReturningAsync(input, cancellationToken) is not { } id)
        {
            return null;
        }
        input.Id = Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
        var bytes = _model.StoreOf<RawInput>(nameof(RawInput.Content));
        if (bytes.Name != _model.Entity<RawInput>().GetTableName() || bytes.Schema != _model.Entity<RawInput>().GetSchema())
        {
            // The bytes in their own row (SQLite: see RawInputConfiguration.SplitBytes), in the same savepoint.
            await Made(ref _rawContent, () => _model.InsertInto<RawInput>(bytes)).InsertAsync(input, cancellationToken);
        }
        return input.Id;
    }

    /// <summary>An accepted mail's row taken for recording (received → processing, one attempt): 1, or 0 when it is not received any more.</summary>
    public Task<int> TakeAcceptedAsync(long inputId, CancellationToken cancellationToken)
    {
        var outcome = _model.Column<RawInput>(nameof(RawInput.Outcome));
        var attempts = _model.Column<RawInput>(nameof(RawInput.Attempts));
        var update = Made(ref _take, () => PreparedStatement.CreatePositional(db,
            $"UPDATE {_model.Table<RawInput>()} SET {outcome} = @p0, {attempts} = {attempts} + 1 WHERE {_model.Column<RawInput>(nameof(RawInput.Id))} = @p1 AND {outcome} = @p2",
            _model.Property<RawInput>(nameof(RawInput.Outcome)), _model.Property<RawInput>(nameof(RawInput.Id)), _model.Property<RawInput>(nameof(RawInput.Outcome))));
        return update.ExecuteAsync(cancellationToken, MailProcessor.RawProcessing, inputId, MailProcessor.RawReceived);
    }

    /// <summary>The mail's outcome on its raw row (its claim ended, the practice it went to).</summary>
    public Task<int> FinishAsync(long inputId, string outcome, string detail, Guid? practiceId, CancellationToken cancellationToken)
    {
        var update = Made(ref _outcome, () => PreparedStatement.CreatePositional(db,
            $"UPDATE {_model.Table<RawInput>()} SET {_model.Column<RawInput>(nameof(RawInput.Outcome))} = @p0, {_model.Column<RawInput>(nameof(RawInput.OutcomeDetail))} = @p1, "
            + $"{_model.Column<RawInput>(nameof(RawInput.LeaseExpiresAt))} = NULL, {_model.Column<RawInput>(nameof(RawInput.PracticeId))} = @p2 WHERE {_model.Column<RawInput>(nameof(RawInput.Id))} = @p3",
            _model.Property<RawInput>(nameof(RawInput.Outcome)), _model.Property<RawInput>(nameof(RawInput.OutcomeDetail)),
            _model.Property<RawInput>(nameof(RawInput.PracticeId)), _model.Property<RawInput>(nameof(RawInput.Id))));
        return update.ExecuteAsync(cancellationToken, outcome, detail, practiceId, inputId);
    }

    /// <summary>The number a new practice takes, as <see cref="IntakeService.TakePracticeNumberAsync"/> takes it (the batch's transaction holds SQLite's writer lock; PostgreSQL's sequence needs none).</summary>
    public async Task<int> NextPracticeNumberAsync(CancellationToken cancellationToken)
    {
        if (db.Provider().NumbersPracticesUnderLock)
        {
            await db.Provider().SerialiseAsync(db, IntakeService.PracticeNumberLock, cancellationToken);
        }
        var take = Made(ref _maxNumber, () => PreparedStatement.CreatePositional(db, IntakeService.PracticeNumberSql(db)));
        return Convert.ToInt32(await take.ScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A new draft built in memory (<see cref="IntakeService.NewDraft"/>) with everything it holds: the practice row, then
    /// its identities, its log, its answers (whose triggers copy the list keys and codes onto the row) and its flags.
    /// </summary>
    public async Task InsertDraftAsync(Practice practice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(practice);
        var lap = WriterProbe.Start();
        await Made(ref _practice, () => _model.Insert<Practice>()).InsertAsync(practice, cancellationToken);
        WriterProbe.Lap(WriterStage.DraftPractice, ref lap);
        foreach (var identity in practice.Identities)
        {
            identity.PracticeId = practice.Id;
            await Made(ref _identity, () => _model.Insert<ContributorIdentity>()).InsertAsync(identity, cancellationToken);
        }
        foreach (var logged in practice.Events)
        {
            logged.PracticeId = practice.Id;
        }
        await InsertManyAsync(_events, practice.Events, cancellationToken);
        WriterProbe.Lap(WriterStage.DraftLog, ref lap);
        foreach (var answer in practice.Answers)
        {
            answer.PracticeId = practice.Id;
        }
        await InsertManyAsync(_answers, practice.Answers, cancellationToken);
        WriterProbe.Lap(WriterStage.DraftAnswers, ref lap);
        foreach (var flag in practice.Flags)
        {
            flag.PracticeId = practice.Id;
            await Made(ref _flag, () => _model.Insert<Flag>()).InsertAsync(flag, cancellationToken);
        }
        WriterProbe.Lap(WriterStage.DraftFlags, ref lap);
    }

    /// <summary>The most rows one INSERT writes (a mail's answers and log lines fit: the questionnaire has 31 questions).</summary>
    private const int RowsPerInsert = 40;

    // A draft's answers (or log lines) in as few statements as fit, one prepared statement per number of rows: a batch
    // holds a few of them (mails answer similar numbers of questions). Each row still fires its own triggers.
    private async Task InsertManyAsync<T>(Dictionary<int, RowInsert<T>> byCount, IReadOnlyList<T> rows, CancellationToken cancellationToken) where T : class
    {
        for (var start = 0; start < rows.Count; start += RowsPerInsert)
        {
            var count = Math.Min(RowsPerInsert, rows.Count - start);
            if (!byCount.TryGetValue(count, out var insert))
            {
                insert = _model.Insert<T>(count);
                byCount[count] = insert;
                _made.Add(insert);
            }
            await insert.InsertAsync(start == 0 && count == rows.Count ? rows : rows.Skip(start).Take(count).ToList(), cancellationToken);
        }
    }

    /// <summary>
    /// A mail's savepoint made. On SQLite by a statement compiled once per batch: EF Core's transaction had
    /// Microsoft.Data.Sqlite compile "SAVEPOINT" and "RELEASE" anew for every mail. Elsewhere through EF Core's transaction.
    /// </summary>
    public Task SavepointAsync(CancellationToken cancellationToken) => _compiledSavepoints
        ? Made(ref _savepoint, () => PreparedStatement.CreatePositional(db, "SAVEPOINT " + MailSavepoint)).ExecuteAsync(cancellationToken)
        : Transaction.CreateSavepointAsync(MailSavepoint, cancellationToken);

    /// <summary>The mail's savepoint released (what it wrote stays in the batch's transaction).</summary>
    public Task ReleaseSavepointAsync(CancellationToken cancellationToken) => _compiledSavepoints
        ? Made(ref _release, () => PreparedStatement.CreatePositional(db, "RELEASE " + MailSavepoint)).ExecuteAsync(cancellationToken)
        : Transaction.ReleaseSavepointAsync(MailSavepoint, cancellationToken);

    /// <summary>Everything the mail wrote since its savepoint undone (the savepoint stays, to be rolled back to again or released).</summary>
    public Task RollbackToSavepointAsync(CancellationToken cancellationToken) => Transaction.RollbackToSavepointAsync(MailSavepoint, cancellationToken);

    private Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction Transaction =>
        db.Database.CurrentTransaction ?? throw new InvalidOperationException("A mail's savepoint is made in the batch's transaction.");

    /// <summary>Whether a reply with this key is stored already.</summary>
    public async Task<bool> ReplyKeyTakenAsync(string key, CancellationToken cancellationToken)
    {
        var taken = Made(ref _replyKeyTaken, () => PreparedStatement.CreatePositional(db,
            $"SELECT 1 FROM {_model.Table<MailOutboxMessage>()} WHERE {_model.Column<MailOutboxMessage>(nameof(MailOutboxMessage.DedupKey))} = @p0 LIMIT 1",
            _model.Property<MailOutboxMessage>(nameof(MailOutboxMessage.DedupKey))));
        return await taken.ScalarAsync(cancellationToken, key) is not null;
    }

    /// <summary>The replies stored to <paramref name="recipient"/> since <paramref name="since"/>.</summary>
    public async Task<int> RepliesToSinceAsync(string recipient, DateTime since, CancellationToken cancellationToken)
    {
        var count = Made(ref _repliesToSince, () => PreparedStatement.CreatePositional(db,
            $"SELECT COUNT(*) FROM {_model.Table<MailOutboxMessage>()} WHERE {_model.Column<MailOutboxMessage>(nameof(MailOutboxMessage.Recipient))} = @p0 "
            + $"AND {_model.Column<MailOutboxMessage>(nameof(MailOutboxMessage.CreatedAt))} >= @p1",
            _model.Property<MailOutboxMessage>(nameof(MailOutboxMessage.Recipient)), _model.Property<MailOutboxMessage>(nameof(MailOutboxMessage.CreatedAt))));
        return Convert.ToInt32(await count.ScalarAsync(cancellationToken, recipient, since), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The replies stored since <paramref name="since"/>, counted once per batch (the batch's own are not stored before
    /// its end: the caller adds them). Counting them for every mail read the whole last hour of the outbox each time, a
    /// cost that grew with the run.
    /// </summary>
    public async Task<int> RepliesBeforeBatchSinceAsync(DateTime since, CancellationToken cancellationToken) =>
        _repliesBeforeBatch ??= await db.MailOutbox.CountAsync(r => r.CreatedAt >= since, cancellationToken);

    /// <summary>Stores a reply row; its id is set.</summary>
    public async Task InsertReplyAsync(MailOutboxMessage row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var insert = Made(ref _reply, () => _model.Insert<MailOutboxMessage>(returning: nameof(MailOutboxMessage.Id)));
        row.Id = Convert.ToInt64(await insert.InsertReturningAsync(row, cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var made in _made)
        {
            await made.DisposeAsync();
        }
        _made.Clear();
    }
}
