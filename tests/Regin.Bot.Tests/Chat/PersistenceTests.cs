using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Regin.Bot.Chat.Engine;
using Regin.Bot.Chat.Storage;

namespace Regin.Bot.Tests.Chat;

/// <summary>State in SQLite: restarts, returning contributors, two turns at once, ETags.</summary>
public sealed class PersistenceTests : ChatTestBase
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

        Assert.Equal("Registrato: maria.rossi@regione.puglia.it", replies[0].Text);
        Assert.Equal("contact_phone", replies.AskedQuestion());
        var practice = await Host.PracticeOfAsync("webchat", "user-1");
        Assert.Equal(["contact_email", "contact_name", "contact_organisation"], practice!.Answers.Select(a => a.QuestionId).Order());
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

        Assert.Equal("Willkommen zurück! Sie haben vor 3 Tagen bei Frage 3 (Über Sie) aufgehört. Noch offen: 29 Fragen.", replies[0].Text);
        Assert.Equal("contact_email", replies.AskedQuestion());
        replies = await later.SendAsync("jana@berlin.de");
        Assert.StartsWith("Notiert", replies[0].Text);
        var practice = await Host.PracticeOfAsync("webchat", "user-1");
        Assert.Equal(draft!.Id, practice!.Id);
        Assert.Equal(3, practice.Answers.Count);
    }

    [Fact]
    public async Task Welcome_back_is_in_the_contributors_language_with_Humanizer()
    {
        var first = Driver("fr-FR", conversation: "one");
        await first.StartAsync();
        await first.SendAsync("Claire Martin");
        Clock.Advance(TimeSpan.FromDays(1));

        var replies = await Driver("fr-FR", conversation: "two").SendAsync("bonjour");

        Assert.Contains("(hier)", replies[0].Text);
        Assert.Contains("Il reste 30 questions.", replies[0].Text);
        Assert.Equal("contact_organisation", replies.AskedQuestion());
    }

    [Fact]
    public async Task A_Teams_contributor_writing_again_days_later_in_the_same_chat_is_welcomed_back_first()
    {
        var chat = Driver("sv-SE", channel: "msteams", conversation: "a:personal-chat", user: "29:anna");
        await chat.StartAsync();
        var first = await chat.SendAsync("Anna Svensson");
        Assert.True(first[0].Text.StartsWith("Noterat", StringComparison.Ordinal), first.AllText());
        Clock.Advance(TimeSpan.FromDays(2));

        var replies = await chat.SendAsync("hej igen");

        Assert.Equal("Välkommen tillbaka! Du pausade för 2 dagar sedan vid fråga 2 (Om dig). 30 frågor kvar.", replies[0].Text);
        Assert.Equal("contact_organisation", replies.AskedQuestion());
        Assert.Single((await Host.PracticeOfAsync("msteams", "29:anna"))!.Answers);

        Clock.Advance(TimeSpan.FromDays(1));
        replies = await chat.SendAsync("sammanfattning");
        Assert.StartsWith("Välkommen tillbaka! Du pausade igår", replies[0].Text);
        Assert.StartsWith(Texts.Get(BotMessageKeys.SummaryTitle, "sv"), replies[1].Text);
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
        Assert.Equal("Noted: ACME", replies[0].Text);
        Assert.Equal(2, (await Host.PracticeOfAsync("webchat", "user-1"))!.Answers.Count);
    }

    [Fact]
    public async Task The_storage_refuses_a_write_from_an_old_copy()
    {
        var storage = Host.Services.GetRequiredService<IStorage>();
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new ContributorProfile { Language = "en" } });
        var a = (ContributorProfile)(await storage.ReadAsync(["k"]))["k"];
        var b = (ContributorProfile)(await storage.ReadAsync(["k"]))["k"];
        Assert.NotNull(a.ETag);

        a.Language = "fr";
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = a });
        b.Language = "de";
        await Assert.ThrowsAsync<ChatStateConflictException>(() => storage.WriteAsync(new Dictionary<string, object> { ["k"] = b }));

        b.ETag = "*";
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = b });
        Assert.Equal("de", ((ContributorProfile)(await storage.ReadAsync(["k"]))["k"]).Language);
        await storage.DeleteAsync(["k"]);
        Assert.Empty(await storage.ReadAsync(["k"]));
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
