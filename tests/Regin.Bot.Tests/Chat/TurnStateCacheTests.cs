using System.Collections.Concurrent;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Regin.Bot.Chat;
using Regin.Bot.Chat.Storage;
using Regin.Core.Intake;
using Regin.Core.Persistence;
using Regin.Testing;

namespace Regin.Bot.Tests.Chat;

/// <summary>
/// A turn answered in its HTTP response (expectReplies) takes the chat state and the open draft's version from what the
/// host kept of the conversation's last committed turn (<see cref="TurnStateCache"/>), on a real SQLite file: no read of
/// them; a kept entry that another writer made stale (another host's turn, a researcher, an erasure) fails the turn's
/// checks, which runs again from the database and answers right; a failed turn leaves nothing kept; the cache is bounded.
/// </summary>
public sealed class TurnStateCacheTests
{
    [Fact]
    public async Task A_kept_turn_reads_neither_its_chat_state_nor_its_drafts_version()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.Sqlite);
        await using var host = await ChatHost.StartAsync(database);
        var adapter = host.Adapter("webchat", "kept-1", "u-kept-1", "en-US");
        Assert.NotEmpty(await new ChatDriver(adapter, host.Bot).StartAsync());
        Assert.Equal("contact_organisation", (await ExpectingRepliesAsync(adapter, host.Bot, "Jane Doe")).AskedQuestion());

        using var trace = SqliteTrace.On(host.Services);
        var replies = await ExpectingRepliesAsync(adapter, host.Bot, "Acme Regional Agency");

        Assert.Equal("contact_email", replies.AskedQuestion());
        var statements = trace.Statements;
        Assert.Contains(statements, s => s.Contains("UPDATE \"chat_state\"", StringComparison.Ordinal));
        // No read of a document: the rows the turn took and did not write (the conversation's owner, the contributor's
        // profile: an answer changes neither) are checked by one count.
        Assert.DoesNotContain(statements, s => s.Contains("FROM \"chat_state\"", StringComparison.Ordinal) && !s.Contains("count(*)", StringComparison.Ordinal));
        Assert.Single(statements, s => s.Contains("FROM \"chat_state\"", StringComparison.Ordinal));
        // Nor the draft's version: which draft is open is checked by a count (the turn's write checked the draft's stamp).
        Assert.DoesNotContain(statements, s => s.Contains("\"contributor_identities\"", StringComparison.Ordinal) && !s.Contains("count(*)", StringComparison.Ordinal));
        Assert.Single(statements, s => s.Contains("\"contributor_identities\"", StringComparison.Ordinal));
        var practice = await host.PracticeOfAsync("webchat", "u-kept-1");
        Assert.Equal("Acme Regional Agency", practice!.Answers.Single(a => a.QuestionId == "contact_organisation").Original);
        Assert.NotNull(host.Services.GetRequiredService<TurnStateCache>().Find(TurnStateCache.KeyOf("webchat", "kept-1")));
    }

    [Fact]
    public async Task A_turn_kept_on_one_host_after_the_other_host_answered_runs_again_and_loses_no_answer()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.Sqlite);
        await using var first = await ChatHost.StartAsync(database);
        await using var second = await ChatHost.StartAsync(database);
        var onFirst = first.Adapter("webchat", "kept-2", "u-kept-2", "en-US");
        var onSecond = second.Adapter("webchat", "kept-2", "u-kept-2", "en-US");
        Assert.NotEmpty(await new ChatDriver(onFirst, first.Bot).StartAsync());
        Assert.Equal("contact_organisation", (await ExpectingRepliesAsync(onFirst, first.Bot, "Jane Doe")).AskedQuestion());

        // The conversation moves to the other host for one turn, then back to the first, which kept the state before it.
        Assert.Equal("contact_email", (await ExpectingRepliesAsync(onSecond, second.Bot, "Acme Regional Agency")).AskedQuestion());
        var replies = await ExpectingRepliesAsync(onFirst, first.Bot, "jane@example.org");

        Assert.Equal("contact_phone", replies.AskedQuestion());
        Assert.DoesNotContain(replies, r => r.Shown().Contains("sorry", StringComparison.OrdinalIgnoreCase));
        var practice = await first.PracticeOfAsync("webchat", "u-kept-2");
        Assert.Equal(["contact_email", "contact_name", "contact_organisation"], practice!.Answers.Select(a => a.QuestionId).Order(StringComparer.Ordinal));
        await using var scope = first.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        // Each message stored once (the start keeps none).
        Assert.Equal(3, await db.RawInputs.CountAsync(r => r.ConversationId == "kept-2"));
        Assert.Equal(1, await db.PracticeEvents.CountAsync(e => e.PracticeId == practice.Id && e.Kind == "answer_set" && e.QuestionId == "contact_email"));
    }

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_kept_turn_whose_draft_a_researcher_changed_runs_again_and_keeps_both_changes(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var host = await ChatHost.StartAsync(database);
        var adapter = host.Adapter("webchat", "kept-3-" + provider, "u-kept-3", "en-US");
        Assert.NotEmpty(await new ChatDriver(adapter, host.Bot).StartAsync());
        Assert.Equal("contact_organisation", (await ExpectingRepliesAsync(adapter, host.Bot, "Jane Doe")).AskedQuestion());
        var practice = await host.PracticeOfAsync("webchat", "u-kept-3");

        // Between the turns, a researcher changes the draft: the host's kept stamp is stale.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var intake = scope.ServiceProvider.GetRequiredService<IntakeService>();
            Assert.True((await intake.UpdateAsync(practice!.Id, p => intake.RecordAnswer(p, "contact_email", "jane@example.org", "en", "review:someone"))).Stored);
        }
        var replies = await ExpectingRepliesAsync(adapter, host.Bot, "Acme Regional Agency");

        Assert.DoesNotContain(replies, r => r.Shown().Contains("sorry", StringComparison.OrdinalIgnoreCase));
        // The run again read the draft afresh: the email is answered already, so the next question is the one after it.
        Assert.Equal("contact_phone", replies.AskedQuestion());
        practice = await host.PracticeOfAsync("webchat", "u-kept-3");
        Assert.Equal("jane@example.org", practice!.Answers.Single(a => a.QuestionId == "contact_email").Original);
        Assert.Equal("Acme Regional Agency", practice.Answers.Single(a => a.QuestionId == "contact_organisation").Original);
        await using var check = host.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<ReginDbContext>();
        Assert.Equal(1, await db.PracticeEvents.CountAsync(e => e.PracticeId == practice.Id && e.Kind == "answer_set" && e.QuestionId == "contact_organisation"));
        Assert.Equal(2, await db.RawInputs.CountAsync(r => r.ConversationId == "kept-3-" + provider));
    }

    /// <summary>
    /// A writer that changes only the conversation's owner row (here deleted, as an erasure of the owner of a conversation
    /// of two would): the kept turn's check of that row fails though its progress' ETag still holds, and the run again
    /// from the database finds no owner and makes its contributor the owner, as a turn that read it would.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_kept_turn_whose_conversations_owner_row_alone_changed_runs_again_from_the_database(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var host = await ChatHost.StartAsync(database);
        var conversation = "kept-owner-" + provider;
        var adapter = host.Adapter("webchat", conversation, "u-kept-owner", "en-US");
        Assert.NotEmpty(await new ChatDriver(adapter, host.Bot).StartAsync());
        Assert.Equal("contact_organisation", (await ExpectingRepliesAsync(adapter, host.Bot, "Jane Doe")).AskedQuestion());
        var owner = $"webchat/conversations/{conversation}/owner";
        Assert.NotNull(host.Services.GetRequiredService<TurnStateCache>().Find(TurnStateCache.KeyOf("webchat", conversation)));

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
            Assert.Equal(1, await db.Set<Regin.Core.Persistence.Entities.ChatStateItem>().Where(s => s.Key == owner).ExecuteDeleteAsync());
        }
        var replies = await ExpectingRepliesAsync(adapter, host.Bot, "Acme Regional Agency");

        Assert.Equal("contact_email", replies.AskedQuestion());
        Assert.DoesNotContain(replies, r => r.Shown().Contains("sorry", StringComparison.OrdinalIgnoreCase));
        await using var check = host.Services.CreateAsyncScope();
        var stored = await check.ServiceProvider.GetRequiredService<ReginDbContext>().Set<Regin.Core.Persistence.Entities.ChatStateItem>()
            .AsNoTracking().SingleOrDefaultAsync(s => s.Key == owner);
        // Made again by the run that read the database (with the shortcut of session 31 it stayed missing).
        Assert.NotNull(stored);
        Assert.Contains("u-kept-owner", stored.Document, StringComparison.Ordinal);
    }

    /// <summary>
    /// A kept turn that writes the draft it was given (its stamp checked by that write) while another, newer draft of the
    /// same contributor was opened since (by another host, a mail, a researcher): the check of which draft is open fails
    /// it, on SQLite too, and the run again from the database answers into the draft a reading turn would find.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_kept_turn_that_wrote_its_draft_after_a_newer_draft_was_opened_runs_again_into_the_newer(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var host = await ChatHost.StartAsync(database);
        var conversation = "kept-newer-" + provider;
        var adapter = host.Adapter("webchat", conversation, "u-kept-newer", "en-US");
        Assert.NotEmpty(await new ChatDriver(adapter, host.Bot).StartAsync());
        Assert.Equal("contact_organisation", (await ExpectingRepliesAsync(adapter, host.Bot, "Jane Doe")).AskedQuestion());
        var first = await host.PracticeOfAsync("webchat", "u-kept-newer");
        Assert.NotNull(host.Services.GetRequiredService<TurnStateCache>().Find(TurnStateCache.KeyOf("webchat", conversation)));

        // Another, newer draft of the same contributor, opened outside this host's turns: the one a reading turn finds.
        Guid newer;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            newer = (await scope.ServiceProvider.GetRequiredService<IntakeService>().StartDraftAsync(new ContributorKey("webchat", "u-kept-newer"), "en", "webchat")).Id;
        }
        var replies = await ExpectingRepliesAsync(adapter, host.Bot, "Acme Regional Agency");

        Assert.DoesNotContain(replies, r => r.Shown().Contains("sorry", StringComparison.OrdinalIgnoreCase));
        await using var check = host.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<ReginDbContext>();
        // The message went into the newer draft, as on a turn that read; the first draft is as it was.
        Assert.Contains(await db.Answers.Where(a => a.PracticeId == newer).Select(a => a.Original).ToListAsync(), o => o == "Acme Regional Agency");
        Assert.DoesNotContain(await db.Answers.Where(a => a.PracticeId == first!.Id).Select(a => a.Original).ToListAsync(), o => o == "Acme Regional Agency");
        Assert.Equal(2, await db.RawInputs.CountAsync(r => r.ConversationId == conversation));
    }

    /// <summary>
    /// The welcome read that the contributor has no open draft, and the host kept that: the first answer (PostgreSQL) reads
    /// no draft and starts one, checking with its COMMIT that no other draft of theirs is open. A draft opened since the
    /// welcome by another door (a mail, another conversation, another host: older than the turn's, by its number) fails
    /// that check; the turn runs again from the database and answers into that draft: no second draft. On SQLite the first
    /// answer reads, and finds it.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_first_answer_after_a_draft_was_opened_elsewhere_since_the_welcome_answers_into_it_and_opens_no_second(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var host = await ChatHost.StartAsync(database);
        var conversation = "kept-first-" + provider;
        var adapter = host.Adapter("webchat", conversation, "u-kept-first", "en-US");
        Assert.NotEmpty(await new ChatDriver(adapter, host.Bot).StartAsync());
        var kept = host.Services.GetRequiredService<TurnStateCache>().Find(TurnStateCache.KeyOf("webchat", conversation));
        // Kept: the contributor, with no open draft.
        Assert.NotNull(kept);
        Assert.Equal(new ContributorKey("webchat", "u-kept-first"), kept.Contributor);
        Assert.Null(kept.DraftId);

        Guid opened;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            opened = (await scope.ServiceProvider.GetRequiredService<IntakeService>().StartDraftAsync(new ContributorKey("webchat", "u-kept-first"), "en", "email")).Id;
        }
        var replies = await ExpectingRepliesAsync(adapter, host.Bot, "Jane Doe");

        Assert.Equal("contact_organisation", replies.AskedQuestion());
        Assert.DoesNotContain(replies, r => r.Shown().Contains("sorry", StringComparison.OrdinalIgnoreCase));
        await using var check = host.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<ReginDbContext>();
        var drafts = await db.ContributorIdentities.Where(i => i.Channel == "webchat" && i.ExternalId == "u-kept-first").Select(i => i.PracticeId).Distinct().ToListAsync();
        Assert.Equal([opened], drafts);
        Assert.Equal(["Jane Doe"], await db.Answers.Where(a => a.PracticeId == opened && a.QuestionId == "contact_name").Select(a => a.Original).ToListAsync());
        Assert.Equal(1, await db.PracticeEvents.CountAsync(e => e.PracticeId == opened && e.Kind == "answer_set" && e.QuestionId == "contact_name"));
        Assert.Equal(1, await db.RawInputs.CountAsync(r => r.ConversationId == conversation));
        // The next turn (kept: the draft found) goes on in it.
        Assert.Equal("contact_email", (await ExpectingRepliesAsync(adapter, host.Bot, "Acme Regional Agency")).AskedQuestion());
        Assert.Equal(2, await db.Answers.CountAsync(a => a.PracticeId == opened));
    }

    /// <summary>
    /// The first answer on PostgreSQL reads no draft (the welcome's "none" kept) and sends the new draft's rows with its
    /// COMMIT, its number read there: the draft the next turns find (kept with its number) is whole, numbered and named
    /// in its "created" line; on SQLite the first answer reads which draft is open once.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_first_answers_draft_is_numbered_and_kept_whole_for_the_next_turns(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var host = await ChatHost.StartAsync(database);
        var numbers = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var adapter = host.Adapter("webchat", $"kept-numbered-{provider}-{i}", $"u-kept-numbered-{i}", "en-US");
            Assert.NotEmpty(await new ChatDriver(adapter, host.Bot).StartAsync());
            Assert.Equal("contact_organisation", (await ExpectingRepliesAsync(adapter, host.Bot, "Jane Doe")).AskedQuestion());
            // The copy kept after the first answer (found by the stamp the database holds) as the database holds it.
            var first = await host.PracticeOfAsync("webchat", $"u-kept-numbered-{i}");
            await using (var read = host.Services.CreateAsyncScope())
            {
                var stored = await read.ServiceProvider.GetRequiredService<ReginDbContext>().Practices.AsNoTracking().Include(p => p.Identities).SingleAsync(p => p.Id == first!.Id);
                Assert.Equal(stored.Number, first!.Number);
                Assert.Equal(stored.Identities.Single().Id, first.Identities.Single().Id);
            }
            Assert.Equal("contact_email", (await ExpectingRepliesAsync(adapter, host.Bot, "Acme Regional Agency")).AskedQuestion());
            var practice = await host.PracticeOfAsync("webchat", $"u-kept-numbered-{i}");
            Assert.NotNull(practice);
            numbers.Add(practice.Number);
            Assert.Equal(["contact_name", "contact_organisation"], practice.Answers.Select(a => a.QuestionId).Order(StringComparer.Ordinal));
            var identity = Assert.Single(practice.Identities);
            Assert.True(identity.Id > 0);
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
            Assert.Equal(practice.Reference, await db.PracticeEvents.Where(e => e.PracticeId == practice.Id && e.Kind == "created").Select(e => e.NewValue).SingleAsync());
            var entry = host.Services.GetRequiredService<TurnStateCache>().Find(TurnStateCache.KeyOf("webchat", $"kept-numbered-{provider}-{i}"));
            Assert.Equal(practice.Id, entry?.DraftId);
        }
        Assert.True(numbers.All(n => n > 0) && numbers.Distinct().Count() == 3, string.Join(", ", numbers));
    }

    [Fact]
    public async Task A_kept_turn_after_an_erasure_of_the_conversation_runs_again_from_the_database()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.Sqlite);
        await using var host = await ChatHost.StartAsync(database);
        var adapter = host.Adapter("webchat", "kept-4", "u-kept-4", "en-US");
        Assert.NotEmpty(await new ChatDriver(adapter, host.Bot).StartAsync());
        Assert.Equal("contact_organisation", (await ExpectingRepliesAsync(adapter, host.Bot, "Jane Doe")).AskedQuestion());

        // A data-rights erasure (the review screens' or a mail's), made outside this host's turns.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Regin.Core.Privacy.ContributorErasure>().EraseChatContributorAsync("webchat", "u-kept-4", "review:someone");
        }
        var replies = await ExpectingRepliesAsync(adapter, host.Bot, "Acme Regional Agency");

        Assert.DoesNotContain(replies, r => r.Shown().Contains("sorry", StringComparison.OrdinalIgnoreCase));
        // The erased conversation's state is gone: the turn, run from the database, did not write the kept one back.
        await using var check = host.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<ReginDbContext>();
        var progress = await db.Set<Regin.Core.Persistence.Entities.ChatStateItem>().AsNoTracking()
            .SingleOrDefaultAsync(s => s.Key == "webchat/conversations/kept-4/users/u-kept-4");
        Assert.True(progress is null || !progress.Document.Contains("Jane Doe", StringComparison.Ordinal));
        var practice = await host.PracticeOfAsync("webchat", "u-kept-4");
        Assert.True(practice is null || practice.Answers.All(a => a.Original != "Jane Doe"));
    }

    [Fact]
    public async Task A_failed_turn_leaves_nothing_kept_for_its_conversation()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.Sqlite);
        await using var host = await ChatHost.StartAsync(database);
        var adapter = host.Adapter("webchat", "kept-5", "u-kept-5", "en-US");
        var breaker = new Breaker();
        adapter.Use(breaker);
        Assert.NotEmpty(await new ChatDriver(adapter, host.Bot).StartAsync());
        Assert.Equal("contact_organisation", (await ExpectingRepliesAsync(adapter, host.Bot, "Jane Doe")).AskedQuestion());
        var cache = host.Services.GetRequiredService<TurnStateCache>();
        var key = TurnStateCache.KeyOf("webchat", "kept-5");
        Assert.NotNull(cache.Find(key));

        breaker.Armed = true;
        var replies = await ExpectingRepliesAsync(adapter, host.Bot, "Acme Regional Agency");

        Assert.Contains(replies, r => r.Shown().Contains("sorry", StringComparison.OrdinalIgnoreCase));
        Assert.Null(cache.Find(key));
        // The next turn reads the database, and answers as usual.
        Assert.Equal("contact_email", (await ExpectingRepliesAsync(adapter, host.Bot, "Acme Regional Agency")).AskedQuestion());
        Assert.NotNull(cache.Find(key));
    }

    [Fact]
    public void The_cache_keeps_at_most_its_size_the_least_recently_used_going_first_and_forgets_what_expired()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-12-04T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var cache = new TurnStateCache(Options.Create(new ChatOptions { StateCacheConversations = 3, StateCacheLifetime = TimeSpan.FromMinutes(5) }), clock);
        var entry = new TurnStateCache.Entry(new Dictionary<string, TurnStateCache.StateRow> { ["k"] = new("{}", "e") }, null, null, default);
        cache.Keep("a", entry);
        cache.Keep("b", entry);
        cache.Keep("c", entry);
        Assert.NotNull(cache.Find("a"));
        for (var i = 0; i < 100_000; i++)
        {
            cache.Keep("many-" + i, entry);
        }
        Assert.Equal(3, cache.Count);
        Assert.Null(cache.Find("a"));
        Assert.NotNull(cache.Find("many-99999"));

        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Null(cache.Find("many-99999"));
        Assert.Equal(2, cache.Count);
        cache.Drop("many-99998");
        Assert.Equal(1, cache.Count);
        Assert.False(new TurnStateCache(Options.Create(new ChatOptions { StateCacheConversations = 0 }), clock).Enabled);
    }

    /// <summary>Fails the turn after the bot's work, before its commit, once armed.</summary>
    private sealed class Breaker : IMiddleware
    {
        public bool Armed { get; set; }

        public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
        {
            await next(cancellationToken);
            if (Armed)
            {
                Armed = false;
                throw new InvalidOperationException("A failure of the turn (a test's).");
            }
        }
    }

    /// <summary>The SQL each of the host's kept SQLite connections runs while it is on (sqlite3_trace).</summary>
    private sealed class SqliteTrace : IDisposable
    {
        private readonly List<Microsoft.Data.Sqlite.SqliteConnection> _connections = [];
        private readonly ConcurrentQueue<string> _statements = new();

        public IReadOnlyList<string> Statements => [.. _statements];

        public static SqliteTrace On(IServiceProvider services)
        {
            var trace = new SqliteTrace();
            var kept = services.GetRequiredService<KeptConnections>();
            var lent = new List<System.Data.Common.DbConnection>();
            while (kept.Rent() is { } connection)
            {
                lent.Add(connection);
            }
            foreach (var connection in lent)
            {
                var sqlite = (Microsoft.Data.Sqlite.SqliteConnection)connection;
                SQLitePCL.raw.sqlite3_trace(sqlite.Handle, (SQLitePCL.strdelegate_trace)((_, sql) => trace._statements.Enqueue(sql)), null);
                trace._connections.Add(sqlite);
                kept.Return(connection);
            }
            Assert.NotEmpty(trace._connections);
            return trace;
        }

        public void Dispose()
        {
            foreach (var connection in _connections)
            {
                if (connection.Handle is { } handle)
                {
                    SQLitePCL.raw.sqlite3_trace(handle, (SQLitePCL.strdelegate_trace?)null, null);
                }
            }
        }
    }

    /// <summary>A message sent with deliveryMode expectReplies: the replies the turn held for its answer.</summary>
    internal static async Task<IReadOnlyList<IMessageActivity>> ExpectingRepliesAsync(TestAdapter adapter, IBot bot, string text)
    {
        var activity = adapter.MakeActivity(text);
        activity.Id = Guid.NewGuid().ToString("N");
        activity.DeliveryMode = DeliveryModes.ExpectReplies;
        ITurnContext? captured = null;
        await adapter.ProcessActivityAsync(activity, async (context, token) =>
        {
            captured = context;
            await bot.OnTurnAsync(context, token);
        }, CancellationToken.None);
        Assert.NotNull(captured);
        return [.. ((TurnContext)captured).BufferedReplyActivities.OfType<IMessageActivity>()];
    }
}
