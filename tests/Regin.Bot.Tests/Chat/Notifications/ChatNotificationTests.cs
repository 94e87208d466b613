using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;
using Regin.Bot.Chat.Notifications;
using Regin.Bot.Tests.WebChat;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;

namespace Regin.Bot.Tests.Chat.Notifications;

/// <summary>A researcher's request for changes reaches the contributor's chat conversation as a proactive message.</summary>
/// <remarks>Run on both providers: <see cref="ChatNotificationTestsOnSqlite"/>, <see cref="ChatNotificationTestsOnPostgreSql"/>.</remarks>
public abstract class ChatNotificationTests<TApplication> : IClassFixture<TApplication>
    where TApplication : ReginApplication, new()
{
    private const string Secret = "notify-secret-8e41c07b2d95fa6310";
    private const string Researcher = "researcher@regin.test";
    private const string Request = "Per favore aggiunga il budget.";
    private readonly ReginApplication _app;

    protected ChatNotificationTests(TApplication app) => _app = app;

    private WebApplicationFactory<Program> Host(int pollSeconds, int maxAttempts = 5) => Host(_app, pollSeconds, maxAttempts);

    private static WebApplicationFactory<Program> Host(ReginApplication app, int pollSeconds, int maxAttempts = 5) => app.WithWebHostBuilder(builder =>
    {
        builder.UseSetting("DirectLine:Secret", Secret);
        builder.UseSetting("Chat:NotificationPollSeconds", pollSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Chat:NotificationMaxAttempts", maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
    });

    [Fact]
    public async Task A_request_for_changes_reaches_the_web_chat_conversation_once_in_the_contributors_language()
    {
        // A database of its own: the worker would otherwise also take the other tests' messages.
        await using var app = new TApplication();
        var host = Host(app, pollSeconds: 1);
        var (client, practiceId) = await SubmittedWebChatPracticeAsync(host, "user-notify-it", "it-IT", "Giulia Rossi");

        var notification = await RequestChangesAsync(host, practiceId);
        Assert.Equal("webchat", notification.Channel);

        // The worker (every second here) sends it; a second round finds nothing left to send.
        var sent = await WaitForStateAsync(host, notification.Id, ContributorNotificationStates.Sent);
        Assert.NotNull(sent.SentAt);
        Assert.Equal(1, sent.Attempts);
        Assert.Null(sent.Error);
        Assert.Equal(0, await host.Services.GetRequiredService<ChatNotificationDelivery>().DeliverPendingAsync());
        Assert.False(await host.Services.GetRequiredService<ChatNotificationDelivery>().DeliverAsync(notification.Id));

        var texts = DirectLineClient.BotTexts(await client.PollAsync()).ToList();
        var message = Assert.Single(texts, t => t.Contains(Request, StringComparison.Ordinal));
        Assert.StartsWith("Il team di REGIN ha esaminato la sua pratica", message, StringComparison.Ordinal);
        Assert.Contains(texts, t => t.StartsWith("Per modificare una risposta", StringComparison.Ordinal));

        // The contributor goes on in the same conversation: free text gets the guidance, "modifica 1" asks question 1.
        await client.PostAsync(DirectLineClient.Message("ok", "user-notify-it", locale: "it-IT"));
        Assert.Contains(DirectLineClient.BotTexts(await client.PollAsync()), t => t.StartsWith("Per modificare una risposta", StringComparison.Ordinal));
        await client.PostAsync(DirectLineClient.Message("modifica 1", "user-notify-it", locale: "it-IT"));
        Assert.Equal("contact_name", DirectLineClient.QuestionOf(await client.PollAsync()));
        await client.PostAsync(DirectLineClient.Message("Giulia Bianchi", "user-notify-it", locale: "it-IT"));
        await client.PollAsync();
        var name = await WithDbAsync(host, db => db.Answers.Where(a => a.PracticeId == practiceId && a.QuestionId == "contact_name").Select(a => a.ValueJson).SingleAsync());
        Assert.Contains("Giulia Bianchi", name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_without_a_conversation_to_send_to_fails_with_an_error()
    {
        var host = Host(pollSeconds: 0);
        var (_, practiceId) = await SubmittedWebChatPracticeAsync(host, "user-notify-none", "en-US", "Nobody Known");
        var id = await AddNotificationAsync(host, practiceId, "msteams", "29:unknown-user", "a:unknown-conversation");

        Assert.False(await host.Services.GetRequiredService<ChatNotificationDelivery>().DeliverAsync(id));

        var failed = await WithDbAsync(host, db => db.ContributorNotifications.SingleAsync(n => n.Id == id));
        Assert.Equal(ContributorNotificationStates.Failed, failed.State);
        Assert.Equal(1, failed.Attempts);
        Assert.Null(failed.SentAt);
        Assert.Contains("No conversation of 29:unknown-user on msteams", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_delivery_is_counted_retried_and_given_up_after_the_last_attempt()
    {
        var host = Host(pollSeconds: 0, maxAttempts: 2);
        var (_, practiceId) = await SubmittedWebChatPracticeAsync(host, "user-notify-teams", "en-US", "Teams Person");
        // A Teams conversation whose service cannot be reached (nothing listens on port 9).
        const string conversation = "a:teams-unreachable";
        await WithDbAsync(host, async db =>
        {
            var activity = new Activity(ActivityTypes.Message)
            {
                Id = "1", ChannelId = "msteams", ServiceUrl = "http://127.0.0.1:9/", Text = "hello",
                Conversation = new ConversationAccount(id: conversation), From = new ChannelAccount("29:teams-user"), Recipient = new ChannelAccount("28:bot"),
            };
            db.RawInputs.Add(new RawInput
            {
                Channel = "msteams", DedupKey = conversation + "|1", ConversationId = conversation, ContentType = "application/json",
                Content = Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(activity)), PracticeId = practiceId,
            });
            return await db.SaveChangesAsync();
        });
        var id = await AddNotificationAsync(host, practiceId, "msteams", "29:teams-user", conversation);
        var delivery = host.Services.GetRequiredService<ChatNotificationDelivery>();

        Assert.False(await delivery.DeliverAsync(id));
        var first = await WithDbAsync(host, db => db.ContributorNotifications.SingleAsync(n => n.Id == id));
        Assert.Equal(ContributorNotificationStates.Pending, first.State);
        Assert.Equal(1, first.Attempts);
        Assert.False(string.IsNullOrEmpty(first.Error));

        Assert.Equal(0, await delivery.DeliverPendingAsync());
        var last = await WithDbAsync(host, db => db.ContributorNotifications.SingleAsync(n => n.Id == id));
        Assert.Equal(ContributorNotificationStates.Failed, last.State);
        Assert.Equal(2, last.Attempts);
        Assert.Null(last.SentAt);

        // Failed for good: not tried again.
        Assert.False(await delivery.DeliverAsync(id));
        Assert.Equal(2, await WithDbAsync(host, db => db.ContributorNotifications.Where(n => n.Id == id).Select(n => n.Attempts).SingleAsync()));
    }

    /// <summary>A web chat conversation in which the contributor answered the first question; the practice is then set to submitted.</summary>
    private static async Task<(DirectLineClient Client, Guid PracticeId)> SubmittedWebChatPracticeAsync(WebApplicationFactory<Program> host, string userId, string locale, string name)
    {
        var client = await DirectLineClient.StartAsync(host.CreateClient(), Secret, userId, locale);
        await client.PostAsync(DirectLineClient.Message(name, userId, locale: locale));
        await client.PollAsync();
        var practiceId = await WithDbAsync(host, async db =>
        {
            var id = await db.ContributorIdentities.Where(i => i.Channel == "webchat" && i.ExternalId == userId).Select(i => i.PracticeId).SingleAsync();
            await db.Practices.Where(p => p.Id == id).ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, PracticeStatus.Submitted));
            return id;
        });
        return (client, practiceId);
    }

    private static async Task<ContributorNotification> RequestChangesAsync(WebApplicationFactory<Program> host, Guid practiceId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PracticeWorkflow>().RequestChangesAsync(practiceId, Request, Researcher, null);
    }

    private static Task<long> AddNotificationAsync(WebApplicationFactory<Program> host, Guid practiceId, string channel, string recipient, string conversationId) =>
        WithDbAsync(host, async db =>
        {
            var notification = new ContributorNotification
            {
                PracticeId = practiceId, Kind = "changes_requested", Channel = channel, Recipient = recipient, ConversationId = conversationId,
                Language = "en", PracticeReference = "REGIN-TEST", Message = "Please add the budget.", Text = "Please add the budget.",
                CreatedAt = DateTimeOffset.UtcNow, CreatedBy = Researcher,
            };
            db.ContributorNotifications.Add(notification);
            await db.SaveChangesAsync();
            return notification.Id;
        });

    private static async Task<ContributorNotification> WaitForStateAsync(WebApplicationFactory<Program> host, long id, string state)
    {
        var deadline = DateTime.UtcNow + Eventually.Deadline;
        while (true)
        {
            var notification = await WithDbAsync(host, db => db.ContributorNotifications.AsNoTracking().SingleAsync(n => n.Id == id));
            if (notification.State == state || DateTime.UtcNow > deadline)
            {
                Assert.True(notification.State == state, $"{notification.State} after {notification.Attempts} attempts: {notification.Error}");
                return notification;
            }
            await Task.Delay(200);
        }
    }

    private static async Task<T> WithDbAsync<T>(WebApplicationFactory<Program> host, Func<ReginDbContext, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ReginDbContext>());
    }
}

public sealed class ChatNotificationTestsOnSqlite(ReginApplication app) : ChatNotificationTests<ReginApplication>(app);

public sealed class ChatNotificationTestsOnPostgreSql(PostgreSqlReginApplication app) : ChatNotificationTests<PostgreSqlReginApplication>(app);
