using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Tests.WebChat;

/// <summary>
/// A web chat's start on PostgreSQL: the conversation's row and its chat state go with the turn's own statements (no
/// savepoint per row through SaveChanges), and the person's open draft is read with the chat state, in its round trip,
/// as an answer's turn reads it; starts of one token at once still make one conversation and one greeting.
/// </summary>
public sealed class DirectLineStartOnPostgreSqlTests : IClassFixture<PostgreSqlReginApplication>
{
    private const string Secret = "dl-start-pg-secret-5c1e9a0b7d3f24e6";
    private readonly WebApplicationFactory<Program> _host;

    public DirectLineStartOnPostgreSqlTests(PostgreSqlReginApplication app) =>
        _host = app.ClassHost("DirectLineStartOnPostgreSqlTests", builder => builder.UseSetting("DirectLine:Secret", Secret));

    [Fact]
    public async Task A_start_sends_its_conversation_and_state_with_the_turns_statements_and_reads_the_open_draft_with_the_state()
    {
        var http = _host.CreateClient();
        // The host is started (and migrated) before the statements are watched.
        await DirectLineClient.StartAsync(http, Secret, "pg-user-before", "en-US");
        // One round trip a statement or batch; this host's database only.
        using var recorder = new RoundTripRecorder(_host.Services.GetRequiredService<IConfiguration>().GetConnectionString("Regin")!);

        var client = await DirectLineClient.StartAsync(http, Secret, "pg-user-start", "fr-FR");

        var greeting = await client.PollAsync();
        Assert.Equal("contact_name", DirectLineClient.QuestionOf(greeting));
        var statements = recorder.Trips.Select(t => t.Text).ToList();
        Assert.DoesNotContain(statements, s => s.Contains("SAVEPOINT", StringComparison.Ordinal));
        // The chat state's read carries the conversation's INSERT ahead of it and the open draft's read after it.
        var read = Assert.Single(statements, s => s.Contains("FROM chat_state", StringComparison.Ordinal));
        Assert.Contains("INSERT INTO directline_conversations", read, StringComparison.Ordinal);
        Assert.Contains("contributor_identities", read, StringComparison.Ordinal);
        Assert.DoesNotContain(statements, s => s != read && s.Contains("contributor_identities", StringComparison.Ordinal));

        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var conversation = await db.Set<DirectLineConversation>().AsNoTracking().SingleAsync(c => c.Id == client.ConversationId);
        Assert.Equal("pg-user-start", conversation.UserId);
        Assert.Equal("fr-FR", conversation.Locale);
        Assert.Equal(2, await db.Set<ChatStateItem>().CountAsync(s => s.Key.Contains(client.ConversationId)));

        // A first answer continues it: the draft made, the next question asked.
        var posted = await client.PostAsync(DirectLineClient.Message("Personne Premiere", "pg-user-start"));
        Assert.NotNull(posted);
        var replies = await client.PollAsync();
        Assert.Equal("contact_organisation", DirectLineClient.QuestionOf(replies));
    }

    [Fact]
    public Task Two_starts_of_one_token_at_the_same_instant_make_one_conversation_and_one_greeting() =>
        DirectLineStartTests.StartsOfOneTokenAtOnceMakeOneConversationAsync(_host);
}
