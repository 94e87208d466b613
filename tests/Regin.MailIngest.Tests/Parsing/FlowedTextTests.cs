using MimeKit;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>format=flowed (RFC 3676) put back into the lines typed: Thunderbird's and Apple Mail's plain text.</summary>
public sealed class FlowedTextTests
{
    [Fact]
    public void A_line_cut_after_a_space_is_one_line_again()
    {
        Assert.Equal("[Q05] Language café for newly arrived families in the northern districts\n[Q06] Ireland\n",
            FlowedText.Unflow("[Q05] Language café for newly arrived families in the \r\nnorthern districts\r\n[Q06] Ireland\r\n", deleteSpace: false));
    }

    [Fact]
    public void With_DelSp_the_space_before_a_soft_break_is_not_the_texts()
    {
        Assert.Equal("[Q30] https://www.example.fr/café-des-langues\n", FlowedText.Unflow("[Q30] https://www.example.fr/caf \r\né-des-langues\r\n", deleteSpace: true));
    }

    [Fact]
    public void Quoted_lines_join_only_their_own_level_and_keep_one_mark_per_level()
    {
        var text = "On Monday, Regin wrote:\r\n> [Q05] Title of the \r\n> practice\r\n>> older \r\nAnswer\r\n";
        Assert.Equal("On Monday, Regin wrote:\n> [Q05] Title of the practice\n>> older \nAnswer\n", FlowedText.Unflow(text, deleteSpace: false));
    }

    [Fact]
    public void Space_stuffing_is_taken_off_and_the_signature_separator_stays_a_line()
    {
        Assert.Equal("From here\n>not a quote\n-- \nSam\n", FlowedText.Unflow(" From here\r\n >not a quote\r\n-- \r\nSam\r\n", deleteSpace: false));
    }

    [Fact]
    public void A_last_line_ending_with_a_soft_break_is_kept()
    {
        // A phone's mail may end on a soft break with no newline: the last answer is still there, whole.
        Assert.Equal("[Q10] Partners: town library and schools ", FlowedText.Unflow("[Q10] Partners: town library \r\nand schools ", deleteSpace: false));
    }

    [Theory]
    [InlineData("text/plain; charset=utf-8; format=flowed", true, false)]
    [InlineData("text/plain; format=\"Flowed\"; delsp=yes", true, true)]
    [InlineData("text/plain; delsp=yes", false, false)]
    [InlineData("text/plain; format=fixed", false, false)]
    public void The_content_type_says_whether_the_text_is_flowed(string header, bool flowed, bool deleteSpace)
    {
        Assert.Equal((flowed, deleteSpace), FlowedText.Format(ContentType.Parse(header)));
    }
}
