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
