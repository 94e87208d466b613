using System.Globalization;

namespace Regin.Core.Conversation.Commands;

/// <summary>
/// "back": the question before the one on screen. With a count ("go back two", "zwei Fragen zurück", "back 2": the parser
/// reads a number before the back word or right after it as a count) that many questions back, said with where it went, so
/// that a contributor who meant question 2 itself sees it and how to get there ("change 2").
/// </summary>
public sealed class BackCommand(ConversationFlow flow) : IConversationCommand
{
    public string Name => CommandNames.Back;

    public bool Accepts(CommandMatch match) => Count(match.Argument) is not null;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        var question = flow.Current(turn);
        var index = flow.IndexOf(question);
        if (index == 0)
        {
            turn.Say(flow.Text(ConversationMessageKeys.BackAtStart, turn.Language));
            flow.Ask(turn, question);
            return Task.CompletedTask;
        }
        var count = Count(command.Argument) ?? 1;
        var target = index;
        var steps = 0;
        for (; steps < count && target > 0; steps++)
        {
            // A question the answers make senseless (the role's details after "none") was not asked: not a step back.
            do
            {
                target--;
            }
            while (target > 0 && flow.NotAsked(turn, flow.Questions[target]));
        }
        if (count > 1 && steps == count)
        {
            turn.Say(flow.Text(ConversationMessageKeys.BackSteps, turn.Language,
                ("count", count.ToString(CultureInfo.InvariantCulture)), ("number", (target + 1).ToString(CultureInfo.InvariantCulture))));
        }
        flow.AskLeftOpen(turn, flow.Questions[target]);
        return Task.CompletedTask;
    }

    /// <summary>A count of questions back: 1 to 99 in digits.</summary>
    private static int? Count(string argument) =>
        argument.Length is > 0 and <= 2 && argument.All(char.IsAsciiDigit) && int.Parse(argument, CultureInfo.InvariantCulture) is > 0 and var count ? count : null;
}
