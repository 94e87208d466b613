namespace Regin.Core.Persistence.PostgreSql;

/// <summary>New practices numbered from a sequence on PostgreSQL (<see cref="TakePracticeNumber"/>).</summary>
public sealed partial class PostgreSqlDatabaseProvider
{
    /// <summary>The sequence new practices take their numbers from (migration PracticeNumberSequence).</summary>
    public const string PracticeNumberSequence = "practice_numbers";

    /// <summary>
    /// The next value of <see cref="PracticeNumberSequence"/>, with no lock: concurrent new drafts, on any host, no
    /// longer queue behind one another's commit (a chat's first answer held the number's lock to its turn's commit, so
    /// 100 first answers arriving together waited turn by turn). A draft rolled back leaves its number unused: numbers
    /// may skip. Should a number have been stored without the sequence (a practice inserted with its own number), the
    /// sequence is set past the largest one stored and that number is taken. In a rehearsal the unqualified name finds the
    /// session's own temporary sequence (<see cref="OpenRehearsalDatabaseAsync"/>), as its table names find the copies.
    /// </summary>
    public override string TakePracticeNumber(string practices, string number) =>
        $"WITH taken AS (SELECT nextval('{PracticeNumberSequence}') AS next, (SELECT COALESCE(MAX({number}), 0) FROM {practices}) AS stored) "
        + $"SELECT CASE WHEN next > stored THEN next ELSE setval('{PracticeNumberSequence}', stored + 1) END FROM taken";

    public override bool NumbersPracticesUnderLock => false;

    /// <summary>
    /// The sequence's current value in this session: what <see cref="TakePracticeNumber"/> took just before, by
    /// <c>nextval</c> or by the two-argument <c>setval</c> (which sets it too); another session's numbers never change it.
    /// In a rehearsal the unqualified name finds the session's temporary sequence, as <see cref="TakePracticeNumber"/>'s does.
    /// </summary>
    public override string? PracticeNumberTaken => $"currval('{PracticeNumberSequence}')";
}
