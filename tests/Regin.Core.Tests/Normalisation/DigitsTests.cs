using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Digits as keyboards and pasted documents give them (full-width, Arabic-Indic, Devanagari): read as the digits they
/// are. A date of "２０１９" was a 500 at the check API and one "[Q١٣]" line failed a whole mail.
/// </summary>
public class DigitsTests
{
    [Theory]
    [InlineData("start_date", "２０１９", "en", "2019")]
    [InlineData("start_date", "١٥/٠٣/٢٠١٩", "en", "2019-03-15")]
    [InlineData("start_date", "१५.०३.२०१९", "de", "2019-03-15")]
    [InlineData("start_date", "settembre '١٩", "it", "2019-09")]
    [InlineData("end_date", "٢٠١٨/١٩", "en", "2019")]
    [InlineData("beneficiaries_count", "１２０", "en", "120")]
    [InlineData("budget_eur", "４５．０００ €", "de", "45000")]
    [InlineData("country", "Ｄｅｕｔｓｃｈｌａｎｄ", "de", "DE")]
    [InlineData("contact_phone", "＋４９ ５５１ １２３４５６", "de", "+49551123456")]
    [InlineData("regional_authority_role", "٢", "en", "direct_partner")]
    public void Digits_and_full_width_forms_of_other_scripts_are_read_as_typed_on_a_latin_keyboard(string question, string text, string language, string expected)
    {
        var answer = TestCore.Normalise(question, text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
        Assert.Equal(text, answer.Original);
    }

    [Fact]
    public void A_text_answer_keeps_its_digits_as_written() =>
        Assert.Equal("Projekt ２０２０", TestCore.Normalise("title", "Projekt ２０２０", "de").Value());

    [Theory]
    [InlineData("١٣", 13)]
    [InlineData("１３", 13)]
    [InlineData("13", 13)]
    public void Parse_reads_a_run_of_digits_of_any_script(string digits, int expected) =>
        Assert.Equal(expected, Digits.Parse(digits));

    [Theory]
    [InlineData("")]
    [InlineData("1a")]
    [InlineData("99999999999")]
    public void Parse_refuses_what_is_no_number(string digits) =>
        Assert.ThrowsAny<Exception>(() => Digits.Parse(digits));

    [Fact]
    public void A_lone_surrogate_does_not_stop_the_digits_from_being_read() =>
        Assert.Equal("\uD800 2019", Digits.ToAscii("\uD800 ٢٠١٩"));
}
