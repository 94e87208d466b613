using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>HTML-to-text keeps what a mail program shows and leaves out what it hides, saying so.</summary>
public sealed class HtmlVisibilityTests
{
    private static (string Text, bool Hidden) Convert(string html) => (HtmlText.Convert(html, out var hidden), hidden);

    [Theory]
    [InlineData("<div style=\"display:none\">secret</div>")]
    [InlineData("<div style=\"DISPLAY : NONE !important\">secret</div>")]
    [InlineData("<span style=\"visibility:hidden\">secret</span>")]
    [InlineData("<p hidden>secret</p>")]
    [InlineData("<span style=\"font-size:0px\">secret</span>")]
    [InlineData("<span style=\"opacity:0\">secret</span>")]
    [InlineData("<div style=\"mso-hide:all\">secret</div>")]
    [InlineData("<font color=\"#FFFFFF\">secret</font>")]
    [InlineData("<span style=\"color:#fefefe\">secret</span>")]
    [InlineData("<span style=\"color:rgba(0,0,0,0)\">secret</span>")]
    [InlineData("<table bgcolor=\"#000\"><tr><td style=\"color:black\">secret</td></tr></table>")]
    [InlineData("<style>.h { display: none }</style><p class=\"h\">secret</p>")]
    [InlineData("<style>/* a comment */ @media screen { p.w{color:white} }</style><p class=\"w\">secret</p>")]
    [InlineData("<style>#x{visibility:hidden}</style><div id=\"x\">secret</div>")]
    // A newsletter's preheader (attacker round 53): a clipped box of no size, a box placed off the screen.
    [InlineData("<div style=\"max-height:0;overflow:hidden\">secret</div>")]
    [InlineData("<div style=\"height:0px;width:0px;overflow:hidden\">secret</div>")]
    [InlineData("<span style=\"position:absolute;left:-9999px\">secret</span>")]
    [InlineData("<p style=\"text-indent:-10000px\">secret</p>")]
    public void Hidden_text_is_left_out_and_said(string hiddenPart)
    {
        var (text, hidden) = Convert($"<html><body><p>Shown</p>{hiddenPart}</body></html>");
        Assert.Equal("Shown", text);
        Assert.True(hidden);
    }

    [Theory]
    [InlineData("<p style=\"color:#999999\">Shown</p>")]
    [InlineData("<div style=\"color:white\"><p style=\"background-color:#1F3864\">Shown</p></div>")]
    [InlineData("<table bgcolor=\"#000000\"><tr><td><font color=\"white\">Shown</font></td></tr></table>")]
    [InlineData("<style>.h { display: none }</style><p class=\"shown\">Shown</p>")]
    [InlineData("<style>div p { display: none }</style><div><p>Shown</p></div>")]
    [InlineData("<p style=\"display:block;color:unknown-colour\">Shown</p>")]
    [InlineData("<div style=\"overflow:hidden;max-height:200px\">Shown</div>")]
    [InlineData("<div style=\"height:0\">Shown</div>")]
    [InlineData("<span style=\"position:absolute;left:-20px\">Shown</span>")]
    public void Visible_text_is_kept(string html)
    {
        var (text, hidden) = Convert($"<html><body>{html}</body></html>");
        Assert.Equal("Shown", text);
        Assert.False(hidden);
    }

    [Fact]
    public void A_style_sheet_of_poison_is_read_in_linear_time()
    {
        // Unclosed comments and braces by the hundred thousand: one pass each.
        var css = string.Concat(Enumerable.Repeat("/*/*{{a", 30_000)) + string.Concat(Enumerable.Repeat(".a{color:red}", 30_000));
        // The thread's CPU time, not the time passed (at load 20 on 2 cores a thread gets ~1/10 of a core: a wall-clock
        // bound measured the machine): a quadratic pass over this sheet costs minutes of CPU at any load, a linear one little.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var cpuBefore = Regin.MailIngest.Intake.ThreadCpuTime.Now();
        var (text, _) = Convert($"<html><head><style>{css}</style></head><body><p>Shown</p></body></html>");
        var cpu = Regin.MailIngest.Intake.ThreadCpuTime.Now() - cpuBefore ?? watch.Elapsed;
        Assert.Equal("Shown", text);
        Assert.True(cpu < TimeSpan.FromSeconds(5), $"{cpu} of CPU ({watch.Elapsed} passed)");
    }
}
