using System.Text;

namespace Regin.Bot.Chat.Rendering;

/// <summary>Text shown as data, never as markup, where the channel reads Markdown (Web Chat, Teams, Adaptive Card text).</summary>
public static class MarkdownText
{
    /// <summary>
    /// Escapes what markdown or HTML would interpret, so "**bold**", "[link](x)" or "&lt;script&gt;" in an answer are
    /// shown as typed, in Web Chat (markdown) and in Teams (markdown with some HTML). Brackets, emphasis, code, tables
    /// and HTML are neutralised; plain punctuation is left alone so ordinary text stays readable.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (NeedsNoEscape(text))
        {
            // Most answers and labels: nothing below would change a character (no copy made).
            return text;
        }
        var builder = new StringBuilder(text.Length + 16);
        var lineStart = true;
        foreach (var c in text)
        {
            switch (c)
            {
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                case '&':
                    builder.Append("&amp;");
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '~' or '|':
                    builder.Append('\\').Append(c);
                    break;
                case '-' or '+' or '=' or '#' when lineStart:
                    builder.Append('\\').Append(c);
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

    /// <summary>What <see cref="Escape"/> changes wherever it stands (a line break included: it starts a line).</summary>
    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create("<>&\\`*_[]~|\n");

    /// <summary>
    /// Whether <see cref="Escape"/> gives <paramref name="text"/> back as it is: none of <see cref="Special"/>, and the
    /// one line does not start (after spaces) with what starts a list, a heading or a rule.
    /// </summary>
    private static bool NeedsNoEscape(string text)
    {
        var span = text.AsSpan();
        if (span.ContainsAny(Special))
        {
            return false;
        }
        var start = span.TrimStart(' ');
        return start.IsEmpty || start[0] is not ('-' or '+' or '=' or '#');
    }
}
