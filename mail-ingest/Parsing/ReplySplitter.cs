using System.Text.RegularExpressions;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// Splits a mail's text into what the sender wrote now and what it quotes or forwards. The newest text counts; a
/// forwarded mail's text is used when the sender wrote nothing themselves ("see below"). Quote headers of the common
/// mail programs are recognised in every language of the locale files (<see cref="MailMarkers"/>). Answers typed
/// inline, under a quoted question key of our reply ("> [Q05] Title of the practice", then the answer unquoted), are
/// the sender's too: they are added to the newest text under that key.
/// </summary>
public static partial class ReplySplitter
{
    /// <param name="QuotedTemplate">
    /// The first quoted mail when it is our template quoted the Outlook way (no "&gt; " marks, under a From/Sent block) with
    /// the sender's answers typed into it: our template carries no answers, so any there are the sender's.
    /// </param>
    /// <param name="EchoesOurReply">
    /// Our reply stands in the text under no mark and no header (<see cref="MailMarkers.OpensOurReply"/>): a ticket robot's
    /// or a mail server's echo of it; cut there.
    /// </param>
    /// <param name="History">
    /// The quoted mails under the first quote header, newest first, each one whole and unquoted, without its header block;
    /// only those not quoting us (a colleague's mail under Outlook's "-----Original Message-----"). Read only when the
    /// sender's own text answers nothing (session 51: a forwarded chain holding a colleague's filled template was not read).
    /// </param>
    public sealed record Parts(string Newest, string? Forwarded, string? QuotedTemplate = null, bool EchoesOurReply = false)
    {
        public IReadOnlyList<string> History { get; init; } = [];

        /// <summary>Who each <see cref="History"/> mail's From line names ("Von: Jana Novak &lt;jana@…&gt;"), or null.</summary>
        public IReadOnlyList<MailAuthor?> HistoryFrom { get; init; } = [];

        /// <summary>Who the From line of the <see cref="Forwarded"/> mail's header block names, or null (none there).</summary>
        public MailAuthor? ForwardedFrom { get; init; }
    }

    /// <summary>The author a quoted or forwarded mail's From line names: the address (null for a name alone, as Outlook
    /// writes it within one organisation) and the display name (null for an address alone).</summary>
    public sealed record MailAuthor(string? Address, string? Name);

    /// <summary>The quoted mails looked at in <see cref="Parts.History"/>.</summary>
    private const int MaxHistoryBlocks = 6;

