using System.Text.RegularExpressions;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// A correction typed in prose at the top of a reply ("Sorry, one correction: Q13 should be 2020, not 2019.", "Frage 5:
/// bitte 2021", "Ερ. 7: 150.000 €", "la 12 c'est 2020"): the question named by its number (after a word naming a question,
/// or as "Q13"), its new value, and the old one it replaces, dropped. The line is rewritten as the key line the template
/// reader knows ("[Q13] 2020"), so the answer is read, normalised and confirmed like any other. The words are the locale
/// files' (vocabulary question_refs, correction_verbs, instead_of).
/// </summary>
public static partial class ProseCorrections
{
    /// <summary>
    /// The text with its correction lines rewritten. With <paramref name="keyedOnly"/> (the text holds answers of its own)
    /// only a line opening with a key and saying "should be" or "not …" is ("Q13 should be 2020, not 2019": the key
    /// reader alone would take all of that for the answer); a sentence inside an answer is never a correction. A value is
    /// cut from its sentence only for a question whose value is a date, a number, an amount, a choice or a place
    /// (<see cref="MailMarkers.CorrectableKeys"/>): a free text answer ("Q17 We should be proud, not ashamed") stays as typed.
    /// </summary>
    public static string Rewrite(string text, MailMarkers markers, bool keyedOnly)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(markers);
        var lines = TemplateTextParser.SplitLines(text);
        var changed = false;
        for (var i = 0; i < lines.Count && i < MaxLines; i++)
        {
            var line = lines[i].Trim().Replace('\u2019', '\'');
            if (line.Length is 0 or > MaxLineLength || line.StartsWith('>') || (keyedOnly && line[0] is not ('Q' or 'q' or '[')) || !line.Any(char.IsDigit))
            {
                continue;
            }
            // "[Q13] should be 2020, not 2019": read as "Q13 should be …", but only for a question whose value is a date, a
            // number, an amount, a choice or a place; a sentence answering a free text question is the answer as typed.
            var bracketed = BracketedKey().Match(line);
            if (bracketed.Success)
            {
                if (!markers.CorrectableKeys.Contains(Regin.Core.Normalisation.Digits.Parse(bracketed.Groups["n"].ValueSpan)))
                {
                    continue;
                }
                line = $"Q{bracketed.Groups["n"].Value} {bracketed.Groups["rest"].Value}";
            }
            else if (keyedOnly && line[0] == '[')
            {
                continue;
            }
            var match = markers.ProseCorrection.Match(line);
            if (!match.Success)
            {
                continue;
            }
            var said = match.Groups["verb"].Success || match.Groups["old"].Success;
            var keyed = match.Groups["key"].Success && match.Index == 0;
            if (bracketed.Success && !(keyed && said))
            {
                continue; // "[Q13] 2020" is read by the key reader as it is
            }
            // Without a verb or an old value, a number after a question's word and a separator ("Frage 5: 2021") is one.
            if (keyedOnly ? !(keyed && said) : !(said || (match.Groups["word"].Success && match.Groups["separator"].Success) || keyed))
            {
                continue;
            }
            var number = Regin.Core.Normalisation.Digits.Parse(match.Groups["n"].ValueSpan);
            string value;
            if (markers.CorrectableKeys.Contains(number))
            {
                value = match.Groups["value"].Value.Trim().TrimEnd('.', '!', ',', ';').Trim();
            }
            else if (keyed || !match.Groups["separator"].Success)
            {
                // "Q17 We should be proud, not ashamed …": a free text answer, read by the key reader as typed.
                continue;
            }
            else
            {
                // "Frage 17: Wir sollten die Eltern einbeziehen, nicht nur die Kinder.": the whole answer after the separator.
                value = line[(match.Groups["separator"].Index + match.Groups["separator"].Length)..].Trim();
            }
            if (value.Length == 0)
            {
                continue;
            }
            lines[i] = $"[Q{number:00}] {value}";
            changed = true;
        }
        return changed ? string.Join("\n", lines) : text;
    }

    /// <summary>A correction is a sentence, not a paragraph.</summary>
    public const int MaxLineLength = 200;

    /// <summary>A top-posted correction is in the first lines of the mail's own text.</summary>
    public const int MaxLines = 40;

    [GeneratedRegex(@"^\[\s*[Qq]\s*(?<n>\d{1,2})\s*\]\s*[:.)\-]?\s*(?<rest>\S.*)$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BracketedKey();

    /// <summary>The pattern of a correction, from the words of every language.</summary>
    internal static string Pattern(string refs, string verbs, string insteadOf) =>
        // The question: "Q13" (its key) or a question's word and its number, not inside a word or a number.
        @"(?<![\p{L}\p{N}\[])(?:(?<key>[Qq])|(?<word>" + refs + @")\.?\s*)(?<n>\d{1,2})(?![\p{N}\p{L}])"
        + @"(?:\s*(?<separator>[:=–—\-]|\)))?\s*"
        + @"(?:(?<verb>" + verbs + @")(?![\p{L}\p{N}])\s*:?\s*)?"
        // Its value, then maybe a verb closing the sentence ("… 2021 sein"), ", not 2019" (the old value), or both.
        + @"(?<value>\S.*?)(?:\s+(?:" + verbs + @"))?"
        + @"(?:\s*,?\s+(?:" + insteadOf + @")\s+(?<old>\S.*?))?"
        + @"(?:\s+(?:" + verbs + @"))?\s*[.!]?\s*$";
}
