using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Regin.Core.Conversation;

namespace Regin.Bot.Chat.Rendering;

/// <summary>
/// The engine's replies as Adaptive Cards (the AdaptiveCards package is only a restore stand-in), for the channels that
/// render them. Buttons and forms send an Action.Submit whose data <see cref="SubmittedValues"/> reads.
/// Each card is written straight as its JSON text by one writer (Newtonsoft's, as every channel's serializer writes
/// text: the same escapes) and carried as a <see cref="JRaw"/>, which every writer copies as it is: the expectReplies
/// answer (<c>ExpectedRepliesWriter</c>), the Bot Framework's serializers (Teams, the Emulator) and the local Direct
/// Line's transcript. No tree of JObjects is built per card; a reader of the activity's JSON sees the same card.
/// </summary>
public static class AdaptiveCardJson
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Single choices with more options than this are a list of radio buttons with a send button (Teams shows at most 6 actions).</summary>
    public const int MaxButtons = 6;

    [ThreadStatic]
    private static StringBuilder? t_buffer;

    public static JRaw Question(QuestionReply question)
    {
        ArgumentNullException.ThrowIfNull(question);
        using var card = new CardWriter();
        var json = card.Json;
        card.StartBody();
        Text(json, question.ProgressText, subtle: true, size: "Small");
        ProgressBar(json, question.Number, question.Total);
        Text(json, question.Label, weight: "Bolder", size: "Medium");
        if (question.Hint.Length > 0)
        {
            Text(json, question.Hint);
        }
        if (question.OptionalText is { } optional)
        {
            Text(json, optional, subtle: true);
        }
        switch (question.Kind)
        {
            case AnswerKind.MultiChoice:
            case AnswerKind.SingleChoice when question.Choices.Count > MaxButtons:
                json.WriteStartObject();
                json.WritePropertyName("type");
                json.WriteValue("Input.ChoiceSet");
                json.WritePropertyName("id");
                json.WriteValue(SubmittedValues.CodesField);
                json.WritePropertyName("isMultiSelect");
                json.WriteValue(question.Kind == AnswerKind.MultiChoice);
                json.WritePropertyName("style");
                json.WriteValue("expanded");
                json.WritePropertyName("wrap");
                json.WriteValue(true);
                json.WritePropertyName("choices");
                json.WriteStartArray();
                foreach (var choice in question.Choices)
                {
                    json.WriteStartObject();
                    json.WritePropertyName("title");
                    json.WriteValue(Escape(choice.Label));
                    json.WritePropertyName("value");
                    json.WriteValue(choice.Code);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
                card.EndBody();
                card.StartActions();
                Submit(json, question.SendLabel, primary: true, data => SubmittedValues.WriteAnswer(data, question.QuestionId, null));
                card.EndActions();
                break;
            case AnswerKind.SingleChoice:
            case AnswerKind.YesNo:
                card.EndBody();
                if (question.Choices.Count > 0)
                {
                    card.StartActions();
                    foreach (var choice in question.Choices)
                    {
                        Submit(json, choice.Label, primary: false, data => SubmittedValues.WriteAnswer(data, question.QuestionId, choice.Code));
                    }
                    card.EndActions();
                }
                break;
            default:
                card.EndBody();
                break;
        }
        return card.Finish();
    }

    public static JRaw Confirmation(ConfirmationReply confirmation)
    {
        ArgumentNullException.ThrowIfNull(confirmation);
        using var card = new CardWriter();
        var json = card.Json;
        card.StartBody();
        Text(json, confirmation.Text);
        card.EndBody();
        card.StartActions();
        foreach (var option in confirmation.Options)
        {
            Submit(json, option.Label, primary: false, data => SubmittedValues.WritePick(data, option.Number));
        }
        if (confirmation.Options.Count == 0)
        {
            Submit(json, confirmation.YesLabel, primary: true, data => SubmittedValues.WriteConfirm(data, true));
        }
        Submit(json, confirmation.NoLabel, primary: false, data => SubmittedValues.WriteConfirm(data, false));
        card.EndActions();
        return card.Finish();
    }

    /// <summary>The answers by section, each with its "change" button.</summary>
    public static JRaw Summary(SummaryReply summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        using var card = new CardWriter();
        var json = card.Json;
        card.StartBody();
        Text(json, summary.Title, weight: "Bolder");
        foreach (var section in summary.Sections)
        {
            Text(json, section.Label, weight: "Bolder", size: "Medium", separator: true);
            foreach (var item in section.Items)
            {
                json.WriteStartObject();
                json.WritePropertyName("type");
                json.WriteValue("ColumnSet");
                json.WritePropertyName("columns");
                json.WriteStartArray();
                // The answer.
                json.WriteStartObject();
                json.WritePropertyName("type");
                json.WriteValue("Column");
                json.WritePropertyName("width");
                json.WriteValue("stretch");
                json.WritePropertyName("items");
                json.WriteStartArray();
                // "30\." so that Markdown does not turn the line into a list renumbered from 1.
                json.WriteStartObject();
                json.WritePropertyName("type");
                json.WriteValue("TextBlock");
                json.WritePropertyName("text");
                json.WriteValue($"{item.Number}\\. {Escape(item.Label)}");
                json.WritePropertyName("wrap");
                json.WriteValue(true);
                json.WritePropertyName("weight");
                json.WriteValue("Bolder");
                json.WritePropertyName("size");
                json.WriteValue("Small");
                json.WriteEndObject();
                if (item.Value is { } value)
                {
                    Text(json, value);
                }
                else
                {
                    Text(json, summary.NotAnsweredText, subtle: true);
                }
                json.WriteEndArray();
                json.WriteEndObject();
                // Its "change" button.
                json.WriteStartObject();
                json.WritePropertyName("type");
                json.WriteValue("Column");
                json.WritePropertyName("width");
                json.WriteValue("auto");
                json.WritePropertyName("verticalContentAlignment");
                json.WriteValue("Center");
                json.WritePropertyName("items");
                json.WriteStartArray();
                json.WriteStartObject();
                json.WritePropertyName("type");
                json.WriteValue("ActionSet");
                json.WritePropertyName("actions");
                json.WriteStartArray();
                var number = item.Number.ToString(CultureInfo.InvariantCulture);
                Submit(json, summary.ChangeLabel, primary: false, data => SubmittedValues.WriteCommand(data, summary.ChangeCommand, number));
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }
        }
        if (summary.MissingText is { } missing)
        {
            Text(json, missing, color: "Attention", separator: true);
        }
        card.EndBody();
        return card.Finish();
    }

    /// <summary>"12 of 31" as a bar: two columns whose widths are the questions done and to go.</summary>
    private static void ProgressBar(JsonWriter json, int current, int total)
    {
        json.WriteStartObject();
        json.WritePropertyName("type");
        json.WriteValue("ColumnSet");
        json.WritePropertyName("spacing");
        json.WriteValue("Small");
        json.WritePropertyName("columns");
        json.WriteStartArray();
        Bar(json, Math.Max(current, 1), "accent");
        Bar(json, Math.Max(total - current, 1), "emphasis");
        json.WriteEndArray();
        json.WriteEndObject();

        static void Bar(JsonWriter json, int width, string style)
        {
            json.WriteStartObject();
            json.WritePropertyName("type");
            json.WriteValue("Column");
            json.WritePropertyName("width");
            json.WriteValue(width.ToString(CultureInfo.InvariantCulture));
            json.WritePropertyName("style");
            json.WriteValue(style);
            json.WritePropertyName("minHeight");
            json.WriteValue("6px");
            json.WritePropertyName("items");
            json.WriteStartArray();
            json.WriteEndArray();
            json.WriteEndObject();
        }
    }

    private static void Text(JsonWriter json, string text, bool subtle = false, string? weight = null, string? size = null, string? color = null, bool separator = false)
    {
        json.WriteStartObject();
        json.WritePropertyName("type");
        json.WriteValue("TextBlock");
        json.WritePropertyName("text");
        json.WriteValue(Escape(text));
        json.WritePropertyName("wrap");
        json.WriteValue(true);
        if (subtle)
        {
            json.WritePropertyName("isSubtle");
            json.WriteValue(true);
        }
        if (weight is not null)
        {
            json.WritePropertyName("weight");
            json.WriteValue(weight);
        }
        if (size is not null)
        {
            json.WritePropertyName("size");
            json.WriteValue(size);
        }
        if (color is not null)
        {
            json.WritePropertyName("color");
            json.WriteValue(color);
        }
        if (separator)
        {
            json.WritePropertyName("separator");
            json.WriteValue(true);
            json.WritePropertyName("spacing");
            json.WriteValue("Medium");
        }
        json.WriteEndObject();
    }

    private static void Submit(JsonWriter json, string title, bool primary, Action<JsonWriter> data)
    {
        json.WriteStartObject();
        json.WritePropertyName("type");
        json.WriteValue("Action.Submit");
        json.WritePropertyName("title");
        json.WriteValue(title);
        json.WritePropertyName("data");
        data(json);
        if (primary)
        {
            json.WritePropertyName("style");
            json.WriteValue("positive");
        }
        json.WriteEndObject();
    }

    /// <summary>TextBlocks read a subset of Markdown: answers and names are shown as typed.</summary>
    private static string Escape(string text) => MarkdownText.EscapeCardText(text);

    /// <summary>
    /// One card's writer: {"type":"AdaptiveCard","$schema":…,"version":"1.4","body":[…],"actions":[…]} (no "actions" when
    /// there are none), written unindented into a text buffer kept by the thread.
    /// </summary>
    private sealed class CardWriter : IDisposable
    {
        private readonly StringBuilder _buffer;
        private readonly StringWriter _text;

        public CardWriter()
        {
            _buffer = t_buffer ?? new StringBuilder(4096);
            t_buffer = null;
            _buffer.Clear();
            _text = new StringWriter(_buffer, CultureInfo.InvariantCulture);
            Json = new JsonTextWriter(_text) { Formatting = Formatting.None };
            Json.WriteStartObject();
            Json.WritePropertyName("type");
            Json.WriteValue("AdaptiveCard");
            Json.WritePropertyName("$schema");
            Json.WriteValue("http://adaptivecards.io/schemas/adaptive-card.json");
            Json.WritePropertyName("version");
            Json.WriteValue("1.4");
        }

        public JsonTextWriter Json { get; }

        public void StartBody()
        {
            Json.WritePropertyName("body");
            Json.WriteStartArray();
        }

        public void EndBody() => Json.WriteEndArray();

        public void StartActions()
        {
            Json.WritePropertyName("actions");
            Json.WriteStartArray();
        }

        public void EndActions() => Json.WriteEndArray();

        public JRaw Finish()
        {
            Json.WriteEndObject();
            Json.Flush();
            return new JRaw(_buffer.ToString());
        }

        public void Dispose()
        {
            Json.Close();
            // A buffer grown by one very long summary is not kept.
            if (_buffer.Capacity <= 64 * 1024)
            {
                t_buffer = _buffer;
            }
        }
    }
}
