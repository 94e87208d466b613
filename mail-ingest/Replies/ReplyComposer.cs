using System.Text;
using System.Text.Json.Nodes;
using MimeKit;
using Regin.Core.Intake;
using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Persistence.Entities;
using Regin.Core.Presentation;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Answer = Regin.Core.Persistence.Entities.Answer;

namespace Regin.MailIngest.Replies;

/// <summary>What a reply says: the answers understood, the ones refused with why, the required ones missing.</summary>
public sealed record ReplyContent(
    string Language,
    string? Reference,
    IReadOnlyList<AnswerOutcome> Outcomes,
    IReadOnlyList<Question> Missing,
    bool Submitted,
    bool NoAnswers,
    bool QuoteAnswers = true,
    string? Notice = null)
{
    /// <summary>
    /// The stored answers the mail's answers were read against, by question id (before they were recorded): an answer
    /// stored in place of a different value is said with the value it replaced ("[Q13] Start date: 2020 (was 2019)").
    /// </summary>
    public IReadOnlyDictionary<string, Answer>? Previous { get; init; }

    /// <summary>The template goes with the reply though answers were read: they came from sentences, and the rest needs the template.</summary>
    public bool AttachTemplate { get; init; }

    /// <summary>
    /// A first mail in prose (five sentences about a project): the reply lists what was kept and names the rest only by
    /// count, in the template attached, instead of listing every required and optional question (session 48).
    /// </summary>
    public bool RestInTemplate { get; init; }

    /// <summary>Questions whose answer is a guess read from a sentence (the place of a first mail): the reply asks to confirm it.</summary>
    public IReadOnlySet<string> Guessed { get; init; } = new HashSet<string>();

    /// <summary>The questions the sender promised to answer later ("Budget: folgt"): the draft waits for them (session 46).</summary>
    public IReadOnlyList<Question> Awaiting { get; init; } = [];

    /// <summary>
    /// The optional questions with no answer yet, listed after the required ones as lines the contributor can answer
    /// under ("> [Q23] Budget"); empty once the practice is submitted (a later mail no longer changes it).
    /// </summary>
    public IReadOnlyList<Question> OptionalOpen { get; init; } = [];

    /// <summary>
    /// What the mail wrote instead of an answer, by question id: a pointer ("siehe Anhang", "s.o.", "dito"), dropped as no
    /// answer. A question still missing says so in the reply, quoting it (session 55: it was listed with no word of why).
    /// </summary>
    public IReadOnlyDictionary<string, string> PointedElsewhere { get; init; } = new Dictionary<string, string>();

    /// <summary>A copy of the stored answers to the questions <paramref name="answers"/> answer (recording changes them in place).</summary>
    public static IReadOnlyDictionary<string, Answer> PreviousValues(IEnumerable<Answer> stored, IReadOnlyList<KeyValuePair<string, string>> answers)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(answers);
        var asked = answers.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var previous = new Dictionary<string, Answer>(StringComparer.Ordinal);
        foreach (var answer in stored)
        {
            if (asked.Contains(answer.QuestionId))
            {
                previous[answer.QuestionId] = new Answer { QuestionId = answer.QuestionId, ValueJson = answer.ValueJson, Original = answer.Original, OtherText = answer.OtherText, UpdatedBy = answer.UpdatedBy };
            }
        }
        return previous;
    }

    /// <summary>The stored answer <paramref name="outcome"/> took the place of, when it held a different value; otherwise null.</summary>
    public Answer? Replaced(AnswerOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!outcome.Stored || Previous is null || !Previous.TryGetValue(outcome.Answer.QuestionId, out var before))
        {
            return null;
        }
        var same = before.ValueJson is not null && outcome.Answer.Value is not null
            ? JsonNode.DeepEquals(JsonNode.Parse(before.ValueJson), outcome.Answer.Value)
            : string.Equals(before.Original, outcome.Answer.Original, StringComparison.Ordinal);
        return same ? null : before;
    }

    /// <summary>
    /// Whether the mail changed what the practice holds: it stored an answer to a question the practice had none to (the
    /// budget sent a day later) or in place of a different value. Its reply confirms what was added or corrected, and is
    /// not a repeat of the practice's "incomplete" error, whatever is still missing. Null <see cref="Previous"/> (a new
    /// draft) tells nothing.
    /// </summary>
    public bool ChangesAnswers => Previous is { } previous
        && Outcomes.Any(o => o.Stored && (!previous.ContainsKey(o.Answer.QuestionId) || Replaced(o) is not null));
}

