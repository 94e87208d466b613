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
/// A message edited in Teams (messageUpdate, channelData.eventType "editMessage": the activity's id is the edited message's,
/// its text the new one) over POST /api/messages on the real host. chatplay47: "börja smått" edited to "börja smått, och ha en
/// fast kontaktperson på kommunen" was ignored with no reply, the answer kept the first text. The edit of a message whose
/// answer is still the one it gave corrects it ("Corrected – …"); any other edit is told what to type instead; both kept as
/// raw input.
/// </summary>
public sealed class MessageEditTests(ReginApplication app) : IClassFixture<ReginApplication>
{
    private static JsonObject Activity(string type, string id, string conversation, string user, string text, string locale) => new()
    {
        ["type"] = type,
        ["id"] = id,
        ["channelId"] = "msteams",
        ["serviceUrl"] = "https://webchat.invalid/",
        ["deliveryMode"] = "expectReplies",
        ["locale"] = locale,
        ["from"] = new JsonObject { ["id"] = user, ["name"] = "Anna", ["role"] = "user" },
        ["recipient"] = new JsonObject { ["id"] = "28:regin-bot", ["name"] = "REGIN" },
        ["conversation"] = new JsonObject { ["id"] = conversation, ["conversationType"] = "personal" },
        ["text"] = text,
        ["channelData"] = type == "messageUpdate" ? new JsonObject { ["eventType"] = "editMessage" } : null,
    };

    private sealed record Chat(string Conversation, string User, string Locale);

    private static Chat NewChat(string locale) => new("a:edit-" + Guid.NewGuid().ToString("N"), "29:edit-" + Guid.NewGuid().ToString("N"), locale);

    /// <summary>A new chat, greeted as a contributor opens one ("hej", "γεια σας", "olá"): the name is asked.</summary>
    private async Task<Chat> GreetedAsync(string locale)
    {
        var chat = NewChat(locale);
        var replies = await SendAsync(chat, "m0", locale switch { "sv-SE" => "hej", "el-GR" => "γεια σας", _ => "olá" });
        Assert.Equal("contact_name", QuestionOf(replies));
        return chat;
    }

    private async Task<JsonArray> PostAsync(JsonObject activity)
    {
        using var response = await app.CreateClient().PostAsJsonAsync("/api/messages", activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["activities"]!.AsArray();
    }

    private async Task<JsonArray> SendAsync(Chat chat, string id, string text) => await PostAsync(Activity("message", id, chat.Conversation, chat.User, text, chat.Locale));

    private async Task<JsonArray> EditAsync(Chat chat, string id, string text) => await PostAsync(Activity("messageUpdate", id, chat.Conversation, chat.User, text, chat.Locale));

    private static string? QuestionOf(JsonArray replies) =>
        replies.LastOrDefault(r => r?["channelData"]?["questionId"] is not null)?["channelData"]!["questionId"]!.GetValue<string>();

    private static string TextOf(JsonArray replies) =>
        string.Join("\n", replies.Select(r => r?["text"]?.GetValue<string>() ?? string.Join("\n",
            (r?["attachments"] as JsonArray)?.SelectMany(a => (a?["content"]?["body"] as JsonArray) ?? []).Select(b => b?["text"]?.GetValue<string>() ?? "") ?? [])));

    private string Text(string key, string language, params (string Name, object? Value)[] values) => app.Services.GetRequiredService<Texts>().Get(key, language, values);

    private async Task<Dictionary<string, string>> AnswersAsync(Chat chat)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var practice = await db.ContributorIdentities.Where(i => i.Channel == "msteams" && i.ExternalId == chat.User).Select(i => i.PracticeId).SingleAsync();
        return await db.Answers.Where(a => a.PracticeId == practice).ToDictionaryAsync(a => a.QuestionId, a => a.Original);
    }

