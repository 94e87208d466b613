namespace Regin.Core.Normalisation;

/// <summary>Why an answer or a practice is flagged for researchers (stable codes; shown in the review screens).</summary>
public static class FlagReasons
{
    public const string RegionUnknown = "region_unknown";
    public const string CurrencyNotEuro = "currency_not_euro";
    /// <summary>An amount given per year with no number of years beside it ("ca. 20.000 € pro Jahr"): the budget asked for is
    /// the total, so it is kept as typed (the detail: the yearly amount in euro) for a researcher (lang48).</summary>
    public const string AmountPerYear = "amount_per_year";
    /// <summary>A count of one group or course ("ca. 40 TN pro Kurs"), not of the people reached: kept as typed (the detail:
    /// the number) for a researcher (lang48).</summary>
    public const string CountPerGroup = "count_per_group";
    /// <summary>A count of families or households alone at the people reached ("about 120 families", "300 οικογένειες"): no
    /// number of people, kept as typed (the detail: the words) and the people asked; once they are given, the families stay
    /// beside them as an <see cref="AnswerRemark"/> (lang53).</summary>
    public const string CountHouseholds = "count_households";
    public const string ChoiceUnrecognised = "choice_unrecognised";
    /// <summary>A yes or a no with a reservation ("yes, but not my phone number"): a researcher reads and honours it.</summary>
    public const string AnswerWithCondition = "answer_with_condition";
    /// <summary>A remark written beside an answer and kept out of its value ("Ana Ruiz (investigadora)": the role beside the
    /// name): a researcher reads it.</summary>
    public const string AnswerRemark = "answer_remark";
    public const string SenderNotAuthenticated = "sender_not_authenticated";
    /// <summary>A mail from a sender nobody authenticated named this practice: kept for researchers, nothing changed.</summary>
    public const string UnverifiedUpdate = "unverified_update";
    /// <summary>
    /// One answer a mail our server does not vouch for proposed, in the practice's thread, held instead of applied (session
    /// 48): on the question, its <c>Detail</c> is the evidence (<see cref="HeldChange.Evidence"/>), a line break, and
    /// exactly the text proposed. A researcher accepts it (the text recorded as a researcher's edit, the evidence in the
    /// history) or rejects it (the refusal in the history).
    /// </summary>
    public const string ChangeHeld = "change_held";
    /// <summary>
    /// A new contact e-mail a researcher accepted from a held change (session 50): the answer is recorded, but replies,
    /// reminders and notices still go to the old, verified address until an authenticated mail from the new one arrives in
    /// the practice's thread, or a researcher closes this flag as verified. Its <c>Detail</c> is the new address, a line
    /// break, and the explanation (<see cref="ContactAddressChange"/>).
    /// </summary>
    public const string ContactEmailUnconfirmed = "contact_email_unconfirmed";
    /// <summary>The contributor wrote again about this practice after it was submitted: kept for researchers, nothing changed.</summary>
    public const string MailAfterSubmission = "mail_after_submission";
    /// <summary>
    /// A mail hid text from its reader (white on white, display:none, Word's hidden runs): that text was not read as
    /// answers, and a researcher checks the raw mail (kept) before trusting the rest.
    /// </summary>
    public const string HiddenText = "hidden_text";
    /// <summary>
    /// A mail's text turned to junk partway (base64 followed by characters no encoder writes: damaged on its way, or an
    /// attacker's): what came before it was read and the rest was not; a researcher checks the raw mail (kept) (mail57).
    /// </summary>
    public const string BodyDamaged = "body_damaged";
    /// <summary>
    /// The answers came in a mail the sender forwarded or attached (a colleague's filled template): the detail names the
    /// forwarder and whose address the contact e-mail became (the template's, the forwarded mail's From, or none yet) (mail57).
    /// </summary>
    public const string ForwardedBy = "forwarded_by";
    /// <summary>
    /// The mail's sender looks like the project (a look-alike of our domain, a display name or address claiming it, a
    /// Reply-To leading elsewhere beside them): processed as any stranger's, flagged as phishing-like for researchers.
    /// </summary>
    public const string SenderLookalike = "sender_lookalike";
    /// <summary>
    /// The mail's From display name is a known contributor's ("Alice Example"), its address none of theirs: processed as
    /// any sender's (a person may have two addresses), flagged so a researcher does not take the draft for theirs.
    /// </summary>
    public const string SenderNameOfContributor = "sender_name_of_contributor";
    /// <summary>
    /// The contact name typed in the mail's answers is a known contributor's, its sender none of theirs: the same person
    /// from another address, a namesake, or an impostor; the answers are recorded, a researcher asks the known contributor.
    /// </summary>
    public const string ContactNameOfContributor = "contact_name_of_contributor";
    /// <summary>
    /// The mail came under the Message-ID of a mail stored before, with another body or other author headers (a stranger's
    /// mail under a contributor's id, or a mail program that reuses ids): kept and read as a mail of its own, never as the
    /// first one; a researcher knows its id proves nothing.
    /// </summary>
    public const string MessageIdReused = "message_id_reused";
    /// <summary>
    /// One mail answered a question twice the same sure way (its key twice, the template's label twice: the template pasted
    /// twice, or a correction written below the first answer): the later answer was kept and the sender told; a researcher
    /// may look at the raw mail for the other (session 45).
    /// </summary>
    public const string AnsweredTwice = "answered_twice";
    /// <summary>
    /// A mail answered a question with a promise ("Budget: folgt", "à venir", "lo mandiamo dopo", "to follow"): no answer,
    /// and the draft is not submitted while a promised question has none; the reply says what we wait for (session 46).
    /// The flag is resolved when an answer to the question arrives.
    /// </summary>
    public const string AnswerPromised = "answer_promised";
    /// <summary>
    /// A place read from a first mail's sentence ("Vi driver ett projekt i Malmö sedan 2021") as the practice's region (and
    /// its country): a guess the contributor was asked to confirm; her own answer to the question closes it (session 48).
    /// </summary>
    public const string PlaceGuessed = "place_guessed";
    /// <summary>
    /// An answer read from the sentences of a first mail with no template ("Vi heter Umeå kommun, projektet heter Språkvän,
    /// vi har hållit på sedan 2019"), not typed for its question: the reply listed it to check (session 51). Its detail
    /// holds the words it was read from; the contributor's own answer to the question closes it.
    /// </summary>
    public const string ReadFromProse = "read_from_prose";
    /// <summary>
    /// An answer offered from the mail's signature (the organisation, the phone under the name) where the template left the
    /// question empty: the reply asks to confirm it (session 51); her own answer to the question closes it.
    /// </summary>
    public const string ReadFromSignature = "read_from_signature";
    /// <summary>
    /// How the detail of a <see cref="SenderLookalike"/> or <see cref="SenderNameOfContributor"/> flag begins when the mail
    /// only named the practice and changed nothing of it (a stranger's unverified mail, a closed practice, no answers):
    /// its contact is still its contributor's, so it stays among the known names and domains, which an impostor could
    /// otherwise empty by naming practices. At the start, before any text of the mail's, so no mail can write it.
    /// </summary>
    public const string NamedOnlyDetailPrefix = "named only by ";
    /// <summary>
    /// In the detail of a flag that like mails of a flood were counted on (session 49/50: "… [11 more like it, the last mail
    /// #27 from x@y: "STOP"]"); the practice page then lists the held mails that name the practice.
    /// </summary>
    public const string CountedMarker = " more like it, the last mail #";
    /// <summary>
    /// The contact e-mail was typed with format characters (zero-width, right-to-left override: "x@evil.example\u202Emoc.knab"
    /// shows as another address): stored without them, flagged so a researcher checks the raw mail before writing (mail59).
    /// </summary>
    public const string ContactEmailInvisible = "contact_email_invisible";
    /// <summary>
    /// A mail by Italian certified mail (PEC) whose certified sender is not the From of the mail inside: read as the certified
    /// sender's and answered there; the detail names both (mail59).
    /// </summary>
    public const string PecSenderDiffers = "pec_sender_differs";
}

