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
