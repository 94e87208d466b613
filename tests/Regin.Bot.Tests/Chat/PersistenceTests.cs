using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Conversation;
using Regin.Bot.Chat.Hosting;
using Regin.Bot.Chat.Storage;

namespace Regin.Bot.Tests.Chat;

/// <summary>State in SQLite: restarts, returning contributors, two turns at once, ETags.</summary>
/// <remarks>Also run on PostgreSQL: <see cref="PersistenceTestsOnPostgreSql"/>.</remarks>
public class PersistenceTests : ChatTestBase
{
    [Fact]
    public async Task The_conversation_resumes_after_a_restart_of_the_host()
    {
        var chat = Driver("it-IT");
        await chat.StartAsync();
        await chat.SendAsync("Maria Rossi");
        await chat.SendAsync("Regione Puglia");

        await RestartHostAsync();
        chat = Driver("it-IT");
        var replies = await chat.SendAsync("maria.rossi@regione.puglia.it");

        Assert.Equal("Registrato: maria.rossi@regione.puglia.it", replies[0].Shown());
        Assert.Equal("contact_phone", replies.AskedQuestion());
        var practice = await Host.PracticeOfAsync("webchat", "user-1");
        Assert.Equal(["contact_email", "contact_name", "contact_organisation"], practice!.Answers.Select(a => a.QuestionId).Order());
    }

