using System.Text;

namespace Regin.Bot.Chat.Rendering;

/// <summary>Text shown as data, never as markup, where the channel reads Markdown (Web Chat, Teams, Adaptive Card text).</summary>
public static class MarkdownText
{
    /// <summary>
    /// Escapes what markdown or HTML would interpret in a message's text, so "**bold**", "[link](x)" or "&lt;script&gt;"
    /// in an answer are shown as typed, in Web Chat (markdown-it, which decodes entities and backslash escapes) and in
    /// Teams (markdown with some HTML). Brackets, emphasis, code, tables, HTML, and lists or headings at a line's start
    /// are neutralised; plain punctuation is left alone so ordinary text stays readable. An "&amp;" stays as typed, with a
    /// backslash only before what reads as an entity, as in a card: the echo of "Asylum &amp; Refugee Support Team" showed
    /// "&amp;amp;" wherever the text is not read as markdown (lang58's Glasgow play; session 59).
    /// </summary>
    public static string Escape(string text) => Escape(text, card: false);

    /// <summary>
    /// The same for an Adaptive Card's TextBlock (and choice titles). Teams' card renderer decodes no HTML entities
    /// ("&amp;amp;" would be shown as such) and reads no HTML, so no entity is written: "&amp;", "&lt;" and "&gt;" stay as
    /// typed, and only where Web Chat's markdown-it (which reads HTML in cards) would take them as markup do they get a
    /// backslash: "&lt;" before a letter, "/", "!" or "?" (a tag, a comment, an autolink), "&amp;" before what reads as an
    /// entity, "&gt;" at a line's start (a quote). "{{" gets a zero-width space between its braces ("{\u200B{"): Adaptive
    /// Cards' text functions ("{{DATE(2026-03-01T09:00:00Z, SHORT)}}", "{{TIME(…)}}", in Teams and in Web Chat's renderer)
    /// would show a typed one as a date in the reader's format; a backslash would be shown in Teams.
    /// </summary>
    public static string EscapeCardText(string text) => Escape(text, card: true);

