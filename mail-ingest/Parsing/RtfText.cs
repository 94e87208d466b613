using System.Text;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// The text of an RTF document: Outlook's "rich text" body inside a TNEF winmail.dat (session 45), which holds the answers
/// typed into the template when the mail carries no plain or HTML text of its own. Read in one pass without recursion: the
/// groups on a stack of at most <see cref="MailLimits.MaxXmlDepth"/>, the font table's character sets kept for the
/// <c>\'hh</c> bytes (Greek written by Outlook as <c>\fcharset161</c>), <c>\uN</c> with its <c>\ucN</c> fallback skipped,
/// and what Word stores beside the text (fonts, colours, styles, pictures, objects, field codes, document properties)
/// left out. Outlook's HTML carried in RTF (<c>\fromhtml1</c>, [MS-OXRTFEX]) is given back as that HTML, for the HTML
/// reader (which sees hidden text as it does in any mail); <see cref="IsHtml"/> says so.
/// </summary>
public static class RtfText
{
    /// <summary>
    /// The result: the text (or HTML), whether it is HTML, whether the groups nest too deep to read, and whether text a
    /// reader does not see was left out: marked hidden (<c>\v</c>: Word's "Hidden" font effect, not shown or printed;
    /// since session 46), coloured as its background (<c>\cf</c> of the <c>\colortbl</c> within a small distance of the
    /// <c>\highlight</c>, <c>\cb</c> or <c>\chcbpat</c> under it, else of the white page: white on white), or in a font
    /// of a point or less (<c>\fs2</c>) (since session 47). The page is white unless the document sets its colour (Word's
    /// Design → Page Color: <c>{\*\background {\shp … {\sp{\sn fillColor}{\sv N}} …}}</c>, with <c>\viewbkcolor1</c>):
    /// then text coloured as that page is hidden, and white text on a dark page is read (since session 48).
    /// </summary>
    public sealed record Result(string Text, bool IsHtml, bool TooDeep, bool Hidden = false);

    /// <summary>Whether the bytes look like RTF ("{\rtf").</summary>
    public static bool IsRtf(ReadOnlySpan<byte> bytes)
    {
        var start = 0;
        while (start < bytes.Length && start < 8 && bytes[start] is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t')
        {
            start++;
        }
        return bytes[start..].StartsWith("{\\rtf"u8);
    }

    // Destinations whose text is no part of what the reader sees.
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "objdata", "header", "headerl", "headerr", "headerf", "footer",
        "footerl", "footerr", "footerf", "fldinst", "themedata", "colorschememapping", "datastore", "latentstyles", "listtable",
        "listoverridetable", "rsidtbl", "generator", "xmlnstbl", "mmathPr", "bkmkstart", "bkmkend", "pgdsctbl", "revtbl", "filetbl",
        "wgrffmtfilter", "nonshppict", "shppict", "blipuid", "sp", "shpinst", "do", "annotation", "atnid", "atnauthor", "comment",
        "userprops", "docvar", "ftnsep", "ftnsepc", "aftnsep", "aftnsepc", "template", "falt", "panose", "xmlopen", "xmlattrname",
        "xmlattrvalue", "mhtmltag", "leveltext", "levelnumbers", "listtext", "pntext", "pntxta", "pntxtb",
    };

    private sealed class Group
    {
        public bool Skip;
        public int UnicodeSkip = 1;
        public int CodePage;
        public bool HtmlRtf;
        public bool HtmlTag;
        public bool FontTable;
        public bool Hidden;
        public bool First = true;
        public bool ColorTable;
        // The character formatting that can hide text: colour indexes into the colour table (0: auto) and the size in half-points.
        public int Foreground;
        public int Background;
        public int Highlight;
        public int FontSize = DefaultFontSize;
        // Inside the page background's destination, and whether this group is a shape property's name (1) or value (2).
        public bool PageBackground;
        public int ShapeProperty;
    }

    /// <summary>RTF's default font size, in half-points (12 pt).</summary>
    private const int DefaultFontSize = 24;

    /// <summary>The largest font size, in half-points, nobody reads: 1 pt (<c>\fs2</c>) and less.</summary>
    private const int UnreadableFontSize = 2;

    /// <summary>The text of <paramref name="bytes"/>, at most <paramref name="maxChars"/> characters.</summary>
    public static Result Read(ReadOnlySpan<byte> bytes, int maxChars, CancellationToken cancellationToken = default)
    {
        var result = Read(bytes, maxChars, HtmlStyles.White, cancellationToken, out var page);
        // The page's colour is known at its destination, which Word writes before the text; a file that sets it after
        // some text is read again with it, so no text is judged against a page it is not on.
        return page is { } colour && colour != HtmlStyles.White ? Read(bytes, maxChars, colour, cancellationToken, out _) : result;
    }

