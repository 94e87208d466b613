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
