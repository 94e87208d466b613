using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Bot.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Bot.DirectLine;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Tests.WebChat;

/// <summary>
/// A token's post to a conversation that is not its user's any more (erased: the conversation got a new user) or that does
/// not exist is refused, 403 or 404 as a lookup before the turn answered it, and nothing of it is kept: no raw input, no
/// transcript row (no message, no apology), no chat state; the turn does not run again. Where the turn checks the
/// conversation itself (<see cref="DirectLineStore.ChecksOwnerInTurn"/>), the refusal comes from that check. Run on both
/// providers: <see cref="DirectLineRefusalTestsOnSqlite"/>, <see cref="DirectLineRefusalTestsOnPostgreSql"/>.
/// </summary>
public abstract class DirectLineRefusalTests<TApplication> : IClassFixture<TApplication> where TApplication : ReginApplication
{
    private const string Secret = "dl-refusal-secret-3b7e1d9a5c2f4086";
    private readonly WebApplicationFactory<Program> _host;
    private readonly RunCounter _runs = new();

    protected DirectLineRefusalTests(TApplication app)
    {
        _host = app.ClassHost("DirectLineRefusalTests", builder => builder.UseSetting("DirectLine:Secret", Secret));
        _host.Services.GetRequiredService<DirectLineBotAdapter>().Use(_runs);
    }

    [Fact]
    public async Task A_post_to_an_erased_conversation_is_403_and_nothing_of_it_is_kept()
    {
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "refused-erased-user", "en-US");
        await client.PollAsync();
        await client.PostAsync(DirectLineClient.Message("Jane Doe", "refused-erased-user"));
        Assert.Equal("contact_organisation", DirectLineClient.QuestionOf(await client.PollAsync()));
        // As the erasure does: the conversation gets a new user, so the old user's token opens it no more.
        var fresh = DirectLineApi.NewUserId();
        await WithDbAsync(db => db.Set<DirectLineConversation>().Where(c => c.Id == client.ConversationId).ExecuteUpdateAsync(u => u.SetProperty(c => c.UserId, fresh)));
        var before = await KeptAsync(client.ConversationId);
        var runs = _runs.Runs;

        var message = await client.SendAsync(HttpMethod.Post, $"/conversations/{client.ConversationId}/activities", client.Token,
            DirectLineClient.Message("Acme Regional Agency", "refused-erased-user"));
        var typing = await client.SendAsync(HttpMethod.Post, $"/conversations/{client.ConversationId}/activities", client.Token,
            new System.Text.Json.Nodes.JsonObject { ["type"] = "typing", ["from"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "refused-erased-user" } });

        Assert.Equal(HttpStatusCode.Forbidden, message.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, typing.StatusCode);
        Assert.Equal(before, await KeptAsync(client.ConversationId));
        // Each refused post ran its turn at most once (none where it was refused before its turn).
        Assert.InRange(_runs.Runs - runs, 0, 2);

