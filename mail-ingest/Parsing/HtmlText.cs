using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// A real HTML-to-text conversion for HTML-only mail: block elements and line breaks become new lines, table cells
/// are separated by tabs, quoted blocks (blockquote) get "> " so the reply splitter treats them as quoted text.
/// </summary>
public static class HtmlText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "pre", "hr", "dl", "dt", "dd", "address",
    };

    // One parser per thread, made once (creating its browsing context costs more than parsing a mail).
    private static readonly ThreadLocal<HtmlParser> Parser = new(() => new HtmlParser(new HtmlParserOptions { IsScripting = false }));

    public static string Convert(string html)
    {
        using var document = Parser.Value!.ParseDocument(html ?? "");
        var output = new StringBuilder();
        Walk(document.Body ?? (INode)document, output, quoteDepth: 0);
        var lines = TemplateTextParser.SplitLines(output.ToString()).Select(l => l.TrimEnd());
        return string.Join("\n", lines).Trim();
    }

    private static void Walk(INode node, StringBuilder output, int quoteDepth)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    AppendText(output, text.Data, quoteDepth);
                    break;
                case IElement element:
                    var name = element.LocalName;
                    if (name is "script" or "style" or "head" or "title" or "template")
                    {
                        break;
                    }
                    if (name == "br")
                    {
                        NewLine(output, quoteDepth);
                        break;
                    }
                    var quote = name == "blockquote" ? 1 : 0;
                    var block = Blocks.Contains(name) || quote == 1;
                    if (block)
                    {
                        NewLine(output, quoteDepth + quote);
                    }
                    if (name is "td" or "th" && element.PreviousElementSibling is not null)
                    {
                        output.Append('\t');
                    }
                    Walk(element, output, quoteDepth + quote);
                    if (block)
                    {
                        NewLine(output, quoteDepth);
                    }
                    break;
            }
        }
    }

    private static void AppendText(StringBuilder output, string data, int quoteDepth)
    {
        // Whitespace in HTML collapses to one space.
        var collapsed = new StringBuilder(data.Length);
        var space = false;
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c) && c != '\u00A0')
            {
                space = true;
                continue;
            }
            if (space && collapsed.Length > 0)
            {
                collapsed.Append(' ');
            }
            else if (space && output.Length > 0 && output[^1] is not ('\n' or ' ' or '\t'))
            {
                collapsed.Append(' ');
            }
            space = false;
            collapsed.Append(c == '\u00A0' ? ' ' : c);
        }
        if (space && collapsed.Length > 0)
        {
            collapsed.Append(' ');
        }
        if (collapsed.Length == 0)
        {
            return;
        }
        if (output.Length == 0 || output[^1] == '\n')
        {
            output.Append(new string('>', quoteDepth));
            if (quoteDepth > 0)
            {
                output.Append(' ');
            }
        }
        output.Append(collapsed);
    }

    private static void NewLine(StringBuilder output, int quoteDepth)
    {
        output.Append('\n');
        _ = quoteDepth;
    }
}
