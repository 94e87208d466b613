namespace Regin.Core.Normalisation;

/// <summary>
/// What copying from a mail, Word or a web page adds around an answer, taken off before it is read (session 58: a name
/// pasted as “Mary O’Brien” was stored with its quotes, an address pasted as “mary@corkcoco.ie” was accepted as one, and
/// "Cork County Council" pasted with its signature kept "-- Mary O'Brien | Integration Officer"). The original words stay
/// beside the value, as always.
/// </summary>
internal static class PastedText
{
    // The quotation marks a whole answer is wrapped in, opening → closing: straight, typographic (en, de, fr, sv, el),
    // single and double.
    private static readonly (char Open, char Close)[] QuotePairs =
    [
        ('"', '"'), ('\'', '\''), ('\u201C', '\u201D'), ('\u201E', '\u201C'), ('\u201E', '\u201D'), ('\u00AB', '\u00BB'),
        ('\u00BB', '\u00AB'), ('\u2018', '\u2019'), ('\u201A', '\u2018'), ('\u201D', '\u201D'), ('\u2039', '\u203A'),
    ];

    /// <summary>
    /// The text before a signature separator line ("-- ", "--", "—": RFC 3676's, as mail programs write it and as the mail
    /// reader cuts it), or the text as it is when there is none or nothing before it.
    /// </summary>
    public static string WithoutSignature(string text)
    {
        if (!text.Contains('\n', StringComparison.Ordinal))
        {
            return text;
        }
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim() is "--" or "\u2014" && lines[..i].Any(line => !string.IsNullOrWhiteSpace(line)))
            {
                return string.Join('\n', lines[..i]);
            }
        }
        return text;
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
}
