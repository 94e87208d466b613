using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Bot.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Regin.Bot.Chat.Hosting;
using Regin.Bot.DirectLine;
using Regin.Core.Intake;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Tests.WebChat;

/// <summary>
/// A web chat's answer on PostgreSQL takes the two round trips of an expectReplies turn: the conversation's lock, its
/// chat state and the draft's version read together; then the practice's writes (their stamp checked by the database),
/// the chat state's, the message and the replies as transcript rows, the cross-host notice and the COMMIT. Its positions
/// follow the last this host saw committed (no read of the last position). A turn whose practice another writer changed
/// before its commit, or whose position another host took, runs again whole: the client sees one message and one set
/// of replies, positions without a gap or a repeat.
/// </summary>
public sealed class DirectLineTurnOnPostgreSqlTests : IClassFixture<PostgreSqlReginApplication>
{
    private const string Secret = "dl-turn-pg-secret-8d2f4a6c0e1b3957";
    private readonly WebApplicationFactory<Program> _host;

    public DirectLineTurnOnPostgreSqlTests(PostgreSqlReginApplication app) =>
        _host = app.ClassHost("DirectLineTurnOnPostgreSqlTests", builder => builder.UseSetting("DirectLine:Secret", Secret));

    [Fact]
    public async Task An_answer_takes_one_round_trip_its_state_kept_by_the_host_and_its_transcript_rows_going_with_the_commit()
    {
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "pg-trips-user", "en-US");
        Assert.Equal("contact_name", DirectLineClient.QuestionOf(await client.PollAsync()));
        await client.PostAsync(DirectLineClient.Message("Jane Doe", "pg-trips-user"));
        Assert.Equal("contact_organisation", DirectLineClient.QuestionOf(await client.PollAsync()));
        var store = _host.Services.GetRequiredService<DirectLineStore>();
        var reads = store.LastPositionReads;

        var posted = "";
        var all = await RoundTripsAsync(async () => posted = await client.PostAsync(DirectLineClient.Message("Acme Regional Agency", "pg-trips-user")));

        // The turn's round trips: those on the connection of its chat state's read, which it holds to its end (not the
        // search indexer's, which may run beside it or take the same connection from the pool after the turn).
        // The chat state and the draft's version are kept by the host from the conversation's last turn (TurnStateCache):
        // not read. The lock, the conversation's check, the writes, their checks and the COMMIT: one round trip.
        var connection = Assert.Single(all, t => t.Text.Contains("pg_advisory_xact_lock", StringComparison.Ordinal)).Connection;
        var trips = all.Where(t => Equals(t.Connection, connection) && !t.Text.Contains("search", StringComparison.Ordinal)).Select(t => t.Text)
            .SkipWhile(t => !t.Contains("pg_advisory_xact_lock", StringComparison.Ordinal)).ToList();
        Assert.True(trips.Count == 1, "Round trips:\n" + string.Join("\n----\n", trips));
        Assert.DoesNotContain("SELECT key", trips[0], StringComparison.Ordinal);
        Assert.DoesNotContain("MAX(", trips[0], StringComparison.Ordinal);
        Assert.Contains("directline_conversations", trips[0], StringComparison.Ordinal);
        Assert.Contains("UPDATE practices", trips[0], StringComparison.Ordinal);
        Assert.Contains("INSERT INTO answers", trips[0], StringComparison.Ordinal);
        Assert.Contains("INSERT INTO directline_activities", trips[0], StringComparison.Ordinal);
        Assert.Contains("pg_notify", trips[0], StringComparison.Ordinal);
        Assert.Contains("COMMIT", trips[0], StringComparison.Ordinal);
        Assert.DoesNotContain(trips, t => t.Contains("SAVEPOINT", StringComparison.Ordinal));
        Assert.Equal(reads, store.LastPositionReads);

