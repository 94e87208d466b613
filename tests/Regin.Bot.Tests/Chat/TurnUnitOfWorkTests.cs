using System.Data.Common;
using Microsoft.Bot.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Regin.Bot.Chat.Storage;
using Regin.Core.Persistence;

namespace Regin.Bot.Tests.Chat;

/// <summary>One chat turn is one unit of work: one transaction for the raw input, the answer, its events and the state.</summary>
public sealed class TurnUnitOfWorkTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private readonly WriteLog _writes = new();
    private readonly FailingStorage.Switch _failWrites = new();
    private ChatHost _host = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(TestProviders.Sqlite);
        _writes.Watch(_database.ConnectionString);
        _host = await ChatHost.StartAsync(_database, configure: services =>
        {
            services.ConfigureDbContext<ReginDbContext>(options => options.AddInterceptors(_writes));
            services.Replace(ServiceDescriptor.Singleton<IStorage>(sp => new FailingStorage(ActivatorUtilities.CreateInstance<EfCoreStorage>(sp), _failWrites)));
        });
    }

    public async Task DisposeAsync()
    {
        _writes.Unwatch();
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task An_answer_is_stored_with_its_raw_input_events_and_state_in_one_commit()
    {
        var chat = new ChatDriver(_host.Adapter("webchat", "uow-1", "user-uow", "en-US"), _host.Bot);
        await chat.StartAsync();
        await chat.SendAsync("Jo Bloggs");
        var stateBefore = await ChatStateETagAsync("webchat/conversations/uow-1/users/user-uow");

        _writes.Clear();
        var replies = await chat.SendAsync("Bloggs County Council");

        Assert.Equal("contact_email", replies.AskedQuestion());
        // One commit, and no write outside it; the draft's rows, the raw input and the chat state are written by
        // statements prepared from the model on the turn's transaction, which EF Core's command log does not see: their
        // rows are looked at.
        Assert.Equal(1, _writes.Commits);
        Assert.Empty(_writes.OutsideTransaction);
        // Nothing of the turn was tracked by EF Core, so its commit asked the change tracker for no save (which would
        // only have raised its events and found nothing).
        Assert.Equal(0, _writes.Saves);
        Assert.NotEqual(stateBefore, await ChatStateETagAsync("webchat/conversations/uow-1/users/user-uow"));
        var practice = await _host.PracticeOfAsync("webchat", "user-uow");
        Assert.Equal("Bloggs County Council", practice!.Answers.Single(a => a.QuestionId == "contact_organisation").Original);
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        Assert.Single(db.PracticeEvents.Where(e => e.PracticeId == practice.Id && e.QuestionId == "contact_organisation"));
        var raw = db.RawInputs.Where(r => r.ConversationId == "uow-1").AsEnumerable()
            .Single(r => System.Text.Encoding.UTF8.GetString(r.Content).Contains("\"text\":\"Bloggs County Council\"", StringComparison.Ordinal));
        Assert.Equal(practice.Id, raw.PracticeId);
    }

    [Fact]
    public async Task A_new_conversation_s_start_and_first_answer_ask_EF_Core_for_no_save()
    {
        // The start writes the conversation's three chat-state keys (no rows yet: INSERTs), the first answer a new draft
        // with its identity, log and answer: all by statements prepared from the model, in the turn's one transaction.
        var chat = new ChatDriver(_host.Adapter("webchat", "uow-new", "user-uow-new", "en-US"), _host.Bot);
        _writes.Clear();
        await chat.StartAsync();
        Assert.Equal(1, _writes.Commits);
        Assert.Equal(0, _writes.Saves);
        Assert.Equal("contact_organisation", (await chat.SendAsync("Noor Example")).AskedQuestion());
        Assert.Equal(2, _writes.Commits);
        Assert.Equal(0, _writes.Saves);
        Assert.Empty(_writes.OutsideTransaction);
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        Assert.Equal(3, await db.Set<Regin.Core.Persistence.Entities.ChatStateItem>().CountAsync(s => s.Key.Contains("uow-new")));
        Assert.Equal("Noor Example", (await _host.PracticeOfAsync("webchat", "user-uow-new"))!.Answers.Single(a => a.QuestionId == "contact_name").Original);
    }

    [Fact]
    public async Task A_commit_saves_whatever_a_part_left_tracked_in_any_state_and_asks_for_no_save_when_nothing_is_tracked()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        Assert.False(Regin.Bot.Chat.Hosting.TurnUnitOfWork.Tracks(db));
        // An entity attached unchanged (changed later without detection: the save's own scan finds it) counts.
        var row = new Regin.Core.Persistence.Entities.ChatStateItem { Key = "tracked", Document = "{}", ETag = "e", UpdatedAt = DateTimeOffset.UnixEpoch };
        db.Attach(row);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        Assert.True(Regin.Bot.Chat.Hosting.TurnUnitOfWork.Tracks(db));
        // The tracker's own setting is left as it was.
        Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
        db.Entry(row).State = EntityState.Detached;
        Assert.False(Regin.Bot.Chat.Hosting.TurnUnitOfWork.Tracks(db));
        db.Add(row);
        Assert.True(Regin.Bot.Chat.Hosting.TurnUnitOfWork.Tracks(db));
    }

    [Fact]
    public async Task A_turn_that_fails_stores_nothing_of_itself_but_the_message_and_the_answer_can_be_given_again()
    {
        var chat = new ChatDriver(_host.Adapter("webchat", "uow-2", "user-uow-2", "en-US"), _host.Bot);
        await chat.StartAsync();
        await chat.SendAsync("Ann Example");

        _failWrites.On = true;
        var apology = await chat.SendAsync("Example Borough");
        _failWrites.On = false;

        Assert.Single(apology);
        var practice = await _host.PracticeOfAsync("webchat", "user-uow-2");
        Assert.DoesNotContain(practice!.Answers, a => a.QuestionId == "contact_organisation");
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
            var kept = db.RawInputs.Where(r => r.ConversationId == "uow-2").AsEnumerable()
                .Select(r => System.Text.Encoding.UTF8.GetString(r.Content)).ToList();
            Assert.Contains(kept, json => json.Contains("\"text\":\"Example Borough\"", StringComparison.Ordinal));
            Assert.DoesNotContain(db.PracticeEvents.Where(e => e.PracticeId == practice.Id).AsEnumerable(), e => e.QuestionId == "contact_organisation");
        }

        var replies = await chat.SendAsync("Example Borough");
        Assert.Equal("contact_email", replies.AskedQuestion());
        practice = await _host.PracticeOfAsync("webchat", "user-uow-2");
        Assert.Contains(practice!.Answers, a => a.QuestionId == "contact_organisation");
    }

    [Fact]
    public async Task A_kept_turn_commits_without_an_EF_Core_transaction_and_a_failure_after_its_writes_rolls_all_of_them_back()
    {
        var chat = new ChatDriver(_host.Adapter("webchat", "uow-lean", "user-uow-lean", "en-US"), _host.Bot);
        await chat.StartAsync();
        await chat.SendAsync("Lena Example");
        _writes.Clear();
        Assert.Equal("contact_email", (await chat.SendAsync("Lean Valley District")).AskedQuestion());
        // One commit, sent by the kept connection's own SQLite transaction: EF Core began none.
        Assert.Equal(1, _writes.Commits);
        Assert.Equal(0, _writes.EfBegins);
        var practice = (await _host.PracticeOfAsync("webchat", "user-uow-lean"))!;
        var state = await ChatStateETagAsync("webchat/conversations/uow-lean/users/user-uow-lean");
        var (events, inputs) = await CountsAsync(practice.Id, "uow-lean");

        // The answer's rows, its event and the raw input are written in the transaction; the chat state's write, after
        // them, fails: all of it is undone, and only the message is kept (on its own, after the rollback).
        _failWrites.On = true;
        var apology = await chat.SendAsync("lena@example.org");
        _failWrites.On = false;
        Assert.Single(apology);
        // (The one transaction EF Core began: the message's row stored on its own after the rollback, outside the turn.)
        Assert.Equal(1, _writes.EfBegins);
        Assert.DoesNotContain((await _host.PracticeOfAsync("webchat", "user-uow-lean"))!.Answers, a => a.QuestionId == "contact_email");
        Assert.Equal(state, await ChatStateETagAsync("webchat/conversations/uow-lean/users/user-uow-lean"));
        Assert.Equal((events, inputs + 1), await CountsAsync(practice.Id, "uow-lean"));

        // The transaction and the write gate's place were given up: the next turn on the kept connection commits.
        Assert.Equal("contact_phone", (await chat.SendAsync("lena@example.org")).AskedQuestion());
        Assert.Equal("lena@example.org", (await _host.PracticeOfAsync("webchat", "user-uow-lean"))!.Answers.Single(a => a.QuestionId == "contact_email").Original);
        Assert.Equal(1, _writes.EfBegins);
    }

    private async Task<(int Events, int Inputs)> CountsAsync(Guid practiceId, string conversationId)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        return (await db.PracticeEvents.CountAsync(e => e.PracticeId == practiceId), await db.RawInputs.CountAsync(r => r.ConversationId == conversationId));
    }

    [Fact]
    public async Task A_turn_that_fails_is_apologised_for_in_the_language_the_conversation_switched_to()
    {
        var chat = new ChatDriver(_host.Adapter("webchat", "uow-lang", "user-uow-lang", "en-US"), _host.Bot);
        await chat.StartAsync();
        await chat.SendAsync("Anna Svensson");
        await chat.SendAsync("språk svenska");

        _failWrites.On = true;
        var apology = await chat.SendAsync("Region Skåne");
        _failWrites.On = false;

        // The conversation's progress (Swedish), not the activity's locale (English): the progress the turn read reaches
        // the apology although it is put in the turn state only when the turn fails.
        await using var scope = _host.Services.CreateAsyncScope();
        var engine = scope.ServiceProvider.GetRequiredService<Regin.Core.Conversation.ConversationEngine>();
        var swedish = engine.ErrorMessage(null, "sv-SE");
        Assert.NotEqual(engine.ErrorMessage(null, "en-US"), swedish);
        Assert.Equal(swedish, Assert.Single(apology).Text);
    }

    [Fact]
    public async Task Turns_run_on_a_kept_connection_whose_statements_stay_compiled_and_a_failed_turn_leaves_it_clean()
    {
        var chat = new ChatDriver(_host.Adapter("webchat", "uow-3", "user-uow-3", "en-US"), _host.Bot);
        await chat.StartAsync();
        await chat.SendAsync("Kim Example");
        var (connection, reusedBefore) = KeptStatements();

        // A turn that fails after its answer's rows were written on the kept connection, in the turn's transaction.
        _failWrites.On = true;
        Assert.Single(await chat.SendAsync("Example Parish"));
        _failWrites.On = false;
        var replies = await chat.SendAsync("Example Parish");
        replies = await chat.SendAsync("kim@example.org");

        // Turns one after the other borrow the one connection kept open, and run its statements compiled before.
        var (after, reusedAfter) = KeptStatements();
        Assert.Same(connection, after);
        Assert.True(reusedAfter >= reusedBefore + 10, $"statements compiled again: {reusedAfter - reusedBefore} reused in three turns");
        Assert.NotEqual("contact_email", replies.AskedQuestion());
        var practice = await _host.PracticeOfAsync("webchat", "user-uow-3");
        Assert.Equal("Example Parish", practice!.Answers.Single(a => a.QuestionId == "contact_organisation").Original);
        Assert.Contains(practice.Answers, a => a.QuestionId == "contact_email");
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        Assert.Single(db.PracticeEvents.Where(e => e.PracticeId == practice.Id && e.QuestionId == "contact_organisation"));
    }

    [Fact]
    public async Task A_turn_that_found_every_kept_connection_lent_leaves_its_context_fit_for_the_next_turn_on_a_kept_one()
    {
        var chat = new ChatDriver(_host.Adapter("webchat", "uow-4", "user-uow-4", "en-US"), _host.Bot);
        await chat.StartAsync();
        var keptConnections = _host.Services.GetRequiredService<KeptConnections>();

        // Every kept connection lent elsewhere: the turn runs on its context's own connection.
        var lent = new List<DbConnection>();
        while (keptConnections.Rent() is { } connection)
        {
            lent.Add(connection);
        }
        try
        {
            Assert.Equal("contact_organisation", (await chat.SendAsync("Lee Example")).AskedQuestion());
        }
        finally
        {
            lent.ForEach(keptConnections.Return);
        }
        var (_, reusedBefore) = KeptStatements();

        // The same pooled context (turns one at a time take the one the last gave back) borrows a kept connection again.
        Assert.Equal("contact_email", (await chat.SendAsync("Example Ward")).AskedQuestion());
        Assert.NotEqual("contact_email", (await chat.SendAsync("lee@example.org")).AskedQuestion());

        var (_, reusedAfter) = KeptStatements();
        Assert.True(reusedAfter > reusedBefore, "the turns after did not run on the kept connection");
        Assert.Equal(0, keptConnections.Refused);
        var practice = await _host.PracticeOfAsync("webchat", "user-uow-4");
        Assert.Equal(["contact_email", "contact_name", "contact_organisation"], practice!.Answers.Select(a => a.QuestionId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_context_given_back_with_its_connection_counted_open_still_runs_the_turn_on_its_own_connection()
    {
        var chat = new ChatDriver(_host.Adapter("webchat", "uow-5", "user-uow-5", "en-US"), _host.Bot);
        await chat.StartAsync();
        var keptConnections = _host.Services.GetRequiredService<KeptConnections>();

        // Some code outside a turn opens a context's connection and does not close it, in every context of the pool.
        var scopes = Enumerable.Range(0, 8).Select(_ => _host.Services.CreateAsyncScope()).ToList();
        foreach (var scope in scopes)
        {
            await scope.ServiceProvider.GetRequiredService<ReginDbContext>().Database.OpenConnectionAsync();
        }
        foreach (var scope in scopes)
        {
            await scope.DisposeAsync();
        }

        // EF Core will not swap that context's connection for a kept one: the turn runs on the context's own, and says so.
        Assert.Equal("contact_organisation", (await chat.SendAsync("Sam Example")).AskedQuestion());
        Assert.True(keptConnections.Refused > 0, "the turn borrowed a kept connection for a context that could not take it");
        var practice = await _host.PracticeOfAsync("webchat", "user-uow-5");
        Assert.Contains(practice!.Answers, a => a.QuestionId == "contact_name" && a.Original == "Sam Example");
    }

    /// <summary>The kept connection (turns here run one at a time: one is enough) and how many statements it took from its cache.</summary>
    private (System.Data.Common.DbConnection Connection, long Reused) KeptStatements()
    {
        var kept = _host.Services.GetRequiredService<KeptConnections>();
        var connection = kept.Rent()!;
        try
        {
            return (connection, StatementCache.Of(connection)!.Reused);
        }
        finally
        {
            kept.Return(connection);
        }
    }

    private async Task<string?> ChatStateETagAsync(string key)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        return await db.Set<Regin.Core.Persistence.Entities.ChatStateItem>().Where(s => s.Key == key).Select(s => s.ETag).SingleOrDefaultAsync();
    }

    /// <summary>The SQL that changed something, inside a transaction or not, and the commits.</summary>
    private sealed class WriteLog : DbCommandInterceptor, IDbTransactionInterceptor, ISaveChangesInterceptor
    {
        private readonly List<string> _inTransaction = [];
        private readonly List<string> _outside = [];
        private int _commits;
        private int _saves;

        public int Commits => Volatile.Read(ref _commits);

        private int _efBegins;

        /// <summary>How many transactions EF Core began (a kept SQLite turn's goes without it).</summary>
        public int EfBegins => Volatile.Read(ref _efBegins);

        public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
        {
            Interlocked.Increment(ref _efBegins);
            return result;
        }

        public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _efBegins);
            return ValueTask.FromResult(result);
        }

        private string? _database;

        /// <summary>Also counts the commits of kept SQLite turns, which go without EF Core (SqliteTurnTransaction), on <paramref name="connectionString"/>'s file.</summary>
        public void Watch(string connectionString)
        {
            _database = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
            Regin.Core.Persistence.Sqlite.SqliteTurnTransaction.Committed += OwnCommitted;
        }

        public void Unwatch() => Regin.Core.Persistence.Sqlite.SqliteTurnTransaction.Committed -= OwnCommitted;

        private void OwnCommitted(DbConnection connection)
        {
            if (_database is { } file && connection.ConnectionString.Contains(file, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _commits);
            }
        }

        /// <summary>How many times SaveChanges ran (EF Core's change tracker asked to save).</summary>
        public int Saves => Volatile.Read(ref _saves);

        public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            Interlocked.Increment(ref _saves);
            return result;
        }

        public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _saves);
            return ValueTask.FromResult(result);
        }

        public IReadOnlyList<string> InTransaction { get { lock (_inTransaction) { return [.. _inTransaction]; } } }

        public IReadOnlyList<string> OutsideTransaction { get { lock (_inTransaction) { return [.. _outside]; } } }

        public void Clear()
        {
            lock (_inTransaction)
            {
                _inTransaction.Clear();
                _outside.Clear();
                _commits = 0;
                _efBegins = 0;
                _saves = 0;
            }
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Record(command);
            return base.ReaderExecuting(command, eventData, result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Record(command);
            return base.NonQueryExecuting(command, eventData, result);
        }

        public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Interlocked.Increment(ref _commits);

        public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _commits);
            return Task.CompletedTask;
        }

        private void Record(DbCommand command)
        {
            var sql = command.CommandText;
            var writes = sql.Contains("INSERT ", StringComparison.OrdinalIgnoreCase) || sql.Contains("UPDATE ", StringComparison.OrdinalIgnoreCase)
                || sql.Contains("DELETE ", StringComparison.OrdinalIgnoreCase);
            if (!writes || sql.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
            lock (_inTransaction)
            {
                (command.Transaction is null ? _outside : _inTransaction).Add(sql);
            }
        }
    }

    /// <summary>The real storage, whose writes fail while the switch is on (a turn that breaks after its answer was recorded).</summary>
    private sealed class FailingStorage(IStorage inner, FailingStorage.Switch failWrites) : IStorage
    {
        public sealed class Switch
        {
            public volatile bool On;
        }

        public Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default) => inner.ReadAsync(keys, cancellationToken);

        public Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default) =>
            failWrites.On ? throw new InvalidOperationException("The storage failed (test).") : inner.WriteAsync(changes, cancellationToken);

        public Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default) => inner.DeleteAsync(keys, cancellationToken);
    }
}
