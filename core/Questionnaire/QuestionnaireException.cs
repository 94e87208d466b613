namespace Regin.Core.Questionnaire;

/// <summary>The questionnaire file is not usable; <see cref="Problems"/> names each place that is wrong.</summary>
public sealed class QuestionnaireException(string source, IReadOnlyList<string> problems)
    : Exception($"The questionnaire {source} is not valid:{Environment.NewLine}- {string.Join(Environment.NewLine + "- ", problems)}")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
