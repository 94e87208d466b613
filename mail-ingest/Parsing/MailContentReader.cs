using System.Text;
using MimeKit;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// Finds the filled-in template in a whole mail: the newest text of the body (plain, or HTML converted), a forwarded
/// mail, .txt, .docx and .odt attachments, and attached messages (to a bounded depth). Attachments come first and the
/// body's own words last, so what the sender typed now wins over an older copy. Everything it reads is bounded
/// (<see cref="MailLimits"/>) and it stops when <c>cancellationToken</c> says the mail's time is up.
/// </summary>
public sealed partial class MailContentReader(TemplateTextParser textParser, DocxAnswerReader docxReader, OdtAnswerReader odtReader, Regin.Core.Localisation.Texts locales,
    Microsoft.Extensions.Options.IOptions<Regin.Core.Hosting.ProjectMailboxOptions> mailbox, ProseAnswers prose)
{
    public const int MaxNestedMessages = 3;
    public const long MaxAttachmentBytes = 10L * 1024 * 1024;
    /// <summary>The source of answers read from a first mail's sentences: its reply is short, the rest is in the template (session 48).</summary>
    public const string ProseFirstMail = "body#prose_first";
    /// <summary>The problem of a mail whose HTML body hid text from its reader (a Word file's is "hidden_text:{file}").</summary>
    public const string HiddenTextInHtml = "hidden_text:html";
    /// <summary>The problem of a mail whose HTML body is too large or too deep to read (said in the reply).</summary>
    public const string HtmlUnreadable = "html_too_deep_or_large";

    /// <summary>The mail programs' words this reader knows (quote headers, sign-offs, out-of-office phrases).</summary>
    public MailMarkers Markers => textParser.Markers;

    public ParsedMail Read(MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var reading = new Reading(cancellationToken);
        var parsed = Read(message, reading, cancellationToken);
        if (parsed.Answers.LastOrDefault(a => a.QuestionId == LeadOrganisationId) is { } lead && !parsed.Answers.Any(a => a.QuestionId == PartnersId)
            && prose.OrganisationAndPartners(LeadOrganisationId, lead.Text, parsed.Language ?? locales.GuessLanguage(lead.Text) ?? textParser.Catalog.Questionnaire.DefaultLanguage) is ({ } organisation, { } partners))
        {
            // "Φορέας: Δήμος Μυτιλήνης σε συνεργασία με την ΜΚΟ Αλληλεγγύη" with the partners' line empty: the organisation is
            // the leading one, the partners are offered for their question (the reply asks to confirm; session 51).
            parsed = parsed with { Answers = [.. parsed.Answers.Select(a => ReferenceEquals(a, lead) ? a with { Text = organisation } : a), new ParsedAnswer(PartnersId, partners, ProseAnswers.PartnersOfOrganisation)] };
        }
        if (parsed.Answers.LastOrDefault(a => a.QuestionId == BudgetId) is { } budget && !parsed.Answers.Any(a => a.QuestionId == FundingSourcesId)
            && prose.FundingOfBudget(budget.Text, parsed.Language ?? locales.GuessLanguage(budget.Text) ?? textParser.Catalog.Questionnaire.DefaultLanguage) is ({ } funding, var amount))
        {
            // "Προϋπολογισμός: 80.000 € από το ΕΣΠΑ και τον Δήμο": the sources named after the amount answer their own question,
            // the amount the budget's (the whole line stays in the raw mail).
            parsed = parsed with { Answers = [.. parsed.Answers.Select(a => ReferenceEquals(a, budget) && amount is not null ? a with { Text = amount } : a), funding] };
        }
        // Beside a template's or a Word file's answers, or alone in a reply to our mail ("Budget muss ich noch mit der Abteilung
        // klären, melde mich nächste Woche": session 49, it was "no answers" and the template again).
        if ((parsed.Answers.Count > 0 || AnswersOurMail(message)) && !reading.EchoesOurReply && reading.Own.Length > 0
            && prose.ReadPromises(reading.Own, textParser.Markers, cancellationToken) is { Count: > 0 } promises
            && promises.Where(p => !parsed.Answers.Any(a => a.QuestionId == p.QuestionId)).ToList() is { Count: > 0 } open)
        {
            // "ci-joint la fiche, le budget suivra": the promise beside the Word file's answers holds the draft open for it.
            return parsed with { Answers = [.. parsed.Answers, .. open] };
        }
        return parsed;
    }

    private ParsedMail Read(MimeMessage message, Reading reading, CancellationToken cancellationToken)
    {
        Collect(Unsigned(message, reading), reading, depth: 0);
        var merged = Merge(reading.Found, reading.Problems, textParser.Catalog.Questionnaire) with { NewestText = reading.Newest, EchoesOurReply = reading.EchoesOurReply, PartsDisagree = reading.Disagreement };
        if (merged.Answers.Count == 0 && !reading.EchoesOurReply && QuotedFilledTemplate(reading) is { } quoted)
        {
            // "Σας προωθώ τη φόρμα" above Outlook's "-----Original Message-----" blocks: the own text answers nothing, so the
            // newest quoted mail holding a filled template is the mail's answers (session 50: read as history, the template
            // was sent back). Only a colleague's mail: ours quoted back is never read as answers.
            reading.Found.Add(quoted);
            merged = Merge(reading.Found, reading.Problems, textParser.Catalog.Questionnaire) with { NewestText = reading.Newest, EchoesOurReply = reading.EchoesOurReply, PartsDisagree = reading.Disagreement };
        }
        if (!reading.EchoesOurReply && reading.Asked.Count > 0 && reading.Own.Length > 0 && AnswersOurMail(message)
            && NumberedAnswers(reading.Own, reading.Asked) is { Count: > 0 } numbered
            && numbered.Where(n => !merged.Answers.Any(a => a.QuestionId == n.QuestionId)).ToList() is { Count: > 0 } byNumber)
        {
            // "1. 2022 2. ναι 3. 45.000": the answers to the questions our quoted reply asked, by their place in its lists (session 47).
            merged = merged with { Answers = [.. merged.Answers, .. byNumber], Source = merged.Source.Length > 0 ? merged.Source : "body#numbered" };
        }
        if (merged.Answers.Count == 0 && !reading.EchoesOurReply && reading.Own.Length > 0 && AnswersOurMail(message)
            && prose.ReadReply(reading.Own, textParser.Markers, cancellationToken) is { Count: > 0 } sentences)
        {
            // No template line in a reply to our mail, but sentences naming questions ("the region is Munster, we started in
            // March 2021"): their facts, read where the reading is safe; the reply says so and asks for the rest (session 43).
            return merged with { Answers = sentences, Source = "body#prose", FromProse = true };
        }
        if (merged.Answers.Count == 0 && merged.Problems.Count == 0 && !reading.EchoesOurReply && reading.Own.Length > 0 && !AnswersOurMail(message)
            && prose.ReadFirstMail(reading.Own, textParser.Markers, cancellationToken) is { Count: >= ProseAnswers.MinFirstMailFacts } facts)
        {
            // A first mail in prose, no template ("Vi driver ett projekt i Malmö sedan 2021 … ungefär 420 personer"): its
            // dates, numbers and amounts are kept as a draft she completes with the template the reply attaches (session 47).
            // One fact alone ("we started in March 2021. Can we take part?") is a question about taking part: it gets the
            // template and makes no draft (nor reminders of one), as before.
            return merged with { Answers = facts, Source = ProseFirstMail, FromProse = true };
        }
        if (merged.Answers.Count > 0 && !reading.EchoesOurReply && reading.Own.Length > 0 && AnswersOurMail(message)
            && prose.ReadCorrections(reading.Own, textParser.Markers, cancellationToken) is { Count: > 0 } corrections
            && corrections.Where(c => c.RecognisedBy == ProseAnswers.Correction || !merged.Answers.Any(a => a.QuestionId == c.QuestionId)).ToList() is { Count: > 0 } added)
        {
            // Answers typed under our quoted questions, and on top "die Region ist nicht Oberbayern sondern Schwaben": the
            // correction is read beside them (session 45). A question they answer keeps their answer, but for a correction:
            // the quote of our reply's "understood" list ("> [Q07] Region: Oberbayern (DE21)") is read as typed on its key
            // line, and the old value it holds must not win over the correction that names it.
            return merged with { Answers = [.. merged.Answers.Where(a => !added.Any(c => c.QuestionId == a.QuestionId)), .. added] };
        }
        return merged;
    }

    /// <summary>
    /// A reply to a mail of ours: an id shaped like ours in In-Reply-To or References, or a practice's reference in the
    /// subject. Whether it may change that practice is decided later, as for any mail; this only says the sender is
    /// answering our questions, so their sentences are read as answers.
    /// </summary>
    private const string BudgetId = "budget_eur";
    private const string LeadOrganisationId = "lead_organisation";
    private const string PartnersId = "partners";
    private const string FundingSourcesId = "funding_sources";

    /// <summary>The answers a quoted mail holds as a filled template: at least this many.</summary>
    private const int MinQuotedTemplateAnswers = 3;

    /// <summary>The first (newest) quoted mail of the history read as a filled template, or null.</summary>
    private ParsedMail? QuotedFilledTemplate(Reading reading)
    {
        for (var i = 0; i < reading.History.Count; i++)
        {
            var parsed = textParser.Parse(FirstTemplateOnly(reading.History[i], reading), QuotedHistorySource, reading.Token);
            if (parsed.Answers.Count >= MinQuotedTemplateAnswers)
            {
                return parsed with { ForwardedFrom = reading.HistoryFrom.ElementAtOrDefault(i)?.Address, ForwardedFromName = reading.HistoryFrom.ElementAtOrDefault(i)?.Name };
            }
        }
        return null;
    }

    /// <summary>The source of answers read from a quoted mail under the own text.</summary>
    public const string QuotedHistorySource = "body#quoted_history";

    private static bool AnswersOurMail(MimeMessage message) =>
        Regin.MailIngest.Intake.ThreadTokens.ClaimedReference(message.InReplyTo) is not null
        || message.References.Any(id => Regin.MailIngest.Intake.ThreadTokens.ClaimedReference(id) is not null)
        || OurReference().IsMatch(message.Subject ?? "");

    [System.Text.RegularExpressions.GeneratedRegex(@"REGIN-\d{4,9}", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex OurReference();

    private sealed class Reading(CancellationToken cancellationToken)
    {
        public List<ParsedMail> Found { get; } = [];
        public List<string> Problems { get; } = [];
        public int Attachments { get; set; }
        public string Newest { get; set; } = "";
        /// <summary>The newest text of the mail's own body (quotes cut), up to its second template: where prose answers are read.</summary>
        public string Own { get; set; } = "";

        public bool EchoesOurReply { get; set; }
        /// <summary>What the text part and the HTML part answer otherwise (<see cref="PartsDisagree"/>), quoting both.</summary>
        public string? Disagreement { get; set; }
        /// <summary>The questions our reply quoted in the mail asks for, in its lists' order ("[Q13]", "[Q31]", "[Q23]").</summary>
        public List<string> Asked { get; set; } = [];

        /// <summary>The quoted mails under the own text, newest first (<see cref="ReplySplitter.Parts.History"/>).</summary>
        public IReadOnlyList<string> History { get; set; } = [];

        /// <summary>Who each <see cref="History"/> mail's From line names, or null (<see cref="ReplySplitter.Parts.HistoryFrom"/>).</summary>
        public IReadOnlyList<ReplySplitter.MailAuthor?> HistoryFrom { get; set; } = [];

        public CancellationToken Token { get; } = cancellationToken;

        /// <summary>Notes a problem ("docx_invalid:REGIN template.docx"), the name in it without format or control characters:
        /// the outcome is shown to the researchers, and an RTL override in a file's name turned the rest of the line around
        /// there ("REGIN template\u202Eexe.docx" showed as "…exe.docx" reversed, attacker round 55), as in our reply before.</summary>
        public void Problem(string problem)
        {
            problem = string.Concat(TemplateTextParser.WithoutFormatCharacters(problem).Where(c => !char.IsControl(c)));
            if (!Problems.Contains(problem) && Problems.Count < 20)
            {
                Problems.Add(problem);
            }
        }
    }

    /// <summary>
    /// An S/MIME mail signed the opaque way (application/pkcs7-mime; smime-type=signed-data, as some Outlook set-ups send):
    /// the text is inside the signature, read as the mail's body (it was an attachment "smime.p7m" not looked at, the mail
    /// unread). The signature is not checked: our receiving server's verdict says who sent the mail, a certificate of the
    /// sender's own proves nothing here. An encrypted mail cannot be read: the reply says so.
    /// </summary>
    private static MimeMessage Unsigned(MimeMessage message, Reading reading)
    {
        if (message.Body is not MimeKit.Cryptography.ApplicationPkcs7Mime pkcs7)
        {
            return message;
        }
        var name = pkcs7.FileName ?? "smime.p7m";
        if (pkcs7.SecureMimeType == MimeKit.Cryptography.SecureMimeType.EnvelopedData)
        {
            // Encrypted to a key we do not hold: said as such (session 58: named as a file in a format we do not read).
            reading.Problem(SmimeEncrypted);
            return message;
        }
        if (pkcs7.SecureMimeType is not (MimeKit.Cryptography.SecureMimeType.SignedData or MimeKit.Cryptography.SecureMimeType.CompressedData))
        {
            reading.Problem($"attachment_not_read:{name}");
            return message;
        }
        try
        {
            using var context = new MimeKit.Cryptography.TemporarySecureMimeContext();
            MimeEntity inner;
            if (pkcs7.SecureMimeType == MimeKit.Cryptography.SecureMimeType.CompressedData)
            {
                inner = pkcs7.Decompress(context);
            }
            else
            {
                pkcs7.Verify(context, out inner);
            }
            var unsigned = new MimeMessage();
            unsigned.Body = inner;
            return unsigned;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The sender's bytes: any way BouncyCastle or MimeKit fails to read them is a file not read, never a failed mail.
            reading.Problem($"attachment_not_read:{name}");
            return message;
        }
    }

    /// <param name="winmail">The message is the sender's own mail unpacked from its winmail.dat (TNEF): its body is their own text.</param>
    private void Collect(MimeMessage message, Reading reading, int depth, bool winmail = false)
    {
        // Outlook's winmail.dat is the same mail, not one it quotes or forwards: its body is the sender's own words.
        var ownText = depth == 0 || winmail;
        var prefix = depth == 0 ? "" : winmail ? "winmail:" : $"nested{depth}:";
        foreach (var part in message.BodyParts)
        {
            reading.Token.ThrowIfCancellationRequested();
            if (part is MessagePart { Message: { } inner })
            {
                if (depth + 1 > MaxNestedMessages)
                {
                    reading.Problem(NestedTooDeep);
                    continue;
                }
                // Whatever the attached mail holds was written by its From (a colleague's .eml the sender forwards).
                var before = reading.Found.Count;
                Collect(inner, reading, depth + 1);
                for (var i = before; i < reading.Found.Count; i++)
                {
                    reading.Found[i] = reading.Found[i].ForwardedFrom is not null ? reading.Found[i]
                        : reading.Found[i] with { ForwardedFrom = inner.From.Mailboxes.FirstOrDefault()?.Address, ForwardedFromName = inner.From.Mailboxes.FirstOrDefault()?.Name };
                }
            }
            else if (part is MimeKit.Tnef.TnefPart tnef)
            {
                // Outlook's "rich text" mail: the body and the attachments packed in a winmail.dat. Unpacked (as MimeKit
                // does) and read as the attached mail it is, counted as one attachment and one level of nesting.
                if (++reading.Attachments > MailLimits.MaxAttachments)
                {
                    reading.Problem(TooManyAttachments);
                    continue;
                }
                if (depth + 1 > MaxNestedMessages)
                {
                    reading.Problem(NestedTooDeep);
                    continue;
                }
                if (Unpack(tnef, reading) is { } unpacked)
                {
                    Collect(unpacked, reading, depth + 1, winmail: depth == 0);
                }
            }
            else if (part is MessagePartial)
            {
                // One fragment of a mail split in several (RFC 2046 5.2.2): not joined (the others may never come, or come
                // from someone else), so not read; the sender is told to send it whole (session 58: "no answers" alone).
                reading.Problem(MessagePartial);
            }
            else if (part is MimePart attachment && IsAttachment(attachment))
            {
                if (++reading.Attachments > MailLimits.MaxAttachments)
                {
                    reading.Problem(TooManyAttachments);
                    continue;
                }
                ReadAttachment(attachment, reading);
            }
        }
        string? body = null;
        if (BodyTexts(message.Body, "plain", reading.Problem, out var afterPicture) is { Count: > 0 } plains)
        {
            // One budget of bytes for all the parts: a hundred parts hold no more than one may.
            var texts = new StringBuilder();
            var budget = MailLimits.MaxTextChars * 4;
            foreach (var plain in plains)
            {
                if (budget <= 0)
                {
                    reading.Problem(TextTooLong);
                    break;
                }
                var bytes = TextDecoder.ContentBytes(plain, budget, out var damaged);
                if (damaged)
                {
                    reading.Problem(BodyDamaged);
                }
                budget -= bytes.Length;
                var text = TextDecoder.Decode(bytes, plain.ContentType.Charset);
                if (FlowedText.Format(plain.ContentType) is (true, var deleteSpace))
                {
                    text = FlowedText.Unflow(text, deleteSpace);
                }
                if (texts.Length > 0)
                {
                    // A later part is read when it holds answers of its own (Apple Mail's rest of the template), or when it
                    // is the rest of the text a picture was dragged into (Apple Mail's split inside one long answer: the
                    // part right after an inline picture) and does not open as a footer. A gateway's disclaimer added as a
                    // part of its own follows the text, not a picture: no part of the last answer; after a picture at the
                    // end of the text it is told by its words (a disclaimer's phrases, in every language: mail_disclaimers),
                    // or by its language: the rest of an answer is written in one of ours, a Polish or Dutch disclaimer is not.
                    if (!(afterPicture.Contains(plain) && !OpensAsFooter(text) && !textParser.Markers.OpensAsDisclaimer(text) && !locales.IsForeignLanguage(text))
                        && textParser.Parse(Bound(text, (Action<string>?)null), "part", reading.Token).Answers.Count == 0)
                    {
                        continue;
                    }
                    texts.Append(texts[^1] == '\n' ? "\n" : "\n\n");
                }
                texts.Append(text);
            }
            body = texts.ToString();
        }
        if (ownText && !string.IsNullOrWhiteSpace(body) && BodyTexts(message.Body, "html", _ => { }) is [var shownPart, ..]
            && Shown(body, shownPart, reading, message) is { } shown)
        {
            // The HTML a mail program shows answers otherwise than the text part (session 50: a text part smuggling other
            // answers, or the HTML hiding some): what the sender's reader saw is read, and the practice flagged with both.
            body = shown;
        }
        if (string.IsNullOrWhiteSpace(body) && BodyTexts(message.Body, "html", reading.Problem) is [var htmlPart, ..])
        {
            body = ReadHtml(htmlPart, reading);
        }
        if (string.IsNullOrWhiteSpace(body) && RtfBody(message.Body, 0) is { } rtfPart)
        {
            // Outlook's "rich text" mail unpacked from its winmail.dat: the body is RTF only (session 45: not read before).
            body = ReadRtf(rtfPart, reading);
        }
        if (body is not null && body.Contains("begin ", StringComparison.Ordinal))
        {
            body = WithoutUuencoded(body, reading.Problem);
        }
        if (!string.IsNullOrWhiteSpace(body))
        {
            var parts = ReplySplitter.Split(Bound(body, reading), textParser.Markers, reading.Token, message.From.Mailboxes.FirstOrDefault()?.Name, mailbox.Value.Domain);
            if (parts.Forwarded is not null)
            {
                reading.Found.Add(textParser.Parse(FirstTemplateOnly(parts.Forwarded, reading), prefix + "forwarded", reading.Token) with { ForwardedFrom = parts.ForwardedFrom?.Address, ForwardedFromName = parts.ForwardedFrom?.Name });
            }
            if (parts.QuotedTemplate is not null)
            {
                // Before the newest text: an answer typed above the quote wins over the same question's in it.
                reading.Found.Add(textParser.Parse(parts.QuotedTemplate, prefix + "quoted_template", reading.Token));
            }
            if (ownText)
            {
                reading.History = parts.History;
                reading.HistoryFrom = parts.HistoryFrom;
                reading.Newest = parts.Newest.Length > ParsedMail.MaxNewestText ? parts.Newest[..ParsedMail.MaxNewestText] : parts.Newest;
                reading.EchoesOurReply = parts.EchoesOurReply;
                reading.Asked = AskedKeys(body, textParser.Markers);
            }
            var newest = FirstTemplateOnly(parts.Newest, reading);
            if (ownText)
            {
                reading.Own = newest;
            }
            var source = prefix + "body";
            var own = textParser.Parse(newest, source, reading.Token);
            // A correction typed in prose ("Q13 should be 2020, not 2019") read as the key line it stands for.
            var corrected = ProseCorrections.Rewrite(newest, textParser.Markers, keyedOnly: own.Answers.Count > 0);
            reading.Found.Add(ReferenceEquals(corrected, newest) ? own : textParser.Parse(corrected, source, reading.Token));
        }
    }

    /// <summary>
    /// The keys our reply quoted in <paramref name="body"/> asks for, in order: the "[Qnn]" lines of its lists that ask for
    /// answers (missing, to correct, awaited, optional), quoted marked or unmarked, up to the blank line that ends a list.
    /// </summary>
    private List<string> AskedKeys(string body, MailMarkers markers)
    {
        var asked = new List<string>();
        var asking = false;
        foreach (var raw in TemplateTextParser.SplitLines(body).Take(MailLimits.MaxLines))
        {
            var line = raw.Trim();
            while (line.StartsWith('>'))
            {
                line = line[1..].TrimStart();
            }
            if (line.Length == 0 || line.Length > 400)
            {
                asking = false;
                continue;
            }
            if (markers.IsOurAskingHeading(line))
            {
                asking = true;
                continue;
            }
            if (asking && QuestionKey.Read(line) is { Start: 0, Number: { } number } && questionsByKey.TryGetValue(QuestionKey.Canonical(number), out var id))
            {
                if (!asked.Contains(id))
                {
                    asked.Add(id);
                }
            }
        }
        return asked;
    }

    private readonly Dictionary<string, string> questionsByKey = textParser.Catalog.Questionnaire.Questions.ToDictionary(q => "[" + Regin.Core.Templates.TemplateKeys.KeyOf(q) + "]", q => q.Id, StringComparer.Ordinal);

    /// <summary>
    /// Answers numbered by the place of their question in our reply's lists, without labels: "1. 2022 2. ναι 3. 45.000" on
    /// one line, or "1) 2022" lines one under another, at the top of the sender's own text. Only a run numbered from 1 up,
    /// each number one our reply asked and each item on a line that opens with a number, is read; an answer after a
    /// number beyond the questions asked makes the whole run no answer (it is a list of something else). A run under a line
    /// that introduces it ("Unsere Aktivitäten:") is read only when it answers every question asked ("Here are the missing
    /// answers:" then 1. to 13.).
    /// </summary>
    internal static List<ParsedAnswer> NumberedAnswers(string own, IReadOnlyList<string> asked)
    {
        var found = new List<ParsedAnswer>();
        var last = 0;
        var lines = TemplateTextParser.SplitLines(own);
        if (lines.Any(l => QuestionKey.Read(l.Trim()) is { Start: 0 }))
        {
            return []; // answers under keys: a numbered list there is one answer's items ("[Q19]" then "1. Sprachkurse")
        }
        var previous = "";
        var introduced = false;
        foreach (var raw in lines.Take(MaxNumberedLines))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('>'))
            {
                continue;
            }
            var items = NumberedItem().Matches(line);
            if (items.Count == 0 || items[0].Index != 0)
            {
                if (found.Count > 0)
                {
                    break; // the run ended ("Ευχαριστώ")
                }
                previous = line;
                continue;
            }
            if (found.Count == 0 && previous.EndsWith(':'))
            {
                // A list the line above introduces ("Unsere Aktivitäten:") is not answers by number, unless it answers every
                // question our reply asked, one for one ("Here are the missing answers:" over 1. to 13., session 48).
                introduced = true;
            }
            foreach (System.Text.RegularExpressions.Match item in items)
            {
                var number = int.Parse(item.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
                var value = item.Groups["v"].Value.Trim().TrimEnd(',', ';').Trim();
                if (number <= last || number > asked.Count || (last == 0 && number != 1) || value.Length == 0)
                {
                    return [];
                }
                last = number;
                found.Add(new ParsedAnswer(asked[number - 1], value, "numbered"));
            }
        }
        return introduced && found.Count != asked.Count ? [] : found;
    }

    /// <summary>
    /// Answers numbered by the place of their question in the lists of <paramref name="ours"/>, our mail the sender replies
    /// to, read from its stored copy (session 48): "1. ja 2. 2022 3. 45.000" from a phone that deleted the quote of our
    /// questions. The same rule as with the quote (<see cref="NumberedAnswers"/>); nothing when our mail asked nothing.
    /// </summary>
    public IReadOnlyList<ParsedAnswer> NumberedByOurMail(string own, MimeMessage ours)
    {
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(ours);
        if (own.Length == 0 || ours.TextBody is not { Length: > 0 } body)
        {
            return [];
        }
        var asked = AskedKeys(Bound(body, (Action<string>?)null), textParser.Markers);
        return asked.Count == 0 ? [] : NumberedAnswers(FirstTemplateOnly(own, new Reading(CancellationToken.None)), asked);
    }

    /// <summary>The lines of the own text a numbered run is looked for in (an introduction, blank lines, up to 30 answers).</summary>
    private const int MaxNumberedLines = 40;

    /// <summary>"1. ναι", "2) 2022", each up to the next number of the same shape on the line.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<n>\d{1,2})[.)]\s+(?<v>.+?)(?=\s+\d{1,2}[.)]\s|$)", System.Text.RegularExpressions.RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex NumberedItem();

    /// <summary>The problem of a text holding a second filled template, with the start of its title ("second_template:Swimming lessons…").</summary>
    public const string SecondTemplate = "second_template";

    /// <summary>
    /// A text up to its second template ("REGIN-TEMPLATE …" marker line, with the heading lines above it): one mail makes one
    /// practice, and a second practice's answers read into the first would overwrite or pad them. The second is not read;
    /// the sender is told which (its title, or its first answer) and to send it on its own.
    /// </summary>
    private string FirstTemplateOnly(string text, Reading reading)
    {
        var markers = 0;
        var lines = TemplateTextParser.SplitLines(text);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length > MailLimits.MaxMarkerLineLength || !line.StartsWith("REGIN-TEMPLATE", StringComparison.OrdinalIgnoreCase)
                || !Regin.Core.Templates.TemplateKeys.TryParseMarker(line, out _, out _) || ++markers < 2)
            {
                continue;
            }
            var cut = i;
            while (cut > 0 && i - cut < 3 && lines[cut - 1].Trim().Length > 0)
            {
                cut--; // the template's title and its rule above the marker
            }
            var second = textParser.Parse(string.Join("\n", lines.Skip(i)), "second_template", reading.Token);
            if (second.Answers.All(a => a.RecognisedBy == TemplateTextParser.FromSignature))
            {
                // The empty template pasted again under the answers (mail59: Outlook for Mac), the signature under it: nothing
                // in it to tell of, and nothing of it read.
                return string.Join("\n", lines.Take(cut));
            }
            var named = (second.Answers.FirstOrDefault(a => a.QuestionId == QuestionCatalog.TitleId) ?? second.Answers.FirstOrDefault())?.Text ?? "";
            named = named.ReplaceLineEndings(" ");
            reading.Problem($"{SecondTemplate}:{(named.Length > 80 ? named[..80] + "…" : named)}");
            return string.Join("\n", lines.Take(cut));
        }
        return text;
    }

    /// <summary>A text part whose answers are not those its HTML alternative shows (session 50).</summary>
    public const string PartsDisagree = "parts_disagree";

    /// <summary>
    /// The text of <paramref name="htmlPart"/> as a mail program shows it (hidden text dropped) when its answers are not the
    /// text part's: a question answered otherwise, answered in one part only, or answered in the text part and hidden in
    /// the HTML. Null when they agree (the text part is read as before), or the HTML cannot be read.
    /// </summary>
    private string? Shown(string text, TextPart htmlPart, Reading reading, MimeMessage message)
    {
        const long maxBytes = MailLimits.MaxHtmlChars * 4L;
        if (TextDecoder.MaxDecodedLength(htmlPart) > maxBytes && TextDecoder.DecodedLength(htmlPart, maxBytes) > maxBytes)
        {
            return null;
        }
        var bytes = TextDecoder.ContentBytes(htmlPart, (int)maxBytes, out var damaged);
        if (damaged)
        {
            // An HTML part turning to junk shows less than the sender wrote: the whole text part is read, not the cut HTML,
            // and the mail is flagged as damaged (session 58).
            reading.Problem(BodyDamaged);
            return null;
        }
        if (HtmlText.TryConvert(TextDecoder.Decode(bytes, htmlPart.ContentType.Charset), out var hidden, reading.Token) is not { } shown)
        {
            return null;
        }
        if (SameLines(text, shown))
        {
            // The HTML shows the text part's own lines (case and spacing aside): they cannot answer otherwise, and neither
            // is parsed a second time (session 51: every mail of both parts was parsed twice more by this comparison).
            return null;
        }
        var told = NewestAnswers(text, message, reading);
        var seen = NewestAnswers(shown, message, reading);
        var differ = told.Keys.Union(seen.Keys).Order(StringComparer.Ordinal)
            .Where(q => !(told.TryGetValue(q, out var t) && seen.TryGetValue(q, out var s) && Same(t, s)))
            .Select(q => $"[{Regin.Core.Templates.TemplateKeys.KeyOf(textParser.Catalog.Questionnaire, q)}] text part \"{Quote(told.GetValueOrDefault(q))}\", shown \"{Quote(seen.GetValueOrDefault(q))}\"")
            .ToList();
        if (differ.Count == 0)
        {
            return null;
        }
        reading.Problem(PartsDisagree);
        if (hidden)
        {
            reading.Problem(HiddenTextInHtml);
        }
        var said = string.Join("; ", differ);
        reading.Disagreement = said.Length > 700 ? said[..700] + "…" : said;
        return shown;

        static string Quote(string? answer) => answer is null ? "(none)" : answer.Length > 80 ? answer[..80] + "…" : answer.ReplaceLineEndings(" ");
        static bool Same(string a, string b) => string.Equals(Fold(a), Fold(b), StringComparison.OrdinalIgnoreCase);
        static string Fold(string answer) => string.Join(' ', answer.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.', ';', ',');
    }

    /// <summary>
    /// Whether two texts hold the same non-empty lines in the same order, each compared with its white space collapsed and
    /// without regard to case (one pass, no copy): what a key line of one answers, the same line of the other answers.
    /// </summary>
    internal static bool SameLines(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int i = 0, j = 0;
        while (true)
        {
            // The next character of each that counts: white space inside a line is one space, empty lines and a line's
            // leading and trailing white space none, a line end one '\n'.
            var x = Next(a, ref i);
            var y = Next(b, ref j);
            if (x != y)
            {
                return false;
            }
            if (x < 0)
            {
                return true;
            }
        }

        static int Next(string text, ref int at)
        {
            var space = false;
            var newline = false;
            var start = at == 0;
            while (at < text.Length && char.IsWhiteSpace(text[at]))
            {
                if (text[at] is '\n' or '\r' or '\u2028' or '\u2029')
                {
                    newline = true;
                }
                else
                {
                    space = true;
                }
                at++;
            }
            if (at >= text.Length)
            {
                return -1;
            }
            if (newline && !start)
            {
                return '\n';
            }
            if (space && !start && !newline)
            {
                return ' ';
            }
            return char.ToUpperInvariant(text[at++]);
        }
    }

    /// <summary>The answers of a body's newest text (quotes cut), the last of each question, as its key lines give them.</summary>
    private Dictionary<string, string> NewestAnswers(string body, MimeMessage message, Reading reading)
    {
        var parts = ReplySplitter.Split(Bound(body, (Action<string>?)null), textParser.Markers, reading.Token, message.From.Mailboxes.FirstOrDefault()?.Name, mailbox.Value.Domain);
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var answer in textParser.Parse(parts.Newest, "compare", reading.Token).Answers)
        {
            answers[answer.QuestionId] = answer.Text.Trim();
        }
        return answers;
    }

    /// <summary>The text of an HTML body part, or null (said as a problem) when it is too large or too deep to read.</summary>
    private static string? ReadHtml(TextPart htmlPart, Reading reading)
    {
        const long maxBytes = MailLimits.MaxHtmlChars * 4L;
        if (TextDecoder.MaxDecodedLength(htmlPart) > maxBytes && TextDecoder.DecodedLength(htmlPart, maxBytes) > maxBytes)
        {
            // More bytes than the characters HTML may have, however they decode: refused after counting, never held.
            reading.Problem(HtmlUnreadable);
            return null;
        }
        var bytes = TextDecoder.ContentBytes(htmlPart, (int)maxBytes, out var damaged);
        if (damaged)
        {
            // A base64 HTML body turning to junk is cut there and said, as the text part's is (session 58).
            reading.Problem(BodyDamaged);
        }
        return ConvertHtml(TextDecoder.Decode(bytes, htmlPart.ContentType.Charset), reading);
    }

    private static string? ConvertHtml(string html, Reading reading)
    {
        var body = HtmlText.TryConvert(html, out var hidden, reading.Token);
        if (body is null)
        {
            reading.Problem(HtmlUnreadable);
        }
        if (hidden)
        {
            // Text the sender's mail program does not show (display:none, white on white): not read as answers.
            reading.Problem(HiddenTextInHtml);
        }
        return body;
    }

    /// <summary>The problem of an RTF body that could not be read (nested too deep), with the file it came in.</summary>
    public const string RtfUnreadable = "rtf_unreadable";

    /// <summary>The RTF body part of a message (text/rtf or application/rtf, not an attachment), as MimeKit unpacks a TNEF's.</summary>
    private static MimePart? RtfBody(MimeEntity? entity, int depth)
    {
        switch (entity)
        {
            case MimePart { IsAttachment: false } part when part.ContentType.IsMimeType("text", "rtf") || part.ContentType.IsMimeType("application", "rtf"):
                return part;
            case Multipart multipart when depth < 3:
                foreach (var child in multipart.Take(MailLimits.MaxAttachments))
                {
                    if (RtfBody(child, depth + 1) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The text of an RTF body (<see cref="RtfText"/>), or of the HTML it carries (Outlook's <c>\fromhtml1</c>, read as an HTML
    /// body is, hidden text and all); null, said as a problem, when it nests too deep or is not RTF.
    /// </summary>
    private static string? ReadRtf(MimePart part, Reading reading)
    {
        var name = part.FileName ?? "winmail.dat";
        var bytes = TextDecoder.ContentBytes(part, MailLimits.MaxHtmlChars * 4);
        if (!RtfText.IsRtf(bytes))
        {
            reading.Problem($"{RtfUnreadable}:{name}");
            return null;
        }
        var rtf = RtfText.Read(bytes, MailLimits.MaxHtmlChars, reading.Token);
        if (rtf.TooDeep)
        {
            reading.Problem($"{RtfUnreadable}:{name}");
            return null;
        }
        if (rtf.Hidden)
        {
            reading.Problem($"hidden_text:{name}");
        }
        return rtf.IsHtml ? ConvertHtml(rtf.Text, reading) : rtf.Text;
    }

    /// <summary>The problem of a mail whose parts are nested deeper than they are read (said in the reply).</summary>
    public const string PartsTooDeep = "parts_too_deep";
    /// <summary>More body text parts than <see cref="MaxBodyTexts"/> (said in the reply).</summary>
    public const string TooManyParts = "too_many_parts";

    /// <summary>The problem of a mail encrypted with S/MIME (application/pkcs7-mime; smime-type=enveloped-data), which is not read.</summary>
    public const string SmimeEncrypted = "smime_encrypted";

    /// <summary>The problem of a mail that is a fragment of a split one (message/partial), which is not read.</summary>
    public const string MessagePartial = "message_partial";
    /// <summary>Text parts of one body read and joined (Apple Mail's text around pictures is a few).</summary>
    public const int MaxBodyTexts = 100;
    /// <summary>Mails attached to mails deeper than <see cref="MaxNestedMessages"/> (said in the reply like <see cref="PartsTooDeep"/>).</summary>
    public const string NestedTooDeep = "nested_too_deep";
    public const string TooManyAttachments = "too_many_attachments";
    /// <summary>A text cut to <see cref="MailLimits"/> (characters, lines, line length): said in the reply.</summary>
    public const string TextTooLong = "text_too_long";
    public const string TooManyLines = "too_many_lines";
    public const string LineTooLong = "line_too_long";
    /// <summary>The problem of a text part whose base64 turns to junk: what decoded before it was read, the rest not (said in the reply, flagged).</summary>
    public const string BodyDamaged = Regin.Core.Normalisation.FlagReasons.BodyDamaged;

    /// <summary>
    /// The body text part of <paramref name="subtype"/> the way mail programs show it: the last alternative, and every text
    /// part of a mix (Apple Mail puts a picture dragged into the text between two text parts, and shows them as one text;
    /// the answers after the picture were lost; a later part is read when it holds answers, so a gateway's disclaimer part is
    /// not). At most <see cref="MaxBodyTexts"/> of them (<see cref="TooManyParts"/>).
    /// Parts nested deeper than <see cref="Intake.MailProcessor.MaxMimeDepth"/> are not looked into (MimeKit leaves them
    /// unparsed): said as <see cref="PartsTooDeep"/>, so the sender learns why their text was not read.
    /// </summary>
    private static List<TextPart> BodyTexts(MimeEntity? entity, string subtype, Action<string> problem) =>
        BodyTexts(entity, subtype, problem, out _);

    /// <param name="afterPicture">The parts found that come right after an inline picture in their mix (Apple Mail's text
    /// going on after a picture dragged into it).</param>
    private static List<TextPart> BodyTexts(MimeEntity? entity, string subtype, Action<string> problem, out HashSet<TextPart> afterPicture)
    {
        var found = new List<TextPart>();
        afterPicture = [];
        BodyTexts(entity, subtype, problem, found, afterPicture, 0);
        return found;
    }

    /// <summary>
    /// Whether a text's first line is a footer's: the signature separator ("-- ") or a rule ("_____", "-----", "=====")
    /// that mail programs and gateways put above a signature or a disclaimer.
    /// </summary>
    internal static bool OpensAsFooter(string text)
    {
        var first = text.AsSpan().TrimStart();
        var end = first.IndexOfAny('\r', '\n');
        var line = (end < 0 ? first : first[..end]).TrimEnd();
        return line is "--" || (line.Length >= 4 && !line.ContainsAnyExcept("-_=*~—–─"));
    }

    /// <returns>False when the parts were too many: no more are looked at.</returns>
    private static bool BodyTexts(MimeEntity? entity, string subtype, Action<string> problem, List<TextPart> found, HashSet<TextPart> afterPicture, int depth)
    {
        switch (entity)
        {
            case TextPart text when !text.IsAttachment && text.FileName is null && text.ContentType.IsMimeType("text", subtype):
                if (found.Count >= MaxBodyTexts)
                {
                    problem(TooManyParts);
                    return false;
                }
                found.Add(text);
                return true;
            case Multipart when depth >= Intake.MailProcessor.MaxMimeDepth:
            case MimePart part when part.ContentType.MediaType.Equals("multipart", StringComparison.OrdinalIgnoreCase):
                problem(PartsTooDeep);
                return true;
            case MultipartAlternative alternative:
                for (var i = alternative.Count - 1; i >= 0; i--)
                {
                    var before = found.Count;
                    if (!BodyTexts(alternative[i], subtype, problem, found, afterPicture, depth + 1))
                    {
                        return false;
                    }
                    if (found.Count > before)
                    {
                        return true;
                    }
                }
                return true;
            case Multipart multipart:
                MimeEntity? previous = null;
                foreach (var child in multipart)
                {
                    var picture = previous is MimePart { IsAttachment: false } shown && shown.ContentType.MediaType.Equals("image", StringComparison.OrdinalIgnoreCase);
                    previous = child;
                    if (child is MimePart { IsAttachment: true } || child is MessagePart)
                    {
                        continue;
                    }
                    if (picture && child is TextPart next)
                    {
                        afterPicture.Add(next);
                    }
                    if (!BodyTexts(child, subtype, problem, found, afterPicture, depth + 1))
                    {
                        return false;
                    }
                }
                return true;
            default:
                return true;
        }
    }

    /// <summary>
    /// The text without the files uuencoded inline in it ("begin 644 name", lines of uuencode, "end": how old mail
    /// programs and gateways attach a file): such a file is not decoded blindly into the text read for answers; it is
    /// named in the reply as not read (<c>attachment_not_read:name</c>), so the sender can attach it properly.
    /// </summary>
    internal static string WithoutUuencoded(string text, Action<string> problem)
    {
        var result = new StringBuilder(text.Length);
        var start = 0;
        var copied = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            var next = end < 0 ? text.Length : end + 1;
            var line = text.AsSpan(start, next - start).TrimEnd("\r\n");
            if (line.StartsWith("begin ", StringComparison.Ordinal) && UuBegin().Match(line.ToString()) is { Success: true } begin
                && next < text.Length && IsUuLine(Line(text, next)))
            {
                // The block runs to its "end" line (or to the end of the text: a file cut short is not read either).
                var after = next;
                while (after < text.Length)
                {
                    var lineEnd = text.IndexOf('\n', after);
                    var uu = Line(text, after);
                    if (!IsUuLine(uu))
                    {
                        break;
                    }
                    after = lineEnd < 0 ? text.Length : lineEnd + 1;
                    if (uu.SequenceEqual("end"))
                    {
                        break;
                    }
                }
                var name = begin.Groups["name"].Value.Trim();
                problem($"attachment_not_read:{(name.Length > 200 ? name[..200] : name)}");
                result.Append(text, copied, start - copied);
                start = copied = after;
                continue;
            }
            start = next;
        }
        result.Append(text, copied, text.Length - copied);
        return result.ToString();
    }

    private static ReadOnlySpan<char> Line(string text, int start)
    {
        var end = text.IndexOf('\n', start);
        return text.AsSpan(start, (end < 0 ? text.Length : end) - start).TrimEnd('\r');
    }

    /// <summary>A line of uuencode: its length character, then characters from space to backquote, at most 61 and a few more.</summary>
    private static bool IsUuLine(ReadOnlySpan<char> line)
    {
        if (line.Length == 0 || line.Length > 64 || line.SequenceEqual("end"))
        {
            return line.SequenceEqual("end");
        }
        foreach (var c in line)
        {
            if (c < ' ' || c > '`')
            {
                return false;
            }
        }
        return true;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^begin [0-7]{3,4} (?<name>\S.{0,300})$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, 1000)]
    private static partial System.Text.RegularExpressions.Regex UuBegin();

    /// <summary>Text cut to the limits on characters, lines and line length (each cut is recorded as a problem).</summary>
    private static string Bound(string text, Reading reading) => Bound(text, reading.Problem);

    internal static string Bound(string text, Action<string>? problem)
    {
        if (text.Length > MailLimits.MaxTextChars)
        {
            text = text[..MailLimits.MaxTextChars];
            problem?.Invoke(TextTooLong);
        }
        var result = new StringBuilder(Math.Min(text.Length, 64 * 1024));
        var lines = 0;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            var line = end < 0 ? text.AsSpan(start) : text.AsSpan(start, end - start);
            if (++lines > MailLimits.MaxLines)
            {
                problem?.Invoke(TooManyLines);
                break;
            }
            if (line.Length > MailLimits.MaxLineLength)
            {
                line = line[..MailLimits.MaxLineLength];
                problem?.Invoke(LineTooLong);
            }
            result.Append(line).Append('\n');
            if (end < 0)
            {
                break;
            }
            start = end + 1;
        }
        return result.ToString();
    }

    /// <summary>
    /// Document formats a contributor may save the template in that are not read: old Word, PDF, spreadsheets, Pages (RTF is
    /// read since session 46, see <see cref="ReadRtfAttachment"/>);
    /// and archives the template may be packed in (never unpacked: an archive's entry names and sizes are the sender's).
    /// </summary>
    private static bool IsOtherDocument(string extension, ContentType type) =>
        extension is ".doc" or ".dot" or ".dotx" or ".rtf" or ".pdf" or ".pages" or ".wpd" or ".wps" or ".xls" or ".xlsx" or ".ods" or ".ott" or ".fodt"
            or ".zip" or ".7z" or ".rar" or ".gz" or ".tgz" or ".tar"
        || type.IsMimeType("application", "msword") || type.IsMimeType("application", "pdf") || type.IsMimeType("application", "rtf")
        || type.IsMimeType("text", "rtf") || type.IsMimeType("application", "zip") || type.IsMimeType("application", "x-zip-compressed");

    private static bool IsAttachment(MimePart part) =>
        part.IsAttachment || part.FileName is not null
        || part.ContentType.IsMimeType("application", "vnd.openxmlformats-officedocument.wordprocessingml.document");

    private void ReadAttachment(MimePart attachment, Reading reading)
    {
        // The file's own name: a name is the sender's to write ("..\..\Windows\Vorlage.docx" inside a winmail.dat), and
        // only this part is named back in the reply and the outcome (it is never a path of ours: nothing is written to disk).
        var name = attachment.FileName is { } given ? given[(given.LastIndexOfAny(['/', '\\']) + 1)..] : "";
        if (name.Length > 200)
        {
            name = name[..200];
        }
        var extension = Path.GetExtension(name).ToLowerInvariant();
        var isDocx = extension == ".docx" || attachment.ContentType.IsMimeType("application", "vnd.openxmlformats-officedocument.wordprocessingml.document");
        var isText = extension == ".txt" || (extension.Length == 0 && attachment.ContentType.IsMimeType("text", "plain"));
        if (extension is ".docm" or ".dotm" || attachment.ContentType.MimeType.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase))
        {
            reading.Problem($"docx_macro:{name}");
            return;
        }
        var isOdt = extension == ".odt" || attachment.ContentType.IsMimeType("application", "vnd.oasis.opendocument.text");
        var isRtf = !isDocx && !isText && !isOdt && (extension == ".rtf" || attachment.ContentType.IsMimeType("application", "rtf")
            || attachment.ContentType.IsMimeType("text", "rtf"));
        if (isRtf)
        {
            // The template saved as .rtf (WordPad, TextEdit, Word's "Rich Text"): read as a .txt is, by the same RTF reader
            // as a winmail.dat's body (since session 46; it was named as not read). Counted and size-checked like any
            // attachment; a file that is not RTF is named as not read, one nested too deep as unreadable (its raw mail kept).
            ReadRtfAttachment(attachment, name, reading);
            return;
        }
        if (!isDocx && !isText && !isOdt)
        {
            if (IsOtherDocument(extension, attachment.ContentType))
            {
                // The template saved as .doc, .pdf, .rtf ...: said in the reply, never silently dropped (a logo or a
                // signature beside the mail is no document and is not mentioned).
                reading.Problem($"attachment_not_read:{name}");
            }
            return;
        }
        byte[] bytes;
        try
        {
            bytes = Decode(attachment);
        }
        catch (UnreadableAttachmentException e)
        {
            reading.Problem($"{e.Reason}:{name}");
            return;
        }
        if (isDocx || isOdt)
        {
            try
            {
                var source = $"attachment:{name}";
                var document = isDocx ? docxReader.Read(bytes, source, reading.Token) : odtReader.Read(bytes, source, reading.Token);
                foreach (var problem in document.Problems)
                {
                    // "docx_embedded_not_read:word/x.docx" becomes "...:Vorlage.docx (word/x.docx)": the file the sender knows.
                    var colon = problem.IndexOf(':', StringComparison.Ordinal);
                    reading.Problem(colon < 0 ? $"{problem}:{name}" : $"{problem[..colon]}:{name} ({problem[(colon + 1)..]})");
                }
                reading.Found.Add(document with { Problems = [] });
            }
            catch (UnreadableAttachmentException e)
            {
                reading.Problem($"{e.Reason}:{name}");
            }
        }
        else
        {
            var text = TextDecoder.Decode(bytes, attachment.ContentType.Charset);
            if (FlowedText.Format(attachment.ContentType) is (true, var deleteSpace))
            {
                // A .txt of the template attached by Thunderbird or Apple Mail is flowed like their bodies.
                text = FlowedText.Unflow(text, deleteSpace);
            }
            reading.Found.Add(textParser.Parse(Bound(text, reading), $"attachment:{name}", reading.Token));
        }
    }

    private void ReadRtfAttachment(MimePart attachment, string name, Reading reading)
    {
        byte[] bytes;
        try
        {
            bytes = Decode(attachment);
        }
        catch (UnreadableAttachmentException e)
        {
            reading.Problem($"{e.Reason}:{name}");
            return;
        }
        if (!RtfText.IsRtf(bytes))
        {
            // A PDF or an old Word file named .rtf: the sender is told which formats we read, as before.
            reading.Problem($"attachment_not_read:{name}");
            return;
        }
        var rtf = RtfText.Read(bytes, MailLimits.MaxHtmlChars, reading.Token);
        if (rtf.TooDeep)
        {
            reading.Problem($"{RtfUnreadable}:{name}");
            return;
        }
        if (rtf.Hidden)
        {
            // Text formatted hidden (\v): not read, and flagged, as hidden text in a .docx is.
            reading.Problem($"hidden_text:{name}");
        }
        var text = rtf.IsHtml ? ConvertHtml(rtf.Text, reading) : rtf.Text;
        if (!string.IsNullOrWhiteSpace(text))
        {
            reading.Found.Add(textParser.Parse(Bound(text, reading), $"attachment:{name}", reading.Token));
        }
    }

    private const MimeKit.Tnef.TnefComplianceStatus Damaged = MimeKit.Tnef.TnefComplianceStatus.StreamTruncated | MimeKit.Tnef.TnefComplianceStatus.InvalidTnefSignature
        | MimeKit.Tnef.TnefComplianceStatus.InvalidAttributeChecksum | MimeKit.Tnef.TnefComplianceStatus.InvalidAttributeLength
        | MimeKit.Tnef.TnefComplianceStatus.AttributeOverflow | MimeKit.Tnef.TnefComplianceStatus.NestingTooDeep;

    /// <summary>The mail packed in a TNEF part (winmail.dat), or null (said as a problem) when it is too large or damaged.</summary>
    private static MimeMessage? Unpack(MimeKit.Tnef.TnefPart tnef, Reading reading)
    {
        var name = tnef.FileName ?? "winmail.dat";
        try
        {
            var bytes = Decode(tnef);
            // MimeKit converts what it can of a damaged file (cut short, bad checksums): an answer cut in the middle
            // would be read as given, so a damaged winmail.dat is refused whole and the sender told.
            using (var check = new MimeKit.Tnef.TnefReader(new MemoryStream(bytes, writable: false), 0, MimeKit.Tnef.TnefComplianceMode.Loose))
            {
                while (check.ReadNextAttribute())
                {
                }
                if ((check.ComplianceStatus & Damaged) != 0)
                {
                    reading.Problem($"tnef_invalid:{name}");
                    return null;
                }
            }
            return new MimeKit.Tnef.TnefPart { Content = new MimeContent(new MemoryStream(bytes, writable: false)) }.ConvertToMessage();
        }
        catch (UnreadableAttachmentException e)
        {
            reading.Problem($"{e.Reason}:{name}");
        }
        catch (Exception e) when (e is MimeKit.Tnef.TnefException or FormatException or ArgumentException or InvalidOperationException or IOException
            or NotSupportedException)
        {
            reading.Problem($"tnef_invalid:{name}");
        }
        return null;
    }

    private static byte[] Decode(MimePart part)
    {
        // An attachment that may be over the limit (a 20 MB scan beside a tiny template) is counted before it is kept:
        // the memory a mail takes does not grow with what is refused.
        if (TextDecoder.MaxDecodedLength(part) > MaxAttachmentBytes && TextDecoder.DecodedLength(part, MaxAttachmentBytes) > MaxAttachmentBytes)
        {
            throw new UnreadableAttachmentException("attachment_too_large", $"The attachment is larger than {MaxAttachmentBytes / (1024 * 1024)} MB.");
        }
        // One byte past the limit tells a too-large attachment from one exactly at it.
        var bytes = TextDecoder.ContentBytes(part, (int)(MaxAttachmentBytes + 1));
        if (bytes.Length > MaxAttachmentBytes)
        {
            throw new UnreadableAttachmentException("attachment_too_large", $"The attachment is larger than {MaxAttachmentBytes / (1024 * 1024)} MB.");
        }
        return bytes;
    }

    /// <summary>Whether a reading's source is a mail nested in this one (message/rfc822, not a winmail.dat: that is the sender's own).</summary>
    private static bool IsNested(string source) => source.StartsWith("nested", StringComparison.Ordinal);

    private const int MaxUnplacedLines = 10;
    private const int MaxUnplacedLength = 200;

    private static ParsedMail Merge(List<ParsedMail> found, List<string> problems, Regin.Core.Questionnaire.QuestionnaireDefinition questionnaire)
    {
        var answers = new List<ParsedAnswer>();
        var sources = new List<string>();
        // A mail forwarded inside this one (message/rfc822) answers only when this mail's own parts answer nothing (a
        // coordinator sending on a colleague's template): beside the sender's own answers it is history, not hers (session
        // 55: a Greek official's two answers, and the colleague's older title, region and budget forwarded under them, stored).
        var ownAnswers = found.Any(f => f.Answers.Count > 0 && !IsNested(f.Source));
        foreach (var mail in found.Where(f => f.Answers.Count > 0 && !(ownAnswers && IsNested(f.Source))))
        {
            foreach (var answer in mail.Answers)
            {
                if ((AttachmentPointers.PointsElsewhere(answer.Text, questionnaire) || answer.RecognisedBy == TemplateTextParser.FromSignature)
                    && answers.Any(a => a.QuestionId == answer.QuestionId))
                {
                    // "[Q17] se bilaga" in the body, the description in the attached template: the attachment's answer stays
                    // (session 50: the pointer replaced it here, then was dropped as no answer, and the question asked again).
                    // So does it under "s.o." or "dito" in the body (session 55).
                    // Nor an offer from the signature (session 51): only where no source answered the question.
                    continue;
                }
                answers.RemoveAll(a => a.QuestionId == answer.QuestionId);
                answers.Add(answer);
            }
            sources.Add(mail.Source);
        }
        var withLanguage = found.Where(f => f.Language is not null).OrderByDescending(f => f.Answers.Count).ToList();
        var language = withLanguage.FirstOrDefault()?.Language;
        var mixed = withLanguage.Any(f => f.MixedLanguages) || withLanguage.Where(f => f.Answers.Count > 0).Select(f => f.Language).Distinct().Count() > 1;
        // Named back in the reply, so a few, each cut short: the sender chose their length.
        // A forwarded or quoted mail whose every answer the newer text answered again gave nothing: its leftover lines (the
        // colleague's "Νίκος" under an older forwarded answer, session 45) are not the sender's to send again.
        var unplaced = Quotable(found.Where(f => f.Answers.Count > 0 && f.Answers.Any(a => answers.Any(kept => ReferenceEquals(kept, a)))).SelectMany(f => f.Unplaced));
        var repeated = Quotable(found.Where(f => f.Answers.Count > 0).SelectMany(f => f.Repeated));
        // Of a question answered twice in one text, only while that answer is the one kept (a later part may replace it).
        var twice = found.Where(f => f.Answers.Count > 0).SelectMany(f => f.AnsweredTwice.Select(q => (Question: q, Answer: f.Answers.First(a => a.QuestionId == q))))
            .Where(t => answers.Contains(t.Answer)).Select(t => t.Question).Distinct(StringComparer.Ordinal).ToList();
        // The author of the forwarded or attached mail whose answers are kept, if any is.
        var author = found.FirstOrDefault(f => (f.ForwardedFrom ?? f.ForwardedFromName) is not null && f.Answers.Any(a => answers.Any(kept => ReferenceEquals(kept, a))));
        return new ParsedMail
        {
            Answers = answers, Language = language, MixedLanguages = mixed, Source = string.Join(",", sources), Problems = problems,
            Unplaced = unplaced, Repeated = repeated, AnsweredTwice = twice, ForwardedFrom = author?.ForwardedFrom, ForwardedFromName = author?.ForwardedFromName,
        };
    }

    /// <summary>Lines to quote back in the reply: a few, each cut short (the sender chose their length).</summary>
    private static List<string> Quotable(IEnumerable<string> lines)
    {
        return lines
            // Quoted in our own reply: no bidi overrides or invisible characters ("\u202eKCILC" would show reversed).
            .Select(TemplateTextParser.WithoutFormatCharacters)
            .Select(line => line.Length <= MaxUnplacedLength ? line : line[..MaxUnplacedLength] + "…")
            .Distinct(StringComparer.Ordinal).Take(MaxUnplacedLines).ToList();
    }
}
