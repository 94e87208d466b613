using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Bot.Chat.Hosting;
using Regin.Core.Persistence;

namespace Regin.Bot.Tests.Chat;

/// <summary>
/// Teams sends a message's text as HTML (session 49, chatplay49, a Teams user over POST /api/messages on the real host):
/// "&lt;p&gt;Hi&lt;/p&gt;" was stored as the contributor's name, "&lt;p&gt;Aoife&amp;nbsp;Byrne&lt;/p&gt;" as typed with
/// its tags and entity, and the e-mail address Teams makes a link was refused as no address. The engine now reads the
/// text without the markup; the raw input keeps the message as it came.
/// </summary>
public sealed class TeamsHtmlTextTests(ReginApplication app) : IClassFixture<ReginApplication>
{
    private sealed record Chat(string Conversation, string User);

    private static JsonObject Activity(Chat chat, string type, string id, string text) => new()
    {
        ["type"] = type,
        ["id"] = id,
        ["channelId"] = "msteams",
        ["serviceUrl"] = "https://webchat.invalid/",
        ["deliveryMode"] = "expectReplies",
        ["locale"] = "en-GB",
        ["textFormat"] = "plain",
        ["from"] = new JsonObject { ["id"] = chat.User, ["name"] = "Aoife Byrne", ["role"] = "user" },
        ["recipient"] = new JsonObject { ["id"] = "28:regin-bot", ["name"] = "REGIN" },
        ["conversation"] = new JsonObject { ["id"] = chat.Conversation, ["conversationType"] = "personal" },
        ["text"] = text,
        ["channelData"] = type == "messageUpdate" ? new JsonObject { ["eventType"] = "editMessage" } : null,
    };

    private async Task<string?> SendAsync(Chat chat, string id, string text, string type = "message")
    {
        using var response = await app.CreateClient().PostAsJsonAsync("/api/messages", Activity(chat, type, id, text));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = (await response.Content.ReadFromJsonAsync<JsonObject>())!["activities"]!.AsArray();
        return replies.LastOrDefault(r => r?["channelData"]?["questionId"] is not null)?["channelData"]!["questionId"]!.GetValue<string>();
    }

    private async Task<Dictionary<string, string>> AnswersAsync(Chat chat)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var practice = await db.ContributorIdentities.Where(i => i.Channel == "msteams" && i.ExternalId == chat.User).Select(i => i.PracticeId).SingleAsync();
        return await db.Answers.Where(a => a.PracticeId == practice).ToDictionaryAsync(a => a.QuestionId, a => a.Original);
    }

    [Fact]
    public async Task A_Teams_message_in_html_is_read_as_its_text_and_kept_as_it_came()
    {
        var chat = new Chat("a:html-" + Guid.NewGuid().ToString("N"), "29:html-" + Guid.NewGuid().ToString("N"));
        // A greeting in a paragraph is a greeting: the name is still asked.
        Assert.Equal("contact_name", await SendAsync(chat, "m1", "<p>Hi</p>"));
        Assert.Equal("contact_organisation", await SendAsync(chat, "m2", "<p>Aoife&nbsp;Byrne</p>"));
        Assert.Equal("contact_email", await SendAsync(chat, "m3", "<p>Dublin City Council &amp; the LCDC</p>"));
        // Teams makes an address typed a link.
        Assert.Equal("contact_phone", await SendAsync(chat, "m4",
            "<p><a href=\"mailto:aoife.byrne@dublincity.ie\" rel=\"noreferrer noopener\" target=\"_blank\" title=\"mailto:aoife.byrne@dublincity.ie\">aoife.byrne@dublincity.ie</a></p>"));

        var answers = await AnswersAsync(chat);
        Assert.Equal("Aoife Byrne", answers["contact_name"]);
        Assert.Equal("Dublin City Council & the LCDC", answers["contact_organisation"]);
        Assert.Equal("aoife.byrne@dublincity.ie", answers["contact_email"]);

        // An edit comes as HTML too, and corrects the organisation with its text.
        Assert.Equal("contact_phone", await SendAsync(chat, "m3", "<p>Dublin City Council,&nbsp;Integration Unit</p>", "messageUpdate"));
        Assert.Equal("Dublin City Council, Integration Unit", (await AnswersAsync(chat))["contact_organisation"]);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var raw = (await db.RawInputs.Where(r => r.ConversationId == chat.Conversation).Select(r => r.Content).ToListAsync()).Select(System.Text.Encoding.UTF8.GetString);
        Assert.Contains(raw, r => r.Contains("<p>Aoife&nbsp;Byrne</p>", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<p>lingua</p><p>lavoro</p>", "lingua\n\nlavoro")]
    [InlineData("<div>language<br>health<br></div>", "language\nhealth")]
    [InlineData("<ul><li>språk</li><li>hälsa</li></ul>", "• språk\n• hälsa")]
    [InlineData("<p><strong>Budget</strong>: 80&nbsp;000&nbsp;€</p>", "Budget: 80 000 €")]
    [InlineData("<p>with <at>Maria Rossi</at> from the Comune</p>", "with Maria Rossi from the Comune")]
    [InlineData("<p>great <img alt=\"🙂\" src=\"https://statics.teams.cdn.office.net/x.png\" itemtype=\"http://schema.skype.com/Emoji\"></p>", "great 🙂")]
    // No Teams markup: as typed.
    [InlineData("a < b and c > d", "a < b and c > d")]
    [InlineData("kids <5 years & parents", "kids <5 years & parents")]
    public void Teams_markup_becomes_lines_and_words(string html, string text) => Assert.Equal(text, TeamsText.Plain(html));
}
