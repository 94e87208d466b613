using Regin.Core.Normalisation;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Intake;

/// <summary>Who is talking to us: a channel ("email", "msteams", "webchat", ...) and the id the channel gives them.</summary>
public sealed record ContributorKey(string Channel, string ExternalId)
{
    public static ContributorKey ForEmail(string address) => new(Channels.Email, address.Trim().ToLowerInvariant());

    public override string ToString() => $"{Channel}:{ExternalId}";
}

/// <summary>What became of one answer: the normalisation result and whether it is now stored.</summary>
public sealed record AnswerOutcome(NormalisedAnswer Answer, bool Stored)
{
    /// <summary>Refused: not stored, and not an optional question the contributor chose to leave blank ("n/a").</summary>
    public bool Invalid => !Stored && !Answer.Declined;
}

/// <summary>The result of asking to submit: the reference, or the required questions still without an answer.</summary>
public sealed record SubmitOutcome(bool Submitted, string Reference, IReadOnlyList<string> Missing);

/// <summary>The two writers of one practice worked from different versions; the later one must reload and retry.</summary>
public sealed class PracticeConflictException(Guid practiceId, Exception inner)
    : Exception($"The practice {practiceId} was changed by someone else in the meantime; reload it and try again.", inner)
{
    public Guid PracticeId { get; } = practiceId;
}

public sealed class PracticeNotFoundException(Guid practiceId) : Exception($"There is no practice {practiceId}.")
{
    public Guid PracticeId { get; } = practiceId;
}
