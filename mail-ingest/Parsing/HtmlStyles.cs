using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// The little CSS a mail's HTML needs to tell shown from hidden text: inline style, the hidden attribute, the old
/// font/bgcolor attributes, and rules of its style sheets with simple selectors (tag, .class, tag.class, #id; others are
/// ignored, as are @media conditions). Not a CSS engine: it errs towards showing text, never towards reading more.
/// </summary>
public sealed partial class HtmlStyles
{
    public const int Black = 0x000000;
    public const int White = 0xFFFFFF;
    /// <summary>Style sheet text read at most (a template mail has a few kB of it).</summary>
    private const int MaxSheetChars = 200_000;
    private const int MaxRules = 2_000;

    private readonly Dictionary<string, List<KeyValuePair<string, string>>> _rules = new(StringComparer.OrdinalIgnoreCase);

    public static HtmlStyles FromSheets(IDocument document)
    {
        var styles = new HtmlStyles();
        var read = 0;
        foreach (var sheet in document.QuerySelectorAll("style"))
        {
            var css = sheet.TextContent;
            if (read + css.Length > MaxSheetChars)
            {
                break;
            }
            read += css.Length;
            foreach (var (selectors, body) in Rules(WithoutComments(css)))
            {
                if (styles._rules.Count >= MaxRules)
                {
                    return styles;
                }
                var declarations = Declarations(body);
                if (declarations.Count == 0)
                {
                    continue;
                }
                foreach (var selector in selectors.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (selector.Length <= 200 && SimpleSelector().IsMatch(selector))
                    {
                        if (!styles._rules.TryGetValue(selector, out var list))
                        {
                            styles._rules[selector] = list = [];
                        }
                        list.AddRange(declarations);
                    }
                }
            }
        }
        return styles;
    }

    /// <summary>CSS without its comments, in one pass (an unclosed comment runs to the end).</summary>
    private static string WithoutComments(string css)
    {
        var result = new System.Text.StringBuilder(css.Length);
        var start = 0;
        while (start < css.Length)
        {
            var open = css.IndexOf("/*", start, StringComparison.Ordinal);
            if (open < 0)
            {
                result.Append(css, start, css.Length - start);
                break;
            }
            result.Append(css, start, open - start).Append(' ');
            var close = css.IndexOf("*/", open + 2, StringComparison.Ordinal);
            start = close < 0 ? css.Length : close + 2;
        }
        return result.ToString();
    }

    /// <summary>
    /// The rules of a style sheet, "selectors { declarations }", in one pass: a rule inside an @media block counts as if
    /// it were outside it (a condition is not evaluated).
    /// </summary>
    private static IEnumerable<(string Selectors, string Body)> Rules(string css)
    {
        var start = 0;
        while (start < css.Length)
        {
            var close = css.IndexOf('}', start);
            if (close < 0)
            {
                yield break;
            }
            var chunk = css[start..close];
            var open = chunk.LastIndexOf('{');
            if (open >= 0)
            {
                var selectors = chunk[..open];
                var outer = selectors.LastIndexOfAny(['{', ';']);
                yield return (selectors[(outer + 1)..].Trim(), chunk[(open + 1)..]);
            }
            start = close + 1;
        }
    }

