namespace Regin.Core.Privacy;

/// <summary>The messages of the contributors' data rights (a copy, an erasure) in the chat and by mail; the hosts validate them at start.</summary>
public static class RightsMessageKeys
{
    /// <summary>What people read in place of an erased contact ("[erased]").</summary>
    public const string ErasedMarker = ContributorErasure.MarkerMessageKey;
    public const string CopyIntro = "rights.copy_intro";
    public const string CopyNone = "rights.copy_none";
    public const string CopyByMail = "rights.copy_by_mail";
    public const string EraseConfirm = "rights.erase_confirm";
    public const string Erased = "rights.erased";
    public const string EraseCancelled = "rights.erase_cancelled";
    public const string MailCopySubject = "rights.mail_copy_subject";
    public const string MailCopy = "rights.mail_copy";
    public const string MailErasedSubject = "rights.mail_erased_subject";
    public const string MailErased = "rights.mail_erased";

    public static IReadOnlyList<string> All { get; } =
        [ErasedMarker, CopyIntro, CopyNone, CopyByMail, EraseConfirm, Erased, EraseCancelled, MailCopySubject, MailCopy, MailErasedSubject, MailErased];
}