    private static Result Read(ReadOnlySpan<byte> bytes, int maxChars, int pageColor, CancellationToken cancellationToken, out int? page)
    {
        page = null;
        // The page background's shape properties as read: the last property's name, its value's text, the fill colour.
        var shapeText = new StringBuilder();
        var shapeName = "";
        int? fill = null;
        var filled = true;
        var text = new StringBuilder(Math.Min(bytes.Length, 64 * 1024));
        var stack = new Stack<Group>();
        var group = new Group { CodePage = 1252 };
        var fontCodePages = new Dictionary<int, int>();
        var defaultCodePage = 1252;
        var fromHtml = false;
        var tooDeep = false;
        var hidden = false;
        var pendingBytes = new List<byte>();
        var skipChars = 0;
        var currentFont = -1;
        // The colour table: RGB per index, -1 for "auto" (the first entry, most often empty).
        var colors = new List<int>();
        int red = 0, green = 0, blue = 0;
        var colorSet = false;
        var i = 0;

        int? ColorAt(int index) => index > 0 && index < colors.Count && colors[index] >= 0 ? colors[index] : null;

        // Coloured as what is under it (its highlight, else its shading, else the white page), or too small to read. Auto
        // text (\cf0) is never hidden by colour: Word draws it black, or white on a dark highlight.
        bool Unseen()
        {
            if (fromHtml)
            {
                return false;
            }
            if (group.FontSize <= UnreadableFontSize)
            {
                return true;
            }
            if (ColorAt(group.Foreground) is not { } foreground)
            {
                return false;
            }
            var background = ColorAt(group.Highlight) ?? ColorAt(group.Background) ?? pageColor;
            return HtmlStyles.Invisible(foreground, background);
        }

        void Flush()
        {
            if (pendingBytes.Count == 0)
            {
                return;
            }
            text.Append(Decode(pendingBytes, group.CodePage));
            pendingBytes.Clear();
        }

        bool Visible() => !group.Skip && !group.FontTable && (!fromHtml || group.HtmlTag || !group.HtmlRtf);
        bool Shown() => Visible() && !group.Hidden && !Unseen();
        // Text a reader would see but for \v, its colour or its size: left out, and said (an answer hidden in the file is no
        // answer of the sender's).
        void Hide(int c)
        {
            if (Visible() && c > ' ' && (group.Hidden || Unseen()))
            {
                hidden = true;
            }
        }

        void Emit(char c)
        {
            if (skipChars > 0)
            {
                skipChars--;
                return;
            }
            if (Shown())
            {
                Flush();
                text.Append(c);
            }
            else
            {
                Hide(c);
            }
        }

        while (i < bytes.Length && text.Length < maxChars)
        {
            if ((i & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var b = bytes[i];
            switch (b)
            {
                case (byte)'{':
                    Flush();
                    if (stack.Count >= MailLimits.MaxXmlDepth)
                    {
                        tooDeep = true;
                        return new Result(text.ToString(), fromHtml, tooDeep, hidden);
                    }
                    stack.Push(group);
                    group = new Group
                    {
                        Skip = group.Skip, UnicodeSkip = group.UnicodeSkip, CodePage = group.CodePage, HtmlRtf = group.HtmlRtf, FontTable = group.FontTable,
                        Hidden = group.Hidden, ColorTable = group.ColorTable, Foreground = group.Foreground, Background = group.Background,
                        Highlight = group.Highlight, FontSize = group.FontSize, PageBackground = group.PageBackground,
                    };
                    skipChars = 0;
                    i++;
                    continue;
                case (byte)'}':
                    Flush();
                    if (group.ShapeProperty == 1)
                    {
                        shapeName = shapeText.ToString().Trim();
                    }
                    else if (group.ShapeProperty == 2 && int.TryParse(shapeText.ToString().Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var property))
                    {
                        // Office Art's colour: 0x00BBGGRR; a scheme or system colour (a high byte set) is not known here.
                        if (shapeName == "fillColor" && property is >= 0 and <= 0xFFFFFF)
                        {
                            fill = ((property & 0xFF) << 16) | (property & 0xFF00) | ((property >> 16) & 0xFF);
                        }
                        else if (shapeName == "fFilled")
                        {
                            filled = property != 0;
                        }
                        page = filled ? fill : null;
                    }
                    if (stack.Count == 0)
                    {
                        return new Result(text.ToString(), fromHtml, tooDeep, hidden);
                    }
                    // What a group set (\htmlrtf, a font, a destination) ends with it.
                    group = stack.Pop();
                    skipChars = 0;
                    i++;
                    continue;
                case (byte)'\r' or (byte)'\n':
                    i++;
                    continue;
                case (byte)'\\':
                    break;
                default:
                    group.First = false;
                    if (group.ShapeProperty > 0 && shapeText.Length < 32)
                    {
                        shapeText.Append((char)b);
                    }
                    if (group.ColorTable && b == ';')
                    {
                        // An entry of the colour table ends; one with no colour is "auto".
                        colors.Add(colorSet ? (red << 16) | (green << 8) | blue : -1);
                        red = green = blue = 0;
                        colorSet = false;
                    }
                    if (skipChars > 0)
                    {
                        skipChars--;
                    }
                    else if (Shown())
                    {
                        if (b < 0x80)
                        {
                            Flush();
                            text.Append((char)b);
                        }
                        else
                        {
                            pendingBytes.Add(b);
                        }
                    }
                    else
                    {
                        Hide(b);
                    }
                    i++;
                    continue;
            }
            // A control word or symbol.
            i++;
            if (i >= bytes.Length)
            {
                break;
            }
            var c = bytes[i];
            if (!IsLetter(c))
            {
                i++;
                var first = group.First;
                group.First = false;
                switch (c)
                {
                    case (byte)'\\' or (byte)'{' or (byte)'}':
                        Emit((char)c);
                        break;
                    case (byte)'~':
                        Emit('\u00A0');
                        break;
                    case (byte)'_':
                        Emit('-');
                        break;
                    case (byte)'\r' or (byte)'\n':
                        Emit('\n');
                        break;
                    case (byte)'*':
                        // An optional destination: a reader that does not know it skips it; Outlook's HTML tags are known.
                        if (first && !(fromHtml && NextWord(bytes, i) == "htmltag"))
                        {
                            group.Skip = true;
                        }
                        break;
                    case (byte)'\'':
                        var hi = i + 1 < bytes.Length ? Hex(bytes[i]) : -1;
                        var lo = i + 1 < bytes.Length ? Hex(bytes[i + 1]) : -1;
                        if (hi >= 0 && lo >= 0)
                        {
                            i += 2;
                            if (skipChars > 0)
                            {
                                skipChars--;
                            }
                            else if (Shown())
                            {
                                pendingBytes.Add((byte)(hi * 16 + lo));
                            }
                            else
                            {
                                Hide(hi * 16 + lo);
                            }
                        }
                        break;
                }
                continue;
            }
            var wordStart = i;
            while (i < bytes.Length && IsLetter(bytes[i]) && i - wordStart < 32)
            {
                i++;
            }
            var word = Encoding.ASCII.GetString(bytes[wordStart..i]);
            int? parameter = null;
            var negative = false;
            if (i < bytes.Length && bytes[i] == '-')
            {
                negative = true;
                i++;
            }
            var digitsStart = i;
            long value = 0;
            while (i < bytes.Length && bytes[i] is >= (byte)'0' and <= (byte)'9' && i - digitsStart < 10)
            {
                value = value * 10 + (bytes[i] - '0');
                i++;
            }
            if (i > digitsStart)
            {
                parameter = (int)Math.Clamp(negative ? -value : value, int.MinValue, int.MaxValue);
            }
            if (i < bytes.Length && bytes[i] == ' ')
            {
                i++; // the delimiter of a control word is part of it
            }
            var wasFirst = group.First;
            group.First = false;
            switch (word)
            {
                case "bin":
                    Flush();
                    i += Math.Max(0, Math.Min(parameter ?? 0, bytes.Length - i));
                    break;
                case "fromhtml":
                    fromHtml = true;
                    break;
                case "v":
                    Flush();
                    group.Hidden = parameter != 0;
                    break;
                case "plain":
                    Flush();
                    // \plain resets the character formatting, \v, colours and size with it.
                    group.Hidden = false;
                    group.Foreground = group.Background = group.Highlight = 0;
                    group.FontSize = DefaultFontSize;
                    break;
                case "background":
                    // Word's page colour: a shape whose properties say its fill; no text of its own.
                    group.Skip = true;
                    group.PageBackground = true;
                    break;
                case "sn" or "sv" when group.PageBackground && wasFirst:
                    group.ShapeProperty = word == "sn" ? 1 : 2;
                    shapeText.Clear();
                    break;
                case "colortbl":
                    group.ColorTable = true;
                    group.Skip = true;
                    break;
                case "red" or "green" or "blue" when group.ColorTable:
                    var component = Math.Clamp(parameter ?? 0, 0, 255);
                    colorSet = true;
                    if (word == "red")
                    {
                        red = component;
                    }
                    else if (word == "green")
                    {
                        green = component;
                    }
                    else
                    {
                        blue = component;
                    }
                    break;
                case "cf":
                    Flush();
                    group.Foreground = parameter ?? 0;
                    break;
                case "cb" or "chcbpat":
                    Flush();
                    group.Background = parameter ?? 0;
                    break;
                case "highlight":
                    Flush();
                    group.Highlight = parameter ?? 0;
                    break;
                case "fs":
                    Flush();
                    group.FontSize = parameter ?? DefaultFontSize;
                    break;
                case "htmlrtf":
                    group.HtmlRtf = parameter != 0;
                    break;
                case "htmltag" when fromHtml:
                    group.HtmlTag = true;
                    group.Skip = false;
                    break;
                case "ansicpg":
                    if (parameter is > 0)
                    {
                        Flush();
                        defaultCodePage = parameter.Value;
                        group.CodePage = defaultCodePage;
                        foreach (var g in stack)
                        {
                            g.CodePage = defaultCodePage;
                        }
                    }
                    break;
                case "fonttbl":
                    group.FontTable = true;
                    break;
                case "f" when parameter is { } font:
                    if (group.FontTable)
                    {
                        currentFont = font;
                    }
                    else
                    {
                        Flush();
                        group.CodePage = fontCodePages.TryGetValue(font, out var fontPage) ? fontPage : defaultCodePage;
                    }
                    break;
                case "fcharset" when parameter is { } charset && group.FontTable && currentFont >= 0:
                    if (CodePageOfCharset(charset) is { } codePage)
                    {
                        fontCodePages[currentFont] = codePage;
                    }
                    break;
                case "uc":
                    group.UnicodeSkip = Math.Clamp(parameter ?? 1, 0, 10);
                    break;
                case "u" when parameter is { } code:
                    Emit((char)(code < 0 ? code + 65536 : code));
                    skipChars = group.UnicodeSkip;
                    break;
                case "par" or "line" or "sect" or "page" or "row":
                    Emit('\n');
                    break;
                case "tab" or "cell":
                    Emit('\t');
                    break;
                case "emdash":
                    Emit('—');
                    break;
                case "endash":
                    Emit('–');
                    break;
                case "bullet":
                    Emit('•');
                    break;
                case "lquote":
                    Emit('‘');
                    break;
                case "rquote":
                    Emit('’');
                    break;
                case "ldblquote":
                    Emit('“');
                    break;
                case "rdblquote":
                    Emit('”');
                    break;
                default:
                    if (wasFirst && Skipped.Contains(word))
                    {
                        group.Skip = true;
                    }
                    break;
            }
        }
        Flush();
        var result = text.Length > maxChars ? text.ToString(0, maxChars) : text.ToString();
        return new Result(result, fromHtml, tooDeep, hidden);
    }

    private static string NextWord(ReadOnlySpan<byte> bytes, int i)
    {
        while (i < bytes.Length && bytes[i] is (byte)' ' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }
        if (i >= bytes.Length || bytes[i] != '\\')
        {
            return "";
        }
        var start = ++i;
        while (i < bytes.Length && IsLetter(bytes[i]) && i - start < 32)
        {
            i++;
        }
        return Encoding.ASCII.GetString(bytes[start..i]);
    }

    private static bool IsLetter(byte b) => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z';

    private static int Hex(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>The Windows code page of an RTF font's character set (\fcharsetN); null for the default (0) or a symbol set.</summary>
    private static int? CodePageOfCharset(int charset) => charset switch
    {
        161 => 1253, // Greek
        162 => 1254, // Turkish
        238 => 1250, // Central European
        204 => 1251, // Cyrillic
        186 => 1257, // Baltic
        177 => 1255, // Hebrew
        178 => 1256, // Arabic
        163 => 1258, // Vietnamese
        222 => 874, // Thai
        128 => 932, // Japanese
        129 => 949, // Korean
        134 => 936, // Simplified Chinese
        136 => 950, // Traditional Chinese
        _ => null,
    };

    private static string Decode(List<byte> bytes, int codePage)
    {
        Encoding encoding;
        try
        {
            encoding = Encoding.GetEncoding(codePage);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            encoding = Encoding.GetEncoding(1252);
        }
        return encoding.GetString(bytes.ToArray());
    }
}
