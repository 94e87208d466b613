using System.Text;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>
/// The RTF reader of Outlook's rich-text bodies (winmail.dat) and of RTF altChunks: RTF as Outlook and Word write it, in
/// Western and Greek code pages, with Unicode escapes, and with HTML carried inside it (\fromhtml1).
/// </summary>
public sealed class RtfTextTests
{
    static RtfTextTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static RtfText.Result Read(string rtf) => RtfText.Read(Encoding.Latin1.GetBytes(rtf), 1_000_000);

    [Fact]
    public void Outlooks_rich_text_body_is_read_as_its_lines_without_fonts_colours_or_styles()
    {
        var rtf = "{\\rtf1\\ansi\\ansicpg1252\\deff0\\nouicompat{\\fonttbl{\\f0\\fswiss\\fcharset0 Calibri;}{\\f1\\fnil Segoe UI;}}\r\n"
            + "{\\colortbl ;\\red0\\green0\\blue255;}\r\n{\\*\\generator Riched20 16.0.17928}\\viewkind4\\uc1 \r\n"
            + "\\pard\\sa200\\sl276\\slmult1\\f0\\fs22\\lang1031 Hallo Frau Weber,\\par\r\n"
            + "[Q05] Sprachcaf\\'e9 f\\'fcr Neuzugewanderte\\par\r\n[Q06] Deutschland\\par\r\n"
            + "[Q13] M\\'e4rz 2021\\line Viele Gr\\'fc\\'dfe\\par\r\n{\\*\\htmltag84 &nbsp;}\\b Jürgen\\b0\\par\r\n}";
        var result = Read(rtf);
        Assert.False(result.IsHtml);
        Assert.False(result.TooDeep);
        var lines = result.Text.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("[Q05] Sprachcafé für Neuzugewanderte", lines);
        Assert.Contains("[Q06] Deutschland", lines);
        Assert.Contains("[Q13] März 2021", lines);
        Assert.DoesNotContain("Calibri", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Riched20", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("nbsp", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Greek_in_a_font_of_the_greek_character_set_and_unicode_escapes_are_read_as_greek()
    {
        // Outlook in Greek: the font table names charset 161 (windows-1253); Word writes \u with a '?' fallback.
        var rtf = "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fnil\\fcharset161 Calibri;}{\\f1\\fnil\\fcharset0 Calibri;}}\\uc1\\pard\\f0 "
            + "[Q05] \\'ca\\'dd\\'ed\\'f4\\'f1\\'ef \\'f5\\'f0\\'ef\\'e4\\'ef\\'f7\\'de\\'f2\\par\\f1 [Q06] \\u917?\\u955?\\u955?\\u940?\\u948?\\u945?\\par}";
        var text = Read(rtf).Text;
        Assert.Contains("[Q05] Κέντρο υποδοχής", text, StringComparison.Ordinal);
        Assert.Contains("[Q06] Ελλάδα", text, StringComparison.Ordinal);
        Assert.DoesNotContain("?", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_carried_in_rtf_is_given_back_as_that_html()
    {
        // Outlook's HTML mail kept as RTF ([MS-OXRTFEX]): the tags in \*\htmltag groups, RTF's own rendering between
        // \htmlrtf and \htmlrtf0 left out.
        var rtf = "{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\r\n"
            + "{\\*\\htmltag19 <html>}{\\*\\htmltag50 <body>}{\\*\\htmltag64 <p>}\\htmlrtf {\\htmlrtf0 [Q05] Welcome desk\\htmlrtf }\\htmlrtf0 {\\*\\htmltag72 </p>}\r\n"
            + "{\\*\\htmltag64 <p style=\"display:none\">}\\htmlrtf {\\htmlrtf0 [Q06] Cyprus\\htmlrtf }\\htmlrtf0 {\\*\\htmltag72 </p>}\r\n"
            + "\\htmlrtf \\par RTF only\\htmlrtf0 {\\*\\htmltag58 </body>}{\\*\\htmltag27 </html>}}";
        var result = Read(rtf);
        Assert.True(result.IsHtml);
        Assert.Contains("<p>", result.Text, StringComparison.Ordinal);
        Assert.Contains("[Q05] Welcome desk", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("RTF only", result.Text, StringComparison.Ordinal);
        var html = HtmlText.TryConvert(result.Text, out var hidden);
        Assert.Contains("[Q05] Welcome desk", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Cyprus", html, StringComparison.Ordinal);
        Assert.True(hidden);
    }

    [Fact]
    public void Groups_nested_deeper_than_the_limit_are_refused_and_binary_data_is_skipped()
    {
        var deep = "{\\rtf1 " + string.Concat(Enumerable.Repeat("{", 10_000)) + "[Q05] x" + string.Concat(Enumerable.Repeat("}", 10_000)) + "}";
        Assert.True(Read(deep).TooDeep);
        var binary = "{\\rtf1\\ansi {\\pict\\bin5 }}{}x}[Q05] After the picture\\par}";
        Assert.Equal("[Q05] After the picture", Read(binary).Text.Trim());
        Assert.False(RtfText.IsRtf("<html>"u8));
        Assert.True(RtfText.IsRtf("\r\n{\\rtf1}"u8));
    }
}
