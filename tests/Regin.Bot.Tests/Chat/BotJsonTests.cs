using System.Text;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Regin.Bot.Chat.Hosting;

namespace Regin.Bot.Tests.Chat;

/// <summary>The expectReplies answer of POST /api/messages, written by <see cref="BotJson"/>: the same JSON as the Bot Framework's writer.</summary>
public sealed class BotJsonTests : ChatTestBase
{
    private static JToken Written(JsonSerializer serializer, ExpectedReplies replies)
    {
        var text = new StringBuilder();
        using (var writer = new JsonTextWriter(new StringWriter(text)))
        {
            serializer.Serialize(writer, replies);
        }
        return JToken.Parse(text.ToString());
    }

    [Theory]
    [InlineData("webchat")]
    [InlineData("msteams")]
    [InlineData("sms")]
    public async Task Every_kind_of_reply_is_the_same_json_as_the_Bot_Framework_writes(string channel)
    {
        var chat = Driver("en-GB", channel: channel);
        var turns = new List<IReadOnlyList<IMessageActivity>> { await chat.StartAsync() };
        // Questions (text, single and multi choice), a guess to confirm, the summary with its buttons, the copy of the data (a file).
        foreach (var text in new[] { "Maria Rossi", "Regione Test", "maria@example.org", "skip", "change 15", "education and health", "change 6", "Belgim", "summary", "my data", "help" })
        {
            turns.Add(await chat.SendAsync(text));
        }
        Assert.Contains(turns, replies => replies.Any(r => r.Attachments is { Count: > 0 }));
        foreach (var replies in turns.Where(r => r.Count > 0))
        {
            var expected = new ExpectedReplies([.. replies.Cast<Activity>()]);
            Assert.True(BotJson.IsPlain(expected));
            var theirs = Written(HttpHelper.BotMessageSerializer, expected);
            var ours = Written(BotJson.Serializer, expected);
            Assert.True(JToken.DeepEquals(theirs, ours), $"differs from the Bot Framework's JSON:\n{theirs}\n---\n{ours}");
        }
    }

    [Fact]
    public void An_attachment_whose_content_is_not_json_is_left_to_the_Bot_Framework_s_writer()
    {
        var card = new ExpectedReplies([new Activity { Type = ActivityTypes.Message, Attachments = [new Attachment("application/json", content: new JObject { ["a"] = 1 })] }]);
        var text = new ExpectedReplies([new Activity { Type = ActivityTypes.Message, Attachments = [new Attachment("text/plain", content: "plain")] }]);
        var stream = new ExpectedReplies([new Activity { Type = ActivityTypes.Message, Attachments = [new Attachment("application/octet-stream", content: new MemoryStream([1, 2, 3]))] }]);
        var poco = new ExpectedReplies([new Activity { Type = ActivityTypes.Message, Attachments = [new Attachment("application/json", content: new HeroCard("title"))] }]);

        Assert.True(BotJson.IsPlain(card));
        Assert.True(BotJson.IsPlain(text));
        Assert.False(BotJson.IsPlain(stream));
        Assert.False(BotJson.IsPlain(poco));
    }

    [Fact]
    public void A_message_is_kept_as_the_same_json_as_JsonConvert_writes_it()
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = "a1",
            Timestamp = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(1)),
            ChannelId = "msteams",
            ServiceUrl = "https://smba.invalid/",
            From = new ChannelAccount("u1", "Ελένη", role: "user"),
            Recipient = new ChannelAccount("bot"),
            Conversation = new ConversationAccount(id: "c1", conversationType: "personal"),
            Text = "Κρήτη \"quoted\" <b>",
            Locale = "el-GR",
            Value = new JObject { ["regin"] = "answer", ["codes"] = new JArray("a", "b") },
            Entities = [new Entity("clientInfo") { Properties = new JObject { ["locale"] = "el-GR" } }],
            Attachments = [new Attachment("text/plain", name: "a.txt", content: "text")],
        };

        var expected = JsonConvert.SerializeObject(activity, new JsonSerializerSettings { NullValueHandling = NullValueHandling.Ignore });
        Assert.Equal(expected, RawInputMiddleware.Serialize(activity));
    }
}
