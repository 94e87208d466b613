using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Regin.Core.Persistence.Entities;
using Regin.Core.Persistence.PostgreSql;
using Regin.Core.Persistence.Sqlite;

namespace Regin.Core.Persistence;

/// <summary>
/// Everything that differs between the databases the store runs on (SQLite, the embedded default; PostgreSQL, for
/// several hosts on one database). Each provider lives in its own folder with its own migrations; code outside those
/// folders asks this class instead of testing which provider it has.
/// </summary>
public abstract partial class ReginDatabaseProvider
{
    public const string SqliteName = "Sqlite";
    public const string PostgreSqlName = "PostgreSQL";

    protected ReginDatabaseProvider(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ConnectionString = connectionString;
    }

    /// <summary>"Sqlite" or "PostgreSQL", as written in Database:Provider (and shown by GET /healthz).</summary>
    public abstract string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The namespace of this provider's migrations (and model snapshot) inside Regin.Core.</summary>
    public abstract string MigrationsNamespace { get; }

    /// <summary>Where the data lives, for a log line (never the password).</summary>
    public abstract string Describe();

    /// <summary>The provider for Database:Provider (case-insensitive; empty means SQLite).</summary>
    public static ReginDatabaseProvider Create(string? provider, string connectionString) =>
        (provider ?? "").Trim() switch
        {
            "" => new SqliteDatabaseProvider(connectionString),
            var name when name.Equals(SqliteName, StringComparison.OrdinalIgnoreCase) => new SqliteDatabaseProvider(connectionString),
            var name when name.Equals(PostgreSqlName, StringComparison.OrdinalIgnoreCase)
                || name.Equals("Postgres", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Npgsql", StringComparison.OrdinalIgnoreCase) => new PostgreSqlDatabaseProvider(connectionString),
            var name => throw new InvalidOperationException($"Database:Provider '{name}' is not known: use {SqliteName} or {PostgreSqlName}."),
        };

    /// <summary>Sets the EF Core provider, its migrations and this object on <paramref name="options"/>.</summary>
    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ConfigureProvider(options);
        // The review list counts its rows up to a cap with Take and no OrderBy on purpose (any rows do for a count):
        // EF Core's warning about a row limit without an order is kept for debugging, not logged as a warning.
        options.ConfigureWarnings(warnings => warnings.Log((Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.RowLimitingOperationWithoutOrderByWarning, Microsoft.Extensions.Logging.LogLevel.Debug)));
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new ReginDatabaseOptionsExtension(this));
        options.ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly, ProviderMigrationsAssembly>();
        return options;
    }

    protected abstract void ConfigureProvider(DbContextOptionsBuilder options);

    /// <summary>
    /// Applies pending migrations, once even when several hosts start together. Nothing is locked when nothing is
    /// pending, and a lock left by a killed process never makes a later start wait for ever.
    /// </summary>
    public async Task MigrateAsync(ReginDbContext db, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(logger);
        if (await db.Database.CanConnectAsync(cancellationToken) && !(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await PrepareAsync(db, cancellationToken);
            return;
        }
        // A migration that fills a new column of every practice (PracticeListKeys at 100,000 practices) runs longer
        // than the 30 s a query may take.
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(MigrationCommandTimeout);
        try
        {
            await MigrateExclusivelyAsync(db, logger, cancellationToken);
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }
        await PrepareAsync(db, cancellationToken);
    }

    /// <summary>How long one statement of a migration may run.</summary>
    public static readonly TimeSpan MigrationCommandTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Runs EF Core's migration while holding a lock that dies with the process that holds it.</summary>
    protected abstract Task MigrateExclusivelyAsync(ReginDbContext db, ILogger logger, CancellationToken cancellationToken);

    /// <summary>Per-database settings made at every start (SQLite's journal mode).</summary>
    protected virtual Task PrepareAsync(ReginDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Errors of either provider worth trying again: the database was busy, a lock or serialisation conflict, a dropped
    /// connection (static, so callers that only hold an exception can ask).
    /// </summary>
    public static bool IsTransient(Exception? exception) =>
        exception is not null
        && (SqliteDatabaseProvider.IsTransientError(exception) || PostgreSqlDatabaseProvider.IsTransientError(exception) || IsTransient(exception.InnerException));

    /// <summary>What the provider adds to the model: the translations of <see cref="ReginDbFunctions"/>.</summary>
    public virtual void ConfigureModel(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.HasDbFunction(typeof(ReginDbFunctions).GetMethod(nameof(ReginDbFunctions.Chronological))!).HasTranslation(arguments => arguments[0]);
        modelBuilder.HasDbFunction(typeof(ReginDbFunctions).GetMethod(nameof(ReginDbFunctions.Unindexed), [typeof(Guid)])!).HasTranslation(arguments => arguments[0]);
        modelBuilder.HasDbFunction(typeof(ReginDbFunctions).GetMethod(nameof(ReginDbFunctions.Unindexed), [typeof(string)])!).HasTranslation(arguments => arguments[0]);
        ConfigureByteAt(modelBuilder);
    }

    /// <summary>
    /// The translations of <see cref="ReginDbFunctions.ByteAt"/> (a call that reads one byte of a binary value) and
    /// <see cref="ReginDbFunctions.Prefix"/> (the same <c>substr(bytes, 1, count)</c> on both providers).
    /// </summary>
    protected void ConfigureByteAt(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.HasDbFunction(typeof(ReginDbFunctions).GetMethod(nameof(ReginDbFunctions.ByteAt))!).HasTranslation(TranslateByteAt);
        modelBuilder.HasDbFunction(typeof(ReginDbFunctions).GetMethod(nameof(ReginDbFunctions.Prefix))!).HasTranslation(arguments =>
            new Microsoft.EntityFrameworkCore.Query.SqlExpressions.SqlFunctionExpression(
                "substr",
                [arguments[0], new Microsoft.EntityFrameworkCore.Query.SqlExpressions.SqlConstantExpression(1, typeof(int), arguments[1].TypeMapping), arguments[1]],
                nullable: true, argumentsPropagateNullability: [true, false, true], typeof(byte[]), arguments[0].TypeMapping));
    }

    protected abstract Microsoft.EntityFrameworkCore.Query.SqlExpressions.SqlExpression TranslateByteAt(
        IReadOnlyList<Microsoft.EntityFrameworkCore.Query.SqlExpressions.SqlExpression> arguments);

    /// <summary>The most words of one search that are looked up (the rest are ignored).</summary>
    public const int MaxSearchWords = 16;

    /// <summary>
    /// The ids of the practices whose answers, all together, hold every word of <paramref name="text"/> (a word typed in
    /// part matches the words it begins; case and accents ignored; inflected forms too where the provider stems), through
    /// the provider's full-text index (kept in step with the answers by the migrations' triggers); null when
    /// <paramref name="text"/> has no word (only spaces or punctuation): nothing to look for.
    /// </summary>
    public IQueryable<int>? PracticesWithWords(ReginDbContext db, string text)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(text);
        var words = SearchTerms(text);
        return words.Count == 0 ? null : PracticesWithAllWords(db, words);
    }

    /// <summary>
    /// The practices whose answers hold every word of <paramref name="text"/>, as <see cref="PracticesWithWords"/>, but
    /// looked up in the index once: their count, and their numbers kept as one parameter that the list's statements (its
    /// capped count, its page) read again without evaluating the search a second time. Null when <paramref name="text"/>
    /// has no word.
    /// </summary>
    public async Task<SearchMatches?> MatchWordsAsync(ReginDbContext db, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(text);
        var words = SearchTerms(text);
        return words.Count == 0 ? null : await MatchAllWordsAsync(db, words, cancellationToken);
    }

    /// <summary>
    /// The practices in the order of their last change (the review list's sort by update), ties broken by the number in
    /// the same direction: SQLite reads its index on (<c>UpdatedAt</c>, <c>Number</c>) forwards or backwards.
    /// </summary>
    public virtual IOrderedQueryable<Practice> OrderByUpdate(IQueryable<Practice> practices, bool descending) =>
        descending
            ? practices.OrderByDescending(p => ReginDbFunctions.Chronological(p.UpdatedAt)).ThenByDescending(p => p.Number)
            : practices.OrderBy(p => ReginDbFunctions.Chronological(p.UpdatedAt)).ThenBy(p => p.Number);

    /// <summary>
    /// The practices last changed from the start of day <paramref name="from"/> (UTC) to the end of day <paramref name="to"/>,
    /// either bound open when null: SQLite reads a range of its index on (<c>UpdatedAt</c>, <c>Number</c>), the times
    /// compared as the UTC text it stores.
    /// </summary>
    public virtual IQueryable<Practice> UpdatedBetween(IQueryable<Practice> practices, DateOnly? from, DateOnly? to)
    {
        ArgumentNullException.ThrowIfNull(practices);
        if (StartOf(from) is { } start)
        {
            practices = practices.Where(p => ReginDbFunctions.Chronological(p.UpdatedAt) >= start);
        }
        if (StartOf(to?.AddDays(1)) is { } end)
        {
            practices = practices.Where(p => ReginDbFunctions.Chronological(p.UpdatedAt) < end);
        }
        return practices;
    }

    /// <summary>
    /// As <see cref="UpdatedBetween"/> for the submission (a draft was never submitted: never in a range): a range of the
    /// index on (<c>SubmittedAt</c>, <c>Number</c>) on both providers (migration PracticeSubmittedAt).
    /// </summary>
    public virtual IQueryable<Practice> SubmittedBetween(IQueryable<Practice> practices, DateOnly? from, DateOnly? to)
    {
        ArgumentNullException.ThrowIfNull(practices);
        practices = practices.Where(p => p.SubmittedAt != null);
        if (StartOf(from) is { } start)
        {
            practices = practices.Where(p => ReginDbFunctions.Chronological(p.SubmittedAt!.Value) >= start);
        }
        if (StartOf(to?.AddDays(1)) is { } end)
        {
            practices = practices.Where(p => ReginDbFunctions.Chronological(p.SubmittedAt!.Value) < end);
        }
        return practices;
    }

    /// <summary>Midnight UTC of <paramref name="day"/>.</summary>
    protected static DateTimeOffset? StartOf(DateOnly? day) => day is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    /// <summary>
    /// Whether the provider can read a search's matches only until there are enough (<see cref="MatchWordsBelowAsync"/>)
    /// and test one practice against the words (<see cref="ReginDbFunctions.HasWords"/>, <see cref="SearchQueryText"/>), so
    /// that a page of a broad search is walked along the sort's index: PostgreSQL, where reading all of 98,000 matches
    /// costs 60–100 ms at 100,000 practices. SQLite reads its index whole in one evaluation (about 40 ms there).
    /// </summary>
    public virtual bool TestsPracticesForWords => false;

    /// <summary>
    /// Whether the provider's planner chooses between indexes by statistics of the data (PostgreSQL, kept by ANALYZE):
    /// else (SQLite, whose files have no <c>sqlite_stat1</c>) a query tells it which index to read, by hiding the others
    /// (<see cref="ReginDbFunctions.Unindexed(string)"/>) where a capped count says so.
    /// </summary>
    public virtual bool PlansWithStatistics => false;

    /// <summary>
    /// As <see cref="MatchWordsAsync"/>, but the provider may stop reading the index once it has found
    /// <paramref name="enough"/> matches: then the result is not <see cref="SearchMatches.IsComplete"/> (no numbers, only
    /// "at least <paramref name="enough"/>"). Complete otherwise, and always where the provider cannot stop early.
    /// </summary>
    public async Task<SearchMatches?> MatchWordsBelowAsync(ReginDbContext db, string text, int enough, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(text);
        var words = SearchTerms(text);
        return words.Count == 0 ? null : await MatchAllWordsBelowAsync(db, words, enough, cancellationToken);
    }

    /// <summary>The matches of <paramref name="words"/>, or "at least <paramref name="enough"/>" (see <see cref="MatchWordsBelowAsync"/>).</summary>
    protected virtual Task<SearchMatches> MatchAllWordsBelowAsync(ReginDbContext db, IReadOnlyList<string> words, int enough, CancellationToken cancellationToken) =>
        MatchAllWordsAsync(db, words, cancellationToken);

    /// <summary>The distinct words of a search (letters and digits), at most <see cref="MaxSearchWords"/>.</summary>
    private static List<string> SearchTerms(string text) =>
        SearchWords().Matches(text).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxSearchWords).ToList();

    /// <summary>The words of <paramref name="text"/> as the provider's query text (for <see cref="ReginDbFunctions.HasWords"/>); null when it has none.</summary>
    public string? SearchQueryText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = SearchTerms(text);
        return words.Count == 0 ? null : QueryText(words);
    }

    /// <summary>The provider's query text for <paramref name="words"/> (letters and digits only).</summary>
    protected virtual string QueryText(IReadOnlyList<string> words) =>
        throw new NotSupportedException($"{Name} tests no practice against a search's words one by one.");

    /// <summary>The matches of <paramref name="words"/> (letters and digits only), as <see cref="PracticesWithAllWords"/> finds them.</summary>
    protected abstract Task<SearchMatches> MatchAllWordsAsync(ReginDbContext db, IReadOnlyList<string> words, CancellationToken cancellationToken);

    /// <summary>
    /// Before a search reads the index: brings it up to date where the provider indexes a transaction's practices at
    /// its commit and a writer may have bypassed that (SQLite); nothing by default (PostgreSQL indexes in the commit
    /// itself, by a deferred trigger).
    /// </summary>
    public virtual Task CatchUpSearchIndexAsync(ReginDbContext db, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>
    /// The numbers of the practices whose index holds every one of <paramref name="words"/> (letters and digits only),
    /// as prefixes: numbers, so the list filters and pages on the number's index without a join.
    /// </summary>
    protected abstract IQueryable<int> PracticesWithAllWords(ReginDbContext db, IReadOnlyList<string> words);

    [System.Text.RegularExpressions.GeneratedRegex(@"[\p{L}\p{M}\p{N}]+")]
    private static partial System.Text.RegularExpressions.Regex SearchWords();

    /// <summary>
    /// Inside the caller's transaction on <paramref name="db"/>, waits until no other writer holds <paramref name="name"/>
    /// (released at commit or rollback): for read-then-write steps such as taking the next practice number.
    /// </summary>
    public abstract Task SerialiseAsync(ReginDbContext db, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// A lock on <paramref name="name"/> held across processes until disposed (a chat turn of one conversation), or
    /// null when the provider serves one host only and the caller's in-process lock is enough.
    /// </summary>
    public abstract Task<IAsyncDisposable?> LockAcrossHostsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether a unit of work that runs in one transaction from its start (a chat turn) is serialised across hosts by
    /// <see cref="SerialiseAsync"/> in that transaction (released at its commit or rollback) rather than by a session of
    /// <see cref="LockAcrossHostsAsync"/>'s own: PostgreSQL, where that session cost the turn a connection and two round trips.
    /// </summary>
    public virtual bool SerialisesUnitsInTransaction => false;

    /// <summary>
    /// Waits for this process's turn to write to the database before a save with changes (SQLite has one writer at a
    /// time: see <see cref="SqliteWriteGate"/>); disposing the result gives the turn up. Nothing to wait for on PostgreSQL.
    /// </summary>
    public virtual ValueTask<IAsyncDisposable?> EnterWriteAsync(ReginDbContext db, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IAsyncDisposable?>(null);

    /// <summary>The same for a synchronous save (its thread waits).</summary>
    public virtual IDisposable? EnterWrite(ReginDbContext db) => null;

    /// <summary>
    /// Called after a contributor's data was erased (outside any transaction), so that the erased bytes leave the files
    /// the database keeps besides its tables (SQLite's write-ahead log); nothing by default.
    /// </summary>
    public virtual Task ScrubAfterErasureAsync(ReginDbContext db, ILogger logger, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>
    /// A new open connection to be kept open across units of work with its compiled statements (<see cref="KeptConnections"/>),
    /// set up as the provider sets up the connections EF Core opens; null when this provider keeps none (an in-memory
    /// SQLite database).
    /// </summary>
    public virtual System.Data.Common.DbConnection? OpenKeptConnection() => null;

    /// <summary>How many connections <see cref="KeptConnections"/> may keep open at once.</summary>
    public virtual int KeptConnectionCapacity => Math.Max(4, 2 * Environment.ProcessorCount);

    /// <summary>
    /// Whether a kept connection keeps its statements compiled in a <see cref="StatementCache"/> (SQLite finalizes them
    /// when a connection closes); PostgreSQL does not: Npgsql keeps them prepared on the session itself.
    /// </summary>
    public virtual bool KeptConnectionsCacheStatements => true;

    /// <summary>
    /// A private, empty database with this database's schema (its tables, indexes and triggers), open, in which a unit
    /// of work can be rehearsed without touching the real one (the chat's warm-up at start-up); the caller disposes it.
    /// No other process, host or connection sees it, and its writers never queue with the real database's (SQLite: an
    /// in-memory copy of the schema; PostgreSQL: a session whose tables are temporary copies). Null when the provider has
    /// none (an in-memory SQLite database).
    /// </summary>
    public virtual Task<System.Data.Common.DbConnection?> OpenRehearsalDatabaseAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<System.Data.Common.DbConnection?>(null);

    /// <summary>
    /// After a rehearsal on <paramref name="rehearsal"/> (<see cref="OpenRehearsalDatabaseAsync"/>): opens the sessions of
    /// the pool the host's contexts take their connections from (through contexts <paramref name="newContext"/> gives, as
    /// the host's scopes do; the caller disposes them), each with the statements the rehearsal ran prepared on it
    /// (prepared, not run: nothing is read or written), and gives them back to the pool; returns how many sessions and
    /// statements. Nothing by default (SQLite compiles its kept connections' statements itself: <see cref="StatementCache.CompileLike"/>).
    /// </summary>
    public virtual Task<(int Sessions, int Statements)> WarmPoolAsync(System.Data.Common.DbConnection rehearsal, Func<ReginDbContext> newContext, CancellationToken cancellationToken = default) =>
        Task.FromResult((0, 0));

    /// <summary>
    /// Whether a failed save lost a race with another writer of the same rows rather than failing by itself, so that the
    /// caller reads afresh and makes its change again, as after a stale concurrency stamp. SQLite has one writer at a time,
    /// so only the stamp tells; PostgreSQL adds the races its row locks decide (<see cref="PostgreSql.PostgreSqlDatabaseProvider"/>).
    /// </summary>
    public virtual bool IsWriteConflict(Exception exception) => exception is DbUpdateConcurrencyException;

    /// <summary>Whether a kept connection given back may serve the next unit of work: open, and in no transaction.</summary>
    public virtual bool IsReusable(System.Data.Common.DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.State == System.Data.ConnectionState.Open;
    }

    /// <summary>
    /// Whether <paramref name="connection"/>, opened for a unit of work, lost its session under it (the server ended it: a
    /// restart, a failover, an idle timeout, a terminated backend): what failed on it was not done by the database, and a
    /// new session may do it. False where sessions do not end so (SQLite: a file of this process).
    /// </summary>
    public virtual bool IsBroken(System.Data.Common.DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return false;
    }

    /// <summary>
    /// After <paramref name="connection"/> was found broken (<see cref="IsBroken"/>): the driver's idle sessions of the same
    /// database are forgotten, for whatever ended one most likely ended them all (a restart), and each would fail the next
    /// unit of work that took it. Nothing where sessions do not end so.
    /// </summary>
    public virtual void ForgetIdleSessions(System.Data.Common.DbConnection connection) => ArgumentNullException.ThrowIfNull(connection);

    /// <summary>Closes a kept connection that may not serve again (<see cref="IsReusable"/> said no): its database connection is not pooled.</summary>
    public virtual void Discard(System.Data.Common.DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.Dispose();
    }

    /// <summary>
    /// <paramref name="sql"/> compiled on <paramref name="connection"/> (open) to be run many times with its values bound by
    /// position (parameter <c>@p{i}</c> a value of <paramref name="mappings"/>[i]'s column), or null when this provider
    /// has no such way and the driver's command serves (PostgreSQL: Npgsql binds a prepared statement by position already).
    /// </summary>
    internal virtual IPositionalStatement? CompilePositional(System.Data.Common.DbConnection connection, string sql,
        IReadOnlyList<Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping> mappings, int? timeoutSeconds) => null;

    /// <summary>
    /// A stable 64-bit key for a lock name (the same in every process: the first 8 bytes of the name's SHA-256). Kept for
    /// the names asked for lately (a conversation's lock is asked for on every one of its turns; hashing through OpenSSL
    /// was about 0.8% of a PostgreSQL chat turn's host samples); the key is the same whether kept or not.
    /// </summary>
    public static long LockKey(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (LockKeys.TryGetValue(name, out var kept))
        {
            return kept;
        }
        var key = HashedLockKey(name);
        if (Interlocked.Increment(ref _lockKeysAdded) > LockKeysKept)
        {
            // Many names since the last clear (many conversations): start again rather than grow without end.
            LockKeys.Clear();
            Interlocked.Exchange(ref _lockKeysAdded, 1);
        }
        LockKeys.TryAdd(name, key);
        return key;
    }

    /// <summary>The key of <see cref="LockKey"/>, hashed.</summary>
    internal static long HashedLockKey(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name), hash);
        return BitConverter.ToInt64(hash);
    }

    /// <summary>How many names <see cref="LockKey"/> keeps at most between clears.</summary>
    internal const int LockKeysKept = 4096;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> LockKeys = new(StringComparer.Ordinal);
    private static int _lockKeysAdded;
}

/// <summary>The provider of a context: <c>db.Provider()</c>.</summary>
public static class ReginDatabaseProviderExtensions
{
    public static ReginDatabaseProvider Provider(this ReginDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ConfiguredProvider ?? db.GetService<IDbContextOptions>().FindExtension<ReginDatabaseOptionsExtension>()?.Provider
            ?? throw new InvalidOperationException("The context was configured without ReginDatabaseProvider.Configure.");
    }
}
