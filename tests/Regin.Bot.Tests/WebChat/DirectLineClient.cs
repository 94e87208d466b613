using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Regin.Bot.Tests.WebChat;

/// <summary>A scripted Direct Line client, making the calls Web Chat's polling client makes.</summary>
internal sealed class DirectLineClient(HttpClient http)
{
    public const string Base = "/v3/directline";

    public string ConversationId { get; private set; } = "";
    public string Token { get; private set; } = "";
    public string Watermark { get; private set; } = "";

    public static async Task<DirectLineClient> StartAsync(HttpClient http, string bearer, string userId, string? locale)
    {
        var client = new DirectLineClient(http);
        var body = new JsonObject { ["user"] = new JsonObject { ["id"] = userId } };
        if (locale is not null)
        {
            body["locale"] = locale;
        }
        var response = await client.SendAsync(HttpMethod.Post, "/conversations", bearer, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        client.ConversationId = started["conversationId"]!.GetValue<string>();
        client.Token = started["token"]!.GetValue<string>();
        Assert.True(started["expires_in"]!.GetValue<int>() > 0);
        return client;
    }

    /// <summary>The user this client speaks as, when the server told it (<see cref="StartFromPageAsync"/>).</summary>
    public string UserId { get; private set; } = "";

    /// <summary>
    /// As the web chat page starts: a token from POST /webchat/token, where the server assigns the user and binds it into
    /// the token, then the start with that token (whatever user the body names is ignored).
    /// </summary>
    public static async Task<DirectLineClient> StartFromPageAsync(HttpClient http, string? locale)
    {
        ArgumentNullException.ThrowIfNull(http);
        var response = await http.PostAsync(new Uri("/webchat/token", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var issued = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var client = await StartAsync(http, issued["token"]!.GetValue<string>(), "chosen-by-the-client", locale);
        client.UserId = issued["userId"]!.GetValue<string>();
        return client;
    }

    public static DirectLineClient Resume(HttpClient http, string conversationId, string token, string watermark = "") =>
        new(http) { ConversationId = conversationId, Token = token, Watermark = watermark };

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? bearer, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, Base + path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await http.SendAsync(request);
    }

    public static JsonObject Message(string text, string userId, string? clientActivityId = null, string locale = "en-US") => new()
    {
        ["type"] = "message",
        ["text"] = text,
        ["from"] = new JsonObject { ["id"] = userId, ["role"] = "user" },
        ["locale"] = locale,
        ["channelData"] = new JsonObject { ["clientActivityID"] = clientActivityId ?? Guid.NewGuid().ToString("N") },
    };

    /// <summary>Posts and returns the service's activity id.</summary>
    public async Task<string> PostAsync(JsonObject activity)
    {
        var response = await SendAsync(HttpMethod.Post, $"/conversations/{ConversationId}/activities", Token, activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(id));
        return id;
    }

    /// <summary>GET activities after the current watermark; moves the watermark on.</summary>
    public async Task<JsonArray> PollAsync()
    {
        var response = await SendAsync(HttpMethod.Get, $"/conversations/{ConversationId}/activities?watermark={Watermark}", Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Watermark = body["watermark"]!.GetValue<string>();
        return body["activities"]!.AsArray();
    }

    public static string? QuestionOf(JsonArray activities) =>
        activities.LastOrDefault(a => a?["channelData"]?["questionId"] is not null)?["channelData"]!["questionId"]!.GetValue<string>();

    public static IEnumerable<string> BotTexts(JsonArray activities) =>
        activities.Where(a => a?["from"]?["role"]?.GetValue<string>() == "bot").Select(a => a!["text"]?.GetValue<string>() ?? "");
}