    /// <param name="senderName">The display name of the mail's From (Outlook marks inline comments with it or its initials).</param>
    /// <param name="ourDomain">The domain of our mailbox: a quoted template under a quote header naming only addresses elsewhere is not ours.</param>
    public static Parts Split(string text, MailMarkers markers, CancellationToken cancellationToken = default, string? senderName = null, string? ourDomain = null)
    {
        ArgumentNullException.ThrowIfNull(markers);
        var lines = TemplateTextParser.SplitLines(text);
        var newest = new List<string>();
        string? forwarded = null;
        string? quotedTemplate = null;
        IReadOnlyList<string> history = [];
        IReadOnlyList<MailAuthor?> historyFrom = [];
        MailAuthor? forwardedFrom = null;
        var echoesOurReply = false;
        var quoted = new QuotedQuestion(markers);
        var i = 0;
        for (; i < lines.Count; i++)
        {
            if ((i & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var line = lines[i].Trim();
            if (line.Length > MailLimits.MaxMarkerLineLength)
            {
                // No quote header is that long; the patterns below are not tried on it.
                newest.Add(lines[i]);
                continue;
            }
            if (markers.Forward.IsMatch(line))
            {
                var below = lines.Skip(i + 1).Select(Unquote).ToList();
                forwarded = string.Join("\n", SkipHeaderBlock(markers, below));
                forwardedFrom = Author(markers, below);
                break;
            }
            if (IsReplyHeader(markers, lines, i, line))
            {
                var announced = AnnouncedMarks(newest);
                var header = QuoteHeader(markers, lines, i, line);
                if (QuoteIsMarked(markers, lines, i))
                {
                    CutSignature(markers, newest);
                    AddInlineAnswers(markers, lines, i + 1, newest, cancellationToken);
                }
                else if (QuotesUs(markers, header, lines, i, ourDomain))
                {
                    CutSignature(markers, newest);
                    AddUnmarkedInlineAnswers(markers, lines, i + 1, newest, cancellationToken);
                }
                quotedTemplate = QuotesSomeoneElse(header, ourDomain) ? null : QuotedTemplate(markers, lines, i + 1, senderName, announced);
                if (markers.OriginalMessage.IsMatch(line) || markers.OutlookFrom.IsMatch(line))
                {
                    // Outlook's inline forward or reply (no marks): the mails under it are the history (Gmail's "On … wrote:"
                    // quotes are a reply's, its forward is read as the forwarded text above).
                    (history, historyFrom) = QuotedHistory(markers, lines, i, ourDomain, cancellationToken);
                }
                break;
            }
            if (line.StartsWith('>'))
            {
                quoted.Read(line);
                if (quoted.TypedOnKeyLine is { } typed)
                {
                    newest.AddRange(["", typed, ""]);
                }
                continue;
            }
            if (markers.OpensOurReply(line))
            {
                echoesOurReply = true; // our reply under no mark and no header (a robot's echo, a bounce as text): nothing below is the sender's
                break;
            }
            if (quoted.Key is not null && line.Length > 0)
            {
                newest.Add(quoted.Key); // an answer typed under a quoted key, before any quote header
            }
            if (line.Length > 0)
            {
                quoted.Clear();
            }
            newest.Add(lines[i]);
        }
        return new Parts(string.Join("\n", newest), forwarded, quotedTemplate, echoesOurReply) { History = history, HistoryFrom = historyFrom, ForwardedFrom = forwardedFrom };
    }

    /// <summary>
    /// From the quote header at <paramref name="start"/> on: each quoted mail, newest first, unquoted, from below its header
    /// block to the next quote header. A mail whose header names our mailbox, or that opens our reply, is ours: left out.
    /// </summary>
    private static (List<string> Blocks, List<MailAuthor?> From) QuotedHistory(MailMarkers markers, List<string> lines, int start, string? ourDomain, CancellationToken cancellationToken)
    {
        var plain = lines.Skip(start).Take(MailLimits.MaxLines).Select(Unquote).ToList();
        var blocks = new List<string>();
        var from = new List<MailAuthor?>();
        bool IsHeader(int j) => plain[j].Trim() is { Length: > 0 and <= MailLimits.MaxMarkerLineLength } t && (markers.Forward.IsMatch(t) || IsReplyHeader(markers, plain, j, t));
        var at = 0;
        while (at < plain.Count && blocks.Count < MaxHistoryBlocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var header = QuoteHeader(markers, plain, at, plain[at].Trim());
            var body = at + 1;
            while (body < plain.Count && (plain[body].Trim().Length == 0 || (plain[body].Length <= MailLimits.MaxMarkerLineLength && markers.HeaderLine.IsMatch(plain[body].Trim()))))
            {
                body++;
            }
            var next = body;
            while (next < plain.Count && !IsHeader(next))
            {
                next++;
            }
            var text = plain.GetRange(body, next - body);
            if (!NamesUs(header, ourDomain) && !text.Any(l => l.Length <= MailLimits.MaxMarkerLineLength && markers.OpensOurReply(l.Trim())))
            {
                blocks.Add(string.Join("\n", text));
                from.Add(Author(markers, plain.GetRange(at, body - at)));
            }
            at = Math.Max(next, at + 1);
        }
        return (blocks, from);
    }

    /// <summary>
    /// Who the first From line ("From:", "De :", "Von:", "Da:", "Από:", "Från:", as <see cref="MailMarkers.OutlookFrom"/>
    /// knows them) of the header block opening <paramref name="lines"/> (blank and header lines, at most 20) names, or null: a
    /// forwarded mail's author, "Von: Jana Novak &lt;jana.novak@…&gt;" or Outlook's "From: Jana [mailto:jana@…]". A From line
    /// with a name alone (Outlook's inline forward within one organisation) gives a name and no address.
    /// </summary>
    private static MailAuthor? Author(MailMarkers markers, List<string> lines)
    {
        foreach (var line in lines.Take(MaxHeaderBlockLines).Select(l => l.Trim()))
        {
            if (line.Length > MailLimits.MaxMarkerLineLength || (line.Length > 0 && !markers.HeaderLine.IsMatch(line) && !markers.OriginalMessage.IsMatch(line) && !markers.Forward.IsMatch(line)))
            {
                return null;
            }
            if (markers.OutlookFrom.IsMatch(line))
            {
                var address = HeaderAddress().Match(line) is { Success: true } found ? found.Value.TrimEnd('.') : null;
                // The name: what the line says after its label, without the address in "<…>" or "[mailto:…]" and the quotes.
                var name = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..];
                name = name[..(name.IndexOfAny(['<', '[']) is var open and >= 0 ? open : name.Length)].Trim().Trim('"', '\'', ' ', '\t');
                return address is null && name.Length == 0 ? null
                    : new MailAuthor(address, name.Length is 0 or > 200 || name.Contains('@', StringComparison.Ordinal) || !name.Any(char.IsLetter) ? null : name);
            }
        }
        return null;
    }

    /// <summary>Whether a quote header names an address of our mailbox's domain.</summary>
    private static bool NamesUs(string header, string? ourDomain) =>
        !string.IsNullOrEmpty(ourDomain) && HeaderAddress().Matches(header).Any(address => address.Groups["domain"].Value.TrimEnd('.') is var domain
            && (domain.Equals(ourDomain, StringComparison.OrdinalIgnoreCase) || domain.EndsWith("." + ourDomain, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// The key a quoted line leaves an answer typed below it under: its own, or the one above it while the lines are still
    /// that question's: its hint (known, in every language, whole or wrapped: <see cref="TemplateHints"/>), a "[ ] 1." option
    /// line, a blank quoted line. People type their answer under the hint, not the key. Any other quoted text (our reply's
    /// explanations, a line opening a list) is not the question's, and text typed under it answers nothing.
    /// </summary>
    private sealed class QuotedQuestion(MailMarkers markers)
    {
        private int _number;
        private string _hint = "";
        private bool _hintWhole;
        // Inside our reply's list of missing answers or of answers to correct: an answer may be typed on its key lines. Not
        // in "This is what we understood:", whose lines carry our values in the same shape, nor in any other quoted text.
        private bool _asking;

        public string? Key { get; private set; }

        /// <summary>
        /// The answer typed on the quoted key line itself, after our label ("&gt; [Q13] Start date: 2021": iOS Mail leaves
        /// the cursor at the end of the quoted line), as a key line of its own ("[Q13] 2021"); null when none was.
        /// </summary>
        public string? TypedOnKeyLine { get; private set; }

        public void Clear() => Key = null;

        public void Read(string line)
        {
            TypedOnKeyLine = null;
            if (line.Length > MailLimits.MaxMarkerLineLength)
            {
                Key = null;
                return;
            }
            var content = Unquote(line).Trim();
            if (QuotedKey(content) is { } quotedKey)
            {
                var (own, number, rest) = quotedKey;
                (Key, _number, _hint, _hintWhole) = (own, number, "", false);
                // Only on our mail quoted once: a line quoted deeper is an older mail's, or the sender's own words our reply
                // quoted back ("  > [Q16] …" under "these lines were not read").
                if (_asking && QuoteDepth(line) == 1 && markers.TypedAfterOurLabel(number, rest) is { Length: > 0 } typed)
                {
                    // Typed on the line, so not under it: what comes below is no more of this answer.
                    TypedOnKeyLine = own + " " + typed;
                    Key = null;
                }
                return;
            }
            if (content.Length == 0)
            {
                _asking = false; // our lists end at a blank line
            }
            else if (markers.IsOurAskingHeading(content))
            {
                _asking = true;
                Key = null;
                return;
            }
            if (Key is null)
            {
                return;
            }
            if (content.Length == 0)
            {
                // A blank line in the middle of a wrapped hint: it was not our hint after all.
                Key = _hint.Length > 0 && !_hintWhole ? null : Key;
                return;
            }
            if (content.StartsWith("[ ]", StringComparison.Ordinal) || content.StartsWith("[x]", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
            if (!_hintWhole && markers.Hints.Continue(_number, _hint, content, out _hint) is var progress and not TemplateHints.Progress.None)
            {
                _hintWhole = progress == TemplateHints.Progress.Whole;
                return;
            }
            Key = null;
        }
    }

    /// <summary>
    /// Whether <paramref name="line"/> (line <paramref name="i"/>, trimmed, no longer than a marker line) opens a quoted
    /// mail: "On … wrote:" (on one line or two), "-----Original Message-----", or Outlook's From block with its Sent line.
    /// </summary>
    /// <summary>
    /// The lines of a quote header that say whose mail is quoted: "On … Bob Baker &lt;bob@example.net&gt; wrote:" (on one line or
    /// two), or under Outlook's "-----Original Message-----" ("-----Ursprüngliche Nachricht-----", "-----Αρχικό μήνυμα-----")
    /// the From line of its header block below ("Von: Bob Baker &lt;bob@example.net&gt;"), not its To or Cc: a colleague's mail
    /// quoted in a reply-all names our mailbox there too.
    /// </summary>
    private static string QuoteHeader(MailMarkers markers, List<string> lines, int i, string line)
    {
        if (i + 1 < lines.Count && WroteOnNextLine(markers, line, lines[i + 1].Trim()))
        {
            return line + lines[i + 1].Trim();
        }
        if (markers.OriginalMessage.IsMatch(line))
        {
            foreach (var next in lines.Skip(i + 1).Take(4).Select(l => l.Trim()).Where(l => l.Length is > 0 and <= MailLimits.MaxMarkerLineLength))
            {
                if (markers.OutlookFrom.IsMatch(next))
                {
                    return next;
                }
            }
        }
        return line;
    }

    private static bool IsReplyHeader(MailMarkers markers, List<string> lines, int i, string line) =>
        markers.Reply.IsMatch(line) || markers.OriginalMessage.IsMatch(line)
        || (i + 1 < lines.Count && WroteOnNextLine(markers, line, lines[i + 1].Trim()))
        || (markers.OutlookFrom.IsMatch(line) && lines.Skip(i + 1).Take(3).Any(l => l.Length <= MailLimits.MaxMarkerLineLength && markers.OutlookSent.IsMatch(l.Trim())));

    /// <summary>
    /// After a quote header: the quoted mail up to the next quote header, when it holds our template's marker line
    /// ("REGIN-TEMPLATE v2026.1 lang=en"); else null. Unmarked (Outlook's way), or marked "&gt; " (Gmail, Thunderbird): then
    /// its lines one level unquoted, since a sender who clicks into Gmail's quoted template types the answers there and
    /// they come back quoted ("&gt; Niccolò Rossi" under the hint). Lines typed unquoted among them are left to
    /// <see cref="AddInlineAnswers"/>, and lines quoted deeper are the mail that one quoted.
    /// </summary>
    private static string? QuotedTemplate(MailMarkers markers, List<string> lines, int start, string? senderName, IReadOnlySet<string> announced)
    {
        var block = new List<string>();
        var template = false;
        bool? marked = null;
        if (start < lines.Count && start > 0 && lines[start].Length <= MailLimits.MaxMarkerLineLength && lines[start - 1].Length <= MailLimits.MaxMarkerLineLength
            && WroteOnNextLine(markers, lines[start - 1].Trim(), lines[start].Trim()))
        {
            start++; // the header's second line ("reginproject@crpm.org> ha scritto:", Gmail cut it inside the address)
        }
        for (var i = start; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length <= MailLimits.MaxMarkerLineLength && i > start + 1 && (markers.Forward.IsMatch(line) || IsReplyHeader(markers, lines, i, line)))
            {
                break; // the mail that one quoted: not ours to read
            }
            if (line.Length > 0)
            {
                marked ??= line.StartsWith('>');
            }
            if (marked == true)
            {
                if (!line.StartsWith('>'))
                {
                    continue;
                }
                var content = UnquoteOnce(line);
                if (content.StartsWith('>'))
                {
                    continue;
                }
                template |= content.Length <= MailLimits.MaxMarkerLineLength && Regin.Core.Templates.TemplateKeys.TryParseMarker(content.Trim(), out _, out _);
                block.Add(content);
                continue;
            }
            if (line.StartsWith('>'))
            {
                return null; // marks below an unmarked quote: another mail's, not ours to read
            }
            template |= line.Length <= MailLimits.MaxMarkerLineLength && Regin.Core.Templates.TemplateKeys.TryParseMarker(line, out _, out _);
            block.Add(lines[i]);
        }
        return template ? string.Join("\n", SkipHeaderBlock(markers, WithoutCommentMarks(block, senderName, announced))) : null;
    }

    // Outlook's "Mark my comments with": "[PD] ", "[Pat Doyle] " before each line typed into the quoted mail. Two or more
    // characters, no digit (a key "[Q05]" has them, a ticked box "[x]" is one).
    [GeneratedRegex(@"^(?<indent>\s*)\[(?<mark>\p{Lu}[\p{L}.'’\- ]{1,39})\][ \t]+(?=\S)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CommentMark();

    /// <summary>
    /// The quoted template's lines without Outlook's inline-comment mark, the sender's initials or name in brackets before
    /// each answer typed into it ("[PD] Homework club"): no part of the answer. A mark is taken for one when it opens two or
    /// more lines (Outlook marks every comment alike; an answer that starts "[EU] funds" once keeps it), or when it is the
    /// sender's own name or initials (Outlook's default mark), which it is even on the one answer typed, or when the sender
    /// named it in their own text above the quote ("my answer is marked [Reply] below": a mark set by hand).
    /// </summary>
    private static List<string> WithoutCommentMarks(List<string> block, string? senderName, IReadOnlySet<string>? announced = null)
    {
        var marks = block.Select(l => CommentMark().Match(l)).Where(m => m.Success).GroupBy(m => m.Groups["mark"].Value, StringComparer.Ordinal)
            .Where(g => g.Count() >= 2 || IsSendersMark(g.Key, senderName) || announced?.Contains(g.Key) == true).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        if (marks.Count == 0)
        {
            return block;
        }
        return [.. block.Select(l => CommentMark().Match(l) is { Success: true } m && marks.Contains(m.Groups["mark"].Value) ? m.Groups["indent"].Value + l[m.Length..] : l)];
    }

    /// <summary>The bracketed marks ("[Reply]", "[MR]") the sender wrote in their own text above the quote, at most a few lines' worth.</summary>
    private static HashSet<string> AnnouncedMarks(List<string> newest)
    {
        var marks = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in newest.TakeLast(50).Where(l => l.Length <= MailLimits.MaxMarkerLineLength && l.Contains('[')))
        {
            foreach (Match match in AnnouncedMark().Matches(line))
            {
                marks.Add(match.Groups["mark"].Value);
            }
        }
        return marks;
    }

    // "[Reply]" anywhere in a line of the sender's own text, shaped as a comment mark (no digit: not a key).
    [GeneratedRegex(@"\[(?<mark>\p{Lu}[\p{L}.'’\- ]{1,39})\]", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AnnouncedMark();

    /// <summary>
    /// Whether <paramref name="mark"/> is the sender's name ("Pat Doyle") or its initials, in order or surname first
    /// ("PD", "DP" for "Doyle, Pat"), titles such as "Dr." left out or not.
    /// </summary>
    internal static bool IsSendersMark(string mark, string? senderName)
    {
        if (string.IsNullOrWhiteSpace(senderName))
        {
            return false;
        }
        var words = senderName.Split([' ', ',', '\t', '"', '\''], StringSplitOptions.RemoveEmptyEntries).Where(w => char.IsLetter(w[0])).ToList();
        if (words.Count == 0)
        {
            return false;
        }
        var trimmed = mark.Trim();
        if (string.Equals(trimmed, string.Join(' ', words), StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var named = words.Where(w => !w.EndsWith('.')).ToList();
        foreach (var list in new[] { words, named })
        {
            if (list.Count < 2)
            {
                continue;
            }
            var initials = string.Concat(list.Select(w => char.ToUpperInvariant(w[0])));
            var reversed = string.Concat(initials.Reverse());
            if (trimmed.Equals(initials, StringComparison.OrdinalIgnoreCase) || trimmed.Equals(reversed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The key a quoted line (unquoted, trimmed) opens with, "[Q05]" however typed (<see cref="QuestionKey"/>), its number and
    /// the text after it ("> [Q05] Title of the practice", ">>   [Q13] Start date: 2019"); null when it opens with none.
    /// </summary>
    private static (string Key, int Number, string AfterKey)? QuotedKey(string content) =>
        QuestionKey.Read(content) is { Start: 0, Number: { } number } found ? (QuestionKey.Canonical(number), number, content[found.End..]) : null;

    /// <summary>
    /// The sender's lines above a quote they answer inside end at their sign-off: Outlook puts the signature (phone, fax,
    /// "Internet: www.landkreis-….example", a legal disclaimer) between the new text and the quote, and with the answers
    /// typed under our quoted questions appended after it, the template reader took its lines for answers (the district's
    /// site as the practice's web site, the fax and the disclaimer told back as lines not read; session 45).
    /// </summary>
    private static void CutSignature(MailMarkers markers, List<string> newest)
    {
        for (var i = 1; i < newest.Count; i++)
        {
            var line = newest[i].Trim();
            if (line == "--" || (line.Length is > 0 and <= 40 && markers.SignOff.IsMatch(line)))
            {
                newest.RemoveRange(i, newest.Count - i);
                return;
            }
        }
    }

    /// <summary>
    /// Below a quote header, the lines typed unquoted right under a quoted key (up to the next quoted line) are the answer to
    /// that key; anything else unquoted there (a signature after the quote) answers nothing and is left out.
    /// </summary>
    private static void AddInlineAnswers(MailMarkers markers, List<string> lines, int start, List<string> newest, CancellationToken cancellationToken)
    {
        var quoted = new QuotedQuestion(markers);
        string? key = null;
        var answer = new List<string>();
        void Flush()
        {
            if (key is not null && answer.Any(l => l.Trim().Length > 0))
            {
                newest.Add("");
                newest.Add(key);
                newest.AddRange(WithoutAnswerLabel(markers, answer));
            }
            answer.Clear();
        }
        for (var i = start; i < lines.Count; i++)
        {
            if ((i & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var line = lines[i].Trim();
            if (line.StartsWith('>'))
            {
                if (answer.Any(l => l.Trim().Length > 0))
                {
                    Flush();
                    quoted.Clear();
                }
                quoted.Read(line);
                key = quoted.Key;
                if (quoted.TypedOnKeyLine is { } typed)
                {
                    newest.Add("");
                    newest.Add(typed);
                }
                continue;
            }
            if (key is not null && (answer.Count > 0 || line.Length > 0))
            {
                answer.Add(lines[i]);
            }
        }
        Flush();
    }

    /// <summary>
    /// The answer's lines, its first without the word she typed before it ("Svar: mars 2021", "Antwort: läuft noch": vocabulary
    /// <c>answer_labels</c>; session 54: "Svar: …" was stored as the answer, a date not read, a group kept under Other).
    /// </summary>
    private static IEnumerable<string> WithoutAnswerLabel(MailMarkers markers, List<string> answer)
    {
        var first = answer.FindIndex(l => l.Trim().Length > 0);
        for (var i = 0; i < answer.Count; i++)
        {
            yield return i == first && markers.AnswerLabel.Match(answer[i]) is { Success: true } label && label.Length < answer[i].Trim().Length
                ? answer[i][label.Length..] : answer[i];
        }
    }

    /// <summary>
    /// Whether the unmarked quote under Outlook's header block is our own reply: its From names our domain ("De: REGIN
    /// Integration Lab &lt;reginproject@crpm.org&gt;"), or names no address and the quoted mail opens with our greeting.
    /// </summary>
    private static bool QuotesUs(MailMarkers markers, string header, List<string> lines, int at, string? ourDomain)
    {
        if (string.IsNullOrEmpty(ourDomain) || lines.Skip(at + 1).Take(MaxHeaderBlockLines).FirstOrDefault(l => l.Trim().Length > 0) is not { } first || first.TrimStart().StartsWith('>'))
        {
            return false;
        }
        var named = false;
        foreach (Match address in HeaderAddress().Matches(header))
        {
            var domain = address.Groups["domain"].Value.TrimEnd('.');
            if (domain.Equals(ourDomain, StringComparison.OrdinalIgnoreCase) || domain.EndsWith("." + ourDomain, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            named = true;
        }
        return !named && SkipHeaderBlock(markers, lines.Skip(at + 1).Take(MaxHeaderBlockLines).ToList()).FirstOrDefault(l => l.Trim().Length > 0) is { } opening
            && markers.OpensOurReply(opening.Trim());
    }

    /// <summary>
    /// Outlook's reply to our reply quotes it unmarked under its From/Sent block, and the sender types her answers there,
    /// under our quoted questions ("  [Q23] Orçamento total em euros" then "cerca de 85 mil euros"; session 47: they were
    /// not read at all, only marked quotes were). Only inside our lists that ask for answers, where our own reply has
    /// nothing but key lines: a line right under a key (or under her answer's lines) that is no key line, no heading of
    /// ours and no wrapped rest of the key's own label is hers; after a blank line, only when a key line of the same list
    /// follows (past the list, our closing paragraph is ours). Marked lines there are an older mail's; the next quote
    /// header ends it.
    /// </summary>
    private static void AddUnmarkedInlineAnswers(MailMarkers markers, List<string> lines, int start, List<string> newest, CancellationToken cancellationToken)
    {
        var asking = false;
        string? key = null;
        var keyNumber = 0;
        var keyRest = "";
        var answer = new List<string>();
        void Flush()
        {
            if (key is not null && answer.Any(l => l.Trim().Length > 0))
            {
                newest.Add("");
                newest.Add(key);
                newest.AddRange(WithoutAnswerLabel(markers, answer));
            }
            answer.Clear();
        }
        // The next non-blank line's content from j on, or null.
        string? NextContent(int j)
        {
            for (; j < lines.Count && j < start + 2000; j++)
            {
                if (lines[j].Trim().Length > 0)
                {
                    return lines[j].Trim();
                }
            }
            return null;
        }
        for (var i = start; i < lines.Count; i++)
        {
            if ((i & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var line = lines[i].Trim();
            if (line.Length > MailLimits.MaxMarkerLineLength * 4 || line.StartsWith('>')
                || (line.Length <= MailLimits.MaxMarkerLineLength && i > start + 1 && (markers.Forward.IsMatch(line) || IsReplyHeader(markers, lines, i, line))))
            {
                break;
            }
            if (line.Length == 0)
            {
                if (!asking)
                {
                    continue;
                }
                // Our lists end at a blank line: go on when a key line comes next (the blank line was hers), or when it
                // comes right under a key (her answer may follow it; the line after tells, below).
                var nextIsKey = NextContent(i + 1) is { } next && QuotedKey(next) is not null;
                if (answer.Count > 0)
                {
                    if (nextIsKey)
                    {
                        answer.Add(lines[i]);
                    }
                    else
                    {
                        Flush(); // typed right under the list's last key
                        (asking, key) = (false, null);
                    }
                }
                else if (!nextIsKey && key is null)
                {
                    asking = false;
                }
                continue;
            }
            if (markers.IsOurAskingHeading(line))
            {
                Flush();
                (asking, key) = (true, null);
                continue;
            }
            if (!asking || markers.IsOurPointerNote(line))
            {
                // Nor our note under a key ("(Sie haben „s.o.“ geschrieben …)"): it is ours, quoted back.
                continue;
            }
            if (QuotedKey(line) is var (own, number, rest))
            {
                Flush();
                (key, keyNumber, keyRest) = (own, number, rest);
                continue;
            }
            if (key is null)
            {
                continue;
            }
            if (answer.Count == 0 && markers.TypedAfterOurLabel(keyNumber, keyRest) is null && markers.TypedAfterOurLabel(keyNumber, keyRest + " " + line) is "")
            {
                keyRest += " " + line; // the rest of our long label, wrapped by the mail program
                continue;
            }
            if (answer.Count == 0 && i > 0 && lines[i - 1].Trim().Length == 0 && (NextContent(i + 1) is not { } after || (QuotedKey(after) is null && !markers.IsOurAskingHeading(after))))
            {
                // After a blank line and not followed by a key of the list: our own paragraph after the list.
                (asking, key) = (false, null);
                continue;
            }
            answer.Add(lines[i]);
        }
        Flush();
    }

    /// <summary>
    /// A quote header Gmail cut over two lines inside the address: the verb on the second line ("Il giorno … Lab &lt;" /
    /// "reginproject@crpm.org&gt; ha scritto:"), or, where the language puts it before the name (Swedish, German: "Den mån …
    /// kl 10:00 skrev REGIN Integration Lab &lt;" / "reginproject@crpm.org&gt;:"), on the first, the second then only the
    /// rest of the address and the colon.
    /// </summary>
    private static bool WroteOnNextLine(MailMarkers markers, string line, string next) =>
        next.Length <= MailLimits.MaxMarkerLineLength && markers.WroteStart.IsMatch(line) && !line.EndsWith(':')
        && (markers.WroteEnd.IsMatch(next) || (AddressRestThenColon().IsMatch(next) && line.EndsWith('<') && markers.Reply.IsMatch(line + next)));

    /// <summary>The rest of an address Gmail's line break cut, then the header's colon: "reginproject@crpm.org&gt;:".</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^[^\s<>@]+@[^\s<>@]+>\s*:\s*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, 1000)]
    private static partial System.Text.RegularExpressions.Regex AddressRestThenColon();

    /// <summary>
    /// Whether a quote header names addresses and none of them ours ("On Mon, … Bob Baker &lt;bob@example.net&gt; wrote:"):
    /// the quoted mail is someone else's (a colleague's own filled template they sent the sender), and its answers are that
    /// mail's, not the sender's. A header naming no address ("REGIN Integration Lab a écrit :") says nothing either way.
    /// </summary>
    private static bool QuotesSomeoneElse(string header, string? ourDomain)
    {
        if (string.IsNullOrEmpty(ourDomain))
        {
            return false;
        }
        var named = false;
        foreach (Match address in HeaderAddress().Matches(header))
        {
            var domain = address.Groups["domain"].Value.TrimEnd('.');
            if (domain.Equals(ourDomain, StringComparison.OrdinalIgnoreCase) || domain.EndsWith("." + ourDomain, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            named = true;
        }
        return named;
    }

    [GeneratedRegex(@"[^\s<>@""'(),:;\[\]]+@(?<domain>[\p{L}\p{N}.\-]+)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HeaderAddress();

    /// <summary>A quoted line (trimmed, starting with "&gt;") without its first mark and the space after it.</summary>
    private static string UnquoteOnce(string line) => line.StartsWith("> ", StringComparison.Ordinal) ? line[2..] : line[1..];

    /// <summary>How many quote marks open the line ("&gt; &gt; text", "&gt;&gt;text": 2).</summary>
    private static int QuoteDepth(string line)
    {
        var depth = 0;
        foreach (var c in line)
        {
            if (c == '>')
            {
                depth++;
            }
            else if (c is not (' ' or '\t'))
            {
                break;
            }
        }
        return depth;
    }

    private static string Unquote(string line)
    {
        var trimmed = line.TrimStart();
        while (trimmed.StartsWith('>'))
        {
            trimmed = trimmed[1..];
            if (trimmed.StartsWith(' '))
            {
                trimmed = trimmed[1..];
            }
        }
        return trimmed;
    }

    /// <summary>
    /// Whether the mail quoted under the header at <paramref name="header"/> is marked "&gt; " (Gmail, Thunderbird, Apple
    /// Mail): then an unquoted line under a quoted key of our reply is typed by the sender. Under Outlook's header block the
    /// quoted mail is unmarked, a line marked there is the mail that one quoted, and the text under it is the quoted mail's
    /// (a colleague's list mail quoting our reply, the list's footer after it), not an answer of the sender's.
    /// </summary>
    private static bool QuoteIsMarked(MailMarkers markers, List<string> lines, int header)
    {
        var start = header + 1;
        if (start < lines.Count && lines[header].Length <= MailLimits.MaxMarkerLineLength && lines[start].Length <= MailLimits.MaxMarkerLineLength
            && WroteOnNextLine(markers, lines[header].Trim(), lines[start].Trim()))
        {
            start++; // the header's second line, where Gmail cut it inside the address
        }
        var first = SkipHeaderBlock(markers, lines.Skip(start).Take(MaxHeaderBlockLines).ToList()).FirstOrDefault(l => l.Trim().Length > 0);
        return first is null || first.TrimStart().StartsWith('>');
    }

    /// <summary>The lines looked at for the quoted mail's first line: a header block and the blank lines around it.</summary>
    private const int MaxHeaderBlockLines = 20;

    /// <summary>The From:/Date:/Subject:/To: lines at the top of a forwarded mail.</summary>
    private static IEnumerable<string> SkipHeaderBlock(MailMarkers markers, List<string> lines)
    {
        var i = 0;
        while (i < lines.Count && (lines[i].Trim().Length == 0 || (lines[i].Length <= MailLimits.MaxMarkerLineLength && markers.HeaderLine.IsMatch(lines[i].Trim()))))
        {
            i++;
        }
        return lines.Skip(i);
    }
}
