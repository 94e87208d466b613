using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Regin.Bot.Chat.Hosting;
using Regin.Bot.Tests.WebChat;
using Regin.Core;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Testing;

namespace Regin.Bot.Tests.Chat;

/// <summary>
/// The chat's warm-up (<see cref="ChatWarmUp"/>, Chat:WarmUp): before the host listens it rehearses a start and an answer
/// to every question in every language in a private in-memory database, and writes nothing to the real one: no draft, number, event,
/// state, raw input or transcript row, no search entry; the first real answer then makes draft number 1, stored once
/// with its events. On PostgreSQL the same rehearsal runs in a session whose tables are temporary copies of the real
/// ones: every table and sequence of the real database is left as it was.
/// </summary>
public sealed class ChatWarmUpTests
{
    private const string Secret = "dl-warm-up-secret-5d1c0a9e7b3f24";

    [Fact]
    public async Task A_warmed_up_host_rehearsed_every_language_and_wrote_nothing_to_its_database()
    {
        await using var app = new ReginApplication();
        var host = WarmedUp(app);

        var warmUp = host.Services.GetRequiredService<ChatWarmUp>();

        // In each language a start and an answer to every question, the last one included (every kind of question's code
        // compiled before the first chat reaches it), and no submission (nothing below is stored).
        Assert.Equal(Languages.All.Count, warmUp.LanguagesCompleted);
        var questions = host.Services.GetRequiredService<Regin.Core.Questionnaire.QuestionnaireDefinition>().Questions.Count;
        Assert.True(warmUp.TurnsRehearsed >= (1 + questions) * Languages.All.Count, $"{warmUp.TurnsRehearsed} turns rehearsed");
        // Every answer was posted as a page posts it, through the API's endpoint (token, body, conversation, the id back).
        Assert.Equal(warmUp.TurnsRehearsed - Languages.All.Count, warmUp.PostedThroughEndpoint);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        Assert.Equal(0, await db.Practices.CountAsync());
        Assert.Equal(0, await db.Answers.CountAsync());
        Assert.Equal(0, await db.PracticeEvents.CountAsync());
        Assert.Equal(0, await db.ContributorIdentities.CountAsync());
        Assert.Equal(0, await db.RawInputs.CountAsync());
        Assert.Equal(0, await db.Set<ChatStateItem>().CountAsync());
        Assert.Equal(0, await db.Set<DirectLineConversation>().CountAsync());
        Assert.Equal(0, await db.Set<DirectLineActivity>().CountAsync());
        // Nor did the search index or the practices' number sequence see a rehearsed draft.
        await using var file = new SqliteConnection($"Data Source={app.DatabasePath};Mode=ReadOnly;Pooling=False");
        await file.OpenAsync();
        Assert.Equal(0L, await ScalarAsync(file, "SELECT COUNT(*) FROM practice_search"));
        Assert.Equal(0L, await ScalarAsync(file, "SELECT COUNT(*) FROM sqlite_sequence WHERE seq > 0 AND name IN ('practice_events', 'raw_inputs', 'answers', 'contributor_identities')"));
    }

    [Fact]
    public async Task The_first_answer_on_a_warmed_up_host_makes_draft_number_one_stored_once_with_its_events()
    {
        await using var app = new ReginApplication();
        var host = WarmedUp(app);
        var http = host.CreateClient();

        var chat = await DirectLineClient.StartAsync(http, Secret, "user-after-warm-up", "el-GR");
        Assert.Equal("contact_name", DirectLineClient.QuestionOf(await chat.PollAsync()));
        await chat.PostAsync(DirectLineClient.Message("Ελένη Παπαδοπούλου", "user-after-warm-up", locale: "el-GR"));
        var reply = await chat.PollAsync();

        Assert.Equal("contact_organisation", DirectLineClient.QuestionOf(reply));
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var practice = await db.Practices.AsNoTracking().Include(p => p.Answers).Include(p => p.Identities).SingleAsync();
        Assert.Equal(1, practice.Number);
        Assert.Equal("el", practice.Language);
        var answer = Assert.Single(practice.Answers);
        Assert.Equal("contact_name", answer.QuestionId);
        Assert.Equal("Ελένη Παπαδοπούλου", answer.Original);
        Assert.Equal("user-after-warm-up", Assert.Single(practice.Identities).ExternalId);
        var events = await db.PracticeEvents.AsNoTracking().Where(e => e.PracticeId == practice.Id).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync();
        Assert.Equal("created", events[0]);
        Assert.Single(events, kind => kind == "created");
        Assert.Contains("answer_set", events);
        // The message and the replies, once each, in the conversation's transcript and the raw-input log.
        Assert.Equal(1, await db.RawInputs.CountAsync(r => r.ConversationId == chat.ConversationId && r.PracticeId == practice.Id));
    }