/// <summary>The evidence and the exact text of a <see cref="FlagReasons.ChangeHeld"/> flag, as its Detail holds them.</summary>
public readonly record struct HeldChange(string Evidence, string Text)
{
    /// <summary>The flag's Detail: the evidence on one line, then the text as proposed.</summary>
    public string Detail => Evidence.ReplaceLineEndings(" ") + "\n" + Text;

    /// <summary>The evidence and the text of a held change's Detail; false for a Detail not written so.</summary>
    public static bool TryRead(string? detail, out HeldChange held)
    {
        var cut = detail?.IndexOf('\n', StringComparison.Ordinal) ?? -1;
        held = cut < 0 ? default : new HeldChange(detail![..cut], detail[(cut + 1)..]);
        return cut >= 0;
    }
}

/// <summary>
/// A contact e-mail change waiting for its new address to confirm (<see cref="FlagReasons.ContactEmailUnconfirmed"/>): the
/// address is the first line of the flag's Detail.
/// </summary>
public static class ContactAddressChange
{
    /// <summary>The kind of the notice sent to the old address when a researcher accepts a new one.</summary>
    public const string NoticeKind = "contact_change_accepted";

    /// <summary>The history's kind when the new address confirms (its own mail in the thread, or a researcher).</summary>
    public const string Confirmed = "contact_email_confirmed";

    /// <summary>The flag's Detail for <paramref name="address"/>, replacing <paramref name="old"/> once it confirms.</summary>
    public static string Detail(string address, string old) =>
        $"{address}\nnew contact address accepted, not yet used: replies, reminders and notices still go to {old} until a mail from {address} "
        + "arrives in this practice's thread, or a researcher closes this flag as verified";

    /// <summary>The open unconfirmed flag of <paramref name="practice"/> and the address it waits for, or null.</summary>
    public static (Regin.Core.Persistence.Entities.Flag Flag, string Address)? Pending(Regin.Core.Persistence.Entities.Practice practice)
    {
        System.ArgumentNullException.ThrowIfNull(practice);
        var flag = practice.Flags.LastOrDefault(f => f.Reason == FlagReasons.ContactEmailUnconfirmed && !f.Resolved && f.Detail is not null);
        var cut = flag?.Detail!.IndexOf('\n', System.StringComparison.Ordinal) ?? -1;
        return flag is null || cut <= 0 ? null : (flag, flag.Detail![..cut].Trim());
    }
}
