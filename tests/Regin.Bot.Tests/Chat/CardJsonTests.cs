using System.Text;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Regin.Bot.Chat.Hosting;
using Regin.Bot.Chat.Rendering;
using Regin.Bot.Tests.Chat.Reference;
using Regin.Core.Conversation;

namespace Regin.Bot.Tests.Chat;

/// <summary>
/// The cards written straight as text (<see cref="AdaptiveCardJson"/>) are the cards session 11 built as JObjects
/// (<see cref="JObjectCards"/>), byte for byte, in every writer an activity goes through.
/// </summary>
public sealed class CardJsonTests
{
    // Quotes, a backslash, a tab, a control character, a line separator, a letter outside the BMP, Markdown and HTML.
    private const string Awkward = "Ελένη \"Λ\" \\ <b>*x*</b> [a](b) 1. #\t\u0001 \u2028 😀 é";

    private static readonly ChoiceOption[] Few = [new("yes", "Sì " + Awkward, 1), new("no", "No", 2)];

    private static readonly ChoiceOption[] Many = [.. Enumerable.Range(1, 9).Select(i => new ChoiceOption($"c{i}", $"Option {i} {Awkward}", i))];

    public static TheoryData<string> Replies() => [.. Cases().Keys];

    private static Dictionary<string, ConversationReply> Cases() => new()
    {
        ["text question"] = new QuestionReply("name", 1, 31, "1 of 31", "Your name " + Awkward, "As you sign " + Awkward, null, AnswerKind.Text, [], "Send"),
        ["text question, optional, no hint"] = new QuestionReply("email", 31, 31, "31 of 31", "E-mail", "", "Optional " + Awkward, AnswerKind.Text, [], "Send"),
        ["yes/no"] = new QuestionReply("ongoing", 0, 5, "0 of 5", "Ongoing?", "", null, AnswerKind.YesNo, Few, "Send"),
        ["single choice, buttons"] = new QuestionReply("kind", 7, 31, "7 of 31", "Kind", "Pick one", null, AnswerKind.SingleChoice, Few, "Send"),
        ["single choice, no options"] = new QuestionReply("kind", 7, 31, "7 of 31", "Kind", "Pick one", null, AnswerKind.SingleChoice, [], "Send"),
        ["single choice, a list"] = new QuestionReply("country", 8, 31, "8 of 31", "Country", "", null, AnswerKind.SingleChoice, Many, "Send " + Awkward),
        ["multiple choice"] = new QuestionReply("areas", 9, 31, "9 of 31", "Areas", "Tick all", "Optional", AnswerKind.MultiChoice, Few, "Send"),
        ["confirmation"] = new ConfirmationReply("Did you mean " + Awkward + "?", "Yes " + Awkward, "No"),
        ["confirmation with options"] = new ConfirmationReply("Which one?", "Yes", "None " + Awkward, Many),
        ["summary"] = new SummaryReply("Summary " + Awkward,
            [new SummarySection("About you", [new SummaryItem(1, "name", "Name " + Awkward, "Maria " + Awkward), new SummaryItem(2, "email", "E-mail", null)]),
             new SummarySection("The practice " + Awkward, [new SummaryItem(30, "areas", "Areas", "Education, health")])],
            "not answered " + Awkward, "Change " + Awkward, "change", "Still missing: " + Awkward),
        ["summary, nothing missing"] = new SummaryReply("Summary", [], "not answered", "Change", "change", null),
    };

    private static (JRaw Written, JObject Built) Both(ConversationReply reply) => reply switch
    {
        QuestionReply question => (AdaptiveCardJson.Question(question), JObjectCards.Question(question)),
        ConfirmationReply confirmation => (AdaptiveCardJson.Confirmation(confirmation), JObjectCards.Confirmation(confirmation)),
        SummaryReply summary => (AdaptiveCardJson.Summary(summary), JObjectCards.Summary(summary)),
        _ => throw new ArgumentOutOfRangeException(nameof(reply)),
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public void A_written_card_is_the_text_of_the_card_built_as_a_tree(string name)
    {
        var (written, built) = Both(Cases()[name]);
        Assert.Equal(built.ToString(Formatting.None), (string)written.Value!);
        Assert.True(JToken.DeepEquals(built, JToken.Parse((string)written.Value!)));
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public void Every_writer_of_an_activity_writes_a_written_card_as_it_wrote_the_tree(string name)
    {
        var (written, built) = Both(Cases()[name]);
        var settings = new Dictionary<string, JsonSerializer>
        {
            ["the bot's (BotJson)"] = BotJson.Serializer,
            ["the Bot Framework's messages"] = HttpHelper.BotMessageSerializer,
            ["the connector's (Teams, the Emulator)"] = JsonSerializer.Create(new ConnectorClient(new Uri("https://smba.invalid/")).SerializationSettings),
            ["the local Direct Line's"] = JsonSerializer.Create(Regin.Bot.DirectLine.DirectLineBotAdapter.JsonSettings),
        };
        foreach (var (writer, serializer) in settings)
        {
            var before = Text(serializer, Sent(built));
            var now = Text(serializer, Sent(written));
            // The same text; where the writer indents (the Bot Framework's message serializer), the same JSON, the card unindented.
            Assert.True(serializer.Formatting == Formatting.Indented ? JToken.DeepEquals(JToken.Parse(before), JToken.Parse(now)) : before == now, $"{writer}:\n{before}\n{now}");
        }
        // The expectReplies answer writes it without Newtonsoft, as Newtonsoft writes it.
        var replies = new ExpectedReplies([Sent(written)]);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        Assert.True(ExpectedRepliesWriter.TryWrite(replies, output));
        Assert.Equal(Text(BotJson.Serializer, new ExpectedReplies([Sent(built)])), Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void A_card_read_back_from_its_json_is_the_card()
    {
        var (written, built) = Both(Cases()["summary"]);
        var read = JsonConvert.DeserializeObject<Activity>(Text(BotJson.Serializer, Sent(written)))!;
        Assert.True(JToken.DeepEquals(built, (JToken)read.Attachments[0].Content));
    }

    private static Activity Sent(JToken card) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = "msteams",
        Conversation = new ConversationAccount(id: "c1"),
        Recipient = new ChannelAccount("u1"),
        Attachments = [new Attachment(AdaptiveCardJson.ContentType, content: card)],
    };

    private static string Text(JsonSerializer serializer, object value)
    {
        var text = new StringBuilder();
        using (var writer = new JsonTextWriter(new StringWriter(text)))
        {
            serializer.Serialize(writer, value);
        }
        return text.ToString();
    }
}
