using System.Text;
using System.Text.RegularExpressions;
using Regin.Core;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// Finds the answers in the text of a filled-in template, however it was typed: a question is recognised by its key
/// ([Q07], Q7), by its number and label (7. Start date) or by its label alone in any of the 8 languages (case,
/// accents, bold markers and a missing colon do not matter; a label wrapped over two lines is joined). The answer is
/// what follows on the same line and the lines up to the next question, without the template's own lines.
/// </summary>
public sealed partial class TemplateTextParser(QuestionCatalog catalog)
{
    private QuestionnaireDefinition Questionnaire => catalog.Questionnaire;

    /// <summary>The reply, forward and sign-off lines of every language's mail programs.</summary>
    public MailMarkers Markers => catalog.Markers;

    /// <summary>The questions and their names this parser reads.</summary>
    public QuestionCatalog Catalog => catalog;

    public ParsedMail Parse(string text, string source, CancellationToken cancellationToken = default)
    {
        var lines = SplitKeyLines(SplitLines(text));
        // Each line's text without markup and its words, made once: a line is looked at as itself, as the line after
        // another, and as a sign-off.
        var cleaned = new CleanLines(lines);
        // The last line with text before the one being read: whether a long answer has begun is known at once.
        var lastWithText = -1;
        var headers = new List<Header>();
        // Lines opening with a key that names no question ("[Q1Ж] 2019"): each ends the answer above it.
        var unknownKeys = new List<int>();
        var votes = new Dictionary<string, int>(StringComparer.Ordinal);
        string? markerLanguage = null;
        var end = lines.Count;
        // Sign-offs with key lines below them (each ends the answer above it), and the first one's signature lines.
        var signedOff = new List<int>();
        (int Start, int Stop)? signature = null;
        // A phone's "Sent from my iPhone" is the mail's last line: there, never part of the last answer. Outlook mobile
        // draws a rule ("______") under it, above the quoted mail's header block: the rule is no line of text.
        var lastLine = lines.FindLastIndex(l => !string.IsNullOrWhiteSpace(l) && !IsRule(l));
        // A greeting alone closes the answers only below the last line that opens like an answer ("[Q01]", "Titre : …"):
        // above one it opens a forwarded template ("Bonjour," under "-------- Message transféré --------").
        var lastAnswerLike = lines.FindLastIndex(l => KeyStart().IsMatch(l.Trim()) || UnknownLabelLine().IsMatch(l.Trim()));
        for (var i = 0; i < lines.Count; i++)
        {
            if ((i & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            if (IsSignatureDelimiter(lines[i]) || (headers.Count > 0 && (IsSignOff(cleaned.Clean(i), closingGreeting: i > lastAnswerLike) || (i == lastLine && IsMailSignature(lines[i].Trim())))))
            {
                if (headers.Count > 0 && !IsSignatureDelimiter(lines[i]) && KeyLineBelow(lines, cleaned, i) is var resume and > 0)
                {
                    // "[Q31] ja / Viele Grüße / Julia / [Q03] …": an answer added below the sign-off (session 58: it was not
                    // read). A key names its question for sure and no signature writes one; the lines between are the signature.
                    signature ??= (i, resume);
                    signedOff.Add(i);
                    i = resume - 1;
                    continue;
                }
                end = i;
                break;
            }
            if (TemplateKeys.TryParseMarker(lines[i], out _, out var markerLang))
            {
                markerLanguage = markerLang;
                lastWithText = i;
                continue;
            }
            if (IsUnknownKeyLine(cleaned.Clean(i)))
            {
                unknownKeys.Add(i);
                lastWithText = i;
                continue;
            }
            // Inside a long answer, a line that merely starts with a label's words ("Main activities include ...")
            // is text, unless it looks like a question: a separator after the label, or nothing after it.
            var insideLongText = headers.Count > 0 && headers[^1].Question.Type == QuestionType.Longtext
                && lastWithText >= headers[^1].Line + headers[^1].LinesTaken;
            // Right below a question's own line, its everyday name again ("[Q17] Context: …" then "Description: …") begins the
            // answer; its key or number is a question's line, always.
            if (TryHeader(lines, cleaned, i, insideLongText, headers, out var header)
                && !(header.How is not ("key" or "number") && headers.Count > 0 && headers[^1].Question.Id == header.Question.Id && headers[^1].Inline.Length == 0
                    && NothingWritten(lines, headers[^1].Line + headers[^1].LinesTaken, i)))
            {
                if (i == lastLine && header.How is not ("key" or "number") && header.Inline.Length == 0 && header.LinesTaken == 1)
                {
                    // A label alone on the mail's last line, nothing under it: nothing answers it, and it is most often the
                    // sender's first name that is also a label's word ("Mal", Swedish "Mål": "Hi, … [Q06] Cyprus … Mal" was
                    // answered in Swedish by that one label's vote). Where a signature would end, it ends the answers.
                    end = i;
                    break;
                }
                headers.Add(header);
                foreach (var voted in header.Languages)
                {
                    votes[voted] = votes.GetValueOrDefault(voted) + (header.Languages.Count == 1 ? 2 : 1);
                }
                if (header.AliasLanguage is { } aliasLanguage)
                {
                    votes[aliasLanguage] = votes.GetValueOrDefault(aliasLanguage) + 1;
                }
                i += header.LinesTaken - 1;
            }
            if (!string.IsNullOrWhiteSpace(lines[i]))
            {
                lastWithText = i;
            }
        }
        var answers = new List<ParsedAnswer>();
        var unplaced = new List<string>();
        foreach (var stop in unknownKeys)
        {
            // What follows an unknown key, up to the next question, was meant for a question we cannot tell: said, not read.
            var next = headers.FirstOrDefault(h => h.Line > stop)?.Line ?? end;
            next = Math.Min(next, unknownKeys.FirstOrDefault(k => k > stop, int.MaxValue));
            unplaced.AddRange(lines[stop..next].Select(l => l.Trim()).Where(l => l.Length > 0));
        }
        var repeated = new List<string>();
        var headerOf = new Dictionary<string, Header>(StringComparer.Ordinal);
        var answeredTwice = new List<string>();
        for (var h = 0; h < headers.Count; h++)
        {
            var header = headers[h];
            var from = header.Line + header.LinesTaken;
            var to = Math.Min(Math.Min(h + 1 < headers.Count ? headers[h + 1].Line : end, unknownKeys.FirstOrDefault(k => k >= from, int.MaxValue)),
                signedOff.FirstOrDefault(k => k >= from, int.MaxValue));
            var answer = AnswerText(header.Question, header.Inline, lines, from, to, unplaced, keepLines: header.How == "contact");
            if (header.How == "contact")
            {
                // "Kontakt: Jürgen Weber, j.weber@…, Tel. 0551 …": the address and the number answer their own questions
                // (unless the mail names those too); the name is what is left.
                var (name, address, phone) = SplitContact(answer);
                foreach (var (questionId, part) in new[] { (QuestionCatalog.ContactEmailId, address), (QuestionCatalog.ContactPhoneId, phone) })
                {
                    if (part is not null && !headers.Any(h => h.Question.Id == questionId) && answers.All(a => a.QuestionId != questionId))
                    {
                        answers.Add(new ParsedAnswer(questionId, part, header.How));
                    }
                }
                answer = name ?? "";
            }
            if (answer.Length == 0)
            {
                continue;
            }
            // Two answers to one question. Named the same sure way twice (its key twice, or the template's label twice: the
            // template pasted twice, or an answer repeated with the correction below it), the later wins, as a contributor
            // correcting herself expects, and the reply and the practice's flag say so (session 45: the first was kept and
            // the correction quoted back as a line not read). Otherwise most often a name that means two things
            // ("Ωφελούμενοι: 50 οικογένειες" under the target groups): the first stays unless only the second was named by
            // its key or number, and the other is never dropped unsaid: it is quoted back with the question it was read for.
            var earlier = answers.FindIndex(a => a.QuestionId == header.Question.Id);
            if (earlier >= 0)
            {
                var first = headerOf.GetValueOrDefault(header.Question.Id);
                var twice = first is not null && header.Sureness > 0 && header.Sureness == first.Sureness;
                var laterWins = twice || (header.How is "key" or "number" && answers[earlier].RecognisedBy is not ("key" or "number"));
                if (twice)
                {
                    if (!answeredTwice.Contains(header.Question.Id))
                    {
                        answeredTwice.Add(header.Question.Id);
                    }
                }
                else
                {
                    var loser = laterWins && first is not null ? first.Line : header.Line;
                    repeated.Add($"[{TemplateKeys.KeyOf(header.Question)}] {StripMarkup(lines[loser])}");
                }
                if (!laterWins)
                {
                    continue;
                }
                answers.RemoveAt(earlier);
            }
            // An address typed with invisible characters shows as another ("x@evil.example\u202Emoc.knab"): they are dropped
            // from the words read, and named for the researchers' flag (mail59).
            answers.Add(new ParsedAnswer(header.Question.Id, answer, header.How)
            {
                Invisible = header.Question.Type == QuestionType.Email ? FormatCharacters(lines.Skip(header.Line).Take(Math.Max(to, header.Line + 1) - header.Line)) : null,
            });
            headerOf[header.Question.Id] = header;
            if (header.How == "period" && !headers.Any(h => h.Question.Id == QuestionCatalog.EndDateId) && YearInPeriod().Count(answer) >= 2)
            {
                // "Periodo: da gennaio 2021 a dicembre 2023": the end date reads the period's end from the same words.
                answers.Add(new ParsedAnswer(QuestionCatalog.EndDateId, answer, header.How));
            }
            else if (header.How == "period" && !headers.Any(h => h.Question.Id == QuestionCatalog.EndDateId) && OngoingTail(answer) is { } runsOn)
            {
                // "Periodo: da marzo 2021, ancora in corso", "Période : depuis mars 2021, toujours en cours": one date and an
                // "ongoing" phrase closing the period; the end date reads that phrase, the start the whole line (session 50:
                // only the start was read, and the end was asked again).
                answers.Add(new ParsedAnswer(QuestionCatalog.EndDateId, runsOn, header.How));
            }
        }
        if (signature is { } signed)
        {
            answers.AddRange(FromTheSignature(lines[..signed.Stop], signed.Start, answers).ToList());
        }
        else if (headers.Count > 0 && end < lines.Count)
        {
            answers.AddRange(FromTheSignature(lines, end, answers).ToList());
        }
        var (language, mixed) = Decide(votes, markerLanguage);
        return new ParsedMail { Answers = answers, Language = language, MixedLanguages = mixed, Source = source, Unplaced = unplaced, Repeated = repeated, AnsweredTwice = answeredTwice };
    }

    /// <summary>The language with most label votes (a label only one language has counts double); the marker breaks ties.</summary>
    private (string? Language, bool Mixed) Decide(Dictionary<string, int> votes, string? markerLanguage)
    {
        if (votes.Count == 0)
        {
            return (markerLanguage, false);
        }
        var ranked = votes.OrderByDescending(v => v.Value)
            .ThenByDescending(v => v.Key == markerLanguage)
            .ThenBy(v => LanguageOrder(v.Key))
            .ToList();
        var best = ranked[0];
        var second = ranked.Skip(1).FirstOrDefault(v => v.Value < best.Value || v.Key != best.Key);
        var mixed = ranked.Count > 1 && second.Value >= 6 && second.Value * 4 >= best.Value && second.Value < best.Value;
        return (best.Key, mixed);
    }

    /// <summary>The position of the language in the questionnaire's order (its locale files).</summary>
    private int LanguageOrder(string language)
    {
        for (var index = 0; index < Questionnaire.Languages.Count; index++)
        {
            if (Questionnaire.Languages[index].Code == language)
            {
                return index;
            }
        }
        return -1;
    }

    private bool TryHeader(IReadOnlyList<string> lines, CleanLines cleaned, int index, bool strict, IReadOnlyList<Header> above, out Header header)
    {
        header = default!;
        var previous = above.Count > 0 ? above[^1].Question : null;
        var clean = cleaned.Clean(index);
        if (clean.Length == 0)
        {
            return false;
        }
        var next = index + 1 < lines.Count ? cleaned.Clean(index + 1) : "";

        // 1. By key: [Q07], [ q7 ], ［Q07］, [QO7], "Forgot: [Q07] …" (QuestionKey), Q07:, Q7)
        if (KeyedQuestion(clean) is { } byKey)
        {
            var (keyed, rest) = byKey;
            var (label, inline, taken) = StripLabel(rest, next, keyed);
            header = new Header(index, taken, keyed, inline, "key", label?.Languages ?? []);
            return true;
        }

        // 2. By number and label: "7. Start date", "7) Data di inizio: 2019"
        var numbered = char.IsDigit(clean[0]) ? NumberPattern().Match(clean) : Match.Empty;
        if (numbered.Success && TemplateKeys.QuestionOf(Questionnaire, Regin.Core.Normalisation.Digits.Parse(numbered.Groups["n"].ValueSpan)) is { } byNumber)
        {
            var (label, inline, taken) = StripLabel(numbered.Groups["rest"].Value, next, byNumber);
            if (label is not null)
            {
                header = new Header(index, taken, byNumber, inline, "number", label.Languages);
                return true;
            }
        }

        // 3. By label alone, in any language.
        var text = numbered.Success ? numbered.Groups["rest"].Value : clean;
        var words = numbered.Success ? TextKey.Words(text) : cleaned.Words(index);
        var match = catalog.MatchLabelPrefix(words);
        var lineCount = 1;
        // "Context: the needs or problem it" / "answers:": the template's label wrapped, not the everyday name "Context".
        if ((match is null || match.WordCount == words.Length || match.IsAlias) && catalog.IsStartOfLongerLabel(words) && next.Length > 0)
        {
            var joined = text + " " + next;
            var longer = catalog.MatchLabelPrefix(TextKey.Words(joined));
            if (longer is not null && longer.WordCount > words.Length)
            {
                match = longer;
                text = joined;
                lineCount = 2;
            }
        }
        if (match is not null)
        {
            var remainder = text[SkipWords(text, match.WordCount)..];
            var trimmed = remainder.TrimStart();
            // A full stop separates only before a space: "Tel. 0551" is a label, "contact.en@example.org" an address.
            var separated = trimmed.Length == 0 || trimmed[0] is ':' or '-' or '–' or '—' or '?' or ';' or '*' or '|' or '(' or '=' or '>'
                || (trimmed[0] == '.' && (trimmed.Length == 1 || char.IsWhiteSpace(trimmed[1]))) || remainder.StartsWith('\t');
            // Without a separator only a label of several words: "Regione Puglia" is an organisation, not the region.
            if (separated || (!strict && match.WordCount >= 2 && !match.IsAlias))
            {
                var inline = TrimSeparators(remainder);
                // An everyday name of a choice followed by a number names the count or amount of the same words instead
                // ("Beneficiari: circa 3000" is the number of beneficiaries, "Beneficiari: donne migranti" the groups).
                if (match.IsAlias && match.Question.Type is QuestionType.Choice or QuestionType.Multi && StartsWithNumber(inline)
                    && match.WordCount <= words.Length && catalog.MatchNumberQuestion(words[..match.WordCount]) is { } counted)
                {
                    match = counted with { WordCount = match.WordCount, Languages = match.Languages, IsAlias = true };
                }
                header = new Header(index, lineCount, match.Question, inline, match.IsPeriod ? "period" : match.IsContact ? "contact" : "label", match.Languages)
                {
                    AliasLanguage = match.AliasLanguage,
                    IsAlias = match.IsAlias,
                };
                return true;
            }
            // "Presupuesto total<tab>unos 80.000 €": a one-word name ("Presupuesto") that goes on is perhaps a short form.
        }
        // A short form before a colon: "Start: 2019", "Budget: 120 000", "start_date: 2019"; or before the next cell of
        // a table's row (a tab, as HtmlText writes it): "Presupuesto total | unos 80.000 €".
        var colon = text.IndexOfAny(ShortFormEnd);
        var paragraphStart = index == 0 || lines[index - 1].Trim().Length == 0;
        if (colon <= 0)
        {
            return false;
        }
        // An everyday short name whole before the colon ("Φορέας:", "Ente:", "Entidad:") names its question anywhere, where
        // no short form of a label names one (session 52). Not before a table's tab: "Entidad | Papel" heads a table of
        // partners (the Galician play of session 48: her partners were read as the lead organisation).
        if ((((strict && !paragraphStart) ? LeftOutAbove(catalog.MatchShortForm(text[..colon], previous), above) : catalog.MatchShortForm(text[..colon], previous))
            ?? (text[colon] == ':' ? catalog.MatchSpokenName(text[..colon]) : null)) is not { } shortForm)
        {
            return false;
        }
        header = new Header(index, 1, shortForm.Question, TrimSeparators(text[(colon + 1)..]), shortForm.IsPeriod ? "period" : shortForm.IsContact ? "contact" : "short_label",
            shortForm.Languages.Count == 1 ? shortForm.Languages : [])
        {
            AliasLanguage = shortForm.AliasLanguage,
        };
        return true;
    }

    /// <summary>
    /// Inside a long answer's paragraph, a short label names its question only when that question comes before the long
    /// answer's in the template and nothing above answered it: what the writer left out and adds below it ("Lead: Cork
    /// County Council" under the description, session 53: it stayed part of the description). A later question's name
    /// ("Budget: …" in the description) stays the answer's text: the template's own line for it comes below.
    /// </summary>
    private LabelMatch? LeftOutAbove(LabelMatch? match, IReadOnlyList<Header> above)
    {
        if (match is null || above.Count == 0 || above.Any(h => h.Question.Id == match.Question.Id))
        {
            return null;
        }
        for (var index = 0; index < Questionnaire.Questions.Count; index++)
        {
            if (Questionnaire.Questions[index].Id == above[^1].Question.Id)
            {
                return match.Index < index ? match : null;
            }
        }
        return null;
    }

    /// <summary>The question a line's key names and the text after the key; null for a line without a key of a question.</summary>
    private (Question Question, string AfterKey)? KeyedQuestion(string clean)
    {
        if (QuestionKey.Read(clean) is { } bracketed)
        {
            return bracketed.Number is { } number && TemplateKeys.QuestionOf(Questionnaire, number) is { } question
                ? (question, KeySeparator().Replace(clean[bracketed.End..], "", 1)) : null;
        }
        // Most lines start with neither a key nor a number: the first character says so without running the pattern.
        var key = clean[0] is 'Q' or 'q' ? KeyPattern().Match(clean) : Match.Empty;
        return key.Success && TemplateKeys.QuestionOf(Questionnaire, Regin.Core.Normalisation.Digits.Parse(key.Groups["n"].ValueSpan)) is { } keyed
            ? (keyed, key.Groups["rest"].Value) : null;
    }

    /// <summary>
    /// A line that is a key's and names no question: its digits unreadable ("[Q1Ж]") or no question's ("[Q77]", a retired
    /// key). It ends the answer above (it was glued to it) and it and its lines are told as not read.
    /// </summary>
    private bool IsUnknownKeyLine(string clean) =>
        clean.Length > 0 && QuestionKey.Read(clean) is { } found && (found.Number is not { } number || TemplateKeys.QuestionOf(Questionnaire, number) is null);

    [GeneratedRegex(@"^\s*[:.)\-]?", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex KeySeparator();

    /// <summary>
    /// A contact block's parts, each on its own line or after a comma, semicolon or bar: the first with an "@" holds the
    /// e-mail address, the first with six digits or more the phone number (its "Tel." kept: the phone question reads it),
    /// and the other parts of the first line that has any are the name ("Weber, Jürgen", a comma and all). Null for a
    /// part not found.
    /// </summary>
    internal static (string? Name, string? Address, string? Phone) SplitContact(string text)
    {
        string? name = null, address = null, phone = null;
        foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var named = new List<string>();
            foreach (var raw in line.Split([',', ';', '|'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var part = TrimSeparators(raw);
                if (part.Contains('@'))
                {
                    // "Claire Martin – claire.martin@…", "Jürgen Weber <j.weber@…>": the words beside the address are a name.
                    var found = EmailInText().Match(part);
                    address ??= found.Success ? found.Value : part;
                    var beside = found.Success ? TrimSeparators(part.Remove(found.Index, found.Length).Trim(' ', '<', '>', '–', '—', '-', '(', ')')) : "";
                    if (beside.Any(char.IsLetter) && !beside.Contains('@'))
                    {
                        named.Add(beside);
                    }
                }
                else if (part.Count(char.IsAsciiDigit) >= 6)
                {
                    phone ??= part;
                }
                else if (part.Any(char.IsLetter))
                {
                    named.Add(part);
                }
            }
            if (name is null && named.Count > 0)
            {
                name = string.Join(", ", named);
            }
        }
        return (name, address, phone);
    }

    [GeneratedRegex(@"[^\s<>()\[\]""',;:]+@[^\s<>()\[\]""',;:]+\.[^\s<>()\[\]""',;:]+")]
    private static partial Regex EmailInText();

    /// <summary>A number in the first two words: "3000", "circa 3000", "ca. 3.000 persone"; not "donne (circa 300), minori".</summary>
    private static bool StartsWithNumber(string text)
    {
        var words = text.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        return words.Take(2).Any(w => w.Length > 0 && char.IsAsciiDigit(w[0]));
    }

    /// <summary>Takes the question's label off the start of the text after a key (it may wrap onto the next line).</summary>
    private (LabelMatch? Label, string Inline, int Lines) StripLabel(string rest, string next, Question question)
    {
        var words = TextKey.Words(rest);
        var match = catalog.MatchLabelPrefix(words, q => q.Id == question.Id);
        if ((match is null || match.WordCount == words.Length) && words.Length >= 2 && next.Length > 0)
        {
            var joined = rest + " " + next;
            var longer = catalog.MatchLabelPrefix(TextKey.Words(joined), q => q.Id == question.Id);
            if (longer is not null && longer.WordCount > words.Length)
            {
                return (longer, TrimSeparators(joined[SkipWords(joined, longer.WordCount)..]), 2);
            }
        }
        if (match is null)
        {
            // After the question's key, its label shortened ("[Q05] Titel") is still the label: the answer is on the lines below.
            // A yes or a no after a yes/no question's key is its answer, though it may begin a label in another language:
            // "[Q31] sí" ("si", as the Italian "Si può pubblicare" begins) took the line below for the answer, and with a
            // question's label there ("Presupuesto: 5000") the consent was lost (session 46, Spanish and Italian only).
            return next.Length > 0 && catalog.IsStartOfLabelOf(words, question) && !(question.Type == QuestionType.Yesno && catalog.IsYesOrNo(words))
                ? (null, "", 1) : (null, TrimSeparators(rest), 1);
        }
        return (match, TrimSeparators(rest[SkipWords(rest, match.WordCount)..]), 1);
    }

    /// <summary>Only blank lines and the template's own lines (hints, options) between <paramref name="from"/> and <paramref name="to"/>.</summary>
    private bool NothingWritten(IReadOnlyList<string> lines, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var folded = TextKey.Fold(lines[i]);
            if (folded.Length > 0 && !catalog.IsTemplateLine(folded) && !TemplateKeys.TryParseMarker(lines[i], out _, out _))
            {
                return false;
            }
        }
        return true;
    }

    private string AnswerText(Question question, string inline, IReadOnlyList<string> lines, int from, int to, List<string> unplaced, bool keepLines = false)
    {
        var block = new List<string>();
        if (inline.Length > 0)
        {
            block.Add(inline);
        }
        for (var i = from; i < to; i++)
        {
            var line = lines[i].TrimEnd();
            var folded = TextKey.Fold(line);
            if (TemplateKeys.TryParseMarker(line, out _, out _) || (folded.Length > 0 && catalog.IsTemplateLine(folded)))
            {
                continue;
            }
            // The question's hint wrapped over lines by the sender's mail program (Outlook cuts at 76 columns): ours, no answer.
            if (catalog.Markers.Hints.Begins(question.Key, folded) && catalog.Markers.Hints.LinesAt(question.Key, lines, i, to) is > 1 and var hintLines)
            {
                i += hintLines - 1;
                continue;
            }
            block.Add(folded.Length == 0 && !line.Any(char.IsLetterOrDigit) ? "" : line.Trim());
        }
        if (question.IsChoice)
        {
            block = ChoiceLines(question, block);
        }
        return Assemble(question, block, inline.Length > 0, unplaced, keepLines);
    }

    /// <summary>
    /// The options of a choice question as the template prints them ("[ ] 3. NGO"): ticked ones are the answer, unticked
    /// ones are dropped; when nothing is ticked and only some options are left, the ones left are the answer.
    /// </summary>
    private List<string> ChoiceLines(Question question, List<string> block)
    {
        var result = new List<string>();
        var ticked = new List<string>();
        var untouched = new List<string>();
        foreach (var line in block)
        {
            var box = CheckboxPattern().Match(line);
            if (box.Success)
            {
                var mark = box.Groups["mark"].Value.Trim();
                var item = box.Groups["item"].Value.Trim();
                if (mark.Length > 0 && mark is not "☐")
                {
                    ticked.Add(item);
                }
                continue;
            }
            if (catalog.IsChoiceLine(question.Id, TextKey.Fold(line)))
            {
                untouched.Add(line);
                continue;
            }
            result.Add(line);
        }
        if (ticked.Count > 0)
        {
            result.InsertRange(0, ticked);
        }
        else if (untouched.Count > 0 && untouched.Count < question.ChoiceList.Count)
        {
            result.InsertRange(0, untouched.Select(u => u.Trim()));
        }
        return result.Select(StripOptionNumber).ToList();
    }

    /// <summary>Whether <paramref name="line"/> is one of <paramref name="question"/>'s options as some language labels it.</summary>
    private static bool IsChoiceLabel(Question question, string line)
    {
        var folded = TextKey.Fold(line);
        return question.ChoiceList.Any(c => c.Label.Values.Any(label => TextKey.Fold(label) == folded));
    }

    private static string StripOptionNumber(string line)
    {
        var match = OptionNumberPattern().Match(line);
        return match.Success ? match.Groups["label"].Value : line;
    }

    /// <summary>Long texts keep their paragraphs; other answers are their first paragraph, wrapped lines joined.</summary>
    /// <summary>The answer in <paramref name="block"/>; lines of its paragraph that cannot belong to it go to <paramref name="unplaced"/>.</summary>
    /// <param name="keepLines">A contact block: its lines (name, address, phone under one another) stay lines.</param>
    private static string Assemble(Question question, List<string> block, bool inlineAnswer, List<string> unplaced, bool keepLines = false)
    {
        while (block.Count > 0 && block[0].Length == 0)
        {
            block.RemoveAt(0);
        }
        if (question.Type == QuestionType.Longtext)
        {
            while (block.Count > 0 && block[^1].Length == 0)
            {
                block.RemoveAt(block.Count - 1);
            }
            return BlankRuns().Replace(string.Join("\n", block), "\n\n").Trim();
        }
        var paragraph = block.TakeWhile(line => line.Length > 0).ToList();
        // A short answer is its first paragraph; the paragraphs after it, before the next question, are not part of it
        // (a table's row under a name nobody knows, a line of prose): the sender is told they were not read.
        unplaced.AddRange(block.Skip(paragraph.Count).Where(line => line.Length > 0));
        // "Remarks: see the flyer" under "Target groups: women": a line named by a label nobody knows is another answer,
        // not more of this one, and is told as not read (a long text keeps such lines: "Phase 1: …").
        // A choice's own label is no such name: Q10's options read "Direkt: aktiver Partner", "Indirect: funding", and the
        // second one ticked was dropped as an unknown label's line (session 45, a German official's Outlook).
        var named = paragraph.Count > 1 ? paragraph.FindIndex(1, line => UnknownLabelLine().IsMatch(line) && !IsChoiceLabel(question, line)) : -1;
        if (named > 0)
        {
            unplaced.AddRange(paragraph.Skip(named));
            paragraph = paragraph.Take(named).ToList();
        }
        if (!keepLines && ((inlineAnswer && question.Type is not (QuestionType.Text or QuestionType.Multi))
            // Only a long first line can have been wrapped by a mail program.
            || (inlineAnswer && question.Type == QuestionType.Text && paragraph.Count > 1 && paragraph[0].Length < 60)))
        {
            // "Start date: 2019" is the whole answer; the lines right below it are something else, and the sender is
            // told they were not read ("Web site: ..." under a label nobody knows), rather than losing them unsaid.
            unplaced.AddRange(paragraph.Skip(1));
            paragraph = paragraph.Take(1).ToList();
        }
        return question.Type == QuestionType.Multi || keepLines ? string.Join("\n", paragraph).Trim() : string.Join(" ", paragraph).Trim();
    }

    internal static List<string> SplitLines(string text) =>
        (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace('\u00A0', ' ').Split('\n').ToList();

    /// <summary>
    /// Each line holding a key's answer and further keys ("[Q06] Ireland [Q13] 2021", "[Q06]: Ireland, [Q23]: 50000 EUR")
    /// made one line a key (<see cref="QuestionKey.FurtherKeys"/>); every other line as it was.
    /// </summary>
    private List<string> SplitKeyLines(List<string> lines)
    {
        List<string>? split = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var starts = line.Length <= MailLimits.MaxLineLength && QuestionKey.Read(line) is { } first
                ? QuestionKey.FurtherKeys(line, first, number => TemplateKeys.QuestionOf(Questionnaire, number) is not null) : [];
            if (starts.Count == 0)
            {
                split?.Add(line);
                continue;
            }
            split ??= lines[..i];
            var from = 0;
            foreach (var start in starts)
            {
                split.Add(line[from..start].TrimEnd());
                from = start;
            }
            split.Add(line[from..]);
        }
        return split ?? lines;
    }

    /// <summary>A short closing line after the answers ("Kind regards", "Cordiali saluti, Maria", a greeting alone: "Ciao"): the signature starts.</summary>
    private bool IsSignOff(string trimmed, bool closingGreeting) =>
        trimmed.Length is > 0 and <= 40 && (catalog.Markers.SignOff.IsMatch(trimmed) || (closingGreeting && catalog.Markers.GreetingAlone.IsMatch(trimmed)));

    /// <summary>"Sent from my iPhone", "Von meinem Samsung Galaxy Smartphone gesendet", "Get Outlook for Android".</summary>
    private bool IsMailSignature(string trimmed) => trimmed.Length is > 0 and <= 80 && catalog.Markers.MailSignature.IsMatch(trimmed);

    /// <summary>The lines without their markup (<see cref="StripMarkup"/>) and the words of that, each made on first use.</summary>
    private sealed class CleanLines(List<string> lines)
    {
        private readonly string?[] _clean = new string?[lines.Count];
        private readonly string[]?[] _words = new string[]?[lines.Count];

        public string Clean(int index) => _clean[index] ??= StripMarkup(lines[index]);

        public string[] Words(int index) => _words[index] ??= TextKey.Words(Clean(index));
    }

    /// <summary>A line drawn of underscores, dashes or equals signs only (Outlook's rule above a quoted mail).</summary>
    private static bool IsRule(string line)
    {
        var trimmed = line.AsSpan().Trim();
        return trimmed.Length >= 3 && !trimmed.ContainsAnyExcept("_-=");
    }

    private static bool IsSignatureDelimiter(string line) => line is "-- " or "--" or "—" or "-- ";

    private static readonly char[] ShortFormEnd = [':', '\t'];
    private static readonly char[] MarkupStart = ['•', '·', '#', '-', '*', '_', ' ', '\t', '>'];
    private static readonly char[] MarkupEnd = ['*', '_', ' ', '\t'];

    /// <summary>
    /// Bold and italic markers, bullets and list dashes around a line, and the invisible format characters in it; the
    /// words stay. A zero-width space pasted from a web page ("Organi\u200Bsation:", "[Q\u200B05]") or a bidi control
    /// would otherwise hide a label the reader sees; the normaliser drops them from answers anyway.
    /// </summary>
    internal static string StripMarkup(string line)
    {
        var text = WithoutFormatCharacters(line).Replace("**", "", StringComparison.Ordinal).Replace("__", "", StringComparison.Ordinal).Trim();
        text = text.TrimStart(MarkupStart).TrimEnd(MarkupEnd);
        return text;
    }

    /// <summary>
    /// The text without format characters (Unicode category Cf: soft hyphen, zero-width, joiners, bidi controls, BOM, and
    /// those beyond the first plane such as the invisible tag characters); the same string when it has none. The one filter
    /// of the mail door: the parser's labels, and the lines and names our reply quotes back (session 54: the reply had its own).
    /// </summary>
    internal static string WithoutFormatCharacters(string text)
    {
        // No format character is below the soft hyphen (U+00AD): most lines are looked at once and returned as they are.
        var first = text.AsSpan().IndexOfAnyExceptInRange('\u0000', '\u00AC');
        if (first < 0)
        {
            return text;
        }
        StringBuilder? result = null;
        for (var i = first; i < text.Length; i++)
        {
            var pair = char.IsSurrogatePair(text, i);
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(text, i) == System.Globalization.UnicodeCategory.Format)
            {
                result ??= new StringBuilder(text.Length).Append(text, 0, i);
            }
            else
            {
                result?.Append(text, i, pair ? 2 : 1);
            }
            if (pair)
            {
                i++;
            }
        }
        return result?.ToString() ?? text;
    }

    /// <summary>The format characters in <paramref name="lines"/> as code points ("U+200B U+202E"), or null when there are none.</summary>
    internal static string? FormatCharacters(IEnumerable<string> lines)
    {
        var codes = lines.SelectMany(l => l.Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
            .Distinct().Select(c => $"U+{(int)c:X4}").ToList();
        return codes.Count == 0 ? null : string.Join(' ', codes);
    }

    internal static string TrimSeparators(string text)
    {
        var trimmed = text.Trim();
        while (trimmed.Length > 0 && trimmed[0] is ':' or '-' or '–' or '—' or '?' or ';' or '*' or '|' or '=' or '>' or '.' or '\t' or ' ')
        {
            trimmed = trimmed[1..].TrimStart();
        }
        return trimmed.Trim();
    }

    /// <summary>The position in <paramref name="text"/> just after its first <paramref name="count"/> words (as <see cref="TextKey"/> counts them).</summary>
    internal static int SkipWords(string text, int count)
    {
        var i = 0;
        for (var word = 0; word < count && i < text.Length; word++)
        {
            while (i < text.Length && !IsWordChar(text[i]))
            {
                i++;
            }
            while (i < text.Length && IsWordChar(text[i]))
            {
                i++;
            }
        }
        return i;
    }

    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark;

    /// <summary>
    /// The "ongoing" phrase of any language that closes a period holding one year ("da marzo 2021, ancora in corso", "seit
    /// März 2021 – läuft noch", "sedan 2021 och pågår fortfarande", "dal 2021 ad oggi"), as typed; else null.
    /// </summary>
    private string? OngoingTail(string answer)
    {
        if (YearInPeriod().Count(answer) != 1)
        {
            return null;
        }
        var ongoing = _ongoing ??= Questionnaire.Vocabulary.Ongoing.Values.SelectMany(p => p)
            .Select(p => string.Join(' ', TextKey.Words(p))).Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal);
        var words = TextKey.Words(answer);
        var spans = TextKey.WordSpans(answer);
        if (words.Length != spans.Count)
        {
            return null;
        }
        var afterYear = Array.FindLastIndex(words, w => w.Any(char.IsAsciiDigit)) + 1;
        if (afterYear == 0)
        {
            return null;
        }
        for (var i = afterYear; i < words.Length; i++)
        {
            if (ongoing.Contains(string.Join(' ', words[i..])))
            {
                return answer[spans[i].Start..].TrimEnd(' ', '.', ')');
            }
        }
        return null;
    }

    private HashSet<string>? _ongoing;

    /// <summary>How an answer offered from the mail's signature is recognised (session 51): the reply asks to confirm it.</summary>
    public const string FromSignature = "signature";

    /// <summary>The lines under the sign-off looked at for the organisation and the phone.</summary>
    private const int MaxSignatureLines = 10;

    /// <summary>
    /// Words only an organisation's name holds, in the 8 languages, folded ("Κοινωνική Υπηρεσία Δήμου Μυτιλήνης", "Comune di
    /// Torino", "Umeå kommun", "Landratsamt Göttingen"). Mail-side words: only <see cref="FromTheSignature"/> reads them.
    /// </summary>
    internal static readonly HashSet<string> OrganisationWords = new[]
    {
        "council", "county", "municipality", "association", "foundation", "department", "authority", "ngo",
        "region", "mairie", "ville", "departement", "conseil", "prefecture", "fondation",
        "landkreis", "landratsamt", "stadt", "gemeinde", "verein", "bezirksamt", "stiftung", "caritas", "diakonie",
        "ayuntamiento", "diputacion", "generalitat", "junta", "asociacion", "fundacion", "consejeria",
        "comune", "regione", "provincia", "associazione", "fondazione", "cooperativa", "prefettura",
        "camara", "municipio", "associacao", "fundacao", "freguesia",
        "δημος", "δημου", "δημο", "περιφερεια", "περιφερειας", "υπηρεσια", "κοινωνικη", "συλλογος", "μκο", "οργανισμος",
        "kommun", "kommunen", "regionen", "forening", "foreningen", "lansstyrelsen", "stad", "stiftelsen",
    }.Select(TextKey.Fold).ToHashSet(StringComparer.Ordinal);

    /// <summary>"τηλ. 22510 12345", "Tel. +49 316 …", "Tfn: 090-16 10 00", "Mob 0034 600 12 34 56": a phone's word, then the number.</summary>
    [GeneratedRegex(@"^(?:tel|t[eé]l|t[eé]l[eé]fono?|t[eé]l[eé]phone|telefone|telephone|phone|tfn|mob|mobil|mobile|cell|cel|telm|tlm|telem[oó]vel|τηλ|τηλέφωνο|κιν)\.?\s*[:.]?\s*(?<number>\+?\(?\d[\d\s/().\-]{5,24}\d)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SignaturePhone();

    /// <summary>
    /// The first line below the sign-off at <paramref name="signOff"/> that opens with a question's bracketed key, within a signature's
    /// length and above any quoted or forwarded mail; -1 when there is none.
    /// </summary>
    private int KeyLineBelow(List<string> lines, CleanLines cleaned, int signOff)
    {
        for (var i = signOff + 1; i < lines.Count && i <= signOff + MaxSignatureLines; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith('>') || IsRule(line) || (line.Length <= MailLimits.MaxMarkerLineLength && (Markers.Forward.IsMatch(line) || Markers.OriginalMessage.IsMatch(line) || Markers.Reply.IsMatch(line))))
            {
                return -1;
            }
            // Only a bracketed key ("[Q04]"): a signature writes "Q4: Wednesday office hours" or "Q3 2026" (session 59).
            if (line.Length > 0 && QuestionKey.Read(cleaned.Clean(i)) is { Number: { } number } && TemplateKeys.QuestionOf(Questionnaire, number) is not null)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// Under the sign-off, the sender's organisation (a line of up to eight words holding an organisation's word, no digit,
    /// no address) and phone (<see cref="SignaturePhone"/>), each offered where the template left its question empty
    /// (session 51: "Κοινωνική Υπηρεσία Δήμου Μυτιλήνης", "τηλ. 22510 12345" were not offered). Up to a quoted mail. A line
    /// of two phones ("Tel.: +351 21 123 4567 | Telm.: +351 912 345 678", session 52: nothing was offered) offers its first
    /// and keeps the whole line for the researcher (<see cref="ParsedAnswer.From"/>).
    /// </summary>
    private IEnumerable<ParsedAnswer> FromTheSignature(List<string> lines, int end, List<ParsedAnswer> answers)
    {
        string? organisation = null;
        string? phone = null;
        string? phoneLine = null;
        for (var i = end; i < lines.Count && i < end + MaxSignatureLines; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith('>') || (line.Length <= MailLimits.MaxMarkerLineLength && (Markers.Forward.IsMatch(line) || Markers.OriginalMessage.IsMatch(line) || Markers.Reply.IsMatch(line))))
            {
                break;
            }
            if (line.Length is 0 or > 80)
            {
                continue;
            }
            if (phone is null && SignaturePhone().Match(line) is { Success: true } match)
            {
                phone = match.Groups["number"].Value.Trim();
                continue;
            }
            if (phone is null && PhoneSeparator().Split(line) is { Length: > 1 } pieces
                && pieces.Select(piece => SignaturePhone().Match(piece.Trim())).FirstOrDefault(m => m.Success) is { } first)
            {
                // "Tel.: +351 21 123 4567 | Telm.: +351 912 345 678", "Tel. 0316 872-1234 · Mobil 0664 123 45 67": the first.
                phone = first.Groups["number"].Value.Trim();
                phoneLine = line;
                continue;
            }
            var words = TextKey.Words(line);
            if (organisation is null && words.Length is > 1 and <= 8 && !line.Any(char.IsDigit) && !line.Contains('@', StringComparison.Ordinal)
                && !line.Contains("://", StringComparison.Ordinal) && words.Any(OrganisationWords.Contains))
            {
                organisation = line.TrimEnd('.', ',', ';');
            }
        }
        if (organisation is not null && !answers.Any(a => a.QuestionId == ContactOrganisationId))
        {
            yield return new ParsedAnswer(ContactOrganisationId, organisation, FromSignature);
        }
        if (phone is not null && !answers.Any(a => a.QuestionId == QuestionCatalog.ContactPhoneId))
        {
            yield return new ParsedAnswer(QuestionCatalog.ContactPhoneId, phone, FromSignature) { From = phoneLine };
        }
    }

    /// <summary>What separates two phones on a signature's line: a bar, a middle dot, a bullet, a semicolon, a slash between spaces, a comma, a tab.</summary>
    [GeneratedRegex(@"\s+[|·•;/]\s+|\s*[|•;]\s*|,\s+|\t+|\s{3,}", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PhoneSeparator();

    private const string ContactOrganisationId = "contact_organisation";

    /// <summary>A year (or a year's two last digits after a slash, "2018/19") in a period's words.</summary>
    [GeneratedRegex(@"(?<!\d)(?:19|20)\d{2}(?!\d)|(?<=(?:19|20)\d{2}/)\d{2}(?!\d)", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex YearInPeriod();

    /// <summary>"Kontext: …", "Lessons learned: …": one to four words, the first capitalised, no digits, then a colon and text.</summary>
    [GeneratedRegex(@"^\p{Lu}[\p{L}\p{M}'’.\-]*(?:[ \t]+[\p{L}\p{M}'’.\-]+){0,3}[ \t]*:[ \t]+\S", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UnknownLabelLine();

    /// <summary>A line that opens with a key: "[Q01]", "Q01:".</summary>
    [GeneratedRegex(@"^\[?[Qq]\d{1,2}\b", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex KeyStart();

    [GeneratedRegex(@"^[Qq](?<n>\d{1,2})(?=$|[\s:.)\-])\s*[:.)\-]?(?<rest>.*)$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^(?<n>\d{1,2})\s*[.)]\s*(?<rest>\S.*)$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^\s*(?:\[(?<mark>[^\]]?)\]|\((?<mark>[^)]?)\)|(?<mark>[☐☒☑✓✔✗✘]))\s*(?<item>.+)$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CheckboxPattern();

    [GeneratedRegex(@"^\s*\d{1,2}\s*[.)]\s+(?<label>\S.*)$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex OptionNumberPattern();

    [GeneratedRegex(@"\n{3,}", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BlankRuns();

    private sealed record Header(int Line, int LinesTaken, Question Question, string Inline, string How, IReadOnlyList<string> Languages)
    {
        /// <summary>The one language of the everyday name that headed the answer, if only one language uses it.</summary>
        public string? AliasLanguage { get; init; }

        /// <summary>Headed by an everyday name ("Ωφελούμενοι"), not by a label of the template.</summary>
        public bool IsAlias { get; init; }

        /// <summary>
        /// How surely the line names its question: 2 by its key or number, 1 by the template's own label, 0 by an everyday
        /// name or a short form (which may mean another question: "Ωφελούμενοι" the target groups or their count).
        /// </summary>
        public int Sureness => How is "key" or "number" ? 2 : How == "label" && !IsAlias ? 1 : 0;
    }
}