/// <summary>
/// Writes the reply to a contributor's mail, in the template's language, from the questionnaire's mail messages:
/// threaded under their mail (In-Reply-To, References) and marked as an automatic reply so no robot answers it.
/// It goes to the sender's From address only (never to a Reply-To somewhere else), under a fixed subject (never theirs).
/// </summary>
public sealed class ReplyComposer(QuestionnaireDefinition questionnaire, Texts texts, Regin.Core.ReferenceData.GeoCatalog geo, Microsoft.Extensions.Options.IOptions<Regin.Core.Privacy.PrivacyOptions> privacy)
{
    /// <summary>Message-IDs a reply's References carry at most: the thread's first, its latest, the mail answered.</summary>
    public const int MaxReferences = 20;

    /// <summary>
    /// The References of a mail answering <paramref name="answered"/>: the thread's root, its latest mails and the mail
    /// answered. Enough to thread it (RFC 5322 3.6.4 allows trimming), and a mail with thousands of References never
    /// makes our answer that long.
    /// </summary>
    public static List<string> ThreadReferences(IReadOnlyList<string> references, string answered)
    {
        // Only ids that are message ids (a sender's "Message-ID: words" came back as "<words>", which no mail program reads).
        if (!references.All(IsMessageId))
        {
            references = [.. references.Where(IsMessageId)];
        }
        var thread = new List<string>(Math.Min(references.Count + 1, MaxReferences));
        for (var i = 0; i < references.Count; i++)
        {
            if (i == 0 || i >= references.Count - (MaxReferences - 2))
            {
                thread.Add(references[i]);
            }
        }
        if (IsMessageId(answered))
        {
            thread.Add(answered);
        }
        return thread;
    }

    /// <summary>The longest id our replies carry: one a header line holds (998 characters) beside its name, with room to spare.</summary>
    public const int MaxMessageIdLength = 250;

