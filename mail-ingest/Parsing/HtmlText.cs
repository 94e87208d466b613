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

    /// <summary>Elements that never hold others (void), or that the parser closes by itself when the next one opens.</summary>
    private static readonly HashSet<string> NotNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rtc", "rp",
    };

    /// <summary>The text of an HTML body. Refuses (null) HTML nested deeper than <see cref="MailLimits.MaxHtmlDepth"/> or too long.</summary>
    public static string? TryConvert(string html, CancellationToken cancellationToken = default) => TryConvert(html, out _, cancellationToken);

    /// <summary>As <see cref="TryConvert(string, CancellationToken)"/>; <paramref name="hidden"/> says text a mail program does not show was left out.</summary>
    public static string? TryConvert(string html, out bool hidden, CancellationToken cancellationToken = default)
    {
        hidden = false;
        html ??= "";
        if (html.Length > MailLimits.MaxHtmlChars)
        {
            return null;
        }
        html = Slim(html);
        if (html.Length > MailLimits.MaxHtmlParsedChars || NestingDepth(html, MailLimits.MaxHtmlDepth + 1) > MailLimits.MaxHtmlDepth)
        {
            return null;
        }
        cancellationToken.ThrowIfCancellationRequested();
        return Convert(html, out hidden, cancellationToken);
    }

    public static string Convert(string html, CancellationToken cancellationToken = default) => Convert(html, out _, cancellationToken);

    /// <summary>
    /// The text a reader sees: what CSS hides (display:none, visibility:hidden, a zero font size, Outlook's mso-hide, the
    /// hidden attribute, by inline style or by a simple rule of a style sheet) and text in the colour of its background
    /// (white on white) are left out, and <paramref name="hidden"/> says so. Such text is how a forwarded or pre-filled
    /// mail carries answers its sender never saw.
    /// </summary>
    public static string Convert(string html, out bool hidden, CancellationToken cancellationToken = default)
    {
        using var document = Parser.Value!.ParseDocument(html ?? "");
        cancellationToken.ThrowIfCancellationRequested();
        var output = new StringBuilder();
        hidden = Walk(document.Body ?? (INode)document, output, HtmlStyles.FromSheets(document), cancellationToken);
        var lines = TemplateTextParser.SplitLines(output.ToString()).Select(l => l.TrimEnd());
        return string.Join("\n", lines).Trim();
    }

    /// <summary>A data: address in an attribute shorter than this is kept (a pasted picture is longer).</summary>
    private const int MinDataAddressCut = 1024;

    /// <summary>
    /// The HTML without what no reader sees and the parser would hold: comments (Outlook's conditional XML) and the
    /// content of long data: addresses in quoted attributes (pasted pictures, kept as an empty "data:"), in one pass.
    /// Comments inside style and script elements are their text, and stay. What a mail program shows is unchanged.
    /// </summary>
    internal static string Slim(string html)
    {
        var comment = html.IndexOf("<!--", StringComparison.Ordinal);
        var data = html.IndexOf("data:", StringComparison.OrdinalIgnoreCase);
        if (comment < 0 && data < 0)
        {
            return html;
        }
        // The pieces kept, copied once into a string of their exact length: a body that is mostly a picture costs its slim
        // copy, a body with nothing to take out costs nothing.
        var result = new List<(int Start, int Length)>();
        var i = 0;
        var copied = 0;
        while (i < html.Length)
        {
            var next = html.AsSpan(i).IndexOfAny('<', '=');
            if (next < 0)
            {
                break;
            }
            i += next;
            var c = html[i];
            if (c == '<')
            {
                var span = html.AsSpan(i);
                if (span.StartsWith("<!--", StringComparison.Ordinal))
                {
                    // HTML's own end of a comment: "-->" or "--!>", or at once for "<!-->" and "<!--->".
                    var end = span[4..].StartsWith(">") ? i + 5 : span[4..].StartsWith("->") ? i + 6 : CommentEnd(html, i + 4);
                    result.Add((copied, i - copied));
                    i = copied = end;
                    continue;
                }
                if (RawText(span) is { } element)
                {
                    // <style>, <script>, <textarea>, <title>: their content is text up to their end tag, copied as it is.
                    var close = html.IndexOf("</" + element, i + 1 + element.Length, StringComparison.OrdinalIgnoreCase);
                    i = close < 0 ? html.Length : close + 2 + element.Length;
                    continue;
                }
            }
            else if (c == '=' && i + 7 < html.Length)
            {
                var start = i + 1;
                while (start < html.Length && html[start] is ' ' or '\t' or '\r' or '\n')
                {
                    start++;
                }
                if (start + 6 < html.Length && html[start] is '"' or '\'' && html.AsSpan(start + 1, 5).Equals("data:", StringComparison.OrdinalIgnoreCase))
                {
                    var quote = html[start];
                    var close = html.IndexOf(quote, start + 6);
                    var tag = html.IndexOf('<', start + 6);
                    if (close > 0 && close - start > MinDataAddressCut && (tag < 0 || tag > close))
                    {
                        result.Add((copied, start + 6 - copied));
                        i = copied = close;
                        continue;
                    }
                }
            }
            i++;
        }
        if (copied == 0)
        {
            return html;
        }
        result.Add((copied, html.Length - copied));
        return string.Create(result.Sum(r => r.Length), (html, result), static (target, state) =>
        {
            var at = 0;
            foreach (var (start, length) in state.result)
            {
                state.html.AsSpan(start, length).CopyTo(target[at..]);
                at += length;
            }
        });
    }

    private static int CommentEnd(string html, int from)
    {
        var dashes = html.IndexOf("--", from, StringComparison.Ordinal);
        while (dashes >= 0)
        {
            var after = dashes + 2;
            if (after < html.Length && html[after] == '>')
            {
                return after + 1;
            }
            if (after + 1 < html.Length && html[after] == '!' && html[after + 1] == '>')
            {
                return after + 2;
            }
            dashes = html.IndexOf("--", dashes + 1, StringComparison.Ordinal);
        }
        return html.Length;
    }

    private static string? RawText(ReadOnlySpan<char> tag)
    {
        foreach (var element in (ReadOnlySpan<string>)["style", "script", "textarea", "title"])
        {
            if (tag.Length > element.Length + 1 && tag[1..].StartsWith(element, StringComparison.OrdinalIgnoreCase)
                && (tag[element.Length + 1] is '>' or '/' || char.IsWhiteSpace(tag[element.Length + 1])))
            {
                return element;
            }
        }
        return null;
    }

    /// <summary>
    /// How deep the start tags nest, read in one pass without parsing (the HTML parser's own checks walk its stack of
    /// open elements for every tag, so very deep input costs it quadratic time): stops counting at <paramref name="stopAt"/>.
    /// </summary>
    internal static int NestingDepth(string html, int stopAt)
    {
        var depth = 0;
        var deepest = 0;
        var i = 0;
        while (i < html.Length)
        {
            var open = html.IndexOf('<', i);
            if (open < 0 || open + 1 >= html.Length)
            {
                break;
            }
            var next = html[open + 1];
            if (next == '!' || next == '?')
            {
                // A comment, doctype or processing instruction: skipped whole.
                var close = next == '!' && html.AsSpan(open).StartsWith("<!--") ? html.IndexOf("-->", open + 4, StringComparison.Ordinal) : html.IndexOf('>', open + 1);
                i = close < 0 ? html.Length : close + 1;
                continue;
            }
            var closing = next == '/';
            var nameStart = open + (closing ? 2 : 1);
            var nameEnd = nameStart;
            while (nameEnd < html.Length && char.IsAsciiLetterOrDigit(html[nameEnd]))
            {
                nameEnd++;
            }
            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart]))
            {
                i = open + 1;
                continue;
            }
            var end = html.IndexOf('>', nameEnd);
            var selfClosing = end > 0 && html[end - 1] == '/';
            var name = html.AsSpan(nameStart, nameEnd - nameStart);
            if (!NotNesting.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name) && !selfClosing)
            {
                depth = closing ? Math.Max(0, depth - 1) : depth + 1;
                deepest = Math.Max(deepest, depth);
                if (deepest >= stopAt)
                {
                    return deepest;
                }
            }
            i = end < 0 ? html.Length : end + 1;
        }
        return deepest;
    }

    /// <summary>Depth first, with a stack of our own (no recursion, however deep the document). True when hidden text was left out.</summary>
    private static bool Walk(INode root, StringBuilder output, HtmlStyles styles, CancellationToken cancellationToken)
    {
        // Each frame: the node whose children are being walked, the next child, its quote depth, whether it was a block,
        // and the text and background colours in effect inside it.
        var stack = new Stack<(INode Node, INode? Next, int QuoteDepth, bool Block, int Color, int Background)>();
        stack.Push((root, root.FirstChild, 0, false, HtmlStyles.Black, HtmlStyles.White));
        var steps = 0;
        var hidden = false;
        while (stack.Count > 0)
        {
            if (++steps % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var (node, child, quoteDepth, block, color, background) = stack.Pop();
            if (child is null)
            {
                if (block)
                {
                    NewLine(output);
                }
                continue;
            }
            stack.Push((node, child.NextSibling, quoteDepth, block, color, background));
            switch (child)
            {
                case IText text:
                    if (HtmlStyles.Invisible(color, background))
                    {
                        hidden |= !string.IsNullOrWhiteSpace(text.Data);
                        break;
                    }
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
                        NewLine(output);
                        break;
                    }
                    var style = styles.Of(element, color, background);
                    if (style.Hidden)
                    {
                        hidden |= !string.IsNullOrWhiteSpace(element.TextContent);
                        break;
                    }
                    var quote = name == "blockquote" ? 1 : 0;
                    var isBlock = Blocks.Contains(name) || quote == 1;
                    if (isBlock)
                    {
                        NewLine(output);
                    }
                    if (name is "td" or "th" && element.PreviousElementSibling is not null)
                    {
                        output.Append('\t');
                    }
                    stack.Push((element, element.FirstChild, quoteDepth + quote, isBlock, style.Color, style.Background));
                    break;
            }
        }
        return hidden;
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

    private static void NewLine(StringBuilder output) => output.Append('\n');
}