    [Fact]
    public async Task The_kept_connections_hold_the_rehearsed_statements_so_the_first_chats_compile_none()
    {
        await using var app = new ReginApplication();
        var host = WarmedUp(app);
        var http = host.CreateClient();
        var kept = host.Services.GetRequiredService<KeptConnections>();

        // Every kept connection of the real file holds the statements the rehearsal ran, compiled (not run).
        var before = CompiledPerConnection(kept);
        Assert.Equal(kept.Capacity, before.Count);
        Assert.All(before, count => Assert.True(count > 0, $"{count} statements compiled"));
        Assert.Equal(before.Sum(), host.Services.GetRequiredService<ChatWarmUp>().StatementsCompiled);

        // Starts and first answers (a new draft, its answer, the search index, the chat state, the raw input, the
        // transcript), each turn on a kept connection: every statement they prepare was compiled on it already.
        for (var i = 0; i < kept.Capacity; i++)
        {
            var user = $"user-compiled-{i}";
            var chat = await DirectLineClient.StartAsync(http, Secret, user, "en-US");
            Assert.Equal("contact_name", DirectLineClient.QuestionOf(await chat.PollAsync()));
            await chat.PostAsync(DirectLineClient.Message("Ann Example", user, locale: "en-US"));
            Assert.Equal("contact_organisation", DirectLineClient.QuestionOf(await chat.PollAsync()));
        }
        Assert.Equal(before.Sum(), CompiledPerConnection(kept).Sum());
        await using var scope = host.Services.CreateAsyncScope();
        Assert.Equal(kept.Capacity, await scope.ServiceProvider.GetRequiredService<ReginDbContext>().Practices.CountAsync());
    }

    /// <summary>The number of statements compiled on each kept connection (all of them borrowed at once, then given back).</summary>
    private static List<int> CompiledPerConnection(KeptConnections kept)
    {
        var connections = new List<System.Data.Common.DbConnection>();
        try
        {
            while (connections.Count < kept.Capacity && kept.Rent() is { } connection)
            {
                connections.Add(connection);
            }
            return connections.Select(c => StatementCache.Of(c)!.Count).ToList();
        }
        finally
        {
            connections.ForEach(kept.Return);
        }
    }

