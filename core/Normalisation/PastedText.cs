using System.Text.RegularExpressions;

namespace Regin.Core.Normalisation;

/// <summary>
/// What copying from a mail, Word or a web page adds around an answer, taken off before it is read (session 58: a name
/// pasted as “Mary O’Brien” was stored with its quotes, an address pasted as “mary@corkcoco.ie” was accepted as one, and
/// "Cork County Council" pasted with its signature kept "-- Mary O'Brien | Integration Officer"). The original words stay
/// beside the value, as always.
/// </summary>
internal static partial class PastedText
{
    // The quotation marks a whole answer is wrapped in, opening → closing: straight, typographic (en, de, fr, sv, el),
    // single and double.
    private static readonly (char Open, char Close)[] QuotePairs =
    [
        ('"', '"'), ('\'', '\''), ('\u201C', '\u201D'), ('\u201E', '\u201C'), ('\u201E', '\u201D'), ('\u00AB', '\u00BB'),
        ('\u00BB', '\u00AB'), ('\u2018', '\u2019'), ('\u201A', '\u2018'), ('\u201D', '\u201D'), ('\u2039', '\u203A'),
    ];

    /// <summary>
    /// The text without what a mail or a chat program adds around the words pasted: from a signature separator line ("-- ",
    /// "--", "—": RFC 3676's, as the mail reader cuts it) or a closing line ("Kind regards,", "Cordiali saluti": one of
    /// <paramref name="signOffs"/>, folded) with at most three short lines after it (the name, the role, a phone), to the end;
    /// and a Teams message's header lines ("[10:02] Fiona MacLeod", "[10:02 AM] MacLeod, Fiona"). The text as it is when
    /// nothing would be left.
    /// </summary>
    public static string WithoutSignature(string text, IReadOnlySet<string> signOffs)
    {
        if (!text.Contains('\n', StringComparison.Ordinal))
        {
            return text;
        }
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Where(line => !ChatHeader().IsMatch(line)).ToArray();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var closing = line is "--" or "\u2014"
                || (lines.Length - i <= 4 && signOffs.Contains(TextKey.Fold(line.TrimEnd(',', '.', '!', ' ')))
                    && lines[(i + 1)..].All(after => TextKey.Words(after).Length <= 8));
            if (closing && lines[..i].Any(before => !string.IsNullOrWhiteSpace(before)))
            {
                return string.Join('\n', lines[..i]);
            }
        }
        return lines.Any(line => !string.IsNullOrWhiteSpace(line)) ? string.Join('\n', lines) : text;
    }

    /// <summary>
    /// A one-line answer without the pair of quotation marks around all of it (“Mary O’Brien”, « AViQ », „Gemeinde
    /// Telfs“); one with a quotation inside ("“Welcome Café” – a drop-in") is kept whole.
    /// </summary>
    public static string Unquoted(string text)
    {
        if (text.Length < 3)
        {
            return text;
        }
        foreach (var (open, close) in QuotePairs)
        {
            if (text[0] == open && text[^1] == close)
            {
                var inner = text[1..^1];
                return inner.Contains(open, StringComparison.Ordinal) || inner.Contains(close, StringComparison.Ordinal) ? text : inner.Trim();
            }
        }
        return text;
    }

    // A Teams (or Slack) message's header when copied: the time in brackets, then the sender's name and nothing else.
    [GeneratedRegex(@"^\s*\[(?:[\p{L}.]+ )?\d{1,2}[:.]\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?\]\s+[\p{L}][\p{L}\p{M}'’.,\- ]{0,60}$")]
    private static partial Regex ChatHeader();
}