    [Fact]
    public async Task A_chat_paused_with_its_state_stored_by_an_earlier_version_resumes()
    {
        // Paused at "«ΕΣΠΑ» can mean more than one option: which?" (a pending choice between candidates).
        var chat = Driver("el-GR");
        await chat.StartAsync();
        await chat.SendAsync("Μαρία Παπαδοπούλου");
        await chat.SendAsync("αλλαγή 22");
        await chat.SendAsync("ΤΑΜΕ και ΕΣΠΑ");
        await StoreAsAnEarlierVersionDidAsync();

        Clock.Advance(TimeSpan.FromHours(2));
        await RestartHostAsync();
        await Driver("el-GR").SendAsync("3");

        var answer = (await Host.PracticeOfAsync("webchat", "user-1"))!.Answers.Single(a => a.QuestionId == "funding_sources");
        Assert.Equal("[\"amif\",\"esf_plus\",\"erdf\"]", answer.ValueJson);
        // The progress and the profile were saved again, in the new form; the owner row is not written again.
        Assert.Equal(["webchat/conversations/conv-1/users/user-1", "webchat/users/user-1"], await KeysInTheNewFormAsync());

        // Days later, from documents of the earlier version again: welcomed back in Greek, where they stopped.
        await StoreAsAnEarlierVersionDidAsync();
        Clock.Advance(TimeSpan.FromDays(5));
        await RestartHostAsync();
        var replies = await Driver("el-GR").SendAsync("γεια σας");

        Assert.StartsWith(Fixed(ConversationMessageKeys.WelcomeBack, "el"), replies[0].Shown());
        Assert.Equal(2, (await Host.PracticeOfAsync("webchat", "user-1"))!.Answers.Count);

        // Every state row as EfCoreStorage wrote it until session 10: Newtonsoft, a type named on every object.
        async Task StoreAsAnEarlierVersionDidAsync()
        {
            await using var scope = Host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Regin.Core.Persistence.ReginDbContext>();
            var rows = db.Set<Regin.Core.Persistence.Entities.ChatStateItem>().ToList();
            Assert.Equal(3, rows.Count);
            foreach (var row in rows)
            {
                var item = EfCoreStorage.Deserialize(row.Document);
                if (item is StoredState<ContributorProfile> profile)
                {
                    // (A profile of then named no conversation: session 33 added it.)
                    profile.State.ConversationId = null;
                }
                row.Document = Newtonsoft.Json.JsonConvert.SerializeObject(item,
                    new Newtonsoft.Json.JsonSerializerSettings { TypeNameHandling = Newtonsoft.Json.TypeNameHandling.Objects });
                Assert.StartsWith("{\"$type\":\"Regin.Bot.Chat.Hosting.StoredState`1", row.Document, StringComparison.Ordinal);
            }
            await db.SaveChangesAsync();
            Assert.Empty(await KeysInTheNewFormAsync());
        }

        async Task<List<string>> KeysInTheNewFormAsync()
        {
            await using var scope = Host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Regin.Core.Persistence.ReginDbContext>();
            var rows = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.Set<Regin.Core.Persistence.Entities.ChatStateItem>()));
            return rows.Where(r => r.Document.StartsWith(ChatStateDocument.Prefix, StringComparison.Ordinal)).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        }
    }

    [Fact]
    public async Task Every_message_is_kept_as_received_and_filed_with_its_practice()
    {
        var chat = Driver("it-IT");
        await chat.StartAsync();
        await chat.SendAsync("Maria Rossi");
        await chat.SendAsync("<b>Regione</b> Puglia");
        var practice = await Host.PracticeOfAsync("webchat", "user-1");

        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Regin.Core.Persistence.ReginDbContext>();
        var filed = db.RawInputs.Where(r => r.PracticeId == practice!.Id).OrderBy(r => r.Id).ToList();
        Assert.Equal(2, filed.Count);
        Assert.Contains("\"text\":\"<b>Regione</b> Puglia\"", System.Text.Encoding.UTF8.GetString(filed[1].Content));
    }

    [Fact]
    public async Task A_long_Greek_description_is_stored_whole_with_its_message()
    {
        // 5,000 characters of Greek prose (the most a long text takes): PostgreSQL once refused its index entry, and the
        // turn with it (an apology, the answer lost).
        var description = GreekProse.Of(5000);
        var chat = Driver("el-GR");
        await chat.StartAsync();
        await chat.SendAsync("Μαρία Παπαδοπούλου");
        await chat.SendAsync("αλλαγή 17");

        var replies = await chat.SendAsync(description);

        Assert.DoesNotContain(replies, r => r.Shown() == Fixed(ConversationMessageKeys.Error, "el"));
        var practice = await Host.PracticeOfAsync("webchat", "user-1");
        Assert.Equal(description, practice!.Answers.Single(a => a.QuestionId == "description").Original);
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Regin.Core.Persistence.ReginDbContext>();
        var last = db.RawInputs.Where(r => r.PracticeId == practice.Id).OrderBy(r => r.Id).ToList()[^1];
        Assert.Equal(description, Newtonsoft.Json.Linq.JObject.Parse(System.Text.Encoding.UTF8.GetString(last.Content))["text"]!.ToString());
    }

    [Fact]
    public async Task A_contributor_back_days_later_in_a_new_conversation_continues_the_same_draft()
    {
        var first = Driver("de-DE", conversation: "monday");
        await first.StartAsync();
        await first.SendAsync("Jana Schmidt");
        await first.SendAsync("Land Berlin");
        var draft = await Host.PracticeOfAsync("webchat", "user-1");

        Clock.Advance(TimeSpan.FromDays(3));
        await RestartHostAsync();
        var later = Driver("de-DE", conversation: "thursday");
        var replies = await later.StartAsync();

        Assert.Equal("Willkommen zurück! Sie haben vor 3 Tagen bei Frage 3 (Über Sie) aufgehört. Noch offen: 29 Fragen.", replies[0].Shown());
        Assert.Equal("contact_email", replies.AskedQuestion());
        replies = await later.SendAsync("jana@berlin.de");
        Assert.StartsWith("Notiert", replies[0].Shown());
        var practice = await Host.PracticeOfAsync("webchat", "user-1");
        Assert.Equal(draft!.Id, practice!.Id);
        Assert.Equal(3, practice.Answers.Count);
    }

    [Fact]
    public async Task A_contributor_back_in_a_new_conversation_goes_on_where_they_stopped_past_the_questions_they_skipped()
    {
        // "I'll finish tomorrow", then "hi" in a new conversation: it went back to the phone number skipped on the first day.
        var first = Driver("en-IE", conversation: "monday");
        await first.StartAsync();
        await first.SendAsync("Tom Evans");
        await first.SendAsync("Refugee Aid Scotland");
        await first.SendAsync("tom@ras.org.uk");
        await first.SendAsync("pass this one");
        await first.SendAsync("New Scots Welcome");
        await first.SendAsync("I'll finish tomorrow");

        Clock.Advance(TimeSpan.FromDays(1));
        var later = Driver("en-IE", conversation: "tuesday");
        var replies = await later.StartAsync();

        Assert.Equal("country", replies.AskedQuestion());
        replies = await later.SendAsync("Ireland");
        Assert.Equal("region", replies.AskedQuestion());
        Assert.Null((await Host.PracticeOfAsync("webchat", "user-1"))!.Answers.SingleOrDefault(a => a.QuestionId == "contact_phone"));
    }

    [Fact]
    public async Task An_answer_waiting_for_its_yes_is_asked_again_in_a_new_conversation()
    {
        // Words kept under Other at the areas, the contributor gone before the yes; back the next day in a new conversation,
        // they were asked the target groups, and their "👍" was "your message is empty".
        var first = Driver("en-IE", conversation: "monday");
        await first.StartAsync();
        foreach (var message in new[] { "aoife", "nasc", "aoife@nasc.ie", "n/a", "welcome packs", "ireland", "southern", "Cork County Council", "local authority",
            "funds it", "n/a", "red cross", "2019", "ongoing", "integration stuff" })
        {
            await first.SendAsync(message);
        }

        Clock.Advance(TimeSpan.FromDays(1));
        var later = Driver("en-IE", conversation: "tuesday");
        var replies = await later.StartAsync();

        Assert.Equal("integration_areas", replies.AskedQuestion());
        Assert.Contains(replies, reply => reply.Shown().StartsWith("I did not recognise \"integration stuff\"", StringComparison.Ordinal));
        replies = await later.SendAsync("👍");
        Assert.Equal("target_groups", replies.AskedQuestion());
        Assert.Equal("[\"other\"]", (await Host.PracticeOfAsync("webchat", "user-1"))!.Answers.Single(a => a.QuestionId == "integration_areas").ValueJson);
    }

    [Fact]
    public async Task Answers_leave_the_profile_unwritten_and_a_new_conversation_resumes_where_the_last_one_stopped()
    {
        var first = Driver("de-DE", conversation: "monday");
        await first.StartAsync();
        var written = await ProfileRowAsync();
        Assert.Contains("\"ConversationId\":\"monday\"", written.Document, StringComparison.Ordinal);
        await first.SendAsync("Jana Schmidt");
        await first.SendAsync("Land Berlin");
        // Each answer moved the question on: the conversation's progress says so; the profile (language, conversation) is as it was.
        Assert.Equal(written, await ProfileRowAsync());

        Clock.Advance(TimeSpan.FromDays(3));
        var later = Driver("de-DE", conversation: "thursday");
        var replies = await later.StartAsync();

        // Where and when they stopped: read from Monday's progress, which the profile names.
        Assert.Equal("Willkommen zurück! Sie haben vor 3 Tagen bei Frage 3 (Über Sie) aufgehört. Noch offen: 29 Fragen.", replies[0].Shown());
        Assert.Equal("contact_email", replies.AskedQuestion());
        var moved = await ProfileRowAsync();
        Assert.NotEqual(written.ETag, moved.ETag);
        Assert.Contains("\"ConversationId\":\"thursday\"", moved.Document, StringComparison.Ordinal);
        replies = await later.SendAsync("jana@berlin.de");
        Assert.StartsWith("Notiert", replies[0].Shown());
        Assert.Equal(moved, await ProfileRowAsync());

        // Back on Monday's page a day later: last seen on Thursday (that conversation's progress, which the profile names).
        Clock.Advance(TimeSpan.FromDays(1));
        replies = await first.SendAsync("hallo");
        Assert.StartsWith("Willkommen zurück! Sie haben gestern bei Frage", replies[0].Shown());
        Assert.Contains("\"ConversationId\":\"monday\"", (await ProfileRowAsync()).Document, StringComparison.Ordinal);

        async Task<(string Document, string ETag)> ProfileRowAsync()
        {
            await using var scope = Host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Regin.Core.Persistence.ReginDbContext>();
            var row = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
                Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.Set<Regin.Core.Persistence.Entities.ChatStateItem>()),
                s => s.Key == "webchat/users/user-1");
            return (row.Document, row.ETag);
        }
    }

    [Fact]
    public async Task Welcome_back_is_in_the_contributors_language_with_Humanizer()
    {
        var first = Driver("fr-FR", conversation: "one");
        await first.StartAsync();
        await first.SendAsync("Claire Martin");
        Clock.Advance(TimeSpan.FromDays(1));

        var replies = await Driver("fr-FR", conversation: "two").SendAsync("bonjour");

        Assert.Contains("(hier)", replies[0].Shown());
        Assert.Contains("Il reste 30 questions.", replies[0].Shown());
        Assert.Equal("contact_organisation", replies.AskedQuestion());
    }

    [Fact]
    public async Task A_Teams_contributor_writing_again_days_later_in_the_same_chat_is_welcomed_back_first()
    {
        var chat = Driver("sv-SE", channel: "msteams", conversation: "a:personal-chat", user: "29:anna");
        await chat.StartAsync();
        var first = await chat.SendAsync("Anna Svensson");
        Assert.True(first[0].Shown().StartsWith("Noterat", StringComparison.Ordinal), first.AllText());
        Clock.Advance(TimeSpan.FromDays(2));

        var replies = await chat.SendAsync("hej igen");

        Assert.Equal("Välkommen tillbaka! Du pausade för 2 dagar sedan vid fråga 2 (Om dig). 30 frågor kvar.", replies[0].Shown());
        Assert.Equal("contact_organisation", replies.AskedQuestion());
        Assert.Single((await Host.PracticeOfAsync("msteams", "29:anna"))!.Answers);

        Clock.Advance(TimeSpan.FromDays(1));
        replies = await chat.SendAsync("sammanfattning");
        Assert.StartsWith("Välkommen tillbaka! Du pausade igår", replies[0].Shown());
        Assert.StartsWith(Texts.Get(ConversationMessageKeys.SummaryTitle, "sv"), replies[1].Shown());
    }

    [Fact]
    public async Task A_greeting_alone_leaves_no_draft_behind()
    {
        var chat = Driver("en-US");
        await chat.StartAsync();
        await chat.SendAsync("help");
        await chat.SendAsync("summary");

        Assert.Null(await Host.PracticeOfAsync("webchat", "user-1"));

        await chat.SendAsync("Jo Bloggs");
        Assert.NotNull(await Host.PracticeOfAsync("webchat", "user-1"));
    }

    [Fact]
    public async Task Two_concurrent_turns_on_one_conversation_both_count()
    {
        var chat = Driver("en-US");
        await chat.StartAsync();

        var one = chat.Adapter.MakeActivity("Jo Bloggs");
        var two = chat.Adapter.MakeActivity("City of Malmö");
        await Task.WhenAll(
            Task.Run(() => chat.Adapter.ProcessActivityAsync(one, Host.Bot.OnTurnAsync, CancellationToken.None)),
            Task.Run(() => chat.Adapter.ProcessActivityAsync(two, Host.Bot.OnTurnAsync, CancellationToken.None)));

        var practice = await Host.PracticeOfAsync("webchat", "user-1");
        Assert.Equal(["contact_name", "contact_organisation"], practice!.Answers.Select(a => a.QuestionId).Order());
        Assert.Equal(
            new[] { "City of Malmö", "Jo Bloggs" },
            practice.Answers.Select(a => a.Original).Order(StringComparer.Ordinal));
        var replies = await chat.SendAsync("summary");
        Assert.Equal("contact_email", replies.AskedQuestion());
    }

    [Fact]
    public async Task One_person_in_two_conversations_at_once_loses_nothing()
    {
        var tab1 = Driver("en-US", conversation: "tab-1");
        var tab2 = Driver("en-US", conversation: "tab-2");
        await tab1.StartAsync();
        await tab2.StartAsync();

        await Task.WhenAll(
            Task.Run(() => tab1.SendAsync("Jo Bloggs")),
            Task.Run(() => tab2.SendAsync("help")));

        var replies = await tab1.SendAsync("ACME");
        Assert.Equal("Noted: ACME", replies[0].Shown());
        Assert.Equal(2, (await Host.PracticeOfAsync("webchat", "user-1"))!.Answers.Count);
    }

    [Fact]
    public async Task The_storage_refuses_a_write_from_an_old_copy()
    {
        var storage = Host.Services.GetRequiredService<IStorage>();
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new StoredState<ContributorProfile> { State = { Language = "en" } } });
        var a = (StoredState<ContributorProfile>)(await storage.ReadAsync(["k"]))["k"];
        var b = (StoredState<ContributorProfile>)(await storage.ReadAsync(["k"]))["k"];
        Assert.NotNull(a.ETag);

        a.State.Language = "fr";
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = a });
        b.State.Language = "de";
        await Assert.ThrowsAsync<ChatStateConflictException>(() => storage.WriteAsync(new Dictionary<string, object> { ["k"] = b }));

        b.ETag = "*";
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = b });
        Assert.Equal("de", ((StoredState<ContributorProfile>)(await storage.ReadAsync(["k"]))["k"]).State.Language);
        await storage.DeleteAsync(["k"]);
        Assert.Empty(await storage.ReadAsync(["k"]));
    }

    [Fact]
    public async Task In_a_turn_a_write_of_several_keys_is_refused_when_one_was_changed_by_another_writer_since_the_turn_read_it()
    {
        // On PostgreSQL the keys' UPDATEs go in one batch, with the turn's next statement or its commit; the stale one must
        // still refuse the write, and nothing of the turn is stored.
        var storage = Host.Services.GetRequiredService<IStorage>();
        await storage.WriteAsync(new Dictionary<string, object>
        {
            ["fresh"] = new StoredState<ContributorProfile> { State = { Language = "en" } },
            ["stale"] = new StoredState<ContributorProfile> { State = { Language = "en" } },
        });
        var scopes = Host.Services.GetRequiredService<IServiceScopeFactory>();
        await using (var unit = await TurnUnitOfWork.OpenAsync(scopes, CancellationToken.None))
        {
            var previous = TurnUnitOfWork.Enter(unit);
            try
            {
                var read = await storage.ReadAsync(["fresh", "stale"]);
                // Another writer (outside this turn) changes one of them after the turn read it.
                TurnUnitOfWork.Enter(null);
                var other = (StoredState<ContributorProfile>)(await storage.ReadAsync(["stale"]))["stale"];
                other.State.Language = "de";
                await storage.WriteAsync(new Dictionary<string, object> { ["stale"] = other });
                TurnUnitOfWork.Enter(unit);

                ((StoredState<ContributorProfile>)read["fresh"]).State.Language = "fr";
                ((StoredState<ContributorProfile>)read["stale"]).State.Language = "fr";
                // The write may go with the turn's next statement (PostgreSQL: ConnectionPrelude), at the latest with its commit.
                var refused = await Assert.ThrowsAsync<ChatStateConflictException>(async () =>
                {
                    await storage.WriteAsync(read);
                    await unit.CommitAsync(CancellationToken.None);
                });
                Assert.Equal("stale", refused.Key);
                await unit.RollbackAsync(scopes, afterRollback: false);
            }
            finally
            {
                TurnUnitOfWork.Enter(previous);
            }
        }

        var stored = await storage.ReadAsync(["fresh", "stale"]);
        Assert.Equal("en", ((StoredState<ContributorProfile>)stored["fresh"]).State.Language);
        Assert.Equal("de", ((StoredState<ContributorProfile>)stored["stale"]).State.Language);
    }

    [Fact]
    public async Task In_a_turn_new_keys_are_stored_with_the_turn_and_one_another_writer_created_meanwhile_refuses_the_write()
    {
        // A new conversation's keys have no rows: on PostgreSQL their INSERTs go with the turn's next statement or its
        // commit (no savepoint each); a key another writer created since the turn found it missing still refuses the write.
        var storage = Host.Services.GetRequiredService<IStorage>();
        var scopes = Host.Services.GetRequiredService<IServiceScopeFactory>();
        await using (var unit = await TurnUnitOfWork.OpenAsync(scopes, CancellationToken.None))
        {
            var previous = TurnUnitOfWork.Enter(unit);
            try
            {
                Assert.Empty(await storage.ReadAsync(["new-a", "new-b"]));
                await storage.WriteAsync(new Dictionary<string, object>
                {
                    ["new-a"] = new StoredState<ContributorProfile> { State = { Language = "fr" } },
                    ["new-b"] = new StoredState<ContributorProfile> { State = { Language = "fr" } },
                });
                // Written again in the same turn, from the copy it wrote: an UPDATE of the row it inserted.
                var again = (StoredState<ContributorProfile>)(await storage.ReadAsync(["new-a"]))["new-a"];
                again.State.Language = "it";
                await storage.WriteAsync(new Dictionary<string, object> { ["new-a"] = again });
                await unit.CommitAsync(CancellationToken.None);
            }
            finally
            {
                TurnUnitOfWork.Enter(previous);
            }
        }
        var stored = await storage.ReadAsync(["new-a", "new-b"]);
        Assert.Equal("it", ((StoredState<ContributorProfile>)stored["new-a"]).State.Language);
        Assert.Equal("fr", ((StoredState<ContributorProfile>)stored["new-b"]).State.Language);

        await using (var unit = await TurnUnitOfWork.OpenAsync(scopes, CancellationToken.None))
        {
            var previous = TurnUnitOfWork.Enter(unit);
            try
            {
                Assert.Empty(await storage.ReadAsync(["raced", "alone"]));
                // Another writer (outside this turn) creates one of them after the turn found it missing.
                TurnUnitOfWork.Enter(null);
                await storage.WriteAsync(new Dictionary<string, object> { ["raced"] = new StoredState<ContributorProfile> { State = { Language = "de" } } });
                TurnUnitOfWork.Enter(unit);

                var refused = await Assert.ThrowsAsync<ChatStateConflictException>(async () =>
                {
                    await storage.WriteAsync(new Dictionary<string, object>
                    {
                        ["alone"] = new StoredState<ContributorProfile> { State = { Language = "sv" } },
                        ["raced"] = new StoredState<ContributorProfile> { State = { Language = "sv" } },
                    });
                    await unit.CommitAsync(CancellationToken.None);
                });
                Assert.Equal("raced", refused.Key);
                await unit.RollbackAsync(scopes, afterRollback: false);
            }
            finally
            {
                TurnUnitOfWork.Enter(previous);
            }
        }
        var after = await storage.ReadAsync(["raced", "alone"]);
        Assert.Equal("de", ((StoredState<ContributorProfile>)Assert.Single(after).Value).State.Language);
    }

    [Fact]
    public async Task The_storage_keeps_Bot_Framework_state_too()
    {
        var storage = Host.Services.GetRequiredService<IStorage>();
        var state = new ConversationState(storage);
        var accessor = state.CreateProperty<ContributorProfile>("profile");
        var adapter = Host.Adapter("test", "bf-state", "u", "en-US");
        var context = new TurnContext(adapter, Activity());
        (await accessor.GetAsync(context, () => new ContributorProfile())).Language = "sv";
        await state.SaveChangesAsync(context);

        var reloaded = new ConversationState(storage);
        var context2 = new TurnContext(adapter, Activity());
        var profile = await reloaded.CreateProperty<ContributorProfile>("profile").GetAsync(context2, () => new ContributorProfile());

        Assert.Equal("sv", profile.Language);

        Activity Activity()
        {
            var activity = adapter.MakeActivity("hi");
            activity.ChannelId = "test";
            activity.Conversation = new ConversationAccount(id: "bf-state");
            return activity;
        }
    }
}

public sealed class PersistenceTestsOnPostgreSql : PersistenceTests
{
    protected override string Provider => Regin.Testing.TestProviders.PostgreSql;
}
