using System.Text;
using Regin.MailIngest.Parsing;
using Regin.MailIngest.Tests.Security;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>
/// Before it is parsed, an HTML body loses what no reader sees and the parser would hold (comments, pasted pictures'
/// data: addresses): what is read from it does not change, and a body still too big for the parser's memory (it holds
/// about 5 times the string's size and allocates 10 times) is refused.
/// </summary>
[Collection(AllocationMeasuringCollection.Name)]
public sealed class HtmlSlimTests
{
    [Theory]
    [InlineData("<!--[if gte mso 9]><xml><o:OfficeDocumentSettings/></xml><![endif]--><p>[Q05] Shown</p>")]
    [InlineData("<p>One<!--[if !supportLists]--><span>·</span><!--[endif]-->Two</p>")]
    [InlineData("<p>One<!-->Two<!--->Three</p><!-- a -- b --!><p>Four</p>")]
    [InlineData("<p>Never closed <!-- comment runs to the end <p>[Q05] Not shown</p>")]
    [InlineData("<style><!-- .h { display: none } --></style><p class=\"h\">secret</p><p>Shown</p>")]
    [InlineData("<script><!-- var a = \"<!--\"; --></script><p>Shown</p><title>x<!--y--></title>")]
    [InlineData("<textarea>a <!-- b --> c</textarea><p>Shown</p>")]
    [InlineData("<p>He wrote x=\"data:not a picture</p><p>and a quote\" after it</p>")]
    [InlineData("<p><img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='> small picture kept</p>")]
    public void What_is_read_is_what_it_was(string body)
    {
        var html = $"<html><body>{body}</body></html>";
        var slimmed = HtmlText.TryConvert(html, out var hidden);
        Assert.Equal(HtmlText.Convert(html, out var hiddenBefore), slimmed);
        Assert.Equal(hiddenBefore, hidden);
    }

    [Fact]
    public void A_pasted_picture_is_not_held_as_an_attribute()
    {
        var picture = Convert.ToBase64String(RandomNumberGenerator(2_000_000));
        var html = $"<html><body><p>[Q01] Nora Quinn</p><p><img src=\"data:image/png;base64,{picture}\" width=\"600\"></p><p>[Q05] Welcome desk</p></body></html>";
        Assert.Contains("data:image", html, StringComparison.Ordinal);
        var slimmed = HtmlText.Slim(html);
        Assert.True(slimmed.Length < 300, slimmed);
        Assert.Contains("<img src=\"data:\" width=\"600\">", slimmed, StringComparison.Ordinal);

        // Reading it allocates about its own size once (the slimmed copy), not the parser's many times of it: compared with
        // the same mail without the picture, in the same run.
        var without = html.Replace(picture, "", StringComparison.Ordinal);
        HtmlText.TryConvert(without, out _);
        var baseline = Allocated(() => HtmlText.TryConvert(without, out _));
        string? text = null;
        var allocated = Allocated(() => text = HtmlText.TryConvert(html, out _));
        Assert.Equal(HtmlText.Convert(without), text);
        Assert.Contains("[Q05] Welcome desk", text, StringComparison.Ordinal);
        var pictureBytes = picture.Length * 2L;
        Assert.True(allocated - baseline < 2 * pictureBytes, $"{allocated - baseline:N0} bytes more for a picture of {pictureBytes:N0} bytes");
    }

    [Fact]
    public void Html_beyond_what_the_parser_may_hold_is_refused_and_just_below_it_is_read()
    {
        string Of(int chars)
        {
            var html = new StringBuilder("<html><body><p>[Q05] Shown</p>");
            while (html.Length < chars - 40)
            {
                html.Append("<p>line of text</p>");
            }
            return html.Append("</body></html>").ToString();
        }
        var below = Of(MailLimits.MaxHtmlParsedChars - 100);
        var above = Of(MailLimits.MaxHtmlParsedChars + 100);
        Assert.True(below.Length <= MailLimits.MaxHtmlParsedChars && above.Length > MailLimits.MaxHtmlParsedChars);
        Assert.StartsWith("[Q05] Shown", HtmlText.TryConvert(below), StringComparison.Ordinal);
        Assert.Null(HtmlText.TryConvert(above));
        // Comments do not count: the same body with a megabyte of Outlook's XML in a comment is read.
        var commented = below.Replace("<body>", "<body><!--[if gte mso 9]><xml>" + new string('x', 1_000_000) + "</xml><![endif]-->", StringComparison.Ordinal);
        Assert.StartsWith("[Q05] Shown", HtmlText.TryConvert(commented), StringComparison.Ordinal);
    }

    private static byte[] RandomNumberGenerator(int length)
    {
        var bytes = new byte[length];
        new Random(21).NextBytes(bytes);
        return bytes;
    }

    private static long Allocated(Action action)
    {
        GC.Collect();
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
