using Regin.Core.Localisation;

namespace Regin.Core.Tests.Localisation;

public class TextLanguageTests
{
    private static readonly TextLanguage Languages = new(TestCore.Questionnaire);

    [Theory]
    // What people write around an attachment or a few keyed answers, in a hurry.
    [InlineData("Anbei die ausgefüllte Vorlage. Mit freundlichen Grüßen", "de")]
    [InlineData("Ci-joint le modèle rempli. Cordialement, Marie", "fr")]
    [InlineData("In allegato il modello compilato. Cordiali saluti", "it")]
    [InlineData("Adjunto la plantilla rellenada. Un saludo", "es")]
    [InlineData("Segue em anexo o modelo preenchido. Com os melhores cumprimentos", "pt")]
    [InlineData("Bifogar den ifyllda mallen. Med vänliga hälsningar", "sv")]
    [InlineData("Σας επισυνάπτω το συμπληρωμένο υπόδειγμα. Με εκτίμηση", "el")]
    [InlineData("Please find the filled template attached. Kind regards", "en")]
    public void A_short_free_text_is_read_as_its_language(string text, string expected) =>
        Assert.Equal(expected, Languages.Guess(text));

    [Theory]
    [InlineData("")]
    [InlineData("[Q05] 2019")]
    [InlineData("OK")]
    public void A_text_that_says_too_little_has_no_language(string text) =>
        Assert.Null(Languages.Guess(text));
}
