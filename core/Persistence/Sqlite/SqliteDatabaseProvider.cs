using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Regin.Core.Persistence.Sqlite;

/// <summary>
/// SQLite, the embedded default: one file that the bot host and the mail ingester on the same machine share (WAL).
/// Writers are serialised by the file itself (EF Core's transactions begin IMMEDIATE), so one host is the limit.
/// </summary>
public sealed partial class SqliteDatabaseProvider : ReginDatabaseProvider
{
    private static readonly SqliteSynchronousInterceptor SynchronousNormal = new();
    private static readonly SqliteWriteGate.TransactionInterceptor WriteQueue = new();
    private static readonly SqliteSearchIndex SearchIndex = new();
    private static readonly SqliteTurnTransaction.CommandInterceptor TurnTransaction = new();
    private static readonly TimeSpan MigrationWait = TimeSpan.FromMinutes(10);
    private readonly string _connectionString;

    /// <summary>
    /// A relative file path is taken from the current directory and its folder is created, so `dotnet run` from the
    /// repo root and the mail ingester share data/regin.db.
    /// </summary>
    public SqliteDatabaseProvider(string connectionString) : base(connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource);
            FilePath = builder.DataSource;
        }
        // Readers never wait for a writer, and a busy writer is waited for rather than failed.
        builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30);
        _connectionString = builder.ToString();
    }

    public override string Name => SqliteName;

    public override string MigrationsNamespace => typeof(SqliteDatabaseProvider).Namespace + ".Migrations";

    /// <summary>The database file, or null for an in-memory database.</summary>
    public string? FilePath { get; }

    public override string Describe() => FilePath ?? ":memory:";

    protected override void ConfigureProvider(DbContextOptionsBuilder options)
    {
        if (FilePath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        }
        options.UseSqlite(_connectionString, sqlite => sqlite.MigrationsAssembly(typeof(SqliteDatabaseProvider).Assembly.FullName))
            .AddInterceptors(SynchronousNormal, WriteQueue, SearchIndex, TurnTransaction)
            .ReplaceService<Microsoft.EntityFrameworkCore.Storage.IRelationalTransactionFactory, SqliteGatedTransactionFactory>();
    }

    internal override IPositionalStatement? CompilePositional(System.Data.Common.DbConnection connection, string sql,
        IReadOnlyList<Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping> mappings, int? timeoutSeconds) =>
        SqlitePositionalStatement.TryCreate(connection, sql, mappings, timeoutSeconds);

    /// <summary>
    /// EF Core's SQLite migration lock is a row that outlives a killed process (and then every start waits for ever).
    /// Here every migrating process first holds an OS lock on a file beside the database, which the OS releases when
    /// the process dies; whoever holds it knows that a row left in EF's lock table is stale, and removes it.
    /// </summary>
    protected override async Task MigrateExclusivelyAsync(ReginDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        using var fileLock = FilePath is null ? null : await AcquireFileLockAsync(FilePath + ".migrating", logger, cancellationToken);
        if (await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'")
                .SingleAsync(cancellationToken) > 0
            && await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsLock\"", cancellationToken) > 0)
        {
            logger.LogWarning("Removed the migration lock left by a process that stopped during a migration");
        }
        await db.Database.MigrateAsync(cancellationToken);
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path, ILogger logger, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + MigrationWait;
        var logged = false;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Unix (a lock on Windows): the OS drops it with the process.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!logged)
                {
                    logger.LogInformation("Waiting for another process to finish migrating {Database}", path);
                    logged = true;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }

    /// <summary>WAL lets the bot host and the mail ingester use one file at once.</summary>
    protected override async Task PrepareAsync(ReginDbContext db, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

    /// <summary>
    /// Every connection runs with <c>secure_delete</c> (see <see cref="SqliteSynchronousInterceptor"/>): the erased rows'
    /// bytes are overwritten with zeros in the pages written. Those pages go to the write-ahead log first, and older
    /// frames of the log still hold the old bytes, so the log is checkpointed into the file and truncated to zero bytes
    /// (TRUNCATE waits for readers; a reader of another process holding an old snapshot makes it report busy, so it is
    /// tried again for a while). Before that the file is rebuilt from its live rows (VACUUM): zeroing the erased cells is
    /// not enough, because an index page that was split or merged may still hold an old copy of a cell in its unused space
    /// (seen once: an erased name in an entry of <c>IX_answers_QuestionId_ValueJson</c>). Erasures are rare; the rebuild
    /// holds the writer for as long as it takes to copy the file.
    /// </summary>
    public override async Task ScrubAfterErasureAsync(ReginDbContext db, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(logger);
        if (!ContextTransaction.IsOpen(db))
        {
            await db.Database.ExecuteSqlRawAsync("VACUUM;", cancellationToken);
        }
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            // (busy, log frames, frames checkpointed): busy = 0 means the log was copied into the file and truncated.
            // A pragma with side effects has no table-valued form: it is run as a statement and its row read.
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(cancellationToken);
            long busy;
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                busy = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
            if (busy == 0)
            {
                return;
            }
            if (DateTime.UtcNow >= deadline)
            {
                logger.LogWarning("The write-ahead log of {Database} could not be truncated after an erasure (a reader held it); it is at the next checkpoint", Describe());
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>
    /// A connection to the file, with the pragmas every connection has (<see cref="SqliteSynchronousInterceptor"/>:
    /// <c>secure_delete</c> among them), kept open by <see cref="KeptConnections"/>; none for an in-memory database.
    /// </summary>
    public override System.Data.Common.DbConnection? OpenKeptConnection()
    {
        if (FilePath is null)
        {
            return null;
        }
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            SqliteSynchronousInterceptor.Prepare(connection);
            // Read the file's schema and attach its search index now, not in the first chat turn that borrows it.
            try
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT rowid FROM practice_search WHERE rowid = 0;";
                command.ExecuteScalar();
            }
            catch (SqliteException)
            {
                // A database not migrated yet: its first turn reads the schema as before.
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return connection;
    }

    /// <summary>
    /// A private in-memory database (its own, not shared: no write queue, no file) made from the file's schema as
    /// sqlite_master holds it: FTS5 tables first (they make their own shadow tables), then the other tables, indexes,
    /// views and triggers. The file is only read, on a connection of its own that is not pooled.
    /// </summary>
    public override async Task<System.Data.Common.DbConnection?> OpenRehearsalDatabaseAsync(CancellationToken cancellationToken = default)
    {
        if (FilePath is null)
        {
            return null;
        }
        var schema = new List<(string Name, string Sql)>();
        var file = new SqliteConnectionStringBuilder(_connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using (var connection = new SqliteConnection(file.ToString()))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                + "ORDER BY CASE WHEN type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' THEN 0 WHEN type = 'table' THEN 1 WHEN type = 'index' THEN 2 WHEN type = 'view' THEN 3 ELSE 4 END, rowid";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                schema.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        var memory = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = ":memory:", Pooling = false }.ToString());
        try
        {
            await memory.OpenAsync(cancellationToken);
            foreach (var (name, sql) in schema)
            {
                await using var exists = memory.CreateCommand();
                exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = $name";
                exists.Parameters.AddWithValue("$name", name);
                if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0)
                {
                    // A shadow table of an FTS5 table made above.
                    continue;
                }
                await using var create = memory.CreateCommand();
                create.CommandText = sql;
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            // Its statements are kept compiled as a kept connection's are (the same code runs), and the warm-up compiles
            // them on the real database's kept connections afterwards (StatementCache.CompileLike).
            StatementCache.Attach(memory);
            return memory;
        }
        catch
        {
            await memory.DisposeAsync();
            throw;
        }
    }

    /// <summary>Open, and not inside a transaction (SQLite's autocommit mode: a turn that left one open is not reused).</summary>
    public override bool IsReusable(System.Data.Common.DbConnection connection) =>
        connection is SqliteConnection { State: System.Data.ConnectionState.Open, Handle: { } handle } && SQLitePCL.raw.sqlite3_get_autocommit(handle) != 0;

    /// <summary>
    /// A database connection left inside a transaction would be handed to the next user by Microsoft.Data.Sqlite's pool
    /// as it is: the pool is cleared first, so it is closed (which rolls the transaction back) instead of pooled.
    /// </summary>
    public override void Discard(System.Data.Common.DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is SqliteConnection sqlite)
        {
            SqliteConnection.ClearPool(sqlite);
        }
        connection.Dispose();
    }

    internal static bool IsTransientError(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 }; // SQLITE_BUSY, SQLITE_LOCKED

    /// <summary>
    /// SQLite cannot order by a DateTimeOffset (EF Core refuses it: the column is text with an offset). The application
    /// writes UTC only, so the text sorts chronologically: <see cref="ReginDbFunctions.Chronological"/> is the column
    /// read as text, which SQLite orders with the column's index.
    /// </summary>
    public override void ConfigureModel(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var text = new Microsoft.EntityFrameworkCore.Storage.StringTypeMapping("TEXT", System.Data.DbType.String);
        modelBuilder.HasDbFunction(typeof(ReginDbFunctions).GetMethod(nameof(ReginDbFunctions.Chronological))!)
            .HasTranslation(arguments => arguments[0] is Microsoft.EntityFrameworkCore.Query.SqlExpressions.ColumnExpression column
                ? column.ApplyTypeMapping(text)
                : throw new InvalidOperationException("ReginDbFunctions.Chronological takes a column."));
        // trim(x, '') removes nothing: the value unchanged, but no longer the indexed column for SQLite's planner.
        foreach (var type in new[] { typeof(Guid), typeof(string) })
        {
            modelBuilder.HasDbFunction(typeof(ReginDbFunctions).GetMethod(nameof(ReginDbFunctions.Unindexed), [type])!)
                .HasTranslation(arguments => new Microsoft.EntityFrameworkCore.Query.SqlExpressions.SqlFunctionExpression(
                    "trim", [arguments[0], new Microsoft.EntityFrameworkCore.Query.SqlExpressions.SqlConstantExpression("", typeof(string), text)],
                    nullable: true, argumentsPropagateNullability: [true, false], type, arguments[0].TypeMapping));
        }
        ConfigureByteAt(modelBuilder);
        Configurations.RawInputConfiguration.SplitBytes(modelBuilder.Entity<Entities.RawInput>());
        // A raw input's id is never given again after a delete (retention): its bytes' row, split off to a table of its
        // own, shares the key, and the convention then no longer makes it AUTOINCREMENT by itself.
        modelBuilder.Entity<Entities.RawInput>().Property(r => r.Id).UseAutoincrement();
        // The language with the number and the id: a language's practices in number order (its page) and their ids (a
        // flag's or a code's lookup) without reading the table (12,500 row reads for one language at 100,000). Not on
        // PostgreSQL, which reads the table's pages cheaply and would plan a count of a broad search (a walk of any
        // index) as a parallel scan of this one (3 -> 120 ms: the workers' start on a busy machine).
        var practice = modelBuilder.Entity<Entities.Practice>().Metadata;
        practice.RemoveIndex(practice.FindIndex(practice.FindProperty(nameof(Entities.Practice.Language))!)!);
        modelBuilder.Entity<Entities.Practice>().HasIndex(p => new { p.Language, p.Number, p.Id });
    }

    // substr() of a blob counts bytes (of text it would count characters from the start); unicode() of that one byte
    // (an ASCII digit) is its value.
    protected override Microsoft.EntityFrameworkCore.Query.SqlExpressions.SqlExpression TranslateByteAt(
        IReadOnlyList<Microsoft.EntityFrameworkCore.Query.SqlExpressions.SqlExpression> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var position = arguments[1];
        var one = new Microsoft.EntityFrameworkCore.Query.SqlExpressions.SqlConstantExpression(1, typeof(int), position.TypeMapping);
        var substr = new Microsoft.EntityFrameworkCore.Query.SqlExpressions.SqlFunctionExpression(
            "substr", [arguments[0], position, one], nullable: true, argumentsPropagateNullability: [true, true, true], typeof(byte[]), arguments[0].TypeMapping);
        return new Microsoft.EntityFrameworkCore.Query.SqlExpressions.SqlFunctionExpression(
            "unicode", [substr], nullable: true, argumentsPropagateNullability: [true], typeof(int), position.TypeMapping);
    }

    // FTS5 table practice_search (migration PracticeSearch): one row per practice, rowid = its number; each word a
    // quoted prefix ("peer"* "commun"*), all of them required. The index holds the words without their diacritics
    // (the tokenizer's remove_diacritics for Latin letters, the triggers' folding for Greek ones): so do the words.
    protected override IQueryable<int> PracticesWithAllWords(ReginDbContext db, IReadOnlyList<string> words)
    {
        var match = MatchExpression(words);
        return db.Database.SqlQuery<int>($"SELECT rowid AS \"Value\" FROM practice_search WHERE practice_search MATCH {match}");
    }

    // One evaluation of the match (a broad prefix query merges long lists: the costly part of a search), its numbers as
    // one JSON array in the index's order (ascending), read with the JSON reader rather than row by row.
    protected override async Task<SearchMatches> MatchAllWordsAsync(ReginDbContext db, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        var match = MatchExpression(words);
        var found = await db.Database.SqlQuery<SearchMatchList>(
                $"SELECT json_group_array(rowid) AS \"Json\" FROM practice_search WHERE practice_search MATCH {match}")
            .SingleAsync(cancellationToken);
        return new SearchMatches(System.Text.Json.JsonSerializer.Deserialize<int[]>(found.Json) ?? []);
    }

    // Each word by its forms (the word, its stems, its German transliteration: SearchForms), any of them as a prefix:
    // ("προσφυγας"* OR "προσφυγ"*) ("gefluechtete"* OR "gefluchtet"*).
    private static string MatchExpression(IReadOnlyList<string> words) =>
        string.Join(" AND ", words.Select(w => "(" + string.Join(" OR ", SearchForms.Of(w, WithoutDiacritics).Select(f => "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"*")) + ")"));

    // The triggers of the migration SearchOncePerCommit mark the practices whose answers changed; SearchIndex indexes
    // them at EF Core's commit, and here what a writer without EF Core left marked.
    public override Task CatchUpSearchIndexAsync(ReginDbContext db, CancellationToken cancellationToken = default) =>
        SqliteSearchIndex.CatchUpAsync(db, cancellationToken);

    private static string WithoutDiacritics(string word)
    {
        var decomposed = word.Normalize(System.Text.NormalizationForm.FormD);
        var kept = new System.Text.StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                kept.Append(c);
            }
        }
        return kept.ToString().Normalize(System.Text.NormalizationForm.FormC);
    }

    public override async ValueTask<IAsyncDisposable?> EnterWriteAsync(ReginDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var hold = await SqliteWriteGate.EnterAsync(db.Database.GetDbConnection(), cancellationToken);
        return hold.IsHeld ? hold : null;
    }

    public override IDisposable? EnterWrite(ReginDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var hold = SqliteWriteGate.Enter(db.Database.GetDbConnection());
        return hold.IsHeld ? hold : null;
    }

    // A transaction on SQLite begins IMMEDIATE: it already holds the only write lock.
    public override Task SerialiseAsync(ReginDbContext db, string name, CancellationToken cancellationToken = default) => Task.CompletedTask;

    // One host per SQLite file: the caller's in-process lock is the lock.
    public override Task<IAsyncDisposable?> LockAcrossHostsAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult<IAsyncDisposable?>(null);
}
