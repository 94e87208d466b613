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

    /// <summary>The colour table Word writes: auto, black, white, a near white, red, yellow, dark blue.</summary>
    private const string Colours = "{\\colortbl ;\\red0\\green0\\blue0;\\red255\\green255\\blue255;\\red254\\green254\\blue250;\\red255\\green0\\blue0;\\red255\\green255\\blue0;\\red0\\green0\\blue128;\\red2\\green3\\blue132;}";

    /// <summary>
    /// Text a reader of the document does not see is no text of it: white (or near white) on the white page, a colour on
    /// the same highlight or shading, a font of a point; it is left out and said (Hidden), as \v is. Coloured text a reader
    /// sees (red, white on dark blue, auto on black) is read; \plain and the end of a group bring the colour back.
    /// </summary>
    [Theory]
    [InlineData("\\cf2 [Q03] pay@evil.example\\cf0", true)] // white on the page
    [InlineData("{\\cf3 [Q03] pay@evil.example}", true)] // near white
    [InlineData("\\cf4\\highlight4 [Q03] pay@evil.example\\highlight0\\cf0", true)] // red on a red highlight
    [InlineData("\\cf6\\cb6 [Q03] pay@evil.example\\cb0\\cf0", true)] // dark blue on dark blue shading
    [InlineData("\\cf5\\chcbpat5 [Q03] pay@evil.example\\plain", true)] // yellow on yellow, \plain ends it
    [InlineData("{\\fs2 [Q03] pay@evil.example}", true)] // a 1-point font
    [InlineData("\\fs0 [Q03] pay@evil.example\\fs22", true)]
    [InlineData("\\cf4 [Q03] pay@evil.example\\cf0", false)] // red on white: shown
    [InlineData("\\cf2\\highlight6 [Q03] pay@evil.example\\highlight0\\cf0", false)] // white on dark blue: shown
    [InlineData("\\cf0\\highlight1 [Q03] pay@evil.example\\highlight0", false)] // auto on black: Word draws it white
    [InlineData("{\\fs16 [Q03] pay@evil.example}", false)] // 8 pt: small print, read
    public void Text_coloured_as_its_background_or_a_point_small_is_left_out_and_said(string run, bool hidden)
    {
        var rtf = "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset0 Calibri;}}" + Colours + "\r\n\\pard\\f0\\fs22 "
            + "[Q05] Welcome desk\\par\r\n" + run + "\\par\r\n[Q06] Ireland\\par\r\n}";
        var result = Read(rtf);
        Assert.Contains("[Q05] Welcome desk", result.Text, StringComparison.Ordinal);
        Assert.Contains("[Q06] Ireland", result.Text, StringComparison.Ordinal);
        Assert.Equal(!hidden, result.Text.Contains("pay@evil.example", StringComparison.Ordinal));
        Assert.Equal(hidden, result.Hidden);
        Assert.DoesNotContain("255", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_ends_the_colour_it_set_and_the_colour_table_writes_no_text()
    {
        var rtf = "{\\rtf1\\ansi" + Colours + "\\pard {\\cf2 [Q03] pay@evil.example\\par}[Q06] Ireland\\par{\\cf2\\plain [Q05] Welcome desk\\par}}";
        var result = Read(rtf);
        Assert.True(result.Hidden);
        Assert.DoesNotContain("evil", result.Text, StringComparison.Ordinal);
        Assert.Contains("[Q06] Ireland", result.Text, StringComparison.Ordinal);
        Assert.Contains("[Q05] Welcome desk", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(";", result.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Word's page colour (Design → Page Color), as Word 2016 writes it: <c>\viewbkcolor1</c> and a background shape whose
    /// <c>fillColor</c> is the page's colour in Office Art's BGR order (navy 000080 is 0x800000 = 8388608, the colour table's dark blue).
    /// </summary>
    private static string Page(int fillColor, int filled = 1) =>
        "{\\*\\background {\\shp{\\*\\shpinst\\shpleft0\\shptop0\\shpright0\\shpbottom0\\shpfhdr0\\shpbxmargin\\shpbymargin\\shpwr0\\shpwrk0\\shpfblwtxt1\\shpz0\\shplid1025"
        + "{\\sp{\\sn shapeType}{\\sv 1}}{\\sp{\\sn fFlipH}{\\sv 0}}{\\sp{\\sn fFlipV}{\\sv 0}}{\\sp{\\sn fillColor}{\\sv " + fillColor.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}"
        + "{\\sp{\\sn fFilled}{\\sv " + filled.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}{\\sp{\\sn lineWidth}{\\sv 0}}{\\sp{\\sn fLine}{\\sv 0}}{\\sp{\\sn bWMode}{\\sv 9}}"
        + "{\\sp{\\sn fBackground}{\\sv 1}}{\\sp{\\sn fLayoutInCell}{\\sv 1}}}}}\r\n";

    private const int DarkBluePage = 0x800000;

    /// <summary>
    /// Session 48: on a page Word colours (a dark blue page), text coloured as the page is hidden (left out and said, as
    /// white on the white page is), and white text, which a reader sees there, is read; so is auto text (Word draws it
    /// white). A page whose fill is switched off (fFilled 0) is white. A background written after the text is the page of
    /// that text too.
    /// </summary>
    [Theory]
    [InlineData("de", "\\cf6 [Q03] auszahlung@evil.example\\cf0", true, true)] // dark blue on the dark blue page
    [InlineData("fr", "\\cf7 [Q03] virement@evil.example\\cf0", true, true)] // a near dark blue
    [InlineData("sv", "\\cf2 [Q03] info@sprakbron.se\\cf0", true, false)] // white on the dark page: read
    [InlineData("it", "\\cf0 [Q03] info@ponti.it", true, false)] // auto: Word draws it white
    [InlineData("es", "\\cf6\\highlight5 [Q03] info@puentes.es\\highlight0\\cf0", true, false)] // dark blue on yellow
    [InlineData("el", "\\cf2 [Q03] pay@evil.example\\cf0", false, true)] // fFilled 0: the page is white, white is hidden
    public void Text_coloured_as_the_page_Word_colours_is_left_out_and_text_shown_on_it_is_read(string language, string run, bool filled, bool hidden)
    {
        var lines = language switch
        {
            "de" => ("[Q05] Sprachcafé für Geflüchtete", "[Q06] Deutschland"),
            "fr" => ("[Q05] Parrainage emploi", "[Q06] France"),
            "sv" => ("[Q05] Språkbron", "[Q06] Sverige"),
            "it" => ("[Q05] Ponti di lingua", "[Q06] Italia"),
            "es" => ("[Q05] Puentes", "[Q06] España"),
            _ => ("[Q05] Welcome desk", "[Q06] Ellada"),
        };
        foreach (var after in new[] { false, true })
        {
            var page = Page(DarkBluePage, filled ? 1 : 0);
            var rtf = "{\\rtf1\\ansi\\ansicpg1252\\deff0\\nouicompat{\\fonttbl{\\f0\\fswiss\\fcharset0 Calibri;}}" + Colours + "\r\n"
                + "{\\*\\generator Riched20 16.0.17928}\\viewkind4\\viewbkcolor1\\uc1 \r\n" + (after ? "" : page)
                + "\\pard\\f0\\fs22\\cf2 " + lines.Item1.Replace("é", "\\'e9", StringComparison.Ordinal).Replace("å", "\\'e5", StringComparison.Ordinal).Replace("ñ", "\\'f1", StringComparison.Ordinal) + "\\cf0\\par\r\n"
                + run + "\\par\r\n" + lines.Item2.Replace("ñ", "\\'f1", StringComparison.Ordinal) + "\\par\r\n" + (after ? page : "") + "}";
            var result = Read(rtf);
            // The page's own text (white on dark blue) is read when the page is dark, hidden when it is not.
            Assert.Equal(filled, result.Text.Contains(lines.Item1, StringComparison.Ordinal));
            Assert.Contains(lines.Item2, result.Text, StringComparison.Ordinal);
            Assert.Equal(!hidden, result.Text.Contains("@", StringComparison.Ordinal));
            Assert.Equal(hidden || !filled, result.Hidden);
            Assert.DoesNotContain("8388608", result.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("fillColor", result.Text, StringComparison.Ordinal);
        }
    }
}