    private async Task<List<string>> RawInputsAsync(Chat chat)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        return (await db.RawInputs.Where(r => r.ConversationId == chat.Conversation).OrderBy(r => r.Id).Select(r => r.Content).ToListAsync())
            .Select(System.Text.Encoding.UTF8.GetString).ToList();
    }

    [Theory]
    [InlineData("sv-SE", "anna lindqvist", "Umeå kommun", "Umeå kommun, arbetsmarknadsenheten", "Ändrat – ")]
    [InlineData("el-GR", "Μαρία Παπαδοπούλου", "ΜΚΟ Αλληλεγγύη", "ΜΚΟ Αλληλεγγύη Θεσσαλονίκης", "Διορθώθηκε – ")]
    [InlineData("pt-PT", "Joana Ferreira", "Associacao Lisboa", "Associacao Lisboa Acolhe", "Corrigido – ")]
    public async Task An_edit_of_the_message_that_gave_an_answer_corrects_that_answer(string locale, string name, string typed, string edited, string corrected)
    {
        var chat = await GreetedAsync(locale);
        await SendAsync(chat, "m1", name);
        await SendAsync(chat, "m2", typed);
        var replies = await SendAsync(chat, "m3", "anna@example.org");
        Assert.Equal("contact_phone", QuestionOf(replies));

        // The organisation's message edited after the e-mail was typed: the organisation corrected, the phone asked again.
        replies = await EditAsync(chat, "m2", edited);

        Assert.StartsWith(corrected, TextOf(replies));
        Assert.Contains(edited, TextOf(replies));
        Assert.Equal("contact_phone", QuestionOf(replies));
        var answers = await AnswersAsync(chat);
        Assert.Equal(edited, answers["contact_organisation"]);
        Assert.Equal(name, answers["contact_name"]);
        Assert.Equal("anna@example.org", answers["contact_email"]);
        // The edit is kept as it came, beside the message it edits.
        var raw = await RawInputsAsync(chat);
        Assert.Contains(raw, r => r.Contains("messageUpdate", StringComparison.Ordinal) && r.Contains(edited, StringComparison.Ordinal));
        Assert.Contains(raw, r => r.Contains("\"" + typed + "\"", StringComparison.Ordinal));

        // Edited again: that answer is still the one the message gave (its edit), so it is corrected again.
        replies = await EditAsync(chat, "m2", edited + " (AME)");
        Assert.Equal(edited + " (AME)", (await AnswersAsync(chat))["contact_organisation"]);
        Assert.Equal("contact_phone", QuestionOf(replies));
    }

    [Theory]
    [InlineData("sv-SE", "anna lindqvist", "hjälp", "tillbaka", "Anna Lindqvist-Berg", "sv")]
    [InlineData("el-GR", "Μαρία Παπαδοπούλου", "βοήθεια", "πίσω", "Μαρία Παπαδοπούλου-Ρήγα", "el")]
    [InlineData("pt-PT", "Joana Ferreira", "ajuda", "voltar", "Joana Ferreira Santos", "pt")]
    public async Task An_edit_that_changes_no_answer_says_what_to_type_instead(string locale, string name, string help, string back, string renamed, string language)
    {
        var chat = await GreetedAsync(locale);
        await SendAsync(chat, "m1", name);
        await SendAsync(chat, "m2", help);
        var notTaken = Text(ConversationMessageKeys.EditNotTaken, language);

        // A command edited: no answer to correct.
        var replies = await EditAsync(chat, "m2", help + " " + help);
        Assert.Contains(notTaken, TextOf(replies));
        Assert.Equal("contact_organisation", QuestionOf(replies));

        // The name changed since by another message: the edit of the first one does not overwrite it.
        await SendAsync(chat, "m3", back);
        replies = await SendAsync(chat, "m4", renamed);
        Assert.Equal("contact_organisation", QuestionOf(replies));
        replies = await EditAsync(chat, "m1", name + "x");
        Assert.Contains(notTaken, TextOf(replies));
        Assert.Equal(renamed, (await AnswersAsync(chat))["contact_name"]);
        Assert.Equal("contact_organisation", QuestionOf(replies));

        // A message the chat does not know (too old, or never seen): said too, never silence.
        replies = await EditAsync(chat, "m-unknown", "Umeå kommun");
        Assert.Contains(notTaken, TextOf(replies));
        Assert.Equal(renamed, (await AnswersAsync(chat))["contact_name"]);
        Assert.False((await AnswersAsync(chat)).ContainsKey("contact_organisation"));
        Assert.Contains(await RawInputsAsync(chat), r => r.Contains("m-unknown", StringComparison.Ordinal));
    }
}