        var replies = await client.PollAsync();
        Assert.Equal(posted, replies[0]!["id"]!.GetValue<string>());
        Assert.Equal("contact_email", DirectLineClient.QuestionOf(replies));
        await AssertPositionsAsync(client.ConversationId);
    }

    /// <summary>
    /// A chat's first answer, where its draft is made: the welcome read that the contributor has no open draft, and the host
    /// kept that with the conversation's state, so the first answer reads nothing (it checks with its COMMIT that no other
    /// draft of theirs is open). Until session 34 it took 3 round trips: the lock with the owner's check and the open
    /// draft's read; the draft's rows with its number; the rest with the COMMIT.
    /// </summary>
    [Fact]
    public async Task A_first_answer_reads_no_open_draft_and_its_draft_goes_with_the_commit()
    {
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "pg-first-trips-user", "en-US");
        Assert.Equal("contact_name", DirectLineClient.QuestionOf(await client.PollAsync()));

        var all = await RoundTripsAsync(() => client.PostAsync(DirectLineClient.Message("Jane Doe", "pg-first-trips-user")));

        var connection = Assert.Single(all, t => t.Text.Contains("pg_advisory_xact_lock", StringComparison.Ordinal)).Connection;
        var trips = all.Where(t => Equals(t.Connection, connection) && !t.Text.Contains("search", StringComparison.Ordinal)).Select(t => t.Text)
            .SkipWhile(t => !t.Contains("pg_advisory_xact_lock", StringComparison.Ordinal)).ToList();
        Assert.True(trips.Count == ExpectedFirstAnswerTrips, "Round trips:\n" + string.Join("\n----\n", trips));
        var last = trips[^1];
        Assert.Contains("INSERT INTO answers", string.Join("\n", trips), StringComparison.Ordinal);
        Assert.Contains("COMMIT", last, StringComparison.Ordinal);
        // No read of which draft is open: its check (all of the contributor's open drafts, none but the new one) goes with the COMMIT.
        Assert.DoesNotContain("DESC LIMIT 1", string.Join("\n", trips), StringComparison.Ordinal);
        Assert.Contains("open draft", last, StringComparison.Ordinal);

        var replies = await client.PollAsync();
        Assert.Equal("contact_organisation", DirectLineClient.QuestionOf(replies));
        await AssertPositionsAsync(client.ConversationId);
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var practice = await db.Practices.AsNoTracking().Include(p => p.Answers).Include(p => p.Identities)
            .SingleAsync(p => p.Identities.Any(i => i.ExternalId == "pg-first-trips-user"));
        Assert.True(practice.Number > 0);
        Assert.Equal("\"Jane Doe\"", practice.Answers.Single(a => a.QuestionId == "contact_name").ValueJson);
        Assert.Equal(practice.Reference, await db.PracticeEvents.Where(e => e.PracticeId == practice.Id && e.Kind == "created").Select(e => e.NewValue).SingleAsync());

        // The next turn finds the draft kept with its number: no read, one round trip, the same draft.
        all = await RoundTripsAsync(() => client.PostAsync(DirectLineClient.Message("Acme Regional Agency", "pg-first-trips-user")));
        connection = Assert.Single(all, t => t.Text.Contains("pg_advisory_xact_lock", StringComparison.Ordinal)).Connection;
        Assert.Single(all.Where(t => Equals(t.Connection, connection) && !t.Text.Contains("search", StringComparison.Ordinal))
            .SkipWhile(t => !t.Text.Contains("pg_advisory_xact_lock", StringComparison.Ordinal)));
        Assert.Equal("contact_email", DirectLineClient.QuestionOf(await client.PollAsync()));
        Assert.Equal(2, await db.Answers.CountAsync(a => a.PracticeId == practice.Id));
    }

    private const int ExpectedFirstAnswerTrips = 1;

    /// <summary>
    /// A draft of the same contributor opened by another door (a mail, another conversation) while the first answer runs,
    /// after the welcome said there was none and before the answer's COMMIT: its number is lower than the answer's new
    /// draft's, so only a check of all the contributor's open drafts sees it. The COMMIT's check fails, the turn runs again
    /// from the database and answers into that draft; the client sees one answer, and the contributor has one draft.
    /// </summary>
    [Fact]
    public async Task A_first_answer_whose_contributor_got_a_draft_elsewhere_before_its_commit_runs_again_into_it()
    {
        var opener = new DraftOpener(_host.Services);
        _host.Services.GetRequiredService<DirectLineBotAdapter>().Use(opener);
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "pg-first-opened-user", "en-US");
        Assert.Equal("contact_name", DirectLineClient.QuestionOf(await client.PollAsync()));
        var before = opener.Runs;

        opener.Armed = true;
        var posted = await client.PostAsync(DirectLineClient.Message("Jane Doe", "pg-first-opened-user"));

        Assert.Equal(before + 2, opener.Runs);
        Assert.NotNull(opener.Opened);
        var replies = await client.PollAsync();
        Assert.Equal(posted, replies[0]!["id"]!.GetValue<string>());
        Assert.Equal("contact_organisation", DirectLineClient.QuestionOf(replies));
        Assert.DoesNotContain(DirectLineClient.BotTexts(replies), t => t.Contains("sorry", StringComparison.OrdinalIgnoreCase));
        await AssertPositionsAsync(client.ConversationId);
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var drafts = await db.ContributorIdentities.Where(i => i.ExternalId == "pg-first-opened-user").Select(i => i.PracticeId).Distinct().ToListAsync();
        Assert.Equal([opener.Opened.Value], drafts);
        Assert.Equal("\"Jane Doe\"", await db.Answers.Where(a => a.PracticeId == opener.Opened.Value && a.QuestionId == "contact_name").Select(a => a.ValueJson).SingleAsync());
        Assert.Equal(1, await db.RawInputs.CountAsync(r => r.ConversationId == client.ConversationId));

        // The next turn goes on in that draft.
        await client.PostAsync(DirectLineClient.Message("Acme Regional Agency", "pg-first-opened-user"));
        Assert.Equal("contact_email", DirectLineClient.QuestionOf(await client.PollAsync()));
        Assert.Equal(2, await db.Answers.CountAsync(a => a.PracticeId == opener.Opened.Value));
    }

    /// <summary>
    /// Last in the Direct Line's pipeline: counts the runs of message turns and, once armed, after the bot's work and
    /// before the commit, opens a draft of the turn's contributor through a writer of its own (committed), as a mail would.
    /// </summary>
    private sealed class DraftOpener(IServiceProvider services) : IMiddleware
    {
        public bool Armed { get; set; }

        public int Runs { get; private set; }

        public Guid? Opened { get; private set; }

        public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
        {
            await next(cancellationToken);
            if (turnContext.Activity.Type != Microsoft.Bot.Schema.ActivityTypes.Message)
            {
                return;
            }
            Runs++;
            if (!Armed || TurnUnitOfWork.Current?.Contributor is not { } contributor)
            {
                return;
            }
            Armed = false;
            await using var scope = services.CreateAsyncScope();
            Opened = (await scope.ServiceProvider.GetRequiredService<IntakeService>().StartDraftAsync(contributor, "en", "email", cancellationToken: cancellationToken)).Id;
        }
    }

    [Fact]
    public async Task A_token_post_takes_one_round_trip_in_all_its_conversation_checked_before_the_commit()
    {
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "pg-all-trips-user", "en-US");
        await client.PollAsync();
        await client.PostAsync(DirectLineClient.Message("Jane Doe", "pg-all-trips-user"));
        await client.PollAsync();

        var all = await RoundTripsAsync(() => client.PostAsync(DirectLineClient.Message("Acme Regional Agency", "pg-all-trips-user")));

        // The POST's round trips: the turn's, on the connection of its chat state's read from its lock on, and any read of
        // the conversation elsewhere (the lookup before the turn, which it no longer makes). Not the search indexer's, nor
        // the background workers' (which touch neither).
        var connection = Assert.Single(all, t => t.Text.Contains("pg_advisory_xact_lock", StringComparison.Ordinal)).Connection;
        var turn = all.Where(t => Equals(t.Connection, connection) && !t.Text.Contains("search", StringComparison.Ordinal))
            .SkipWhile(t => !t.Text.Contains("pg_advisory_xact_lock", StringComparison.Ordinal)).ToList();
        var lookups = all.Except(turn).Where(t => t.Text.Contains("directline_conversations", StringComparison.Ordinal)).ToList();
        var trips = turn.Concat(lookups).Select(t => t.Text).ToList();
        Assert.True(trips.Count == 1 && lookups.Count == 0, "Round trips:\n" + string.Join("\n----\n", trips));
        Assert.Contains("directline_conversations", trips[0], StringComparison.Ordinal);
        Assert.DoesNotContain("SELECT key", trips[0], StringComparison.Ordinal);
        Assert.Contains("COMMIT", trips[0], StringComparison.Ordinal);
        Assert.Equal("contact_email", DirectLineClient.QuestionOf(await client.PollAsync()));
    }

    /// <summary>
    /// The welcome turn of a start, as every turn: the conversation's lock and the commit that does not wait for the disk
    /// (Chat:TurnCommitWaitsForDisk = false; in the lock's statement since session 33), sent ahead of its first statement. Until session 30 it sent neither: its
    /// COMMIT waited for the log flush while holding PostgreSQL's one lock of the notices (pg_notify's, held from before
    /// the commit to its end), so a hundred starts at once queued behind one another's disk flushes, and the turns of
    /// other chats committing meanwhile behind them.
    /// </summary>
    [Fact]
    public async Task A_start_takes_the_conversations_lock_and_commits_without_waiting_for_the_disk()
    {
        var http = _host.CreateClient();
        // A first start, so the second's statements are prepared ones (not the first use of the host's connections).
        await DirectLineClient.StartAsync(http, Secret, "pg-start-warm-user", "en-US");
        DirectLineClient? client = null;
        var all = await RoundTripsAsync(async () => client = await DirectLineClient.StartAsync(http, Secret, "pg-start-user", "en-US"));
        Assert.NotNull(client);

        // The welcome turn's round trips: those on the connection that inserted the conversation's row.
        var connection = Assert.Single(all, t => t.Text.Contains("INSERT INTO directline_conversations", StringComparison.Ordinal)).Connection;
        var trips = all.Where(t => Equals(t.Connection, connection) && !t.Text.Contains("search", StringComparison.Ordinal)).Select(t => t.Text).ToList();
        var first = trips.FindIndex(t => t.Contains("directline_conversations", StringComparison.Ordinal));
        var commit = trips.FindIndex(t => t.Contains("COMMIT", StringComparison.Ordinal));
        Assert.True(first >= 0 && commit > first, "Round trips:\n" + string.Join("\n----\n", trips));
        // Sent ahead of its first statement: with it, in the same round trip (not as round trips of their own).
        var firstTrip = trips[first];
        Assert.True(first == 0 && firstTrip.Contains("pg_advisory_xact_lock", StringComparison.Ordinal)
            && firstTrip.Contains("set_config('synchronous_commit', 'off', true)", StringComparison.Ordinal)
            && firstTrip.IndexOf("pg_advisory_xact_lock", StringComparison.Ordinal) < firstTrip.IndexOf("directline_conversations", StringComparison.Ordinal),
            "The start's round trips:\n" + string.Join("\n----\n", trips));
        Assert.Equal("contact_name", DirectLineClient.QuestionOf(await client.PollAsync()));
        await AssertPositionsAsync(client.ConversationId);
    }

    [Fact]
    public async Task A_turn_whose_practice_another_writer_changed_before_its_commit_runs_again_and_the_client_sees_one_answer()
    {
        var meddler = new Meddler(_host.Services);
        _host.Services.GetRequiredService<DirectLineBotAdapter>().Use(meddler);
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "pg-again-user", "en-US");
        await client.PollAsync();
        await client.PostAsync(DirectLineClient.Message("Jane Doe", "pg-again-user"));
        await client.PollAsync();
        var before = meddler.Runs;

        // Between this turn's read and its commit, a writer of its own (another host, a researcher) changes the draft.
        meddler.Armed = true;
        var posted = await client.PostAsync(DirectLineClient.Message("Acme Regional Agency", "pg-again-user"));

        Assert.Equal(before + 2, meddler.Runs);
        Assert.Equal(1, meddler.Meddled);
        var replies = await client.PollAsync();
        Assert.Equal(posted, replies[0]!["id"]!.GetValue<string>());
        Assert.Single(replies, r => r!["channelData"]?["questionId"] is not null);
        Assert.DoesNotContain(DirectLineClient.BotTexts(replies), t => t.Contains("sorry", StringComparison.OrdinalIgnoreCase));
        await AssertPositionsAsync(client.ConversationId);
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        Assert.Equal(2, await db.RawInputs.CountAsync(r => r.ConversationId == client.ConversationId));
        var practice = await db.Practices.Include(p => p.Answers).SingleAsync(p => p.Id == meddler.PracticeId);
        Assert.Equal("\"jane@example.org\"", practice.Answers.Single(a => a.QuestionId == "contact_email").ValueJson);
        Assert.Equal("\"Acme Regional Agency\"", practice.Answers.Single(a => a.QuestionId == "contact_organisation").ValueJson);
        Assert.Equal(1, await db.PracticeEvents.CountAsync(e => e.PracticeId == practice.Id && e.Kind == "answer_set" && e.QuestionId == "contact_organisation"));
    }

    [Fact]
    public async Task A_turn_whose_position_another_host_took_runs_again_after_it()
    {
        var meddler = new Meddler(_host.Services);
        _host.Services.GetRequiredService<DirectLineBotAdapter>().Use(meddler);
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "pg-taken-user", "en-US");
        await client.PollAsync();
        await client.PostAsync(DirectLineClient.Message("Jane Doe", "pg-taken-user"));
        var seen = await client.PollAsync();
        var last = long.Parse(seen[^1]!["id"]!.GetValue<string>().Split('|')[1], System.Globalization.CultureInfo.InvariantCulture);

        // Another host appends to the conversation, and this host has not heard of it (no notice).
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
            var id = $"{client.ConversationId}|{last + 1:D7}";
            db.Add(new DirectLineActivity
            {
                ConversationId = client.ConversationId,
                Watermark = last + 1,
                ActivityId = id,
                Json = new JsonObject { ["type"] = "message", ["id"] = id, ["text"] = "from another host", ["from"] = new JsonObject { ["id"] = "regin-bot", ["role"] = "bot" } }.ToJsonString(),
                CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        var before = meddler.Runs;

        var posted = await client.PostAsync(DirectLineClient.Message("Acme Regional Agency", "pg-taken-user"));

        // Its first run took the other host's position; the run again read the last one and followed it.
        Assert.Equal(before + 2, meddler.Runs);
        Assert.Equal($"{client.ConversationId}|{last + 2:D7}", posted);
        var replies = await client.PollAsync();
        Assert.Equal("from another host", replies[0]!["text"]!.GetValue<string>());
        Assert.Equal(posted, replies[1]!["id"]!.GetValue<string>());
        Assert.Equal("contact_email", DirectLineClient.QuestionOf(replies));
        Assert.DoesNotContain(DirectLineClient.BotTexts(replies), t => t.Contains("sorry", StringComparison.OrdinalIgnoreCase));
        await AssertPositionsAsync(client.ConversationId);

        // The next turn follows without a run again.
        before = meddler.Runs;
        await client.PostAsync(DirectLineClient.Message("jane@example.org", "pg-taken-user"));
        Assert.Equal(before + 1, meddler.Runs);
        await AssertPositionsAsync(client.ConversationId);
    }

    [Fact]
    public async Task A_turn_after_another_hosts_append_told_by_its_notice_follows_it_without_a_read_or_a_run_again()
    {
        var meddler = new Meddler(_host.Services);
        _host.Services.GetRequiredService<DirectLineBotAdapter>().Use(meddler);
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "pg-told-user", "en-US");
        await client.PollAsync();
        await client.PostAsync(DirectLineClient.Message("Jane Doe", "pg-told-user"));
        var seen = await client.PollAsync();
        var last = long.Parse(seen[^1]!["id"]!.GetValue<string>().Split('|')[1], System.Globalization.CultureInfo.InvariantCulture);
        var signal = Assert.IsType<PostgreSqlActivityAppendedSignal>(_host.Services.GetRequiredService<IActivityAppendedSignal>());
        var deadline = DateTime.UtcNow + Eventually.Deadline;
        while (!signal.Listening && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.True(signal.Listening);
        var heard = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listening = signal.Subscribe(client.ConversationId, position => heard.TrySetResult(position));

        // Another host appends to the conversation, with its notice in the appending transaction, as a host does.
        var other = new PostgreSqlActivityAppendedSignal(_host.Services.GetRequiredService<ReginDatabaseProvider>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgreSqlActivityAppendedSignal>.Instance);
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var id = $"{client.ConversationId}|{last + 1:D7}";
            db.Add(new DirectLineActivity
            {
                ConversationId = client.ConversationId,
                Watermark = last + 1,
                ActivityId = id,
                Json = new JsonObject { ["type"] = "message", ["id"] = id, ["text"] = "from another host", ["from"] = new JsonObject { ["id"] = "regin-bot", ["role"] = "bot" } }.ToJsonString(),
                CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
            await other.EnlistAsync(db, client.ConversationId, last + 1);
            await transaction.CommitAsync();
        }
        Assert.Equal(last + 1, await heard.Task.WaitAsync(Regin.Testing.Eventually.Deadline));
        var store = _host.Services.GetRequiredService<DirectLineStore>();
        var reads = store.LastPositionReads;
        var before = meddler.Runs;

        var posted = await client.PostAsync(DirectLineClient.Message("Acme Regional Agency", "pg-told-user"));

        Assert.Equal(before + 1, meddler.Runs);
        Assert.Equal(reads, store.LastPositionReads);
        Assert.Equal($"{client.ConversationId}|{last + 2:D7}", posted);
        var replies = await client.PollAsync();
        Assert.Equal("from another host", replies[0]!["text"]!.GetValue<string>());
        Assert.Equal(posted, replies[1]!["id"]!.GetValue<string>());
        Assert.Equal("contact_email", DirectLineClient.QuestionOf(replies));
        await AssertPositionsAsync(client.ConversationId);
    }

    /// <summary>The conversation's positions run 1, 2 ... with no gap, each activity's id naming its own.</summary>
    /// <summary>
    /// The round trips to this host's database while <paramref name="action"/> runs, in order: each one's connection id
    /// and its tags (Npgsql makes one activity per round trip, a batch being one).
    /// </summary>
    private async Task<List<(object? Connection, string Text)>> RoundTripsAsync(Func<Task> action)
    {
        using var recorder = new RoundTripRecorder(_host.Services.GetRequiredService<IConfiguration>().GetConnectionString("Regin")!);
        await action();
        return recorder.Trips;
    }

    private async Task AssertPositionsAsync(string conversationId)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var rows = await db.Set<DirectLineActivity>().AsNoTracking().Where(a => a.ConversationId == conversationId).OrderBy(a => a.Watermark).ToListAsync();
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), rows.Select(r => r.Watermark));
        Assert.All(rows, r => Assert.Equal($"{conversationId}|{r.Watermark:D7}", r.ActivityId));
        Assert.All(rows, r => Assert.Equal(r.ActivityId, JsonNode.Parse(r.Json)!["id"]!.GetValue<string>()));
    }

    /// <summary>
    /// Last in the Direct Line's pipeline (inside the turn's unit): counts the runs of message turns and, once armed,
    /// after the bot's work and before the commit, changes the draft through a writer of its own (its own scope,
    /// connection and transaction, committed), as a second host or a researcher would.
    /// </summary>
    private sealed class Meddler(IServiceProvider services) : IMiddleware
    {
        public bool Armed { get; set; }

        public int Runs { get; private set; }

        public int Meddled { get; private set; }

        public Guid PracticeId { get; private set; }

        public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
        {
            await next(cancellationToken);
            if (turnContext.Activity.Type != Microsoft.Bot.Schema.ActivityTypes.Message)
            {
                return;
            }
            Runs++;
            if (!Armed || TurnUnitOfWork.Current?.PracticeId is not { } practiceId)
            {
                return;
            }
            Armed = false;
            Meddled++;
            PracticeId = practiceId;
            await using var scope = services.CreateAsyncScope();
            var intake = scope.ServiceProvider.GetRequiredService<IntakeService>();
            var outcome = await intake.UpdateAsync(practiceId, p => intake.RecordAnswer(p, "contact_email", "jane@example.org", "en", "review:someone"), cancellationToken);
            Assert.True(outcome.Stored);
        }
    }
}
