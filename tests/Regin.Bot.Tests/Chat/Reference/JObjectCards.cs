using Newtonsoft.Json.Linq;
using Regin.Bot.Chat.Rendering;
using Regin.Core.Conversation;

namespace Regin.Bot.Tests.Chat.Reference;

/// <summary>
/// The cards as session 11 built them, as trees of JObjects (the bot now writes them straight as text,
/// <see cref="AdaptiveCardJson"/>): the reference the written cards are compared with, byte for byte.
/// </summary>
public static class JObjectCards
{
    private const int MaxButtons = AdaptiveCardJson.MaxButtons;

    public static JObject Question(QuestionReply question)
    {
        var body = new JArray
        {
            Text(question.ProgressText, subtle: true, size: "Small"),
            ProgressBar(question.Number, question.Total),
            Text(question.Label, weight: "Bolder", size: "Medium"),
        };
        if (question.Hint.Length > 0)
        {
            body.Add(Text(question.Hint));
        }
        if (question.OptionalText is { } optional)
        {
            body.Add(Text(optional, subtle: true));
        }
        var actions = new JArray();
        switch (question.Kind)
        {
            case AnswerKind.MultiChoice:
            case AnswerKind.SingleChoice when question.Choices.Count > MaxButtons:
                body.Add(new JObject
                {
                    ["type"] = "Input.ChoiceSet",
                    ["id"] = SubmittedValues.CodesField,
                    ["isMultiSelect"] = question.Kind == AnswerKind.MultiChoice,
                    ["style"] = "expanded",
                    ["wrap"] = true,
                    ["choices"] = new JArray(question.Choices.Select(c => new JObject { ["title"] = Escape(c.Label), ["value"] = c.Code })),
                });
                actions.Add(Submit(question.SendLabel, SubmittedValues.Answer(question.QuestionId, null), primary: true));
                break;
            case AnswerKind.SingleChoice:
            case AnswerKind.YesNo:
                foreach (var choice in question.Choices)
                {
                    actions.Add(Submit(choice.Label, SubmittedValues.Answer(question.QuestionId, choice.Code)));
                }
                break;
        }
        return Card(body, actions);
    }

    public static JObject Confirmation(ConfirmationReply confirmation)
    {
        var actions = new JArray();
        foreach (var option in confirmation.Options)
        {
            actions.Add(Submit(option.Label, SubmittedValues.Pick(option.Number)));
        }
        if (confirmation.Options.Count == 0)
        {
            actions.Add(Submit(confirmation.YesLabel, SubmittedValues.Confirm(true), primary: true));
        }
        actions.Add(Submit(confirmation.NoLabel, SubmittedValues.Confirm(false)));
        return Card(new JArray { Text(confirmation.Text) }, actions);
    }

    /// <summary>The answers by section, each with its "change" button.</summary>
    public static JObject Summary(SummaryReply summary)
    {
        var body = new JArray { Text(summary.Title, weight: "Bolder") };
        foreach (var section in summary.Sections)
        {
            body.Add(Text(section.Label, weight: "Bolder", size: "Medium", separator: true));
            foreach (var item in section.Items)
            {
                var answer = new JObject
                {
                    ["type"] = "Column",
                    ["width"] = "stretch",
                    ["items"] = new JArray
                    {
                        // "30\." so that Markdown does not turn the line into a list renumbered from 1.
                        new JObject { ["type"] = "TextBlock", ["text"] = $"{item.Number}\\. {Escape(item.Label)}", ["wrap"] = true, ["weight"] = "Bolder", ["size"] = "Small" },
                        item.Value is { } value ? Text(value) : Text(summary.NotAnsweredText, subtle: true),
                    },
                };
                var change = new JObject
                {
                    ["type"] = "Column",
                    ["width"] = "auto",
                    ["verticalContentAlignment"] = "Center",
                    ["items"] = new JArray
                    {
                        new JObject
                        {
                            ["type"] = "ActionSet",
                            ["actions"] = new JArray { Submit(summary.ChangeLabel, SubmittedValues.Command(summary.ChangeCommand, item.Number.ToString(System.Globalization.CultureInfo.InvariantCulture))) },
                        },
                    },
                };
                body.Add(new JObject { ["type"] = "ColumnSet", ["columns"] = new JArray { answer, change } });
            }
        }
        if (summary.MissingText is { } missing)
        {
            body.Add(Text(missing, color: "Attention", separator: true));
        }
        return Card(body, []);
    }

    private static JObject Card(JArray body, JArray actions)
    {
        var card = new JObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.4",
            ["body"] = body,
        };
        if (actions.Count > 0)
        {
            card["actions"] = actions;
        }
        return card;
    }

    /// <summary>"12 of 31" as a bar: two columns whose widths are the questions done and to go.</summary>
    private static JObject ProgressBar(int current, int total) => new()
    {
        ["type"] = "ColumnSet",
        ["spacing"] = "Small",
        ["columns"] = new JArray
        {
            new JObject { ["type"] = "Column", ["width"] = $"{Math.Max(current, 1)}", ["style"] = "accent", ["minHeight"] = "6px", ["items"] = new JArray() },
            new JObject { ["type"] = "Column", ["width"] = $"{Math.Max(total - current, 1)}", ["style"] = "emphasis", ["minHeight"] = "6px", ["items"] = new JArray() },
        },
    };

    private static JObject Text(string text, bool subtle = false, string? weight = null, string? size = null, string? color = null, bool separator = false)
    {
        var block = new JObject { ["type"] = "TextBlock", ["text"] = Escape(text), ["wrap"] = true };
        if (subtle)
        {
            block["isSubtle"] = true;
        }
        if (weight is not null)
        {
            block["weight"] = weight;
        }
        if (size is not null)
        {
            block["size"] = size;
        }
        if (color is not null)
        {
            block["color"] = color;
        }
        if (separator)
        {
            block["separator"] = true;
            block["spacing"] = "Medium";
        }
        return block;
    }

    private static JObject Submit(string title, JObject data, bool primary = false)
    {
        var action = new JObject { ["type"] = "Action.Submit", ["title"] = title, ["data"] = data };
        if (primary)
        {
            action["style"] = "positive";
        }
        return action;
    }

    /// <summary>TextBlocks read a subset of Markdown: answers and names are shown as typed.</summary>
    private static string Escape(string text) => MarkdownText.EscapeCardText(text);
}
