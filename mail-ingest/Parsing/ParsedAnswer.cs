namespace Regin.MailIngest.Parsing;

/// <summary>One answer found in a mail: the question, the words as written, and how the question was recognised.</summary>
public sealed record ParsedAnswer(string QuestionId, string Text, string RecognisedBy)
{
    /// <summary>
    /// The words the answer was taken from, when more than <see cref="Text"/>: a signature's line of two phones ("Tel.: +351 21
    /// 123 4567 | Telm.: +351 912 345 678") whose first is offered; the flag for the researcher quotes them (session 52).
    /// </summary>
    public string? From { get; init; }

    /// <summary>
    /// The format characters (zero-width, bidi controls) dropped from the words of an e-mail address answer, as code points
    /// ("U+200B U+202E"): the address stored is not the one the reader saw; the practice is flagged (mail59).
    /// </summary>
    public string? Invisible { get; init; }
}

/// <summary>
/// What a mail held: the answers (in the order found; within one text, of two answers to one question named the same sure
/// way the later is kept, see <see cref="AnsweredTwice"/>; else the first, unless only the second was given by its key, and
/// the other is in <see cref="Repeated"/>; across the body and an
/// attachment, the later part's answer replaces the earlier's), the template's language as recognised from its labels,
/// and notes on what was found or refused.
/// </summary>
public sealed record ParsedMail
{
    public IReadOnlyList<ParsedAnswer> Answers { get; init; } = [];
    /// <summary>The language most labels were written in; null when no label was recognised.</summary>
    public string? Language { get; init; }
    /// <summary>More than one language's labels were found (a template half in Italian, half in English).</summary>
    public bool MixedLanguages { get; init; }
    /// <summary>Where the answers came from: body, forwarded, attachment:name.docx ...</summary>
    public string Source { get; init; } = "";
    /// <summary>Attachments or parts that could not be read, with the reason (macro_enabled, encrypted, too_large ...).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
    /// <summary>Lines just below a one-line answer that no question took ("Web site: www.x.eu" under an unknown name): not
    /// recorded, and named in the reply so the sender can send them again under the right key.</summary>
    public IReadOnlyList<string> Unplaced { get; init; } = [];
    /// <summary>The lines of a second answer to a question already answered, each after the question's key ("[Q16]
    /// Ωφελούμενοι: 50 οικογένειες"): not recorded, and named in the reply.</summary>
    public IReadOnlyList<string> Repeated { get; init; } = [];
    /// <summary>The questions one text answered twice the same sure way (their key twice, or the template's label twice): the
    /// later answer was kept, and the reply and a flag on the practice say so (session 45).</summary>
    public IReadOnlyList<string> AnsweredTwice { get; init; } = [];
    /// <summary>The newest text of the mail's own body (quotes cut), at most <see cref="MaxNewestText"/> characters: "STOP" is read from it.</summary>
    public string NewestText { get; init; } = "";

    public const int MaxNewestText = 500;

    /// <summary>The mail's own body holds our reply under no mark and no quote header: a robot's echo of it, or a bounce as text.</summary>
    public bool EchoesOurReply { get; init; }
    /// <summary>The text part answers otherwise than the HTML a mail program shows, which was read: both quoted (session 50).</summary>
    public string? PartsDisagree { get; init; }
    /// <summary>The PEC provider whose envelope this mail came in (mail59, <see cref="Intake.PecEnvelope"/>); null for any other mail.</summary>
    public string? CertifiedBy { get; init; }
    /// <summary>The From the mail inside a PEC envelope claims when it is not the sender the provider certified.</summary>
    public string? CertifiedOtherFrom { get; init; }

    /// <summary>The answers were read from the sentences of a reply to our mail (<see cref="ProseAnswers"/>), no template line in it.</summary>
    public bool FromProse { get; init; }

    /// <summary>
    /// The address of the mail the answers were forwarded in or attached as: an attached .eml's From, or the From line of an
    /// inline forward's header block ("Von: Jana Novak &lt;jana@…&gt;"); null when they are the sender's own or it names none.
    /// The template's contact when it gives no contact e-mail of its own (session 57), never the forwarder's address.
    /// </summary>
    public string? ForwardedFrom { get; init; }

    /// <summary>The display name of that mail's author ("Julia Weber", also from a From line naming no address), or null:
    /// the template's contact name when it gives none of its own (session 58).</summary>
    public string? ForwardedFromName { get; init; }
}
