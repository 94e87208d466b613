using System.Globalization;

namespace Regin.Core.Conversation.Commands;

/// <summary>"change 7": asks question 7 again, then comes back to the question on screen.</summary>
public sealed class ChangeCommand(ConversationFlow flow) : IConversationCommand
{
    public string Name => CommandNames.Change;

    /// <summary>Only a number ("change 7", "change #7"): "change of tenant" is an answer.</summary>
    public bool Accepts(CommandMatch match) => Number(match.Argument) is not null;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        if (Number(command.Argument) is not { } number)
        {
            turn.Say(flow.Text(ConversationMessageKeys.ChangeUsage, turn.Language));
            return Task.CompletedTask;
        }
        if (number < 1 || number > flow.Questions.Count)
        {
            turn.Say(flow.Text(ConversationMessageKeys.ChangeUnknown, turn.Language, ("number", number), ("total", flow.Questions.Count)));
            return Task.CompletedTask;
        }
        var question = flow.Questions[number - 1];
        turn.Progress.ReturnTo ??= turn.Progress.QuestionId;
        turn.Progress.Skipped.Remove(question.Id);
        flow.Ask(turn, question);
        return Task.CompletedTask;
    }

    private static int? Number(string argument)
    {
        var digits = argument.Trim().TrimStart('#', 'n', 'N', '°', 'º', '.').Trim();
        return digits.Length is > 0 and <= 6 && digits.All(char.IsAsciiDigit) ? int.Parse(digits, CultureInfo.InvariantCulture) : null;
    }
}
