using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Regin.Bot.Review;

/// <summary>Markup that is already safe (built by <see cref="Html"/>); anything else put in a page is encoded.</summary>
public readonly record struct RawHtml(string Value)
{
    public static readonly RawHtml Empty = new("");

    public override string ToString() => Value;
}

/// <summary>
/// Builds HTML from interpolated strings in which every hole is HTML-encoded unless it is <see cref="RawHtml"/>: a
/// contributor's words can only ever appear as text. <c>html.Add($"&lt;td&gt;{answer.Original}&lt;/td&gt;")</c>.
/// </summary>
public sealed class Html
{
    /// <summary>Encodes &lt; &gt; &amp; " ' and control characters, and leaves the letters of the 8 languages readable.</summary>
    public static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    internal readonly StringBuilder Builder = new();

    public Html Add([InterpolatedStringHandlerArgument("")] ref HtmlHandler handler) => this;

    public Html Add(RawHtml fragment)
    {
        Builder.Append(fragment.Value);
        return this;
    }

    /// <summary>A page's notice after a change (role "status") and its error (role "alert"), each when there is one.</summary>
    public Html Messages(string? notice, string? error = null)
    {
        if (!string.IsNullOrEmpty(notice))
        {
            Add($"<p class=\"notice\" role=\"status\">{notice}</p>");
        }
        if (!string.IsNullOrEmpty(error))
        {
            Add($"<p class=\"error\" role=\"alert\">{error}</p>");
        }
        return this;
    }

    public RawHtml ToRaw() => new(Builder.ToString());

    public override string ToString() => Builder.ToString();

    public static string Encode(string? text) => Encoder.Encode(text ?? "");

    public static RawHtml Build(Action<Html> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var html = new Html();
        build(html);
        return html.ToRaw();
    }

    /// <summary>
    /// Text that someone outside the team chose (a title, the contributor's words, a chat line, a raw mail), encoded,
    /// isolated in <c>&lt;bdi&gt;</c> so its direction cannot reorder the page around it, and with every invisible
    /// formatting character (Unicode category Cf: zero-width spaces and joiners U+200B–U+200D, direction marks
    /// U+200E/U+200F, embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, U+FEFF, tag characters ...)
    /// shown as a marked badge "&lt;U+202E&gt;" instead of taking effect (security review L4). The soft hyphen, common
    /// in text pasted from word processors and harmless, stays as it is. Only the display changes: what is stored is
    /// kept as it came.
    /// </summary>
    public static RawHtml Typed(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return RawHtml.Empty;
        }
        var html = new StringBuilder(text.Length + 16).Append("<bdi>");
        var start = 0;
        var index = 0;
        while (index < text.Length)
        {
            Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var length);
            if (IsInvisible(rune))
            {
                html.Append(Encode(text[start..index]));
                html.Append(CultureInfo.InvariantCulture, $"<span class=\"invisible\" title=\"An invisible character was here\">&lt;U+{rune.Value:X4}&gt;</span>");
                start = index + length;
            }
            index += Math.Max(1, length);
        }
        html.Append(Encode(text[start..])).Append("</bdi>");
        return new RawHtml(html.ToString());
    }

    /// <summary>
    /// <see cref="Typed(string?)"/> for text written in <paramref name="language"/> (the practice's, for the contributor's
    /// words): its <c>bdi</c> carries that <c>lang</c> unless it is the page's own, so a screen reader reads a Swedish title
    /// with a Swedish voice on an English page (review50).
    /// </summary>
    public static RawHtml Typed(string? text, string? language)
    {
        var typed = Typed(text);
        var lang = ReviewPage.LangAttribute(language).Value;
        return lang.Length == 0 || typed.Value.Length == 0 ? typed : new RawHtml("<bdi" + lang + typed.Value[4..]);
    }

    /// <summary>A formatting character that shows nothing but changes how text around it reads (not the soft hyphen).</summary>
    public static bool IsInvisible(Rune rune) => rune.Value != 0xAD && Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format;

    /// <summary>
    /// Opens the box a wide table scrolls in (close it with <c>&lt;/div&gt;</c>): named for a screen reader, a Tab stop so
    /// the arrow keys scroll it; a narrow window scrolls the table, not the page (review49).
    /// </summary>
    public static RawHtml ScrollStart(string label) => new($"<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{Encode(label)}\">");

    public static RawHtml Join(IEnumerable<RawHtml> fragments) => new(string.Concat(fragments.Select(f => f.Value)));
}

[InterpolatedStringHandler]
public readonly ref struct HtmlHandler
{
    private readonly StringBuilder _builder;

    public HtmlHandler(int literalLength, int formattedCount, Html html)
    {
        ArgumentNullException.ThrowIfNull(html);
        _builder = html.Builder;
    }

    public void AppendLiteral(string literal) => _builder.Append(literal);

    public void AppendFormatted(RawHtml fragment) => _builder.Append(fragment.Value);

    public void AppendFormatted(string? text) => _builder.Append(Html.Encode(text));

    public void AppendFormatted<T>(T value, string? format) =>
        _builder.Append(Html.Encode(value is IFormattable f ? f.ToString(format, CultureInfo.InvariantCulture) : value?.ToString()));

    public void AppendFormatted<T>(T value) =>
        _builder.Append(value is RawHtml raw ? raw.Value : Html.Encode(value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString()));
}