    /// <summary>
    /// Whether <paramref name="id"/> (as MimeKit gives it, without the angle brackets) is a message id our reply may name in
    /// In-Reply-To and References (RFC 5322 3.6.4: "left@right", dot-atoms or a bracketed right part): a sender's
    /// "Message-ID: this is not one" (MimeKit makes it "thisisnotone") or 2,000 characters would make our header malformed
    /// or over-long. Such a mail is answered unthreaded.
    /// </summary>
    public static bool IsMessageId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxMessageIdLength)
        {
            return false;
        }
        var at = id.LastIndexOf('@');
        if (at <= 0 || at == id.Length - 1)
        {
            return false;
        }
        var right = id.AsSpan(at + 1);
        return DotAtom(id.AsSpan(0, at)) && (DotAtom(right) || (right is ['[', .., ']'] && !right[1..^1].ContainsAny("[]\\") && !right[1..^1].ContainsAnyExceptInRange('!', '~')));

        static bool DotAtom(ReadOnlySpan<char> part)
        {
            if (part.IsEmpty || part[0] == '.' || part[^1] == '.' || part.IndexOf("..", StringComparison.Ordinal) >= 0)
            {
                return false;
            }
            foreach (var c in part)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".Contains(c)))
                {
                    return false;
                }
            }
            return true;
        }
    }

    private readonly ValueFormatter formatter = new(questionnaire, geo);

    /// <param name="original">The contributor's mail.</param>
    /// <param name="content">What the reply says.</param>
    /// <param name="mailbox">Our address.</param>
    /// <param name="recipient">The sender's (authenticated) From address.</param>
    /// <param name="messageId">Our signed Message-ID (<see cref="Intake.ThreadTokens"/>).</param>
    public MimeMessage Compose(MimeMessage original, ReplyContent content, string mailbox, string recipient, string messageId)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(content);
        var language = content.Language;
        var reply = new MimeMessage();
        reply.From.Add(new MailboxAddress("REGIN", mailbox));
        reply.To.Add(new MailboxAddress("", recipient));
        reply.Subject = content.Reference is not null
            ? texts.Get("mail.reply_subject", language, ("reference", content.Reference))
            : texts.Get("mail.template_title", language);
        reply.MessageId = messageId;
        if (IsMessageId(original.MessageId))
        {
            reply.InReplyTo = original.MessageId;
            foreach (var reference in ThreadReferences([.. original.References], original.MessageId!))
            {
                reply.References.Add(reference);
            }
        }
        reply.Headers.Add("Auto-Submitted", "auto-replied");
        reply.Headers.Add("X-Auto-Response-Suppress", "All");
        reply.Headers.Add(MailClassifierHeader, content.Reference ?? "none");
        var body = new TextPart("plain") { Text = Body(content) };
        body.Headers.Add(HeaderId.ContentLanguage, language);
        if (content.NoAnswers || content.AttachTemplate)
        {
            var multipart = new Multipart("mixed") { body };
            var template = new TextTemplate(questionnaire).Generate(language, mailbox, privacy.Value.NoticeUrlIn(language));
            multipart.Add(new TextPart("plain")
            {
                Text = template,
                FileName = $"regin-template-{language}.txt",
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = $"regin-template-{language}.txt" },
            });
            reply.Body = multipart;
        }
        else
        {
            reply.Body = body;
        }
        return reply;
    }

    private const string MailClassifierHeader = Intake.MailClassifier.OwnReplyHeader;

    public string Body(ReplyContent content)
    {
        var language = content.Language;
        var text = new StringBuilder();
        text.AppendLine(texts.Get("mail.reply_greeting", language));
        if (content.Reference is not null)
        {
            text.AppendLine(texts.Get("mail.reply_subject", language, ("reference", content.Reference)));
        }
        text.AppendLine();
        if (content.Notice is not null)
        {
            text.AppendLine(content.Notice);
            text.AppendLine();
        }
        if (content.NoAnswers)
        {
            text.AppendLine(texts.Get("mail.reply_no_answers", language));
            text.AppendLine();
        }
        var understood = content.Outcomes.Where(o => o.Stored).ToList();
        if (understood.Count > 0)
        {
            text.AppendLine(texts.Get("mail.reply_understood", language));
            foreach (var outcome in understood)
            {
                text.AppendLine(content.QuoteAnswers
                    ? $"  {Key(outcome.Answer.QuestionId)} {Label(outcome.Answer.QuestionId, language)}: {Readable(outcome, language)}{Replaced(outcome, content, language)}"
                    : $"  {Key(outcome.Answer.QuestionId)} {Label(outcome.Answer.QuestionId, language)}");
                if (outcome.Answer.QuestionId == "consent_publish" && outcome.Answer.Flags.Any(f => f.Reason == FlagReasons.AnswerWithCondition))
                {
                    // A consent given in part ("sí, pero solo el título", "¿podéis publicar solo el título?"): what is published
                    // until a researcher has read the condition (session 50: the question form was asked again, or not answered).
                    text.AppendLine($"      {texts.Get("mail.consent_condition_pending", language)}");
                }
                if (content.QuoteAnswers && outcome.Answer is { NeedsConfirmation: true, Candidates: [var taken, ..] })
                {
                    // A slip of typing was corrected: the mail takes the one candidate and says so.
                    text.AppendLine($"      {texts.Get("mail.reply_assumed", language, ("candidate", taken.Display))}");
                }
                else if (content.QuoteAnswers && content.Guessed.Contains(outcome.Answer.QuestionId))
                {
                    // A place read from a sentence: a guess, said as one.
                    text.AppendLine($"      {texts.Get("mail.reply_assumed", language, ("candidate", Readable(outcome, language)))}");
                }
                if (content.QuoteAnswers)
                {
                    // What the chat says beside a kept answer, said in the mail too: the levels of a public body kept under
                    // Other, a currency not the euro, a region not recognised, words kept for the team.
                    foreach (var warning in outcome.Answer.Warnings)
                    {
                        text.AppendLine($"      {Shorten(warning, 400)}");
                    }
                }
            }
            text.AppendLine();
        }
        var invalid = content.Outcomes.Where(o => o.Invalid).ToList();
        if (invalid.Count > 0)
        {
            text.AppendLine(texts.Get("mail.reply_invalid", language));
            foreach (var outcome in invalid)
            {
                // The sender's words are not quoted back: the label and why it was refused say enough.
                text.AppendLine($"  {Key(outcome.Answer.QuestionId)} {Label(outcome.Answer.QuestionId, language)}");
                if (content.QuoteAnswers)
                {
                    text.AppendLine($"      {outcome.Answer.Error}");
                }
            }
            text.AppendLine();
        }
        var inTemplate = content.RestInTemplate && !content.Submitted && (content.Missing.Count > 0 || content.OptionalOpen.Count > 0);
        if (inTemplate)
        {
            text.AppendLine(texts.Get("mail.reply_rest_in_template", language,
                ("required", content.Missing.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("optional", content.OptionalOpen.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            text.AppendLine();
        }
        if (content.Missing.Count > 0 && !inTemplate)
        {
            text.AppendLine(texts.Get("mail.reply_missing", language));
            foreach (var question in content.Missing)
            {
                text.AppendLine($"  {Key(question.Id)} {question.Label.In(language)}");
                if (content.QuoteAnswers && content.PointedElsewhere.TryGetValue(question.Id, out var pointer))
                {
                    text.AppendLine($"      {texts.Get("mail.reply_points_elsewhere", language, ("text", Shorten(pointer, 80)))}");
                }
            }
            text.AppendLine();
        }
        foreach (var (heading, questions) in new[] { ("mail.reply_awaiting", content.Awaiting), ("mail.reply_optional_open", inTemplate ? [] : content.OptionalOpen) })
        {
            if (questions.Count > 0)
            {
                text.AppendLine(texts.Get(heading, language));
                foreach (var question in questions)
                {
                    text.AppendLine($"  {Key(question.Id)} {question.Label.In(language)}");
                }
                text.AppendLine();
            }
        }
        if (content.Submitted)
        {
            text.AppendLine(texts.Get("mail.reply_complete", language));
        }
        else if (!inTemplate && (invalid.Count > 0 || content.Missing.Count > 0 || content.Awaiting.Count > 0))
        {
            text.AppendLine(texts.Get("mail.reply_how_to_fix", language));
        }
        text.AppendLine();
        text.AppendLine("-- ");
        text.AppendLine(texts.Get("mail.reply_signature", language));
        text.AppendLine(texts.Get("mail.privacy_notice", language, ("privacy_url", privacy.Value.NoticeUrlIn(language))));
        return text.ToString();
    }

    private string Key(string questionId) => $"[{TemplateKeys.KeyOf(questionnaire, questionId)}]";

    private string Label(string questionId, string language) =>
        questionnaire.Questions.FirstOrDefault(q => q.Id == questionId)?.Label.In(language) ?? questionId;

    /// <summary>The normalised value as the contributor's language writes it (<see cref="ValueFormatter"/>).</summary>
    private string Readable(AnswerOutcome outcome, string language)
    {
        var question = questionnaire.Questions.FirstOrDefault(q => q.Id == outcome.Answer.QuestionId);
        var value = outcome.Answer.Value;
        var readable = value is null || question is null ? outcome.Answer.Original : formatter.Format(question, value, language);
        // Words kept beside the value: those under "other", a reservation ("Sí (+ "sin mi teléfono")"), or a title or role
        // beside a name ("Petra Schulz (+ "Dr.")").
        var beside = !string.IsNullOrEmpty(outcome.Answer.OtherText)
            ? outcome.Answer.OtherText
            : outcome.Answer.Flags.FirstOrDefault(f => f.Reason is FlagReasons.AnswerWithCondition or FlagReasons.AnswerRemark)?.Detail;
        if (!string.IsNullOrEmpty(beside))
        {
            readable += $" (+ \"{beside}\")";
        }
        return Shorten(readable);
    }

    /// <summary>
    /// " (was 2019)" when the answer took the place of a different stored value, in the reply's language; empty when it is
    /// the first answer to its question or says the same again.
    /// </summary>
    private string Replaced(AnswerOutcome outcome, ReplyContent content, string language)
    {
        if (content.Replaced(outcome) is not { } before)
        {
            return "";
        }
        var question = questionnaire.Questions.FirstOrDefault(q => q.Id == outcome.Answer.QuestionId);
        var readable = before.ValueJson is null || question is null ? before.Original : formatter.Format(question, before.ValueJson, language);
        return " " + texts.Get("mail.reply_replaced", language, ("previous", Shorten(readable, 80)));
    }

    private static string Shorten(string text, int length = 160)
    {
        // One line: a list's items and a table's rows (a Word answer's "- colloqui …" lines, "Comune di Torino – sede …") are
        // told apart by "; ", not run together (session 45); after a line that ends a sentence, a space as before.
        var lines = text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var items = lines.Length > 1 && lines.All(l => l.StartsWith("- ", StringComparison.Ordinal));
        var single = new System.Text.StringBuilder();
        foreach (var line in lines)
        {
            if (single.Length > 0)
            {
                // A line a mail program wrapped goes on in lower case: a space, as before.
                single.Append(single[^1] is '.' or ';' or ',' or ':' or '!' or '?' || !(items || char.IsUpper(line[0]) || char.IsDigit(line[0])) ? " " : "; ");
            }
            single.Append(items ? line[2..] : line);
        }
        return single.Length <= length ? single.ToString() : single.ToString(0, length - 3) + "...";
    }

    internal static bool IsPracticeOpen(Practice practice) => PracticeStatus.IsOpenForContributor(practice.Status);
}
