using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Persistence;

namespace Regin.Bot.Tests.WebChat;

/// <summary>
/// A web chat's answer on PostgreSQL after the server ended every session of the database (a restart, a failover): the
/// turn (one that kept its state: its first statement goes with its COMMIT) that finds its kept session dead runs again
/// on a new one, and the client sees its answer's next question, not the apology. Its own database (a class of its own): ending every session would disturb the other classes' hosts.
/// </summary>
public sealed class DirectLineLostSessionTests : IClassFixture<PostgreSqlReginApplication>
{
    private const string Secret = "dl-lost-pg-secret-3b7e1c9a5d2f4086";
    private readonly WebApplicationFactory<Program> _host;

    public DirectLineLostSessionTests(PostgreSqlReginApplication app) =>
        _host = app.WithWebHostBuilder(builder => builder.UseSetting("DirectLine:Secret", Secret));

    [Fact]
    public async Task A_post_whose_session_the_server_ended_is_answered_with_the_next_question()
    {
        var http = _host.CreateClient();
        var client = await DirectLineClient.StartAsync(http, Secret, "pg-lost-user", "en-US");
        Assert.Equal("contact_name", DirectLineClient.QuestionOf(await client.PollAsync()));
        await client.PostAsync(DirectLineClient.Message("Jane Doe", "pg-lost-user"));
        Assert.Equal("contact_organisation", DirectLineClient.QuestionOf(await client.PollAsync()));

        var connectionString = _host.Services.GetRequiredService<IConfiguration>().GetConnectionString("Regin")!;
        Assert.True(await Regin.Testing.TestPostgres.EndSessionsAsync(connectionString) > 0);
        // A kept turn (TurnStateCache): its first statement goes with its COMMIT, so the dead session is found there; a new
        // session finds its message not stored (it did not commit), and it runs again from the database.
        Assert.NotNull(_host.Services.GetRequiredService<Regin.Bot.Chat.Storage.TurnStateCache>().Find(Regin.Bot.Chat.Storage.TurnStateCache.KeyOf("webchat", client.ConversationId)));

        var posted = await client.PostAsync(DirectLineClient.Message("Acme Regional Agency", "pg-lost-user"));

        var replies = await client.PollAsync();
        Assert.Equal(posted, replies[0]!["id"]!.GetValue<string>());
        Assert.Equal("contact_email", DirectLineClient.QuestionOf(replies));
        Assert.DoesNotContain(DirectLineClient.BotTexts(replies), t => t.Contains("sorry", StringComparison.OrdinalIgnoreCase));
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        Assert.Equal(2, await db.RawInputs.CountAsync(r => r.ConversationId == client.ConversationId));
        // The database's one practice (this class's own database).
        var answer = await db.Answers.SingleAsync(a => a.QuestionId == "contact_organisation");
        Assert.Equal("\"Acme Regional Agency\"", answer.ValueJson);
        var practiceId = answer.PracticeId;
        Assert.Equal(1, await db.PracticeEvents.CountAsync(e => e.PracticeId == practiceId && e.Kind == "answer_set" && e.QuestionId == "contact_organisation"));
    }
}
