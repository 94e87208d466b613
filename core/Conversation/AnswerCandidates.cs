using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;

namespace Regin.Core.Conversation;

/// <summary>A value the contributor may have meant: what is recorded when they say yes, and how it is shown ("Puglia (ITF4)").</summary>
public sealed record SuggestedAnswer(string Answer, string Display);

/// <summary>
/// Where "Did you mean …?" comes from: for an answer the normaliser did not take as written (a typo in a region, a
/// country or a choice), one clear candidate to confirm or several to choose from; empty when there is nothing to ask.
/// </summary>
public interface IAnswerCandidateFinder
{
    IReadOnlyList<SuggestedAnswer> Find(Question question, NormalisedAnswer answer, string language);
}

/// <summary>The normaliser's own typo candidates (<see cref="NormalisedAnswer.NeedsConfirmation"/>), as answers to record.</summary>
public sealed class NormaliserCandidates : IAnswerCandidateFinder
{
    public IReadOnlyList<SuggestedAnswer> Find(Question question, NormalisedAnswer answer, string language)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return !answer.NeedsConfirmation ? []
            : answer.Candidates.Select(c => new SuggestedAnswer(AsText(c.Value), c.Display)).ToList();
    }

    /// <summary>A code as the normaliser reads it back: "ITF4", or "education, health" for several.</summary>
    internal static string AsText(System.Text.Json.Nodes.JsonNode value) => value switch
    {
        System.Text.Json.Nodes.JsonArray codes => string.Join(", ", codes.Select(code => code?.GetValue<string>())),
        System.Text.Json.Nodes.JsonValue single when single.TryGetValue<string>(out var text) => text,
        _ => value.ToJsonString(),
    };
}
