using System.Globalization;

namespace Regin.Core.Conversation.Commands;

/// <summary>
/// "change 7": asks question 7 again, then comes back to the question on screen. Several numbers ("the dates" are the start
/// and the end date) ask each in turn before coming back.
/// </summary>
public sealed class ChangeCommand(ConversationFlow flow) : IConversationCommand
{
    public string Name => CommandNames.Change;

    /// <summary>Only numbers ("change 7", "change #7"): "change of tenant" is an answer.</summary>
    public bool Accepts(CommandMatch match) => Numbers(match.Argument) is not null;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        if (Numbers(command.Argument) is not { } numbers)
        {
            turn.Say(flow.Text(ConversationMessageKeys.ChangeUsage, turn.Language));
            return Task.CompletedTask;
        }
        if (numbers.Where(n => n < 1 || n > flow.Questions.Count).Cast<int?>().FirstOrDefault() is { } unknown)
        {
            turn.Say(flow.Text(ConversationMessageKeys.ChangeUnknown, turn.Language, ("number", unknown), ("total", flow.Questions.Count)));
            return Task.CompletedTask;
        }
        var named = numbers.Select(n => flow.Questions[n - 1].Id).Distinct(StringComparer.Ordinal).ToList();
        turn.Progress.ReturnTo ??= turn.Progress.QuestionId;
        turn.Progress.Skipped.RemoveAll(named.Contains);
        turn.Progress.ThenAsk = named.Skip(1).ToList();
        flow.AskLeftOpen(turn, flow.Find(named[0])!);
        return Task.CompletedTask;
    }

    /// <summary>The question numbers of an argument ("7", "#7", "13 14"); null when it holds anything else.</summary>
    private static List<int>? Numbers(string argument)
    {
        var numbers = new List<int>();
        foreach (var part in argument.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var digits = part.TrimStart('#', 'n', 'N', '°', 'º', '.');
            if (digits.Length == 0)
            {
                continue; // "# 7", "n° 7"
            }
            if (digits.Length > 6 || !digits.All(char.IsAsciiDigit))
            {
                return null;
            }
            numbers.Add(int.Parse(digits, CultureInfo.InvariantCulture));
        }
        return numbers.Count > 0 ? numbers : null;
    }
}
