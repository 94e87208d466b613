using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Regin.Core.Persistence.PostgreSql;

/// <summary>
/// PostgreSQL, for several bot hosts and mail watchers on one database. Whatever one process must not do while
/// another does it (migrate, take the next practice number, run a turn of one conversation) is guarded by an
/// advisory lock, which PostgreSQL releases when the session that holds it ends, a killed process included.
/// </summary>
public sealed partial class PostgreSqlDatabaseProvider : ReginDatabaseProvider, IAsyncDisposable
{
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(2);
    private readonly Lazy<NpgsqlDataSource> _locks;

    public PostgreSqlDatabaseProvider(string connectionString) : base(connectionString)
    {
        // Lock sessions come from a pool of their own, so a turn waiting for its lock never takes EF's connections.
        _locks = new Lazy<NpgsqlDataSource>(() => NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(WithPoolSize(connectionString, DefaultMaxLockPoolSize))
        {
            ApplicationName = "regin-locks",
            CommandTimeout = (int)LockWait.TotalSeconds,
        }.ConnectionString));
    }

    public override string Name => PostgreSqlName;

    /// <summary>Its planner reads the statistics ANALYZE keeps (autovacuum): a capped count to choose an index is a round trip lost.</summary>
    public override bool PlansWithStatistics => true;

    /// <summary>A statement is a round trip to the server: a writer of many rows sends them many to a statement.</summary>
    public override bool RowsManyToAStatement => true;

    /// <summary>Many rows to a statement through <c>unnest</c> of array parameters (see the base).</summary>
    public override bool InsertsRowsFromArrays => true;

    /// <summary>A data-modifying WITH: one round trip for a row and its split-off part (<see cref="PostgreSqlStatements.InsertWithSplitRow"/>).</summary>
    internal override string? InsertWithSplitRow(string insert, string splitTable, string splitKey, IReadOnlyList<string> splitColumns, IReadOnlyList<string> splitParameters) =>
        PostgreSqlStatements.InsertWithSplitRow(insert, splitTable, splitKey, splitColumns, splitParameters);

    public override string MigrationsNamespace => typeof(PostgreSqlDatabaseProvider).Namespace + ".Migrations";

    /// <summary>
    /// Besides a stale stamp: a deadlock or serialisation failure (PostgreSQL chose this transaction to give way; its
    /// documentation says to run it again), and a primary key another transaction inserted first while this one waited
    /// for it (two first answers to one question at once: EF writes the answers before the practice's stamp, so the
    /// loser meets the winner's answer row before the stamp could tell). A fresh read sees the winner's row.
    /// </summary>
    public override bool IsWriteConflict(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbUpdateConcurrencyException
                || e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure }
                || e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: { } name } && name.StartsWith("PK_", StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    public override string Describe()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    protected override void ConfigureProvider(DbContextOptionsBuilder options) =>
        options.UseNpgsql(PooledConnectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgreSqlDatabaseProvider).Assembly.FullName))
            // A unit's lock waiting to go with its first statement (ConnectionPrelude) runs before any EF Core command.
            .AddInterceptors(PreludeFirst);

    private static readonly ConnectionPreludeInterceptor PreludeFirst = new();

    /// <summary>The connection string of the pool the host's contexts (and its kept connections) take their sessions from.</summary>
    private string PooledConnectionString => _pooled ??= WithPoolSize(WithNoResetOnClose(WithAutoPrepare(ConnectionString)), DefaultMaxPoolSize);

    private string? _pooled;

    /// <summary>
    /// A session of the contexts' own pool (the same connection string, so one the chat warm-up prepared the turn's
    /// statements on), held open by <see cref="KeptConnections"/> for the chat turns: see there why.
    /// </summary>
    public override System.Data.Common.DbConnection? OpenKeptConnection()
    {
        var connection = new NpgsqlConnection(PooledConnectionString);
        try
        {
            connection.Open();
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return connection;
    }

    /// <summary>
    /// A fifth of the pool at most (4 of the default 25 on 2 cores), so the pool keeps sessions for everything else (the
    /// turns beyond these, the review, the workers); none with a pool of fewer than 5.
    /// </summary>
    public override int KeptConnectionCapacity =>
        Math.Min(base.KeptConnectionCapacity, new NpgsqlConnectionStringBuilder(PooledConnectionString).MaxPoolSize / 5);

    public override bool KeptConnectionsCacheStatements => false;

    /// <summary>Open and not broken; a turn's transaction is rolled back (or committed) before its connection is given back.</summary>
    public override bool IsReusable(System.Data.Common.DbConnection connection) =>
        connection is NpgsqlConnection { FullState: System.Data.ConnectionState.Open };

    /// <summary>
    /// Broken or closed under the unit that opened it: Npgsql breaks a connection whose session the server ended (its
    /// FATAL error, or the socket's end) and never checks an idle one, pooled or kept, before handing it out.
    /// </summary>
    public override bool IsBroken(System.Data.Common.DbConnection connection) =>
        connection is NpgsqlConnection { FullState: System.Data.ConnectionState.Broken or System.Data.ConnectionState.Closed };

    /// <summary>
    /// Npgsql's pool of the connection's string is cleared: its idle sessions are closed now, those in use when given back,
    /// so the next open makes a new session rather than taking another the server ended. (Npgsql clears it itself when a
    /// session breaks with an error it takes for the server being down, such as a terminated backend's 57P01 or a lost
    /// socket, but not for every way a session ends; cleared here whatever the error. The kept sessions are in use as far
    /// as Npgsql knows, and only <see cref="KeptConnections.Broken"/> drops them.)
    /// </summary>
    public override void ForgetIdleSessions(System.Data.Common.DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is NpgsqlConnection npgsql)
        {
            NpgsqlConnection.ClearPool(npgsql);
        }
    }

    /// <summary>
    /// The most connections a host opens for its work unless the connection string says (<c>Maximum Pool Size</c>).
    /// Npgsql's own default (100) is PostgreSQL's default <c>max_connections</c> (100, 3 of them kept for superusers): under
    /// a hundred chats at once one host alone asked for more than the server allows ("53300: sorry, too many clients
    /// already"), turns failed and their retries held starts for seconds. 25 here and 5 for the lock sessions leave room
    /// for two bot hosts and the mail ingester on a default server; a turn waits in the pool for a connection instead.
    /// </summary>
    public const int DefaultMaxPoolSize = 25;

    /// <summary>The most lock sessions (<see cref="LockAcrossHostsAsync"/>) a host opens unless the connection string says.</summary>
    public const int DefaultMaxLockPoolSize = 5;

    /// <summary>The connection string with <c>Maximum Pool Size</c> = <paramref name="size"/> unless it names a pool size itself.</summary>
    public static string WithPoolSize(string connectionString, int size)
    {
        if (connectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase)
            || connectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            return connectionString;
        }
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxPoolSize = Math.Max(size, builder.MinPoolSize);
        return builder.ConnectionString;
    }

    /// <summary>How many statements Npgsql prepares by itself per physical connection unless the connection string says.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// EF Core's statements prepared on the server once they have run a few times (Npgsql's automatic preparation, off
    /// by default: a chat turn's queries were parsed and planned again on every turn), unless the connection string
    /// sets <c>Max Auto Prepare</c> itself (0 turns it off).
    /// </summary>
    internal static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var named = connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) || connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase);
        if (named)
        {
            return connectionString;
        }
        builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        return builder.ConnectionString;
    }

    /// <summary>
    /// The pool's connections are not reset when a unit gives its connection back, unless the connection string sets
    /// <c>No Reset On Close</c> itself. Npgsql's reset (with statements prepared: <c>SET SESSION AUTHORIZATION DEFAULT;
    /// RESET ALL; CLOSE ALL; UNLISTEN *; SELECT pg_advisory_unlock_all(); DISCARD SEQUENCES; DISCARD TEMP</c>) went with
    /// the next unit's first statement, parsed and run by the server on every chat turn, and undid nothing: the pooled
    /// connections never hold session state (locks are transaction-scoped, <c>SET CONSTRAINTS</c> ends with its
    /// transaction; LISTEN, session locks and temporary tables are on unpooled connections of their own). A transaction
    /// left open is still rolled back when the connection goes back to the pool.
    /// </summary>
    internal static string WithNoResetOnClose(string connectionString)
    {
        if (connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase) || connectionString.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
        {
            return connectionString;
        }
        return new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;
    }

    /// <summary>
    /// Creates the database when it is missing, then migrates under a session advisory lock on a connection of its
    /// own: a second host starting at the same moment waits, then finds nothing pending.
    /// </summary>
    protected override async Task MigrateExclusivelyAsync(ReginDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
                logger.LogInformation("Created the database {Database}", Describe());
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
            {
                // Another host created it at the same moment.
            }
        }
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            Pooling = false,
            ApplicationName = "regin-migrate",
            CommandTimeout = 0,
        }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection))
        {
            take.Parameters.AddWithValue(LockKey("regin:migrate"));
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        // Closing the session (below, or by the death of this process) releases the lock.
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>
    /// The review list's keys compare byte by byte (collation "C"), as SQLite's do: the same order on both providers
    /// whatever the database's locale, and their indexes serve prefix ranges.
    /// </summary>
    public override void ConfigureModel(ModelBuilder modelBuilder)
    {
        base.ConfigureModel(modelBuilder);
        var practice = modelBuilder.Entity<Entities.Practice>();
        practice.Property(p => p.TitleKey).UseCollation("C");
        practice.Property(p => p.CountryCode).UseCollation("C");
        practice.Property(p => p.RegionCode).UseCollation("C");
        // No index on (UpdatedAt, Number) here (migration PracticeUpdatesHot): every chat turn stamps its practice's
        // UpdatedAt, and an indexed column changed makes PostgreSQL write the row's new version into every index of the
        // table (7 entries, 9 WAL records a turn) instead of a heap-only (HOT) update on the same page (1 record).
        var metadata = practice.Metadata;
        metadata.RemoveIndex(metadata.FindIndex([metadata.FindProperty(nameof(Entities.Practice.UpdatedAt))!, metadata.FindProperty(nameof(Entities.Practice.Number))!])!);
        // The review's sort by update reads instead the day of the last change (UTC), a column PostgreSQL computes and
        // an index of its own (migration PracticeUpdatedDay): the day changes at a practice's first change of a day, so
        // the turns after it stay heap-only, and the sort walks that index a day at a time, sorting only the days its
        // page reaches by the time itself (an incremental sort; OrderByUpdate). EF Core neither writes nor reads it back.
        var day = practice.Property<DateOnly?>(UpdatedDay).HasComputedColumnSql("(\"UpdatedAt\" AT TIME ZONE 'UTC')::date", stored: true).ValueGeneratedNever().Metadata;
        day.SetBeforeSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        day.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        practice.HasIndex(UpdatedDay);
        modelBuilder.HasDbFunction(typeof(ReginDbFunctions).GetMethod(nameof(ReginDbFunctions.HasWords))!)
            .HasTranslation(arguments => new Microsoft.EntityFrameworkCore.Query.SqlExpressions.SqlFunctionExpression(
                "regin_search_matches", arguments, nullable: true, argumentsPropagateNullability: [true, true], typeof(bool), null));
    }

    /// <summary>The practices' computed column of the day (UTC) of their last change, indexed (see <see cref="ConfigureModel"/>).</summary>
    public const string UpdatedDay = "UpdatedDay";

    /// <summary>
    /// By the day of the last change, then its time and the number: the same order as by the time alone (a day holds
    /// its times), read from the day's index, each day reached sorted on its own (PostgreSQL's incremental sort). At
    /// 100,000 practices, page 100 of the list: 5,000 rows of the index's last days instead of a top-N sort of the table.
    /// </summary>
    public override IOrderedQueryable<Entities.Practice> OrderByUpdate(IQueryable<Entities.Practice> practices, bool descending) =>
        descending
            ? practices.OrderByDescending(p => EF.Property<DateOnly?>(p, UpdatedDay)).ThenByDescending(p => p.UpdatedAt).ThenByDescending(p => p.Number)
            : practices.OrderBy(p => EF.Property<DateOnly?>(p, UpdatedDay)).ThenBy(p => p.UpdatedAt).ThenBy(p => p.Number);

    /// <summary>
    /// By the day of the last change (UTC), the computed column's own index (<see cref="UpdatedDay"/>): the days are the
    /// filter's unit, so the range of days is exact.
    /// </summary>
    public override IQueryable<Entities.Practice> UpdatedBetween(IQueryable<Entities.Practice> practices, DateOnly? from, DateOnly? to)
    {
        ArgumentNullException.ThrowIfNull(practices);
        if (from is { } first)
        {
            practices = practices.Where(p => EF.Property<DateOnly?>(p, UpdatedDay) >= first);
        }
        if (to is { } last)
        {
            practices = practices.Where(p => EF.Property<DateOnly?>(p, UpdatedDay) <= last);
        }
        return practices;
    }

    // get_byte() counts from 0.
    protected override Microsoft.EntityFrameworkCore.Query.SqlExpressions.SqlExpression TranslateByteAt(
        IReadOnlyList<Microsoft.EntityFrameworkCore.Query.SqlExpressions.SqlExpression> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var position = arguments[1];
        var offset = new Microsoft.EntityFrameworkCore.Query.SqlExpressions.SqlBinaryExpression(
            System.Linq.Expressions.ExpressionType.Subtract, position,
            new Microsoft.EntityFrameworkCore.Query.SqlExpressions.SqlConstantExpression(1, typeof(int), position.TypeMapping),
            typeof(int), position.TypeMapping);
        return new Microsoft.EntityFrameworkCore.Query.SqlExpressions.SqlFunctionExpression(
            "get_byte", [arguments[0], offset], nullable: true, argumentsPropagateNullability: [true, true], typeof(int), position.TypeMapping);
    }

    internal static bool IsTransientError(Exception exception) =>
        exception switch
        {
            PostgresException e => e.IsTransient || e.SqlState is PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.CannotConnectNow,
            NpgsqlException e => e.IsTransient,
            _ => false,
        };

    // Table practice_search (migrations PracticeSearch, SearchByLanguage): one tsvector per practice, built with its
    // language's configuration; regin_search_numbers reads the words with each practice's own configuration (each a
    // prefix, all of them required) through one GIN index per configuration.
    protected override IQueryable<int> PracticesWithAllWords(ReginDbContext db, IReadOnlyList<string> words)
    {
        var q = TsQuery(words);
        return db.Database.SqlQuery<int>($"SELECT unnest(regin_search_numbers({q})) AS \"Value\"");
    }

    // One evaluation of the match, the numbers found as one int[].
    protected override async Task<SearchMatches> MatchAllWordsAsync(ReginDbContext db, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        var q = TsQuery(words);
        var found = await db.Database.SqlQuery<SearchMatchArray>($"SELECT regin_search_numbers({q}) AS \"Numbers\"").SingleAsync(cancellationToken);
        return new SearchMatches(found.Numbers ?? []);
    }

    // Each word by its forms (SearchForms: the stems in the 8 languages, the German transliteration), any of them as a
    // prefix; each configuration still reads every form its own way: (πρόσφυγας:* | προσφυγ:*) & (gefluechtete:* | gefluchtet:*).
    // The word as typed is always one of them (keepTyped), as before session 44: a configuration may stem it shorter than
    // the forms (regin_it: "salute" → 'sal', so "salut:*" alone found none of the 505 "salute donne" at 100,000 practices).
    // The forms are letters and digits: nothing in them is tsquery syntax.
    private static string TsQuery(IReadOnlyList<string> words) =>
        string.Join(" & ", words.Select(w => "(" + string.Join(" | ", SearchForms.Of(w, static x => x, keepTyped: true).Select(f => f + ":*")) + ")"));

    protected override string QueryText(IReadOnlyList<string> words) => TsQuery(words);

    public override bool TestsPracticesForWords => true;

    // regin_search_numbers_below (migration SearchCountedByLanguage) reads the English configuration's matches, then the
    // others', and stops once it has enough: a search found in most practices reads one language's part of the index.
    protected override async Task<SearchMatches> MatchAllWordsBelowAsync(ReginDbContext db, IReadOnlyList<string> words, int enough, CancellationToken cancellationToken)
    {
        var q = TsQuery(words);
        var found = await db.Database.SqlQuery<SearchMatchArray>($"SELECT regin_search_numbers_below({q}, {enough}) AS \"Numbers\"").SingleAsync(cancellationToken);
        return found.Numbers is null ? SearchMatches.AtLeast(enough) : new SearchMatches(found.Numbers);
    }

    // The writers only mark the practices whose documents are stale (migration SearchIndexedOffTurn): a search writes
    // what is still marked before it reads (committed marks, and inside a writing transaction its own), after the
    // background indexer's round of the moment if one runs (so it is never behind).
    public override async Task CatchUpSearchIndexAsync(ReginDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        int indexed;
        do
        {
            indexed = await db.Database.SqlQuery<int>($"SELECT regin_search_index({SearchIndexRound}, true) AS \"Value\"").SingleAsync(cancellationToken);
        }
        while (indexed >= SearchIndexRound);
    }

    public override async Task SerialiseAsync(ReginDbContext db, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("SerialiseAsync needs a transaction: the lock is released at its end.");
        }
        // (A rehearsal's session takes a key of its own: see OpenRehearsalDatabaseAsync.)
        var key = LockKeyOn(db, name);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
    }

    /// <summary>The advisory lock of <see cref="SerialiseAsync"/>, to be sent with the unit's first statement (its key a parameter).</summary>
    /// <remarks>With the commit not waiting for the disk: <c>set_config(..., true)</c> is <c>SET LOCAL</c> as a function.</remarks>
    public override ConnectionPrelude.Statement? SerialiseStatement(string name, bool commitWithoutWaitingForDisk = false) =>
        commitWithoutWaitingForDisk
            ? new("SELECT pg_advisory_xact_lock(@p0), set_config('synchronous_commit', 'off', true)", [LockKey(name)], ReturnsRows: true)
            : new("SELECT pg_advisory_xact_lock(@p0)", [LockKey(name)], ReturnsRows: true);

    /// <summary>
    /// <c>synchronous_commit = off</c> for the transaction alone: its COMMIT returns once the commit is in the log's
    /// buffers, which PostgreSQL's WAL writer flushes within 3 × <c>wal_writer_delay</c> (0.6 s by default). A crash of
    /// the server or the machine in that time undoes the last transactions whole (never part of one, never corrupts).
    /// </summary>
    public override ConnectionPrelude.Statement? CommitWithoutWaitingForDiskStatement { get; } = new("SET LOCAL synchronous_commit = off", []);

    /// <summary>The session's own <c>synchronous_commit</c> (the server's, the database's or the role's) for the rest of the transaction.</summary>
    public override string? CommitWaitingForDiskStatement => "SET LOCAL synchronous_commit TO DEFAULT";

    /// <summary>The same INSERTs failing without a row (migration RowsExpectedInBatch: <c>regin_expect_rows</c>).</summary>
    internal override string? InsertWithSplitRowExpectingRow(string insert, string splitTable, string splitKey, IReadOnlyList<string> splitColumns,
        IReadOnlyList<string> splitParameters, string what) =>
        PostgreSqlStatements.InsertWithSplitRowExpectingRow(insert, splitTable, splitKey, splitColumns, splitParameters, what);

    /// <summary>The write in a data-modifying WITH whose count goes to <c>regin_expect_rows</c> (migration RowsExpectedInBatch).</summary>
    public override string? ExpectingRows(string modifying, string what) => PostgreSqlStatements.ExpectingRows(modifying, what);

    /// <summary>COMMIT as a statement of a batch: Npgsql follows the server's transaction status and ends its transaction with it.</summary>
    public override string? CommitStatement => "COMMIT";

    /// <summary>A chat turn takes its conversation's advisory lock in its own transaction (<see cref="SerialiseAsync"/>).</summary>
    public override bool SerialisesUnitsInTransaction => true;

    /// <summary>A transaction-scoped advisory lock on a session of its own, held until disposed (or the process dies).</summary>
    public override async Task<IAsyncDisposable?> LockAcrossHostsAsync(string name, CancellationToken cancellationToken = default)
    {
        var connection = await _locks.Value.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
            {
                take.Parameters.AddWithValue(LockKey(name));
                await take.ExecuteNonQueryAsync(cancellationToken);
            }
            return new HeldLock(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_locks.IsValueCreated)
        {
            await _locks.Value.DisposeAsync();
        }
    }

    private sealed class HeldLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await transaction.CommitAsync(CancellationToken.None);
            }
            finally
            {
                await transaction.DisposeAsync();
                await connection.DisposeAsync();
            }
        }
    }
}
