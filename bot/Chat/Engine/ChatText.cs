using System.Text;

namespace Regin.Bot.Chat.Engine;

/// <summary>How answers are shown back in the chat: as data, never as markup.</summary>
public static class ChatText
{
    /// <summary>Echoed answers longer than this are shortened (the stored answer is not).</summary>
    public const int EchoLength = 300;

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

    public static string Shorten(string text) =>
        text.Length <= EchoLength ? text : string.Concat(text.AsSpan(0, EchoLength).TrimEnd(), "…");
}
