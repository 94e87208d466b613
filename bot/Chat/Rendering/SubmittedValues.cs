using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Regin.Core.Conversation;

namespace Regin.Bot.Chat.Rendering;

/// <summary>
/// The data of the cards' Action.Submit buttons, and how a submitted activity's value is read back:
/// {"regin": "answer", "question": "integration_areas", "codes": "education,language"} (Input.ChoiceSet joins ticked
/// values with commas), {"regin": "command", "command": "change", "argument": "7"}, {"regin": "confirm", "yes": true},
/// {"regin": "pick", "option": 2}. Anything else is no value (the text, if any, is read instead).
/// </summary>
public static class SubmittedValues
{
    public const string CodesField = "codes";
    private const string Kind = "regin";

    public static JObject Answer(string questionId, string? code)
    {
        var data = new JObject { [Kind] = "answer", ["question"] = questionId };
        if (code is not null)
        {
            data[CodesField] = code;
        }
        return data;
    }

    public static JObject Command(string command, string argument) => new() { [Kind] = "command", ["command"] = command, ["argument"] = argument };

    public static JObject Confirm(bool yes) => new() { [Kind] = "confirm", ["yes"] = yes };

    public static JObject Pick(int option) => new() { [Kind] = "pick", ["option"] = option };

    /// <summary><see cref="Answer"/> written where a card's JSON is being written.</summary>
    internal static void WriteAnswer(JsonWriter json, string questionId, string? code)
    {
        json.WriteStartObject();
        json.WritePropertyName(Kind);
        json.WriteValue("answer");
        json.WritePropertyName("question");
        json.WriteValue(questionId);
        if (code is not null)
        {
            json.WritePropertyName(CodesField);
            json.WriteValue(code);
        }
        json.WriteEndObject();
    }

    /// <summary><see cref="Command"/> written where a card's JSON is being written.</summary>
    internal static void WriteCommand(JsonWriter json, string command, string argument)
    {
        json.WriteStartObject();
        json.WritePropertyName(Kind);
        json.WriteValue("command");
        json.WritePropertyName("command");
        json.WriteValue(command);
        json.WritePropertyName("argument");
        json.WriteValue(argument);
        json.WriteEndObject();
    }

    /// <summary><see cref="Confirm"/> written where a card's JSON is being written.</summary>
    internal static void WriteConfirm(JsonWriter json, bool yes)
    {
        json.WriteStartObject();
        json.WritePropertyName(Kind);
        json.WriteValue("confirm");
        json.WritePropertyName("yes");
        json.WriteValue(yes);
        json.WriteEndObject();
    }

    /// <summary><see cref="Pick"/> written where a card's JSON is being written.</summary>
    internal static void WritePick(JsonWriter json, int option)
    {
        json.WriteStartObject();
        json.WritePropertyName(Kind);
        json.WriteValue("pick");
        json.WritePropertyName("option");
        json.WriteValue(option);
        json.WriteEndObject();
    }

    public static SubmittedValue? Read(object? value)
    {
        if (value is not JObject data || data.Value<string>(Kind) is not { } kind)
        {
            return null;
        }
        return kind switch
        {
            "answer" when data.Value<string>("question") is { Length: > 0 } question =>
                new AnswerSubmitted(question, (data[CodesField]?.Type == JTokenType.String ? data.Value<string>(CodesField) ?? "" : "")
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            "command" when data.Value<string>("command") is { Length: > 0 } command => new CommandSubmitted(command, data.Value<string>("argument") ?? ""),
            "confirm" when data["yes"]?.Type == JTokenType.Boolean => new ConfirmationSubmitted(data.Value<bool>("yes")),
            "pick" when data["option"]?.Type == JTokenType.Integer => new OptionPicked(data.Value<int>("option")),
            _ => null,
        };
    }
}
