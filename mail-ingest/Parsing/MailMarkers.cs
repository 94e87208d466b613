using System.Text.RegularExpressions;
using Regin.Core.Questionnaire;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// The lines mail programs write around a reply or a forward ("On ... wrote:", "Il giorno ... ha scritto:", Outlook's
/// From/Sent block, "Forwarded message") and the closing lines of a mail ("Kind regards"), as patterns built once from
/// the words of every locale file (vocabulary: reply_intro, reply_wrote, original_message, forward_markers,
/// mail_header_*, sign_offs). A new locale file brings its mail programs' words with it.
/// </summary>
public sealed class MailMarkers
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public MailMarkers(Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var intro = Alternatives(vocabulary.ReplyIntro);
        var wrote = Alternatives(vocabulary.ReplyWrote);
        var from = Alternatives(vocabulary.MailHeaderFrom);
        var sent = Alternatives(vocabulary.MailHeaderSent);
        var headers = Alternatives(new[] { vocabulary.MailHeaderFrom, vocabulary.MailHeaderSent, vocabulary.MailHeaderOther }.SelectMany(w => w.All));
        Forward = Build($@"^-*\s*(?:{Alternatives(vocabulary.ForwardMarkers)})\s*:?\s*-*\s*$");
        OriginalMessage = Build($@"^-{{2,}}\s*(?:{Alternatives(vocabulary.OriginalMessage)})\s*-{{2,}}\s*$");
        // "On … wrote:", and an attribution that opens otherwise but names the time or an address and says "wrote": Gmail in
        // European Portuguese ("REGIN <…> escreveu no dia quinta, 3/12/2026 à(s) 10:12:"), iOS Mail ("A 3/12/2026, às 10:12,
        // … escreveu:", "3 dec. 2026 kl. 10:12 skrev …:"), Thunderbird ("No dia 03/12/2026 às 10:12, … escreveu:"); not
        // one quoted ("> 30 nov. … skrev …:" is the header of the mail that one quoted).
        Reply = Build($@"^(?:(?:{intro})\b.*\b(?:{wrote})\b.*|(?!>)(?=.{{0,200}}$)(?=.*\b(?:{wrote})\b)(?=.*(?:\b\d{{1,2}}:\d{{2}}\b|<[^<>\s@]+@[^<>\s]+>)).*):\s*$");
        WroteStart = Build($@"^(?:{intro})\b.*\d");
        WroteEnd = Build($@"\b(?:{wrote})\b.*:\s*$");
        OutlookFrom = Build($@"^\*?(?:{from})\s*:\*?\s*.+");
        OutlookSent = Build($@"^\*?(?:{sent})\b[^:]{{0,12}}:");
        HeaderLine = Build($@"^\*?(?:{headers})\b[^:]{{0,12}}:");
        // Two sign-offs joined ("Grazie e buona giornata", "Thanks and have a nice day", "Merci, bonne journée"): one sign-off
        // (session 49: the line and the name under it were quoted back as lines not read).
        var signOff = Alternatives(vocabulary.SignOffs);
        SignOff = Build($@"^(?:{signOff})(?:\s*(?:[,&+]|\b(?:{Alternatives(vocabulary.And)})\b)\s*(?:{signOff}))*\s*(?:[,.!]+\s*[\p{{L}}.\- ]{{0,40}})?$");
        // A greeting alone ("Ciao", "Hej!", "Ciao, Francesca"): Italian and Swedish close with their hello too (session 56: an
        // iPhone reply's last answer took "Ciao", the signature and its legal disclaimer). Only the template reader uses it,
        // after an answer: at a mail's top it is the greeting.
        GreetingAlone = Build($@"^(?:{Alternatives(vocabulary.Greetings)})\s*(?:[,.!]+\s*[\p{{L}}.\- ]{{0,40}})?$");
        // "*" is the phone's or the app's name: one to four words ("iPhone", "Samsung Galaxy smartphone", "Outlook for Android").
        // Outlook mobile's plain text keeps its link glued on: "Get Outlook for iOS<https://aka.ms/o0ukef>", "Obtener Outlook
        // para Android<https://aka.ms/AAb9ysg>".
        var name = @"[\p{L}\p{N}®™.\-]+(?:\s+[\p{L}\p{N}®™.\-]+){0,3}";
        MailSignature = Build($@"^(?:{Alternatives(vocabulary.MailSignatures).Replace(@"\*", name, StringComparison.Ordinal)})\s*(?:<https?://[^\s<>]{{1,200}}>)?\s*[.!]?$");
        Disclaimer = Build($@"(?<!\w)(?:{Alternatives(vocabulary.MailDisclaimers)})(?!\w)");
        AnswerLabel = Build($@"^\s*(?:{Alternatives(vocabulary.AnswerLabels)})\s*:\s*");
        OutOfOffice = Build($@"(?<!\w)(?:{Alternatives(vocabulary.OutOfOffice)})(?!\w)");
        ProseCorrection = Build(ProseCorrections.Pattern(Alternatives(vocabulary.QuestionRefs), Alternatives(vocabulary.CorrectionVerbs), Alternatives(vocabulary.InsteadOf)));
    }

    /// <summary>A correction in prose: "Q13 should be 2020, not 2019" (<see cref="ProseCorrections"/>).</summary>
    public Regex ProseCorrection { get; }

    /// <summary>A phrase of an out-of-office reply ("out of the office", "bin ich abwesend", "εκτός γραφείου"), anywhere in a line.</summary>
    public Regex OutOfOffice { get; }

    /// <summary>
    /// Whether a mail's own text reads as an out-of-office reply: one of its phrases in its first sentences
    /// (<see cref="OutOfOfficeReach"/> characters, a typographic apostrophe read as "'"), where an auto-responder says it.
    /// </summary>
    public bool OpensAsOutOfOffice(string text)
    {
        var start = text.AsSpan().TrimStart();
        return OutOfOffice.IsMatch((start.Length > OutOfOfficeReach ? start[..OutOfOfficeReach] : start).ToString().Replace('\u2019', '\''));
    }

    /// <summary>How far into a text an out-of-office phrase is looked for.</summary>
    public const int OutOfOfficeReach = 400;

    /// <summary>A phrase of a gateway's legal disclaimer ("intended solely for", "irrtümlich erhalten"), anywhere in a line.</summary>
    public Regex Disclaimer { get; }

    /// <summary>
    /// Whether a text opens as a gateway's legal disclaimer: one of its phrases in the first lines (<see cref="DisclaimerReach"/>
    /// characters), where a disclaimer part starts with it; a text going on an answer that mentions confidentiality later is
    /// not one.
    /// </summary>
    public bool OpensAsDisclaimer(string text)
    {
        var start = text.AsSpan().TrimStart();
        return Disclaimer.IsMatch(start.Length > DisclaimerReach ? start[..DisclaimerReach] : start);
    }

    /// <summary>How far into a text a disclaimer's phrase is looked for (its first sentence or two).</summary>
    public const int DisclaimerReach = 300;

    /// <summary>Our template's hint under each question, in every language: an answer typed under a quoted one is read.</summary>
    public TemplateHints Hints { get; init; } = TemplateHints.None;

    /// <summary>
    /// The keys (13 for "[Q13]") of the questions whose value is a date, a number, an amount, a choice, a country or a
    /// region: a bracketed key line saying "should be 2020, not 2019" is a correction only for these; a free text answer
    /// ("[Q17] We should be proud, not ashamed") is kept as typed.
    /// </summary>
    public IReadOnlySet<int> CorrectableKeys { get; init; } = new HashSet<int>();

    /// <summary>The first line of every reply we send (<c>mail.reply_greeting</c> in each language), folded.</summary>
    public IReadOnlySet<string> OurReplyOpenings { get; init; } = new HashSet<string>();

    /// <summary>
    /// Whether a line opens our own reply ("Thank you for your contribution to the REGIN Integration Lab."): when it stands
    /// in a mail's own text, unmarked and under no quote header, our reply is pasted or echoed there (a ticket robot's
    /// "request received" above it, a bounce quoting it as text), and what follows is ours, its "[Q05] Title: …" lines no
    /// answers of the sender's.
    /// </summary>
    public bool OpensOurReply(string line)
    {
        var trimmed = line.AsSpan().Trim().Trim('\uFEFF');
        // Each greeting names the project ("REGIN Integration Lab"): a line without it is not folded at all.
        return trimmed.Length is > 0 and <= 200 && trimmed.Contains("REGIN", StringComparison.OrdinalIgnoreCase)
            && OurReplyOpenings.Contains(Regin.Core.Normalisation.TextKey.Fold(trimmed.ToString()));
    }

    /// <summary>
    /// The headings of our reply's lists that ask for answers, "These required answers are missing:" and "These answers need
    /// a correction:" (<c>mail.reply_missing</c>, <c>mail.reply_invalid</c> in each language), folded. Not "This is what we
    /// understood:", whose lines carry our values in the same shape as an answer typed on the line.
    /// </summary>
    public IReadOnlySet<string> OurAskingHeadings { get; init; } = new HashSet<string>();

    /// <summary>Whether a quoted line (unquoted, trimmed) is the heading of one of our reply's lists that ask for answers.</summary>
    public bool IsOurAskingHeading(string content) =>
        content.Length is > 0 and <= 200 && OurAskingHeadings.Contains(Regin.Core.Normalisation.TextKey.Fold(content));

    /// <summary>
    /// Our reply's note under a missing question whose answer pointed elsewhere (<c>mail.reply_points_elsewhere</c> in each
    /// language): its words before and after the quoted pointer, folded.
    /// </summary>
    public IReadOnlyList<(string Before, string After)> OurPointerNotes { get; init; } = [];

    /// <summary>
    /// Whether a quoted line (unquoted, trimmed) is our note "(you wrote "s.o.", which points elsewhere: …)": quoted back
    /// without a mark under a key of our list, it is ours, never the answer typed there (session 55).
    /// </summary>
    public bool IsOurPointerNote(string content)
    {
        if (content.Length is 0 or > 400 || content[0] != '(')
        {
            return false;
        }
        var folded = Regin.Core.Normalisation.TextKey.Fold(content);
        return OurPointerNotes.Any(n => folded.StartsWith(n.Before, StringComparison.Ordinal) && folded.EndsWith(n.After, StringComparison.Ordinal)
            && folded.Length >= n.Before.Length + n.After.Length);
    }

    /// <summary>Each question's label in every language as comparison words, by its key's number ("[Q13]" → the start date's).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string[]>> KeyLabels { get; init; } = new Dictionary<int, IReadOnlyList<string[]>>();

    /// <summary>
    /// The text typed after our own label on a key's line ("Start date: 2021" after "[Q13]" → "2021"; "Startdatum März 2021"
    /// → "März 2021"): "" when the line is our label alone, null when it does not open with our label of that key (someone's
    /// own earlier answer quoted, "[Q13] 2019").
    /// </summary>
    public string? TypedAfterOurLabel(int key, string rest)
    {
        if (!KeyLabels.TryGetValue(key, out var labels))
        {
            return null;
        }
        var words = Regin.Core.Normalisation.TextKey.Words(rest);
        string[]? longest = null;
        foreach (var label in labels)
        {
            if (label.Length > 0 && label.Length <= words.Length && (longest is null || label.Length > longest.Length) && words.AsSpan(0, label.Length).SequenceEqual(label))
            {
                longest = label;
            }
        }
        return longest is null ? null : TemplateTextParser.TrimSeparators(rest[TemplateTextParser.SkipWords(rest, longest.Length)..]);
    }

    /// <summary>"---------- Forwarded message ---------", "Début du message réexpédié :".</summary>
    public Regex Forward { get; }

    /// <summary>"-----Original Message-----", "-----Ursprüngliche Nachricht-----".</summary>
    public Regex OriginalMessage { get; }

    /// <summary>"On Mon, 3 Mar 2025 at 10:00, Maria wrote:" on one line.</summary>
    public Regex Reply { get; }

    /// <summary>The first line of a quote header wrapped over two lines ("Le lun. 3 mars 2025 à 10:00, Maria").</summary>
    public Regex WroteStart { get; }

    /// <summary>The second line of a wrapped quote header ("<maria@example.org> a écrit :").</summary>
    public Regex WroteEnd { get; }

    /// <summary>Outlook's "From: ..." line that opens a quoted mail.</summary>
    public Regex OutlookFrom { get; }

    /// <summary>Outlook's "Sent: ..." line, a few lines under "From:".</summary>
    public Regex OutlookSent { get; }

    /// <summary>Any header line of a quoted or forwarded mail (From, Sent, Subject, To, Cc...).</summary>
    public Regex HeaderLine { get; }

    /// <summary>"Svar:", "Antwort:", "Réponse :" opening an answer typed under our quoted question (vocabulary <c>answer_labels</c>).</summary>
    public Regex AnswerLabel { get; }

    /// <summary>A short closing line ("Kind regards", "Cordiali saluti, Maria").</summary>
    public Regex SignOff { get; }

    /// <summary>A greeting word alone on its line, or before a comma and a name ("Ciao", "Ciao, Francesca").</summary>
    public Regex GreetingAlone { get; }

    /// <summary>The line a phone or a mail app adds under the text ("Sent from my iPhone", "Von meinem iPhone gesendet").</summary>
    public Regex MailSignature { get; }

    // Compiled: every line of every mail meets these alternations of all the languages' words, which the interpreter
    // walked word by word (most of splitting a reply off); built once per host, at the cost of a few milliseconds each.
    // The compiled matcher is JIT-compiled at its first match, inside that match's timeout: on a loaded machine the first
    // line of a mail met the sign-off alternation's JIT and timed out (session 51's whole-suite run, "not 20" at Q17). One
    // match of an empty line here pays it once, at build, where a timeout only means the first real match pays the rest.
    private static Regex Build(string pattern)
    {
        var regex = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, Timeout);
        try
        {
            regex.IsMatch(string.Empty);
        }
        catch (RegexMatchTimeoutException)
        {
        }
        return regex;
    }

    private static string Alternatives(LocalizedWords words) => Alternatives(words.All);

    /// <summary>The phrases as one alternation, longest first, any run of spaces matching any whitespace.</summary>
    private static string Alternatives(IEnumerable<string> phrases)
    {
        var list = phrases.Select(p => p.Trim()).Where(p => p.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(p => p.Length).Select(p => string.Join(@"\s+", p.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape)))
            .ToList();
        // No words at all (a questionnaire without mail vocabulary): a pattern that matches nothing.
        return list.Count == 0 ? "(?!)" : string.Join("|", list);
    }
}
