namespace Regin.Core.Persistence;

public abstract partial class ReginDatabaseProvider
{
    /// <summary>
    /// One statement that inserts a row (<paramref name="insert"/>: an INSERT that gives back the row's key with
    /// <c>RETURNING</c>, and may insert nothing on a conflict) and then the part of that row split off into
    /// <paramref name="splitTable"/> (its key column <paramref name="splitKey"/> taking the new key, its other columns
    /// <paramref name="splitColumns"/> the parameters <paramref name="splitParameters"/>), giving back the key, or no row
    /// when the first INSERT inserted nothing; null where the provider has no such statement and the two INSERTs run one
    /// after the other (SQLite: no INSERT inside WITH, and no round trip to save).
    /// </summary>
    internal virtual string? InsertWithSplitRow(string insert, string splitTable, string splitKey, IReadOnlyList<string> splitColumns, IReadOnlyList<string> splitParameters) => null;

    /// <summary>
    /// <see cref="InsertWithSplitRow"/> written to fail in the database (SQLSTATE <see cref="RowsExpectedState"/>, naming
    /// <paramref name="what"/>) where it would insert no row, so that a COMMIT sent after it in the same batch does not run
    /// (<see cref="ConnectionPrelude.Statement.CheckedSql"/>); null where the provider has no such statement.
    /// </summary>
    internal virtual string? InsertWithSplitRowExpectingRow(string insert, string splitTable, string splitKey, IReadOnlyList<string> splitColumns,
        IReadOnlyList<string> splitParameters, string what) => null;

    /// <summary>
    /// <paramref name="modifying"/> (an UPDATE, INSERT or DELETE without RETURNING) written to fail in the database
    /// (SQLSTATE <see cref="RowsExpectedState"/>, naming <paramref name="what"/>, a fixed text) where it changes no row,
    /// so that a COMMIT sent after it in the same batch does not run (<see cref="ConnectionPrelude.Statement.CheckedSql"/>);
    /// null where the provider has none (SQLite: no batches, each statement's count is checked before the commit).
    /// </summary>
    public virtual string? ExpectingRows(string modifying, string what) => null;

    /// <summary>
    /// The SQLSTATE of a statement written by <see cref="ExpectingRows"/> that changed no row; its message ends with
    /// "(batch statement N)", N the value of its parameter <see cref="StatementNumberParameter"/> (its place in the batch).
    /// </summary>
    public const string RowsExpectedState = "RG409";

    /// <summary>The parameter (an integer) that numbers a statement written by <see cref="ExpectingRows"/> in its batch.</summary>
    public const string StatementNumberParameter = "statement";

    /// <summary>
    /// The statement that commits the connection's transaction, sent at the end of a batch with the unit's last writes
    /// (<see cref="WriteBatch.ExecuteAndCommitAsync"/>: one round trip less a chat turn); null where the provider has none.
    /// </summary>
    public virtual string? CommitStatement => null;

    /// <summary>
    /// The statement <see cref="SerialiseAsync"/> runs for <paramref name="name"/>, for a unit of work that sends it with
    /// its first statement (<see cref="ConnectionPrelude"/>) instead of alone; null where the provider has none
    /// (SQLite: no cross-host lock) and the caller calls <see cref="SerialiseAsync"/>. With
    /// <paramref name="commitWithoutWaitingForDisk"/>, the same statement also does what
    /// <see cref="CommitWithoutWaitingForDiskStatement"/> does (one statement less for the unit).
    /// </summary>
    public virtual ConnectionPrelude.Statement? SerialiseStatement(string name, bool commitWithoutWaitingForDisk = false) => null;

    /// <summary>
    /// The statement that lets the current transaction's commit return before its log is flushed to disk, sent with the
    /// unit's first statement (<see cref="ConnectionPrelude"/>); null where the provider has none (SQLite already commits
    /// without an fsync of its own: <c>synchronous=NORMAL</c>).
    /// </summary>
    public virtual ConnectionPrelude.Statement? CommitWithoutWaitingForDiskStatement => null;

    /// <summary>
    /// The statement that makes the current transaction's commit wait for the disk again, as the database is configured
    /// (undoing <see cref="CommitWithoutWaitingForDiskStatement"/> for this transaction; nothing otherwise); null where
    /// there is none.
    /// </summary>
    public virtual string? CommitWaitingForDiskStatement => null;

    /// <summary>
    /// The statement that takes a new practice's number (<paramref name="practices"/> the practices' table,
    /// <paramref name="number"/> its number column, both delimited): by default one more than the largest number stored,
    /// right only while the caller holds <see cref="NumbersPracticesUnderLock"/>'s lock to its commit (SQLite's writer
    /// lock, which a writing transaction holds anyway): gapless.
    /// </summary>
    public virtual string TakePracticeNumber(string practices, string number) => $"SELECT COALESCE(MAX({number}), 0) + 1 FROM {practices}";

    /// <summary>
    /// Whether <see cref="TakePracticeNumber"/> is right only under <see cref="SerialiseAsync"/> of the practice number's
    /// lock held to the commit, so that new drafts queue one behind another (false on PostgreSQL: numbers are drawn from
    /// a sequence, and a draft rolled back leaves a gap).
    /// </summary>
    public virtual bool NumbersPracticesUnderLock => true;

    /// <summary>
    /// The number <see cref="TakePracticeNumber"/> took last in this session, as an expression the statements sent after
    /// it in the same batch can use (a new draft's number taken in the batch that inserts its rows: one round trip, not
    /// two); null where the provider has none (the number is read first, then the rows written).
    /// </summary>
    public virtual string? PracticeNumberTaken => null;
}
