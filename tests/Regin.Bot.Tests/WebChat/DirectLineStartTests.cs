using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Regin.Bot.Chat.Hosting;
using Regin.Bot.DirectLine;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Tests.WebChat;

/// <summary>
/// A web chat's start is one unit of work: the conversation's row, the bot's state and the greeting are stored in one
/// transaction with the welcome turn (one place in SQLite's writer queue, as a turn takes), not the conversation first and
/// the turn after it; a start of the same token at the same instant makes no second conversation or greeting; a welcome
/// turn that fails leaves the conversation standing, with the apology.
/// </summary>
public sealed partial class DirectLineStartTests : IClassFixture<ReginApplication>
{
    private const string Secret = "dl-start-secret-0b7e4c19d2a85f36e1";
    private readonly ReginApplication _app;
    private readonly WebApplicationFactory<Program> _host;

    public DirectLineStartTests(ReginApplication app)
    {
        _app = app;
        _host = app.ClassHost("DirectLineStartTests", builder => builder.UseSetting("DirectLine:Secret", Secret));
    }

    [Fact]
    public async Task A_start_reads_no_last_position_of_its_new_transcript_and_the_first_answer_follows_the_greeting()
    {
        var http = _host.CreateClient();
        await DirectLineClient.StartAsync(http, Secret, "user-before-positions", "en-US");
        var store = _host.Services.GetRequiredService<DirectLineStore>();
        var before = store.LastPositionReads;

        var client = await DirectLineClient.StartAsync(http, Secret, "user-positions", "en-US");

        // The conversation was made in the welcome turn: its transcript is empty, its greeting takes positions 1, 2 ...
        Assert.Equal(before, store.LastPositionReads);
        var greeting = await client.PollAsync();
        Assert.NotEmpty(greeting);
        Assert.Equal(Enumerable.Range(1, greeting.Count).Select(i => $"{client.ConversationId}|{i:D7}"), greeting.Select(a => a!["id"]!.GetValue<string>()));
        // The first answer's turn reads the last position (another host's turn may have added to it), once.
        var posted = await client.PostAsync(DirectLineClient.Message("Position Person", "user-positions"));
        Assert.Equal($"{client.ConversationId}|{greeting.Count + 1:D7}", posted);
        Assert.Equal(before + 1, store.LastPositionReads);
        var replies = await client.PollAsync();
        Assert.Equal(posted, replies[0]!["id"]!.GetValue<string>());
        Assert.Equal("contact_organisation", DirectLineClient.QuestionOf(replies));
    }

    [Fact]
    public async Task A_start_stores_the_conversation_its_state_and_greeting_in_one_transaction()
    {
        var http = _host.CreateClient();
        // The host is started (and migrated) before the count begins.
        await DirectLineClient.StartAsync(http, Secret, "user-before", "en-US");
        using var writes = new WriteCounter(_app.DatabasePath);

        var client = await DirectLineClient.StartAsync(http, Secret, "user-one-unit", "de-DE");

        Assert.Equal(1, writes.Count);
        var greeting = await client.PollAsync();
        Assert.StartsWith("Guten Tag", DirectLineClient.BotTexts(greeting).First());
        Assert.Equal("contact_name", DirectLineClient.QuestionOf(greeting));
        var conversation = await WithDbAsync(db => db.Set<DirectLineConversation>().AsNoTracking().SingleAsync(c => c.Id == client.ConversationId));
        Assert.Equal("user-one-unit", conversation.UserId);
        Assert.Equal("de-DE", conversation.Locale);
        // The conversation's state (its progress and its owner), stored with it.
        Assert.Equal(2, await WithDbAsync(db => db.Set<ChatStateItem>().CountAsync(s => s.Key.Contains(client.ConversationId))));

        // The counter sees a conversation stored on its own (as every start did before): a write of its own.
        await _host.Services.GetRequiredService<DirectLineStore>().CreateAsync(DirectLineApi.NewConversationId(), "user-alone", "", CancellationToken.None);
        Assert.Equal(2, writes.Count);
    }

    [Fact]
    public Task Two_starts_of_one_token_at_the_same_instant_make_one_conversation_and_one_greeting() =>
        StartsOfOneTokenAtOnceMakeOneConversationAsync(_host);

