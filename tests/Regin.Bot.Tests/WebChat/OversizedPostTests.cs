using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Persistence;

namespace Regin.Bot.Tests.WebChat;

/// <summary>
/// A web chat message over DirectLine:MaxRequestBytes (a long paste), up to the hard cap DirectLine:MaxOversizedRequestBytes:
/// the POST answers 200 with the message's id, the message comes back with its clientActivityID (Web Chat shows it sent)
/// and its text's head, the bot says in the user's language that it is too long and what to do, no answer is taken from
/// it, and the raw-input log keeps the body exactly as posted. Until session 29 it got a bare 413 ("Send failed"), and
/// the text was lost.
/// </summary>
public abstract class OversizedPostTests
{
    protected abstract string Secret { get; }

    /// <summary>How large a paste the tests post (past the host's own limit where it has one: Kestrel's 1 MB).</summary>
    protected virtual int PasteBytes => 300 * 1024;

    protected abstract HttpClient Client();

    protected abstract IServiceProvider Services { get; }

    [Fact]
    public async Task A_paste_over_the_limit_is_shown_sent_answered_as_too_long_in_the_users_language_and_kept_whole()
    {
        var http = Client();
        var user = "paste-" + Guid.NewGuid().ToString("N");
        var client = await DirectLineClient.StartAsync(http, Secret, user, "fr-FR");
        Assert.Equal("contact_name", DirectLineClient.QuestionOf(await client.PollAsync()));
        var sentence = "Les nouveaux arrivants ne savaient pas où trouver de l'aide ; la région a ouvert des guichets d'accueil. ";
        var text = new StringBuilder();
        // The bytes counted as they are added: measuring the whole text each time took 38 s for the 2 MB paste.
        var sentenceBytes = Encoding.UTF8.GetByteCount(sentence);
        for (var bytes = 0; bytes < PasteBytes; bytes += 2 * sentenceBytes)
        {
            text.Append(sentence, 0, sentence.Length).Append(sentence);
        }
        var paste = text.ToString();
        var body = Body(DirectLineClient.Message(paste, user, clientActivityId: "client-paste", locale: "fr-FR"));

        var (status, id) = await PostAsync(http, client, body);

        Assert.Equal(HttpStatusCode.OK, status);
        var activities = await client.PollAsync();
        var echo = activities[0]!;
        Assert.Equal(id, echo["id"]!.GetValue<string>());
        Assert.Equal("user", echo["from"]!["role"]!.GetValue<string>());
        Assert.Equal("client-paste", echo["channelData"]!["clientActivityID"]!.GetValue<string>());
        var shown = echo["text"]!.GetValue<string>();
        Assert.Equal(string.Concat(paste.AsSpan(0, Regin.Bot.Chat.Hosting.OversizedMessages.ShownCharacters), "…"), shown);
        var french = CultureInfo.GetCultureInfo("fr");
        var reply = Assert.Single(DirectLineClient.BotTexts(activities));
        Assert.StartsWith($"Votre message compte {paste.Length.ToString("N0", french)} caractères", reply, StringComparison.Ordinal);
        Assert.Contains($"au plus {5000.ToString("N0", french)} caractères", reply, StringComparison.Ordinal);
        Assert.Contains("par courriel à ", reply, StringComparison.Ordinal);

        // Kept as posted, once.
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
            var raw = await db.RawInputs.AsNoTracking().SingleAsync(r => r.ConversationId == client.ConversationId);
            Assert.Equal("webchat", raw.Channel);
            Assert.True(body.AsSpan().SequenceEqual(raw.Content), $"{raw.Content.Length} bytes kept of {body.Length}");
        }

        // Nothing taken from it: the next message answers the question still open.
        await client.PostAsync(DirectLineClient.Message("Jo Bloggs", user, locale: "fr-FR"));
        Assert.Equal("contact_organisation", DirectLineClient.QuestionOf(await client.PollAsync()));
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
            var answers = await db.Answers.AsNoTracking()
                .Where(a => db.ContributorIdentities.Any(i => i.PracticeId == a.PracticeId && i.Channel == "webchat" && i.ExternalId == user)).ToListAsync();
            Assert.Equal("\"Jo Bloggs\"", Assert.Single(answers).ValueJson);
            Assert.Equal(2, await db.RawInputs.CountAsync(r => r.ConversationId == client.ConversationId));
        }
    }

    [Fact]
    public async Task An_oversized_typing_activity_is_413_and_nothing_is_kept()
    {
        var http = Client();
        var client = await DirectLineClient.StartAsync(http, Secret, "typing-" + Guid.NewGuid().ToString("N"), "en-GB");
        await client.PollAsync();
        var typing = new JsonObject { ["type"] = "typing", ["from"] = new JsonObject { ["id"] = "x", ["role"] = "user" }, ["channelData"] = new JsonObject { ["pad"] = new string('p', PasteBytes) } };

        var (status, _) = await PostAsync(http, client, Body(typing));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Empty(await client.PollAsync());
    }

    /// <summary>The activity as unescaped UTF-8, as a browser posts it.</summary>
    internal static byte[] Body(JsonObject activity) => Encoding.UTF8.GetBytes(activity.ToJsonString(new System.Text.Json.JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }));

    internal static async Task<(HttpStatusCode Status, string? Id)> PostAsync(HttpClient http, DirectLineClient client, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{DirectLineClient.Base}/conversations/{client.ConversationId}/activities")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") { CharSet = "utf-8" } } },
        };
        request.Headers.Authorization = new("Bearer", client.Token);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>() : null);
    }
}