    [Fact]
    public async Task The_rehearsal_logs_no_draft_and_the_first_real_draft_is_logged()
    {
        await using var app = new ReginApplication();
        var log = new RecordedLog();
        var host = WarmedUp(app).WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(log)));
        var http = host.CreateClient();

        // The host has started (the warm-up ran before it listened): its one summary line, no line of a rehearsed draft.
        Assert.True(host.Services.GetRequiredService<ChatWarmUp>().TurnsRehearsed > 0);
        Assert.Single(log.Lines, line => line.Text.StartsWith("Chat warm-up: ", StringComparison.Ordinal) && line.Level == LogLevel.Information);
        Assert.DoesNotContain(log.Lines, line => line.Text.Contains("Started draft", StringComparison.Ordinal));
        // Every rehearsed turn ran through (a failed one is a warning, and stops the rehearsal).
        Assert.DoesNotContain(log.Lines, line => line.Level >= LogLevel.Warning && line.Text.Contains("warm-up", StringComparison.OrdinalIgnoreCase));

        // A real chat's draft is logged as before (only the rehearsal's flow is quiet).
        var chat = await DirectLineClient.StartAsync(http, Secret, "user-logged", "en-US");
        Assert.Equal("contact_name", DirectLineClient.QuestionOf(await chat.PollAsync()));
        await chat.PostAsync(DirectLineClient.Message("Ann Example", "user-logged", locale: "en-US"));
        Assert.Equal("contact_organisation", DirectLineClient.QuestionOf(await chat.PollAsync()));
        var started = Assert.Single(log.Lines, line => line.Text.Contains("Started draft", StringComparison.Ordinal));
        Assert.Contains("REGIN-", started.Text, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Information, started.Level);
    }

    [Theory]
    [InlineData(TestProviders.Sqlite, true, null)]
    // On PostgreSQL a stream reads its transcript again after each keep-alive; every 50 ms here (20 s by default), so the
    // rehearsal's streams read its one session all the time beside the posts' turns, which must take it in turn (until
    // session 48 they did not: "A command is already in progress", the post answered 500 or the stream closed; with the
    // default keep-alive in one of session 47's three clean clones at load ~90, with 50 ms in every run).
    [InlineData(TestProviders.PostgreSql, false, "00:00:00.050")]
    public async Task On_a_listening_host_the_warm_up_chats_over_a_loopback_socket_before_it_says_ready_stores_nothing_and_then_admits_no_rehearsal(string provider, bool apiToken, string? streamKeepAlive)
    {
        // StartServer returns once the host has started: Kestrel listening, and the warm-up's last part (over the socket) run.
        await using var host = new SocketWarmedUpHost(provider, apiToken, streamKeepAlive);

        var warmUp = host.Services.GetRequiredService<ChatWarmUp>();
        Assert.False(warmUp.Rehearsing);
        // (The warnings whole in the failure's message: xunit's collection view cuts a line at 100 characters, the exception's;
        // with them every warning and error the host logged, its exceptions with their stacks: a rehearsed request answered
        // 500 is told by the host's own line, "An unhandled exception has occurred …", not by the warm-up's.)
        var warnings = host.Log.Lines.Where(line => line.Level >= LogLevel.Warning && line.Text.Contains("warm-up", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(warnings.Count == 0, string.Join(" | ", warnings.Select(line => line.Text)) + host.Log.Problems());
        Assert.Single(host.Log.Lines, line => line.Text.StartsWith("Chat warm-up over a loopback socket", StringComparison.Ordinal) && line.Level == LogLevel.Information);
        // In every language a chat's stream opened over the socket and its first answers posted through Kestrel, each
        // answer's replies read from the stream's frames (the greeting's frame, then one or more per answer).
        Assert.True(warmUp.PostedOverSocket >= 5 * Languages.All.Count, $"{warmUp.PostedOverSocket} answers posted over the socket" + host.Log.Problems());
        Assert.True(warmUp.FramesOverSocket >= warmUp.PostedOverSocket + Languages.All.Count, $"{warmUp.FramesOverSocket} frames received");
        // And in every language a chat over POST /api/messages with expectReplies (the endpoint takes anonymous activities
        // here), a first message and 10 answers, each to the question the replies in the last answer's HTTP response
        // asked; twice (the runtime counts the framework code's calls in the second pass).
        Assert.Equal(2 * 11 * Languages.All.Count, warmUp.PostedToMessages);
        // In each pass, in every language, an answer to every question sent to POST /api/answers/check (chunked bodies),
        // all answered 200 and none counted against the loopback address's flood limit (50 a minute here: counted, the
        // warm-up's checks would have been refused, 429, and the warm-up would have logged a warning); and a practice read
        // as GET /api/practices/{reference} reads it: over the socket with the API token, or in process without one; and
        // one of the rehearsal's drafts read by that endpoint's handler in the rehearsal's database.
        var questionnaire = host.Services.GetRequiredService<QuestionnaireDefinition>();
        var answerable = Languages.All.Sum(language => questionnaire.Questions.Count(q => ChatWarmUp.AnswerTo(q, questionnaire, language) is not null));
        Assert.True(answerable >= questionnaire.Questions.Count * Languages.All.Count / 2, $"{answerable} answerable questions");
        Assert.Equal(2 * answerable, warmUp.AnswersChecked);
        // Each pass: REGIN-0 in the real database (not found), then one of the rehearsal's drafts in its own database (found).
        Assert.Equal(2 * 2, warmUp.PracticeReads);
        using (var check = host.CreateHttpClient())
        {
            // The loopback address's budget is whole: a check after the warm-up is answered.
            using var checkResponse = await check.PostAsync(new Uri("/api/answers/check", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(
                new System.Text.Json.Nodes.JsonObject { ["question"] = "country", ["text"] = "Belgium", ["lang"] = "en" }));
            Assert.Equal(System.Net.HttpStatusCode.OK, checkResponse.StatusCode);
        }
        using var http = host.CreateHttpClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
            Assert.Equal(0, await db.Practices.CountAsync());
            Assert.Equal(0, await db.RawInputs.CountAsync());
            Assert.Equal(0, await db.Set<ChatStateItem>().CountAsync());
            Assert.Equal(0, await db.Set<DirectLineConversation>().CountAsync());
            Assert.Equal(0, await db.Set<DirectLineActivity>().CountAsync());
        }

        // Once ready, the rehearsal's header makes no request a rehearsal: a chat that sends it is stored as any other.
        http.DefaultRequestHeaders.Add("X-Regin-Rehearsal", "anything");
        var chat = await DirectLineClient.StartAsync(http, SocketWarmedUpHost.Secret, "user-after-warm-up", "en-US");
        Assert.Equal("contact_name", DirectLineClient.QuestionOf(await chat.PollAsync()));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
            Assert.Equal(1, await db.Set<DirectLineConversation>().CountAsync());
        }
        // So is a turn on POST /api/messages that sends it: answered in its response, its message stored.
        var message = new Newtonsoft.Json.Linq.JObject
        {
            ["type"] = "message",
            ["id"] = "after-warm-up-1",
            ["channelId"] = "webchat",
            ["serviceUrl"] = "http://localhost/",
            ["deliveryMode"] = "expectReplies",
            ["locale"] = "en-US",
            ["from"] = new Newtonsoft.Json.Linq.JObject { ["id"] = "user-messages-after-warm-up", ["role"] = "user" },
            ["recipient"] = new Newtonsoft.Json.Linq.JObject { ["id"] = "regin-bot" },
            ["conversation"] = new Newtonsoft.Json.Linq.JObject { ["id"] = "messages-after-warm-up" },
            ["text"] = "Hello",
        };
        using var turn = await http.PostAsync(new Uri("/api/messages", UriKind.Relative),
            new StringContent(message.ToString(Newtonsoft.Json.Formatting.None), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, turn.StatusCode);
        Assert.Contains("activities", await turn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
            Assert.Equal(1, await db.RawInputs.CountAsync(r => r.ConversationId == "messages-after-warm-up"));
        }
    }

    [Fact]
    public async Task Two_requests_rehearsed_on_one_rehearsal_database_open_their_units_on_it_one_at_a_time()
    {
        await using var app = new ReginApplication();
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        await using var database = await app.Services.GetRequiredService<ReginDatabaseProvider>().OpenRehearsalDatabaseAsync();
        Assert.NotNull(database);

        // Over the loopback socket each rehearsed request begins a rehearsal of its own on the one database: the stream's
        // (its transcript read) and a post's (its turn). The post's unit waits while the stream's is open on it (until
        // session 48 it did not: each rehearsal had a gate of its own, and on PostgreSQL the two ran commands on one
        // session at once, the post answered 500).
        var stream = await RehearsedAsync(database, () => TurnUnitOfWork.OpenAsync(scopes, CancellationToken.None));
        var post = RehearsedAsync(database, () => TurnUnitOfWork.OpenAsync(scopes, CancellationToken.None));
        Assert.False(post.IsCompleted, "the post's unit was opened on the rehearsal's database while the stream's was open on it");
        Assert.Same(database, stream.Db.Database.GetDbConnection());
        Assert.Equal(0, await stream.Db.Set<DirectLineActivity>().CountAsync());
        // A rehearsal on another database (another host's warm-up in this process) does not wait for it.
        await using (var other = await app.Services.GetRequiredService<ReginDatabaseProvider>().OpenRehearsalDatabaseAsync())
        {
            await using var elsewhere = await RehearsedAsync(other!, () => TurnUnitOfWork.OpenAsync(scopes, CancellationToken.None)).WaitAsync(Eventually.Deadline);
            Assert.Same(other, elsewhere.Db.Database.GetDbConnection());
            Assert.False(post.IsCompleted);
        }

        // The stream's read done, the post's turn takes the database.
        await stream.DisposeAsync();
        await using var turn = await post.WaitAsync(Eventually.Deadline);
        Assert.Same(database, turn.Db.Database.GetDbConnection());
        Assert.Equal(0, await turn.Db.Set<DirectLineActivity>().CountAsync());
    }

    /// <summary>Runs <paramref name="work"/> as a request over the loopback socket runs: in a rehearsal of its own on <paramref name="database"/>.</summary>
    private static async Task<T> RehearsedAsync<T>(System.Data.Common.DbConnection database, Func<Task<T>> work)
    {
        using (ChatRehearsal.Begin(database))
        {
            return await work();
        }
    }

    /// <summary>The real host on Kestrel (a loopback port) with the warm-up on and a Direct Line secret.</summary>
    private sealed class SocketWarmedUpHost : BotTestHost
    {
        public const string Secret = "dl-socket-warm-up-secret-8c1e4b7a2d9f";

        public const string ApiToken = "api-socket-warm-up-token-5d2a9c7e";

        private readonly bool _apiToken;
        private readonly string? _streamKeepAlive;

        public SocketWarmedUpHost(string provider, bool apiToken = false, string? streamKeepAlive = null)
            : base(kestrel: true)
        {
            Provider = provider;
            _apiToken = apiToken;
            _streamKeepAlive = streamKeepAlive;
            StartServer();
        }

        public override string Provider { get; }

        public RecordedLog Log { get; } = new();

        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            builder.UseSetting("Chat:WarmUp", "true");
            // The socket part's deadline sized for a 2-core machine running three test projects (load ~90): it passed the
            // default 30 s there twice in session 47 (TaskCanceledException), on PostgreSQL, where it runs a few seconds idle.
            builder.UseSetting("Chat:WarmUpSocketLimit", "00:03:00");
            builder.UseSetting("DirectLine:Secret", Secret);
            // Fewer than the warm-up's answer checks: they must not count against the loopback address.
            builder.UseSetting("Hosting:RequestsPerMinute", "50");
            if (_apiToken)
            {
                builder.UseSetting("Review:ApiTokens:0", ApiToken);
            }
            if (_streamKeepAlive is not null)
            {
                builder.UseSetting("DirectLine:StreamKeepAlive", _streamKeepAlive);
            }
            builder.ConfigureLogging(logging => logging.AddProvider(Log));
        }
    }

    [Fact]
    public async Task On_PostgreSQL_every_language_is_rehearsed_on_copies_of_the_tables_and_the_real_database_is_left_exactly_as_it_was()
    {
        await using var app = new PostgreSqlReginApplication();
        // What any host's start stores (the roles, the key ring) stored first, by a host without the warm-up.
        _ = app.Services;
        var before = await SnapshotAsync(app.Database.ConnectionString);
        var log = new RecordedLog();
        var host = WarmedUp(app).WithWebHostBuilder(builder =>
        {
            builder.ConfigureLogging(logging => logging.AddProvider(log));
            // The pool's idle sessions kept as a host keeps them (Npgsql closes those idle for Connection Idle Lifetime, 300 s by
            // default; an hour here, longer than any test). The test databases' own 2 s closed every warmed session before
            // the host was ready (a session then taken was a new one, with nothing prepared: session 18's failures).
            builder.UseSetting("ConnectionStrings:Regin", new Npgsql.NpgsqlConnectionStringBuilder(app.Database.ConnectionString)
            {
                ConnectionIdleLifetime = 3600,
                ConnectionPruningInterval = 10,
            }.ConnectionString);
        });

        // The whole chat in every language, every answer through the API's endpoint, on the rehearsal's session.
        var warmUp = host.Services.GetRequiredService<ChatWarmUp>();
        Assert.Equal(Languages.All.Count, warmUp.LanguagesCompleted);
        var questions = host.Services.GetRequiredService<Regin.Core.Questionnaire.QuestionnaireDefinition>().Questions.Count;
        Assert.True(warmUp.TurnsRehearsed >= (1 + questions) * Languages.All.Count, $"{warmUp.TurnsRehearsed} turns rehearsed");
        Assert.Equal(warmUp.TurnsRehearsed - Languages.All.Count, warmUp.PostedThroughEndpoint);
        Assert.DoesNotContain(log.Lines, line => line.Level >= LogLevel.Warning && line.Text.Contains("warm-up", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(log.Lines, line => line.Text.Contains("Started draft", StringComparison.Ordinal));
        Assert.False(warmUp.Rehearsing);

        // Every table's rows and every sequence as they were; the rehearsal's session closed, no advisory lock left.
        var after = await SnapshotAsync(app.Database.ConnectionString);
        Assert.Equal(before, after);
        Assert.Contains(before, entry => entry.StartsWith("table directline_activities ", StringComparison.Ordinal));
        Assert.Contains(before, entry => entry.StartsWith("sequence ", StringComparison.Ordinal));
        await using (var connection = new Npgsql.NpgsqlConnection(app.Database.ConnectionString))
        {
            await connection.OpenAsync();
            // The host has closed it; the server's backend leaves pg_stat_activity a moment later (its temporary tables with it).
            await Eventually.UntilAsync(async () => await PgScalarAsync(connection,
                $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{Regin.Core.Persistence.PostgreSql.PostgreSqlDatabaseProvider.RehearsalApplicationName}' AND datname = current_database()") == 0, seconds: 60);
            Assert.Equal(0L, await PgScalarAsync(connection, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));
        }

        // The pool's sessions were opened, each with the rehearsal's statements prepared on it (prepared only: the
        // snapshot above is unchanged): a session the host's contexts take from the pool has them.
        Assert.Equal(new Npgsql.NpgsqlConnectionStringBuilder(Regin.Core.Persistence.PostgreSql.PostgreSqlDatabaseProvider.WithPoolSize(
            app.Database.ConnectionString, Regin.Core.Persistence.PostgreSql.PostgreSqlDatabaseProvider.DefaultMaxPoolSize)).MaxPoolSize, warmUp.PoolSessionsOpened);
        Assert.True(warmUp.PoolStatementsPrepared >= warmUp.PoolSessionsOpened * 10, $"{warmUp.PoolStatementsPrepared} statements prepared");
        // Every session of the pool, all taken at once, holds them.
        var (fewest, plansBefore) = await PooledStatementsAsync(host, warmUp.PoolSessionsOpened);
        Assert.True(fewest >= warmUp.PoolStatementsPrepared / warmUp.PoolSessionsOpened, $"{fewest} statements prepared on a pooled session");

        // A real chat after it: its first answer makes draft number 1, stored once with its events.
        var chat = await DirectLineClient.StartAsync(host.CreateClient(), Secret, "user-pg", "en-US");
        Assert.Equal("contact_name", DirectLineClient.QuestionOf(await chat.PollAsync()));
        await chat.PostAsync(DirectLineClient.Message("Ann Example", "user-pg", locale: "en-US"));
        Assert.Equal("contact_organisation", DirectLineClient.QuestionOf(await chat.PollAsync()));
        // It ran on statements the warm-up prepared (a statement Npgsql would run unprepared, its parameters' types not
        // those prepared, would never be prepared on these sessions again: worse than no warm-up).
        var (_, plansAfter) = await PooledStatementsAsync(host, warmUp.PoolSessionsOpened);
        Assert.True(plansAfter > plansBefore, $"the first answer ran no statement the warm-up prepared ({plansBefore} plans before, {plansAfter} after)");
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var practice = await db.Practices.AsNoTracking().Include(p => p.Answers).SingleAsync();
        Assert.Equal(1, practice.Number);
        Assert.Equal("Ann Example", Assert.Single(practice.Answers).Original);
        Assert.Single(await db.PracticeEvents.AsNoTracking().Where(e => e.Kind == "created").ToListAsync());
        Assert.Equal(1, await db.Set<DirectLineConversation>().CountAsync());
    }

    /// <summary>
    /// The host's pooled sessions, <paramref name="sessions"/> of them taken at once (every one the pool holds: those the
    /// chat turns keep open, <see cref="KeptConnections"/>, and the rest from the pool): the fewest statements prepared on
    /// one, and how many times they all have run prepared statements (PostgreSQL counts each plan).
    /// </summary>
    private static async Task<(long Fewest, long Plans)> PooledStatementsAsync(WebApplicationFactory<Program> host, int sessions)
    {
        var keptConnections = host.Services.GetRequiredService<KeptConnections>();
        var kept = new List<System.Data.Common.DbConnection>();
        while (kept.Count < keptConnections.Capacity && keptConnections.Rent() is { } connection)
        {
            kept.Add(connection);
        }
        Assert.True(kept.Count >= 1, "the chat turns keep sessions of the pool open");
        var scopes = Enumerable.Range(0, sessions - kept.Count).Select(_ => host.Services.CreateAsyncScope()).ToList();
        try
        {
            var fewest = long.MaxValue;
            var plans = 0L;
            var connections = new List<Npgsql.NpgsqlConnection>(kept.Cast<Npgsql.NpgsqlConnection>());
            foreach (var scope in scopes)
            {
                var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
                await db.Database.OpenConnectionAsync();
                connections.Add((Npgsql.NpgsqlConnection)db.Database.GetDbConnection());
            }
            Assert.Equal(sessions, connections.Select(c => c.ProcessID).Distinct().Count());
            foreach (var connection in connections)
            {
                await using var command = new Npgsql.NpgsqlCommand("SELECT count(*), coalesce(sum(generic_plans + custom_plans), 0) FROM pg_prepared_statements", connection);
                await using var reader = await command.ExecuteReaderAsync();
                Assert.True(await reader.ReadAsync());
                fewest = Math.Min(fewest, reader.GetInt64(0));
                plans += Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            }
            return (fewest, plans);
        }
        finally
        {
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
            kept.ForEach(keptConnections.Return);
        }
    }

    /// <summary>Each table of the database's schema with its row count, and each sequence with its last value (null if unused).</summary>
    private static async Task<List<string>> SnapshotAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new Npgsql.NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var snapshot = new List<string>();
        foreach (var table in tables)
        {
            snapshot.Add($"table {table} {await PgScalarAsync(connection, $"SELECT count(*) FROM \"{table}\"")}");
        }
        await using (var sequences = new Npgsql.NpgsqlCommand("SELECT sequencename, coalesce(last_value::text, 'unused') FROM pg_sequences WHERE schemaname = current_schema() ORDER BY sequencename", connection))
        await using (var reader = await sequences.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                snapshot.Add($"sequence {reader.GetString(0)} {reader.GetString(1)}");
            }
        }
        return snapshot;
    }

    private static async Task<long> PgScalarAsync(Npgsql.NpgsqlConnection connection, string sql)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static WebApplicationFactory<Program> WarmedUp(ReginApplication app) =>
        app.WithWebHostBuilder(builder => builder.UseSetting("Chat:WarmUp", "true").UseSetting("DirectLine:Secret", Secret));

    private sealed class RecordedLog : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(LogLevel Level, string Text)> _lines = new();
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _problems = new();

        public IReadOnlyList<(LogLevel Level, string Text)> Lines => [.. _lines];

        /// <summary>
        /// For a failure's message: every warning and error the host logged, each with its category and its exception
        /// whole (type, message, inner exceptions, stack); empty when there was none.
        /// </summary>
        public string Problems() => _problems.IsEmpty ? "" : Environment.NewLine + "The host's warnings and errors:" + Environment.NewLine
            + string.Join(Environment.NewLine, _problems);

        public ILogger CreateLogger(string categoryName) => new Category(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Category(RecordedLog log, string name) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var text = formatter(state, exception);
                log._lines.Enqueue((logLevel, exception is null ? text : text + " " + exception.GetType().Name + ": " + exception.Message));
                if (logLevel >= LogLevel.Warning)
                {
                    log._problems.Enqueue($"{logLevel} {name}: {text}" + (exception is null ? "" : Environment.NewLine + exception));
                }
            }
        }
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
