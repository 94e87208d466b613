using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Conversation;
using Regin.Core.Localisation;
using Regin.Core.Persistence;

namespace Regin.Bot.Tests.Chat;

/// <summary>
/// Teams group chats and channels over POST /api/messages (security review L9): everyone present would see what the
/// bot says, so it collects nothing there, echoes nothing (contact details, the summary), and points to a one-to-one
/// chat in the person's language.
/// </summary>
public sealed class GroupChatTests(ReginApplication app) : IClassFixture<ReginApplication>
{
    private static JsonObject Activity(string type, string conversation, string conversationType, string user, string? text, string locale) => new()
    {
        ["type"] = type,
        ["id"] = Guid.NewGuid().ToString("N"),
        ["channelId"] = "msteams",
        ["serviceUrl"] = "https://webchat.invalid/",
        ["deliveryMode"] = "expectReplies",
        ["locale"] = locale,
        ["from"] = new JsonObject { ["id"] = user, ["name"] = "Maria Rossi", ["role"] = "user" },
        ["recipient"] = new JsonObject { ["id"] = "28:regin-bot", ["name"] = "REGIN" },
        ["conversation"] = conversationType == "personal"
            ? new JsonObject { ["id"] = conversation, ["conversationType"] = "personal" }
            : new JsonObject { ["id"] = conversation, ["conversationType"] = conversationType, ["isGroup"] = true },
        ["text"] = text,
    };

    private static JsonObject Mentioned(JsonObject activity, string text)
    {
        activity["text"] = "<at>REGIN</at> " + text;
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention", ["text"] = "<at>REGIN</at>", ["mentioned"] = new JsonObject { ["id"] = "28:regin-bot", ["name"] = "REGIN" },
        });
        return activity;
    }

    private async Task<List<string>> PostAsync(JsonObject activity)
    {
        using var response = await app.CreateClient().PostAsJsonAsync("/api/messages", activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        // What is shown in the conversation (the addressing, recipient included, is the channel's own).
        return [.. (body?["activities"]?.AsArray() ?? []).Select(a => new JsonObject { ["text"] = a?["text"]?.DeepClone(), ["attachments"] = a?["attachments"]?.DeepClone() }.ToJsonString())];
    }

    private string Pointer(string language) => app.Services.GetRequiredService<Texts>().Get(ConversationMessageKeys.GroupChatPrivate, language);

    private async Task<Dictionary<string, string>> AnswersAsync(string user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var practice = await db.ContributorIdentities.Where(i => i.Channel == "msteams" && i.ExternalId == user).Select(i => i.PracticeId).SingleAsync();
        return await db.Answers.Where(a => a.PracticeId == practice).ToDictionaryAsync(a => a.QuestionId, a => a.Original);
    }

    [Fact]
    public async Task In_a_group_chat_or_channel_the_bot_neither_takes_answers_nor_shows_a_draft_and_points_to_a_one_to_one_chat()
    {
        var user = "29:group-" + Guid.NewGuid().ToString("N");
        var personal = "a:personal-" + Guid.NewGuid().ToString("N");
        // In the one-to-one chat: name, organisation, e-mail (personal data now in the draft).
        foreach (var text in new[] { "ciao", "Maria Rossi", "Regione Lombardia", "maria.rossi@regione.lombardia.it" })
        {
            await PostAsync(Activity("message", personal, "personal", user, text, "it-IT"));
        }
        var before = await AnswersAsync(user);
        Assert.Equal("maria.rossi@regione.lombardia.it", before["contact_email"]);

        var group = "19:group-" + Guid.NewGuid().ToString("N") + "@thread.v2";
        var channel = "19:channel-" + Guid.NewGuid().ToString("N") + "@thread.tacv2;messageid=1";
        var asked = new[]
        {
            Activity("message", group, "groupChat", user, "riepilogo", "it-IT"),
            Activity("message", group, "groupChat", user, "+39 02 1234567", "it-IT"),
            Activity("message", group, "groupChat", user, "i miei dati", "it-IT"),
            Mentioned(Activity("message", channel, "channel", user, null, "it-IT"), "summary"),
            Mentioned(Activity("message", channel, "channel", user, null, "it-IT"), "altro@example.org"),
        };
        foreach (var activity in asked)
        {
            var replies = await PostAsync(activity);
            var reply = Assert.Single(replies);
            Assert.Contains(JsonValue.Create(Pointer("it"))!.ToJsonString()[1..^1], reply, StringComparison.Ordinal);
            foreach (var personalData in new[] { "maria.rossi", "Maria Rossi", "Regione Lombardia", "1234567", "altro@example.org" })
            {
                Assert.DoesNotContain(personalData, reply, StringComparison.Ordinal);
            }
        }
        // Nothing said in the group reached the draft.
        Assert.Equal(before, await AnswersAsync(user));

        // Back in the one-to-one chat, the questionnaire goes on where it was.
        var next = await PostAsync(Activity("message", personal, "personal", user, "+39 02 7654321", "it-IT"));
        Assert.Equal("+39 02 7654321", (await AnswersAsync(user))["contact_phone"]);
        Assert.NotEmpty(next);
    }

    [Theory]
    [InlineData("en-GB", "en")]
    [InlineData("fr-FR", "fr")]
    [InlineData("de-DE", "de")]
    [InlineData("it-IT", "it")]
    [InlineData("es-ES", "es")]
    [InlineData("pt-PT", "pt")]
    [InlineData("el-GR", "el")]
    [InlineData("sv-SE", "sv")]
    public async Task The_pointer_to_a_one_to_one_chat_is_in_the_persons_language(string locale, string language)
    {
        var user = "29:group-lang-" + Guid.NewGuid().ToString("N");
        var group = "19:lang-" + Guid.NewGuid().ToString("N") + "@thread.v2";
        var reply = Assert.Single(await PostAsync(Mentioned(Activity("message", group, "groupChat", user, null, locale), "hello")));
        var text = JsonNode.Parse(reply)!["text"]!.GetValue<string>();
        Assert.Equal(Pointer(language), text);
        Assert.True(language == "en" || text != Pointer("en"), "the message is translated");
    }

    [Fact]
    public async Task Added_to_a_group_the_bot_says_where_to_answer_once_and_not_to_every_member_who_joins()
    {
        var adder = "29:adder-" + Guid.NewGuid().ToString("N");
        var group = "19:added-" + Guid.NewGuid().ToString("N") + "@thread.v2";
        var added = Activity("conversationUpdate", group, "groupChat", adder, null, "de-DE");
        added["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "28:regin-bot" });
        var greeting = Assert.Single(await PostAsync(added));
        Assert.Equal(Pointer("de"), JsonNode.Parse(greeting)!["text"]!.GetValue<string>());

        var joined = Activity("conversationUpdate", group, "groupChat", adder, null, "de-DE");
        joined["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "29:newcomer-" + Guid.NewGuid().ToString("N") });
        Assert.Empty(await PostAsync(joined));
    }
}
