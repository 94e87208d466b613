using Regin.Bot.Chat.Rendering;
using Regin.Core.Conversation;

namespace Regin.Bot.Tests.Chat;

public sealed class MarkdownTextTests
{
    [Theory]
    [InlineData("Regione Puglia", "Regione Puglia")]
    [InlineData("**bold** _it_ `code`", @"\*\*bold\*\* \_it\_ \`code\`")]
    [InlineData("[x](javascript:alert(1))", @"\[x\](javascript:alert(1))")]
    [InlineData("![img](http://x/y.png)", @"!\[img\](http://x/y.png)")]
    [InlineData("<b>hi</b> & co", "&lt;b&gt;hi&lt;/b&gt; &amp; co")]
    [InlineData("# Title", @"\# Title")]
    [InlineData("- item\n+ item", "\\- item  \n\\+ item")]
    [InlineData("a | b", @"a \| b")]
    [InlineData("Budget: 120.000 € (2021-2023)", "Budget: 120.000 € (2021-2023)")]
    [InlineData("", "")]
    [InlineData("   ", "   ")]
    [InlineData("  - indented", "  \\- indented")]
    [InlineData("=", "\\=")]
    [InlineData("a-b + c = d # e", "a-b + c = d # e")]
    [InlineData("line\n- x", "line  \n\\- x")]
    [InlineData("no break\r here", "no break\r here")]
    public void Escapes_markup_but_keeps_ordinary_text_readable(string text, string expected) =>
        Assert.Equal(expected, MarkdownText.Escape(text));

    [Theory]
    [InlineData("Regione Puglia")]
    [InlineData("Budget: 120.000 € (2021-2023)")]
    [InlineData("  indented, then - and + and = and #")]
    public void Text_with_nothing_to_escape_is_given_back_as_it_is(string text) =>
        Assert.Same(text, MarkdownText.Escape(text));

    [Fact]
    public void Long_answers_are_shortened_when_echoed()
    {
        var echoed = AnswerText.Shorten(new string('x', 1000));

        Assert.Equal(AnswerText.EchoLength + 1, echoed.Length);
        Assert.EndsWith("…", echoed);
    }
}
