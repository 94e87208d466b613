using System.Text;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Regin.Bot.Chat.Hosting;

namespace Regin.Bot.Tests.Chat;

/// <summary>The expectReplies answer of POST /api/messages, written by <see cref="BotJson"/>: the same JSON as the Bot Framework's writer.</summary>
public sealed class BotJsonTests(ChatClassHost host) : ChatTestBase(host), IClassFixture<ChatClassHost>
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
            // The bot's own activities are written without Newtonsoft: the same text, byte for byte.
            Assert.Equal(Text(BotJson.Serializer, expected), Direct(expected));
        }
    }

    private static string Text(JsonSerializer serializer, ExpectedReplies replies)
    {
        var text = new StringBuilder();
        using (var writer = new JsonTextWriter(new StringWriter(text)))
        {
            serializer.Serialize(writer, replies);
        }
        return text.ToString();
    }

    private static string? Direct(ExpectedReplies replies)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        return ExpectedRepliesWriter.TryWrite(replies, output) ? Encoding.UTF8.GetString(output.WrittenSpan) : null;
    }

    /// <summary>A message as the bot sends it: a card, suggested actions, channel data, the conversation's reference applied.</summary>
    private static Activity Sent() => new()
    {
        Type = ActivityTypes.Message,
        ServiceUrl = "https://smba.invalid/",
        ChannelId = "msteams",
        From = new ChannelAccount("bot", "Regin"),
        Recipient = new ChannelAccount("u1", "Ελένη \"Λ\" <b>", role: "user"),
        Conversation = new ConversationAccount(isGroup: false, conversationType: "personal", id: "c1", tenantId: "t1"),
        ReplyToId = "a1",
        Locale = "el-GR",
        InputHint = InputHints.AcceptingInput,
        TextFormat = TextFormatTypes.Markdown,
        Text = "Line\n\"two\"\t\u0001 \u2028 😀",
        Attachments = [new Attachment("application/vnd.microsoft.card.adaptive", content: new JObject { ["type"] = "AdaptiveCard", ["n"] = 3, ["ok"] = true, ["none"] = null, ["list"] = new JArray("a", 1) })],
        SuggestedActions = new SuggestedActions { To = ["u1"], Actions = [new CardAction(ActionTypes.ImBack, title: "Ναι", value: "Ναι")] },
        ChannelData = new JObject { ["questionId"] = "q", ["progress"] = new JObject { ["current"] = 1, ["total"] = 31 } },
    };

    [Fact]
    public void Each_property_of_an_activity_is_written_as_Newtonsoft_writes_it_or_left_to_Newtonsoft()
    {
        SameJson(Text(BotJson.Serializer, new ExpectedReplies([Sent()])), Direct(new ExpectedReplies([Sent()])));
        Assert.Equal(Text(BotJson.Serializer, new ExpectedReplies()), Direct(new ExpectedReplies()));
        var left = new List<string>();
        // Every property the Bot Framework's Activity has (a new one in a later version is covered too), each set in turn.
        foreach (var property in typeof(Activity).GetProperties().Where(p => p.CanWrite))
        {
            var activity = Sent();
            property.SetValue(activity, Sample(property.PropertyType, property.GetValue(activity)));
            var replies = new ExpectedReplies([activity]);
            if (Direct(replies) is { } direct)
            {
                SameJson(Text(BotJson.Serializer, replies), direct);
            }
            else
            {
                left.Add(property.Name);
            }
        }
        // What the bot's replies never carry is left to Newtonsoft.
        Assert.Contains(nameof(Activity.Entities), left);
        Assert.Contains(nameof(Activity.MembersAdded), left);
        Assert.DoesNotContain(nameof(Activity.Text), left);
        Assert.DoesNotContain(nameof(Activity.Attachments), left);
    }

    [Fact]
    public void A_card_holding_values_other_than_text_whole_numbers_and_true_or_false_is_left_to_Newtonsoft()
    {
        var withFloat = Sent();
        withFloat.Attachments[0].Content = new JObject { ["x"] = 1.5 };
        var withDate = Sent();
        withDate.ChannelData = new JObject { ["at"] = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc) };
        var withStream = Sent();
        withStream.Attachments[0].Content = new HeroCard("title");
        var subclass = new ExpectedReplies([Sent()]);
        subclass.Activities[0].From = new Microsoft.Bot.Schema.Teams.TeamsChannelAccount { Id = "u1" };

        Assert.Null(Direct(new ExpectedReplies([withFloat])));
        Assert.Null(Direct(new ExpectedReplies([withDate])));
        Assert.Null(Direct(new ExpectedReplies([withStream])));
        Assert.Null(Direct(subclass));
    }

    /// <summary>
    /// The same JSON text, or text that differs only where one writer escapes a character the other writes as it is
    /// (System.Text.Json writes an emoji as \\uD83D\\uDE00): the same values in the same order.
    /// </summary>
    private static void SameJson(string expected, string? actual)
    {
        Assert.NotNull(actual);
        if (expected == actual)
        {
            return;
        }
        var theirs = JToken.Parse(expected);
        var ours = JToken.Parse(actual);
        Assert.True(JToken.DeepEquals(theirs, ours), $"differs from Newtonsoft's JSON:\n{expected}\n---\n{actual}");
        Assert.Equal(Paths(theirs), Paths(ours));
        static IEnumerable<string> Paths(JToken token) => token is JContainer container ? container.DescendantsAndSelf().Select(t => t.Path) : [token.Path];
    }

    private static object? Sample(Type type, object? current)
    {
        if (type == typeof(string))
        {
            return "sample «x»";
        }
        if (type == typeof(bool?) || type == typeof(bool))
        {
            return true;
        }
        if (type == typeof(DateTimeOffset?))
        {
            return new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(1));
        }
        if (type == typeof(object) || type == typeof(JObject))
        {
            return new JObject { ["sample"] = "x" };
        }
        if (type == typeof(ChannelAccount))
        {
            return new ChannelAccount("s1", "Sample", role: "bot", aadObjectId: "aad");
        }
        if (type == typeof(ConversationAccount))
        {
            return new ConversationAccount(isGroup: true, conversationType: "groupChat", id: "s2", name: "N", aadObjectId: "aad", role: "user", tenantId: "t");
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>))
        {
            var item = type.GetGenericArguments()[0];
            var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(item))!;
            list.Add(Sample(item, null));
            return list;
        }
        if (type.IsClass && type.GetConstructor(Type.EmptyTypes) is not null)
        {
            return Activator.CreateInstance(type);
        }
        return current;
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

    private const string SentActivity = """
        {"type":"message","id":"a1","timestamp":"2026-12-01T09:30:00.123+01:00","channelId":"webchat","serviceUrl":"https://load.invalid/",
         "from":{"id":"u1","name":"Ελένη","role":"user"},"recipient":{"id":"bot"},"conversation":{"id":"c1"},"text":"Κρήτη \"quoted\" <b> 😀",
         "locale":"el-GR","value":{"regin":"answer","codes":["a","b"]},"entities":[{"type":"clientInfo","locale":"el-GR"}],
         "channelData":{"clientActivityID":"x1"},"deliveryMode":"expectReplies","somethingElse":[1,2.5,true,null]}
        """;

    /// <summary>The activity as the Bot Framework's own reading of a request (<c>HttpHelper.ReadRequestAsync</c>) makes it.</summary>
    private static string ReadAsTheBotFrameworkReads(byte[] body)
    {
        using var reader = new JsonTextReader(new StreamReader(new MemoryStream(body), Encoding.UTF8)) { MaxDepth = ReginBotAdapter.MaxDepth };
        return JsonConvert.SerializeObject(HttpHelper.BotMessageSerializer.Deserialize<Activity>(reader), HttpHelper.BotMessageSerializerSettings);
    }

    public static TheoryData<string, byte[], bool, bool> Bodies() => new()
    {
        { "UTF-8", Encoding.UTF8.GetBytes(SentActivity), true, true },
        { "UTF-8, chunked", Encoding.UTF8.GetBytes(SentActivity), false, true },
        { "UTF-8 with a byte order mark", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(SentActivity)], true, false },
        { "UTF-16 with a byte order mark", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(SentActivity)], true, false },
        { "UTF-8 with \\u escapes", Encoding.UTF8.GetBytes(SentActivity.Replace("Ελένη", "\\u0395λένη")), true, false },
        { "invalid UTF-8 in a text", [.. Encoding.UTF8.GetBytes(SentActivity[..SentActivity.IndexOf("Κρήτη", StringComparison.Ordinal)]), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(SentActivity[SentActivity.IndexOf("Κρήτη", StringComparison.Ordinal)..])], true, false },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task An_activity_is_read_from_its_body_as_the_Bot_Framework_reads_it_and_its_body_kept_as_it_came(string kind, byte[] body, bool withLength, bool kept)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = withLength ? body.Length : null;

        var activity = await BotJson.ReadActivityAsync(context.Request);

        Assert.NotNull(activity);
        Assert.Equal(ReadAsTheBotFrameworkReads(body), JsonConvert.SerializeObject(activity, HttpHelper.BotMessageSerializerSettings));
        Assert.Equal(kept ? body : null, BotJson.ReceivedBody(activity));
        Assert.False(string.IsNullOrEmpty(kind));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"type\":\"message\",")]
    [InlineData("not json")]
    public async Task A_body_that_is_no_json_activity_reads_as_none(string text)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(text));

        Assert.Null(await BotJson.ReadActivityAsync(context.Request));
    }
    [Theory]
    [InlineData("timestamp", "2026-12-06T09:12:44+15:00")]
    [InlineData("localTimestamp", "2026-12-06T10:12:44.123-23:59")]
    [InlineData("expiration", "2026-12-06T09:12:44+99:00")]
    public async Task A_timestamp_further_than_14_hours_from_utc_reads_as_no_activity_on_either_endpoint(string property, string timestamp)
    {
        var body = "{\"type\":\"message\",\"text\":\"hi\",\"from\":{\"id\":\"u1\"},\"" + property + "\":\"" + timestamp + "\"}";
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));

        Assert.Null(await BotJson.ReadActivityAsync(context.Request));
        Assert.Null(Regin.Bot.DirectLine.DirectLineApi.ReadActivity(body));
        // Kiribati's +14:00 is a time zone.
        Assert.NotNull(Regin.Bot.DirectLine.DirectLineApi.ReadActivity(body.Replace(timestamp, "2026-12-06T09:12:44+14:00", StringComparison.Ordinal)));
    }

    public static TheoryData<string, int> DeepBodies() => new()
    {
        { "arrays in channelData", 100_000 },
        { "objects in value", 100_000 },
        { "arrays in an entity", 65 },
        { "arrays in an entity", 100_000 },
        { "arrays in from", 100_000 },
        { "arrays in an attachment", 100_000 },
        { "arrays in an unknown property", 100_000 },
    };

    [Theory]
    [MemberData(nameof(DeepBodies))]
    public async Task A_body_nested_deeper_than_the_limit_reads_as_none(string where, int depth)
    {
        var nested = where.StartsWith("objects", StringComparison.Ordinal)
            ? string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)
            : new string('[', depth) + new string(']', depth);
        var property = where switch
        {
            "arrays in channelData" => "\"channelData\":" + nested,
            "objects in value" => "\"value\":" + nested,
            "arrays in an entity" => "\"entities\":[{\"type\":\"x\",\"deep\":" + nested + "}]",
            "arrays in from" => "\"from\":{\"id\":\"u\",\"deep\":" + nested + "}",
            "arrays in an attachment" => "\"attachments\":[{\"contentType\":\"x\",\"content\":" + nested + "}]",
            _ => "\"somethingElse\":" + nested,
        };
        var body = Encoding.UTF8.GetBytes("{\"type\":\"message\",\"text\":\"hi\"," + property + "}");
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);

        Assert.Null(await BotJson.ReadActivityAsync(context.Request));
    }
}