    private static string Escape(string text, bool card)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (NeedsNoEscape(text, card))
        {
            // Most answers and labels: nothing below would change a character (no copy made).
            return text;
        }
        var builder = new StringBuilder(text.Length + 16);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '<' when !card:
                    builder.Append("&lt;");
                    break;
                case '>' when !card:
                    builder.Append("&gt;");
                    break;
                case '<' when i + 1 < text.Length && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] is '/' or '!' or '?'):
                case '>' when lineStart:
                case '&' when StartsEntity(text.AsSpan(i + 1)):
                case '\\' or '`' or '*' or '_' or '[' or ']' or '~' or '|':
                case '-' or '+' or '=' or '#' when lineStart && StartsBlock(text.AsSpan(i)):
                    builder.Append('\\').Append(c);
                    break;
                case >= '0' and <= '9' when lineStart && OrderedListMarker(text.AsSpan(i)) is > 0 and var digits:
                    // "1. foo" or "2) bar" at a line's start: a numbered list, renumbered from 1 by the renderer.
                    builder.Append(text, i, digits).Append('\\').Append(text[i + digits]);
                    i += digits;
                    c = text[i];
                    break;
                case '{' when card && i + 1 < text.Length && text[i + 1] == '{':
                    builder.Append('{').Append(TextFunctionBreak);
                    break;
                case '\n':
                    builder.Append("  \n");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
            lineStart = c == '\n' || (lineStart && c == ' ');
        }
        return builder.ToString();
    }

    /// <summary>Between the braces of a "{{" in card text: invisible, and no text function starts there.</summary>
    public const char TextFunctionBreak = '\u200B';

    /// <summary>What <see cref="Escape(string)"/> changes wherever it stands (a line break included: it starts a line).</summary>
    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create("<>\\`*_[]~|\n");

    /// <summary>What <see cref="EscapeCardText"/> may change wherever it stands.</summary>
    private static readonly System.Buffers.SearchValues<char> CardSpecial = System.Buffers.SearchValues.Create("<\\`*_[]~|\n");

    /// <summary>
    /// Whether the text is given back as it is: none of the special characters, and the one line does not start (after
    /// spaces) with what starts a list, a heading, a rule or a quote.
    /// </summary>
    private static bool NeedsNoEscape(string text, bool card)
    {
        var span = text.AsSpan();
        if (span.ContainsAny(card ? CardSpecial : Special) || (span.Contains('&') && span.Contains(';')) || (card && span.Contains("{{", StringComparison.Ordinal)))
        {
            return false;
        }
        var start = span.TrimStart(' ');
        if (start.IsEmpty)
        {
            return true;
        }
        if (start[0] is '-' or '+' or '=' or '#')
        {
            return !StartsBlock(start);
        }
        return start[0] != '>' && OrderedListMarker(start) == 0;
    }

    /// <summary>
    /// How many digits start an ordered list's marker at the start of <paramref name="line"/> ("12. " or "3)" alone):
    /// up to 9 digits, then "." or ")", then a space, a tab, a line's end or the text's end; 0 when it is no marker
    /// ("120.000 €", "2021-2023").
    /// </summary>
    private static int OrderedListMarker(ReadOnlySpan<char> line)
    {
        var digits = 0;
        while (digits < line.Length && digits < 10 && char.IsAsciiDigit(line[digits]))
        {
            digits++;
        }
        if (digits is 0 or > 9 || digits >= line.Length || line[digits] is not ('.' or ')'))
        {
            return 0;
        }
        var after = digits + 1;
        return after == line.Length || line[after] is ' ' or '\t' or '\n' or '\r' ? digits : 0;
    }

    /// <summary>
    /// Whether a line starting with "-", "+", "=" or "#" starts a list item ("- x", "+ x"), a heading ("# x", "### x") or
    /// a rule or heading underline ("---", "- - -", "==="); "->", "+43 1 …", "#hashtag" and "-5 %" are text.
    /// </summary>
    private static bool StartsBlock(ReadOnlySpan<char> line)
    {
        var end = line.IndexOf('\n');
        if (end >= 0)
        {
            line = line[..end];
        }
        line = line.TrimEnd("\r \t".AsSpan());
        var first = line[0];
        if (first == '#')
        {
            var hashes = 0;
            while (hashes < line.Length && line[hashes] == '#')
            {
                hashes++;
            }
            return hashes <= 6 && (hashes == line.Length || line[hashes] is ' ' or '\t');
        }
        if (first is '-' or '+' && (line.Length == 1 || line[1] is ' ' or '\t'))
        {
            return true;
        }
        // A line of only "=" (or of "-" and spaces): a heading's underline or a rule.
        return first is '-' or '=' && !line.ContainsAnyExcept((first == '=' ? "=" : "- ").AsSpan());
    }

    /// <summary>Whether what follows an "&amp;" reads as an HTML entity ("amp;", "#38;", "#x26;"), which markdown decodes.</summary>
    private static bool StartsEntity(ReadOnlySpan<char> rest)
    {
        var semicolon = rest[..Math.Min(rest.Length, 34)].IndexOf(';');
        if (semicolon < 2)
        {
            return false;
        }
        var name = rest[..semicolon];
        if (name[0] == '#')
        {
            var number = name[1..];
            return number.Length > 0 && (number[0] is 'x' or 'X'
                ? number.Length > 1 && number[1..].ContainsAnyExcept(HexDigits) is false
                : !number.ContainsAnyExcept(Digits));
        }
        return char.IsAsciiLetter(name[0]) && !name.ContainsAnyExcept(Alphanumerics);
    }

    private static readonly System.Buffers.SearchValues<char> Digits = System.Buffers.SearchValues.Create("0123456789");

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private static readonly System.Buffers.SearchValues<char> Alphanumerics =
        System.Buffers.SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
}
