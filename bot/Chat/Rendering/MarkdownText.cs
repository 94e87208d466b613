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
}
