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
    [InlineData("<b>hi</b> & co", "&lt;b&gt;hi&lt;/b&gt; & co")]
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

    // lang58's Glasgow play: the echo of the team's name showed "&amp;" where the text is not read as markdown. An ampersand
    // stays as typed; one that would read as an entity gets a backslash (markdown shows it as typed, "&" included).
    [Theory]
    [InlineData("Glasgow City Council – Asylum & Refugee Support Team")]
    [InlineData("Caritas & Diakonie, AT&T")]
    [InlineData("Språkcafé & jobbmatchning")]
    public void An_ampersand_in_message_text_is_shown_as_typed(string text) =>
        Assert.Same(text, MarkdownText.Escape(text));

    [Theory]
    [InlineData("Asylum &amp; Refugee", @"Asylum \&amp; Refugee")]
    [InlineData("&#38; & co; AT&T &x", @"\&#38; & co; AT&T &x")]
    [InlineData("**A & B**", @"\*\*A & B\*\*")]
    public void An_ampersand_that_reads_as_an_entity_gets_a_backslash_in_message_text(string text, string expected) =>
        Assert.Equal(expected, MarkdownText.Escape(text));

    [Theory]
    [InlineData("1. foo", @"1\. foo")]
    [InlineData("Partner:\n1. Caritas\n2) Diakonie", "Partner:  \n1\\. Caritas  \n2\\) Diakonie")]
    [InlineData("2019. Ende", @"2019\. Ende")]
    [InlineData("120.000 € (2021-2023)", "120.000 € (2021-2023)")]
    [InlineData("-> Supervision", "-&gt; Supervision")]
    [InlineData("+43 1 4000 8000", "+43 1 4000 8000")]
    [InlineData("#hashtag", "#hashtag")]
    [InlineData("---", @"\---")]
    public void Lists_and_headings_at_a_line_start_are_escaped_and_look_alikes_are_not(string text, string expected) =>
        Assert.Equal(expected, MarkdownText.Escape(text));

    [Theory]
    [InlineData("Språkcafé & jobbmatchning", "Språkcafé & jobbmatchning")]
    [InlineData("-> Supervision, a < b > c", "-> Supervision, a < b > c")]
    [InlineData("<b>x</b> <!-- c --> <http://x>", @"\<b>x\</b> \<!-- c --> \<http://x>")]
    [InlineData("&amp; &#38; &#x26; & co; AT&T", @"\&amp; \&#38; \&#x26; & co; AT&T")]
    [InlineData("> quoted\nnot > quoted", "\\> quoted  \nnot > quoted")]
    [InlineData("**x** _x_ [a](http://x)", @"\*\*x\*\* \_x\_ \[a\](http://x)")]
    [InlineData("Caritas\n- Caritas Wien\n1. foo\n#hashtag\n# Heading", "Caritas  \n\\- Caritas Wien  \n1\\. foo  \n#hashtag  \n\\# Heading")]
    public void Card_text_has_no_entities_and_escapes_only_what_would_be_markup(string text, string expected) =>
        Assert.Equal(expected, MarkdownText.EscapeCardText(text));

    // Adaptive Cards' text functions ({{DATE(…)}}, {{TIME(…)}}) are expanded by the card renderer (Teams, Web Chat): a
    // zero-width space between the braces stops them and shows nothing; no backslash (Teams would show it).
    [Theory]
    [InlineData("Kick-off {{DATE(2026-03-01T09:00:00Z, SHORT)}} um {{TIME(2026-03-01T09:00:00Z)}}", "Kick-off {\u200B{DATE(2026-03-01T09:00:00Z, SHORT)}} um {\u200B{TIME(2026-03-01T09:00:00Z)}}")]
    [InlineData("{{{DATE(2026-03-01T09:00:00+01:00)}}}", "{\u200B{\u200B{DATE(2026-03-01T09:00:00+01:00)}}}")]
    [InlineData("{{date(2026-03-01T09:00:00Z)}}\n{{", "{\u200B{date(2026-03-01T09:00:00Z)}}  \n{\u200B{")]
    [InlineData("Budget {2023} {x} }}", "Budget {2023} {x} }}")]
    public void Card_text_functions_typed_by_a_contributor_are_not_run(string text, string expected)
    {
        var escaped = MarkdownText.EscapeCardText(text);

        Assert.Equal(expected, escaped);
        Assert.DoesNotContain("{{", escaped, StringComparison.Ordinal);
        Assert.DoesNotContain("\\{", escaped, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_text_keeps_double_braces_as_typed()
    {
        // Text functions run in cards only: a message's text keeps them (no invisible character to copy with it).
        Assert.Equal("Kick-off {{DATE(2026-03-01T09:00:00Z)}}", MarkdownText.Escape("Kick-off {{DATE(2026-03-01T09:00:00Z)}}"));
    }

    [Theory]
    [InlineData("Språkcafé & jobbmatchning")]
    [InlineData("-> Supervision > 3")]
    [InlineData("Budget {2023} {x} }}")]
    public void Card_text_with_nothing_to_escape_is_given_back_as_it_is(string text) =>
        Assert.Same(text, MarkdownText.EscapeCardText(text));

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
