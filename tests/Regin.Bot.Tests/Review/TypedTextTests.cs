using Regin.Bot.Review;

namespace Regin.Bot.Tests.Review;

/// <summary>Text from outside the team on the review screens (<see cref="Html.Typed"/>, security review L4).</summary>
public sealed class TypedTextTests
{
    private const string Mark = "<span class=\"invisible\" title=\"An invisible character was here\">";

    [Theory]
    [InlineData("plain words", "<bdi>plain words</bdi>")]
    [InlineData("a<b>&\"", "<bdi>a&lt;b&gt;&amp;&quot;</bdi>")]
    [InlineData("\u202Eexe.txt", "<bdi>" + Mark + "&lt;U+202E&gt;</span>exe.txt</bdi>")]
    [InlineData("a\u200Db\u200Ec\u200Fd", "<bdi>a" + Mark + "&lt;U+200D&gt;</span>b" + Mark + "&lt;U+200E&gt;</span>c" + Mark + "&lt;U+200F&gt;</span>d</bdi>")]
    [InlineData("x\u202Ay\u202Bz", "<bdi>x" + Mark + "&lt;U+202A&gt;</span>y" + Mark + "&lt;U+202B&gt;</span>z</bdi>")]
    [InlineData("\u2067\u2068", "<bdi>" + Mark + "&lt;U+2067&gt;</span>" + Mark + "&lt;U+2068&gt;</span></bdi>")]
    // A tag character (hidden text smuggled in U+E0000–U+E007F, a surrogate pair in .NET strings) is one mark.
    [InlineData("ok\U000E0041", "<bdi>ok" + Mark + "&lt;U+E0041&gt;</span></bdi>")]
    // The soft hyphen is harmless and stays; the letters of the 8 languages (and Greek) are not encoded.
    [InlineData("Silben\u00ADtrennung Αθήνα", "<bdi>Silben\u00ADtrennung Αθήνα</bdi>")]
    [InlineData("", "")]
    public void Invisible_characters_become_marks_and_the_text_is_isolated_from_the_page(string text, string html) =>
        Assert.Equal(html, Html.Typed(text).Value);
}