    /// <summary>Whether an element is hidden, and the text and background colours inside it (inherited when it sets none).</summary>
    public (bool Hidden, int Color, int Background) Of(IElement element, int color, int background)
    {
        if (element.HasAttribute("hidden"))
        {
            return (true, color, background);
        }
        if (element.LocalName == "font" && ParseColor(element.GetAttribute("color")) is { } fontColor)
        {
            color = fontColor;
        }
        if (ParseColor(element.GetAttribute("bgcolor")) is { } bgcolor)
        {
            background = bgcolor;
        }
        var hidden = false;
        // Hidden as newsletters hide a preheader (attacker round 53): a box of no height or width that clips what overflows
        // it, or a box placed far off the screen.
        var clips = false;
        var noSize = false;
        var placed = false;
        var farOff = false;
        foreach (var (property, value) in Applying(element))
        {
            switch (property)
            {
                case "overflow" or "overflow-x" or "overflow-y" when value is "hidden" or "clip":
                    clips = true;
                    break;
                case "height" or "max-height" or "width" or "max-width" when ZeroLength().IsMatch(value):
                    noSize = true;
                    break;
                case "position" when value is "absolute" or "fixed":
                    placed = true;
                    break;
                case "left" or "top" or "right" or "bottom" when FarOff().IsMatch(value):
                    farOff = true;
                    break;
                case "text-indent" when FarOff().IsMatch(value):
                    hidden = true;
                    break;
                case "display" when value == "none":
                case "visibility" when value is "hidden" or "collapse":
                case "mso-hide" when value == "all":
                case "opacity" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var opacity) && opacity <= 0.05:
                case "font-size" when ZeroLength().IsMatch(value):
                    hidden = true;
                    break;
                case "color" when ParseColor(value) is { } parsed:
                    color = parsed;
                    break;
                case "background-color" or "background" when ParseColor(value) is { } parsed:
                    background = parsed;
                    break;
            }
        }
        return (hidden || (clips && noSize) || (placed && farOff), color, background);
    }

    /// <summary>The declarations that apply to an element, style sheet rules first and its own style attribute last (it wins).</summary>
    private IEnumerable<KeyValuePair<string, string>> Applying(IElement element)
    {
        if (_rules.Count > 0)
        {
            var keys = new List<string> { element.LocalName };
            if (element.Id is { Length: > 0 } id)
            {
                keys.Add("#" + id);
            }
            foreach (var name in element.ClassList)
            {
                keys.Add("." + name);
                keys.Add(element.LocalName + "." + name);
            }
            foreach (var key in keys)
            {
                if (_rules.TryGetValue(key, out var declarations))
                {
                    foreach (var declaration in declarations)
                    {
                        yield return declaration;
                    }
                }
            }
        }
        if (element.GetAttribute("style") is { Length: > 0 } style)
        {
            foreach (var declaration in Declarations(style.Length > 4_000 ? style[..4_000] : style))
            {
                yield return declaration;
            }
        }
    }

    private static List<KeyValuePair<string, string>> Declarations(string css)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var declaration in css.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = declaration.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var value = declaration[(colon + 1)..].Replace("!important", "", StringComparison.OrdinalIgnoreCase).Trim().ToLowerInvariant();
                result.Add(new(declaration[..colon].Trim().ToLowerInvariant(), value));
            }
        }
        return result;
    }

    /// <summary>
    /// Text a reader cannot tell from its background: the same colour within a small distance (#FEFEFE on white), or
    /// fully transparent text.
    /// </summary>
    public static bool Invisible(int color, int background)
    {
        if (color < 0)
        {
            return true;
        }
        var distance = Math.Abs(((color >> 16) & 0xFF) - ((background >> 16) & 0xFF)) + Math.Abs(((color >> 8) & 0xFF) - ((background >> 8) & 0xFF))
            + Math.Abs((color & 0xFF) - (background & 0xFF));
        return distance <= 24;
    }

    private static readonly Dictionary<string, int> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["white"] = White, ["black"] = Black, ["snow"] = 0xFFFAFA, ["ivory"] = 0xFFFFF0, ["whitesmoke"] = 0xF5F5F5, ["ghostwhite"] = 0xF8F8FF,
        ["floralwhite"] = 0xFFFAF0, ["seashell"] = 0xFFF5EE, ["mintcream"] = 0xF5FFFA, ["azure"] = 0xF0FFFF, ["aliceblue"] = 0xF0F8FF,
        ["silver"] = 0xC0C0C0, ["gray"] = 0x808080, ["grey"] = 0x808080, ["red"] = 0xFF0000, ["green"] = 0x008000, ["blue"] = 0x0000FF,
        ["navy"] = 0x000080, ["yellow"] = 0xFFFF00,
    };

    /// <summary>
    /// The colour a CSS value starts with (#rgb, #rrggbb, rgb()/rgba(), a common name), -1 for a transparent one, null when
    /// there is none or it is not understood (the colour in effect stays).
    /// </summary>
    internal static int? ParseColor(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        foreach (var token in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var t = token.Trim().TrimEnd(',');
            if (t.StartsWith('#'))
            {
                var hex = t[1..];
                if (hex.Length == 3 && int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var short3))
                {
                    return (((short3 >> 8) & 0xF) * 0x110000) | (((short3 >> 4) & 0xF) * 0x1100) | ((short3 & 0xF) * 0x11);
                }
                if (hex.Length == 6 && int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var full))
                {
                    return full;
                }
                return null;
            }
            if (t.Equals("transparent", StringComparison.OrdinalIgnoreCase))
            {
                return -1;
            }
            if (Named.TryGetValue(t, out var named))
            {
                return named;
            }
        }
        var rgb = Rgb().Match(value);
        if (rgb.Success)
        {
            if (rgb.Groups["a"].Success && double.TryParse(rgb.Groups["a"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var alpha) && alpha <= 0.05)
            {
                return -1;
            }
            return (Channel(rgb.Groups["r"].Value) << 16) | (Channel(rgb.Groups["g"].Value) << 8) | Channel(rgb.Groups["b"].Value);
        }
        return null;
    }

    private static int Channel(string value) =>
        Math.Clamp(int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : 0, 0, 255);

    [GeneratedRegex(@"^(?:[a-zA-Z][a-zA-Z0-9]*|[a-zA-Z][a-zA-Z0-9]*\.[\w-]+|\.[\w-]+|#[\w-]+)$")]
    private static partial Regex SimpleSelector();

    [GeneratedRegex(@"^0(?:\.0+)?(?:px|pt|em|rem|%)?$")]
    private static partial Regex ZeroLength();

    /// <summary>A length far off the screen: -1000px and beyond ("-9999px"), -100em and beyond.</summary>
    [GeneratedRegex(@"^-(?:\d{4,}(?:\.\d+)?(?:px|pt)?|\d{3,}(?:\.\d+)?(?:em|rem))$")]
    private static partial Regex FarOff();

    [GeneratedRegex(@"rgba?\(\s*(?<r>\d{1,3})\s*,\s*(?<g>\d{1,3})\s*,\s*(?<b>\d{1,3})\s*(?:,\s*(?<a>[0-9.]+)\s*)?\)", RegexOptions.IgnoreCase)]
    private static partial Regex Rgb();
}