    /// <summary>Four starts of one token at the same instant: one is created, three find it, one greeting (both providers).</summary>
    internal static async Task StartsOfOneTokenAtOnceMakeOneConversationAsync(WebApplicationFactory<Program> host)
    {
        var http = host.CreateClient();
        var issued = (await (await http.PostAsync("/webchat/token", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        var token = issued["token"]!.GetValue<string>();
        var conversationId = issued["conversationId"]!.GetValue<string>();
        var client = new DirectLineClient(http);

        var starts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            client.SendAsync(HttpMethod.Post, "/conversations", token, new JsonObject { ["locale"] = "it-IT" })));

        Assert.Single(starts, s => s.StatusCode == HttpStatusCode.Created);
        Assert.Equal(3, starts.Count(s => s.StatusCode == HttpStatusCode.OK));
        foreach (var start in starts)
        {
            Assert.Equal(conversationId, (await start.Content.ReadFromJsonAsync<JsonObject>())!["conversationId"]!.GetValue<string>());
        }
        var activities = await DirectLineClient.Resume(http, conversationId, token).PollAsync();
        Assert.Single(activities, a => a!["channelData"]?["questionId"] is not null);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        Assert.Equal(1, await db.Set<DirectLineConversation>().CountAsync(c => c.Id == conversationId));
    }

    [Fact]
    public async Task A_start_whose_welcome_turn_fails_stands_with_the_apology_and_the_chat_goes_on()
    {
        var host = _host.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.Replace(ServiceDescriptor.Singleton<IBot>(sp => new FailingWelcome(sp.GetRequiredService<ReginBot>())))));
        var http = host.CreateClient();

        var client = await DirectLineClient.StartAsync(http, Secret, "user-failed-welcome", "en-US");

        var apology = Assert.Single(await client.PollAsync());
        Assert.Equal("bot", apology!["from"]!["role"]!.GetValue<string>());
        Assert.Equal($"{client.ConversationId}|0000001", apology["id"]!.GetValue<string>());
        Assert.Equal(1, await WithDbAsync(db => db.Set<DirectLineConversation>().CountAsync(c => c.Id == client.ConversationId)));
        // Nothing of the failed welcome turn stayed (its state), and the next message is answered from the start.
        Assert.Equal(0, await WithDbAsync(db => db.Set<ChatStateItem>().CountAsync(s => s.Key.Contains(client.ConversationId))));
        await client.PostAsync(DirectLineClient.Message("Ann Other", "user-failed-welcome"));
        var answered = await client.PollAsync();
        Assert.Contains(answered, a => a!["from"]!["role"]!.GetValue<string>() == "bot");
    }

    private async Task<T> WithDbAsync<T>(Func<ReginDbContext, Task<T>> read)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<ReginDbContext>());
    }

    /// <summary>The bot, except that its welcome turns throw after the bot has done their work.</summary>
    private sealed class FailingWelcome(IBot bot) : IBot
    {
        public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
        {
            await bot.OnTurnAsync(turnContext, cancellationToken);
            if (turnContext.Activity.Type == ActivityTypes.ConversationUpdate)
            {
                throw new InvalidOperationException("The welcome turn failed (test).");
            }
        }
    }

    /// <summary>
    /// Counts the writes EF Core makes to one database file while alive (its DiagnosticListener events): each committed
    /// transaction, and each writing statement run outside one (SQLite commits it on its own), is one place in the writer queue.
    /// </summary>
    private sealed partial class WriteCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _file;
        private readonly IDisposable _all;
        private readonly ConcurrentBag<IDisposable> _subscriptions = [];
        private int _count;

        public WriteCounter(string file)
        {
            _file = file;
            _all = DiagnosticListener.AllListeners.Subscribe(this);
            // A kept SQLite turn commits without EF Core (SqliteTurnTransaction): its commits are counted too.
            Regin.Core.Persistence.Sqlite.SqliteTurnTransaction.Committed += OnOwnCommit;
        }

        private void OnOwnCommit(System.Data.Common.DbConnection connection)
        {
            if (connection.ConnectionString.Contains(_file, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }
        }

        public int Count => Volatile.Read(ref _count);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.TransactionCommitted.Name && value.Value is TransactionEndEventData data
                && data.Context?.Database.GetConnectionString()?.Contains(_file, StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref _count);
            }
            else if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData command
                && command.Command.Transaction is null && command.Command.Connection?.ConnectionString.Contains(_file, StringComparison.Ordinal) == true
                && WritingStatement().IsMatch(command.Command.CommandText))
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void OnCompleted()
        {
        }

        [System.Text.RegularExpressions.GeneratedRegex(@"\b(INSERT|UPDATE|DELETE|REPLACE)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
        private static partial System.Text.RegularExpressions.Regex WritingStatement();

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            Regin.Core.Persistence.Sqlite.SqliteTurnTransaction.Committed -= OnOwnCommit;
            _all.Dispose();
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }
        }
    }
}