/// <summary>On SQLite, in memory (TestServer).</summary>
public sealed class OversizedPostOnSqliteTests : OversizedPostTests, IClassFixture<ReginApplication>
{
    private const string TheSecret = "dl-oversized-secret-3b7e-91c4d2a6f05e";
    private readonly WebApplicationFactory<Program> _host;

    public OversizedPostOnSqliteTests(ReginApplication app) =>
        _host = app.ClassHost("OversizedPost", builder => builder.UseSetting("DirectLine:Secret", TheSecret));

    protected override string Secret => TheSecret;

    protected override HttpClient Client() => _host.CreateClient();

    protected override IServiceProvider Services => _host.Services;

    [Fact]
    public async Task A_body_over_the_hard_cap_is_413_unread_and_nothing_is_kept()
    {
        var host = _host.WithWebHostBuilder(builder => builder.UseSetting("DirectLine:MaxOversizedRequestBytes", (128 * 1024).ToString(CultureInfo.InvariantCulture)));
        var http = host.CreateClient();
        var user = "capped-" + Guid.NewGuid().ToString("N");
        var client = await DirectLineClient.StartAsync(http, TheSecret, user, "en-GB");
        await client.PollAsync();

        var (status, _) = await PostAsync(http, client, Body(DirectLineClient.Message(new string('x', 200 * 1024), user)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Empty(await client.PollAsync());
        await using var scope = host.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<ReginDbContext>().RawInputs.CountAsync(r => r.ConversationId == client.ConversationId));
    }
}

/// <summary>On PostgreSQL (the raw input goes with the turn's COMMIT there).</summary>
public sealed class OversizedPostOnPostgreSqlTests : OversizedPostTests, IClassFixture<PostgreSqlReginApplication>
{
    private const string TheSecret = "dl-oversized-pg-secret-8c2d-5f1a9e37b064";
    private readonly WebApplicationFactory<Program> _host;

    public OversizedPostOnPostgreSqlTests(PostgreSqlReginApplication app) =>
        _host = app.ClassHost("OversizedPost", builder => builder.UseSetting("DirectLine:Secret", TheSecret));

    protected override string Secret => TheSecret;

    protected override HttpClient Client() => _host.CreateClient();

    protected override IServiceProvider Services => _host.Services;
}

/// <summary>On Kestrel, whose own body limit (Hosting:MaxRequestBodyBytes, 1 MB) the Direct Line post raises to its cap.</summary>
public sealed class OversizedPostOnKestrelTests(DirectLineStreamHost host) : OversizedPostTests, IClassFixture<DirectLineStreamHost>
{
    protected override string Secret => DirectLineStreamHost.Secret;

    protected override int PasteBytes => 2 * 1024 * 1024;

    protected override HttpClient Client() => host.CreateHttpClient();

    protected override IServiceProvider Services => host.Services;
}

/// <summary>
/// POST /api/messages (the Bot Framework's channels) alike: a message over 256 kB, up to Chat:MaxMessageBytes, is answered
/// as too long in the contributor's language and kept whole; until session 29 it got a bare 413.
/// </summary>
public sealed class OversizedBotFrameworkMessageTests(ReginApplication app) : IClassFixture<ReginApplication>
{
    private static JsonObject Activity(string type, string conversation, string user, string? text, JsonObject? channelData = null) => new()
    {
        ["type"] = type,
        ["id"] = Guid.NewGuid().ToString("N"),
        ["channelId"] = "webchat",
        ["serviceUrl"] = "https://webchat.invalid/",
        ["deliveryMode"] = "expectReplies",
        ["locale"] = "de-DE",
        ["from"] = new JsonObject { ["id"] = user, ["role"] = "user" },
        ["recipient"] = new JsonObject { ["id"] = "regin-bot" },
        ["conversation"] = new JsonObject { ["id"] = conversation },
        ["text"] = text,
        ["channelData"] = channelData,
    };

    private async Task<HttpResponseMessage> PostAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") { CharSet = "utf-8" } } };
        return await app.CreateClient().PostAsync(new Uri("/api/messages", UriKind.Relative), content);
    }

    [Fact]
    public async Task A_message_over_256_kB_is_answered_as_too_long_in_the_contributors_language_and_kept_whole()
    {
        var conversation = "bf-paste-" + Guid.NewGuid().ToString("N");
        var user = "bf-paste-user-" + Guid.NewGuid().ToString("N");
        var paste = string.Concat(Enumerable.Repeat("Die Neuankömmlinge wussten nicht, wo sie Hilfe finden; die Region hat Anlaufstellen eröffnet. ", 4000));
        var body = OversizedPostTests.Body(Activity("message", conversation, user, paste));
        Assert.True(body.Length > 256 * 1024);

        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = (await response.Content.ReadFromJsonAsync<JsonObject>())!["activities"]!.AsArray();
        var german = CultureInfo.GetCultureInfo("de");
        var reply = Assert.Single(replies)!["text"]!.GetValue<string>();
        Assert.StartsWith($"Ihre Nachricht hat {paste.Length.ToString("N0", german)} Zeichen", reply, StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var raw = await db.RawInputs.AsNoTracking().SingleAsync(r => r.ConversationId == conversation);
        Assert.True(body.AsSpan().SequenceEqual(raw.Content), $"{raw.Content.Length} bytes kept of {body.Length}");
        Assert.False(await db.Answers.AnyAsync(a => db.ContributorIdentities.Any(i => i.PracticeId == a.PracticeId && i.ExternalId == user)));
    }

    [Fact]
    public async Task Another_activity_over_256_kB_is_413()
    {
        var conversation = "bf-typing-" + Guid.NewGuid().ToString("N");
        var body = OversizedPostTests.Body(Activity("typing", conversation, "bf-typing-user", null, new JsonObject { ["pad"] = new string('p', 300 * 1024) }));

        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
