namespace Regin.Core.Reminders;

/// <summary>
/// The reminder state of one open draft (table draft_reminders): how many reminders went out since the contributor's
/// last activity, and whether they asked for none. <see cref="Version"/> is the claim: a scheduler sends reminder N only
/// by moving it from the version it read to the next one in one conditional update, so two schedulers (two hosts, or
/// a restart in between) never queue the same reminder twice.
/// </summary>
public sealed class DraftReminder
{
    public Guid PracticeId { get; set; }
    /// <summary>The contributor's last activity the count refers to (their last message or mail, else the draft's start).</summary>
    public DateTimeOffset ActivityAt { get; set; }
    /// <summary>Reminders queued since <see cref="ActivityAt"/>; a newer activity starts the count again.</summary>
    public int Sent { get; set; }
    public DateTimeOffset? LastSentAt { get; set; }
    /// <summary>When the contributor said "no reminders" (chat) or STOP (mail); none are sent for this draft after it.</summary>
    public DateTimeOffset? StoppedAt { get; set; }
    /// <summary>Raised by every change; a change is applied only where the row still has the version its writer read.</summary>
    public int Version { get; set; }
}
