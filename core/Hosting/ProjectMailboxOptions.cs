using System.ComponentModel.DataAnnotations;

namespace Regin.Core.Hosting;

/// <summary>
/// The project mailbox (setting "Mail:Mailbox"): where contributors send their templates, where replies come from, the
/// contact of the privacy notice. Read here only, with one default, by both hosts.
/// </summary>
public sealed class ProjectMailboxOptions
{
    public const string SectionName = "Mail";

    [Required, EmailAddress]
    public string Mailbox { get; set; } = "reginproject@crpm.org";

    /// <summary>The domain of the mailbox (for our own Message-IDs).</summary>
    public string Domain => Mailbox[(Mailbox.IndexOf('@') + 1)..];
}
