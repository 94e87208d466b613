using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Intake;

/// <summary>
/// Writes what a unit of work changed on a practice it holds untracked (a chat turn's draft), without EF Core's change
/// tracker: the practice compared with the copy of it the database holds, column by column as EF Core compares them
/// (each property's value comparer), and only what differs written: the practice's changed columns (checked against
/// its concurrency stamp, as SaveChanges checks it), its answers, flags and identities inserted, updated or deleted,
/// its new log lines inserted. Each statement is written from the EF Core model and prepared once per unit of work and
/// connection (<see cref="PreparedStatement"/>; on PostgreSQL the server keeps it for the physical connection), in the
/// unit's transaction (<see cref="UnitTransaction"/>). The database's triggers (list keys, practice codes, the search
/// index's marks) fire as for SaveChanges' statements. Attaching the draft and SaveChanges' change detection and batch
/// preparation were half of a chat turn's CPU.
/// </summary>
public sealed class PracticeRowWriter(ReginDbContext db, UnitTransaction unit) : IDisposable, IAsyncDisposable
{
    private readonly ModelStatements _model = new(db);
    private readonly Dictionary<(Type, char, long), PreparedStatement> _statements = [];
    private readonly Dictionary<Type, object> _inserts = [];
    private object? _transaction;

    /// <summary>
    /// Writes the difference between <paramref name="written"/> (the practice as the database holds it, not changed
    /// here) and <paramref name="current"/> (the same practice changed in memory), and clears <paramref name="current"/>'s
    /// new log lines once written. False when the database no longer holds <paramref name="written"/>'s concurrency stamp
    /// (someone else changed the practice): then nothing is written.
    /// </summary>
    public async Task<bool> WriteAsync(Practice written, Practice current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(written);
        ArgumentNullException.ThrowIfNull(current);
        if (written.Id != current.Id)
        {
            throw new ArgumentException("Two different practices.", nameof(current));
        }
        // Rows a write before inserted, their keys not read yet, would be taken for new ones.
        await ReadWaitingKeysAsync(cancellationToken);
        var practice = Of<Practice>();
        var changed = practice.Changed(written, current);
        if (changed == 0 && current.Events.Count == 0 && SameChildren(written, current))
        {
            return true;
        }
        await using var own = await unit.BeginUnlessOpenAsync(cancellationToken);
        // Where the provider has batches (PostgreSQL), the writes go in one round trip at the end (a round trip each was
        // most of a turn's time there); the stamp's check then comes with them, behind a savepoint that undoes them all
        // when it matched no row.
        var batch = WriteBatch.For(db);
        // Where the unit's owner runs the whole unit again when a check fails at its commit (a chat turn on PostgreSQL),
        // the writes wait for its COMMIT and go with it (one round trip less), the stamp's check done by the database;
        // a new flag's or identity's key, which its INSERT gives back, is read there too (see KeysWait).
        var later = own is null && batch is not null && unit.WritesMayWaitForCommit ? new List<ConnectionPrelude.Statement>() : null;
        var stamped = -1;
        Func<CancellationToken, Task<int>>? stampCheck = null;
        if (changed != 0)
        {
            // The stamp of the copy read: a writer that changed the practice since gave it a new one, and no row matches.
            var text = TextOf<Practice>('U', changed, () => UpdateText<Practice>(practice, changed, stamp: true),
                () => [.. practice.Set(changed), .. practice.Key, practice.Stamp!]);
            object?[] values = [.. practice.Values(current, changed), current.Id, written.ConcurrencyStamp];
            if (later is not null && CheckedUpdate(text.Sql) is { } checkedSql)
            {
                // Checked in the database where it goes with the COMMIT (the whole turn then fails, and is run again), in
                // the host where a statement of the unit takes it along before. Only its text and type mappings are sent:
                // no command is made for it.
                var practiceId = current.Id;
                later.Add(new ConnectionPrelude.Statement(text.Sql, values, Mappings: text.Mappings, Check: rows =>
                {
                    if (rows == 0)
                    {
                        // Remembered on the unit: whoever catches this, the unit is not committed without these writes.
                        var conflict = new PracticeConflictException(practiceId, new DbUpdateConcurrencyException("The practice's concurrency stamp is no longer the one read."));
                        unit.FailedCheck ??= conflict;
                        throw conflict;
                    }
                }, CheckedSql: checkedSql));
            }
            else if (batch is null)
            {
                if (await Statement<Practice>(text).ExecuteAsync(cancellationToken, values) == 0)
                {
                    return false;
                }
            }
            else
            {
                later = null;
                var update = Statement<Practice>(text);
                batch.Add("SAVEPOINT " + Savepoint);
                stamped = update.AddTo(batch, values);
                stampCheck = token => update.ExecuteAsync(token, values);
            }
        }
        foreach (var child in current.Answers)
        {
            child.PracticeId = current.Id;
        }
        foreach (var child in current.Flags)
        {
            child.PracticeId = current.Id;
        }
        foreach (var child in current.Identities)
        {
            child.PracticeId = current.Id;
        }
        if (ChangesStatus(current) && db.Provider().CommitWaitingForDiskStatement is { } waitForDisk)
        {
            // A submit (any change of status) is never among the last commits a crash of the database server may undo,
            // even in a unit that let its commit return before the disk flush (Chat:TurnCommitWaitsForDisk = false).
            if (later is not null)
            {
                later.Add(new ConnectionPrelude.Statement(waitForDisk, []));
            }
            else if (batch is null)
            {
                await db.Database.ExecuteSqlRawAsync(waitForDisk, cancellationToken);
            }
            else
            {
                batch.Add(waitForDisk);
            }
        }
        var writes = new Writes(later is null ? batch : null, stamped, stampCheck) { Later = later };
        if (!await WriteChildrenAsync(written.Answers, current.Answers, a => a.QuestionId, isNew: _ => false, setId: null, writes, cancellationToken)
            || !await WriteChildrenAsync(written.Flags, current.Flags, f => f.Id, isNew: f => f.Id == 0, setId: (f, id) => f.Id = id, writes, cancellationToken)
            || !await WriteChildrenAsync(written.Identities, current.Identities, i => i.Id, isNew: i => i.Id == 0, setId: (i, id) => i.Id = id, writes, cancellationToken))
        {
            return false;
        }
        foreach (var logged in current.Events)
        {
            logged.PracticeId = current.Id;
            await InsertAsync(logged, returning: false, writes, cancellationToken);
        }
        if (!await FlushAsync(writes, cancellationToken))
        {
            return false;
        }
        if (later is not null)
        {
            var connection = db.Database.GetDbConnection();
            var lastKey = later.FindLastIndex(static s => s.Read is not null);
            if (lastKey >= 0)
            {
                // The last key read, whoever waits for the keys is told (the caller's copy of the practice as written).
                _keysWaitIn = ContextTransaction.Identity(db);
                _whenKeysRead = [];
                later[lastKey] = later[lastKey] with { Done = KeysRead };
            }
            foreach (var statement in later)
            {
                ConnectionPrelude.Add(connection, statement);
            }
        }
        current.Events.Clear();
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }
        return true;
    }

    /// <summary>
    /// Whether the keys of the flags and identities the last <see cref="WriteAsync"/> inserted wait to be read with the
    /// unit's next statement or its COMMIT (a chat turn on PostgreSQL: their INSERTs go there, not in round trips of their
    /// own before it); until then those rows' keys are 0. <see cref="WhenKeysRead"/> is told when they are read.
    /// </summary>
    public bool KeysWait => _whenKeysRead is not null && ReferenceEquals(_keysWaitIn, ContextTransaction.Identity(db));

    /// <summary>Calls <paramref name="then"/> once the keys that wait (<see cref="KeysWait"/>) are read; at once when none waits.</summary>
    public void WhenKeysRead(Action then)
    {
        ArgumentNullException.ThrowIfNull(then);
        if (!KeysWait)
        {
            then();
            return;
        }
        _whenKeysRead!.Add(then);
    }

    /// <summary>
    /// Sends what waits on the unit's connection now, where keys wait (<see cref="KeysWait"/>): before the rows are written
    /// again or their keys used, a row still keyed 0 would be taken for a new one.
    /// </summary>
    public async Task ReadWaitingKeysAsync(CancellationToken cancellationToken = default)
    {
        if (!KeysWait)
        {
            return;
        }
        if (ReadBatch.For(db) is { } batch)
        {
            // Nothing of its own: what waits on the connection runs, its keys read.
            await batch.ExecuteAsync(cancellationToken);
        }
        // Read now, or never (their statements were dropped with a failed statement before them): nobody waits for them.
        _whenKeysRead = null;
        _keysWaitIn = null;
    }

    private List<Action>? _whenKeysRead;

    /// <summary>The transaction whose COMMIT reads the keys (a unit that rolled back and began again never reads them).</summary>
    private object? _keysWaitIn;

    private void KeysRead()
    {
        var then = _whenKeysRead;
        _whenKeysRead = null;
        _keysWaitIn = null;
        then?.ForEach(static t => t());
    }

    /// <summary>Whether <paramref name="current"/>'s new log lines record a change of its status (a submit).</summary>
    private static bool ChangesStatus(Practice current)
    {
        foreach (var logged in current.Events)
        {
            if (logged.Kind == StatusChangedEvent)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The log line of a change of a practice's status (<see cref="IntakeService"/>'s submit).</summary>
    internal const string StatusChangedEvent = "status_changed";

    /// <summary>The savepoint behind a batch's stamp check (<see cref="WriteAsync"/>).</summary>
    private const string Savepoint = "regin_row_write";

    /// <summary>
    /// Where <see cref="WriteAsync"/>'s statements go: run one by one (<see cref="Batch"/> null), or gathered in one batch;
    /// <see cref="Stamped"/> is the index of the stamp's UPDATE in it (-1: none waiting).
    /// </summary>
    private sealed class Writes(WriteBatch? batch, int stamped, Func<CancellationToken, Task<int>>? stampCheck = null)
    {
        public WriteBatch? Batch { get; } = batch;

        public int Stamped { get; set; } = stamped;

        /// <summary>The stamp's UPDATE run alone (its row count), while it waits in the batch.</summary>
        public Func<CancellationToken, Task<int>>? StampCheck { get; set; } = stampCheck;

        /// <summary>Statements to go with the unit's next statement or its COMMIT (<see cref="ConnectionPrelude"/>), instead of a batch.</summary>
        public List<ConnectionPrelude.Statement>? Later { get; init; }
    }

    /// <summary>The practice's stamped UPDATE written to fail in the database where it changes no row (<see cref="ReginDatabaseProvider.ExpectingRows"/>), per text; null where the provider has none.</summary>
    private string? CheckedUpdate(string update) =>
        CheckedUpdates.GetOrAdd(update, static (text, provider) => provider.ExpectingRows(text, "practice"), db.Provider());

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> CheckedUpdates = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs what waits in the batch (if any); false when the stamp's UPDATE in it matched no row (someone else changed the
    /// practice): then everything written since the savepoint is undone, as if nothing had been written.
    /// </summary>
    private async Task<bool> FlushAsync(Writes writes, CancellationToken cancellationToken)
    {
        if (writes.Batch is not { Count: > 0 } batch)
        {
            return true;
        }
        var stamped = writes.Stamped;
        var stampCheck = writes.StampCheck;
        writes.Stamped = -1;
        writes.StampCheck = null;
        int[] counts;
        try
        {
            counts = await batch.ExecuteAsync(cancellationToken);
        }
        catch (DbException) when (stampCheck is not null)
        {
            // A write after the stamp's check failed: undone to the savepoint, and the check run alone. A stale stamp
            // (the practice is someone else's version now, their answer row there already) is a stale stamp, as when the
            // check runs alone first; any other failure is the failure it was.
            await RollbackToSavepointAsync(cancellationToken);
            if (await stampCheck(cancellationToken) == 0)
            {
                return false;
            }
            await RollbackToSavepointAsync(cancellationToken);
            throw;
        }
        if (stamped >= 0 && counts[stamped] == 0)
        {
            await RollbackToSavepointAsync(cancellationToken);
            return false;
        }
        return true;
    }

    private async Task RollbackToSavepointAsync(CancellationToken cancellationToken)
    {
        var undo = WriteBatch.For(db) ?? throw new InvalidOperationException("A savepoint was taken in a batch, and no batch can undo it.");
        undo.Add("ROLLBACK TO SAVEPOINT " + Savepoint);
        await undo.ExecuteAsync(cancellationToken);
    }

    /// <summary>
    /// Whether <see cref="InsertAsync"/> takes a new practice's number (a practice built with number 0) in the batch that
    /// inserts its rows (PostgreSQL: its sequence's value, used by the rows sent after it), so the caller need not take it
    /// first in a round trip of its own. Elsewhere <see cref="InsertAsync"/> still takes it, first.
    /// </summary>
    public bool TakesPracticeNumbers => db.Provider().PracticeNumberTaken is not null && db.Database.GetDbConnection().CanCreateBatch;

    /// <summary>
    /// Inserts a practice built in memory (<see cref="IntakeService.NewDraft"/>) with everything it holds, in the unit's
    /// transaction: the practice row, then its identities, its log, its answers (whose triggers copy the list keys and
    /// codes onto the row) and its flags, as the mail batch and SaveChanges order them. The identities and flags get their
    /// ids; the log lines are cleared once written, as <see cref="WriteAsync"/> clears them. A practice numbered 0 takes
    /// its number here (<see cref="IntakeService.TakePracticeNumberAsync"/>'s statement; on PostgreSQL at the head of the
    /// rows' batch, the practice's number and its "created" line's reference written from the value it took), and
    /// <see cref="Practice.Number"/> holds it once this returns.
    /// </summary>
    public async Task InsertAsync(Practice practice, CancellationToken cancellationToken = default) => await InsertAsync(practice, numbered: null, cancellationToken);

    /// <summary>
    /// <see cref="InsertAsync(Practice, CancellationToken)"/>; but where the unit's writes may wait for its COMMIT (a chat
    /// turn on PostgreSQL that runs again whole when a check fails there: <see cref="UnitTransaction.WritesMayWaitForCommit"/>)
    /// and the number is taken in the rows' batch, with <paramref name="numbered"/> given, the rows wait to go with the
    /// unit's next statement or its COMMIT (a chat's first answer: one round trip less), and true is returned: the
    /// practice's <see cref="Practice.Number"/> (0 until then) and its identities' and flags' keys are read there, then
    /// <paramref name="numbered"/> is called. False: inserted now, as the other overload does.
    /// </summary>
    public async Task<bool> InsertAsync(Practice practice, Action? numbered, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(practice);
        await using var own = await unit.BeginUnlessOpenAsync(cancellationToken);
        var batch = ReadBatch.For(db);
        var taken = practice.Number == 0 && batch is not null ? db.Provider().PracticeNumberTaken : null;
        var waits = numbered is not null && taken is not null && own is null && unit.WritesMayWaitForCommit;
        if (practice.Number == 0 && taken is null)
        {
            // No batch to take it in: taken first, and the "created" line's reference written with it.
            var unnumbered = practice.Reference;
            practice.Number = await IntakeService.TakePracticeNumberAsync(db, cancellationToken);
            foreach (var logged in practice.Events)
            {
                if (logged.Kind == CreatedEvent && logged.NewValue == unnumbered)
                {
                    logged.NewValue = practice.Reference;
                }
            }
        }
        if (batch is not null)
        {
            // Where the provider has batches (PostgreSQL): all the rows in one round trip, the keys RETURNING gives back
            // read on the way (a chat's first answer sent its practice, identity, log lines and answer one by one), and
            // the number first when it is to be taken (it was a round trip of its own before the rows').
            if (taken is not null)
            {
                var unnumbered = practice.Reference;
                batch.Add(IntakeService.PracticeNumberSql(db), [], [],
                    r => practice.Number = Convert.ToInt32(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
                Computing<Practice>(nameof(Practice.Number), taken).AddTo(batch, practice);
                foreach (var identity in practice.Identities)
                {
                    identity.PracticeId = practice.Id;
                    InsertInto(batch, identity, setId: id => identity.Id = id);
                }
                foreach (var logged in practice.Events)
                {
                    logged.PracticeId = practice.Id;
                    if (logged.Kind == CreatedEvent && logged.NewValue == unnumbered)
                    {
                        Computing<PracticeEvent>(nameof(PracticeEvent.NewValue), ReferenceSql(taken)).AddTo(batch, logged);
                    }
                    else
                    {
                        InsertInto(batch, logged, setId: null);
                    }
                }
            }
            else
            {
                InsertInto(batch, practice, setId: null);
                foreach (var identity in practice.Identities)
                {
                    identity.PracticeId = practice.Id;
                    InsertInto(batch, identity, setId: id => identity.Id = id);
                }
                foreach (var logged in practice.Events)
                {
                    logged.PracticeId = practice.Id;
                    InsertInto(batch, logged, setId: null);
                }
            }
            foreach (var answer in practice.Answers)
            {
                answer.PracticeId = practice.Id;
                InsertInto(batch, answer, setId: null);
            }
            foreach (var flag in practice.Flags)
            {
                flag.PracticeId = practice.Id;
                InsertInto(batch, flag, setId: id => flag.Id = id);
            }
            if (waits)
            {
                // (Their values were taken as they were added: the log lines can go.)
                batch.WaitForNext(numbered);
                practice.Events.Clear();
                return true;
            }
            await batch.ExecuteAsync(cancellationToken);
            practice.Events.Clear();
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
            return false;
        }
        await InsertAsync(practice, returning: false, cancellationToken);
        foreach (var identity in practice.Identities)
        {
            identity.PracticeId = practice.Id;
            identity.Id = await InsertAsync(identity, returning: true, cancellationToken);
        }
        foreach (var logged in practice.Events)
        {
            logged.PracticeId = practice.Id;
            await InsertAsync(logged, returning: false, cancellationToken);
        }
        practice.Events.Clear();
        foreach (var answer in practice.Answers)
        {
            answer.PracticeId = practice.Id;
            await InsertAsync(answer, returning: false, cancellationToken);
        }
        foreach (var flag in practice.Flags)
        {
            flag.PracticeId = practice.Id;
            flag.Id = await InsertAsync(flag, returning: true, cancellationToken);
        }
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }
        return false;
    }

    private bool SameChildren(Practice written, Practice current) =>
        written.Answers.Count == current.Answers.Count && written.Flags.Count == current.Flags.Count && written.Identities.Count == current.Identities.Count
        && Unchanged(written.Answers, current.Answers, a => a.QuestionId)
        && Unchanged(written.Flags, current.Flags, f => f.Id)
        && Unchanged(written.Identities, current.Identities, i => i.Id);

    // The same rows in the same order, none changed, is the usual case; anything else goes through the full comparison.
    private bool Unchanged<T, TKey>(List<T> written, List<T> current, Func<T, TKey> key) where TKey : notnull where T : class
    {
        var columns = Of<T>();
        for (var i = 0; i < current.Count; i++)
        {
            if (!EqualityComparer<TKey>.Default.Equals(key(written[i]), key(current[i])) || columns.Changed(written[i], current[i]) != 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The rows' changes (false when a batch run on the way found the practice's stamp stale: see <see cref="FlushAsync"/>).</summary>
    private async Task<bool> WriteChildrenAsync<T, TKey>(List<T> written, List<T> current, Func<T, TKey> key, Func<T, bool> isNew, Action<T, long>? setId,
        Writes writes, CancellationToken cancellationToken) where T : class where TKey : notnull
    {
        var columns = Of<T>();
        if (written.Count <= current.Count && SameKeysFirst(written, current, key, isNew))
        {
            // The usual turn: the rows as read, in their order, then the rows added (an answer to a new question): each
            // compared with its own, no dictionaries. (The rows read have distinct keys: the table's key.)
            for (var i = 0; i < written.Count; i++)
            {
                await UpdateChangedAsync(columns, written[i], current[i], writes, cancellationToken);
            }
            for (var i = written.Count; i < current.Count; i++)
            {
                if (!isNew(current[i]) && Read(written, key, key(current[i])) is { } old)
                {
                    await UpdateChangedAsync(columns, old, current[i], writes, cancellationToken);
                }
            }
            for (var i = written.Count; i < current.Count; i++)
            {
                var row = current[i];
                if ((isNew(row) || Read(written, key, key(row)) is null) && !await InsertChildAsync(row, setId, writes, cancellationToken))
                {
                    return false;
                }
            }
            return true;
        }
        var before = new Dictionary<TKey, T>(written.Count);
        foreach (var row in written)
        {
            before[key(row)] = row;
        }
        var kept = new HashSet<TKey>();
        foreach (var row in current)
        {
            if (!isNew(row) && before.TryGetValue(key(row), out var old))
            {
                kept.Add(key(row));
                await UpdateChangedAsync(columns, old, row, writes, cancellationToken);
            }
        }
        // Removed rows go first, as SaveChanges orders them.
        foreach (var row in written)
        {
            if (!kept.Contains(key(row)))
            {
                var delete = TextOf<T>('D', 0, () => $"DELETE FROM {_model.Table<T>()} WHERE " + KeyCondition(columns, 0), () => columns.Key);
                await RunAsync<T>(delete, columns.KeyValues(row), writes, cancellationToken);
            }
        }
        foreach (var row in current)
        {
            if ((isNew(row) || !before.ContainsKey(key(row))) && !await InsertChildAsync(row, setId, writes, cancellationToken))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Whether <paramref name="current"/> starts with <paramref name="written"/>'s rows' keys, in their order, none of them new.</summary>
    private static bool SameKeysFirst<T, TKey>(List<T> written, List<T> current, Func<T, TKey> key, Func<T, bool> isNew) where TKey : notnull
    {
        for (var i = 0; i < written.Count; i++)
        {
            if (isNew(current[i]) || !EqualityComparer<TKey>.Default.Equals(key(written[i]), key(current[i])))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The row read with key <paramref name="wanted"/> (the last one, as a dictionary of them would hold), or null.</summary>
    private static T? Read<T, TKey>(List<T> written, Func<T, TKey> key, TKey wanted) where T : class where TKey : notnull
    {
        for (var i = written.Count - 1; i >= 0; i--)
        {
            if (EqualityComparer<TKey>.Default.Equals(key(written[i]), wanted))
            {
                return written[i];
            }
        }
        return null;
    }

    /// <summary>The UPDATE of <paramref name="row"/>'s columns that differ from <paramref name="old"/>'s, if any.</summary>
    private Task UpdateChangedAsync<T>(Columns columns, T old, T row, Writes writes, CancellationToken cancellationToken) where T : class
    {
        var changed = columns.Changed(old, row);
        // (Most rows are unchanged: the statement's closures are made only for a changed one.)
        return changed == 0 ? Task.CompletedTask : UpdateAsync(columns, changed, row, writes, cancellationToken);
    }

    private Task UpdateAsync<T>(Columns columns, long changed, T row, Writes writes, CancellationToken cancellationToken) where T : class
    {
        var update = TextOf<T>('U', changed, () => UpdateText<T>(columns, changed, stamp: false), () => [.. columns.Set(changed), .. columns.Key]);
        return RunAsync<T>(update, [.. columns.Values(row, changed), .. columns.KeyValues(row)], writes, cancellationToken);
    }

    /// <summary>The INSERT of a new row (its key given back by <paramref name="setId"/>); false as <see cref="FlushAsync"/>.</summary>
    private async Task<bool> InsertChildAsync<T>(T row, Action<T, long>? setId, Writes writes, CancellationToken cancellationToken) where T : class
    {
        if (setId is not null && writes.Later is { } later)
        {
            // Waits for the commit with the others: its key read there (KeysWait).
            later.Add(_model.InsertLater(row, "Id", r => setId(row, Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture))));
            return true;
        }
        if (setId is not null && !await FlushAsync(writes, cancellationToken))
        {
            // The key it gets back is needed now: what waits is run first.
            return false;
        }
        var id = await InsertAsync(row, returning: setId is not null, writes, cancellationToken);
        setId?.Invoke(row, id);
        return true;
    }

    private async Task RunAsync<T>(Text text, object?[] values, Writes writes, CancellationToken cancellationToken)
    {
        if (writes.Later is { } later)
        {
            // Waits for the commit: only its text and type mappings are sent, no command is made for it.
            later.Add(new ConnectionPrelude.Statement(text.Sql, values, Mappings: text.Mappings));
            return;
        }
        var statement = Statement<T>(text);
        if (writes.Batch is { } batch)
        {
            statement.AddTo(batch, values);
            return;
        }
        await statement.ExecuteAsync(cancellationToken, values);
    }

    private async Task<long> InsertAsync<T>(T row, bool returning, CancellationToken cancellationToken) where T : class =>
        await InsertAsync(row, returning, new Writes(null, -1), cancellationToken);

    private async Task<long> InsertAsync<T>(T row, bool returning, Writes writes, CancellationToken cancellationToken) where T : class
    {
        if (!returning && writes.Later is { } later)
        {
            // Waits for the commit: its text and type mappings as the INSERT's, no command made for it.
            later.Add(_model.InsertLater(row));
            return 0;
        }
        var insert = Insert<T>(returning);
        if (!returning)
        {
            if (writes.Batch is { } batch)
            {
                insert.AddTo(batch, row);
                return 0;
            }
            await insert.InsertAsync(row, cancellationToken);
            return 0;
        }
        return Convert.ToInt64(await insert.InsertReturningAsync(row, cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The row's INSERT added to <paramref name="batch"/>; with <paramref name="setId"/>, the key it gets back given to it.</summary>
    private void InsertInto<T>(ReadBatch batch, T row, Action<long>? setId) where T : class
    {
        var insert = Insert<T>(returning: setId is not null);
        insert.AddTo(batch, row, setId is null ? null : r => setId(Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The log line of a new practice, whose value is its reference (<see cref="IntakeService.NewDraft"/>).</summary>
    private const string CreatedEvent = "created";

    /// <summary>
    /// <see cref="Practice.FormatReference"/> of the number <paramref name="number"/> (an SQL expression) in SQL: the
    /// prefix, then the number with at least four digits. PostgreSQL's functions: the one provider with
    /// <see cref="ReginDatabaseProvider.PracticeNumberTaken"/>.
    /// </summary>
    private static string ReferenceSql(string number) =>
        $"'{Practice.FormatReference(0).TrimEnd('0')}' || lpad(CAST({number} AS text), greatest(4, length(CAST({number} AS text))), '0')";

    /// <summary>
    /// The INSERT of a whole row of <typeparamref name="T"/> as <see cref="ModelStatements.Insert{T}(string[], string)"/>
    /// writes it, but with <paramref name="property"/>'s column given the SQL expression <paramref name="expression"/>
    /// instead of the row's value (a value the database takes in the same batch).
    /// </summary>
    private RowInsert<T> Computing<T>(string property, string expression) where T : class
    {
        Current();
        var key = (typeof(T), property, expression);
        if (!_computing.TryGetValue(key, out var made))
        {
            var (sql, parameters, getters) = ComputingTexts.GetOrAdd((db.Model, typeof(T), property, expression), _ =>
            {
                var columns = BulkInsert.WrittenColumns(_model.Entity<T>());
                var sqlHelper = db.GetService<ISqlGenerationHelper>();
                var values = new List<string>();
                var kept = new List<(IProperty Property, IClrPropertyGetter Getter)>();
                foreach (var column in columns)
                {
                    if (column.Property.Name == property)
                    {
                        values.Add(expression);
                        continue;
                    }
                    values.Add("@p" + kept.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    kept.Add((column.Property, column.Getter));
                }
                if (kept.Count == columns.Count)
                {
                    throw new InvalidOperationException($"{typeof(T).Name}.{property} is not a column its INSERT writes.");
                }
                var text = $"INSERT INTO {_model.Table<T>()} ({string.Join(", ", columns.Select(c => sqlHelper.DelimitIdentifier(c.Name)))}) VALUES ({string.Join(", ", values)})";
                return (text, (IReadOnlyList<IProperty>)kept.Select(k => k.Property).ToList(), (IReadOnlyList<IClrPropertyGetter>)kept.Select(k => k.Getter).ToList());
            });
            made = new RowInsert<T>(PreparedStatement.Create(db, sql, parameters), getters);
            _computing[key] = made;
        }
        return (RowInsert<T>)made;
    }

    private readonly Dictionary<(Type, string, string), object> _computing = [];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(IModel Model, Type Entity, string Property, string Expression),
        (string Sql, IReadOnlyList<IProperty> Parameters, IReadOnlyList<IClrPropertyGetter> Getters)> ComputingTexts = new();

    private RowInsert<T> Insert<T>(bool returning) where T : class
    {
        Current();
        if (!_inserts.TryGetValue(typeof(T), out var made))
        {
            made = _model.Insert<T>(returning: returning ? "Id" : null);
            _inserts[typeof(T)] = made;
        }
        return (RowInsert<T>)made;
    }

    /// <summary>A statement's text and its parameters' type mappings, written once per model; <see cref="Kind"/> and <see cref="Columns"/> find its statement.</summary>
    private sealed record Text(string Sql, RelationalTypeMapping[] Mappings, char Kind, long Columns);

    private Text TextOf<T>(char kind, long columns, Func<string> text, Func<IReadOnlyList<IProperty>> parameters) =>
        Texts.TryGetValue((db.Model, typeof(T), kind, columns), out var known) ? known
            : Texts.GetOrAdd((db.Model, typeof(T), kind, columns), _ => new Text(text(), PreparedStatement.Mappings(parameters()), kind, columns));

    /// <summary>The statement of <paramref name="text"/>, made once per unit of work (compiled once per kept connection: StatementCache).</summary>
    private PreparedStatement Statement<T>(Text text)
    {
        Current();
        if (!_statements.TryGetValue((typeof(T), text.Kind, text.Columns), out var statement))
        {
            statement = PreparedStatement.Create(db, text.Sql, text.Mappings);
            _statements[(typeof(T), text.Kind, text.Columns)] = statement;
        }
        return statement;
    }

    /// <summary>Statements belong to one transaction: a new one (a unit of work that committed and began again) makes them again.</summary>
    private void Current()
    {
        var transaction = ContextTransaction.Identity(db);
        if (ReferenceEquals(transaction, _transaction))
        {
            return;
        }
        DisposeStatements();
        _transaction = transaction;
    }

    /// <summary>UPDATE of the changed columns by key; with <paramref name="stamp"/>, only while the concurrency token holds the value read.</summary>
    private string UpdateText<T>(Columns columns, long changed, bool stamp)
    {
        var set = columns.Set(changed);
        var assignments = string.Join(", ", set.Select((p, i) => $"{columns.Name(p)} = @p{i}"));
        var where = KeyCondition(columns, set.Count);
        if (stamp)
        {
            where += $" AND {columns.Name(columns.Stamp!)} = @p{set.Count + columns.Key.Count}";
        }
        return $"UPDATE {_model.Table<T>()} SET {assignments} WHERE {where}";
    }

    private static string KeyCondition(Columns columns, int first) =>
        string.Join(" AND ", columns.Key.Select((p, i) => $"{columns.Name(p)} = @p{first + i}"));

    // Made once per model (reading the model's properties, comparers and getters was a sixth of a write); found with no
    // closure allocated per call.
    private Columns Of<T>() where T : class =>
        AllColumns.GetOrAdd((db.Model, typeof(T)), static (key, db) => new Columns(
            db.Model.FindEntityType(key.Entity) ?? throw new InvalidOperationException($"{key.Entity.Name} is not in the model."),
            db.GetService<ISqlGenerationHelper>()), db);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(IModel Model, Type Entity), Columns> AllColumns = new();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(IModel Model, Type Entity, char Kind, long Columns), Text> Texts = new();

    private void DisposeStatements()
    {
        foreach (var statement in _statements.Values)
        {
            statement.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        _statements.Clear();
        foreach (var insert in _inserts.Values)
        {
            ((IAsyncDisposable)insert).DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        _inserts.Clear();
        foreach (var insert in _computing.Values)
        {
            ((IAsyncDisposable)insert).DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        _computing.Clear();
    }

    // A scope disposed synchronously (a host's start-up scope) disposes it too: the commands' disposal is synchronous anyway.
    public void Dispose() => DisposeStatements();

    public ValueTask DisposeAsync()
    {
        DisposeStatements();
        return ValueTask.CompletedTask;
    }

    /// <summary>An entity's columns as SaveChanges writes them: the key, and the columns an UPDATE may set (at most 63).</summary>
    private sealed class Columns
    {
        private readonly IProperty[] _updatable;
        private readonly IClrPropertyGetter[] _getters;
        private readonly IClrPropertyGetter[] _keyGetters;
        private readonly ISqlGenerationHelper _sql;
        private readonly StoreObjectIdentifier _table;

        public Columns(IEntityType entity, ISqlGenerationHelper sql)
        {
            _sql = sql;
            _table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            Key = entity.FindPrimaryKey()!.Properties;
            _keyGetters = Key.Select(p => p.GetGetter()).ToArray();
            // Columns only the database writes (the list keys) are left out, as SaveChanges leaves them out.
            _updatable = entity.GetProperties().Where(p => !p.IsPrimaryKey() && p.GetAfterSaveBehavior() == PropertySaveBehavior.Save).ToArray();
            if (_updatable.Length > 63)
            {
                throw new InvalidOperationException($"{entity.DisplayName()} has more columns than a change mask holds.");
            }
            _getters = _updatable.Select(p => p.GetGetter()).ToArray();
            Stamp = _updatable.FirstOrDefault(p => p.IsConcurrencyToken);
            _changed = CompileChanged(entity.ClrType);
        }

        /// <summary>
        /// <see cref="Changed"/> compiled for the entity's type: each column read from both rows as its own type and
        /// compared by its value comparer's own expression (the answers of a draft are compared on every turn; reading
        /// them through the getters boxed two values a column). Null when a column is no plain property or field.
        /// </summary>
        private Func<object, object, long>? CompileChanged(Type type)
        {
            var written = System.Linq.Expressions.Expression.Parameter(typeof(object), "written");
            var current = System.Linq.Expressions.Expression.Parameter(typeof(object), "current");
            var left = System.Linq.Expressions.Expression.Variable(type, "left");
            var right = System.Linq.Expressions.Expression.Variable(type, "right");
            var mask = System.Linq.Expressions.Expression.Variable(typeof(long), "mask");
            var body = new List<System.Linq.Expressions.Expression>
            {
                System.Linq.Expressions.Expression.Assign(left, System.Linq.Expressions.Expression.Convert(written, type)),
                System.Linq.Expressions.Expression.Assign(right, System.Linq.Expressions.Expression.Convert(current, type)),
                System.Linq.Expressions.Expression.Assign(mask, System.Linq.Expressions.Expression.Constant(0L)),
            };
            for (var i = 0; i < _updatable.Length; i++)
            {
                var property = _updatable[i];
                var comparer = property.GetValueComparer();
                if (property.IsShadowProperty() || property.IsIndexerProperty() || property.PropertyInfo?.GetMethod is null
                    || property.PropertyInfo.PropertyType != property.ClrType || comparer.Type != property.ClrType)
                {
                    return null;
                }
                var a = System.Linq.Expressions.Expression.Property(left, property.PropertyInfo);
                var b = System.Linq.Expressions.Expression.Property(right, property.PropertyInfo);
                System.Linq.Expressions.Expression same = comparer.ExtractEqualsBody(a, b);
                if (!property.ClrType.IsValueType || Nullable.GetUnderlyingType(property.ClrType) is not null)
                {
                    // As ValueComparer.Equals(object, object): two nulls are equal, one null is not, else the comparer decides.
                    var none = System.Linq.Expressions.Expression.Constant(null, property.ClrType);
                    var aNull = System.Linq.Expressions.Expression.Equal(a, none);
                    var bNull = System.Linq.Expressions.Expression.Equal(b, none);
                    same = System.Linq.Expressions.Expression.Condition(System.Linq.Expressions.Expression.OrElse(aNull, bNull),
                        System.Linq.Expressions.Expression.AndAlso(aNull, bNull), same);
                }
                body.Add(System.Linq.Expressions.Expression.IfThen(System.Linq.Expressions.Expression.Not(same),
                    System.Linq.Expressions.Expression.OrAssign(mask, System.Linq.Expressions.Expression.Constant(1L << i))));
            }
            body.Add(mask);
            return System.Linq.Expressions.Expression.Lambda<Func<object, object, long>>(
                System.Linq.Expressions.Expression.Block([left, right, mask], body), written, current).Compile();
        }

        private readonly Func<object, object, long>? _changed;

        public IReadOnlyList<IProperty> Key { get; }

        public IProperty? Stamp { get; }

        public string Name(IProperty property) => _sql.DelimitIdentifier(property.GetColumnName(_table)!);

        /// <summary>The columns whose values differ, as a mask of <see cref="_updatable"/>'s positions.</summary>
        public long Changed(object written, object current)
        {
            if (_changed is not null)
            {
                return _changed(written, current);
            }
            var mask = 0L;
            for (var i = 0; i < _updatable.Length; i++)
            {
                if (!_updatable[i].GetValueComparer().Equals(_getters[i].GetClrValue(written), _getters[i].GetClrValue(current)))
                {
                    mask |= 1L << i;
                }
            }
            return mask;
        }

        public List<IProperty> Set(long mask)
        {
            var set = new List<IProperty>();
            for (var i = 0; i < _updatable.Length; i++)
            {
                if ((mask & (1L << i)) != 0)
                {
                    set.Add(_updatable[i]);
                }
            }
            return set;
        }

        public List<object?> Values(object row, long mask)
        {
            var values = new List<object?>();
            for (var i = 0; i < _updatable.Length; i++)
            {
                if ((mask & (1L << i)) != 0)
                {
                    values.Add(_getters[i].GetClrValue(row));
                }
            }
            return values;
        }

        public object?[] KeyValues(object row) => _keyGetters.Select(g => g.GetClrValue(row)).ToArray();
    }
}
