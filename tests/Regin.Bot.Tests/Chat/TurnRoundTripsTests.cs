using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Regin.Bot.Chat.Hosting;
using Regin.Core.Intake;
using Regin.Core.Persistence;
using Regin.Core.Questionnaire;
using Regin.Testing;

namespace Regin.Bot.Tests.Chat;

/// <summary>
/// A PostgreSQL chat turn answered in its HTTP response (expectReplies): an ordinary answer in one round trip (the
/// chat state and the draft's version kept by the host from the conversation's last turn; the lock, the practice's
/// writes, the chat state's and the message with the COMMIT, the practice's stamp and the draft's version checked by
/// the database), and a turn whose practice another writer changed between its read
/// and its commit run again whole: one set of replies, the message stored once, both changes kept.
/// </summary>
public sealed class TurnRoundTripsTests
{
    [Fact]
    public async Task An_ordinary_answer_takes_one_round_trip_its_state_kept_by_the_host_and_its_writes_going_with_the_commit()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.PostgreSql);
        await using var host = await ChatHost.StartAsync(database);
        var conversation = "trips-" + Guid.NewGuid().ToString("N");
        var adapter = host.Adapter("webchat", conversation, "u-trips", "en-US");
        var chat = new ChatDriver(adapter, host.Bot);
        Assert.NotEmpty(await chat.StartAsync());
        Assert.Equal("contact_organisation", (await ExpectingRepliesAsync(adapter, host.Bot, "Jane Doe")).AskedQuestion());

        using var recorder = new RoundTripRecorder(database.ConnectionString);

        var replies = await ExpectingRepliesAsync(adapter, host.Bot, "Acme Regional Agency");

        Assert.Equal("contact_email", replies.AskedQuestion());
        var trips = recorder.TurnTrips();
        // The chat state and the draft's version kept by the host from the last turn (TurnStateCache): not read. The
        // conversation's lock, the practice's stamped UPDATE checked by the database, its answer and log line, the chat
        // state's UPDATE by ETag, the check of the open draft's version, and the COMMIT: one batch.
        Assert.True(trips.Count == 1, "Round trips:\n" + string.Join("\n----\n", trips));
        // Session 51: the turn's BEGIN at the batch's head (no simple-query BEGIN of Npgsql's answered apart: one reply).
        Assert.StartsWith("db.query.text=BEGIN;\n", trips[0], StringComparison.Ordinal);
        Assert.DoesNotContain("SELECT key", trips[0], StringComparison.Ordinal);
        Assert.Contains("pg_advisory_xact_lock", trips[0], StringComparison.Ordinal);
        Assert.Contains("UPDATE practices", trips[0], StringComparison.Ordinal);
        Assert.Contains("regin_expect_rows(count(*), 'practice'", trips[0], StringComparison.Ordinal);
        Assert.Contains("regin_expect_rows(count(*), 'open draft'", trips[0], StringComparison.Ordinal);
        Assert.Contains("UPDATE chat_state", trips[0], StringComparison.Ordinal);
        Assert.Contains("INSERT INTO answers", trips[0], StringComparison.Ordinal);
        Assert.Contains("COMMIT", trips[0], StringComparison.Ordinal);
        Assert.DoesNotContain(trips, t => t.Contains("SAVEPOINT", StringComparison.Ordinal));
        // Session 33: the commit's setting in the lock's statement; the profile not written (an answer changes neither its
        // language nor its conversation): one chat state UPDATE (the progress), the owner and profile checked by one count.
        Assert.Contains("), set_config('synchronous_commit', 'off', true)", trips[0], StringComparison.Ordinal);
        Assert.DoesNotContain("SET LOCAL", trips[0], StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(trips[0], "UPDATE chat_state"));
        // Session 54: the owner and profile counted in one statement, each row by its own key (two primary-key lookups,
        // never a plan that scans the table for an OR of the two).
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(trips[0], "regin_expect_rows\\(\\(\\(SELECT count\\(\\*\\) FROM chat_state WHERE"));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(trips[0], "FROM chat_state WHERE \"Key\" = \\$\\d+ AND \"ETag\" = \\$\\d+\\)").Count);
        Assert.DoesNotContain(" OR (\"Key\"", trips[0], StringComparison.Ordinal);

        var practice = await host.PracticeOfAsync("webchat", "u-trips");
        Assert.Equal("\"Acme Regional Agency\"", practice!.Answers.Single(a => a.QuestionId == "contact_organisation").ValueJson);
    }

    /// <summary>
    /// Session 35 (pgtrip35): every answer of a whole questionnaire, the submit included, is one round trip once the host
    /// keeps the conversation's state: an answer that adds a row whose key the database gives (the e-mail's identity, a
    /// flag) reads that key with the COMMIT, not in a round trip before it (a flagged answer took 4).
    /// </summary>
    [Fact]
    public async Task Every_kept_answer_of_a_whole_questionnaire_takes_one_round_trip()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.PostgreSql);
        await using var host = await ChatHost.StartAsync(database);
        var conversation = "whole-" + Guid.NewGuid().ToString("N");
        var adapter = host.Adapter("webchat", conversation, "u-whole", "en-GB");
        var chat = new ChatDriver(adapter, host.Bot);
        var last = (await chat.StartAsync())[^1];
        // The first answer makes the draft (its own test: DirectLineTurnOnPostgreSqlTests); the turns after it are kept.
        last = (await ExpectingRepliesAsync(adapter, host.Bot, adapter.MakeActivity("Maria Rossi")))[^1];
        Assert.Equal("contact_organisation", last.QuestionId());

        using var recorder = new RoundTripRecorder(database.ConnectionString);

        var answered = new List<string>();
        var tooMany = new List<string>();
        for (var turn = 0; turn < 60 && last.Buttons().Count + (last.QuestionId() is null ? 0 : 1) > 0; turn++)
        {
            var question = last.QuestionId() ?? "(yes/no: " + last.Shown() + ")";
            // Typed as a regional official types them; choices and the engine's own questions with the first button.
            var typed = last.QuestionId() switch
            {
                // No place in the name: the region would be offered from "Regione Puglia" (session 47).
                "contact_organisation" => "Assessorato al Welfare",
                "contact_email" => "maria.rossi@regione.puglia.it",
                "contact_phone" => "+39 080 540 1111",
                "title" => "Welcome desks for newcomers in Apulia",
                "country" => "Italy",
                // Two regions, a budget in francs, consent with a reservation: each kept and flagged for a researcher.
                "region" => "Lombardia / Piemonte",
                "start_date" => "03/2019",
                "end_date" => "2023-12",
                "beneficiaries_count" => "1.250",
                "budget_eur" => "CHF 80.000",
                "consent_publish" => "yes, but not my phone number",
                "website" => "www.regione.puglia.it",
                "lead_organisation" or "partners" => "Regione Puglia",
                _ when last.Buttons().Count > 0 => null,
                // Two long texts in turn: the same text twice in a row is one message sent twice by accident (session 48).
                _ => answered.Count % 2 == 0 ? "Newcomers did not know where to find help, so the region opened welcome desks in every province."
                    : "Staff from the health service and the job centre sat at the same desk every week.",
            };
            recorder.Clear();
            var replies = await ExpectingRepliesAsync(adapter, host.Bot, typed is null ? last.Press(adapter) : adapter.MakeActivity(typed));
            answered.Add(question);
            var trips = recorder.TurnTrips();
            if (trips.Count != 1)
            {
                tooMany.Add($"{question}: {trips.Count} round trips\n" + string.Join("\n----\n", trips));
            }
            if (replies.Count == 0)
            {
                break;
            }
            last = replies[^1];
        }

        Assert.True(tooMany.Count == 0, string.Join("\n========\n", tooMany));
        var practice = await host.PracticeOfAsync("webchat", "u-whole");
        Assert.Equal(Regin.Core.Persistence.Entities.PracticeStatus.Submitted, practice!.Status);
        Assert.Equal(host.Services.GetRequiredService<QuestionnaireDefinition>().Questions.Select(q => q.Id).Skip(1), answered.Where(a => !a.StartsWith('(')));
        Assert.Equal("maria.rossi@regione.puglia.it", practice.ContributorEmail);
        // The flags the turns added (their keys read with the COMMIT), each stored once, the copy the host kept keyed too.
        Assert.Equal(["budget_eur:currency_not_euro", "consent_publish:answer_with_condition", "region:region_unknown"],
            practice.Flags.Select(f => f.QuestionId + ":" + f.Reason).Order(StringComparer.Ordinal));
        Assert.All(practice.Flags, f => Assert.NotEqual(0, f.Id));
    }

    /// <summary>
    /// Session 34 (pgturn34): where a PostgreSQL turn's host CPU goes beyond a SQLite turn's is mostly its one wait for
    /// the server: the thread goes back to the pool, the reply comes back as a socket completion run by a pool worker,
    /// and idle workers spin meanwhile. A kept answer turn is taken up by pool workers only for its batch's reply (none
    /// when the reply was there before the read): nothing else of the turn (a timer, a Task.Run) moves it to another
    /// thread.
    /// </summary>
    [Fact]
    public async Task A_kept_answer_turn_is_taken_up_by_pool_workers_only_for_its_batchs_reply()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.PostgreSql);
        await using var host = await ChatHost.StartAsync(database);
        var conversation = "hops-" + Guid.NewGuid().ToString("N");
        var adapter = host.Adapter("webchat", conversation, "u-hops", "en-US");
        var chat = new ChatDriver(adapter, host.Bot);
        Assert.NotEmpty(await chat.StartAsync());
        Assert.Equal("contact_organisation", (await ExpectingRepliesAsync(adapter, host.Bot, "Jane Doe")).AskedQuestion());

        // Each time the turn's flow is taken up by a pool worker (a work item run with the turn's execution context):
        // the frames that brought it there. (An execution context put back on a thread the flow was on already is no hop.)
        var hops = new ConcurrentQueue<string>();
        var inTurn = new AsyncLocal<object?>(change =>
        {
            if (change.ThreadContextChanged && change.CurrentValue is not null)
            {
                var frames = new StackTrace(1, false).GetFrames().Select(f => f.GetMethod()).Select(m => m?.DeclaringType?.FullName + "." + m?.Name)
                    .Where(n => !n.StartsWith("System.Threading.ExecutionContext", StringComparison.Ordinal) && !n.StartsWith("System.Threading.AsyncLocal", StringComparison.Ordinal))
                    .Take(3).ToList();
                if (frames.Any(f => f.Contains("IThreadPoolWorkItem.Execute", StringComparison.Ordinal) || f.Contains("ThreadPoolWorkQueue.Dispatch", StringComparison.Ordinal)))
                {
                    hops.Enqueue(string.Join(" <- ", frames));
                }
            }
        });

        var replies = await ExpectingRepliesAsync(adapter, host.Bot, "Acme Regional Agency", () => inTurn.Value = new object());

        Assert.Equal("contact_email", replies.AskedQuestion());
        var seen = hops.ToList();
        // Only the server's reply takes it up: a socket completion, once, or more where the reply of the one round trip
        // (counted by the test above) came in several reads, as the server sends each statement's result when it has it
        // (seen on a quiet machine, 1 run in 3; never a timer's or a Task.Run's work item).
        Assert.All(seen, hop => Assert.Contains("System.Net.Sockets.SocketAsyncEngine", hop, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Consecutive_turns_run_on_the_session_the_last_turn_used_though_the_pool_holds_others()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.PostgreSql);
        await using var host = await ChatHost.StartAsync(database);
        var conversation = "session-" + Guid.NewGuid().ToString("N");
        var adapter = host.Adapter("webchat", conversation, "u-session", "en-US");
        var chat = new ChatDriver(adapter, host.Bot);
        Assert.NotEmpty(await chat.StartAsync());
        // Several idle sessions in the host's pool (as after the warm-up, which opens all 25): the pool hands them out
        // first in, first out, so turns through it went from one server process to the next.
        var scopes = Enumerable.Range(0, 4).Select(_ => host.Services.CreateAsyncScope()).ToList();
        var contexts = scopes.Select(s => s.ServiceProvider.GetRequiredService<ReginDbContext>()).ToList();
        await Task.WhenAll(contexts.Select(db => db.Database.OpenConnectionAsync()));
        var pids = new HashSet<int>();
        foreach (var db in contexts)
        {
            pids.Add(((NpgsqlConnection)db.Database.GetDbConnection()).ProcessID);
            await db.Database.CloseConnectionAsync();
        }
        foreach (var scope in scopes)
        {
            await scope.DisposeAsync();
        }
        Assert.Equal(4, pids.Count);

        using var recorder = new RoundTripRecorder(database.ConnectionString);

        foreach (var answer in new[] { "Jane Doe", "Acme Regional Agency", "jane@example.org", "+30 210 1234567" })
        {
            Assert.NotEmpty(await ExpectingRepliesAsync(adapter, host.Bot, answer));
        }

        // Each turn's first round trip (its conversation's lock), and the session it ran on.
        var sessions = recorder.Trips.Where(t => t.Text.Contains("pg_advisory_xact_lock", StringComparison.Ordinal)).Select(t => t.Connection).ToList();
        Assert.Equal(4, sessions.Count);
        Assert.Single(sessions.Distinct());
        var practice = await host.PracticeOfAsync("webchat", "u-session");
        Assert.Equal("\"jane@example.org\"", practice!.Answers.Single(a => a.QuestionId == "contact_email").ValueJson);
    }

    /// <param name="caughtOnTheWay">
    /// A statement of the turn takes the waiting writes along before the commit, and whoever ran it catches the failure of
    /// their check (a retry of its own): the turn is still not committed without them, but run again.
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_turn_whose_practice_another_writer_changed_before_its_commit_runs_again_whole(bool caughtOnTheWay)
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.PostgreSql);
        await using var host = await ChatHost.StartAsync(database);
        var conversation = "again-" + Guid.NewGuid().ToString("N");
        var adapter = host.Adapter("webchat", conversation, "u-again", "en-US");
        var meddler = new Meddler(host.Services) { CatchesAStatementsFailure = caughtOnTheWay };
        adapter.Use(meddler);
        var chat = new ChatDriver(adapter, host.Bot);
        Assert.NotEmpty(await chat.StartAsync());
        Assert.Equal("contact_organisation", (await ExpectingRepliesAsync(adapter, host.Bot, "Jane Doe")).AskedQuestion());
        var before = meddler.Runs;

        // Between this turn's read and its commit, a writer of its own (another host, a researcher) changes the draft.
        meddler.Armed = true;
        var replies = await ExpectingRepliesAsync(adapter, host.Bot, "Acme Regional Agency");

        // The turn ran twice (the first undone at its commit), and answered once.
        Assert.Equal(before + 2, meddler.Runs);
        Assert.Equal(1, meddler.Meddled);
        Assert.Single(replies, r => r.QuestionId() is not null);
        Assert.DoesNotContain(replies, r => r.Shown().Contains("sorry", StringComparison.OrdinalIgnoreCase));
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        // Each message stored once (the undone run's was not stored on its own, the run again stored it).
        Assert.Equal(2, await db.RawInputs.CountAsync(r => r.ConversationId == conversation));
        var practice = await host.PracticeOfAsync("webchat", "u-again");
        // Both changes kept: the other writer's, and the turn's answer, logged once.
        Assert.Equal("\"jane@example.org\"", practice!.Answers.Single(a => a.QuestionId == "contact_email").ValueJson);
        Assert.Equal("\"Acme Regional Agency\"", practice.Answers.Single(a => a.QuestionId == "contact_organisation").ValueJson);
        Assert.Equal(1, await db.PracticeEvents.CountAsync(e => e.PracticeId == practice.Id && e.Kind == "answer_set" && e.QuestionId == "contact_organisation"));
        // The conversation goes on from the state the run again stored.
        var next = await ExpectingRepliesAsync(adapter, host.Bot, "jane@example.org");
        Assert.NotEmpty(next);
        Assert.DoesNotContain(next, r => r.Shown().Contains("sorry", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_turn_whose_session_the_server_ended_runs_again_on_a_new_one_without_an_apology()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.PostgreSql);
        await using var host = await ChatHost.StartAsync(database);
        var conversation = "ended-" + Guid.NewGuid().ToString("N");
        var adapter = host.Adapter("webchat", conversation, "u-ended", "en-US");
        var chat = new ChatDriver(adapter, host.Bot);
        Assert.NotEmpty(await chat.StartAsync());
        Assert.Equal("contact_organisation", (await ExpectingRepliesAsync(adapter, host.Bot, "Jane Doe")).AskedQuestion());
        Assert.Equal("contact_email", (await ExpectingRepliesAsync(adapter, host.Bot, "Acme Regional Agency")).AskedQuestion());

        // A restart, a failover, an idle timeout: every session of the database ends, the kept ones and the pool's.
        Assert.True(await TestPostgres.EndSessionsAsync(database.ConnectionString) > 0);
        // A turn that reads its state (the host kept none: a kept turn's one round trip carries its COMMIT, see
        // A_kept_turn_whose_session_the_server_ended_before_it_apologises_its_outcome_unknown).
        host.Services.GetRequiredService<Regin.Bot.Chat.Storage.TurnStateCache>().Drop(Regin.Bot.Chat.Storage.TurnStateCache.KeyOf("webchat", conversation));

        var replies = await ExpectingRepliesAsync(adapter, host.Bot, "jane@example.org");

        Assert.Equal("contact_phone", replies.AskedQuestion());
        Assert.DoesNotContain(replies, r => r.Shown().Contains("sorry", StringComparison.OrdinalIgnoreCase));
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        // Each message stored once (the undone run's was not stored on its own), the answer logged once.
        Assert.Equal(3, await db.RawInputs.CountAsync(r => r.ConversationId == conversation));
        var practice = await host.PracticeOfAsync("webchat", "u-ended");
        Assert.Equal("\"jane@example.org\"", practice!.Answers.Single(a => a.QuestionId == "contact_email").ValueJson);
        Assert.Equal(1, await db.PracticeEvents.CountAsync(e => e.PracticeId == practice.Id && e.Kind == "answer_set" && e.QuestionId == "contact_email"));
        // And the conversation goes on.
        var next = await ExpectingRepliesAsync(adapter, host.Bot, "+30 210 1234567");
        Assert.NotNull(next.AskedQuestion());
        Assert.DoesNotContain(next, r => r.Shown().Contains("sorry", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// A kept turn (<see cref="Regin.Bot.Chat.Storage.TurnStateCache"/>) sends its first statement with its COMMIT: a
    /// session the server ended before it (a restart, a failover, an idle timeout) is found only by that batch, whose
    /// outcome the client cannot tell; a new session, holding the conversation's lock, finds the turn's message not
    /// stored, so it runs again from the database, silently: answered right, once.
    /// </summary>
    [Fact]
    public async Task A_kept_turn_whose_session_the_server_ended_before_it_runs_again_silently_and_is_answered_once()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.PostgreSql);
        await using var host = await ChatHost.StartAsync(database);
        var conversation = "kept-ended-" + Guid.NewGuid().ToString("N");
        var adapter = host.Adapter("webchat", conversation, "u-kept-ended", "en-US");
        var chat = new ChatDriver(adapter, host.Bot);
        Assert.NotEmpty(await chat.StartAsync());
        Assert.Equal("contact_organisation", (await ExpectingRepliesAsync(adapter, host.Bot, "Jane Doe")).AskedQuestion());
        Assert.NotNull(host.Services.GetRequiredService<Regin.Bot.Chat.Storage.TurnStateCache>().Find(Regin.Bot.Chat.Storage.TurnStateCache.KeyOf("webchat", conversation)));

        Assert.True(await TestPostgres.EndSessionsAsync(database.ConnectionString) > 0);
        var replies = await ExpectingRepliesAsync(adapter, host.Bot, "Acme Regional Agency");

        Assert.Equal("contact_email", replies.AskedQuestion());
        Assert.DoesNotContain(replies, r => r.Shown().Contains("sorry", StringComparison.OrdinalIgnoreCase));
        await AnsweredOnceAsync(host, conversation, "u-kept-ended", "contact_organisation", "\"Acme Regional Agency\"", messages: 2);
        // And the conversation goes on.
        Assert.Equal("contact_phone", (await ExpectingRepliesAsync(adapter, host.Bot, "jane@example.org")).AskedQuestion());
    }

    /// <summary>
    /// A kept turn whose COMMIT took effect but whose session was lost before its answer came back (cut by a proxy between
    /// the host and the server): a new session finds its message stored with its time of receipt, so its replies go as
    /// a committed turn's: the next question, once, nothing run again, nothing doubled.
    /// </summary>
    [Fact]
    public async Task A_kept_turn_whose_session_was_lost_after_its_commit_took_effect_answers_as_committed_once()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.PostgreSql);
        await using var proxy = new CommitCuttingProxy(database.ConnectionString);
        await using var host = await ChatHost.StartAsync(database, connectionString: proxy.ConnectionString);
        var conversation = "kept-cut-" + Guid.NewGuid().ToString("N");
        var adapter = host.Adapter("webchat", conversation, "u-kept-cut", "en-US");
        var chat = new ChatDriver(adapter, host.Bot);
        Assert.NotEmpty(await chat.StartAsync());
        Assert.Equal("contact_organisation", (await ExpectingRepliesAsync(adapter, host.Bot, "Jane Doe")).AskedQuestion());

        proxy.Arm();
        var replies = await ExpectingRepliesAsync(adapter, host.Bot, "Acme Regional Agency");

        Assert.Equal(1, proxy.Cut);
        Assert.Equal("contact_email", replies.AskedQuestion());
        Assert.Single(replies, r => r.QuestionId() is not null);
        Assert.DoesNotContain(replies, r => r.Shown().Contains("sorry", StringComparison.OrdinalIgnoreCase));
        await AnsweredOnceAsync(host, conversation, "u-kept-cut", "contact_organisation", "\"Acme Regional Agency\"", messages: 2);
        // Nothing kept of a turn whose commit was learnt that way: the next turn reads the database, and goes on.
        Assert.Equal("contact_phone", (await ExpectingRepliesAsync(adapter, host.Bot, "jane@example.org")).AskedQuestion());
        await AnsweredOnceAsync(host, conversation, "u-kept-cut", "contact_email", "\"jane@example.org\"", messages: 3);
    }

    /// <summary>The conversation's messages stored once each, the answer stored and logged once.</summary>
    private static async Task AnsweredOnceAsync(ChatHost host, string conversation, string user, string question, string valueJson, int messages)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        Assert.Equal(messages, await db.RawInputs.CountAsync(r => r.ConversationId == conversation));
        var practice = await host.PracticeOfAsync("webchat", user);
        Assert.Equal(valueJson, practice!.Answers.Single(a => a.QuestionId == question).ValueJson);
        Assert.Equal(1, await db.PracticeEvents.CountAsync(e => e.PracticeId == practice.Id && e.Kind == "answer_set" && e.QuestionId == question));
    }

    /// <summary>
    /// The session ends after the turn's work, before its commit (the practice's writes go with the COMMIT, so the
    /// failure is found by that batch): a new session finds the turn did not commit, and it runs again, silently.
    /// </summary>
    [Fact]
    public async Task A_turn_whose_session_ended_as_its_commit_went_runs_again_when_it_did_not_commit()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.PostgreSql);
        await using var host = await ChatHost.StartAsync(database);
        var conversation = "commit-ended-" + Guid.NewGuid().ToString("N");
        var adapter = host.Adapter("webchat", conversation, "u-commit-ended", "en-US");
        var ender = new SessionEnder(database.ConnectionString);
        adapter.Use(ender);
        var chat = new ChatDriver(adapter, host.Bot);
        Assert.NotEmpty(await chat.StartAsync());
        Assert.Equal("contact_organisation", (await ExpectingRepliesAsync(adapter, host.Bot, "Jane Doe")).AskedQuestion());

        ender.Armed = true;
        var replies = await ExpectingRepliesAsync(adapter, host.Bot, "Acme Regional Agency");

        Assert.Equal(1, ender.Ended);
        Assert.Equal("contact_email", replies.AskedQuestion());
        Assert.DoesNotContain(replies, r => r.Shown().Contains("sorry", StringComparison.OrdinalIgnoreCase));
        await AnsweredOnceAsync(host, conversation, "u-commit-ended", "contact_organisation", "\"Acme Regional Agency\"", messages: 2);
        Assert.Equal("contact_phone", (await ExpectingRepliesAsync(adapter, host.Bot, "jane@example.org")).AskedQuestion());
    }

    /// <summary>After the bot's work and before the turn's commit, once armed: the server ends the turn's own session.</summary>
    private sealed class SessionEnder(string connectionString) : IMiddleware
    {
        public bool Armed { get; set; }

        public int Ended { get; private set; }

        public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
        {
            await next(cancellationToken);
            if (!Armed || TurnUnitOfWork.Current?.Db.Database.GetDbConnection() is not NpgsqlConnection { ProcessID: var pid and > 0 })
            {
                return;
            }
            Armed = false;
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            await admin.OpenAsync(cancellationToken);
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(@pid, 30000)", admin);
            terminate.Parameters.AddWithValue("pid", pid);
            Assert.True((bool)(await terminate.ExecuteScalarAsync(cancellationToken))!);
            Ended++;
        }
    }

    /// <summary>A message sent with deliveryMode expectReplies: the replies the turn held for its answer.</summary>
    /// <param name="inTurn">Called in the turn's own flow before the pipeline runs (what it sets there is the turn's alone).</param>
    private static Task<IReadOnlyList<IMessageActivity>> ExpectingRepliesAsync(TestAdapter adapter, IBot bot, string text, Action? inTurn = null) =>
        ExpectingRepliesAsync(adapter, bot, adapter.MakeActivity(text), inTurn);

    /// <summary>The same for an activity made already (a card's submit, a button pressed).</summary>
    private static async Task<IReadOnlyList<IMessageActivity>> ExpectingRepliesAsync(TestAdapter adapter, IBot bot, Microsoft.Bot.Schema.Activity activity, Action? inTurn = null)
    {
        activity.Id = Guid.NewGuid().ToString("N");
        activity.DeliveryMode = DeliveryModes.ExpectReplies;
        IReadOnlyList<IMessageActivity>? replies = null;
        var capture = new Capture(r => replies = r);
        await TurnAsync();
        capture.Done();
        Assert.NotNull(replies);
        Assert.Null(adapter.GetNextReply());
        return replies;

        // The whole pipeline in a flow of its own, begun by inTurn (what it sets flows into the middleware, the commit
        // included, and not back to the caller); not brought back to the test's synchronisation context.
        async Task TurnAsync()
        {
            inTurn?.Invoke();
            // Outermost: sees the replies the turn held once the whole pipeline (commit, runs again) is done.
            await adapter.ProcessActivityAsync(activity, async (context, token) =>
            {
                // Taken before the bot runs: a failed turn's apology is held in the same context.
                capture.Context = context;
                await bot.OnTurnAsync(context, token);
            }, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private sealed class Capture(Action<IReadOnlyList<IMessageActivity>> found)
    {
        public ITurnContext? Context { get; set; }

        public void Done() => found([.. ((TurnContext)Context!).BufferedReplyActivities.OfType<IMessageActivity>()]);
    }

    /// <summary>
    /// After the bot's work and before the turn's commit, once armed: the draft changed by a writer of its own (its own
    /// scope, connection and transaction, committed), as a second host or a researcher would.
    /// </summary>
    private sealed class Meddler(IServiceProvider services) : IMiddleware
    {
        public bool Armed { get; set; }

        /// <summary>Runs a statement of the turn after the change (it takes the turn's waiting writes along), and catches its failure.</summary>
        public bool CatchesAStatementsFailure { get; init; }

        public int Runs { get; private set; }

        public int Meddled { get; private set; }

        public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
        {
            await next(cancellationToken);
            Runs++;
            if (!Armed || TurnUnitOfWork.Current?.PracticeId is not { } practiceId)
            {
                return;
            }
            Armed = false;
            Meddled++;
            await using var scope = services.CreateAsyncScope();
            var intake = scope.ServiceProvider.GetRequiredService<IntakeService>();
            var outcome = await intake.UpdateAsync(practiceId, p => intake.RecordAnswer(p, "contact_email", "jane@example.org", "en", "review:someone"), cancellationToken);
            Assert.True(outcome.Stored);
            if (CatchesAStatementsFailure)
            {
                var db = TurnUnitOfWork.Current!.Db;
                await Assert.ThrowsAnyAsync<Exception>(() => db.Practices.CountAsync(cancellationToken));
            }
        }
    }
}
