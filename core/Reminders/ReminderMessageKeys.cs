namespace Regin.Core.Reminders;

/// <summary>The reminders' messages (texts in the locale files, "reminders.*").</summary>
public static class ReminderMessageKeys
{
    public const string Subject = "reminders.subject";
    public const string Chat = "reminders.chat";
    public const string Mail = "reminders.mail";
    public const string Progress = "reminders.progress";
    public const string ProgressOne = "reminders.progress_one";
    /// <summary>The questions whose answers the contributor promised (open <c>answer_promised</c> flags), after the progress.</summary>
    public const string Promised = "reminders.promised";
    public const string Stopped = "reminders.stopped";
    public const string StoppedNoDraft = "reminders.stopped_no_draft";

    public static IReadOnlyList<string> All { get; } = [Subject, Chat, Mail, Progress, ProgressOne, Promised, Stopped, StoppedNoDraft];
}