        // The conversation's new user goes on where it stood: the refused turns left no lock and nothing waiting behind.
        var theirs = DirectLineClient.Resume(http, client.ConversationId, _host.Services.GetRequiredService<DirectLineTokens>().Issue(client.ConversationId, fresh));
        await theirs.PollAsync();
        await theirs.PostAsync(DirectLineClient.Message("Acme Regional Agency", fresh));
        var replies = await theirs.PollAsync();
        Assert.DoesNotContain(DirectLineClient.BotTexts(replies), t => t.Contains("sorry", StringComparison.OrdinalIgnoreCase));
        var after = await KeptAsync(client.ConversationId);
        Assert.Equal(before.RawInputs + 1, after.RawInputs);
        Assert.True(after.Activities > before.Activities);
    }

    [Fact]
    public async Task A_post_with_a_token_for_a_conversation_that_does_not_exist_is_404_and_nothing_of_it_is_kept()
    {
        var http = _host.CreateClient();
        var conversationId = DirectLineApi.NewConversationId();
        var user = DirectLineApi.NewUserId();
        var client = DirectLineClient.Resume(http, conversationId, _host.Services.GetRequiredService<DirectLineTokens>().Issue(conversationId, user));
        var runs = _runs.Runs;

        var message = await client.SendAsync(HttpMethod.Post, $"/conversations/{conversationId}/activities", client.Token, DirectLineClient.Message("Hello", user));
        var typing = await client.SendAsync(HttpMethod.Post, $"/conversations/{conversationId}/activities", client.Token,
            new System.Text.Json.Nodes.JsonObject { ["type"] = "typing", ["from"] = new System.Text.Json.Nodes.JsonObject { ["id"] = user } });

        Assert.Equal(HttpStatusCode.NotFound, message.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, typing.StatusCode);
        Assert.Equal(new Kept(0, 0, []), await KeptAsync(conversationId));
        Assert.Equal(0, await WithDbAsync(db => db.Set<ChatStateItem>().CountAsync(s => s.Key.Contains(user))));
        Assert.InRange(_runs.Runs - runs, 0, 2);
    }

    [Fact]
    public async Task A_turn_that_runs_no_statement_still_checks_the_conversation_before_its_commit()
    {
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "refused-silent-user", "en-US");
        await client.PollAsync();
        await client.PostAsync(DirectLineClient.Message("Jane Doe", "refused-silent-user"));
        await client.PollAsync();
        var adapter = _host.Services.GetRequiredService<DirectLineBotAdapter>();
        var silent = new SilentBot();

        // A bot that reads and writes nothing: on PostgreSQL the turn's check waits for a statement that never comes.
        var kept = await PostAsync(adapter, silent, client.ConversationId, "refused-silent-user", "stored");
        Assert.NotNull(kept);
        Assert.Contains(await client.PollAsync(), a => a?["text"]?.GetValue<string>() == "stored");
        await WithDbAsync(db => db.Set<DirectLineConversation>().Where(c => c.Id == client.ConversationId).ExecuteUpdateAsync(u => u.SetProperty(c => c.UserId, DirectLineApi.NewUserId())));
        var before = await KeptAsync(client.ConversationId);

        var refused = await PostAsync(adapter, silent, client.ConversationId, "refused-silent-user", "refused");

        Assert.Null(refused);
        Assert.Equal(before, await KeptAsync(client.ConversationId));
    }

    [Fact]
    public async Task A_turn_that_fails_before_its_check_keeps_the_contributors_message_and_nothing_of_a_strangers()
    {
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "failing-owner-user", "en-US");
        await client.PollAsync();
        await client.PostAsync(DirectLineClient.Message("Jane Doe", "failing-owner-user"));
        await client.PollAsync();
        var adapter = _host.Services.GetRequiredService<DirectLineBotAdapter>();
        var failing = new FailingBot();

        // The conversation's own user: the turn fails before any statement (on PostgreSQL its check still waits for
        // one), and the message is kept all the same, in the raw inputs and in the transcript, with an apology.
        var before = await KeptAsync(client.ConversationId);
        Assert.NotNull(await PostAsync(adapter, failing, client.ConversationId, "failing-owner-user", "the contributor's words"));
        var after = await KeptAsync(client.ConversationId);
        Assert.Equal(before.RawInputs + 1, after.RawInputs);
        var transcript = await client.PollAsync();
        Assert.Contains(transcript, a => a?["text"]?.GetValue<string>() == "the contributor's words");
        Assert.Contains(DirectLineClient.BotTexts(transcript), t => t.Contains("sorry", StringComparison.OrdinalIgnoreCase));

        // A stranger's token (any user's but this conversation's) posting there, the turn failing the same way: nothing
        // kept, no raw input, no transcript row, no apology said in the conversation.
        before = await KeptAsync(client.ConversationId);
        Assert.Null(await PostAsync(adapter, failing, client.ConversationId, "failing-stranger-user", "a stranger's words"));
        Assert.Equal(before, await KeptAsync(client.ConversationId));
    }

    /// <summary>A message posted as the token's user <paramref name="owner"/> (the API's way), its turn run by <paramref name="bot"/>.</summary>
    private static Task<string?> PostAsync(DirectLineBotAdapter adapter, IBot bot, string conversationId, string owner, string text)
    {
        var activity = new Microsoft.Bot.Schema.Activity(Microsoft.Bot.Schema.ActivityTypes.Message) { Text = text, Locale = "en-US" };
        DirectLineApi.Address(activity, conversationId, owner, DateTimeOffset.UtcNow);
        return adapter.ProcessPostedAsync(activity, bot, (_, id) =>
        {
            activity.Id = id;
            return Newtonsoft.Json.JsonConvert.SerializeObject(activity, DirectLineBotAdapter.JsonSettings);
        }, owner);
    }

    /// <summary>A bot whose turn fails before it reads or writes anything.</summary>
    private sealed class FailingBot : IBot
    {
        public Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The turn failed before its first statement.");
    }

    private sealed class SilentBot : IBot
    {
        public Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    /// <summary>What is kept of a conversation: its raw inputs, its transcript rows, its chat state's keys and versions.</summary>
    private sealed record Kept(int RawInputs, int Activities, string[] State)
    {
        public bool Equals(Kept? other) => other is not null && RawInputs == other.RawInputs && Activities == other.Activities && State.SequenceEqual(other.State);

        public override int GetHashCode() => HashCode.Combine(RawInputs, Activities, State.Length);
    }

    private Task<Kept> KeptAsync(string conversationId) => WithDbAsync(async db => new Kept(
        await db.RawInputs.CountAsync(r => r.ConversationId == conversationId),
        await db.Set<DirectLineActivity>().CountAsync(a => a.ConversationId == conversationId),
        (await db.Set<ChatStateItem>().Where(s => s.Key.Contains(conversationId)).Select(s => s.Key + "=" + s.ETag).ToListAsync()).Order(StringComparer.Ordinal).ToArray()));

    private async Task<T> WithDbAsync<T>(Func<ReginDbContext, Task<T>> work)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ReginDbContext>());
    }

    /// <summary>Last in the Direct Line's pipeline: counts the runs of posted turns that got past the check's start (a run again counts twice).</summary>
    private sealed class RunCounter : IMiddleware
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
        {
            if (turnContext.TurnState.Get<object>("Regin.DirectLine.Posted") is not null)
            {
                Interlocked.Increment(ref _runs);
            }
            await next(cancellationToken);
        }
    }
}

public sealed class DirectLineRefusalTestsOnSqlite(ReginApplication app) : DirectLineRefusalTests<ReginApplication>(app);

public sealed class DirectLineRefusalTestsOnPostgreSql(PostgreSqlReginApplication app) : DirectLineRefusalTests<PostgreSqlReginApplication>(app);
