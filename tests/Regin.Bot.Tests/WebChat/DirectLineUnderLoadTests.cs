using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Regin.Core.Persistence;

namespace Regin.Bot.Tests.WebChat;

/// <summary>
/// The real host on Kestrel under many web chats at once, as <c>tests/speed.sh webchat</c> drives it: starts, posts,
/// WebSocket streams, polls and health checks together, so chat turns overlap each other and the requests that are not
/// turns. On SQLite the host keeps only two connections for turns here (<see cref="KeptConnections"/>), so some turns
/// find them all lent and run on their context's own connection while others borrow one: a pooled context must come
/// back from either kind of turn (and from any other request) fit for the next.
/// </summary>
public class DirectLineLoadHost : BotTestHost
{
    public const string Secret = "dl-load-secret-3e8a-51c07d9b2f64";

    /// <summary>Connections kept for turns: fewer than the turns that run at once.</summary>
    public const int KeptForTurns = 2;

    public DirectLineLoadHost()
        : base(kestrel: true)
    {
        StartServer();
    }

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("DirectLine:Secret", Secret);
        builder.UseSetting("DirectLine:StartsPerMinute", "10000");
        builder.UseSetting("Hosting:RequestsPerMinute", "1000000");
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton(sp =>
            new KeptConnections(sp.GetRequiredService<ReginDatabaseProvider>()) { Capacity = KeptForTurns })));
    }
}

public sealed class PostgreSqlDirectLineLoadHost : DirectLineLoadHost
{
    public override string Provider => TestProviders.PostgreSql;
}

public abstract class DirectLineUnderLoadTests<THost>(THost host) : IClassFixture<THost>
    where THost : DirectLineLoadHost
{
    private const int Chats = 16;

    /// <summary>What each chat types, and the question each answer's reply asks next.</summary>
    private static readonly (string Text, string Next)[] Script =
    [
        ("Jo Bloggs", "contact_organisation"),
        ("Bloggs County Council", "contact_email"),
        ("jo@example.org", "contact_phone"),
    ];

    [Fact]
    public async Task Many_web_chats_at_once_streaming_and_polling_all_get_every_reply_and_no_turn_fails()
    {
        using var http = host.CreateHttpClient();
        using var done = new CancellationTokenSource();
        // Requests that are not turns, all along: health checks and reconnects.
        var probes = Task.Run(async () =>
        {
            var checks = 0;
            while (!done.IsCancellationRequested)
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), CancellationToken.None);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                checks++;
            }
            return checks;
        });
        Task chats;
        try
        {
            chats = Task.WhenAll(Enumerable.Range(0, Chats).Select(i => Task.Run(() => ChatAsync(http, i, streaming: i % 2 == 0))));
            await chats.WaitAsync(TimeSpan.FromMinutes(3));
        }
        finally
        {
            await done.CancelAsync();
        }
        Assert.True(await probes > 0);

        if (host.Provider == TestProviders.Sqlite)
        {
            // The turns did run on the kept connections (and their compiled statements), not only around them.
            var kept = host.Services.GetRequiredService<KeptConnections>();
            var connection = kept.Rent();
            Assert.NotNull(connection);
            try
            {
                Assert.True(StatementCache.Of(connection)!.Reused > 0, "no turn reused a statement compiled on a kept connection");
            }
            finally
            {
                kept.Return(connection);
            }
            Assert.Equal(0, kept.Refused);
        }
    }

    private static async Task ChatAsync(HttpClient http, int i, bool streaming)
    {
        var user = $"user-load-{i}";
        using var request = new HttpRequestMessage(HttpMethod.Post, DirectLineClient.Base + "/conversations")
        {
            Content = JsonContent.Create(new JsonObject { ["user"] = new JsonObject { ["id"] = user }, ["locale"] = "en-US" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DirectLineLoadHost.Secret);
        using var started = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var body = (await started.Content.ReadFromJsonAsync<JsonObject>())!;
        var client = DirectLineClient.Resume(http, body["conversationId"]!.GetValue<string>(), body["token"]!.GetValue<string>());
        await using var stream = streaming ? await StreamClient.ConnectAsync(body["streamUrl"]!.GetValue<string>()) : null;

        var received = new List<JsonObject>();
        received.AddRange(await RepliesAsync(client, stream));
        Assert.True(QuestionOf(received) == "contact_name", $"chat {i}: the greeting asked {QuestionOf(received) ?? "nothing"}: {Texts(received)}");
        foreach (var (text, next) in Script)
        {
            await client.PostAsync(DirectLineClient.Message(text, user));
            var replies = await RepliesAsync(client, stream);
            Assert.True(QuestionOf(replies) == next, $"chat {i}, after \"{text}\": asked {QuestionOf(replies) ?? "nothing"} (not {next}): {Texts(replies)}");
            received.AddRange(replies);
        }
        // Nothing lost, nothing twice: the transcript holds 1, 2, 3 ... in order, and the client saw all of it.
        var marks = received.Select(a => long.Parse(a["id"]!.GetValue<string>().Split('|')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, marks.Count).Select(m => (long)m), marks);
    }

    /// <summary>Activities (from the stream, or by polling) until one from the bot has come: one turn's, committed together.</summary>
    private static async Task<List<JsonObject>> RepliesAsync(DirectLineClient client, StreamClient? stream)
    {
        if (stream is not null)
        {
            return await stream.ReceiveUntilAsync(IsFromBot);
        }
        var received = new List<JsonObject>();
        using var deadline = new CancellationTokenSource(Eventually.Deadline);
        while (!received.Any(IsFromBot))
        {
            Assert.False(deadline.IsCancellationRequested, $"no reply by polling within {Eventually.Deadline}");
            var set = await client.PollAsync();
            received.AddRange(set.Select(a => a!.AsObject()));
            if (set.Count == 0)
            {
                // Polling, as Web Chat polls: again after a moment (the condition is the reply, with a deadline).
                await Task.Delay(20);
            }
        }
        return received;
    }

    private static bool IsFromBot(JsonObject activity) => activity["from"]?["role"]?.GetValue<string>() == "bot";

    private static string? QuestionOf(IEnumerable<JsonObject> activities) =>
        activities.LastOrDefault(a => a["channelData"]?["questionId"] is not null)?["channelData"]!["questionId"]!.GetValue<string>();

    private static string Texts(IEnumerable<JsonObject> activities) =>
        string.Join(" | ", activities.Select(a => a["text"]?.GetValue<string>() ?? a["type"]?.GetValue<string>() ?? ""));
}

public sealed class DirectLineUnderLoadTestsOnSqlite(DirectLineLoadHost host) : DirectLineUnderLoadTests<DirectLineLoadHost>(host);

public sealed class DirectLineUnderLoadTestsOnPostgreSql(PostgreSqlDirectLineLoadHost host) : DirectLineUnderLoadTests<PostgreSqlDirectLineLoadHost>(host);
