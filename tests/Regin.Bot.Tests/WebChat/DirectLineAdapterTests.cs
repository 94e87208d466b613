using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Bot.DirectLine;
using Regin.Core.Persistence;

namespace Regin.Bot.Tests.WebChat;

/// <summary>The in-process adapter: the bot's pipeline as on /api/messages, and proactive messages into the transcript.</summary>
public sealed class DirectLineAdapterTests : IClassFixture<ReginApplication>
{
    private const string Secret = "dl-adapter-secret-3f9a0d27c61e84b5";
    private readonly WebApplicationFactory<Program> _host;

    public DirectLineAdapterTests(ReginApplication app) =>
        _host = app.WithWebHostBuilder(builder => builder.UseSetting("DirectLine:Secret", Secret));

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
}
