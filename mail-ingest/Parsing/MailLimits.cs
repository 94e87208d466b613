namespace Regin.MailIngest.Parsing;

/// <summary>
/// What one mail may make the reader do, so every mail is read in time linear in its size: a filled-in template is
/// about 30 kB of text in a few hundred lines, nesting a few levels deep, so these are generous for people and
/// short for poison.
/// </summary>
public static class MailLimits
{
    /// <summary>Characters of one text (body, attachment) that are read; the rest is dropped and said so.</summary>
    public const int MaxTextChars = 1_000_000;
    public const int MaxLines = 20_000;
    /// <summary>A longer line is cut (an answer is at most 5,000 characters anyway).</summary>
    public const int MaxLineLength = 20_000;
    /// <summary>HTML read at all; beyond it the HTML part is skipped.</summary>
    public const int MaxHtmlChars = 4_000_000;
    /// <summary>
    /// HTML given to the parser at most, once its comments and long data: addresses (pasted pictures) are taken out: its
    /// document holds about 4 to 5 times the HTML string's own size and reading it allocates about 10 times (a body of
    /// 1,000,000 characters: 7 to 9 MB held, 18 to 21 MB allocated; `--html-memory` of the mail benchmark), so a bigger
    /// body is refused, said so in the reply (<c>mail.html_unreadable</c>), and kept raw.
    /// </summary>
    public const int MaxHtmlParsedChars = 1_000_000;
    /// <summary>Open HTML elements inside each other; deeper HTML is not parsed (its plain-text part is used, if any).</summary>
    public const int MaxHtmlDepth = 256;
    /// <summary>XML elements inside each other in a Word file's document part.</summary>
    public const int MaxXmlDepth = 256;
    /// <summary>Attachments looked at in one mail (nested mails included).</summary>
    public const int MaxAttachments = 20;
    /// <summary>The longest a quote header line can be ("On Mon, 3 Mar 2025 at 10:00, Name &lt;address&gt; wrote:").</summary>
    public const int MaxMarkerLineLength = 1_000;

    // The header block (the bytes before the first empty line), measured on the raw bytes before any parse
    // (<c>Intake/HeaderBlock.cs</c>, session 49): a block over any of these is refused unparsed (<c>headers_too_large</c>).
    // The numbers and the scan are core's (<see cref="Regin.Core.Intake.MailHeaderBounds"/>, session 53), whose reminder
    // scheduler reads a stored mail's Date header under the same bounds; why they are what they are is written there.

    /// <summary>Bytes of the header block.</summary>
    public const int MaxHeaderBytes = Regin.Core.Intake.MailHeaderBounds.MaxHeaderBytes;
    /// <summary>Lines of the header block (folded continuation lines counted).</summary>
    public const int MaxHeaderLines = Regin.Core.Intake.MailHeaderBounds.MaxHeaderLines;
    /// <summary>Bytes of one header field, its folded lines together.</summary>
    public const int MaxHeaderFieldBytes = Regin.Core.Intake.MailHeaderBounds.MaxHeaderFieldBytes;
    /// <summary>Encoded words ("=?charset?B?...?=") in the header block.</summary>
    public const int MaxEncodedWords = Regin.Core.Intake.MailHeaderBounds.MaxEncodedWords;
}
