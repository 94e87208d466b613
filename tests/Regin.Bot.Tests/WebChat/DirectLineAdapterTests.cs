using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Regin.Bot.Chat.Hosting;
using Regin.Bot.DirectLine;
using Regin.Core.Persistence;

namespace Regin.Bot.Tests.WebChat;

/// <summary>The in-process adapter: the bot's pipeline as on /api/messages, and proactive messages into the transcript.</summary>
public sealed class DirectLineAdapterTests : IClassFixture<ReginApplication>
{
    private const string Secret = "dl-adapter-secret-3f9a0d27c61e84b5";
    private readonly WebApplicationFactory<Program> _host;

    public DirectLineAdapterTests(ReginApplication app) =>
        _host = app.ClassHost("DirectLineAdapterTests", builder => builder.UseSetting("DirectLine:Secret", Secret));

    [Fact]
    public async Task A_proactive_message_reaches_the_conversation_transcript()
    {
        var client = await DirectLineClient.StartAsync(_host.CreateClient(), Secret, "user-proactive", "en-US");
        await client.PollAsync();
        var adapter = _host.Services.GetRequiredService<DirectLineBotAdapter>();
        var reference = new ConversationReference
        {
            ChannelId = DirectLineBotAdapter.ChannelId,
            ServiceUrl = DirectLineBotAdapter.ServiceUrl,
            Conversation = new ConversationAccount(id: client.ConversationId),
            User = new ChannelAccount("user-proactive", role: RoleTypes.User),
            Bot = DirectLineBotAdapter.BotAccount,
        };

        await adapter.ContinueConversationAsync("regin-bot", reference, (turn, ct) => turn.SendActivityAsync(MessageFactory.Text("A reminder from REGIN"), ct), CancellationToken.None);

        var activities = await client.PollAsync();
        var reminder = Assert.Single(activities);
        Assert.Equal("A reminder from REGIN", reminder!["text"]!.GetValue<string>());
        Assert.Equal("bot", reminder["from"]!["role"]!.GetValue<string>());
        Assert.StartsWith(client.ConversationId + "|", reminder["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Each_web_chat_message_is_kept_as_received_before_it_is_processed()
    {
        var client = await DirectLineClient.StartAsync(_host.CreateClient(), Secret, "user-raw", "en-US");
        await client.PostAsync(DirectLineClient.Message("Raw Input Person", "user-raw"));

        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var raw = await db.RawInputs.AsNoTracking().Where(r => r.ConversationId == client.ConversationId).ToListAsync();

        var input = Assert.Single(raw);
        Assert.Equal("webchat", input.Channel);
        Assert.Contains("Raw Input Person", System.Text.Encoding.UTF8.GetString(input.Content), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_whose_turn_fails_stays_in_the_transcript_before_the_apology()
    {
        // The posted message joins the transcript inside its turn's unit of work: a failed turn rolls that back, and the
        // message is stored again on its own, before the apology, with the id the post answered.
        var host = _host.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.Replace(ServiceDescriptor.Singleton<IBot>(sp => new FailingOn("Break this turn", sp.GetRequiredService<ReginBot>())))));
        var client = await DirectLineClient.StartAsync(host.CreateClient(), Secret, "user-failing-turn", "en-US");
        var greeting = await client.PollAsync();

        var id = await client.PostAsync(DirectLineClient.Message("Break this turn", "user-failing-turn"));

        var after = await client.PollAsync();
        Assert.Equal(2, after.Count);
        Assert.Equal(id, after[0]!["id"]!.GetValue<string>());
        Assert.Equal("Break this turn", after[0]!["text"]!.GetValue<string>());
        Assert.Equal("user", after[0]!["from"]!["role"]!.GetValue<string>());
        Assert.Equal("bot", after[1]!["from"]!["role"]!.GetValue<string>());
        Assert.Equal($"{client.ConversationId}|{greeting.Count + 1:D7}", id);

        // The next message is answered as usual, after the failed one.
        var next = await client.PostAsync(DirectLineClient.Message("Ann Other", "user-failing-turn"));
        var answered = await client.PollAsync();
        Assert.Equal(next, answered[0]!["id"]!.GetValue<string>());
        Assert.Contains(answered, a => a!["from"]!["role"]!.GetValue<string>() == "bot" && (a["text"]?.GetValue<string>() ?? "").Contains("Ann Other", StringComparison.Ordinal));
    }

    /// <summary>The bot, except that one text makes its turn throw after the bot has done its work.</summary>
    private sealed class FailingOn(string text, IBot bot) : IBot
    {
        public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
        {
            await bot.OnTurnAsync(turnContext, cancellationToken);
            if (turnContext.Activity.Text == text)
            {
                throw new InvalidOperationException("The turn failed (test).");
            }
        }
    }
}
